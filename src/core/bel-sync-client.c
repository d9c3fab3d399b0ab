/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "bel-sync-client"

#include "config.h"

#include "bel-sync-client.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/file.h>
#include <unistd.h>
#include <glib/gstdio.h>
#include <libsoup/soup.h>

#include "bel-bundle.h"
#include "bel-database.h"
#include "bel-manifest.h"

#define READ_CHUNK (64 * 1024)

struct _BelSyncClient
{
  GObject     parent_instance;

  char       *data_dir;
  char       *server_url;
  GPtrArray  *keys;          /* BelMinisignPublicKey* */
  guint       timeout;
  gboolean    busy;
};

G_DEFINE_FINAL_TYPE (BelSyncClient, bel_sync_client, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_DATA_DIR,
  PROP_SERVER_URL,
  PROP_BUSY,
  N_PROPS
};

enum {
  CONTENT_UPDATED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

/* What one run works with: copied from the client when the run starts, so the worker thread
 * never reads the object's fields. */
typedef struct {
  char          *data_dir;
  char          *server_url;
  GPtrArray     *keys;        /* BelMinisignPublicKey*, NULL-terminated */
  guint          timeout;

  /* The worker's own. */
  SoupSession   *session;
  GCancellable  *cancellable;
  char          *objects_dir;

  BelSyncResult  result;
  gint64         revision;
} Run;

static void
run_free (Run *run)
{
  g_free (run->data_dir);
  g_free (run->server_url);
  g_ptr_array_unref (run->keys);
  g_clear_object (&run->session);
  g_free (run->objects_dir);
  g_free (run);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Run, run_free)

static gint64
now_seconds (void)
{
  return g_get_real_time () / G_USEC_PER_SEC;
}

/* Network */

static gboolean
host_is_loopback (const char *url)
{
  g_autoptr(GUri) uri = g_uri_parse (url, G_URI_FLAGS_NONE, NULL);
  const char *host;
  g_autoptr(GInetAddress) address = NULL;

  if (uri == NULL || (host = g_uri_get_host (uri)) == NULL)
    return FALSE;
  if (g_ascii_strcasecmp (host, "localhost") == 0)
    return TRUE;
  address = g_inet_address_new_from_string (host);
  return address != NULL && g_inet_address_get_is_loopback (address);
}

/* Turns an error from libsoup into a category. @in_body: the response had started. */
static void
set_network_error (GError      **error,
                   GError       *cause,
                   const char   *url,
                   gboolean      in_body)
{
  BelSyncError code;

  if (g_error_matches (cause, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      g_propagate_error (error, cause);
      return;
    }

  if (in_body)
    code = BEL_SYNC_ERROR_CONNECTION_LOST;
  else if (cause->domain == G_IO_ERROR &&
           (cause->code == G_IO_ERROR_NETWORK_UNREACHABLE ||
            cause->code == G_IO_ERROR_HOST_UNREACHABLE))
    code = BEL_SYNC_ERROR_NO_NETWORK;
  else if (cause->domain == SOUP_SESSION_ERROR)
    code = BEL_SYNC_ERROR_SERVER_ERROR;
  else if (cause->domain == G_IO_ERROR &&
           (cause->code == G_IO_ERROR_PARTIAL_INPUT ||
            cause->code == G_IO_ERROR_CONNECTION_CLOSED ||
            cause->code == G_IO_ERROR_NOT_CONNECTED))
    code = BEL_SYNC_ERROR_CONNECTION_LOST;
  else
    code = BEL_SYNC_ERROR_SERVER_UNREACHABLE;

  /* A name that does not resolve or a server that cannot be reached, on a machine with no
   * network at all, is the network's fault, not the server's. */
  if (code == BEL_SYNC_ERROR_SERVER_UNREACHABLE && !host_is_loopback (url) &&
      !g_network_monitor_get_network_available (g_network_monitor_get_default ()))
    code = BEL_SYNC_ERROR_NO_NETWORK;

  g_set_error (error, BEL_SYNC_ERROR, code, "%s: %s", url, cause->message);
  g_error_free (cause);
}

static char *
url_for (Run        *run,
         const char *path)
{
  return g_strconcat (run->server_url, "/v1/", path, NULL);
}

static SoupMessage *
new_get (const char  *url,
         GError     **error)
{
  g_autoptr(GUri) uri = g_uri_parse (url, SOUP_HTTP_URI_FLAGS, NULL);

  if (uri == NULL ||
      (g_strcmp0 (g_uri_get_scheme (uri), "http") != 0 &&
       g_strcmp0 (g_uri_get_scheme (uri), "https") != 0))
    {
      g_set_error (error, BEL_SYNC_ERROR, BEL_SYNC_ERROR_NOT_CONFIGURED,
                   "“%s” is not an http or https URL", url);
      return NULL;
    }
  return soup_message_new_from_uri (SOUP_METHOD_GET, uri);
}

static void
set_status_error (GError      **error,
                  SoupMessage  *msg,
                  const char   *url)
{
  guint status = soup_message_get_status (msg);

  if (status == SOUP_STATUS_NOT_FOUND && g_str_has_suffix (url, "/" BEL_BUNDLE_MANIFEST))
    g_set_error (error, BEL_SYNC_ERROR, BEL_SYNC_ERROR_SERVER_ERROR,
                 "%s: the server has no bundle published (404)", url);
  else
    g_set_error (error, BEL_SYNC_ERROR, BEL_SYNC_ERROR_SERVER_ERROR,
                 "%s: the server answered %u %s", url, status,
                 soup_message_get_reason_phrase (msg) ? soup_message_get_reason_phrase (msg) : "");
}

/* GETs a small file (the manifest or its signature) into memory, reading at most @max + 1
 * bytes. Returns FALSE with @error set, or TRUE with *out_bytes NULL for 304 Not Modified. */
static gboolean
fetch_small (Run          *run,
             const char   *path,
             const char   *if_none_match,
             gsize         max,
             GBytes      **out_bytes,
             char        **out_etag,
             GError      **error)
{
  g_autofree char *url = url_for (run, path);
  g_autoptr(SoupMessage) msg = NULL;
  g_autoptr(GInputStream) stream = NULL;
  g_autoptr(GByteArray) buffer = NULL;
  GError *cause = NULL;
  SoupMessageHeaders *headers;
  guint status;

  *out_bytes = NULL;
  if (out_etag)
    *out_etag = NULL;

  msg = new_get (url, error);
  if (msg == NULL)
    return FALSE;
  if (if_none_match != NULL)
    soup_message_headers_replace (soup_message_get_request_headers (msg),
                                  "If-None-Match", if_none_match);

  stream = soup_session_send (run->session, msg, run->cancellable, &cause);
  if (stream == NULL)
    {
      set_network_error (error, cause, url, FALSE);
      return FALSE;
    }

  status = soup_message_get_status (msg);
  headers = soup_message_get_response_headers (msg);
  if (status == SOUP_STATUS_NOT_MODIFIED && if_none_match != NULL)
    {
      g_input_stream_close (stream, NULL, NULL);
      return TRUE;
    }
  if (status != SOUP_STATUS_OK)
    {
      g_input_stream_close (stream, NULL, NULL);
      set_status_error (error, msg, url);
      return FALSE;
    }
  if (soup_message_headers_get_encoding (headers) == SOUP_ENCODING_CONTENT_LENGTH &&
      soup_message_headers_get_content_length (headers) > (goffset)max)
    {
      g_input_stream_close (stream, NULL, NULL);
      g_set_error (error, BEL_SYNC_ERROR, BEL_SYNC_ERROR_TOO_LARGE,
                   "%s: %" G_GOFFSET_FORMAT " bytes, more than the %" G_GSIZE_FORMAT " allowed",
                   url, soup_message_headers_get_content_length (headers), max);
      return FALSE;
    }

  /* Whatever the headers say, stop one byte past the limit. */
  buffer = g_byte_array_new ();
  for (;;)
    {
      guint8 chunk[READ_CHUNK];
      gsize want = MIN (sizeof chunk, max + 1 - buffer->len);
      gssize n = g_input_stream_read (stream, chunk, want, run->cancellable, &cause);

      if (n < 0)
        {
          set_network_error (error, cause, url, TRUE);
          return FALSE;
        }
      if (n == 0)
        break;
      g_byte_array_append (buffer, chunk, (guint)n);
      if (buffer->len > max)
        {
          g_input_stream_close (stream, NULL, NULL);
          g_set_error (error, BEL_SYNC_ERROR, BEL_SYNC_ERROR_TOO_LARGE,
                       "%s: more than the %" G_GSIZE_FORMAT " bytes allowed", url, max);
          return FALSE;
        }
    }
  g_input_stream_close (stream, NULL, NULL);

  /* libsoup 3.2 ends a body quietly when the connection drops before Content-Length. */
  if (soup_message_headers_get_encoding (headers) == SOUP_ENCODING_CONTENT_LENGTH &&
      (goffset)buffer->len < soup_message_headers_get_content_length (headers))
    {
      g_set_error (error, BEL_SYNC_ERROR, BEL_SYNC_ERROR_CONNECTION_LOST,
                   "%s: the connection closed after %u of %" G_GOFFSET_FORMAT " bytes",
                   url, buffer->len, soup_message_headers_get_content_length (headers));
      return FALSE;
    }

  if (out_etag)
    *out_etag = g_strdup (soup_message_headers_get_one (headers, "ETag"));
  *out_bytes = g_byte_array_free_to_bytes (g_steal_pointer (&buffer));
  return TRUE;
}

static gboolean
set_errno_error (GError     **error,
                 int          saved_errno,
                 const char  *what,
                 const char  *path)
{
  if (saved_errno == ENOSPC || saved_errno == EDQUOT)
    g_set_error (error, BEL_SYNC_ERROR, BEL_SYNC_ERROR_DISK_FULL,
                 "%s %s: %s", what, path, g_strerror (saved_errno));
  else
    g_set_error (error, BEL_SYNC_ERROR, BEL_SYNC_ERROR_LOCAL,
                 "%s %s: %s", what, path, g_strerror (saved_errno));
  return FALSE;
}

static gboolean
write_all (int           fd,
           const guint8 *data,
           gsize         length,
           const char   *path,
           GError      **error)
{
  while (length > 0)
    {
      ssize_t n = write (fd, data, length);
      if (n < 0 && errno == EINTR)
        continue;
      if (n < 0)
        return set_errno_error (error, errno, "Cannot write", path);
      data += n;
      length -= (gsize)n;
    }
  return TRUE;
}

/* Parses "bytes START-END/TOTAL" and returns START, or -1. */
static gint64
content_range_start (const char *value)
{
  const char *p;
  char *end = NULL;
  guint64 start;

  if (value == NULL || !g_str_has_prefix (value, "bytes "))
    return -1;
  p = value + strlen ("bytes ");
  if (!g_ascii_isdigit (*p))
    return -1;
  start = g_ascii_strtoull (p, &end, 10);
  if (end == NULL || *end != '-' || start > G_MAXINT64)
    return -1;
  return (gint64)start;
}

static goffset
file_size (const char *path)
{
  GStatBuf st;

  if (g_lstat (path, &st) != 0 || !S_ISREG (st.st_mode))
    return -1;
  return st.st_size;
}

/* Downloads one object into the cache: OBJECTS/<sha256>.part, resumed with Range if a piece
 * is there, then checked and renamed to OBJECTS/<sha256>. */
static gboolean
download_object (Run                    *run,
                 const BelManifestFile  *file,
                 GError                **error)
{
  g_autofree char *path = g_strconcat (BEL_BUNDLE_OBJECTS "/", file->sha256, NULL);
  g_autofree char *url = url_for (run, path);
  g_autofree char *final_path = g_build_filename (run->objects_dir, file->sha256, NULL);
  g_autofree char *part_path = g_strconcat (final_path, ".part", NULL);
  g_autoptr(GBytes) verified = NULL;
  g_autoptr(GError) check_error = NULL;
  gint64 size = file->size;
  goffset offset;

  offset = file_size (part_path);
  if (offset > size)
    {
      g_unlink (part_path);
      offset = -1;
    }
  if (offset < 0)
    offset = 0;

  for (guint attempt = 0; offset < size || size == 0; attempt++)
    {
      g_autoptr(SoupMessage) msg = NULL;
      g_autoptr(GInputStream) stream = NULL;
      SoupMessageHeaders *headers;
      SoupEncoding encoding;
      GError *cause = NULL;
      guint status;
      gint64 total;
      int fd;

      msg = new_get (url, error);
      if (msg == NULL)
        return FALSE;
      if (offset > 0)
        {
          g_autofree char *range = g_strdup_printf ("bytes=%" G_GOFFSET_FORMAT "-", offset);
          soup_message_headers_replace (soup_message_get_request_headers (msg), "Range", range);
        }

      stream = soup_session_send (run->session, msg, run->cancellable, &cause);
      if (stream == NULL)
        {
          set_network_error (error, cause, url, FALSE);
          return FALSE;
        }

      status = soup_message_get_status (msg);
      headers = soup_message_get_response_headers (msg);
      if (status == SOUP_STATUS_REQUESTED_RANGE_NOT_SATISFIABLE && offset > 0 && attempt == 0)
        {
          /* The piece we have does not fit this object: start over. */
          g_input_stream_close (stream, NULL, NULL);
          g_unlink (part_path);
          offset = 0;
          continue;
        }
      if (status == SOUP_STATUS_OK)
        offset = 0;
      else if (status == SOUP_STATUS_PARTIAL_CONTENT && offset > 0)
        {
          if (content_range_start (soup_message_headers_get_one (headers, "Content-Range")) != offset)
            {
              g_input_stream_close (stream, NULL, NULL);
              g_set_error (error, BEL_SYNC_ERROR, BEL_SYNC_ERROR_SERVER_ERROR,
                           "%s: the server sent a range the kiosk did not ask for", url);
              return FALSE;
            }
        }
      else
        {
          g_input_stream_close (stream, NULL, NULL);
          set_status_error (error, msg, url);
          return FALSE;
        }

      encoding = soup_message_headers_get_encoding (headers);
      if (encoding == SOUP_ENCODING_CONTENT_LENGTH &&
          offset + soup_message_headers_get_content_length (headers) > size)
        {
          g_input_stream_close (stream, NULL, NULL);
          g_unlink (part_path);
          g_set_error (error, BEL_SYNC_ERROR, BEL_SYNC_ERROR_TOO_LARGE,
                       "%s: the server sends %" G_GOFFSET_FORMAT " bytes; the manifest declares %"
                       G_GINT64_FORMAT, url,
                       offset + soup_message_headers_get_content_length (headers), size);
          return FALSE;
        }

      fd = g_open (part_path, O_WRONLY | O_CREAT | O_CLOEXEC | O_NOFOLLOW |
                              (offset > 0 ? O_APPEND : O_TRUNC), 0644);
      if (fd < 0)
        {
          int saved_errno = errno;
          g_input_stream_close (stream, NULL, NULL);
          return set_errno_error (error, saved_errno, "Cannot write", part_path);
        }

      /* Never accept more than the declared size: read one byte past it at most. */
      total = offset;
      for (;;)
        {
          guint8 chunk[READ_CHUNK];
          gsize want = (gsize)MIN ((gint64)sizeof chunk, size + 1 - total);
          gssize n = g_input_stream_read (stream, chunk, want, run->cancellable, &cause);

          if (n < 0)
            {
              /* Keep what arrived: the next run resumes from there. */
              close (fd);
              set_network_error (error, cause, url, TRUE);
              return FALSE;
            }
          if (n == 0)
            break;
          if (total + n > size)
            {
              close (fd);
              g_input_stream_close (stream, NULL, NULL);
              g_unlink (part_path);
              g_set_error (error, BEL_SYNC_ERROR, BEL_SYNC_ERROR_TOO_LARGE,
                           "%s: the server sends more than the %" G_GINT64_FORMAT
                           " bytes the manifest declares", url, size);
              return FALSE;
            }
          if (!write_all (fd, chunk, (gsize)n, part_path, error))
            {
              close (fd);
              g_input_stream_close (stream, NULL, NULL);
              /* A full disk: give the space back, so the failure can at least be recorded. */
              if (g_error_matches (*error, BEL_SYNC_ERROR, BEL_SYNC_ERROR_DISK_FULL))
                g_unlink (part_path);
              return FALSE;
            }
          total += n;
        }
      g_input_stream_close (stream, NULL, NULL);

      if (fsync (fd) != 0 || close (fd) != 0)
        return set_errno_error (error, errno, "Cannot write", part_path);

      if (total < size)
        {
          /* libsoup 3.2 ends a body quietly when the connection drops before Content-Length:
           * fewer bytes than announced is a cut, kept for resuming. A body without a length
           * cannot say whether it was meant to stop, so it counts as a cut too. Only a
           * response that delivered all it announced, and that is short, is the wrong file. */
          if (encoding != SOUP_ENCODING_CONTENT_LENGTH ||
              total < offset + soup_message_headers_get_content_length (headers))
            {
              g_set_error (error, BEL_SYNC_ERROR, BEL_SYNC_ERROR_CONNECTION_LOST,
                           "%s: the connection closed after %" G_GINT64_FORMAT " of %"
                           G_GINT64_FORMAT " bytes", url, total, size);
              return FALSE;
            }
          g_unlink (part_path);
          g_set_error (error, BEL_SYNC_ERROR, BEL_SYNC_ERROR_HASH_MISMATCH,
                       "%s: the server sent %" G_GINT64_FORMAT " bytes; the manifest declares %"
                       G_GINT64_FORMAT, url, total, size);
          return FALSE;
        }
      break;
    }

  if (size == 0 || offset >= size)
    {
      /* Nothing to fetch (an empty object, or a piece that was already whole). */
      int fd = g_open (part_path, O_WRONLY | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0644);
      if (fd < 0)
        return set_errno_error (error, errno, "Cannot write", part_path);
      close (fd);
    }

  verified = bel_bundle_read_object (part_path, file->sha256, file->size, &check_error);
  if (verified == NULL)
    {
      g_unlink (part_path);
      g_set_error (error, BEL_SYNC_ERROR, bel_sync_error_categorize (check_error),
                   "%s: %s", url, check_error->message);
      return FALSE;
    }
  if (g_rename (part_path, final_path) != 0)
    return set_errno_error (error, errno, "Cannot rename", part_path);
  return TRUE;
}

/* Makes sure every object of @manifest is in the cache, checked. */
static gboolean
fetch_objects (Run          *run,
               BelManifest  *manifest,
               GError      **error)
{
  g_autoptr(GHashTable) done = g_hash_table_new (g_str_hash, g_str_equal);

  if (g_mkdir_with_parents (run->objects_dir, 0700) != 0)
    return set_errno_error (error, errno, "Cannot create", run->objects_dir);

  for (guint i = 0; i < manifest->files->len; i++)
    {
      const BelManifestFile *file = g_ptr_array_index (manifest->files, i);
      g_autofree char *cached = NULL;
      g_autoptr(GBytes) bytes = NULL;

      if (!g_hash_table_add (done, file->sha256))
        continue;
      if (g_cancellable_set_error_if_cancelled (run->cancellable, error))
        return FALSE;

      cached = g_build_filename (run->objects_dir, file->sha256, NULL);
      if (g_file_test (cached, G_FILE_TEST_EXISTS))
        {
          bytes = bel_bundle_read_object (cached, file->sha256, file->size, NULL);
          if (bytes != NULL)
            continue;
          /* Damaged on disk: fetch it again. */
          g_unlink (cached);
        }
      if (!download_object (run, file, error))
        {
          g_prefix_error (error, "%s: ", file->path);
          return FALSE;
        }
    }
  return TRUE;
}

/* Deletes cached objects the current manifest does not list, and leftover pieces. */
static void
prune_objects (Run         *run,
               BelManifest *manifest)
{
  g_autoptr(GHashTable) keep = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GDir) dir = NULL;
  const char *name;

  for (guint i = 0; i < manifest->files->len; i++)
    {
      const BelManifestFile *file = g_ptr_array_index (manifest->files, i);
      g_hash_table_add (keep, file->sha256);
    }

  dir = g_dir_open (run->objects_dir, 0, NULL);
  if (dir == NULL)
    return;
  while ((name = g_dir_read_name (dir)) != NULL)
    if (!g_hash_table_contains (keep, name))
      {
        g_autofree char *path = g_build_filename (run->objects_dir, name, NULL);
        g_unlink (path);
      }
}

/* The run, on a worker thread */

static gboolean
take_lock (Run      *run,
           int      *out_fd,
           GError  **error)
{
  g_autofree char *path = g_build_filename (run->data_dir, "sync.lock", NULL);
  int fd;

  if (g_mkdir_with_parents (run->data_dir, 0700) != 0)
    return set_errno_error (error, errno, "Cannot create", run->data_dir);
  fd = g_open (path, O_RDWR | O_CREAT | O_CLOEXEC, 0600);
  if (fd < 0)
    return set_errno_error (error, errno, "Cannot open", path);
  if (flock (fd, LOCK_EX | LOCK_NB) != 0)
    {
      close (fd);
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_BUSY,
                   "Another program is syncing %s", run->data_dir);
      return FALSE;
    }
  *out_fd = fd;
  return TRUE;
}

