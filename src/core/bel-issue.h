/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* One problem found in a content file, printed as "file:line: field: problem". */
typedef struct {
  char *file;
  guint line;      /* 1-based; 0 when the problem concerns the whole file */
  char *field;     /* a JSON path such as "services[3].title.ru", or NULL */
  char *message;
} BelIssue;

BelIssue *bel_issue_new       (const char *file,
                               guint       line,
                               const char *field,
                               const char *format,
                               ...) G_GNUC_PRINTF (4, 5);
void      bel_issue_free      (BelIssue   *issue);
char     *bel_issue_to_string (const BelIssue *issue);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (BelIssue, bel_issue_free)

G_END_DECLS
