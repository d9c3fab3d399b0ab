/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "bel-fleet"

#include "bel-fleet.h"

#include <string.h>
#include <sodium.h>

struct _BelFleet
{
  GObject       parent_instance;

  BelDatabase  *database;

  /* The statements every request runs, prepared once. */
  sqlite3_stmt *auth_stmt;
  sqlite3_stmt *insert_stmt;
  sqlite3_stmt *existing_stmt;
  sqlite3_stmt *contact_stmt;
  sqlite3_stmt *heartbeat_stmt;
};

G_DEFINE_FINAL_TYPE (BelFleet, bel_fleet, G_TYPE_OBJECT)
G_DEFINE_QUARK (bel-fleet-error-quark, bel_fleet_error)

#define TOKEN_BYTES 32
#define HASH_BYTES  crypto_hash_sha256_BYTES

/* Limits on a record (docs/sync-protocol.md). The kiosk's outbox keeps to the same ones. */
#define MAX_RECORD_BODY   2048
#define MAX_KIND_LEN      32
#define MAX_CREATED_LEN   40
#define MAX_FIELD_LEN     64

typedef struct {
  int         version;
  const char *sql;
} Migration;

/* The fleet's own schema versions (component "fleet" in server_schema). Never edit a released
 * one: add a new one. */
static const Migration migrations[] = {
  { 1,
    "CREATE TABLE kiosks ("
    "  id                 INTEGER PRIMARY KEY,"
    "  name               TEXT NOT NULL UNIQUE,"
    "  token_hash         BLOB NOT NULL UNIQUE,"
    "  created            TEXT NOT NULL,"
    "  revoked            TEXT,"
    "  last_contact       TEXT,"
    "  last_heartbeat     TEXT,"
    "  revision           INTEGER,"
    "  revision_published TEXT,"
    "  pending            INTEGER,"
    "  set_aside          INTEGER,"
    "  clock_offset_ms    INTEGER,"
    "  version            TEXT,"
    "  last_error         TEXT,"
    "  last_success       TEXT,"
    "  records_stored     INTEGER NOT NULL DEFAULT 0"
    ");"
    /* Rows are appended in arrival order; only the UUID index takes random inserts. */
    "CREATE TABLE records ("
    "  id       INTEGER PRIMARY KEY,"
    "  uuid     TEXT NOT NULL UNIQUE,"
    "  kiosk_id INTEGER NOT NULL REFERENCES kiosks (id),"
    "  kind     TEXT NOT NULL,"
    "  created  TEXT NOT NULL,"
    "  body     TEXT NOT NULL,"
    "  received TEXT NOT NULL"
    ");"
  },
};

static void
bel_fleet_finalize (GObject *object)
{
  BelFleet *self = (BelFleet *)object;

  g_clear_pointer (&self->auth_stmt, sqlite3_finalize);
  g_clear_pointer (&self->insert_stmt, sqlite3_finalize);
  g_clear_pointer (&self->existing_stmt, sqlite3_finalize);
  g_clear_pointer (&self->contact_stmt, sqlite3_finalize);
  g_clear_pointer (&self->heartbeat_stmt, sqlite3_finalize);
  g_clear_object (&self->database);

  G_OBJECT_CLASS (bel_fleet_parent_class)->finalize (object);
}

static void
bel_fleet_class_init (BelFleetClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = bel_fleet_finalize;
}

static void
bel_fleet_init (BelFleet *self)
{
}

static char *
now_iso8601 (void)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();

  return g_date_time_format (now, "%Y-%m-%dT%H:%M:%SZ");
}

static int
schema_version (BelFleet  *self,
                GError   **error)
{
  sqlite3_stmt *stmt;
  int version = 0;

  if (!bel_database_exec (self->database,
                          "CREATE TABLE IF NOT EXISTS server_schema ("
                          "  component TEXT PRIMARY KEY,"
                          "  version   INTEGER NOT NULL"
                          ")",
                          error))
    return -1;

  stmt = bel_database_prepare (self->database,
                               "SELECT version FROM server_schema WHERE component = 'fleet'",
                               error);
  if (stmt == NULL)
    return -1;
  if (sqlite3_step (stmt) == SQLITE_ROW)
    version = sqlite3_column_int (stmt, 0);
  sqlite3_finalize (stmt);
  return version;
}

