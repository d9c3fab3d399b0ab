/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "bel-database"

#include "bel-database.h"

#include <errno.h>

struct _BelDatabase
{
  GObject  parent_instance;

  sqlite3 *handle;
  char    *path;
};

G_DEFINE_FINAL_TYPE (BelDatabase, bel_database, G_TYPE_OBJECT)
G_DEFINE_QUARK (bel-database-error-quark, bel_database_error)

/* Schema migrations, applied in order of version to a database whose PRAGMA user_version is
 * lower. Versions need not be contiguous: areas of the program own ranges (1-9 catalogue,
 * 10-14 sync state, 15-19 outbox, 20-29 walkthroughs, 30-39 kiosk). Never edit a released
 * migration: add a new one. */
typedef struct {
  int         version;
  const char *sql;
} Migration;

static const Migration migrations[] = {
  { 1,
    "CREATE TABLE meta ("
    "  key   TEXT PRIMARY KEY,"
    "  value TEXT NOT NULL"
    ");"
    "CREATE TABLE categories ("
    "  id       TEXT PRIMARY KEY,"
    "  position INTEGER NOT NULL,"
    "  icon     TEXT NOT NULL,"
    "  name_az  TEXT NOT NULL,"
    "  name_ru  TEXT NOT NULL,"
    "  name_en  TEXT NOT NULL"
    ");"
    "CREATE TABLE agencies ("
    "  id        TEXT PRIMARY KEY,"
    "  position  INTEGER NOT NULL,"
    "  name_az   TEXT NOT NULL,"
    "  name_ru   TEXT NOT NULL,"
    "  name_en   TEXT NOT NULL,"
    "  short_az  TEXT,"
    "  short_ru  TEXT,"
    "  short_en  TEXT,"
    "  website   TEXT,"
    "  helpline  TEXT"
    ");"
    "CREATE TABLE agency_former_names ("
    "  agency_id TEXT NOT NULL REFERENCES agencies (id) ON DELETE CASCADE,"
    "  position  INTEGER NOT NULL,"
    "  name_az   TEXT NOT NULL,"
    "  name_ru   TEXT NOT NULL,"
    "  name_en   TEXT NOT NULL,"
    "  PRIMARY KEY (agency_id, position)"
    ");"
    "CREATE TABLE agency_portal_counts ("
    "  agency_id TEXT NOT NULL REFERENCES agencies (id) ON DELETE CASCADE,"
    "  count     INTEGER NOT NULL,"
    "  as_of     TEXT NOT NULL,"
    "  source    TEXT NOT NULL"
    ");"
    "CREATE TABLE services ("
    "  id             TEXT PRIMARY KEY,"
    "  agency_id      TEXT NOT NULL REFERENCES agencies (id),"
    "  position       INTEGER NOT NULL,"
    "  title_az       TEXT NOT NULL,"
    "  title_ru       TEXT NOT NULL,"
    "  title_en       TEXT NOT NULL,"
    "  summary_az     TEXT NOT NULL,"
    "  summary_ru     TEXT NOT NULL,"
    "  summary_en     TEXT NOT NULL,"
    "  eligibility_az TEXT,"
    "  eligibility_ru TEXT,"
    "  eligibility_en TEXT,"
    "  fee            REAL,"
    "  duration_az    TEXT,"
    "  duration_ru    TEXT,"
    "  duration_en    TEXT,"
    "  channel        TEXT NOT NULL CHECK (channel IN ('online', 'in-person', 'both')),"
    "  url            TEXT NOT NULL,"
    "  checked        TEXT NOT NULL,"
    "  source         TEXT NOT NULL,"
    /* Lists (steps, documents, keywords, sign-in methods) are stored packed: languages
     * separated by U+001E, items by U+001F. Content never contains control characters. */
    "  steps          TEXT NOT NULL DEFAULT '',"
    "  documents      TEXT NOT NULL DEFAULT '',"
    "  keywords       TEXT NOT NULL DEFAULT '',"
    "  sign_in        TEXT NOT NULL DEFAULT ''"
    ");"
    "CREATE TABLE service_categories ("
    "  service_id  TEXT NOT NULL REFERENCES services (id) ON DELETE CASCADE,"
    "  category_id TEXT NOT NULL REFERENCES categories (id) ON DELETE CASCADE,"
    "  PRIMARY KEY (service_id, category_id)"
    ");"
    "CREATE INDEX services_by_agency ON services (agency_id);"
    "CREATE INDEX service_categories_by_category ON service_categories (category_id);"
  },
  /* Version 2: retired services stay as tombstones; fees can carry a note. */
  { 2,
    "ALTER TABLE services ADD COLUMN retired TEXT;"
    "ALTER TABLE services ADD COLUMN fee_note_az TEXT;"
    "ALTER TABLE services ADD COLUMN fee_note_ru TEXT;"
    "ALTER TABLE services ADD COLUMN fee_note_en TEXT;"
  },
  /* Version 10: sync state (bel-sync-status.c, docs/sync-protocol.md 3.2). One row, updated
   * in the same transaction as the content it describes. Times are unix seconds. */
  { 10,
    "CREATE TABLE sync_state ("
    "  id                    INTEGER PRIMARY KEY CHECK (id = 1),"
    "  revision              INTEGER NOT NULL DEFAULT 0,"
    "  published             INTEGER,"
    "  channel               TEXT,"
    "  manifest_sha256       TEXT,"
    "  etag                  TEXT,"
    "  time_floor            INTEGER NOT NULL DEFAULT 0,"
    "  content_checked       INTEGER,"
    "  content_error         TEXT,"
    "  content_error_message TEXT,"
    "  content_error_time    INTEGER,"
    "  records_success       INTEGER,"
    "  records_error         TEXT,"
    "  records_error_message TEXT,"
    "  records_error_time    INTEGER"
    ");"
    "INSERT INTO sync_state (id) VALUES (1);"
  },
  /* Version 15: the outbox (bel-outbox.c). A record stays until the server lists its UUID as
   * stored; set_aside holds the server's reason when it refused the record for good. */
  { 15,
    "CREATE TABLE outbox ("
    "  seq          INTEGER PRIMARY KEY AUTOINCREMENT,"
    "  uuid         TEXT NOT NULL UNIQUE,"
    "  kind         TEXT NOT NULL,"
    "  created      TEXT NOT NULL,"
    "  body         TEXT NOT NULL,"
    "  set_aside    TEXT,"
    "  set_aside_at TEXT"
    ");"
  },
  /* Version 20: walkthroughs, the decision helper and their pictures (bel-walkthrough.c,
   * docs/walkthrough-format.md). Replaced whole by each import, in the catalogue's transaction.
   * Lists are packed like the services' lists (bel-catalogue-private.h). */
  { 20,
    "CREATE TABLE walkthroughs ("
    "  id         TEXT PRIMARY KEY,"
    "  position   INTEGER NOT NULL,"
    "  sign_in    TEXT NOT NULL,"
    "  title_az   TEXT NOT NULL,"
    "  title_ru   TEXT NOT NULL,"
    "  title_en   TEXT NOT NULL,"
    "  summary_az TEXT NOT NULL,"
    "  summary_ru TEXT NOT NULL,"
    "  summary_en TEXT NOT NULL,"
    "  portal_url TEXT NOT NULL,"
    "  helpline   TEXT,"
    "  checklist  TEXT NOT NULL DEFAULT ''"
    ");"
    "CREATE TABLE walkthrough_steps ("
    "  walkthrough_id TEXT NOT NULL REFERENCES walkthroughs (id) ON DELETE CASCADE,"
    "  position       INTEGER NOT NULL,"
    "  title_az       TEXT NOT NULL,"
    "  title_ru       TEXT NOT NULL,"
    "  title_en       TEXT NOT NULL,"
    "  text_az        TEXT NOT NULL,"
    "  text_ru        TEXT NOT NULL,"
    "  text_en        TEXT NOT NULL,"
    "  picture        TEXT NOT NULL,"
    "  checklist      TEXT NOT NULL DEFAULT '',"
    "  warning_az     TEXT,"
    "  warning_ru     TEXT,"
    "  warning_en     TEXT,"
    "  helpline       TEXT,"
    "  PRIMARY KEY (walkthrough_id, position)"
    ");"
    "CREATE TABLE walkthrough_pictures ("
    "  name TEXT PRIMARY KEY,"
    "  svg  BLOB NOT NULL"
    ");"
    "CREATE TABLE decision_questions ("
    "  id       TEXT PRIMARY KEY,"
    "  position INTEGER NOT NULL,"
    "  text_az  TEXT NOT NULL,"
    "  text_ru  TEXT NOT NULL,"
    "  text_en  TEXT NOT NULL,"
    "  help_az  TEXT,"
    "  help_ru  TEXT,"
    "  help_en  TEXT,"
    "  yes      TEXT NOT NULL,"
    "  no       TEXT NOT NULL"
    ");"
    "CREATE TABLE decision_results ("
    "  id          TEXT PRIMARY KEY,"
    "  position    INTEGER NOT NULL,"
    "  title_az    TEXT NOT NULL,"
    "  title_ru    TEXT NOT NULL,"
    "  title_en    TEXT NOT NULL,"
    "  why_az      TEXT NOT NULL,"
    "  why_ru      TEXT NOT NULL,"
    "  why_en      TEXT NOT NULL,"
    "  bring       TEXT NOT NULL DEFAULT '',"
    "  walkthrough TEXT,"
    "  practice    INTEGER NOT NULL DEFAULT 0"
    ");"
  },
};

