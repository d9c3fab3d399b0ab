/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-sync-scheduler"

#include <string.h>
#include <glib/gstdio.h>
#include <libsoup/soup.h>

#include "bel-outbox.h"
#include "bel-record-sender.h"
#include "bel-sync-scheduler.h"

/* When the scheduler runs, against a scripted server in this process: backoff after
 * failures that may pass, the regular pace after ones that will not, Retry-After, the network
 * coming back, and requests on demand. */

/* A network monitor the test can switch on and off. */
#define TEST_TYPE_MONITOR (test_monitor_get_type ())
G_DECLARE_FINAL_TYPE (TestMonitor, test_monitor, TEST, MONITOR, GObject)

struct _TestMonitor
{
  GObject  parent_instance;
  gboolean available;
};

static void test_monitor_iface_init (GNetworkMonitorInterface *iface);
static void test_monitor_initable_init (GInitableIface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (TestMonitor, test_monitor, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_INITABLE,
                                                      test_monitor_initable_init)
                               G_IMPLEMENT_INTERFACE (G_TYPE_NETWORK_MONITOR,
                                                      test_monitor_iface_init))

enum {
  PROP_0,
  PROP_NETWORK_AVAILABLE,
  PROP_NETWORK_METERED,
  PROP_CONNECTIVITY,
};

