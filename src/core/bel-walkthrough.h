/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "bel-content.h"
#include "bel-database.h"
#include "bel-decision.h"
#include "bel-lang.h"

G_BEGIN_DECLS

/* Walkthroughs: how to get into the e-gov.az portal, one way in at a time, as large steps with
 * a picture each; plus the decision helper and the pictures. Parsed and validated from the
 * "walkthroughs/" part of a BelContent (docs/walkthrough-format.md), stored in the database in
 * the same transaction as the catalogue, and read back from it by the kiosk. */

#define BEL_WALKTHROUGH_ERROR (bel_walkthrough_error_quark ())
GQuark bel_walkthrough_error_quark (void);

typedef enum {
  BEL_WALKTHROUGH_ERROR_INVALID,   /* the content has problems; the message lists the first ones */
} BelWalkthroughError;

typedef struct {
  BelText  title;
  BelText  text;
  char    *picture;                 /* a file name under pictures/, e.g. "phone-sms.svg" */
  GStrv    checklist[BEL_N_LANGS];  /* "what you need"; never NULL, may be empty */
  BelText  warning;                 /* texts NULL when there is none */
  char    *helpline;                /* NULL when there is none */
} BelWalkthroughStep;

typedef struct {
  char      *id;
  gint64     order;
  char      *sign_in;               /* "fin", "sima", "asan-imza", "e-imza", "bsxm" */
  BelText    title;
  BelText    summary;
  char      *portal_url;
  char      *helpline;              /* NULL when there is none */
  GPtrArray *steps;                 /* BelWalkthroughStep* */
  GStrv      checklist[BEL_N_LANGS];
} BelWalkthrough;

/* Everything under walkthroughs/. Reference-counted, so the kiosk can keep it across pages
 * while a sync swaps new content in. */
typedef struct _BelWalkthroughSet BelWalkthroughSet;

BelWalkthroughStep *bel_walkthrough_step_new  (void);
void                bel_walkthrough_step_free (BelWalkthroughStep *step);
BelWalkthrough     *bel_walkthrough_new       (void);
void                bel_walkthrough_free      (BelWalkthrough     *walkthrough);

BelWalkthroughSet  *bel_walkthrough_set_new   (void);
BelWalkthroughSet  *bel_walkthrough_set_ref   (BelWalkthroughSet  *set);
void                bel_walkthrough_set_unref (BelWalkthroughSet  *set);
/* Points *@pointer at @set (may be NULL), holding a reference to it in place of the one to
 * what *@pointer pointed at. */
void                bel_walkthrough_set_replace (BelWalkthroughSet **pointer,
                                                 BelWalkthroughSet  *set);

/* Whether @content has a "walkthroughs/" part at all. */
gboolean            bel_walkthrough_content_present (BelContent   *content);

/* Parses and validates the "walkthroughs/" part of @content. Every problem is appended to
 * @issues as a BelIssue ("fin-mobile.json:57: steps[4].warning.ru: missing translation");
 * returns NULL if there was any. */
BelWalkthroughSet  *bel_walkthrough_set_parse          (BelContent  *content,
                                                        GPtrArray   *issues);
/* The same, with the first problems as a BEL_WALKTHROUGH_ERROR_INVALID. */
BelWalkthroughSet  *bel_walkthrough_set_parse_or_error (BelContent  *content,
                                                        GError     **error);

/* Replaces every walkthrough, the decision helper and the pictures in @db with @set, and
 * raises the meta value "walkthroughs-generation" (a number) so that readers can tell. Must run
 * inside a transaction (bel_database_begin): bel_content_import_in_transaction() calls it next
 * to the catalogue's import so that both are swapped in at once. */
gboolean            bel_walkthrough_set_import (BelDatabase              *db,
                                                const BelWalkthroughSet  *set,
                                                GError                  **error);
/* Reads what the database holds; an empty set (no walkthroughs, no decision helper) when it
 * holds none. */
BelWalkthroughSet  *bel_walkthrough_set_load   (BelDatabase  *db,
                                                GError      **error);

/* Like bel_walkthrough_set_load(), but when @db holds no walkthroughs and @bundled_dir (may be
 * NULL) has some, they are imported first, in a transaction of their own: a kiosk whose
 * catalogue is older than the walkthroughs still gets them. */
BelWalkthroughSet  *bel_walkthrough_set_load_or_import (BelDatabase  *db,
                                                        const char   *bundled_dir,
                                                        GError      **error);

/* Walkthroughs in their order (BelWalkthrough*, owned by @set). */
GPtrArray          *bel_walkthrough_set_get_walkthroughs (BelWalkthroughSet *set);
const BelWalkthrough *bel_walkthrough_set_get  (BelWalkthroughSet  *set,
                                                const char         *id);
/* The walkthroughs that teach any of @methods (a service's sign_in ids), in their order. Free
 * the array with g_ptr_array_unref; the walkthroughs stay owned by @set. */
GPtrArray          *bel_walkthrough_set_for_sign_in (BelWalkthroughSet  *set,
                                                     const char * const *methods);
/* NULL when there is none. */
const BelDecision  *bel_walkthrough_set_get_decision (BelWalkthroughSet *set);
/* The SVG bytes of a picture ("phone-sms.svg"), or NULL. */
GBytes             *bel_walkthrough_set_get_picture  (BelWalkthroughSet *set,
                                                      const char        *name);
guint               bel_walkthrough_set_get_n_pictures (BelWalkthroughSet *set);

/* Checks one picture's bytes (exported for tests); problems go to @issues under @label. */
void                bel_walkthrough_check_picture (const char *label,
                                                   GBytes     *bytes,
                                                   GPtrArray  *issues);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (BelWalkthrough, bel_walkthrough_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (BelWalkthroughSet, bel_walkthrough_set_unref)

G_END_DECLS
