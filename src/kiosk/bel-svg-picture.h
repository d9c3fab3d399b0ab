/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define BEL_TYPE_SVG_PICTURE (bel_svg_picture_get_type ())
G_DECLARE_FINAL_TYPE (BelSvgPicture, bel_svg_picture, BEL, SVG_PICTURE, GtkWidget)

/* An SVG drawing shown as large as its allocation allows, keeping its proportions, and drawn
 * at the screen's own resolution (size × scale factor) each time that size changes, so it is
 * sharp on any screen. The SVG comes as bytes: walkthrough pictures live in the database. */
GtkWidget *bel_svg_picture_new            (void);
GBytes    *bel_svg_picture_get_bytes      (BelSvgPicture *self);
void       bel_svg_picture_set_bytes      (BelSvgPicture *self,
                                           GBytes        *bytes);
/* The size, in device pixels, it was last drawn at (0 before the first frame); for tests. */
void       bel_svg_picture_get_drawn_size (BelSvgPicture *self,
                                           int           *width,
                                           int           *height);

G_END_DECLS
