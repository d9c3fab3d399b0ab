/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "bel-headless"

#include "config.h"

#include "bel-headless.h"

#include <stdio.h>
#include <glib/gi18n.h>
#include <json-glib/json-glib.h>

#include "bel-bundle.h"
#include "bel-database.h"
#include "bel-outbox.h"
#include "bel-record-sender.h"
#include "bel-sync-client.h"
#include "bel-sync-status.h"

const GOptionEntry bel_headless_option_entries[] = {
  { "sync-once", 0, 0, G_OPTION_ARG_NONE, NULL,
    N_("Sync content and records with the server once, without a display, then quit"), NULL },
  { "status", 0, 0, G_OPTION_ARG_NONE, NULL,
    N_("Print the sync status (revision, last sync, records waiting, last error) and quit"), NULL },
  { "import-bundle", 0, 0, G_OPTION_ARG_FILENAME, NULL,
    N_("Check the content bundle in DIR (a USB stick) and apply it, then quit"), N_("DIR") },
  { "data-dir", 0, 0, G_OPTION_ARG_FILENAME, NULL,
    N_("Keep the kiosk's database in DIR instead of the configured one"), N_("DIR") },
  { "server", 0, 0, G_OPTION_ARG_STRING, NULL,
    N_("With --sync-once: the server's URL instead of the configured one"), N_("URL") },
  { "pubkey", 0, 0, G_OPTION_ARG_FILENAME, NULL,
    N_("With --sync-once or --import-bundle: trust this minisign public key instead of the configured ones"),
    N_("FILE") },
  { "json", 0, 0, G_OPTION_ARG_NONE, NULL,
    N_("With --status: print JSON"), NULL },
  { NULL }
};

/* The kiosk's settings, or NULL when the schema is not installed (a bare build tree): the
 * command line must still work there. */
static GSettings *
get_settings (void)
{
  GSettingsSchemaSource *source = g_settings_schema_source_get_default ();
  g_autoptr(GSettingsSchema) schema = NULL;

  if (source == NULL)
    return NULL;
  schema = g_settings_schema_source_lookup (source, APP_ID, TRUE);
  if (schema == NULL)
    return NULL;
  return g_settings_new (APP_ID);
}

char *
bel_headless_dup_data_dir (const char *override)
{
  g_autoptr(GSettings) settings = NULL;

  if (override != NULL && *override != '\0')
    return g_strdup (override);
  settings = get_settings ();
  if (settings != NULL)
    {
      g_autofree char *dir = g_settings_get_string (settings, "data-dir");
      if (*dir != '\0')
        return g_steal_pointer (&dir);
    }
  return g_build_filename (g_get_user_data_dir (), "beledci", NULL);
}

static int
report_failure (const GError *error)
{
  if (error->domain == BEL_SYNC_ERROR)
    g_printerr ("beledci: %s: %s\n", bel_sync_error_to_string (error->code), error->message);
  else
    g_printerr ("beledci: %s\n", error->message);
  return 1;
}

static void
print_outcome (gboolean updated,
               gint64   revision)
{
  g_autofree char *number = g_strdup_printf ("%" G_GINT64_FORMAT, revision);

  if (updated)
    g_print (_("Content updated to revision %s\n"), number);
  else
    g_print (_("Content is up to date (revision %s)\n"), number);
}

/* --sync-once */

typedef struct {
  GMainLoop     *loop;
  gboolean       ok;
  BelSyncResult  result;
  GError        *error;
} SyncWait;

static void
sync_done_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  SyncWait *wait = user_data;

  wait->ok = bel_sync_client_sync_content_finish (BEL_SYNC_CLIENT (object), result,
                                                  &wait->result, &wait->error);
  g_main_loop_quit (wait->loop);
}

