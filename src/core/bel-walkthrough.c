/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "bel-walkthrough"

#include "bel-walkthrough.h"
#include "bel-catalogue-data.h"
#include "bel-catalogue-private.h"
#include "bel-content-reader.h"
#include "bel-issue.h"

#include <string.h>

G_DEFINE_QUARK (bel-walkthrough-error-quark, bel_walkthrough_error)

/* Screen limits, in characters, and other bounds (docs/walkthrough-format.md). */
#define MAX_TITLE        80
#define MAX_SUMMARY      280
#define MAX_STEP_TEXT    280
#define MAX_WARNING      200
#define MAX_ITEM         120
#define MIN_STEPS        3
#define MAX_STEPS        12
#define MAX_PICTURE_SIZE (256 * 1024)

#define PREFIX           "walkthroughs/"
#define PICTURES_PREFIX  "walkthroughs/pictures/"

struct _BelWalkthroughSet
{
  gatomicrefcount  ref_count;
  GPtrArray       *walkthroughs;   /* BelWalkthrough*, by order */
  BelDecision     *decision;       /* may be NULL */
  GHashTable      *pictures;       /* name → GBytes */
  GHashTable      *by_id;          /* id → BelWalkthrough* */
};

BelWalkthroughStep *
bel_walkthrough_step_new (void)
{
  BelWalkthroughStep *step = g_new0 (BelWalkthroughStep, 1);

  bel_text_lists_init (step->checklist);
  return step;
}

void
bel_walkthrough_step_free (BelWalkthroughStep *step)
{
  if (step == NULL)
    return;
  bel_text_clear (&step->title);
  bel_text_clear (&step->text);
  g_free (step->picture);
  bel_text_lists_clear (step->checklist);
  bel_text_clear (&step->warning);
  g_free (step->helpline);
  g_free (step);
}

BelWalkthrough *
bel_walkthrough_new (void)
{
  BelWalkthrough *walkthrough = g_new0 (BelWalkthrough, 1);

  walkthrough->steps = g_ptr_array_new_with_free_func ((GDestroyNotify)bel_walkthrough_step_free);
  bel_text_lists_init (walkthrough->checklist);
  return walkthrough;
}

void
bel_walkthrough_free (BelWalkthrough *walkthrough)
{
  if (walkthrough == NULL)
    return;
  g_free (walkthrough->id);
  g_free (walkthrough->sign_in);
  bel_text_clear (&walkthrough->title);
  bel_text_clear (&walkthrough->summary);
  g_free (walkthrough->portal_url);
  g_free (walkthrough->helpline);
  g_ptr_array_unref (walkthrough->steps);
  bel_text_lists_clear (walkthrough->checklist);
  g_free (walkthrough);
}

BelWalkthroughSet *
bel_walkthrough_set_new (void)
{
  BelWalkthroughSet *set = g_new0 (BelWalkthroughSet, 1);

  g_atomic_ref_count_init (&set->ref_count);
  set->walkthroughs = g_ptr_array_new_with_free_func ((GDestroyNotify)bel_walkthrough_free);
  set->pictures = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                         (GDestroyNotify)g_bytes_unref);
  set->by_id = g_hash_table_new (g_str_hash, g_str_equal);
  return set;
}

BelWalkthroughSet *
bel_walkthrough_set_ref (BelWalkthroughSet *set)
{
  g_return_val_if_fail (set != NULL, NULL);

  g_atomic_ref_count_inc (&set->ref_count);
  return set;
}

void
bel_walkthrough_set_unref (BelWalkthroughSet *set)
{
  g_return_if_fail (set != NULL);

  if (!g_atomic_ref_count_dec (&set->ref_count))
    return;
  g_hash_table_unref (set->by_id);
  g_ptr_array_unref (set->walkthroughs);
  g_clear_pointer (&set->decision, bel_decision_free);
  g_hash_table_unref (set->pictures);
  g_free (set);
}

void
bel_walkthrough_set_replace (BelWalkthroughSet **pointer,
                             BelWalkthroughSet  *set)
{
  g_return_if_fail (pointer != NULL);

  if (set)
    bel_walkthrough_set_ref (set);
  g_clear_pointer (pointer, bel_walkthrough_set_unref);
  *pointer = set;
}

static int
compare_order (gconstpointer a,
               gconstpointer b)
{
  const BelWalkthrough *wa = *(const BelWalkthrough * const *)a;
  const BelWalkthrough *wb = *(const BelWalkthrough * const *)b;

  if (wa->order != wb->order)
    return wa->order < wb->order ? -1 : 1;
  return g_strcmp0 (wa->id, wb->id);
}

static void
set_finish (BelWalkthroughSet *set)
{
  g_ptr_array_sort (set->walkthroughs, compare_order);
  g_hash_table_remove_all (set->by_id);
  for (guint i = 0; i < set->walkthroughs->len; i++)
    {
      BelWalkthrough *walkthrough = g_ptr_array_index (set->walkthroughs, i);
      g_hash_table_insert (set->by_id, walkthrough->id, walkthrough);
    }
}

