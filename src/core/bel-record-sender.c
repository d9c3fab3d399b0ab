/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "bel-record-sender"

#include "config.h"

#include "bel-record-sender.h"

#include <string.h>

#include "bel-json.h"
#include "bel-sync-status.h"

struct _BelRecordSender
{
  GObject      parent_instance;

  BelOutbox   *outbox;
  SoupSession *session;
  char        *server_url;
  char        *token;
  guint        retry_after;
};

G_DEFINE_FINAL_TYPE (BelRecordSender, bel_record_sender, G_TYPE_OBJECT)

/* The server's answer to a batch lists at most 500 UUIDs and reasons. */
#define MAX_RESPONSE_SIZE  (1024 * 1024)
#define MAX_RESPONSE_DEPTH 8

static void
bel_record_sender_dispose (GObject *object)
{
  BelRecordSender *self = (BelRecordSender *)object;

  g_clear_object (&self->outbox);
  g_clear_object (&self->session);

  G_OBJECT_CLASS (bel_record_sender_parent_class)->dispose (object);
}

static void
bel_record_sender_finalize (GObject *object)
{
  BelRecordSender *self = (BelRecordSender *)object;

  g_clear_pointer (&self->server_url, g_free);
  if (self->token != NULL)
    memset (self->token, 0, strlen (self->token));
  g_clear_pointer (&self->token, g_free);

  G_OBJECT_CLASS (bel_record_sender_parent_class)->finalize (object);
}

static void
bel_record_sender_class_init (BelRecordSenderClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = bel_record_sender_dispose;
  object_class->finalize = bel_record_sender_finalize;
}

static void
bel_record_sender_init (BelRecordSender *self)
{
}

BelRecordSender *
bel_record_sender_new (BelOutbox   *outbox,
                       SoupSession *session)
{
  BelRecordSender *self;

  g_return_val_if_fail (BEL_IS_OUTBOX (outbox), NULL);
  g_return_val_if_fail (session == NULL || SOUP_IS_SESSION (session), NULL);

  self = g_object_new (BEL_TYPE_RECORD_SENDER, NULL);
  self->outbox = g_object_ref (outbox);
  if (session != NULL)
    self->session = g_object_ref (session);
  else
    self->session = soup_session_new_with_options ("proxy-resolver", NULL,
                                                   "timeout", 30,
                                                   "idle-timeout", 60,
                                                   "user-agent", "beledci/" PACKAGE_VERSION,
                                                   NULL);
  return self;
}

BelOutbox *
bel_record_sender_get_outbox (BelRecordSender *self)
{
  g_return_val_if_fail (BEL_IS_RECORD_SENDER (self), NULL);

  return self->outbox;
}

void
bel_record_sender_set_server (BelRecordSender *self,
                              const char      *server_url,
                              const char      *token)
{
  g_return_if_fail (BEL_IS_RECORD_SENDER (self));

  g_clear_pointer (&self->server_url, g_free);
  if (self->token != NULL)
    memset (self->token, 0, strlen (self->token));
  g_clear_pointer (&self->token, g_free);

  if (server_url != NULL && *server_url != '\0')
    {
      gsize len = strlen (server_url);

      while (len > 0 && server_url[len - 1] == '/')
        len--;
      self->server_url = g_strndup (server_url, len);
    }
  if (token != NULL && *token != '\0')
    self->token = g_strstrip (g_strdup (token));
}

guint
bel_record_sender_get_retry_after (BelRecordSender *self)
{
  g_return_val_if_fail (BEL_IS_RECORD_SENDER (self), 0);

  return self->retry_after;
}

