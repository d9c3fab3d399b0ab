/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "bel-outbox"

#include "config.h"

#include "bel-outbox.h"

#include <string.h>

struct _BelOutbox
{
  GObject      parent_instance;

  BelDatabase *database;
};

G_DEFINE_FINAL_TYPE (BelOutbox, bel_outbox, G_TYPE_OBJECT)
G_DEFINE_QUARK (bel-outbox-error-quark, bel_outbox_error)

enum {
  PROP_0,
  PROP_DATABASE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* The meta key that remembers the last hour a heartbeat record was written for. */
#define HEARTBEAT_HOUR_KEY "outbox-heartbeat-hour"

void
bel_outbox_record_free (BelOutboxRecord *record)
{
  if (record == NULL)
    return;
  g_free (record->uuid);
  g_free (record->kind);
  g_free (record->created);
  g_free (record->body);
  g_free (record);
}

static void
bel_outbox_dispose (GObject *object)
{
  BelOutbox *self = (BelOutbox *)object;

  g_clear_object (&self->database);

  G_OBJECT_CLASS (bel_outbox_parent_class)->dispose (object);
}

static void
bel_outbox_get_property (GObject    *object,
                         guint       prop_id,
                         GValue     *value,
                         GParamSpec *pspec)
{
  BelOutbox *self = BEL_OUTBOX (object);

  switch (prop_id)
    {
    case PROP_DATABASE:
      g_value_set_object (value, self->database);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
bel_outbox_set_property (GObject      *object,
                         guint         prop_id,
                         const GValue *value,
                         GParamSpec   *pspec)
{
  BelOutbox *self = BEL_OUTBOX (object);

  switch (prop_id)
    {
    case PROP_DATABASE:
      self->database = g_value_dup_object (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
bel_outbox_class_init (BelOutboxClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = bel_outbox_dispose;
  object_class->get_property = bel_outbox_get_property;
  object_class->set_property = bel_outbox_set_property;

  properties[PROP_DATABASE] =
    g_param_spec_object ("database", NULL, NULL,
                         BEL_TYPE_DATABASE,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
bel_outbox_init (BelOutbox *self)
{
}

BelOutbox *
bel_outbox_new (BelDatabase *database)
{
  g_return_val_if_fail (BEL_IS_DATABASE (database), NULL);

  return g_object_new (BEL_TYPE_OUTBOX, "database", database, NULL);
}

BelDatabase *
bel_outbox_get_database (BelOutbox *self)
{
  g_return_val_if_fail (BEL_IS_OUTBOX (self), NULL);

  return self->database;
}

static gboolean
kind_is_valid (const char *kind)
{
  gsize len = strlen (kind);

  if (len == 0 || len > BEL_OUTBOX_MAX_KIND_LEN || !g_ascii_islower (kind[0]))
    return FALSE;
  for (gsize i = 0; i < len; i++)
    if (!g_ascii_islower (kind[i]) && kind[i] != '-')
      return FALSE;
  return TRUE;
}

/* The current time, to the hour: finer times could tie an event to the person who was seen
 * at the kiosk at that minute. */
static char *
current_hour (void)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();

  return g_date_time_format (now, "%Y-%m-%dT%H:00:00Z");
}

static char *
insert_record (BelOutbox   *self,
               const char  *kind,
               JsonObject  *body,
               GError     **error)
{
  g_autoptr(JsonNode) node = NULL;
  g_autofree char *text = NULL;
  g_autofree char *uuid = NULL;
  g_autofree char *created = NULL;
  sqlite3_stmt *stmt;
  gboolean ok;

  if (!kind_is_valid (kind))
    {
      g_set_error (error, BEL_OUTBOX_ERROR, BEL_OUTBOX_ERROR_INVALID,
                   "“%s” is not a record kind (lower-case letters and dashes, at most %d)",
                   kind, BEL_OUTBOX_MAX_KIND_LEN);
      return NULL;
    }

  node = json_node_new (JSON_NODE_OBJECT);
  if (body != NULL)
    json_node_set_object (node, body);
  else
    json_node_take_object (node, json_object_new ());
  text = json_to_string (node, FALSE);
  if (strlen (text) > BEL_OUTBOX_MAX_BODY_SIZE)
    {
      g_set_error (error, BEL_OUTBOX_ERROR, BEL_OUTBOX_ERROR_INVALID,
                   "A “%s” record’s body is %zu bytes, more than the %d allowed",
                   kind, strlen (text), BEL_OUTBOX_MAX_BODY_SIZE);
      return NULL;
    }

  uuid = g_uuid_string_random ();
  created = current_hour ();

  stmt = bel_database_prepare (self->database,
                               "INSERT INTO outbox (uuid, kind, created, body) VALUES (?, ?, ?, ?)",
                               error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, uuid, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, kind, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 3, created, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 4, text, -1, SQLITE_STATIC);
  ok = sqlite3_step (stmt) == SQLITE_DONE;
  if (!ok)
    bel_database_set_error (self->database, error, "Writing a record to the outbox");
  sqlite3_finalize (stmt);

  if (!ok)
    return NULL;

  return g_steal_pointer (&uuid);
}

char *
bel_outbox_add_in_transaction (BelOutbox   *self,
                               const char  *kind,
                               JsonObject  *body,
                               GError     **error)
{
  g_return_val_if_fail (BEL_IS_OUTBOX (self), NULL);
  g_return_val_if_fail (kind != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (sqlite3_get_autocommit (bel_database_get_handle (self->database)))
    {
      g_set_error_literal (error, BEL_OUTBOX_ERROR, BEL_OUTBOX_ERROR_NO_TRANSACTION,
                           "A record must be added inside the transaction that creates it");
      return NULL;
    }

  return insert_record (self, kind, body, error);
}

char *
bel_outbox_add (BelOutbox   *self,
                const char  *kind,
                JsonObject  *body,
                GError     **error)
{
  g_autofree char *uuid = NULL;

  g_return_val_if_fail (BEL_IS_OUTBOX (self), NULL);
  g_return_val_if_fail (kind != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!bel_database_begin (self->database, error))
    return NULL;
  uuid = insert_record (self, kind, body, error);
  if (uuid == NULL)
    {
      bel_database_rollback (self->database);
      return NULL;
    }
  if (!bel_database_commit (self->database, error))
    return NULL;

  return g_steal_pointer (&uuid);
}

GPtrArray *
bel_outbox_peek (BelOutbox  *self,
                 guint       max,
                 GError    **error)
{
  g_autoptr(GPtrArray) records = NULL;
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (BEL_IS_OUTBOX (self), NULL);

  max = CLAMP (max, 1, BEL_OUTBOX_MAX_BATCH);
  records = g_ptr_array_new_with_free_func ((GDestroyNotify)bel_outbox_record_free);

  stmt = bel_database_prepare (self->database,
                               "SELECT uuid, kind, created, body FROM outbox "
                               "WHERE set_aside IS NULL ORDER BY seq LIMIT ?",
                               error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int (stmt, 1, (int)max);

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      BelOutboxRecord *record = g_new0 (BelOutboxRecord, 1);

      record->uuid = g_strdup ((const char *)sqlite3_column_text (stmt, 0));
      record->kind = g_strdup ((const char *)sqlite3_column_text (stmt, 1));
      record->created = g_strdup ((const char *)sqlite3_column_text (stmt, 2));
      record->body = g_strdup ((const char *)sqlite3_column_text (stmt, 3));
      g_ptr_array_add (records, record);
    }
  if (rc != SQLITE_DONE)
    {
      bel_database_set_error (self->database, error, "Reading the outbox");
      sqlite3_finalize (stmt);
      return NULL;
    }
  sqlite3_finalize (stmt);

  return g_steal_pointer (&records);
}

gboolean
bel_outbox_delete (BelOutbox          *self,
                   const char * const *uuids,
                   guint               n_uuids,
                   guint              *n_deleted,
                   GError            **error)
{
  sqlite3_stmt *stmt;
  guint deleted = 0;

  g_return_val_if_fail (BEL_IS_OUTBOX (self), FALSE);
  g_return_val_if_fail (uuids != NULL || n_uuids == 0, FALSE);

  if (n_deleted != NULL)
    *n_deleted = 0;
  if (n_uuids == 0)
    return TRUE;

  if (!bel_database_begin (self->database, error))
    return FALSE;

  stmt = bel_database_prepare (self->database, "DELETE FROM outbox WHERE uuid = ?", error);
  if (stmt == NULL)
    {
      bel_database_rollback (self->database);
      return FALSE;
    }

  for (guint i = 0; i < n_uuids; i++)
    {
      sqlite3_bind_text (stmt, 1, uuids[i], -1, SQLITE_STATIC);
      if (sqlite3_step (stmt) != SQLITE_DONE)
        {
          bel_database_set_error (self->database, error, "Deleting sent records");
          sqlite3_finalize (stmt);
          bel_database_rollback (self->database);
          return FALSE;
        }
      deleted += sqlite3_changes (bel_database_get_handle (self->database));
      sqlite3_reset (stmt);
    }
  sqlite3_finalize (stmt);

  if (!bel_database_commit (self->database, error))
    return FALSE;

  if (n_deleted != NULL)
    *n_deleted = deleted;
  return TRUE;
}

gboolean
bel_outbox_set_aside (BelOutbox   *self,
                      const char  *uuid,
                      const char  *reason,
                      GError     **error)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autofree char *when = g_date_time_format_iso8601 (now);
  sqlite3_stmt *stmt;
  gboolean ok;

  g_return_val_if_fail (BEL_IS_OUTBOX (self), FALSE);
  g_return_val_if_fail (uuid != NULL, FALSE);

  stmt = bel_database_prepare (self->database,
                               "UPDATE outbox SET set_aside = ?, set_aside_at = ? WHERE uuid = ?",
                               error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, reason != NULL && *reason != '\0' ? reason : "refused", -1,
                     SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, when, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 3, uuid, -1, SQLITE_STATIC);
  ok = sqlite3_step (stmt) == SQLITE_DONE;
  if (!ok)
    bel_database_set_error (self->database, error, "Setting a refused record aside");
  sqlite3_finalize (stmt);

  if (ok)
    g_message ("The server refused record %s (%s); it is kept on the kiosk and not sent again",
               uuid, reason ? reason : "no reason given");
  return ok;
}

static gint64
count_where (BelOutbox   *self,
             const char  *sql,
             GError     **error)
{
  sqlite3_stmt *stmt;
  gint64 count = -1;

  stmt = bel_database_prepare (self->database, sql, error);
  if (stmt == NULL)
    return -1;
  if (sqlite3_step (stmt) == SQLITE_ROW)
    count = sqlite3_column_int64 (stmt, 0);
  else
    bel_database_set_error (self->database, error, "Counting records");
  sqlite3_finalize (stmt);
  return count;
}

gint64
bel_outbox_count_pending (BelOutbox  *self,
                          GError    **error)
{
  g_return_val_if_fail (BEL_IS_OUTBOX (self), -1);

  return count_where (self, "SELECT count(*) FROM outbox WHERE set_aside IS NULL", error);
}

gint64
bel_outbox_count_set_aside (BelOutbox  *self,
                            GError    **error)
{
  g_return_val_if_fail (BEL_IS_OUTBOX (self), -1);

  return count_where (self, "SELECT count(*) FROM outbox WHERE set_aside IS NOT NULL", error);
}

static gboolean
lang_is_valid (const char *lang)
{
  return g_strcmp0 (lang, "az") == 0 || g_strcmp0 (lang, "ru") == 0 ||
         g_strcmp0 (lang, "en") == 0;
}

/* A catalogue id: short, and made of the characters catalogue ids use. Anything else could be
 * text a citizen typed, which must never reach the outbox. */
static gboolean
id_is_valid (const char *id)
{
  gsize len;

  if (id == NULL)
    return FALSE;
  len = strlen (id);
  if (len == 0 || len > 64)
    return FALSE;
  for (gsize i = 0; i < len; i++)
    if (!g_ascii_isalnum (id[i]) && id[i] != '-' && id[i] != '_' && id[i] != '.')
      return FALSE;
  return TRUE;
}

gboolean
bel_outbox_record_service_viewed (BelOutbox   *self,
                                  const char  *service_id,
                                  const char  *lang,
                                  GError     **error)
{
  g_autoptr(JsonObject) body = NULL;
  g_autofree char *uuid = NULL;

  g_return_val_if_fail (BEL_IS_OUTBOX (self), FALSE);

  if (!id_is_valid (service_id) || !lang_is_valid (lang))
    {
      g_set_error_literal (error, BEL_OUTBOX_ERROR, BEL_OUTBOX_ERROR_INVALID,
                           "A service-viewed record needs a catalogue id and a language");
      return FALSE;
    }

  body = json_object_new ();
  json_object_set_string_member (body, "service", service_id);
  json_object_set_string_member (body, "lang", lang);
  uuid = bel_outbox_add (self, BEL_RECORD_KIND_SERVICE_VIEWED, body, error);
  return uuid != NULL;
}

const char *
bel_outbox_length_bucket (const char *query)
{
  glong chars = 0;

  if (query != NULL && g_utf8_validate (query, -1, NULL))
    {
      g_autofree char *stripped = g_strstrip (g_strdup (query));
      chars = g_utf8_strlen (stripped, -1);
    }

  if (chars <= 3)
    return "1-3";
  if (chars <= 7)
    return "4-7";
  if (chars <= 15)
    return "8-15";
  return "16+";
}

static const char *
words_bucket (const char *query)
{
  g_auto(GStrv) words = NULL;
  guint n = 0;

  if (query == NULL || !g_utf8_validate (query, -1, NULL))
    return "1";
  words = g_strsplit_set (query, " \t\n\r", -1);
  for (guint i = 0; words[i] != NULL; i++)
    if (words[i][0] != '\0')
      n++;
  if (n <= 1)
    return "1";
  if (n == 2)
    return "2";
  return "3+";
}

gboolean
bel_outbox_record_search_no_results (BelOutbox   *self,
                                     const char  *lang,
                                     const char  *query,
                                     const char  *category_id,
                                     GError     **error)
{
  g_autoptr(JsonObject) body = NULL;
  g_autofree char *uuid = NULL;

  g_return_val_if_fail (BEL_IS_OUTBOX (self), FALSE);

  if (!lang_is_valid (lang) || (category_id != NULL && !id_is_valid (category_id)))
    {
      g_set_error_literal (error, BEL_OUTBOX_ERROR, BEL_OUTBOX_ERROR_INVALID,
                           "A search-no-results record needs a language and, if any, a "
                           "catalogue category id");
      return FALSE;
    }

  /* Only the shape of the query leaves this function, never its text. */
  body = json_object_new ();
  json_object_set_string_member (body, "lang", lang);
  json_object_set_string_member (body, "length", bel_outbox_length_bucket (query));
  json_object_set_string_member (body, "words", words_bucket (query));
  if (category_id != NULL)
    json_object_set_string_member (body, "category", category_id);
  uuid = bel_outbox_add (self, BEL_RECORD_KIND_SEARCH_NO_RESULTS, body, error);
  return uuid != NULL;
}

gboolean
bel_outbox_record_heartbeat (BelOutbox   *self,
                             gint64       revision,
                             GError     **error)
{
  g_autoptr(JsonObject) body = NULL;
  g_autofree char *hour = current_hour ();
  g_autofree char *last = NULL;
  g_autofree char *uuid = NULL;

  g_return_val_if_fail (BEL_IS_OUTBOX (self), FALSE);

  if (!bel_database_begin (self->database, error))
    return FALSE;

  /* Read inside the transaction (BEGIN IMMEDIATE), so two callers cannot both write one. */
  last = bel_database_get_meta (self->database, HEARTBEAT_HOUR_KEY);
  if (g_strcmp0 (last, hour) == 0)
    {
      bel_database_rollback (self->database);
      return TRUE;
    }

  body = json_object_new ();
  json_object_set_int_member (body, "revision", revision);
  json_object_set_string_member (body, "version", PACKAGE_VERSION);
  uuid = insert_record (self, BEL_RECORD_KIND_HEARTBEAT, body, error);
  if (uuid == NULL ||
      !bel_database_set_meta (self->database, HEARTBEAT_HOUR_KEY, hour, error))
    {
      bel_database_rollback (self->database);
      return FALSE;
    }
  return bel_database_commit (self->database, error);
}
