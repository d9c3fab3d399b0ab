/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "bel-content-import"

#include "bel-content-import.h"
#include "bel-catalogue.h"
#include "bel-walkthrough.h"

static gboolean
import_parsed (BelDatabase       *db,
               BelContent        *content,
               BelCatalogueData  *catalogue,
               GError           **error)
{
  g_autoptr(BelWalkthroughSet) walkthroughs = NULL;
  gint64 start;
  gboolean ok;

  /* Walkthroughs (docs/walkthrough-format.md): content without any keeps the ones the database
   * has, so a catalogue-only tree does not wipe them. Every part is parsed and validated before
   * anything is written. */
  if (bel_walkthrough_content_present (content) &&
      !(walkthroughs = bel_walkthrough_set_parse_or_error (content, error)))
    return FALSE;

  start = g_get_monotonic_time ();
  ok = bel_catalogue_import_data (db, catalogue, error) &&
       (walkthroughs == NULL || bel_walkthrough_set_import (db, walkthroughs, error));
  g_debug ("Wrote %u services in %.0f ms", catalogue->services->len,
           (g_get_monotonic_time () - start) / 1000.0);
  return ok;
}

gboolean
bel_content_import_in_transaction (BelDatabase  *db,
                                   BelContent   *content,
                                   GError      **error)
{
  g_autoptr(BelCatalogueData) catalogue = NULL;
  gint64 start = g_get_monotonic_time ();

  g_return_val_if_fail (BEL_IS_DATABASE (db), FALSE);
  g_return_val_if_fail (content != NULL, FALSE);

  if (!(catalogue = bel_catalogue_data_parse_or_error (content, error)))
    return FALSE;
  g_debug ("Parsed %u services in %.0f ms", catalogue->services->len,
           (g_get_monotonic_time () - start) / 1000.0);
  return import_parsed (db, content, catalogue, error);
}

static gboolean
in_own_transaction (BelDatabase       *db,
                    BelContent        *content,
                    BelCatalogueData  *catalogue,
                    GError           **error)
{
  gboolean ok;

  if (!bel_database_begin (db, error))
    return FALSE;
  if (catalogue)
    ok = import_parsed (db, content, catalogue, error);
  else
    ok = bel_content_import_in_transaction (db, content, error);
  if (!ok || !bel_database_commit (db, error))
    {
      bel_database_rollback (db);
      return FALSE;
    }
  return TRUE;
}

gboolean
bel_content_import (BelDatabase  *db,
                    BelContent   *content,
                    GError      **error)
{
  g_return_val_if_fail (BEL_IS_DATABASE (db), FALSE);
  g_return_val_if_fail (content != NULL, FALSE);

  return in_own_transaction (db, content, NULL, error);
}

gboolean
bel_content_import_parsed (BelDatabase       *db,
                           BelContent        *content,
                           BelCatalogueData  *catalogue,
                           GError           **error)
{
  g_return_val_if_fail (BEL_IS_DATABASE (db), FALSE);
  g_return_val_if_fail (content != NULL, FALSE);
  g_return_val_if_fail (catalogue != NULL, FALSE);

  return in_own_transaction (db, content, catalogue, error);
}
