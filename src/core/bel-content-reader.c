/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "bel-content-reader"

#include "bel-content-reader.h"
#include "bel-issue.h"

#include <stdlib.h>
#include <string.h>

void
bel_content_reader_report (BelContentReader *reader,
                           const char       *path,
                           const char       *format,
                           ...)
{
  g_autofree char *message = NULL;
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);
  g_ptr_array_add (reader->issues,
                   bel_issue_new (reader->file, bel_json_doc_line (reader->doc, path), path,
                                  "%s", message));
}

char *
bel_content_reader_join_path (const char *prefix,
                              const char *member)
{
  if (prefix == NULL || *prefix == '\0')
    return g_strdup (member);
  return g_strconcat (prefix, ".", member, NULL);
}

void
bel_content_reader_check_members (BelContentReader   *reader,
                                  JsonObject         *object,
                                  const char         *prefix,
                                  const char * const *allowed)
{
  g_autoptr(GList) members = json_object_get_members (object);

  for (const GList *l = members; l; l = l->next)
    {
      if (!g_strv_contains (allowed, l->data))
        {
          g_autofree char *path = bel_content_reader_join_path (prefix, l->data);
          bel_content_reader_report (reader, path, "unknown member");
        }
    }
}

JsonNode *
bel_content_reader_member (BelContentReader *reader,
                           JsonObject       *object,
                           const char       *prefix,
                           const char       *name,
                           gboolean          required)
{
  JsonNode *node = json_object_get_member (object, name);

  if ((node == NULL || JSON_NODE_HOLDS_NULL (node)) && required)
    {
      g_autofree char *path = bel_content_reader_join_path (prefix, name);
      bel_content_reader_report (reader, path, "missing");
      return NULL;
    }
  return node;
}

JsonObject *
bel_content_reader_object_node (BelContentReader *reader,
                                JsonNode         *node,
                                const char       *path)
{
  if (!JSON_NODE_HOLDS_OBJECT (node))
    {
      bel_content_reader_report (reader, path, "expected an object");
      return NULL;
    }
  return json_node_get_object (node);
}

static gboolean
is_blank (const char *str)
{
  for (; *str; str++)
    if (!g_ascii_isspace (*str))
      return FALSE;
  return TRUE;
}

static gboolean
has_control (const char *str)
{
  for (; *str; str++)
    if ((guchar)*str < 0x20 || *str == 0x7f)
      return TRUE;
  return FALSE;
}

const char *
bel_content_reader_string_node (BelContentReader *reader,
                                JsonNode         *node,
                                const char       *path)
{
  const char *value;

  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return NULL;
  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    {
      bel_content_reader_report (reader, path, "expected a string");
      return NULL;
    }
  value = json_node_get_string (node);
  if (value == NULL || is_blank (value))
    {
      bel_content_reader_report (reader, path, "empty text");
      return NULL;
    }
  if (has_control (value))
    {
      bel_content_reader_report (reader, path, "contains a control character (tab, newline...)");
      return NULL;
    }
  return value;
}

char *
bel_content_reader_read_string (BelContentReader *reader,
                                JsonObject       *object,
                                const char       *prefix,
                                const char       *name,
                                gboolean          required)
{
  g_autofree char *path = bel_content_reader_join_path (prefix, name);
  JsonNode *node = bel_content_reader_member (reader, object, prefix, name, required);

  return g_strdup (bel_content_reader_string_node (reader, node, path));
}

gboolean
bel_content_is_valid_id (const char *id)
{
  gsize len = strlen (id);

  if (len < 2 || len > 64)
    return FALSE;
  for (const char *p = id; *p; p++)
    if (!(g_ascii_islower (*p) || g_ascii_isdigit (*p) || *p == '-'))
      return FALSE;
  return TRUE;
}

/* A string that @is_valid accepts, or NULL; one it rejects is reported as not being @what. */
static char *
read_valid_string (BelContentReader *reader,
                   JsonObject       *object,
                   const char       *prefix,
                   const char       *name,
                   gboolean          required,
                   gboolean        (*is_valid) (const char *value),
                   const char       *what)
{
  g_autofree char *path = bel_content_reader_join_path (prefix, name);
  g_autofree char *value = bel_content_reader_read_string (reader, object, prefix, name, required);

  if (value && !is_valid (value))
    {
      bel_content_reader_report (reader, path, "“%s” is not %s", value, what);
      return NULL;
    }
  return g_steal_pointer (&value);
}

char *
bel_content_reader_read_id (BelContentReader *reader,
                            JsonObject       *object,
                            const char       *prefix,
                            const char       *name)
{
  return read_valid_string (reader, object, prefix, name, TRUE, bel_content_is_valid_id,
                            "a valid id (2-64 of a-z, 0-9, -)");
}

