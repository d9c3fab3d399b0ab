/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-outbox"

#include <math.h>
#include <signal.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>
#include <glib/gstdio.h>

#include "bel-outbox.h"
#include "bel-record-sender.h"
#include "bel-sync-scheduler.h"

typedef struct {
  char        *dir;
  char        *path;
  BelDatabase *db;
  BelOutbox   *outbox;
} Fixture;

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  f->dir = g_dir_make_tmp ("test-outbox-XXXXXX", &error);
  g_assert_no_error (error);
  f->path = g_build_filename (f->dir, "beledci.db", NULL);
  f->db = bel_database_open (f->path, &error);
  g_assert_no_error (error);
  f->outbox = bel_outbox_new (f->db);
}

static void
remove_tree (const char *dir)
{
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  const char *name;

  while (d != NULL && (name = g_dir_read_name (d)) != NULL)
    {
      g_autofree char *path = g_build_filename (dir, name, NULL);
      g_remove (path);
    }
  g_rmdir (dir);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_clear_object (&f->outbox);
  g_clear_object (&f->db);
  remove_tree (f->dir);
  g_free (f->path);
  g_free (f->dir);
}

static void
reopen (Fixture *f)
{
  g_autoptr(GError) error = NULL;

  g_clear_object (&f->outbox);
  g_clear_object (&f->db);
  f->db = bel_database_open (f->path, &error);
  g_assert_no_error (error);
  f->outbox = bel_outbox_new (f->db);
}

static JsonObject *
body_with (const char *key,
           const char *value)
{
  JsonObject *body = json_object_new ();

  json_object_set_string_member (body, key, value);
  return body;
}

static char *
add (Fixture    *f,
     const char *kind,
     const char *service)
{
  g_autoptr(JsonObject) body = body_with ("service", service);
  g_autoptr(GError) error = NULL;
  char *uuid;

  uuid = bel_outbox_add (f->outbox, kind, body, &error);
  g_assert_no_error (error);
  g_assert_nonnull (uuid);
  return uuid;
}

static gint64
count_rows (BelDatabase *db,
            const char  *sql)
{
  sqlite3_stmt *stmt = bel_database_prepare (db, sql, NULL);
  gint64 n;

  g_assert_nonnull (stmt);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  n = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  return n;
}

/* Records come back in the order they were made, with a fresh UUID each, the hour only, and
 * the body as written; and they are still there after the database is closed and opened. */
