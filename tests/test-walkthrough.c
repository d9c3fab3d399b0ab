/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-walkthrough"

#include <locale.h>
#include <string.h>
#include <glib/gi18n.h>

#include "bel-catalogue.h"
#include "bel-content-import.h"
#include "bel-issue.h"
#include "bel-practice.h"
#include "bel-walkthrough.h"

/* A small valid walkthrough tree; the validation tests break it one way at a time. Each value
 * sits on a line of its own, so the expected line numbers can be read off here. */
static const char *demo_json =
  "{\n"                                                                              /* 1 */
  "  \"format\": 1,\n"                                                               /* 2 */
  "  \"id\": \"demo\",\n"                                                            /* 3 */
  "  \"order\": 1,\n"                                                                /* 4 */
  "  \"sign_in\": \"fin\",\n"                                                        /* 5 */
  "  \"title\": {\"az\": \"Başlıq\", \"ru\": \"Заголовок\", \"en\": \"Title\"},\n"   /* 6 */
  "  \"summary\": {\"az\": \"Qısa\", \"ru\": \"Кратко\", \"en\": \"Summary\"},\n"    /* 7 */
  "  \"portal_url\": \"https://asanlogin.my.gov.az\",\n"                             /* 8 */
  "  \"helpline\": \"108\",\n"                                                       /* 9 */
  "  \"steps\": [\n"                                                                 /* 10 */
  "    {\"title\": {\"az\": \"Bir\", \"ru\": \"Один\", \"en\": \"One\"}, \"text\": {\"az\": \"Mətn\", \"ru\": \"Текст\", \"en\": \"Text one\"}, \"picture\": \"pic.svg\"},\n"
  "    {\"title\": {\"az\": \"İki\", \"ru\": \"Два\", \"en\": \"Two\"}, \"text\": {\"az\": \"Mətn\", \"ru\": \"Текст\", \"en\": \"Text two\"}, \"picture\": \"pic.svg\", \"warning\": {\"az\": \"Diqqət\", \"ru\": \"Внимание\", \"en\": \"Careful\"}},\n"
  "    {\"title\": {\"az\": \"Üç\", \"ru\": \"Три\", \"en\": \"Three\"}, \"text\": {\"az\": \"Mətn\", \"ru\": \"Текст\", \"en\": \"Text three\"}, \"picture\": \"pic.svg\", \"helpline\": \"195\"}\n"
  "  ],\n"                                                                           /* 14 */
  "  \"checklist\": {\"az\": [\"Vəsiqə\"], \"ru\": [\"Удостоверение\"], \"en\": [\"ID card\"]}\n"
  "}\n";

static const char *decision_json =
  "{\n"                                                                              /* 1 */
  "  \"format\": 1,\n"                                                               /* 2 */
  "  \"start\": \"q1\",\n"                                                           /* 3 */
  "  \"questions\": [\n"                                                             /* 4 */
  "    {\"id\": \"q1\", \"text\": {\"az\": \"Bir?\", \"ru\": \"Один?\", \"en\": \"One?\"}, \"yes\": \"r-yes\", \"no\": \"q2\"},\n"
  "    {\"id\": \"q2\", \"text\": {\"az\": \"İki?\", \"ru\": \"Два?\", \"en\": \"Two?\"}, \"yes\": \"r-yes\", \"no\": \"r-no\"}\n"
  "  ],\n"                                                                           /* 7 */
  "  \"results\": [\n"                                                               /* 8 */
  "    {\"id\": \"r-yes\", \"title\": {\"az\": \"Hə\", \"ru\": \"Да\", \"en\": \"Yes\"}, \"why\": {\"az\": \"Çünki\", \"ru\": \"Потому\", \"en\": \"Because\"}, \"bring\": {\"az\": [\"Vəsiqə\"], \"ru\": [\"Паспорт\"], \"en\": [\"ID\"]}, \"walkthrough\": \"demo\"},\n"
  "    {\"id\": \"r-no\", \"title\": {\"az\": \"Yox\", \"ru\": \"Нет\", \"en\": \"No\"}, \"why\": {\"az\": \"Çünki\", \"ru\": \"Потому\", \"en\": \"Because\"}, \"bring\": {\"az\": [\"Vəsiqə\"], \"ru\": [\"Паспорт\"], \"en\": [\"ID\"]}, \"practice\": true}\n"
  "  ]\n"                                                                            /* 11 */
  "}\n";

static const char *picture_svg =
  "<?xml version=\"1.0\"?>\n"
  "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 10 10\">\n"
  "  <rect width=\"10\" height=\"10\" fill=\"url(#g)\"/><text x=\"1\" y=\"9\">+994</text>\n"
  "</svg>\n";

static void
add_string (BelContent *content,
            const char *path,
            const char *text)
{
  g_autoptr(GBytes) bytes = g_bytes_new (text, strlen (text));
  bel_content_add (content, path, bytes);
}

static char *
replace (const char *text,
         const char *from,
         const char *to)
{
  g_auto(GStrv) parts = g_strsplit (text, from, 2);

  g_assert_nonnull (parts[1]);   /* the fixture must contain @from */
  return g_strconcat (parts[0], to, parts[1], NULL);
}

static BelContent *
demo_content (const char *demo,
              const char *decision,
              const char *picture)
{
  BelContent *content = bel_content_new ();

  add_string (content, "walkthroughs/demo.json", demo ? demo : demo_json);
  add_string (content, "walkthroughs/decision.json", decision ? decision : decision_json);
  add_string (content, "walkthroughs/pictures/pic.svg", picture ? picture : picture_svg);
  return content;
}

static GPtrArray *
validate (BelContent *content)
{
  GPtrArray *issues = g_ptr_array_new_with_free_func ((GDestroyNotify)bel_issue_free);
  g_autoptr(BelWalkthroughSet) set = bel_walkthrough_set_parse (content, issues);

  g_assert_true ((set == NULL) == (issues->len > 0));
  return issues;
}

