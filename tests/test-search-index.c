/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-search-index"

#include <locale.h>
#include <string.h>

#include "bel-search-index.h"

typedef struct {
  const char *title;
  const char *keywords;
  const char *agency;
  const char *summary;
} Doc;

static BelSearchIndex *
index_docs (const Doc *docs,
            guint      n_docs)
{
  BelSearchIndex *index = bel_search_index_new ();

  for (guint i = 0; i < n_docs; i++)
    {
      bel_search_index_add (index, i, BEL_SEARCH_FIELD_TITLE, docs[i].title);
      bel_search_index_add (index, i, BEL_SEARCH_FIELD_KEYWORD, docs[i].keywords);
      bel_search_index_add (index, i, BEL_SEARCH_FIELD_AGENCY, docs[i].agency);
      bel_search_index_add (index, i, BEL_SEARCH_FIELD_SUMMARY, docs[i].summary);
    }
  bel_search_index_build (index);
  return index;
}

/* The documents @query finds, best first, as a string such as "2 0 1". */
static char *
ranking (BelSearchIndex *index,
         const char     *query)
{
  BelSearchHit hits[64];
  guint n = bel_search_index_query (index, query, hits, G_N_ELEMENTS (hits));
  GString *out = g_string_new (NULL);

  for (guint i = 0; i < n; i++)
    {
      if (i > 0)
        {
          g_assert_cmpfloat (hits[i].score, <=, hits[i - 1].score);
          g_string_append_c (out, ' ');
        }
      g_assert_cmpfloat (hits[i].score, >, 0);
      g_string_append_printf (out, "%u", hits[i].doc);
    }
  return g_string_free (out, FALSE);
}

#define assert_ranking(index, query, expected) G_STMT_START { \
    g_autofree char *got_ = ranking ((index), (query)); \
    if (g_strcmp0 (got_, (expected)) != 0) \
      g_error ("query “%s”: got “%s”, expected “%s”", (query), got_, (expected)); \
  } G_STMT_END

/* The best document for @query, or -1. */
static int
top (BelSearchIndex *index,
     const char     *query)
{
  BelSearchHit hit;

  if (bel_search_index_query (index, query, &hit, 1) == 0)
    return -1;
  return hit.doc;
}

#define assert_top(index, query, expected) G_STMT_START { \
    int got_ = top ((index), (query)); \
    if (got_ != (expected)) \
      g_error ("query “%s”: top is %d, expected %d", (query), got_, (expected)); \
  } G_STMT_END

/* A small catalogue that looks like the real one. */
static const Doc catalogue[] = {
  /* 0 */ { "Məhkumluq haqqında arayış", "mehkumluq spravka о несудимости",
            "Daxili İşlər Nazirliyi DİN", "Cinayət məsuliyyətinə cəlb olunmadığınız barədə arayış." },
  /* 1 */ { "Yaşa görə əmək pensiyası", "pensiya qocalıq пенсия по возрасту",
            "Əmək və Əhalinin Sosial Müdafiəsi Nazirliyi ƏƏSMN", "Yaşa görə pensiya avtomatik təyin edilir." },
  /* 2 */ { "Doğum haqqında şəhadətnamə", "uşaq qeydiyyatı свидетельство о рождении",
            "Ədliyyə Nazirliyi", "Uşağın doğumunun qeydiyyatı və şəhadətnamənin verilməsi." },
  /* 3 */ { "Daşınmaz əmlakın dövlət reyestrindən elektron çıxarış", "kupça çıxarış купча",
            "Əmlak Məsələləri Dövlət Xidməti", "Evin və torpağın sahibi haqqında çıxarış." },
  /* 4 */ { "Sağlamlıq haqqında arayış", "həkim arayışı справка о здоровье",
            "Səhiyyə Nazirliyi", "Həkim müayinəsindən sonra verilən arayış." },
  /* 5 */ { "Vergi ödəyicisinin uçotu və VÖEN", "voen vergi nömrəsi ИНН",
            "Dövlət Vergi Xidməti, əvvəlki Vergilər Nazirliyi", "Fərdi sahibkar kimi qeydiyyat haqqında." },
  /* 6 */ { "Справка о несудимости", "", "МВД", "Справка для работы за границей." },
  /* 7 */ { "İşsizlik müavinəti", "işsizlik pulu", "Dövlət Məşğulluq Agentliyi",
            "İşini itirən vətəndaşa haqqında ödəniş." },
};

