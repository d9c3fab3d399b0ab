/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "bel-catalogue.h"

G_BEGIN_DECLS

#define BEL_TYPE_SERVICE_ROW (bel_service_row_get_type ())
G_DECLARE_FINAL_TYPE (BelServiceRow, bel_service_row, BEL, SERVICE_ROW, GtkButton)

/* One service in a list of results: its title, its agency and where it is given. */
GtkWidget  *bel_service_row_new          (void);
void        bel_service_row_set_service  (BelServiceRow *self,
                                          BelService    *service,
                                          BelCatalogue  *catalogue,
                                          BelLang        lang);
BelService *bel_service_row_get_service  (BelServiceRow *self);

/* Where a service is given, in words for the current language, with an icon name. */
const char *bel_channel_describe         (BelChannel     channel,
                                          const char   **out_icon_name);

/* A list item factory that shows BelService items as BelServiceRows in the current language. */
GtkListItemFactory *bel_service_row_factory_new (BelCatalogue *(*get_catalogue) (gpointer),
                                                 gpointer       user_data);

G_END_DECLS
