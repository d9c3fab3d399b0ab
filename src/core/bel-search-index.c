/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "bel-search-index"

#include "config.h"

#include <math.h>
#include <string.h>

#include "bel-fold.h"
#include "bel-search-index.h"

/* How the index works.
 *
 * Every text is folded to its skeleton (bel-fold.h) and split into words ("terms"). At build
 * time the distinct terms are sorted, so the terms that start with a prefix have consecutive
 * ids, and a trie over them turns a prefix into an id range in a few steps. Each term has a
 * posting list of (document, fields) pairs; pairs where the term is in a title, keyword or
 * agency name (the "strong" fields) come before those where it is only in a summary, so that
 * short and fuzzy query words can skip the summaries cheaply.
 *
 * A query is folded the same way and split into words. For each word the trie yields the id
 * ranges it matches: the exact word and its completions (the user is still typing), and for
 * words of 4 letters or more the ranges within one edit (two from 8 letters on), found by
 * walking the trie with a Damerau-Levenshtein row per node. Each document keeps the best
 * match per word (quality × field weight), weighted by how rare the word is; the words'
 * scores add up, scaled down when a document matches only some of the words, and a little
 * for a long title (the shorter title is the more specific service).
 *
 * Words of one or two letters match only titles, keywords and agency names, through a list
 * per prefix computed at build time of the documents with such a word and how well it
 * matches. Next to longer words they only rank the documents the longer words found. A query
 * of one short word alone is answered from a table of its best documents. */

#define MAX_TERM_LEN     32
#define MAX_QUERY_BYTES  256
#define MAX_QUERY_WORDS  16
#define SHORT_WORD_LEN   2
#define CACHE_HITS       128
#define MAX_RANGES       512
#define SHORT_SLOTS      (37 * 37)
#define TITLE_LENGTH_PENALTY 0.04   /* per title word; see doc_prior */

enum {
  FIELD_BIT_TITLE   = 1 << BEL_SEARCH_FIELD_TITLE,
  FIELD_BIT_KEYWORD = 1 << BEL_SEARCH_FIELD_KEYWORD,
  FIELD_BIT_AGENCY  = 1 << BEL_SEARCH_FIELD_AGENCY,
  FIELD_BIT_SUMMARY = 1 << BEL_SEARCH_FIELD_SUMMARY,
  FIELD_BITS_STRONG = FIELD_BIT_TITLE | FIELD_BIT_KEYWORD | FIELD_BIT_AGENCY,
};

#define POSTING_DOC(p)    ((p) >> 4)
#define POSTING_FIELDS(p) ((p) & 0xF)
#define MAX_DOC           ((1u << 28) - 1)

static const double field_weight[BEL_SEARCH_N_FIELDS] = {
  [BEL_SEARCH_FIELD_TITLE]   = 1.0,
  [BEL_SEARCH_FIELD_KEYWORD] = 0.8,
  [BEL_SEARCH_FIELD_AGENCY]  = 0.55,
  [BEL_SEARCH_FIELD_SUMMARY] = 0.3,
};

typedef struct {
  guint32 first_child;
  guint32 lo;            /* the terms below this node are ids lo .. hi-1 */
  guint32 hi;
  guint8  n_children;
  char    c;             /* the letter leading here from the parent */
  guint8  depth;
  guint8  pad;
} TrieNode;

typedef struct {
  guint32 term;
  guint32 doc_field;     /* doc << 2 | field */
} Entry;

/* A term id range matched by a query word. */
typedef struct {
  guint32 lo;
  guint32 hi;
  guint8  dist;          /* edits between the word and the matched prefix */
  guint8  depth;         /* length of the matched prefix */
} Range;

/* Kept side by side, so that a posting costs one cache miss, not two. */
typedef struct {
  guint32 stamp;
  float   best;
} WordSlot;

typedef struct {
  guint32 stamp;
  float   acc;
  guint32 n_matched;
} DocSlot;

/* What one query needs per document, reused across queries (one per concurrent query). */
typedef struct {
  WordSlot *word;        /* the best match of the current word */
  guint32  *word_docs;   /* the documents the current word matched */
  DocSlot  *doc;         /* the score so far */
  guint32  *docs;        /* the documents matched so far */
  guint32   stamp;
  GArray   *ranges;      /* Range */
  GArray   *segments;    /* Range, disjoint */
} Scratch;

typedef struct {
  guint         n;
  BelSearchHit  hits[CACHE_HITS];
} CacheEntry;

struct _BelSearchIndex {
  gboolean   built;

  /* While adding: terms interned in insertion order. */
  GByteArray *tmp_text;
  GArray     *tmp_offsets;   /* guint32 */
  guint32    *slots;         /* open addressing: 0 or tmp id + 1 */
  guint32     slot_mask;
  GArray     *entries;       /* Entry */
  GArray     *title_words;   /* guint32 per doc: words in its titles, all languages */
  GArray     *title_texts;   /* guint32 per doc: how many titles it has */
  guint       n_docs;        /* highest doc + 1 */

  /* Built. */
  guint       n_terms;
  char       *term_text;
  guint32    *term_offset;
  guint8     *term_len;
  guint32    *post_start;    /* n_terms + 1 */
  guint32    *post_strong;   /* n_terms: end of the strong postings of each term */
  guint32    *postings;      /* doc << 4 | field bits */
  /* Per one- or two-letter prefix: the documents with a word starting with it in a strong
   * field, and the best match score there. */
  guint32     short_start[SHORT_SLOTS + 1];
  guint32    *short_docs;
  float      *short_scores;
  float      *doc_prior;     /* per doc: shorter titles (more specific services) a little first */
  TrieNode   *nodes;
  guint       n_nodes;
  CacheEntry *cache[SHORT_SLOTS];
  float       field_score[16];