static void
assert_issues (GPtrArray          *issues,
               const char * const *expected)
{
  guint n = g_strv_length ((char **)expected);

  for (guint i = 0; i < issues->len; i++)
    {
      g_autofree char *line = bel_issue_to_string (g_ptr_array_index (issues, i));
      g_test_message ("issue: %s", line);
      if (i < n)
        g_assert_cmpstr (line, ==, expected[i]);
    }
  g_assert_cmpuint (issues->len, ==, n);
}

#define EXPECT(content, ...) G_STMT_START {                                     \
    g_autoptr(BelContent) _c = (content);                                      \
    g_autoptr(GPtrArray) _issues = validate (_c);                              \
    const char *_expected[] = { __VA_ARGS__, NULL };                           \
    assert_issues (_issues, _expected);                                        \
  } G_STMT_END

static void
test_fixture_valid (void)
{
  g_autoptr(BelContent) content = demo_content (NULL, NULL, NULL);
  g_autoptr(GPtrArray) issues = g_ptr_array_new_with_free_func ((GDestroyNotify)bel_issue_free);
  g_autoptr(BelWalkthroughSet) set = bel_walkthrough_set_parse (content, issues);
  const BelWalkthrough *demo;
  const BelWalkthroughStep *step;

  g_assert_cmpuint (issues->len, ==, 0);
  g_assert_nonnull (set);
  demo = bel_walkthrough_set_get (set, "demo");
  g_assert_nonnull (demo);
  g_assert_cmpuint (demo->steps->len, ==, 3);
  step = g_ptr_array_index (demo->steps, 1);
  g_assert_cmpstr (step->warning.text[BEL_LANG_RU], ==, "Внимание");
  g_assert_null (((BelWalkthroughStep *)g_ptr_array_index (demo->steps, 0))->warning.text[0]);
  g_assert_cmpstr (((BelWalkthroughStep *)g_ptr_array_index (demo->steps, 2))->helpline, ==, "195");
  g_assert_cmpstr (demo->checklist[BEL_LANG_EN][0], ==, "ID card");
  g_assert_nonnull (bel_walkthrough_set_get_picture (set, "pic.svg"));
}

static void
test_walkthrough_errors (void)
{
  g_autofree char *no_ru = replace (demo_json, "\"ru\": \"Текст\", \"en\": \"Text two\"",
                                    "\"en\": \"Text two\"");
  g_autofree char *typo = replace (demo_json, "\"picture\": \"pic.svg\"}",
                                   "\"picture\": \"pic.svg\", \"warnign\": \"x\"}");
  g_autofree char *bad_picture = replace (demo_json, "\"picture\": \"pic.svg\", \"helpline\"",
                                          "\"picture\": \"gone.svg\", \"helpline\"");
  g_autofree char *bad_method = replace (demo_json, "\"sign_in\": \"fin\"",
                                         "\"sign_in\": \"passport\"");
  g_autofree char *bad_helpline = replace (demo_json, "\"helpline\": \"108\"",
                                           "\"helpline\": \"1O8\"");
  g_autofree char *long_text = g_strnfill (300, 'a');
  g_autofree char *too_long = NULL;
  g_autofree char *two_steps = NULL;
  g_autofree char *bad_url = replace (demo_json, "https://asanlogin.my.gov.az",
                                      "http://asanlogin.my.gov.az");

  {
    g_autofree char *to = g_strdup_printf ("\"en\": \"%s\"", long_text);
    too_long = replace (demo_json, "\"en\": \"Text three\"", to);
  }
  {
    const char *start = strstr (demo_json, "    {\"title\": {\"az\": \"Üç\"");
    const char *end = strstr (demo_json, "  ],\n");
    g_autofree char *head = g_strndup (demo_json, start - demo_json);
    g_autofree char *head_fixed = replace (head, "\"Careful\"}},\n", "\"Careful\"}}\n");
    two_steps = g_strconcat (head_fixed, end, NULL);
  }

  EXPECT (demo_content (no_ru, NULL, NULL),
          "demo.json:12: steps[1].text.ru: missing translation");
  EXPECT (demo_content (typo, NULL, NULL),
          "demo.json:11: steps[0].warnign: unknown member");
  EXPECT (demo_content (bad_picture, NULL, NULL),
          "demo.json:13: steps[2].picture: unknown picture “gone.svg” (no pictures/gone.svg)");
  EXPECT (demo_content (bad_method, NULL, NULL),
          "demo.json:5: sign_in: unknown sign-in method “passport” (known: fin, sima, "
          "asan-imza, e-imza, bsxm)");
  EXPECT (demo_content (bad_helpline, NULL, NULL),
          "demo.json:9: helpline: “1O8” is not a helpline number (3 to 6 digits)");
  EXPECT (demo_content (too_long, NULL, NULL),
          "demo.json:13: steps[2].text.en: too long for one screen (300 characters, at most "
          "280)");
  EXPECT (demo_content (two_steps, NULL, NULL),
          "demo.json:10: steps: 2 steps (a walkthrough has 3 to 12)");
  EXPECT (demo_content (bad_url, NULL, NULL),
          "demo.json:8: portal_url: “http://asanlogin.my.gov.az” is not an https:// address");

  /* A second file: its id must match its name, its order must be its own. */
  {
    BelContent *content = demo_content (NULL, NULL, NULL);
    add_string (content, "walkthroughs/other.json", demo_json);
    EXPECT (content,
            "other.json:3: id: “demo” differs from the file name (other.json)",
            "other.json:4: order: 1 is also the order of demo.json");
  }
}

static void
test_file_errors (void)
{
  {
    BelContent *content = demo_content (NULL, NULL, NULL);
    add_string (content, "walkthroughs/notes.txt", "hello");
    add_string (content, "walkthroughs/pictures/spare.svg", picture_svg);
    EXPECT (content,
            "notes.txt:0: (file): unexpected file (walkthroughs holds <id>.json, decision.json "
            "and pictures/<name>.svg)",
            "pictures/spare.svg:0: (file): no step shows this picture");
  }
  {
    BelContent *content = bel_content_new ();
    add_string (content, "walkthroughs/demo.json", demo_json);
    add_string (content, "walkthroughs/pictures/pic.svg", picture_svg);
    EXPECT (content, "decision.json:0: (file): missing file");
  }
  {
    BelContent *content = demo_content ("{\"format\": 2,", NULL, NULL);
    g_autoptr(GPtrArray) issues = validate (content);
    g_autofree char *line = NULL;

    g_assert_cmpuint (issues->len, >=, 1);
    line = bel_issue_to_string (g_ptr_array_index (issues, 0));
    g_assert_true (g_str_has_prefix (line, "demo.json:"));
    bel_content_unref (content);
  }
}