static void
test_add_survives_reopen (Fixture       *f,
                          gconstpointer  data)
{
  g_autofree char *a = add (f, BEL_RECORD_KIND_SERVICE_VIEWED, "tax-id");
  g_autofree char *b = add (f, BEL_RECORD_KIND_SERVICE_VIEWED, "passport");
  g_autofree char *c = add (f, BEL_RECORD_KIND_SEARCH_NO_RESULTS, "x");
  g_autoptr(GPtrArray) records = NULL;
  g_autoptr(GError) error = NULL;
  BelOutboxRecord *r;

  g_assert_true (g_uuid_string_is_valid (a));
  g_assert_cmpstr (a, !=, b);

  reopen (f);
  records = bel_outbox_peek (f->outbox, 10, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (records->len, ==, 3);
  r = g_ptr_array_index (records, 0);
  g_assert_cmpstr (r->uuid, ==, a);
  g_assert_cmpstr (r->kind, ==, BEL_RECORD_KIND_SERVICE_VIEWED);
  g_assert_cmpstr (r->body, ==, "{\"service\":\"tax-id\"}");
  g_assert_true (g_str_has_suffix (r->created, ":00:00Z"));
  g_assert_cmpstr (((BelOutboxRecord *)g_ptr_array_index (records, 1))->uuid, ==, b);
  g_assert_cmpstr (((BelOutboxRecord *)g_ptr_array_index (records, 2))->uuid, ==, c);

  g_assert_cmpint (bel_outbox_count_pending (f->outbox, NULL), ==, 3);
}

/* A record made by a process that is killed the moment bel_outbox_add() returns is on disk:
 * the add committed before returning. */
static void
test_add_survives_sigkill (Fixture       *f,
                           gconstpointer  data)
{
  int pipefd[2];
  char uuid[64] = { 0 };
  pid_t pid;
  int status = 0;
  gssize n;
  g_autoptr(GPtrArray) records = NULL;

  /* The child must not share the parent's connection. */
  g_clear_object (&f->outbox);
  g_clear_object (&f->db);

  g_assert_cmpint (pipe (pipefd), ==, 0);
  pid = fork ();
  g_assert_cmpint (pid, >=, 0);
  if (pid == 0)
    {
      /* Static, so that the child dies with nothing freed and nothing "lost". */
      static BelDatabase * volatile db;
      static BelOutbox * volatile outbox;
      static JsonObject * volatile body;
      static char * volatile id;

      db = bel_database_open (f->path, NULL);
      outbox = bel_outbox_new (db);
      body = body_with ("service", "killed");
      id = bel_outbox_add (outbox, BEL_RECORD_KIND_SERVICE_VIEWED, body, NULL);
      if (id != NULL && write (pipefd[1], id, strlen (id)) < 0)
        _exit (3);
      kill (getpid (), SIGKILL);
      _exit (2);
    }
  close (pipefd[1]);
  n = read (pipefd[0], uuid, sizeof uuid - 1);
  close (pipefd[0]);
  g_assert_cmpint (waitpid (pid, &status, 0), ==, pid);
  g_assert_true (WIFSIGNALED (status) && WTERMSIG (status) == SIGKILL);
  g_assert_cmpint (n, ==, 36);

  reopen (f);
  records = bel_outbox_peek (f->outbox, 10, NULL);
  g_assert_cmpuint (records->len, ==, 1);
  g_assert_cmpstr (((BelOutboxRecord *)g_ptr_array_index (records, 0))->uuid, ==, uuid);
}

/* A record added inside the caller's transaction commits or rolls back with the caller's own
 * writes; outside a transaction that variant refuses. */
static void
test_same_transaction (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) body = body_with ("session", "s1");
  g_autofree char *uuid = NULL;

  g_assert_true (bel_database_exec (f->db, "CREATE TABLE attendance (n INTEGER)", &error));

  uuid = bel_outbox_add_in_transaction (f->outbox, BEL_RECORD_KIND_ATTENDANCE, body, &error);
  g_assert_error (error, BEL_OUTBOX_ERROR, BEL_OUTBOX_ERROR_NO_TRANSACTION);
  g_assert_null (uuid);
  g_clear_error (&error);

  /* Rolled back: neither the attendance nor its record. */
  g_assert_true (bel_database_begin (f->db, &error));
  g_assert_true (bel_database_exec (f->db, "INSERT INTO attendance VALUES (22)", &error));
  uuid = bel_outbox_add_in_transaction (f->outbox, BEL_RECORD_KIND_ATTENDANCE, body, &error);
  g_assert_no_error (error);
  bel_database_rollback (f->db);
  g_clear_pointer (&uuid, g_free);
  g_assert_cmpint (count_rows (f->db, "SELECT count(*) FROM attendance"), ==, 0);
  g_assert_cmpint (bel_outbox_count_pending (f->outbox, NULL), ==, 0);

  /* Committed: both. */
  g_assert_true (bel_database_begin (f->db, &error));
  g_assert_true (bel_database_exec (f->db, "INSERT INTO attendance VALUES (22)", &error));
  uuid = bel_outbox_add_in_transaction (f->outbox, BEL_RECORD_KIND_ATTENDANCE, body, &error);
  g_assert_no_error (error);
  g_assert_true (bel_database_commit (f->db, &error));
  reopen (f);
  g_assert_cmpint (count_rows (f->db, "SELECT count(*) FROM attendance"), ==, 1);
  g_assert_cmpint (bel_outbox_count_pending (f->outbox, NULL), ==, 1);
}

