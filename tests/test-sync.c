/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-sync"

#include <signal.h>
#include <string.h>
#include <sys/prctl.h>
#include <sqlite3.h>
#include <glib/gstdio.h>

#include "bel-bundle.h"
#include "bel-content.h"
#include "bel-database.h"
#include "bel-manifest.h"
#include "bel-minisign.h"
#include "bel-sync-client.h"
#include "bel-sync-status.h"

/* Content sync against the real beledci-server on loopback: every fault and attack of
 * docs/sync-protocol.md 1.4 must leave the kiosk's content exactly as it was, and its status
 * naming the reason. The server serves a bundle directory the test rewrites. */

typedef struct {
  char                 *dir;
  char                 *bundle_dir;
  char                 *server_dir;
  char                 *data_dir;
  char                 *server_log;
  GSubprocess          *server;
  char                 *url;
  BelMinisignSecretKey *key;
  char                 *pub_line;
  BelSyncClient        *client;
  BelContent           *content_a;
  BelContent           *content_b;
} Fixture;

/* Helpers */

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
write_file (const char *path,
            const void *data,
            gsize       length)
{
  g_autoptr(GError) error = NULL;

  /* A rename, so the server sees a new file. */
  g_file_set_contents (path, data, (gssize)length, &error);
  g_assert_no_error (error);
}

static GBytes *
read_file (const char *path)
{
  g_autoptr(GError) error = NULL;
  char *data = NULL;
  gsize length = 0;

  g_file_get_contents (path, &data, &length, &error);
  g_assert_no_error (error);
  return g_bytes_new_take (data, length);
}

static char *
bundle_path (Fixture    *f,
             const char *name)
{
  return g_build_filename (f->bundle_dir, name, NULL);
}

/* The server goes when the test goes, even when a failed assertion aborts the test. */
static void
die_with_parent (gpointer user_data)
{
  prctl (PR_SET_PDEATHSIG, SIGTERM);
}

static void
start_server (Fixture *f)
{
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GDataInputStream) out = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *program = NULL;
  g_autofree char *line = NULL;

  program = g_build_filename (g_getenv ("BELEDCI_BUILD_DIR"), "src", "server", "beledci-server",
                              NULL);
  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE);
  g_subprocess_launcher_setenv (launcher, "G_MESSAGES_DEBUG", "beledci-server", TRUE);
  /* Appended to, so a restarted server keeps the earlier lines. */
  g_subprocess_launcher_set_stderr_file_path (launcher, f->server_log);
  g_subprocess_launcher_set_child_setup (launcher, die_with_parent, NULL, NULL);
  f->server = g_subprocess_launcher_spawn (launcher, &error, program,
                                           "--listen", "127.0.0.1:0",
                                           "--data-dir", f->server_dir,
                                           "--bundle-dir", f->bundle_dir,
                                           NULL);
  g_assert_no_error (error);

  out = g_data_input_stream_new (g_subprocess_get_stdout_pipe (f->server));
  line = g_data_input_stream_read_line_utf8 (out, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (line);
  g_assert_true (g_str_has_prefix (line, "listening on http://127.0.0.1:"));
  g_free (f->url);
  f->url = g_strdup (line + strlen ("listening on "));
  bel_sync_client_set_server_url (f->client, f->url);
}

static void
stop_server (Fixture *f)
{
  g_autoptr(GError) error = NULL;

  g_subprocess_send_signal (f->server, SIGTERM);
  g_subprocess_wait (f->server, NULL, &error);
  g_assert_no_error (error);
  g_clear_object (&f->server);
}

static BelContent *
copy_content (BelContent *content)
{
  BelContent *copy = bel_content_new ();
  g_autoptr(GPtrArray) paths = bel_content_list (content, NULL);

  for (guint i = 0; i < paths->len; i++)
    bel_content_add (copy, paths->pdata[i], bel_content_get (content, paths->pdata[i]));
  return copy;
}