static gboolean
migrate (BelFleet  *self,
         GError   **error)
{
  int current = schema_version (self, error);
  int latest = migrations[G_N_ELEMENTS (migrations) - 1].version;

  if (current < 0)
    return FALSE;
  if (current > latest)
    {
      g_set_error (error, BEL_DATABASE_ERROR, BEL_DATABASE_ERROR_TOO_NEW,
                   "The fleet tables have schema version %d, newer than this program knows (%d)",
                   current, latest);
      return FALSE;
    }

  for (guint i = 0; i < G_N_ELEMENTS (migrations); i++)
    {
      const Migration *m = &migrations[i];
      g_autofree char *set_version = NULL;

      if (m->version <= current)
        continue;

      if (!bel_database_begin (self->database, error))
        return FALSE;
      set_version = g_strdup_printf ("INSERT INTO server_schema (component, version) "
                                     "VALUES ('fleet', %d) ON CONFLICT (component) "
                                     "DO UPDATE SET version = excluded.version",
                                     m->version);
      if (!bel_database_exec (self->database, m->sql, error) ||
          !bel_database_exec (self->database, set_version, error) ||
          !bel_database_commit (self->database, error))
        {
          bel_database_rollback (self->database);
          g_prefix_error (error, "Upgrading the fleet tables to version %d: ", m->version);
          return FALSE;
        }
      current = m->version;
    }
  return TRUE;
}

BelFleet *
bel_fleet_new (BelDatabase  *database,
               GError      **error)
{
  g_autoptr(BelFleet) self = NULL;

  g_return_val_if_fail (BEL_IS_DATABASE (database), NULL);

  self = g_object_new (BEL_TYPE_FLEET, NULL);
  self->database = g_object_ref (database);

  if (sodium_init () < 0)
    {
      g_set_error_literal (error, BEL_FLEET_ERROR, BEL_FLEET_ERROR_INVALID,
                           "libsodium could not be initialised");
      return NULL;
    }
  if (!migrate (self, error))
    return NULL;

  return g_steal_pointer (&self);
}

BelDatabase *
bel_fleet_get_database (BelFleet *self)
{
  g_return_val_if_fail (BEL_IS_FLEET (self), NULL);

  return self->database;
}

/* A cached statement, reset and ready to bind. */
static sqlite3_stmt *
cached (BelFleet      *self,
        sqlite3_stmt **slot,
        const char    *sql,
        GError       **error)
{
  if (*slot == NULL)
    {
      if (sqlite3_prepare_v3 (bel_database_get_handle (self->database), sql, -1,
                              SQLITE_PREPARE_PERSISTENT, slot, NULL) != SQLITE_OK)
        {
          bel_database_set_error (self->database, error, "prepare");
          *slot = NULL;
          return NULL;
        }
    }
  sqlite3_reset (*slot);
  sqlite3_clear_bindings (*slot);
  return *slot;
}

gboolean
bel_fleet_name_is_valid (const char *name)
{
  gsize len;

  if (name == NULL)
    return FALSE;
  len = strlen (name);
  if (len == 0 || len > BEL_FLEET_MAX_NAME_LEN || !g_ascii_isalnum (name[0]))
    return FALSE;
  for (gsize i = 0; i < len; i++)
    if (!g_ascii_isalnum (name[i]) && name[i] != '-' && name[i] != '_' && name[i] != '.')
      return FALSE;
  return TRUE;
}

char *
bel_fleet_generate_token (void)
{
  guchar raw[TOKEN_BYTES];
  char encoded[sodium_base64_ENCODED_LEN (TOKEN_BYTES, sodium_base64_VARIANT_URLSAFE_NO_PADDING)];

  if (sodium_init () < 0)
    g_error ("libsodium could not be initialised");
  randombytes_buf (raw, sizeof raw);
  sodium_bin2base64 (encoded, sizeof encoded, raw, sizeof raw,
                     sodium_base64_VARIANT_URLSAFE_NO_PADDING);
  sodium_memzero (raw, sizeof raw);
  return g_strconcat (BEL_FLEET_TOKEN_PREFIX, encoded, NULL);
}

