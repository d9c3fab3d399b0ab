/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "bel-catalogue.h"

G_BEGIN_DECLS

#define BEL_TYPE_GUIDE_LINKS (bel_guide_links_get_type ())
G_DECLARE_FINAL_TYPE (BelGuideLinks, bel_guide_links, BEL, GUIDE_LINKS, GtkWidget)

/* For a service's page: "How to sign in" and a button for each walkthrough that teaches one of
 * the sign-in methods the service needs. Each opens the walkthrough with the way back to the
 * service at its end. Hidden when there is none. */
GtkWidget *bel_guide_links_new         (void);
/* Call whenever the service, the catalogue or the language changes. */
void       bel_guide_links_set_service (BelGuideLinks *self,
                                        BelCatalogue  *catalogue,
                                        BelService    *service,
                                        BelLang        lang);

G_END_DECLS
