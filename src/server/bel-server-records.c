/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "bel-server-records"

#include "config.h"

#include "bel-server-records.h"

#include <string.h>

#include "bel-json.h"
#include "bel-outbox.h"

/* Writes wait here, their requests paused, until the next flush commits them together. */
typedef enum {
  WRITE_RECORDS,
  WRITE_HEARTBEAT,
} WriteKind;

typedef struct {
  WriteKind          kind;
  SoupServerMessage *msg;
  gint64             kiosk_id;
  GBytes            *body;
  gint64             received_ms;
} PendingWrite;

struct _BelServerRecords
{
  GObject   parent_instance;

  BelFleet *fleet;
  char     *admin_token_sha256;

  GQueue    pending;
  gboolean  flushing;
  /* The writer: a connection of its own to the same database, used by one flush at a time
   * on a worker thread, so that the main thread goes on answering while a commit waits for
   * the disk. NULL until the first flush opens it. */
  BelFleet *writer;
};

G_DEFINE_FINAL_TYPE (BelServerRecords, bel_server_records, G_TYPE_OBJECT)

/* The kiosk a request was authenticated as, set by the early handler. */
#define KIOSK_ID_KEY "bel-kiosk-id"

/* How long a kiosk should wait when the database could not take its records. */
#define BUSY_RETRY_AFTER "5"

/* Group commit: the writes that arrive while a commit is waiting for the disk share the next
 * one, so a thousand kiosks cost a few fsyncs rather than a thousand. */
#define MAX_GROUP_WRITES    256

static void
pending_write_free (PendingWrite *write)
{
  g_clear_object (&write->msg);
  g_clear_pointer (&write->body, g_bytes_unref);
  g_free (write);
}

static void
bel_server_records_finalize (GObject *object)
{
  BelServerRecords *self = (BelServerRecords *)object;

  g_queue_clear_full (&self->pending, (GDestroyNotify)pending_write_free);
  g_clear_object (&self->writer);
  g_clear_object (&self->fleet);
  g_clear_pointer (&self->admin_token_sha256, g_free);

  G_OBJECT_CLASS (bel_server_records_parent_class)->finalize (object);
}

static void
bel_server_records_class_init (BelServerRecordsClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = bel_server_records_finalize;
}

static void
bel_server_records_init (BelServerRecords *self)
{
}

BelServerRecords *
bel_server_records_new (BelFleet   *fleet,
                        const char *admin_token_sha256)
{
  BelServerRecords *self;

  g_return_val_if_fail (BEL_IS_FLEET (fleet), NULL);

  self = g_object_new (BEL_TYPE_SERVER_RECORDS, NULL);
  self->fleet = g_object_ref (fleet);
  if (admin_token_sha256 != NULL && *admin_token_sha256 != '\0')
    self->admin_token_sha256 = g_ascii_strdown (admin_token_sha256, -1);
  return self;
}

BelFleet *
bel_server_records_get_fleet (BelServerRecords *self)
{
  g_return_val_if_fail (BEL_IS_SERVER_RECORDS (self), NULL);

  return self->fleet;
}

/* Errors are one line of text/plain (docs/sync-protocol.md, section 2). */
static void
respond_text (SoupServerMessage *msg,
              guint              status,
              const char        *line)
{
  g_autofree char *text = g_strconcat (line, "\n", NULL);
  gsize len = strlen (text);

  soup_server_message_set_status (msg, status, NULL);
  soup_server_message_set_response (msg, "text/plain; charset=utf-8", SOUP_MEMORY_TAKE,
                                    g_steal_pointer (&text), len);
}

static void
respond_json (SoupServerMessage *msg,
              guint              status,
              JsonNode          *node)
{
  gsize len = 0;
  char *text = json_to_string (node, FALSE);

  len = strlen (text);
  soup_server_message_set_status (msg, status, NULL);
  soup_server_message_set_response (msg, "application/json", SOUP_MEMORY_TAKE, text, len);
}