  GMutex      scratch_lock;
  GPtrArray  *scratch_pool;
};

static guint32
hash_bytes (const char *s,
            gsize       len)
{
  guint32 h = 2166136261u;

  for (gsize i = 0; i < len; i++)
    {
      h ^= (guchar) s[i];
      h *= 16777619u;
    }
  return h;
}

BelSearchIndex *
bel_search_index_new (void)
{
  BelSearchIndex *index = g_new0 (BelSearchIndex, 1);

  index->tmp_text = g_byte_array_new ();
  index->tmp_offsets = g_array_new (FALSE, FALSE, sizeof (guint32));
  index->slot_mask = 1024 - 1;
  index->slots = g_new0 (guint32, index->slot_mask + 1);
  index->entries = g_array_new (FALSE, FALSE, sizeof (Entry));
  index->title_words = g_array_new (FALSE, TRUE, sizeof (guint32));
  index->title_texts = g_array_new (FALSE, TRUE, sizeof (guint32));
  g_mutex_init (&index->scratch_lock);
  index->scratch_pool = g_ptr_array_new ();

  for (guint mask = 0; mask < 16; mask++)
    {
      double best = 0, sum = 0;

      for (guint f = 0; f < BEL_SEARCH_N_FIELDS; f++)
        if (mask & (1u << f))
          {
            best = MAX (best, field_weight[f]);
            sum += field_weight[f];
          }
      /* The best field counts; appearing in more fields helps only a little. */
      index->field_score[mask] = (float) (best + 0.1 * (sum - best));
    }

  return index;
}

static void
grow_slots (BelSearchIndex *index)
{
  guint32 new_mask = index->slot_mask * 2 + 1;
  guint32 *slots = g_new0 (guint32, new_mask + 1);
  const guint32 *offsets = (const guint32 *) index->tmp_offsets->data;

  for (guint32 id = 0; id < index->tmp_offsets->len; id++)
    {
      const char *text = (const char *) index->tmp_text->data + offsets[id];
      guint32 slot = hash_bytes (text, strlen (text)) & new_mask;

      while (slots[slot] != 0)
        slot = (slot + 1) & new_mask;
      slots[slot] = id + 1;
    }

  g_free (index->slots);
  index->slots = slots;
  index->slot_mask = new_mask;
}

/* Returns the insertion-order id of the term @word (@len bytes, no NUL, hashed to @hash). */
static guint32
intern_term (BelSearchIndex *index,
             const char     *word,
             gsize           len,
             guint32         hash)
{
  guint32 slot = hash & index->slot_mask;
  const guint32 *offsets = (const guint32 *) index->tmp_offsets->data;
  const char *text_base = (const char *) index->tmp_text->data;
  guint32 id, offset;

  while (index->slots[slot] != 0)
    {
      const char *text;

      id = index->slots[slot] - 1;
      text = text_base + offsets[id];
      if (memcmp (text, word, len) == 0 && text[len] == '\0')
        return id;
      slot = (slot + 1) & index->slot_mask;
    }

  id = index->tmp_offsets->len;
  offset = index->tmp_text->len;
  g_array_append_val (index->tmp_offsets, offset);
  g_byte_array_append (index->tmp_text, (const guint8 *) word, len);
  g_byte_array_append (index->tmp_text, (const guint8 *) "", 1);
  index->slots[slot] = id + 1;

  /* Keep the table at most half full. */
  if ((guint64) index->tmp_offsets->len * 2 > index->slot_mask)
    grow_slots (index);

  return id;
}

void
bel_search_index_add (BelSearchIndex *index,
                      guint           doc,
                      BelSearchField  field,
                      const char     *text)
{
  char stack_buf[4096];
  g_autofree char *heap_buf = NULL;
  char *folded = stack_buf;
  gsize text_len, folded_len, i;

  g_return_if_fail (index != NULL);
  g_return_if_fail (!index->built);
  g_return_if_fail (field < BEL_SEARCH_N_FIELDS);
  g_return_if_fail (doc <= MAX_DOC);

  if (text == NULL || *text == '\0')
    return;

  text_len = strlen (text);
  if (BEL_FOLD_MAX_SIZE (text_len) > sizeof stack_buf)
    folded = heap_buf = g_malloc (BEL_FOLD_MAX_SIZE (text_len));
  folded_len = bel_fold_into (text, text_len, folded);
  index->n_docs = MAX (index->n_docs, doc + 1);
  if (field == BEL_SEARCH_FIELD_TITLE && folded_len > 0)
    {
      guint32 n_words = 1;

      for (i = 0; i < folded_len; i++)
        n_words += folded[i] == ' ';
      if (index->title_words->len <= doc)
        {
          g_array_set_size (index->title_words, doc + 1);
          g_array_set_size (index->title_texts, doc + 1);
        }
      g_array_index (index->title_words, guint32, doc) += n_words;
      g_array_index (index->title_texts, guint32, doc) += 1;
    }

  for (i = 0; i < folded_len;)
    {
      gsize start = i;
      guint32 hash = 2166136261u;
      Entry entry;

      /* Hash the word as it is scanned (FNV-1a, as hash_bytes). */
      for (; i < folded_len && folded[i] != ' '; i++)
        if (i - start < MAX_TERM_LEN)
          {
            hash ^= (guchar) folded[i];
            hash *= 16777619u;
          }

      entry.term = intern_term (index, folded + start, MIN (i - start, MAX_TERM_LEN), hash);
      entry.doc_field = (doc << 2) | field;
      g_array_append_val (index->entries, entry);
      i++;
    }
}

/* Trie */