GPtrArray *
bel_walkthrough_set_get_walkthroughs (BelWalkthroughSet *set)
{
  g_return_val_if_fail (set != NULL, NULL);

  return set->walkthroughs;
}

const BelWalkthrough *
bel_walkthrough_set_get (BelWalkthroughSet *set,
                         const char        *id)
{
  g_return_val_if_fail (set != NULL, NULL);

  return id ? g_hash_table_lookup (set->by_id, id) : NULL;
}

GPtrArray *
bel_walkthrough_set_for_sign_in (BelWalkthroughSet  *set,
                                 const char * const *methods)
{
  GPtrArray *found = g_ptr_array_new ();

  g_return_val_if_fail (set != NULL, found);

  for (guint i = 0; methods && i < set->walkthroughs->len; i++)
    {
      BelWalkthrough *walkthrough = g_ptr_array_index (set->walkthroughs, i);

      if (g_strv_contains (methods, walkthrough->sign_in))
        g_ptr_array_add (found, walkthrough);
    }
  return found;
}

const BelDecision *
bel_walkthrough_set_get_decision (BelWalkthroughSet *set)
{
  g_return_val_if_fail (set != NULL, NULL);

  return set->decision;
}

GBytes *
bel_walkthrough_set_get_picture (BelWalkthroughSet *set,
                                 const char        *name)
{
  g_return_val_if_fail (set != NULL, NULL);

  return name ? g_hash_table_lookup (set->pictures, name) : NULL;
}

guint
bel_walkthrough_set_get_n_pictures (BelWalkthroughSet *set)
{
  g_return_val_if_fail (set != NULL, 0);

  return g_hash_table_size (set->pictures);
}

gboolean
bel_walkthrough_content_present (BelContent *content)
{
  g_autoptr(GPtrArray) paths = bel_content_list (content, PREFIX);

  return paths->len > 0;
}

/* Pictures */

static guint
line_at (const char *text,
         gsize       offset)
{
  guint line = 1;

  for (gsize i = 0; i < offset; i++)
    if (text[i] == '\n')
      line++;
  return line;
}

static const char *
find_ci (const char *haystack,
         const char *needle)
{
  gsize len = strlen (needle);

  for (const char *p = haystack; *p; p++)
    if (g_ascii_strncasecmp (p, needle, len) == 0)
      return p;
  return NULL;
}

static void
picture_issue (GPtrArray  *issues,
               const char *label,
               const char *text,
               const char *at,
               const char *message)
{
  g_ptr_array_add (issues, bel_issue_new (label, at ? line_at (text, at - text) : 0, NULL,
                                          "%s", message));
}

/* The value of an attribute starting at @p (just after the name): skips spaces and "=", and
 * returns the quoted value, or NULL. */
static char *
attribute_value (const char *p)
{
  const char *end;
  char quote;

  while (*p == ' ' || *p == '\t' || *p == '\r' || *p == '\n')
    p++;
  if (*p != '=')
    return NULL;
  p++;
  while (*p == ' ' || *p == '\t' || *p == '\r' || *p == '\n')
    p++;
  quote = *p;
  if (quote != '"' && quote != '\'')
    return NULL;
  end = strchr (p + 1, quote);
  return end ? g_strndup (p + 1, end - p - 1) : NULL;
}

static gboolean
has_letters (const char *text)
{
  for (const char *p = text; *p; p = g_utf8_next_char (p))
    if (g_unichar_isalpha (g_utf8_get_char (p)))
      return TRUE;
  return FALSE;
}

