/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "beledci-server"

#include "config.h"

#include "bel-server.h"

#include <string.h>
#include <sys/stat.h>
#include <glib/gstdio.h>

#include "bel-fleet.h"
#include "bel-manifest.h"
#include "bel-minisign.h"
#include "bel-server-records.h"

#define MANIFEST_NAME   "manifest.json"
#define SIGNATURE_NAME  "manifest.json.minisig"
#define LINGER_MS       2000
#define LISTEN_BACKLOG  4096

/* A request's Range header, taken off the request (see got_headers_cb). */
#define RANGE_KEY       "bel-server-range"

/* What identifies a file's version without reading it. */
typedef struct {
  gboolean exists;
  dev_t    dev;
  ino_t    ino;
  off_t    size;
  gint64   mtime_ns;
} FileStamp;

/* The manifest and its signature as last read, with the stamps of both files then. */
typedef struct {
  GBytes    *manifest;
  GBytes    *signature;
  char      *manifest_etag;
  char      *signature_etag;
  gint64     revision;         /* 0 if the manifest cannot be read */
  FileStamp  manifest_stamp;
  FileStamp  signature_stamp;
} Snapshot;

struct _BelServer
{
  GObject           parent_instance;

  SoupServer       *soup;
  BelDatabase      *db;
  BelServerRecords *records;
  char             *data_dir;
  char             *bundle_dir;
  gsize             max_body_size;
  guint             header_timeout;
  guint             idle_timeout;
  guint             port;

  Snapshot         *snapshot;
};

G_DEFINE_FINAL_TYPE (BelServer, bel_server, G_TYPE_OBJECT)

static void
snapshot_free (Snapshot *snapshot)
{
  if (snapshot == NULL)
    return;
  g_clear_pointer (&snapshot->manifest, g_bytes_unref);
  g_clear_pointer (&snapshot->signature, g_bytes_unref);
  g_free (snapshot->manifest_etag);
  g_free (snapshot->signature_etag);
  g_free (snapshot);
}

