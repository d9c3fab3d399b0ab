/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "bel-sync-status"

#include "config.h"

#include "bel-sync-status.h"

#include <errno.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>

#include "bel-catalogue.h"
#include "bel-manifest.h"
#include "bel-minisign.h"

G_DEFINE_QUARK (bel-sync-error-quark, bel_sync_error)

static const char * const category_ids[BEL_SYNC_ERROR_N_CATEGORIES] = {
  [BEL_SYNC_ERROR_NO_NETWORK] = "no-network",
  [BEL_SYNC_ERROR_SERVER_UNREACHABLE] = "server-unreachable",
  [BEL_SYNC_ERROR_SERVER_ERROR] = "server-error",
  [BEL_SYNC_ERROR_CONNECTION_LOST] = "connection-lost",
  [BEL_SYNC_ERROR_REJECTED_TOKEN] = "rejected-token",
  [BEL_SYNC_ERROR_REJECTED_RECORDS] = "rejected-records",
  [BEL_SYNC_ERROR_BAD_SIGNATURE] = "bad-signature",
  [BEL_SYNC_ERROR_ROLLBACK] = "rollback",
  [BEL_SYNC_ERROR_EXPIRED] = "expired",
  [BEL_SYNC_ERROR_HASH_MISMATCH] = "hash-mismatch",
  [BEL_SYNC_ERROR_TOO_LARGE] = "too-large",
  [BEL_SYNC_ERROR_MALFORMED] = "malformed",
  [BEL_SYNC_ERROR_DISK_FULL] = "disk-full",
  [BEL_SYNC_ERROR_LOCAL] = "local-error",
  [BEL_SYNC_ERROR_NOT_CONFIGURED] = "not-configured",
};

const char *
bel_sync_error_to_string (BelSyncError code)
{
  if ((guint)code >= BEL_SYNC_ERROR_N_CATEGORIES)
    return "local-error";
  return category_ids[code];
}

gboolean
bel_sync_error_from_string (const char   *str,
                            BelSyncError *out)
{
  if (str == NULL)
    return FALSE;
  for (guint i = 0; i < BEL_SYNC_ERROR_N_CATEGORIES; i++)
    if (g_str_equal (str, category_ids[i]))
      {
        if (out)
          *out = (BelSyncError)i;
        return TRUE;
      }
  return FALSE;
}

const char *
bel_sync_error_describe (BelSyncError code)
{
  switch (code)
    {
    case BEL_SYNC_ERROR_NO_NETWORK:
      return _("The kiosk has no network connection");
    case BEL_SYNC_ERROR_SERVER_UNREACHABLE:
      return _("The server did not answer");
    case BEL_SYNC_ERROR_SERVER_ERROR:
      return _("The server answered with an error");
    case BEL_SYNC_ERROR_CONNECTION_LOST:
      return _("The connection broke during a download; it will resume");
    case BEL_SYNC_ERROR_REJECTED_TOKEN:
      return _("The server refused this kiosk’s token; enrol the kiosk again");
    case BEL_SYNC_ERROR_REJECTED_RECORDS:
      return _("The server refused some records as invalid");
    case BEL_SYNC_ERROR_BAD_SIGNATURE:
      return _("The update is not signed by a trusted key");
    case BEL_SYNC_ERROR_ROLLBACK:
      return _("The server offered older content than the kiosk has");
    case BEL_SYNC_ERROR_EXPIRED:
      return _("The newest update has expired; publish a new one");
    case BEL_SYNC_ERROR_HASH_MISMATCH:
      return _("A downloaded file is not the one the update lists");
    case BEL_SYNC_ERROR_TOO_LARGE:
      return _("A downloaded file is bigger than allowed");
    case BEL_SYNC_ERROR_MALFORMED:
      return _("The update is invalid");
    case BEL_SYNC_ERROR_DISK_FULL:
      return _("The kiosk’s disk is full");
    case BEL_SYNC_ERROR_NOT_CONFIGURED:
      return _("No server or no trusted key is set");
    case BEL_SYNC_ERROR_LOCAL:
    default:
      return _("A problem on the kiosk itself");
    }
}