static void
test_field_order (void)
{
  const Doc docs[] = {
    { "Torpaq sahəsi", "", "", "pensiya haqqında" },
    { "Torpaq sahəsi", "", "pensiya", "haqqında" },
    { "Pensiya haqqında", "", "", "torpaq" },
    { "Torpaq sahəsi", "pensiya", "", "haqqında" },
  };
  g_autoptr(BelSearchIndex) index = index_docs (docs, G_N_ELEMENTS (docs));

  /* Title, keyword, agency, summary. */
  assert_ranking (index, "pensiya", "2 3 1 0");
  assert_ranking (index, "PENSİYA", "2 3 1 0");
}

static void
test_exact_prefix_fuzzy (void)
{
  const Doc docs[] = {
    { "Pensiyaçılar", "", "", "" },    /* a completion */
    { "Pensuya", "", "", "" },         /* one typo away */
    { "Pensiya", "", "", "" },         /* the word itself */
    { "Pensuyalar", "", "", "" },      /* a typo away from a completion */
  };
  g_autoptr(BelSearchIndex) index = index_docs (docs, G_N_ELEMENTS (docs));

  assert_ranking (index, "pensiya", "2 0 1 3");
  /* An exact match in a keyword still beats a typo in another document's title... */
  {
    const Doc docs2[] = {
      { "Pensuya", "", "", "" },
      { "Başqa xidmət", "pensiya", "", "" },
    };
    g_autoptr(BelSearchIndex) index2 = index_docs (docs2, G_N_ELEMENTS (docs2));

    assert_ranking (index2, "pensiya", "1 0");
  }
}

static void
test_typo_limits (void)
{
  const Doc docs[] = {
    { "kod", "", "", "" },
    { "kart", "", "", "" },
    { "pasport", "", "", "" },
    { "məhkumluq", "", "", "" },
  };
  g_autoptr(BelSearchIndex) index = index_docs (docs, G_N_ELEMENTS (docs));

  /* Three letters: no typo allowed. */
  assert_top (index, "kod", 0);
  assert_top (index, "kxd", -1);
  assert_top (index, "okd", -1);
  /* Four letters: one typo (substitution, insertion, deletion, transposition). */
  assert_top (index, "kard", 1);
  assert_top (index, "katr", 1);
  assert_top (index, "kartt", 1);
  assert_top (index, "pasprt", 2);
  assert_top (index, "kxrd", -1);
  /* Seven letters: still one. */
  assert_top (index, "pasbort", 2);
  assert_top (index, "pazbort", -1);
  /* Eight and more: two, not three. */
  assert_top (index, "mexkumlux", 3);
  assert_top (index, "mehkumlux", 3);
  assert_top (index, "mhekumluq", 3);
  assert_top (index, "mexkunlux", -1);
  /* While the word is still being typed: a typo in a prefix. */
  assert_top (index, "pasb", 2);
  assert_top (index, "mexkuml", 3);
  assert_top (index, "mexkunl", -1);
}

static void
test_prefix (void)
{
  g_autoptr(BelSearchIndex) index = index_docs (catalogue, G_N_ELEMENTS (catalogue));
  const char *typed = "məhkumluq haqqında arayış";
  const char *p;

  assert_top (index, "məhk", 0);
  assert_top (index, "yaşa görə pen", 1);
  assert_top (index, "doğum şəhadət", 2);
  assert_top (index, "daşınmaz", 3);

  /* Every keystroke of a query finds the service from its fourth letter on. */
  for (p = g_utf8_next_char (typed); *p != '\0'; p = g_utf8_next_char (p))
    {
      g_autofree char *prefix = g_strndup (typed, p - typed);

      if (g_utf8_strlen (prefix, -1) >= 4)
        assert_top (index, prefix, 0);
    }
  assert_top (index, typed, 0);

  /* One and two letters find words that start with them in titles and keywords. */
  {
    g_autofree char *got = ranking (index, "m");

    g_assert_nonnull (strstr (got, "0"));
  }
  {
    g_autofree char *got = ranking (index, "ku");

    g_assert_cmpstr (got, ==, "3");
  }
  assert_ranking (index, "zz", "");
}

