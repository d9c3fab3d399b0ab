/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* Makes a text field fit for a public kiosk: no context menu (right click or long press), no
 * emoji chooser, and no undo history that could bring back what the previous citizen typed. */
void bel_lockdown_editable (GtkEditable *editable);

G_END_DECLS