/* Content B: A with its catalogue's revision and one file changed. */
static BelContent *
make_content_b (BelContent *a)
{
  BelContent *b = copy_content (a);
  GBytes *catalogue = bel_content_get (a, "catalogue/catalogue.json");
  g_autoptr(GString) text = NULL;
  g_autoptr(GBytes) changed = NULL;
  g_autoptr(GRegex) regex = NULL;
  g_autofree char *replaced = NULL;

  g_assert_nonnull (catalogue);
  text = g_string_new_len (g_bytes_get_data (catalogue, NULL), g_bytes_get_size (catalogue));
  regex = g_regex_new ("\"revision\"\\s*:\\s*[0-9]+", 0, 0, NULL);
  replaced = g_regex_replace (regex, text->str, -1, 0, "\"revision\": 9999", 0, NULL);
  g_assert_cmpstr (replaced, !=, text->str);
  changed = g_bytes_new (replaced, strlen (replaced));
  bel_content_add (b, "catalogue/catalogue.json", changed);
  return b;
}

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(BelMinisignPublicKey) public_key = NULL;
  const char *keys[2] = { NULL, NULL };

  f->dir = g_dir_make_tmp ("beledci-sync-XXXXXX", &error);
  g_assert_no_error (error);
  f->bundle_dir = g_build_filename (f->dir, "bundle", NULL);
  f->server_dir = g_build_filename (f->dir, "server", NULL);
  f->data_dir = g_build_filename (f->dir, "kiosk", NULL);
  f->server_log = g_build_filename (f->dir, "server.log", NULL);
  g_mkdir (f->bundle_dir, 0700);
  g_mkdir (f->server_dir, 0700);

  f->key = bel_minisign_secret_key_generate ();
  public_key = bel_minisign_secret_key_get_public (f->key);
  f->pub_line = bel_minisign_public_key_to_base64 (public_key);
  keys[0] = f->pub_line;

  f->client = bel_sync_client_new (f->data_dir);
  bel_sync_client_set_trusted_keys (f->client, keys);
  bel_sync_client_set_timeout (f->client, 10);

  f->content_a = bel_content_new_from_dir (bel_content_bundled_dir (), &error);
  g_assert_no_error (error);
  f->content_b = make_content_b (f->content_a);

  start_server (f);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  if (f->server)
    stop_server (f);
  g_clear_object (&f->client);
  g_clear_pointer (&f->key, bel_minisign_secret_key_free);
  g_clear_pointer (&f->content_a, bel_content_unref);
  g_clear_pointer (&f->content_b, bel_content_unref);
  if (g_getenv ("BELEDCI_KEEP_TEST_DIR") == NULL)
    remove_tree (f->dir);
  g_free (f->dir);
  g_free (f->bundle_dir);
  g_free (f->server_dir);
  g_free (f->data_dir);
  g_free (f->server_log);
  g_free (f->url);
  g_free (f->pub_line);
}

static void
publish (Fixture    *f,
         BelContent *content,
         gint64      revision,
         gint64      published,
         guint       valid_days)
{
  g_autoptr(BelManifest) manifest = NULL;
  g_autoptr(GError) error = NULL;
  BelBundlePublishOptions options = { 0 };

  options.revision = revision;
  options.published = published;
  options.valid_days = valid_days;
  manifest = bel_bundle_publish (content, f->bundle_dir, f->key, &options, &error);
  g_assert_no_error (error);
  g_assert_cmpint (manifest->revision, ==, revision);
}

/* Puts @manifest_bytes, signed by @key, in the bundle. */
static void
put_signed_manifest (Fixture              *f,
                     BelMinisignSecretKey *key,
                     const void           *manifest_bytes,
                     gsize                 length)
{
  g_autofree char *signature = NULL;
  g_autofree char *sig_path = bundle_path (f, BEL_BUNDLE_SIGNATURE);
  g_autofree char *manifest_path = bundle_path (f, BEL_BUNDLE_MANIFEST);
  g_autoptr(GError) error = NULL;

  signature = bel_minisign_sign (key, manifest_bytes, length, "test", NULL, &error);
  g_assert_no_error (error);
  write_file (sig_path, signature, strlen (signature));
  write_file (manifest_path, manifest_bytes, length);
}

typedef struct {
  gboolean       done;
  gboolean       ok;
  BelSyncResult  result;
  GError        *error;
} SyncOutcome;

static void
sync_done_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  SyncOutcome *outcome = user_data;

  outcome->ok = bel_sync_client_sync_content_finish (BEL_SYNC_CLIENT (object), result,
                                                     &outcome->result, &outcome->error);
  outcome->done = TRUE;
}

/* One sync run; returns the result, or fails the test if the run failed. */
static BelSyncResult
sync_ok (Fixture *f)
{
  SyncOutcome outcome = { 0 };

  bel_sync_client_sync_content_async (f->client, NULL, sync_done_cb, &outcome);
  while (!outcome.done)
    g_main_context_iteration (NULL, TRUE);
  g_assert_no_error (outcome.error);
  g_assert_true (outcome.ok);
  return outcome.result;
}

/* What the current fault is, for failure messages. */
static char fault[128];

/* One sync run that must fail with @category; returns the error's message. */
static char *
sync_fails (Fixture      *f,
            BelSyncError  category)
{
  SyncOutcome outcome = { 0 };
  char *message;

  bel_sync_client_sync_content_async (f->client, NULL, sync_done_cb, &outcome);
  while (!outcome.done)
    g_main_context_iteration (NULL, TRUE);
  if (outcome.ok)
    g_error ("a sync succeeded despite %s (expected %s)", fault,
             bel_sync_error_to_string (category));
  if (!g_error_matches (outcome.error, BEL_SYNC_ERROR, (int)category))
    g_error ("expected %s, got %s: %s", bel_sync_error_to_string (category),
             outcome.error->domain == BEL_SYNC_ERROR ?
               bel_sync_error_to_string (outcome.error->code) : g_quark_to_string (outcome.error->domain),
             outcome.error->message);
  message = g_strdup (outcome.error->message);
  g_clear_error (&outcome.error);
  return message;
}