static void
test_monitor_get_property (GObject    *object,
                           guint       prop_id,
                           GValue     *value,
                           GParamSpec *pspec)
{
  TestMonitor *self = TEST_MONITOR (object);

  switch (prop_id)
    {
    case PROP_NETWORK_AVAILABLE:
      g_value_set_boolean (value, self->available);
      break;
    case PROP_NETWORK_METERED:
      g_value_set_boolean (value, FALSE);
      break;
    case PROP_CONNECTIVITY:
      g_value_set_enum (value, self->available ? G_NETWORK_CONNECTIVITY_FULL
                                               : G_NETWORK_CONNECTIVITY_LOCAL);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
test_monitor_class_init (TestMonitorClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->get_property = test_monitor_get_property;
  g_object_class_override_property (object_class, PROP_NETWORK_AVAILABLE, "network-available");
  g_object_class_override_property (object_class, PROP_NETWORK_METERED, "network-metered");
  g_object_class_override_property (object_class, PROP_CONNECTIVITY, "connectivity");
}

static void
test_monitor_iface_init (GNetworkMonitorInterface *iface)
{
}

static gboolean
test_monitor_initable_initialize (GInitable     *initable,
                                  GCancellable  *cancellable,
                                  GError       **error)
{
  return TRUE;
}

static void
test_monitor_initable_init (GInitableIface *iface)
{
  iface->init = test_monitor_initable_initialize;
}

static void
test_monitor_init (TestMonitor *self)
{
  self->available = TRUE;
}

static void
test_monitor_set (TestMonitor *self,
                  gboolean     available)
{
  self->available = available;
  g_signal_emit_by_name (self, "network-changed", available);
}

/* The scripted server: answers every request with the status set by the test. */
typedef struct {
  SoupServer *server;
  char       *url;
  guint       status;
  const char *retry_after;
  guint       requests;
  guint       max_records;   /* more in one batch: 413 */
  gboolean    ack_nothing;   /* 200 with an empty "stored" */
  gboolean    huge_answer;   /* 200 with 2 MiB of answer */
} Script;

static void
script_cb (SoupServer        *server,
           SoupServerMessage *msg,
           const char        *path,
           GHashTable        *query,
           gpointer           user_data)
{
  Script *script = user_data;

  script->requests++;
  /* Like beledci-server: one request per connection. */
  soup_message_headers_replace (soup_server_message_get_response_headers (msg), "Connection",
                                "close");
  if (script->retry_after != NULL)
    soup_message_headers_replace (soup_server_message_get_response_headers (msg),
                                  "Retry-After", script->retry_after);
  soup_server_message_set_status (msg, script->status, NULL);

  /* A healthy server stores every record it is sent. */
  if (script->status == SOUP_STATUS_OK && g_str_equal (path, "/v1/records"))
    {
      g_autoptr(GBytes) bytes = soup_message_body_flatten (
        soup_server_message_get_request_body (msg));
      g_autoptr(JsonNode) request = json_from_string (g_bytes_get_data (bytes, NULL), NULL);
      JsonArray *records = json_object_get_array_member (json_node_get_object (request),
                                                         "records");
      g_autoptr(GString) answer = g_string_new ("{\"stored\":[");

      if (script->huge_answer)
        {
          gsize size = 2 * 1024 * 1024;
          char *filler = g_malloc (size);

          memset (filler, ' ', size);
          soup_server_message_set_response (msg, "application/json", SOUP_MEMORY_TAKE, filler,
                                            size);
          return;
        }
      if (script->max_records > 0 && json_array_get_length (records) > script->max_records)
        {
          soup_server_message_set_status (msg, SOUP_STATUS_REQUEST_ENTITY_TOO_LARGE, NULL);
          return;
        }

      for (guint i = 0; !script->ack_nothing && i < json_array_get_length (records); i++)
        g_string_append_printf (answer, "%s\"%s\"", i ? "," : "",
                                json_object_get_string_member (
                                  json_array_get_object_element (records, i), "uuid"));
      g_string_append (answer, "],\"rejected\":[]}");
      soup_server_message_set_response (msg, "application/json", SOUP_MEMORY_COPY,
                                        answer->str, answer->len);
    }
}

typedef struct {
  char             *dir;
  BelDatabase      *db;
  BelOutbox        *outbox;
  BelRecordSender  *sender;
  BelSyncScheduler *scheduler;
  TestMonitor      *monitor;
  Script            script;
  guint             runs;
  gboolean          last_failed;
  int               last_category;
} Fixture;

static void
run_finished_cb (BelSyncScheduler *scheduler,
                 GError           *error,
                 Fixture          *f)
{
  f->runs++;
  f->last_failed = error != NULL;
  f->last_category = error != NULL ? error->code : -1;
}

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  g_autoptr(GSList) uris = NULL;
  g_autoptr(JsonObject) body = json_object_new ();
  g_autofree char *uuid = NULL;

  f->dir = g_dir_make_tmp ("test-scheduler-XXXXXX", &error);
  g_assert_no_error (error);
  path = g_build_filename (f->dir, "beledci.db", NULL);
  f->db = bel_database_open (path, &error);
  g_assert_no_error (error);
  f->outbox = bel_outbox_new (f->db);
  json_object_set_string_member (body, "service", "tax-id");
  uuid = bel_outbox_add (f->outbox, BEL_RECORD_KIND_SERVICE_VIEWED, body, &error);
  g_assert_no_error (error);

  f->script.server = soup_server_new (NULL, NULL);
  soup_server_add_handler (f->script.server, NULL, script_cb, &f->script, NULL);
  soup_server_listen_local (f->script.server, 0, SOUP_SERVER_LISTEN_IPV4_ONLY, &error);
  g_assert_no_error (error);
  uris = soup_server_get_uris (f->script.server);
  f->script.url = g_uri_to_string (uris->data);
  g_slist_free_full (g_steal_pointer (&uris), (GDestroyNotify)g_uri_unref);
  f->script.status = SOUP_STATUS_SERVICE_UNAVAILABLE;

  f->sender = bel_record_sender_new (f->outbox, NULL);
  bel_record_sender_set_server (f->sender, f->script.url, "belk_test");
  f->scheduler = bel_sync_scheduler_new (NULL, f->sender);
  f->monitor = g_object_new (TEST_TYPE_MONITOR, NULL);
  bel_sync_scheduler_set_network_monitor (f->scheduler, G_NETWORK_MONITOR (f->monitor));
  bel_sync_scheduler_set_interval (f->scheduler, 3600);
  bel_sync_scheduler_set_backoff (f->scheduler, 20, 200);
  g_signal_connect (f->scheduler, "run-finished", G_CALLBACK (run_finished_cb), f);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_autofree char *db_path = g_build_filename (f->dir, "beledci.db", NULL);
  g_autofree char *wal = g_strconcat (db_path, "-wal", NULL);
  g_autofree char *shm = g_strconcat (db_path, "-shm", NULL);

  bel_sync_scheduler_stop (f->scheduler);
  g_clear_object (&f->scheduler);
  g_clear_object (&f->sender);
  g_clear_object (&f->monitor);
  g_clear_object (&f->outbox);
  g_clear_object (&f->db);
  /* Let the server see its clients go before it goes itself. */
  while (g_main_context_iteration (NULL, FALSE))
    ;
  soup_server_disconnect (f->script.server);
  while (g_main_context_iteration (NULL, FALSE))
    ;
  g_clear_object (&f->script.server);
  g_free (f->script.url);
  g_remove (db_path);
  g_remove (wal);
  g_remove (shm);
  g_rmdir (f->dir);
  g_free (f->dir);
}

static gboolean
flag_true (gpointer data)
{
  *(gboolean *)data = TRUE;
  return G_SOURCE_REMOVE;
}

/* Iterates until @n runs have finished, or fails after @ms. */
static void
wait_runs (Fixture *f,
           guint    n,
           guint    ms)
{
  gboolean timed_out = FALSE;
  guint id = g_timeout_add (ms, flag_true, &timed_out);

  while (f->runs < n && !timed_out)
    g_main_context_iteration (NULL, TRUE);
  if (!timed_out)
    g_source_remove (id);
  g_assert_cmpuint (f->runs, >=, n);
}

/* A server that keeps failing: retries come quickly, backing off, within the cap, and keep
 * coming. */
static void
test_backoff_after_server_errors (Fixture       *f,
                                  gconstpointer  data)
{
  f->script.status = SOUP_STATUS_INTERNAL_SERVER_ERROR;
  bel_sync_scheduler_start (f->scheduler);

  wait_runs (f, 8, 10000);
  g_assert_true (f->last_failed);
  g_assert_cmpint (f->last_category, ==, BEL_SYNC_ERROR_SERVER_ERROR);
  g_assert_cmpuint (bel_sync_scheduler_get_failures (f->scheduler), >=, 8);
  g_assert_cmpuint (bel_sync_scheduler_get_next_delay (f->scheduler), <=, 200);

  /* The server recovers: the outbox drains and the pace returns to the interval. */
  f->script.status = SOUP_STATUS_OK;
  wait_runs (f, f->runs + 1, 5000);
  g_assert_cmpuint (bel_sync_scheduler_get_next_delay (f->scheduler), ==, 3600 * 1000);
  g_assert_cmpuint (bel_sync_scheduler_get_failures (f->scheduler), ==, 0);
}

/* Retry-After is honoured even when the backoff would retry sooner. */
static void
test_retry_after (Fixture       *f,
                  gconstpointer  data)
{
  f->script.status = SOUP_STATUS_SERVICE_UNAVAILABLE;
  f->script.retry_after = "7";
  bel_sync_scheduler_start (f->scheduler);

  wait_runs (f, 1, 5000);
  g_assert_true (f->last_failed);
  g_assert_cmpuint (bel_sync_scheduler_get_next_delay (f->scheduler), >=, 7000);
  g_assert_cmpuint (bel_sync_scheduler_get_next_delay (f->scheduler), <=, 7200);
}

/* A rejected token is not retried quickly: the next run comes at the regular interval. */
static void
test_rejected_token_not_hammered (Fixture       *f,
                                  gconstpointer  data)
{
  f->script.status = SOUP_STATUS_UNAUTHORIZED;
  bel_sync_scheduler_start (f->scheduler);

  wait_runs (f, 1, 5000);
  g_assert_true (f->last_failed);
  g_assert_cmpint (f->last_category, ==, BEL_SYNC_ERROR_REJECTED_TOKEN);
  g_assert_cmpuint (bel_sync_scheduler_get_next_delay (f->scheduler), ==, 3600 * 1000);
  /* One request for the records, one heartbeat; then quiet. Nothing was delivered: the
   * fixture's record and the run's hourly heartbeat record wait. */
  g_assert_cmpuint (f->script.requests, ==, 2);
  g_assert_cmpint (bel_outbox_count_pending (f->outbox, NULL), ==, 2);
}

/* The network coming back, and a request on demand, start a run at once even when the next
 * scheduled one is an hour away; a request during a run is not lost. */
static void
test_network_back_and_on_demand (Fixture       *f,
                                 gconstpointer  data)
{
  f->script.status = SOUP_STATUS_UNAUTHORIZED;   /* next run in an hour */
  bel_sync_scheduler_start (f->scheduler);
  wait_runs (f, 1, 5000);
  g_assert_cmpuint (bel_sync_scheduler_get_next_delay (f->scheduler), ==, 3600 * 1000);

  test_monitor_set (f->monitor, FALSE);
  g_assert_false (bel_sync_scheduler_get_running (f->scheduler));
  test_monitor_set (f->monitor, TRUE);
  g_assert_true (bel_sync_scheduler_get_running (f->scheduler));
  wait_runs (f, 2, 5000);

  bel_sync_scheduler_sync_now (f->scheduler);
  g_assert_true (bel_sync_scheduler_get_running (f->scheduler));
  bel_sync_scheduler_sync_now (f->scheduler);   /* during the run: one more after it */
  wait_runs (f, 4, 5000);
  g_assert_cmpuint (f->runs, ==, 4);
}

static void
store_result_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  *(GAsyncResult **)user_data = g_object_ref (result);
}

