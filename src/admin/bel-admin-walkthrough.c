/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "bel-admin-walkthrough"

#include "config.h"

#include <stdio.h>
#include <string.h>

#include "bel-admin.h"
#include "bel-issue.h"
#include "bel-walkthrough.h"

/* Reads @dir into @content under "walkthroughs/": the files directly in it and those in
 * pictures/ (the only sub-directory the format has); anything else is listed too, so that
 * validation can name it. */
static gboolean
read_walkthroughs_dir (BelContent  *content,
                       const char  *dir,
                       const char  *relative,
                       guint        depth,
                       GError     **error)
{
  g_autofree char *path = g_build_filename (dir, relative, NULL);
  g_autoptr(GDir) handle = g_dir_open (path, 0, error);
  const char *name;

  if (handle == NULL)
    return FALSE;
  while ((name = g_dir_read_name (handle)))
    {
      g_autofree char *child_relative = *relative ? g_build_filename (relative, name, NULL)
                                                  : g_strdup (name);
      g_autofree char *child = g_build_filename (dir, child_relative, NULL);

      if (name[0] == '.' || g_file_test (child, G_FILE_TEST_IS_SYMLINK))
        continue;
      if (g_file_test (child, G_FILE_TEST_IS_DIR))
        {
          if (depth < 4 && !read_walkthroughs_dir (content, dir, child_relative, depth + 1, error))
            return FALSE;
        }
      else if (g_file_test (child, G_FILE_TEST_IS_REGULAR))
        {
          g_autofree char *key = g_strconcat ("walkthroughs/", child_relative, NULL);
          g_autoptr(GMappedFile) mapped = g_mapped_file_new (child, FALSE, error);
          g_autoptr(GBytes) bytes = NULL;

          if (mapped == NULL)
            return FALSE;
          if (g_mapped_file_get_length (mapped) <= BEL_CONTENT_MAX_FILE_SIZE)
            bytes = g_mapped_file_get_bytes (mapped);
          bel_content_add (content, key, bytes);
        }
    }
  return TRUE;
}

/* DIR is either a content tree (data/, with walkthroughs/ in it) or the walkthroughs directory
 * itself (recognised by its decision.json). */
static BelContent *
open_content (const char  *dir,
              GError     **error)
{
  g_autofree char *decision = g_build_filename (dir, "decision.json", NULL);
  g_autoptr(BelContent) content = NULL;

  if (!g_file_test (decision, G_FILE_TEST_EXISTS))
    return bel_content_new_from_dir (dir, error);

  content = bel_content_new ();
  if (!read_walkthroughs_dir (content, dir, "", 0, error))
    return NULL;
  return g_steal_pointer (&content);
}

static int
walkthrough_validate (int    argc,
                      char **argv)
{
  g_autoptr(GPtrArray) issues = g_ptr_array_new_with_free_func ((GDestroyNotify)bel_issue_free);
  g_autoptr(BelWalkthroughSet) set = NULL;
  g_autoptr(BelContent) content = NULL;
  g_autoptr(GError) error = NULL;
  const BelDecision *decision;
  const char *dir;

  if (argc > 2)
    return bel_admin_fail (2, "usage: walkthrough validate [DIR]");
  dir = argc == 2 ? argv[1] : bel_content_bundled_dir ();

  if (!(content = open_content (dir, &error)))
    return bel_admin_fail (1, "%s", error->message);
  if (!bel_walkthrough_content_present (content))
    return bel_admin_fail (1, "No walkthroughs in %s (expected walkthroughs/ or decision.json)",
                           dir);

  set = bel_walkthrough_set_parse (content, issues);
  bel_admin_print_issues (issues);
  if (set == NULL)
    return 1;

  decision = bel_walkthrough_set_get_decision (set);
  {
    g_autoptr(GPtrArray) paths = bel_decision_list_paths (decision);

    fprintf (stderr, "%s: %u walkthroughs, %u pictures, decision helper with %u questions, "
             "%u results and %u paths: no problems\n",
             dir, bel_walkthrough_set_get_walkthroughs (set)->len,
             bel_walkthrough_set_get_n_pictures (set), decision->questions->len,
             decision->results->len, paths->len);
  }
  return 0;
}

/* Prints every path through the decision helper, one per line: the answers, then the
 * recommendation and the walkthrough it opens. For reviewing the rules. */
static int
walkthrough_paths (int    argc,
                   char **argv)
{
  g_autoptr(GPtrArray) issues = g_ptr_array_new_with_free_func ((GDestroyNotify)bel_issue_free);
  g_autoptr(BelWalkthroughSet) set = NULL;
  g_autoptr(BelContent) content = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) paths = NULL;
  const BelDecision *decision;
  const char *dir;

  if (argc > 2)
    return bel_admin_fail (2, "usage: walkthrough paths [DIR]");
  dir = argc == 2 ? argv[1] : bel_content_bundled_dir ();

  if (!(content = open_content (dir, &error)))
    return bel_admin_fail (1, "%s", error->message);
  if (!(set = bel_walkthrough_set_parse (content, issues)))
    return bel_admin_fail (1, "the walkthroughs have %u problems: run “walkthrough validate”",
                           issues->len);

  decision = bel_walkthrough_set_get_decision (set);
  paths = bel_decision_list_paths (decision);
  for (guint i = 0; i < paths->len; i++)
    {
      const char *path = g_ptr_array_index (paths, i);
      const char *equals = strchr (path, '=');
      g_autofree char *answers = g_strndup (path, equals - path);
      const BelDecisionResult *result = bel_decision_get_result (decision, equals + 1);
      g_autoptr(GString) line = g_string_new (NULL);
      const char *at = decision->start;

      for (const char *a = answers; *a; a++)
        {
          g_string_append_printf (line, "%s=%s ", at, *a == 'y' ? "yes" : "no");
          at = bel_decision_answer (decision, at, *a == 'y');
        }
      g_string_append_printf (line, "→ %s", result->id);
      if (result->walkthrough)
        g_string_append_printf (line, " (walkthrough %s)", result->walkthrough);
      printf ("%s\n", line->str);
    }
  return 0;
}

int
bel_admin_walkthrough (int    argc,
                       char **argv)
{
  if (argc >= 2 && g_str_equal (argv[1], "validate"))
    return walkthrough_validate (argc - 1, argv + 1);
  if (argc >= 2 && g_str_equal (argv[1], "paths"))
    return walkthrough_paths (argc - 1, argv + 1);
  return bel_admin_fail (2, "usage: walkthrough validate [DIR] | paths [DIR]");
}