BelSyncError
bel_sync_error_categorize (const GError *error)
{
  if (error == NULL)
    return BEL_SYNC_ERROR_LOCAL;

  if (error->domain == BEL_SYNC_ERROR && (guint)error->code < BEL_SYNC_ERROR_N_CATEGORIES)
    return (BelSyncError)error->code;
  if (error->domain == BEL_MINISIGN_ERROR)
    return BEL_SYNC_ERROR_BAD_SIGNATURE;
  if (error->domain == BEL_MANIFEST_ERROR)
    return error->code == BEL_MANIFEST_ERROR_TOO_LARGE ? BEL_SYNC_ERROR_TOO_LARGE
                                                        : BEL_SYNC_ERROR_MALFORMED;
  if (error->domain == BEL_CATALOGUE_ERROR)
    return BEL_SYNC_ERROR_MALFORMED;
  if (error->domain == BEL_DATABASE_ERROR)
    return error->code == BEL_DATABASE_ERROR_FULL ? BEL_SYNC_ERROR_DISK_FULL
                                                   : BEL_SYNC_ERROR_LOCAL;
  if (error->domain == G_RESOLVER_ERROR)
    return BEL_SYNC_ERROR_SERVER_UNREACHABLE;
  if (error->domain == G_IO_ERROR)
    switch (error->code)
      {
      case G_IO_ERROR_NO_SPACE:
        return BEL_SYNC_ERROR_DISK_FULL;
      case G_IO_ERROR_NETWORK_UNREACHABLE:
      case G_IO_ERROR_HOST_UNREACHABLE:
        return BEL_SYNC_ERROR_NO_NETWORK;
      case G_IO_ERROR_CONNECTION_REFUSED:
      case G_IO_ERROR_TIMED_OUT:
      case G_IO_ERROR_HOST_NOT_FOUND:
      case G_IO_ERROR_PROXY_FAILED:
        return BEL_SYNC_ERROR_SERVER_UNREACHABLE;
      case G_IO_ERROR_CONNECTION_CLOSED:   /* also G_IO_ERROR_BROKEN_PIPE */
      case G_IO_ERROR_PARTIAL_INPUT:
      case G_IO_ERROR_NOT_CONNECTED:
        return BEL_SYNC_ERROR_CONNECTION_LOST;
      default:
        break;
      }
  if (error->domain == G_FILE_ERROR && error->code == G_FILE_ERROR_NOSPC)
    return BEL_SYNC_ERROR_DISK_FULL;
  return BEL_SYNC_ERROR_LOCAL;
}

/* The status */

void
bel_sync_status_free (BelSyncStatus *status)
{
  if (status == NULL)
    return;
  g_free (status->channel);
  g_free (status->manifest_sha256);
  g_free (status->etag);
  g_free (status->content_error_message);
  g_free (status->records_error_message);
  g_free (status);
}

static char *
checked_file_path (BelDatabase *db)
{
  const char *path = bel_database_get_path (db);
  g_autofree char *dir = NULL;

  if (path == NULL || g_str_equal (path, ":memory:"))
    return NULL;
  dir = g_path_get_dirname (path);
  return g_build_filename (dir, "sync-checked", NULL);
}

static gint64
read_checked_file (BelDatabase *db)
{
  g_autofree char *path = checked_file_path (db);
  g_autofree char *text = NULL;
  gint64 when = 0;

  if (path != NULL && g_file_get_contents (path, &text, NULL, NULL))
    bel_manifest_parse_time (g_strstrip (text), &when);
  return when;
}

static char *
column_text (sqlite3_stmt *stmt,
             int           column)
{
  return g_strdup ((const char *)sqlite3_column_text (stmt, column));
}

static gint64
count_pending_records (BelDatabase *db)
{
  sqlite3_stmt *stmt;
  gint64 count = -1;

  /* The outbox belongs to the records half; its table may not exist in an older database. */
  stmt = bel_database_prepare (db,
                               "SELECT count(*) FROM sqlite_master "
                               "WHERE type = 'table' AND name = 'outbox'", NULL);
  if (stmt == NULL)
    return -1;
  if (sqlite3_step (stmt) != SQLITE_ROW || sqlite3_column_int (stmt, 0) == 0)
    {
      sqlite3_finalize (stmt);
      return -1;
    }
  sqlite3_finalize (stmt);

  stmt = bel_database_prepare (db, "SELECT count(*) FROM outbox WHERE set_aside IS NULL", NULL);
  if (stmt == NULL)
    return -1;
  if (sqlite3_step (stmt) == SQLITE_ROW)
    count = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  return count;
}

