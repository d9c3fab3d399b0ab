/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "bench-kiosk"

#include "config.h"

#include <gdk/x11/gdkx.h>
#include <glib/gstdio.h>
#include <X11/keysym.h>
#include <unistd.h>

#include "bel-content.h"
#include "bel-find-page.h"
#include "bel-i18n.h"
#include "bel-service-page.h"
#include "test-ui-util.h"

/* The kiosk's speed and memory, against the budgets of issue 3:
 *   startup    exec to the first frame of the welcome screen      <= 300 ms
 *   keystroke  a key press to updated results on the screen,
 *              with 50,000 services                                <= 16 ms (one frame)
 *   memory     resident after 1,000 search-open-back cycles        <= 80 MB,
 *              no growth from the 2,000th to the 10,000th cycle
 *
 *   bench-kiosk --beledci PATH --admin PATH [--services N] [--cycles N] [--quick]
 *               [--only startup|memory|keystroke]
 *
 * Runs under a display (tests/run-with-display.sh). --quick is the short version in the "ui"
 * suite: few repetitions, and limits ten times looser, to catch gross regressions only. */

static char *beledci_path;
static char *admin_path;
static int n_services = 50000;
static int n_cycles = 10000;
static gboolean quick;
static char *only;
static gboolean failed;

static const GOptionEntry entries[] = {
  { "beledci", 0, 0, G_OPTION_ARG_FILENAME, &beledci_path, "The beledci program", "PATH" },
  { "admin", 0, 0, G_OPTION_ARG_FILENAME, &admin_path, "The beledci-admin program", "PATH" },
  { "services", 0, 0, G_OPTION_ARG_INT, &n_services, "Services in the synthetic catalogue", "N" },
  { "cycles", 0, 0, G_OPTION_ARG_INT, &n_cycles, "Search-open-back cycles", "N" },
  { "quick", 0, 0, G_OPTION_ARG_NONE, &quick, "Short run with loose limits (test suite)", NULL },
  { "only", 0, 0, G_OPTION_ARG_STRING, &only, "Only one part: startup, memory or keystroke", "PART" },
  { NULL }
};

static int
compare_doubles (gconstpointer a,
                 gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return (x > y) - (x < y);
}

static double
percentile (GArray *values,
            double  p)
{
  guint index;

  g_array_sort (values, compare_doubles);
  index = (guint) (p * (values->len - 1) + 0.5);
  return g_array_index (values, double, index);
}

static void
check (const char *what,
       double      value,
       double      limit,
       const char *unit)
{
  gboolean ok = value <= limit;

  g_print ("%-44s %10.1f %-3s (limit %.0f %s) %s\n", what, value, unit, limit, unit,
           ok ? "ok" : "OVER");
  if (!ok)
    failed = TRUE;
}

/* 1. From exec to the first frame: the program prints the moment it painted and quits. */
static void
bench_startup (void)
{
  g_autoptr(GArray) times = g_array_new (FALSE, FALSE, sizeof (double));
  g_autofree char *home = g_dir_make_tmp ("bench-kiosk-XXXXXX", NULL);
  int runs = quick ? 2 : 11;

  for (int i = 0; i < runs; i++)
    {
      const char *argv[] = { beledci_path, "--windowed", NULL };
      g_auto(GStrv) envp = g_get_environ ();
      g_autofree char *out = NULL;
      g_autoptr(GError) error = NULL;
      gint64 start, painted = 0;
      int status;

      envp = g_environ_setenv (envp, "BELEDCI_BENCH_FIRST_FRAME", "1", TRUE);
      envp = g_environ_setenv (envp, "XDG_DATA_HOME", home, TRUE);
      envp = g_environ_setenv (envp, "GTK_A11Y", "none", TRUE);

      start = g_get_monotonic_time ();
      g_spawn_sync (NULL, (char **) argv, envp, G_SPAWN_STDERR_TO_DEV_NULL, NULL, NULL,
                    &out, NULL, &status, &error);
      g_assert_no_error (error);
      g_assert_true (g_spawn_check_wait_status (status, NULL));
      g_assert_true (sscanf (out, "first-frame %" G_GINT64_FORMAT, &painted) == 1);

      /* The first run creates the database; the kiosk's every later start is like the rest. */
      if (i > 0 || runs == 1)
        {
          double ms = (painted - start) / 1000.0;
          g_array_append_val (times, ms);
        }
    }

  g_print ("\nStartup (exec to the first frame of the welcome screen, %u runs)\n", times->len);
  check ("  median", percentile (times, 0.5), quick ? 3000 : 300, "ms");
  check ("  slowest", percentile (times, 1.0), quick ? 5000 : 450, "ms");
}

typedef struct {
  gint64 searched;
  gint64 frame_started;
  gint64 painted;
} KeyTimes;

static void
before_paint_cb (GdkFrameClock *clock,
                 KeyTimes      *times)
{
  if (times->painted == 0 && times->searched != 0)
    times->frame_started = g_get_monotonic_time ();
}