guint
bel_parse_retry_after (const char *value,
                       gint64      now_unix)
{
  guint64 seconds = 0;
  char *end = NULL;

  if (value == NULL)
    return 0;
  while (*value == ' ')
    value++;
  if (*value == '\0')
    return 0;

  if (g_ascii_isdigit (*value))
    {
      seconds = g_ascii_strtoull (value, &end, 10);
      while (end != NULL && *end == ' ')
        end++;
      if (end == NULL || *end != '\0')
        return 0;
    }
  else
    {
      g_autoptr(GDateTime) when = soup_date_time_new_from_http_string (value);

      if (when == NULL || g_date_time_to_unix (when) <= now_unix)
        return 0;
      seconds = (guint64)(g_date_time_to_unix (when) - now_unix);
    }

  return (guint)MIN (seconds, 24 * 60 * 60);
}

static void
note_retry_after (BelRecordSender *self,
                  SoupMessage     *msg)
{
  const char *value = soup_message_headers_get_one (soup_message_get_response_headers (msg),
                                                    "Retry-After");

  self->retry_after = bel_parse_retry_after (value, g_get_real_time () / G_USEC_PER_SEC);
}

static SoupMessage *
new_post (BelRecordSender *self,
          const char      *path,
          JsonNode        *body,
          GError         **error)
{
  g_autofree char *url = NULL;
  g_autofree char *auth = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GUri) uri = NULL;
  SoupMessage *msg;
  char *text;

  if (self->server_url == NULL || self->token == NULL)
    {
      g_set_error_literal (error, BEL_SYNC_ERROR, BEL_SYNC_ERROR_NOT_CONFIGURED,
                           self->server_url == NULL ? "No server address is configured"
                                                    : "This kiosk has no enrolment token");
      return NULL;
    }

  url = g_strconcat (self->server_url, path, NULL);
  uri = g_uri_parse (url, SOUP_HTTP_URI_FLAGS, NULL);
  if (uri == NULL || (g_strcmp0 (g_uri_get_scheme (uri), "http") != 0 &&
                      g_strcmp0 (g_uri_get_scheme (uri), "https") != 0))
    {
      g_set_error (error, BEL_SYNC_ERROR, BEL_SYNC_ERROR_NOT_CONFIGURED,
                   "The server address “%s” is not an http or https URL", self->server_url);
      return NULL;
    }

  text = json_to_string (body, FALSE);
  bytes = g_bytes_new_take (text, strlen (text));
  msg = soup_message_new_from_uri (SOUP_METHOD_POST, uri);
  auth = g_strconcat ("Bearer ", self->token, NULL);
  soup_message_headers_replace (soup_message_get_request_headers (msg), "Authorization", auth);
  soup_message_headers_replace (soup_message_get_request_headers (msg), "Accept",
                                "application/json");
  soup_message_set_request_body_from_bytes (msg, "application/json", bytes);
  return msg;
}

/* A failed request's GError: the category first, the details for the log. */
static GError *
transport_error (const GError *error,
                 const char   *what)
{
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return g_error_copy (error);
  return g_error_new (BEL_SYNC_ERROR, bel_sync_error_categorize (error), "%s: %s",
                      what, error->message);
}

static GError *
status_error (SoupMessage *msg,
              const char  *what)
{
  guint status = soup_message_get_status (msg);
  const char *reason = soup_message_get_reason_phrase (msg);
  BelSyncError code;

  if (status == SOUP_STATUS_UNAUTHORIZED || status == SOUP_STATUS_FORBIDDEN)
    code = BEL_SYNC_ERROR_REJECTED_TOKEN;
  else if (status == SOUP_STATUS_BAD_REQUEST || status == SOUP_STATUS_CONFLICT ||
           status == SOUP_STATUS_UNPROCESSABLE_ENTITY ||
           status == SOUP_STATUS_REQUEST_ENTITY_TOO_LARGE)
    code = BEL_SYNC_ERROR_REJECTED_RECORDS;
  else
    code = BEL_SYNC_ERROR_SERVER_ERROR;

  return g_error_new (BEL_SYNC_ERROR, code, "%s: the server answered %u %s",
                      what, status, reason ? reason : "");
}

