/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-records-e2e"

#include "config.h"

#include <signal.h>
#include <string.h>
#include <sys/prctl.h>
#include <glib/gstdio.h>
#include <libsoup/soup.h>

#include "bel-outbox.h"
#include "bel-record-sender.h"
#include "bel-sync-scheduler.h"
#include "bel-sync-status.h"

/* The records half of sync, end to end: the real beledci-server on a loopback port, the real
 * beledci-admin enrolling kiosks, and the kiosk's own outbox, sender and scheduler. */

typedef struct {
  char        *dir;
  char        *server_db;
  GSubprocess *server;
  char        *url;
  guint        port;
  char        *admin_token;
  char        *token;          /* kiosk "k1" */
  SoupSession *session;
} Env;

static Env env;

#define HEADER_TIMEOUT 2   /* seconds, in the test server's config */

static const char *
build_path (const char *relative)
{
  static GHashTable *paths;
  const char *build_dir = g_getenv ("BELEDCI_BUILD_DIR");
  char *path;

  g_assert_nonnull (build_dir);
  if (paths == NULL)
    paths = g_hash_table_new (g_str_hash, g_str_equal);
  path = g_hash_table_lookup (paths, relative);
  if (path == NULL)
    {
      path = g_build_filename (build_dir, relative, NULL);
      g_hash_table_insert (paths, (gpointer)relative, path);
    }
  return path;
}

static void
die_with_parent (gpointer data)
{
  prctl (PR_SET_PDEATHSIG, SIGTERM);
}

/* Starts a program that prints "listening on http://127.0.0.1:PORT/" and returns that URL. */
static GSubprocess *
spawn_listener (const char * const  *argv,
                GSubprocessFlags     extra_flags,
                char               **url)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GDataInputStream) out = NULL;
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  GSubprocess *proc;

  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE | extra_flags);
  /* If this test dies, its server and proxy go with it. */
  g_subprocess_launcher_set_child_setup (launcher, die_with_parent, NULL, NULL);
  proc = g_subprocess_launcher_spawnv (launcher, argv, &error);
  g_assert_no_error (error);
  out = g_data_input_stream_new (g_subprocess_get_stdout_pipe (proc));
  g_filter_input_stream_set_close_base_stream (G_FILTER_INPUT_STREAM (out), FALSE);
  for (;;)
    {
      g_autofree char *line = g_data_input_stream_read_line_utf8 (out, NULL, NULL, &error);

      g_assert_no_error (error);
      g_assert_nonnull (line);   /* it exited before listening */
      if (g_str_has_prefix (line, "listening on "))
        {
          *url = g_strdup (line + strlen ("listening on "));
          if (g_str_has_suffix (*url, "/"))
            (*url)[strlen (*url) - 1] = '\0';
          return proc;
        }
    }
}

/* Runs beledci-admin and returns its standard output; asserts it exits with @expected. */
static char *
admin (int          expected,
       const char  *first,
       ...)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GSubprocess) proc = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *err = NULL;
  char *out = NULL;
  const char *arg;
  va_list args;

  g_ptr_array_add (argv, (gpointer)build_path ("src/admin/beledci-admin"));
  va_start (args, first);
  for (arg = first; arg != NULL; arg = va_arg (args, const char *))
    g_ptr_array_add (argv, (gpointer)arg);
  va_end (args);
  g_ptr_array_add (argv, NULL);

  proc = g_subprocess_newv ((const char * const *)argv->pdata,
                            G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_PIPE,
                            &error);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (proc, NULL, NULL, &out, &err, &error);
  g_assert_no_error (error);
  if (g_subprocess_get_exit_status (proc) != expected)
    g_error ("beledci-admin %s exited %d, not %d: %s", first,
             g_subprocess_get_exit_status (proc), expected, err);
  return out;
}

static char *
enrol (const char *name)
{
  g_autofree char *out = admin (0, "kiosk", "add", name, "--server", env.url,
                                "--data-dir", env.dir, "--json", NULL);
  g_autoptr(JsonNode) node = json_from_string (out, NULL);

  g_assert_nonnull (node);
  return g_strdup (json_object_get_string_member (json_node_get_object (node), "token"));
}

/* A request, straight to the server, outside the kiosk code. */
static guint
post (const char  *path,
      const char  *token,
      const char  *body,
      JsonNode   **answer)
{
  g_autoptr(SoupMessage) msg = NULL;
  g_autoptr(GBytes) request = g_bytes_new (body, strlen (body));
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *url = g_strconcat (env.url, path, NULL);

  msg = soup_message_new (g_str_equal (path, "/v1/fleet") || g_str_equal (path, "/healthz")
                          ? "GET" : "POST", url);
  if (token != NULL)
    {
      g_autofree char *auth = g_strconcat ("Bearer ", token, NULL);
      soup_message_headers_replace (soup_message_get_request_headers (msg), "Authorization",
                                    auth);
    }
  if (g_str_equal (soup_message_get_method (msg), "POST"))
    soup_message_set_request_body_from_bytes (msg, "application/json", request);
  bytes = soup_session_send_and_read (env.session, msg, NULL, &error);
  g_assert_no_error (error);
  if (answer != NULL)
    {
      gsize len = 0;
      const char *data = g_bytes_get_data (bytes, &len);
      g_autofree char *text = g_strndup (data, len);

      *answer = json_from_string (text, NULL);
    }
  return soup_message_get_status (msg);
}