BelSyncStatus *
bel_sync_status_load (BelDatabase  *db,
                      GError      **error)
{
  g_autoptr(BelSyncStatus) status = NULL;
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (BEL_IS_DATABASE (db), NULL);

  stmt = bel_database_prepare (db,
                               "SELECT revision, published, channel, manifest_sha256, etag,"
                               "       time_floor, content_checked,"
                               "       content_error, content_error_message, content_error_time,"
                               "       records_success,"
                               "       records_error, records_error_message, records_error_time "
                               "FROM sync_state WHERE id = 1",
                               error);
  if (stmt == NULL)
    return NULL;

  status = g_new0 (BelSyncStatus, 1);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    {
      const char *category;

      status->revision = sqlite3_column_int64 (stmt, 0);
      status->published = sqlite3_column_int64 (stmt, 1);
      status->channel = column_text (stmt, 2);
      status->manifest_sha256 = column_text (stmt, 3);
      status->etag = column_text (stmt, 4);
      status->time_floor = sqlite3_column_int64 (stmt, 5);
      status->content_checked = sqlite3_column_int64 (stmt, 6);
      category = (const char *)sqlite3_column_text (stmt, 7);
      status->has_content_error = bel_sync_error_from_string (category, &status->content_error);
      status->content_error_message = column_text (stmt, 8);
      status->content_error_time = sqlite3_column_int64 (stmt, 9);
      status->records_success = sqlite3_column_int64 (stmt, 10);
      category = (const char *)sqlite3_column_text (stmt, 11);
      status->has_records_error = bel_sync_error_from_string (category, &status->records_error);
      status->records_error_message = column_text (stmt, 12);
      status->records_error_time = sqlite3_column_int64 (stmt, 13);
    }
  else if (rc != SQLITE_DONE)
    {
      bel_database_set_error (db, error, "Reading the sync status");
      sqlite3_finalize (stmt);
      return NULL;
    }
  sqlite3_finalize (stmt);

  status->content_checked = MAX (status->content_checked, read_checked_file (db));
  status->pending_records = count_pending_records (db);
  return g_steal_pointer (&status);
}

gboolean
bel_sync_status_get_last_error (const BelSyncStatus  *status,
                                BelSyncError         *out_code,
                                const char          **out_message,
                                gint64               *out_time)
{
  gboolean content;

  g_return_val_if_fail (status != NULL, FALSE);

  if (!status->has_content_error && !status->has_records_error)
    return FALSE;
  content = status->has_content_error &&
            (!status->has_records_error || status->content_error_time >= status->records_error_time);
  if (out_code)
    *out_code = content ? status->content_error : status->records_error;
  if (out_message)
    *out_message = content ? status->content_error_message : status->records_error_message;
  if (out_time)
    *out_time = content ? status->content_error_time : status->records_error_time;
  return TRUE;
}

static void
add_time (JsonBuilder *builder,
          const char  *name,
          gint64       when)
{
  json_builder_set_member_name (builder, name);
  if (when > 0)
    {
      g_autofree char *text = bel_manifest_format_time (when);
      json_builder_add_string_value (builder, text);
    }
  else
    json_builder_add_null_value (builder);
}

