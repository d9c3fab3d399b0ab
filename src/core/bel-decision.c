/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "bel-decision"

#include "bel-decision.h"

#include <string.h>

/* Screen limits, in characters (docs/walkthrough-format.md). */
#define MAX_QUESTION 120
#define MAX_HELP     200
#define MAX_TITLE    80
#define MAX_WHY      280
#define MAX_ITEM     120

BelDecisionQuestion *
bel_decision_question_new (void)
{
  return g_new0 (BelDecisionQuestion, 1);
}

void
bel_decision_question_free (BelDecisionQuestion *question)
{
  if (question == NULL)
    return;
  g_free (question->id);
  bel_text_clear (&question->text);
  bel_text_clear (&question->help);
  g_free (question->yes);
  g_free (question->no);
  g_free (question);
}

BelDecisionResult *
bel_decision_result_new (void)
{
  BelDecisionResult *result = g_new0 (BelDecisionResult, 1);

  bel_text_lists_init (result->bring);
  return result;
}

void
bel_decision_result_free (BelDecisionResult *result)
{
  if (result == NULL)
    return;
  g_free (result->id);
  bel_text_clear (&result->title);
  bel_text_clear (&result->why);
  bel_text_lists_clear (result->bring);
  g_free (result->walkthrough);
  g_free (result);
}

BelDecision *
bel_decision_new (void)
{
  BelDecision *decision = g_new0 (BelDecision, 1);

  decision->questions = g_ptr_array_new_with_free_func ((GDestroyNotify)bel_decision_question_free);
  decision->results = g_ptr_array_new_with_free_func ((GDestroyNotify)bel_decision_result_free);
  decision->index = g_hash_table_new (g_str_hash, g_str_equal);
  return decision;
}

void
bel_decision_free (BelDecision *decision)
{
  if (decision == NULL)
    return;
  g_free (decision->start);
  g_hash_table_unref (decision->index);
  g_ptr_array_unref (decision->questions);
  g_ptr_array_unref (decision->results);
  g_free (decision);
}

/* The index maps ids to questions and results alike; which array holds a node tells them
 * apart. A duplicate id keeps its first node (validation reports the second). */
void
bel_decision_build_index (BelDecision *decision)
{
  g_hash_table_remove_all (decision->index);
  for (guint i = 0; i < decision->questions->len; i++)
    {
      BelDecisionQuestion *question = g_ptr_array_index (decision->questions, i);
      if (question->id && !g_hash_table_contains (decision->index, question->id))
        g_hash_table_insert (decision->index, question->id, question);
    }
  for (guint i = 0; i < decision->results->len; i++)
    {
      BelDecisionResult *result = g_ptr_array_index (decision->results, i);
      if (result->id && !g_hash_table_contains (decision->index, result->id))
        g_hash_table_insert (decision->index, result->id, result);
    }
}

static gboolean
is_question (const BelDecision *decision,
             gconstpointer      node)
{
  for (guint i = 0; i < decision->questions->len; i++)
    if (g_ptr_array_index (decision->questions, i) == node)
      return TRUE;
  return FALSE;
}

const BelDecisionQuestion *
bel_decision_get_question (const BelDecision *decision,
                           const char        *id)
{
  gpointer node;

  g_return_val_if_fail (decision != NULL, NULL);

  if (id == NULL || !(node = g_hash_table_lookup (decision->index, id)))
    return NULL;
  return is_question (decision, node) ? node : NULL;
}

const BelDecisionResult *
bel_decision_get_result (const BelDecision *decision,
                         const char        *id)
{
  gpointer node;

  g_return_val_if_fail (decision != NULL, NULL);

  if (id == NULL || !(node = g_hash_table_lookup (decision->index, id)))
    return NULL;
  return is_question (decision, node) ? NULL : node;
}

const char *
bel_decision_answer (const BelDecision *decision,
                     const char        *question_id,
                     gboolean           yes)
{
  const BelDecisionQuestion *question = bel_decision_get_question (decision, question_id);

  if (question == NULL)
    return NULL;
  return yes ? question->yes : question->no;
}