static gboolean
method_allowed (SoupServerMessage *msg,
                const char        *allow)
{
  const char *method = soup_server_message_get_method (msg);
  g_auto(GStrv) allowed = g_strsplit (allow, ", ", -1);

  if (g_strv_contains ((const char * const *)allowed, method))
    return TRUE;

  soup_message_headers_replace (soup_server_message_get_response_headers (msg), "Allow", allow);
  respond_text (msg, SOUP_STATUS_METHOD_NOT_ALLOWED, "method not allowed");
  return FALSE;
}

static char *
request_token (SoupServerMessage *msg)
{
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (msg);

  return bel_fleet_parse_bearer (soup_message_headers_get_one (headers, "Authorization"));
}

static void
unauthorized (SoupServerMessage *msg,
              const char        *line)
{
  soup_message_headers_replace (soup_server_message_get_response_headers (msg),
                                "WWW-Authenticate", "Bearer realm=\"beledci\"");
  respond_text (msg, SOUP_STATUS_UNAUTHORIZED, line);
}

/* Kiosk endpoints: the token is checked as soon as the headers are in, so a revoked kiosk gets
 * its 401 without the server parsing its batch. */
static void
kiosk_early_cb (SoupServer        *server,
                SoupServerMessage *msg,
                const char        *path,
                GHashTable        *query,
                gpointer           user_data)
{
  BelServerRecords *self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *token = NULL;
  gint64 kiosk_id;

  if (!g_str_equal (path, "/v1/records") && !g_str_equal (path, "/v1/heartbeat"))
    {
      respond_text (msg, SOUP_STATUS_NOT_FOUND, "not found");
      return;
    }
  if (!method_allowed (msg, "POST"))
    return;

  token = request_token (msg);
  kiosk_id = bel_fleet_authenticate (self->fleet, token, &error);
  if (kiosk_id < 0)
    {
      if (g_error_matches (error, BEL_FLEET_ERROR, BEL_FLEET_ERROR_UNAUTHORIZED))
        {
          g_info ("%s: refused a kiosk token (%s)", path, error->message);
          unauthorized (msg, "unknown or revoked kiosk token");
        }
      else
        {
          g_warning ("%s: %s", path, error->message);
          soup_message_headers_replace (soup_server_message_get_response_headers (msg),
                                        "Retry-After", BUSY_RETRY_AFTER);
          respond_text (msg, SOUP_STATUS_SERVICE_UNAVAILABLE, "database unavailable");
        }
      return;
    }

  g_object_set_data_full (G_OBJECT (msg), KIOSK_ID_KEY, g_memdup2 (&kiosk_id, sizeof kiosk_id),
                          g_free);
}

static gboolean
get_kiosk_id (SoupServerMessage *msg,
              gint64            *kiosk_id)
{
  gint64 *stored = g_object_get_data (G_OBJECT (msg), KIOSK_ID_KEY);

  if (stored == NULL)
    return FALSE;
  *kiosk_id = *stored;
  return TRUE;
}

/* Parses a request body under the protocol's limits. On failure answers the request and
 * returns NULL. */
static JsonNode *
parse_body (SoupServerMessage *msg,
            gsize              max_size)
{
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) error = NULL;
  JsonNode *root;

  bytes = soup_message_body_flatten (soup_server_message_get_request_body (msg));
  if (g_bytes_get_size (bytes) > max_size)
    {
      soup_message_headers_replace (soup_server_message_get_response_headers (msg),
                                    "Connection", "close");
      respond_text (msg, SOUP_STATUS_REQUEST_ENTITY_TOO_LARGE, "request body too large");
      return NULL;
    }

  root = bel_json_parse_bytes (bytes, max_size, BEL_RECORDS_MAX_DEPTH, &error);
  if (root == NULL)
    {
      g_autofree char *line = g_strdup (error->message);

      g_strdelimit (line, "\r\n", ' ');
      respond_text (msg, SOUP_STATUS_BAD_REQUEST, line);
      return NULL;
    }
  if (!JSON_NODE_HOLDS_OBJECT (root))
    {
      json_node_unref (root);
      respond_text (msg, SOUP_STATUS_BAD_REQUEST, "the body must be a JSON object");
      return NULL;
    }
  return root;
}