/* Sends a request and reads at most MAX_RESPONSE_SIZE bytes of the answer: a server cannot
 * make the kiosk hold more than that. The task's source object is the session. */

static void
answer_read_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GMemoryOutputStream *out = G_MEMORY_OUTPUT_STREAM (source);
  g_autoptr(GError) error = NULL;

  if (g_output_stream_splice_finish (G_OUTPUT_STREAM (out), result, &error) < 0)
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_NO_SPACE))
        g_task_return_new_error (task, BEL_SYNC_ERROR, BEL_SYNC_ERROR_SERVER_ERROR,
                                 "The server’s answer is larger than %d bytes",
                                 MAX_RESPONSE_SIZE);
      else
        g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  g_task_return_pointer (task, g_memory_output_stream_steal_as_bytes (out),
                         (GDestroyNotify)g_bytes_unref);
}

static void
request_sent_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GInputStream) in = NULL;
  g_autoptr(GOutputStream) out = NULL;
  GError *error = NULL;

  in = soup_session_send_finish (SOUP_SESSION (source), result, &error);
  if (in == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  /* A fixed buffer, no realloc function: a longer answer fails with NO_SPACE. */
  out = g_memory_output_stream_new (g_malloc (MAX_RESPONSE_SIZE), MAX_RESPONSE_SIZE, NULL,
                                    g_free);
  g_output_stream_splice_async (out, in,
                                G_OUTPUT_STREAM_SPLICE_CLOSE_SOURCE |
                                G_OUTPUT_STREAM_SPLICE_CLOSE_TARGET,
                                G_PRIORITY_DEFAULT, g_task_get_cancellable (task),
                                answer_read_cb, g_object_ref (task));
}

static void
send_bounded_async (SoupSession         *session,
                    SoupMessage         *msg,
                    GCancellable        *cancellable,
                    GAsyncReadyCallback  callback,
                    gpointer             user_data)
{
  GTask *task = g_task_new (session, cancellable, callback, user_data);

  g_task_set_source_tag (task, send_bounded_async);
  soup_session_send_async (session, msg, G_PRIORITY_DEFAULT, cancellable, request_sent_cb,
                           task);
}

static GBytes *
send_bounded_finish (SoupSession   *session,
                     GAsyncResult  *result,
                     GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, session), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/* Pushing */

typedef struct {
  guint          batch_size;
  GPtrArray     *batch;      /* of BelOutboxRecord */
  SoupMessage   *msg;
  BelPushResult  result;
} PushData;

static void
push_data_free (PushData *data)
{
  g_clear_pointer (&data->batch, g_ptr_array_unref);
  g_clear_object (&data->msg);
  g_free (data);
}

static void push_next (GTask *task);

static void
push_fail (GTask  *task,
           GError *error)
{
  BelRecordSender *self = g_task_get_source_object (task);

  if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      g_autoptr(GError) local_error = NULL;

      g_debug ("Sending records failed: %s", error->message);
      if (!bel_sync_status_record_records_error (bel_outbox_get_database (self->outbox), error,
                                                 g_get_real_time () / G_USEC_PER_SEC,
                                                 &local_error))
        g_warning ("Could not record the failure to send records: %s", local_error->message);
    }
  g_task_return_error (task, error);
}

static JsonNode *
build_batch (GPtrArray  *batch,
             GError    **error)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "records");
  json_builder_begin_array (builder);
  for (guint i = 0; i < batch->len; i++)
    {
      BelOutboxRecord *record = g_ptr_array_index (batch, i);
      g_autoptr(JsonNode) body = json_from_string (record->body, error);

      if (body == NULL)
        {
          g_prefix_error (error, "Record %s in the outbox is damaged: ", record->uuid);
          return NULL;
        }
      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "uuid");
      json_builder_add_string_value (builder, record->uuid);
      json_builder_set_member_name (builder, "kind");
      json_builder_add_string_value (builder, record->kind);
      json_builder_set_member_name (builder, "created");
      json_builder_add_string_value (builder, record->created);
      json_builder_set_member_name (builder, "body");
      json_builder_add_value (builder, g_steal_pointer (&body));
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  json_builder_end_object (builder);

  return json_builder_get_root (builder);
}