static char *
db_path (Fixture *f)
{
  return g_build_filename (f->data_dir, BEL_SYNC_DATABASE_NAME, NULL);
}

static BelSyncStatus *
load_status (Fixture *f)
{
  g_autofree char *path = db_path (f);
  g_autoptr(BelDatabase) db = NULL;
  g_autoptr(GError) error = NULL;
  BelSyncStatus *status;

  db = bel_database_open (path, &error);
  g_assert_no_error (error);
  status = bel_sync_status_load (db, &error);
  g_assert_no_error (error);
  return status;
}

/* A digest of every content table: equal digests, equal content. The sync state and the
 * outbox are not content. */
static char *
content_fingerprint (Fixture *f)
{
  g_autofree char *path = db_path (f);
  g_autoptr(GChecksum) sum = g_checksum_new (G_CHECKSUM_SHA256);
  g_autoptr(GPtrArray) tables = g_ptr_array_new_with_free_func (g_free);
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;

  g_assert_cmpint (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db,
                                       "SELECT name FROM sqlite_master WHERE type = 'table' "
                                       "AND name NOT IN ('sync_state', 'outbox') "
                                       "AND name NOT LIKE 'sqlite_%' ORDER BY name",
                                       -1, &stmt, NULL), ==, SQLITE_OK);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    g_ptr_array_add (tables, g_strdup ((const char *)sqlite3_column_text (stmt, 0)));
  sqlite3_finalize (stmt);
  g_assert_cmpuint (tables->len, >, 3);

  for (guint t = 0; t < tables->len; t++)
    {
      g_autofree char *sql = g_strdup_printf ("SELECT * FROM \"%s\" ORDER BY 1, 2",
                                              (const char *)tables->pdata[t]);
      g_checksum_update (sum, tables->pdata[t], -1);
      g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
      while (sqlite3_step (stmt) == SQLITE_ROW)
        for (int c = 0; c < sqlite3_column_count (stmt); c++)
          {
            const void *blob = sqlite3_column_blob (stmt, c);
            int length = sqlite3_column_bytes (stmt, c);

            g_checksum_update (sum, (const guchar *)"|", 1);
            if (blob != NULL)
              g_checksum_update (sum, blob, length);
          }
      sqlite3_finalize (stmt);
    }
  sqlite3_close (db);
  return g_strdup (g_checksum_get_string (sum));
}

/* Whatever just failed left the content and revision as they were and says why. */
static void
assert_kept (Fixture      *f,
             const char   *fingerprint,
             gint64        revision,
             BelSyncError  category)
{
  g_autoptr(BelSyncStatus) status = load_status (f);
  g_autofree char *now = content_fingerprint (f);

  g_assert_cmpstr (now, ==, fingerprint);
  g_assert_cmpint (status->revision, ==, revision);
  g_assert_true (status->has_content_error);
  g_assert_cmpstr (bel_sync_error_to_string (status->content_error), ==,
                   bel_sync_error_to_string (category));
  g_assert_nonnull (status->content_error_message);
}

static char *
file_digest (const char *path)
{
  g_autoptr(GBytes) bytes = NULL;
  char *data = NULL;
  gsize length = 0;

  if (!g_file_get_contents (path, &data, &length, NULL))
    return g_strdup ("absent");
  bytes = g_bytes_new_take (data, length);
  return g_compute_checksum_for_bytes (G_CHECKSUM_SHA256, bytes);
}

/* The database's files, bytes and times, to show that a no-op wrote nothing. */
static char *
database_files_state (Fixture *f)
{
  g_autofree char *path = db_path (f);
  g_autoptr(GString) state = g_string_new (NULL);
  const char *suffixes[] = { "", "-wal" };

  for (guint i = 0; i < G_N_ELEMENTS (suffixes); i++)
    {
      g_autofree char *file = g_strconcat (path, suffixes[i], NULL);
      g_autofree char *digest = file_digest (file);
      GStatBuf st;

      g_string_append_printf (state, "%s:%s", suffixes[i], digest);
      if (g_stat (file, &st) == 0)
        g_string_append_printf (state, ":%" G_GINT64_FORMAT ".%ld",
                                (gint64)st.st_mtim.tv_sec, st.st_mtim.tv_nsec);
      g_string_append_c (state, ';');
    }
  return g_string_free (g_steal_pointer (&state), FALSE);
}

static const BelManifestFile *
changed_file (Fixture *f)
{
  g_autofree char *path = bundle_path (f, BEL_BUNDLE_MANIFEST);
  g_autoptr(GBytes) bytes = read_file (path);
  static BelManifest *manifest = NULL;

  g_clear_pointer (&manifest, bel_manifest_free);
  manifest = bel_manifest_parse (bytes, NULL);
  g_assert_nonnull (manifest);
  return bel_manifest_lookup (manifest, "catalogue/catalogue.json");
}

