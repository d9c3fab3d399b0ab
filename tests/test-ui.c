/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-ui"

#include "config.h"

#include <adwaita.h>

#include "bel-content.h"
#include "bel-find-page.h"
#include "bel-fold.h"
#include "bel-i18n.h"
#include "bel-keyboard.h"
#include "bel-list-page.h"
#include "bel-qr-code.h"
#include "bel-service-page.h"
#include "bel-service-row.h"
#include "bel-welcome-page.h"
#include "test-ui-util.h"

#define MEHKUMLUQ "Məhkumluq haqqında arayış"

/* Every template in the resources builds: a .ui file whose widgets GTK 4.8 or libadwaita 1.2
 * does not know fails here, not in front of a citizen. */
static void
test_templates (void)
{
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) files = NULL;
  guint n_templates = 0;

  BelWindow *window;

  /* A window builds every page, which registers every type the templates name. */
  window = bel_window_new (GTK_APPLICATION (test_ui_get_app ()), FALSE);
  g_type_ensure (BEL_TYPE_SERVICE_ROW);

  files = g_resources_enumerate_children ("/io/github/beledci/Kiosk/", 0, &error);
  g_assert_no_error (error);

  for (guint i = 0; files[i]; i++)
    {
      g_autofree char *base = NULL;
      g_autoptr(GString) type_name = g_string_new (NULL);
      g_auto(GStrv) words = NULL;
      GObject *object;
      GType type;

      if (!g_str_has_suffix (files[i], ".ui"))
        continue;

      /* bel-service-row.ui holds the template of BelServiceRow. */
      base = g_strndup (files[i], strlen (files[i]) - 3);
      words = g_strsplit (base, "-", -1);
      for (guint w = 0; words[w]; w++)
        {
          words[w][0] = g_ascii_toupper (words[w][0]);
          g_string_append (type_name, words[w]);
        }

      type = g_type_from_name (type_name->str);
      if (type == G_TYPE_INVALID)
        g_error ("%s: no type %s for this template", files[i], type_name->str);

      if (g_type_is_a (type, GTK_TYPE_WINDOW))
        object = g_object_new (type, "application", test_ui_get_app (), NULL);
      else
        object = g_object_ref_sink (g_object_new (type, NULL));
      g_assert_nonnull (object);

      if (GTK_IS_WINDOW (object))
        test_ui_destroy_window (BEL_WINDOW (object));
      else
        g_object_unref (object);
      n_templates++;
    }

  /* The window, four pages and the result row at least. */
  g_assert_cmpuint (n_templates, >=, 6);
  test_ui_destroy_window (window);

  /* The widgets without a template build too. */
  g_object_unref (g_object_ref_sink (bel_keyboard_new ()));
  g_object_unref (g_object_ref_sink (bel_qr_code_new ("https://www.e-gov.az/")));
}

static GtkWidget *
button (BelWindow  *window,
        const char *text)
{
  GtkWidget *found = test_ui_find (GTK_WIDGET (window), GTK_TYPE_BUTTON, text);

  if (found == NULL)
    g_error ("No button “%s” on the screen", text);
  return found;
}

static BelService *
visible_row_service (GtkWidget *root)
{
  GtkWidget *row = test_ui_find (root, BEL_TYPE_SERVICE_ROW, NULL);

  return row ? bel_service_row_get_service (BEL_SERVICE_ROW (row)) : NULL;
}