/* Applies the server's answer to the batch: deletes what it stored, sets aside what it refused
 * for good. Only UUIDs of this batch count, so a confused server cannot make the kiosk drop
 * records it never sent. Returns how many records left the queue. */
static gboolean
apply_answer (BelRecordSender  *self,
              PushData         *data,
              GBytes           *bytes,
              guint            *n_resolved,
              GError          **error)
{
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GHashTable) in_batch = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GPtrArray) stored = g_ptr_array_new ();
  g_autoptr(GError) parse_error = NULL;
  JsonNode *stored_node;
  JsonNode *rejected_node;
  guint n_deleted = 0;

  *n_resolved = 0;
  root = bel_json_parse_bytes (bytes, MAX_RESPONSE_SIZE, MAX_RESPONSE_DEPTH, &parse_error);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    {
      g_set_error (error, BEL_SYNC_ERROR, BEL_SYNC_ERROR_SERVER_ERROR,
                   "The server’s answer to a batch of records is not valid: %s",
                   parse_error ? parse_error->message : "not an object");
      return FALSE;
    }

  for (guint i = 0; i < data->batch->len; i++)
    {
      BelOutboxRecord *record = g_ptr_array_index (data->batch, i);
      g_hash_table_add (in_batch, record->uuid);
    }

  stored_node = json_object_get_member (json_node_get_object (root), "stored");
  if (stored_node != NULL && JSON_NODE_HOLDS_ARRAY (stored_node))
    {
      JsonArray *array = json_node_get_array (stored_node);

      for (guint i = 0; i < json_array_get_length (array); i++)
        {
          JsonNode *element = json_array_get_element (array, i);
          const char *uuid;

          if (JSON_NODE_TYPE (element) != JSON_NODE_VALUE ||
              json_node_get_value_type (element) != G_TYPE_STRING)
            continue;
          uuid = json_node_get_string (element);
          if (g_hash_table_remove (in_batch, uuid))
            g_ptr_array_add (stored, (gpointer)uuid);
        }
    }

  if (!bel_outbox_delete (self->outbox, (const char * const *)stored->pdata, stored->len,
                          &n_deleted, error))
    return FALSE;
  data->result.stored += n_deleted;
  *n_resolved += n_deleted;

  rejected_node = json_object_get_member (json_node_get_object (root), "rejected");
  if (rejected_node != NULL && JSON_NODE_HOLDS_ARRAY (rejected_node))
    {
      JsonArray *array = json_node_get_array (rejected_node);

      for (guint i = 0; i < json_array_get_length (array); i++)
        {
          JsonNode *element = json_array_get_element (array, i);
          JsonObject *object;
          JsonNode *member;
          const char *uuid = NULL;
          const char *reason = "refused";
          g_autofree char *why = NULL;

          if (!JSON_NODE_HOLDS_OBJECT (element))
            continue;
          object = json_node_get_object (element);
          member = json_object_get_member (object, "uuid");
          if (member != NULL && JSON_NODE_TYPE (member) == JSON_NODE_VALUE &&
              json_node_get_value_type (member) == G_TYPE_STRING)
            uuid = json_node_get_string (member);
          member = json_object_get_member (object, "reason");
          if (member != NULL && JSON_NODE_TYPE (member) == JSON_NODE_VALUE &&
              json_node_get_value_type (member) == G_TYPE_STRING)
            reason = json_node_get_string (member);

          if (uuid == NULL || !g_hash_table_remove (in_batch, uuid))
            continue;
          why = g_strndup (reason, 64);
          if (!bel_outbox_set_aside (self->outbox, uuid, why, error))
            return FALSE;
          data->result.set_aside++;
          *n_resolved += 1;
        }
    }

  return TRUE;
}