static void
hash_token (const char *token,
            guchar      out[HASH_BYTES])
{
  crypto_hash_sha256 (out, (const guchar *)token, strlen (token));
}

char *
bel_fleet_hash_token_hex (const char *token)
{
  guchar hash[HASH_BYTES];
  char hex[HASH_BYTES * 2 + 1];

  g_return_val_if_fail (token != NULL, NULL);

  hash_token (token, hash);
  sodium_bin2hex (hex, sizeof hex, hash, sizeof hash);
  return g_strdup (hex);
}

gboolean
bel_fleet_token_matches_hex (const char *token,
                             const char *hash_hex)
{
  guchar expected[HASH_BYTES];
  guchar actual[HASH_BYTES];
  size_t len = 0;

  if (token == NULL || hash_hex == NULL)
    return FALSE;
  if (sodium_hex2bin (expected, sizeof expected, hash_hex, strlen (hash_hex), NULL, &len,
                      NULL) != 0 || len != HASH_BYTES)
    return FALSE;
  hash_token (token, actual);
  return sodium_memcmp (expected, actual, HASH_BYTES) == 0;
}

char *
bel_fleet_parse_bearer (const char *authorization)
{
  const char *token;
  gsize len;

  if (authorization == NULL || g_ascii_strncasecmp (authorization, "Bearer ", 7) != 0)
    return NULL;
  token = authorization + 7;
  while (*token == ' ')
    token++;
  len = strlen (token);
  while (len > 0 && token[len - 1] == ' ')
    len--;
  /* Our tokens are 48 characters; anything far longer is not one. */
  if (len == 0 || len > 256)
    return NULL;
  return g_strndup (token, len);
}