gboolean
bel_content_is_valid_date (const char *str)
{
  int y, m, d;

  if (strlen (str) != 10 || str[4] != '-' || str[7] != '-')
    return FALSE;
  for (guint i = 0; i < 10; i++)
    if (i != 4 && i != 7 && !g_ascii_isdigit (str[i]))
      return FALSE;
  y = atoi (str);
  m = atoi (str + 5);
  d = atoi (str + 8);
  return g_date_valid_dmy (d, m, y);
}

char *
bel_content_reader_read_date (BelContentReader *reader,
                              JsonObject       *object,
                              const char       *prefix,
                              const char       *name,
                              gboolean          required)
{
  return read_valid_string (reader, object, prefix, name, required, bel_content_is_valid_date,
                            "a date (YYYY-MM-DD)");
}

static gboolean
is_valid_url (const char *value)
{
  return g_str_has_prefix (value, "https://") && strlen (value) >= 12 &&
         strpbrk (value, " \t\r\n\"<>") == NULL;
}

char *
bel_content_reader_read_url (BelContentReader *reader,
                             JsonObject       *object,
                             const char       *prefix,
                             const char       *name,
                             gboolean          required)
{
  return read_valid_string (reader, object, prefix, name, required, is_valid_url,
                            "an https:// address");
}

static const char * const text_members[] = { "az", "ru", "en", NULL };

/* Reads one language's value, found at @path, into @out. */
typedef void (*ReadTranslation) (BelContentReader *reader,
                                 JsonNode         *node,
                                 const char       *path,
                                 BelLang           lang,
                                 gpointer          out);

/* Reads each language's value of @node ({"az": ..., "ru": ..., "en": ...}) at @path with
 * @read_value, reporting each missing language. FALSE when @node is absent or (reported) not
 * such an object of @what. */
static gboolean
read_translations (BelContentReader *reader,
                   JsonNode         *node,
                   const char       *path,
                   const char       *what,
                   ReadTranslation   read_value,
                   gpointer          out)
{
  JsonObject *object;

  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return FALSE;
  if (!JSON_NODE_HOLDS_OBJECT (node))
    {
      bel_content_reader_report (reader, path, "expected an object with az, ru and en %s", what);
      return FALSE;
    }
  object = json_node_get_object (node);
  bel_content_reader_check_members (reader, object, path, text_members);
  for (guint l = 0; l < BEL_N_LANGS; l++)
    {
      const char *code = bel_lang_to_code (l);
      g_autofree char *lang_path = bel_content_reader_join_path (path, code);
      JsonNode *child = json_object_get_member (object, code);

      if (child == NULL || JSON_NODE_HOLDS_NULL (child))
        bel_content_reader_report (reader, lang_path, "missing translation");
      else
        read_value (reader, child, lang_path, l, out);
    }
  return TRUE;
}

static void
read_text (BelContentReader *reader,
           JsonNode         *node,
           const char       *path,
           BelLang           lang,
           gpointer          out)
{
  BelText *text = out;

  g_free (text->text[lang]);
  text->text[lang] = g_strdup (bel_content_reader_string_node (reader, node, path));
}

void
bel_content_reader_text_node (BelContentReader *reader,
                              JsonNode         *node,
                              const char       *path,
                              BelText          *out)
{
  read_translations (reader, node, path, "texts", read_text, out);
}

void
bel_content_reader_read_text (BelContentReader *reader,
                              JsonObject       *object,
                              const char       *prefix,
                              const char       *name,
                              gboolean          required,
                              BelText          *out)
{
  g_autofree char *path = bel_content_reader_join_path (prefix, name);

  bel_content_reader_text_node (reader,
                                bel_content_reader_member (reader, object, prefix, name, required),
                                path, out);
}

GStrv
bel_content_reader_string_array (BelContentReader *reader,
                                 JsonNode         *node,
                                 const char       *path)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  JsonArray *array;

  if (!JSON_NODE_HOLDS_ARRAY (node))
    {
      bel_content_reader_report (reader, path, "expected an array of texts");
      return g_strv_builder_end (builder);
    }
  array = json_node_get_array (node);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      g_autofree char *item_path = g_strdup_printf ("%s[%u]", path, i);
      const char *value = bel_content_reader_string_node (reader,
                                                          json_array_get_element (array, i),
                                                          item_path);

      if (value)
        g_strv_builder_add (builder, value);
    }
  return g_strv_builder_end (builder);
}