static void queue_write (BelServerRecords  *self,
                         WriteKind          kind,
                         SoupServerMessage *msg,
                         gint64             kiosk_id,
                         GBytes            *body);
static void start_flush (BelServerRecords *self);

/* Members read without json-glib's type assertions, which would abort on hostile input. */
static const char *
json_string_member (JsonObject *object,
                    const char *name)
{
  JsonNode *node = json_object_get_member (object, name);

  if (node == NULL || JSON_NODE_TYPE (node) != JSON_NODE_VALUE ||
      json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;
  return json_node_get_string (node);
}

static gboolean
json_true_member (JsonObject *object,
                  const char *name)
{
  JsonNode *node = json_object_get_member (object, name);

  return node != NULL && JSON_NODE_TYPE (node) == JSON_NODE_VALUE &&
         json_node_get_value_type (node) == G_TYPE_BOOLEAN && json_node_get_boolean (node);
}

static void
queue_request (SoupServerMessage *msg,
               BelServerRecords  *self,
               WriteKind          kind)
{
  g_autoptr(GBytes) body = NULL;
  gint64 kiosk_id;

  if (!get_kiosk_id (msg, &kiosk_id))
    {
      unauthorized (msg, "unknown or revoked kiosk token");
      return;
    }

  /* The body limit of the whole server (max-body-size, 2 MiB by default) was enforced before
   * the body was read; a full batch of 500 records fits in it. Parsing and checking happen
   * on the writer thread, so the main thread stays free for other requests. */
  body = soup_message_body_flatten (soup_server_message_get_request_body (msg));
  queue_write (self, kind, msg, kiosk_id, g_steal_pointer (&body));
}

static void
records_cb (SoupServer        *server,
            SoupServerMessage *msg,
            const char        *path,
            GHashTable        *query,
            gpointer           user_data)
{
  queue_request (msg, user_data, WRITE_RECORDS);
}

static void
heartbeat_cb (SoupServer        *server,
              SoupServerMessage *msg,
              const char        *path,
              GHashTable        *query,
              gpointer           user_data)
{
  queue_request (msg, user_data, WRITE_HEARTBEAT);
}

/* Parses and checks a queued request's body. Returns 0 and the root object, or the status
 * to answer with and a one-line reason. */
static guint
check_request (PendingWrite  *write,
               JsonNode     **root_out,
               char         **reason)
{
  gsize max_size = write->kind == WRITE_HEARTBEAT ? BEL_RECORDS_MAX_HEARTBEAT_SIZE : G_MAXSIZE;
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GError) error = NULL;
  JsonNode *records;

  if (g_bytes_get_size (write->body) > max_size)
    {
      *reason = g_strdup ("request body too large");
      return SOUP_STATUS_REQUEST_ENTITY_TOO_LARGE;
    }
  root = bel_json_parse_bytes (write->body, G_MAXSIZE, BEL_RECORDS_MAX_DEPTH, &error);
  if (root == NULL)
    {
      *reason = g_strdup (error->message);
      g_strdelimit (*reason, "\r\n", ' ');
      return SOUP_STATUS_BAD_REQUEST;
    }
  if (!JSON_NODE_HOLDS_OBJECT (root))
    {
      *reason = g_strdup ("the body must be a JSON object");
      return SOUP_STATUS_BAD_REQUEST;
    }

  if (write->kind == WRITE_RECORDS)
    {
      records = json_object_get_member (json_node_get_object (root), "records");
      if (records == NULL || !JSON_NODE_HOLDS_ARRAY (records))
        {
          *reason = g_strdup ("“records” must be an array");
          return SOUP_STATUS_BAD_REQUEST;
        }
      if (json_array_get_length (json_node_get_array (records)) > BEL_OUTBOX_MAX_BATCH)
        {
          *reason = g_strdup_printf ("too many records in one batch (at most %d)",
                                     BEL_OUTBOX_MAX_BATCH);
          return SOUP_STATUS_REQUEST_ENTITY_TOO_LARGE;
        }
    }

  *root_out = g_steal_pointer (&root);
  return 0;
}