static void
test_diacritics_both_ways (void)
{
  const Doc docs[] = {
    { "Mehkumluq haqqinda arayis", "", "", "" },   /* typed without diacritics */
    { "Güzəştli mənzil", "", "", "" },
  };
  g_autoptr(BelSearchIndex) index = index_docs (docs, G_N_ELEMENTS (docs));
  g_autoptr(BelSearchIndex) real = index_docs (catalogue, G_N_ELEMENTS (catalogue));

  assert_top (index, "məhkumluq haqqında arayış", 0);
  assert_top (index, "MƏHKUMLUQ", 0);
  assert_top (index, "guzestli menzil", 1);
  assert_top (index, "güzəştli", 1);
  assert_top (real, "mehkumluq haqqinda arayis", 0);
  assert_top (real, "dasinmaz emlak", 3);
  assert_top (real, "saglamliq arayisi", 4);
  assert_top (real, "voen", 5);
  assert_top (real, "VÖEN", 5);
  /* Turkic case. */
  assert_top (real, "İŞSİZLİK", 7);
  assert_top (real, "ISSIZLIK", 7);
  assert_top (real, "ıssızlık", 7);
}

static void
test_digraphs (void)
{
  g_autoptr(BelSearchIndex) index = index_docs (catalogue, G_N_ELEMENTS (catalogue));

  assert_top (index, "shehadetname", 2);
  assert_top (index, "doghum", 2);
  assert_top (index, "chixarish", 3);
  assert_top (index, "saghlamliq", 4);
}

static void
test_cyrillic (void)
{
  g_autoptr(BelSearchIndex) index = index_docs (catalogue, G_N_ELEMENTS (catalogue));

  /* Azerbaijani in Cyrillic letters. */
  assert_top (index, "мәһкумлуг", 0);
  assert_top (index, "Мәһкумлуг һаггында арајыш", 0);
  assert_top (index, "доғум шәһадәтнамә", 2);
  /* Russian against Russian text. */
  assert_top (index, "пенсия", 1);
  assert_top (index, "купча", 3);
  assert_top (index, "свидетельство о рождении", 2);
  {
    g_autofree char *got = ranking (index, "справка о несудимости");

    /* The Russian title first, then the service whose keywords say it. */
    g_assert_true (g_str_has_prefix (got, "6 0"));
  }
}

static void
test_more_words_rank_higher (void)
{
  const Doc docs[] = {
    { "Torpaq icarəsi", "", "", "" },
    { "Torpaq sənədi", "", "", "" },
    { "Sənəd surəti", "", "", "" },
  };
  g_autoptr(BelSearchIndex) index = index_docs (docs, G_N_ELEMENTS (docs));
  g_autofree char *got = ranking (index, "torpaq sənədi");

  g_assert_true (g_str_has_prefix (got, "1 "));
  /* An unknown extra word does not empty the results. */
  assert_top (index, "torpaq sənədi xyzzyq", 1);
  assert_top (index, "qwrtzp torpaq icarəsi", 0);
}

static void
test_rare_words_count_more (void)
{
  const Doc docs[] = {
    { "Doğum haqqında arayış", "", "", "" },
    { "Nikah haqqında arayış", "", "", "" },
    { "Ölüm haqqında arayış", "", "", "" },
    { "Məhkumluq arayışı", "", "", "" },
    { "Əmək haqqında məlumat", "", "", "" },
    { "Məhkumluq haqqında arayış", "", "", "" },
  };
  g_autoptr(BelSearchIndex) index = index_docs (docs, G_N_ELEMENTS (docs));
  BelSearchHit hits[8];
  guint n;

  n = bel_search_index_query (index, "məhkumluq haqqında", hits, G_N_ELEMENTS (hits));
  g_assert_cmpuint (n, ==, 6);
  g_assert_cmpuint (hits[0].doc, ==, 5);
  /* The rare word alone beats the common one alone. */
  g_assert_cmpuint (hits[1].doc, ==, 3);
}