static char *
strong_etag (GBytes *bytes)
{
  g_autofree char *hex = bel_sha256_hex (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
  return g_strdup_printf ("\"%s\"", hex);
}

static GBytes *
read_capped (const char *path,
             gsize       max)
{
  g_autofree char *contents = NULL;
  gsize length = 0;

  if (!g_file_get_contents (path, &contents, &length, NULL) || length > max)
    return NULL;
  return g_bytes_new_take (g_steal_pointer (&contents), length);
}

static FileStamp
stamp_file (const char *path)
{
  FileStamp stamp = { 0 };
  struct stat st;

  if (stat (path, &st) == 0 && S_ISREG (st.st_mode))
    {
      stamp.exists = TRUE;
      stamp.dev = st.st_dev;
      stamp.ino = st.st_ino;
      stamp.size = st.st_size;
      stamp.mtime_ns = (gint64)st.st_mtim.tv_sec * G_GINT64_CONSTANT (1000000000) +
                       st.st_mtim.tv_nsec;
    }
  return stamp;
}

static gboolean
stamp_equal (const FileStamp *a,
             const FileStamp *b)
{
  return a->exists == b->exists && a->dev == b->dev && a->ino == b->ino &&
         a->size == b->size && a->mtime_ns == b->mtime_ns;
}

static gboolean
stamp_is_recent (const FileStamp *stamp)
{
  gint64 now_ns = g_get_real_time () * 1000;

  return stamp->exists && now_ns - stamp->mtime_ns < G_GINT64_CONSTANT (2000000000);
}

/* Re-reads the bundle when manifest.json or its signature changed since the last look (an
 * operator may re-sign with the minisign tool alone). Two stats per request are cheap next to
 * the request itself, and need no file monitor. */
static Snapshot *
current_snapshot (BelServer *self)
{
  g_autofree char *manifest_path = g_build_filename (self->bundle_dir, MANIFEST_NAME, NULL);
  g_autofree char *signature_path = g_build_filename (self->bundle_dir, SIGNATURE_NAME, NULL);
  g_autoptr(BelManifest) parsed = NULL;
  FileStamp manifest_stamp = stamp_file (manifest_path);
  FileStamp signature_stamp = stamp_file (signature_path);
  Snapshot *snapshot;

  if (!manifest_stamp.exists)
    {
      g_clear_pointer (&self->snapshot, snapshot_free);
      return NULL;
    }
  /* File times are only as fine as the kernel's clock tick and inode numbers are reused, so
   * a file rewritten within the last moments may carry the same stamp as before: read it
   * again then, as git does with "racily clean" files. */
  if (self->snapshot != NULL &&
      stamp_equal (&self->snapshot->manifest_stamp, &manifest_stamp) &&
      stamp_equal (&self->snapshot->signature_stamp, &signature_stamp) &&
      !stamp_is_recent (&manifest_stamp) && !stamp_is_recent (&signature_stamp))
    return self->snapshot;

  snapshot = g_new0 (Snapshot, 1);
  snapshot->manifest_stamp = manifest_stamp;
  snapshot->signature_stamp = signature_stamp;
  snapshot->manifest = read_capped (manifest_path, BEL_MANIFEST_MAX_SIZE * 16);
  snapshot->signature = read_capped (signature_path, BEL_MINISIGN_MAX_SIG_SIZE * 16);
  if (snapshot->manifest == NULL)
    {
      snapshot_free (snapshot);
      g_clear_pointer (&self->snapshot, snapshot_free);
      return NULL;
    }
  snapshot->manifest_etag = strong_etag (snapshot->manifest);
  if (snapshot->signature)
    snapshot->signature_etag = strong_etag (snapshot->signature);
  /* The server does not check the signature (kiosks do); it reads the revision for /healthz
   * and the log. */
  parsed = bel_manifest_parse (snapshot->manifest, NULL);
  snapshot->revision = parsed ? parsed->revision : 0;

  if (self->snapshot == NULL || self->snapshot->revision != snapshot->revision)
    g_message ("Serving bundle revision %" G_GINT64_FORMAT " from %s",
               snapshot->revision, self->bundle_dir);
  g_clear_pointer (&self->snapshot, snapshot_free);
  self->snapshot = snapshot;
  return snapshot;
}

/* Responses */

static void
respond_text (SoupServerMessage *msg,
              guint              status,
              const char        *line)
{
  g_autofree char *text = g_strconcat (line, "\n", NULL);
  gsize length = strlen (text);

  soup_server_message_set_status (msg, status, NULL);
  soup_server_message_set_response (msg, "text/plain; charset=utf-8", SOUP_MEMORY_TAKE,
                                    g_steal_pointer (&text), length);
}

static gboolean
etag_matches (const char *if_none_match,
              const char *etag)
{
  g_auto(GStrv) tags = NULL;

  if (if_none_match == NULL || etag == NULL)
    return FALSE;
  tags = g_strsplit (if_none_match, ",", 64);
  for (guint i = 0; tags[i] != NULL; i++)
    {
      const char *tag = g_strstrip (tags[i]);

      /* If-None-Match compares weakly. */
      if (g_str_has_prefix (tag, "W/"))
        tag += 2;
      if (g_str_equal (tag, "*") || g_str_equal (tag, etag))
        return TRUE;
    }
  return FALSE;
}

static gboolean
method_is_get (SoupServerMessage *msg)
{
  const char *method = soup_server_message_get_method (msg);

  if (method == SOUP_METHOD_GET || method == SOUP_METHOD_HEAD)
    return TRUE;
  soup_message_headers_replace (soup_server_message_get_response_headers (msg),
                                "Allow", "GET, HEAD");
  respond_text (msg, SOUP_STATUS_METHOD_NOT_ALLOWED, "method not allowed");
  return FALSE;
}

static void
serve_small (SoupServerMessage *msg,
             GBytes            *bytes,
             const char        *etag,
             const char        *content_type)
{
  SoupMessageHeaders *request = soup_server_message_get_request_headers (msg);
  SoupMessageHeaders *response = soup_server_message_get_response_headers (msg);

  soup_message_headers_replace (response, "ETag", etag);
  soup_message_headers_replace (response, "Cache-Control", "no-cache");
  if (etag_matches (soup_message_headers_get_one (request, "If-None-Match"), etag))
    {
      soup_server_message_set_status (msg, SOUP_STATUS_NOT_MODIFIED, NULL);
      return;
    }
  soup_server_message_set_status (msg, SOUP_STATUS_OK, NULL);
  soup_message_headers_set_content_type (response, content_type, NULL);
  soup_message_body_append_bytes (soup_server_message_get_response_body (msg), bytes);
}

static void
handle_healthz (BelServer         *self,
                SoupServerMessage *msg)
{
  Snapshot *snapshot = current_snapshot (self);
  g_autofree char *body = NULL;

  if (snapshot != NULL && snapshot->revision > 0)
    body = g_strdup_printf ("{\"status\": \"ok\", \"revision\": %" G_GINT64_FORMAT "}\n",
                            snapshot->revision);
  else
    body = g_strdup ("{\"status\": \"ok\", \"revision\": null}\n");
  soup_message_headers_replace (soup_server_message_get_response_headers (msg),
                                "Cache-Control", "no-store");
  soup_server_message_set_status (msg, SOUP_STATUS_OK, NULL);
  soup_server_message_set_response (msg, "application/json", SOUP_MEMORY_TAKE,
                                    g_steal_pointer (&body), strlen (body));
}

/* Reads a Range header of one range. Returns 1 with [*start, *end] for a satisfiable range,
 * -1 for an unsatisfiable one, and 0 when the header is absent or to be ignored (several
 * ranges, or a syntax this server does not follow: a server may always send the whole). */
static int
parse_range (const char *header,
             goffset     size,
             goffset    *start,
             goffset    *end)
{
  g_auto(GStrv) parts = NULL;
  const char *spec;
  guint64 a = 0, b = 0;

  if (header == NULL || !g_str_has_prefix (header, "bytes="))
    return 0;
  spec = header + strlen ("bytes=");
  if (strchr (spec, ',') != NULL)
    return 0;
  parts = g_strsplit (spec, "-", 3);
  if (g_strv_length (parts) != 2)
    return 0;
  g_strstrip (parts[0]);
  g_strstrip (parts[1]);

  if (parts[0][0] == '\0')
    {
      /* "bytes=-N": the last N bytes. */
      if (!g_ascii_string_to_unsigned (parts[1], 10, 0, G_MAXINT64, &b, NULL))
        return 0;
      if (b == 0 || size == 0)
        return -1;
      *start = size - (goffset)MIN (b, (guint64)size);
      *end = size - 1;
      return 1;
    }

  if (!g_ascii_string_to_unsigned (parts[0], 10, 0, G_MAXINT64, &a, NULL))
    return 0;
  if (parts[1][0] != '\0' &&
      (!g_ascii_string_to_unsigned (parts[1], 10, 0, G_MAXINT64, &b, NULL) || b < a))
    return 0;
  if ((goffset)a >= size)
    return -1;
  *start = (goffset)a;
  *end = parts[1][0] != '\0' ? MIN ((goffset)b, size - 1) : size - 1;
  return 1;
}

static void
handle_object (BelServer         *self,
               SoupServerMessage *msg,
               const char        *name)
{
  SoupMessageHeaders *request = soup_server_message_get_request_headers (msg);
  SoupMessageHeaders *response = soup_server_message_get_response_headers (msg);
  g_autofree char *path = NULL;
  g_autofree char *etag = NULL;
  g_autoptr(GMappedFile) mapped = NULL;
  g_autoptr(GBytes) bytes = NULL;
  goffset size, start = 0, end = 0;
  int range;

  /* Only a hash names an object: nothing else ever reaches the file system. */
  if (!bel_manifest_sha256_is_valid (name))
    {
      respond_text (msg, SOUP_STATUS_NOT_FOUND, "not found");
      return;
    }
  path = g_build_filename (self->bundle_dir, "objects", name, NULL);
  mapped = g_mapped_file_new (path, FALSE, NULL);
  if (mapped == NULL)
    {
      respond_text (msg, SOUP_STATUS_NOT_FOUND, "not found");
      return;
    }
  bytes = g_mapped_file_get_bytes (mapped);
  size = (goffset)g_bytes_get_size (bytes);

  etag = g_strdup_printf ("\"%s\"", name);
  soup_message_headers_replace (response, "ETag", etag);
  soup_message_headers_replace (response, "Accept-Ranges", "bytes");
  soup_message_headers_replace (response, "Cache-Control", "public, max-age=31536000, immutable");
  if (etag_matches (soup_message_headers_get_one (request, "If-None-Match"), etag))
    {
      soup_server_message_set_status (msg, SOUP_STATUS_NOT_MODIFIED, NULL);
      return;
    }

  range = parse_range (g_object_get_data (G_OBJECT (msg), RANGE_KEY), size, &start, &end);
  if (range < 0)
    {
      g_autofree char *content_range = g_strdup_printf ("bytes */%" G_GOFFSET_FORMAT, size);
      soup_message_headers_replace (response, "Content-Range", content_range);
      respond_text (msg, SOUP_STATUS_REQUESTED_RANGE_NOT_SATISFIABLE, "range not satisfiable");
      return;
    }

  soup_message_headers_set_content_type (response, "application/octet-stream", NULL);
  if (range > 0)
    {
      g_autoptr(GBytes) part = g_bytes_new_from_bytes (bytes, (gsize)start,
                                                       (gsize)(end - start + 1));
      soup_message_headers_set_content_range (response, start, end, size);
      soup_server_message_set_status (msg, SOUP_STATUS_PARTIAL_CONTENT, NULL);
      soup_message_body_append_bytes (soup_server_message_get_response_body (msg), part);
    }
  else
    {
      soup_server_message_set_status (msg, SOUP_STATUS_OK, NULL);
      soup_message_body_append_bytes (soup_server_message_get_response_body (msg), bytes);
    }
}

static void
handler_cb (SoupServer        *server,
            SoupServerMessage *msg,
            const char        *path,
            GHashTable        *query,
            gpointer           user_data)
{
  BelServer *self = user_data;
  Snapshot *snapshot;

  if (g_str_equal (path, "/healthz"))
    {
      if (method_is_get (msg))
        handle_healthz (self, msg);
      return;
    }

  if (g_str_equal (path, "/v1/" MANIFEST_NAME))
    {
      if (!method_is_get (msg))
        return;
      snapshot = current_snapshot (self);
      if (snapshot == NULL)
        respond_text (msg, SOUP_STATUS_NOT_FOUND, "no bundle is published");
      else
        serve_small (msg, snapshot->manifest, snapshot->manifest_etag, "application/json");
      return;
    }

  if (g_str_equal (path, "/v1/" SIGNATURE_NAME))
    {
      if (!method_is_get (msg))
        return;
      snapshot = current_snapshot (self);
      if (snapshot == NULL || snapshot->signature == NULL)
        respond_text (msg, SOUP_STATUS_NOT_FOUND, "no bundle is published");
      else
        serve_small (msg, snapshot->signature, snapshot->signature_etag,
                     "text/plain; charset=utf-8");
      return;
    }

  if (g_str_has_prefix (path, "/v1/objects/"))
    {
      if (method_is_get (msg))
        handle_object (self, msg, path + strlen ("/v1/objects/"));
      return;
    }

  respond_text (msg, SOUP_STATUS_NOT_FOUND, "not found");
}

/* Connection hygiene (docs/sync-protocol.md, 2.6) */

typedef enum {
  PHASE_HEADERS,   /* waiting for the request line and headers: a deadline */
  PHASE_BODY,      /* receiving the body, or handling and sending the response: idle time */
  PHASE_DONE,
} Phase;

typedef struct {
  SoupServerMessage *msg;      /* not a reference: the guard lives in the message's data */
  Phase              phase;
  guint              timer;
  gint64             started;        /* monotonic, microseconds */
  gint64             last_progress;  /* monotonic, microseconds */
  guint64            received;
  gsize              max_body_size;
  guint              header_timeout;
  guint              idle_timeout;
} Guard;

#define GUARD_KEY "bel-server-guard"

static void
guard_free (Guard *guard)
{
  g_clear_handle_id (&guard->timer, g_source_remove);
  g_free (guard);
}

static char *
remote_host (SoupServerMessage *msg)
{
  const char *host = soup_server_message_get_remote_host (msg);
  return g_strdup (host ? host : "?");
}

static void
log_request (SoupServerMessage *msg,
             guint              status,
             gint64             started)
{
  g_autofree char *remote = NULL;
  g_autofree char *status_text = NULL;
  const char *method;
  const char *path;
  GUri *uri;
  double ms;

  if (g_log_writer_default_would_drop (G_LOG_LEVEL_INFO, G_LOG_DOMAIN))
    return;
  remote = remote_host (msg);
  uri = soup_server_message_get_uri (msg);
  method = soup_server_message_get_method (msg);
  path = uri ? g_uri_get_path (uri) : NULL;
  status_text = g_strdup_printf ("%u", status);
  ms = started > 0 ? (g_get_monotonic_time () - started) / 1000.0 : 0.0;
  /* Fields for the journal; MESSAGE, last, is the line a person reads. */
  g_log_structured (G_LOG_DOMAIN, G_LOG_LEVEL_INFO,
                    "BELEDCI_REMOTE", remote,
                    "BELEDCI_METHOD", method ? method : "-",
                    "BELEDCI_PATH", path ? path : "-",
                    "BELEDCI_STATUS", status_text,
                    "MESSAGE", "%s %s %s %u %.1f ms", remote, method ? method : "-",
                    path ? path : "-", status, ms);
}

/* Closes the connection under a message that took too long. */
static void
cut_off (Guard      *guard,
         const char *why)
{
  SoupServerMessage *msg = g_object_ref (guard->msg);
  GSocket *socket = soup_server_message_get_socket (msg);
  g_autofree char *remote = remote_host (msg);

  g_info ("Closing the connection from %s: %s", remote, why);
  guard->phase = PHASE_DONE;
  /* The guard may be freed while the connection goes down: touch it no more. */
  if (socket != NULL)
    g_socket_shutdown (socket, TRUE, TRUE, NULL);
  g_object_unref (msg);
}

static gboolean guard_timeout_cb (gpointer user_data);

static void
guard_arm (Guard  *guard,
           gint64  due)
{
  gint64 now = g_get_monotonic_time ();
  guint ms = due > now ? (guint)MIN ((due - now + 999) / 1000, G_MAXUINT) : 0;

  g_clear_handle_id (&guard->timer, g_source_remove);
  guard->timer = g_timeout_add (ms, guard_timeout_cb, guard);
}

static gboolean
guard_timeout_cb (gpointer user_data)
{
  Guard *guard = user_data;
  gint64 now = g_get_monotonic_time ();
  gint64 due;

  guard->timer = 0;
  switch (guard->phase)
    {
    case PHASE_HEADERS:
      due = guard->started + (gint64)guard->header_timeout * G_USEC_PER_SEC;
      if (now >= due)
        {
          cut_off (guard, "no complete request in time");
          return G_SOURCE_REMOVE;
        }
      break;
    case PHASE_BODY:
      due = guard->last_progress + (gint64)guard->idle_timeout * G_USEC_PER_SEC;
      if (now >= due)
        {
          cut_off (guard, "idle for too long");
          return G_SOURCE_REMOVE;
        }
      break;
    case PHASE_DONE:
    default:
      return G_SOURCE_REMOVE;
    }
  /* Progress was made since the timer was set: wait for the rest. */
  guard_arm (guard, due);
  return G_SOURCE_REMOVE;
}

typedef struct {
  GIOStream *stream;
  GSocket   *socket;
  GSource   *source;
  guint      timeout;
} Linger;

static void
linger_finish (Linger *linger)
{
  g_clear_handle_id (&linger->timeout, g_source_remove);
  if (linger->source)
    {
      g_source_destroy (linger->source);
      g_clear_pointer (&linger->source, g_source_unref);
    }
  g_io_stream_close (linger->stream, NULL, NULL);
  g_clear_object (&linger->stream);
  g_clear_object (&linger->socket);
  g_free (linger);
}

static gboolean
linger_timeout_cb (gpointer user_data)
{
  Linger *linger = user_data;

  linger->timeout = 0;
  linger_finish (linger);
  return G_SOURCE_REMOVE;
}

static gboolean
linger_readable_cb (GSocket      *socket,
                    GIOCondition  condition,
                    gpointer      user_data)
{
  Linger *linger = user_data;
  char buffer[16 * 1024];
  gssize n;

  /* Read and drop what the client is still sending, so that closing does not reset the
   * connection before the client has read the 413. */
  n = g_socket_receive (socket, buffer, sizeof buffer, NULL, NULL);
  if (n > 0)
    return G_SOURCE_CONTINUE;
  g_clear_pointer (&linger->source, g_source_unref);
  linger_finish (linger);
  return G_SOURCE_REMOVE;
}

/* Answers 413 right away and closes the connection without reading the body. SoupServer reads
 * a body whatever its handlers say, so the connection is taken from it. */
static void
reject_too_large (Guard *guard)
{
  static const char response[] =
    "HTTP/1.1 413 Payload Too Large\r\n"
    "Content-Type: text/plain; charset=utf-8\r\n"
    "Content-Length: 25\r\n"
    "Connection: close\r\n"
    "\r\n"
    "request body is too large\n";
  SoupServerMessage *msg = g_object_ref (guard->msg);
  GIOStream *stream;
  Linger *linger;
  GSocket *socket;

  guard->phase = PHASE_DONE;
  g_clear_handle_id (&guard->timer, g_source_remove);
  log_request (msg, SOUP_STATUS_REQUEST_ENTITY_TOO_LARGE, guard->started);

  stream = soup_server_message_steal_connection (msg);
  g_object_unref (msg);
  if (stream == NULL)
    return;

  g_output_stream_write_all (g_io_stream_get_output_stream (stream), response,
                             sizeof response - 1, NULL, NULL, NULL);
  g_output_stream_flush (g_io_stream_get_output_stream (stream), NULL, NULL);

  socket = g_object_get_data (G_OBJECT (stream), "GSocket");
  if (socket == NULL && G_IS_SOCKET_CONNECTION (stream))
    socket = g_socket_connection_get_socket (G_SOCKET_CONNECTION (stream));
  if (socket == NULL)
    {
      g_io_stream_close (stream, NULL, NULL);
      g_object_unref (stream);
      return;
    }

  linger = g_new0 (Linger, 1);
  linger->stream = stream;
  linger->socket = g_object_ref (socket);
  g_socket_shutdown (socket, FALSE, TRUE, NULL);
  g_socket_set_blocking (socket, FALSE);
  linger->source = g_socket_create_source (socket, G_IO_IN | G_IO_HUP | G_IO_ERR, NULL);
  g_source_set_callback (linger->source, (GSourceFunc)(GCallback)linger_readable_cb, linger, NULL);
  g_source_attach (linger->source, NULL);
  linger->timeout = g_timeout_add (LINGER_MS, linger_timeout_cb, linger);
}

static void
got_headers_cb (SoupServerMessage *msg,
                Guard             *guard)
{
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (msg);

  const char *range;

  if (guard->phase != PHASE_HEADERS)
    return;
  guard->phase = PHASE_BODY;

  /* SoupServer answers a Range header by itself when a handler answers 200, and it trips
   * over absurd ranges; only objects honour Range, by our own rules, so the header is moved
   * out of its reach. */
  range = soup_message_headers_get_one (headers, "Range");
  if (range != NULL)
    {
      g_object_set_data_full (G_OBJECT (msg), RANGE_KEY, g_strdup (range), g_free);
      soup_message_headers_remove (headers, "Range");
    }
  guard->last_progress = g_get_monotonic_time ();
  guard->started = guard->last_progress;

  if (soup_message_headers_get_encoding (headers) == SOUP_ENCODING_CONTENT_LENGTH &&
      soup_message_headers_get_content_length (headers) > (goffset)guard->max_body_size)
    {
      reject_too_large (guard);
      return;
    }
  guard_arm (guard, guard->last_progress + (gint64)guard->idle_timeout * G_USEC_PER_SEC);
}

static void
got_chunk_cb (SoupServerMessage *msg,
              GBytes            *chunk,
              Guard             *guard)
{
  if (guard->phase != PHASE_BODY)
    return;
  guard->received += g_bytes_get_size (chunk);
  guard->last_progress = g_get_monotonic_time ();
  if (guard->received > guard->max_body_size)
    reject_too_large (guard);
}

static void
progress_cb (SoupServerMessage *msg,
             Guard             *guard)
{
  guard->last_progress = g_get_monotonic_time ();
}

static void
wrote_body_data_cb (SoupServerMessage *msg,
                    guint              chunk_size,
                    Guard             *guard)
{
  guard->last_progress = g_get_monotonic_time ();
}

static void
request_started_cb (SoupServer        *server,
                    SoupServerMessage *msg,
                    BelServer         *self)
{
  Guard *guard = g_new0 (Guard, 1);

  /* One request per connection. libsoup 3.2 never notices that a client closed a kept-alive
   * connection between two requests, so each such connection would hold a file descriptor
   * for ever; closing after every response keeps the server's resources bounded (a kiosk
   * makes a handful of requests per sync). */
  soup_message_headers_replace (soup_server_message_get_response_headers (msg),
                                "Connection", "close");

  guard->msg = msg;
  guard->phase = PHASE_HEADERS;
  guard->started = g_get_monotonic_time ();
  guard->last_progress = guard->started;
  guard->max_body_size = self->max_body_size;
  guard->header_timeout = self->header_timeout;
  guard->idle_timeout = self->idle_timeout;
  g_object_set_data_full (G_OBJECT (msg), GUARD_KEY, guard, (GDestroyNotify)guard_free);

  g_signal_connect (msg, "got-headers", G_CALLBACK (got_headers_cb), guard);
  g_signal_connect (msg, "got-chunk", G_CALLBACK (got_chunk_cb), guard);
  g_signal_connect (msg, "got-body", G_CALLBACK (progress_cb), guard);
  g_signal_connect (msg, "wrote-headers", G_CALLBACK (progress_cb), guard);
  g_signal_connect (msg, "wrote-body-data", G_CALLBACK (wrote_body_data_cb), guard);

  guard_arm (guard, guard->started + (gint64)self->header_timeout * G_USEC_PER_SEC);
}

static void
request_finished_cb (SoupServer        *server,
                     SoupServerMessage *msg,
                     BelServer         *self)
{
  Guard *guard = g_object_get_data (G_OBJECT (msg), GUARD_KEY);

  if (guard == NULL)
    return;
  if (guard->phase == PHASE_BODY)
    log_request (msg, soup_server_message_get_status (msg), guard->started);
  guard->phase = PHASE_DONE;
  g_clear_handle_id (&guard->timer, g_source_remove);
}

/* The object */

static void
bel_server_dispose (GObject *object)
{
  BelServer *self = (BelServer *)object;

  if (self->soup != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->soup, self);
      soup_server_disconnect (self->soup);
    }
  g_clear_object (&self->soup);
  g_clear_object (&self->records);
  g_clear_object (&self->db);

  G_OBJECT_CLASS (bel_server_parent_class)->dispose (object);
}