const BelDecisionResult *
bel_decision_follow (const BelDecision  *decision,
                     const char         *answers,
                     const char        **out_question)
{
  const char *at;

  g_return_val_if_fail (decision != NULL, NULL);
  g_return_val_if_fail (answers != NULL, NULL);

  if (out_question)
    *out_question = NULL;

  at = decision->start;
  for (const char *a = answers; *a; a++)
    {
      if ((*a != 'y' && *a != 'n') || bel_decision_get_question (decision, at) == NULL)
        return NULL;
      at = bel_decision_answer (decision, at, *a == 'y');
    }

  if (bel_decision_get_question (decision, at))
    {
      if (out_question)
        *out_question = at;
      return NULL;
    }
  return bel_decision_get_result (decision, at);
}

static void
collect_paths (const BelDecision *decision,
               const char        *at,
               GString           *answers,
               guint              depth,
               GPtrArray         *paths)
{
  const BelDecisionQuestion *question = bel_decision_get_question (decision, at);

  /* Validated rules have no loops; the depth guards against unvalidated ones. */
  if (depth > decision->questions->len)
    return;

  if (question == NULL)
    {
      if (bel_decision_get_result (decision, at))
        g_ptr_array_add (paths, g_strdup_printf ("%s=%s", answers->str, at));
      return;
    }

  g_string_append_c (answers, 'y');
  collect_paths (decision, question->yes, answers, depth + 1, paths);
  g_string_truncate (answers, answers->len - 1);
  g_string_append_c (answers, 'n');
  collect_paths (decision, question->no, answers, depth + 1, paths);
  g_string_truncate (answers, answers->len - 1);
}

static int
compare_strings (gconstpointer a,
                 gconstpointer b)
{
  return strcmp (*(const char * const *)a, *(const char * const *)b);
}

GPtrArray *
bel_decision_list_paths (const BelDecision *decision)
{
  g_autoptr(GString) answers = g_string_new (NULL);
  GPtrArray *paths = g_ptr_array_new_with_free_func (g_free);

  g_return_val_if_fail (decision != NULL, paths);

  collect_paths (decision, decision->start, answers, 0, paths);
  g_ptr_array_sort (paths, compare_strings);
  return paths;
}

/* Validation */

static char *
read_ref (BelContentReader *reader,
          JsonObject       *object,
          const char       *prefix,
          const char       *name)
{
  return bel_content_reader_read_id (reader, object, prefix, name);
}

static void
parse_question (BelContentReader    *reader,
                JsonObject          *object,
                const char          *prefix,
                BelDecisionQuestion *question)
{
  static const char * const allowed[] = { "id", "text", "help", "yes", "no", NULL };
  g_autofree char *text_path = bel_content_reader_join_path (prefix, "text");
  g_autofree char *help_path = bel_content_reader_join_path (prefix, "help");

  bel_content_reader_check_members (reader, object, prefix, allowed);
  question->id = bel_content_reader_read_id (reader, object, prefix, "id");
  bel_content_reader_read_text (reader, object, prefix, "text", TRUE, &question->text);
  bel_content_reader_read_text (reader, object, prefix, "help", FALSE, &question->help);
  bel_content_reader_check_length (reader, text_path, &question->text, MAX_QUESTION);
  bel_content_reader_check_length (reader, help_path, &question->help, MAX_HELP);
  question->yes = read_ref (reader, object, prefix, "yes");
  question->no = read_ref (reader, object, prefix, "no");
}

