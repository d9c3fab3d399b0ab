/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "bel-content-reader.h"
#include "bel-lang.h"

G_BEGIN_DECLS

/* The decision helper: a few yes/no questions that end in a recommended way to sign in, why,
 * and what to bring. The rules are data (walkthroughs/decision.json, docs/walkthrough-format.md);
 * validation guarantees that every path of answers from the start ends in a result. */

typedef struct {
  char    *id;
  BelText  text;        /* the question */
  BelText  help;        /* a sentence that explains it; texts NULL when there is none */
  char    *yes;         /* id of the question or result after "Yes" */
  char    *no;          /* ... after "No" */
} BelDecisionQuestion;

typedef struct {
  char     *id;
  BelText   title;      /* the recommendation */
  BelText   why;
  GStrv     bring[BEL_N_LANGS];   /* never NULL */
  char     *walkthrough;          /* the walkthrough to open, or NULL */
  gboolean  practice;             /* also offer practice mode */
} BelDecisionResult;

typedef struct {
  char       *start;
  GPtrArray  *questions;  /* BelDecisionQuestion*, in file order */
  GPtrArray  *results;    /* BelDecisionResult*, in file order */
  GHashTable *index;      /* id → question or result; built by bel_decision_build_index() */
} BelDecision;

BelDecision         *bel_decision_new           (void);
void                 bel_decision_free          (BelDecision        *decision);
BelDecisionQuestion *bel_decision_question_new  (void);
void                 bel_decision_question_free (BelDecisionQuestion *question);
BelDecisionResult   *bel_decision_result_new    (void);
void                 bel_decision_result_free   (BelDecisionResult *result);

/* Call after adding questions and results by hand (the parser does it itself). */
void                 bel_decision_build_index   (BelDecision        *decision);

/* Reads and validates decision.json's root. @walkthrough_ids (a set of ids, may be NULL to skip
 * the check) are the walkthroughs a result may name. Problems go to @reader's issues; returns
 * NULL if this file had any. */
BelDecision         *bel_decision_parse         (BelContentReader   *reader,
                                                 JsonNode           *root,
                                                 GHashTable         *walkthrough_ids);

const BelDecisionQuestion *bel_decision_get_question (const BelDecision *decision,
                                                      const char        *id);
const BelDecisionResult   *bel_decision_get_result   (const BelDecision *decision,
                                                      const char        *id);
/* The id of what follows answering @question_id. */
const char          *bel_decision_answer        (const BelDecision  *decision,
                                                 const char         *question_id,
                                                 gboolean            yes);
/* Follows @answers ("y" and "n" characters) from the start. Returns the result they reach, or
 * NULL when they stop at a question (its id in @out_question) or are invalid (more answers than
 * questions, another character: @out_question is then NULL too). */
const BelDecisionResult *bel_decision_follow    (const BelDecision  *decision,
                                                 const char         *answers,
                                                 const char        **out_question);
/* Every path from the start as "answers=result-id" strings ("yny=register-sima"), sorted. */
GPtrArray           *bel_decision_list_paths    (const BelDecision  *decision);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (BelDecision, bel_decision_free)

G_END_DECLS
