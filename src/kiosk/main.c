/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "beledci"

#include "config.h"

#include "bel-application.h"
#include "bel-i18n.h"

int
main (int   argc,
      char *argv[])
{
  g_autoptr(BelApplication) app = NULL;

  /* Asked to draw with cairo, GTK never uses OpenGL, yet on X11 GDK loads the GL driver when
   * it opens the display: some 60 MB and a tenth of a second for nothing. */
  if (g_strcmp0 (g_getenv ("GSK_RENDERER"), "cairo") == 0 && g_getenv ("GDK_DEBUG") == NULL)
    g_setenv ("GDK_DEBUG", "gl-disable", FALSE);

  bel_i18n_init ();

  app = bel_application_new ();
  return g_application_run (G_APPLICATION (app), argc, argv);
}
