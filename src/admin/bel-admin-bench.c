/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "bel-admin-bench"

#include "config.h"

#include <stdio.h>
#include <string.h>
#include <time.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>

#include "bel-admin.h"
#include "bel-catalogue.h"
#include "bel-content.h"
#include "bel-synthetic.h"

/* `beledci-admin bench`: measures the search the way a kiosk uses it. Every keystroke is a
 * query, so each query of the list is run as every one of its prefixes. */

#define DEFAULT_SERVICES 50000
#define DEFAULT_SEED     20220926
#define ROUNDS           5

/* What villagers type: no special letters, typos, Cyrillic Azerbaijani, Russian, English. */
static const char * const default_queries[] = {
  "mehkumluq haqqinda arayis",
  "мәһкумлуг арајышы",
  "справка о несудимости",
  "criminal record certificate",
  "pensiya",
  "yasa gore pensiya",
  "пенсия по возрасту",
  "old age pension",
  "unvanli sosial yardim",
  "issizlik pulu",
  "usaq pulu",
  "dogum haqqinda sehadetname",
  "nikah qeydiyyati",
  "свидетельство о рождении",
  "birth certificate",
  "emlak cixarisi",
  "kupca",
  "daşınmaz əmlakın dövlət reyestri",
  "güzəştli mənzil",
  "mida menzil",
  "voen almaq",
  "vergi beyannamesi",
  "налоговая декларация",
  "mmc qeydiyyati",
  "su borcu arayisi",
  "su saygaci qurasdirilmasi",
  "isiq pulu odemek",
  "оплата за электричество",
  "elektron imza sertifikati",
  "asan imza",
  "yasayis yeri uzre qeydiyyat",
  "прописка",
  "mecburi kockun statusu",
  "imtahan neticeleri",
  "exam results",
  "patent muracieti",
  "ticaret nisani",
  "fermer subsidiya",
  "kend teserrufati qeydiyyat",
  "emanetci melumatlari",
  "notarius novbe",
  "shexsiyyet vesiqesi",
  "xarici pasport",
  "загранпаспорт",
  "suruculuk vesiqesi",
  "icbari tibbi sigorta",
  "elillik derecesi",
  "tibbi sosial ekspert komissiyasi",
  "emek muqavilesi bildirisi",
  "pensya kalkulyatoru",
  "sertifkat",
  "qeydiyat",
  "ЕЛЕКТРОН ИМЗА",
};

static double
now_seconds (void)
{
  struct timespec ts;

  clock_gettime (CLOCK_MONOTONIC, &ts);
  return ts.tv_sec + ts.tv_nsec / 1e9;
}

/* Time this thread has run: unlike the wall clock, it leaves out the time other processes
 * on a busy machine took. */
static double
cpu_seconds (void)
{
  struct timespec ts;

  clock_gettime (CLOCK_THREAD_CPUTIME_ID, &ts);
  return ts.tv_sec + ts.tv_nsec / 1e9;
}

/* Peak resident memory of this process, in kB, from /proc/self/status. */
static guint64
peak_memory_kb (void)
{
  g_autofree char *status = NULL;
  const char *line;

  if (!g_file_get_contents ("/proc/self/status", &status, NULL, NULL))
    return 0;
  line = strstr (status, "VmHWM:");
  if (line == NULL)
    return 0;
  return g_ascii_strtoull (line + strlen ("VmHWM:"), NULL, 10);
}

static guint64
file_size (const char *path)
{
  GStatBuf buf;

  if (g_stat (path, &buf) != 0)
    return 0;
  return buf.st_size;
}

typedef struct {
  double      ms;
  const char *query;
  guint       n_chars;
} Sample;

static int
compare_samples (gconstpointer a,
                 gconstpointer b)
{
  double x = ((const Sample *) a)->ms, y = ((const Sample *) b)->ms;

  return x < y ? 1 : x > y ? -1 : 0;
}

static int
compare_doubles (gconstpointer a,
                 gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return x < y ? -1 : x > y ? 1 : 0;
}

/* The value below which @p (0..1) of the sorted @values lie (nearest rank). */
static double
percentile (const double *values,
            guint         n,
            double        p)
{
  guint rank;

  if (n == 0)
    return 0;
  rank = (guint) (p * n + 0.999999);
  rank = CLAMP (rank, 1, n);
  return values[rank - 1];
}