void
bel_walkthrough_check_picture (const char *label,
                               GBytes     *bytes,
                               GPtrArray  *issues)
{
  g_autofree char *text = NULL;
  const char *data, *p, *invalid;
  gsize size;

  if (bytes == NULL || g_bytes_get_size (bytes) > MAX_PICTURE_SIZE)
    {
      g_ptr_array_add (issues, bel_issue_new (label, 0, NULL,
                                              "picture too large (at most %d bytes)",
                                              MAX_PICTURE_SIZE));
      return;
    }

  data = g_bytes_get_data (bytes, &size);
  text = g_strndup (data ? data : "", size);
  if (strlen (text) != size)
    {
      picture_issue (issues, label, text, text + strlen (text), "contains a NUL byte");
      return;
    }
  if (!g_utf8_validate (text, -1, &invalid))
    {
      picture_issue (issues, label, text, invalid, "invalid UTF-8");
      return;
    }

  if (strstr (text, "<svg") == NULL)
    picture_issue (issues, label, text, NULL, "not an SVG drawing (no <svg> element)");
  if ((p = find_ci (text, "<!ENTITY")))
    picture_issue (issues, label, text, p, "declares an entity (not allowed in pictures)");
  if ((p = find_ci (text, "<script")))
    picture_issue (issues, label, text, p, "contains a script (not allowed in pictures)");
  if ((p = find_ci (text, "<foreignObject")))
    picture_issue (issues, label, text, p, "contains foreignObject (not allowed in pictures)");

  /* Nothing outside the picture: links only to #fragments of itself. */
  for (p = find_ci (text, "href"); p; p = find_ci (p + 4, "href"))
    {
      g_autofree char *value = attribute_value (p + 4);

      if (value && value[0] != '#')
        {
          g_autofree char *message =
            g_strdup_printf ("refers to “%.60s” outside the picture (only #fragments are "
                             "allowed)", value);
          picture_issue (issues, label, text, p, message);
        }
    }
  for (p = find_ci (text, "url("); p; p = find_ci (p + 4, "url("))
    {
      const char *v = p + 4;

      while (*v == ' ' || *v == '"' || *v == '\'')
        v++;
      if (*v != '#')
        picture_issue (issues, label, text, p,
                       "refers to something outside the picture (only url(#...) is allowed)");
    }

  /* Pictures are not translated: text in them is digits and symbols only. */
  for (p = strstr (text, "<text"); p; p = strstr (p + 5, "<text"))
    {
      const char *start = strchr (p, '>');
      const char *end = start ? strstr (start, "</text>") : NULL;
      g_autoptr(GString) content = g_string_new (NULL);
      gboolean in_tag = FALSE;

      if (start == NULL || end == NULL)
        break;
      for (const char *c = start + 1; c < end; c++)
        {
          if (*c == '<')
            in_tag = TRUE;
          else if (*c == '>')
            in_tag = FALSE;
          else if (!in_tag)
            g_string_append_c (content, *c);
        }
      if (has_letters (content->str))
        {
          g_autofree char *message =
            g_strdup_printf ("the text “%.40s” has letters: text in pictures must be digits "
                             "and symbols only (pictures are not translated)", content->str);
          picture_issue (issues, label, text, p, message);
        }
    }
}

static gboolean
is_valid_picture_name (const char *name)
{
  g_autofree char *id = NULL;

  if (!g_str_has_suffix (name, ".svg"))
    return FALSE;
  id = g_strndup (name, strlen (name) - strlen (".svg"));
  return bel_content_is_valid_id (id);
}

static gboolean
is_valid_helpline (const char *number)
{
  gsize len = strlen (number);

  if (len < 3 || len > 6)
    return FALSE;
  for (const char *p = number; *p; p++)
    if (!g_ascii_isdigit (*p))
      return FALSE;
  return TRUE;
}

static char *
read_helpline (BelContentReader *reader,
               JsonObject       *object,
               const char       *prefix)
{
  g_autofree char *path = bel_content_reader_join_path (prefix, "helpline");
  g_autofree char *number = bel_content_reader_read_string (reader, object, prefix, "helpline",
                                                            FALSE);

  if (number && !is_valid_helpline (number))
    {
      bel_content_reader_report (reader, path, "“%s” is not a helpline number (3 to 6 digits)",
                                 number);
      return NULL;
    }
  return g_steal_pointer (&number);
}

/* Walkthrough files */

static void
parse_step (BelContentReader   *reader,
            JsonObject         *object,
            const char         *prefix,
            BelWalkthroughStep *step,
            BelContent         *content,
            GHashTable         *used_pictures)
{
  static const char * const allowed[] = {
    "title", "text", "picture", "checklist", "warning", "helpline", NULL
  };
  g_autofree char *title_path = bel_content_reader_join_path (prefix, "title");
  g_autofree char *text_path = bel_content_reader_join_path (prefix, "text");
  g_autofree char *warning_path = bel_content_reader_join_path (prefix, "warning");
  g_autofree char *checklist_path = bel_content_reader_join_path (prefix, "checklist");
  g_autofree char *picture_path = bel_content_reader_join_path (prefix, "picture");

  bel_content_reader_check_members (reader, object, prefix, allowed);
  bel_content_reader_read_text (reader, object, prefix, "title", TRUE, &step->title);
  bel_content_reader_read_text (reader, object, prefix, "text", TRUE, &step->text);
  bel_content_reader_read_text (reader, object, prefix, "warning", FALSE, &step->warning);
  bel_content_reader_read_text_list (reader, object, prefix, "checklist", FALSE, TRUE,
                                     step->checklist);
  bel_content_reader_check_length (reader, title_path, &step->title, MAX_TITLE);
  bel_content_reader_check_length (reader, text_path, &step->text, MAX_STEP_TEXT);
  bel_content_reader_check_length (reader, warning_path, &step->warning, MAX_WARNING);
  bel_content_reader_check_list_length (reader, checklist_path, step->checklist, MAX_ITEM);
  step->helpline = read_helpline (reader, object, prefix);

  step->picture = bel_content_reader_read_string (reader, object, prefix, "picture", TRUE);
  if (step->picture && !is_valid_picture_name (step->picture))
    {
      bel_content_reader_report (reader, picture_path,
                                 "“%s” is not a picture name (an id followed by .svg)",
                                 step->picture);
      g_clear_pointer (&step->picture, g_free);
    }
  else if (step->picture)
    {
      g_autofree char *file = g_strconcat (PICTURES_PREFIX, step->picture, NULL);

      if (!bel_content_contains (content, file))
        bel_content_reader_report (reader, picture_path, "unknown picture “%s” (no pictures/%s)",
                                   step->picture, step->picture);
      else
        g_hash_table_add (used_pictures, g_strdup (step->picture));
    }
}

