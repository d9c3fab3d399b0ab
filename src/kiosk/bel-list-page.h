/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "bel-page.h"

G_BEGIN_DECLS

#define BEL_TYPE_LIST_PAGE (bel_list_page_get_type ())
G_DECLARE_FINAL_TYPE (BelListPage, bel_list_page, BEL, LIST_PAGE, BelPage)

/* The services of one life-event category or of one agency, in alphabetical order. */
void        bel_list_page_show_category (BelListPage *self,
                                         const char  *category_id);
void        bel_list_page_show_agency   (BelListPage *self,
                                         const char  *agency_id);
GListModel *bel_list_page_get_services  (BelListPage *self);

G_END_DECLS