static gboolean
sync_content (Run          *run,
              BelDatabase  *db,
              gint64       *out_seen_published,
              GError      **error)
{
  g_autoptr(BelSyncStatus) status = NULL;
  g_autoptr(GBytes) manifest_bytes = NULL;
  g_autoptr(GBytes) signature = NULL;
  g_autoptr(BelManifest) manifest = NULL;
  g_autoptr(BelContent) content = NULL;
  g_autoptr(GError) verify_error = NULL;
  g_autofree char *etag = NULL;
  g_autofree char *manifest_sha256 = NULL;
  gint64 now = now_seconds ();
  gboolean current = FALSE;

  status = bel_sync_status_load (db, error);
  if (status == NULL)
    return FALSE;

  if (run->server_url == NULL || *run->server_url == '\0')
    {
      g_set_error (error, BEL_SYNC_ERROR, BEL_SYNC_ERROR_NOT_CONFIGURED, "No server is set");
      return FALSE;
    }
  if (run->keys->len <= 1)
    {
      g_set_error (error, BEL_SYNC_ERROR, BEL_SYNC_ERROR_NOT_CONFIGURED,
                   "No trusted public key is set");
      return FALSE;
    }

  /* Step 1: the manifest, conditionally. Only an applied manifest's ETag is sent, so the
   * bundled content (revision 0) always fetches it. */
  if (!fetch_small (run, BEL_BUNDLE_MANIFEST,
                    status->revision > 0 ? status->etag : NULL,
                    BEL_MANIFEST_MAX_SIZE, &manifest_bytes, &etag, error))
    return FALSE;
  if (manifest_bytes == NULL)
    {
      g_debug ("Manifest not modified; revision %" G_GINT64_FORMAT " is current",
               status->revision);
      run->result = BEL_SYNC_RESULT_CURRENT;
      run->revision = status->revision;
      return bel_sync_status_record_content_current (db, now, error);
    }

  /* Steps 1-3: the signature and the format. */
  if (!fetch_small (run, BEL_BUNDLE_SIGNATURE, NULL, BEL_MINISIGN_MAX_SIG_SIZE,
                    &signature, NULL, error))
    return FALSE;
  manifest = bel_bundle_verify_manifest (manifest_bytes, signature,
                                         (BelMinisignPublicKey * const *)run->keys->pdata,
                                         &verify_error);
  if (manifest == NULL &&
      g_error_matches (verify_error, BEL_SYNC_ERROR, BEL_SYNC_ERROR_BAD_SIGNATURE))
    {
      /* A publish may have landed between the two requests (1.5): look once more. */
      g_autoptr(GBytes) again = NULL;
      g_autofree char *again_etag = NULL;

      if (!fetch_small (run, BEL_BUNDLE_MANIFEST, NULL, BEL_MANIFEST_MAX_SIZE,
                        &again, &again_etag, error))
        return FALSE;
      if (!g_bytes_equal (again, manifest_bytes))
        {
          g_clear_pointer (&signature, g_bytes_unref);
          g_clear_error (&verify_error);
          if (!fetch_small (run, BEL_BUNDLE_SIGNATURE, NULL, BEL_MINISIGN_MAX_SIG_SIZE,
                            &signature, NULL, error))
            return FALSE;
          g_bytes_unref (manifest_bytes);
          manifest_bytes = g_steal_pointer (&again);
          g_free (etag);
          etag = g_steal_pointer (&again_etag);
          manifest = bel_bundle_verify_manifest (manifest_bytes, signature,
                                                 (BelMinisignPublicKey * const *)run->keys->pdata,
                                                 &verify_error);
        }
    }
  if (manifest == NULL)
    {
      g_propagate_error (error, g_steal_pointer (&verify_error));
      return FALSE;
    }
  *out_seen_published = manifest->published;

  /* Steps 4-6. */
  if (!bel_bundle_check_freshness (manifest, status->revision, status->time_floor, now,
                                   &current, error))
    return FALSE;
  if (current)
    {
      run->result = BEL_SYNC_RESULT_CURRENT;
      run->revision = status->revision;
      return bel_sync_status_record_content_current (db, now, error);
    }

  /* Steps 7-9. */
  if (!fetch_objects (run, manifest, error))
    return FALSE;
  content = bel_bundle_read_content (manifest, run->objects_dir, error);
  if (content == NULL)
    return FALSE;
  manifest_sha256 = bel_sha256_hex (g_bytes_get_data (manifest_bytes, NULL),
                                    g_bytes_get_size (manifest_bytes));
  if (!bel_bundle_apply (db, manifest, manifest_sha256, etag, content, now, error))
    return FALSE;

  prune_objects (run, manifest);
  run->result = BEL_SYNC_RESULT_UPDATED;
  run->revision = manifest->revision;
  g_debug ("Content updated to revision %" G_GINT64_FORMAT, manifest->revision);
  return TRUE;
}

