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

/* Once the catalogue is loaded from the database file and GSettings server-url is set, the
 * kiosk syncs on a schedule (BelSyncScheduler): new content is shown without a restart, and
 * the window's anonymous events go to the outbox. Whether that is running: */
gboolean        bel_application_get_syncing   (BelApplication *self);
/* Syncs now (or right after the run in progress); nothing if the kiosk does not sync. */
void            bel_application_sync_now      (BelApplication *self);

G_END_DECLS
