/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define BEL_TYPE_GUIDE_BUTTON (bel_guide_button_get_type ())
G_DECLARE_FINAL_TYPE (BelGuideButton, bel_guide_button, BEL, GUIDE_BUTTON, GtkWidget)

/* "How to sign in to e-gov.az", for the welcome screen: a large button to the guide page
 * (nav.guide). It shows only while the catalogue of the page it is on has walkthroughs, so
 * the kiosk never offers an empty screen. */
GtkWidget *bel_guide_button_new (void);

G_END_DECLS
