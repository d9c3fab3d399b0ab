/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "bel-json"

#include "bel-json.h"
#include "bel-issue.h"

#include <string.h>

struct _BelJsonDoc
{
  char       *file;
  GBytes     *bytes;
  JsonParser *parser;
};

typedef struct {
  GString *path;       /* the path of the container itself */
  gboolean is_object;
  gboolean expect_key;
  char    *key;
  guint    index;
} Frame;

static void
frame_clear (Frame *frame)
{
  g_string_free (frame->path, TRUE);
  g_free (frame->key);
}

static void
child_path (const Frame *frame,
            GString     *out)
{
  g_string_assign (out, frame->path->str);
  if (frame->is_object)
    {
      if (out->len > 0)
        g_string_append_c (out, '.');
      g_string_append (out, frame->key ? frame->key : "");
    }
  else
    g_string_append_printf (out, "[%u]", frame->index);
}

/* A minimal scanner over JSON text that never recurses. It measures nesting depth and, when
 * @want_path is given, finds the line on which the value at that path starts. It is lenient:
 * json-glib does the real parsing once the input is known to be safe. Returns FALSE if the
 * nesting exceeds @max_depth, with the offending line in @out_line. */
static gboolean
scan (const char *data,
      gsize       len,
      guint       max_depth,
      const char *want_path,
      guint      *out_line)
{
  g_autoptr(GArray) stack = g_array_new (FALSE, TRUE, sizeof (Frame));
  g_autoptr(GString) path = g_string_new (NULL);
  guint line = 1;
  gboolean ok = TRUE;
  gsize i = 0;

  g_array_set_clear_func (stack, (GDestroyNotify)frame_clear);
  if (out_line)
    *out_line = 0;

#define VALUE_STARTS()                                                         \
  G_STMT_START {                                                               \
    if (stack->len == 0)                                                       \
      g_string_truncate (path, 0);                                             \
    else                                                                       \
      child_path (&g_array_index (stack, Frame, stack->len - 1), path);        \
    if (want_path && out_line && *out_line == 0 && g_str_equal (path->str, want_path)) \
      *out_line = line;                                                        \
  } G_STMT_END

  while (i < len)
    {
      char c = data[i];

      switch (c)
        {
        case '\n':
          line++;
          i++;
          break;

        case '"':
          {
            Frame *top = stack->len ? &g_array_index (stack, Frame, stack->len - 1) : NULL;
            gboolean is_key = top && top->is_object && top->expect_key;
            gsize start;

            if (!is_key)
              VALUE_STARTS ();
            start = ++i;
            while (i < len && data[i] != '"')
              {
                if (data[i] == '\\' && i + 1 < len)
                  i++;
                if (data[i] == '\n')
                  line++;
                i++;
              }
            if (is_key)
              {
                g_free (top->key);
                top->key = g_strndup (data + start, i - start);
                top->expect_key = FALSE;
              }
            i++;
          }
          break;

        case '{':
        case '[':
          {
            Frame frame = { 0 };

            VALUE_STARTS ();
            if (stack->len + 1 > max_depth)
              {
                if (out_line && !want_path)
                  *out_line = line;
                ok = FALSE;
                goto out;
              }
            frame.path = g_string_new (path->str);
            frame.is_object = (c == '{');
            frame.expect_key = frame.is_object;
            g_array_append_val (stack, frame);
            i++;
          }
          break;

        case '}':
        case ']':
          if (stack->len > 0)
            g_array_set_size (stack, stack->len - 1);
          i++;
          break;

        case ',':
          if (stack->len > 0)
            {
              Frame *top = &g_array_index (stack, Frame, stack->len - 1);
              if (top->is_object)
                top->expect_key = TRUE;
              else
                top->index++;
            }
          i++;
          break;

        case ' ':
        case '\t':
        case '\r':
        case ':':
          i++;
          break;

        default:
          VALUE_STARTS ();
          while (i < len && (g_ascii_isalnum (data[i]) || data[i] == '-' || data[i] == '+' ||
                             data[i] == '.'))
            i++;
          if (i < len && !g_ascii_isalnum (data[i]) && data[i] != '-' && data[i] != '+' &&
              data[i] != '.' && data[i] != ',' && data[i] != '}' && data[i] != ']' &&
              !g_ascii_isspace (data[i]) && data[i] != '"' && data[i] != '{' && data[i] != '[')
            i++;   /* a stray byte: skip it so the scan always advances */
          break;
        }
    }

out:
#undef VALUE_STARTS
  return ok;
}

static gboolean
check_bytes (GBytes      *bytes,
             gsize        max_size,
             guint        max_depth,
             guint       *out_line,
             char       **out_message)
{
  gsize len = 0;
  const char *data = g_bytes_get_data (bytes, &len);
  const char *end = NULL;

  *out_line = 0;
  if (len > max_size)
    {
      *out_message = g_strdup_printf ("file too large (%" G_GSIZE_FORMAT " bytes, at most %"
                                      G_GSIZE_FORMAT ")", len, max_size);
      return FALSE;
    }
  if (len == 0)
    {
      *out_message = g_strdup ("empty file");
      return FALSE;
    }
  if (memchr (data, '\0', len) != NULL)
    {
      *out_message = g_strdup ("contains a NUL byte");
      return FALSE;
    }
  if (!g_utf8_validate (data, len, &end))
    {
      guint line = 1;
      for (const char *p = data; p < end; p++)
        if (*p == '\n')
          line++;
      *out_line = line;
      *out_message = g_strdup ("invalid UTF-8");
      return FALSE;
    }
  if (!scan (data, len, max_depth, NULL, out_line))
    {
      *out_message = g_strdup_printf ("nested deeper than %u levels", max_depth);
      return FALSE;
    }
  return TRUE;
}

