/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "bel-walkthrough.h"

G_BEGIN_DECLS

#define BEL_TYPE_PRACTICE_VIEW (bel_practice_view_get_type ())
G_DECLARE_FINAL_TYPE (BelPracticeView, bel_practice_view, BEL, PRACTICE_VIEW, GtkWidget)

/* Practice mode: an offline imitation of the portal's registration (FİN code, mobile number,
 * a pretend SMS code shown on screen, a password) and sign-in forms, ending on a pretend
 * "Welcome" page that names the service the citizen came for. Every screen says it is
 * practice and that nothing is sent. Each common mistake gets a kind explanation
 * (bel-practice.h).
 *
 * What is typed is held only by the entries (undo off) and by this view's own buffers, never
 * logged or written anywhere, and bel_practice_view_wipe() overwrites and clears all of it: the
 * guide page calls it when practice ends, when the language changes and on idle reset. */

/* Starts at the first screen in @lang; @service_title (may be NULL) is the service the citizen
 * came for, @service_id where "Back to the service" goes. @set provides the pictures. */
void        bel_practice_view_start    (BelPracticeView   *self,
                                        BelWalkthroughSet *set,
                                        const char        *service_id,
                                        const char        *service_title,
                                        BelLang            lang);
/* Forgets everything typed, overwriting the view's own copies, and goes back to the first
 * screen. */
void        bel_practice_view_wipe     (BelPracticeView   *self);

/* For tests and screenshots: the screen shown ("start", "fin", "phone", "owner", "sms",
 * "password", "signin", "welcome"), and the pretend SMS code. */
const char *bel_practice_view_get_screen   (BelPracticeView *self);
const char *bel_practice_view_get_sms_code (BelPracticeView *self);
/* The entry of a screen's field: "fin", "phone", "sms", "password", "signin-fin",
 * "signin-password". */
GtkEditable *bel_practice_view_get_entry   (BelPracticeView *self,
                                            const char      *field);

G_END_DECLS
