/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "bel-manifest"

#include "bel-manifest.h"

#include <string.h>
#include <json-glib/json-glib.h>

#include "bel-json.h"

G_DEFINE_QUARK (bel-manifest-error-quark, bel_manifest_error)

/* The parts of a content tree a bundle may carry (see bel-content.c). */
static const char * const content_parts[] = { "catalogue", "walkthroughs", "slides" };

#define MAX_COMPONENT   100
#define MAX_COMPONENTS  10

static void
manifest_file_free (BelManifestFile *file)
{
  g_free (file->path);
  g_free (file->sha256);
  g_free (file);
}

BelManifest *
bel_manifest_new (void)
{
  BelManifest *self = g_new0 (BelManifest, 1);

  self->format = BEL_MANIFEST_FORMAT;
  self->files = g_ptr_array_new_with_free_func ((GDestroyNotify)manifest_file_free);
  return self;
}

void
bel_manifest_free (BelManifest *self)
{
  if (self == NULL)
    return;
  g_free (self->channel);
  g_ptr_array_unref (self->files);
  g_free (self);
}

void
bel_manifest_add_file (BelManifest *self,
                       const char  *path,
                       const char  *sha256,
                       gint64       size)
{
  BelManifestFile *file;

  g_return_if_fail (self != NULL);
  g_return_if_fail (path != NULL && sha256 != NULL);

  file = g_new0 (BelManifestFile, 1);
  file->path = g_strdup (path);
  file->sha256 = g_strdup (sha256);
  file->size = size;
  g_ptr_array_add (self->files, file);
}

static int
compare_files (gconstpointer a,
               gconstpointer b)
{
  const BelManifestFile *fa = *(BelManifestFile * const *)a;
  const BelManifestFile *fb = *(BelManifestFile * const *)b;

  return strcmp (fa->path, fb->path);
}

void
bel_manifest_sort (BelManifest *self)
{
  g_return_if_fail (self != NULL);
  g_ptr_array_sort (self->files, compare_files);
}

const BelManifestFile *
bel_manifest_lookup (BelManifest *self,
                     const char  *path)
{
  g_return_val_if_fail (self != NULL, NULL);

  for (guint i = 0; i < self->files->len; i++)
    {
      const BelManifestFile *file = g_ptr_array_index (self->files, i);
      if (g_str_equal (file->path, path))
        return file;
    }
  return NULL;
}

gint64
bel_manifest_total_size (BelManifest *self)
{
  gint64 total = 0;

  g_return_val_if_fail (self != NULL, 0);

  for (guint i = 0; i < self->files->len; i++)
    {
      const BelManifestFile *file = g_ptr_array_index (self->files, i);
      total += MAX (file->size, 0);
    }
  return total;
}

gboolean
bel_manifest_path_is_valid (const char *path)
{
  g_auto(GStrv) parts = NULL;
  gsize length;
  guint n;
  gboolean known_part = FALSE;

  if (path == NULL)
    return FALSE;
  length = strlen (path);
  if (length == 0 || length > BEL_MANIFEST_MAX_PATH)
    return FALSE;

  parts = g_strsplit (path, "/", -1);
  n = g_strv_length (parts);
  if (n < 2 || n > MAX_COMPONENTS)
    return FALSE;

  for (guint i = 0; i < n; i++)
    {
      const char *c = parts[i];
      gsize clen = strlen (c);

      /* Empty components catch "a//b", a leading "/" and a trailing "/"; a leading "."
       * catches ".", ".." and hidden files. */
      if (clen == 0 || clen > MAX_COMPONENT || c[0] == '.')
        return FALSE;
      for (gsize j = 0; j < clen; j++)
        if (!g_ascii_isalnum (c[j]) && c[j] != '.' && c[j] != '_' && c[j] != '-')
          return FALSE;
    }

  for (guint i = 0; i < G_N_ELEMENTS (content_parts); i++)
    if (g_str_equal (parts[0], content_parts[i]))
      known_part = TRUE;
  return known_part;
}