int
bel_database_latest_version (void)
{
  int latest = 0;

  for (guint i = 0; i < G_N_ELEMENTS (migrations); i++)
    latest = MAX (latest, migrations[i].version);
  return latest;
}

static void
bel_database_finalize (GObject *object)
{
  BelDatabase *self = (BelDatabase *)object;

  if (self->handle != NULL)
    sqlite3_close_v2 (self->handle);
  g_clear_pointer (&self->path, g_free);

  G_OBJECT_CLASS (bel_database_parent_class)->finalize (object);
}

static void
bel_database_class_init (BelDatabaseClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = bel_database_finalize;
}

static void
bel_database_init (BelDatabase *self)
{
}

static int
code_for_sqlite (int rc)
{
  switch (rc & 0xff)
    {
    case SQLITE_FULL:
      return BEL_DATABASE_ERROR_FULL;
    case SQLITE_CORRUPT:
    case SQLITE_NOTADB:
      return BEL_DATABASE_ERROR_CORRUPT;
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
      return BEL_DATABASE_ERROR_BUSY;
    case SQLITE_CANTOPEN:
      return BEL_DATABASE_ERROR_OPEN;
    default:
      return BEL_DATABASE_ERROR_QUERY;
    }
}

void
bel_database_set_error (BelDatabase  *self,
                        GError      **error,
                        const char   *context)
{
  int rc;

  g_return_if_fail (BEL_IS_DATABASE (self));

  rc = sqlite3_extended_errcode (self->handle);
  g_set_error (error, BEL_DATABASE_ERROR, code_for_sqlite (rc),
               "%s: %s", context ? context : "database", sqlite3_errmsg (self->handle));
}

