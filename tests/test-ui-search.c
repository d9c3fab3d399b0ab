/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-ui-search"

#include "config.h"

#include <X11/keysym.h>

#include "bel-find-page.h"
#include "bel-keyboard.h"
#include "bel-service-page.h"
#include "bel-service-row.h"
#include "test-ui-util.h"

#define MEHKUMLUQ "Məhkumluq haqqında arayış"

typedef struct {
  BelWindow   *window;
  BelFindPage *find;
  GtkEditable *entry;
  GtkWidget   *keyboard;
} Fixture;

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  f->window = test_ui_new_window (FALSE);
  f->find = BEL_FIND_PAGE (bel_window_get_page (f->window, "find"));
  f->entry = bel_find_page_get_entry (f->find);
  gtk_widget_activate_action (GTK_WIDGET (f->window), "nav.find", "s", "search");
  test_ui_settle (GTK_WIDGET (f->window));
  f->keyboard = test_ui_find (GTK_WIDGET (f->find), BEL_TYPE_KEYBOARD, NULL);
  g_assert_nonnull (f->keyboard);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  test_ui_destroy_window (f->window);
}

/* The on-screen key that shows @text. */
static GtkWidget *
key (Fixture    *f,
     const char *text)
{
  g_autoptr(GPtrArray) buttons = test_ui_find_all (f->keyboard, GTK_TYPE_BUTTON);

  for (guint i = 0; i < buttons->len; i++)
    if (gtk_widget_get_mapped (buttons->pdata[i]) &&
        g_strcmp0 (test_ui_widget_text (buttons->pdata[i]), text) == 0)
      return buttons->pdata[i];

  g_error ("No key “%s” on the keyboard", text);
}

static const char *
first_result_id (Fixture *f)
{
  GListModel *results = bel_find_page_get_results (f->find);
  g_autoptr(BelService) first = NULL;

  if (g_list_model_get_n_items (results) == 0)
    return NULL;
  first = g_list_model_get_item (results, 0);
  return bel_service_get_id (first);
}

static const char *
expected_first_id (const char *query)
{
  g_autoptr(GPtrArray) hits = bel_catalogue_search (test_ui_get_catalogue (), query, 1, NULL);

  return hits->len ? bel_service_get_id (hits->pdata[0]) : NULL;
}

/* A villager types "mehkumluq" (no ə) on the on-screen keyboard, key by key, and finds
 * "Məhkumluq haqqında arayış"; the results follow every keystroke. */
static void
test_keyboard_finds (Fixture       *f,
                     gconstpointer  data)
{
  const char *word = "mehkumluq";
  BelService *service = test_ui_service_by_title (MEHKUMLUQ);
  GtkWidget *row;

  g_assert_nonnull (service);

  for (guint i = 0; word[i]; i++)
    {
      char letter[2] = { word[i], '\0' };
      g_autofree char *typed = g_strndup (word, i + 1);

      test_ui_click (key (f, letter));
      TEST_UI_WAIT_UNTIL (g_strcmp0 (gtk_editable_get_text (f->entry), typed) == 0, 2000);
      /* Already updated: the same best result as the catalogue gives for what is typed. */
      g_assert_cmpstr (first_result_id (f), ==, expected_first_id (typed));
    }

  g_assert_cmpstr (first_result_id (f), ==, bel_service_get_id (service));
  test_ui_settle (GTK_WIDGET (f->window));

  /* On the screen: the title in the first row and how many were found. */
  row = test_ui_find (GTK_WIDGET (f->find), BEL_TYPE_SERVICE_ROW, NULL);
  g_assert_nonnull (row);
  g_assert_true (test_ui_shows_text (row, MEHKUMLUQ, TRUE));
  g_assert_true (test_ui_shows_text (GTK_WIDGET (f->find), "xidmət tapıldı", TRUE));

  /* The field kept the focus all along: the keys never take it. */
  g_assert_true (gtk_widget_is_ancestor (gtk_root_get_focus (GTK_ROOT (f->window)),
                                         GTK_WIDGET (f->entry)));

  /* Touching the row opens the service. */
  test_ui_click (row);
  TEST_UI_WAIT_UNTIL (bel_window_get_visible_page (f->window) ==
                      bel_window_get_page (f->window, "service"), 2000);
  g_assert_true (bel_service_page_get_service (BEL_SERVICE_PAGE (bel_window_get_visible_page (f->window))) == service);
}

