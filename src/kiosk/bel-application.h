/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "bel-catalogue.h"

G_BEGIN_DECLS

#define BEL_TYPE_APPLICATION (bel_application_get_type ())
G_DECLARE_FINAL_TYPE (BelApplication, bel_application, BEL, APPLICATION, AdwApplication)

BelApplication *bel_application_new           (void);

/* The catalogue once it is loaded; NULL before. */
BelCatalogue   *bel_application_get_catalogue (BelApplication *self);
/* Uses @catalogue instead of loading one (tests, screenshots). */
void            bel_application_set_catalogue (BelApplication *self,
                                               BelCatalogue   *catalogue);

G_END_DECLS