static guint32
trie_build_node (BelSearchIndex *index,
                 GArray         *nodes,
                 guint32         node_idx,
                 guint32         lo,
                 guint32         hi,
                 guint           depth)
{
  guint32 start = lo, i, first_child;
  guint n_children = 0;

  /* A term that ends here sorts first among the terms below this node. */
  if (start < hi && index->term_len[start] == depth)
    start++;

  for (i = start; i < hi;)
    {
      char c = index->term_text[index->term_offset[i] + depth];

      n_children++;
      while (i < hi && index->term_text[index->term_offset[i] + depth] == c)
        i++;
    }

  first_child = nodes->len;
  g_array_set_size (nodes, nodes->len + n_children);

  {
    TrieNode *node = &g_array_index (nodes, TrieNode, node_idx);

    node->first_child = first_child;
    node->n_children = n_children;
    node->lo = lo;
    node->hi = hi;
    node->depth = depth;
  }

  n_children = 0;
  for (i = start; i < hi;)
    {
      char c = index->term_text[index->term_offset[i] + depth];
      guint32 child_lo = i;
      guint32 child_idx = first_child + n_children++;

      while (i < hi && index->term_text[index->term_offset[i] + depth] == c)
        i++;
      g_array_index (nodes, TrieNode, child_idx).c = c;
      trie_build_node (index, nodes, child_idx, child_lo, i, depth + 1);
    }

  return node_idx;
}

static const TrieNode *
trie_find (const BelSearchIndex *index,
           const char           *word,
           guint                 len)
{
  const TrieNode *node = &index->nodes[0];

  for (guint d = 0; d < len; d++)
    {
      const TrieNode *children = &index->nodes[node->first_child];
      const TrieNode *next = NULL;

      for (guint i = 0; i < node->n_children; i++)
        if (children[i].c == word[d])
          {
            next = &children[i];
            break;
          }
      if (next == NULL)
        return NULL;
      node = next;
    }

  return node;
}

/* Fuzzy matching: a depth-first walk of the trie carrying one row of the (restricted)
 * Damerau-Levenshtein matrix per level. A node whose last cell is within the allowed edits
 * matches as a prefix: all the terms below it match. Only ranges better than every enclosing
 * one are recorded, so the recorded ranges nest, each better than its parent. */
typedef struct {
  const BelSearchIndex *index;
  const char           *word;
  guint                 len;
  guint8                rows[MAX_TERM_LEN + 2][MAX_TERM_LEN + 1];
  char                  path[MAX_TERM_LEN + 2];
  GArray               *ranges;
} FuzzyWalk;

static void
fuzzy_visit (FuzzyWalk      *walk,
             const TrieNode *node,
             guint           depth,
             guint           best)
{
  const TrieNode *children = &walk->index->nodes[node->first_child];
  const char *q = walk->word;
  guint m = walk->len;
  guint d = depth + 1;

  if (d > MAX_TERM_LEN)
    return;

  for (guint i = 0; i < node->n_children; i++)
    {
      const TrieNode *child = &children[i];
      guint8 *row = walk->rows[d];
      const guint8 *prev = walk->rows[d - 1];
      const guint8 *prev2 = d >= 2 ? walk->rows[d - 2] : NULL;
      char c = child->c;
      guint row_min, child_best = best;

      walk->path[d] = c;
      row[0] = d;
      row_min = d;
      for (guint j = 1; j <= m; j++)
        {
          guint v = prev[j - 1] + (q[j - 1] != c);

          v = MIN (v, (guint) prev[j] + 1);
          v = MIN (v, (guint) row[j - 1] + 1);
          if (prev2 != NULL && j >= 2 && q[j - 1] == walk->path[d - 1] && q[j - 2] == c)
            v = MIN (v, (guint) prev2[j - 2] + 1);
          row[j] = v;
          row_min = MIN (row_min, v);
        }

      if (row_min >= best)
        continue;

      if (row[m] < best && walk->ranges->len < MAX_RANGES)
        {
          Range range = { child->lo, child->hi, row[m], d };

          g_array_append_val (walk->ranges, range);
          child_best = row[m];
        }

      if (child_best > 0)
        fuzzy_visit (walk, child, d, child_best);
    }
}

/* Turns nested ranges (each better than the one around it, in depth-first order) into
 * disjoint segments carrying the best match for each term. */
static void
ranges_to_segments (GArray *ranges,
                    GArray *segments)
{
  const Range *stack[MAX_TERM_LEN + 4];
  guint sp = 0;
  guint32 pos = 0;

  g_array_set_size (segments, 0);

#define EMIT(from, to, r) G_STMT_START { \
    if ((from) < (to)) { \
      Range seg = { (from), (to), (r)->dist, (r)->depth }; \
      g_array_append_val (segments, seg); \
    } } G_STMT_END

  for (guint i = 0; i < ranges->len; i++)
    {
      const Range *r = &g_array_index (ranges, Range, i);

      while (sp > 0 && stack[sp - 1]->hi <= r->lo)
        {
          EMIT (pos, stack[sp - 1]->hi, stack[sp - 1]);
          pos = MAX (pos, stack[sp - 1]->hi);
          sp--;
        }
      if (sp > 0)
        EMIT (pos, r->lo, stack[sp - 1]);
      pos = r->lo;
      if (sp < G_N_ELEMENTS (stack))
        stack[sp++] = r;
    }
  while (sp > 0)
    {
      EMIT (pos, stack[sp - 1]->hi, stack[sp - 1]);
      pos = MAX (pos, stack[sp - 1]->hi);
      sp--;
    }

#undef EMIT
}

/* How well a term of @term_len letters matches a query word whose first @depth letters
 * matched the term with @dist edits. Exact > completion > one typo > two typos, always. */
