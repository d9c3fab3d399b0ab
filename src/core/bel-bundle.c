/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "bel-bundle"

#include "config.h"

#include "bel-bundle.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <unistd.h>
#include <utime.h>
#include <glib/gstdio.h>

#include "bel-content-import.h"
#include "bel-sync-status.h"

static gint64
now_seconds (void)
{
  return g_get_real_time () / G_USEC_PER_SEC;
}

static gboolean
write_file_atomically (const char   *path,
                       const void   *data,
                       gsize         length,
                       GError      **error)
{
  /* Written to a temporary name, flushed, then renamed: a reader (or a power cut) sees the
   * old file or the new one, never half of it. */
  return g_file_set_contents_full (path, data, length,
                                   G_FILE_SET_CONTENTS_CONSISTENT | G_FILE_SET_CONTENTS_DURABLE,
                                   0644, error);
}

/* Static web servers (nginx) make the ETag out of the modification time in seconds and the
 * size: two publishes within a second, of the same size, would look the same and kiosks would
 * keep getting 304. The new manifest is therefore dated at least a second after the old one,
 * before it is renamed into place. */
static gboolean
write_manifest (const char  *path,
                GBytes      *bytes,
                GError     **error)
{
  g_autofree char *staged = g_strconcat (path, ".new", NULL);
  GStatBuf old, now;

  if (!write_file_atomically (staged, g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes),
                              error))
    return FALSE;
  if (g_stat (path, &old) == 0 && g_stat (staged, &now) == 0 && now.st_mtime <= old.st_mtime)
    {
      struct utimbuf times = { .actime = old.st_mtime + 1, .modtime = old.st_mtime + 1 };
      g_utime (staged, &times);
    }
  if (g_rename (staged, path) != 0)
    {
      int saved_errno = errno;
      g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (saved_errno),
                   "Cannot rename %s: %s", staged, g_strerror (saved_errno));
      return FALSE;
    }
  return TRUE;
}

static gint64
previous_revision (const char  *out_dir,
                   GError     **error)
{
  g_autofree char *path = g_build_filename (out_dir, BEL_BUNDLE_MANIFEST, NULL);
  g_autofree char *text = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(BelManifest) manifest = NULL;
  g_autoptr(GError) local_error = NULL;
  gsize length;

  if (!g_file_get_contents (path, &text, &length, &local_error))
    {
      if (g_error_matches (local_error, G_FILE_ERROR, G_FILE_ERROR_NOENT))
        return 0;
      g_propagate_error (error, g_steal_pointer (&local_error));
      return -1;
    }
  bytes = g_bytes_new_take (g_steal_pointer (&text), length);
  manifest = bel_manifest_parse (bytes, &local_error);
  if (manifest == NULL)
    {
      g_set_error (error, BEL_SYNC_ERROR, BEL_SYNC_ERROR_MALFORMED,
                   "%s holds a manifest that cannot be read, so the next revision is unknown "
                   "(give --revision): %s", out_dir, local_error->message);
      return -1;
    }
  return manifest->revision;
}

/* Imports @content into a throw-away database, which runs every check a kiosk runs. */
static gboolean
validate_content (BelContent  *content,
                  GError     **error)
{
  g_autoptr(BelDatabase) db = NULL;
  g_autoptr(GError) local_error = NULL;

  db = bel_database_open (":memory:", error);
  if (db == NULL)
    return FALSE;
  if (!bel_content_import (db, content, &local_error))
    {
      g_set_error (error, BEL_SYNC_ERROR, BEL_SYNC_ERROR_MALFORMED,
                   "The content is not valid: %s", local_error->message);
      return FALSE;
    }
  return TRUE;
}

