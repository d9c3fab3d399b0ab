/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "bel-issue"

#include "bel-issue.h"

BelIssue *
bel_issue_new (const char *file,
               guint       line,
               const char *field,
               const char *format,
               ...)
{
  BelIssue *issue = g_new0 (BelIssue, 1);
  va_list args;

  issue->file = g_strdup (file ? file : "-");
  issue->line = line;
  issue->field = g_strdup (field);
  va_start (args, format);
  issue->message = g_strdup_vprintf (format, args);
  va_end (args);

  return issue;
}

void
bel_issue_free (BelIssue *issue)
{
  if (issue == NULL)
    return;
  g_free (issue->file);
  g_free (issue->field);
  g_free (issue->message);
  g_free (issue);
}

char *
bel_issue_to_string (const BelIssue *issue)
{
  return g_strdup_printf ("%s:%u: %s: %s",
                          issue->file, issue->line,
                          issue->field && *issue->field ? issue->field : "(file)",
                          issue->message);
}
