/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-ui-sync"

#include "config.h"

#include <signal.h>
#include <string.h>
#include <sys/prctl.h>
#include <sqlite3.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>

#include "bel-bundle.h"
#include "bel-content.h"
#include "bel-find-page.h"
#include "bel-minisign.h"
#include "bel-outbox.h"
#include "bel-service-page.h"
#include "bel-sync-client.h"
#include "bel-sync-status.h"
#include "test-ui-util.h"

/* The kiosk as it runs (BelApplication activated, its settings pointing at the real
 * beledci-server on loopback): new content shows without a restart, where the citizen is; the
 * window's events land in the outbox, anonymously; a server that is down is named in the
 * freshness notice and the content stays. */

#define SERVICE_X "agriculture-ektis-registration"
#define AGENCY_FILE "catalogue/agencies/agriculture.json"
#define TITLE_1 "Farmer registry Qwzx first"
#define TITLE_2 "Farmer registry Qwzx second"
#define NO_RESULTS_QUERY "zzqvbxx"

typedef struct {
  char                 *dir;
  char                 *bundle_dir;
  char                 *server_dir;
  char                 *data_dir;
  GSubprocess          *server;
  char                 *url;
  BelMinisignSecretKey *key;
  char                 *pub_line;
  BelContent           *bundled;
  char                 *service_y;   /* a second service of the agency, retired in revision 2 */
} Fixture;

static Fixture f;

static void
remove_tree (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  if (dir != NULL)
    while ((name = g_dir_read_name (dir)) != NULL)
      {
        g_autofree char *child = g_build_filename (path, name, NULL);
        remove_tree (child);
      }
  g_remove (path);
}

static void
die_with_parent (gpointer user_data)
{
  prctl (PR_SET_PDEATHSIG, SIGTERM);
}

static void
start_server (void)
{
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GDataInputStream) out = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *program = NULL;
  g_autofree char *line = NULL;

  program = g_build_filename (g_getenv ("BELEDCI_BUILD_DIR"), "src", "server", "beledci-server",
                              NULL);
  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE |
                                        G_SUBPROCESS_FLAGS_STDERR_SILENCE);
  g_subprocess_launcher_set_child_setup (launcher, die_with_parent, NULL, NULL);
  f.server = g_subprocess_launcher_spawn (launcher, &error, program,
                                          "--listen", "127.0.0.1:0",
                                          "--data-dir", f.server_dir,
                                          "--bundle-dir", f.bundle_dir,
                                          NULL);
  g_assert_no_error (error);

  out = g_data_input_stream_new (g_subprocess_get_stdout_pipe (f.server));
  line = g_data_input_stream_read_line_utf8 (out, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (line);
  g_assert_true (g_str_has_prefix (line, "listening on http://127.0.0.1:"));
  f.url = g_strdup (line + strlen ("listening on "));
}

static void
stop_server (void)
{
  g_autoptr(GError) error = NULL;

  g_subprocess_send_signal (f.server, SIGTERM);
  g_subprocess_wait (f.server, NULL, &error);
  g_assert_no_error (error);
  g_clear_object (&f.server);
}

static char *
replace_all (const char *text,
             const char *pattern,
             const char *replacement)
{
  g_autoptr(GRegex) regex = g_regex_new (pattern, 0, 0, NULL);
  char *replaced = g_regex_replace_literal (regex, text, -1, 0, replacement, 0, NULL);

  g_assert_cmpstr (replaced, !=, text);
  return replaced;
}

static void
set_text (BelContent *content,
          const char *path,
          const char *text)
{
  bel_content_add (content, path, g_bytes_new (text, strlen (text)));
}

