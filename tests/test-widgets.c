/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-widgets"

#include "config.h"

#include <locale.h>

#include <adwaita.h>
#include <gdk/x11/gdkx.h>
#include <glib/gstdio.h>
#include <gtk/gtk.h>
#include <X11/extensions/XTest.h>

#include "bel-i18n.h"
#include "bel-keyboard.h"
#include "bel-print.h"
#include "bel-qr-code.h"

/* The kiosk's self-contained widgets, under Xvfb: the on-screen keyboard driven by real
 * pointer clicks (XTest), the QR code decoded by zbarimg, the printed checklist read back
 * with pdftotext and pdfinfo. Set BELEDCI_WIDGET_PNG_DIR to keep the rendered images. */

static char *tmp_dir;

static gboolean
flag_true (gpointer p)
{
  *(gboolean *) p = TRUE;
  return G_SOURCE_REMOVE;
}

#define WAIT_UNTIL(expr, ms) G_STMT_START {                                    \
    gboolean _to = FALSE;                                                      \
    guint _id = g_timeout_add ((ms), flag_true, &_to);                         \
    while (!(expr) && !_to)                                                    \
      g_main_context_iteration (NULL, TRUE);                                   \
    if (!_to)                                                                  \
      g_source_remove (_id);                                                   \
    g_assert_true (expr);                                                      \
  } G_STMT_END

/* Lets the main loop run for @ms: only to show that something does NOT happen. */
static void
run_for (guint ms)
{
  gboolean done = FALSE;

  g_timeout_add (ms, flag_true, &done);
  while (!done)
    g_main_context_iteration (NULL, TRUE);
}

static char *
output_path (const char *name)
{
  const char *dir = g_getenv ("BELEDCI_WIDGET_PNG_DIR");

  if (dir != NULL && *dir != '\0')
    {
      g_mkdir_with_parents (dir, 0755);
      return g_build_filename (dir, name, NULL);
    }
  return g_build_filename (tmp_dir, name, NULL);
}

static GdkTexture *
render_widget (GtkWidget *widget)
{
  g_autoptr(GdkPaintable) paintable = gtk_widget_paintable_new (widget);
  GtkSnapshot *snapshot = gtk_snapshot_new ();
  g_autoptr(GskRenderNode) node = NULL;
  graphene_rect_t bounds;
  int width, height;

  /* The paintable's size includes the widget's padding, which the widget's own does not. */
  width = gdk_paintable_get_intrinsic_width (paintable);
  height = gdk_paintable_get_intrinsic_height (paintable);
  gdk_paintable_snapshot (paintable, snapshot, width, height);
  node = gtk_snapshot_free_to_node (snapshot);
  g_assert_nonnull (node);
  /* The widget's own rectangle, so the image has the widget's size and a background. */
  graphene_rect_init (&bounds, 0, 0, width, height);
  return gsk_renderer_render_texture (gtk_native_get_renderer (gtk_widget_get_native (widget)),
                                      node, &bounds);
}

static char *
run_command (const char * const *argv)
{
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autoptr(GError) error = NULL;
  int status;

  g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL,
                &out, &err, &status, &error);
  g_assert_no_error (error);
  if (!g_spawn_check_wait_status (status, &error))
    g_error ("%s failed: %s\n%s", argv[0], error->message, err);
  return g_steal_pointer (&out);
}

static GtkWidget *
new_window (GtkWidget *child,
            int        width,
            int        height)
{
  GtkWidget *window = gtk_window_new ();

  gtk_window_set_default_size (GTK_WINDOW (window), width, height);
  gtk_window_set_child (GTK_WINDOW (window), child);
  gtk_window_present (GTK_WINDOW (window));
  gtk_test_widget_wait_for_draw (window);
  return window;
}

/* A real pointer press and/or release at the middle of @widget, through the X server, so it
 * goes through GTK's event handling and gestures exactly as a mouse or a finger would. */
static void
xtest_pointer (GtkWidget *widget,
               gboolean   press,
               gboolean   release)
{
  GtkWidget *window = GTK_WIDGET (gtk_widget_get_root (widget));
  GdkDisplay *display = gtk_widget_get_display (widget);
  Display *dpy = gdk_x11_display_get_xdisplay (display);
  Window xid = gdk_x11_surface_get_xid (gtk_native_get_surface (GTK_NATIVE (window)));
  graphene_point_t p;
  double sx, sy;
  int rx, ry;
  Window child;

  g_assert_true (gtk_widget_get_mapped (widget));
  g_assert_true (gtk_widget_compute_point (widget, window,
                                           &GRAPHENE_POINT_INIT (gtk_widget_get_width (widget) / 2.f,
                                                                 gtk_widget_get_height (widget) / 2.f),
                                           &p));
  gtk_native_get_surface_transform (GTK_NATIVE (window), &sx, &sy);
  XTranslateCoordinates (dpy, xid, DefaultRootWindow (dpy), (int) (p.x + sx), (int) (p.y + sy),
                         &rx, &ry, &child);
  XTestFakeMotionEvent (dpy, -1, rx, ry, 0);
  if (press)
    XTestFakeButtonEvent (dpy, 1, True, 0);
  if (release)
    XTestFakeButtonEvent (dpy, 1, False, 0);
  XFlush (dpy);
}

/* The keyboard. */

typedef struct {
  GtkWidget   *window;
  GtkWidget   *entry;
  BelKeyboard *keyboard;
} KeyboardFixture;

static void
keyboard_set_up (KeyboardFixture *f,
                 gconstpointer    data)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 12);

  f->entry = gtk_entry_new ();
  f->keyboard = BEL_KEYBOARD (bel_keyboard_new ());
  gtk_box_append (GTK_BOX (box), f->entry);
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (f->keyboard));
  f->window = new_window (box, 1280, 400);
  gtk_widget_grab_focus (f->entry);
}

static void
keyboard_tear_down (KeyboardFixture *f,
                    gconstpointer    data)
{
  gtk_window_destroy (GTK_WINDOW (f->window));
}