static void
assert_hits_sane (BelSearchIndex *index,
                  const char     *query,
                  guint           n_docs)
{
  BelSearchHit hits[20];
  guint n = bel_search_index_query (index, query, hits, G_N_ELEMENTS (hits));

  g_assert_cmpuint (n, <=, G_N_ELEMENTS (hits));
  for (guint i = 0; i < n; i++)
    {
      g_assert_cmpuint (hits[i].doc, <, n_docs);
      g_assert_true (hits[i].score > 0);
      if (i > 0)
        g_assert_cmpfloat (hits[i].score, <=, hits[i - 1].score);
    }
}

static void
test_hostile_input (void)
{
  g_autoptr(BelSearchIndex) index = index_docs (catalogue, G_N_ELEMENTS (catalogue));
  const char * const hostile[] = {
    "\"", "\"\"", "'", "\"pensiya", "pensiya\"", "\"pensiya\" AND \"arayış\"",
    "AND", "OR", "NOT", "NEAR", "NEAR/3", "pensiya NEAR arayış", "*", "**", "pen*", "*pen",
    "(", ")", "((pensiya)", "pensiya)", "()", "a AND (b OR c*) NEAR d", "-", "--", "^", "%",
    "_", "\\", "\\\\", ";", "'; DROP TABLE services; --", "{", "}", "[", "]", ":", "title:x",
    "\t", "\n", "\r\n", "\x01\x02\x03", "\x1b[31m", "\x7f", "\xc2\x80", "\xef\xbb\xbf",
    "\xff", "\xfe\xff", "\xc3", "\xc3(", "\xe2\x82", "\xed\xa0\x80", "\xf4\x90\x80\x80",
    "\xf0\x9f\x98\x80", "\xf0\x9f\x99\x82 pensiya", "\xe2\x80\xaepensiya", "", " ", "          ",
    "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
    "a b c d e f g h i j k l m n o p q r s t u v w x y z 0 1 2 3 4 5 6 7 8 9",
  };

  for (guint i = 0; i < G_N_ELEMENTS (hostile); i++)
    assert_hits_sane (index, hostile[i], G_N_ELEMENTS (catalogue));

  /* Operators are just words: the real words still count. */
  assert_top (index, "\"pensiya\" AND", 1);
  assert_top (index, "(pensiya)", 1);
  assert_top (index, "pensiya*", 1);
  assert_top (index, "pensiya NEAR qocalıq", 1);
  assert_top (index, "məhkumluq\x01\x02 arayış", 0);
  assert_top (index, "məhkumluq\xff" "arayış", 0);

  /* Ten kilobytes: the start of it is kept. */
  {
    GString *big = g_string_new ("pensiya ");

    while (big->len < 10 * 1024)
      g_string_append (big, "x\"(*) AND ");
    assert_top (index, big->str, 1);
    g_string_free (big, TRUE);
  }
  {
    g_autofree char *big = g_malloc (10 * 1024 + 1);

    memset (big, 'a', 10 * 1024);
    big[10 * 1024] = '\0';
    assert_hits_sane (index, big, G_N_ELEMENTS (catalogue));
    memset (big, '\xd0', 10 * 1024);
    assert_hits_sane (index, big, G_N_ELEMENTS (catalogue));
  }

  /* No hits asked for, NULL query. */
  g_assert_cmpuint (bel_search_index_query (index, "pensiya", NULL, 0), ==, 0);
  {
    BelSearchHit hit;

    g_assert_cmpuint (bel_search_index_query (index, NULL, &hit, 1), ==, 0);
  }
}