BelManifest *
bel_bundle_publish (BelContent                    *content,
                    const char                    *out_dir,
                    BelMinisignSecretKey          *key,
                    const BelBundlePublishOptions *options,
                    GError                       **error)
{
  static const BelBundlePublishOptions defaults = { 0 };
  g_autoptr(BelManifest) manifest = NULL;
  g_autoptr(GPtrArray) paths = NULL;
  g_autoptr(GBytes) manifest_bytes = NULL;
  g_autoptr(BelMinisignPublicKey) public_key = NULL;
  g_autofree char *objects_dir = NULL;
  g_autofree char *manifest_path = NULL;
  g_autofree char *signature_path = NULL;
  g_autofree char *trusted_comment = NULL;
  g_autofree char *signature = NULL;
  gint64 previous;

  g_return_val_if_fail (content != NULL, NULL);
  g_return_val_if_fail (out_dir != NULL, NULL);
  g_return_val_if_fail (key != NULL, NULL);

  if (options == NULL)
    options = &defaults;

  manifest = bel_manifest_new ();
  manifest->channel = g_strdup (options->channel ? options->channel : BEL_BUNDLE_DEFAULT_CHANNEL);
  if (!bel_manifest_channel_is_valid (manifest->channel))
    {
      g_set_error (error, BEL_SYNC_ERROR, BEL_SYNC_ERROR_MALFORMED,
                   "The channel “%s” is not valid: use 1 to 32 of a-z, 0-9 and -",
                   manifest->channel);
      return NULL;
    }

  if (options->revision > 0)
    {
      /* An explicit revision replaces whatever the directory holds, readable or not. */
      previous = previous_revision (out_dir, NULL);
      previous = MAX (previous, 0);
    }
  else if ((previous = previous_revision (out_dir, error)) < 0)
    return NULL;
  if (options->revision > 0)
    {
      if (options->revision <= previous)
        {
          g_set_error (error, BEL_SYNC_ERROR, BEL_SYNC_ERROR_ROLLBACK,
                       "Revision %" G_GINT64_FORMAT " is not greater than the revision %"
                       G_GINT64_FORMAT " already published to %s",
                       options->revision, previous, out_dir);
          return NULL;
        }
      manifest->revision = options->revision;
    }
  else
    manifest->revision = previous + 1;

  manifest->published = options->published > 0 ? options->published : now_seconds ();
  manifest->expires = manifest->published +
                      (gint64)(options->valid_days > 0 ? options->valid_days
                                                       : BEL_BUNDLE_DEFAULT_VALID_DAYS) * 86400;

  /* Collect and check every file before writing anything. */
  paths = bel_content_list (content, NULL);
  for (guint i = 0; i < paths->len; i++)
    {
      const char *path = g_ptr_array_index (paths, i);
      GBytes *bytes = bel_content_get (content, path);
      g_autofree char *sha256 = NULL;

      if (!bel_manifest_path_is_valid (path))
        {
          g_set_error (error, BEL_SYNC_ERROR, BEL_SYNC_ERROR_MALFORMED,
                       "%s: file names may use only A-Z, a-z, 0-9, “.”, “_” and “-”, and may "
                       "not start with “.”", path);
          return NULL;
        }
      if (bytes == NULL)
        {
          g_set_error (error, BEL_SYNC_ERROR, BEL_SYNC_ERROR_TOO_LARGE,
                       "%s: bigger than %d bytes", path, BEL_MANIFEST_MAX_FILE_SIZE);
          return NULL;
        }
      sha256 = bel_sha256_hex (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
      bel_manifest_add_file (manifest, path, sha256, (gint64)g_bytes_get_size (bytes));
    }
  if (!bel_manifest_validate (manifest, error))
    return NULL;
  if (!validate_content (content, error))
    return NULL;

  /* Objects first: a manifest is only ever visible after everything it lists. */
  objects_dir = g_build_filename (out_dir, BEL_BUNDLE_OBJECTS, NULL);
  if (g_mkdir_with_parents (objects_dir, 0755) != 0)
    {
      int saved_errno = errno;
      g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (saved_errno),
                   "Cannot create %s: %s", objects_dir, g_strerror (saved_errno));
      return NULL;
    }
  for (guint i = 0; i < manifest->files->len; i++)
    {
      const BelManifestFile *file = g_ptr_array_index (manifest->files, i);
      g_autofree char *object_path = g_build_filename (objects_dir, file->sha256, NULL);
      g_autoptr(GBytes) existing = NULL;
      GBytes *bytes;

      existing = bel_bundle_read_object (object_path, file->sha256, file->size, NULL);
      if (existing != NULL)
        continue;
      bytes = bel_content_get (content, file->path);
      if (!write_file_atomically (object_path, g_bytes_get_data (bytes, NULL),
                                  g_bytes_get_size (bytes), error))
        return NULL;
    }

  manifest_bytes = bel_manifest_to_bytes (manifest);
  trusted_comment = g_strdup_printf ("timestamp:%" G_GINT64_FORMAT "\tfile:" BEL_BUNDLE_MANIFEST
                                     "\thashed\trevision:%" G_GINT64_FORMAT,
                                     now_seconds (), manifest->revision);
  public_key = bel_minisign_secret_key_get_public (key);
  {
    g_autofree char *id = bel_minisign_public_key_get_id (public_key);
    g_autofree char *untrusted = g_strdup_printf ("signature from beledci-admin secret key %s", id);

    signature = bel_minisign_sign (key, g_bytes_get_data (manifest_bytes, NULL),
                                   g_bytes_get_size (manifest_bytes), trusted_comment,
                                   untrusted, error);
  }
  if (signature == NULL)
    return NULL;

  /* The signature before the manifest: see docs/sync-protocol.md, 1.1 and 1.5. */
  signature_path = g_build_filename (out_dir, BEL_BUNDLE_SIGNATURE, NULL);
  manifest_path = g_build_filename (out_dir, BEL_BUNDLE_MANIFEST, NULL);
  if (!write_file_atomically (signature_path, signature, strlen (signature), error) ||
      !write_manifest (manifest_path, manifest_bytes, error))
    return NULL;

  return g_steal_pointer (&manifest);
}