static void
test_picture_errors (void)
{
  EXPECT (demo_content (NULL, NULL,
                        "<svg xmlns=\"http://www.w3.org/2000/svg\">\n"
                        "<text x=\"1\" y=\"9\">Hello <tspan>world</tspan></text>\n</svg>\n"),
          "pictures/pic.svg:2: (file): the text “Hello world” has letters: text in pictures must "
          "be digits and symbols only (pictures are not translated)");
  EXPECT (demo_content (NULL, NULL,
                        "<svg xmlns=\"http://www.w3.org/2000/svg\"\n"
                        "  xmlns:xlink=\"http://www.w3.org/1999/xlink\">\n"
                        "<image xlink:href=\"https://example.org/a.png\"/>\n</svg>\n"),
          "pictures/pic.svg:3: (file): refers to “https://example.org/a.png” outside the picture "
          "(only #fragments are allowed)");
  EXPECT (demo_content (NULL, NULL,
                        "<svg>\n<script>alert(1)</script>\n"
                        "<rect style=\"fill: url(file:///etc/passwd)\"/></svg>"),
          "pictures/pic.svg:2: (file): contains a script (not allowed in pictures)",
          "pictures/pic.svg:3: (file): refers to something outside the picture (only url(#...) "
          "is allowed)");
  EXPECT (demo_content (NULL, NULL, "<html><body>not a drawing</body></html>"),
          "pictures/pic.svg:0: (file): not an SVG drawing (no <svg> element)");
  {
    BelContent *content = demo_content (NULL, NULL, NULL);
    bel_content_add (content, "walkthroughs/pictures/pic.svg", NULL);
    EXPECT (content, "pictures/pic.svg:0: (file): picture too large (at most 262144 bytes)");
  }
}

static void
test_decision_errors (void)
{
  g_autofree char *dangling = replace (decision_json, "\"no\": \"r-no\"", "\"no\": \"r-maybe\"");
  g_autofree char *loop = replace (decision_json, "\"yes\": \"r-yes\", \"no\": \"r-no\"",
                                   "\"yes\": \"q1\", \"no\": \"r-no\"");
  g_autofree char *start_result = replace (decision_json, "\"start\": \"q1\"",
                                           "\"start\": \"r-yes\"");
  g_autofree char *unknown_walkthrough = replace (decision_json, "\"walkthrough\": \"demo\"",
                                                  "\"walkthrough\": \"nope\"");
  g_autofree char *duplicate = replace (decision_json, "{\"id\": \"r-no\"", "{\"id\": \"q1\"");
  g_autofree char *bad_practice = replace (decision_json, "\"practice\": true",
                                           "\"practice\": \"yes\"");

  EXPECT (demo_content (NULL, dangling, NULL),
          "decision.json:6: questions[1].no: “r-maybe” is neither a question nor a result",
          "decision.json:10: results[1].id: “r-no” cannot be reached from “q1”");
  EXPECT (demo_content (NULL, loop, NULL),
          "decision.json:6: questions[1].yes: “q1” leads back to an earlier question (a loop)");
  EXPECT (demo_content (NULL, start_result, NULL),
          "decision.json:3: start: “r-yes” is a result: the helper must start with a question");
  EXPECT (demo_content (NULL, unknown_walkthrough, NULL),
          "decision.json:9: results[0].walkthrough: unknown walkthrough “nope”");
  EXPECT (demo_content (NULL, duplicate, NULL),
          "decision.json:10: results[1].id: duplicate id “q1”",
          "decision.json:6: questions[1].no: “r-no” is neither a question nor a result");
  EXPECT (demo_content (NULL, bad_practice, NULL),
          "decision.json:10: results[1].practice: expected true or false");
}

static BelContent *
bundled_content (void)
{
  g_autoptr(GError) error = NULL;
  BelContent *content = bel_content_new_from_dir (g_getenv ("BELEDCI_DATA_DIR"), &error);

  g_assert_no_error (error);
  return content;
}

static BelWalkthroughSet *
bundled_set (void)
{
  g_autoptr(BelContent) content = bundled_content ();
  g_autoptr(GPtrArray) issues = g_ptr_array_new_with_free_func ((GDestroyNotify)bel_issue_free);
  BelWalkthroughSet *set = bel_walkthrough_set_parse (content, issues);

  for (guint i = 0; i < issues->len; i++)
    {
      g_autofree char *line = bel_issue_to_string (g_ptr_array_index (issues, i));
      g_test_message ("%s", line);
    }
  g_assert_cmpuint (issues->len, ==, 0);
  return set;
}

