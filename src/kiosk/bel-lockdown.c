/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "bel-lockdown"

#include "config.h"

#include "bel-lockdown.h"

static void
claim_cb (GtkGesture *gesture)
{
  gtk_gesture_set_state (gesture, GTK_EVENT_SEQUENCE_CLAIMED);
}

void
bel_lockdown_editable (GtkEditable *editable)
{
  GtkEditable *delegate;
  GtkWidget *text;
  GtkGesture *gesture;

  g_return_if_fail (GTK_IS_EDITABLE (editable));

  gtk_editable_set_enable_undo (editable, FALSE);

  /* The GtkText inside an entry is what pops up menus; find it. */
  delegate = editable;
  while (gtk_editable_get_delegate (delegate) != NULL)
    delegate = gtk_editable_get_delegate (delegate);
  text = GTK_WIDGET (delegate);

  if (GTK_IS_TEXT (text))
    {
      gtk_text_set_input_hints (GTK_TEXT (text),
                                gtk_text_get_input_hints (GTK_TEXT (text)) |
                                GTK_INPUT_HINT_NO_EMOJI);
      /* The actions behind the context menu and the emoji chooser are disabled too, so
       * neither the Menu key nor a shortcut reaches them. */
      gtk_widget_action_set_enabled (text, "menu.popup", FALSE);
      gtk_widget_action_set_enabled (text, "misc.insert-emoji", FALSE);
    }

  /* Claimed in the capture phase, before the text's own gestures would open the menu. */
  gesture = gtk_gesture_click_new ();
  gtk_gesture_single_set_button (GTK_GESTURE_SINGLE (gesture), GDK_BUTTON_SECONDARY);
  gtk_event_controller_set_propagation_phase (GTK_EVENT_CONTROLLER (gesture), GTK_PHASE_CAPTURE);
  g_signal_connect (gesture, "pressed", G_CALLBACK (claim_cb), NULL);
  gtk_widget_add_controller (text, GTK_EVENT_CONTROLLER (gesture));

  gesture = gtk_gesture_long_press_new ();
  gtk_gesture_single_set_touch_only (GTK_GESTURE_SINGLE (gesture), FALSE);
  gtk_event_controller_set_propagation_phase (GTK_EVENT_CONTROLLER (gesture), GTK_PHASE_CAPTURE);
  g_signal_connect (gesture, "pressed", G_CALLBACK (claim_cb), NULL);
  gtk_widget_add_controller (text, GTK_EVENT_CONTROLLER (gesture));
}