static void
remove_tree (const char *path)
{
  g_autoptr(GDir) dir = NULL;
  const char *name;

  if (g_file_test (path, G_FILE_TEST_IS_DIR) && !g_file_test (path, G_FILE_TEST_IS_SYMLINK))
    {
      dir = g_dir_open (path, 0, NULL);
      while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
        {
          g_autofree char *child = g_build_filename (path, name, NULL);

          remove_tree (child);
        }
    }
  g_remove (path);
}

static GPtrArray *
read_queries (const char  *path,
              GError     **error)
{
  g_autofree char *contents = NULL;
  g_auto(GStrv) lines = NULL;
  GPtrArray *queries;

  if (path == NULL)
    {
      queries = g_ptr_array_new ();
      for (guint i = 0; i < G_N_ELEMENTS (default_queries); i++)
        g_ptr_array_add (queries, (gpointer) default_queries[i]);
      return queries;
    }

  if (!g_file_get_contents (path, &contents, NULL, error))
    return NULL;
  queries = g_ptr_array_new_with_free_func (g_free);
  lines = g_strsplit (contents, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_strchomp (lines[i]);
      if (lines[i][0] != '\0' && g_utf8_validate (lines[i], -1, NULL))
        g_ptr_array_add (queries, g_strdup (lines[i]));
    }
  return queries;
}

