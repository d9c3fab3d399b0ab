/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-ui-idle"

#include "config.h"

#include "bel-find-page.h"
#include "bel-list-page.h"
#include "bel-service-page.h"
#include "bel-welcome-page.h"
#include "test-ui-util.h"

#define CANARY "zzkanareyka"
#define MEHKUMLUQ "Məhkumluq haqqında arayış"

static char *
window_string (BelWindow  *window,
               const char *property)
{
  char *value = NULL;

  g_object_get (window, property, &value, NULL);
  return value;
}

static gboolean
window_bool (BelWindow  *window,
             const char *property)
{
  gboolean value = FALSE;

  g_object_get (window, property, &value, NULL);
  return value;
}

static void
assert_scrolled_to_top (GtkWidget *root)
{
  g_autoptr(GPtrArray) scrollers = test_ui_find_all (root, GTK_TYPE_SCROLLED_WINDOW);

  for (guint i = 0; i < scrollers->len; i++)
    g_assert_cmpfloat (gtk_adjustment_get_value (
      gtk_scrolled_window_get_vadjustment (scrollers->pdata[i])), ==, 0);
}

/* A citizen searches, opens a service, changes the language and the text size, then walks
 * away: the kiosk asks, counts down, and forgets everything. */
static void
test_idle_reset (void)
{
  BelWindow *window = test_ui_new_window (FALSE);
  BelFindPage *find = BEL_FIND_PAGE (bel_window_get_page (window, "find"));
  BelPage *service_page = bel_window_get_page (window, "service");
  BelService *service = test_ui_service_by_title (MEHKUMLUQ);
  GtkScrolledWindow *scroller;
  g_autofree char *language = NULL;
  g_autofree char *text_size = NULL;

  /* What the citizen did. */
  gtk_widget_activate_action (GTK_WIDGET (window), "nav.find", "s", "search");
  bel_find_page_set_query (find, "pensiya " CANARY);
  bel_find_page_set_query (find, "pensiya");
  gtk_editable_set_text (bel_find_page_get_entry (find), CANARY " məhkumluq");
  gtk_widget_activate_action (GTK_WIDGET (window), "nav.service", "s", bel_service_get_id (service));
  g_object_set (window, "language", "ru", "text-size", "large", "high-contrast", TRUE, NULL);
  test_ui_settle (GTK_WIDGET (window));
  scroller = GTK_SCROLLED_WINDOW (test_ui_find (GTK_WIDGET (service_page), GTK_TYPE_SCROLLED_WINDOW, NULL));
  gtk_adjustment_set_value (gtk_scrolled_window_get_vadjustment (scroller), 200);
  g_assert_cmpfloat (gtk_adjustment_get_value (gtk_scrolled_window_get_vadjustment (scroller)), >, 0);
  g_assert_true (test_ui_shows_text (GTK_WIDGET (window), CANARY, FALSE));

  /* Then nobody touches the screen. */
  bel_window_set_idle_timeouts (window, 300, 1500, 60000);
  TEST_UI_WAIT_UNTIL (bel_window_is_asking_still_there (window), 3000);
  test_ui_settle (GTK_WIDGET (window));
  g_assert_true (test_ui_shows_text (GTK_WIDGET (window), "Вы ещё здесь?", TRUE));
  g_assert_true (test_ui_shows_text (GTK_WIDGET (window), "секунд", TRUE));

  TEST_UI_WAIT_UNTIL (!bel_window_is_asking_still_there (window), 4000);
  test_ui_settle (GTK_WIDGET (window));

  /* Everything as a new citizen finds it. */
  g_assert_true (bel_window_get_visible_page (window) == bel_window_get_page (window, "welcome"));
  g_assert_cmpuint (bel_window_get_history_length (window), ==, 0);
  language = window_string (window, "language");
  g_assert_cmpstr (language, ==, "az");
  text_size = window_string (window, "text-size");
  g_assert_cmpstr (text_size, ==, "normal");
  g_assert_false (window_bool (window, "high-contrast"));
  g_assert_true (test_ui_find (GTK_WIDGET (window), GTK_TYPE_BUTTON, "Xidmət axtar") != NULL);

  g_assert_cmpstr (bel_find_page_get_query (find), ==, "");
  g_assert_cmpuint (g_list_model_get_n_items (bel_find_page_get_results (find)), ==, 0);
  g_assert_cmpint (bel_find_page_get_mode (find), ==, BEL_FIND_MODE_SEARCH);
  g_assert_null (bel_service_page_get_service (BEL_SERVICE_PAGE (service_page)));
  g_assert_cmpuint (g_list_model_get_n_items (
    bel_list_page_get_services (BEL_LIST_PAGE (bel_window_get_page (window, "list")))), ==, 0);
  assert_scrolled_to_top (GTK_WIDGET (window));

  /* Nowhere in the window, shown or not, is what was typed. */
  g_assert_false (test_ui_shows_text (GTK_WIDGET (window), CANARY, FALSE));
  /* Nor can it be brought back with Undo. */
  g_assert_false (gtk_editable_get_enable_undo (bel_find_page_get_entry (find)));

  test_ui_destroy_window (window);
}

