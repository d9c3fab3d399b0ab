/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "bel-sync-scheduler"

#include "config.h"

#include "bel-sync-scheduler.h"

#include "bel-sync-status.h"

struct _BelSyncScheduler
{
  GObject          parent_instance;

  BelSyncClient   *client;
  BelRecordSender *sender;
  GNetworkMonitor *monitor;
  gulong           network_handler;
  gboolean         network_available;
  GSettings       *settings;

  guint            interval_s;
  guint64          backoff_base_ms;
  guint64          backoff_cap_ms;

  gboolean         started;
  gboolean         running;
  gboolean         rerun;
  guint            timeout_id;
  GCancellable    *cancellable;

  /* The run in progress. */
  GError          *first_error;
  gboolean         transient;
  guint            retry_after;

  guint            failures;
  guint64          next_delay_ms;
};

G_DEFINE_FINAL_TYPE (BelSyncScheduler, bel_sync_scheduler, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_RUNNING,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum {
  RUN_FINISHED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

guint64
bel_sync_backoff_bound (guint   attempt,
                        guint64 base_ms,
                        guint64 cap_ms)
{
  if (base_ms == 0 || base_ms >= cap_ms)
    return cap_ms;
  /* base × 2^attempt > cap, computed without overflowing. */
  if (attempt >= 63 || base_ms > (cap_ms >> attempt))
    return cap_ms;
  return MIN (cap_ms, base_ms << attempt);
}

guint64
bel_sync_backoff_delay (guint   attempt,
                        guint64 base_ms,
                        guint64 cap_ms,
                        double  random)
{
  guint64 bound = bel_sync_backoff_bound (attempt, base_ms, cap_ms);
  guint64 delay;

  random = CLAMP (random, 0.0, 1.0);
  delay = (guint64)(random * ((double)bound + 1.0));
  return MIN (delay, bound);
}

gboolean
bel_sync_error_is_transient (BelSyncError code)
{
  switch (code)
    {
    case BEL_SYNC_ERROR_NO_NETWORK:
    case BEL_SYNC_ERROR_SERVER_UNREACHABLE:
    case BEL_SYNC_ERROR_SERVER_ERROR:
    case BEL_SYNC_ERROR_CONNECTION_LOST:
    case BEL_SYNC_ERROR_DISK_FULL:
    case BEL_SYNC_ERROR_LOCAL:
      return TRUE;
    case BEL_SYNC_ERROR_REJECTED_TOKEN:
    case BEL_SYNC_ERROR_REJECTED_RECORDS:
    case BEL_SYNC_ERROR_BAD_SIGNATURE:
    case BEL_SYNC_ERROR_ROLLBACK:
    case BEL_SYNC_ERROR_EXPIRED:
    case BEL_SYNC_ERROR_HASH_MISMATCH:
    case BEL_SYNC_ERROR_TOO_LARGE:
    case BEL_SYNC_ERROR_MALFORMED:
    case BEL_SYNC_ERROR_NOT_CONFIGURED:
    default:
      return FALSE;
    }
}

static void schedule (BelSyncScheduler *self,
                      guint64           delay_ms);
static void start_run (BelSyncScheduler *self);

static void
bel_sync_scheduler_dispose (GObject *object)
{
  BelSyncScheduler *self = (BelSyncScheduler *)object;

  g_cancellable_cancel (self->cancellable);
  g_clear_handle_id (&self->timeout_id, g_source_remove);
  g_clear_signal_handler (&self->network_handler, self->monitor);
  g_clear_object (&self->monitor);
  g_clear_object (&self->settings);
  g_clear_object (&self->client);
  g_clear_object (&self->sender);
  g_clear_object (&self->cancellable);

  G_OBJECT_CLASS (bel_sync_scheduler_parent_class)->dispose (object);
}

static void
bel_sync_scheduler_finalize (GObject *object)
{
  BelSyncScheduler *self = (BelSyncScheduler *)object;

  g_clear_error (&self->first_error);

  G_OBJECT_CLASS (bel_sync_scheduler_parent_class)->finalize (object);
}

static void
bel_sync_scheduler_get_property (GObject    *object,
                                 guint       prop_id,
                                 GValue     *value,
                                 GParamSpec *pspec)
{
  BelSyncScheduler *self = BEL_SYNC_SCHEDULER (object);

  switch (prop_id)
    {
    case PROP_RUNNING:
      g_value_set_boolean (value, self->running);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
bel_sync_scheduler_class_init (BelSyncSchedulerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = bel_sync_scheduler_dispose;
  object_class->finalize = bel_sync_scheduler_finalize;
  object_class->get_property = bel_sync_scheduler_get_property;

  properties[PROP_RUNNING] =
    g_param_spec_boolean ("running", NULL, NULL,
                          FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * BelSyncScheduler::run-finished:
   * @error: (nullable): the run's first failure, or %NULL if it all went through
   *
   * Emitted after each run, once the next one is scheduled.
   */
  signals[RUN_FINISHED] =
    g_signal_new ("run-finished",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_ERROR);
}

static void
bel_sync_scheduler_init (BelSyncScheduler *self)
{
  self->interval_s = BEL_SYNC_DEFAULT_INTERVAL;
  self->backoff_base_ms = BEL_SYNC_DEFAULT_BACKOFF_BASE;
  self->backoff_cap_ms = BEL_SYNC_DEFAULT_BACKOFF_CAP * 1000;
  self->network_available = TRUE;
}

BelSyncScheduler *
bel_sync_scheduler_new (BelSyncClient   *client,
                        BelRecordSender *sender)
{
  BelSyncScheduler *self;

  g_return_val_if_fail (client == NULL || BEL_IS_SYNC_CLIENT (client), NULL);
  g_return_val_if_fail (BEL_IS_RECORD_SENDER (sender), NULL);

  self = g_object_new (BEL_TYPE_SYNC_SCHEDULER, NULL);
  if (client != NULL)
    self->client = g_object_ref (client);
  self->sender = g_object_ref (sender);
  return self;
}

static void
settings_changed_cb (BelSyncScheduler *self,
                     const char       *key,
                     GSettings        *settings)
{
  guint interval = g_settings_get_uint (settings, "sync-interval");
  guint cap = g_settings_get_uint (settings, "sync-backoff-cap");
  g_autofree char *server_url = g_settings_get_string (settings, "server-url");
  g_autofree char *token = g_settings_get_string (settings, "kiosk-token");

  bel_sync_scheduler_set_interval (self, interval);
  bel_sync_scheduler_set_backoff (self, self->backoff_base_ms, (guint64)cap * 1000);
  bel_record_sender_set_server (self->sender, server_url, token);
}

void
bel_sync_scheduler_bind_settings (BelSyncScheduler *self,
                                  GSettings        *settings)
{
  g_return_if_fail (BEL_IS_SYNC_SCHEDULER (self));
  g_return_if_fail (G_IS_SETTINGS (settings));

  g_set_object (&self->settings, settings);
  g_signal_connect_object (settings, "changed::sync-interval",
                           G_CALLBACK (settings_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (settings, "changed::sync-backoff-cap",
                           G_CALLBACK (settings_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (settings, "changed::server-url",
                           G_CALLBACK (settings_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (settings, "changed::kiosk-token",
                           G_CALLBACK (settings_changed_cb), self, G_CONNECT_SWAPPED);
  settings_changed_cb (self, NULL, settings);
}

void
bel_sync_scheduler_set_interval (BelSyncScheduler *self,
                                 guint             seconds)
{
  g_return_if_fail (BEL_IS_SYNC_SCHEDULER (self));

  seconds = MAX (seconds, 1);
  if (seconds == self->interval_s)
    return;
  self->interval_s = seconds;

  /* A shorter interval should not wait out the old, longer one. */
  if (self->started && !self->running && self->failures == 0 &&
      self->next_delay_ms > (guint64)seconds * 1000)
    schedule (self, (guint64)seconds * 1000);
}

void
bel_sync_scheduler_set_backoff (BelSyncScheduler *self,
                                guint64           base_ms,
                                guint64           cap_ms)
{
  g_return_if_fail (BEL_IS_SYNC_SCHEDULER (self));

  self->backoff_cap_ms = MAX (cap_ms, 1);
  self->backoff_base_ms = MIN (MAX (base_ms, 1), self->backoff_cap_ms);
}

static void
network_changed_cb (BelSyncScheduler *self,
                    gboolean          available,
                    GNetworkMonitor  *monitor)
{
  gboolean came_back = available && !self->network_available;

  self->network_available = available;
  if (came_back && self->started)
    {
      g_debug ("The network came back: syncing now");
      self->failures = 0;
      bel_sync_scheduler_sync_now (self);
    }
}

void
bel_sync_scheduler_set_network_monitor (BelSyncScheduler *self,
                                        GNetworkMonitor  *monitor)
{
  g_return_if_fail (BEL_IS_SYNC_SCHEDULER (self));
  g_return_if_fail (monitor == NULL || G_IS_NETWORK_MONITOR (monitor));

  g_clear_signal_handler (&self->network_handler, self->monitor);
  g_set_object (&self->monitor, monitor);
  if (monitor != NULL)
    {
      self->network_available = g_network_monitor_get_network_available (monitor);
      self->network_handler = g_signal_connect_object (monitor, "network-changed",
                                                       G_CALLBACK (network_changed_cb), self,
                                                       G_CONNECT_SWAPPED);
    }
}

static gboolean
timeout_cb (gpointer user_data)
{
  BelSyncScheduler *self = user_data;

  self->timeout_id = 0;
  start_run (self);
  return G_SOURCE_REMOVE;
}

static void
schedule (BelSyncScheduler *self,
          guint64           delay_ms)
{
  g_clear_handle_id (&self->timeout_id, g_source_remove);
  self->next_delay_ms = delay_ms;
  self->timeout_id = g_timeout_add_full (G_PRIORITY_DEFAULT, (guint)MIN (delay_ms, G_MAXUINT),
                                         timeout_cb, self, NULL);
  g_debug ("Next sync in %" G_GUINT64_FORMAT " ms", delay_ms);
}

static void
set_running (BelSyncScheduler *self,
             gboolean          running)
{
  if (self->running == running)
    return;
  self->running = running;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RUNNING]);
}

/* Keeps the first failure of a run, and whether any failure calls for backoff. */
static void
note_failure (BelSyncScheduler *self,
              GError           *error)
{
  BelSyncError code = bel_sync_error_categorize (error);

  g_debug ("Sync step failed [%s]: %s", bel_sync_error_to_string (code), error->message);
  if (bel_sync_error_is_transient (code))
    self->transient = TRUE;
  if (self->first_error == NULL)
    self->first_error = g_error_new (BEL_SYNC_ERROR, code, "%s", error->message);
  self->retry_after = MAX (self->retry_after, bel_record_sender_get_retry_after (self->sender));
}

static void
finish_run (BelSyncScheduler *self)
{
  g_autoptr(GError) error = g_steal_pointer (&self->first_error);
  guint64 delay_ms;

  if (error == NULL)
    {
      self->failures = 0;
      delay_ms = (guint64)self->interval_s * 1000;
    }
  else if (self->transient)
    {
      delay_ms = bel_sync_backoff_delay (self->failures, self->backoff_base_ms,
                                         self->backoff_cap_ms, g_random_double ());
      self->failures++;
      delay_ms = MAX (delay_ms, (guint64)self->retry_after * 1000);
    }
  else
    {
      /* Waiting seconds will not mend it: try again, but only at the regular pace. */
      self->failures = 0;
      delay_ms = MAX ((guint64)self->interval_s * 1000, (guint64)self->retry_after * 1000);
    }

  set_running (self, FALSE);
  g_clear_object (&self->cancellable);

  if (self->rerun)
    {
      /* Asked for while this run was going: the server may already have answered what it
       * could, but the request deserves a run of its own. Still respect Retry-After. */
      self->rerun = FALSE;
      delay_ms = (guint64)self->retry_after * 1000;
    }
  schedule (self, delay_ms);

  g_signal_emit (self, signals[RUN_FINISHED], 0, error);
}

/* One run's callbacks carry the scheduler and that run's cancellable: after a stop (or a new
 * run) a late callback of the old run finds its cancellable cancelled and does nothing. */
typedef struct {
  BelSyncScheduler *self;
  GCancellable     *cancellable;
} Run;

static void
run_free (Run *run)
{
  g_object_unref (run->self);
  g_object_unref (run->cancellable);
  g_free (run);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Run, run_free)

static Run *
run_ref_new (BelSyncScheduler *self)
{
  Run *run = g_new0 (Run, 1);

  run->self = g_object_ref (self);
  run->cancellable = g_object_ref (self->cancellable);
  return run;
}

static gboolean
run_is_over (Run    *run,
             GError *error)
{
  return g_cancellable_is_cancelled (run->cancellable) ||
         g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
}

static void
heartbeat_done_cb (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(Run) run = user_data;
  g_autoptr(GError) error = NULL;
  gboolean ok;

  ok = bel_record_sender_send_heartbeat_finish (BEL_RECORD_SENDER (source), result, &error);
  if (run_is_over (run, error))
    return;
  if (!ok)
    note_failure (run->self, error);
  finish_run (run->self);
}

static void
push_done_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(Run) run = user_data;
  g_autoptr(GError) error = NULL;
  BelPushResult pushed = { 0, };
  BelRecordSender *sender;
  GCancellable *cancellable;
  gboolean ok;

  ok = bel_record_sender_push_finish (BEL_RECORD_SENDER (source), result, &pushed, &error);
  if (run_is_over (run, error))
    return;
  if (!ok)
    note_failure (run->self, error);
  g_debug ("Records: %u stored, %u set aside, in %u requests",
           pushed.stored, pushed.set_aside, pushed.batches);

  /* The heartbeat goes out even after a failure: it is how the operator learns of it. (The
   * arguments are read before the run is handed over: C leaves their order open.) */
  sender = run->self->sender;
  cancellable = run->cancellable;
  bel_record_sender_send_heartbeat_async (sender, cancellable, heartbeat_done_cb,
                                          g_steal_pointer (&run));
}

static void
content_done_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(Run) run = user_data;
  g_autoptr(GError) error = NULL;
  BelRecordSender *sender;
  GCancellable *cancellable;
  gboolean ok;

  ok = bel_sync_client_sync_content_finish (BEL_SYNC_CLIENT (source), result, NULL, &error);
  if (run_is_over (run, error))
    return;
  /* PENDING (a run started elsewhere in this process) and BUSY (another process syncs this
   * data directory) are not failures: someone else is doing the work. */
  if (!ok && !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_PENDING) &&
      !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_BUSY))
    note_failure (run->self, error);

  sender = run->self->sender;
  cancellable = run->cancellable;
  bel_record_sender_push_async (sender, cancellable, push_done_cb, g_steal_pointer (&run));
}

/* The hourly "heartbeat" record: the kiosk was up this hour, with this content. It goes
 * through the outbox like any record, so the hours a kiosk was up are counted even when it
 * was offline at the time. */
static void
record_uptime (BelSyncScheduler *self)
{
  BelOutbox *outbox = bel_record_sender_get_outbox (self->sender);
  g_autoptr(BelSyncStatus) status = NULL;
  g_autoptr(GError) error = NULL;

  status = bel_sync_status_load (bel_outbox_get_database (outbox), &error);
  if (status == NULL ||
      !bel_outbox_record_heartbeat (outbox, status->revision, &error))
    g_warning ("Could not record that the kiosk is up: %s", error->message);
}

static void
start_run (BelSyncScheduler *self)
{
  g_assert (!self->running);

  g_clear_handle_id (&self->timeout_id, g_source_remove);
  g_clear_error (&self->first_error);
  self->transient = FALSE;
  self->retry_after = 0;
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  set_running (self, TRUE);

  g_debug ("Sync run starting");
  record_uptime (self);
  if (self->client != NULL)
    bel_sync_client_sync_content_async (self->client, self->cancellable, content_done_cb,
                                        run_ref_new (self));
  else
    bel_record_sender_push_async (self->sender, self->cancellable, push_done_cb,
                                  run_ref_new (self));
}

void
bel_sync_scheduler_start (BelSyncScheduler *self)
{
  g_return_if_fail (BEL_IS_SYNC_SCHEDULER (self));

  if (self->started)
    return;
  self->started = TRUE;
  if (self->monitor == NULL)
    bel_sync_scheduler_set_network_monitor (self, g_network_monitor_get_default ());
  start_run (self);
}

void
bel_sync_scheduler_stop (BelSyncScheduler *self)
{
  g_return_if_fail (BEL_IS_SYNC_SCHEDULER (self));

  self->started = FALSE;
  self->rerun = FALSE;
  g_clear_handle_id (&self->timeout_id, g_source_remove);
  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  set_running (self, FALSE);
}

void
bel_sync_scheduler_sync_now (BelSyncScheduler *self)
{
  g_return_if_fail (BEL_IS_SYNC_SCHEDULER (self));

  if (!self->started)
    {
      bel_sync_scheduler_start (self);
      return;
    }
  if (self->running)
    self->rerun = TRUE;
  else
    start_run (self);
}

gboolean
bel_sync_scheduler_get_running (BelSyncScheduler *self)
{
  g_return_val_if_fail (BEL_IS_SYNC_SCHEDULER (self), FALSE);

  return self->running;
}

guint
bel_sync_scheduler_get_failures (BelSyncScheduler *self)
{
  g_return_val_if_fail (BEL_IS_SYNC_SCHEDULER (self), 0);

  return self->failures;
}

guint64
bel_sync_scheduler_get_next_delay (BelSyncScheduler *self)
{
  g_return_val_if_fail (BEL_IS_SYNC_SCHEDULER (self), 0);

  return self->next_delay_ms;
}