static inline float
match_quality (guint dist,
               guint depth,
               guint term_len)
{
  float ratio = term_len > depth ? (float) depth / (float) term_len : 1.0f;

  switch (dist)
    {
    case 0:
      return term_len <= depth ? 1.0f : 0.55f + 0.35f * ratio;
    case 1:
      return 0.5f * (0.6f + 0.4f * ratio);
    default:
      return 0.35f * (0.6f + 0.4f * ratio);
    }
}

/* Query words */

static int
cache_char (char c)
{
  if (c >= 'a' && c <= 'z')
    return c - 'a' + 1;
  if (c >= '0' && c <= '9')
    return c - '0' + 27;
  return -1;
}

static int
cache_slot (const char *word,
            guint       len)
{
  int a, b = 0;

  if (len == 0 || len > 2)
    return -1;
  a = cache_char (word[0]);
  if (len == 2)
    b = cache_char (word[1]);
  if (a < 0 || b < 0)
    return -1;
  return a * 37 + b;
}


typedef struct {
  char     text[MAX_TERM_LEN + 1];
  guint    len;
  gboolean is_short;
  double   idf;
  int      slot;         /* short words: the prefix list, or -1 when nothing matches */
} QueryWord;

static guint
max_edits (guint len)
{
  if (len >= 8)
    return 2;
  if (len >= 4)
    return 1;
  return 0;
}

static double
idf_for (const BelSearchIndex *index,
         guint64               df)
{
  double n = MAX (index->n_docs, 1);

  df = CLAMP (df, 1, (guint64) n);
  return log (1.0 + n / (double) df);
}

/* Fills @scratch->segments with what @word matches and sets its idf. Returns FALSE if it
 * matches nothing. */
static gboolean
word_segments (const BelSearchIndex *index,
               QueryWord            *word,
               Scratch              *scratch)
{
  guint k = max_edits (word->len);
  guint64 df_exact = 0, df_all = 0;

  g_array_set_size (scratch->ranges, 0);

  if (k == 0)
    {
      const TrieNode *node = trie_find (index, word->text, word->len);
      Range range;

      if (node == NULL || node->lo >= node->hi)
        return FALSE;
      range.lo = node->lo;
      range.hi = node->hi;
      range.dist = 0;
      range.depth = word->len;
      g_array_append_val (scratch->ranges, range);
    }
  else
    {
      FuzzyWalk walk;

      walk.index = index;
      walk.word = word->text;
      walk.len = word->len;
      walk.ranges = scratch->ranges;
      for (guint j = 0; j <= word->len; j++)
        walk.rows[0][j] = j;
      walk.path[0] = '\0';
      fuzzy_visit (&walk, &index->nodes[0], 0, k + 1);
    }

  if (scratch->ranges->len == 0)
    return FALSE;

  ranges_to_segments (scratch->ranges, scratch->segments);

  for (guint i = 0; i < scratch->segments->len; i++)
    {
      const Range *seg = &g_array_index (scratch->segments, Range, i);
      guint64 df = index->post_start[seg->hi] - index->post_start[seg->lo];

      df_all += df;
      if (seg->dist == 0)
        df_exact += df;
    }

  /* How rare the word is: from what it matches exactly (with its completions), or, for a
   * misspelt word, from what it matches with typos. */
  word->idf = idf_for (index, df_exact > 0 ? df_exact : df_all);
  return TRUE;
}

/* Scratch */

static Scratch *
scratch_get (BelSearchIndex *index)
{
  Scratch *scratch = NULL;

  g_mutex_lock (&index->scratch_lock);
  if (index->scratch_pool->len > 0)
    scratch = g_ptr_array_steal_index_fast (index->scratch_pool, index->scratch_pool->len - 1);
  g_mutex_unlock (&index->scratch_lock);

  if (scratch == NULL)
    {
      guint n = MAX (index->n_docs, 1);

      scratch = g_new0 (Scratch, 1);
      scratch->word = g_new0 (WordSlot, n);
      scratch->word_docs = g_new (guint32, n);
      scratch->doc = g_new0 (DocSlot, n);
      scratch->docs = g_new (guint32, n);
      scratch->ranges = g_array_new (FALSE, FALSE, sizeof (Range));
      scratch->segments = g_array_new (FALSE, FALSE, sizeof (Range));
    }

  return scratch;
}

static void
scratch_free (Scratch *scratch)
{
  g_free (scratch->word);
  g_free (scratch->word_docs);
  g_free (scratch->doc);
  g_free (scratch->docs);
  g_array_unref (scratch->ranges);
  g_array_unref (scratch->segments);
  g_free (scratch);
}

static void
scratch_put (BelSearchIndex *index,
             Scratch        *scratch)
{
  g_mutex_lock (&index->scratch_lock);
  g_ptr_array_add (index->scratch_pool, scratch);
  g_mutex_unlock (&index->scratch_lock);
}

/* Stamps tell which per-document slots belong to the current query and word, so that
 * nothing needs clearing between queries. A query takes at most a few dozen; the slots are
 * cleared only when the counter would wrap around during one. */
static guint32
scratch_begin_query (BelSearchIndex *index,
                     Scratch        *scratch)
{
  if (scratch->stamp > G_MAXUINT32 - 4 * MAX_QUERY_WORDS)
    {
      guint n = MAX (index->n_docs, 1);

      memset (scratch->word, 0, n * sizeof (WordSlot));
      memset (scratch->doc, 0, n * sizeof (DocSlot));
      scratch->stamp = 0;
    }
  return ++scratch->stamp;
}

static guint32
scratch_next_stamp (Scratch *scratch)
{
  return ++scratch->stamp;
}

