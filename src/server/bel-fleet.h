/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <json-glib/json-glib.h>

#include "bel-database.h"

G_BEGIN_DECLS

/* The server's record of the fleet: the enrolled kiosks (a name and the SHA-256 of a token that
 * only the kiosk knows), what each said in its last heartbeat, and the records they sent, each
 * UUID stored once. Used by beledci-server (bel-server-records.c) and by `beledci-admin kiosk
 * ... --data-dir` on the server machine. The tables live in the server's database next to
 * whatever else the server keeps; their schema version is kept in the "server_schema" table
 * under the component "fleet", so it never collides with the kiosk's PRAGMA user_version. */

#define BEL_FLEET_ERROR (bel_fleet_error_quark ())
GQuark bel_fleet_error_quark (void);

typedef enum {
  BEL_FLEET_ERROR_UNAUTHORIZED,   /* no token, an unknown token or a revoked kiosk */
  BEL_FLEET_ERROR_INVALID,        /* a request or a name that breaks the rules */
  BEL_FLEET_ERROR_EXISTS,         /* `kiosk add` for a name that is taken */
  BEL_FLEET_ERROR_NOT_FOUND,      /* no kiosk by that name */
} BelFleetError;

/* Tokens are 32 random bytes, base64url-encoded after this prefix (so secret scanners can
 * spot a leaked one). */
#define BEL_FLEET_TOKEN_PREFIX   "belk_"
#define BEL_FLEET_MAX_NAME_LEN   64

#define BEL_TYPE_FLEET (bel_fleet_get_type ())
G_DECLARE_FINAL_TYPE (BelFleet, bel_fleet, BEL, FLEET, GObject)

/* Creates or upgrades the fleet's tables in @database. */
BelFleet    *bel_fleet_new               (BelDatabase  *database,
                                          GError      **error);
BelDatabase *bel_fleet_get_database      (BelFleet     *self);

/* Enrols a kiosk and returns its token, which is never stored: show it once. With
 * @new_token an existing kiosk (revoked or not) gets a fresh token instead and its old one
 * stops working. */
char        *bel_fleet_add_kiosk         (BelFleet     *self,
                                          const char   *name,
                                          gboolean      new_token,
                                          GError      **error);
gboolean     bel_fleet_revoke_kiosk      (BelFleet     *self,
                                          const char   *name,
                                          GError      **error);
/* Checks a kiosk's token (in constant time) and returns the kiosk's id, or -1 with
 * BEL_FLEET_ERROR_UNAUTHORIZED. */
gint64       bel_fleet_authenticate      (BelFleet     *self,
                                          const char   *token,
                                          GError      **error);

/* Stores a batch of records for a kiosk, in one transaction, and sets @response to the
 * protocol's answer: "stored" (every UUID of the batch that the server now holds) and
 * "rejected" (each refused UUID with a status and a reason). Returns the HTTP status: 200,
 * 409 if some UUID is held with another body, 422 if some record is invalid; or 0 with @error
 * set when the database failed and nothing was stored. */
guint        bel_fleet_store_records     (BelFleet     *self,
                                          gint64        kiosk_id,
                                          JsonArray    *records,
                                          JsonNode    **response,
                                          GError      **error);
/* The same inside a transaction the caller holds (bel_database_begin()), so that several
 * batches share one commit. On failure (0) the caller must roll back. */
guint        bel_fleet_store_records_in_transaction (BelFleet     *self,
                                          gint64        kiosk_id,
                                          JsonArray    *records,
                                          JsonNode    **response,
                                          GError      **error);
/* Updates the kiosk's row from a heartbeat; @server_now_ms is the server's clock when the
 * heartbeat arrived (g_get_real_time () / 1000). */
gboolean     bel_fleet_heartbeat         (BelFleet     *self,
                                          gint64        kiosk_id,
                                          JsonObject   *heartbeat,
                                          gint64        server_now_ms,
                                          GError      **error);

/* Every kiosk, by name, as the protocol's fleet object: {"server_time": ..., "kiosks": [...]}
 * (docs/sync-protocol.md). */
JsonNode    *bel_fleet_to_json           (BelFleet     *self,
                                          GError      **error);

/* How many records the server holds, all kiosks together (for tests and benchmarks). */
gint64       bel_fleet_count_records     (BelFleet     *self,
                                          GError      **error);

/* Helpers shared with the HTTP side. */
gboolean     bel_fleet_name_is_valid     (const char   *name);
/* The token in an "Authorization: Bearer TOKEN" header value, or NULL. */
char        *bel_fleet_parse_bearer      (const char   *authorization);
/* SHA-256 of @token as lower-case hex (the form the server config keeps the admin token in). */
char        *bel_fleet_hash_token_hex    (const char   *token);
/* Compares @token with a hex SHA-256 in constant time. */
gboolean     bel_fleet_token_matches_hex (const char   *token,
                                          const char   *hash_hex);
/* A new random token (BEL_FLEET_TOKEN_PREFIX + 43 characters). */
char        *bel_fleet_generate_token    (void);

G_END_DECLS