char *
bel_fleet_add_kiosk (BelFleet    *self,
                     const char  *name,
                     gboolean     new_token,
                     GError     **error)
{
  g_autofree char *token = NULL;
  g_autofree char *created = now_iso8601 ();
  guchar hash[HASH_BYTES];
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (BEL_IS_FLEET (self), NULL);

  if (!bel_fleet_name_is_valid (name))
    {
      g_set_error (error, BEL_FLEET_ERROR, BEL_FLEET_ERROR_INVALID,
                   "“%s” is not a valid kiosk name: use letters, digits, “-”, “_” and “.”, "
                   "at most %d", name ? name : "", BEL_FLEET_MAX_NAME_LEN);
      return NULL;
    }

  token = bel_fleet_generate_token ();
  hash_token (token, hash);

  if (new_token)
    stmt = bel_database_prepare (self->database,
                                 "UPDATE kiosks SET token_hash = ?1, revoked = NULL WHERE name = ?2",
                                 error);
  else
    stmt = bel_database_prepare (self->database,
                                 "INSERT INTO kiosks (token_hash, name, created) VALUES (?1, ?2, ?3)",
                                 error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_blob (stmt, 1, hash, sizeof hash, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, name, -1, SQLITE_STATIC);
  if (!new_token)
    sqlite3_bind_text (stmt, 3, created, -1, SQLITE_STATIC);
  rc = sqlite3_step (stmt);
  sqlite3_finalize (stmt);

  if (rc == SQLITE_CONSTRAINT_UNIQUE || rc == SQLITE_CONSTRAINT)
    {
      g_set_error (error, BEL_FLEET_ERROR, BEL_FLEET_ERROR_EXISTS,
                   "A kiosk named “%s” is already enrolled (give it a new token with "
                   "--new-token)", name);
      return NULL;
    }
  if (rc != SQLITE_DONE)
    {
      bel_database_set_error (self->database, error, "Enrolling a kiosk");
      return NULL;
    }
  if (new_token && sqlite3_changes (bel_database_get_handle (self->database)) == 0)
    {
      g_set_error (error, BEL_FLEET_ERROR, BEL_FLEET_ERROR_NOT_FOUND,
                   "No kiosk is named “%s”", name);
      return NULL;
    }

  g_info ("Kiosk %s %s", name, new_token ? "was given a new token" : "was enrolled");
  return g_steal_pointer (&token);
}

gboolean
bel_fleet_revoke_kiosk (BelFleet    *self,
                        const char  *name,
                        GError     **error)
{
  g_autofree char *now = now_iso8601 ();
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (BEL_IS_FLEET (self), FALSE);

  stmt = bel_database_prepare (self->database,
                               "UPDATE kiosks SET revoked = coalesce (revoked, ?1) WHERE name = ?2",
                               error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, now, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, name, -1, SQLITE_STATIC);
  rc = sqlite3_step (stmt);
  sqlite3_finalize (stmt);
  if (rc != SQLITE_DONE)
    {
      bel_database_set_error (self->database, error, "Revoking a kiosk");
      return FALSE;
    }
  if (sqlite3_changes (bel_database_get_handle (self->database)) == 0)
    {
      g_set_error (error, BEL_FLEET_ERROR, BEL_FLEET_ERROR_NOT_FOUND,
                   "No kiosk is named “%s”", name);
      return FALSE;
    }

  g_info ("Kiosk %s was revoked", name);
  return TRUE;
}

gint64
bel_fleet_authenticate (BelFleet    *self,
                        const char  *token,
                        GError     **error)
{
  guchar hash[HASH_BYTES];
  sqlite3_stmt *stmt;
  gint64 id = -1;
  int rc;

  g_return_val_if_fail (BEL_IS_FLEET (self), -1);

  if (token == NULL || *token == '\0')
    {
      g_set_error_literal (error, BEL_FLEET_ERROR, BEL_FLEET_ERROR_UNAUTHORIZED,
                           "No kiosk token was given");
      return -1;
    }

  /* The lookup goes by the hash of a 256-bit random token, so its timing says nothing
   * useful; the comparison that decides is sodium_memcmp(), in constant time. */
  hash_token (token, hash);
  stmt = cached (self, &self->auth_stmt,
                 "SELECT id, token_hash, revoked IS NOT NULL FROM kiosks WHERE token_hash = ?",
                 error);
  if (stmt == NULL)
    return -1;
  sqlite3_bind_blob (stmt, 1, hash, sizeof hash, SQLITE_STATIC);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    {
      const void *stored = sqlite3_column_blob (stmt, 1);

      if (stored != NULL && sqlite3_column_bytes (stmt, 1) == HASH_BYTES &&
          sodium_memcmp (stored, hash, HASH_BYTES) == 0 &&
          sqlite3_column_int (stmt, 2) == 0)
        id = sqlite3_column_int64 (stmt, 0);
    }
  else if (rc != SQLITE_DONE)
    {
      bel_database_set_error (self->database, error, "Checking a kiosk token");
      sqlite3_reset (stmt);
      return -1;
    }
  sqlite3_reset (stmt);

  if (id < 0)
    g_set_error_literal (error, BEL_FLEET_ERROR, BEL_FLEET_ERROR_UNAUTHORIZED,
                         "The kiosk token is unknown or revoked");
  return id;
}

static gboolean
kind_is_valid (const char *kind)
{
  gsize len = strlen (kind);

  if (len == 0 || len > MAX_KIND_LEN || !g_ascii_islower (kind[0]))
    return FALSE;
  for (gsize i = 0; i < len; i++)
    if (!g_ascii_islower (kind[i]) && kind[i] != '-')
      return FALSE;
  return TRUE;
}

static const char *
string_member (JsonObject *object,
               const char *name)
{
  JsonNode *node = json_object_get_member (object, name);

  if (node == NULL || JSON_NODE_TYPE (node) != JSON_NODE_VALUE ||
      json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;
  return json_node_get_string (node);
}

static gboolean
timestamp_is_valid (const char *text)
{
  g_autoptr(GDateTime) dt = NULL;

  if (text == NULL || strlen (text) > MAX_CREATED_LEN)
    return FALSE;
  dt = g_date_time_new_from_iso8601 (text, NULL);
  return dt != NULL;
}

/* Checks one record of a batch. Returns NULL if it is fine (with its fields in the out
 * parameters; @body_out is to be freed) or the reason it is refused. */
static const char *
check_record (JsonNode    *node,
              const char **uuid_out,
              const char **kind_out,
              const char **created_out,
              char       **body_out)
{
  JsonObject *object;
  JsonNode *body;
  const char *uuid;
  const char *kind;
  const char *created;
  g_autofree char *text = NULL;

  *uuid_out = NULL;
  if (!JSON_NODE_HOLDS_OBJECT (node))
    return "not-an-object";
  object = json_node_get_object (node);

  uuid = string_member (object, "uuid");
  if (uuid == NULL || !g_uuid_string_is_valid (uuid))
    return "bad-uuid";
  for (const char *p = uuid; *p; p++)
    if (g_ascii_isupper (*p))
      return "bad-uuid";   /* one spelling per UUID, so "stored once" means once */
  *uuid_out = uuid;

  kind = string_member (object, "kind");
  if (kind == NULL || !kind_is_valid (kind))
    return "bad-kind";
  created = string_member (object, "created");
  if (!timestamp_is_valid (created))
    return "bad-created";
  body = json_object_get_member (object, "body");
  if (body == NULL || !JSON_NODE_HOLDS_OBJECT (body))
    return "bad-body";
  text = json_to_string (body, FALSE);
  if (strlen (text) > MAX_RECORD_BODY)
    return "body-too-large";

  *kind_out = kind;
  *created_out = created;
  *body_out = g_steal_pointer (&text);
  return NULL;
}

static void
add_rejected (JsonBuilder *rejected,
              guint        index,
              const char  *uuid,
              guint        status,
              const char  *reason)
{
  json_builder_begin_object (rejected);
  json_builder_set_member_name (rejected, "index");
  json_builder_add_int_value (rejected, index);
  if (uuid != NULL)
    {
      json_builder_set_member_name (rejected, "uuid");
      json_builder_add_string_value (rejected, uuid);
    }
  json_builder_set_member_name (rejected, "status");
  json_builder_add_int_value (rejected, status);
  json_builder_set_member_name (rejected, "reason");
  json_builder_add_string_value (rejected, reason);
  json_builder_end_object (rejected);
}

guint
bel_fleet_store_records (BelFleet    *self,
                         gint64       kiosk_id,
                         JsonArray   *records,
                         JsonNode   **response,
                         GError     **error)
{
  g_autoptr(JsonNode) answer = NULL;
  guint status;

  g_return_val_if_fail (BEL_IS_FLEET (self), 0);
  g_return_val_if_fail (response != NULL, 0);

  *response = NULL;
  if (!bel_database_begin (self->database, error))
    return 0;
  status = bel_fleet_store_records_in_transaction (self, kiosk_id, records, &answer, error);
  if (status == 0)
    {
      bel_database_rollback (self->database);
      return 0;
    }
  if (!bel_database_commit (self->database, error))
    return 0;
  *response = g_steal_pointer (&answer);
  return status;
}

guint
bel_fleet_store_records_in_transaction (BelFleet    *self,
                                        gint64       kiosk_id,
                                        JsonArray   *records,
                                        JsonNode   **response,
                                        GError     **error)
{
  g_autoptr(JsonBuilder) stored = json_builder_new ();
  g_autoptr(JsonBuilder) rejected = json_builder_new ();
  g_autoptr(JsonBuilder) answer = NULL;
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);
  g_autofree char *received = now_iso8601 ();
  guint n = json_array_get_length (records);
  guint n_new = 0;
  guint n_conflicts = 0;
  guint n_invalid = 0;
  sqlite3 *db = bel_database_get_handle (self->database);
  sqlite3_stmt *insert;
  sqlite3_stmt *existing;
  sqlite3_stmt *contact;
  guint status;

  g_return_val_if_fail (BEL_IS_FLEET (self), 0);
  g_return_val_if_fail (response != NULL, 0);

  *response = NULL;
  json_builder_begin_array (stored);
  json_builder_begin_array (rejected);

  insert = cached (self, &self->insert_stmt,
                   "INSERT INTO records (uuid, kiosk_id, kind, created, body, received) "
                   "VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (uuid) DO NOTHING",
                   error);
  existing = cached (self, &self->existing_stmt,
                     "SELECT kiosk_id, kind, created, body FROM records WHERE uuid = ?",
                     error);
  contact = cached (self, &self->contact_stmt,
                    "UPDATE kiosks SET last_contact = ?, records_stored = records_stored + ? "
                    "WHERE id = ?",
                    error);
  if (insert == NULL || existing == NULL || contact == NULL)
    return 0;

  for (guint i = 0; i < n; i++)
    {
      g_autofree char *body = NULL;
      const char *uuid = NULL;
      const char *kind = NULL;
      const char *created = NULL;
      const char *reason;
      int rc;

      reason = check_record (json_array_get_element (records, i), &uuid, &kind, &created, &body);
      if (reason != NULL)
        {
          add_rejected (rejected, i, uuid, 422, reason);
          n_invalid++;
          continue;
        }

      sqlite3_reset (insert);
      sqlite3_bind_text (insert, 1, uuid, -1, SQLITE_STATIC);
      sqlite3_bind_int64 (insert, 2, kiosk_id);
      sqlite3_bind_text (insert, 3, kind, -1, SQLITE_STATIC);
      sqlite3_bind_text (insert, 4, created, -1, SQLITE_STATIC);
      sqlite3_bind_text (insert, 5, body, -1, SQLITE_STATIC);
      sqlite3_bind_text (insert, 6, received, -1, SQLITE_STATIC);
      rc = sqlite3_step (insert);
      sqlite3_reset (insert);
      if (rc != SQLITE_DONE)
        goto db_error;

      if (sqlite3_changes (db) == 0)
        {
          gboolean same;

          /* Already held: the same record sent again (a lost response) is fine; the same UUID
           * with anything else is a conflict, and the stored record wins. */
          sqlite3_reset (existing);
          sqlite3_bind_text (existing, 1, uuid, -1, SQLITE_STATIC);
          if (sqlite3_step (existing) != SQLITE_ROW)
            {
              sqlite3_reset (existing);
              goto db_error;
            }
          same = sqlite3_column_int64 (existing, 0) == kiosk_id &&
                 g_strcmp0 ((const char *)sqlite3_column_text (existing, 1), kind) == 0 &&
                 g_strcmp0 ((const char *)sqlite3_column_text (existing, 2), created) == 0 &&
                 g_strcmp0 ((const char *)sqlite3_column_text (existing, 3), body) == 0;
          sqlite3_reset (existing);

          if (!same)
            {
              g_message ("Record %s from kiosk %" G_GINT64_FORMAT " conflicts with the stored "
                         "record of that UUID; refused (409)", uuid, kiosk_id);
              add_rejected (rejected, i, uuid, 409, "conflict");
              n_conflicts++;
              continue;
            }
        }
      else
        n_new++;

      if (!g_hash_table_contains (seen, uuid))
        {
          g_hash_table_add (seen, (gpointer)uuid);
          json_builder_add_string_value (stored, uuid);
        }
    }

  sqlite3_bind_text (contact, 1, received, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (contact, 2, n_new);
  sqlite3_bind_int64 (contact, 3, kiosk_id);
  if (sqlite3_step (contact) != SQLITE_DONE)
    {
      sqlite3_reset (contact);
      goto db_error;
    }
  sqlite3_reset (contact);

  json_builder_end_array (stored);
  json_builder_end_array (rejected);

  answer = json_builder_new ();
  json_builder_begin_object (answer);
  json_builder_set_member_name (answer, "stored");
  json_builder_add_value (answer, json_builder_get_root (stored));
  json_builder_set_member_name (answer, "rejected");
  json_builder_add_value (answer, json_builder_get_root (rejected));
  json_builder_end_object (answer);
  *response = json_builder_get_root (answer);

  if (n_conflicts > 0)
    status = 409;
  else if (n_invalid > 0)
    status = 422;
  else
    status = 200;

  g_debug ("Kiosk %" G_GINT64_FORMAT ": %u records, %u new, %u conflicts, %u invalid",
           kiosk_id, n, n_new, n_conflicts, n_invalid);
  return status;

db_error:
  /* The caller rolls the transaction back. */
  bel_database_set_error (self->database, error, "Storing records");
  return 0;
}

static gboolean
optional_int (JsonObject  *object,
              const char  *name,
              gboolean    *present,
              gint64      *value)
{
  JsonNode *node = json_object_get_member (object, name);

  *present = FALSE;
  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return TRUE;
  if (JSON_NODE_TYPE (node) != JSON_NODE_VALUE || json_node_get_value_type (node) != G_TYPE_INT64)
    return FALSE;
  *value = json_node_get_int (node);
  *present = TRUE;
  return *value >= 0;
}

static gboolean
optional_string (JsonObject  *object,
                 const char  *name,
                 const char **value)
{
  JsonNode *node = json_object_get_member (object, name);

  *value = NULL;
  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return TRUE;
  if (JSON_NODE_TYPE (node) != JSON_NODE_VALUE || json_node_get_value_type (node) != G_TYPE_STRING)
    return FALSE;
  *value = json_node_get_string (node);
  if (strlen (*value) > MAX_FIELD_LEN)
    return FALSE;
  for (const char *p = *value; *p; p++)
    if ((guchar)*p < 0x20 || (guchar)*p >= 0x7f)
      return FALSE;
  return TRUE;
}

gboolean
bel_fleet_heartbeat (BelFleet    *self,
                     gint64       kiosk_id,
                     JsonObject  *heartbeat,
                     gint64       server_now_ms,
                     GError     **error)
{
  g_autoptr(GDateTime) server_now = NULL;
  g_autofree char *now = NULL;
  gboolean has_revision, has_pending, has_set_aside;
  gint64 revision = 0, pending = 0, set_aside = 0;
  const char *published, *clock, *version, *last_error, *last_success;
  gboolean has_offset = FALSE;
  gint64 offset_ms = 0;
  sqlite3_stmt *stmt;
  gboolean ok;

  g_return_val_if_fail (BEL_IS_FLEET (self), FALSE);

  if (!optional_int (heartbeat, "revision", &has_revision, &revision) ||
      !optional_int (heartbeat, "pending", &has_pending, &pending) ||
      !optional_int (heartbeat, "set_aside", &has_set_aside, &set_aside) ||
      !optional_string (heartbeat, "revision_published", &published) ||
      !optional_string (heartbeat, "clock", &clock) ||
      !optional_string (heartbeat, "version", &version) ||
      !optional_string (heartbeat, "last_error", &last_error) ||
      !optional_string (heartbeat, "last_success", &last_success) ||
      (published != NULL && !timestamp_is_valid (published)) ||
      (last_success != NULL && !timestamp_is_valid (last_success)))
    {
      g_set_error_literal (error, BEL_FLEET_ERROR, BEL_FLEET_ERROR_INVALID,
                           "The heartbeat has a field of the wrong type or size");
      return FALSE;
    }

  if (clock != NULL)
    {
      g_autoptr(GDateTime) kiosk_clock = g_date_time_new_from_iso8601 (clock, NULL);

      if (kiosk_clock == NULL)
        {
          g_set_error_literal (error, BEL_FLEET_ERROR, BEL_FLEET_ERROR_INVALID,
                               "The heartbeat’s clock is not an ISO 8601 time");
          return FALSE;
        }
      offset_ms = server_now_ms - g_date_time_to_unix (kiosk_clock) * 1000 -
                  g_date_time_get_microsecond (kiosk_clock) / 1000;
      has_offset = TRUE;
    }

  server_now = g_date_time_new_from_unix_utc (server_now_ms / 1000);
  now = g_date_time_format (server_now, "%Y-%m-%dT%H:%M:%SZ");

  stmt = cached (self, &self->heartbeat_stmt,
                 "UPDATE kiosks SET last_contact = ?1, last_heartbeat = ?1,"
                 " revision = ?2, revision_published = ?3, pending = ?4,"
                 " set_aside = ?5, clock_offset_ms = ?6, version = ?7,"
                 " last_error = ?8, last_success = ?9 "
                 "WHERE id = ?10",
                 error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, now, -1, SQLITE_STATIC);
  if (has_revision)
    sqlite3_bind_int64 (stmt, 2, revision);
  sqlite3_bind_text (stmt, 3, published, -1, SQLITE_STATIC);
  if (has_pending)
    sqlite3_bind_int64 (stmt, 4, pending);
  if (has_set_aside)
    sqlite3_bind_int64 (stmt, 5, set_aside);
  if (has_offset)
    sqlite3_bind_int64 (stmt, 6, offset_ms);
  sqlite3_bind_text (stmt, 7, version, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 8, last_error, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 9, last_success, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 10, kiosk_id);
  ok = sqlite3_step (stmt) == SQLITE_DONE;
  if (!ok)
    bel_database_set_error (self->database, error, "Recording a heartbeat");
  sqlite3_reset (stmt);
  return ok;
}

static void
add_column (JsonBuilder  *builder,
            const char   *name,
            sqlite3_stmt *stmt,
            int           column)
{
  json_builder_set_member_name (builder, name);
  switch (sqlite3_column_type (stmt, column))
    {
    case SQLITE_INTEGER:
      json_builder_add_int_value (builder, sqlite3_column_int64 (stmt, column));
      break;
    case SQLITE_TEXT:
      json_builder_add_string_value (builder, (const char *)sqlite3_column_text (stmt, column));
      break;
    default:
      json_builder_add_null_value (builder);
    }
}

JsonNode *
bel_fleet_to_json (BelFleet  *self,
                   GError   **error)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autofree char *now = now_iso8601 ();
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (BEL_IS_FLEET (self), NULL);

  stmt = bel_database_prepare (self->database,
                               "SELECT name, created, revoked, last_contact, last_heartbeat,"
                               " revision, revision_published, pending, set_aside,"
                               " clock_offset_ms, version, last_error, last_success,"
                               " records_stored "
                               "FROM kiosks ORDER BY name",
                               error);
  if (stmt == NULL)
    return NULL;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "server_time");
  json_builder_add_string_value (builder, now);
  json_builder_set_member_name (builder, "kiosks");
  json_builder_begin_array (builder);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      static const char * const names[] = {
        "name", "created", "revoked", "last_contact", "last_heartbeat", "revision",
        "revision_published", "pending", "set_aside", "clock_offset_ms", "version",
        "last_error", "last_success", "records",
      };

      json_builder_begin_object (builder);
      for (guint i = 0; i < G_N_ELEMENTS (names); i++)
        add_column (builder, names[i], stmt, (int)i);
      json_builder_end_object (builder);
    }
  if (rc != SQLITE_DONE)
    {
      bel_database_set_error (self->database, error, "Listing the fleet");
      sqlite3_finalize (stmt);
      return NULL;
    }
  sqlite3_finalize (stmt);
  json_builder_end_array (builder);
  json_builder_end_object (builder);

  return json_builder_get_root (builder);
}

gint64
bel_fleet_count_records (BelFleet  *self,
                         GError   **error)
{
  sqlite3_stmt *stmt;
  gint64 count = -1;

  g_return_val_if_fail (BEL_IS_FLEET (self), -1);

  stmt = bel_database_prepare (self->database, "SELECT count(*) FROM records", error);
  if (stmt == NULL)
    return -1;
  if (sqlite3_step (stmt) == SQLITE_ROW)
    count = sqlite3_column_int64 (stmt, 0);
  else
    bel_database_set_error (self->database, error, "Counting records");
  sqlite3_finalize (stmt);
  return count;
}