static void
test_bundled (void)
{
  g_autoptr(BelWalkthroughSet) set = bundled_set ();
  GPtrArray *walkthroughs = bel_walkthrough_set_get_walkthroughs (set);
  const char *order[] = { "fin-mobile", "fin-video", "sima", "asan-imza", "forgot-password" };
  const char *fin_or_asan[] = { "fin", "asan-imza", NULL };
  const char *e_imza[] = { "e-imza", NULL };
  g_autoptr(GPtrArray) for_fin = NULL;
  g_autoptr(GPtrArray) for_e_imza = NULL;

  g_assert_cmpuint (walkthroughs->len, ==, G_N_ELEMENTS (order));
  for (guint i = 0; i < walkthroughs->len; i++)
    {
      BelWalkthrough *walkthrough = g_ptr_array_index (walkthroughs, i);

      g_assert_cmpstr (walkthrough->id, ==, order[i]);
      g_assert_cmpstr (walkthrough->portal_url, ==, "https://asanlogin.my.gov.az");
      for (guint j = 0; j < walkthrough->steps->len; j++)
        {
          BelWalkthroughStep *step = g_ptr_array_index (walkthrough->steps, j);
          g_assert_nonnull (bel_walkthrough_set_get_picture (set, step->picture));
        }
    }

  /* The one about PIN codes says never to give them to anyone, not even a volunteer. */
  {
    const BelWalkthrough *asan = bel_walkthrough_set_get (set, "asan-imza");
    gboolean warned = FALSE;

    for (guint j = 0; j < asan->steps->len; j++)
      {
        BelWalkthroughStep *step = g_ptr_array_index (asan->steps, j);
        warned |= step->warning.text[BEL_LANG_EN] &&
                  strstr (step->warning.text[BEL_LANG_EN], "not a volunteer") != NULL;
      }
    g_assert_true (warned);
    g_assert_cmpstr (asan->helpline, ==, "195");
  }

  /* A service's sign-in methods lead to the walkthroughs that teach them. */
  for_fin = bel_walkthrough_set_for_sign_in (set, fin_or_asan);
  g_assert_cmpuint (for_fin->len, ==, 4);
  g_assert_cmpstr (((BelWalkthrough *)g_ptr_array_index (for_fin, 0))->id, ==, "fin-mobile");
  g_assert_cmpstr (((BelWalkthrough *)g_ptr_array_index (for_fin, 2))->id, ==, "asan-imza");
  g_assert_cmpstr (((BelWalkthrough *)g_ptr_array_index (for_fin, 3))->id, ==,
                   "forgot-password");
  for_e_imza = bel_walkthrough_set_for_sign_in (set, e_imza);
  g_assert_cmpuint (for_e_imza->len, ==, 0);
}

/* Every path through the bundled decision helper, answered in turn, with what it recommends.
 * The test fails if the rules gain a path this table does not list. */
static const struct {
  const char *answers;   /* y/n for: signed in before, remembers password / has ASAN İmza,
                          * has ID card, own number, smartphone */
  const char *result;
  const char *walkthrough;
  gboolean    practice;
} decision_table[] = {
  { "yy",    "ready",           NULL,              TRUE },
  { "yn",    "reset-password",  "forgot-password", FALSE },
  { "ny",    "use-asan-imza",   "asan-imza",       FALSE },
  { "nnn",   "bring-id-card",   NULL,              TRUE },
  { "nnyy",  "register-mobile", "fin-mobile",      TRUE },
  { "nnyny", "register-sima",   "sima",            FALSE },
  { "nnynn", "register-video",  "fin-video",       TRUE },
};

static void
test_decision_table (void)
{
  g_autoptr(BelWalkthroughSet) set = bundled_set ();
  const BelDecision *decision = bel_walkthrough_set_get_decision (set);
  g_autoptr(GPtrArray) paths = NULL;
  const char *question = NULL;

  g_assert_nonnull (decision);
  paths = bel_decision_list_paths (decision);
  g_assert_cmpuint (paths->len, ==, G_N_ELEMENTS (decision_table));

  for (guint i = 0; i < G_N_ELEMENTS (decision_table); i++)
    {
      const BelDecisionResult *result = bel_decision_follow (decision, decision_table[i].answers,
                                                             &question);
      g_autofree char *path = g_strdup_printf ("%s=%s", decision_table[i].answers,
                                               decision_table[i].result);

      g_test_message ("path %s", path);
      g_assert_nonnull (result);
      g_assert_null (question);
      g_assert_cmpstr (result->id, ==, decision_table[i].result);
      g_assert_cmpstr (result->walkthrough, ==, decision_table[i].walkthrough);
      g_assert_cmpint (result->practice, ==, decision_table[i].practice);
      g_assert_true (g_ptr_array_find_with_equal_func (paths, path, g_str_equal, NULL));
      if (result->walkthrough)
        g_assert_nonnull (bel_walkthrough_set_get (set, result->walkthrough));
      g_assert_cmpuint (g_strv_length (result->bring[BEL_LANG_AZ]), >=, 1);

      /* Every proper prefix of the answers stops at a question. */
      for (gsize n = 0; n < strlen (decision_table[i].answers); n++)
        {
          g_autofree char *prefix = g_strndup (decision_table[i].answers, n);
          g_assert_null (bel_decision_follow (decision, prefix, &question));
          g_assert_nonnull (bel_decision_get_question (decision, question));
        }
    }

  /* The questions the issue asks for are all there. */
  g_assert_cmpstr (bel_decision_get_question (decision, "has-id-card")->text.text[BEL_LANG_EN],
                   ==, "Do you have your ID card with you?");
  g_assert_nonnull (bel_decision_get_question (decision, "own-number"));
  g_assert_nonnull (bel_decision_get_question (decision, "smartphone"));
  g_assert_nonnull (bel_decision_get_question (decision, "has-asan-imza"));

  /* Answers past a result, or not y/n, lead nowhere. */
  g_assert_null (bel_decision_follow (decision, "yyy", &question));
  g_assert_null (question);
  g_assert_null (bel_decision_follow (decision, "x", &question));
  g_assert_null (question);
}