static void
push_sent_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  BelRecordSender *self = g_task_get_source_object (task);
  PushData *data = g_task_get_task_data (task);
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) error = NULL;
  guint status;
  guint n_resolved = 0;

  bytes = send_bounded_finish (SOUP_SESSION (source), result, &error);
  if (bytes == NULL)
    {
      push_fail (task, transport_error (error, "Sending records"));
      return;
    }

  status = soup_message_get_status (data->msg);
  g_debug ("POST /v1/records with %u records: %u", data->batch->len, status);

  switch (status)
    {
    case SOUP_STATUS_OK:
    case SOUP_STATUS_CONFLICT:
    case SOUP_STATUS_UNPROCESSABLE_ENTITY:
      data->result.batches++;
      if (!apply_answer (self, data, bytes, &n_resolved, &error))
        {
          push_fail (task, g_error_new (BEL_SYNC_ERROR, bel_sync_error_categorize (error),
                                        "%s", error->message));
          return;
        }
      if (status != SOUP_STATUS_OK)
        {
          push_fail (task, g_error_new (BEL_SYNC_ERROR, BEL_SYNC_ERROR_REJECTED_RECORDS,
                                        "The server refused %u records (%u %s); they are kept "
                                        "aside on the kiosk", data->result.set_aside, status,
                                        status == SOUP_STATUS_CONFLICT ? "conflict" : "invalid"));
          return;
        }
      if (n_resolved == 0)
        {
          /* Without this a server that acknowledges nothing would keep us sending forever. */
          push_fail (task, g_error_new_literal (BEL_SYNC_ERROR, BEL_SYNC_ERROR_SERVER_ERROR,
                                                "The server acknowledged none of the records "
                                                "it was sent"));
          return;
        }
      push_next (task);
      return;

    case SOUP_STATUS_REQUEST_ENTITY_TOO_LARGE:
      /* The server takes smaller requests than ours: halve the batch. A single record that
       * is still too large can never be sent, so it is set aside. */
      data->result.batches++;
      if (data->batch->len > 1)
        {
          data->batch_size = MAX (1, data->batch->len / 2);
          g_debug ("The server found a batch too large; sending %u at a time", data->batch_size);
          push_next (task);
          return;
        }
      else
        {
          BelOutboxRecord *record = g_ptr_array_index (data->batch, 0);

          if (!bel_outbox_set_aside (self->outbox, record->uuid, "too-large", &error))
            {
              push_fail (task, transport_error (error, "Setting a record aside"));
              return;
            }
          data->result.set_aside++;
          push_next (task);
          return;
        }

    default:
      note_retry_after (self, data->msg);
      push_fail (task, status_error (data->msg, "Sending records"));
      return;
    }
}

static void
push_next (GTask *task)
{
  BelRecordSender *self = g_task_get_source_object (task);
  PushData *data = g_task_get_task_data (task);
  g_autoptr(JsonNode) body = NULL;
  g_autoptr(GError) error = NULL;

  if (g_task_return_error_if_cancelled (task))
    return;

  g_clear_pointer (&data->batch, g_ptr_array_unref);
  g_clear_object (&data->msg);

  data->batch = bel_outbox_peek (self->outbox, data->batch_size, &error);
  if (data->batch == NULL)
    {
      push_fail (task, transport_error (error, "Reading the outbox"));
      return;
    }

  if (data->batch->len == 0)
    {
      g_autoptr(GError) local_error = NULL;

      if (!bel_sync_status_record_records_success (bel_outbox_get_database (self->outbox),
                                                   g_get_real_time () / G_USEC_PER_SEC,
                                                   &local_error))
        g_warning ("Could not record that records were sent: %s", local_error->message);
      g_task_return_boolean (task, TRUE);
      return;
    }

  body = build_batch (data->batch, &error);
  if (body != NULL)
    data->msg = new_post (self, "/v1/records", body, &error);
  if (data->msg == NULL)
    {
      push_fail (task, g_error_new (BEL_SYNC_ERROR,
                                    error->domain == BEL_SYNC_ERROR ? error->code
                                                                    : BEL_SYNC_ERROR_LOCAL,
                                    "%s", error->message));
      return;
    }

  send_bounded_async (self->session, data->msg, g_task_get_cancellable (task), push_sent_cb,
                      g_object_ref (task));
}

