/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "bel-agency.h"
#include "bel-content.h"
#include "bel-database.h"
#include "bel-service.h"

G_BEGIN_DECLS

#define BEL_CATALOGUE_ERROR (bel_catalogue_error_quark ())
GQuark bel_catalogue_error_quark (void);

typedef enum {
  BEL_CATALOGUE_ERROR_INVALID,   /* the content has problems; the message lists the first ones */
  BEL_CATALOGUE_ERROR_EMPTY,     /* no catalogue at all */
} BelCatalogueError;

/* Writes the catalogue part of @content into @db, replacing the previous catalogue. Must be
 * called inside a transaction (bel_database_begin); the caller commits, so that the catalogue
 * and the rest of a content bundle are swapped in at once. Services that the new content no
 * longer lists are kept as retired tombstones. */
gboolean bel_catalogue_import_data     (BelDatabase             *db,
                                        const BelCatalogueData  *data,
                                        GError                 **error);
/* Parses and validates the catalogue part of @content; the first problems become @error. */
BelCatalogueData *bel_catalogue_data_parse_or_error (BelContent  *content,
                                                     GError     **error);
/* Parses, validates and imports @content in its own transaction. */
gboolean bel_catalogue_import_content  (BelDatabase             *db,
                                        BelContent              *content,
                                        GError                 **error);

#define BEL_TYPE_CATALOGUE (bel_catalogue_get_type ())
G_DECLARE_FINAL_TYPE (BelCatalogue, bel_catalogue, BEL, CATALOGUE, GObject)

/* The catalogue as it is in @db, loaded into memory with its search index. When @db holds no
 * catalogue yet, or an older revision than @bundled_dir (may be NULL), the bundled content is
 * imported first, so a kiosk shows a full catalogue on its first boot with no network. */
BelCatalogue *bel_catalogue_new            (BelDatabase  *db,
                                            const char   *bundled_dir,
                                            GError      **error);
void          bel_catalogue_new_async      (BelDatabase         *db,
                                            const char          *bundled_dir,
                                            GCancellable        *cancellable,
                                            GAsyncReadyCallback  callback,
                                            gpointer             user_data);
BelCatalogue *bel_catalogue_new_finish     (GAsyncResult        *result,
                                            GError             **error);
/* Re-reads the database (after a sync swapped new content in) and emits "changed". */
gboolean      bel_catalogue_reload         (BelCatalogue *self,
                                            GError      **error);

BelDatabase  *bel_catalogue_get_database   (BelCatalogue *self);
gint64        bel_catalogue_get_revision   (BelCatalogue *self);
/* YYYY-MM-DD */
const char   *bel_catalogue_get_published  (BelCatalogue *self);

GListModel   *bel_catalogue_get_categories (BelCatalogue *self);   /* of BelCategory */
GListModel   *bel_catalogue_get_agencies   (BelCatalogue *self);   /* of BelAgency */
GListModel   *bel_catalogue_get_services   (BelCatalogue *self);   /* of BelService, retired too */
BelAgency    *bel_catalogue_get_agency     (BelCatalogue *self,
                                            const char   *agency_id);
BelCategory  *bel_catalogue_get_category   (BelCatalogue *self,
                                            const char   *category_id);
/* Finds a service by id, retired ones included; NULL if there is none. */
BelService   *bel_catalogue_get_service    (BelCatalogue *self,
                                            const char   *service_id);
/* Offered services of a category or an agency, in the order of @lang's alphabet. */
GPtrArray    *bel_catalogue_list_category  (BelCatalogue *self,
                                            const char   *category_id,
                                            BelLang       lang);
GPtrArray    *bel_catalogue_list_agency    (BelCatalogue *self,
                                            const char   *agency_id,
                                            BelLang       lang);

/* As-you-type search over every language's text. Any input is safe. Returns the best offered
 * services first (BelService, referenced); @out_scores, if not NULL, receives a GArray of
 * doubles in the same order. */
GPtrArray    *bel_catalogue_search         (BelCatalogue *self,
                                            const char   *query,
                                            guint         limit,
                                            GArray      **out_scores);

G_END_DECLS