/* Through every screen and back, as a citizen would, with the Back and Home buttons. */
static void
test_navigation (void)
{
  BelWindow *window = test_ui_new_window (FALSE);
  BelPage *welcome = bel_window_get_page (window, "welcome");
  BelPage *find = bel_window_get_page (window, "find");
  BelPage *list = bel_window_get_page (window, "list");
  BelPage *service_page = bel_window_get_page (window, "service");
  GtkWidget *tile;
  GtkWidget *agency_button;
  BelService *service;

  g_assert_true (bel_window_get_visible_page (window) == welcome);
  /* Home is where the citizen is: no Back or Home buttons to press for nothing. */
  g_assert_null (test_ui_find (GTK_WIDGET (window), GTK_TYPE_BUTTON, "Geri"));

  /* Welcome → browse by life event → a category → a service. */
  gtk_widget_activate (button (window, "Həyat hadisəsinə görə"));
  TEST_UI_WAIT_UNTIL (bel_window_get_visible_page (window) == find, 2000);
  test_ui_settle (GTK_WIDGET (window));
  g_assert_cmpint (bel_find_page_get_mode (BEL_FIND_PAGE (find)), ==, BEL_FIND_MODE_CATEGORIES);
  g_assert_nonnull (button (window, "Geri"));
  g_assert_nonnull (button (window, "Əsas səhifə"));

  tile = test_ui_find_with_class (GTK_WIDGET (find), "bel-tile");
  g_assert_nonnull (tile);
  gtk_widget_activate (tile);
  TEST_UI_WAIT_UNTIL (bel_window_get_visible_page (window) == list, 2000);
  test_ui_settle (GTK_WIDGET (window));
  g_assert_cmpuint (g_list_model_get_n_items (bel_list_page_get_services (BEL_LIST_PAGE (list))), >, 0);
  /* The heading names the category; the rows show its services. */
  g_assert_true (test_ui_shows_text (GTK_WIDGET (list), bel_page_get_title (list), TRUE));
  service = visible_row_service (GTK_WIDGET (list));
  g_assert_nonnull (service);

  gtk_widget_activate (test_ui_find (GTK_WIDGET (list), BEL_TYPE_SERVICE_ROW, NULL));
  TEST_UI_WAIT_UNTIL (bel_window_get_visible_page (window) == service_page, 2000);
  test_ui_settle (GTK_WIDGET (window));
  g_assert_true (bel_service_page_get_service (BEL_SERVICE_PAGE (service_page)) == service);
  g_assert_true (test_ui_shows_text (GTK_WIDGET (service_page),
                                     bel_service_get_title (service, BEL_LANG_AZ), TRUE));
  g_assert_cmpuint (bel_window_get_history_length (window), ==, 3);

  /* Back, back: the category list, then the tiles. */
  gtk_widget_activate (button (window, "Geri"));
  TEST_UI_WAIT_UNTIL (bel_window_get_visible_page (window) == list, 2000);
  gtk_widget_activate (button (window, "Geri"));
  TEST_UI_WAIT_UNTIL (bel_window_get_visible_page (window) == find, 2000);
  g_assert_cmpint (bel_find_page_get_mode (BEL_FIND_PAGE (find)), ==, BEL_FIND_MODE_CATEGORIES);

  /* The agencies, with their counts; one agency's services. */
  test_ui_settle (GTK_WIDGET (window));
  gtk_widget_activate (button (window, "Qurumlar"));
  TEST_UI_WAIT_UNTIL (bel_find_page_get_mode (BEL_FIND_PAGE (find)) == BEL_FIND_MODE_AGENCIES, 2000);
  test_ui_settle (GTK_WIDGET (window));
  agency_button = test_ui_find_with_class (GTK_WIDGET (find), "bel-list-button");
  g_assert_nonnull (agency_button);
  g_assert_true (test_ui_shows_text (agency_button, " xidmət", TRUE));
  gtk_widget_activate (agency_button);
  TEST_UI_WAIT_UNTIL (bel_window_get_visible_page (window) == list, 2000);
  test_ui_settle (GTK_WIDGET (window));
  service = visible_row_service (GTK_WIDGET (list));
  g_assert_nonnull (service);
  g_assert_true (test_ui_shows_text (GTK_WIDGET (list), " xidmət", TRUE));

  /* Home from deep inside: the welcome screen, with nothing to go back to. */
  gtk_widget_activate (button (window, "Əsas səhifə"));
  TEST_UI_WAIT_UNTIL (bel_window_get_visible_page (window) == welcome, 2000);
  g_assert_cmpuint (bel_window_get_history_length (window), ==, 0);

  /* Welcome → find a service: the search field has the focus, for the keyboard. */
  gtk_widget_activate (button (window, "Xidmət axtar"));
  TEST_UI_WAIT_UNTIL (bel_window_get_visible_page (window) == find, 2000);
  g_assert_cmpint (bel_find_page_get_mode (BEL_FIND_PAGE (find)), ==, BEL_FIND_MODE_SEARCH);
  test_ui_settle (GTK_WIDGET (window));
  g_assert_true (gtk_widget_is_ancestor (gtk_root_get_focus (GTK_ROOT (window)),
                                         GTK_WIDGET (bel_find_page_get_entry (BEL_FIND_PAGE (find)))));

  test_ui_destroy_window (window);
}