void
bel_record_sender_push_async (BelRecordSender     *self,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  PushData *data;

  g_return_if_fail (BEL_IS_RECORD_SENDER (self));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, bel_record_sender_push_async);
  data = g_new0 (PushData, 1);
  data->batch_size = BEL_OUTBOX_MAX_BATCH;
  g_task_set_task_data (task, data, (GDestroyNotify)push_data_free);

  self->retry_after = 0;
  push_next (task);
}

gboolean
bel_record_sender_push_finish (BelRecordSender  *self,
                               GAsyncResult     *result,
                               BelPushResult    *out_result,
                               GError          **error)
{
  PushData *data;

  g_return_val_if_fail (BEL_IS_RECORD_SENDER (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == bel_record_sender_push_async,
                        FALSE);

  data = g_task_get_task_data (G_TASK (result));
  if (out_result != NULL)
    *out_result = data->result;
  return g_task_propagate_boolean (G_TASK (result), error);
}

/* Heartbeat */

static char *
format_unix (gint64 unix_time)
{
  g_autoptr(GDateTime) dt = NULL;

  if (unix_time <= 0)
    return NULL;
  dt = g_date_time_new_from_unix_utc (unix_time);
  return dt ? g_date_time_format (dt, "%Y-%m-%dT%H:%M:%SZ") : NULL;
}

static void
set_string_or_null (JsonObject *object,
                    const char *name,
                    const char *value)
{
  if (value != NULL)
    json_object_set_string_member (object, name, value);
  else
    json_object_set_null_member (object, name);
}

JsonObject *
bel_record_sender_build_heartbeat (BelRecordSender  *self,
                                   GError          **error)
{
  g_autoptr(BelSyncStatus) status = NULL;
  g_autoptr(JsonObject) heartbeat = NULL;
  g_autoptr(GDateTime) now = NULL;
  g_autofree char *published = NULL;
  g_autofree char *last_success = NULL;
  g_autofree char *clock = NULL;
  BelSyncError code;
  gint64 pending;
  gint64 set_aside;

  g_return_val_if_fail (BEL_IS_RECORD_SENDER (self), NULL);

  status = bel_sync_status_load (bel_outbox_get_database (self->outbox), error);
  if (status == NULL)
    return NULL;
  pending = bel_outbox_count_pending (self->outbox, error);
  if (pending < 0)
    return NULL;
  set_aside = bel_outbox_count_set_aside (self->outbox, error);
  if (set_aside < 0)
    return NULL;

  now = g_date_time_new_now_utc ();
  clock = g_date_time_format (now, "%Y-%m-%dT%H:%M:%S.%fZ");
  published = format_unix (status->published);
  last_success = format_unix (status->content_checked);

  heartbeat = json_object_new ();
  json_object_set_int_member (heartbeat, "revision", status->revision);
  set_string_or_null (heartbeat, "revision_published", published);
  json_object_set_int_member (heartbeat, "pending", pending);
  json_object_set_int_member (heartbeat, "set_aside", set_aside);
  json_object_set_string_member (heartbeat, "clock", clock);
  json_object_set_string_member (heartbeat, "version", PACKAGE_VERSION);
  set_string_or_null (heartbeat, "last_error",
                      bel_sync_status_get_last_error (status, &code, NULL, NULL)
                        ? bel_sync_error_to_string (code) : NULL);
  set_string_or_null (heartbeat, "last_success", last_success);

  return g_steal_pointer (&heartbeat);
}

static void
heartbeat_sent_cb (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  BelRecordSender *self = g_task_get_source_object (task);
  SoupMessage *msg = g_task_get_task_data (task);
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) error = NULL;

  bytes = send_bounded_finish (SOUP_SESSION (source), result, &error);
  if (bytes == NULL)
    {
      g_task_return_error (task, transport_error (error, "Sending the heartbeat"));
      return;
    }

  if (soup_message_get_status (msg) != SOUP_STATUS_OK)
    {
      note_retry_after (self, msg);
      g_task_return_error (task, status_error (msg, "Sending the heartbeat"));
      return;
    }

  g_task_return_boolean (task, TRUE);
}

