/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "bel-record-sender.h"
#include "bel-sync-client.h"

G_BEGIN_DECLS

/* When the kiosk syncs (docs/sync-protocol.md, section 3.5). A run is: the content check
 * (BelSyncClient), then sending the outbox, then the heartbeat. Runs happen
 *
 *   - when the scheduler starts,
 *   - every sync-interval seconds after the last run (GSettings, default 900),
 *   - when GNetworkMonitor says the network came back,
 *   - on demand (bel_sync_scheduler_sync_now()).
 *
 * After a failure that may pass by itself (no network, server unreachable or failing, a cut
 * connection) the next run comes after an exponential backoff with full jitter, capped at
 * sync-backoff-cap seconds (default 600), and never sooner than the server's Retry-After.
 * After a failure that waiting a few seconds will not mend (a rejected token or batch, a bad
 * signature, a rollback...) the next run comes at the regular interval: the kiosk keeps
 * trying, but never hammers. The scheduler never stops for good.
 *
 * Each run also writes the hourly "heartbeat" record to the outbox (at most one an hour), so
 * that the hours a kiosk was up are counted even when it was offline. */

#define BEL_SYNC_DEFAULT_INTERVAL      900   /* seconds */
#define BEL_SYNC_DEFAULT_BACKOFF_BASE  5000  /* milliseconds: the first retry's upper bound */
#define BEL_SYNC_DEFAULT_BACKOFF_CAP   600   /* seconds */

/* Full jitter: a delay drawn uniformly from [0, min (@cap_ms, @base_ms × 2^@attempt)], where
 * @attempt counts the failures before this one (0 for the first retry) and @random is uniform
 * in [0, 1). Pure, for the tests. */
guint64 bel_sync_backoff_delay    (guint    attempt,
                                   guint64  base_ms,
                                   guint64  cap_ms,
                                   double   random);
/* The upper bound bel_sync_backoff_delay() draws from, without overflow. */
guint64 bel_sync_backoff_bound    (guint    attempt,
                                   guint64  base_ms,
                                   guint64  cap_ms);
/* Whether a failure of this category is worth retrying soon (with backoff) rather than at the
 * regular interval. */
gboolean bel_sync_error_is_transient (BelSyncError code);

#define BEL_TYPE_SYNC_SCHEDULER (bel_sync_scheduler_get_type ())
G_DECLARE_FINAL_TYPE (BelSyncScheduler, bel_sync_scheduler, BEL, SYNC_SCHEDULER, GObject)

/* @client may be NULL (records only). */
BelSyncScheduler *bel_sync_scheduler_new              (BelSyncClient    *client,
                                                       BelRecordSender  *sender);
/* Follows sync-interval, sync-backoff-cap, server-url and kiosk-token in @settings
 * (io.github.beledci.Kiosk); the content client reads its own (bel_sync_client_load_settings). */
void              bel_sync_scheduler_bind_settings    (BelSyncScheduler *self,
                                                       GSettings        *settings);
void              bel_sync_scheduler_set_interval     (BelSyncScheduler *self,
                                                       guint             seconds);
void              bel_sync_scheduler_set_backoff      (BelSyncScheduler *self,
                                                       guint64           base_ms,
                                                       guint64           cap_ms);
/* Defaults to g_network_monitor_get_default(); tests pass their own. */
void              bel_sync_scheduler_set_network_monitor (BelSyncScheduler *self,
                                                       GNetworkMonitor  *monitor);

/* Runs now, then keeps running on schedule until bel_sync_scheduler_stop(). */
void              bel_sync_scheduler_start            (BelSyncScheduler *self);
/* Cancels a run in progress and the schedule. */
void              bel_sync_scheduler_stop             (BelSyncScheduler *self);
/* Runs as soon as possible: now, or right after the run in progress. */
void              bel_sync_scheduler_sync_now         (BelSyncScheduler *self);

gboolean          bel_sync_scheduler_get_running      (BelSyncScheduler *self);
/* Failures in a row that were retried with backoff. */
guint             bel_sync_scheduler_get_failures     (BelSyncScheduler *self);
/* The delay chosen after the last run, in milliseconds (0 before the first run). */
guint64           bel_sync_scheduler_get_next_delay   (BelSyncScheduler *self);

G_END_DECLS