static void
test_random_bytes (void)
{
  g_autoptr(BelSearchIndex) index = index_docs (catalogue, G_N_ELEMENTS (catalogue));
  g_autoptr(GRand) rand = g_rand_new_with_seed (20240926);
  const char *alphabet[] = { "a", "e", "ə", "ı", "İ", "ş", "sh", " ", "\"", "*", "(", "AND",
                             "\xff", "\x01", "ә", "һ", "pensiya", "arayış", "м" };

  for (guint round = 0; round < 4000; round++)
    {
      char buf[300];
      guint len = g_rand_int_range (rand, 0, sizeof buf - 1);

      if (round % 2 == 0)
        {
          for (guint i = 0; i < len; i++)
            buf[i] = (char) g_rand_int_range (rand, 1, 256);
          buf[len] = '\0';
        }
      else
        {
          /* Plausible pieces glued at random. */
          GString *s = g_string_new (NULL);

          while (s->len < len)
            g_string_append (s, alphabet[g_rand_int_range (rand, 0, G_N_ELEMENTS (alphabet))]);
          g_strlcpy (buf, s->str, sizeof buf);
          g_string_free (s, TRUE);
        }
      assert_hits_sane (index, buf, G_N_ELEMENTS (catalogue));
    }
}

static void
test_add_order (void)
{
  g_autoptr(BelSearchIndex) in_order = index_docs (catalogue, G_N_ELEMENTS (catalogue));
  g_autoptr(BelSearchIndex) shuffled = bel_search_index_new ();
  const char * const queries[] = {
    "arayış", "pensiya", "mehkumluq", "d", "ve", "справка", "vergi nazirliyi", "shehadetname",
  };

  /* Field by field, last document first: the index must not depend on the order of adds. */
  for (guint field = 0; field < BEL_SEARCH_N_FIELDS; field++)
    for (guint i = G_N_ELEMENTS (catalogue); i-- > 0;)
      {
        const char *texts[] = { catalogue[i].title, catalogue[i].keywords, catalogue[i].agency,
                                catalogue[i].summary };

        bel_search_index_add (shuffled, i, field, texts[field]);
      }
  bel_search_index_build (shuffled);

  for (guint i = 0; i < G_N_ELEMENTS (queries); i++)
    {
      g_autofree char *a = ranking (in_order, queries[i]);
      g_autofree char *b = ranking (shuffled, queries[i]);

      g_assert_cmpstr (a, ==, b);
      g_assert_cmpstr (a, !=, "");
    }
}

static void
test_empty_index (void)
{
  g_autoptr(BelSearchIndex) index = bel_search_index_new ();
  BelSearchHit hit;

  /* Before build, nothing; after building with nothing, nothing. */
  g_assert_cmpuint (bel_search_index_query (index, "pensiya", &hit, 1), ==, 0);
  bel_search_index_build (index);
  g_assert_cmpuint (bel_search_index_query (index, "pensiya", &hit, 1), ==, 0);
  g_assert_cmpuint (bel_search_index_query (index, "p", &hit, 1), ==, 0);
  g_assert_cmpuint (bel_search_index_get_memory_size (index), >, 0);
}

/* Many documents, so that the short-query table, the per-word limits and the threads are
 * exercised on more than a handful of documents. */
static BelSearchIndex *
index_generated (guint n_docs)
{
  static const char *words[] = {
    "arayış", "pensiya", "müavinət", "qeydiyyat", "şəhadətnamə", "vergi", "əmlak", "çıxarış",
    "torpaq", "uşaq", "doğum", "nikah", "sığorta", "ödəniş", "elektron", "imza", "sertifikat",
    "su", "işıq", "qaz", "haqqında", "dövlət", "xidmət", "müraciət", "sənəd", "mənzil",
    "справка", "пенсия", "регистрация", "certificate", "registration", "pension", "the", "of",
  };
  BelSearchIndex *index = bel_search_index_new ();
  g_autoptr(GRand) rand = g_rand_new_with_seed (7);

  for (guint doc = 0; doc < n_docs; doc++)
    for (guint field = 0; field < BEL_SEARCH_N_FIELDS; field++)
      {
        GString *text = g_string_new (NULL);
        guint n = field == BEL_SEARCH_FIELD_SUMMARY ? 12 : 4;

        for (guint i = 0; i < n; i++)
          g_string_append_printf (text, "%s%s ",
                                  words[g_rand_int_range (rand, 0, G_N_ELEMENTS (words))],
                                  g_rand_boolean (rand) ? "" : "lar");
        bel_search_index_add (index, doc, field, text->str);
        g_string_free (text, TRUE);
      }
  bel_search_index_build (index);
  return index;
}

