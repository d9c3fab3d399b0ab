/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "bel-catalogue-data.h"

G_BEGIN_DECLS

/* How lists are stored in the services table (see migration 1 in bel-database.c). */
char  *bel_catalogue_pack_lists   (GStrv       lists[BEL_N_LANGS]);
void   bel_catalogue_unpack_lists (const char *packed,
                                   GStrv       out[BEL_N_LANGS]);
char  *bel_catalogue_pack_strv    (GStrv       items);
GStrv  bel_catalogue_unpack_strv  (const char *packed);

G_END_DECLS