static const char *
entry_text (KeyboardFixture *f)
{
  return gtk_editable_get_text (GTK_EDITABLE (f->entry));
}

static gboolean
entry_has_focus (KeyboardFixture *f)
{
  return gtk_window_get_focus (GTK_WINDOW (f->window)) ==
         GTK_WIDGET (gtk_editable_get_delegate (GTK_EDITABLE (f->entry)));
}

static void
collect_buttons (GtkWidget *widget,
                 GPtrArray *out)
{
  if (GTK_IS_BUTTON (widget))
    g_ptr_array_add (out, widget);
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    collect_buttons (child, out);
}

/* The key on show whose text is @text, or (when @text starts with '.') that has the CSS class
 * after the dot. */
static GtkWidget *
find_key (BelKeyboard *keyboard,
          const char  *text)
{
  g_autoptr(GPtrArray) buttons = g_ptr_array_new ();

  collect_buttons (GTK_WIDGET (keyboard), buttons);
  for (guint i = 0; i < buttons->len; i++)
    {
      GtkWidget *button = buttons->pdata[i];
      GtkWidget *child = gtk_button_get_child (GTK_BUTTON (button));

      if (!gtk_widget_get_mapped (button))
        continue;
      if (text[0] == '.' && text[1] != '\0')
        {
          if (gtk_widget_has_css_class (button, text + 1))
            return button;
        }
      else if (GTK_IS_LABEL (child) && g_str_equal (gtk_label_get_label (GTK_LABEL (child)), text))
        return button;
    }
  g_error ("No key “%s” on show", text);
  return NULL;
}

/* Clicks the key showing @text for real and waits for the entry to change. */
static void
click_key (KeyboardFixture *f,
           const char      *text)
{
  g_autofree char *before = g_strdup (entry_text (f));
  GtkWidget *key = find_key (f->keyboard, text);

  xtest_pointer (key, TRUE, TRUE);
  WAIT_UNTIL (g_strcmp0 (entry_text (f), before) != 0, 3000);
}

/* Clicks a key that changes the keyboard, not the text, and waits for @done. */
#define CLICK_KEY_UNTIL(f, text, done) G_STMT_START {                          \
    xtest_pointer (find_key ((f)->keyboard, (text)), TRUE, TRUE);              \
    WAIT_UNTIL ((done), 3000);                                                 \
    /* The keys on show change: let them be laid out before the next click. */ \
    gtk_test_widget_wait_for_draw ((f)->window);                               \
  } G_STMT_END

static void
test_keyboard_types_word (KeyboardFixture *f,
                          gconstpointer    data)
{
  const char *word = "mehkumluq";

  for (const char *p = word; *p; p = g_utf8_next_char (p))
    {
      char letter[8] = { 0 };

      g_unichar_to_utf8 (g_utf8_get_char (p), letter);
      click_key (f, letter);
      /* Each key leaves the focus, and the cursor, in the field. */
      g_assert_true (entry_has_focus (f));
    }
  g_assert_cmpstr (entry_text (f), ==, "mehkumluq");
  g_assert_cmpint (gtk_editable_get_position (GTK_EDITABLE (f->entry)), ==, 9);

  /* The letters of the alphabet have keys of their own. */
  click_key (f, ".space");
  click_key (f, "ə");
  click_key (f, "ı");
  click_key (f, "ş");
  click_key (f, "ğ");
  click_key (f, "ç");
  click_key (f, "ö");
  click_key (f, "ü");
  g_assert_cmpstr (entry_text (f), ==, "mehkumluq əışğçöü");

  /* Typing goes in at the cursor, not at the end. */
  gtk_editable_set_position (GTK_EDITABLE (f->entry), 1);
  click_key (f, "ə");
  g_assert_cmpstr (entry_text (f), ==, "məehkumluq əışğçöü");
  g_assert_cmpint (gtk_editable_get_position (GTK_EDITABLE (f->entry)), ==, 2);

  /* A selection is replaced by what is typed. */
  gtk_editable_select_region (GTK_EDITABLE (f->entry), 2, -1);
  click_key (f, "h");
  g_assert_cmpstr (entry_text (f), ==, "məh");
}

static void
test_keyboard_turkic_shift (KeyboardFixture *f,
                            gconstpointer    data)
{
  GtkWidget *shift = find_key (f->keyboard, ".shift");

  CLICK_KEY_UNTIL (f, ".shift", bel_keyboard_get_shift (f->keyboard));
  /* The keys show what they will type: the dotted capital on the i key. */
  g_assert_true (gtk_toggle_button_get_active (GTK_TOGGLE_BUTTON (shift)));
  click_key (f, "İ");
  g_assert_cmpstr (entry_text (f), ==, "İ");

  /* Shift is one-shot. */
  g_assert_false (bel_keyboard_get_shift (f->keyboard));
  g_assert_false (gtk_toggle_button_get_active (GTK_TOGGLE_BUTTON (shift)));
  click_key (f, "i");
  g_assert_cmpstr (entry_text (f), ==, "İi");

  CLICK_KEY_UNTIL (f, ".shift", bel_keyboard_get_shift (f->keyboard));
  click_key (f, "I");   /* shift + ı */
  CLICK_KEY_UNTIL (f, ".shift", bel_keyboard_get_shift (f->keyboard));
  click_key (f, "Ə");
  CLICK_KEY_UNTIL (f, ".shift", bel_keyboard_get_shift (f->keyboard));
  click_key (f, "Ş");
  click_key (f, "ı");
  g_assert_cmpstr (entry_text (f), ==, "İiIƏŞı");

  /* Pressing shift twice takes it back. */
  CLICK_KEY_UNTIL (f, ".shift", bel_keyboard_get_shift (f->keyboard));
  CLICK_KEY_UNTIL (f, ".shift", !bel_keyboard_get_shift (f->keyboard));
  click_key (f, "i");
  g_assert_cmpstr (entry_text (f), ==, "İiIƏŞıi");
  g_assert_true (entry_has_focus (f));
}