static JsonParser *
parse_checked (GBytes  *bytes,
               GError **error)
{
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();
  gsize len = 0;
  const char *data = g_bytes_get_data (bytes, &len);

  if (!json_parser_load_from_data (parser, data, len, error))
    return NULL;
  if (json_parser_get_root (parser) == NULL)
    {
      g_set_error_literal (error, JSON_PARSER_ERROR, JSON_PARSER_ERROR_PARSE, "empty document");
      return NULL;
    }
  return g_steal_pointer (&parser);
}

BelJsonDoc *
bel_json_doc_parse (const char *file_label,
                    GBytes     *bytes,
                    gsize       max_size,
                    guint       max_depth,
                    GPtrArray  *issues)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *message = NULL;
  JsonParser *parser;
  BelJsonDoc *doc;
  guint line = 0;

  g_return_val_if_fail (bytes != NULL, NULL);

  if (!check_bytes (bytes, max_size, max_depth, &line, &message))
    {
      if (issues)
        g_ptr_array_add (issues, bel_issue_new (file_label, line, NULL, "%s", message));
      return NULL;
    }

  if (!(parser = parse_checked (bytes, &error)))
    {
      /* json-glib's messages start with "<data>:LINE:COL: Parse error: ..."; keep the line. */
      const char *msg = error->message;
      guint err_line = 0;

      if (g_str_has_prefix (msg, "<data>:"))
        {
          char *endp = NULL;
          err_line = (guint)g_ascii_strtoull (msg + 7, &endp, 10);
          if (endp && *endp == ':')
            {
              msg = endp + 1;
              while (*msg && *msg != ':')
                msg++;
              if (*msg == ':')
                msg++;
              while (*msg == ' ')
                msg++;
            }
          if (g_str_has_prefix (msg, "Parse error: "))
            msg += strlen ("Parse error: ");
        }
      if (issues)
        g_ptr_array_add (issues, bel_issue_new (file_label, err_line, NULL,
                                                "malformed JSON: %s", msg));
      return NULL;
    }

  doc = g_new0 (BelJsonDoc, 1);
  doc->file = g_strdup (file_label);
  doc->bytes = g_bytes_ref (bytes);
  doc->parser = parser;
  return doc;
}

JsonNode *
bel_json_parse_bytes (GBytes  *bytes,
                      gsize    max_size,
                      guint    max_depth,
                      GError **error)
{
  g_autoptr(JsonParser) parser = NULL;
  g_autofree char *message = NULL;
  guint line = 0;

  g_return_val_if_fail (bytes != NULL, NULL);

  if (!check_bytes (bytes, max_size, max_depth, &line, &message))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, "%s", message);
      return NULL;
    }
  if (!(parser = parse_checked (bytes, error)))
    {
      if (error && *error && (*error)->domain != G_IO_ERROR)
        {
          GError *wrapped = g_error_new (G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                                         "malformed JSON: %s", (*error)->message);
          g_clear_error (error);
          g_propagate_error (error, wrapped);
        }
      return NULL;
    }
  return json_node_copy (json_parser_get_root (parser));
}

JsonNode *
bel_json_doc_get_root (BelJsonDoc *doc)
{
  g_return_val_if_fail (doc != NULL, NULL);
  return json_parser_get_root (doc->parser);
}

const char *
bel_json_doc_get_file (BelJsonDoc *doc)
{
  g_return_val_if_fail (doc != NULL, NULL);
  return doc->file;
}

guint
bel_json_bytes_line (GBytes     *bytes,
                     const char *path)
{
  g_autofree char *want = NULL;
  gsize len = 0;
  const char *data;

  g_return_val_if_fail (bytes != NULL, 0);

  data = g_bytes_get_data (bytes, &len);
  want = g_strdup (path ? path : "");

  /* Only called when there is a problem to report, so a rescan is cheaper than keeping a map
   * of every value's line for every file that has none. */
  for (;;)
    {
      guint line = 0;
      char *cut;

      scan (data, len, G_MAXUINT, want, &line);
      if (line > 0 || *want == '\0')
        return line > 0 ? line : 1;

      cut = MAX (strrchr (want, '.'), strrchr (want, '['));
      if (cut == NULL)
        *want = '\0';
      else
        *cut = '\0';
    }
}

guint
bel_json_doc_line (BelJsonDoc *doc,
                   const char *path)
{
  g_return_val_if_fail (doc != NULL, 0);
  return bel_json_bytes_line (doc->bytes, path);
}

GBytes *
bel_json_doc_get_bytes (BelJsonDoc *doc)
{
  g_return_val_if_fail (doc != NULL, NULL);
  return doc->bytes;
}

void
bel_json_doc_free (BelJsonDoc *doc)
{
  if (doc == NULL)
    return;
  g_free (doc->file);
  g_bytes_unref (doc->bytes);
  g_object_unref (doc->parser);
  g_free (doc);
}