/* Backspace on the screen keyboard, nothing found, and a physical keyboard. */
static void
test_editing (Fixture       *f,
              gconstpointer  data)
{
  GtkWidget *backspace = NULL;
  g_autoptr(GPtrArray) buttons = test_ui_find_all (f->keyboard, GTK_TYPE_BUTTON);
  const char *word = "zqxj";

  for (guint i = 0; word[i]; i++)
    {
      char letter[2] = { word[i], '\0' };
      test_ui_click (key (f, letter));
    }
  TEST_UI_WAIT_UNTIL (g_strcmp0 (gtk_editable_get_text (f->entry), word) == 0, 2000);
  g_assert_cmpuint (g_list_model_get_n_items (bel_find_page_get_results (f->find)), ==, 0);
  test_ui_settle (GTK_WIDGET (f->window));
  g_assert_true (test_ui_shows_text (GTK_WIDGET (f->find), "heç nə tapılmadı", TRUE));

  for (guint i = 0; i < buttons->len; i++)
    if (gtk_widget_has_css_class (buttons->pdata[i], "backspace") &&
        gtk_widget_get_mapped (buttons->pdata[i]))
      backspace = buttons->pdata[i];
  g_assert_nonnull (backspace);
  test_ui_click (backspace);
  TEST_UI_WAIT_UNTIL (g_strcmp0 (gtk_editable_get_text (f->entry), "zqx") == 0, 2000);

  /* A volunteer's physical keyboard types into the same field. */
  gtk_editable_set_text (f->entry, "");
  gtk_widget_grab_focus (GTK_WIDGET (f->entry));
  test_ui_key (GTK_WIDGET (f->window), XK_p, 0);
  test_ui_key (GTK_WIDGET (f->window), XK_e, 0);
  test_ui_key (GTK_WIDGET (f->window), XK_n, 0);
  test_ui_key (GTK_WIDGET (f->window), XK_s, 0);
  TEST_UI_WAIT_UNTIL (g_strcmp0 (gtk_editable_get_text (f->entry), "pens") == 0, 2000);
  g_assert_cmpuint (g_list_model_get_n_items (bel_find_page_get_results (f->find)), >, 0);
  g_assert_cmpstr (first_result_id (f), ==, expected_first_id ("pens"));
}

/* In Russian, the keyboard shows Russian letters and a Russian word finds services. */
static void
test_russian (Fixture       *f,
              gconstpointer  data)
{
  const char *letters[] = { "с", "п", "р", "а", "в", "к", "а" };

  g_object_set (f->window, "language", "ru", NULL);
  test_ui_settle (GTK_WIDGET (f->window));

  for (guint i = 0; i < G_N_ELEMENTS (letters); i++)
    test_ui_click (key (f, letters[i]));
  TEST_UI_WAIT_UNTIL (g_strcmp0 (gtk_editable_get_text (f->entry), "справка") == 0, 2000);
  g_assert_cmpuint (g_list_model_get_n_items (bel_find_page_get_results (f->find)), >, 0);
  test_ui_settle (GTK_WIDGET (f->window));
  g_assert_true (test_ui_shows_text (GTK_WIDGET (f->find), "Справка", TRUE));
  g_assert_true (test_ui_shows_text (GTK_WIDGET (f->find), "Найден", TRUE));
}

static guint
n_rows_shown (Fixture *f)
{
  g_autoptr(GPtrArray) rows = test_ui_find_all (GTK_WIDGET (f->find), BEL_TYPE_SERVICE_ROW);
  guint n = 0;

  for (guint i = 0; i < rows->len; i++)
    n += gtk_widget_get_visible (rows->pdata[i]);
  return n;
}

/* Many results: the first ten, and a button for the next ten. */
static void
test_show_more (Fixture       *f,
                gconstpointer  data)
{
  GListModel *results = bel_find_page_get_results (f->find);
  GtkWidget *more;
  guint n;

  bel_find_page_set_query (f->find, "arayış");
  n = g_list_model_get_n_items (results);
  g_assert_cmpuint (n, >, 10);
  test_ui_settle (GTK_WIDGET (f->window));
  g_assert_cmpuint (n_rows_shown (f), ==, 10);

  more = test_ui_find_with_class (GTK_WIDGET (f->find), "bel-big-button");
  g_assert_nonnull (more);
  g_assert_true (g_str_has_prefix (test_ui_widget_text (more), "Daha çox nəticə"));
  gtk_widget_activate (more);
  TEST_UI_WAIT_UNTIL (n_rows_shown (f) == MIN (n, 20), 2000);

  /* A new word starts again from the top ten. */
  bel_find_page_set_query (f->find, "arayı");
  g_assert_cmpuint (n_rows_shown (f), ==, MIN (g_list_model_get_n_items (results), 10));
}

int
main (int   argc,
      char *argv[])
{
  test_ui_init (&argc, &argv);

  g_test_add ("/ui/search/keyboard-finds", Fixture, NULL,
              fixture_set_up, test_keyboard_finds, fixture_tear_down);
  g_test_add ("/ui/search/editing", Fixture, NULL,
              fixture_set_up, test_editing, fixture_tear_down);
  g_test_add ("/ui/search/show-more", Fixture, NULL,
              fixture_set_up, test_show_more, fixture_tear_down);
  g_test_add ("/ui/search/russian", Fixture, NULL,
              fixture_set_up, test_russian, fixture_tear_down);

  return g_test_run ();
}