static gboolean
push_records (const char  *data_dir,
              const char  *server_url,
              const char  *token,
              GError     **error)
{
  g_autofree char *path = g_build_filename (data_dir, BEL_SYNC_DATABASE_NAME, NULL);
  g_autoptr(BelDatabase) db = NULL;
  g_autoptr(BelOutbox) outbox = NULL;
  g_autoptr(BelRecordSender) sender = NULL;
  BelPushResult pushed = { 0 };

  db = bel_database_open (path, error);
  if (db == NULL)
    return FALSE;
  outbox = bel_outbox_new (db);
  sender = bel_record_sender_new (outbox, NULL);
  bel_record_sender_set_server (sender, server_url, token);
  if (!bel_record_sender_push_sync (sender, NULL, &pushed, error))
    return FALSE;
  if (pushed.stored > 0)
    g_print (_("Records sent: %u\n"), pushed.stored);
  /* The heartbeat last, so it reports the state this run left. */
  return bel_record_sender_send_heartbeat_sync (sender, NULL, error);
}

int
bel_headless_sync_once (const char *data_dir,
                        const char *server_url,
                        const char *pubkey_file)
{
  g_autoptr(GSettings) settings = get_settings ();
  g_autoptr(BelSyncClient) client = NULL;
  g_autoptr(GMainContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *token = NULL;
  g_autofree char *url = NULL;
  SyncWait wait = { 0 };
  int status = 0;

  g_return_val_if_fail (data_dir != NULL, 1);

  client = bel_sync_client_new (data_dir);
  if (settings != NULL)
    {
      bel_sync_client_load_settings (client, settings);
      token = g_settings_get_string (settings, "kiosk-token");
    }
  /* The command line wins over the settings. */
  if (server_url != NULL)
    bel_sync_client_set_server_url (client, server_url);
  if (pubkey_file != NULL)
    {
      bel_sync_client_set_trusted_keys (client, NULL);
      if (!bel_sync_client_add_trusted_key_file (client, pubkey_file, &error))
        return report_failure (error);
    }

  context = g_main_context_new ();
  g_main_context_push_thread_default (context);
  wait.loop = g_main_loop_new (context, FALSE);
  bel_sync_client_sync_content_async (client, NULL, sync_done_cb, &wait);
  g_main_loop_run (wait.loop);
  g_main_loop_unref (wait.loop);
  g_main_context_pop_thread_default (context);

  if (!wait.ok)
    {
      status = report_failure (wait.error);
      g_clear_error (&wait.error);
    }
  else
    {
      g_autoptr(BelSyncStatus) sync_status = NULL;
      g_autoptr(BelDatabase) db = NULL;
      g_autofree char *path = bel_sync_client_dup_database_path (client);

      db = bel_database_open (path, NULL);
      sync_status = db ? bel_sync_status_load (db, NULL) : NULL;
      print_outcome (wait.result == BEL_SYNC_RESULT_UPDATED,
                     sync_status ? sync_status->revision : 0);
    }

  /* Records go out even when the content check failed: they do not depend on it. A kiosk
   * without a token sends none. */
  url = g_strdup (bel_sync_client_get_server_url (client));
  if (url != NULL && token != NULL && *token != '\0')
    {
      if (!push_records (data_dir, url, token, &error))
        status = report_failure (error);
    }
  return status;
}

/* --status */

int
bel_headless_status (const char *data_dir,
                     gboolean    json)
{
  g_autofree char *path = g_build_filename (data_dir, BEL_SYNC_DATABASE_NAME, NULL);
  g_autoptr(BelDatabase) db = NULL;
  g_autoptr(BelSyncStatus) status = NULL;
  g_autoptr(GError) error = NULL;

  if (g_file_test (path, G_FILE_TEST_EXISTS))
    {
      db = bel_database_open (path, &error);
      if (db == NULL || (status = bel_sync_status_load (db, &error)) == NULL)
        return report_failure (error);
    }
  else
    {
      /* A kiosk that never ran: report that, without creating anything. */
      status = g_new0 (BelSyncStatus, 1);
      status->pending_records = 0;
    }

  if (json)
    {
      g_autoptr(JsonNode) node = bel_sync_status_to_json (status);
      g_autofree char *text = json_to_string (node, TRUE);
      g_print ("%s\n", text);
    }
  else
    {
      g_autofree char *text = bel_sync_status_to_text (status);
      g_print ("%s", text);
    }
  return 0;
}

/* --import-bundle */

int
bel_headless_import_bundle (const char *data_dir,
                            const char *bundle_dir,
                            const char *pubkey_file)
{
  g_autofree char *path = g_build_filename (data_dir, BEL_SYNC_DATABASE_NAME, NULL);
  g_autoptr(GPtrArray) keys = g_ptr_array_new_with_free_func ((GDestroyNotify)bel_minisign_public_key_free);
  g_autoptr(BelDatabase) db = NULL;
  g_autoptr(BelSyncStatus) status = NULL;
  g_autoptr(GError) error = NULL;
  gboolean updated = FALSE;

  if (pubkey_file != NULL)
    {
      BelMinisignPublicKey *key = bel_minisign_public_key_load (pubkey_file, &error);
      if (key == NULL)
        return report_failure (error);
      g_ptr_array_add (keys, key);
    }
  else
    {
      g_autoptr(GSettings) settings = get_settings ();
      g_auto(GStrv) lines = settings ? g_settings_get_strv (settings, "trusted-public-keys") : NULL;

      for (guint i = 0; lines != NULL && lines[i] != NULL; i++)
        {
          BelMinisignPublicKey *key = bel_minisign_public_key_parse (lines[i], NULL);
          if (key != NULL)
            g_ptr_array_add (keys, key);
        }
    }
  g_ptr_array_add (keys, NULL);

  if (g_mkdir_with_parents (data_dir, 0700) != 0)
    {
      g_printerr ("beledci: cannot create %s\n", data_dir);
      return 1;
    }
  db = bel_database_open (path, &error);
  if (db == NULL)
    return report_failure (error);
  if (!bel_bundle_import_dir (db, bundle_dir, (BelMinisignPublicKey * const *)keys->pdata,
                              &updated, &error))
    return report_failure (error);

  status = bel_sync_status_load (db, NULL);
  print_outcome (updated, status ? status->revision : 0);
  return 0;
}

int
bel_headless_handle_local_options (GVariantDict *options)
{
  g_autofree char *data_dir_option = NULL;
  g_autofree char *data_dir = NULL;
  g_autofree char *server = NULL;
  g_autofree char *pubkey = NULL;
  g_autofree char *bundle = NULL;
  gboolean sync_once = FALSE, status = FALSE, json = FALSE;

  g_return_val_if_fail (options != NULL, -1);

  g_variant_dict_lookup (options, "sync-once", "b", &sync_once);
  g_variant_dict_lookup (options, "status", "b", &status);
  g_variant_dict_lookup (options, "json", "b", &json);
  g_variant_dict_lookup (options, "import-bundle", "^ay", &bundle);
  if (!sync_once && !status && bundle == NULL)
    return -1;
  if ((sync_once ? 1 : 0) + (status ? 1 : 0) + (bundle != NULL ? 1 : 0) > 1)
    {
      g_printerr ("beledci: %s\n", _("give only one of --sync-once, --status and --import-bundle"));
      return 2;
    }

  g_variant_dict_lookup (options, "data-dir", "^ay", &data_dir_option);
  g_variant_dict_lookup (options, "server", "s", &server);
  g_variant_dict_lookup (options, "pubkey", "^ay", &pubkey);
  data_dir = bel_headless_dup_data_dir (data_dir_option);

  if (sync_once)
    return bel_headless_sync_once (data_dir, server, pubkey);
  if (status)
    return bel_headless_status (data_dir, json);
  return bel_headless_import_bundle (data_dir, bundle, pubkey);
}