static void
answer_heartbeat (SoupServerMessage *msg,
                  gint64             now_ms)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) answer = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_from_unix_utc (now_ms / 1000);
  g_autofree char *now_text = g_date_time_format (now, "%Y-%m-%dT%H:%M:%SZ");

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "server_time");
  json_builder_add_string_value (builder, now_text);
  json_builder_end_object (builder);
  answer = json_builder_get_root (builder);
  respond_json (msg, SOUP_STATUS_OK, answer);
}

static void
answer_busy (SoupServerMessage *msg)
{
  soup_message_headers_replace (soup_server_message_get_response_headers (msg),
                                "Retry-After", BUSY_RETRY_AFTER);
  respond_text (msg, SOUP_STATUS_SERVICE_UNAVAILABLE, "database unavailable; nothing stored");
}

typedef struct {
  GPtrArray *group;      /* of PendingWrite */
  GPtrArray *answers;    /* of JsonNode */
  GArray    *statuses;   /* of guint */
  gboolean   ok;
} Flush;

static void
flush_free (Flush *flush)
{
  g_ptr_array_unref (flush->group);
  g_ptr_array_unref (flush->answers);
  g_array_unref (flush->statuses);
  g_free (flush);
}

/* The writer's own connection. Only a flush touches it, and one flush runs at a time. */
static BelFleet *
get_writer (BelServerRecords  *self,
            GError           **error)
{
  const char *path = bel_database_get_path (bel_fleet_get_database (self->fleet));
  g_autoptr(BelDatabase) db = NULL;

  if (self->writer != NULL)
    return self->writer;
  db = bel_database_open_at_version (path, 0, error);
  if (db == NULL)
    return NULL;
  /* Records land at random places of the UUID index: keep its pages in memory. */
  if (!bel_database_exec (db, "PRAGMA cache_size = -65536", error))
    return NULL;
  self->writer = bel_fleet_new (db, error);
  return self->writer;
}

/* Commits a group of writes in one transaction. Runs on a worker thread, or on the main
 * thread for a database in memory (which a second connection could not share). */
static void
flush_write_group (BelServerRecords *self,
                   BelFleet         *fleet,
                   Flush            *flush)
{
  BelDatabase *db = bel_fleet_get_database (fleet);
  g_autoptr(GError) error = NULL;
  gboolean ok;

  g_array_set_size (flush->statuses, flush->group->len);
  ok = bel_database_begin (db, &error);
  for (guint i = 0; ok && i < flush->group->len; i++)
    {
      PendingWrite *write = g_ptr_array_index (flush->group, i);
      g_autoptr(GError) local_error = NULL;
      g_autoptr(JsonNode) root = NULL;
      g_autofree char *reason = NULL;
      JsonNode *answer = NULL;
      guint status;

      status = check_request (write, &root, &reason);
      if (status != 0)
        answer = json_node_init_string (json_node_alloc (), reason);
      else if (write->kind == WRITE_RECORDS)
        {
          JsonObject *request = json_node_get_object (root);
          JsonArray *records = json_object_get_array_member (request, "records");

          status = bel_fleet_store_records_in_transaction (fleet, write->kiosk_id, records,
                                                           &answer, &local_error);
        }
      else if (bel_fleet_heartbeat (fleet, write->kiosk_id, json_node_get_object (root),
                                    write->received_ms, &local_error))
        status = SOUP_STATUS_OK;
      else if (g_error_matches (local_error, BEL_FLEET_ERROR, BEL_FLEET_ERROR_INVALID))
        {
          /* Refused before anything was written: the others go on. */
          status = SOUP_STATUS_UNPROCESSABLE_ENTITY;
          answer = json_node_init_string (json_node_alloc (), local_error->message);
        }
      else
        status = 0;

      if (status == 0)
        {
          g_propagate_error (&error, g_steal_pointer (&local_error));
          ok = FALSE;
        }
      g_array_index (flush->statuses, guint, i) = status;
      g_ptr_array_add (flush->answers, answer ? answer : json_node_new (JSON_NODE_NULL));
    }
  if (ok)
    ok = bel_database_commit (db, &error);
  else
    bel_database_rollback (db);

  if (!ok)
    g_warning ("Could not store %u writes: %s", flush->group->len, error->message);
  flush->ok = ok;
}