static void
after_paint_cb (GdkFrameClock *clock,
                KeyTimes      *times)
{
  if (times->painted == 0 && times->searched != 0 && times->frame_started != 0)
    times->painted = g_get_monotonic_time ();
}

static void
changed_cb (GtkEditable *entry,
            KeyTimes    *times)
{
  /* Connected after the find page's own handler: the results are updated now. */
  if (times->searched == 0)
    times->searched = g_get_monotonic_time ();
}

static guint
keysym_for (char c)
{
  return c == ' ' ? XK_space : (guint) c;
}

/* 2. Typing into the search of a catalogue of N services, through the X server. */
static void
bench_keystroke (void)
{
  g_autofree char *dir = g_dir_make_tmp ("bench-kiosk-catalogue-XXXXXX", NULL);
  g_autofree char *services_arg = g_strdup_printf ("%d", n_services);
  const char *argv[] = { admin_path, "bench", "generate", "--services", services_arg, "--out", dir, NULL };
  const char *queries[] = { "mehkumluq", "pensiya", "arayis", "sosial yardim", "pasport",
                            "vergi", "ehtiyac", "uşaq pulu", "qeydiyyat", "elektron imza" };
  g_autoptr(GArray) to_results = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) to_frame = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) frame_work = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(BelDatabase) db = NULL;
  g_autoptr(BelCatalogue) catalogue = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *command = NULL;
  BelWindow *window;
  BelFindPage *find;
  GtkEditable *entry;
  KeyTimes times = { 0, 0, 0 };
  gulong paint_id, before_id;
  gint64 start;
  int status;

  g_spawn_sync (NULL, (char **) argv, NULL, 0, NULL, NULL, NULL, NULL, &status, &error);
  g_assert_no_error (error);
  g_assert_true (g_spawn_check_wait_status (status, NULL));

  start = g_get_monotonic_time ();
  db = bel_database_open (":memory:", &error);
  g_assert_no_error (error);
  catalogue = bel_catalogue_new (db, dir, &error);
  g_assert_no_error (error);
  g_print ("\nKeystroke to results on the screen, %d services (loaded in %.1f s)\n",
           n_services, (g_get_monotonic_time () - start) / (double) G_USEC_PER_SEC);

  window = test_ui_new_window (FALSE);
  bel_window_set_catalogue (window, catalogue);
  gtk_widget_activate_action (GTK_WIDGET (window), "nav.find", "s", "search");
  find = BEL_FIND_PAGE (bel_window_get_page (window, "find"));
  entry = bel_find_page_get_entry (find);
  test_ui_settle (GTK_WIDGET (window));
  gtk_widget_grab_focus (GTK_WIDGET (entry));

  g_signal_connect (entry, "changed", G_CALLBACK (changed_cb), &times);
  before_id = g_signal_connect (gtk_widget_get_frame_clock (GTK_WIDGET (window)), "before-paint",
                                G_CALLBACK (before_paint_cb), &times);
  paint_id = g_signal_connect (gtk_widget_get_frame_clock (GTK_WIDGET (window)), "after-paint",
                               G_CALLBACK (after_paint_cb), &times);

  for (guint q = 0; q < (quick ? 2 : G_N_ELEMENTS (queries)); q++)
    {
      g_autofree char *typed = NULL;
      const char *query = queries[q];

      gtk_editable_set_text (entry, "");
      test_ui_settle (GTK_WIDGET (window));

      for (const char *p = query; *p; p = g_utf8_next_char (p))
        {
          gunichar c = g_utf8_get_char (p);
          guint keysym = c < 128 ? keysym_for ((char) c) : gdk_unicode_to_keyval (c);
          gint64 sent;
          gboolean pause = FALSE;

          /* The X server may have no key for a letter such as ş; type only what it has. */
          if (keysym == 0 || XKeysymToKeycode (gdk_x11_display_get_xdisplay (gtk_widget_get_display (GTK_WIDGET (window))), keysym) == 0)
            continue;

          times.painted = times.searched = times.frame_started = 0;
          sent = g_get_monotonic_time ();
          test_ui_key (GTK_WIDGET (window), keysym, 0);
          TEST_UI_WAIT_UNTIL (times.painted != 0, 5000);

          {
            double search_ms = (times.searched - sent) / 1000.0;
            double frame_ms = (times.painted - sent) / 1000.0;
            double work_ms = search_ms + (times.painted - times.frame_started) / 1000.0;
            g_array_append_val (to_results, search_ms);
            g_array_append_val (to_frame, frame_ms);
            g_array_append_val (frame_work, work_ms);
          }

          /* A person types a few keys a second; the next key comes after a pause. */
          g_timeout_add (60, test_ui_flag_true, &pause);
          while (!pause)
            g_main_context_iteration (NULL, TRUE);
        }
    }

  command = g_strdup_printf ("  (%u key presses)", to_frame->len);
  g_print ("%s\n", command);
  /* The work a keystroke causes (search, rows, layout and drawing of the frame that shows the
   * results) must fit in one frame; on screen it then appears with the next frame, which GTK
   * times to the display's 60 Hz rhythm, so key to screen is the work plus up to one frame of
   * waiting for the next tick. */
  check ("  key to results updated, median", percentile (to_results, 0.5), quick ? 160 : 16, "ms");
  check ("  key to results updated, 95th percentile", percentile (to_results, 0.95), quick ? 160 : 16, "ms");
  check ("  work per keystroke (search, layout, paint), median", percentile (frame_work, 0.5), quick ? 160 : 16, "ms");
  check ("  work per keystroke, 95th percentile", percentile (frame_work, 0.95), quick ? 160 : 16, "ms");
  check ("  key to the frame on screen, median", percentile (to_frame, 0.5), quick ? 330 : 33, "ms");
  check ("  key to the frame on screen, 95th percentile", percentile (to_frame, 0.95), quick ? 330 : 33, "ms");

  g_signal_handler_disconnect (gtk_widget_get_frame_clock (GTK_WIDGET (window)), paint_id);
  g_signal_handler_disconnect (gtk_widget_get_frame_clock (GTK_WIDGET (window)), before_id);
  g_signal_handlers_disconnect_by_func (entry, changed_cb, &times);
  test_ui_destroy_window (window);

  /* Leave no 135 MB of synthetic JSON behind. */
  command = g_strdup_printf ("rm -rf '%s'", dir);
  g_spawn_command_line_sync (command, NULL, NULL, NULL, NULL);
}

