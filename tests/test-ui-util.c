/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-ui"

#include "config.h"

#include <adwaita.h>
#include <gdk/x11/gdkx.h>
#include <X11/extensions/XTest.h>

#include "bel-content.h"
#include "bel-i18n.h"
#include "test-ui-util.h"

static BelApplication *app;
static BelDatabase *db;
static BelCatalogue *catalogue;

gboolean
test_ui_flag_true (gpointer data)
{
  *(gboolean *) data = TRUE;
  return G_SOURCE_REMOVE;
}

void
test_ui_init (int    *argc,
              char ***argv)
{
  g_autoptr(GError) error = NULL;

  /* As the kiosk does (main.c): with the cairo renderer, GL is never needed. */
  if (g_strcmp0 (g_getenv ("GSK_RENDERER"), "cairo") == 0 && g_getenv ("GDK_DEBUG") == NULL)
    g_setenv ("GDK_DEBUG", "gl-disable", FALSE);

  /* Not gtk_test_init(): it forces an English locale and the tests switch languages. */
  g_test_init (argc, argv, NULL);
  bel_i18n_init ();

  app = bel_application_new ();
  g_application_set_flags (G_APPLICATION (app), G_APPLICATION_NON_UNIQUE);
  g_assert_true (g_application_register (G_APPLICATION (app), NULL, &error));
  g_assert_no_error (error);

  /* Pages switch at once, so a test sees the screen it asked for. */
  g_object_set (gtk_settings_get_default (), "gtk-enable-animations", FALSE, NULL);

  db = bel_database_open (":memory:", &error);
  g_assert_no_error (error);
  catalogue = bel_catalogue_new (db, bel_content_bundled_dir (), &error);
  g_assert_no_error (error);
  g_assert_nonnull (catalogue);
}

BelApplication *
test_ui_get_app (void)
{
  return app;
}

BelCatalogue *
test_ui_get_catalogue (void)
{
  return catalogue;
}

void
test_ui_settle (GtkWidget *widget)
{
  GtkWidget *root = GTK_WIDGET (gtk_widget_get_root (widget));

  /* Two frames: one for the change, one for anything the first frame's layout queued. */
  gtk_widget_queue_draw (root);
  gtk_test_widget_wait_for_draw (root);
  gtk_widget_queue_draw (root);
  gtk_test_widget_wait_for_draw (root);
}

BelWindow *
test_ui_new_window (gboolean kiosk_mode)
{
  BelWindow *window = bel_window_new (GTK_APPLICATION (app), kiosk_mode);

  bel_window_set_catalogue (window, catalogue);
  bel_window_set_idle_timeouts (window, 600000, 600000, 600000);
  gtk_window_set_default_size (GTK_WINDOW (window), 1280, 800);
  gtk_window_present (GTK_WINDOW (window));
  TEST_UI_WAIT_UNTIL (gtk_widget_get_mapped (GTK_WIDGET (window)), 5000);
  test_ui_settle (GTK_WIDGET (window));

  return window;
}

static void
set_true_cb (gpointer  data,
             GObject  *where_the_object_was)
{
  *(gboolean *) data = TRUE;
}

void
test_ui_destroy_window (BelWindow *window)
{
  gboolean finalized = FALSE;

  g_object_weak_ref (G_OBJECT (window), set_true_cb, &finalized);
  gtk_window_destroy (GTK_WINDOW (window));
  TEST_UI_WAIT_UNTIL (finalized, 5000);
}

const char *
test_ui_widget_text (GtkWidget *widget)
{
  if (GTK_IS_LABEL (widget))
    return gtk_label_get_text (GTK_LABEL (widget));
  if (ADW_IS_BUTTON_CONTENT (widget))
    return adw_button_content_get_label (ADW_BUTTON_CONTENT (widget));
  if (GTK_IS_EDITABLE (widget))
    return gtk_editable_get_text (GTK_EDITABLE (widget));
  if (GTK_IS_BUTTON (widget))
    {
      GtkWidget *child = gtk_button_get_child (GTK_BUTTON (widget));

      if (gtk_button_get_label (GTK_BUTTON (widget)))
        return gtk_button_get_label (GTK_BUTTON (widget));
      if (child)
        {
          /* The first text inside, such as an AdwButtonContent's label. */
          const char *text = test_ui_widget_text (child);

          for (GtkWidget *c = gtk_widget_get_first_child (child); text == NULL && c;
               c = gtk_widget_get_next_sibling (c))
            text = test_ui_widget_text (c);
          return text;
        }
    }
  return NULL;
}

static GtkWidget *
find_in (GtkWidget  *widget,
         GType       type,
         const char *text)
{
  if (!gtk_widget_get_mapped (widget))
    return NULL;

  if (G_TYPE_CHECK_INSTANCE_TYPE (widget, type) &&
      (text == NULL || g_strcmp0 (test_ui_widget_text (widget), text) == 0))
    return widget;

  for (GtkWidget *child = gtk_widget_get_first_child (widget); child;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_in (child, type, text);

      if (found)
        return found;
    }
  return NULL;
}

GtkWidget *
test_ui_find (GtkWidget  *root,
              GType       type,
              const char *text)
{
  return find_in (root, type, text);
}

GtkWidget *
test_ui_find_with_class (GtkWidget  *root,
                         const char *css_class)
{
  if (!gtk_widget_get_mapped (root))
    return NULL;
  if (gtk_widget_has_css_class (root, css_class))
    return root;

  for (GtkWidget *child = gtk_widget_get_first_child (root); child;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = test_ui_find_with_class (child, css_class);

      if (found)
        return found;
    }
  return NULL;
}