static GtkWidget *
header_back_button (BelWindow *window)
{
  g_autoptr(GPtrArray) buttons = test_ui_find_all (GTK_WIDGET (window), GTK_TYPE_BUTTON);

  for (guint i = 0; i < buttons->len; i++)
    if (g_strcmp0 (gtk_actionable_get_action_name (buttons->pdata[i]), "nav.back") == 0)
      return buttons->pdata[i];
  g_assert_not_reached ();
}

/* Switching the language re-renders the screen, the catalogue content and the controls. */
static void
test_language (void)
{
  BelWindow *window = test_ui_new_window (FALSE);
  BelPage *service_page = bel_window_get_page (window, "service");
  BelService *service = test_ui_service_by_title (MEHKUMLUQ);
  GtkWidget *date_label;
  const char *date_text;

  g_assert_nonnull (service);

  /* The welcome screen in Azerbaijani, with the catalogue's date as dd.mm.yyyy. */
  g_assert_nonnull (button (window, "Xidmət axtar"));
  {
    g_autoptr(GPtrArray) labels = test_ui_find_all (GTK_WIDGET (window), GTK_TYPE_LABEL);
    g_autoptr(GRegex) regex = g_regex_new ("\\b[0-3][0-9]\\.[01][0-9]\\.20[0-9][0-9]\\b", 0, 0, NULL);

    date_label = NULL;
    for (guint i = 0; i < labels->len && date_label == NULL; i++)
      if (gtk_widget_get_mapped (labels->pdata[i]) &&
          g_regex_match (regex, gtk_label_get_text (labels->pdata[i]), 0, NULL))
        date_label = labels->pdata[i];
  }
  g_assert_nonnull (date_label);
  date_text = gtk_label_get_text (GTK_LABEL (date_label));
  g_assert_true (g_str_has_prefix (date_text, "Məlumatlar "));

  /* One tap on «Русский». */
  gtk_widget_activate (button (window, "Русский"));
  TEST_UI_WAIT_UNTIL (test_ui_find (GTK_WIDGET (window), GTK_TYPE_BUTTON, "Найти услугу") != NULL, 2000);
  g_assert_null (test_ui_find (GTK_WIDGET (window), GTK_TYPE_BUTTON, "Xidmət axtar"));
  g_assert_true (g_str_has_prefix (gtk_label_get_text (GTK_LABEL (date_label)), "Сведения на "));

  /* A service's content in Russian. */
  gtk_widget_activate_action (GTK_WIDGET (window), "nav.service", "s", bel_service_get_id (service));
  TEST_UI_WAIT_UNTIL (bel_window_get_visible_page (window) == service_page, 2000);
  test_ui_settle (GTK_WIDGET (window));
  g_assert_true (test_ui_shows_text (GTK_WIDGET (service_page),
                                     bel_service_get_title (service, BEL_LANG_RU), TRUE));
  g_assert_true (test_ui_shows_text (GTK_WIDGET (service_page),
                                     bel_service_get_summary (service, BEL_LANG_RU), TRUE));
  g_assert_true (test_ui_shows_text (GTK_WIDGET (service_page), "Что взять с собой", TRUE));
  g_assert_cmpstr (test_ui_widget_text (header_back_button (window)), ==, "Назад");

  /* English from the top bar, while on the service: the same service, now in English. */
  g_object_set (window, "language", "en", NULL);
  test_ui_settle (GTK_WIDGET (window));
  g_assert_true (bel_window_get_visible_page (window) == service_page);
  g_assert_true (test_ui_shows_text (GTK_WIDGET (service_page),
                                     bel_service_get_title (service, BEL_LANG_EN), TRUE));
  g_assert_false (test_ui_shows_text (GTK_WIDGET (service_page),
                                      bel_service_get_title (service, BEL_LANG_RU), TRUE));
  g_assert_true (test_ui_shows_text (GTK_WIDGET (service_page), "What to bring", TRUE));
  g_assert_cmpstr (test_ui_widget_text (header_back_button (window)), ==, "Back");

  /* And back to Azerbaijani. */
  g_object_set (window, "language", "az", NULL);
  test_ui_settle (GTK_WIDGET (window));
  g_assert_true (test_ui_shows_text (GTK_WIDGET (service_page), MEHKUMLUQ, TRUE));
  g_assert_true (test_ui_shows_text (GTK_WIDGET (service_page), "Özünüzlə nə gətirməli", TRUE));
  g_assert_cmpstr (test_ui_widget_text (header_back_button (window)), ==, "Geri");

  test_ui_destroy_window (window);
}