gboolean
bel_manifest_sha256_is_valid (const char *sha256)
{
  if (sha256 == NULL || strlen (sha256) != 64)
    return FALSE;
  for (guint i = 0; i < 64; i++)
    if (!g_ascii_isdigit (sha256[i]) && !(sha256[i] >= 'a' && sha256[i] <= 'f'))
      return FALSE;
  return TRUE;
}

gboolean
bel_manifest_channel_is_valid (const char *channel)
{
  gsize length;

  if (channel == NULL)
    return FALSE;
  length = strlen (channel);
  if (length == 0 || length > 32)
    return FALSE;
  for (gsize i = 0; i < length; i++)
    if (!g_ascii_islower (channel[i]) && !g_ascii_isdigit (channel[i]) && channel[i] != '-')
      return FALSE;
  return TRUE;
}

char *
bel_manifest_format_time (gint64 unix_time)
{
  g_autoptr(GDateTime) dt = g_date_time_new_from_unix_utc (unix_time);

  if (dt == NULL)
    return NULL;
  return g_date_time_format (dt, "%Y-%m-%dT%H:%M:%SZ");
}

static gboolean
read_digits (const char *text,
             guint       count,
             int        *out)
{
  int value = 0;

  for (guint i = 0; i < count; i++)
    {
      if (!g_ascii_isdigit (text[i]))
        return FALSE;
      value = value * 10 + (text[i] - '0');
    }
  *out = value;
  return TRUE;
}

gboolean
bel_manifest_parse_time (const char *text,
                         gint64     *out_unix_time)
{
  int year, month, day, hour, minute, second;
  g_autoptr(GDateTime) dt = NULL;

  /* Exactly "YYYY-MM-DDTHH:MM:SSZ": one spelling per moment keeps comparisons simple. */
  if (text == NULL || strlen (text) != 20 ||
      text[4] != '-' || text[7] != '-' || text[10] != 'T' ||
      text[13] != ':' || text[16] != ':' || text[19] != 'Z' ||
      !read_digits (text, 4, &year) || !read_digits (text + 5, 2, &month) ||
      !read_digits (text + 8, 2, &day) || !read_digits (text + 11, 2, &hour) ||
      !read_digits (text + 14, 2, &minute) || !read_digits (text + 17, 2, &second) ||
      year < 1970 || month < 1 || month > 12 || day < 1 || day > 31 ||
      hour > 23 || minute > 59 || second > 59)
    return FALSE;

  dt = g_date_time_new_utc (year, month, day, hour, minute, second);
  if (dt == NULL || g_date_time_get_day_of_month (dt) != day)
    return FALSE;
  if (out_unix_time)
    *out_unix_time = g_date_time_to_unix (dt);
  return TRUE;
}

char *
bel_sha256_hex (const guint8 *data,
                gsize         length)
{
  return g_compute_checksum_for_data (G_CHECKSUM_SHA256, data, length);
}

static gboolean
invalid (GError     **error,
         const char  *format,
         ...) G_GNUC_PRINTF (2, 3);

static gboolean
invalid (GError     **error,
         const char  *format,
         ...)
{
  g_autofree char *message = NULL;
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);
  g_set_error (error, BEL_MANIFEST_ERROR, BEL_MANIFEST_ERROR_INVALID, "manifest.json: %s", message);
  return FALSE;
}