static gint64
now_seconds (void)
{
  return g_get_real_time () / G_USEC_PER_SEC;
}

static void
count_update_cb (BelSyncClient *client,
                 gint64         revision,
                 guint         *count)
{
  (*count)++;
}

static guint
count_objects (BelContent *content)
{
  g_autoptr(GPtrArray) paths = bel_content_list (content, NULL);
  g_autoptr(GHashTable) hashes = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  for (guint i = 0; i < paths->len; i++)
    {
      GBytes *bytes = bel_content_get (content, paths->pdata[i]);
      g_hash_table_add (hashes, g_compute_checksum_for_bytes (G_CHECKSUM_SHA256, bytes));
    }
  return g_hash_table_size (hashes);
}

/* Tests */

static void
test_first_sync_and_no_op (Fixture       *f,
                           gconstpointer  data)
{
  g_autoptr(BelSyncStatus) status = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  g_autofree char *manifest_path = bundle_path (f, BEL_BUNDLE_MANIFEST);
  g_autoptr(GBytes) manifest = NULL;
  g_autoptr(GByteArray) respaced = NULL;
  g_autofree char *objects = g_build_filename (f->data_dir, BEL_SYNC_OBJECTS_DIR, NULL);
  guint updates = 0;

  publish (f, f->content_a, 1, 0, 0);
  g_signal_connect (f->client, "content-updated", G_CALLBACK (count_update_cb), &updates);

  g_assert_cmpint (sync_ok (f), ==, BEL_SYNC_RESULT_UPDATED);
  g_assert_cmpuint (updates, ==, 1);
  status = load_status (f);
  g_assert_cmpint (status->revision, ==, 1);
  g_assert_cmpstr (status->channel, ==, "stable");
  g_assert_false (status->has_content_error);
  g_assert_cmpint (status->content_checked, >, 0);
  g_assert_cmpint (status->time_floor, ==, status->published);
  g_assert_true (g_file_test (objects, G_FILE_TEST_IS_DIR));

  /* Again: the manifest has not changed (304), nothing is written. */
  before = database_files_state (f);
  g_assert_cmpint (sync_ok (f), ==, BEL_SYNC_RESULT_CURRENT);
  after = database_files_state (f);
  g_assert_cmpstr (before, ==, after);
  g_assert_cmpuint (updates, ==, 1);

  /* The same revision with other bytes (a re-signed manifest): a 200, checked, found current,
   * and still nothing written. */
  manifest = read_file (manifest_path);
  respaced = g_byte_array_new ();
  g_byte_array_append (respaced, g_bytes_get_data (manifest, NULL), g_bytes_get_size (manifest));
  g_byte_array_append (respaced, (const guint8 *)"\n\n", 2);
  put_signed_manifest (f, f->key, respaced->data, respaced->len);
  g_clear_pointer (&before, g_free);
  g_clear_pointer (&after, g_free);
  before = database_files_state (f);
  g_assert_cmpint (sync_ok (f), ==, BEL_SYNC_RESULT_CURRENT);
  after = database_files_state (f);
  g_assert_cmpstr (before, ==, after);
  g_assert_cmpuint (updates, ==, 1);

  /* The next revision is applied, and only its changed object is fetched. */
  publish (f, f->content_b, 2, 0, 0);
  g_assert_cmpint (sync_ok (f), ==, BEL_SYNC_RESULT_UPDATED);
  g_assert_cmpuint (updates, ==, 2);
  g_clear_pointer (&status, bel_sync_status_free);
  status = load_status (f);
  g_assert_cmpint (status->revision, ==, 2);
  {
    g_autoptr(GBytes) log = read_file (f->server_log);
    g_autofree char *text = g_strndup (g_bytes_get_data (log, NULL), g_bytes_get_size (log));
    g_auto(GStrv) lines = g_strsplit (text, "\n", -1);
    guint object_gets = 0;

    for (guint i = 0; lines[i] != NULL; i++)
      if (strstr (lines[i], "GET /v1/objects/") != NULL)
        object_gets++;
    /* Every object of revision 1, then the one file revision 2 changed. */
    g_assert_cmpuint (object_gets, ==, count_objects (f->content_a) + 1);
  }
}