/* Fees and dates as the citizen reads them, and a plain answer where the catalogue does not
 * know. */
static void
test_formats (void)
{
  BelWindow *window = test_ui_new_window (FALSE);
  BelPage *service_page = bel_window_get_page (window, "service");
  GListModel *services = bel_catalogue_get_services (test_ui_get_catalogue ());
  BelService *unknown_fee = NULL;
  char *text;

  text = bel_format_fee (1.5);
  g_assert_cmpstr (text, ==, "1,50\u00a0₼");
  g_free (text);
  text = bel_format_fee (3);
  g_assert_cmpstr (text, ==, "3\u00a0₼");
  g_free (text);
  text = bel_format_fee (1500.25);
  g_assert_cmpstr (text, ==, "1.500,25\u00a0₼");
  g_free (text);
  text = bel_format_fee (0);
  g_assert_cmpstr (text, ==, "Pulsuz");
  g_free (text);
  text = bel_format_date ("2026-03-07");
  g_assert_cmpstr (text, ==, "07.03.2026");
  g_free (text);
  g_assert_null (bel_format_date ("2026-02-30"));
  g_assert_null (bel_format_date ("yesterday"));

  for (guint i = 0; i < g_list_model_get_n_items (services) && unknown_fee == NULL; i++)
    {
      g_autoptr(BelService) service = g_list_model_get_item (services, i);
      double azn;

      if (!bel_service_is_retired (service) && !bel_service_get_fee (service, &azn))
        unknown_fee = service;
    }
  g_assert_nonnull (unknown_fee);

  gtk_widget_activate_action (GTK_WIDGET (window), "nav.service", "s",
                              bel_service_get_id (unknown_fee));
  test_ui_settle (GTK_WIDGET (window));
  g_assert_true (test_ui_shows_text (GTK_WIDGET (service_page),
                                     "Məlum deyil. ASAN xidmət mərkəzində soruşun", TRUE));

  test_ui_destroy_window (window);
}