gboolean
bel_database_step_done (BelDatabase   *self,
                        sqlite3_stmt  *stmt,
                        const char    *context,
                        GError       **error)
{
  int rc = sqlite3_step (stmt);

  sqlite3_reset (stmt);
  sqlite3_clear_bindings (stmt);
  if (rc != SQLITE_DONE)
    {
      bel_database_set_error (self, error, context);
      return FALSE;
    }
  return TRUE;
}

void
bel_database_bind_text (sqlite3_stmt  *stmt,
                        int            first,
                        const BelText *text)
{
  for (guint l = 0; l < BEL_N_LANGS; l++)
    {
      if (text->text[l])
        sqlite3_bind_text (stmt, first + l, text->text[l], -1, SQLITE_TRANSIENT);
      else
        sqlite3_bind_null (stmt, first + l);
    }
}

gboolean
bel_database_check_in_transaction (BelDatabase  *self,
                                   const char   *function,
                                   GError      **error)
{
  g_return_val_if_fail (BEL_IS_DATABASE (self), FALSE);

  if (sqlite3_get_autocommit (self->handle))
    {
      g_set_error (error, BEL_DATABASE_ERROR, BEL_DATABASE_ERROR_QUERY,
                   "%s must run inside a transaction", function);
      return FALSE;
    }
  return TRUE;
}