/* Scoring */

/* Adds what @word matches, through the posting lists, to the documents' scores. */
static void
score_word_postings (BelSearchIndex *index,
                     QueryWord      *word,
                     Scratch        *scratch,
                     guint32         query_stamp,
                     guint          *n_docs)
{
  guint32 stamp = scratch_next_stamp (scratch);
  guint n_word_docs = 0;
  float idf = (float) word->idf;

  for (guint s = 0; s < scratch->segments->len; s++)
    {
      const Range *seg = &g_array_index (scratch->segments, Range, s);

      for (guint32 t = seg->lo; t < seg->hi; t++)
        {
          float quality = match_quality (seg->dist, seg->depth, index->term_len[t]);
          /* Typos look at the strong fields only: a near-miss in a summary says little,
           * and it would cost the most. */
          guint32 end = seg->dist > 0 ? index->post_strong[t] : index->post_start[t + 1];

          for (guint32 i = index->post_start[t]; i < end; i++)
            {
              guint32 posting = index->postings[i];
              guint32 doc = POSTING_DOC (posting);
              float score = quality * index->field_score[POSTING_FIELDS (posting)];
              WordSlot *slot = &scratch->word[doc];

              if (slot->stamp != stamp)
                {
                  slot->stamp = stamp;
                  slot->best = score;
                  scratch->word_docs[n_word_docs++] = doc;
                }
              else if (score > slot->best)
                slot->best = score;
            }
        }
    }

  for (guint i = 0; i < n_word_docs; i++)
    {
      guint32 doc = scratch->word_docs[i];
      DocSlot *slot = &scratch->doc[doc];

      if (slot->stamp != query_stamp)
        {
          slot->stamp = query_stamp;
          slot->acc = 0;
          slot->n_matched = 0;
          scratch->docs[(*n_docs)++] = doc;
        }
      slot->acc += scratch->word[doc].best * idf;
      slot->n_matched++;
    }
}

/* Adds a short word's matches, from its prefix list. As a generator it finds documents;
 * otherwise it only adds to the documents already found. */
static void
score_short_word (BelSearchIndex *index,
                  QueryWord      *word,
                  Scratch        *scratch,
                  guint32         query_stamp,
                  gboolean        generate,
                  guint          *n_docs)
{
  float idf = (float) word->idf;
  guint32 start = index->short_start[word->slot];
  guint32 end = index->short_start[word->slot + 1];

  for (guint32 i = start; i < end; i++)
    {
      guint32 doc = index->short_docs[i];
      DocSlot *slot = &scratch->doc[doc];

      if (slot->stamp != query_stamp)
        {
          if (!generate)
            continue;
          slot->stamp = query_stamp;
          slot->acc = 0;
          slot->n_matched = 0;
          scratch->docs[(*n_docs)++] = doc;
        }
      slot->acc += index->short_scores[i] * idf;
      slot->n_matched++;
    }
}

static inline gboolean
hit_better (const BelSearchHit *a,
            const BelSearchHit *b)
{
  if (a->score != b->score)
    return a->score > b->score;
  return a->doc < b->doc;
}

/* A min-heap of the best @max hits: hits[0] is the worst kept. */
static void
heap_sift_down (BelSearchHit *heap,
                guint         n,
                guint         i)
{
  for (;;)
    {
      guint l = 2 * i + 1, r = l + 1, worst = i;
      BelSearchHit tmp;

      if (l < n && hit_better (&heap[worst], &heap[l]))
        worst = l;
      if (r < n && hit_better (&heap[worst], &heap[r]))
        worst = r;
      if (worst == i)
        return;
      tmp = heap[i];
      heap[i] = heap[worst];
      heap[worst] = tmp;
      i = worst;
    }
}

static void
heap_sift_up (BelSearchHit *heap,
              guint         i)
{
  while (i > 0)
    {
      guint parent = (i - 1) / 2;
      BelSearchHit tmp;

      if (!hit_better (&heap[parent], &heap[i]))
        return;
      tmp = heap[i];
      heap[i] = heap[parent];
      heap[parent] = tmp;
      i = parent;
    }
}

/* Keeps the best @max hits seen in the min-heap @heap of @n_hits. */
static inline void
heap_push (BelSearchHit       *heap,
           guint              *n_hits,
           guint               max,
           const BelSearchHit *hit)
{
  if (*n_hits < max)
    {
      heap[*n_hits] = *hit;
      heap_sift_up (heap, *n_hits);
      (*n_hits)++;
    }
  else if (hit_better (hit, &heap[0]))
    {
      heap[0] = *hit;
      heap_sift_down (heap, *n_hits, 0);
    }
}

static int
compare_hits (gconstpointer a,
              gconstpointer b)
{
  const BelSearchHit *ha = a, *hb = b;

  if (hit_better (ha, hb))
    return -1;
  if (hit_better (hb, ha))
    return 1;
  return 0;
}

/* A document's score: what its words add up to, scaled down when it matches only some of
 * the query's words, so that a document matching more of them ranks above one matching
 * fewer unless the fewer matches are far stronger (the title against a summary). */
static inline double
final_score (double acc,
             guint  n_matched,
             guint  n_words)
{
  double coverage = (double) MIN (n_matched, n_words) / n_words;

  return acc * coverage * coverage;
}

