/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <libsoup/soup.h>

#include "bel-outbox.h"

G_BEGIN_DECLS

/* Sends the outbox to the central server (POST /v1/records) and tells the server how the kiosk
 * is (POST /v1/heartbeat); docs/sync-protocol.md, sections 2.4, 2.5 and 3.5.
 *
 * A push sends the oldest records in batches of up to BEL_OUTBOX_MAX_BATCH until the outbox is
 * empty, and deletes a record only once the server has listed its UUID as stored. It stops at
 * the first failure, with a BEL_SYNC_ERROR whose code is the category (bel-sync-status.h), and
 * records the outcome in the kiosk's sync status. A rejected token or a refused batch stops the
 * push instead of sending again; when to try again is the scheduler's business.
 *
 * Everything runs on the thread that calls it: the outbox's database connection is not shared
 * between threads, and its statements are small. */

typedef struct {
  guint batches;     /* requests that got an answer from the server */
  guint stored;      /* records the server listed as stored, deleted from the outbox */
  guint set_aside;   /* records the server refused for good, kept aside on the kiosk */
} BelPushResult;

#define BEL_TYPE_RECORD_SENDER (bel_record_sender_get_type ())
G_DECLARE_FINAL_TYPE (BelRecordSender, bel_record_sender, BEL, RECORD_SENDER, GObject)

/* @session may be NULL: the sender then makes its own (no proxy, 30 s I/O timeout). */
BelRecordSender *bel_record_sender_new              (BelOutbox        *outbox,
                                                     SoupSession      *session);
BelOutbox       *bel_record_sender_get_outbox       (BelRecordSender  *self);
/* Where to send, and this kiosk's token (the GSettings keys server-url and kiosk-token, or
 * `beledci --server`). Either may be NULL: sending then fails with "not-configured". */
void             bel_record_sender_set_server       (BelRecordSender  *self,
                                                     const char       *server_url,
                                                     const char       *token);

void             bel_record_sender_push_async       (BelRecordSender  *self,
                                                     GCancellable     *cancellable,
                                                     GAsyncReadyCallback callback,
                                                     gpointer          user_data);
/* @result (may be NULL) is filled in on failure too: a push that fails half-way has still
 * delivered what it counts. */
gboolean         bel_record_sender_push_finish      (BelRecordSender  *self,
                                                     GAsyncResult     *result,
                                                     BelPushResult    *out_result,
                                                     GError          **error);

/* The heartbeat the kiosk would send now: its sync status, outbox counts and clock. */
JsonObject      *bel_record_sender_build_heartbeat  (BelRecordSender  *self,
                                                     GError          **error);
/* Sends bel_record_sender_build_heartbeat(). */
void             bel_record_sender_send_heartbeat_async  (BelRecordSender  *self,
                                                          GCancellable     *cancellable,
                                                          GAsyncReadyCallback callback,
                                                          gpointer          user_data);
gboolean         bel_record_sender_send_heartbeat_finish (BelRecordSender  *self,
                                                          GAsyncResult     *result,
                                                          GError          **error);

/* The same two, blocking: they run a main context of their own until done (for `beledci
 * --sync-once`, cron and tests). Call them from the thread that owns the outbox's database. */
gboolean         bel_record_sender_push_sync        (BelRecordSender  *self,
                                                     GCancellable     *cancellable,
                                                     BelPushResult    *out_result,
                                                     GError          **error);
gboolean         bel_record_sender_send_heartbeat_sync (BelRecordSender *self,
                                                     GCancellable     *cancellable,
                                                     GError          **error);

/* After a failure: the seconds the server asked the kiosk to wait (Retry-After), or 0. */
guint            bel_record_sender_get_retry_after  (BelRecordSender  *self);

/* Parses a Retry-After value (seconds, or an HTTP date relative to @now_unix); 0 if absent
 * or unparsable. Capped at a day, so a hostile server cannot silence a kiosk for longer. */
guint            bel_parse_retry_after              (const char       *value,
                                                     gint64            now_unix);

G_END_DECLS