static void
test_fin (void)
{
  static const struct {
    const char  *text;
    BelFinCheck  check;
  } cases[] = {
    { "5AB7C2D", BEL_FIN_OK },
    { " 5AB7C2D ", BEL_FIN_OK },
    { "1234567", BEL_FIN_OK },
    { "", BEL_FIN_EMPTY },
    { "   ", BEL_FIN_EMPTY },
    { "5ab7c2d", BEL_FIN_LOWER_CASE },
    { "5AB7c2D", BEL_FIN_LOWER_CASE },
    { "5АВ7С2D", BEL_FIN_CYRILLIC },          /* А, В, С are Cyrillic */
    { "5ƏB7C2D", BEL_FIN_AZ_LETTER },
    { "5İB7C2D", BEL_FIN_AZ_LETTER },
    { "5AB 7C2D", BEL_FIN_SPACE },
    { "5AB-7C2", BEL_FIN_OTHER_CHAR },
    { "5AB7C2", BEL_FIN_TOO_SHORT },
    { "5AB7C2DX", BEL_FIN_TOO_LONG },
    { "5OB7C2D", BEL_FIN_LETTER_O },
    { "50B7C2D", BEL_FIN_OK },
    { "5ob7c2d", BEL_FIN_LOWER_CASE },        /* capitals first, then the O */
    { "\xff\xfe", BEL_FIN_OTHER_CHAR },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      BelFinCheck check = bel_practice_check_fin (cases[i].text);
      g_autofree char *description = bel_practice_describe_fin (check, cases[i].text);

      g_test_message ("FİN “%s”", cases[i].text);
      g_assert_cmpint (check, ==, cases[i].check);
      g_assert_true ((description == NULL) == (check == BEL_FIN_OK));
      /* Explanations never repeat what was typed. */
      if (description && strlen (cases[i].text) >= 5)
        g_assert_null (strstr (description, cases[i].text));
    }

  g_assert_true (bel_practice_fin_is_hint (BEL_FIN_LETTER_O));
  g_assert_false (bel_practice_fin_is_hint (BEL_FIN_LOWER_CASE));
  {
    g_autofree char *d = bel_practice_describe_fin (BEL_FIN_TOO_SHORT, "5AB7C2");
    g_assert_nonnull (strstr (d, "You typed 6 characters"));
  }
  {
    g_autofree char *d = bel_practice_describe_fin (BEL_FIN_TOO_SHORT, "5");
    g_assert_nonnull (strstr (d, "You typed 1 character,"));
  }
  {
    g_autofree char *d = bel_practice_describe_fin (BEL_FIN_LETTER_O, "5OB7C2D");
    g_assert_nonnull (strstr (d, "letter O"));
    g_assert_nonnull (strstr (d, "0 (zero)"));
  }
}

static void
test_mobile (void)
{
  static const struct {
    const char     *text;
    BelMobileCheck  check;
    const char     *national;
  } cases[] = {
    { "+994 50 123 45 67", BEL_MOBILE_OK, "501234567" },
    { "+994501234567", BEL_MOBILE_OK, "501234567" },
    { "994501234567", BEL_MOBILE_OK, "501234567" },
    { "00994 55 123 45 67", BEL_MOBILE_OK, "551234567" },
    { "0501234567", BEL_MOBILE_OK, "501234567" },
    { "050-123-45-67", BEL_MOBILE_OK, "501234567" },
    { "(070) 123 45 67", BEL_MOBILE_OK, "701234567" },
    { "77 123 45 67", BEL_MOBILE_OK, "771234567" },
    { "+994 099 123 45 67", BEL_MOBILE_OK, "991234567" },
    { "994123456", BEL_MOBILE_OK, "994123456" },   /* 99 4123456, without the country code */
    { "+994 10 123 45 67", BEL_MOBILE_OK, "101234567" },
    { "+994 51 123 45 67", BEL_MOBILE_OK, "511234567" },
    { "+994 60 123 45 67", BEL_MOBILE_OK, "601234567" },
    { "", BEL_MOBILE_EMPTY, NULL },
    { "050 123 45 6a", BEL_MOBILE_NOT_DIGITS, NULL },
    { "+7 999 123 45 67", BEL_MOBILE_OTHER_COUNTRY, NULL },
    { "050 123 45", BEL_MOBILE_TOO_SHORT, NULL },
    { "050 123 45 678", BEL_MOBILE_TOO_LONG, NULL },
    { "012 123 45 67", BEL_MOBILE_LANDLINE, NULL },
    { "+994 22 123 45 67", BEL_MOBILE_LANDLINE, NULL },
    { "+994 40 123 45 67", BEL_MOBILE_UNKNOWN_PREFIX, NULL },
    { "+994 56 123 45 67", BEL_MOBILE_UNKNOWN_PREFIX, NULL },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *national = NULL;
      BelMobileCheck check = bel_practice_check_mobile (cases[i].text, &national);
      g_autofree char *description = bel_practice_describe_mobile (check);

      g_test_message ("mobile “%s”", cases[i].text);
      g_assert_cmpint (check, ==, cases[i].check);
      g_assert_cmpstr (national, ==, cases[i].national);
      g_assert_true ((description == NULL) == (check == BEL_MOBILE_OK));
    }

  {
    g_autofree char *d = bel_practice_describe_mobile (BEL_MOBILE_UNKNOWN_PREFIX);
    g_assert_nonnull (strstr (d, "10, 50, 51, 55, 60, 70, 77, 99"));
  }
}

/* What the number field shows after each key, whichever way the citizen starts. The field
 * feeds its own text back in with each new key, as an entry does. */