/* Only the UUIDs the server acknowledged leave the outbox, whatever else is listed. */
static void
test_delete_only_acknowledged (Fixture       *f,
                               gconstpointer  data)
{
  char *ids[5] = { NULL, };
  g_autoptr(GPtrArray) left = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *stranger = g_uuid_string_random ();
  const char *acked[3];
  guint n_deleted = 99;

  for (guint i = 0; i < G_N_ELEMENTS (ids); i++)
    ids[i] = add (f, BEL_RECORD_KIND_SERVICE_VIEWED, "s");

  acked[0] = ids[1];
  acked[1] = ids[3];
  acked[2] = stranger;
  g_assert_true (bel_outbox_delete (f->outbox, acked, 3, &n_deleted, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (n_deleted, ==, 2);

  reopen (f);
  left = bel_outbox_peek (f->outbox, BEL_OUTBOX_MAX_BATCH, &error);
  g_assert_cmpuint (left->len, ==, 3);
  g_assert_cmpstr (((BelOutboxRecord *)g_ptr_array_index (left, 0))->uuid, ==, ids[0]);
  g_assert_cmpstr (((BelOutboxRecord *)g_ptr_array_index (left, 1))->uuid, ==, ids[2]);
  g_assert_cmpstr (((BelOutboxRecord *)g_ptr_array_index (left, 2))->uuid, ==, ids[4]);

  /* Deleting again is harmless. */
  g_assert_true (bel_outbox_delete (f->outbox, acked, 3, &n_deleted, &error));
  g_assert_cmpuint (n_deleted, ==, 0);
  g_assert_cmpint (bel_outbox_count_pending (f->outbox, NULL), ==, 3);

  for (guint i = 0; i < G_N_ELEMENTS (ids); i++)
    g_free (ids[i]);
}

/* A batch is at most 500, oldest first; a refused record is set aside and no longer sent. */
static void
test_batches_and_set_aside (Fixture       *f,
                            gconstpointer  data)
{
  g_autoptr(GPtrArray) batch = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *first = NULL;

  g_assert_true (bel_database_begin (f->db, &error));
  for (guint i = 0; i < 520; i++)
    {
      g_autoptr(JsonObject) body = body_with ("service", "s");
      g_autofree char *uuid = bel_outbox_add_in_transaction (f->outbox,
                                                             BEL_RECORD_KIND_SERVICE_VIEWED,
                                                             body, &error);
      g_assert_no_error (error);
      if (i == 0)
        first = g_steal_pointer (&uuid);
    }
  g_assert_true (bel_database_commit (f->db, &error));

  batch = bel_outbox_peek (f->outbox, 10000, &error);
  g_assert_cmpuint (batch->len, ==, BEL_OUTBOX_MAX_BATCH);
  g_assert_cmpstr (((BelOutboxRecord *)g_ptr_array_index (batch, 0))->uuid, ==, first);

  g_assert_true (bel_outbox_set_aside (f->outbox, first, "conflict", &error));
  g_assert_cmpint (bel_outbox_count_pending (f->outbox, NULL), ==, 519);
  g_assert_cmpint (bel_outbox_count_set_aside (f->outbox, NULL), ==, 1);
  g_clear_pointer (&batch, g_ptr_array_unref);
  batch = bel_outbox_peek (f->outbox, 1, &error);
  g_assert_cmpstr (((BelOutboxRecord *)g_ptr_array_index (batch, 0))->uuid, !=, first);
}

/* What a citizen typed never reaches the outbox; only its rough shape does. */
static void
test_privacy (Fixture       *f,
              gconstpointer  data)
{
  const char *query = "mənim pasportum itib";
  g_autoptr(GPtrArray) records = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) body = NULL;
  BelOutboxRecord *r;
  sqlite3_stmt *stmt;

  g_assert_true (bel_outbox_record_search_no_results (f->outbox, "az", query, "documents",
                                                      &error));
  g_assert_no_error (error);
  records = bel_outbox_peek (f->outbox, 10, &error);
  g_assert_cmpuint (records->len, ==, 1);
  r = g_ptr_array_index (records, 0);
  g_assert_cmpstr (r->kind, ==, BEL_RECORD_KIND_SEARCH_NO_RESULTS);
  g_assert_null (strstr (r->body, "pasport"));
  g_assert_null (strstr (r->body, "itib"));
  body = json_from_string (r->body, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (json_object_get_string_member (json_node_get_object (body), "length"), ==,
                   "16+");
  g_assert_cmpstr (json_object_get_string_member (json_node_get_object (body), "words"), ==,
                   "3+");
  g_assert_cmpstr (json_object_get_string_member (json_node_get_object (body), "lang"), ==,
                   "az");

  /* Nowhere in the database file's tables either. */
  stmt = bel_database_prepare (f->db, "SELECT count(*) FROM outbox WHERE body LIKE '%pasport%'"
                                      " OR kind LIKE '%pasport%'", NULL);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  g_assert_cmpint (sqlite3_column_int (stmt, 0), ==, 0);
  sqlite3_finalize (stmt);

  /* Free text cannot be smuggled in as an id or a category. */
  g_assert_false (bel_outbox_record_service_viewed (f->outbox, "my name is Aynur", "az", &error));
  g_assert_error (error, BEL_OUTBOX_ERROR, BEL_OUTBOX_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_false (bel_outbox_record_search_no_results (f->outbox, "az", "x", "050 555 12 34",
                                                       &error));
  g_assert_error (error, BEL_OUTBOX_ERROR, BEL_OUTBOX_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_cmpint (bel_outbox_count_pending (f->outbox, NULL), ==, 1);

  g_assert_cmpstr (bel_outbox_length_bucket ("ab"), ==, "1-3");
  g_assert_cmpstr (bel_outbox_length_bucket ("  vergi "), ==, "4-7");
  g_assert_cmpstr (bel_outbox_length_bucket ("şəxsiyyət"), ==, "8-15");
}

static void
test_invalid_records (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) big = json_object_new ();
  g_autofree char *filler = g_strnfill (BEL_OUTBOX_MAX_BODY_SIZE, 'a');
  char *uuid;

  json_object_set_string_member (big, "x", filler);
  uuid = bel_outbox_add (f->outbox, BEL_RECORD_KIND_SERVICE_VIEWED, big, &error);
  g_assert_error (error, BEL_OUTBOX_ERROR, BEL_OUTBOX_ERROR_INVALID);
  g_assert_null (uuid);
  g_clear_error (&error);

  uuid = bel_outbox_add (f->outbox, "Service Viewed", NULL, &error);
  g_assert_error (error, BEL_OUTBOX_ERROR, BEL_OUTBOX_ERROR_INVALID);
  g_assert_null (uuid);
  g_clear_error (&error);

  g_assert_cmpint (bel_outbox_count_pending (f->outbox, NULL), ==, 0);
}

static void
test_heartbeat_once_an_hour (Fixture       *f,
                             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GDateTime) before = g_date_time_new_now_utc ();
  g_autoptr(GDateTime) after = NULL;

  g_assert_true (bel_outbox_record_heartbeat (f->outbox, 7, &error));
  g_assert_true (bel_outbox_record_heartbeat (f->outbox, 7, &error));
  reopen (f);
  g_assert_true (bel_outbox_record_heartbeat (f->outbox, 7, &error));
  g_assert_no_error (error);
  after = g_date_time_new_now_utc ();

  /* Three calls within one hour make one record; if the hour turned meanwhile, two. */
  if (g_date_time_get_hour (before) == g_date_time_get_hour (after))
    g_assert_cmpint (bel_outbox_count_pending (f->outbox, NULL), ==, 1);
  else
    g_assert_cmpint (bel_outbox_count_pending (f->outbox, NULL), ==, 2);
}

/* Full jitter: every delay lies in [0, min (cap, base × 2^attempt)], spread over all of it. */
static void
test_backoff_bounds (void)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (20261128);
  const guint64 base = 5000;
  const guint64 cap = 600000;
  const guint n = 20000;

  for (guint attempt = 0; attempt < 40; attempt++)
    {
      guint64 bound = bel_sync_backoff_bound (attempt, base, cap);
      guint64 lo = G_MAXUINT64, hi = 0;
      double sum = 0;
      guint buckets[10] = { 0, };

      if (attempt < 7)
        g_assert_cmpuint (bound, ==, base << attempt);
      else
        g_assert_cmpuint (bound, ==, cap);

      for (guint i = 0; i < n; i++)
        {
          guint64 d = bel_sync_backoff_delay (attempt, base, cap, g_rand_double (rand));

          g_assert_cmpuint (d, <=, bound);
          lo = MIN (lo, d);
          hi = MAX (hi, d);
          sum += (double)d;
          buckets[MIN (9, d * 10 / (bound + 1))]++;
        }
      /* Spread over the whole range, mean in the middle, no tenth of it neglected. */
      g_assert_cmpfloat ((double)lo, <, 0.01 * (double)bound + 1);
      g_assert_cmpfloat ((double)hi, >, 0.99 * (double)bound);
      g_assert_cmpfloat (fabs (sum / n - (double)bound / 2), <, 0.03 * (double)bound);
      for (guint b = 0; b < 10; b++)
        g_assert_cmpuint (buckets[b], >, n / 10 * 8 / 10);
    }

  /* The edges of [0, 1) and absurd attempts stay in bounds. */
  g_assert_cmpuint (bel_sync_backoff_delay (0, base, cap, 0.0), ==, 0);
  g_assert_cmpuint (bel_sync_backoff_delay (0, base, cap, 0.9999999999), ==, base);
  g_assert_cmpuint (bel_sync_backoff_delay (G_MAXUINT, base, cap, 0.9999999999), ==, cap);
  g_assert_cmpuint (bel_sync_backoff_bound (64, base, cap), ==, cap);
  g_assert_cmpuint (bel_sync_backoff_bound (3, G_MAXUINT64 / 2, G_MAXUINT64), ==, G_MAXUINT64);
}

static void
test_transient_categories (void)
{
  g_assert_true (bel_sync_error_is_transient (BEL_SYNC_ERROR_SERVER_UNREACHABLE));
  g_assert_true (bel_sync_error_is_transient (BEL_SYNC_ERROR_CONNECTION_LOST));
  g_assert_true (bel_sync_error_is_transient (BEL_SYNC_ERROR_SERVER_ERROR));
  g_assert_false (bel_sync_error_is_transient (BEL_SYNC_ERROR_REJECTED_TOKEN));
  g_assert_false (bel_sync_error_is_transient (BEL_SYNC_ERROR_REJECTED_RECORDS));
  g_assert_false (bel_sync_error_is_transient (BEL_SYNC_ERROR_BAD_SIGNATURE));
}

static void
test_retry_after (void)
{
  gint64 now = 1795877542;   /* 2026-11-28T... */
  g_autoptr(GDateTime) later = g_date_time_new_from_unix_utc (now + 90);
  g_autofree char *http_date = soup_date_time_to_string (later, SOUP_DATE_HTTP);

  g_assert_cmpuint (bel_parse_retry_after ("120", now), ==, 120);
  g_assert_cmpuint (bel_parse_retry_after (" 5 ", now), ==, 5);
  g_assert_cmpuint (bel_parse_retry_after (http_date, now), ==, 90);
  g_assert_cmpuint (bel_parse_retry_after ("99999999999", now), ==, 24 * 60 * 60);
  g_assert_cmpuint (bel_parse_retry_after ("soon", now), ==, 0);
  g_assert_cmpuint (bel_parse_retry_after ("-3", now), ==, 0);
  g_assert_cmpuint (bel_parse_retry_after (NULL, now), ==, 0);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/outbox/add-survives-reopen", Fixture, NULL,
              fixture_set_up, test_add_survives_reopen, fixture_tear_down);
  g_test_add ("/outbox/add-survives-sigkill", Fixture, NULL,
              fixture_set_up, test_add_survives_sigkill, fixture_tear_down);
  g_test_add ("/outbox/same-transaction", Fixture, NULL,
              fixture_set_up, test_same_transaction, fixture_tear_down);
  g_test_add ("/outbox/delete-only-acknowledged", Fixture, NULL,
              fixture_set_up, test_delete_only_acknowledged, fixture_tear_down);
  g_test_add ("/outbox/batches-and-set-aside", Fixture, NULL,
              fixture_set_up, test_batches_and_set_aside, fixture_tear_down);
  g_test_add ("/outbox/privacy", Fixture, NULL,
              fixture_set_up, test_privacy, fixture_tear_down);
  g_test_add ("/outbox/invalid-records", Fixture, NULL,
              fixture_set_up, test_invalid_records, fixture_tear_down);
  g_test_add ("/outbox/heartbeat-once-an-hour", Fixture, NULL,
              fixture_set_up, test_heartbeat_once_an_hour, fixture_tear_down);
  g_test_add_func ("/sync/backoff-bounds", test_backoff_bounds);
  g_test_add_func ("/sync/transient-categories", test_transient_categories);
  g_test_add_func ("/sync/retry-after", test_retry_after);

  return g_test_run ();
}