static int
bench_search (int    argc,
              char **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(BelDatabase) db = NULL;
  g_autoptr(BelCatalogue) catalogue = NULL;
  g_autoptr(GPtrArray) queries = NULL;
  g_autoptr(GArray) times = NULL;
  g_autoptr(GArray) cpu_times = NULL;
  g_autoptr(GArray) slowest = NULL;
  g_autofree char *catalogue_dir = NULL;
  g_autofree char *queries_path = NULL;
  g_autofree char *tmp_dir = NULL;
  g_autofree char *content_dir = NULL;
  g_autofree char *db_path = NULL;
  g_autofree char *wal_path = NULL;
  int n_services = DEFAULT_SERVICES;
  int limit = 20;
  gboolean json = FALSE;
  int n_slowest = 0;
  double generate_time = 0, import_time, reload_time, t;
  guint n_prefixes = 0, n_results = 0;
  guint64 db_size;
  double *sorted, *cpu_sorted;
  GOptionEntry entries[] = {
    { "services", 0, 0, G_OPTION_ARG_INT, &n_services,
      "Synthetic catalogue of N services (default 50000)", "N" },
    { "catalogue", 0, 0, G_OPTION_ARG_FILENAME, &catalogue_dir,
      "Measure this content directory instead", "DIR" },
    { "queries", 0, 0, G_OPTION_ARG_FILENAME, &queries_path,
      "Queries, one per line (default: a built-in list)", "FILE" },
    { "limit", 0, 0, G_OPTION_ARG_INT, &limit, "Results asked per query (default 20)", "N" },
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, "Print JSON", NULL },
    { "slowest", 0, 0, G_OPTION_ARG_INT, &n_slowest, "Also list the N slowest queries", "N" },
    { NULL }
  };

  context = g_option_context_new ("- measure as-you-type search");
  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    return bel_admin_fail (2, "%s", error->message);
  if (argc > 1)
    return bel_admin_fail (2, "usage: bench search [--services N] [--catalogue DIR] "
                              "[--queries FILE] [--json]");
  if (n_services < 1 || n_services > 1000000)
    return bel_admin_fail (2, "--services must be between 1 and 1000000");
  if (limit < 1)
    return bel_admin_fail (2, "--limit must be at least 1");

  if (!(queries = read_queries (queries_path, &error)))
    return bel_admin_fail (1, "%s", error->message);
  if (queries->len == 0)
    return bel_admin_fail (1, "no queries in %s", queries_path);

  tmp_dir = g_dir_make_tmp ("beledci-bench-XXXXXX", &error);
  if (tmp_dir == NULL)
    return bel_admin_fail (1, "%s", error->message);

  if (catalogue_dir == NULL)
    {
      content_dir = g_build_filename (tmp_dir, "content", NULL);
      t = now_seconds ();
      if (!bel_synthetic_write (content_dir, n_services, DEFAULT_SEED,
                                bel_content_bundled_dir (), &error))
        {
          remove_tree (tmp_dir);
          return bel_admin_fail (1, "%s", error->message);
        }
      generate_time = now_seconds () - t;
    }
  else
    content_dir = g_strdup (catalogue_dir);

  /* The import as a kiosk does it on its first boot: a fresh database on disk, the content
   * parsed, validated, written, read back and indexed. */
  db_path = g_build_filename (tmp_dir, "bench.sqlite", NULL);
  wal_path = g_strconcat (db_path, "-wal", NULL);
  t = now_seconds ();
  db = bel_database_open (db_path, &error);
  if (db != NULL)
    catalogue = bel_catalogue_new (db, content_dir, &error);
  import_time = now_seconds () - t;
  if (catalogue == NULL)
    {
      remove_tree (tmp_dir);
      return bel_admin_fail (1, "%s", error->message);
    }

  /* A later boot: the catalogue read back from the database and indexed. */
  t = now_seconds ();
  if (!bel_catalogue_reload (catalogue, &error))
    {
      remove_tree (tmp_dir);
      return bel_admin_fail (1, "%s", error->message);
    }
  reload_time = now_seconds () - t;
  /* The size the catalogue takes at rest, with the write-ahead log folded in. */
  bel_database_exec (db, "PRAGMA wal_checkpoint(TRUNCATE)", NULL);
  db_size = file_size (db_path) + file_size (wal_path);

  /* Every prefix of every query, a few rounds after one round to warm up. */
  times = g_array_new (FALSE, FALSE, sizeof (double));
  cpu_times = g_array_new (FALSE, FALSE, sizeof (double));
  slowest = g_array_new (FALSE, FALSE, sizeof (Sample));
  for (guint round = 0; round <= ROUNDS; round++)
    for (guint q = 0; q < queries->len; q++)
      {
        const char *query = g_ptr_array_index (queries, q);
        const char *p = query;

        do
          {
            g_autofree char *prefix = NULL;
            g_autoptr(GPtrArray) results = NULL;
            double elapsed, cpu, cpu_start;

            p = g_utf8_next_char (p);
            prefix = g_strndup (query, p - query);
            cpu_start = cpu_seconds ();
            t = now_seconds ();
            results = bel_catalogue_search (catalogue, prefix, limit, NULL);
            elapsed = (now_seconds () - t) * 1000.0;
            cpu = (cpu_seconds () - cpu_start) * 1000.0;
            if (round > 0)
              {
                Sample sample = { elapsed, query, g_utf8_strlen (prefix, -1) };

                g_array_append_val (times, elapsed);
                g_array_append_val (cpu_times, cpu);
                g_array_append_val (slowest, sample);
                n_results += results->len;
              }
            if (round == 1)
              n_prefixes++;
          }
        while (*p != '\0');
      }

  sorted = (double *) times->data;
  qsort (sorted, times->len, sizeof (double), compare_doubles);
  cpu_sorted = (double *) cpu_times->data;
  qsort (cpu_sorted, cpu_times->len, sizeof (double), compare_doubles);

  if (json)
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();
      g_autoptr(JsonGenerator) generator = json_generator_new ();
      g_autoptr(JsonNode) root = NULL;
      g_autofree char *text = NULL;

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "services");
      json_builder_add_int_value (builder, g_list_model_get_n_items (bel_catalogue_get_services (catalogue)));
      json_builder_set_member_name (builder, "catalogue");
      json_builder_add_string_value (builder, catalogue_dir ? catalogue_dir : "synthetic");
      json_builder_set_member_name (builder, "queries");
      json_builder_add_int_value (builder, queries->len);
      json_builder_set_member_name (builder, "prefix_queries");
      json_builder_add_int_value (builder, n_prefixes);
      json_builder_set_member_name (builder, "samples");
      json_builder_add_int_value (builder, times->len);
      json_builder_set_member_name (builder, "mean_results");
      json_builder_add_double_value (builder, times->len ? (double) n_results / times->len : 0);
      json_builder_set_member_name (builder, "p50_ms");
      json_builder_add_double_value (builder, percentile (sorted, times->len, 0.50));
      json_builder_set_member_name (builder, "p95_ms");
      json_builder_add_double_value (builder, percentile (sorted, times->len, 0.95));
      json_builder_set_member_name (builder, "p99_ms");
      json_builder_add_double_value (builder, percentile (sorted, times->len, 0.99));
      json_builder_set_member_name (builder, "max_ms");
      json_builder_add_double_value (builder, percentile (sorted, times->len, 1.0));
      json_builder_set_member_name (builder, "cpu_p50_ms");
      json_builder_add_double_value (builder, percentile (cpu_sorted, cpu_times->len, 0.50));
      json_builder_set_member_name (builder, "cpu_p95_ms");
      json_builder_add_double_value (builder, percentile (cpu_sorted, cpu_times->len, 0.95));
      json_builder_set_member_name (builder, "cpu_p99_ms");
      json_builder_add_double_value (builder, percentile (cpu_sorted, cpu_times->len, 0.99));
      json_builder_set_member_name (builder, "generate_s");
      json_builder_add_double_value (builder, generate_time);
      json_builder_set_member_name (builder, "import_s");
      json_builder_add_double_value (builder, import_time);
      json_builder_set_member_name (builder, "reload_s");
      json_builder_add_double_value (builder, reload_time);
      json_builder_set_member_name (builder, "database_bytes");
      json_builder_add_int_value (builder, db_size);
      json_builder_set_member_name (builder, "peak_memory_kb");
      json_builder_add_int_value (builder, peak_memory_kb ());
      json_builder_end_object (builder);

      root = json_builder_get_root (builder);
      json_generator_set_root (generator, root);
      json_generator_set_pretty (generator, TRUE);
      text = json_generator_to_data (generator, NULL);
      printf ("%s\n", text);
    }
  else
    {
      printf ("services:        %u (%s)\n",
              g_list_model_get_n_items (bel_catalogue_get_services (catalogue)),
              catalogue_dir ? catalogue_dir : "synthetic");
      printf ("queries:         %u, as %u prefixes, %u rounds (%u samples, %.1f results each)\n",
              queries->len, n_prefixes, ROUNDS, times->len,
              times->len ? (double) n_results / times->len : 0);
      printf ("per query:       p50 %.3f ms, p95 %.3f ms, p99 %.3f ms, max %.3f ms\n",
              percentile (sorted, times->len, 0.50), percentile (sorted, times->len, 0.95),
              percentile (sorted, times->len, 0.99), percentile (sorted, times->len, 1.0));
      printf ("  CPU time:      p50 %.3f ms, p95 %.3f ms, p99 %.3f ms (without other processes)\n",
              percentile (cpu_sorted, cpu_times->len, 0.50),
              percentile (cpu_sorted, cpu_times->len, 0.95),
              percentile (cpu_sorted, cpu_times->len, 0.99));
      if (catalogue_dir == NULL)
        printf ("generate:        %.2f s\n", generate_time);
      printf ("import + index:  %.2f s (first boot)\n", import_time);
      printf ("reload + index:  %.2f s (later boots)\n", reload_time);
      printf ("database:        %.1f MB\n", db_size / 1e6);
      printf ("peak memory:     %.1f MB\n", peak_memory_kb () / 1024.0);
    }

  if (n_slowest > 0)
    {
      g_array_sort (slowest, compare_samples);
      fprintf (json ? stderr : stdout, "slowest:\n");
      for (guint i = 0; i < MIN ((guint) n_slowest, slowest->len); i++)
        {
          const Sample *sample = &g_array_index (slowest, Sample, i);
          const char *end = g_utf8_offset_to_pointer (sample->query, sample->n_chars);

          fprintf (json ? stderr : stdout, "  %8.3f ms  “%.*s”\n", sample->ms,
                   (int) (end - sample->query), sample->query);
        }
    }

  g_clear_object (&catalogue);
  g_clear_object (&db);
  remove_tree (tmp_dir);
  return 0;
}

