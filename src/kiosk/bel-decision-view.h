/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "bel-speaker.h"
#include "bel-walkthrough.h"

G_BEGIN_DECLS

#define BEL_TYPE_DECISION_VIEW (bel_decision_view_get_type ())
G_DECLARE_FINAL_TYPE (BelDecisionView, bel_decision_view, BEL, DECISION_VIEW, GtkWidget)

/* The decision helper: one large yes/no question at a time, then the recommended way in, why,
 * what to bring, and buttons to its walkthrough and to practice mode. Part of the guide page
 * (bel-guide-page.c). */

/* From the first question, in @lang. */
void        bel_decision_view_start    (BelDecisionView   *self,
                                        BelWalkthroughSet *set,
                                        BelLang            lang);
/* Renders again in @lang from @set, keeping the answers (when the rules still have them). */
void        bel_decision_view_refresh  (BelDecisionView   *self,
                                        BelWalkthroughSet *set,
                                        BelLang            lang);
/* Forgets the answers. */
void        bel_decision_view_clear    (BelDecisionView   *self);

/* For tests: answers so far ("yn"), and the id of the question or result on screen. */
const char *bel_decision_view_get_answers (BelDecisionView *self);
const char *bel_decision_view_get_node    (BelDecisionView *self);
BelSpeaker *bel_decision_view_get_speaker (BelDecisionView *self);

G_END_DECLS