static gint64
server_count (const char *sql,
              const char *arg)
{
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  gint64 n;

  g_assert_cmpint (sqlite3_open_v2 (env.server_db, &db, SQLITE_OPEN_READONLY, NULL), ==,
                   SQLITE_OK);
  sqlite3_busy_timeout (db, 5000);
  g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  if (arg != NULL)
    sqlite3_bind_text (stmt, 1, arg, -1, SQLITE_STATIC);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  n = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  sqlite3_close (db);
  return n;
}

static char *
server_body (const char *uuid)
{
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  char *body = NULL;

  g_assert_cmpint (sqlite3_open_v2 (env.server_db, &db, SQLITE_OPEN_READONLY, NULL), ==,
                   SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, "SELECT body FROM records WHERE uuid = ?", -1,
                                       &stmt, NULL), ==, SQLITE_OK);
  sqlite3_bind_text (stmt, 1, uuid, -1, SQLITE_STATIC);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    body = g_strdup ((const char *)sqlite3_column_text (stmt, 0));
  sqlite3_finalize (stmt);
  sqlite3_close (db);
  return body;
}

static char *
record_json (const char *uuid,
             const char *service)
{
  return g_strdup_printf ("{\"uuid\":\"%s\",\"kind\":\"service-viewed\","
                          "\"created\":\"2026-11-28T14:00:00Z\","
                          "\"body\":{\"service\":\"%s\",\"lang\":\"az\"}}", uuid, service);
}

static char *
batch_json (guint         n,
            char * const *records)
{
  g_autoptr(GString) s = g_string_new ("{\"records\":[");

  for (guint i = 0; i < n; i++)
    {
      if (i > 0)
        g_string_append_c (s, ',');
      g_string_append (s, records[i]);
    }
  g_string_append (s, "]}");
  return g_string_free (g_steal_pointer (&s), FALSE);
}

static gboolean
json_array_has_string (JsonNode   *root,
                       const char *member,
                       const char *value)
{
  JsonArray *array = json_object_get_array_member (json_node_get_object (root), member);

  for (guint i = 0; i < json_array_get_length (array); i++)
    if (g_strcmp0 (json_array_get_string_element (array, i), value) == 0)
      return TRUE;
  return FALSE;
}

/* A kiosk of our own: its database, outbox and sender. */
typedef struct {
  char            *dir;
  BelDatabase     *db;
  BelOutbox       *outbox;
  BelRecordSender *sender;
} Kiosk;

static Kiosk *
kiosk_new (const char *url,
           const char *token)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  Kiosk *k = g_new0 (Kiosk, 1);

  k->dir = g_dir_make_tmp ("test-kiosk-XXXXXX", &error);
  g_assert_no_error (error);
  path = g_build_filename (k->dir, "beledci.db", NULL);
  k->db = bel_database_open (path, &error);
  g_assert_no_error (error);
  k->outbox = bel_outbox_new (k->db);
  k->sender = bel_record_sender_new (k->outbox, NULL);
  bel_record_sender_set_server (k->sender, url, token);
  return k;
}

static void
remove_tree (const char *dir)
{
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  const char *name;

  while (d != NULL && (name = g_dir_read_name (d)) != NULL)
    {
      g_autofree char *path = g_build_filename (dir, name, NULL);

      if (g_file_test (path, G_FILE_TEST_IS_DIR))
        remove_tree (path);
      else
        g_remove (path);
    }
  g_rmdir (dir);
}

static void
kiosk_free (Kiosk *k)
{
  g_clear_object (&k->sender);
  g_clear_object (&k->outbox);
  g_clear_object (&k->db);
  remove_tree (k->dir);
  g_free (k->dir);
  g_free (k);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Kiosk, kiosk_free)

static char *
kiosk_add (Kiosk      *k,
           const char *service)
{
  g_autoptr(JsonObject) body = json_object_new ();
  g_autoptr(GError) error = NULL;
  char *uuid;

  json_object_set_string_member (body, "service", service);
  json_object_set_string_member (body, "lang", "az");
  uuid = bel_outbox_add (k->outbox, BEL_RECORD_KIND_SERVICE_VIEWED, body, &error);
  g_assert_no_error (error);
  return uuid;
}