BelManifest *
bel_bundle_verify_manifest (GBytes                       *manifest_bytes,
                            GBytes                       *signature,
                            BelMinisignPublicKey * const *keys,
                            GError                      **error)
{
  g_autoptr(GError) local_error = NULL;
  BelManifest *manifest;

  g_return_val_if_fail (manifest_bytes != NULL, NULL);
  g_return_val_if_fail (signature != NULL, NULL);
  g_return_val_if_fail (keys != NULL, NULL);

  if (g_bytes_get_size (manifest_bytes) > BEL_MANIFEST_MAX_SIZE)
    {
      g_set_error (error, BEL_SYNC_ERROR, BEL_SYNC_ERROR_TOO_LARGE,
                   "The manifest is bigger than %d bytes", BEL_MANIFEST_MAX_SIZE);
      return NULL;
    }
  if (g_bytes_get_size (signature) > BEL_MINISIGN_MAX_SIG_SIZE)
    {
      g_set_error (error, BEL_SYNC_ERROR, BEL_SYNC_ERROR_TOO_LARGE,
                   "The signature file is bigger than %d bytes", BEL_MINISIGN_MAX_SIG_SIZE);
      return NULL;
    }
  if (keys[0] == NULL)
    {
      g_set_error (error, BEL_SYNC_ERROR, BEL_SYNC_ERROR_NOT_CONFIGURED,
                   "No trusted public key is set");
      return NULL;
    }

  if (!bel_minisign_verify (keys,
                            g_bytes_get_data (manifest_bytes, NULL),
                            g_bytes_get_size (manifest_bytes),
                            g_bytes_get_data (signature, NULL),
                            g_bytes_get_size (signature),
                            NULL, &local_error))
    {
      g_set_error (error, BEL_SYNC_ERROR, BEL_SYNC_ERROR_BAD_SIGNATURE,
                   "Bad signature: %s", local_error->message);
      return NULL;
    }

  manifest = bel_manifest_parse (manifest_bytes, &local_error);
  if (manifest == NULL)
    {
      g_set_error (error, BEL_SYNC_ERROR, bel_sync_error_categorize (local_error),
                   "%s", local_error->message);
      return NULL;
    }
  return manifest;
}