static void
test_mobile_as_typed (void)
{
  static const struct {
    const char *keys;
    const char *shown;
  } cases[] = {
    { "0501234567", "+994 50 123 45 67" },
    { "501234567", "+994 50 123 45 67" },
    { "994501234567", "+994 50 123 45 67" },
    { "+994501234567", "+994 50 123 45 67" },
    { "+994 50 123 45 67", "+994 50 123 45 67" },
    { "050-123-45-67", "+994 50 123 45 67" },
    { "05012345678", "+994 50 123 45 67 8" },
  };
  static const struct {
    const char *typed;
    const char *shown;
  } single[] = {
    { "", "" },
    { "0", "0" },
    { "+", "+" },
    { "05", "+994 5" },
    { "050", "+994 50" },
    { "0501", "+994 50 1" },
    { "+994", "+994" },
    { "+994 5", "+994 5" },
    { "+994 050", "+994 50" },
    { "+7 999", "+7 999" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *field = g_strdup ("");

      for (const char *k = cases[i].keys; *k; k++)
        {
          g_autofree char *typed = g_strdup_printf ("%s%c", field, *k);
          g_free (field);
          field = bel_practice_format_mobile (typed);
        }
      g_test_message ("keys “%s”", cases[i].keys);
      g_assert_cmpstr (field, ==, cases[i].shown);
    }

  for (guint i = 0; i < G_N_ELEMENTS (single); i++)
    {
      g_autofree char *shown = bel_practice_format_mobile (single[i].typed);
      g_assert_cmpstr (shown, ==, single[i].shown);
    }

  /* Backspace from "+994 5" empties the field in two steps rather than sticking at +994. */
  {
    g_autofree char *a = bel_practice_format_mobile ("+994 ");
    g_autofree char *b = bel_practice_format_mobile ("+99");
    g_assert_cmpstr (a, ==, "+994");
    g_assert_cmpstr (b, ==, "+99");
  }
}

static void
test_sms_code (void)
{
  g_autofree char *code = bel_practice_new_sms_code ();

  g_assert_cmpuint (strlen (code), ==, BEL_SMS_CODE_LENGTH);
  for (const char *p = code; *p; p++)
    g_assert_true (g_ascii_isdigit (*p));

  g_assert_cmpint (bel_practice_check_sms_code ("482715", "482715"), ==, BEL_SMS_OK);
  g_assert_cmpint (bel_practice_check_sms_code ("482715", "482 715"), ==, BEL_SMS_OK);
  g_assert_cmpint (bel_practice_check_sms_code ("482715", ""), ==, BEL_SMS_EMPTY);
  g_assert_cmpint (bel_practice_check_sms_code ("482715", "48271"), ==, BEL_SMS_TOO_SHORT);
  g_assert_cmpint (bel_practice_check_sms_code ("482715", "4827155"), ==, BEL_SMS_TOO_LONG);
  g_assert_cmpint (bel_practice_check_sms_code ("482715", "48271a"), ==, BEL_SMS_NOT_DIGITS);
  g_assert_cmpint (bel_practice_check_sms_code ("482715", "428715"), ==, BEL_SMS_SWAPPED);
  g_assert_cmpint (bel_practice_check_sms_code ("482715", "482716"), ==, BEL_SMS_ONE_WRONG);
  g_assert_cmpint (bel_practice_check_sms_code ("482715", "111111"), ==, BEL_SMS_WRONG);
  g_assert_cmpint (bel_practice_check_sms_code ("482715", "582714"), ==, BEL_SMS_WRONG);
  for (BelSmsCheck c = BEL_SMS_EMPTY; c <= BEL_SMS_WRONG; c++)
    {
      g_autofree char *d = bel_practice_describe_sms_code (c);
      g_assert_nonnull (d);
    }
}

static void
test_password (void)
{
  g_auto(GStrv) rules = bel_practice_password_rules ();
  g_auto(GStrv) advice = NULL;

  g_assert_cmpint (bel_practice_check_password ("Bahar2024x"), ==, 0);
  g_assert_cmpint (bel_practice_check_password ("bahar2024x"), ==, BEL_PASSWORD_NO_UPPER);
  g_assert_cmpint (bel_practice_check_password ("Bahar"), ==,
                   BEL_PASSWORD_SHORT | BEL_PASSWORD_NO_DIGIT);
  g_assert_cmpint (bel_practice_check_password ("BAHAR2024X"), ==, BEL_PASSWORD_CAPS_LOCK);
  /* Ş is a capital, but not a Latin one. */
  g_assert_cmpint (bel_practice_check_password ("Şəki2024ab"), ==,
                   BEL_PASSWORD_NON_LATIN | BEL_PASSWORD_NO_UPPER);
  g_assert_cmpint (bel_practice_check_password ("Bahar 2024"), ==, BEL_PASSWORD_SPACE);
  g_assert_cmpint (bel_practice_check_password (""), ==,
                   BEL_PASSWORD_SHORT | BEL_PASSWORD_NO_UPPER | BEL_PASSWORD_NO_LOWER |
                   BEL_PASSWORD_NO_DIGIT);

  advice = bel_practice_describe_password (BEL_PASSWORD_CAPS_LOCK | BEL_PASSWORD_SHORT);
  g_assert_cmpuint (g_strv_length (advice), ==, 2);
  g_assert_nonnull (strstr (advice[0], "Caps Lock"));
  g_assert_cmpuint (g_strv_length (rules), ==, 4);

  g_assert_true (bel_practice_caps_lock_suspected ("BAHAR2024"));
  g_assert_false (bel_practice_caps_lock_suspected ("Bahar2024"));
  g_assert_false (bel_practice_caps_lock_suspected ("A1234567"));

  g_assert_cmpint (bel_practice_check_sign_in ("Bahar2024x", "Bahar2024x"), ==, BEL_SIGN_IN_OK);
  g_assert_cmpint (bel_practice_check_sign_in ("Bahar2024x", "bAHAR2024X"), ==,
                   BEL_SIGN_IN_CAPS_LOCK);
  g_assert_cmpint (bel_practice_check_sign_in ("Bahar2024x", "Bahar2024"), ==, BEL_SIGN_IN_WRONG);
  g_assert_cmpint (bel_practice_check_sign_in ("Bahar2024x", ""), ==, BEL_SIGN_IN_EMPTY);
  g_assert_cmpint (bel_practice_check_sign_in (NULL, "anything"), ==, BEL_SIGN_IN_OK);

  {
    char *secret = g_strdup ("Bahar2024x");
    bel_practice_wipe_string (&secret);
    g_assert_null (secret);
  }
}

/* The explanations are translated: with the kiosk's language set to Azerbaijani or Russian,
 * none comes out in English. */
static void
test_translated (void)
{
  const char *localedir = g_getenv ("BELEDCI_LOCALEDIR");
  g_autofree char *english = bel_practice_describe_fin (BEL_FIN_LETTER_O, "5OB7C2D");

  if (localedir == NULL)
    {
      g_test_skip ("BELEDCI_LOCALEDIR is not set");
      return;
    }
  setlocale (LC_ALL, "C.UTF-8");
  bindtextdomain ("beledci", localedir);
  bind_textdomain_codeset ("beledci", "UTF-8");

  for (guint i = 0; i < 2; i++)
    {
      const char *lang = i == 0 ? "az" : "ru";
      g_autofree char *fin = NULL;
      g_autofree char *mobile = NULL;
      g_autofree char *sms = NULL;
      g_auto(GStrv) rules = NULL;

      g_setenv ("LANGUAGE", lang, TRUE);
      {
        extern int _nl_msg_cat_cntr;
        ++_nl_msg_cat_cntr;
      }
      fin = bel_practice_describe_fin (BEL_FIN_LETTER_O, "5OB7C2D");
      mobile = bel_practice_describe_mobile (BEL_MOBILE_LANDLINE);
      sms = bel_practice_describe_sms_code (BEL_SMS_SWAPPED);
      rules = bel_practice_password_rules ();
      g_test_message ("%s: %s", lang, fin);
      g_assert_cmpstr (fin, !=, english);
      g_assert_null (strstr (mobile, "landline"));
      g_assert_null (strstr (sms, "swapped"));
      g_assert_cmpstr (rules[0], !=, "At least 8 characters");
    }
  g_setenv ("LANGUAGE", "en", TRUE);
}

static char *
meta (BelDatabase *db,
      const char  *key)
{
  return bel_database_get_meta (db, key);
}

/* A copy of the bundled content with some files replaced. */
static BelContent *
bundled_with (gint64      revision,
              const char *walkthrough_from,
              const char *walkthrough_to,
              gboolean    break_catalogue)
{
  g_autoptr(BelContent) bundled = bundled_content ();
  g_autoptr(GPtrArray) paths = bel_content_list (bundled, NULL);
  BelContent *content = bel_content_new ();

  for (guint i = 0; i < paths->len; i++)
    {
      const char *path = g_ptr_array_index (paths, i);
      GBytes *bytes = bel_content_get (bundled, path);
      g_autofree char *text = g_strndup (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));

      if (g_str_equal (path, "catalogue/catalogue.json"))
        {
          g_autoptr(GRegex) regex = g_regex_new ("\"revision\": [0-9]+", 0, 0, NULL);
          g_autofree char *to = g_strdup_printf ("\"revision\": %" G_GINT64_FORMAT, revision);
          g_autofree char *changed = g_regex_replace_literal (regex, text, -1, 0, to, 0, NULL);

          add_string (content, path, break_catalogue ? "{\"format\": 1}" : changed);
        }
      else if (walkthrough_from && g_str_equal (path, "walkthroughs/fin-mobile.json"))
        {
          g_autofree char *changed = replace (text, walkthrough_from, walkthrough_to);
          add_string (content, path, changed);
        }
      else
        bel_content_add (content, path, bytes);
    }
  return content;
}