static void
find_all_in (GtkWidget *widget,
             GType      type,
             GPtrArray *found)
{
  if (G_TYPE_CHECK_INSTANCE_TYPE (widget, type))
    g_ptr_array_add (found, widget);

  for (GtkWidget *child = gtk_widget_get_first_child (widget); child;
       child = gtk_widget_get_next_sibling (child))
    find_all_in (child, type, found);
}

GPtrArray *
test_ui_find_all (GtkWidget *root,
                  GType      type)
{
  GPtrArray *found = g_ptr_array_new ();

  find_all_in (root, type, found);
  return found;
}

gboolean
test_ui_shows_text (GtkWidget  *root,
                    const char *needle,
                    gboolean    mapped_only)
{
  const char *text = NULL;

  if (mapped_only && !gtk_widget_get_mapped (root))
    return FALSE;

  if (GTK_IS_LABEL (root))
    text = gtk_label_get_text (GTK_LABEL (root));
  else if (GTK_IS_TEXT (root))
    text = gtk_editable_get_text (GTK_EDITABLE (root));
  if (text && strstr (text, needle))
    return TRUE;

  for (GtkWidget *child = gtk_widget_get_first_child (root); child;
       child = gtk_widget_get_next_sibling (child))
    if (test_ui_shows_text (child, needle, mapped_only))
      return TRUE;

  return FALSE;
}

static void
root_point (GtkWidget *widget,
            int       *out_x,
            int       *out_y)
{
  GtkNative *native = gtk_widget_get_native (widget);
  GdkDisplay *display = gtk_widget_get_display (widget);
  Display *dpy = gdk_x11_display_get_xdisplay (display);
  Window xid = gdk_x11_surface_get_xid (gtk_native_get_surface (native));
  graphene_point_t point;
  double sx, sy;
  Window child;

  g_assert_true (gtk_widget_compute_point (widget, GTK_WIDGET (native),
                                           &GRAPHENE_POINT_INIT (gtk_widget_get_width (widget) / 2.f,
                                                                 gtk_widget_get_height (widget) / 2.f),
                                           &point));
  gtk_native_get_surface_transform (native, &sx, &sy);
  XTranslateCoordinates (dpy, xid, DefaultRootWindow (dpy),
                         (int) (point.x + sx), (int) (point.y + sy), out_x, out_y, &child);
}

void
test_ui_click (GtkWidget *widget)
{
  Display *dpy = gdk_x11_display_get_xdisplay (gtk_widget_get_display (widget));
  int x, y;

  g_assert_true (gtk_widget_get_mapped (widget));
  root_point (widget, &x, &y);
  XTestFakeMotionEvent (dpy, -1, x, y, 0);
  XTestFakeButtonEvent (dpy, 1, True, 0);
  XTestFakeButtonEvent (dpy, 1, False, 0);
  XFlush (dpy);
}

void
test_ui_key (GtkWidget *window,
             guint      keysym,
             guint      modifier)
{
  Display *dpy = gdk_x11_display_get_xdisplay (gtk_widget_get_display (window));
  Window xid = gdk_x11_surface_get_xid (gtk_native_get_surface (GTK_NATIVE (window)));
  KeyCode key = XKeysymToKeycode (dpy, keysym);
  KeyCode mod = modifier ? XKeysymToKeycode (dpy, modifier) : 0;
  int x, y;

  g_assert_cmpuint (key, !=, 0);

  /* There is no window manager: give the window the keyboard ourselves, once (moving the
   * focus again would close an open popover). */
  if (!gtk_window_is_active (GTK_WINDOW (window)))
    {
      root_point (window, &x, &y);
      XTestFakeMotionEvent (dpy, -1, x, y, 0);
      XSetInputFocus (dpy, xid, RevertToParent, CurrentTime);
    }

  if (mod)
    XTestFakeKeyEvent (dpy, mod, True, 0);
  XTestFakeKeyEvent (dpy, key, True, 0);
  XTestFakeKeyEvent (dpy, key, False, 0);
  if (mod)
    XTestFakeKeyEvent (dpy, mod, False, 0);
  XFlush (dpy);
}

void
test_ui_save_png (GtkWidget  *widget,
                  const char *path)
{
  g_autoptr(GdkPaintable) paintable = gtk_widget_paintable_new (widget);
  GtkSnapshot *snapshot = gtk_snapshot_new ();
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  graphene_rect_t bounds;

  gdk_paintable_snapshot (paintable, snapshot,
                          gtk_widget_get_width (widget), gtk_widget_get_height (widget));
  node = gtk_snapshot_free_to_node (snapshot);
  g_assert_nonnull (node);
  graphene_rect_init (&bounds, 0, 0, gtk_widget_get_width (widget), gtk_widget_get_height (widget));
  texture = gsk_renderer_render_texture (gtk_native_get_renderer (gtk_widget_get_native (widget)),
                                         node, &bounds);
  g_assert_true (gdk_texture_save_to_png (texture, path));
}

BelService *
test_ui_service_by_title (const char *az_title)
{
  GListModel *services = bel_catalogue_get_services (catalogue);

  for (guint i = 0; i < g_list_model_get_n_items (services); i++)
    {
      g_autoptr(BelService) service = g_list_model_get_item (services, i);

      if (g_strcmp0 (bel_service_get_title (service, BEL_LANG_AZ), az_title) == 0)
        return service;
    }
  return NULL;
}