static char *
get_text (const char *path)
{
  GBytes *bytes = bel_content_get (f.bundled, path);

  g_assert_nonnull (bytes);
  return g_strndup (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
}

/* The bundled content with service X's English title set to @title, the catalogue's revision
 * to @catalogue_revision, and service Y left out if @retire_y. */
static BelContent *
make_content (const char *title,
              gint64      catalogue_revision,
              gboolean    retire_y)
{
  BelContent *content = bel_content_new ();
  g_autoptr(GPtrArray) paths = bel_content_list (f.bundled, NULL);
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *catalogue = get_text ("catalogue/catalogue.json");
  g_autofree char *agency = get_text (AGENCY_FILE);
  g_autofree char *number = g_strdup_printf ("\"revision\": %" G_GINT64_FORMAT,
                                             catalogue_revision);
  g_autofree char *changed_catalogue = replace_all (catalogue, "\"revision\"\\s*:\\s*[0-9]+",
                                                    number);
  g_autofree char *changed_agency = NULL;
  JsonArray *services;

  for (guint i = 0; i < paths->len; i++)
    bel_content_add (content, paths->pdata[i], bel_content_get (f.bundled, paths->pdata[i]));
  set_text (content, "catalogue/catalogue.json", changed_catalogue);

  json_parser_load_from_data (parser, agency, -1, &error);
  g_assert_no_error (error);
  services = json_object_get_array_member (json_node_get_object (json_parser_get_root (parser)),
                                           "services");
  for (guint i = json_array_get_length (services); i-- > 0;)
    {
      JsonObject *service = json_array_get_object_element (services, i);
      const char *id = json_object_get_string_member (service, "id");

      if (g_str_equal (id, SERVICE_X))
        json_object_set_string_member (json_object_get_object_member (service, "title"), "en",
                                       title);
      else if (retire_y && g_str_equal (id, f.service_y))
        json_array_remove_element (services, i);
    }
  json_generator_set_root (generator, json_parser_get_root (parser));
  changed_agency = json_generator_to_data (generator, NULL);
  set_text (content, AGENCY_FILE, changed_agency);
  return content;
}

static void
publish (BelContent *content,
         gint64      revision)
{
  g_autoptr(BelManifest) manifest = NULL;
  g_autoptr(GError) error = NULL;
  BelBundlePublishOptions options = { 0 };

  options.revision = revision;
  manifest = bel_bundle_publish (content, f.bundle_dir, f.key, &options, &error);
  g_assert_no_error (error);
  bel_content_unref (content);
}

/* Records of @kind in the kiosk's outbox whose body contains @needle (any when NULL). */
static int
count_records (const char *kind,
               const char *needle)
{
  g_autofree char *path = g_build_filename (f.data_dir, BEL_SYNC_DATABASE_NAME, NULL);
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  int count = 0;

  g_assert_cmpint (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  sqlite3_busy_timeout (db, 5000);
  g_assert_cmpint (sqlite3_prepare_v2 (db, "SELECT body FROM outbox WHERE kind = ?", -1, &stmt,
                                       NULL), ==, SQLITE_OK);
  sqlite3_bind_text (stmt, 1, kind, -1, SQLITE_STATIC);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      const char *body = (const char *) sqlite3_column_text (stmt, 0);

      if (needle == NULL || strstr (body, needle) != NULL)
        count++;
    }
  sqlite3_finalize (stmt);
  sqlite3_close (db);
  return count;
}

/* Whether any outbox record at all contains @needle. */
static gboolean
outbox_contains (const char *needle)
{
  g_autofree char *path = g_build_filename (f.data_dir, BEL_SYNC_DATABASE_NAME, NULL);
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  gboolean found = FALSE;

  g_assert_cmpint (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  sqlite3_busy_timeout (db, 5000);
  g_assert_cmpint (sqlite3_prepare_v2 (db, "SELECT kind || ' ' || body FROM outbox", -1, &stmt,
                                       NULL), ==, SQLITE_OK);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    found |= strstr ((const char *) sqlite3_column_text (stmt, 0), needle) != NULL;
  sqlite3_finalize (stmt);
  sqlite3_close (db);
  return found;
}

static gint64
catalogue_revision (void)
{
  BelCatalogue *catalogue = bel_application_get_catalogue (test_ui_get_app ());

  return catalogue ? bel_catalogue_get_revision (catalogue) : -1;
}

static BelWindow *
kiosk_window (void)
{
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (test_ui_get_app ()));

  return BEL_IS_WINDOW (window) ? BEL_WINDOW (window) : NULL;
}

/* What the citizen finds for @query: the English titles of the results. */
static gboolean
search_shows (BelWindow  *window,
              const char *query,
              const char *title)
{
  BelFindPage *find = BEL_FIND_PAGE (bel_window_get_page (window, "find"));
  GListModel *results = bel_find_page_get_results (find);

  bel_find_page_set_query (find, query);
  for (guint i = 0; i < g_list_model_get_n_items (results); i++)
    {
      g_autoptr(BelService) service = g_list_model_get_item (results, i);

      if (g_strcmp0 (bel_service_get_title (service, BEL_LANG_EN), title) == 0)
        return TRUE;
    }
  return FALSE;
}

static void
test_sync_in_kiosk (void)
{
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  const char *keys[2] = { f.pub_line, NULL };
  BelWindow *window;
  BelPage *service_page;
  const char *banner;

  /* Revision 1 on the server: service X has a new title. */
  publish (make_content (TITLE_1, 9001, FALSE), 1);

  g_settings_set_boolean (settings, "kiosk-mode", FALSE);
  g_settings_set_string (settings, "data-dir", f.data_dir);
  g_settings_set_strv (settings, "trusted-public-keys", keys);
  g_settings_set_uint (settings, "sync-interval", 3600);
  g_settings_set_string (settings, "server-url", f.url);

  g_application_activate (G_APPLICATION (test_ui_get_app ()));
  TEST_UI_WAIT_UNTIL (kiosk_window () != NULL, 5000);
  window = kiosk_window ();
  gtk_window_set_default_size (GTK_WINDOW (window), 1280, 800);
  TEST_UI_WAIT_UNTIL (gtk_widget_get_mapped (GTK_WIDGET (window)), 5000);
  g_object_set (window, "language", "en", NULL);

  /* The first run, on start, applies revision 1: the new title is found, without a restart. */
  TEST_UI_WAIT_UNTIL (bel_application_get_syncing (test_ui_get_app ()), 10000);
  TEST_UI_WAIT_UNTIL (catalogue_revision () == 9001, 20000);
  gtk_widget_activate_action (GTK_WIDGET (window), "nav.find", "s", "search");
  g_assert_true (search_shows (window, "Qwzx", TITLE_1));
  test_ui_settle (GTK_WIDGET (window));
  g_assert_true (test_ui_shows_text (GTK_WIDGET (window), TITLE_1, TRUE));
  g_assert_null (bel_window_get_banner_text (window));

  /* Opening a service page records exactly one anonymous view. */
  g_assert_cmpint (count_records (BEL_RECORD_KIND_SERVICE_VIEWED, NULL), ==, 0);
  gtk_widget_activate_action (GTK_WIDGET (window), "nav.service", "s", SERVICE_X);
  TEST_UI_WAIT_UNTIL (count_records (BEL_RECORD_KIND_SERVICE_VIEWED, SERVICE_X) >= 1, 5000);
  g_assert_cmpint (count_records (BEL_RECORD_KIND_SERVICE_VIEWED, NULL), ==, 1);

  /* Revision 2 while a citizen reads service Y: X gets another title, Y is retired. The page
   * stays, and says the service was withdrawn. */
  gtk_widget_activate_action (GTK_WIDGET (window), "nav.service", "s", f.service_y);
  TEST_UI_WAIT_UNTIL (count_records (BEL_RECORD_KIND_SERVICE_VIEWED, f.service_y) == 1, 5000);
  publish (make_content (TITLE_2, 9002, TRUE), 2);
  bel_application_sync_now (test_ui_get_app ());
  TEST_UI_WAIT_UNTIL (catalogue_revision () == 9002, 20000);
  service_page = bel_window_get_visible_page (window);
  g_assert_true (service_page == bel_window_get_page (window, "service"));
  g_assert_cmpstr (bel_service_get_id (bel_service_page_get_service (BEL_SERVICE_PAGE (service_page))),
                   ==, f.service_y);
  g_assert_true (bel_service_is_retired (bel_service_page_get_service (BEL_SERVICE_PAGE (service_page))));
  test_ui_settle (GTK_WIDGET (window));
  g_assert_true (test_ui_shows_text (GTK_WIDGET (service_page), "no longer offered", TRUE));
  g_assert_cmpint (count_records (BEL_RECORD_KIND_SERVICE_VIEWED, NULL), ==, 2);

  /* Back to the search: X's newest title, and nothing typed is ever kept. */
  gtk_widget_activate_action (GTK_WIDGET (window), "nav.find", "s", "search");
  g_assert_true (search_shows (window, "Qwzx", TITLE_2));
  g_assert_false (search_shows (window, "Qwzx", TITLE_1));

  g_assert_cmpint (count_records (BEL_RECORD_KIND_SEARCH_NO_RESULTS, NULL), ==, 0);
  bel_find_page_set_query (BEL_FIND_PAGE (bel_window_get_page (window, "find")), "zzq");
  bel_find_page_set_query (BEL_FIND_PAGE (bel_window_get_page (window, "find")), "zzqvb");
  bel_find_page_set_query (BEL_FIND_PAGE (bel_window_get_page (window, "find")),
                           NO_RESULTS_QUERY);
  g_assert_cmpuint (g_list_model_get_n_items (bel_find_page_get_results (
    BEL_FIND_PAGE (bel_window_get_page (window, "find")))), ==, 0);
  TEST_UI_WAIT_UNTIL (count_records (BEL_RECORD_KIND_SEARCH_NO_RESULTS, NULL) >= 1, 10000);
  /* The citizen leaves: the search that settled is not counted again. */
  gtk_widget_activate_action (GTK_WIDGET (window), "nav.home", NULL);
  test_ui_settle (GTK_WIDGET (window));
  g_assert_cmpint (count_records (BEL_RECORD_KIND_SEARCH_NO_RESULTS, NULL), ==, 1);
  g_assert_cmpint (count_records (BEL_RECORD_KIND_SEARCH_NO_RESULTS, "\"en\""), ==, 1);
  g_assert_false (outbox_contains (NO_RESULTS_QUERY));
  g_assert_false (outbox_contains ("zzq"));

  /* The welcome page's footer tells about the kiosk. */
  TEST_UI_WAIT_UNTIL (test_ui_shows_text (GTK_WIDGET (window), "About this kiosk: catalogue revision 9002", TRUE), 5000);

  /* The server goes down: the notice names the problem; the content stays. */
  stop_server ();
  bel_application_sync_now (test_ui_get_app ());
  TEST_UI_WAIT_UNTIL (bel_window_get_banner_text (window) != NULL, 20000);
  banner = bel_window_get_banner_text (window);
  g_test_message ("banner: %s", banner);
  g_assert_nonnull (strstr (banner, bel_sync_error_describe (BEL_SYNC_ERROR_SERVER_UNREACHABLE)));
  g_assert_nonnull (strstr (banner, "could not check for updates"));
  test_ui_settle (GTK_WIDGET (window));
  g_assert_true (test_ui_shows_text (GTK_WIDGET (window), "could not check for updates", TRUE));
  g_assert_cmpint (catalogue_revision (), ==, 9002);
  gtk_widget_activate_action (GTK_WIDGET (window), "nav.find", "s", "search");
  g_assert_true (search_shows (window, "Qwzx", TITLE_2));

  gtk_window_destroy (GTK_WINDOW (window));
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  g_autoptr(BelMinisignPublicKey) public_key = NULL;
  BelCatalogue *catalogue;
  GListModel *services;
  int status;

  test_ui_init (&argc, &argv);

  f.dir = g_dir_make_tmp ("beledci-ui-sync-XXXXXX", &error);
  g_assert_no_error (error);
  f.bundle_dir = g_build_filename (f.dir, "bundle", NULL);
  f.server_dir = g_build_filename (f.dir, "server", NULL);
  f.data_dir = g_build_filename (f.dir, "kiosk", NULL);
  g_mkdir (f.bundle_dir, 0700);
  g_mkdir (f.server_dir, 0700);

  f.key = bel_minisign_secret_key_generate ();
  public_key = bel_minisign_secret_key_get_public (f.key);
  f.pub_line = bel_minisign_public_key_to_base64 (public_key);
  f.bundled = bel_content_new_from_dir (bel_content_bundled_dir (), &error);
  g_assert_no_error (error);

  /* Y: another offered service of X's agency. */
  catalogue = test_ui_get_catalogue ();
  services = bel_catalogue_get_services (catalogue);
  for (guint i = 0; f.service_y == NULL && i < g_list_model_get_n_items (services); i++)
    {
      g_autoptr(BelService) service = g_list_model_get_item (services, i);

      if (g_strcmp0 (bel_service_get_agency_id (service), "agriculture") == 0 &&
          g_strcmp0 (bel_service_get_id (service), SERVICE_X) != 0 &&
          !bel_service_is_retired (service))
        f.service_y = g_strdup (bel_service_get_id (service));
    }
  g_assert_nonnull (f.service_y);
  g_assert_nonnull (bel_catalogue_get_service (catalogue, SERVICE_X));

  start_server ();

  g_test_add_func ("/ui-sync/kiosk", test_sync_in_kiosk);
  status = g_test_run ();

  if (f.server != NULL)
    stop_server ();
  if (g_getenv ("BELEDCI_KEEP_TEST_DIR") == NULL)
    remove_tree (f.dir);
  return status;
}
