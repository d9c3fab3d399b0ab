/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-bench"

#include <locale.h>
#include <string.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>

/* `beledci-admin bench` on a small synthetic catalogue: it runs, prints every field, and what
 * `bench generate` writes passes `catalogue validate`. The full-size run is the search-50k
 * benchmark (meson test --benchmark). */

static char *
admin_path (void)
{
  const char *build_dir = g_getenv ("BELEDCI_BUILD_DIR");

  g_assert_nonnull (build_dir);
  return g_build_filename (build_dir, "src", "admin", "beledci-admin", NULL);
}

/* Runs beledci-admin with @args (NULL-terminated); returns its exit status. */
static int
run_admin (const char * const  *args,
           char               **out_stdout,
           char               **out_stderr)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GError) error = NULL;
  int status = -1;

  g_ptr_array_add (argv, admin_path ());
  for (guint i = 0; args[i] != NULL; i++)
    g_ptr_array_add (argv, g_strdup (args[i]));
  g_ptr_array_add (argv, NULL);

  g_spawn_sync (NULL, (char **) argv->pdata, NULL, G_SPAWN_DEFAULT, NULL, NULL,
                out_stdout, out_stderr, &status, &error);
  g_assert_no_error (error);
  if (!WIFEXITED (status))
    return -1;
  return WEXITSTATUS (status);
}

static void
remove_tree (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);

      if (g_file_test (child, G_FILE_TEST_IS_DIR) && !g_file_test (child, G_FILE_TEST_IS_SYMLINK))
        remove_tree (child);
      else
        g_remove (child);
    }
  g_rmdir (path);
}

static void
test_generate_validates (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *tmp = g_dir_make_tmp ("beledci-test-bench-XXXXXX", &error);
  g_autofree char *out_dir = NULL;
  g_autofree char *again_dir = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autofree char *first = NULL;
  g_autofree char *second = NULL;
  g_autofree char *first_path = NULL;
  g_autofree char *second_path = NULL;

  g_assert_no_error (error);
  out_dir = g_build_filename (tmp, "synthetic", NULL);
  again_dir = g_build_filename (tmp, "again", NULL);

  g_assert_cmpint (run_admin ((const char *[]) { "bench", "generate", "--services", "700",
                                                 "--out", out_dir, NULL }, &out, &err), ==, 0);
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  /* What the catalogue tools read, they accept. */
  g_assert_cmpint (run_admin ((const char *[]) { "catalogue", "validate", out_dir, NULL },
                              &out, &err), ==, 0);
  /* The summary line goes to standard error, with the problems, if any. */
  g_assert_true (strstr (out, "700 services") != NULL || strstr (err, "700 services") != NULL);
  g_assert_true (strstr (out, "no problems") != NULL || strstr (err, "no problems") != NULL);
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  /* An existing catalogue is not overwritten (stale agency files would mix in). */
  g_assert_cmpint (run_admin ((const char *[]) { "bench", "generate", "--services", "10",
                                                 "--out", out_dir, NULL }, &out, &err), ==, 1);
  g_assert_nonnull (strstr (err, "already exists"));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  /* The same seed gives the same catalogue, so tools can be compared on the same data. */
  g_assert_cmpint (run_admin ((const char *[]) { "bench", "generate", "--services", "700",
                                                 "--out", again_dir, NULL }, &out, &err), ==, 0);
  first_path = g_build_filename (out_dir, "catalogue", "agencies", "synthetic-005.json", NULL);
  second_path = g_build_filename (again_dir, "catalogue", "agencies", "synthetic-005.json", NULL);
  g_file_get_contents (first_path, &first, NULL, &error);
  g_assert_no_error (error);
  g_file_get_contents (second_path, &second, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (first, ==, second);

  remove_tree (tmp);
}

static void
test_search_json (void)
{
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  JsonObject *result;
  double p50, p95, p99, max;

  g_assert_cmpint (run_admin ((const char *[]) { "bench", "search", "--services", "2000",
                                                 "--json", NULL }, &out, &err), ==, 0);
  json_parser_load_from_data (parser, out, -1, &error);
  g_assert_no_error (error);
  result = json_node_get_object (json_parser_get_root (parser));

  g_assert_cmpint (json_object_get_int_member (result, "services"), ==, 2000);
  g_assert_cmpint (json_object_get_int_member (result, "queries"), >=, 40);
  /* Every prefix of every query is a query. */
  g_assert_cmpint (json_object_get_int_member (result, "prefix_queries"), >,
                   5 * json_object_get_int_member (result, "queries"));
  g_assert_cmpfloat (json_object_get_double_member (result, "mean_results"), >, 1);

  p50 = json_object_get_double_member (result, "p50_ms");
  p95 = json_object_get_double_member (result, "p95_ms");
  p99 = json_object_get_double_member (result, "p99_ms");
  max = json_object_get_double_member (result, "max_ms");
  g_assert_cmpfloat (p50, >, 0);
  g_assert_cmpfloat (p50, <=, p95);
  g_assert_cmpfloat (p95, <=, p99);
  g_assert_cmpfloat (p99, <=, max);

  g_assert_cmpfloat (json_object_get_double_member (result, "cpu_p50_ms"), >, 0);
  g_assert_cmpfloat (json_object_get_double_member (result, "cpu_p50_ms"), <=,
                     json_object_get_double_member (result, "cpu_p99_ms"));

  g_assert_cmpfloat (json_object_get_double_member (result, "import_s"), >, 0);
  g_assert_cmpint (json_object_get_int_member (result, "database_bytes"), >, 100000);
  g_assert_cmpint (json_object_get_int_member (result, "peak_memory_kb"), >, 1000);
}

static void
test_search_text (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *tmp = g_dir_make_tmp ("beledci-test-bench-XXXXXX", &error);
  g_autofree char *queries = g_build_filename (tmp, "queries.txt", NULL);
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;

  g_assert_no_error (error);
  g_file_set_contents (queries, "pensiya\nсправка\n", -1, &error);
  g_assert_no_error (error);

  g_assert_cmpint (run_admin ((const char *[]) { "bench", "search", "--services", "300",
                                                 "--queries", queries, NULL }, &out, &err), ==, 0);
  /* Two queries: "pensiya" as 7 prefixes, "справка" as 7. */
  g_assert_nonnull (strstr (out, "queries:         2, as 14 prefixes"));
  for (const char * const *field = (const char * const[]) { "p50", "p95", "p99", "import",
                                                            "database", "peak memory", NULL };
       *field != NULL; field++)
    g_assert_nonnull (strstr (out, *field));

  g_remove (queries);
  g_rmdir (tmp);
}

static void
test_usage (void)
{
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;

  g_assert_cmpint (run_admin ((const char *[]) { "bench", NULL }, &out, &err), ==, 2);
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (run_admin ((const char *[]) { "bench", "search", "--services", "0", NULL },
                              &out, &err), ==, 2);
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (run_admin ((const char *[]) { "bench", "generate", "--services", "10", NULL },
                              &out, &err), ==, 2);
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (run_admin ((const char *[]) { "bench", "search", "--queries",
                                                 "/nonexistent/queries.txt", NULL },
                              &out, &err), ==, 1);
}

int
main (int   argc,
      char *argv[])
{
  setlocale (LC_ALL, "");
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/bench/generate-validates", test_generate_validates);
  g_test_add_func ("/bench/search-json", test_search_json);
  g_test_add_func ("/bench/search-text", test_search_text);
  g_test_add_func ("/bench/usage", test_usage);

  return g_test_run ();
}
