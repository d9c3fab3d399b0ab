/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "bel-catalogue-data.h"
#include "bel-content.h"
#include "bel-database.h"

G_BEGIN_DECLS

/* Validates every part of @content (the catalogue; walkthroughs and slide decks as they are
 * added) and writes all of it into @db. Nothing is written unless every part is valid.
 *
 * bel_content_import_in_transaction() expects the caller to have begun a transaction and to
 * commit it (the sync client records its own state in the same transaction);
 * bel_content_import() runs in a transaction of its own. */
gboolean bel_content_import_in_transaction (BelDatabase  *db,
                                            BelContent   *content,
                                            GError      **error);
gboolean bel_content_import                (BelDatabase  *db,
                                            BelContent   *content,
                                            GError      **error);

/* The same, with the catalogue part already parsed from @content (the caller keeps using the
 * data, e.g. to build the catalogue in memory without reading it back). */
gboolean bel_content_import_parsed         (BelDatabase       *db,
                                            BelContent        *content,
                                            BelCatalogueData  *catalogue,
                                            GError           **error);

G_END_DECLS