static void
test_keyboard_russian (KeyboardFixture *f,
                       gconstpointer    data)
{
  const char *word = "паспорт";

  /* The switch key names the layout it goes to, in that language. */
  gtk_test_accessible_assert_property (find_key (f->keyboard, "Русский"),
                                       GTK_ACCESSIBLE_PROPERTY_LABEL, "Switch to Russian");
  CLICK_KEY_UNTIL (f, "Русский",
                   bel_keyboard_get_layout (f->keyboard) == BEL_KEYBOARD_LAYOUT_RU);
  gtk_test_accessible_assert_property (find_key (f->keyboard, "Azərbaycanca"),
                                       GTK_ACCESSIBLE_PROPERTY_LABEL, "Switch to Azerbaijani");

  for (const char *p = word; *p; p = g_utf8_next_char (p))
    {
      char letter[8] = { 0 };

      g_unichar_to_utf8 (g_utf8_get_char (p), letter);
      click_key (f, letter);
    }
  CLICK_KEY_UNTIL (f, ".shift", bel_keyboard_get_shift (f->keyboard));
  click_key (f, "Ё");
  click_key (f, "ж");
  g_assert_cmpstr (entry_text (f), ==, "паспортЁж");

  /* Digits and symbols, and back to Azerbaijani letters. */
  CLICK_KEY_UNTIL (f, "123", bel_keyboard_get_layout (f->keyboard) == BEL_KEYBOARD_LAYOUT_DIGITS);
  click_key (f, "5");
  click_key (f, "₼");
  click_key (f, "@");
  click_key (f, "+");
  click_key (f, "-");
  click_key (f, ".");
  CLICK_KEY_UNTIL (f, "ABC", bel_keyboard_get_layout (f->keyboard) == BEL_KEYBOARD_LAYOUT_AZ);
  click_key (f, "ə");
  g_assert_cmpstr (entry_text (f), ==, "паспортЁж5₼@+-.ə");
  g_assert_true (entry_has_focus (f));
}

static void
test_keyboard_backspace (KeyboardFixture *f,
                         gconstpointer    data)
{
  GtkWidget *backspace;
  glong length;

  gtk_editable_set_text (GTK_EDITABLE (f->entry), "məhkumluq arayışı");
  gtk_editable_set_position (GTK_EDITABLE (f->entry), -1);

  /* One click, one character: not two (press and release). */
  click_key (f, ".backspace");
  g_assert_cmpstr (entry_text (f), ==, "məhkumluq arayış");
  click_key (f, ".backspace");
  g_assert_cmpstr (entry_text (f), ==, "məhkumluq arayı");
  g_assert_true (entry_has_focus (f));

  /* Backspace at the cursor, not at the end. */
  gtk_editable_set_position (GTK_EDITABLE (f->entry), 2);
  click_key (f, ".backspace");
  g_assert_cmpstr (entry_text (f), ==, "mhkumluq arayı");
  g_assert_cmpint (gtk_editable_get_position (GTK_EDITABLE (f->entry)), ==, 1);
  gtk_editable_set_position (GTK_EDITABLE (f->entry), -1);

  /* Activation without a pointer (accessibility) deletes one character too. */
  backspace = find_key (f->keyboard, ".backspace");
  gtk_widget_activate (backspace);
  WAIT_UNTIL (g_str_equal (entry_text (f), "mhkumluq aray"), 2000);

  /* Press and hold: characters keep going... */
  xtest_pointer (backspace, TRUE, FALSE);
  WAIT_UNTIL (g_utf8_strlen (entry_text (f), -1) <= 8, 3000);
  g_assert_true (gtk_widget_get_state_flags (backspace) & GTK_STATE_FLAG_ACTIVE);
  /* ...until the finger lifts. */
  xtest_pointer (backspace, FALSE, TRUE);
  WAIT_UNTIL (!(gtk_widget_get_state_flags (backspace) & GTK_STATE_FLAG_ACTIVE), 2000);
  length = g_utf8_strlen (entry_text (f), -1);
  g_assert_cmpint (length, >, 0);
  run_for (400);
  g_assert_cmpint (g_utf8_strlen (entry_text (f), -1), ==, length);

  /* Deleting on an empty field is harmless. */
  gtk_editable_set_text (GTK_EDITABLE (f->entry), "");
  gtk_widget_activate (backspace);
  run_for (50);
  g_assert_cmpstr (entry_text (f), ==, "");
}

static void
test_keyboard_no_focus (KeyboardFixture *f,
                        gconstpointer    data)
{
  g_autoptr(GPtrArray) buttons = g_ptr_array_new ();
  guint n_mapped = 0;

  collect_buttons (GTK_WIDGET (f->keyboard), buttons);
  /* Three layouts' worth of keys. */
  g_assert_cmpuint (buttons->len, >, 100);

  for (guint i = 0; i < buttons->len; i++)
    {
      GtkWidget *key = buttons->pdata[i];

      g_assert_false (gtk_widget_get_focusable (key));
      g_assert_false (gtk_widget_get_focus_on_click (key));
      if (gtk_widget_get_mapped (key))
        {
          n_mapped++;
          g_assert_false (gtk_widget_grab_focus (key));
          /* Touch targets of at least 56 px. */
          g_assert_cmpint (gtk_widget_get_height (key), >=, 56);
          g_assert_cmpint (gtk_widget_get_width (key), >=, 56);
        }
    }
  g_assert_cmpuint (n_mapped, >, 30);
  g_assert_true (entry_has_focus (f));

  /* Tab never lands on a key either. */
  for (guint i = 0; i < 5; i++)
    {
      GtkWidget *focus;

      gtk_widget_child_focus (f->window, GTK_DIR_TAB_FORWARD);
      focus = gtk_window_get_focus (GTK_WINDOW (f->window));
      g_assert_true (focus == NULL || !gtk_widget_is_ancestor (focus, GTK_WIDGET (f->keyboard)));
    }
}