gboolean
bel_bundle_check_freshness (BelManifest  *manifest,
                            gint64        current_revision,
                            gint64        time_floor,
                            gint64        now,
                            gboolean     *out_current,
                            GError      **error)
{
  gint64 effective_now;

  g_return_val_if_fail (manifest != NULL, FALSE);

  if (out_current)
    *out_current = FALSE;

  if (manifest->revision < current_revision)
    {
      g_set_error (error, BEL_SYNC_ERROR, BEL_SYNC_ERROR_ROLLBACK,
                   "The server offers revision %" G_GINT64_FORMAT ", older than the kiosk’s %"
                   G_GINT64_FORMAT, manifest->revision, current_revision);
      return FALSE;
    }

  /* The clock may be wrong (a kiosk without a battery boots in 1970), but it can never be
   * earlier than the newest publish time the kiosk has seen. */
  effective_now = MAX (now, time_floor);
  if (manifest->expires <= effective_now)
    {
      g_autofree char *expires = bel_manifest_format_time (manifest->expires);
      g_set_error (error, BEL_SYNC_ERROR, BEL_SYNC_ERROR_EXPIRED,
                   "Revision %" G_GINT64_FORMAT " expired on %s",
                   manifest->revision, expires ? expires : "?");
      return FALSE;
    }

  if (manifest->revision == current_revision && out_current)
    *out_current = TRUE;
  return TRUE;
}

GBytes *
bel_bundle_read_object (const char  *path,
                        const char  *sha256,
                        gint64       size,
                        GError     **error)
{
  g_autofree guint8 *buffer = NULL;
  g_autofree char *actual = NULL;
  gsize capacity = (gsize)size + 1;
  gsize filled = 0;
  int fd;

  g_return_val_if_fail (path != NULL && sha256 != NULL, NULL);
  g_return_val_if_fail (size >= 0 && size <= BEL_MANIFEST_MAX_FILE_SIZE, NULL);

  fd = g_open (path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW, 0);
  if (fd < 0)
    {
      int saved_errno = errno;
      g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (saved_errno),
                   "Cannot open %s: %s", path, g_strerror (saved_errno));
      return NULL;
    }

  /* Never read more than one byte past the declared size, whatever the file holds. */
  buffer = g_malloc (capacity);
  while (filled < capacity)
    {
      ssize_t n = read (fd, buffer + filled, capacity - filled);
      if (n < 0 && errno == EINTR)
        continue;
      if (n < 0)
        {
          int saved_errno = errno;
          close (fd);
          g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (saved_errno),
                       "Cannot read %s: %s", path, g_strerror (saved_errno));
          return NULL;
        }
      if (n == 0)
        break;
      filled += (gsize)n;
    }
  close (fd);

  if (filled > (gsize)size)
    {
      g_set_error (error, BEL_SYNC_ERROR, BEL_SYNC_ERROR_TOO_LARGE,
                   "Object %s is bigger than the %" G_GINT64_FORMAT " bytes the manifest declares",
                   sha256, size);
      return NULL;
    }
  if (filled < (gsize)size)
    {
      g_set_error (error, BEL_SYNC_ERROR, BEL_SYNC_ERROR_HASH_MISMATCH,
                   "Object %s is shorter than the %" G_GINT64_FORMAT " bytes the manifest declares",
                   sha256, size);
      return NULL;
    }
  actual = bel_sha256_hex (buffer, filled);
  if (!g_str_equal (actual, sha256))
    {
      g_set_error (error, BEL_SYNC_ERROR, BEL_SYNC_ERROR_HASH_MISMATCH,
                   "Object %s has the SHA-256 %s", sha256, actual);
      return NULL;
    }
  return g_bytes_new_take (g_steal_pointer (&buffer), filled);
}