static void
test_attacks (Fixture       *f,
              gconstpointer  data)
{
  g_autoptr(BelMinisignSecretKey) stranger = bel_minisign_secret_key_generate ();
  g_autofree char *manifest_path = bundle_path (f, BEL_BUNDLE_MANIFEST);
  g_autofree char *sig_path = bundle_path (f, BEL_BUNDLE_SIGNATURE);
  g_autofree char *fingerprint = NULL;
  g_autofree char *message = NULL;
  g_autoptr(GBytes) good_manifest = NULL;
  g_autoptr(GBytes) good_signature = NULL;
  const BelManifestFile *file;
  g_autofree char *object_path = NULL;
  g_autoptr(GBytes) object = NULL;

  publish (f, f->content_a, 1, 0, 0);
  g_assert_cmpint (sync_ok (f), ==, BEL_SYNC_RESULT_UPDATED);
  fingerprint = content_fingerprint (f);

  /* Revision 2, signed by a key the kiosk does not trust. */
  publish (f, f->content_b, 2, 0, 0);
  good_manifest = read_file (manifest_path);
  good_signature = read_file (sig_path);
  put_signed_manifest (f, stranger, g_bytes_get_data (good_manifest, NULL),
                       g_bytes_get_size (good_manifest));
  message = sync_fails (f, BEL_SYNC_ERROR_BAD_SIGNATURE);
  g_assert_nonnull (strstr (message, "not a trusted key"));
  assert_kept (f, fingerprint, 1, BEL_SYNC_ERROR_BAD_SIGNATURE);
  g_clear_pointer (&message, g_free);

  /* One flipped bit in an object revision 2 needs. */
  write_file (sig_path, g_bytes_get_data (good_signature, NULL), g_bytes_get_size (good_signature));
  write_file (manifest_path, g_bytes_get_data (good_manifest, NULL), g_bytes_get_size (good_manifest));
  file = changed_file (f);
  object_path = g_build_filename (f->bundle_dir, BEL_BUNDLE_OBJECTS, file->sha256, NULL);
  object = read_file (object_path);
  {
    g_autofree guint8 *flipped = g_memdup2 (g_bytes_get_data (object, NULL), g_bytes_get_size (object));
    flipped[g_bytes_get_size (object) / 2] ^= 0x10;
    write_file (object_path, flipped, g_bytes_get_size (object));
  }
  sync_fails (f, BEL_SYNC_ERROR_HASH_MISMATCH);
  assert_kept (f, fingerprint, 1, BEL_SYNC_ERROR_HASH_MISMATCH);

  /* Mix and match: another object's bytes under this object's name. A bigger one is a server
   * sending more than declared; a smaller one does not hash right either. */
  {
    g_autoptr(GPtrArray) paths = bel_content_list (f->content_a, NULL);
    g_autoptr(GBytes) small = g_bytes_new_static ("{}", 2);
    GBytes *big = NULL;

    /* The biggest file of the bundle is bigger than catalogue.json. */
    for (guint i = 0; i < paths->len; i++)
      {
        GBytes *candidate = bel_content_get (f->content_a, paths->pdata[i]);
        if (big == NULL || g_bytes_get_size (candidate) > g_bytes_get_size (big))
          big = candidate;
      }
    g_assert_cmpuint (g_bytes_get_size (big), >, (gsize)file->size);
    write_file (object_path, g_bytes_get_data (big, NULL), g_bytes_get_size (big));
    sync_fails (f, BEL_SYNC_ERROR_TOO_LARGE);
    assert_kept (f, fingerprint, 1, BEL_SYNC_ERROR_TOO_LARGE);

    write_file (object_path, g_bytes_get_data (small, NULL), g_bytes_get_size (small));
    sync_fails (f, BEL_SYNC_ERROR_HASH_MISMATCH);
    assert_kept (f, fingerprint, 1, BEL_SYNC_ERROR_HASH_MISMATCH);
  }
  write_file (object_path, g_bytes_get_data (object, NULL), g_bytes_get_size (object));

  /* A sample of single flipped bits in the manifest (the signature stays). */
  {
    g_autoptr(GRand) rand = g_rand_new_with_seed (20221026);
    gsize length = g_bytes_get_size (good_manifest);
    const guint8 *bytes = g_bytes_get_data (good_manifest, NULL);

    for (guint n = 0; n < 150; n++)
      {
        g_autofree guint8 *flipped = g_memdup2 (bytes, length);
        gsize i = (gsize)g_rand_int_range (rand, 0, (gint32)length);
        g_autofree char *why = NULL;

        flipped[i] ^= (guint8)(1u << g_rand_int_range (rand, 0, 8));
        g_snprintf (fault, sizeof fault, "a bit of byte %" G_GSIZE_FORMAT " of the manifest flipped", i);
        write_file (manifest_path, flipped, length);
        why = sync_fails (f, BEL_SYNC_ERROR_BAD_SIGNATURE);
      }
    assert_kept (f, fingerprint, 1, BEL_SYNC_ERROR_BAD_SIGNATURE);
    write_file (manifest_path, bytes, length);
  }

  /* Every single bit of the signature file. Flips inside the untrusted comment's text keep a
   * valid signature (that text is not signed: test-minisign checks them); every other one must
   * be refused. */
  {
    gsize length = g_bytes_get_size (good_signature);
    const char *text = g_bytes_get_data (good_signature, NULL);
    gsize comment_start = strlen ("untrusted comment: ");
    gsize comment_end = (gsize)((const char *)memchr (text, '\n', length) - text);
    guint runs = 0;

    for (gsize i = 0; i < length; i++)
      {
        if (i >= comment_start && i < comment_end)
          continue;
        for (guint bit = 0; bit < 8; bit++)
          {
            g_autofree char *flipped = g_memdup2 (text, length);
            g_autofree char *why = NULL;

            flipped[i] ^= (char)(1u << bit);
            g_snprintf (fault, sizeof fault, "bit %u of byte %" G_GSIZE_FORMAT " (“%c”) of the signature flipped",
                        bit, i, text[i]);
            write_file (sig_path, flipped, length);
            why = sync_fails (f, BEL_SYNC_ERROR_BAD_SIGNATURE);
            runs++;
          }
      }
    g_test_message ("%u flipped signature files refused", runs);
    assert_kept (f, fingerprint, 1, BEL_SYNC_ERROR_BAD_SIGNATURE);
    write_file (sig_path, text, length);
  }

  /* And the real thing goes through. */
  g_assert_cmpint (sync_ok (f), ==, BEL_SYNC_RESULT_UPDATED);
  {
    g_autoptr(BelSyncStatus) status = load_status (f);
    g_autofree char *updated = content_fingerprint (f);

    g_assert_cmpint (status->revision, ==, 2);
    g_assert_false (status->has_content_error);
    g_assert_cmpstr (updated, !=, fingerprint);
  }
}