static void
flush_thread (GTask        *task,
              gpointer      source_object,
              gpointer      task_data,
              GCancellable *cancellable)
{
  BelServerRecords *self = source_object;
  Flush *flush = task_data;
  g_autoptr(GError) error = NULL;
  BelFleet *writer = get_writer (self, &error);

  if (writer == NULL)
    {
      g_warning ("Could not open the database for writing: %s", error->message);
      flush->ok = FALSE;
    }
  else
    flush_write_group (self, writer, flush);
  g_task_return_boolean (task, TRUE);
}

/* Answers each request of a committed (or failed) group: "stored" means on disk. */
static void
answer_group (Flush *flush)
{
  for (guint i = 0; i < flush->group->len; i++)
    {
      PendingWrite *write = g_ptr_array_index (flush->group, i);
      JsonNode *answer = i < flush->answers->len ? g_ptr_array_index (flush->answers, i) : NULL;
      guint status = i < flush->statuses->len ? g_array_index (flush->statuses, guint, i) : 0;

      if (!flush->ok)
        answer_busy (write->msg);
      else if (answer != NULL && JSON_NODE_HOLDS_VALUE (answer))
        {
          if (status == SOUP_STATUS_REQUEST_ENTITY_TOO_LARGE)
            soup_message_headers_replace (soup_server_message_get_response_headers (write->msg),
                                          "Connection", "close");
          respond_text (write->msg, status, json_node_get_string (answer));
        }
      else if (write->kind == WRITE_RECORDS)
        respond_json (write->msg, status, answer);
      else
        answer_heartbeat (write->msg, write->received_ms);
      soup_server_message_unpause (write->msg);
    }
}

static void
flush_done_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  BelServerRecords *self = BEL_SERVER_RECORDS (source);
  Flush *flush = g_task_get_task_data (G_TASK (result));

  if (flush->group->len > 1)
    g_debug ("Committed %u writes together", flush->group->len);
  answer_group (flush);
  self->flushing = FALSE;
  start_flush (self);
}

/* Takes what is queued and commits it; what arrives meanwhile waits for the next flush. */
static void
start_flush (BelServerRecords *self)
{
  g_autoptr(GTask) task = NULL;
  Flush *flush;
  const char *path = bel_database_get_path (bel_fleet_get_database (self->fleet));

  if (self->flushing || g_queue_is_empty (&self->pending))
    return;

  flush = g_new0 (Flush, 1);
  flush->group = g_ptr_array_new_with_free_func ((GDestroyNotify)pending_write_free);
  flush->answers = g_ptr_array_new_with_free_func ((GDestroyNotify)json_node_unref);
  flush->statuses = g_array_new (FALSE, TRUE, sizeof (guint));
  while (flush->group->len < MAX_GROUP_WRITES && !g_queue_is_empty (&self->pending))
    g_ptr_array_add (flush->group, g_queue_pop_head (&self->pending));

  if (path == NULL || g_str_equal (path, ":memory:"))
    {
      flush_write_group (self, self->fleet, flush);
      answer_group (flush);
      flush_free (flush);
      if (!g_queue_is_empty (&self->pending))
        start_flush (self);
      return;
    }

  self->flushing = TRUE;
  task = g_task_new (self, NULL, flush_done_cb, NULL);
  g_task_set_source_tag (task, start_flush);
  g_task_set_task_data (task, flush, (GDestroyNotify)flush_free);
  g_task_run_in_thread (task, flush_thread);
}

