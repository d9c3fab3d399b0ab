/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>
#include <sqlite3.h>

#include "bel-lang.h"

G_BEGIN_DECLS

#define BEL_DATABASE_ERROR (bel_database_error_quark ())
GQuark bel_database_error_quark (void);

typedef enum {
  BEL_DATABASE_ERROR_OPEN,
  BEL_DATABASE_ERROR_QUERY,
  BEL_DATABASE_ERROR_FULL,      /* the disk is full */
  BEL_DATABASE_ERROR_CORRUPT,
  BEL_DATABASE_ERROR_BUSY,
  BEL_DATABASE_ERROR_TOO_NEW,   /* written by a newer Bələdçi */
} BelDatabaseError;

#define BEL_TYPE_DATABASE (bel_database_get_type ())
G_DECLARE_FINAL_TYPE (BelDatabase, bel_database, BEL, DATABASE, GObject)

/* Opens (creating if needed) the database at @path, or in memory for ":memory:", in WAL mode
 * with foreign keys on, and runs every migration it has not seen (PRAGMA user_version). */
BelDatabase *bel_database_open            (const char   *path,
                                           GError      **error);
/* Opens without migrating beyond @max_version (for tests of the migrations themselves). */
BelDatabase *bel_database_open_at_version (const char   *path,
                                           int           max_version,
                                           GError      **error);
sqlite3     *bel_database_get_handle      (BelDatabase  *self);
const char  *bel_database_get_path        (BelDatabase  *self);
int          bel_database_get_version     (BelDatabase  *self);
/* The newest schema version this build knows. */
int          bel_database_latest_version  (void);

gboolean     bel_database_exec            (BelDatabase  *self,
                                           const char   *sql,
                                           GError      **error);
/* Returns a prepared statement, or NULL with @error set. Finalize with sqlite3_finalize(). */
sqlite3_stmt *bel_database_prepare        (BelDatabase  *self,
                                           const char   *sql,
                                           GError      **error);
/* Turns the connection's last error code into a GError. */
void         bel_database_set_error       (BelDatabase  *self,
                                           GError      **error,
                                           const char   *context);
/* Runs @stmt, which returns no rows, then resets it and clears its bindings for the next
 * values. On failure sets @error as bel_database_set_error() does, with @context. */
gboolean     bel_database_step_done       (BelDatabase   *self,
                                           sqlite3_stmt  *stmt,
                                           const char    *context,
                                           GError       **error);
/* Binds the three languages of @text to parameters @first, @first + 1 and @first + 2, a
 * missing translation as NULL. */
void         bel_database_bind_text       (sqlite3_stmt  *stmt,
                                           int            first,
                                           const BelText *text);
/* Fails with BEL_DATABASE_ERROR_QUERY unless a transaction is open: for @function, which
 * writes in its caller's transaction so that the caller decides when it commits. */
gboolean     bel_database_check_in_transaction (BelDatabase  *self,
                                                const char   *function,
                                                GError      **error);

gboolean     bel_database_begin           (BelDatabase  *self,
                                           GError      **error);   /* BEGIN IMMEDIATE */
gboolean     bel_database_commit          (BelDatabase  *self,
                                           GError      **error);
void         bel_database_rollback        (BelDatabase  *self);

/* Key/value metadata (table "meta"). */
char        *bel_database_get_meta        (BelDatabase  *self,
                                           const char   *key);
gboolean     bel_database_set_meta        (BelDatabase  *self,
                                           const char   *key,
                                           const char   *value,
                                           GError      **error);

G_END_DECLS
