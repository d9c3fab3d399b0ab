/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-ui-kiosk"

#include "config.h"

#include <gdk/x11/gdkx.h>
#include <X11/extensions/XTest.h>
#include <X11/keysym.h>

#include "bel-find-page.h"
#include "test-ui-util.h"

static void
set_true_cb (gpointer  data,
             GObject  *where_the_object_was)
{
  *(gboolean *) data = TRUE;
}

/* Types @c with a real key press and waits until the search field shows @expected: proof that
 * every key sent before it has been handled. */
static void
type_and_wait (GtkWidget   *window,
               GtkEditable *entry,
               guint        keysym,
               const char  *expected)
{
  test_ui_key (window, keysym, 0);
  TEST_UI_WAIT_UNTIL (g_strcmp0 (gtk_editable_get_text (entry), expected) == 0, 3000);
}

static gboolean
has_mapped_popover (GtkWidget *root)
{
  g_autoptr(GPtrArray) popovers = test_ui_find_all (root, GTK_TYPE_POPOVER);

  for (guint i = 0; i < popovers->len; i++)
    if (gtk_widget_get_mapped (popovers->pdata[i]))
      return TRUE;
  return FALSE;
}

/* In kiosk mode no key closes or leaves the kiosk, a close request is refused, and the text
 * field has no context menu. */
static void
test_kiosk_mode (void)
{
  BelWindow *window = test_ui_new_window (TRUE);
  BelFindPage *find = BEL_FIND_PAGE (bel_window_get_page (window, "find"));
  GtkEditable *entry = bel_find_page_get_entry (find);
  GtkWidget *widget = GTK_WIDGET (window);
  gboolean finalized = FALSE;
  const struct { guint keysym; guint modifier; } keys[] = {
    { XK_Escape, 0 },
    { XK_F4, XK_Alt_L },
    { XK_q, XK_Control_L },
    { XK_w, XK_Control_L },
    { XK_F11, 0 },
    { XK_Menu, 0 },
    { XK_F10, XK_Shift_L },
  };
  GString *expected = g_string_new ("ab");

  g_assert_false (gtk_window_get_decorated (GTK_WINDOW (window)));
  g_object_weak_ref (G_OBJECT (window), set_true_cb, &finalized);

  gtk_widget_activate_action (widget, "nav.find", "s", "search");
  test_ui_settle (widget);
  gtk_widget_grab_focus (GTK_WIDGET (entry));
  type_and_wait (widget, entry, XK_a, "a");
  type_and_wait (widget, entry, XK_b, "ab");

  /* What a compositor does on Alt+F4 or its close button. */
  gtk_window_close (GTK_WINDOW (window));
  test_ui_settle (widget);
  g_assert_false (finalized);
  g_assert_true (gtk_widget_get_mapped (widget));

  /* Escape would clear the search field; the others would close, quit, leave fullscreen or
   * open a menu. None may do anything: the next letter lands after "ab". */
  for (guint i = 0; i < G_N_ELEMENTS (keys); i++)
    {
      test_ui_key (widget, keys[i].keysym, keys[i].modifier);
      g_string_append_c (expected, 'x');
      type_and_wait (widget, entry, XK_x, expected->str);
      g_assert_false (finalized);
      g_assert_true (gtk_widget_get_mapped (widget));
      g_assert_true (bel_window_get_visible_page (window) == BEL_PAGE (find));
      g_assert_false (has_mapped_popover (widget));
    }

  /* A right click on the field: no menu (and the field keeps taking letters). */
  {
    Display *dpy = gdk_x11_display_get_xdisplay (gtk_widget_get_display (widget));

    test_ui_click (GTK_WIDGET (entry));
    XTestFakeButtonEvent (dpy, 3, True, 0);
    XTestFakeButtonEvent (dpy, 3, False, 0);
    XFlush (dpy);
    g_string_append_c (expected, 'x');
    type_and_wait (widget, entry, XK_x, expected->str);
    test_ui_settle (widget);
    g_assert_false (has_mapped_popover (widget));
  }

  g_string_free (expected, TRUE);
  test_ui_destroy_window (window);
}

/* The same window, not in kiosk mode, lets Escape clear the search and closes when asked:
 * what the kiosk test above refuses is really there to refuse. */
static void
test_windowed_mode (void)
{
  BelWindow *window = test_ui_new_window (FALSE);
  BelFindPage *find = BEL_FIND_PAGE (bel_window_get_page (window, "find"));
  GtkEditable *entry = bel_find_page_get_entry (find);
  GtkWidget *widget = GTK_WIDGET (window);
  gboolean finalized = FALSE;

  gtk_widget_activate_action (widget, "nav.find", "s", "search");
  test_ui_settle (widget);
  gtk_widget_grab_focus (GTK_WIDGET (entry));
  type_and_wait (widget, entry, XK_a, "a");
  test_ui_key (widget, XK_Escape, 0);
  TEST_UI_WAIT_UNTIL (g_strcmp0 (gtk_editable_get_text (entry), "") == 0, 3000);

  g_object_weak_ref (G_OBJECT (window), set_true_cb, &finalized);
  gtk_window_close (GTK_WINDOW (window));
  TEST_UI_WAIT_UNTIL (finalized, 3000);
}

int
main (int   argc,
      char *argv[])
{
  test_ui_init (&argc, &argv);

  g_test_add_func ("/ui/kiosk/locked-down", test_kiosk_mode);
  g_test_add_func ("/ui/kiosk/windowed", test_windowed_mode);

  return g_test_run ();
}