static BelWalkthrough *
parse_walkthrough (BelContentReader *reader,
                   JsonNode         *root,
                   const char       *expected_id,
                   BelContent       *content,
                   GHashTable       *used_pictures,
                   GHashTable       *orders)
{
  static const char * const allowed[] = {
    "format", "id", "order", "sign_in", "title", "summary", "portal_url", "helpline", "steps",
    "checklist", NULL
  };
  g_autoptr(BelWalkthrough) walkthrough = bel_walkthrough_new ();
  JsonObject *object;
  JsonNode *node;

  if (!(object = bel_content_reader_object_node (reader, root, "")))
    return NULL;
  bel_content_reader_check_members (reader, object, "", allowed);
  bel_content_reader_check_format (reader, object, 1);

  walkthrough->id = bel_content_reader_read_id (reader, object, "", "id");
  if (walkthrough->id && !g_str_equal (walkthrough->id, expected_id))
    bel_content_reader_report (reader, "id", "“%s” differs from the file name (%s.json)",
                               walkthrough->id, expected_id);

  node = bel_content_reader_member (reader, object, "", "order", TRUE);
  if (node && (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_INT64 ||
               json_node_get_int (node) < 1 || json_node_get_int (node) > 1000))
    bel_content_reader_report (reader, "order", "expected a whole number from 1 to 1000");
  else if (node)
    {
      const char *other;

      walkthrough->order = json_node_get_int (node);
      other = g_hash_table_lookup (orders, GINT_TO_POINTER ((int)walkthrough->order));
      if (other)
        bel_content_reader_report (reader, "order",
                                   "%" G_GINT64_FORMAT " is also the order of %s",
                                   walkthrough->order, other);
      else
        g_hash_table_insert (orders, GINT_TO_POINTER ((int)walkthrough->order),
                             g_strdup (reader->file));
    }

  walkthrough->sign_in = bel_content_reader_read_string (reader, object, "", "sign_in", TRUE);
  if (walkthrough->sign_in && !g_strv_contains (bel_sign_in_methods (), walkthrough->sign_in))
    {
      bel_content_reader_report (reader, "sign_in",
                                 "unknown sign-in method “%s” (known: fin, sima, asan-imza, "
                                 "e-imza, bsxm)", walkthrough->sign_in);
      g_clear_pointer (&walkthrough->sign_in, g_free);
    }

  bel_content_reader_read_text (reader, object, "", "title", TRUE, &walkthrough->title);
  bel_content_reader_read_text (reader, object, "", "summary", TRUE, &walkthrough->summary);
  bel_content_reader_check_length (reader, "title", &walkthrough->title, MAX_TITLE);
  bel_content_reader_check_length (reader, "summary", &walkthrough->summary, MAX_SUMMARY);
  walkthrough->portal_url = bel_content_reader_read_url (reader, object, "", "portal_url", TRUE);
  walkthrough->helpline = read_helpline (reader, object, "");
  bel_content_reader_read_text_list (reader, object, "", "checklist", TRUE, TRUE,
                                     walkthrough->checklist);
  bel_content_reader_check_list_length (reader, "checklist", walkthrough->checklist, MAX_ITEM);

  node = bel_content_reader_member (reader, object, "", "steps", TRUE);
  if (node && !JSON_NODE_HOLDS_ARRAY (node))
    bel_content_reader_report (reader, "steps", "expected an array of steps");
  else if (node)
    {
      JsonArray *array = json_node_get_array (node);
      guint n = json_array_get_length (array);

      if (n < MIN_STEPS || n > MAX_STEPS)
        bel_content_reader_report (reader, "steps", "%u steps (a walkthrough has %d to %d)",
                                   n, MIN_STEPS, MAX_STEPS);
      for (guint i = 0; i < n; i++)
        {
          g_autofree char *prefix = g_strdup_printf ("steps[%u]", i);
          JsonNode *element = json_array_get_element (array, i);
          JsonObject *item = bel_content_reader_object_node (reader, element, prefix);
          BelWalkthroughStep *step;

          if (item == NULL)
            continue;
          step = bel_walkthrough_step_new ();
          parse_step (reader, item, prefix, step, content, used_pictures);
          g_ptr_array_add (walkthrough->steps, step);
        }
    }

  return g_steal_pointer (&walkthrough);
}

