/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "bel-content-import"

#include "bel-content-import.h"
#include "bel-catalogue.h"
#include "bel-walkthrough.h"

gboolean
bel_content_import_in_transaction (BelDatabase  *db,
                                   BelContent   *content,
                                   GError      **error)
{
  g_autoptr(BelCatalogueData) catalogue = NULL;
  g_autoptr(BelWalkthroughSet) walkthroughs = NULL;

  g_return_val_if_fail (BEL_IS_DATABASE (db), FALSE);
  g_return_val_if_fail (content != NULL, FALSE);

  /* Parse and validate every part before writing anything. */
  if (!(catalogue = bel_catalogue_data_parse_or_error (content, error)))
    return FALSE;
  /* Walkthroughs (docs/walkthrough-format.md): content without any keeps the ones the database
   * has, so a catalogue-only tree does not wipe them. */
  if (bel_walkthrough_content_present (content) &&
      !(walkthroughs = bel_walkthrough_set_parse_or_error (content, error)))
    return FALSE;

  if (!bel_catalogue_import_data (db, catalogue, error))
    return FALSE;
  return walkthroughs == NULL || bel_walkthrough_set_import (db, walkthroughs, error);
}

gboolean
bel_content_import (BelDatabase  *db,
                    BelContent   *content,
                    GError      **error)
{
  g_return_val_if_fail (BEL_IS_DATABASE (db), FALSE);

  if (!bel_database_begin (db, error))
    return FALSE;
  if (!bel_content_import_in_transaction (db, content, error) ||
      !bel_database_commit (db, error))
    {
      bel_database_rollback (db);
      return FALSE;
    }
  return TRUE;
}