BelContent *
bel_bundle_read_content (BelManifest  *manifest,
                         const char   *objects_dir,
                         GError      **error)
{
  g_autoptr(BelContent) content = bel_content_new ();

  g_return_val_if_fail (manifest != NULL, NULL);
  g_return_val_if_fail (objects_dir != NULL, NULL);

  for (guint i = 0; i < manifest->files->len; i++)
    {
      const BelManifestFile *file = g_ptr_array_index (manifest->files, i);
      g_autofree char *path = g_build_filename (objects_dir, file->sha256, NULL);
      g_autoptr(GBytes) bytes = NULL;

      bytes = bel_bundle_read_object (path, file->sha256, file->size, error);
      if (bytes == NULL)
        {
          g_prefix_error (error, "%s: ", file->path);
          return NULL;
        }
      bel_content_add (content, file->path, bytes);
    }
  return g_steal_pointer (&content);
}

/* Reads at most @max bytes of a file, failing with TOO_LARGE past them. */
static GBytes *
read_capped (const char  *path,
             gsize        max,
             GError     **error)
{
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GFileInputStream) stream = NULL;
  g_autoptr(GBytes) bytes = NULL;

  stream = g_file_read (file, NULL, error);
  if (stream == NULL)
    return NULL;
  bytes = g_input_stream_read_bytes (G_INPUT_STREAM (stream), max + 1, NULL, error);
  if (bytes == NULL)
    return NULL;
  if (g_bytes_get_size (bytes) > max)
    {
      g_set_error (error, BEL_SYNC_ERROR, BEL_SYNC_ERROR_TOO_LARGE,
                   "%s is bigger than %" G_GSIZE_FORMAT " bytes", path, max);
      return NULL;
    }
  return g_steal_pointer (&bytes);
}

BelManifest *
bel_bundle_verify_dir (const char                    *dir,
                       BelMinisignPublicKey * const  *keys,
                       BelContent                   **out_content,
                       char                         **out_manifest_sha256,
                       GError                       **error)
{
  g_autofree char *manifest_path = NULL;
  g_autofree char *signature_path = NULL;
  g_autofree char *objects_dir = NULL;
  g_autoptr(GBytes) manifest_bytes = NULL;
  g_autoptr(GBytes) signature = NULL;
  g_autoptr(BelManifest) manifest = NULL;
  g_autoptr(BelContent) content = NULL;

  g_return_val_if_fail (dir != NULL, NULL);
  g_return_val_if_fail (keys != NULL, NULL);

  manifest_path = g_build_filename (dir, BEL_BUNDLE_MANIFEST, NULL);
  signature_path = g_build_filename (dir, BEL_BUNDLE_SIGNATURE, NULL);
  objects_dir = g_build_filename (dir, BEL_BUNDLE_OBJECTS, NULL);

  manifest_bytes = read_capped (manifest_path, BEL_MANIFEST_MAX_SIZE, error);
  if (manifest_bytes == NULL)
    return NULL;
  signature = read_capped (signature_path, BEL_MINISIGN_MAX_SIG_SIZE, error);
  if (signature == NULL)
    return NULL;

  manifest = bel_bundle_verify_manifest (manifest_bytes, signature, keys, error);
  if (manifest == NULL)
    return NULL;

  content = bel_bundle_read_content (manifest, objects_dir, error);
  if (content == NULL)
    return NULL;

  if (out_content)
    *out_content = g_steal_pointer (&content);
  if (out_manifest_sha256)
    *out_manifest_sha256 = bel_sha256_hex (g_bytes_get_data (manifest_bytes, NULL),
                                           g_bytes_get_size (manifest_bytes));
  return g_steal_pointer (&manifest);
}

