/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* A bundle's manifest.json (docs/sync-protocol.md, 1.2): which content files a revision holds,
 * with each file's SHA-256 and size. Parsing is strict: it is the first thing a kiosk reads
 * from the network after checking the signature. */

#define BEL_MANIFEST_ERROR (bel_manifest_error_quark ())
GQuark bel_manifest_error_quark (void);

typedef enum {
  BEL_MANIFEST_ERROR_TOO_LARGE,   /* the manifest is bigger than BEL_MANIFEST_MAX_SIZE */
  BEL_MANIFEST_ERROR_INVALID,     /* not JSON, or breaks a rule of the format */
} BelManifestError;

#define BEL_MANIFEST_FORMAT          1
#define BEL_MANIFEST_MAX_SIZE        (1024 * 1024)
#define BEL_MANIFEST_MAX_DEPTH       8
#define BEL_MANIFEST_MAX_FILES       4096
#define BEL_MANIFEST_MAX_FILE_SIZE   (8 * 1024 * 1024)     /* BEL_CONTENT_MAX_FILE_SIZE */
#define BEL_MANIFEST_MAX_TOTAL_SIZE  ((gint64)256 * 1024 * 1024)
#define BEL_MANIFEST_MAX_PATH        255
#define BEL_MANIFEST_MAX_REVISION    G_GINT64_CONSTANT (9007199254740991)   /* 2^53 - 1 */

typedef struct {
  char   *path;
  char   *sha256;    /* 64 lower-case hex digits */
  gint64  size;
} BelManifestFile;

typedef struct {
  gint64     format;
  char      *channel;
  gint64     revision;
  gint64     published;   /* unix time */
  gint64     expires;     /* unix time */
  GPtrArray *files;       /* BelManifestFile* */
} BelManifest;

BelManifest *bel_manifest_new            (void);
void         bel_manifest_free           (BelManifest  *manifest);
void         bel_manifest_add_file       (BelManifest  *manifest,
                                          const char   *path,
                                          const char   *sha256,
                                          gint64        size);
/* Sorts the files by path. */
void         bel_manifest_sort           (BelManifest  *manifest);
const BelManifestFile *bel_manifest_lookup (BelManifest *manifest,
                                          const char   *path);
gint64       bel_manifest_total_size     (BelManifest  *manifest);

/* Parses and validates untrusted bytes. */
BelManifest *bel_manifest_parse          (GBytes       *bytes,
                                          GError      **error);
/* Checks every rule of the format. */
gboolean     bel_manifest_validate       (BelManifest  *manifest,
                                          GError      **error);
/* The manifest as JSON (files sorted by path). */
GBytes      *bel_manifest_to_bytes       (BelManifest  *manifest);

gboolean     bel_manifest_path_is_valid  (const char   *path);
gboolean     bel_manifest_sha256_is_valid (const char  *sha256);
gboolean     bel_manifest_channel_is_valid (const char *channel);
/* "YYYY-MM-DDTHH:MM:SSZ" and back. */
char        *bel_manifest_format_time    (gint64        unix_time);
gboolean     bel_manifest_parse_time     (const char   *text,
                                          gint64       *out_unix_time);

/* The lower-case hex SHA-256 of @data. */
char        *bel_sha256_hex              (const guint8 *data,
                                          gsize         length);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (BelManifest, bel_manifest_free)

G_END_DECLS
