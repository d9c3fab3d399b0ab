/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>

#include "bel-catalogue-data.h"

G_BEGIN_DECLS

#define BEL_TYPE_AGENCY (bel_agency_get_type ())
G_DECLARE_FINAL_TYPE (BelAgency, bel_agency, BEL, AGENCY, GObject)

/* Takes ownership of @data. */
BelAgency           *bel_agency_new            (BelAgencyData *data);
const BelAgencyData *bel_agency_get_data       (BelAgency     *self);
const char          *bel_agency_get_id         (BelAgency     *self);
const char          *bel_agency_get_name       (BelAgency     *self,
                                                BelLang        lang);
const char          *bel_agency_get_short_name (BelAgency     *self,
                                                BelLang        lang);
const char          *bel_agency_get_helpline   (BelAgency     *self);
const char          *bel_agency_get_website    (BelAgency     *self);
/* Services currently offered (retired ones are not counted). */
guint                bel_agency_get_n_services (BelAgency     *self);
void                 bel_agency_set_n_services (BelAgency     *self,
                                                guint          n);

#define BEL_TYPE_CATEGORY (bel_category_get_type ())
G_DECLARE_FINAL_TYPE (BelCategory, bel_category, BEL, CATEGORY, GObject)

/* Takes ownership of @data. */
BelCategory         *bel_category_new            (BelCategoryData *data);
const char          *bel_category_get_id         (BelCategory     *self);
const char          *bel_category_get_icon       (BelCategory     *self);
const char          *bel_category_get_name       (BelCategory     *self,
                                                  BelLang          lang);
guint                bel_category_get_n_services (BelCategory     *self);
void                 bel_category_set_n_services (BelCategory     *self,
                                                  guint            n);

G_END_DECLS
