/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>

#include "bel-catalogue-data.h"

G_BEGIN_DECLS

#define BEL_TYPE_SERVICE (bel_service_get_type ())
G_DECLARE_FINAL_TYPE (BelService, bel_service, BEL, SERVICE, GObject)

/* Takes ownership of @data. */
BelService           *bel_service_new              (BelServiceData *data);
const BelServiceData *bel_service_get_data         (BelService     *self);

const char   *bel_service_get_id           (BelService *self);
const char   *bel_service_get_agency_id    (BelService *self);
const char   *bel_service_get_title        (BelService *self,
                                            BelLang     lang);
const char   *bel_service_get_summary      (BelService *self,
                                            BelLang     lang);
const char   *bel_service_get_eligibility  (BelService *self,
                                            BelLang     lang);
const char * const *bel_service_get_steps     (BelService *self,
                                               BelLang     lang);
const char * const *bel_service_get_documents (BelService *self,
                                               BelLang     lang);
const char * const *bel_service_get_sign_in   (BelService *self);
/* FALSE when the fee is not known; otherwise the fee in AZN (0 = free). */
gboolean      bel_service_get_fee          (BelService *self,
                                            double     *out_azn);
const char   *bel_service_get_fee_note     (BelService *self,
                                            BelLang     lang);
const char   *bel_service_get_duration     (BelService *self,
                                            BelLang     lang);
BelChannel    bel_service_get_channel      (BelService *self);
gboolean      bel_service_is_online        (BelService *self);
const char   *bel_service_get_url          (BelService *self);
const char   *bel_service_get_checked      (BelService *self);
const char   *bel_service_get_source       (BelService *self);
gboolean      bel_service_is_retired       (BelService *self);
gboolean      bel_service_has_category     (BelService *self,
                                            const char *category_id);

G_END_DECLS
