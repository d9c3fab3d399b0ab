/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "bel-minisign.h"
#include "bel-sync-status.h"

G_BEGIN_DECLS

/* The kiosk's side of content sync (docs/sync-protocol.md, 1.4): one run fetches the manifest
 * with a conditional GET, checks it, downloads the objects the kiosk lacks (resuming partial
 * ones), checks each, and swaps the content in with one SQLite transaction. Any failure keeps
 * the current content and is recorded in the sync status with its category.
 *
 * The client keeps its state in a data directory: the database (BEL_SYNC_DATABASE_NAME, the
 * same file the kiosk reads its content from) and the object cache (objects/). Each run opens
 * its own database connection on a worker thread, so the kiosk's connection on the main
 * thread is never shared across threads; after an update the client emits
 * "content-updated" on the thread that started the run, and the kiosk reloads. */

#define BEL_SYNC_DATABASE_NAME   "beledci.db"
#define BEL_SYNC_OBJECTS_DIR     "objects"
#define BEL_SYNC_DEFAULT_TIMEOUT 30

typedef enum {
  BEL_SYNC_RESULT_CURRENT,   /* the kiosk already had the newest content: nothing written */
  BEL_SYNC_RESULT_UPDATED,   /* new content was swapped in */
} BelSyncResult;

#define BEL_TYPE_SYNC_CLIENT (bel_sync_client_get_type ())
G_DECLARE_FINAL_TYPE (BelSyncClient, bel_sync_client, BEL, SYNC_CLIENT, GObject)

BelSyncClient *bel_sync_client_new                (const char     *data_dir);
const char    *bel_sync_client_get_data_dir       (BelSyncClient  *self);
/* DATA_DIR/beledci.db */
char          *bel_sync_client_dup_database_path  (BelSyncClient  *self);

/* The server's base URL: the bundle is at URL/v1/manifest.json. */
void           bel_sync_client_set_server_url     (BelSyncClient  *self,
                                                   const char     *url);
const char    *bel_sync_client_get_server_url     (BelSyncClient  *self);
/* Pinned keys, as the base64 lines of minisign .pub files; invalid ones are ignored with a
 * warning. */
void           bel_sync_client_set_trusted_keys   (BelSyncClient      *self,
                                                   const char * const *keys);
gboolean       bel_sync_client_add_trusted_key_file (BelSyncClient *self,
                                                   const char     *path,
                                                   GError        **error);
guint          bel_sync_client_get_n_trusted_keys (BelSyncClient  *self);
/* Seconds without progress before a request is abandoned. */
void           bel_sync_client_set_timeout        (BelSyncClient  *self,
                                                   guint           seconds);
/* Reads server-url and trusted-public-keys from the kiosk's settings. */
void           bel_sync_client_load_settings      (BelSyncClient  *self,
                                                   GSettings      *settings);

gboolean       bel_sync_client_get_busy           (BelSyncClient  *self);

/* One content sync run. Fails with G_IO_ERROR_PENDING while a run is going on (in this
 * process), G_IO_ERROR_BUSY if another process is syncing the same data directory, and
 * G_IO_ERROR_CANCELLED when cancelled (neither recorded as a failure); otherwise with a
 * BEL_SYNC_ERROR whose code is the category that was recorded. */
void           bel_sync_client_sync_content_async (BelSyncClient       *self,
                                                   GCancellable        *cancellable,
                                                   GAsyncReadyCallback  callback,
                                                   gpointer             user_data);
gboolean       bel_sync_client_sync_content_finish (BelSyncClient      *self,
                                                   GAsyncResult        *result,
                                                   BelSyncResult       *out_result,
                                                   GError             **error);

G_END_DECLS