/* Splits a folded query into at most MAX_QUERY_WORDS distinct words. */
static guint
split_query (const char *folded,
             QueryWord  *words)
{
  guint n = 0;
  const char *p = folded;

  while (*p != '\0' && n < MAX_QUERY_WORDS)
    {
      const char *end = strchr (p, ' ');
      gsize len = end != NULL ? (gsize) (end - p) : strlen (p);
      gsize kept = MIN (len, MAX_TERM_LEN);
      gboolean seen = FALSE;

      for (guint i = 0; i < n; i++)
        if (words[i].len == kept && memcmp (words[i].text, p, kept) == 0)
          seen = TRUE;

      if (!seen)
        {
          memcpy (words[n].text, p, kept);
          words[n].text[kept] = '\0';
          words[n].len = kept;
          words[n].is_short = kept <= SHORT_WORD_LEN;
          words[n].idf = 0;
          n++;
        }

      p += len;
      if (*p == ' ')
        p++;
    }

  return n;
}

static guint
query_words (BelSearchIndex *index,
             QueryWord      *words,
             guint           n_words,
             BelSearchHit   *hits,
             guint           max_hits)
{
  Scratch *scratch = scratch_get (index);
  guint32 query_stamp = scratch_begin_query (index, scratch);
  gboolean generator[MAX_QUERY_WORDS];
  gboolean has_long = FALSE;
  guint n_docs = 0, n_hits = 0;

  for (guint w = 0; w < n_words; w++)
    {
      has_long |= !words[w].is_short;
      if (words[w].is_short)
        {
          const TrieNode *node = trie_find (index, words[w].text, words[w].len);

          words[w].slot = node != NULL ? cache_slot (words[w].text, words[w].len) : -1;
          if (node != NULL)
            words[w].idf = idf_for (index, index->post_start[node->hi] -
                                           index->post_start[node->lo]);
        }
    }

  /* The words that find documents: the long ones, or the first one if all are short. The
   * other short words only rank what those found. */
  for (guint w = 0; w < n_words; w++)
    generator[w] = has_long ? !words[w].is_short : w == 0;

  for (guint w = 0; w < n_words; w++)
    {
      if (!generator[w])
        continue;
      if (words[w].is_short)
        {
          if (words[w].slot >= 0)
            score_short_word (index, &words[w], scratch, query_stamp, TRUE, &n_docs);
        }
      else if (word_segments (index, &words[w], scratch))
        score_word_postings (index, &words[w], scratch, query_stamp, &n_docs);
    }

  for (guint w = 0; w < n_words; w++)
    if (!generator[w] && words[w].slot >= 0)
      score_short_word (index, &words[w], scratch, query_stamp, FALSE, &n_docs);

  for (guint i = 0; i < n_docs; i++)
    {
      guint32 doc = scratch->docs[i];
      BelSearchHit hit;

      hit.doc = doc;
      hit.score = final_score (scratch->doc[doc].acc, scratch->doc[doc].n_matched, n_words) *
                  index->doc_prior[doc];
      heap_push (hits, &n_hits, max_hits, &hit);
    }

  scratch_put (index, scratch);

  qsort (hits, n_hits, sizeof (BelSearchHit), compare_hits);
  return n_hits;
}

static void
build_short_words (BelSearchIndex *index)
{
  static const char alphabet[] = "abcdefghijklmnopqrstuvwxyz0123456789";
  g_autofree guint32 *stamp = g_new0 (guint32, MAX (index->n_docs, 1));
  g_autofree float *best = g_new (float, MAX (index->n_docs, 1));
  guint64 n_strong = 0;
  guint32 n = 0;

  for (guint32 t = 0; t < index->n_terms; t++)
    n_strong += index->post_strong[t] - index->post_start[t];
  /* Each strong posting is in one one-letter list and at most one two-letter list. */
  index->short_docs = g_new (guint32, MAX (2 * n_strong, 1));
  index->short_scores = g_new (float, MAX (2 * n_strong, 1));

  for (int slot = 0; slot < SHORT_SLOTS; slot++)
    {
      char prefix[3] = { 0 };
      guint len = 0;
      const TrieNode *node;
      guint32 list_start = n;

      index->short_start[slot] = n;
      if (slot / 37 == 0)
        continue;
      prefix[len++] = alphabet[slot / 37 - 1];
      if (slot % 37 != 0)
        prefix[len++] = alphabet[slot % 37 - 1];

      node = trie_find (index, prefix, len);
      if (node == NULL)
        continue;

      /* The best match of the prefix in each document: a whole short word beats a longer
       * word it starts, a title beats a keyword. */
      for (guint32 t = node->lo; t < node->hi; t++)
        {
          float quality = match_quality (0, len, index->term_len[t]);

          for (guint32 i = index->post_start[t]; i < index->post_strong[t]; i++)
            {
              guint32 posting = index->postings[i];
              guint32 doc = POSTING_DOC (posting);
              float score = quality * index->field_score[POSTING_FIELDS (posting)];

              if (stamp[doc] != (guint32) slot + 1)
                {
                  stamp[doc] = slot + 1;
                  best[doc] = score;
                  index->short_docs[n++] = doc;
                }
              else if (score > best[doc])
                best[doc] = score;
            }
        }
      for (guint32 i = list_start; i < n; i++)
        index->short_scores[i] = best[index->short_docs[i]];
    }
  index->short_start[SHORT_SLOTS] = n;
  index->short_docs = g_renew (guint32, index->short_docs, MAX (n, 1));
  index->short_scores = g_renew (float, index->short_scores, MAX (n, 1));

  /* A query of one short word alone is common (the first keystrokes): keep its answer. */
  for (int slot = 0; slot < SHORT_SLOTS; slot++)
    {
      QueryWord word = { { 0 } };
      CacheEntry *entry;

      if (index->short_start[slot] == index->short_start[slot + 1])
        continue;
      word.text[0] = alphabet[slot / 37 - 1];
      word.len = 1;
      if (slot % 37 != 0)
        word.text[word.len++] = alphabet[slot % 37 - 1];
      word.is_short = TRUE;

      entry = g_new0 (CacheEntry, 1);
      entry->n = query_words (index, &word, 1, entry->hits, CACHE_HITS);
      index->cache[slot] = entry;
    }
}

