/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <libsoup/soup.h>

#include "bel-database.h"

G_BEGIN_DECLS

/* beledci-server: serves the published bundle (docs/sync-protocol.md, 2.1 to 2.3), holds the
 * server's database, and keeps every connection within limits (2.6): request bodies over
 * max-body-size get 413 before they are read, and connections that stay silent too long are
 * cut. The records half (bel-server-records.c) adds its handlers to the same SoupServer. */

#define BEL_SERVER_DEFAULT_MAX_BODY_SIZE   (2 * 1024 * 1024)
#define BEL_SERVER_DEFAULT_HEADER_TIMEOUT  10    /* seconds */
#define BEL_SERVER_DEFAULT_IDLE_TIMEOUT    30    /* seconds */
#define BEL_SERVER_DATABASE_NAME           "server.db"

typedef struct {
  const char *data_dir;             /* the database; NULL: the current directory */
  const char *bundle_dir;           /* NULL: DATA_DIR/bundle */
  gsize       max_body_size;        /* 0: the default */
  guint       header_timeout;       /* 0: the default */
  guint       idle_timeout;         /* 0: the default */
  const char *admin_token_sha256;   /* the operator endpoints' token hash, or NULL */
} BelServerOptions;

#define BEL_TYPE_SERVER (bel_server_get_type ())
G_DECLARE_FINAL_TYPE (BelServer, bel_server, BEL, SERVER, GObject)

BelServer   *bel_server_new              (const BelServerOptions *options,
                                          GError                **error);
/* Listens on @address (an IP address) and @port (0 picks a free one). */
gboolean     bel_server_listen           (BelServer              *self,
                                          const char             *address,
                                          guint                   port,
                                          GError                **error);
/* The port listened on (after bel_server_listen()). */
guint        bel_server_get_port         (BelServer              *self);
SoupServer  *bel_server_get_soup_server  (BelServer              *self);
BelDatabase *bel_server_get_database     (BelServer              *self);
const char  *bel_server_get_bundle_dir   (BelServer              *self);

G_END_DECLS