/* The kiosk's records reach the server, each once, and leave the outbox. */
static void
test_stored_once (void)
{
  g_autoptr(Kiosk) k = kiosk_new (env.url, env.token);
  g_autofree char *a = kiosk_add (k, "tax-id");
  g_autofree char *b = kiosk_add (k, "passport");
  g_autofree char *c = kiosk_add (k, "pension");
  g_autoptr(GError) error = NULL;
  g_autoptr(BelSyncStatus) status = NULL;
  BelPushResult result = { 0, };

  g_assert_true (bel_record_sender_push_sync (k->sender, NULL, &result, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (result.stored, ==, 3);
  g_assert_cmpuint (result.batches, ==, 1);
  g_assert_cmpint (bel_outbox_count_pending (k->outbox, NULL), ==, 0);

  g_assert_cmpint (server_count ("SELECT count(*) FROM records WHERE uuid = ?", a), ==, 1);
  g_assert_cmpint (server_count ("SELECT count(*) FROM records WHERE uuid = ?", b), ==, 1);
  g_assert_cmpint (server_count ("SELECT count(*) FROM records WHERE uuid = ?", c), ==, 1);

  /* The kiosk's status says so. */
  status = bel_sync_status_load (k->db, &error);
  g_assert_no_error (error);
  g_assert_cmpint (status->records_success, >, 0);
  g_assert_false (status->has_records_error);
}

/* The same UUID with the same body is accepted and ignored; with another body it is refused
 * with 409 and the stored record stays as it was. */
static void
test_duplicates_and_conflicts (void)
{
  g_autofree char *u1 = g_uuid_string_random ();
  g_autofree char *u2 = g_uuid_string_random ();
  g_autofree char *r1 = record_json (u1, "tax-id");
  g_autofree char *r1_other = record_json (u1, "something-else");
  g_autofree char *r2 = record_json (u2, "passport");
  g_autofree char *first = batch_json (1, (char *[]) { r1 });
  g_autofree char *conflict = batch_json (1, (char *[]) { r1_other });
  g_autofree char *mixed = batch_json (2, (char *[]) { r2, r1_other });
  g_autofree char *body = NULL;
  g_autoptr(JsonNode) answer = NULL;
  JsonObject *rejected;
  gint64 before = server_count ("SELECT count(*) FROM records", NULL);

  g_assert_cmpuint (post ("/v1/records", env.token, first, &answer), ==, 200);
  g_assert_true (json_array_has_string (answer, "stored", u1));
  g_clear_pointer (&answer, json_node_unref);

  /* A lost answer: the kiosk sends the same batch again. */
  g_assert_cmpuint (post ("/v1/records", env.token, first, &answer), ==, 200);
  g_assert_true (json_array_has_string (answer, "stored", u1));
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (
                      json_node_get_object (answer), "rejected")), ==, 0);
  g_clear_pointer (&answer, json_node_unref);
  g_assert_cmpint (server_count ("SELECT count(*) FROM records", NULL), ==, before + 1);

  /* Another body under the same UUID. */
  g_assert_cmpuint (post ("/v1/records", env.token, conflict, &answer), ==, 409);
  g_assert_false (json_array_has_string (answer, "stored", u1));
  rejected = json_array_get_object_element (json_object_get_array_member (
               json_node_get_object (answer), "rejected"), 0);
  g_assert_cmpstr (json_object_get_string_member (rejected, "uuid"), ==, u1);
  g_assert_cmpint (json_object_get_int_member (rejected, "status"), ==, 409);
  g_assert_cmpstr (json_object_get_string_member (rejected, "reason"), ==, "conflict");
  g_clear_pointer (&answer, json_node_unref);
  body = server_body (u1);
  g_assert_nonnull (strstr (body, "tax-id"));

  /* A conflict does not stop the rest of its batch. */
  g_assert_cmpuint (post ("/v1/records", env.token, mixed, &answer), ==, 409);
  g_assert_true (json_array_has_string (answer, "stored", u2));
  g_assert_false (json_array_has_string (answer, "stored", u1));
  g_assert_cmpint (server_count ("SELECT count(*) FROM records", NULL), ==, before + 2);
}

/* The kiosk sets a refused record aside, keeps it, reports it, and delivers the rest. */
static void
test_sender_sets_conflicts_aside (void)
{
  g_autoptr(Kiosk) k = kiosk_new (env.url, env.token);
  g_autofree char *u1 = g_uuid_string_random ();
  g_autofree char *r1 = record_json (u1, "tax-id");
  g_autofree char *batch = batch_json (1, (char *[]) { r1 });
  g_autofree char *fine = NULL;
  g_autofree char *sql = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(BelSyncStatus) status = NULL;
  BelPushResult result = { 0, };

  g_assert_cmpuint (post ("/v1/records", env.token, batch, NULL), ==, 200);

  /* The same UUID in this kiosk's outbox, with another body. */
  sql = g_strdup_printf ("INSERT INTO outbox (uuid, kind, created, body) VALUES ('%s', "
                         "'service-viewed', '2026-11-28T14:00:00Z', '{\"service\":\"x\"}')", u1);
  g_assert_true (bel_database_exec (k->db, sql, &error));
  fine = kiosk_add (k, "pension");

  g_assert_false (bel_record_sender_push_sync (k->sender, NULL, &result, &error));
  g_assert_error (error, BEL_SYNC_ERROR, BEL_SYNC_ERROR_REJECTED_RECORDS);
  g_assert_cmpuint (result.stored, ==, 1);
  g_assert_cmpuint (result.set_aside, ==, 1);
  g_assert_cmpint (bel_outbox_count_pending (k->outbox, NULL), ==, 0);
  g_assert_cmpint (bel_outbox_count_set_aside (k->outbox, NULL), ==, 1);
  g_assert_cmpint (server_count ("SELECT count(*) FROM records WHERE uuid = ?", fine), ==, 1);

  status = bel_sync_status_load (k->db, NULL);
  g_assert_true (status->has_records_error);
  g_assert_cmpint (status->records_error, ==, BEL_SYNC_ERROR_REJECTED_RECORDS);
}