static void
parse_result (BelContentReader  *reader,
              JsonObject        *object,
              const char        *prefix,
              BelDecisionResult *result,
              GHashTable        *walkthrough_ids)
{
  static const char * const allowed[] = {
    "id", "title", "why", "bring", "walkthrough", "practice", NULL
  };
  g_autofree char *title_path = bel_content_reader_join_path (prefix, "title");
  g_autofree char *why_path = bel_content_reader_join_path (prefix, "why");
  g_autofree char *bring_path = bel_content_reader_join_path (prefix, "bring");
  g_autofree char *walkthrough_path = bel_content_reader_join_path (prefix, "walkthrough");
  g_autofree char *practice_path = bel_content_reader_join_path (prefix, "practice");
  JsonNode *node;

  bel_content_reader_check_members (reader, object, prefix, allowed);
  result->id = bel_content_reader_read_id (reader, object, prefix, "id");
  bel_content_reader_read_text (reader, object, prefix, "title", TRUE, &result->title);
  bel_content_reader_read_text (reader, object, prefix, "why", TRUE, &result->why);
  bel_content_reader_read_text_list (reader, object, prefix, "bring", TRUE, TRUE, result->bring);
  bel_content_reader_check_length (reader, title_path, &result->title, MAX_TITLE);
  bel_content_reader_check_length (reader, why_path, &result->why, MAX_WHY);
  bel_content_reader_check_list_length (reader, bring_path, (GStrv *)result->bring, MAX_ITEM);

  if (json_object_has_member (object, "walkthrough"))
    {
      result->walkthrough = bel_content_reader_read_id (reader, object, prefix, "walkthrough");
      if (result->walkthrough && walkthrough_ids &&
          !g_hash_table_contains (walkthrough_ids, result->walkthrough))
        bel_content_reader_report (reader, walkthrough_path, "unknown walkthrough “%s”",
                                   result->walkthrough);
    }

  node = bel_content_reader_member (reader, object, prefix, "practice", FALSE);
  if (node && (!JSON_NODE_HOLDS_VALUE (node) ||
               json_node_get_value_type (node) != G_TYPE_BOOLEAN))
    bel_content_reader_report (reader, practice_path, "expected true or false");
  else if (node)
    result->practice = json_node_get_boolean (node);
}

/* Depth-first search from the start: reports answers that lead back to a question on the
 * current path (a loop), and marks what is reached. */
typedef enum { UNSEEN, ON_PATH, DONE } Mark;

static void
visit (BelContentReader  *reader,
       const BelDecision *decision,
       const char        *id,
       GHashTable        *marks,
       GHashTable        *positions)
{
  const BelDecisionQuestion *question = bel_decision_get_question (decision, id);
  const char *answers[2];
  const char *names[2] = { "yes", "no" };

  g_hash_table_insert (marks, (gpointer)id, GINT_TO_POINTER (question ? ON_PATH : DONE));
  if (question == NULL)
    return;

  answers[0] = question->yes;
  answers[1] = question->no;
  for (guint i = 0; i < 2; i++)
    {
      Mark mark;

      if (answers[i] == NULL || g_hash_table_lookup (decision->index, answers[i]) == NULL)
        continue;   /* reported already */
      mark = GPOINTER_TO_INT (g_hash_table_lookup (marks, answers[i]));
      if (mark == ON_PATH)
        {
          guint position = GPOINTER_TO_UINT (g_hash_table_lookup (positions, id));
          g_autofree char *path = g_strdup_printf ("questions[%u].%s", position, names[i]);

          bel_content_reader_report (reader, path,
                                     "“%s” leads back to an earlier question (a loop)",
                                     answers[i]);
        }
      else if (mark == UNSEEN)
        visit (reader, decision, answers[i], marks, positions);
    }
  g_hash_table_insert (marks, (gpointer)id, GINT_TO_POINTER (DONE));
}

static void
check_rules (BelContentReader *reader,
             BelDecision      *decision)
{
  g_autoptr(GHashTable) marks = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GHashTable) positions = g_hash_table_new (g_str_hash, g_str_equal);

  for (guint i = 0; i < decision->questions->len; i++)
    {
      BelDecisionQuestion *question = g_ptr_array_index (decision->questions, i);
      const char *answers[2] = { question->yes, question->no };
      const char *names[2] = { "yes", "no" };

      if (question->id)
        g_hash_table_insert (positions, question->id, GUINT_TO_POINTER (i));
      for (guint a = 0; a < 2; a++)
        if (answers[a] && g_hash_table_lookup (decision->index, answers[a]) == NULL)
          {
            g_autofree char *path = g_strdup_printf ("questions[%u].%s", i, names[a]);
            bel_content_reader_report (reader, path, "“%s” is neither a question nor a result",
                                       answers[a]);
          }
    }

  if (decision->start == NULL)
    return;
  if (bel_decision_get_question (decision, decision->start) == NULL)
    {
      bel_content_reader_report (reader, "start",
                                 bel_decision_get_result (decision, decision->start)
                                 ? "“%s” is a result: the helper must start with a question"
                                 : "“%s” is not a question", decision->start);
      return;
    }

  visit (reader, decision, decision->start, marks, positions);

  for (guint i = 0; i < decision->questions->len; i++)
    {
      BelDecisionQuestion *question = g_ptr_array_index (decision->questions, i);
      if (question->id && !g_hash_table_contains (marks, question->id))
        {
          g_autofree char *path = g_strdup_printf ("questions[%u].id", i);
          bel_content_reader_report (reader, path, "“%s” cannot be reached from “%s”",
                                     question->id, decision->start);
        }
    }
  for (guint i = 0; i < decision->results->len; i++)
    {
      BelDecisionResult *result = g_ptr_array_index (decision->results, i);
      if (result->id && !g_hash_table_contains (marks, result->id))
        {
          g_autofree char *path = g_strdup_printf ("results[%u].id", i);
          bel_content_reader_report (reader, path, "“%s” cannot be reached from “%s”",
                                     result->id, decision->start);
        }
    }
}