/* Agencies are listed in the alphabetical order of the screen's language. */
static void
test_sorting (void)
{
  BelWindow *window = test_ui_new_window (FALSE);
  BelPage *find = bel_window_get_page (window, "find");
  const char *languages[] = { "az", "ru" };

  gtk_widget_activate_action (GTK_WIDGET (window), "nav.find", "s", "agencies");

  for (guint l = 0; l < G_N_ELEMENTS (languages); l++)
    {
      g_autoptr(GPtrArray) buttons = NULL;
      g_autoptr(GPtrArray) names = g_ptr_array_new ();
      BelLang lang;

      g_object_set (window, "language", languages[l], NULL);
      test_ui_settle (GTK_WIDGET (window));
      bel_lang_from_code (languages[l], &lang);

      buttons = test_ui_find_all (GTK_WIDGET (find), GTK_TYPE_BUTTON);
      for (guint i = 0; i < buttons->len; i++)
        if (gtk_widget_has_css_class (buttons->pdata[i], "bel-list-button"))
          {
            GtkWidget *name = test_ui_find (buttons->pdata[i], GTK_TYPE_LABEL, NULL);

            g_ptr_array_add (names, (gpointer) gtk_label_get_text (GTK_LABEL (name)));
          }

      g_assert_cmpuint (names->len, >=, 5);
      for (guint i = 1; i < names->len; i++)
        if (bel_collate (lang, names->pdata[i - 1], names->pdata[i]) > 0)
          g_error ("“%s” is listed before “%s”", (char *) names->pdata[i - 1],
                   (char *) names->pdata[i]);
    }

  test_ui_destroy_window (window);
}

/* On failure: which widgets ask for the room, to find the culprit. */
static void
dump_min_sizes (GtkWidget *widget,
                int        depth)
{
  int min_width, min_height;

  gtk_widget_measure (widget, GTK_ORIENTATION_HORIZONTAL, -1, &min_width, NULL, NULL, NULL);
  gtk_widget_measure (widget, GTK_ORIENTATION_VERTICAL, -1, &min_height, NULL, NULL, NULL);
  if (min_width > 150 && depth < 12)
    g_printerr ("%*s%s %dx%d\n", depth, "", G_OBJECT_TYPE_NAME (widget), min_width, min_height);

  for (GtkWidget *child = gtk_widget_get_first_child (widget); child;
       child = gtk_widget_get_next_sibling (child))
    if (gtk_widget_get_visible (child))
      dump_min_sizes (child, depth + 1);
}

static void
check_touch_targets (GtkWidget  *root,
                     const char *where)
{
  g_autoptr(GPtrArray) buttons = test_ui_find_all (root, GTK_TYPE_BUTTON);

  for (guint i = 0; i < buttons->len; i++)
    {
      GtkWidget *b = buttons->pdata[i];

      /* Clipped away by a scrolled window is not on the screen. */
      if (!gtk_widget_get_mapped (b) || !gtk_widget_get_child_visible (b))
        continue;

      if (gtk_widget_get_width (b) < 56 || gtk_widget_get_height (b) < 56)
        g_error ("%s: the button “%s” is %dx%d, smaller than a fingertip (56x56)", where,
                 test_ui_widget_text (b) ? test_ui_widget_text (b) : G_OBJECT_TYPE_NAME (b),
                 gtk_widget_get_width (b), gtk_widget_get_height (b));
    }
}

/* Every screen fits a 1280x800 and a 1080x1920 screen at every text size, and every button on
 * it is big enough to touch. */