/* A revoked kiosk gets 401, nothing is stored, and the kiosk keeps its records and says why. */
static void
test_revoked_token (void)
{
  g_autofree char *token = enrol ("soon-revoked");
  g_autofree char *out = NULL;
  g_autoptr(Kiosk) k = kiosk_new (env.url, token);
  g_autofree char *uuid = kiosk_add (k, "tax-id");
  g_autoptr(GError) error = NULL;
  g_autoptr(BelSyncStatus) status = NULL;
  g_autofree char *u = g_uuid_string_random ();
  g_autofree char *r = record_json (u, "x");
  g_autofree char *batch = batch_json (1, (char *[]) { r });

  g_assert_cmpuint (post ("/v1/heartbeat", token, "{}", NULL), ==, 200);

  out = admin (0, "kiosk", "revoke", "soon-revoked", "--data-dir", env.dir, NULL);
  g_assert_cmpuint (post ("/v1/records", token, batch, NULL), ==, 401);
  g_assert_cmpint (server_count ("SELECT count(*) FROM records WHERE uuid = ?", u), ==, 0);
  g_assert_cmpuint (post ("/v1/heartbeat", token, "{}", NULL), ==, 401);
  /* A made-up token and none at all fare no better. */
  g_assert_cmpuint (post ("/v1/records", "belk_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
                          batch, NULL), ==, 401);
  g_assert_cmpuint (post ("/v1/records", NULL, batch, NULL), ==, 401);

  g_assert_false (bel_record_sender_push_sync (k->sender, NULL, NULL, &error));
  g_assert_error (error, BEL_SYNC_ERROR, BEL_SYNC_ERROR_REJECTED_TOKEN);
  g_assert_cmpint (bel_outbox_count_pending (k->outbox, NULL), ==, 1);
  g_assert_cmpint (server_count ("SELECT count(*) FROM records WHERE uuid = ?", uuid), ==, 0);
  status = bel_sync_status_load (k->db, NULL);
  g_assert_cmpint (status->records_error, ==, BEL_SYNC_ERROR_REJECTED_TOKEN);
}

/* 501 records are one too many: 413, and not one of them is stored. */
static void
test_too_many_records (void)
{
  g_autoptr(GPtrArray) records = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) uuids = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *batch = NULL;

  for (guint i = 0; i < BEL_OUTBOX_MAX_BATCH + 1; i++)
    {
      char *uuid = g_uuid_string_random ();

      g_ptr_array_add (uuids, uuid);
      g_ptr_array_add (records, record_json (uuid, "tax-id"));
    }
  batch = batch_json (records->len, (char **)records->pdata);
  g_assert_cmpuint (post ("/v1/records", env.token, batch, NULL), ==, 413);
  for (guint i = 0; i < uuids->len; i += 50)
    g_assert_cmpint (server_count ("SELECT count(*) FROM records WHERE uuid = ?",
                                   g_ptr_array_index (uuids, i)), ==, 0);

  /* 500 are fine. */
  g_clear_pointer (&batch, g_free);
  batch = batch_json (BEL_OUTBOX_MAX_BATCH, (char **)records->pdata);
  g_assert_cmpuint (post ("/v1/records", env.token, batch, NULL), ==, 200);
}

static GSocketConnection *
raw_connect (void)
{
  g_autoptr(GSocketClient) client = g_socket_client_new ();
  g_autoptr(GError) error = NULL;
  GSocketConnection *conn;

  conn = g_socket_client_connect_to_host (client, "127.0.0.1", env.port, NULL, &error);
  g_assert_no_error (error);
  return conn;
}

/* Reads what the server sends within @timeout_ms; stops at the end of the stream. */
static char *
raw_read (GSocketConnection *conn,
          guint              timeout_ms,
          gboolean          *closed)
{
  GSocket *socket = g_socket_connection_get_socket (conn);
  g_autoptr(GString) got = g_string_new (NULL);
  gint64 deadline = g_get_monotonic_time () + (gint64)timeout_ms * 1000;

  *closed = FALSE;
  while (g_get_monotonic_time () < deadline)
    {
      char buffer[4096];
      gssize n;

      if (!g_socket_condition_timed_wait (socket, G_IO_IN | G_IO_HUP | G_IO_ERR,
                                          deadline - g_get_monotonic_time (), NULL, NULL))
        break;
      n = g_socket_receive (socket, buffer, sizeof buffer, NULL, NULL);
      if (n <= 0)
        {
          *closed = TRUE;
          break;
        }
      g_string_append_len (got, buffer, n);
    }
  return g_string_free (g_steal_pointer (&got), FALSE);
}