static void
add_id (BelContentReader *reader,
        GHashTable       *seen,
        const char       *id,
        const char       *path)
{
  if (id == NULL)
    return;
  if (g_hash_table_contains (seen, id))
    bel_content_reader_report (reader, path, "duplicate id “%s”", id);
  else
    g_hash_table_add (seen, (gpointer)id);
}

BelDecision *
bel_decision_parse (BelContentReader *reader,
                    JsonNode         *root,
                    GHashTable       *walkthrough_ids)
{
  static const char * const allowed[] = { "format", "start", "questions", "results", NULL };
  g_autoptr(BelDecision) decision = bel_decision_new ();
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);
  guint n_before = reader->issues->len;
  JsonObject *object;
  JsonNode *node;

  if (!(object = bel_content_reader_object_node (reader, root, "")))
    return NULL;
  bel_content_reader_check_members (reader, object, "", allowed);
  bel_content_reader_check_format (reader, object, 1);
  decision->start = bel_content_reader_read_id (reader, object, "", "start");

  node = bel_content_reader_member (reader, object, "", "questions", TRUE);
  if (node && (!JSON_NODE_HOLDS_ARRAY (node) ||
               json_array_get_length (json_node_get_array (node)) == 0))
    bel_content_reader_report (reader, "questions", "expected an array of at least one question");
  else if (node)
    {
      JsonArray *array = json_node_get_array (node);

      for (guint i = 0; i < json_array_get_length (array); i++)
        {
          g_autofree char *prefix = g_strdup_printf ("questions[%u]", i);
          g_autofree char *id_path = g_strdup_printf ("questions[%u].id", i);
          JsonNode *element = json_array_get_element (array, i);
          JsonObject *item = bel_content_reader_object_node (reader, element, prefix);
          BelDecisionQuestion *question;

          if (item == NULL)
            continue;
          question = bel_decision_question_new ();
          parse_question (reader, item, prefix, question);
          g_ptr_array_add (decision->questions, question);
          add_id (reader, seen, question->id, id_path);
        }
    }

  node = bel_content_reader_member (reader, object, "", "results", TRUE);
  if (node && (!JSON_NODE_HOLDS_ARRAY (node) ||
               json_array_get_length (json_node_get_array (node)) == 0))
    bel_content_reader_report (reader, "results", "expected an array of at least one result");
  else if (node)
    {
      JsonArray *array = json_node_get_array (node);

      for (guint i = 0; i < json_array_get_length (array); i++)
        {
          g_autofree char *prefix = g_strdup_printf ("results[%u]", i);
          g_autofree char *id_path = g_strdup_printf ("results[%u].id", i);
          JsonNode *element = json_array_get_element (array, i);
          JsonObject *item = bel_content_reader_object_node (reader, element, prefix);
          BelDecisionResult *result;

          if (item == NULL)
            continue;
          result = bel_decision_result_new ();
          parse_result (reader, item, prefix, result, walkthrough_ids);
          g_ptr_array_add (decision->results, result);
          add_id (reader, seen, result->id, id_path);
        }
    }

  bel_decision_build_index (decision);
  check_rules (reader, decision);

  if (reader->issues->len > n_before)
    return NULL;
  return g_steal_pointer (&decision);
}