static void
test_rollback_expiry_and_size (Fixture       *f,
                               gconstpointer  data)
{
  g_autofree char *manifest_path = bundle_path (f, BEL_BUNDLE_MANIFEST);
  g_autofree char *sig_path = bundle_path (f, BEL_BUNDLE_SIGNATURE);
  g_autofree char *fingerprint = NULL;
  g_autofree char *message = NULL;
  g_autoptr(GBytes) old_manifest = NULL;
  g_autoptr(GBytes) old_signature = NULL;
  gint64 now = now_seconds ();

  publish (f, f->content_a, 1, 0, 0);
  old_manifest = read_file (manifest_path);
  old_signature = read_file (sig_path);
  publish (f, f->content_b, 2, 0, 0);
  g_assert_cmpint (sync_ok (f), ==, BEL_SYNC_RESULT_UPDATED);
  fingerprint = content_fingerprint (f);

  /* Rollback: the server offers revision 1 again, correctly signed. */
  write_file (sig_path, g_bytes_get_data (old_signature, NULL), g_bytes_get_size (old_signature));
  write_file (manifest_path, g_bytes_get_data (old_manifest, NULL), g_bytes_get_size (old_manifest));
  sync_fails (f, BEL_SYNC_ERROR_ROLLBACK);
  assert_kept (f, fingerprint, 2, BEL_SYNC_ERROR_ROLLBACK);

  /* Expired: published in 2020, valid a day. */
  publish (f, f->content_a, 3, 1577836800, 1);
  message = sync_fails (f, BEL_SYNC_ERROR_EXPIRED);
  g_assert_nonnull (strstr (message, "2020-01-02"));
  assert_kept (f, fingerprint, 2, BEL_SYNC_ERROR_EXPIRED);

  /* A 10 MB manifest, correctly signed: refused by its size before it is read. */
  {
    gsize size = 10 * 1024 * 1024;
    g_autofree char *huge = g_malloc (size);

    memset (huge, ' ', size);
    huge[0] = '{';
    huge[size - 1] = '}';
    put_signed_manifest (f, f->key, huge, size);
    sync_fails (f, BEL_SYNC_ERROR_TOO_LARGE);
    assert_kept (f, fingerprint, 2, BEL_SYNC_ERROR_TOO_LARGE);
  }

  /* Malformed JSON and JSON nested 100,000 deep, correctly signed. */
  {
    const char *broken = "{\"format\": 1, \"revision\": 3, \"files\": [";
    gsize depth = 100000;
    g_autofree char *nested = g_malloc (depth * 2);

    put_signed_manifest (f, f->key, broken, strlen (broken));
    sync_fails (f, BEL_SYNC_ERROR_MALFORMED);
    assert_kept (f, fingerprint, 2, BEL_SYNC_ERROR_MALFORMED);

    memset (nested, '[', depth);
    memset (nested + depth, ']', depth);
    put_signed_manifest (f, f->key, nested, depth * 2);
    sync_fails (f, BEL_SYNC_ERROR_MALFORMED);
    assert_kept (f, fingerprint, 2, BEL_SYNC_ERROR_MALFORMED);
  }

  /* The server is down. */
  stop_server (f);
  sync_fails (f, BEL_SYNC_ERROR_SERVER_UNREACHABLE);
  assert_kept (f, fingerprint, 2, BEL_SYNC_ERROR_SERVER_UNREACHABLE);
  start_server (f);

  /* The time floor: a bundle published four years from now is applied (the kiosk's clock may be
   * wrong); after it, a newer revision that expires before that publish time is expired, even
   * though the clock says otherwise. */
  publish (f, f->content_a, 4, now + 4 * 365 * 86400, 30);
  g_assert_cmpint (sync_ok (f), ==, BEL_SYNC_RESULT_UPDATED);
  g_clear_pointer (&fingerprint, g_free);
  fingerprint = content_fingerprint (f);
  publish (f, f->content_b, 5, now, 365);
  sync_fails (f, BEL_SYNC_ERROR_EXPIRED);
  assert_kept (f, fingerprint, 4, BEL_SYNC_ERROR_EXPIRED);
}