/* A body announced at 10 MB is refused at once, without the server waiting for it. */
static void
test_huge_body (void)
{
  g_autoptr(GSocketConnection) conn = raw_connect ();
  g_autofree char *head = g_strdup_printf ("POST /v1/records HTTP/1.1\r\n"
                                           "Host: 127.0.0.1\r\n"
                                           "Authorization: Bearer %s\r\n"
                                           "Content-Type: application/json\r\n"
                                           "Content-Length: %d\r\n\r\n{\"records\":[",
                                           env.token, 10 * 1024 * 1024);
  g_autofree char *answer = NULL;
  GSocket *socket = g_socket_connection_get_socket (conn);
  gint64 start = g_get_monotonic_time ();
  gboolean closed = FALSE;

  g_assert_cmpint (g_socket_send (socket, head, strlen (head), NULL, NULL), ==, strlen (head));
  /* Not one more byte of the body: the answer must come anyway, and soon. */
  answer = raw_read (conn, 3000, &closed);
  g_assert_true (g_str_has_prefix (answer, "HTTP/1.1 413"));
  g_assert_true (closed);
  g_assert_cmpint (g_get_monotonic_time () - start, <, 2 * G_USEC_PER_SEC);
}

/* Malformed requests get 400 or 422 and the server lives on. */
static void
test_malformed (void)
{
  g_autoptr(GString) deep = g_string_new (NULL);
  g_autoptr(JsonNode) answer = NULL;
  JsonObject *rejected;

  g_assert_cmpuint (post ("/v1/records", env.token, "{not json", NULL), ==, 400);
  g_assert_cmpuint (post ("/v1/records", env.token, "", NULL), ==, 400);
  g_assert_cmpuint (post ("/v1/records", env.token, "[]", NULL), ==, 400);
  g_assert_cmpuint (post ("/v1/records", env.token, "{\"records\":{}}", NULL), ==, 400);
  g_assert_cmpuint (post ("/v1/records", env.token, "{\"records\":[1]}", &answer), ==, 422);
  rejected = json_array_get_object_element (json_object_get_array_member (
               json_node_get_object (answer), "rejected"), 0);
  g_assert_cmpstr (json_object_get_string_member (rejected, "reason"), ==, "not-an-object");
  g_clear_pointer (&answer, json_node_unref);
  g_assert_cmpuint (post ("/v1/records", env.token,
                          "{\"records\":[{\"uuid\":\"NOT-A-UUID\",\"kind\":\"x\","
                          "\"created\":\"2026-11-28T14:00:00Z\",\"body\":{}}]}", &answer), ==,
                    422);
  rejected = json_array_get_object_element (json_object_get_array_member (
               json_node_get_object (answer), "rejected"), 0);
  g_assert_cmpstr (json_object_get_string_member (rejected, "reason"), ==, "bad-uuid");

  /* 100,000 levels of nesting: json-glib 1.6 would overflow its stack on this. */
  for (guint i = 0; i < 100000; i++)
    g_string_append_c (deep, '[');
  g_assert_cmpuint (post ("/v1/records", env.token, deep->str, NULL), ==, 400);
  g_string_truncate (deep, 0);
  g_string_append (deep, "{\"records\":[{\"uuid\":\"00000000-0000-4000-8000-000000000000\","
                         "\"kind\":\"x\",\"created\":\"2026-11-28T14:00:00Z\",\"body\":");
  for (guint i = 0; i < 50000; i++)
    g_string_append (deep, "{\"a\":");
  g_assert_cmpuint (post ("/v1/records", env.token, deep->str, NULL), ==, 400);

  g_assert_cmpuint (post ("/v1/heartbeat", env.token, "{\"pending\":\"many\"}", NULL), ==, 422);
  g_assert_cmpuint (post ("/v1/heartbeat", env.token, "{\"clock\":\"yesterday\"}", NULL), ==,
                    422);
  g_assert_cmpuint (post ("/v1/heartbeat", env.token, "nonsense", NULL), ==, 400);

  g_assert_cmpuint (post ("/healthz", NULL, "", NULL), ==, 200);
}

/* A client that sends its headers a byte at a time is cut off after the header timeout. */
static void
test_slowloris (void)
{
  g_autoptr(GSocketConnection) conn = raw_connect ();
  GSocket *socket = g_socket_connection_get_socket (conn);
  const char *head = "POST /v1/records HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: "
                     "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa";
  gint64 start = g_get_monotonic_time ();
  gboolean cut = FALSE;

  for (const char *p = head; *p != '\0' && !cut; p++)
    {
      char buffer[256];

      if (g_socket_send (socket, p, 1, NULL, NULL) != 1)
        {
          cut = TRUE;
          break;
        }
      /* Wait 200 ms between bytes, watching for the server closing on us. */
      if (g_socket_condition_timed_wait (socket, G_IO_IN | G_IO_HUP | G_IO_ERR, 200000, NULL,
                                         NULL) &&
          g_socket_receive (socket, buffer, sizeof buffer, NULL, NULL) <= 0)
        cut = TRUE;
    }

  g_assert_true (cut);
  g_assert_cmpint (g_get_monotonic_time () - start, <, (HEADER_TIMEOUT + 2) * G_USEC_PER_SEC);
  g_assert_cmpint (g_get_monotonic_time () - start, >=, (HEADER_TIMEOUT - 1) * G_USEC_PER_SEC);

  /* Everyone else is still served. */
  g_assert_cmpuint (post ("/healthz", NULL, "", NULL), ==, 200);
}