gboolean
bel_database_exec (BelDatabase  *self,
                   const char   *sql,
                   GError      **error)
{
  char *message = NULL;
  int rc;

  g_return_val_if_fail (BEL_IS_DATABASE (self), FALSE);
  g_return_val_if_fail (sql != NULL, FALSE);

  rc = sqlite3_exec (self->handle, sql, NULL, NULL, &message);
  if (rc != SQLITE_OK)
    {
      g_set_error (error, BEL_DATABASE_ERROR, code_for_sqlite (rc),
                   "%s", message ? message : sqlite3_errstr (rc));
      sqlite3_free (message);
      return FALSE;
    }
  return TRUE;
}

sqlite3_stmt *
bel_database_prepare (BelDatabase  *self,
                      const char   *sql,
                      GError      **error)
{
  sqlite3_stmt *stmt = NULL;

  g_return_val_if_fail (BEL_IS_DATABASE (self), NULL);

  if (sqlite3_prepare_v2 (self->handle, sql, -1, &stmt, NULL) != SQLITE_OK)
    {
      bel_database_set_error (self, error, "prepare");
      return NULL;
    }
  return stmt;
}

gboolean
bel_database_begin (BelDatabase  *self,
                    GError      **error)
{
  return bel_database_exec (self, "BEGIN IMMEDIATE", error);
}

gboolean
bel_database_commit (BelDatabase  *self,
                     GError      **error)
{
  if (!bel_database_exec (self, "COMMIT", error))
    {
      bel_database_rollback (self);
      return FALSE;
    }
  return TRUE;
}

void
bel_database_rollback (BelDatabase *self)
{
  g_return_if_fail (BEL_IS_DATABASE (self));

  if (!sqlite3_get_autocommit (self->handle))
    sqlite3_exec (self->handle, "ROLLBACK", NULL, NULL, NULL);
}

int
bel_database_get_version (BelDatabase *self)
{
  sqlite3_stmt *stmt;
  int version = 0;

  g_return_val_if_fail (BEL_IS_DATABASE (self), 0);

  if (sqlite3_prepare_v2 (self->handle, "PRAGMA user_version", -1, &stmt, NULL) == SQLITE_OK)
    {
      if (sqlite3_step (stmt) == SQLITE_ROW)
        version = sqlite3_column_int (stmt, 0);
      sqlite3_finalize (stmt);
    }
  return version;
}

static gboolean
migrate (BelDatabase  *self,
         int           max_version,
         GError      **error)
{
  int current = bel_database_get_version (self);

  if (current > bel_database_latest_version ())
    {
      g_set_error (error, BEL_DATABASE_ERROR, BEL_DATABASE_ERROR_TOO_NEW,
                   "The database %s has schema version %d, newer than this program knows (%d)",
                   self->path, current, bel_database_latest_version ());
      return FALSE;
    }

  for (guint i = 0; i < G_N_ELEMENTS (migrations); i++)
    {
      const Migration *m = &migrations[i];
      g_autofree char *set_version = NULL;

      /* Applied in array order: an entry out of order would be skipped for good. */
      g_assert (i == 0 || migrations[i - 1].version < m->version);

      if (m->version <= current || m->version > max_version)
        continue;

      g_debug ("Migrating %s to schema version %d", self->path, m->version);
      if (!bel_database_begin (self, error))
        return FALSE;
      set_version = g_strdup_printf ("PRAGMA user_version = %d", m->version);
      if (!bel_database_exec (self, m->sql, error) ||
          !bel_database_exec (self, set_version, error) ||
          !bel_database_commit (self, error))
        {
          bel_database_rollback (self);
          g_prefix_error (error, "Upgrading the database to version %d: ", m->version);
          return FALSE;
        }
      current = m->version;
    }
  return TRUE;
}