BelWalkthroughSet *
bel_walkthrough_set_parse (BelContent *content,
                           GPtrArray  *issues)
{
  g_autoptr(BelWalkthroughSet) set = bel_walkthrough_set_new ();
  g_autoptr(GHashTable) used_pictures = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                                               NULL);
  g_autoptr(GHashTable) orders = g_hash_table_new_full (NULL, NULL, NULL, g_free);
  g_autoptr(GHashTable) ids = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GPtrArray) paths = NULL;
  guint n_before;
  BelJsonDoc *doc;

  g_return_val_if_fail (content != NULL, NULL);
  g_return_val_if_fail (issues != NULL, NULL);

  n_before = issues->len;
  paths = bel_content_list (content, PREFIX);

  for (guint i = 0; i < paths->len; i++)
    {
      const char *path = g_ptr_array_index (paths, i);
      const char *label = path + strlen (PREFIX);
      g_autofree char *id = NULL;

      if (g_str_equal (label, "decision.json"))
        continue;
      if (g_str_has_prefix (label, "pictures/") &&
          strchr (label + strlen ("pictures/"), '/') == NULL)
        {
          const char *name = label + strlen ("pictures/");

          if (!is_valid_picture_name (name))
            g_ptr_array_add (issues, bel_issue_new (label, 0, NULL,
                                                    "the file name is not a picture name (an id "
                                                    "followed by .svg)"));
          else
            {
              guint n = issues->len;

              bel_walkthrough_check_picture (label, bel_content_get (content, path), issues);
              if (issues->len == n)
                g_hash_table_insert (set->pictures, g_strdup (name),
                                     g_bytes_ref (bel_content_get (content, path)));
            }
          continue;
        }
      if (!g_str_has_suffix (label, ".json") || strchr (label, '/') != NULL)
        {
          g_ptr_array_add (issues, bel_issue_new (label, 0, NULL,
                                                  "unexpected file (walkthroughs holds <id>.json, "
                                                  "decision.json and pictures/<name>.svg)"));
          continue;
        }
      id = g_strndup (label, strlen (label) - strlen (".json"));
      if (!bel_content_is_valid_id (id))
        {
          g_ptr_array_add (issues, bel_issue_new (label, 0, NULL,
                                                  "the file name is not a valid walkthrough id"));
          continue;
        }
      if ((doc = bel_content_reader_load_doc (content, path, label, issues)))
        {
          BelContentReader reader = { doc, label, issues };
          BelWalkthrough *walkthrough = parse_walkthrough (&reader, bel_json_doc_get_root (doc),
                                                           id, content, used_pictures, orders);

          if (walkthrough)
            {
              g_ptr_array_add (set->walkthroughs, walkthrough);
              if (walkthrough->id)
                g_hash_table_add (ids, walkthrough->id);
            }
          bel_json_doc_free (doc);
        }
    }

  if (set->walkthroughs->len == 0 && issues->len == n_before)
    g_ptr_array_add (issues, bel_issue_new ("walkthroughs", 0, NULL, "no walkthrough files"));

  if ((doc = bel_content_reader_load_doc (content, PREFIX "decision.json", "decision.json",
                                          issues)))
    {
      BelContentReader reader = { doc, "decision.json", issues };

      set->decision = bel_decision_parse (&reader, bel_json_doc_get_root (doc), ids);
      bel_json_doc_free (doc);
    }

  /* A picture no step shows is dead weight in every bundle sent to every kiosk. */
  {
    GHashTableIter iter;
    const char *name;

    g_hash_table_iter_init (&iter, set->pictures);
    while (g_hash_table_iter_next (&iter, (gpointer *)&name, NULL))
      if (!g_hash_table_contains (used_pictures, name))
        {
          g_autofree char *label = g_strconcat ("pictures/", name, NULL);
          g_ptr_array_add (issues, bel_issue_new (label, 0, NULL, "no step shows this picture"));
        }
  }

  if (issues->len > n_before)
    return NULL;

  set_finish (set);
  return g_steal_pointer (&set);
}

BelWalkthroughSet *
bel_walkthrough_set_parse_or_error (BelContent  *content,
                                    GError     **error)
{
  g_autoptr(GPtrArray) issues = g_ptr_array_new_with_free_func ((GDestroyNotify)bel_issue_free);
  BelWalkthroughSet *set = bel_walkthrough_set_parse (content, issues);

  if (set == NULL)
    bel_content_issues_to_error (issues, "The walkthroughs have problems:", BEL_WALKTHROUGH_ERROR,
                                 BEL_WALKTHROUGH_ERROR_INVALID, error);
  return set;
}

/* Storage (migration 20 in bel-database.c) */

static void
column_text (sqlite3_stmt *stmt,
             int           first,
             BelText      *out)
{
  for (guint l = 0; l < BEL_N_LANGS; l++)
    {
      g_free (out->text[l]);
      out->text[l] = g_strdup ((const char *)sqlite3_column_text (stmt, first + l));
    }
}

static char *
column_string (sqlite3_stmt *stmt,
               int           column)
{
  return g_strdup ((const char *)sqlite3_column_text (stmt, column));
}