/* The heartbeat lands in the kiosk's row, and the operator sees it in the fleet. */
static void
test_heartbeat_and_fleet (void)
{
  g_autofree char *token = enrol ("heartbeat-kiosk");
  g_autoptr(Kiosk) k = kiosk_new (env.url, token);
  g_autofree char *uuid = kiosk_add (k, "tax-id");
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) fleet = NULL;
  g_autofree char *out = NULL;
  g_autofree char *table = NULL;
  JsonArray *kiosks;
  JsonObject *mine = NULL;

  g_assert_true (bel_record_sender_send_heartbeat_sync (k->sender, NULL, &error));
  g_assert_no_error (error);

  g_assert_cmpuint (post ("/v1/fleet", NULL, "", NULL), ==, 401);
  g_assert_cmpuint (post ("/v1/fleet", "bela_wrong", "", NULL), ==, 401);
  g_assert_cmpuint (post ("/v1/fleet", env.admin_token, "", &fleet), ==, 200);
  kiosks = json_object_get_array_member (json_node_get_object (fleet), "kiosks");
  for (guint i = 0; i < json_array_get_length (kiosks); i++)
    if (g_str_equal (json_object_get_string_member (json_array_get_object_element (kiosks, i),
                                                    "name"), "heartbeat-kiosk"))
      mine = json_array_get_object_element (kiosks, i);
  g_assert_nonnull (mine);
  g_assert_cmpint (json_object_get_int_member (mine, "pending"), ==, 1);
  g_assert_cmpint (json_object_get_int_member (mine, "revision"), ==, 0);
  g_assert_cmpstr (json_object_get_string_member (mine, "version"), ==, PACKAGE_VERSION);
  g_assert_nonnull (json_object_get_string_member (mine, "last_contact"));
  /* Same machine, same clock: the offset is the time the request took, well under a second. */
  g_assert_cmpint (ABS (json_object_get_int_member (mine, "clock_offset_ms")), <, 1000);

  /* The operator's view, over HTTP with the admin token from the environment. */
  g_setenv ("BELEDCI_ADMIN_TOKEN", env.admin_token, TRUE);
  out = admin (0, "fleet", "--server", env.url, "--json", NULL);
  g_assert_nonnull (strstr (out, "\"heartbeat-kiosk\""));
  table = admin (0, "fleet", "--server", env.url, NULL);
  g_assert_nonnull (strstr (table, "heartbeat-kiosk"));
  g_unsetenv ("BELEDCI_ADMIN_TOKEN");
  g_clear_pointer (&out, g_free);
  out = admin (1, "fleet", "--server", env.url, NULL);   /* no admin token */
}

static gboolean
contains_bytes (const char *data,
                gsize       length,
                const char *needle)
{
  gsize n = strlen (needle);

  for (gsize i = 0; i + n <= length; i++)
    if (memcmp (data + i, needle, n) == 0)
      return TRUE;
  return FALSE;
}

/* The operator enrols, re-keys and revokes a kiosk over HTTP with the admin token. */
static void
test_enrol_over_http (void)
{
  g_autofree char *token_file = g_build_filename (env.dir, "admin-token", NULL);
  g_autofree char *out = NULL;
  g_autofree char *list = NULL;
  g_autofree char *again = NULL;
  g_autofree char *old_token = NULL;
  g_autofree char *new_token = NULL;
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(GError) error = NULL;

  g_file_set_contents (token_file, env.admin_token, -1, &error);
  g_assert_no_error (error);

  out = admin (0, "kiosk", "add", "remote-1", "--server", env.url, "--admin-token-file",
               token_file, "--json", NULL);
  node = json_from_string (out, NULL);
  old_token = g_strdup (json_object_get_string_member (json_node_get_object (node), "token"));
  g_assert_true (g_str_has_prefix (old_token, "belk_"));
  g_assert_cmpuint (post ("/v1/heartbeat", old_token, "{}", NULL), ==, 200);
  /* The server keeps the token's SHA-256, and the token itself nowhere in its files. */
  {
    g_autofree char *hash = g_compute_checksum_for_string (G_CHECKSUM_SHA256, old_token, -1);
    g_autofree char *upper = g_ascii_strup (hash, -1);
    const char *suffixes[] = { "", "-wal" };

    g_assert_cmpint (server_count ("SELECT count(*) FROM kiosks WHERE hex (token_hash) = ?",
                                   upper), ==, 1);
    for (guint i = 0; i < G_N_ELEMENTS (suffixes); i++)
      {
        g_autofree char *path = g_strconcat (env.server_db, suffixes[i], NULL);
        g_autofree char *contents = NULL;
        gsize length = 0;

        if (!g_file_get_contents (path, &contents, &length, NULL))
          continue;
        g_assert_false (contains_bytes (contents, length, old_token));
      }
  }

  /* The name is taken; a new token replaces the old one. */
  again = admin (1, "kiosk", "add", "remote-1", "--server", env.url, "--admin-token-file",
                 token_file, NULL);
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&node, json_node_unref);
  out = admin (0, "kiosk", "add", "remote-1", "--new-token", "--server", env.url,
               "--admin-token-file", token_file, "--json", NULL);
  node = json_from_string (out, NULL);
  new_token = g_strdup (json_object_get_string_member (json_node_get_object (node), "token"));
  g_assert_cmpstr (new_token, !=, old_token);
  g_assert_cmpuint (post ("/v1/heartbeat", old_token, "{}", NULL), ==, 401);
  g_assert_cmpuint (post ("/v1/heartbeat", new_token, "{}", NULL), ==, 200);

  list = admin (0, "kiosk", "list", "--server", env.url, "--admin-token-file", token_file,
                NULL);
  g_assert_nonnull (strstr (list, "remote-1"));

  g_clear_pointer (&out, g_free);
  out = admin (0, "kiosk", "revoke", "remote-1", "--server", env.url, "--admin-token-file",
               token_file, NULL);
  g_assert_cmpuint (post ("/v1/heartbeat", new_token, "{}", NULL), ==, 401);
  g_clear_pointer (&out, g_free);
  out = admin (1, "kiosk", "revoke", "no-such-kiosk", "--server", env.url,
               "--admin-token-file", token_file, NULL);

  /* Without the admin token nothing changes. */
  g_assert_cmpuint (post ("/v1/kiosks", "bela_wrong", "{\"name\":\"intruder\"}", NULL), ==,
                    401);
  g_assert_cmpint (server_count ("SELECT count(*) FROM kiosks WHERE name = ?", "intruder"), ==,
                   0);
}