/* The server runs in this thread's main context, so the push must run there too (the _sync
 * variant would wait in a context of its own). */
static gboolean
push (Fixture        *f,
      BelPushResult  *out,
      GError        **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  bel_record_sender_push_async (f->sender, NULL, store_result_cb, &result);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);
  return bel_record_sender_push_finish (f->sender, result, out, error);
}

static void
add_records (Fixture *f,
             guint    n)
{
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(JsonObject) body = json_object_new ();
      g_autofree char *uuid = NULL;

      json_object_set_int_member (body, "n", i);
      uuid = bel_outbox_add (f->outbox, BEL_RECORD_KIND_SERVICE_VIEWED, body, NULL);
      g_assert_nonnull (uuid);
    }
}

/* A server that takes smaller requests than the kiosk sends: the kiosk halves its batches
 * until they fit, and delivers everything. */
static void
test_sender_halves_batches (Fixture       *f,
                            gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  BelPushResult result = { 0, };

  add_records (f, 9);   /* 10 with the fixture's own */
  f->script.status = SOUP_STATUS_OK;
  f->script.max_records = 3;

  g_assert_true (push (f, &result, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (result.stored, ==, 10);
  g_assert_cmpuint (result.set_aside, ==, 0);
  g_assert_cmpint (bel_outbox_count_pending (f->outbox, NULL), ==, 0);
}

/* A single record that no batch size gets through is set aside, not retried for ever. */
static void
test_sender_sets_aside_oversized (Fixture       *f,
                                  gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  BelPushResult result = { 0, };

  f->script.status = SOUP_STATUS_REQUEST_ENTITY_TOO_LARGE;
  g_assert_true (push (f, &result, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (result.set_aside, ==, 1);
  g_assert_cmpint (bel_outbox_count_pending (f->outbox, NULL), ==, 0);
  g_assert_cmpint (bel_outbox_count_set_aside (f->outbox, NULL), ==, 1);
}

/* A server that says 200 but lists nothing must not keep the kiosk sending in a loop, and
 * the kiosk deletes nothing. */
static void
test_sender_stops_when_nothing_acknowledged (Fixture       *f,
                                             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  BelPushResult result = { 0, };

  f->script.status = SOUP_STATUS_OK;
  f->script.ack_nothing = TRUE;
  g_assert_false (push (f, &result, &error));
  g_assert_error (error, BEL_SYNC_ERROR, BEL_SYNC_ERROR_SERVER_ERROR);
  g_assert_cmpuint (f->script.requests, ==, 1);
  g_assert_cmpuint (result.stored, ==, 0);
  g_assert_cmpint (bel_outbox_count_pending (f->outbox, NULL), ==, 1);
}

/* A server that answers with more than the kiosk will read is an error, and deletes nothing. */
static void
test_sender_caps_answers (Fixture       *f,
                          gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  BelPushResult result = { 0, };

  f->script.status = SOUP_STATUS_OK;
  f->script.huge_answer = TRUE;
  g_assert_false (push (f, &result, &error));
  g_assert_error (error, BEL_SYNC_ERROR, BEL_SYNC_ERROR_SERVER_ERROR);
  g_assert_cmpint (bel_outbox_count_pending (f->outbox, NULL), ==, 1);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/scheduler/backoff-after-server-errors", Fixture, NULL,
              fixture_set_up, test_backoff_after_server_errors, fixture_tear_down);
  g_test_add ("/scheduler/retry-after", Fixture, NULL,
              fixture_set_up, test_retry_after, fixture_tear_down);
  g_test_add ("/scheduler/rejected-token-not-hammered", Fixture, NULL,
              fixture_set_up, test_rejected_token_not_hammered, fixture_tear_down);
  g_test_add ("/scheduler/network-back-and-on-demand", Fixture, NULL,
              fixture_set_up, test_network_back_and_on_demand, fixture_tear_down);

  g_test_add ("/sender/halves-batches", Fixture, NULL,
              fixture_set_up, test_sender_halves_batches, fixture_tear_down);
  g_test_add ("/sender/sets-aside-oversized", Fixture, NULL,
              fixture_set_up, test_sender_sets_aside_oversized, fixture_tear_down);
  g_test_add ("/sender/stops-when-nothing-acknowledged", Fixture, NULL,
              fixture_set_up, test_sender_stops_when_nothing_acknowledged, fixture_tear_down);

  g_test_add ("/sender/caps-answers", Fixture, NULL,
              fixture_set_up, test_sender_caps_answers, fixture_tear_down);

  return g_test_run ();
}