/* "Yes, I am here": the question goes away and nothing is lost. */
static void
test_still_here (void)
{
  BelWindow *window = test_ui_new_window (FALSE);
  BelFindPage *find = BEL_FIND_PAGE (bel_window_get_page (window, "find"));
  GtkWidget *yes;

  gtk_widget_activate_action (GTK_WIDGET (window), "nav.find", "s", "search");
  bel_find_page_set_query (find, "pensiya");
  test_ui_settle (GTK_WIDGET (window));

  bel_window_set_idle_timeouts (window, 200, 60000, 60000);
  TEST_UI_WAIT_UNTIL (bel_window_is_asking_still_there (window), 3000);
  test_ui_settle (GTK_WIDGET (window));

  yes = test_ui_find (GTK_WIDGET (window), GTK_TYPE_BUTTON, "Bəli, buradayam");
  g_assert_nonnull (yes);
  bel_window_set_idle_timeouts (window, 60000, 60000, 60000);
  test_ui_click (yes);
  TEST_UI_WAIT_UNTIL (!bel_window_is_asking_still_there (window), 2000);

  g_assert_true (bel_window_get_visible_page (window) == BEL_PAGE (find));
  g_assert_cmpstr (bel_find_page_get_query (find), ==, "pensiya");
  g_assert_cmpuint (g_list_model_get_n_items (bel_find_page_get_results (find)), >, 0);

  test_ui_destroy_window (window);
}

/* Someone still using the kiosk is never asked: each touch starts the wait again. */
static void
test_activity_postpones (void)
{
  BelWindow *window = test_ui_new_window (FALSE);
  BelFindPage *find = BEL_FIND_PAGE (bel_window_get_page (window, "find"));
  GtkWidget *entry;
  gint64 end;

  gtk_widget_activate_action (GTK_WIDGET (window), "nav.find", "s", "search");
  test_ui_settle (GTK_WIDGET (window));
  entry = GTK_WIDGET (bel_find_page_get_entry (find));

  bel_window_set_idle_timeouts (window, 700, 60000, 60000);
  end = g_get_monotonic_time () + 2 * G_USEC_PER_SEC;
  while (g_get_monotonic_time () < end)
    {
      gboolean tick = FALSE;

      test_ui_click (entry);
      g_timeout_add (250, test_ui_flag_true, &tick);
      while (!tick)
        g_main_context_iteration (NULL, TRUE);
      g_assert_false (bel_window_is_asking_still_there (window));
    }

  /* And once the touches stop, the question comes. */
  TEST_UI_WAIT_UNTIL (bel_window_is_asking_still_there (window), 3000);

  test_ui_destroy_window (window);
}

/* Nobody at the welcome screen: it turns into the attract loop; a touch brings it back, and
 * does nothing else. */
static void
test_attract (void)
{
  BelWindow *window = test_ui_new_window (FALSE);
  BelWelcomePage *welcome = BEL_WELCOME_PAGE (bel_window_get_page (window, "welcome"));

  bel_window_set_idle_timeouts (window, 60000, 60000, 300);
  TEST_UI_WAIT_UNTIL (bel_welcome_page_get_attracting (welcome), 3000);
  test_ui_settle (GTK_WIDGET (window));
  g_assert_false (bel_window_is_asking_still_there (window));
  /* Each language invites in its own words, whatever the screen's language. */
  g_assert_true (test_ui_shows_text (GTK_WIDGET (welcome), "Başlamaq üçün ekrana toxunun", FALSE));
  g_assert_true (test_ui_shows_text (GTK_WIDGET (welcome), "Коснитесь экрана, чтобы начать", FALSE));
  g_assert_true (test_ui_shows_text (GTK_WIDGET (welcome), "Touch the screen to start", FALSE));

  bel_window_set_idle_timeouts (window, 60000, 60000, 60000);
  test_ui_click (GTK_WIDGET (welcome));
  TEST_UI_WAIT_UNTIL (!bel_welcome_page_get_attracting (welcome), 2000);
  test_ui_settle (GTK_WIDGET (window));
  g_assert_true (bel_window_get_visible_page (window) == BEL_PAGE (welcome));
  g_assert_nonnull (test_ui_find (GTK_WIDGET (window), GTK_TYPE_BUTTON, "Xidmət axtar"));

  test_ui_destroy_window (window);
}

int
main (int   argc,
      char *argv[])
{
  test_ui_init (&argc, &argv);

  g_test_add_func ("/ui/idle/reset", test_idle_reset);
  g_test_add_func ("/ui/idle/still-here", test_still_here);
  g_test_add_func ("/ui/idle/activity-postpones", test_activity_postpones);
  g_test_add_func ("/ui/idle/attract", test_attract);

  return g_test_run ();
}
