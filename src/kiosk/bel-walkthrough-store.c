/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "bel-walkthrough-store"

#include "config.h"

#include "bel-walkthrough-store.h"

#define DATA_KEY "bel-walkthrough-store"

typedef struct {
  char              *generation;   /* "walkthroughs-generation" when read */
  BelWalkthroughSet *set;          /* NULL when there are none */
} Cached;

static void
cached_free (Cached *cached)
{
  g_clear_pointer (&cached->set, bel_walkthrough_set_unref);
  g_free (cached->generation);
  g_free (cached);
}

BelWalkthroughSet *
bel_walkthrough_store_get (BelCatalogue *catalogue)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *generation = NULL;
  BelWalkthroughSet *set;
  BelDatabase *db;
  Cached *cached;

  if (catalogue == NULL)
    return NULL;

  /* Each import of walkthroughs (bundled or by sync) raises the generation. */
  db = bel_catalogue_get_database (catalogue);
  generation = bel_database_get_meta (db, "walkthroughs-generation");
  cached = g_object_get_data (G_OBJECT (catalogue), DATA_KEY);
  if (cached && g_strcmp0 (cached->generation, generation) == 0)
    return cached->set;

  /* A few kilobytes of text and pictures: read at once, on first use after a change. */
  set = bel_walkthrough_set_load_or_import (db, bel_content_bundled_dir (), &error);
  if (set == NULL)
    g_warning ("Could not read the walkthroughs: %s", error->message);
  else if (bel_walkthrough_set_get_walkthroughs (set)->len == 0)
    g_clear_pointer (&set, bel_walkthrough_set_unref);

  cached = g_new0 (Cached, 1);
  /* Read again: importing the bundled walkthroughs just now raised it. */
  cached->generation = bel_database_get_meta (db, "walkthroughs-generation");
  cached->set = set;
  g_object_set_data_full (G_OBJECT (catalogue), DATA_KEY, cached, (GDestroyNotify) cached_free);
  return set;
}