static void
test_keyboard_target (KeyboardFixture *f,
                      gconstpointer    data)
{
  GtkWidget *other = gtk_entry_new ();

  /* An explicit target wins over the focus. */
  g_object_ref_sink (other);
  bel_keyboard_set_target (f->keyboard, GTK_EDITABLE (other));
  g_assert_true (bel_keyboard_get_target (f->keyboard) == GTK_EDITABLE (other));
  xtest_pointer (find_key (f->keyboard, "q"), TRUE, TRUE);
  WAIT_UNTIL (g_str_equal (gtk_editable_get_text (GTK_EDITABLE (other)), "q"), 3000);
  g_assert_cmpstr (entry_text (f), ==, "");

  /* The target is held weakly. */
  g_object_unref (other);
  g_assert_null (bel_keyboard_get_target (f->keyboard));
  click_key (f, "q");
  g_assert_cmpstr (entry_text (f), ==, "q");

  /* A field that is not editable is left alone. */
  gtk_editable_set_editable (GTK_EDITABLE (f->entry), FALSE);
  xtest_pointer (find_key (f->keyboard, "e"), TRUE, TRUE);
  run_for (100);
  g_assert_cmpstr (entry_text (f), ==, "q");
}

static void
test_keyboard_builder_and_reset (void)
{
  g_autoptr(GtkBuilder) builder = gtk_builder_new ();
  g_autoptr(GError) error = NULL;
  BelKeyboard *keyboard;
  GtkWidget *window;

  /* The kiosk picks the Russian layout in its .ui when the UI is in Russian. */
  gtk_builder_add_from_string (builder,
                               "<interface>"
                               "  <object class='GtkWindow' id='window'>"
                               "    <property name='child'>"
                               "      <object class='BelKeyboard' id='keyboard'>"
                               "        <property name='layout'>ru</property>"
                               "      </object>"
                               "    </property>"
                               "  </object>"
                               "</interface>", -1, &error);
  g_assert_no_error (error);
  window = GTK_WIDGET (gtk_builder_get_object (builder, "window"));
  keyboard = BEL_KEYBOARD (gtk_builder_get_object (builder, "keyboard"));
  gtk_window_present (GTK_WINDOW (window));
  gtk_test_widget_wait_for_draw (window);

  g_assert_cmpint (bel_keyboard_get_layout (keyboard), ==, BEL_KEYBOARD_LAYOUT_RU);
  g_assert_true (gtk_widget_get_mapped (find_key (keyboard, "ж")));

  bel_keyboard_set_shift (keyboard, TRUE);
  g_assert_true (gtk_widget_get_mapped (find_key (keyboard, "Ж")));
  bel_keyboard_reset (keyboard, BEL_KEYBOARD_LAYOUT_AZ);
  g_assert_false (bel_keyboard_get_shift (keyboard));
  g_assert_cmpint (bel_keyboard_get_layout (keyboard), ==, BEL_KEYBOARD_LAYOUT_AZ);
  g_assert_true (gtk_widget_get_mapped (find_key (keyboard, "ə")));

  gtk_test_accessible_assert_role (keyboard, GTK_ACCESSIBLE_ROLE_GROUP);
  gtk_test_accessible_assert_property (find_key (keyboard, ".backspace"),
                                       GTK_ACCESSIBLE_PROPERTY_LABEL, "Backspace");
  gtk_test_accessible_assert_property (find_key (keyboard, ".shift"),
                                       GTK_ACCESSIBLE_PROPERTY_LABEL, "Shift");
  gtk_test_accessible_assert_property (find_key (keyboard, ".space"),
                                       GTK_ACCESSIBLE_PROPERTY_LABEL, "Space");

  /* Names follow the kiosk's language at once, without a restart. */
  bel_i18n_set_language (BEL_LANG_RU);
  gtk_test_accessible_assert_property (find_key (keyboard, ".backspace"),
                                       GTK_ACCESSIBLE_PROPERTY_LABEL, "Стереть");
  gtk_test_accessible_assert_property (find_key (keyboard, "Русский"),
                                       GTK_ACCESSIBLE_PROPERTY_LABEL, "Переключить на русский");
  g_assert_cmpstr (gtk_label_get_label (GTK_LABEL (gtk_button_get_child (GTK_BUTTON (find_key (keyboard, ".space"))))),
                   ==, "Пробел");
  bel_i18n_set_language (BEL_LANG_AZ);
  gtk_test_accessible_assert_property (find_key (keyboard, ".shift"),
                                       GTK_ACCESSIBLE_PROPERTY_LABEL, "Böyük hərf");
  bel_i18n_set_language (BEL_LANG_EN);
  gtk_test_accessible_assert_property (find_key (keyboard, ".shift"),
                                       GTK_ACCESSIBLE_PROPERTY_LABEL, "Shift");

  gtk_window_destroy (GTK_WINDOW (window));
}