gboolean
bel_manifest_validate (BelManifest  *self,
                       GError      **error)
{
  g_autoptr(GHashTable) seen = NULL;
  gint64 total = 0;

  g_return_val_if_fail (self != NULL, FALSE);

  if (self->format != BEL_MANIFEST_FORMAT)
    return invalid (error, "format %" G_GINT64_FORMAT " is not supported (expected %d)",
                    self->format, BEL_MANIFEST_FORMAT);
  if (!bel_manifest_channel_is_valid (self->channel))
    return invalid (error, "channel: expected 1 to 32 of a-z, 0-9 and -");
  if (self->revision < 1 || self->revision > BEL_MANIFEST_MAX_REVISION)
    return invalid (error, "revision: expected a whole number from 1 to 2^53-1");
  if (self->published < 0)
    return invalid (error, "published: not a valid time");
  if (self->expires <= self->published)
    return invalid (error, "expires: must be later than published");
  if (self->files->len == 0)
    return invalid (error, "files: the bundle is empty");
  if (self->files->len > BEL_MANIFEST_MAX_FILES)
    return invalid (error, "files: more than %d files", BEL_MANIFEST_MAX_FILES);

  seen = g_hash_table_new (g_str_hash, g_str_equal);
  for (guint i = 0; i < self->files->len; i++)
    {
      const BelManifestFile *file = g_ptr_array_index (self->files, i);

      if (!bel_manifest_path_is_valid (file->path))
        return invalid (error, "files[%u].path: “%s” is not an allowed path", i, file->path);
      if (!g_hash_table_add (seen, file->path))
        return invalid (error, "files[%u].path: “%s” is listed twice", i, file->path);
      if (!bel_manifest_sha256_is_valid (file->sha256))
        return invalid (error, "files[%u].sha256: expected 64 lower-case hex digits", i);
      if (file->size < 0 || file->size > BEL_MANIFEST_MAX_FILE_SIZE)
        return invalid (error, "files[%u].size: expected 0 to %d bytes", i,
                        BEL_MANIFEST_MAX_FILE_SIZE);
      total += file->size;
    }
  if (total > BEL_MANIFEST_MAX_TOTAL_SIZE)
    return invalid (error, "files: more than %" G_GINT64_FORMAT " bytes in all",
                    BEL_MANIFEST_MAX_TOTAL_SIZE);
  return TRUE;
}

static gboolean
only_members (JsonObject         *object,
              const char * const *allowed,
              const char         *where,
              GError            **error)
{
  g_autoptr(GList) members = json_object_get_members (object);

  for (GList *l = members; l != NULL; l = l->next)
    if (!g_strv_contains (allowed, l->data))
      return invalid (error, "%s%s: unknown member", where, (const char *)l->data);
  return TRUE;
}

static gboolean
get_int (JsonObject  *object,
         const char  *name,
         const char  *where,
         gint64      *out,
         GError     **error)
{
  JsonNode *node = json_object_get_member (object, name);

  if (node == NULL)
    return invalid (error, "%s%s: missing", where, name);
  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_INT64)
    return invalid (error, "%s%s: expected a whole number", where, name);
  *out = json_node_get_int (node);
  return TRUE;
}

static const char *
get_string (JsonObject  *object,
            const char  *name,
            const char  *where,
            GError     **error)
{
  JsonNode *node = json_object_get_member (object, name);

  if (node == NULL)
    {
      invalid (error, "%s%s: missing", where, name);
      return NULL;
    }
  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    {
      invalid (error, "%s%s: expected a string", where, name);
      return NULL;
    }
  return json_node_get_string (node);
}

static gboolean
get_time (JsonObject  *object,
          const char  *name,
          gint64      *out,
          GError     **error)
{
  const char *text = get_string (object, name, "", error);

  if (text == NULL)
    return FALSE;
  if (!bel_manifest_parse_time (text, out))
    return invalid (error, "%s: expected a time such as 2026-01-31T12:00:00Z", name);
  return TRUE;
}

