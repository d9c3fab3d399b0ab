/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <libsoup/soup.h>

#include "bel-fleet.h"

G_BEGIN_DECLS

/* The records side of beledci-server (docs/sync-protocol.md, sections 2.4, 2.5 and 2.8):
 * POST /v1/records, POST /v1/heartbeat, and the operator's GET /v1/fleet, POST /v1/kiosks and
 * POST /v1/kiosks/NAME/revoke.
 *
 * Tokens are checked on the main thread as soon as a request's headers are in. Records and
 * heartbeats are then paused and handed to a writer thread with a database connection of its
 * own, which parses them and commits everything that is waiting in one transaction (group
 * commit); each request is answered once its transaction is on disk. */

#define BEL_RECORDS_MAX_HEARTBEAT_SIZE  (16 * 1024)
#define BEL_RECORDS_MAX_ADMIN_SIZE      (16 * 1024)
#define BEL_RECORDS_MAX_DEPTH           16

#define BEL_TYPE_SERVER_RECORDS (bel_server_records_get_type ())
G_DECLARE_FINAL_TYPE (BelServerRecords, bel_server_records, BEL, SERVER_RECORDS, GObject)

/* @admin_token_sha256 is the hex SHA-256 of the operator's admin token (the server config's
 * admin-token-sha256), or NULL to switch the admin endpoints off (they answer 403). */
BelServerRecords *bel_server_records_new    (BelFleet         *fleet,
                                             const char       *admin_token_sha256);
/* Adds the handlers to @server; they hold a reference to @self until the server is finalized. */
void              bel_server_records_attach (BelServerRecords *self,
                                             SoupServer       *server);
BelFleet         *bel_server_records_get_fleet (BelServerRecords *self);

G_END_DECLS