static void
queue_write (BelServerRecords  *self,
             WriteKind          kind,
             SoupServerMessage *msg,
             gint64             kiosk_id,
             GBytes            *body)
{
  PendingWrite *write = g_new0 (PendingWrite, 1);

  write->kind = kind;
  write->msg = g_object_ref (msg);
  write->kiosk_id = kiosk_id;
  write->body = body;
  write->received_ms = g_get_real_time () / 1000;
  g_queue_push_tail (&self->pending, write);
  soup_server_message_pause (msg);
  start_flush (self);
}

/* Operator endpoints: the admin token from the server config. */
static void
admin_early_cb (SoupServer        *server,
                SoupServerMessage *msg,
                const char        *path,
                GHashTable        *query,
                gpointer           user_data)
{
  BelServerRecords *self = user_data;
  g_autofree char *token = NULL;

  if (g_str_has_prefix (path, "/v1/fleet") && !g_str_equal (path, "/v1/fleet"))
    {
      respond_text (msg, SOUP_STATUS_NOT_FOUND, "not found");
      return;
    }
  if (!method_allowed (msg, g_str_equal (path, "/v1/fleet") ? "GET, HEAD" : "POST"))
    return;

  if (self->admin_token_sha256 == NULL)
    {
      respond_text (msg, SOUP_STATUS_FORBIDDEN,
                    "the admin API is off: set admin-token-sha256 in the server config");
      return;
    }

  token = request_token (msg);
  if (!bel_fleet_token_matches_hex (token, self->admin_token_sha256))
    {
      g_info ("%s: refused an admin token", path);
      unauthorized (msg, "wrong admin token");
      return;
    }

  g_object_set_data (G_OBJECT (msg), "bel-admin", GINT_TO_POINTER (TRUE));
}

static gboolean
is_admin (SoupServerMessage *msg)
{
  if (g_object_get_data (G_OBJECT (msg), "bel-admin") != NULL)
    return TRUE;
  unauthorized (msg, "wrong admin token");
  return FALSE;
}

static void
fleet_cb (SoupServer        *server,
          SoupServerMessage *msg,
          const char        *path,
          GHashTable        *query,
          gpointer           user_data)
{
  BelServerRecords *self = user_data;
  g_autoptr(JsonNode) fleet = NULL;
  g_autoptr(GError) error = NULL;

  if (!is_admin (msg))
    return;
  if (!g_str_equal (path, "/v1/fleet"))
    {
      respond_text (msg, SOUP_STATUS_NOT_FOUND, "not found");
      return;
    }

  fleet = bel_fleet_to_json (self->fleet, &error);
  if (fleet == NULL)
    {
      g_warning ("Could not list the fleet: %s", error->message);
      respond_text (msg, SOUP_STATUS_SERVICE_UNAVAILABLE, "database unavailable");
      return;
    }
  respond_json (msg, SOUP_STATUS_OK, fleet);
}

static void
fleet_error (SoupServerMessage *msg,
             GError            *error)
{
  if (g_error_matches (error, BEL_FLEET_ERROR, BEL_FLEET_ERROR_EXISTS))
    respond_text (msg, SOUP_STATUS_CONFLICT, error->message);
  else if (g_error_matches (error, BEL_FLEET_ERROR, BEL_FLEET_ERROR_NOT_FOUND))
    respond_text (msg, SOUP_STATUS_NOT_FOUND, error->message);
  else if (g_error_matches (error, BEL_FLEET_ERROR, BEL_FLEET_ERROR_INVALID))
    respond_text (msg, SOUP_STATUS_UNPROCESSABLE_ENTITY, error->message);
  else
    {
      g_warning ("Fleet change failed: %s", error->message);
      respond_text (msg, SOUP_STATUS_SERVICE_UNAVAILABLE, "database unavailable");
    }
}