/* Build */

typedef struct {
  const char    *text;
  const guint32 *offsets;
} TermSort;

static int
compare_tmp_terms (gconstpointer a,
                   gconstpointer b,
                   gpointer      user_data)
{
  const TermSort *sort = user_data;

  return strcmp (sort->text + sort->offsets[*(const guint32 *) a],
                 sort->text + sort->offsets[*(const guint32 *) b]);
}

void
bel_search_index_build (BelSearchIndex *index)
{
  guint n_terms, n_docs;
  g_autofree guint32 *order = NULL;
  g_autofree guint32 *remap = NULL;
  g_autofree guint32 *counts = NULL;
  g_autofree guint32 *term_begin = NULL;
  g_autofree guint32 *doc_fields = NULL;
  guint32 max_bucket = 0;
  Entry *entries;
  guint n_entries;
  gsize text_size = 0;
  GArray *nodes;
  guint32 n_postings = 0;
  TermSort sort;

  g_return_if_fail (index != NULL);
  g_return_if_fail (!index->built);

  n_terms = index->tmp_offsets->len;
  n_docs = index->n_docs;
  entries = (Entry *) index->entries->data;
  n_entries = index->entries->len;

  /* Sort the terms, so that a prefix is a range of ids. */
  order = g_new (guint32, MAX (n_terms, 1));
  for (guint32 i = 0; i < n_terms; i++)
    order[i] = i;
  sort.text = (const char *) index->tmp_text->data;
  sort.offsets = (const guint32 *) index->tmp_offsets->data;
  g_qsort_with_data (order, n_terms, sizeof (guint32), compare_tmp_terms, &sort);

  remap = g_new (guint32, MAX (n_terms, 1));
  index->n_terms = n_terms;
  index->term_offset = g_new (guint32, n_terms + 1);
  index->term_len = g_new (guint8, n_terms + 1);
  for (guint32 i = 0; i < n_terms; i++)
    text_size += strlen (sort.text + sort.offsets[order[i]]) + 1;
  index->term_text = g_malloc (text_size + 1);
  text_size = 0;
  for (guint32 i = 0; i < n_terms; i++)
    {
      const char *text = sort.text + sort.offsets[order[i]];
      gsize len = strlen (text);

      remap[order[i]] = i;
      index->term_offset[i] = text_size;
      index->term_len[i] = len;
      memcpy (index->term_text + text_size, text, len + 1);
      text_size += len + 1;
    }

  /* Group the entries by term, in document order within each term: a stable counting sort
   * by document (skipped when the documents were added in order, as they usually are), then
   * by term. Only the (document, field) half is kept: the term is the bucket. */
  {
    gboolean doc_sorted = TRUE;

    for (guint i = 1; i < n_entries && doc_sorted; i++)
      doc_sorted = (entries[i - 1].doc_field >> 2) <= (entries[i].doc_field >> 2);

    if (!doc_sorted)
      {
        g_autofree Entry *by_doc = g_new (Entry, MAX (n_entries, 1));

        counts = g_new0 (guint32, n_docs + 1);
        for (guint i = 0; i < n_entries; i++)
          counts[(entries[i].doc_field >> 2) + 1]++;
        for (guint d = 0; d < n_docs; d++)
          counts[d + 1] += counts[d];
        for (guint i = 0; i < n_entries; i++)
          by_doc[counts[entries[i].doc_field >> 2]++] = entries[i];
        memcpy (entries, by_doc, n_entries * sizeof (Entry));
        g_clear_pointer (&counts, g_free);
      }

    term_begin = g_new0 (guint32, n_terms + 1);
    for (guint i = 0; i < n_entries; i++)
      {
        entries[i].term = remap[entries[i].term];
        term_begin[entries[i].term + 1]++;
      }
    for (guint32 t = 0; t < n_terms; t++)
      {
        max_bucket = MAX (max_bucket, term_begin[t + 1]);
        term_begin[t + 1] += term_begin[t];
      }

    doc_fields = g_new (guint32, MAX (n_entries, 1));
    counts = g_memdup2 (term_begin, (n_terms + 1) * sizeof (guint32));
    for (guint i = 0; i < n_entries; i++)
      doc_fields[counts[entries[i].term]++] = entries[i].doc_field;
    g_clear_pointer (&counts, g_free);
  }

  g_array_unref (index->entries);
  index->entries = NULL;
  g_byte_array_unref (index->tmp_text);
  index->tmp_text = NULL;
  g_array_unref (index->tmp_offsets);
  index->tmp_offsets = NULL;
  g_clear_pointer (&index->slots, g_free);

  /* Posting lists: one per term, merged per document, the strong fields first. */
  index->post_start = g_new (guint32, n_terms + 1);
  index->post_strong = g_new (guint32, MAX (n_terms, 1));
  index->postings = g_new (guint32, MAX (n_entries, 1));
  {
    g_autofree guint32 *weak = g_new (guint32, MAX (max_bucket, 1));

    for (guint32 t = 0; t < n_terms; t++)
      {
        guint32 i = term_begin[t], end = term_begin[t + 1];
        guint n_weak = 0;

        index->post_start[t] = n_postings;
        while (i < end)
          {
            guint32 doc = doc_fields[i] >> 2;
            guint fields = 0;

            for (; i < end && (doc_fields[i] >> 2) == doc; i++)
              fields |= 1u << (doc_fields[i] & 3);
            if (fields & FIELD_BITS_STRONG)
              index->postings[n_postings++] = (doc << 4) | fields;
            else
              weak[n_weak++] = (doc << 4) | fields;
          }
        index->post_strong[t] = n_postings;
        memcpy (index->postings + n_postings, weak, n_weak * sizeof (guint32));
        n_postings += n_weak;
      }
    index->post_start[n_terms] = n_postings;
  }
  g_clear_pointer (&doc_fields, g_free);
  g_clear_pointer (&term_begin, g_free);
  index->postings = g_renew (guint32, index->postings, MAX (n_postings, 1));

  /* The trie. */
  nodes = g_array_sized_new (FALSE, TRUE, sizeof (TrieNode), MAX (text_size, 16));
  g_array_set_size (nodes, 1);
  trie_build_node (index, nodes, 0, 0, n_terms, 0);
  index->n_nodes = nodes->len;
  index->nodes = (TrieNode *) g_array_free (nodes, FALSE);

  /* Of two services that match alike, the one with the shorter title is the more specific:
   * "Targeted social assistance" before "Allowance for a child in a family receiving
   * targeted social assistance". */
  index->doc_prior = g_new (float, MAX (n_docs, 1));
  for (guint d = 0; d < n_docs; d++)
    {
      guint32 words = d < index->title_words->len ? g_array_index (index->title_words, guint32, d) : 0;
      guint32 texts = d < index->title_texts->len ? g_array_index (index->title_texts, guint32, d) : 0;
      double mean = texts > 0 ? (double) words / texts : 0;

      index->doc_prior[d] = (float) (1.0 / (1.0 + TITLE_LENGTH_PENALTY * mean));
    }
  g_clear_pointer (&index->title_words, g_array_unref);
  g_clear_pointer (&index->title_texts, g_array_unref);

  index->built = TRUE;

  if (n_docs > 0)
    build_short_words (index);

  g_debug ("Index: %u documents, %u terms, %u postings, %u trie nodes, %zu bytes",
           n_docs, n_terms, n_postings, index->n_nodes,
           bel_search_index_get_memory_size (index));
}