void
bel_record_sender_send_heartbeat_async (BelRecordSender     *self,
                                        GCancellable        *cancellable,
                                        GAsyncReadyCallback  callback,
                                        gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(JsonObject) heartbeat = NULL;
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(GError) error = NULL;
  SoupMessage *msg;

  g_return_if_fail (BEL_IS_RECORD_SENDER (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, bel_record_sender_send_heartbeat_async);
  self->retry_after = 0;

  heartbeat = bel_record_sender_build_heartbeat (self, &error);
  if (heartbeat == NULL)
    {
      g_task_return_new_error (task, BEL_SYNC_ERROR, bel_sync_error_categorize (error),
                               "Preparing the heartbeat: %s", error->message);
      return;
    }
  node = json_node_new (JSON_NODE_OBJECT);
  json_node_set_object (node, heartbeat);

  msg = new_post (self, "/v1/heartbeat", node, &error);
  if (msg == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  g_task_set_task_data (task, msg, g_object_unref);

  send_bounded_async (self->session, msg, cancellable, heartbeat_sent_cb,
                      g_steal_pointer (&task));
}

gboolean
bel_record_sender_send_heartbeat_finish (BelRecordSender  *self,
                                         GAsyncResult     *result,
                                         GError          **error)
{
  g_return_val_if_fail (BEL_IS_RECORD_SENDER (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/* Blocking wrappers */

static void
store_result_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  GAsyncResult **out = user_data;

  *out = g_object_ref (result);
}

gboolean
bel_record_sender_push_sync (BelRecordSender  *self,
                             GCancellable     *cancellable,
                             BelPushResult    *out_result,
                             GError          **error)
{
  g_autoptr(GMainContext) context = g_main_context_new ();
  g_autoptr(GAsyncResult) result = NULL;
  gboolean ok;

  g_return_val_if_fail (BEL_IS_RECORD_SENDER (self), FALSE);

  g_main_context_push_thread_default (context);
  bel_record_sender_push_async (self, cancellable, store_result_cb, &result);
  while (result == NULL)
    g_main_context_iteration (context, TRUE);
  ok = bel_record_sender_push_finish (self, result, out_result, error);
  g_main_context_pop_thread_default (context);

  return ok;
}

gboolean
bel_record_sender_send_heartbeat_sync (BelRecordSender  *self,
                                       GCancellable     *cancellable,
                                       GError          **error)
{
  g_autoptr(GMainContext) context = g_main_context_new ();
  g_autoptr(GAsyncResult) result = NULL;
  gboolean ok;

  g_return_val_if_fail (BEL_IS_RECORD_SENDER (self), FALSE);

  g_main_context_push_thread_default (context);
  bel_record_sender_send_heartbeat_async (self, cancellable, store_result_cb, &result);
  while (result == NULL)
    g_main_context_iteration (context, TRUE);
  ok = bel_record_sender_send_heartbeat_finish (self, result, error);
  g_main_context_pop_thread_default (context);

  return ok;
}
