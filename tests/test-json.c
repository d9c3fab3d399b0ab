/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-json"

#include "bel-issue.h"
#include "bel-json.h"

static GPtrArray *
new_issues (void)
{
  return g_ptr_array_new_with_free_func ((GDestroyNotify)bel_issue_free);
}

static char *
first_issue (GPtrArray *issues)
{
  g_assert_cmpuint (issues->len, >=, 1);
  return bel_issue_to_string (g_ptr_array_index (issues, 0));
}

static void
test_json_lines (void)
{
  const char *text = "{\n  \"a\": 1,\n  \"list\": [\n    {\"x\": \"y\"},\n    {\n      \"x\": \"z\"\n    }\n  ]\n}\n";
  g_autoptr(GBytes) bytes = g_bytes_new_static (text, strlen (text));
  g_autoptr(GPtrArray) issues = new_issues ();
  g_autoptr(BelJsonDoc) doc = bel_json_doc_parse ("t.json", bytes, 1024, 8, issues);

  g_assert_nonnull (doc);
  g_assert_cmpuint (issues->len, ==, 0);
  g_assert_cmpuint (bel_json_doc_line (doc, "a"), ==, 2);
  g_assert_cmpuint (bel_json_doc_line (doc, "list"), ==, 3);
  g_assert_cmpuint (bel_json_doc_line (doc, "list[0].x"), ==, 4);
  g_assert_cmpuint (bel_json_doc_line (doc, "list[1]"), ==, 5);
  g_assert_cmpuint (bel_json_doc_line (doc, "list[1].x"), ==, 6);
  /* A path that does not exist reports its nearest parent. */
  g_assert_cmpuint (bel_json_doc_line (doc, "list[1].missing"), ==, 5);
  g_assert_cmpuint (bel_json_doc_line (doc, "nothing"), ==, 1);
}

static void
test_json_deep_nesting (void)
{
  /* json-glib 1.6 overflows its stack at about 100,000 levels: the guard must reject it
   * before json-glib sees it. */
  gsize n = 100000;
  char *text = g_malloc (2 * n + 1);
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GPtrArray) issues = new_issues ();
  g_autoptr(GError) error = NULL;
  g_autofree char *message = NULL;
  JsonNode *node;

  memset (text, '[', n);
  memset (text + n, ']', n);
  text[2 * n] = '\0';
  bytes = g_bytes_new_take (text, 2 * n);

  g_assert_null (bel_json_doc_parse ("deep.json", bytes, 1024 * 1024, 32, issues));
  message = first_issue (issues);
  g_assert_cmpstr (message, ==, "deep.json:1: (file): nested deeper than 32 levels");

  node = bel_json_parse_bytes (bytes, 1024 * 1024, 32, &error);
  g_assert_null (node);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA);
}

static void
test_json_hostile (void)
{
  static const struct {
    const char *text;
    gssize      len;
    const char *expected;
  } cases[] = {
    { "{\"a\": 1,\n \"b\": }", -1, "bad.json:2: (file): malformed JSON:" },
    { "", 0, "bad.json:0: (file): empty file" },
    { "{\"a\": \"\xc3\x28\"}", -1, "bad.json:1: (file): invalid UTF-8" },
    { "{\"a\":\n\n \"\xff\"}", -1, "bad.json:3: (file): invalid UTF-8" },
    { "{\"a\": \"x\"}\0{}", 13, "bad.json:0: (file): contains a NUL byte" },
    { "[1, 2, 3]                                              ", -1,
      "bad.json:0: (file): file too large" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      gsize len = cases[i].len < 0 ? strlen (cases[i].text) : (gsize)cases[i].len;
      g_autoptr(GBytes) bytes = g_bytes_new (cases[i].text, len);
      g_autoptr(GPtrArray) issues = new_issues ();
      g_autofree char *message = NULL;

      g_assert_null (bel_json_doc_parse ("bad.json", bytes, 40, 8, issues));
      message = first_issue (issues);
      if (!g_str_has_prefix (message, cases[i].expected))
        g_error ("case %u: “%s” does not start with “%s”", i, message, cases[i].expected);
    }
}

static void
test_json_random_bytes (void)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (42);
  static const char alphabet[] = "{}[]\",:\\ \n0123456789truefalsnul-+.eE\xc3\xa9";

  for (guint i = 0; i < 20000; i++)
    {
      guint len = g_rand_int_range (rand, 0, 64);
      char buf[64];
      g_autoptr(GBytes) bytes = NULL;
      g_autoptr(GPtrArray) issues = new_issues ();
      BelJsonDoc *doc;

      for (guint j = 0; j < len; j++)
        buf[j] = alphabet[g_rand_int_range (rand, 0, sizeof alphabet - 1)];
      bytes = g_bytes_new (buf, len);
      doc = bel_json_doc_parse ("r.json", bytes, 1024, 8, issues);
      /* Either a document or exactly one reason, never both, never a crash. */
      g_assert_true ((doc != NULL) != (issues->len > 0));
      if (doc)
        {
          bel_json_doc_line (doc, "a.b[3].c");
          bel_json_doc_free (doc);
        }
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/json/lines", test_json_lines);
  g_test_add_func ("/json/deep-nesting", test_json_deep_nesting);
  g_test_add_func ("/json/hostile", test_json_hostile);
  g_test_add_func ("/json/random-bytes", test_json_random_bytes);

  return g_test_run ();
}
