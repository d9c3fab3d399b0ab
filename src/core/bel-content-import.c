/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "bel-content-import"

#include "bel-content-import.h"
#include "bel-catalogue.h"

gboolean
bel_content_import_in_transaction (BelDatabase  *db,
                                   BelContent   *content,
                                   GError      **error)
{
  g_autoptr(BelCatalogueData) catalogue = NULL;

  g_return_val_if_fail (BEL_IS_DATABASE (db), FALSE);
  g_return_val_if_fail (content != NULL, FALSE);

  /* Parse and validate every part before writing anything. */
  if (!(catalogue = bel_catalogue_data_parse_or_error (content, error)))
    return FALSE;

  return bel_catalogue_import_data (db, catalogue, error);
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