typedef struct {
  BelOutbox *outbox;
  gboolean   done;
  guint      runs;
  guint      failed_runs;
} LossyRun;

static void
lossy_run_finished_cb (BelSyncScheduler *scheduler,
                       GError           *error,
                       LossyRun         *run)
{
  run->runs++;
  if (error != NULL)
    run->failed_runs++;
  if (bel_outbox_count_pending (run->outbox, NULL) == 0 && error == NULL)
    run->done = TRUE;
}

static gboolean
flag_true (gpointer data)
{
  *(gboolean *)data = TRUE;
  return G_SOURCE_REMOVE;
}

/* Through a network that drops 30% of connections and throws away 30% of answers after the
 * server committed, every record ends up stored exactly once and the outbox drains. */
static void
test_lossy_network (void)
{
  const char *long_tests = g_getenv ("BELEDCI_LONG_TESTS");
  guint n_records = long_tests != NULL && *long_tests == '1' ? 50000 : 10000;
  g_autofree char *token = enrol ("lossy-kiosk");
  g_autofree char *port = g_strdup_printf ("%u", env.port);
  g_autofree char *proxy_url = NULL;
  g_autofree char *proxy_stats = NULL;
  g_autoptr(GSubprocess) proxy = NULL;
  g_autoptr(Kiosk) k = NULL;
  g_autoptr(GHashTable) made = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(BelSyncScheduler) scheduler = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *script = g_build_filename (g_getenv ("BELEDCI_SOURCE_DIR"), "tests",
                                              "lossy-proxy.py", NULL);
  const char *argv[] = { "/usr/bin/python3", script, port, "--drop-connections", "0.3",
                         "--drop-responses", "0.3", "--seed", "5", NULL };
  LossyRun run = { 0, };
  gboolean timed_out = FALSE;
  guint timeout_id;
  gint64 start;
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  guint on_server = 0;
  guint on_server_heartbeats = 0;

  proxy = spawn_listener (argv, G_SUBPROCESS_FLAGS_STDERR_PIPE, &proxy_url);
  k = kiosk_new (proxy_url, token);

  g_assert_true (bel_database_begin (k->db, &error));
  for (guint i = 0; i < n_records; i++)
    {
      g_autoptr(JsonObject) body = json_object_new ();
      char *uuid;

      json_object_set_string_member (body, "service", "tax-id");
      json_object_set_int_member (body, "n", i);
      uuid = bel_outbox_add_in_transaction (k->outbox, BEL_RECORD_KIND_SERVICE_VIEWED, body,
                                            &error);
      g_assert_no_error (error);
      g_hash_table_add (made, uuid);
    }
  g_assert_true (bel_database_commit (k->db, &error));

  scheduler = bel_sync_scheduler_new (NULL, k->sender);
  bel_sync_scheduler_set_interval (scheduler, 3600);
  bel_sync_scheduler_set_backoff (scheduler, 5, 50);
  run.outbox = k->outbox;
  g_signal_connect (scheduler, "run-finished", G_CALLBACK (lossy_run_finished_cb), &run);

  start = g_get_monotonic_time ();
  timeout_id = g_timeout_add_seconds (90, flag_true, &timed_out);
  bel_sync_scheduler_start (scheduler);
  while (!run.done && !timed_out)
    g_main_context_iteration (NULL, TRUE);
  bel_sync_scheduler_stop (scheduler);
  if (!timed_out)
    g_source_remove (timeout_id);
  g_assert_false (timed_out);
  g_test_message ("%u records through the lossy proxy in %.1f s, %u runs (%u failed)",
                  n_records, (g_get_monotonic_time () - start) / 1e6, run.runs,
                  run.failed_runs);

  g_assert_cmpint (bel_outbox_count_pending (k->outbox, NULL), ==, 0);
  g_assert_cmpint (bel_outbox_count_set_aside (k->outbox, NULL), ==, 0);

  /* The server holds exactly the records made, each once, plus the scheduler's own hourly
   * "heartbeat" record (two if the hour turned during the test). */
  g_assert_cmpint (sqlite3_open_v2 (env.server_db, &db, SQLITE_OPEN_READONLY, NULL), ==,
                   SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, "SELECT r.uuid, r.kind FROM records r JOIN kiosks k "
                                           "ON k.id = r.kiosk_id WHERE k.name = 'lossy-kiosk'",
                                       -1, &stmt, NULL), ==, SQLITE_OK);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      if (g_str_equal ((const char *)sqlite3_column_text (stmt, 1), BEL_RECORD_KIND_HEARTBEAT))
        {
          on_server_heartbeats++;
          continue;
        }
      g_assert_true (g_hash_table_contains (made, sqlite3_column_text (stmt, 0)));
      on_server++;
    }
  sqlite3_finalize (stmt);
  sqlite3_close (db);
  g_assert_cmpuint (on_server, ==, n_records);
  g_assert_cmpuint (on_server_heartbeats, >=, 1);
  g_assert_cmpuint (on_server_heartbeats, <=, 2);
  g_assert_cmpint (server_count ("SELECT records_stored FROM kiosks WHERE name = ?",
                                 "lossy-kiosk"), ==, n_records + on_server_heartbeats);

  /* And the network really was that bad. */
  g_subprocess_send_signal (proxy, SIGTERM);
  g_subprocess_communicate_utf8 (proxy, NULL, NULL, NULL, &proxy_stats, &error);
  g_assert_no_error (error);
  g_test_message ("%s", proxy_stats);
  g_assert_null (strstr (proxy_stats, "'dropped_connections': 0,"));
  g_assert_null (strstr (proxy_stats, "'dropped_responses': 0}"));
}

