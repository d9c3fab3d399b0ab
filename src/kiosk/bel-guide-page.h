/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "bel-decision-view.h"
#include "bel-page.h"
#include "bel-practice-view.h"
#include "bel-walkthrough-view.h"

G_BEGIN_DECLS

#define BEL_TYPE_GUIDE_PAGE (bel_guide_page_get_type ())
G_DECLARE_FINAL_TYPE (BelGuidePage, bel_guide_page, BEL, GUIDE_PAGE, BelPage)

/* "How to sign in to e-gov.az": the list of walkthroughs, a walkthrough, the decision helper
 * and practice mode, as one page of the window. The window's "nav.guide" action takes where
 * to go, so that Back and Home work as everywhere else:
 *
 *   ""                               the list
 *   "walkthrough/ID" or "walkthrough/ID/SERVICE-ID"   a walkthrough (from a service's page)
 *   "decision"                       the decision helper
 *   "practice" or "practice/SERVICE-ID"               practice mode
 */
void                bel_guide_page_show                 (BelGuidePage *self,
                                                         const char   *where);
const char         *bel_guide_page_get_where            (BelGuidePage *self);

BelWalkthroughView *bel_guide_page_get_walkthrough_view (BelGuidePage *self);
BelDecisionView    *bel_guide_page_get_decision_view    (BelGuidePage *self);
BelPracticeView    *bel_guide_page_get_practice_view    (BelGuidePage *self);

/* For the views inside the page: activates @action ("nav.guide", "nav.service") with @target,
 * and remembers the screen they leave, so that Back returns to it as it was (the decision
 * helper's answers, the walkthrough's step) rather than to its start. */
void                bel_guide_page_navigate_from        (GtkWidget    *widget,
                                                         const char   *action,
                                                         const char   *target);

G_END_DECLS