/* A download cut short leaves a piece; the next run asks only for the rest (206). A piece that
 * cannot belong to the object is thrown away. */
static void
test_resume (Fixture       *f,
             gconstpointer  data)
{
  g_autofree char *objects = g_build_filename (f->data_dir, BEL_SYNC_OBJECTS_DIR, NULL);
  g_autofree char *part = NULL;
  g_autofree char *object_path = NULL;
  g_autoptr(GBytes) object = NULL;
  g_autoptr(GBytes) log = NULL;
  g_autofree char *log_text = NULL;
  g_autofree char *expected = NULL;
  const BelManifestFile *file;
  gsize half;

  publish (f, f->content_a, 1, 0, 0);
  g_assert_cmpint (sync_ok (f), ==, BEL_SYNC_RESULT_UPDATED);
  publish (f, f->content_b, 2, 0, 0);

  file = changed_file (f);
  object_path = g_build_filename (f->bundle_dir, BEL_BUNDLE_OBJECTS, file->sha256, NULL);
  object = read_file (object_path);
  half = g_bytes_get_size (object) / 2;
  part = g_strconcat (objects, "/", file->sha256, ".part", NULL);
  write_file (part, g_bytes_get_data (object, NULL), half);

  g_assert_cmpint (sync_ok (f), ==, BEL_SYNC_RESULT_UPDATED);
  log = read_file (f->server_log);
  log_text = g_strndup (g_bytes_get_data (log, NULL), g_bytes_get_size (log));
  expected = g_strdup_printf ("GET /v1/objects/%s 206", file->sha256);
  g_assert_nonnull (strstr (log_text, expected));
  g_assert_false (g_file_test (part, G_FILE_TEST_EXISTS));

  /* A piece longer than the object: discarded, the object fetched whole. */
  publish (f, f->content_a, 3, 0, 0);
  file = changed_file (f);
  g_clear_pointer (&part, g_free);
  part = g_strconcat (objects, "/", file->sha256, ".part", NULL);
  {
    gsize size = (gsize)file->size + 100;
    g_autofree char *junk = g_malloc0 (size);
    write_file (part, junk, size);
  }
  g_assert_cmpint (sync_ok (f), ==, BEL_SYNC_RESULT_UPDATED);

  /* A piece of garbage of the right length: the hash catches it, the next run starts over. */
  publish (f, f->content_b, 4, 0, 0);
  file = changed_file (f);
  g_clear_pointer (&part, g_free);
  part = g_strconcat (objects, "/", file->sha256, ".part", NULL);
  {
    g_autofree char *junk = g_malloc0 ((gsize)file->size / 2);
    write_file (part, junk, (gsize)file->size / 2);
  }
  sync_fails (f, BEL_SYNC_ERROR_HASH_MISMATCH);
  g_assert_false (g_file_test (part, G_FILE_TEST_EXISTS));
  g_assert_cmpint (sync_ok (f), ==, BEL_SYNC_RESULT_UPDATED);
}

/* The minisign tool signs a manifest: accepted with the tool's key pinned. Signed with its
 * legacy algorithm, by the same trusted key: refused. */
