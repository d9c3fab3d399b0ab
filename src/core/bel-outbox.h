/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <json-glib/json-glib.h>

#include "bel-database.h"

G_BEGIN_DECLS

/* The kiosk's outbox: anonymous records waiting to be sent to the central server.
 *
 * A record is written in the same SQLite transaction as whatever it reports, with a random
 * UUID, and is deleted only once the server has listed that UUID as stored. A power cut or a
 * lost response therefore never loses a record, and the server's once-per-UUID rule keeps a
 * record that is sent twice from being counted twice.
 *
 * Records carry no personal data: a record's time is kept to the hour, and no text a citizen
 * typed is ever stored (a search that found nothing keeps only its language and the rough
 * length of the query). */

/* The kinds of record. The server accepts any kind made of lower-case letters and dashes, so
 * a newer kiosk can add kinds before the server knows them. */
#define BEL_RECORD_KIND_HEARTBEAT         "heartbeat"
#define BEL_RECORD_KIND_SEARCH_NO_RESULTS "search-no-results"
#define BEL_RECORD_KIND_SERVICE_VIEWED    "service-viewed"
#define BEL_RECORD_KIND_ATTENDANCE        "attendance"
#define BEL_RECORD_KIND_ASSISTED_SESSION  "assisted-session"

/* Limits shared with the server (docs/sync-protocol.md). */
#define BEL_OUTBOX_MAX_BATCH      500    /* records in one POST /v1/records */
#define BEL_OUTBOX_MAX_BODY_SIZE  2048   /* bytes of a record's body, serialized */
#define BEL_OUTBOX_MAX_KIND_LEN   32

#define BEL_OUTBOX_ERROR (bel_outbox_error_quark ())
GQuark bel_outbox_error_quark (void);

typedef enum {
  BEL_OUTBOX_ERROR_INVALID,          /* a kind or body that breaks the rules above */
  BEL_OUTBOX_ERROR_NO_TRANSACTION,   /* bel_outbox_add_in_transaction() outside a transaction */
} BelOutboxError;

/* One record as it is sent. */
typedef struct {
  char *uuid;
  char *kind;
  char *created;   /* ISO 8601, UTC, to the hour: "2024-05-01T14:00:00Z" */
  char *body;      /* a JSON object, serialized */
} BelOutboxRecord;

void bel_outbox_record_free (BelOutboxRecord *record);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (BelOutboxRecord, bel_outbox_record_free)

#define BEL_TYPE_OUTBOX (bel_outbox_get_type ())
G_DECLARE_FINAL_TYPE (BelOutbox, bel_outbox, BEL, OUTBOX, GObject)

BelOutbox   *bel_outbox_new                  (BelDatabase  *database);
BelDatabase *bel_outbox_get_database         (BelOutbox    *self);

/* Writes a record in a transaction of its own. Returns its UUID (free it), or NULL with @error
 * set; nothing is written then. */
char        *bel_outbox_add                  (BelOutbox    *self,
                                              const char   *kind,
                                              JsonObject   *body,
                                              GError      **error);
/* The same, inside a transaction the caller opened with bel_database_begin() on the outbox's
 * database, so that the record commits or rolls back together with the caller's own writes. */
char        *bel_outbox_add_in_transaction   (BelOutbox    *self,
                                              const char   *kind,
                                              JsonObject   *body,
                                              GError      **error);

/* The oldest pending records, at most @max (capped at BEL_OUTBOX_MAX_BATCH), oldest first.
 * Returns a GPtrArray of BelOutboxRecord, or NULL with @error set. Records stay in the outbox
 * until bel_outbox_delete(). */
GPtrArray   *bel_outbox_peek                 (BelOutbox    *self,
                                              guint         max,
                                              GError      **error);
/* Deletes exactly the records whose UUIDs are listed (the ones the server stored), in one
 * transaction. UUIDs that are not in the outbox are ignored. @n_deleted may be NULL. */
gboolean     bel_outbox_delete               (BelOutbox          *self,
                                              const char * const *uuids,
                                              guint               n_uuids,
                                              guint              *n_deleted,
                                              GError            **error);
/* Sets a record aside that the server refused for good (a UUID it holds with another body, a
 * record it finds invalid): it is kept, counted and never sent again, so that it cannot block
 * the records behind it. */
gboolean     bel_outbox_set_aside            (BelOutbox    *self,
                                              const char   *uuid,
                                              const char   *reason,
                                              GError      **error);
/* Records waiting to be sent, and records set aside. -1 with @error set on failure. */
gint64       bel_outbox_count_pending        (BelOutbox    *self,
                                              GError      **error);
gint64       bel_outbox_count_set_aside      (BelOutbox    *self,
                                              GError      **error);

/* The records the kiosk makes. These build the body so that every caller keeps to the privacy
 * rules; each writes in a transaction of its own. */

/* A citizen opened a service's page. @service_id is the catalogue's id; @lang "az", "ru" or "en". */
gboolean     bel_outbox_record_service_viewed    (BelOutbox   *self,
                                                  const char  *service_id,
                                                  const char  *lang,
                                                  GError     **error);
/* A search found nothing. @query is used only to measure its length (in characters and words,
 * both rounded into buckets) and is never stored; @category_id, if not NULL, is the catalogue
 * category the citizen was browsing. */
gboolean     bel_outbox_record_search_no_results (BelOutbox   *self,
                                                  const char  *lang,
                                                  const char  *query,
                                                  const char  *category_id,
                                                  GError     **error);
/* The kiosk was up during this hour, with this content revision. At most one per hour: a
 * second call within the same hour writes nothing and returns TRUE. */
gboolean     bel_outbox_record_heartbeat         (BelOutbox   *self,
                                                  gint64       revision,
                                                  GError     **error);

/* The buckets bel_outbox_record_search_no_results() uses ("1-3", "4-7", "8-15", "16+"). */
const char  *bel_outbox_length_bucket            (const char  *query);

G_END_DECLS
