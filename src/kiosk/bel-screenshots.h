/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* `beledci --screenshots DIR`: renders every screen in Azerbaijani, Russian and English at
 * 1280x800, and the search screen in portrait at 1080x1920, as PNG files in @dir. Needs a
 * display (Xvfb will do). Returns FALSE, with a message on stderr, if any picture failed. */
gboolean bel_screenshots_run (GtkApplication *application,
                              const char     *dir);

G_END_DECLS