static int
bench_generate (int    argc,
                char **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *out_dir = NULL;
  int n_services = DEFAULT_SERVICES;
  int seed = DEFAULT_SEED;
  GOptionEntry entries[] = {
    { "services", 0, 0, G_OPTION_ARG_INT, &n_services, "Number of services (default 50000)", "N" },
    { "out", 0, 0, G_OPTION_ARG_FILENAME, &out_dir, "Directory to write", "DIR" },
    { "seed", 0, 0, G_OPTION_ARG_INT, &seed, "Random seed (the same seed, the same catalogue)", "S" },
    { NULL }
  };

  context = g_option_context_new ("- write a synthetic catalogue");
  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    return bel_admin_fail (2, "%s", error->message);
  if (out_dir == NULL || argc > 1)
    return bel_admin_fail (2, "usage: bench generate --services N --out DIR");
  if (n_services < 1 || n_services > 1000000)
    return bel_admin_fail (2, "--services must be between 1 and 1000000");

  if (!bel_synthetic_write (out_dir, n_services, (guint32) seed, bel_content_bundled_dir (),
                            &error))
    return bel_admin_fail (1, "%s", error->message);
  return 0;
}

int
bel_admin_bench (int    argc,
                 char **argv)
{
  if (argc >= 2 && g_str_equal (argv[1], "search"))
    return bench_search (argc - 1, argv + 1);
  if (argc >= 2 && g_str_equal (argv[1], "generate"))
    return bench_generate (argc - 1, argv + 1);
  return bel_admin_fail (2, "usage: bench search [--services N] [--catalogue DIR] "
                            "[--queries FILE] [--json] | bench generate --services N --out DIR");
}
