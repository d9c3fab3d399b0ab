/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "bel-admin"

#include "config.h"

#include <locale.h>
#include <stdio.h>
#include <glib/gi18n.h>

#include "bel-admin.h"

typedef struct {
  const char      *name;
  BelAdminCommand  run;
  const char      *usage;
} Command;

static const Command commands[] = {
  { "catalogue", bel_admin_catalogue,
    "catalogue validate [DIR] | stats [--catalogue DIR] [--json] | export [--catalogue DIR] --json" },
  { "search", bel_admin_search,
    "search [--catalogue DIR] [--lang az|ru|en] [--limit N] [--json] QUERY" },
  { "bench", bel_admin_bench,
    "bench search [--services N] [--catalogue DIR] [--queries FILE] [--json] | "
    "bench generate --services N --out DIR" },
  { "kiosk", bel_admin_kiosk,
    "kiosk add NAME --server URL [--data-dir DIR] [--new-token] [--json] | "
    "kiosk list (--data-dir DIR | --server URL) [--json] | "
    "kiosk revoke NAME (--data-dir DIR | --server URL)" },
  { "fleet", bel_admin_fleet,
    "fleet (--server URL | --data-dir DIR) [--json] [--stale-after HOURS]" },
  { "admin-token", bel_admin_admin_token,
    "admin-token" },
  { "keygen", bel_admin_keygen,
    "keygen --out DIR [--force]" },
  { "publish", bel_admin_publish,
    "publish --key SECRET --out DIR [--channel NAME] [--revision N] [--valid-days N] [SOURCE]" },
  { "verify", bel_admin_verify,
    "verify DIR --pub KEY.pub" },
  { "walkthrough", bel_admin_walkthrough,
    "walkthrough validate [DIR] | paths [DIR]" },
};

int
bel_admin_fail (int         status,
                const char *format,
                ...)
{
  g_autofree char *message = NULL;
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);
  fprintf (stderr, "beledci-admin: %s\n", message);
  return status;
}

static void
print_usage (FILE *out)
{
  fprintf (out, "Usage: beledci-admin COMMAND ...\n\nCommands:\n");
  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    fprintf (out, "  %s\n", commands[i].usage);
}

int
main (int   argc,
      char *argv[])
{
  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  if (argc < 2 || g_str_equal (argv[1], "--help") || g_str_equal (argv[1], "-h") ||
      g_str_equal (argv[1], "help"))
    {
      print_usage (argc < 2 ? stderr : stdout);
      return argc < 2 ? 2 : 0;
    }

  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    if (g_str_equal (argv[1], commands[i].name))
      return commands[i].run (argc - 1, argv + 1);

  fprintf (stderr, "beledci-admin: unknown command “%s”\n\n", argv[1]);
  print_usage (stderr);
  return 2;
}