typedef struct {
  sqlite3_stmt *walkthrough;
  sqlite3_stmt *step;
  sqlite3_stmt *picture;
  sqlite3_stmt *question;
  sqlite3_stmt *result;
} Statements;

static void
statements_clear (Statements *s)
{
  g_clear_pointer (&s->walkthrough, sqlite3_finalize);
  g_clear_pointer (&s->step, sqlite3_finalize);
  g_clear_pointer (&s->picture, sqlite3_finalize);
  g_clear_pointer (&s->question, sqlite3_finalize);
  g_clear_pointer (&s->result, sqlite3_finalize);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Statements, statements_clear)

static gboolean
import_decision (BelDatabase        *db,
                 const BelDecision  *decision,
                 Statements         *s,
                 GError            **error)
{
  if (!(s->question = bel_database_prepare (db,
                                            "INSERT INTO decision_questions (id, position,"
                                            " text_az, text_ru, text_en, help_az, help_ru, help_en,"
                                            " yes, no) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                                            error)) ||
      !(s->result = bel_database_prepare (db,
                                          "INSERT INTO decision_results (id, position, title_az,"
                                          " title_ru, title_en, why_az, why_ru, why_en, bring,"
                                          " walkthrough, practice)"
                                          " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", error)))
    return FALSE;

  for (guint i = 0; i < decision->questions->len; i++)
    {
      const BelDecisionQuestion *question = g_ptr_array_index (decision->questions, i);

      sqlite3_bind_text (s->question, 1, question->id, -1, SQLITE_STATIC);
      sqlite3_bind_int (s->question, 2, i);
      bel_database_bind_text (s->question, 3, &question->text);
      bel_database_bind_text (s->question, 6, &question->help);
      sqlite3_bind_text (s->question, 9, question->yes, -1, SQLITE_STATIC);
      sqlite3_bind_text (s->question, 10, question->no, -1, SQLITE_STATIC);
      if (!bel_database_step_done (db, s->question, "import decision questions", error))
        return FALSE;
    }

  for (guint i = 0; i < decision->results->len; i++)
    {
      const BelDecisionResult *result = g_ptr_array_index (decision->results, i);

      sqlite3_bind_text (s->result, 1, result->id, -1, SQLITE_STATIC);
      sqlite3_bind_int (s->result, 2, i);
      bel_database_bind_text (s->result, 3, &result->title);
      bel_database_bind_text (s->result, 6, &result->why);
      sqlite3_bind_text (s->result, 9, bel_catalogue_pack_lists ((GStrv *)result->bring), -1,
                         g_free);
      sqlite3_bind_text (s->result, 10, result->walkthrough, -1, SQLITE_STATIC);
      sqlite3_bind_int (s->result, 11, result->practice ? 1 : 0);
      if (!bel_database_step_done (db, s->result, "import decision results", error))
        return FALSE;
    }

  return bel_database_set_meta (db, "decision-start", decision->start, error);
}

gboolean
bel_walkthrough_set_import (BelDatabase              *db,
                            const BelWalkthroughSet  *set,
                            GError                  **error)
{
  g_auto(Statements) s = { 0 };
  GHashTableIter iter;
  const char *name;
  GBytes *bytes;

  g_return_val_if_fail (BEL_IS_DATABASE (db), FALSE);
  g_return_val_if_fail (set != NULL, FALSE);

  if (!bel_database_check_in_transaction (db, "bel_walkthrough_set_import()", error))
    return FALSE;

  if (!bel_database_exec (db,
                          "DELETE FROM walkthrough_steps;"
                          "DELETE FROM walkthroughs;"
                          "DELETE FROM walkthrough_pictures;"
                          "DELETE FROM decision_questions;"
                          "DELETE FROM decision_results;"
                          "DELETE FROM meta WHERE key = 'decision-start';",
                          error))
    return FALSE;

  if (!(s.walkthrough = bel_database_prepare (db,
                                              "INSERT INTO walkthroughs (id, position, sign_in,"
                                              " title_az, title_ru, title_en,"
                                              " summary_az, summary_ru, summary_en,"
                                              " portal_url, helpline, checklist)"
                                              " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                                              error)) ||
      !(s.step = bel_database_prepare (db,
                                       "INSERT INTO walkthrough_steps (walkthrough_id, position,"
                                       " title_az, title_ru, title_en, text_az, text_ru, text_en,"
                                       " picture, checklist, warning_az, warning_ru, warning_en,"
                                       " helpline)"
                                       " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                                       error)) ||
      !(s.picture = bel_database_prepare (db,
                                          "INSERT INTO walkthrough_pictures (name, svg)"
                                          " VALUES (?, ?)", error)))
    return FALSE;

  for (guint i = 0; i < set->walkthroughs->len; i++)
    {
      const BelWalkthrough *walkthrough = g_ptr_array_index (set->walkthroughs, i);

      sqlite3_bind_text (s.walkthrough, 1, walkthrough->id, -1, SQLITE_STATIC);
      sqlite3_bind_int64 (s.walkthrough, 2, walkthrough->order);
      sqlite3_bind_text (s.walkthrough, 3, walkthrough->sign_in, -1, SQLITE_STATIC);
      bel_database_bind_text (s.walkthrough, 4, &walkthrough->title);
      bel_database_bind_text (s.walkthrough, 7, &walkthrough->summary);
      sqlite3_bind_text (s.walkthrough, 10, walkthrough->portal_url, -1, SQLITE_STATIC);
      sqlite3_bind_text (s.walkthrough, 11, walkthrough->helpline, -1, SQLITE_STATIC);
      sqlite3_bind_text (s.walkthrough, 12,
                         bel_catalogue_pack_lists ((GStrv *)walkthrough->checklist), -1, g_free);
      if (!bel_database_step_done (db, s.walkthrough, "import walkthroughs", error))
        return FALSE;

      for (guint j = 0; j < walkthrough->steps->len; j++)
        {
          const BelWalkthroughStep *step = g_ptr_array_index (walkthrough->steps, j);

          sqlite3_bind_text (s.step, 1, walkthrough->id, -1, SQLITE_STATIC);
          sqlite3_bind_int (s.step, 2, j);
          bel_database_bind_text (s.step, 3, &step->title);
          bel_database_bind_text (s.step, 6, &step->text);
          sqlite3_bind_text (s.step, 9, step->picture, -1, SQLITE_STATIC);
          sqlite3_bind_text (s.step, 10, bel_catalogue_pack_lists ((GStrv *)step->checklist), -1,
                             g_free);
          bel_database_bind_text (s.step, 11, &step->warning);
          sqlite3_bind_text (s.step, 14, step->helpline, -1, SQLITE_STATIC);
          if (!bel_database_step_done (db, s.step, "import walkthrough steps", error))
            return FALSE;
        }
    }

  g_hash_table_iter_init (&iter, set->pictures);
  while (g_hash_table_iter_next (&iter, (gpointer *)&name, (gpointer *)&bytes))
    {
      gsize size;
      gconstpointer data = g_bytes_get_data (bytes, &size);

      sqlite3_bind_text (s.picture, 1, name, -1, SQLITE_STATIC);
      sqlite3_bind_blob64 (s.picture, 2, data ? data : "", size, SQLITE_STATIC);
      if (!bel_database_step_done (db, s.picture, "import walkthrough pictures", error))
        return FALSE;
    }

  if (set->decision && !import_decision (db, set->decision, &s, error))
    return FALSE;

  /* Readers that keep the walkthroughs in memory (the kiosk) compare this to know when to read
   * them again, whatever happened to the catalogue's revision. */
  {
    g_autofree char *old = bel_database_get_meta (db, "walkthroughs-generation");
    g_autofree char *generation = g_strdup_printf ("%" G_GINT64_FORMAT,
                                                   (old ? g_ascii_strtoll (old, NULL, 10) : 0) + 1);

    if (!bel_database_set_meta (db, "walkthroughs-generation", generation, error))
      return FALSE;
  }

  return TRUE;
}

static gboolean
finish_rows (BelDatabase   *db,
             int            rc,
             GError       **error)
{
  if (rc != SQLITE_DONE)
    {
      bel_database_set_error (db, error, "load walkthroughs");
      return FALSE;
    }
  return TRUE;
}

static gboolean
load_decision (BelDatabase        *db,
               BelWalkthroughSet  *set,
               GError            **error)
{
  g_autoptr(BelDecision) decision = bel_decision_new ();
  g_autofree char *start = bel_database_get_meta (db, "decision-start");
  sqlite3_stmt *stmt;
  int rc;

  if (start == NULL)
    return TRUE;
  decision->start = g_steal_pointer (&start);

  if (!(stmt = bel_database_prepare (db,
                                     "SELECT id, text_az, text_ru, text_en, help_az, help_ru,"
                                     " help_en, yes, no FROM decision_questions"
                                     " ORDER BY position", error)))
    return FALSE;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      BelDecisionQuestion *question = bel_decision_question_new ();

      question->id = column_string (stmt, 0);
      column_text (stmt, 1, &question->text);
      column_text (stmt, 4, &question->help);
      question->yes = column_string (stmt, 7);
      question->no = column_string (stmt, 8);
      g_ptr_array_add (decision->questions, question);
    }
  sqlite3_finalize (stmt);
  if (!finish_rows (db, rc, error))
    return FALSE;

  if (!(stmt = bel_database_prepare (db,
                                     "SELECT id, title_az, title_ru, title_en, why_az, why_ru,"
                                     " why_en, bring, walkthrough, practice FROM decision_results"
                                     " ORDER BY position", error)))
    return FALSE;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      BelDecisionResult *result = bel_decision_result_new ();

      result->id = column_string (stmt, 0);
      column_text (stmt, 1, &result->title);
      column_text (stmt, 4, &result->why);
      bel_catalogue_unpack_lists ((const char *)sqlite3_column_text (stmt, 7), result->bring);
      result->walkthrough = column_string (stmt, 8);
      result->practice = sqlite3_column_int (stmt, 9) != 0;
      g_ptr_array_add (decision->results, result);
    }
  sqlite3_finalize (stmt);
  if (!finish_rows (db, rc, error))
    return FALSE;

  bel_decision_build_index (decision);
  set->decision = g_steal_pointer (&decision);
  return TRUE;
}

BelWalkthroughSet *
bel_walkthrough_set_load (BelDatabase  *db,
                          GError      **error)
{
  g_autoptr(BelWalkthroughSet) set = bel_walkthrough_set_new ();
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (BEL_IS_DATABASE (db), NULL);

  if (!(stmt = bel_database_prepare (db,
                                     "SELECT id, position, sign_in, title_az, title_ru, title_en,"
                                     " summary_az, summary_ru, summary_en, portal_url, helpline,"
                                     " checklist FROM walkthroughs ORDER BY position, id", error)))
    return NULL;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      BelWalkthrough *walkthrough = bel_walkthrough_new ();

      walkthrough->id = column_string (stmt, 0);
      walkthrough->order = sqlite3_column_int64 (stmt, 1);
      walkthrough->sign_in = column_string (stmt, 2);
      column_text (stmt, 3, &walkthrough->title);
      column_text (stmt, 6, &walkthrough->summary);
      walkthrough->portal_url = column_string (stmt, 9);
      walkthrough->helpline = column_string (stmt, 10);
      bel_catalogue_unpack_lists ((const char *)sqlite3_column_text (stmt, 11),
                                  walkthrough->checklist);
      g_ptr_array_add (set->walkthroughs, walkthrough);
    }
  sqlite3_finalize (stmt);
  if (!finish_rows (db, rc, error))
    return NULL;
  set_finish (set);

  if (!(stmt = bel_database_prepare (db,
                                     "SELECT walkthrough_id, title_az, title_ru, title_en,"
                                     " text_az, text_ru, text_en, picture, checklist, warning_az,"
                                     " warning_ru, warning_en, helpline FROM walkthrough_steps"
                                     " ORDER BY walkthrough_id, position", error)))
    return NULL;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      BelWalkthrough *walkthrough = g_hash_table_lookup (set->by_id,
                                                         sqlite3_column_text (stmt, 0));
      BelWalkthroughStep *step;

      if (walkthrough == NULL)
        continue;
      step = bel_walkthrough_step_new ();
      column_text (stmt, 1, &step->title);
      column_text (stmt, 4, &step->text);
      step->picture = column_string (stmt, 7);
      bel_catalogue_unpack_lists ((const char *)sqlite3_column_text (stmt, 8), step->checklist);
      column_text (stmt, 9, &step->warning);
      step->helpline = column_string (stmt, 12);
      g_ptr_array_add (walkthrough->steps, step);
    }
  sqlite3_finalize (stmt);
  if (!finish_rows (db, rc, error))
    return NULL;

  if (!(stmt = bel_database_prepare (db, "SELECT name, svg FROM walkthrough_pictures", error)))
    return NULL;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      const void *data = sqlite3_column_blob (stmt, 1);
      int size = sqlite3_column_bytes (stmt, 1);

      g_hash_table_insert (set->pictures, column_string (stmt, 0),
                           g_bytes_new (data, size));
    }
  sqlite3_finalize (stmt);
  if (!finish_rows (db, rc, error))
    return NULL;

  if (!load_decision (db, set, error))
    return NULL;

  return g_steal_pointer (&set);
}

BelWalkthroughSet *
bel_walkthrough_set_load_or_import (BelDatabase  *db,
                                    const char   *bundled_dir,
                                    GError      **error)
{
  g_autoptr(BelWalkthroughSet) set = NULL;
  g_autoptr(BelWalkthroughSet) bundled = NULL;
  g_autoptr(BelContent) content = NULL;
  g_autoptr(GError) local_error = NULL;

  g_return_val_if_fail (BEL_IS_DATABASE (db), NULL);

  if (!(set = bel_walkthrough_set_load (db, error)))
    return NULL;
  if (set->walkthroughs->len > 0 || bundled_dir == NULL)
    return g_steal_pointer (&set);

  /* A broken or missing bundle is no reason to fail: the kiosk then has no walkthroughs. */
  if (!(content = bel_content_new_from_dir (bundled_dir, &local_error)) ||
      !bel_walkthrough_content_present (content) ||
      !(bundled = bel_walkthrough_set_parse_or_error (content, &local_error)))
    {
      if (local_error)
        g_warning ("Not importing the bundled walkthroughs: %s", local_error->message);
      return g_steal_pointer (&set);
    }

  if (!bel_database_begin (db, error))
    return NULL;
  if (!bel_walkthrough_set_import (db, bundled, error) || !bel_database_commit (db, error))
    {
      bel_database_rollback (db);
      return NULL;
    }
  return bel_walkthrough_set_load (db, error);
}