JsonNode *
bel_sync_status_to_json (const BelSyncStatus *status)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  BelSyncError code;
  const char *message;
  gint64 when;

  g_return_val_if_fail (status != NULL, NULL);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "revision");
  json_builder_add_int_value (builder, status->revision);
  add_time (builder, "published", status->published);
  json_builder_set_member_name (builder, "channel");
  if (status->channel)
    json_builder_add_string_value (builder, status->channel);
  else
    json_builder_add_null_value (builder);
  add_time (builder, "last_success", status->content_checked);
  add_time (builder, "records_last_success", status->records_success);
  json_builder_set_member_name (builder, "pending_records");
  if (status->pending_records >= 0)
    json_builder_add_int_value (builder, status->pending_records);
  else
    json_builder_add_null_value (builder);
  json_builder_set_member_name (builder, "last_error");
  if (bel_sync_status_get_last_error (status, &code, &message, &when))
    {
      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "category");
      json_builder_add_string_value (builder, bel_sync_error_to_string (code));
      json_builder_set_member_name (builder, "message");
      json_builder_add_string_value (builder, message ? message : "");
      add_time (builder, "time", when);
      json_builder_end_object (builder);
    }
  else
    json_builder_add_null_value (builder);
  json_builder_end_object (builder);
  return json_builder_get_root (builder);
}

static char *
format_local_time (gint64 when)
{
  g_autoptr(GDateTime) utc = NULL;
  g_autoptr(GDateTime) local = NULL;

  if (when <= 0)
    return g_strdup (_("never"));
  utc = g_date_time_new_from_unix_utc (when);
  if (utc == NULL)
    return g_strdup ("?");
  local = g_date_time_to_local (utc);
  return g_date_time_format (local, "%Y-%m-%d %H:%M %Z");
}

char *
bel_sync_status_to_text (const BelSyncStatus *status)
{
  g_autoptr(GString) text = g_string_new (NULL);
  g_autofree char *published = NULL;
  g_autofree char *success = NULL;
  BelSyncError code;
  const char *message;
  gint64 when;

  g_return_val_if_fail (status != NULL, NULL);

  if (status->revision > 0)
    {
      g_autofree char *number = g_strdup_printf ("%" G_GINT64_FORMAT, status->revision);

      published = format_local_time (status->published);
      g_string_append_printf (text, _("Content revision: %s (published %s)"), number, published);
    }
  else
    g_string_append (text, _("Content revision: the content that came with the program"));
  g_string_append_c (text, '\n');

  success = format_local_time (status->content_checked);
  g_string_append_printf (text, _("Last successful sync: %s"), success);
  g_string_append_c (text, '\n');

  if (status->pending_records >= 0)
    {
      g_autofree char *number = g_strdup_printf ("%" G_GINT64_FORMAT, status->pending_records);

      g_string_append_printf (text, _("Records waiting to be sent: %s"), number);
      g_string_append_c (text, '\n');
    }

  if (bel_sync_status_get_last_error (status, &code, &message, &when))
    {
      g_autofree char *at = format_local_time (when);
      g_string_append_printf (text, _("Last error: %s (%s), %s"),
                              bel_sync_error_describe (code), bel_sync_error_to_string (code), at);
      g_string_append_c (text, '\n');
      if (message && *message)
        g_string_append_printf (text, "  %s\n", message);
    }
  else
    {
      g_string_append (text, _("Last error: none"));
      g_string_append_c (text, '\n');
    }
  return g_string_free (g_steal_pointer (&text), FALSE);
}

/* Writers */

static gboolean
run_update (BelDatabase  *db,
            const char   *sql,
            GError      **error,
            const char   *context,
            ...)
{
  /* Each argument is a pair (type, value): 'i' gint64, 's' const char*, 0 ends. */
  sqlite3_stmt *stmt;
  va_list args;
  int index = 1;
  int type;
  gboolean ok;

  stmt = bel_database_prepare (db, sql, error);
  if (stmt == NULL)
    return FALSE;

  va_start (args, context);
  while ((type = va_arg (args, int)) != 0)
    {
      if (type == 'i')
        sqlite3_bind_int64 (stmt, index++, va_arg (args, gint64));
      else
        {
          const char *value = va_arg (args, const char *);
          if (value)
            sqlite3_bind_text (stmt, index++, value, -1, SQLITE_TRANSIENT);
          else
            sqlite3_bind_null (stmt, index++);
        }
    }
  va_end (args);

  ok = sqlite3_step (stmt) == SQLITE_DONE;
  if (!ok)
    bel_database_set_error (db, error, context);
  sqlite3_finalize (stmt);
  return ok;
}