BelManifest *
bel_manifest_parse (GBytes  *bytes,
                    GError **error)
{
  static const char * const top_members[] = {
    "format", "channel", "revision", "published", "expires", "files", NULL
  };
  static const char * const file_members[] = { "path", "sha256", "size", NULL };
  g_autoptr(BelManifest) self = NULL;
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GError) local_error = NULL;
  JsonObject *object;
  JsonNode *files_node;
  JsonArray *files;
  const char *channel;

  g_return_val_if_fail (bytes != NULL, NULL);

  if (g_bytes_get_size (bytes) > BEL_MANIFEST_MAX_SIZE)
    {
      g_set_error (error, BEL_MANIFEST_ERROR, BEL_MANIFEST_ERROR_TOO_LARGE,
                   "manifest.json is bigger than %d bytes", BEL_MANIFEST_MAX_SIZE);
      return NULL;
    }

  root = bel_json_parse_bytes (bytes, BEL_MANIFEST_MAX_SIZE, BEL_MANIFEST_MAX_DEPTH, &local_error);
  if (root == NULL)
    {
      invalid (error, "%s", local_error->message);
      return NULL;
    }
  if (!JSON_NODE_HOLDS_OBJECT (root))
    {
      invalid (error, "expected an object");
      return NULL;
    }
  object = json_node_get_object (root);
  if (!only_members (object, top_members, "", error))
    return NULL;

  self = bel_manifest_new ();
  if (!get_int (object, "format", "", &self->format, error))
    return NULL;
  if (self->format != BEL_MANIFEST_FORMAT)
    {
      invalid (error, "format %" G_GINT64_FORMAT " is not supported (expected %d)",
               self->format, BEL_MANIFEST_FORMAT);
      return NULL;
    }
  channel = get_string (object, "channel", "", error);
  if (channel == NULL)
    return NULL;
  self->channel = g_strdup (channel);
  if (!get_int (object, "revision", "", &self->revision, error) ||
      !get_time (object, "published", &self->published, error) ||
      !get_time (object, "expires", &self->expires, error))
    return NULL;

  files_node = json_object_get_member (object, "files");
  if (files_node == NULL || !JSON_NODE_HOLDS_ARRAY (files_node))
    {
      invalid (error, "files: expected an array");
      return NULL;
    }
  files = json_node_get_array (files_node);
  if (json_array_get_length (files) > BEL_MANIFEST_MAX_FILES)
    {
      invalid (error, "files: more than %d files", BEL_MANIFEST_MAX_FILES);
      return NULL;
    }

  for (guint i = 0; i < json_array_get_length (files); i++)
    {
      JsonNode *node = json_array_get_element (files, i);
      g_autofree char *where = g_strdup_printf ("files[%u].", i);
      JsonObject *entry;
      const char *path, *sha256;
      gint64 size;

      if (!JSON_NODE_HOLDS_OBJECT (node))
        {
          invalid (error, "files[%u]: expected an object", i);
          return NULL;
        }
      entry = json_node_get_object (node);
      if (!only_members (entry, file_members, where, error) ||
          (path = get_string (entry, "path", where, error)) == NULL ||
          (sha256 = get_string (entry, "sha256", where, error)) == NULL ||
          !get_int (entry, "size", where, &size, error))
        return NULL;
      bel_manifest_add_file (self, path, sha256, size);
    }

  if (!bel_manifest_validate (self, error))
    return NULL;
  return g_steal_pointer (&self);
}

GBytes *
bel_manifest_to_bytes (BelManifest *self)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *published = NULL;
  g_autofree char *expires = NULL;
  char *text;
  gsize length;

  g_return_val_if_fail (self != NULL, NULL);

  bel_manifest_sort (self);
  published = bel_manifest_format_time (self->published);
  expires = bel_manifest_format_time (self->expires);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "format");
  json_builder_add_int_value (builder, self->format);
  json_builder_set_member_name (builder, "channel");
  json_builder_add_string_value (builder, self->channel ? self->channel : "");
  json_builder_set_member_name (builder, "revision");
  json_builder_add_int_value (builder, self->revision);
  json_builder_set_member_name (builder, "published");
  json_builder_add_string_value (builder, published ? published : "");
  json_builder_set_member_name (builder, "expires");
  json_builder_add_string_value (builder, expires ? expires : "");
  json_builder_set_member_name (builder, "files");
  json_builder_begin_array (builder);
  for (guint i = 0; i < self->files->len; i++)
    {
      const BelManifestFile *file = g_ptr_array_index (self->files, i);

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "path");
      json_builder_add_string_value (builder, file->path);
      json_builder_set_member_name (builder, "sha256");
      json_builder_add_string_value (builder, file->sha256);
      json_builder_set_member_name (builder, "size");
      json_builder_add_int_value (builder, file->size);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  json_builder_end_object (builder);

  root = json_builder_get_root (builder);
  json_generator_set_root (generator, root);
  json_generator_set_pretty (generator, TRUE);
  json_generator_set_indent (generator, 2);
  text = json_generator_to_data (generator, &length);
  /* End with a newline, as text files do. */
  text = g_realloc (text, length + 2);
  text[length] = '\n';
  text[length + 1] = '\0';
  return g_bytes_new_take (text, length + 1);
}
