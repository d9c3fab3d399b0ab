/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Each sub-command of beledci-admin is a function that takes the words after its name (argv[0]
 * is the sub-command's name, e.g. "catalogue") and returns the process exit status. */
typedef int (*BelAdminCommand) (int argc, char **argv);

int bel_admin_catalogue (int argc, char **argv);   /* bel-admin-catalogue.c */
int bel_admin_search    (int argc, char **argv);   /* bel-admin-catalogue.c */
int bel_admin_bench     (int argc, char **argv);   /* bel-admin-bench.c */
int bel_admin_kiosk     (int argc, char **argv);   /* bel-admin-fleet.c */
int bel_admin_fleet     (int argc, char **argv);   /* bel-admin-fleet.c */
int bel_admin_admin_token (int argc, char **argv); /* bel-admin-fleet.c */
int bel_admin_keygen    (int argc, char **argv);   /* bel-admin-publish.c */
int bel_admin_publish   (int argc, char **argv);   /* bel-admin-publish.c */
int bel_admin_verify    (int argc, char **argv);   /* bel-admin-publish.c */
int bel_admin_walkthrough (int argc, char **argv); /* bel-admin-walkthrough.c */

/* Loads a content tree (data/ or data/catalogue; NULL for the bundled one) into an in-memory
 * database and returns the catalogue. Defined in bel-admin-catalogue.c. */
typedef struct _BelCatalogue BelCatalogue;
BelCatalogue *bel_admin_open_catalogue (const char *dir, GError **error);

/* For the `validate` sub-commands: prints each BelIssue of @issues on standard output, one a
 * line, and then, if there are any, how many on standard error. Defined in
 * bel-admin-catalogue.c. */
void bel_admin_print_issues (GPtrArray *issues);

/* Prints "beledci-admin: MESSAGE" on standard error and returns 1 (or 2 for usage errors). */
int bel_admin_fail      (int status, const char *format, ...) G_GNUC_PRINTF (2, 3);

G_END_DECLS