BelDatabase *
bel_database_open_at_version (const char  *path,
                              int          max_version,
                              GError     **error)
{
  g_autoptr(BelDatabase) self = NULL;
  int rc;

  g_return_val_if_fail (path != NULL, NULL);

  self = g_object_new (BEL_TYPE_DATABASE, NULL);
  self->path = g_strdup (path);

  if (!g_str_equal (path, ":memory:"))
    {
      g_autofree char *dir = g_path_get_dirname (path);

      if (g_mkdir_with_parents (dir, 0700) != 0)
        {
          int saved_errno = errno;
          g_set_error (error, BEL_DATABASE_ERROR, BEL_DATABASE_ERROR_OPEN,
                       "Cannot create %s: %s", dir, g_strerror (saved_errno));
          return NULL;
        }
    }

  rc = sqlite3_open_v2 (path, &self->handle,
                        SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX,
                        NULL);
  if (rc != SQLITE_OK)
    {
      g_set_error (error, BEL_DATABASE_ERROR, code_for_sqlite (rc),
                   "Cannot open %s: %s", path,
                   self->handle ? sqlite3_errmsg (self->handle) : sqlite3_errstr (rc));
      return NULL;
    }
  sqlite3_extended_result_codes (self->handle, 1);
  sqlite3_busy_timeout (self->handle, 5000);

  /* WAL keeps readers and the writer apart and survives a power cut; synchronous=FULL makes
   * each commit durable before it is acknowledged (the outbox depends on that). */
  if (!bel_database_exec (self,
                          "PRAGMA journal_mode = WAL;"
                          "PRAGMA synchronous = FULL;"
                          "PRAGMA foreign_keys = ON;",
                          error))
    {
      g_prefix_error (error, "Cannot open %s: ", path);
      return NULL;
    }

  if (!migrate (self, max_version, error))
    return NULL;

  return g_steal_pointer (&self);
}

BelDatabase *
bel_database_open (const char  *path,
                   GError     **error)
{
  return bel_database_open_at_version (path, G_MAXINT, error);
}

sqlite3 *
bel_database_get_handle (BelDatabase *self)
{
  g_return_val_if_fail (BEL_IS_DATABASE (self), NULL);
  return self->handle;
}

const char *
bel_database_get_path (BelDatabase *self)
{
  g_return_val_if_fail (BEL_IS_DATABASE (self), NULL);
  return self->path;
}

char *
bel_database_get_meta (BelDatabase *self,
                       const char  *key)
{
  sqlite3_stmt *stmt;
  char *value = NULL;

  g_return_val_if_fail (BEL_IS_DATABASE (self), NULL);

  stmt = bel_database_prepare (self, "SELECT value FROM meta WHERE key = ?", NULL);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, key, -1, SQLITE_STATIC);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    value = g_strdup ((const char *)sqlite3_column_text (stmt, 0));
  sqlite3_finalize (stmt);
  return value;
}

gboolean
bel_database_set_meta (BelDatabase  *self,
                       const char   *key,
                       const char   *value,
                       GError      **error)
{
  sqlite3_stmt *stmt;
  gboolean ok;

  g_return_val_if_fail (BEL_IS_DATABASE (self), FALSE);

  stmt = bel_database_prepare (self,
                               "INSERT INTO meta (key, value) VALUES (?, ?) "
                               "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                               error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, key, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, value, -1, SQLITE_STATIC);
  ok = sqlite3_step (stmt) == SQLITE_DONE;
  if (!ok)
    bel_database_set_error (self, error, "set meta");
  sqlite3_finalize (stmt);
  return ok;
}
