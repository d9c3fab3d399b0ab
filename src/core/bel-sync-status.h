/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <json-glib/json-glib.h>

#include "bel-database.h"

G_BEGIN_DECLS

/* The kiosk's honest sync status (docs/sync-protocol.md, section 3): which bundle revision its
 * content comes from, when it last synced, how many records wait, and why the last attempt
 * failed. Kept in the table sync_state; shown by the kiosk, printed by `beledci --status` and
 * sent in the heartbeat. */

/* Why a sync failed: one category an operator understands. The codes of BEL_SYNC_ERROR are
 * the categories, so any sync function's GError says which one it is. */
#define BEL_SYNC_ERROR (bel_sync_error_quark ())
GQuark bel_sync_error_quark (void);

typedef enum {
  BEL_SYNC_ERROR_NO_NETWORK,
  BEL_SYNC_ERROR_SERVER_UNREACHABLE,
  BEL_SYNC_ERROR_SERVER_ERROR,
  BEL_SYNC_ERROR_CONNECTION_LOST,
  BEL_SYNC_ERROR_REJECTED_TOKEN,
  BEL_SYNC_ERROR_REJECTED_RECORDS,
  BEL_SYNC_ERROR_BAD_SIGNATURE,
  BEL_SYNC_ERROR_ROLLBACK,
  BEL_SYNC_ERROR_EXPIRED,
  BEL_SYNC_ERROR_HASH_MISMATCH,
  BEL_SYNC_ERROR_TOO_LARGE,
  BEL_SYNC_ERROR_MALFORMED,
  BEL_SYNC_ERROR_DISK_FULL,
  BEL_SYNC_ERROR_LOCAL,
  BEL_SYNC_ERROR_NOT_CONFIGURED,
} BelSyncError;

#define BEL_SYNC_ERROR_N_CATEGORIES (BEL_SYNC_ERROR_NOT_CONFIGURED + 1)

/* "no-network", "bad-signature", ... (stable identifiers, as in the protocol). */
const char   *bel_sync_error_to_string   (BelSyncError   code);
gboolean      bel_sync_error_from_string (const char    *str,
                                          BelSyncError  *out);
/* A short translated sentence for the operator: "The server did not answer". */
const char   *bel_sync_error_describe    (BelSyncError   code);
/* The category of any error a sync run can meet (a BEL_SYNC_ERROR's own code, a signature,
 * manifest, database or I/O error). Cancellation is not a failure: do not record it. */
BelSyncError  bel_sync_error_categorize  (const GError  *error);

typedef struct {
  /* The bundle the content comes from; revision 0 is the content that shipped. */
  gint64        revision;
  gint64        published;          /* unix time, 0 if unknown */
  char         *channel;
  char         *manifest_sha256;
  char         *etag;
  gint64        time_floor;         /* unix time; never decreases */
  gint64        content_checked;    /* last run that found the content current, 0 = never */

  gboolean      has_content_error;
  BelSyncError  content_error;
  char         *content_error_message;
  gint64        content_error_time;

  gint64        records_success;    /* 0 = never */
  gboolean      has_records_error;
  BelSyncError  records_error;
  char         *records_error_message;
  gint64        records_error_time;

  gint64        pending_records;    /* -1 when the database has no outbox */
} BelSyncStatus;

BelSyncStatus *bel_sync_status_load         (BelDatabase    *db,
                                             GError        **error);
void           bel_sync_status_free         (BelSyncStatus  *status);
/* The most recent of the content and records errors; FALSE if neither is set. */
gboolean       bel_sync_status_get_last_error (const BelSyncStatus *status,
                                             BelSyncError   *out_code,
                                             const char    **out_message,
                                             gint64         *out_time);
/* The object `beledci --status --json` prints (docs/sync-protocol.md, 3.4). */
JsonNode      *bel_sync_status_to_json      (const BelSyncStatus *status);
/* A few translated lines for people. */
char          *bel_sync_status_to_text      (const BelSyncStatus *status);

/* Writers. Each is one statement, so each is atomic on its own; bel_sync_status_set_applied
 * must run inside the transaction that swaps the content in. */

/* Records a content failure (and raises the time floor to @time_floor if that is later; pass 0
 * to leave it). */
gboolean       bel_sync_status_record_content_error (BelDatabase  *db,
                                             const GError   *failure,
                                             gint64          now,
                                             gint64          time_floor,
                                             GError        **error);
/* A run found the content current: clears the content error. Writes to the database only if
 * there was an error to clear; otherwise touches the file "sync-checked" next to it. */
gboolean       bel_sync_status_record_content_current (BelDatabase *db,
                                             gint64          now,
                                             GError        **error);
/* New content was swapped in (call inside the same transaction). */
gboolean       bel_sync_status_set_applied  (BelDatabase    *db,
                                             gint64          revision,
                                             gint64          published,
                                             const char     *channel,
                                             const char     *manifest_sha256,
                                             const char     *etag,
                                             gint64          now,
                                             GError        **error);
/* Raises the time floor if @time_floor is later. */
gboolean       bel_sync_status_raise_time_floor (BelDatabase *db,
                                             gint64          time_floor,
                                             GError        **error);
/* For the records half: a batch went through, or failed. */
gboolean       bel_sync_status_record_records_success (BelDatabase *db,
                                             gint64          now,
                                             GError        **error);
gboolean       bel_sync_status_record_records_error (BelDatabase  *db,
                                             const GError   *failure,
                                             gint64          now,
                                             GError        **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (BelSyncStatus, bel_sync_status_free)

G_END_DECLS
