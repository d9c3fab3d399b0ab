/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "bel-catalogue.h"
#include "bel-walkthrough.h"

G_BEGIN_DECLS

/* The walkthroughs, the decision helper and their pictures, as the kiosk shows them: read from
 * the catalogue's database once per import (bundled or by sync, which swaps them in with the
 * catalogue) and kept with the catalogue. Returns NULL when @catalogue is NULL or there are no walkthroughs,
 * so that no screen offers an empty guide. Transfer none: valid until the next call after the
 * catalogue changed; take a reference to keep it longer. */
BelWalkthroughSet *bel_walkthrough_store_get (BelCatalogue *catalogue);

G_END_DECLS