static gint64
current_revision (BelDatabase  *db,
                  GError      **error)
{
  sqlite3_stmt *stmt;
  gint64 revision = -1;

  stmt = bel_database_prepare (db, "SELECT revision FROM sync_state WHERE id = 1", error);
  if (stmt == NULL)
    return -1;
  if (sqlite3_step (stmt) == SQLITE_ROW)
    revision = sqlite3_column_int64 (stmt, 0);
  else
    bel_database_set_error (db, error, "Reading the content revision");
  sqlite3_finalize (stmt);
  return revision;
}

gboolean
bel_bundle_apply (BelDatabase  *db,
                  BelManifest  *manifest,
                  const char   *manifest_sha256,
                  const char   *etag,
                  BelContent   *content,
                  gint64        now,
                  GError      **error)
{
  g_autoptr(GError) local_error = NULL;
  gint64 revision;

  g_return_val_if_fail (BEL_IS_DATABASE (db), FALSE);
  g_return_val_if_fail (manifest != NULL, FALSE);
  g_return_val_if_fail (content != NULL, FALSE);

  if (!bel_database_begin (db, error))
    return FALSE;

  /* Another sync may have committed since this one read the state. */
  revision = current_revision (db, error);
  if (revision < 0)
    goto fail;
  if (manifest->revision <= revision)
    {
      g_set_error (error, BEL_SYNC_ERROR, BEL_SYNC_ERROR_ROLLBACK,
                   "Revision %" G_GINT64_FORMAT " is not newer than the kiosk’s %" G_GINT64_FORMAT,
                   manifest->revision, revision);
      goto fail;
    }

  if (!bel_content_import_in_transaction (db, content, &local_error))
    {
      g_set_error (error, BEL_SYNC_ERROR, bel_sync_error_categorize (local_error),
                   "%s", local_error->message);
      goto fail;
    }
  if (!bel_sync_status_set_applied (db, manifest->revision, manifest->published,
                                    manifest->channel, manifest_sha256, etag, now, error) ||
      !bel_database_commit (db, error))
    goto fail;
  return TRUE;

fail:
  bel_database_rollback (db);
  return FALSE;
}

gboolean
bel_bundle_import_dir (BelDatabase                   *db,
                       const char                    *dir,
                       BelMinisignPublicKey * const  *keys,
                       gboolean                      *out_updated,
                       GError                       **error)
{
  g_autoptr(BelManifest) manifest = NULL;
  g_autoptr(BelContent) content = NULL;
  g_autoptr(BelSyncStatus) status = NULL;
  g_autofree char *manifest_sha256 = NULL;
  g_autoptr(GError) local_error = NULL;
  gint64 now = now_seconds ();
  gboolean current = FALSE;

  g_return_val_if_fail (BEL_IS_DATABASE (db), FALSE);
  g_return_val_if_fail (dir != NULL, FALSE);

  if (out_updated)
    *out_updated = FALSE;

  status = bel_sync_status_load (db, error);
  if (status == NULL)
    return FALSE;

  manifest = bel_bundle_verify_dir (dir, keys, &content, &manifest_sha256, &local_error);
  if (manifest != NULL &&
      bel_bundle_check_freshness (manifest, status->revision, status->time_floor, now,
                                  &current, &local_error))
    {
      if (current)
        return bel_sync_status_record_content_current (db, now, error);
      if (bel_bundle_apply (db, manifest, manifest_sha256, NULL, content, now, &local_error))
        {
          if (out_updated)
            *out_updated = TRUE;
          return TRUE;
        }
    }

  /* Keep the current content; say why. A correctly signed manifest still raises the floor. */
  bel_sync_status_record_content_error (db, local_error, now,
                                        manifest ? manifest->published : 0, NULL);
  g_propagate_error (error, g_steal_pointer (&local_error));
  return FALSE;
}