static void
sync_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  Run *run = task_data;
  g_autoptr(BelDatabase) db = NULL;
  g_autoptr(GError) error = NULL;
  gint64 seen_published = 0;
  g_autofree char *db_path = NULL;
  int lock_fd = -1;

  run->cancellable = cancellable;

  if (!take_lock (run, &lock_fd, &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  db_path = g_build_filename (run->data_dir, BEL_SYNC_DATABASE_NAME, NULL);
  db = bel_database_open (db_path, &error);
  if (db == NULL)
    {
      g_autoptr(GError) wrapped = NULL;

      close (lock_fd);
      wrapped = g_error_new (BEL_SYNC_ERROR, bel_sync_error_categorize (error), "%s",
                             error->message);
      g_task_return_error (task, g_steal_pointer (&wrapped));
      return;
    }

  /* The session belongs to this thread for the whole run. */
  run->session = soup_session_new_with_options ("proxy-resolver", NULL,
                                                "timeout", run->timeout,
                                                "idle-timeout", run->timeout,
                                                "user-agent", "beledci/" PACKAGE_VERSION,
                                                NULL);

  if (sync_content (run, db, &seen_published, &error))
    {
      close (lock_fd);
      g_task_return_boolean (task, TRUE);
      return;
    }

  if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      g_autoptr(GError) record_error = NULL;

      if (error->domain != BEL_SYNC_ERROR)
        {
          GError *wrapped = g_error_new (BEL_SYNC_ERROR, bel_sync_error_categorize (error),
                                         "%s", error->message);
          g_clear_error (&error);
          error = wrapped;
        }
      /* A correctly signed manifest's publish time is true even when the run failed later,
       * so it still raises the time floor. */
      if (!bel_sync_status_record_content_error (db, error, now_seconds (),
                                                 seen_published, &record_error))
        g_warning ("Could not record the sync error: %s", record_error->message);
      g_debug ("Sync failed (%s): %s", bel_sync_error_to_string (error->code), error->message);
    }
  close (lock_fd);
  g_task_return_error (task, g_steal_pointer (&error));
}