static void
bel_server_finalize (GObject *object)
{
  BelServer *self = (BelServer *)object;

  g_clear_pointer (&self->snapshot, snapshot_free);
  g_clear_pointer (&self->data_dir, g_free);
  g_clear_pointer (&self->bundle_dir, g_free);

  G_OBJECT_CLASS (bel_server_parent_class)->finalize (object);
}

static void
bel_server_class_init (BelServerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = bel_server_dispose;
  object_class->finalize = bel_server_finalize;
}

static void
bel_server_init (BelServer *self)
{
}

BelServer *
bel_server_new (const BelServerOptions  *options,
                GError                 **error)
{
  static const BelServerOptions defaults = { 0 };
  g_autoptr(BelServer) self = NULL;
  g_autoptr(BelFleet) fleet = NULL;
  g_autofree char *db_path = NULL;

  if (options == NULL)
    options = &defaults;

  self = g_object_new (BEL_TYPE_SERVER, NULL);
  self->data_dir = g_strdup (options->data_dir ? options->data_dir : ".");
  self->bundle_dir = options->bundle_dir ? g_strdup (options->bundle_dir)
                                         : g_build_filename (self->data_dir, "bundle", NULL);
  self->max_body_size = options->max_body_size ? options->max_body_size
                                               : BEL_SERVER_DEFAULT_MAX_BODY_SIZE;
  self->header_timeout = options->header_timeout ? options->header_timeout
                                                 : BEL_SERVER_DEFAULT_HEADER_TIMEOUT;
  self->idle_timeout = options->idle_timeout ? options->idle_timeout
                                             : BEL_SERVER_DEFAULT_IDLE_TIMEOUT;

  db_path = g_build_filename (self->data_dir, BEL_SERVER_DATABASE_NAME, NULL);
  self->db = bel_database_open (db_path, error);
  if (self->db == NULL)
    return NULL;

  self->soup = soup_server_new ("server-header", "beledci-server/" PACKAGE_VERSION " ", NULL);
  g_signal_connect (self->soup, "request-started", G_CALLBACK (request_started_cb), self);
  g_signal_connect (self->soup, "request-finished", G_CALLBACK (request_finished_cb), self);
  g_signal_connect (self->soup, "request-aborted", G_CALLBACK (request_finished_cb), self);
  soup_server_add_handler (self->soup, "/", handler_cb, self, NULL);

  /* The records half: POST /v1/records, /v1/heartbeat and the operator's endpoints. */
  fleet = bel_fleet_new (self->db, error);
  if (fleet == NULL)
    return NULL;
  self->records = bel_server_records_new (fleet, options->admin_token_sha256);
  bel_server_records_attach (self->records, self->soup);

  if (!g_file_test (self->bundle_dir, G_FILE_TEST_IS_DIR))
    g_message ("No bundle directory at %s yet: publish one with “beledci-admin publish”",
               self->bundle_dir);
  else
    current_snapshot (self);

  return g_steal_pointer (&self);
}

