/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "beledci"

#include "config.h"

#include "bel-application.h"
#include "bel-i18n.h"

/* Run from the build tree, the settings schema and the translations are not installed yet:
 * use the ones built next to the program, rather than abort on the first GSettings or speak
 * only English. The environment, when set, wins. */
static void
use_build_tree_files (void)
{
  g_autofree char *exe = g_file_read_link ("/proc/self/exe", NULL);

  if (exe == NULL || !g_str_has_prefix (exe, BUILD_ROOT "/"))
    return;
  if (g_file_test (BUILD_SCHEMADIR "/gschemas.compiled", G_FILE_TEST_EXISTS))
    g_setenv ("GSETTINGS_SCHEMA_DIR", BUILD_SCHEMADIR, FALSE);
  g_setenv ("BELEDCI_LOCALEDIR", BUILD_LOCALEDIR, FALSE);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(BelApplication) app = NULL;

  /* Asked to draw with cairo, GTK never uses OpenGL, yet on X11 GDK loads the GL driver when
   * it opens the display: some 60 MB and a tenth of a second for nothing. */
  if (g_strcmp0 (g_getenv ("GSK_RENDERER"), "cairo") == 0 && g_getenv ("GDK_DEBUG") == NULL)
    g_setenv ("GDK_DEBUG", "gl-disable", FALSE);

  use_build_tree_files ();
  bel_i18n_init ();

  app = bel_application_new ();
  return g_application_run (G_APPLICATION (app), argc, argv);
}