static void
test_signed_by_minisign_tool (Fixture       *f,
                              gconstpointer  data)
{
  g_autofree char *minisign = g_find_program_in_path ("minisign");
  g_autofree char *key = g_build_filename (f->dir, "tool.key", NULL);
  g_autofree char *pub = g_build_filename (f->dir, "tool.pub", NULL);
  g_autofree char *manifest_path = bundle_path (f, BEL_BUNDLE_MANIFEST);
  g_autofree char *sig_path = bundle_path (f, BEL_BUNDLE_SIGNATURE);
  g_autofree char *legacy_sig = g_build_filename (f->dir, "legacy.minisig", NULL);
  g_autofree char *fingerprint = NULL;
  g_autofree char *message = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) legacy = NULL;
  int status = 0;

  if (minisign == NULL)
    g_error ("the minisign tool is not installed (Debian package “minisign”)");

  publish (f, f->content_a, 1, 0, 0);
  g_assert_cmpint (sync_ok (f), ==, BEL_SYNC_RESULT_UPDATED);
  fingerprint = content_fingerprint (f);

  {
    const char *gen[] = { minisign, "-G", "-W", "-p", pub, "-s", key, NULL };
    g_spawn_sync (NULL, (char **)gen, NULL, G_SPAWN_STDIN_FROM_DEV_NULL |
                  G_SPAWN_STDOUT_TO_DEV_NULL | G_SPAWN_STDERR_TO_DEV_NULL,
                  NULL, NULL, NULL, NULL, &status, &error);
    g_assert_no_error (error);
    g_assert_true (g_spawn_check_wait_status (status, NULL));
  }
  bel_sync_client_add_trusted_key_file (f->client, pub, &error);
  g_assert_no_error (error);

  /* Legacy first. */
  publish (f, f->content_b, 2, 0, 0);
  {
    const char *sign[] = { minisign, "-S", "-l", "-s", key, "-m", manifest_path,
                           "-x", legacy_sig, NULL };
    g_spawn_sync (NULL, (char **)sign, NULL, G_SPAWN_STDIN_FROM_DEV_NULL |
                  G_SPAWN_STDOUT_TO_DEV_NULL | G_SPAWN_STDERR_TO_DEV_NULL,
                  NULL, NULL, NULL, NULL, &status, &error);
    g_assert_no_error (error);
    g_assert_true (g_spawn_check_wait_status (status, NULL));
  }
  legacy = read_file (legacy_sig);
  write_file (sig_path, g_bytes_get_data (legacy, NULL), g_bytes_get_size (legacy));
  message = sync_fails (f, BEL_SYNC_ERROR_BAD_SIGNATURE);
  g_assert_nonnull (strstr (message, "legacy"));
  assert_kept (f, fingerprint, 1, BEL_SYNC_ERROR_BAD_SIGNATURE);

  /* Signed by the tool in its default (prehashed) mode: applied. */
  {
    const char *sign[] = { minisign, "-S", "-s", key, "-m", manifest_path, NULL };
    g_spawn_sync (NULL, (char **)sign, NULL, G_SPAWN_STDIN_FROM_DEV_NULL |
                  G_SPAWN_STDOUT_TO_DEV_NULL | G_SPAWN_STDERR_TO_DEV_NULL,
                  NULL, NULL, NULL, NULL, &status, &error);
    g_assert_no_error (error);
    g_assert_true (g_spawn_check_wait_status (status, NULL));
  }
  g_assert_cmpint (sync_ok (f), ==, BEL_SYNC_RESULT_UPDATED);
  {
    g_autoptr(BelSyncStatus) st = load_status (f);
    g_assert_cmpint (st->revision, ==, 2);
    g_assert_false (st->has_content_error);
  }
}

/* Cancelling is not a failure: nothing is recorded. A second run while one is going is refused. */
static void
test_cancel_and_busy (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  SyncOutcome first = { 0 };
  SyncOutcome second = { 0 };
  SyncOutcome cancelled = { 0 };

  publish (f, f->content_a, 1, 0, 0);

  bel_sync_client_sync_content_async (f->client, NULL, sync_done_cb, &first);
  g_assert_true (bel_sync_client_get_busy (f->client));
  bel_sync_client_sync_content_async (f->client, NULL, sync_done_cb, &second);
  while (!first.done || !second.done)
    g_main_context_iteration (NULL, TRUE);
  g_assert_true (first.ok);
  g_assert_error (second.error, G_IO_ERROR, G_IO_ERROR_PENDING);
  g_clear_error (&second.error);
  g_assert_false (bel_sync_client_get_busy (f->client));

  publish (f, f->content_b, 2, 0, 0);
  g_cancellable_cancel (cancellable);
  bel_sync_client_sync_content_async (f->client, cancellable, sync_done_cb, &cancelled);
  while (!cancelled.done)
    g_main_context_iteration (NULL, TRUE);
  g_assert_error (cancelled.error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_clear_error (&cancelled.error);
  {
    g_autoptr(BelSyncStatus) status = load_status (f);
    g_assert_cmpint (status->revision, ==, 1);
    g_assert_false (status->has_content_error);
  }
}

static void
test_not_configured (Fixture       *f,
                     gconstpointer  data)
{
  const char *keys[2] = { f->pub_line, NULL };

  publish (f, f->content_a, 1, 0, 0);
  bel_sync_client_set_trusted_keys (f->client, NULL);
  sync_fails (f, BEL_SYNC_ERROR_NOT_CONFIGURED);
  bel_sync_client_set_trusted_keys (f->client, keys);
  bel_sync_client_set_server_url (f->client, "ftp://127.0.0.1/");
  sync_fails (f, BEL_SYNC_ERROR_NOT_CONFIGURED);
  bel_sync_client_set_server_url (f->client, f->url);
  g_assert_cmpint (sync_ok (f), ==, BEL_SYNC_RESULT_UPDATED);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  if (g_getenv ("BELEDCI_BUILD_DIR") == NULL)
    g_error ("BELEDCI_BUILD_DIR is not set: run through meson test");

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_setup, func, fixture_teardown)
  ADD ("/sync/first-sync-and-no-op", test_first_sync_and_no_op);
  ADD ("/sync/attacks", test_attacks);
  ADD ("/sync/rollback-expiry-size", test_rollback_expiry_and_size);
  ADD ("/sync/resume", test_resume);
  ADD ("/sync/signed-by-minisign-tool", test_signed_by_minisign_tool);
  ADD ("/sync/cancel-and-busy", test_cancel_and_busy);
  ADD ("/sync/not-configured", test_not_configured);
#undef ADD

  return g_test_run ();
}