static void
kiosks_cb (SoupServer        *server,
           SoupServerMessage *msg,
           const char        *path,
           GHashTable        *query,
           gpointer           user_data)
{
  BelServerRecords *self = user_data;
  g_autoptr(GError) error = NULL;

  if (!is_admin (msg))
    return;

  if (g_str_equal (path, "/v1/kiosks"))
    {
      g_autoptr(JsonNode) root = NULL;
      g_autoptr(JsonBuilder) builder = NULL;
      g_autoptr(JsonNode) answer = NULL;
      g_autofree char *token = NULL;
      JsonObject *request;
      const char *name;
      gboolean new_token;

      root = parse_body (msg, BEL_RECORDS_MAX_ADMIN_SIZE);
      if (root == NULL)
        return;
      request = json_node_get_object (root);
      name = json_string_member (request, "name");
      new_token = json_true_member (request, "new_token");

      token = bel_fleet_add_kiosk (self->fleet, name, new_token, &error);
      if (token == NULL)
        {
          fleet_error (msg, error);
          return;
        }

      builder = json_builder_new ();
      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "name");
      json_builder_add_string_value (builder, name);
      json_builder_set_member_name (builder, "token");
      json_builder_add_string_value (builder, token);
      json_builder_end_object (builder);
      answer = json_builder_get_root (builder);
      /* The token must not sit in any cache on the way back. */
      soup_message_headers_replace (soup_server_message_get_response_headers (msg),
                                    "Cache-Control", "no-store");
      respond_json (msg, new_token ? SOUP_STATUS_OK : SOUP_STATUS_CREATED, answer);
      return;
    }

  if (g_str_has_prefix (path, "/v1/kiosks/") && g_str_has_suffix (path, "/revoke"))
    {
      g_autofree char *name = g_strndup (path + strlen ("/v1/kiosks/"),
                                         strlen (path) - strlen ("/v1/kiosks/") -
                                         strlen ("/revoke"));

      if (!bel_fleet_name_is_valid (name))
        {
          respond_text (msg, SOUP_STATUS_NOT_FOUND, "no such kiosk");
          return;
        }
      if (!bel_fleet_revoke_kiosk (self->fleet, name, &error))
        {
          fleet_error (msg, error);
          return;
        }
      respond_text (msg, SOUP_STATUS_OK, "revoked");
      return;
    }

  respond_text (msg, SOUP_STATUS_NOT_FOUND, "not found");
}

void
bel_server_records_attach (BelServerRecords *self,
                           SoupServer       *server)
{
  g_return_if_fail (BEL_IS_SERVER_RECORDS (self));
  g_return_if_fail (SOUP_IS_SERVER (server));

  /* Early and normal handlers for a path are matched together, so each path gets both. */
  soup_server_add_early_handler (server, "/v1/records", kiosk_early_cb,
                                 g_object_ref (self), g_object_unref);
  soup_server_add_handler (server, "/v1/records", records_cb,
                           g_object_ref (self), g_object_unref);
  soup_server_add_early_handler (server, "/v1/heartbeat", kiosk_early_cb,
                                 g_object_ref (self), g_object_unref);
  soup_server_add_handler (server, "/v1/heartbeat", heartbeat_cb,
                           g_object_ref (self), g_object_unref);
  soup_server_add_early_handler (server, "/v1/fleet", admin_early_cb,
                                 g_object_ref (self), g_object_unref);
  soup_server_add_handler (server, "/v1/fleet", fleet_cb,
                           g_object_ref (self), g_object_unref);
  soup_server_add_early_handler (server, "/v1/kiosks", admin_early_cb,
                                 g_object_ref (self), g_object_unref);
  soup_server_add_handler (server, "/v1/kiosks", kiosks_cb,
                           g_object_ref (self), g_object_unref);
}
