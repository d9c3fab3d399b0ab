/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "bel-content.h"
#include "bel-database.h"
#include "bel-manifest.h"
#include "bel-minisign.h"

G_BEGIN_DECLS

/* Signed content bundles (docs/sync-protocol.md, section 1): publishing a content tree into a
 * bundle directory, checking a bundle as a kiosk does, and swapping its content into the
 * kiosk's database in one transaction. Failures are BEL_SYNC_ERROR errors whose code is the
 * category the kiosk reports (bel-sync-status.h). */

#define BEL_BUNDLE_MANIFEST   "manifest.json"
#define BEL_BUNDLE_SIGNATURE  "manifest.json.minisig"
#define BEL_BUNDLE_OBJECTS    "objects"

#define BEL_BUNDLE_DEFAULT_CHANNEL     "stable"
#define BEL_BUNDLE_DEFAULT_VALID_DAYS  90

typedef struct {
  const char *channel;      /* NULL: BEL_BUNDLE_DEFAULT_CHANNEL */
  gint64      revision;     /* 0: one more than the directory's previous revision */
  gint64      published;    /* unix time; 0: now */
  guint       valid_days;   /* 0: BEL_BUNDLE_DEFAULT_VALID_DAYS */
} BelBundlePublishOptions;

/* Validates @content as a kiosk would import it, then writes @out_dir/objects/<sha256> for
 * each file, the signature and the manifest (in that order, each atomically). Returns the
 * manifest written. */
BelManifest *bel_bundle_publish           (BelContent                    *content,
                                           const char                    *out_dir,
                                           BelMinisignSecretKey          *key,
                                           const BelBundlePublishOptions *options,
                                           GError                       **error);

/* Checks a manifest and its signature (sizes, the signature against @keys, the format), in
 * the order of docs/sync-protocol.md 1.4 steps 1 to 3. */
BelManifest *bel_bundle_verify_manifest   (GBytes                        *manifest_bytes,
                                           GBytes                        *signature,
                                           BelMinisignPublicKey * const  *keys,
                                           GError                       **error);

/* Steps 4 to 6: fails with ROLLBACK or EXPIRED; sets @out_current to TRUE when the manifest's
 * revision is the one the kiosk already has (nothing to do). */
gboolean     bel_bundle_check_freshness   (BelManifest                   *manifest,
                                           gint64                         current_revision,
                                           gint64                         time_floor,
                                           gint64                         now,
                                           gboolean                      *out_current,
                                           GError                       **error);

/* Reads one object file, failing with TOO_LARGE if it is bigger than @size (reading no more
 * than @size + 1 bytes), and with HASH_MISMATCH if it is shorter or its SHA-256 differs. */
GBytes      *bel_bundle_read_object       (const char                    *path,
                                           const char                    *sha256,
                                           gint64                         size,
                                           GError                       **error);
/* The manifest's files, read from @objects_dir/<sha256> and checked, as content. */
BelContent  *bel_bundle_read_content      (BelManifest                   *manifest,
                                           const char                    *objects_dir,
                                           GError                       **error);

/* A whole bundle directory checked as a kiosk would (signature, format, every object), without
 * the revision and expiry checks. */
BelManifest *bel_bundle_verify_dir        (const char                    *dir,
                                           BelMinisignPublicKey * const  *keys,
                                           BelContent                   **out_content,
                                           char                         **out_manifest_sha256,
                                           GError                       **error);

/* Swaps @content into @db in one transaction, together with the sync state. The revision is
 * checked again inside the transaction, so two concurrent syncs cannot go backwards. */
gboolean     bel_bundle_apply             (BelDatabase                   *db,
                                           BelManifest                   *manifest,
                                           const char                    *manifest_sha256,
                                           const char                    *etag,
                                           BelContent                    *content,
                                           gint64                         now,
                                           GError                       **error);

/* `beledci --import-bundle DIR`: every check of a sync, then the apply. Records the outcome
 * in the sync status. Sets @out_updated to FALSE when the kiosk already had this revision. */
gboolean     bel_bundle_import_dir        (BelDatabase                   *db,
                                           const char                    *dir,
                                           BelMinisignPublicKey * const  *keys,
                                           gboolean                      *out_updated,
                                           GError                       **error);

G_END_DECLS