static void
write_config (const char *path)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *hash = NULL;
  g_autofree char *contents = NULL;
  g_autofree char *out = admin (0, "admin-token", NULL);
  const char *start = strstr (out, "bela_");

  g_assert_nonnull (start);
  env.admin_token = g_strndup (start, strcspn (start, " \n"));
  start = strstr (out, "admin-token-sha256=");
  g_assert_nonnull (start);
  hash = g_strndup (start, strcspn (start, " \n"));
  contents = g_strdup_printf ("[server]\n%s\nheader-timeout=%d\nidle-timeout=%d\n", hash,
                              HEADER_TIMEOUT, HEADER_TIMEOUT);
  g_file_set_contents (path, contents, -1, &error);
  g_assert_no_error (error);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  g_autofree char *config = NULL;
  g_autofree char *port = NULL;
  int status;

  g_test_init (&argc, &argv, NULL);

  env.dir = g_dir_make_tmp ("test-records-e2e-XXXXXX", &error);
  g_assert_no_error (error);
  env.server_db = g_build_filename (env.dir, "server.db", NULL);
  config = g_build_filename (env.dir, "server.conf", NULL);
  write_config (config);

  {
    const char *server_argv[] = { build_path ("src/server/beledci-server"),
                                  "--listen", "127.0.0.1:0", "--data-dir", env.dir,
                                  "--config", config, NULL };
    env.server = spawn_listener (server_argv, G_SUBPROCESS_FLAGS_NONE, &env.url);
  }
  port = g_strdup (strrchr (env.url, ':') + 1);
  env.port = (guint)g_ascii_strtoull (port, NULL, 10);
  env.session = soup_session_new_with_options ("proxy-resolver", NULL, "timeout", 10, NULL);
  env.token = enrol ("k1");

  g_test_add_func ("/records/stored-once", test_stored_once);
  g_test_add_func ("/records/duplicates-and-conflicts", test_duplicates_and_conflicts);
  g_test_add_func ("/records/sender-sets-conflicts-aside", test_sender_sets_conflicts_aside);
  g_test_add_func ("/records/revoked-token", test_revoked_token);
  g_test_add_func ("/records/too-many-records", test_too_many_records);
  g_test_add_func ("/records/huge-body", test_huge_body);
  g_test_add_func ("/records/malformed", test_malformed);
  g_test_add_func ("/records/slowloris", test_slowloris);
  g_test_add_func ("/records/heartbeat-and-fleet", test_heartbeat_and_fleet);
  g_test_add_func ("/records/enrol-over-http", test_enrol_over_http);
  g_test_add_func ("/records/lossy-network", test_lossy_network);

  status = g_test_run ();

  g_subprocess_send_signal (env.server, SIGTERM);
  g_subprocess_wait (env.server, NULL, NULL);
  g_clear_object (&env.server);
  g_clear_object (&env.session);
  remove_tree (env.dir);
  return status;
}
