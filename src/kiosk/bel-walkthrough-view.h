/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "bel-speaker.h"
#include "bel-walkthrough.h"

G_BEGIN_DECLS

#define BEL_TYPE_WALKTHROUGH_VIEW (bel_walkthrough_view_get_type ())
G_DECLARE_FINAL_TYPE (BelWalkthroughView, bel_walkthrough_view, BEL, WALKTHROUGH_VIEW, GtkWidget)

/* One walkthrough as large pages the citizen swipes or steps through with Previous and Next:
 * a page per step (picture, a sentence or two, what you need, a warning, a helpline), then a
 * last page with the checklist to take home, printable, and a QR code of the sign-in page.
 * "Read aloud" reads the page on screen. Part of the guide page (bel-guide-page.c). */

/* Shows @walkthrough_id of @set from its first step, in @lang. With @service_id, the last page
 * offers to go back to that service (@service_title names it). */
void        bel_walkthrough_view_show         (BelWalkthroughView *self,
                                               BelWalkthroughSet  *set,
                                               const char         *walkthrough_id,
                                               const char         *service_id,
                                               const char         *service_title,
                                               BelLang             lang);
/* Renders again in @lang from @set (a language change or new content), on the same page. */
void        bel_walkthrough_view_refresh      (BelWalkthroughView *self,
                                               BelWalkthroughSet  *set,
                                               const char         *service_title,
                                               BelLang             lang);
/* Forgets the walkthrough and stops reading. */
void        bel_walkthrough_view_clear        (BelWalkthroughView *self);

const char *bel_walkthrough_view_get_id       (BelWalkthroughView *self);
const char *bel_walkthrough_view_get_title    (BelWalkthroughView *self);
guint       bel_walkthrough_view_get_position (BelWalkthroughView *self);
/* Steps plus the last page. */
guint       bel_walkthrough_view_get_n_pages  (BelWalkthroughView *self);
void        bel_walkthrough_view_go_to        (BelWalkthroughView *self,
                                               guint               position,
                                               gboolean            animate);

/* For tests: the voice of "Read aloud", and a PDF file that Print writes instead. */
BelSpeaker *bel_walkthrough_view_get_speaker    (BelWalkthroughView *self);
void        bel_walkthrough_view_set_print_file (BelWalkthroughView *self,
                                                 const char         *pdf_path);

G_END_DECLS