/* The object */

static void
bel_sync_client_finalize (GObject *object)
{
  BelSyncClient *self = (BelSyncClient *)object;

  g_clear_pointer (&self->data_dir, g_free);
  g_clear_pointer (&self->server_url, g_free);
  g_clear_pointer (&self->keys, g_ptr_array_unref);

  G_OBJECT_CLASS (bel_sync_client_parent_class)->finalize (object);
}

static void
bel_sync_client_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  BelSyncClient *self = BEL_SYNC_CLIENT (object);

  switch (prop_id)
    {
    case PROP_DATA_DIR:
      g_value_set_string (value, self->data_dir);
      break;
    case PROP_SERVER_URL:
      g_value_set_string (value, self->server_url);
      break;
    case PROP_BUSY:
      g_value_set_boolean (value, self->busy);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
bel_sync_client_set_property (GObject      *object,
                              guint         prop_id,
                              const GValue *value,
                              GParamSpec   *pspec)
{
  BelSyncClient *self = BEL_SYNC_CLIENT (object);

  switch (prop_id)
    {
    case PROP_DATA_DIR:
      self->data_dir = g_value_dup_string (value);
      break;
    case PROP_SERVER_URL:
      bel_sync_client_set_server_url (self, g_value_get_string (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
bel_sync_client_class_init (BelSyncClientClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = bel_sync_client_finalize;
  object_class->get_property = bel_sync_client_get_property;
  object_class->set_property = bel_sync_client_set_property;

  properties[PROP_DATA_DIR] =
    g_param_spec_string ("data-dir", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_SERVER_URL] =
    g_param_spec_string ("server-url", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_BUSY] =
    g_param_spec_boolean ("busy", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /* Emitted on the thread that started the run, after new content was committed. */
  signals[CONTENT_UPDATED] =
    g_signal_new ("content-updated", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_INT64);
}

static void
bel_sync_client_init (BelSyncClient *self)
{
  self->keys = g_ptr_array_new_with_free_func ((GDestroyNotify)bel_minisign_public_key_free);
  self->timeout = BEL_SYNC_DEFAULT_TIMEOUT;
}

BelSyncClient *
bel_sync_client_new (const char *data_dir)
{
  g_return_val_if_fail (data_dir != NULL, NULL);

  return g_object_new (BEL_TYPE_SYNC_CLIENT, "data-dir", data_dir, NULL);
}

const char *
bel_sync_client_get_data_dir (BelSyncClient *self)
{
  g_return_val_if_fail (BEL_IS_SYNC_CLIENT (self), NULL);
  return self->data_dir;
}

char *
bel_sync_client_dup_database_path (BelSyncClient *self)
{
  g_return_val_if_fail (BEL_IS_SYNC_CLIENT (self), NULL);
  return g_build_filename (self->data_dir, BEL_SYNC_DATABASE_NAME, NULL);
}

void
bel_sync_client_set_server_url (BelSyncClient *self,
                                const char    *url)
{
  g_autofree char *normalized = NULL;

  g_return_if_fail (BEL_IS_SYNC_CLIENT (self));

  if (url != NULL && *url != '\0')
    {
      gsize length;

      normalized = g_strstrip (g_strdup (url));
      length = strlen (normalized);
      while (length > 0 && normalized[length - 1] == '/')
        normalized[--length] = '\0';
    }
  if (g_strcmp0 (normalized, self->server_url) == 0)
    return;
  g_free (self->server_url);
  self->server_url = g_steal_pointer (&normalized);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SERVER_URL]);
}

const char *
bel_sync_client_get_server_url (BelSyncClient *self)
{
  g_return_val_if_fail (BEL_IS_SYNC_CLIENT (self), NULL);
  return self->server_url;
}

void
bel_sync_client_set_trusted_keys (BelSyncClient      *self,
                                  const char * const *keys)
{
  g_return_if_fail (BEL_IS_SYNC_CLIENT (self));

  g_ptr_array_set_size (self->keys, 0);
  for (guint i = 0; keys != NULL && keys[i] != NULL; i++)
    {
      g_autoptr(GError) error = NULL;
      BelMinisignPublicKey *key = bel_minisign_public_key_parse (keys[i], &error);

      if (key == NULL)
        g_warning ("Ignoring trusted key “%s”: %s", keys[i], error->message);
      else
        g_ptr_array_add (self->keys, key);
    }
}

gboolean
bel_sync_client_add_trusted_key_file (BelSyncClient  *self,
                                      const char     *path,
                                      GError        **error)
{
  BelMinisignPublicKey *key;

  g_return_val_if_fail (BEL_IS_SYNC_CLIENT (self), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  key = bel_minisign_public_key_load (path, error);
  if (key == NULL)
    return FALSE;
  g_ptr_array_add (self->keys, key);
  return TRUE;
}

guint
bel_sync_client_get_n_trusted_keys (BelSyncClient *self)
{
  g_return_val_if_fail (BEL_IS_SYNC_CLIENT (self), 0);
  return self->keys->len;
}

void
bel_sync_client_set_timeout (BelSyncClient *self,
                             guint          seconds)
{
  g_return_if_fail (BEL_IS_SYNC_CLIENT (self));
  self->timeout = seconds > 0 ? seconds : BEL_SYNC_DEFAULT_TIMEOUT;
}

void
bel_sync_client_load_settings (BelSyncClient *self,
                               GSettings     *settings)
{
  g_autofree char *url = NULL;
  g_auto(GStrv) keys = NULL;

  g_return_if_fail (BEL_IS_SYNC_CLIENT (self));
  g_return_if_fail (G_IS_SETTINGS (settings));

  url = g_settings_get_string (settings, "server-url");
  keys = g_settings_get_strv (settings, "trusted-public-keys");
  bel_sync_client_set_server_url (self, url);
  bel_sync_client_set_trusted_keys (self, (const char * const *)keys);
}

gboolean
bel_sync_client_get_busy (BelSyncClient *self)
{
  g_return_val_if_fail (BEL_IS_SYNC_CLIENT (self), FALSE);
  return self->busy;
}

static void
set_busy (BelSyncClient *self,
          gboolean       busy)
{
  if (self->busy == busy)
    return;
  self->busy = busy;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BUSY]);
}

static void
sync_done_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  BelSyncClient *self = BEL_SYNC_CLIENT (object);
  g_autoptr(GTask) task = user_data;
  Run *run = g_task_get_task_data (G_TASK (result));
  GError *error = NULL;

  set_busy (self, FALSE);
  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      g_task_return_error (task, error);
      return;
    }
  if (run->result == BEL_SYNC_RESULT_UPDATED)
    g_signal_emit (self, signals[CONTENT_UPDATED], 0, run->revision);
  g_task_return_int (task, run->result);
}

void
bel_sync_client_sync_content_async (BelSyncClient       *self,
                                    GCancellable        *cancellable,
                                    GAsyncReadyCallback  callback,
                                    gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GTask) worker = NULL;
  Run *run;

  g_return_if_fail (BEL_IS_SYNC_CLIENT (self));
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, bel_sync_client_sync_content_async);

  if (self->busy)
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_PENDING, "A sync is already running");
      return;
    }

  run = g_new0 (Run, 1);
  run->data_dir = g_strdup (self->data_dir);
  run->server_url = g_strdup (self->server_url);
  run->timeout = self->timeout;
  run->objects_dir = g_build_filename (self->data_dir, BEL_SYNC_OBJECTS_DIR, NULL);
  run->keys = g_ptr_array_new_with_free_func ((GDestroyNotify)bel_minisign_public_key_free);
  for (guint i = 0; i < self->keys->len; i++)
    g_ptr_array_add (run->keys, bel_minisign_public_key_copy (g_ptr_array_index (self->keys, i)));
  /* NULL-terminated, for bel_minisign_verify(); the free function ignores the NULL. */
  g_ptr_array_add (run->keys, NULL);

  set_busy (self, TRUE);
  worker = g_task_new (self, cancellable, sync_done_cb, g_steal_pointer (&task));
  g_task_set_source_tag (worker, sync_thread);
  g_task_set_task_data (worker, run, (GDestroyNotify)run_free);
  g_task_set_return_on_cancel (worker, FALSE);
  g_task_run_in_thread (worker, sync_thread);
}

gboolean
bel_sync_client_sync_content_finish (BelSyncClient  *self,
                                     GAsyncResult   *result,
                                     BelSyncResult  *out_result,
                                     GError        **error)
{
  gssize value;

  g_return_val_if_fail (BEL_IS_SYNC_CLIENT (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) ==
                        bel_sync_client_sync_content_async, FALSE);

  value = g_task_propagate_int (G_TASK (result), error);
  if (value < 0)
    return FALSE;
  if (out_result)
    *out_result = (BelSyncResult)value;
  return TRUE;
}