static void
test_keyboard_render (void)
{
  static const struct {
    BelKeyboardLayout layout;
    gboolean          shift;
    int               width;
    gboolean          dark;
    const char       *name;
  } shots[] = {
    { BEL_KEYBOARD_LAYOUT_AZ, FALSE, 1280, FALSE, "keyboard-az.png" },
    { BEL_KEYBOARD_LAYOUT_AZ, TRUE, 1280, FALSE, "keyboard-az-shift.png" },
    { BEL_KEYBOARD_LAYOUT_RU, FALSE, 1280, FALSE, "keyboard-ru.png" },
    { BEL_KEYBOARD_LAYOUT_DIGITS, FALSE, 1280, FALSE, "keyboard-digits.png" },
    { BEL_KEYBOARD_LAYOUT_AZ, FALSE, 1080, FALSE, "keyboard-az-portrait.png" },
    { BEL_KEYBOARD_LAYOUT_AZ, TRUE, 1280, TRUE, "keyboard-az-dark.png" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (shots); i++)
    {
      GtkWidget *keyboard = bel_keyboard_new ();
      GtkWidget *window;
      g_autoptr(GdkTexture) texture = NULL;
      g_autofree char *path = output_path (shots[i].name);

      adw_style_manager_set_color_scheme (adw_style_manager_get_default (),
                                          shots[i].dark ? ADW_COLOR_SCHEME_FORCE_DARK
                                                        : ADW_COLOR_SCHEME_DEFAULT);
      bel_keyboard_set_layout (BEL_KEYBOARD (keyboard), shots[i].layout);
      bel_keyboard_set_shift (BEL_KEYBOARD (keyboard), shots[i].shift);
      window = new_window (keyboard, shots[i].width, 100);
      /* At its natural height the keys keep their 56 px. */
      g_assert_cmpint (gtk_widget_get_height (keyboard), >=, 4 * 56);
      texture = render_widget (keyboard);
      g_assert_true (gdk_texture_save_to_png (texture, path));
      g_test_message ("%s: %dx%d", path, gdk_texture_get_width (texture),
                      gdk_texture_get_height (texture));
      gtk_window_destroy (GTK_WINDOW (window));
    }
  adw_style_manager_set_color_scheme (adw_style_manager_get_default (), ADW_COLOR_SCHEME_DEFAULT);
}

/* The QR code. */

static char *
decode_png (const char *path)
{
  const char *argv[] = { "zbarimg", "--raw", "-q", path, NULL };
  g_autofree char *out = run_command (argv);

  return g_strdup (g_strchomp (out));
}

/* Every pixel of the code is pure black or pure white: no blurred module edges. */
static void
assert_crisp (GdkTexture *texture)
{
  int width = gdk_texture_get_width (texture);
  int height = gdk_texture_get_height (texture);
  g_autofree guchar *pixels = g_malloc (width * height * 4);
  guint n_black = 0, n_white = 0;

  gdk_texture_download (texture, pixels, width * 4);
  for (int i = 0; i < width * height; i++)
    {
      const guchar *px = pixels + i * 4;   /* B G R A, premultiplied */

      if (px[3] == 0)
        continue;   /* outside the code: the widget's transparent margin */
      if (px[0] == 0 && px[1] == 0 && px[2] == 0)
        n_black++;
      else if (px[0] == 255 && px[1] == 255 && px[2] == 255)
        n_white++;
      else
        g_error ("Pixel %d,%d is neither black nor white: %d %d %d", i % width, i / width,
                 px[2], px[1], px[0]);
    }
  g_assert_cmpuint (n_black, >, 0);
  g_assert_cmpuint (n_white, >, n_black / 4);
}

static void
check_qr_at_size (const char *url,
                  int         size,
                  const char *name)
{
  GtkWidget *qr = bel_qr_code_new (url);
  GtkWidget *window;
  g_autoptr(GdkTexture) texture = NULL;
  g_autofree char *path = output_path (name);
  g_autofree char *decoded = NULL;

  gtk_widget_set_size_request (qr, size, size);
  gtk_widget_set_halign (qr, GTK_ALIGN_CENTER);
  gtk_widget_set_valign (qr, GTK_ALIGN_CENTER);
  window = new_window (qr, size, size);
  texture = render_widget (qr);
  g_assert_true (gdk_texture_save_to_png (texture, path));

  assert_crisp (texture);
  decoded = decode_png (path);
  g_assert_cmpstr (decoded, ==, url);

  gtk_window_destroy (GTK_WINDOW (window));
}

static void
test_qr_decodes (void)
{
  const char *url = "https://www.e-gov.az/az/services/read/3597/0";
  const char *long_url = "https://www.e-gov.az/az/services/read/3597/0?from=beledci&kiosk=quba-"
                         "alpan-01&lang=az&utm=printed-checklist-with-a-long-query-string";
  g_autofree char *description = g_strdup_printf ("QR code for %s", url);
  BelQrCode *qr;

  check_qr_at_size (url, 240, "qr-240.png");
  /* Odd sizes that do not divide into whole modules still give whole-pixel modules. */
  check_qr_at_size (url, 137, "qr-137.png");
  check_qr_at_size (url, 613, "qr-613.png");
  check_qr_at_size (long_url, 300, "qr-long.png");

  qr = BEL_QR_CODE (g_object_ref_sink (bel_qr_code_new (url)));
  gtk_test_accessible_assert_role (qr, GTK_ACCESSIBLE_ROLE_IMG);
  gtk_test_accessible_assert_property (qr, GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, description);
  g_assert_cmpstr (bel_qr_code_get_url (qr), ==, url);
  /* With the quiet zone, modules of 6 px. */
  g_assert_cmpuint (bel_qr_code_get_module_count (qr), >=, 21);

  /* After a language change, setting the same address again re-translates the description. */
  bel_i18n_set_language (BEL_LANG_AZ);
  bel_qr_code_set_url (qr, url);
  g_free (description);
  description = g_strdup_printf ("%s üçün QR kod", url);
  gtk_test_accessible_assert_property (qr, GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, description);
  bel_i18n_set_language (BEL_LANG_EN);

  bel_qr_code_set_url (qr, NULL);
  g_assert_cmpuint (bel_qr_code_get_module_count (qr), ==, 0);
  g_object_unref (qr);
}

static void
test_qr_dark_and_high_contrast (void)
{
  AdwStyleManager *manager = adw_style_manager_get_default ();
  const char *url = "https://www.e-gov.az/az/services/read/1211/0";
  GtkCssProvider *provider = gtk_css_provider_new ();

  /* A dark theme, and a style sheet that inverts everything it can. */
  adw_style_manager_set_color_scheme (manager, ADW_COLOR_SCHEME_FORCE_DARK);
  gtk_css_provider_load_from_data (provider, "* { color: white; background-color: black; }", -1);
  gtk_style_context_add_provider_for_display (gdk_display_get_default (),
                                              GTK_STYLE_PROVIDER (provider),
                                              GTK_STYLE_PROVIDER_PRIORITY_USER);

  check_qr_at_size (url, 260, "qr-dark.png");

  gtk_style_context_remove_provider_for_display (gdk_display_get_default (),
                                                 GTK_STYLE_PROVIDER (provider));
  g_object_unref (provider);
  adw_style_manager_set_color_scheme (manager, ADW_COLOR_SCHEME_DEFAULT);
}

/* Printing. */

static char **
strv_new (const char *first,
          ...)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  va_list args;

  va_start (args, first);
  for (const char *s = first; s != NULL; s = va_arg (args, const char *))
    g_strv_builder_add (builder, s);
  va_end (args);
  return g_strv_builder_end (builder);
}

