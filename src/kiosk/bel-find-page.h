/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "bel-page.h"

G_BEGIN_DECLS

typedef enum {
  BEL_FIND_MODE_SEARCH,
  BEL_FIND_MODE_CATEGORIES,
  BEL_FIND_MODE_AGENCIES,
} BelFindMode;

const char *bel_find_mode_to_string   (BelFindMode  mode);
gboolean    bel_find_mode_from_string (const char  *str,
                                       BelFindMode *out_mode);

#define BEL_TYPE_FIND_PAGE (bel_find_page_get_type ())
G_DECLARE_FINAL_TYPE (BelFindPage, bel_find_page, BEL, FIND_PAGE, BelPage)

/* "Find a service": search by words with the on-screen keyboard, or browse by life event or
 * by agency. */
BelFindMode  bel_find_page_get_mode     (BelFindPage *self);
void         bel_find_page_set_mode     (BelFindPage *self,
                                         BelFindMode  mode);
const char  *bel_find_page_get_query    (BelFindPage *self);
void         bel_find_page_set_query    (BelFindPage *self,
                                         const char  *query);
GtkEditable *bel_find_page_get_entry    (BelFindPage *self);
/* The results shown for the current query (of BelService). */
GListModel  *bel_find_page_get_results  (BelFindPage *self);

G_END_DECLS