static void
test_short_queries_consistent (void)
{
  g_autoptr(BelSearchIndex) index = index_generated (3000);
  const char * const queries[] = {
    "a", "p", "ş", "s", "sə", "qe", "и", "ce", "5", "zz",
    /* Long words that find many documents, ranked further by short words. */
    "arayış p", "pensiya s e", "haqqında ö", "the o", "elektron i s q", "su ə",
  };

  /* Short queries are answered from a table; asking for more than it holds computes them.
   * Both must agree, and asking for fewer results must give the first of the same. */
  for (guint i = 0; i < G_N_ELEMENTS (queries); i++)
    {
      BelSearchHit small[10];
      g_autofree BelSearchHit *large = g_new (BelSearchHit, 1000);
      guint n_small = bel_search_index_query (index, queries[i], small, G_N_ELEMENTS (small));
      guint n_large = bel_search_index_query (index, queries[i], large, 1000);

      g_assert_cmpuint (n_small, ==, MIN (n_large, G_N_ELEMENTS (small)));
      for (guint j = 0; j < n_small; j++)
        {
          g_assert_cmpuint (small[j].doc, ==, large[j].doc);
          g_assert_cmpfloat_with_epsilon (small[j].score, large[j].score, 1e-9);
        }
    }
}

typedef struct {
  BelSearchIndex *index;
  const char * const *queries;
  guint n_queries;
  GPtrArray *expected;
  gboolean ok;
} ThreadData;

static gpointer
query_thread (gpointer user_data)
{
  ThreadData *data = user_data;

  data->ok = TRUE;
  for (guint round = 0; round < 30; round++)
    for (guint i = 0; i < data->n_queries; i++)
      {
        g_autofree char *got = ranking (data->index, data->queries[i]);

        if (g_strcmp0 (got, g_ptr_array_index (data->expected, i)) != 0)
          data->ok = FALSE;
      }
  return NULL;
}

static void
test_threads (void)
{
  g_autoptr(BelSearchIndex) index = index_generated (2000);
  const char * const queries[] = {
    "pensiya", "arayis haqqinda", "serifikat", "elektron imza", "справка", "ş", "mü",
    "qeydiyyatlar doğum", "the pension", "su işıq qaz",
  };
  g_autoptr(GPtrArray) expected = g_ptr_array_new_with_free_func (g_free);
  ThreadData data[4];
  GThread *threads[4];

  for (guint i = 0; i < G_N_ELEMENTS (queries); i++)
    g_ptr_array_add (expected, ranking (index, queries[i]));

  for (guint t = 0; t < G_N_ELEMENTS (threads); t++)
    {
      data[t] = (ThreadData) { index, queries, G_N_ELEMENTS (queries), expected, FALSE };
      threads[t] = g_thread_new ("query", query_thread, &data[t]);
    }
  for (guint t = 0; t < G_N_ELEMENTS (threads); t++)
    {
      g_thread_join (threads[t]);
      g_assert_true (data[t].ok);
    }
}

int
main (int   argc,
      char *argv[])
{
  setlocale (LC_ALL, "");
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/search-index/field-order", test_field_order);
  g_test_add_func ("/search-index/exact-prefix-fuzzy", test_exact_prefix_fuzzy);
  g_test_add_func ("/search-index/typo-limits", test_typo_limits);
  g_test_add_func ("/search-index/prefix", test_prefix);
  g_test_add_func ("/search-index/diacritics-both-ways", test_diacritics_both_ways);
  g_test_add_func ("/search-index/digraphs", test_digraphs);
  g_test_add_func ("/search-index/cyrillic", test_cyrillic);
  g_test_add_func ("/search-index/more-words-rank-higher", test_more_words_rank_higher);
  g_test_add_func ("/search-index/rare-words-count-more", test_rare_words_count_more);
  g_test_add_func ("/search-index/hostile-input", test_hostile_input);
  g_test_add_func ("/search-index/random-bytes", test_random_bytes);
  g_test_add_func ("/search-index/add-order", test_add_order);
  g_test_add_func ("/search-index/empty", test_empty_index);
  g_test_add_func ("/search-index/short-queries-consistent", test_short_queries_consistent);
  g_test_add_func ("/search-index/threads", test_threads);

  return g_test_run ();
}
