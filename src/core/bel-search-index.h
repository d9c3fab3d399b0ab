/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* An in-memory, Azerbaijani-aware search index over documents (services), built once when the
 * catalogue loads and queried on every keystroke. Text of every language goes in; queries in
 * any script or spelling come out (see bel-fold.h). No SQLite, no GTK. */

typedef enum {
  BEL_SEARCH_FIELD_TITLE,     /* strongest */
  BEL_SEARCH_FIELD_KEYWORD,
  BEL_SEARCH_FIELD_AGENCY,    /* current and former agency names */
  BEL_SEARCH_FIELD_SUMMARY,   /* weakest */
  BEL_SEARCH_N_FIELDS
} BelSearchField;

typedef struct {
  guint  doc;
  double score;
} BelSearchHit;

typedef struct _BelSearchIndex BelSearchIndex;

BelSearchIndex *bel_search_index_new      (void);
/* @doc ids are small integers chosen by the caller (an index into its own array). */
void            bel_search_index_add      (BelSearchIndex *index,
                                           guint           doc,
                                           BelSearchField  field,
                                           const char     *text);
/* Call once after the last add, before the first query. */
void            bel_search_index_build    (BelSearchIndex *index);
/* Fills @hits with at most @max_hits results, best first; returns how many. Safe for any
 * bytes in @query (invalid UTF-8, control characters, 10 KB strings). Reentrant: may be called
 * from several threads at once on a built index. */
guint           bel_search_index_query    (BelSearchIndex *index,
                                           const char     *query,
                                           BelSearchHit   *hits,
                                           guint           max_hits);
gsize           bel_search_index_get_memory_size (BelSearchIndex *index);
void            bel_search_index_free     (BelSearchIndex *index);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (BelSearchIndex, bel_search_index_free)

G_END_DECLS