static BelService *
make_service (void)
{
  BelServiceData *data = bel_service_data_new ();

  data->id = g_strdup ("mia-criminal-record");
  data->agency_id = g_strdup ("mia");
  data->title.text[BEL_LANG_AZ] = g_strdup ("Məhkumluq haqqında arayış");
  data->title.text[BEL_LANG_EN] = g_strdup ("Criminal record certificate");
  data->summary.text[BEL_LANG_AZ] = g_strdup ("Məhkum olub-olmadığınızı göstərən rəsmi arayış. "
                                              "İşə girəndə və ya xaricə gedəndə tez-tez istənilir.");
  data->eligibility.text[BEL_LANG_AZ] = g_strdup ("Arayışı yalnız özünüz haqqında ala bilərsiniz.");
  g_strfreev (data->documents[BEL_LANG_AZ]);
  data->documents[BEL_LANG_AZ] = strv_new ("Şəxsiyyət vəsiqəsi",
                                           "Mobil nömrə (öz adınıza)",
                                           "ASAN İmza və ya SİMA",
                                           NULL);
  g_strfreev (data->steps[BEL_LANG_AZ]);
  data->steps[BEL_LANG_AZ] = strv_new ("e-gov.az saytına daxil olun.",
                                       "Xidməti tapın və açın.",
                                       "Formanı doldurun.",
                                       "Göndərin və cavabı şəxsi kabinetinizdə gözləyin.",
                                       NULL);
  data->fee_known = TRUE;
  data->fee = 3;
  data->duration.text[BEL_LANG_AZ] = g_strdup ("5 iş günü");
  data->channel = BEL_CHANNEL_ONLINE;
  data->url = g_strdup ("https://www.e-gov.az/az/services/read/3597/0");
  data->checked = g_strdup ("2026-11-28");
  return bel_service_new (data);
}

static BelService *
make_long_service (void)
{
  BelServiceData *data = bel_service_data_new ();
  g_autoptr(GStrvBuilder) documents = g_strv_builder_new ();
  g_autoptr(GStrvBuilder) steps = g_strv_builder_new ();

  data->id = g_strdup ("long");
  data->title.text[BEL_LANG_AZ] = g_strdup ("Çox uzun bir xidmət: torpaq sahəsinin dövlət "
                                            "reyestrində qeydiyyatı və çıxarışın alınması");
  data->summary.text[BEL_LANG_AZ] = g_strdup ("Bu xidmətin təsviri uzundur. Bu xidmətin təsviri "
                                              "uzundur. Bu xidmətin təsviri uzundur.");
  for (guint i = 1; i <= 30; i++)
    {
      g_autofree char *doc = g_strdup_printf ("Sənəd nömrə %u: notariat qaydasında təsdiq "
                                              "edilmiş surəti ilə birlikdə", i);
      g_autofree char *step = g_strdup_printf ("Addım %u: müvafiq orqana müraciət edin və "
                                               "növbəti addım üçün cavabı gözləyin", i);
      g_strv_builder_add (documents, doc);
      g_strv_builder_add (steps, step);
    }
  g_strfreev (data->documents[BEL_LANG_AZ]);
  data->documents[BEL_LANG_AZ] = g_strv_builder_end (documents);
  g_strfreev (data->steps[BEL_LANG_AZ]);
  data->steps[BEL_LANG_AZ] = g_strv_builder_end (steps);
  data->fee_known = FALSE;
  data->channel = BEL_CHANNEL_BOTH;
  data->url = g_strdup ("https://www.e-gov.az/az/services/read/77/0");
  return bel_service_new (data);
}

typedef struct {
  char   *text;    /* pdftotext, whitespace collapsed */
  guint   pages;
  double  width;   /* points */
  double  height;
} PdfInfo;