static double
resident_mb (void)
{
  g_autofree char *statm = NULL;
  long pages_total = 0, pages_resident = 0;

  g_file_get_contents ("/proc/self/statm", &statm, NULL, NULL);
  sscanf (statm, "%ld %ld", &pages_total, &pages_resident);
  return pages_resident * (double) sysconf (_SC_PAGESIZE) / (1024.0 * 1024.0);
}

/* 3. A citizen's loop, over and over: search, open a service, back. */
static void
bench_memory (void)
{
  const char *queries[] = { "pensiya", "mehkumluq", "pasport", "arayis", "vergi", "sosial",
                            "uşaq", "kupça", "imtahan", "su" };
  BelWindow *window = test_ui_new_window (FALSE);
  BelFindPage *find = BEL_FIND_PAGE (bel_window_get_page (window, "find"));
  BelServicePage *service_page = BEL_SERVICE_PAGE (bel_window_get_page (window, "service"));
  int cycles = quick ? 200 : n_cycles;
  int step = quick ? 100 : 1000;
  double at_first_step = 0, at_second_step = 0, last = 0;

  g_print ("\nMemory over %d search-open-back cycles (bundled catalogue)\n", cycles);
  g_print ("  %-8s %8.1f MB resident\n", "start", resident_mb ());

  gtk_widget_activate_action (GTK_WIDGET (window), "nav.find", "s", "search");
  for (int i = 1; i <= cycles; i++)
    {
      GListModel *results;
      g_autoptr(BelService) first = NULL;

      bel_find_page_set_query (find, queries[i % G_N_ELEMENTS (queries)]);
      results = bel_find_page_get_results (find);
      g_assert_cmpuint (g_list_model_get_n_items (results), >, 0);
      gtk_test_widget_wait_for_draw (GTK_WIDGET (window));

      first = g_list_model_get_item (results, 0);
      gtk_widget_activate_action (GTK_WIDGET (window), "nav.service", "s", bel_service_get_id (first));
      g_assert_true (bel_service_page_get_service (service_page) == first);
      gtk_test_widget_wait_for_draw (GTK_WIDGET (window));

      gtk_widget_activate_action (GTK_WIDGET (window), "nav.back", NULL);
      gtk_test_widget_wait_for_draw (GTK_WIDGET (window));

      if (i % step == 0)
        {
          last = resident_mb ();
          g_print ("  %-8d %8.1f MB resident\n", i, last);
          if (i == step)
            at_first_step = last;
          if (i == 2 * step)
            at_second_step = last;
        }
    }

  check ("  resident after the first thousand cycles", at_first_step, quick ? 200 : 80, "MB");
  if (cycles >= 3 * step)
    check ("  growth from the second thousand to the last", last - at_second_step, quick ? 20 : 2, "MB");

  test_ui_destroy_window (window);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GOptionContext) context = g_option_context_new ("- the kiosk's speed and memory");
  g_autoptr(GError) error = NULL;
  int fake_argc = 1;
  char **fake_argv = argv;

  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("%s\n", error->message);
      return 2;
    }
  if (beledci_path == NULL || admin_path == NULL)
    {
      g_printerr ("--beledci and --admin are needed\n");
      return 2;
    }

  test_ui_init (&fake_argc, &fake_argv);

  if (quick)
    n_services = MIN (n_services, 2000);

  /* Memory before the big catalogue: the kiosk's own process never holds both. */
  if (only == NULL || g_str_equal (only, "startup"))
    bench_startup ();
  if (only == NULL || g_str_equal (only, "memory"))
    bench_memory ();
  if (only == NULL || g_str_equal (only, "keystroke"))
    bench_keystroke ();

  g_print ("\n%s\n", failed ? "Some measurements are over their budget." : "All within budget.");
  return failed ? 1 : 0;
}
