/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "bel-application.h"
#include "bel-catalogue.h"
#include "bel-window.h"

G_BEGIN_DECLS

/* Shared by the kiosk's widget tests (suite "ui"), which run under Xvfb. */

/* Waits, running the main loop, until @expr holds or @ms milliseconds pass; then asserts it. */
gboolean test_ui_flag_true (gpointer data);
#define TEST_UI_WAIT_UNTIL(expr, ms) G_STMT_START {                                 \
    gboolean _timed_out = FALSE;                                                     \
    guint _id = g_timeout_add ((ms), test_ui_flag_true, &_timed_out);                \
    while (!(expr) && !_timed_out)                                                   \
      g_main_context_iteration (NULL, TRUE);                                         \
    if (!_timed_out)                                                                 \
      g_source_remove (_id);                                                         \
    g_assert_true (expr);                                                            \
  } G_STMT_END

/* g_test_init(), the translations, a registered BelApplication and the bundled catalogue
 * (from $BELEDCI_DATA_DIR) loaded into an in-memory database. */
void            test_ui_init            (int         *argc,
                                         char      ***argv);
BelApplication *test_ui_get_app         (void);
BelCatalogue   *test_ui_get_catalogue   (void);

/* A shown window of 1280x800 with the catalogue and idle timeouts long enough not to
 * interfere; destroy it with test_ui_destroy_window(). */
BelWindow      *test_ui_new_window      (gboolean     kiosk_mode);
void            test_ui_destroy_window  (BelWindow   *window);
/* Lets layout and drawing finish. */
void            test_ui_settle          (GtkWidget   *widget);

/* What a widget shows: a label's text, a button's label, an AdwButtonContent's label. */
const char     *test_ui_widget_text     (GtkWidget   *widget);
/* The first mapped widget under @root (depth first) of @type whose text is @text (any text
 * when NULL). */
GtkWidget      *test_ui_find            (GtkWidget   *root,
                                         GType        type,
                                         const char  *text);
/* The first mapped widget under @root with the style class @css_class. */
GtkWidget      *test_ui_find_with_class (GtkWidget   *root,
                                         const char  *css_class);
/* Every widget under @root (the root too) of @type, mapped or not. */
GPtrArray      *test_ui_find_all        (GtkWidget   *root,
                                         GType        type);
/* TRUE if any label or editable under @root shows text containing @needle. */
gboolean        test_ui_shows_text      (GtkWidget   *root,
                                         const char  *needle,
                                         gboolean     mapped_only);

/* A real click through the X server (XTest), exactly as a mouse or a finger would. */
void            test_ui_click           (GtkWidget   *widget);
/* A real key press (XTest), with @modifier (an X keysym such as XK_Alt_L, or 0) held. */
void            test_ui_key             (GtkWidget   *window,
                                         guint        keysym,
                                         guint        modifier);

/* Renders @widget as it is on screen into a PNG file. */
void            test_ui_save_png        (GtkWidget   *widget,
                                         const char  *path);

/* A service by its Azerbaijani title, from the catalogue. */
BelService     *test_ui_service_by_title (const char *az_title);

G_END_DECLS