static void
pdf_info_clear (PdfInfo *info)
{
  g_free (info->text);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (PdfInfo, pdf_info_clear)

static char *
collapse_spaces (const char *text)
{
  g_autoptr(GString) out = g_string_new (NULL);

  for (const char *p = text; *p; p++)
    {
      if (g_ascii_isspace (*p))
        {
          if (out->len > 0 && out->str[out->len - 1] != ' ')
            g_string_append_c (out, ' ');
        }
      else
        g_string_append_c (out, *p);
    }
  return g_string_free (g_steal_pointer (&out), FALSE);
}

static void
read_pdf (const char *path,
          PdfInfo    *info)
{
  const char *text_argv[] = { "pdftotext", "-enc", "UTF-8", path, "-", NULL };
  const char *info_argv[] = { "pdfinfo", path, NULL };
  g_autofree char *text = run_command (text_argv);
  g_autofree char *meta = run_command (info_argv);
  g_auto(GStrv) lines = g_strsplit (meta, "\n", -1);

  info->text = collapse_spaces (text);
  info->pages = 0;
  for (guint i = 0; lines[i] != NULL; i++)
    {
      if (g_str_has_prefix (lines[i], "Pages:"))
        info->pages = (guint) g_ascii_strtoull (lines[i] + 6 + strspn (lines[i] + 6, " "), NULL, 10);
      else if (g_str_has_prefix (lines[i], "Page size:"))
        {
          char *end;

          info->width = g_ascii_strtod (lines[i] + 10 + strspn (lines[i] + 10, " "), &end);
          info->height = g_ascii_strtod (end + strlen (" x "), NULL);
        }
    }
}

static char *
pdf_to_png (const char *pdf,
            const char *png_name)
{
  g_autofree char *png = output_path (png_name);
  g_autofree char *prefix = g_strndup (png, strlen (png) - 4);
  const char *argv[] = { "pdftoppm", "-r", "110", "-png", "-singlefile", pdf, prefix, NULL };
  g_autofree char *out = run_command (argv);

  g_assert_true (g_file_test (png, G_FILE_TEST_EXISTS));
  return g_steal_pointer (&png);
}

static void
test_print_pdf_a4 (void)
{
  g_autoptr(BelService) service = make_service ();
  g_autofree char *pdf = output_path ("checklist-a4.pdf");
  g_autofree char *png = NULL;
  g_autofree char *decoded = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(PdfInfo) info = { 0 };
  const char * const *documents = bel_service_get_documents (service, BEL_LANG_AZ);
  const char * const *steps = bel_service_get_steps (service, BEL_LANG_AZ);

  g_assert_true (bel_print_service_to_pdf (service, BEL_LANG_AZ, "Daxili İşlər Nazirliyi",
                                           pdf, &error));
  g_assert_no_error (error);
  read_pdf (pdf, &info);

  g_assert_cmpuint (info.pages, ==, 1);
  /* A4 is 595 x 842 points. */
  g_assert_cmpfloat_with_epsilon (info.width, 595.3, 1.0);
  g_assert_cmpfloat_with_epsilon (info.height, 841.9, 1.0);

  g_assert_nonnull (strstr (info.text, "Məhkumluq haqqında arayış"));
  g_assert_nonnull (strstr (info.text, "Daxili İşlər Nazirliyi"));
  for (guint i = 0; documents[i] != NULL; i++)
    {
      g_autofree char *line = g_strdup_printf ("☐ %s", documents[i]);
      g_assert_nonnull (strstr (info.text, line));
    }
  for (guint i = 0; steps[i] != NULL; i++)
    {
      g_autofree char *line = g_strdup_printf ("%u. %s", i + 1, steps[i]);
      g_assert_nonnull (strstr (info.text, line));
    }
  g_assert_nonnull (strstr (info.text, "Fee: 3 ₼"));
  g_assert_nonnull (strstr (info.text, "How long it takes: 5 iş günü"));
  g_assert_nonnull (strstr (info.text, "https://www.e-gov.az/az/services/read/3597/0"));
  g_assert_nonnull (strstr (info.text, "Information checked on 28.11.2026"));

  /* The printed QR code takes the phone to the same address. */
  png = pdf_to_png (pdf, "checklist-a4.png");
  decoded = decode_png (png);
  g_assert_cmpstr (decoded, ==, "https://www.e-gov.az/az/services/read/3597/0");
}

static void
test_print_pdf_long (void)
{
  g_autoptr(BelService) service = make_long_service ();
  g_autofree char *pdf = output_path ("checklist-long.pdf");
  g_autofree char *png = NULL;
  g_autofree char *decoded = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(PdfInfo) info = { 0 };

  g_assert_true (bel_print_service_to_pdf (service, BEL_LANG_AZ, "Əmlak Məsələləri Dövlət Xidməti",
                                           pdf, &error));
  g_assert_no_error (error);
  read_pdf (pdf, &info);

  /* Thirty documents and thirty steps still make one page... */
  g_assert_cmpuint (info.pages, ==, 1);
  /* ...shortening the lists, steps first (the documents are what the citizen must not
   * forget), and saying how many more there are and where to see them. */
  g_assert_nonnull (strstr (info.text, "☐ Sənəd nömrə 1:"));
  g_assert_nonnull (strstr (info.text, "☐ Sənəd nömrə 20:"));
  g_assert_nonnull (strstr (info.text, "1. Addım 1:"));
  g_assert_null (strstr (info.text, "30. Addım 30:"));
  g_assert_nonnull (strstr (info.text, "more: scan the code to see the whole list."));
  /* An unknown fee says where to ask rather than guessing. */
  g_assert_nonnull (strstr (info.text, "Fee: not known"));
  g_assert_nonnull (strstr (info.text, "https://www.e-gov.az/az/services/read/77/0"));
  png = pdf_to_png (pdf, "checklist-long.png");
  decoded = decode_png (png);
  g_assert_cmpstr (decoded, ==, "https://www.e-gov.az/az/services/read/77/0");
}

static void
test_print_pdf_receipt (void)
{
  g_autoptr(BelService) service = make_service ();
  g_autofree char *pdf = output_path ("checklist-receipt.pdf");
  g_autofree char *png = NULL;
  g_autofree char *decoded = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(PdfInfo) info = { 0 };

  g_assert_true (bel_print_service_export (service, BEL_LANG_AZ, "Daxili İşlər Nazirliyi",
                                           BEL_PRINT_PAPER_RECEIPT_80MM, pdf, &error));
  g_assert_no_error (error);
  read_pdf (pdf, &info);

  g_assert_cmpuint (info.pages, ==, 1);
  /* 80 mm wide, as long as the text. */
  g_assert_cmpfloat_with_epsilon (info.width, 80 * 72 / 25.4, 1.0);
  g_assert_cmpfloat (info.height, >, info.width);
  g_assert_cmpfloat (info.height, <, 842);
  g_assert_nonnull (strstr (info.text, "Məhkumluq"));
  g_assert_nonnull (strstr (info.text, "☐ Şəxsiyyət vəsiqəsi"));
  g_assert_nonnull (strstr (info.text, "☐ ASAN İmza və ya SİMA"));
  /* Narrow as the roll is, the address is printed whole on one line. */
  g_assert_nonnull (strstr (info.text, "https://www.e-gov.az/az/services/read/3597/0"));

  png = pdf_to_png (pdf, "checklist-receipt.png");
  decoded = decode_png (png);
  g_assert_cmpstr (decoded, ==, "https://www.e-gov.az/az/services/read/3597/0");
}

static void
test_print_pdf_language (void)
{
  g_autoptr(BelService) service = make_service ();
  g_autofree char *pdf = output_path ("checklist-ru.pdf");
  g_autoptr(GError) error = NULL;
  g_auto(PdfInfo) info = { 0 };

  /* The checklist's own words follow the kiosk's language. */
  bel_i18n_set_language (BEL_LANG_RU);
  g_assert_true (bel_print_service_to_pdf (service, BEL_LANG_RU, "МВД", pdf, &error));
  bel_i18n_set_language (BEL_LANG_EN);
  g_assert_no_error (error);
  read_pdf (pdf, &info);

  g_assert_cmpuint (info.pages, ==, 1);
  g_assert_nonnull (strstr (info.text, "Какие документы взять с собой"));
  g_assert_nonnull (strstr (info.text, "Плата: 3 ₼"));
  g_assert_nonnull (strstr (info.text, "Сведения проверены 28.11.2026."));
  /* Content missing in Russian falls back to Azerbaijani rather than leaving a hole. */
  g_assert_nonnull (strstr (info.text, "☐ Şəxsiyyət vəsiqəsi"));
}

static void
print_done_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  GError **error = user_data;

  g_assert_false (bel_print_service_run_finish (result, error));
  g_assert_nonnull (*error);
}