static void
read_list (BelContentReader *reader,
           JsonNode         *node,
           const char       *path,
           BelLang           lang,
           gpointer          out)
{
  GStrv *lists = out;

  g_strfreev (lists[lang]);
  lists[lang] = bel_content_reader_string_array (reader, node, path);
}

void
bel_content_reader_read_text_list (BelContentReader *reader,
                                   JsonObject       *object,
                                   const char       *prefix,
                                   const char       *name,
                                   gboolean          required,
                                   gboolean          same_length,
                                   GStrv             out[BEL_N_LANGS])
{
  g_autofree char *path = bel_content_reader_join_path (prefix, name);
  JsonNode *node = bel_content_reader_member (reader, object, prefix, name, required);

  if (!read_translations (reader, node, path, "lists", read_list, out))
    return;

  if (same_length)
    {
      guint az = g_strv_length (out[BEL_LANG_AZ]);
      guint ru = g_strv_length (out[BEL_LANG_RU]);
      guint en = g_strv_length (out[BEL_LANG_EN]);

      if (az != ru || az != en)
        bel_content_reader_report (reader, path,
                                   "the az, ru and en lists differ in length (%u, %u, %u)",
                                   az, ru, en);
      else if (az == 0)
        bel_content_reader_report (reader, path,
                                   "empty list (leave the member out when it is not known)");
    }
}

gboolean
bel_content_reader_check_format (BelContentReader *reader,
                                 JsonObject       *object,
                                 gint64            supported)
{
  JsonNode *node = bel_content_reader_member (reader, object, "", "format", TRUE);

  if (node == NULL)
    return FALSE;
  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_INT64 ||
      json_node_get_int (node) != supported)
    {
      bel_content_reader_report (reader, "format",
                                 "unsupported format (this program reads format %" G_GINT64_FORMAT
                                 ")", supported);
      return FALSE;
    }
  return TRUE;
}

void
bel_content_reader_check_length (BelContentReader *reader,
                                 const char       *path,
                                 const BelText    *text,
                                 guint             max_chars)
{
  for (guint l = 0; l < BEL_N_LANGS; l++)
    {
      glong len;

      if (text->text[l] == NULL)
        continue;
      len = g_utf8_strlen (text->text[l], -1);
      if (len > (glong)max_chars)
        {
          g_autofree char *lang_path = bel_content_reader_join_path (path, bel_lang_to_code (l));
          bel_content_reader_report (reader, lang_path,
                                     "too long for one screen (%ld characters, at most %u)",
                                     len, max_chars);
        }
    }
}

void
bel_content_reader_check_list_length (BelContentReader *reader,
                                      const char       *path,
                                      GStrv const       lists[BEL_N_LANGS],
                                      guint             max_chars)
{
  for (guint l = 0; l < BEL_N_LANGS; l++)
    for (guint i = 0; lists[l] && lists[l][i]; i++)
      {
        glong len = g_utf8_strlen (lists[l][i], -1);

        if (len > (glong)max_chars)
          {
            g_autofree char *item_path = g_strdup_printf ("%s.%s[%u]", path,
                                                          bel_lang_to_code (l), i);
            bel_content_reader_report (reader, item_path,
                                       "too long for one screen (%ld characters, at most %u)",
                                       len, max_chars);
          }
      }
}

BelJsonDoc *
bel_content_reader_load_doc (BelContent *content,
                             const char *path,
                             const char *label,
                             GPtrArray  *issues)
{
  GBytes *bytes = bel_content_get (content, path);

  if (!bel_content_contains (content, path))
    {
      g_ptr_array_add (issues, bel_issue_new (label, 0, NULL, "missing file"));
      return NULL;
    }
  if (bytes == NULL)
    {
      g_ptr_array_add (issues, bel_issue_new (label, 0, NULL,
                                              "file too large (at most %d bytes)",
                                              BEL_JSON_DEFAULT_MAX_SIZE));
      return NULL;
    }
  return bel_json_doc_parse (label, bytes, BEL_JSON_DEFAULT_MAX_SIZE,
                             BEL_JSON_DEFAULT_MAX_DEPTH, issues);
}

void
bel_content_issues_to_error (GPtrArray   *issues,
                             const char  *heading,
                             GQuark       domain,
                             int          code,
                             GError     **error)
{
  g_autoptr(GString) message = g_string_new (heading);

  for (guint i = 0; i < issues->len && i < 5; i++)
    {
      g_autofree char *line = bel_issue_to_string (g_ptr_array_index (issues, i));
      g_string_append_printf (message, "\n  %s", line);
    }
  if (issues->len > 5)
    g_string_append_printf (message, "\n  ... and %u more", issues->len - 5);
  g_set_error_literal (error, domain, code, message->str);
}