gboolean
bel_sync_status_record_content_error (BelDatabase   *db,
                                      const GError  *failure,
                                      gint64         now,
                                      gint64         time_floor,
                                      GError       **error)
{
  BelSyncError code;

  g_return_val_if_fail (BEL_IS_DATABASE (db), FALSE);
  g_return_val_if_fail (failure != NULL, FALSE);

  code = bel_sync_error_categorize (failure);
  return run_update (db,
                     "UPDATE sync_state SET content_error = ?, content_error_message = ?,"
                     "  content_error_time = ?, time_floor = MAX (time_floor, ?) WHERE id = 1",
                     error, "Recording a sync error",
                     's', bel_sync_error_to_string (code), 's', failure->message,
                     'i', now, 'i', time_floor, 0);
}

gboolean
bel_sync_status_record_content_current (BelDatabase  *db,
                                        gint64        now,
                                        GError      **error)
{
  g_autoptr(BelSyncStatus) status = NULL;
  g_autofree char *path = NULL;
  g_autofree char *text = NULL;

  g_return_val_if_fail (BEL_IS_DATABASE (db), FALSE);

  status = bel_sync_status_load (db, error);
  if (status == NULL)
    return FALSE;
  if (status->has_content_error)
    return run_update (db,
                       "UPDATE sync_state SET content_error = NULL, content_error_message = NULL,"
                       "  content_error_time = NULL, content_checked = ? WHERE id = 1",
                       error, "Recording a sync", 'i', now, 0);

  /* Nothing changed: keep the database untouched and note the time beside it. */
  path = checked_file_path (db);
  if (path == NULL)
    return TRUE;
  text = bel_manifest_format_time (now);
  return g_file_set_contents (path, text, -1, error);
}

gboolean
bel_sync_status_set_applied (BelDatabase  *db,
                             gint64        revision,
                             gint64        published,
                             const char   *channel,
                             const char   *manifest_sha256,
                             const char   *etag,
                             gint64        now,
                             GError      **error)
{
  g_return_val_if_fail (BEL_IS_DATABASE (db), FALSE);

  return run_update (db,
                     "UPDATE sync_state SET revision = ?, published = ?, channel = ?,"
                     "  manifest_sha256 = ?, etag = ?, time_floor = MAX (time_floor, ?),"
                     "  content_checked = ?, content_error = NULL, content_error_message = NULL,"
                     "  content_error_time = NULL WHERE id = 1",
                     error, "Recording the new content",
                     'i', revision, 'i', published, 's', channel, 's', manifest_sha256,
                     's', etag, 'i', published, 'i', now, 0);
}

gboolean
bel_sync_status_raise_time_floor (BelDatabase  *db,
                                  gint64        time_floor,
                                  GError      **error)
{
  g_return_val_if_fail (BEL_IS_DATABASE (db), FALSE);

  return run_update (db,
                     "UPDATE sync_state SET time_floor = ? WHERE id = 1 AND time_floor < ?",
                     error, "Raising the time floor", 'i', time_floor, 'i', time_floor, 0);
}

gboolean
bel_sync_status_record_records_success (BelDatabase  *db,
                                        gint64        now,
                                        GError      **error)
{
  g_return_val_if_fail (BEL_IS_DATABASE (db), FALSE);

  return run_update (db,
                     "UPDATE sync_state SET records_success = ?, records_error = NULL,"
                     "  records_error_message = NULL, records_error_time = NULL WHERE id = 1",
                     error, "Recording sent records", 'i', now, 0);
}

gboolean
bel_sync_status_record_records_error (BelDatabase   *db,
                                      const GError  *failure,
                                      gint64         now,
                                      GError       **error)
{
  BelSyncError code;

  g_return_val_if_fail (BEL_IS_DATABASE (db), FALSE);
  g_return_val_if_fail (failure != NULL, FALSE);

  code = bel_sync_error_categorize (failure);
  return run_update (db,
                     "UPDATE sync_state SET records_error = ?, records_error_message = ?,"
                     "  records_error_time = ? WHERE id = 1",
                     error, "Recording a records error",
                     's', bel_sync_error_to_string (code), 's', failure->message, 'i', now, 0);
}