static GtkWidget *
find_toplevel_of_type (GType type)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWidget) window = g_list_model_get_item (toplevels, i);

      if (G_TYPE_CHECK_INSTANCE_TYPE (window, type))
        return window;
    }
  return NULL;
}

static void
test_print_kiosk_no_printer (void)
{
  g_autoptr(BelService) service = make_service ();
  g_autoptr(GError) error = NULL;
  GtkWidget *window = new_window (gtk_label_new ("service"), 400, 300);
  GListModel *toplevels = gtk_window_get_toplevels ();
  guint n_toplevels = g_list_model_get_n_items (toplevels);

  /* Only "Print to File" exists: a kiosk must not use it (its file chooser would open). */
  bel_print_service_run (service, BEL_LANG_AZ, "DİN", GTK_WINDOW (window), TRUE, NULL,
                         print_done_cb, &error);
  WAIT_UNTIL (error != NULL, 10000);
  g_assert_error (error, BEL_PRINT_ERROR, BEL_PRINT_ERROR_NO_PRINTER);
  g_assert_cmpuint (g_list_model_get_n_items (toplevels), ==, n_toplevels);
  g_assert_null (find_toplevel_of_type (GTK_TYPE_PRINT_UNIX_DIALOG));
  g_clear_error (&error);

  /* Windowed, the print dialog comes up; closing it cancels. */
  bel_print_service_run (service, BEL_LANG_AZ, "DİN", GTK_WINDOW (window), FALSE, NULL,
                         print_done_cb, &error);
  WAIT_UNTIL (find_toplevel_of_type (GTK_TYPE_PRINT_UNIX_DIALOG) != NULL, 10000);
  gtk_dialog_response (GTK_DIALOG (find_toplevel_of_type (GTK_TYPE_PRINT_UNIX_DIALOG)),
                       GTK_RESPONSE_CANCEL);
  WAIT_UNTIL (error != NULL, 10000);
  g_assert_error (error, BEL_PRINT_ERROR, BEL_PRINT_ERROR_CANCELLED);

  gtk_window_destroy (GTK_WINDOW (window));
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  int ret;

  g_test_init (&argc, &argv, NULL);
  bel_i18n_init ();
  gtk_init ();
  adw_init ();

  /* Only the "Print to File" backend: the tests see no real printer, whatever this machine
   * has. */
  g_object_set (gtk_settings_get_default (), "gtk-print-backends", "file", NULL);

  tmp_dir = g_dir_make_tmp ("beledci-widgets-XXXXXX", &error);
  g_assert_no_error (error);

#define ADD_KB(path, func) \
  g_test_add (path, KeyboardFixture, NULL, keyboard_set_up, func, keyboard_tear_down)
  ADD_KB ("/keyboard/types-word", test_keyboard_types_word);
  ADD_KB ("/keyboard/turkic-shift", test_keyboard_turkic_shift);
  ADD_KB ("/keyboard/russian-and-digits", test_keyboard_russian);
  ADD_KB ("/keyboard/backspace", test_keyboard_backspace);
  ADD_KB ("/keyboard/no-focus", test_keyboard_no_focus);
  ADD_KB ("/keyboard/target", test_keyboard_target);
#undef ADD_KB
  g_test_add_func ("/keyboard/builder-and-reset", test_keyboard_builder_and_reset);
  g_test_add_func ("/keyboard/render", test_keyboard_render);
  g_test_add_func ("/qr/decodes", test_qr_decodes);
  g_test_add_func ("/qr/dark-and-high-contrast", test_qr_dark_and_high_contrast);
  g_test_add_func ("/print/pdf-a4", test_print_pdf_a4);
  g_test_add_func ("/print/pdf-long", test_print_pdf_long);
  g_test_add_func ("/print/pdf-receipt", test_print_pdf_receipt);
  g_test_add_func ("/print/pdf-language", test_print_pdf_language);
  g_test_add_func ("/print/kiosk-no-printer", test_print_kiosk_no_printer);

  ret = g_test_run ();

  {
    /* Leave nothing behind in /tmp. */
    g_autoptr(GDir) dir = g_dir_open (tmp_dir, 0, NULL);
    const char *name;

    while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
      {
        g_autofree char *path = g_build_filename (tmp_dir, name, NULL);
        g_unlink (path);
      }
    g_rmdir (tmp_dir);
    g_free (tmp_dir);
  }
  return ret;
}
