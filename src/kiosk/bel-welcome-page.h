/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "bel-page.h"

G_BEGIN_DECLS

#define BEL_TYPE_WELCOME_PAGE (bel_welcome_page_get_type ())
G_DECLARE_FINAL_TYPE (BelWelcomePage, bel_welcome_page, BEL, WELCOME_PAGE, BelPage)

/* The attract loop: a slow slideshow in the three languages that invites people to touch. */
void     bel_welcome_page_set_attracting (BelWelcomePage *self,
                                          gboolean        attracting);
gboolean bel_welcome_page_get_attracting (BelWelcomePage *self);

/* "About this kiosk" in the footer: the last successful sync (unix time, 0 = never) and the
 * anonymous records waiting to be sent. */
void     bel_welcome_page_set_sync_info  (BelWelcomePage *self,
                                          gint64          last_sync,
                                          gint64          pending_records);

G_END_DECLS
