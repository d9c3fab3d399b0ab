/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* The key sets the keyboard can show. The nicks ("az", "ru", "digits") are what a .ui file
 * writes for the "layout" property. */
typedef enum {
  BEL_KEYBOARD_LAYOUT_AZ,
  BEL_KEYBOARD_LAYOUT_RU,
  BEL_KEYBOARD_LAYOUT_DIGITS,
} BelKeyboardLayout;

#define BEL_TYPE_KEYBOARD_LAYOUT (bel_keyboard_layout_get_type ())
GType bel_keyboard_layout_get_type (void) G_GNUC_CONST;

#define BEL_TYPE_KEYBOARD (bel_keyboard_get_type ())
G_DECLARE_FINAL_TYPE (BelKeyboard, bel_keyboard, BEL, KEYBOARD, GtkWidget)

GtkWidget         *bel_keyboard_new        (void);

BelKeyboardLayout  bel_keyboard_get_layout (BelKeyboard       *self);
void               bel_keyboard_set_layout (BelKeyboard       *self,
                                            BelKeyboardLayout  layout);

gboolean           bel_keyboard_get_shift  (BelKeyboard       *self);
void               bel_keyboard_set_shift  (BelKeyboard       *self,
                                            gboolean           shift);

/* Where keys type. With no target (the default), keys type into the editable that has the
 * focus in the keyboard's window. Held weakly. */
GtkEditable       *bel_keyboard_get_target (BelKeyboard       *self);
void               bel_keyboard_set_target (BelKeyboard       *self,
                                            GtkEditable       *target);

/* Back to the state of a fresh keyboard showing @layout: shift off, any held key released.
 * For the idle reset. */
void               bel_keyboard_reset      (BelKeyboard       *self,
                                            BelKeyboardLayout  layout);

G_END_DECLS