gboolean
bel_server_listen (BelServer   *self,
                   const char  *address,
                   guint        port,
                   GError     **error)
{
  g_autoptr(GInetAddress) inet = NULL;
  g_autoptr(GSocketAddress) socket_address = NULL;
  g_autoptr(GSocket) listener = NULL;
  GSList *uris;

  g_return_val_if_fail (BEL_IS_SERVER (self), FALSE);
  g_return_val_if_fail (address != NULL, FALSE);

  inet = g_inet_address_new_from_string (address);
  if (inet == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   "“%s” is not an IP address", address);
      return FALSE;
    }
  socket_address = g_inet_socket_address_new (inet, port);

  /* SoupServer would listen with GSocket's default backlog of 10: a thousand kiosks
   * connecting at once would wait for SYN retransmits, seconds each. */
  listener = g_socket_new (g_inet_address_get_family (inet), G_SOCKET_TYPE_STREAM,
                           G_SOCKET_PROTOCOL_TCP, error);
  if (listener == NULL)
    return FALSE;
  g_socket_set_listen_backlog (listener, LISTEN_BACKLOG);
  if (!g_socket_bind (listener, socket_address, TRUE, error) ||
      !g_socket_listen (listener, error) ||
      !soup_server_listen_socket (self->soup, listener, 0, error))
    return FALSE;

  uris = soup_server_get_uris (self->soup);
  if (uris != NULL)
    self->port = (guint)g_uri_get_port (uris->data);
  g_slist_free_full (uris, (GDestroyNotify)g_uri_unref);
  return TRUE;
}

guint
bel_server_get_port (BelServer *self)
{
  g_return_val_if_fail (BEL_IS_SERVER (self), 0);
  return self->port;
}

SoupServer *
bel_server_get_soup_server (BelServer *self)
{
  g_return_val_if_fail (BEL_IS_SERVER (self), NULL);
  return self->soup;
}

BelDatabase *
bel_server_get_database (BelServer *self)
{
  g_return_val_if_fail (BEL_IS_SERVER (self), NULL);
  return self->db;
}

const char *
bel_server_get_bundle_dir (BelServer *self)
{
  g_return_val_if_fail (BEL_IS_SERVER (self), NULL);
  return self->bundle_dir;
}
