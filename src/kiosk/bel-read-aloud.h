/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "bel-speaker.h"

G_BEGIN_DECLS

/* The "Read aloud" button of the pages that can read themselves out. */

/* Keeps @content, the content of a "Read aloud" button, saying what pressing it does next:
 * "Read aloud" while @speaker is quiet, "Stop reading" while it reads. */
void bel_read_aloud_bind   (AdwButtonContent *content,
                            BelSpeaker       *speaker);

/* What pressing the button does: stops @speaker when it is reading, and otherwise reads @text
 * (nothing when it is NULL) in @lang. */
void bel_read_aloud_toggle (BelSpeaker       *speaker,
                            const char       *text,
                            BelLang           lang);

G_END_DECLS