static void
test_fits_and_targets (void)
{
  BelWindow *window = test_ui_new_window (FALSE);
  BelService *service = test_ui_service_by_title (MEHKUMLUQ);
  const char *sizes[] = { "normal", "large", "extra-large" };
  const struct { const char *action; const char *arg; } screens[] = {
    { "nav.home", NULL },
    { "nav.find", "search" },
    { "nav.find", "categories" },
    { "nav.find", "agencies" },
    { "nav.category", "documents" },
    { "nav.service", bel_service_get_id (service) },
  };

  for (guint s = 0; s < G_N_ELEMENTS (sizes); s++)
    {
      g_object_set (window, "text-size", sizes[s], NULL);

      for (guint i = 0; i < G_N_ELEMENTS (screens); i++)
        {
          g_autofree char *where = g_strdup_printf ("%s %s text", screens[i].arg ? screens[i].arg : "welcome",
                                                    sizes[s]);
          GtkWidget *content = adw_application_window_get_content (ADW_APPLICATION_WINDOW (window));
          int min_height, min_width;

          if (screens[i].arg)
            gtk_widget_activate_action (GTK_WIDGET (window), screens[i].action, "s", screens[i].arg);
          else
            gtk_widget_activate_action (GTK_WIDGET (window), screens[i].action, NULL);
          if (g_str_equal (screens[i].arg ? screens[i].arg : "", "search"))
            bel_find_page_set_query (BEL_FIND_PAGE (bel_window_get_page (window, "find")), "pensiya");
          test_ui_settle (GTK_WIDGET (window));

          gtk_widget_measure (content, GTK_ORIENTATION_HORIZONTAL, -1, &min_width, NULL, NULL, NULL);
          gtk_widget_measure (content, GTK_ORIENTATION_VERTICAL, 1280, &min_height, NULL, NULL, NULL);
          if (min_width > 1080 || min_height > 800)
            dump_min_sizes (content, 0);
          if (min_width > 1080 || min_height > 800)
            g_error ("%s needs at least %dx%d", where, min_width, min_height);
          gtk_widget_measure (content, GTK_ORIENTATION_VERTICAL, 1080, &min_height, NULL, NULL, NULL);
          g_assert_cmpint (min_height, <=, 1920);

          check_touch_targets (GTK_WIDGET (window), where);
        }
    }

  test_ui_destroy_window (window);
}

/* An old catalogue: a calm notice with its date, and none once the operator allows the age. */
static void
test_freshness (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("test-ui-freshness-XXXXXX", &error);
  g_autofree char *copy = g_strdup_printf ("cp -r '%s/catalogue' '%s/'", bel_content_bundled_dir (), dir);
  g_autofree char *cleanup = g_strdup_printf ("rm -rf '%s'", dir);
  g_autofree char *metadata = g_build_filename (dir, "catalogue", "catalogue.json", NULL);
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  g_autoptr(BelDatabase) db = NULL;
  g_autoptr(BelCatalogue) old = NULL;
  BelWindow *window;
  int status;

  g_assert_no_error (error);
  g_assert_true (g_spawn_command_line_sync (copy, NULL, NULL, &status, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_set_contents (metadata,
                                      "{\"format\": 1, \"revision\": 1, \"published\": \"2024-03-05\"}",
                                      -1, &error));
  db = bel_database_open (":memory:", &error);
  g_assert_no_error (error);
  old = bel_catalogue_new (db, dir, &error);
  g_assert_no_error (error);

  window = test_ui_new_window (FALSE);
  g_assert_false (test_ui_shows_text (GTK_WIDGET (window), "05.03.2024", TRUE));

  bel_window_set_catalogue (window, old);
  test_ui_settle (GTK_WIDGET (window));
  g_assert_true (test_ui_shows_text (GTK_WIDGET (window),
                                     "Bu məlumatlar sonuncu dəfə 05.03.2024 tarixində yenilənib", TRUE));

  g_settings_set_uint (settings, "catalogue-max-age", 36500);
  test_ui_settle (GTK_WIDGET (window));
  g_assert_false (test_ui_shows_text (GTK_WIDGET (window), "sonuncu dəfə", TRUE));
  /* The date itself stays on the welcome screen. */
  g_assert_true (test_ui_shows_text (GTK_WIDGET (window), "Məlumatlar 05.03.2024 tarixinə görədir", TRUE));
  g_settings_reset (settings, "catalogue-max-age");

  test_ui_destroy_window (window);
  g_spawn_command_line_sync (cleanup, NULL, NULL, NULL, NULL);
}

int
main (int   argc,
      char *argv[])
{
  test_ui_init (&argc, &argv);

  g_test_add_func ("/ui/templates", test_templates);
  g_test_add_func ("/ui/navigation", test_navigation);
  g_test_add_func ("/ui/language", test_language);
  g_test_add_func ("/ui/formats", test_formats);
  g_test_add_func ("/ui/sorting", test_sorting);
  g_test_add_func ("/ui/fits-and-targets", test_fits_and_targets);
  g_test_add_func ("/ui/freshness", test_freshness);

  return g_test_run ();
}