static const char *
fin_mobile_title (BelWalkthroughSet *set)
{
  return bel_walkthrough_set_get (set, "fin-mobile")->title.text[BEL_LANG_EN];
}

static void
test_import (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(BelDatabase) db = bel_database_open (":memory:", &error);
  g_autoptr(BelWalkthroughSet) parsed = bundled_set ();
  g_autoptr(BelWalkthroughSet) loaded = NULL;
  g_autoptr(BelContent) v1 = NULL;
  const char *title = "\"en\": \"Register with your FİN code and mobile number\"";
  g_autofree char *revision = NULL;

  g_assert_no_error (error);

  /* An empty database has no walkthroughs and no decision helper. */
  loaded = bel_walkthrough_set_load (db, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (bel_walkthrough_set_get_walkthroughs (loaded)->len, ==, 0);
  g_assert_null (bel_walkthrough_set_get_decision (loaded));
  g_clear_pointer (&loaded, bel_walkthrough_set_unref);

  /* What goes in comes back out, texts, lists, pictures and rules alike. */
  v1 = bundled_with (1, NULL, NULL, FALSE);
  g_assert_true (bel_content_import (db, v1, &error));
  g_assert_no_error (error);
  loaded = bel_walkthrough_set_load (db, &error);
  g_assert_no_error (error);
  {
    GPtrArray *a = bel_walkthrough_set_get_walkthroughs (parsed);
    GPtrArray *b = bel_walkthrough_set_get_walkthroughs (loaded);
    const BelDecision *rules_a = bel_walkthrough_set_get_decision (parsed);
    const BelDecision *rules_b = bel_walkthrough_set_get_decision (loaded);
    g_autoptr(GPtrArray) paths_a = bel_decision_list_paths (rules_a);
    g_autoptr(GPtrArray) paths_b = bel_decision_list_paths (rules_b);

    g_assert_cmpuint (a->len, ==, b->len);
    for (guint i = 0; i < a->len; i++)
      {
        BelWalkthrough *wa = g_ptr_array_index (a, i), *wb = g_ptr_array_index (b, i);

        g_assert_cmpstr (wa->id, ==, wb->id);
        g_assert_cmpstr (wa->sign_in, ==, wb->sign_in);
        g_assert_cmpstr (wa->helpline, ==, wb->helpline);
        g_assert_cmpstr (wa->summary.text[BEL_LANG_RU], ==, wb->summary.text[BEL_LANG_RU]);
        g_assert_cmpuint (g_strv_length (wa->checklist[BEL_LANG_AZ]), ==,
                          g_strv_length (wb->checklist[BEL_LANG_AZ]));
        g_assert_cmpuint (wa->steps->len, ==, wb->steps->len);
        for (guint j = 0; j < wa->steps->len; j++)
          {
            BelWalkthroughStep *sa = g_ptr_array_index (wa->steps, j);
            BelWalkthroughStep *sb = g_ptr_array_index (wb->steps, j);

            g_assert_cmpstr (sa->text.text[BEL_LANG_AZ], ==, sb->text.text[BEL_LANG_AZ]);
            g_assert_cmpstr (sa->warning.text[BEL_LANG_EN], ==, sb->warning.text[BEL_LANG_EN]);
            g_assert_cmpstr (sa->helpline, ==, sb->helpline);
            g_assert_cmpstr (sa->picture, ==, sb->picture);
            g_assert_true (g_bytes_equal (bel_walkthrough_set_get_picture (parsed, sa->picture),
                                          bel_walkthrough_set_get_picture (loaded, sb->picture)));
            g_assert_cmpuint (g_strv_length (sa->checklist[BEL_LANG_RU]), ==,
                              g_strv_length (sb->checklist[BEL_LANG_RU]));
          }
      }
    g_assert_cmpuint (paths_a->len, ==, paths_b->len);
    for (guint i = 0; i < paths_a->len; i++)
      g_assert_cmpstr (g_ptr_array_index (paths_a, i), ==, g_ptr_array_index (paths_b, i));
    g_assert_cmpuint (bel_walkthrough_set_get_n_pictures (loaded), ==,
                      bel_walkthrough_set_get_n_pictures (parsed));
  }
  g_clear_pointer (&loaded, bel_walkthrough_set_unref);
  revision = meta (db, "walkthroughs-generation");
  g_assert_cmpstr (revision, ==, "1");
  g_clear_pointer (&revision, g_free);

  /* A new revision changes both. */
  {
    g_autoptr(BelContent) v2 = bundled_with (2, title, "\"en\": \"Changed in revision 2\"",
                                             FALSE);
    g_assert_true (bel_content_import (db, v2, &error));
    g_assert_no_error (error);
    loaded = bel_walkthrough_set_load (db, &error);
    g_assert_cmpstr (fin_mobile_title (loaded), ==, "Changed in revision 2");
    revision = meta (db, "catalogue-revision");
    g_assert_cmpstr (revision, ==, "2");
    g_clear_pointer (&loaded, bel_walkthrough_set_unref);
    g_clear_pointer (&revision, g_free);
    /* Readers that keep them in memory can tell they changed. */
    revision = meta (db, "walkthroughs-generation");
    g_assert_cmpstr (revision, ==, "2");
    g_clear_pointer (&revision, g_free);
  }

  /* A broken walkthrough stops the catalogue too, and the reverse: nothing is half applied. */
  {
    g_autoptr(BelContent) v3 = bundled_with (3, title, "\"en\": \"\"", FALSE);
    g_autoptr(BelContent) v4 = bundled_with (4, title, "\"en\": \"Changed in revision 4\"", TRUE);

    g_assert_false (bel_content_import (db, v3, &error));
    g_assert_error (error, BEL_WALKTHROUGH_ERROR, BEL_WALKTHROUGH_ERROR_INVALID);
    g_assert_nonnull (strstr (error->message, "fin-mobile.json:9: title.en: empty text"));
    g_clear_error (&error);
    g_assert_false (bel_content_import (db, v4, &error));
    g_assert_error (error, BEL_CATALOGUE_ERROR, BEL_CATALOGUE_ERROR_INVALID);
    g_clear_error (&error);

    loaded = bel_walkthrough_set_load (db, &error);
    g_assert_cmpstr (fin_mobile_title (loaded), ==, "Changed in revision 2");
    revision = meta (db, "catalogue-revision");
    g_assert_cmpstr (revision, ==, "2");
    g_clear_pointer (&loaded, bel_walkthrough_set_unref);
    g_clear_pointer (&revision, g_free);
  }

  /* Both are written in the caller's transaction (as a sync does): rolling it back undoes
   * both. */
  {
    g_autoptr(BelContent) v5 = bundled_with (5, title, "\"en\": \"Rolled back\"", FALSE);

    g_assert_true (bel_database_begin (db, &error));
    g_assert_true (bel_content_import_in_transaction (db, v5, &error));
    g_assert_no_error (error);
    loaded = bel_walkthrough_set_load (db, &error);
    g_assert_cmpstr (fin_mobile_title (loaded), ==, "Rolled back");
    g_clear_pointer (&loaded, bel_walkthrough_set_unref);
    bel_database_rollback (db);

    loaded = bel_walkthrough_set_load (db, &error);
    g_assert_cmpstr (fin_mobile_title (loaded), ==, "Changed in revision 2");
    revision = meta (db, "catalogue-revision");
    g_assert_cmpstr (revision, ==, "2");
    g_clear_pointer (&loaded, bel_walkthrough_set_unref);
    g_clear_pointer (&revision, g_free);
  }

  /* Content with no walkthroughs at all (a catalogue directory alone) keeps them. */
  {
    g_autoptr(BelContent) full = bundled_with (6, NULL, NULL, FALSE);
    g_autoptr(GPtrArray) paths = bel_content_list (full, "catalogue/");
    g_autoptr(BelContent) catalogue_only = bel_content_new ();

    for (guint i = 0; i < paths->len; i++)
      bel_content_add (catalogue_only, g_ptr_array_index (paths, i),
                       bel_content_get (full, g_ptr_array_index (paths, i)));
    g_assert_true (bel_content_import (db, catalogue_only, &error));
    g_assert_no_error (error);
    loaded = bel_walkthrough_set_load (db, &error);
    g_assert_cmpuint (bel_walkthrough_set_get_walkthroughs (loaded)->len, ==, 5);
    g_assert_cmpstr (fin_mobile_title (loaded), ==, "Changed in revision 2");
    revision = meta (db, "catalogue-revision");
    g_assert_cmpstr (revision, ==, "6");
    g_clear_pointer (&revision, g_free);
    revision = meta (db, "walkthroughs-generation");
    g_assert_cmpstr (revision, ==, "2");
  }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_setenv ("LANGUAGE", "en", TRUE);

  g_test_add_func ("/walkthrough/fixture-valid", test_fixture_valid);
  g_test_add_func ("/walkthrough/errors/walkthrough", test_walkthrough_errors);
  g_test_add_func ("/walkthrough/errors/files", test_file_errors);
  g_test_add_func ("/walkthrough/errors/pictures", test_picture_errors);
  g_test_add_func ("/walkthrough/errors/decision", test_decision_errors);
  g_test_add_func ("/walkthrough/bundled", test_bundled);
  g_test_add_func ("/walkthrough/decision-table", test_decision_table);
  g_test_add_func ("/practice/fin", test_fin);
  g_test_add_func ("/practice/mobile", test_mobile);
  g_test_add_func ("/practice/mobile-as-typed", test_mobile_as_typed);
  g_test_add_func ("/practice/sms-code", test_sms_code);
  g_test_add_func ("/practice/password", test_password);
  g_test_add_func ("/practice/translated", test_translated);
  g_test_add_func ("/walkthrough/import", test_import);

  return g_test_run ();
}