guint
bel_search_index_query (BelSearchIndex *index,
                        const char     *query,
                        BelSearchHit   *hits,
                        guint           max_hits)
{
  g_autofree char *folded = NULL;
  QueryWord words[MAX_QUERY_WORDS];
  gsize query_len;
  guint n_words;

  g_return_val_if_fail (index != NULL, 0);
  g_return_val_if_fail (hits != NULL || max_hits == 0, 0);

  if (!index->built || query == NULL || max_hits == 0 || index->n_docs == 0)
    return 0;

  /* Nobody types more than this at a kiosk; the rest is cut, not refused. A character cut in
   * half becomes a separator. */
  query_len = strnlen (query, MAX_QUERY_BYTES);
  folded = bel_fold (query, query_len);
  n_words = split_query (folded, words);
  if (n_words == 0)
    return 0;

  if (n_words == 1 && words[0].is_short && max_hits <= CACHE_HITS)
    {
      int slot = cache_slot (words[0].text, words[0].len);
      const CacheEntry *entry = slot >= 0 ? index->cache[slot] : NULL;
      guint n;

      if (entry == NULL)
        return 0;
      n = MIN (entry->n, max_hits);
      memcpy (hits, entry->hits, n * sizeof (BelSearchHit));
      return n;
    }

  return query_words (index, words, n_words, hits, max_hits);
}

gsize
bel_search_index_get_memory_size (BelSearchIndex *index)
{
  gsize size;

  g_return_val_if_fail (index != NULL, 0);

  size = sizeof (BelSearchIndex);
  if (!index->built)
    {
      size += index->tmp_text->len + index->tmp_offsets->len * sizeof (guint32);
      size += (index->slot_mask + 1) * sizeof (guint32);
      size += index->entries->len * sizeof (Entry);
      size += (index->title_words->len + index->title_texts->len) * sizeof (guint32);
      return size;
    }

  for (guint32 t = 0; t < index->n_terms; t++)
    size += index->term_len[t] + 1;
  size += index->n_terms * (sizeof (guint32) * 3 + 1);
  size += index->post_start[index->n_terms] * sizeof (guint32);
  size += index->short_start[SHORT_SLOTS] * (sizeof (guint32) + sizeof (float));
  size += index->n_nodes * sizeof (TrieNode);
  size += index->n_docs * sizeof (float);
  for (guint i = 0; i < G_N_ELEMENTS (index->cache); i++)
    if (index->cache[i] != NULL)
      size += sizeof (CacheEntry);
  return size;
}

void
bel_search_index_free (BelSearchIndex *index)
{
  if (index == NULL)
    return;

  if (index->entries != NULL)
    g_array_unref (index->entries);
  if (index->tmp_text != NULL)
    g_byte_array_unref (index->tmp_text);
  if (index->tmp_offsets != NULL)
    g_array_unref (index->tmp_offsets);
  g_free (index->slots);
  g_free (index->term_text);
  g_free (index->term_offset);
  g_free (index->term_len);
  g_free (index->post_start);
  g_free (index->post_strong);
  g_free (index->postings);
  g_free (index->short_docs);
  g_free (index->short_scores);
  g_free (index->doc_prior);
  if (index->title_words != NULL)
    g_array_unref (index->title_words);
  if (index->title_texts != NULL)
    g_array_unref (index->title_texts);
  g_free (index->nodes);
  for (guint i = 0; i < G_N_ELEMENTS (index->cache); i++)
    g_free (index->cache[i]);
  for (guint i = 0; i < index->scratch_pool->len; i++)
    scratch_free (g_ptr_array_index (index->scratch_pool, i));
  g_ptr_array_unref (index->scratch_pool);
  g_mutex_clear (&index->scratch_lock);
  g_free (index);
}
