/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "bench-server"

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <unistd.h>
#include <arpa/inet.h>
#include <glib/gstdio.h>
#include <libsoup/soup.h>

#include "bel-fleet.h"

/* The server under load: 1,000 kiosks polling the manifest with a conditional GET (304) while
 * 200 others post record batches, all against the real beledci-server on loopback, each kiosk
 * on a connection of its own (the server closes every connection after its answer).
 *
 *   bench-server [--mode sustained|burst|both] [--pollers 1000] [--posters 200] [--batch 50]
 *                [--rate 0.5] [--duration 10] [--rounds 5] [--json]
 *
 *   sustained: all the kiosks at once, each sending --rate requests a second at its own random
 *     moment, for --duration seconds (open loop: a request's latency counts from when it was
 *     due, so a server that falls behind is charged for the wait). At 0.5 a second that is
 *     600 requests and 5,000 records a second, some 450 times what 1,200 kiosks syncing every
 *     15 minutes send. Judged: p99 under 50 ms and no errors.
 *   burst: every kiosk sends at the same instant, 1,200 new connections at once. This measures
 *     how long the server takes to drain such a wave (it serves ~11,000 polls a second on one
 *     core), so its p99 is hundreds of ms; reported, and judged only with --mode burst.
 *
 * The client is a single epoll loop with pre-built requests, so that it measures the server
 * and not itself. It needs BELEDCI_BUILD_DIR (to find the server and the admin tool). Exits 1
 * if a judged phase had errors or a p99 of 50 ms or more. */

#define P99_BUDGET_MS 50.0

typedef enum { KIND_POLL, KIND_POST } Kind;

typedef struct {
  int      fd;
  Kind     kind;
  char    *token;
  GString *out;          /* the request being sent */
  gsize    sent;
  GString *in;           /* the answer so far */
  gint64   due;          /* when the current request was due (monotonic, µs) */
  gboolean busy;
  gint64   next_due;     /* open loop: when the next request is due */
  guint    n;            /* requests sent on this connection */
} Conn;

typedef struct {
  GArray *poll_ms;
  GArray *post_ms;
  guint   errors;
  guint   records;
} Stats;

static char *etag;
static guint port;

static int
cmp_double (gconstpointer a,
            gconstpointer b)
{
  double x = *(const double *)a, y = *(const double *)b;
  return x < y ? -1 : x > y;
}

static double
percentile (GArray *values,
            double  p)
{
  gsize i;

  if (values->len == 0)
    return 0;
  g_array_sort (values, cmp_double);
  i = (gsize)(p / 100.0 * (values->len - 1) + 0.5);
  return g_array_index (values, double, MIN (i, values->len - 1));
}

static void
die_with_parent (gpointer data)
{
  struct rlimit limit;

  prctl (PR_SET_PDEATHSIG, SIGTERM);
  /* 1,200 kept-alive connections need more descriptors than the usual soft limit. */
  if (getrlimit (RLIMIT_NOFILE, &limit) == 0)
    {
      limit.rlim_cur = limit.rlim_max;
      setrlimit (RLIMIT_NOFILE, &limit);
    }
}

static char *
run (const char * const *argv)
{
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GSubprocess) proc = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *err = NULL;
  char *out = NULL;

  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE |
                                        G_SUBPROCESS_FLAGS_STDERR_PIPE);
  proc = g_subprocess_launcher_spawnv (launcher, argv, &error);
  if (proc == NULL || !g_subprocess_communicate_utf8 (proc, NULL, NULL, &out, &err, &error))
    g_error ("%s: %s", argv[0], error->message);
  if (g_subprocess_get_exit_status (proc) != 0)
    g_error ("%s %s failed: %s", argv[0], argv[1], err);
  return out;
}

static GSubprocess *
start_server (const char *build_dir,
              const char *data_dir)
{
  g_autofree char *server = g_build_filename (build_dir, "src", "server", "beledci-server",
                                              NULL);
  const char *argv[] = { server, "--listen", "127.0.0.1:0", "--data-dir", data_dir, NULL };
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GDataInputStream) out = NULL;
  g_autoptr(GError) error = NULL;
  GSubprocess *proc;

  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE |
                                        G_SUBPROCESS_FLAGS_STDERR_SILENCE);
  g_subprocess_launcher_set_child_setup (launcher, die_with_parent, NULL, NULL);
  proc = g_subprocess_launcher_spawnv (launcher, argv, &error);
  if (proc == NULL)
    g_error ("%s: %s", server, error->message);
  out = g_data_input_stream_new (g_subprocess_get_stdout_pipe (proc));
  g_filter_input_stream_set_close_base_stream (G_FILTER_INPUT_STREAM (out), FALSE);
  for (;;)
    {
      g_autofree char *line = g_data_input_stream_read_line_utf8 (out, NULL, NULL, &error);
      const char *colon;

      if (line == NULL)
        g_error ("beledci-server exited before listening");
      if (g_str_has_prefix (line, "listening on ") && (colon = strrchr (line, ':')) != NULL)
        {
          port = (guint)g_ascii_strtoull (colon + 1, NULL, 10);
          return proc;
        }
    }
}

static void
remove_tree (const char *dir)
{
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  const char *name;

  while (d != NULL && (name = g_dir_read_name (d)) != NULL)
    {
      g_autofree char *path = g_build_filename (dir, name, NULL);

      if (g_file_test (path, G_FILE_TEST_IS_DIR) && !g_file_test (path, G_FILE_TEST_IS_SYMLINK))
        remove_tree (path);
      else
        g_remove (path);
    }
  g_rmdir (dir);
}

/* A new non-blocking connection; the connect completes in the event loop. The server closes
 * every connection after its answer (one request per connection), as a kiosk's would be. */
static int
connect_start (void)
{
  struct sockaddr_in addr = { 0, };
  int fd = socket (AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0);
  int one = 1;

  addr.sin_family = AF_INET;
  addr.sin_port = htons (port);
  addr.sin_addr.s_addr = htonl (INADDR_LOOPBACK);
  if (fd < 0)
    g_error ("socket: %s", g_strerror (errno));
  setsockopt (fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
  if (connect (fd, (struct sockaddr *)&addr, sizeof addr) != 0 && errno != EINPROGRESS)
    g_error ("connect: %s", g_strerror (errno));
  return fd;
}

static void
build_request (Conn  *c,
               guint  batch)
{
  g_string_truncate (c->out, 0);
  c->sent = 0;
  if (c->kind == KIND_POLL)
    {
      g_string_append_printf (c->out,
                              "GET /v1/manifest.json HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                              "If-None-Match: %s\r\n\r\n", etag);
      return;
    }
  else
    {
      g_autoptr(GString) body = g_string_new ("{\"records\":[");

      for (guint i = 0; i < batch; i++)
        {
          g_autofree char *uuid = g_uuid_string_random ();

          g_string_append_printf (body, "%s{\"uuid\":\"%s\",\"kind\":\"service-viewed\","
                                  "\"created\":\"2026-11-28T14:00:00Z\",\"body\":"
                                  "{\"service\":\"tax-id-certificate\",\"lang\":\"az\"}}",
                                  i ? "," : "", uuid);
        }
      g_string_append (body, "]}");
      g_string_append_printf (c->out,
                              "POST /v1/records HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                              "Authorization: Bearer %s\r\nContent-Type: application/json\r\n"
                              "Content-Length: %" G_GSIZE_FORMAT "\r\n\r\n%s",
                              c->token, body->len, body->str);
    }
}

/* Whether c->in holds a whole answer; sets @status. */
static gboolean
answer_complete (Conn  *c,
                 guint *status)
{
  const char *end = g_strstr_len (c->in->str, c->in->len, "\r\n\r\n");
  const char *cl;
  gsize length = 0;

  if (end == NULL)
    return FALSE;
  *status = (guint)g_ascii_strtoull (c->in->str + 9, NULL, 10);
  cl = g_strstr_len (c->in->str, end - c->in->str, "Content-Length: ");
  if (cl != NULL)
    length = g_ascii_strtoull (cl + 16, NULL, 10);
  return c->in->len >= (gsize)(end + 4 - c->in->str) + length;
}

static void
record (Stats *stats,
        Conn  *c,
        guint  status,
        guint  batch)
{
  double ms = (g_get_monotonic_time () - c->due) / 1000.0;

  if (c->kind == KIND_POLL)
    {
      if (status != 304)
        stats->errors++;
      g_array_append_val (stats->poll_ms, ms);
    }
  else
    {
      if (status != 200)
        stats->errors++;
      else
        stats->records += batch;
      g_array_append_val (stats->post_ms, ms);
    }
}

/* Pushes the request out; returns FALSE if the connection failed. */
static gboolean
flush_out (Conn *c)
{
  while (c->sent < c->out->len)
    {
      ssize_t n = send (c->fd, c->out->str + c->sent, c->out->len - c->sent, MSG_NOSIGNAL);

      if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK))
        return TRUE;
      if (n <= 0)
        return FALSE;
      c->sent += n;
    }
  return TRUE;
}

/* Reads what is there; returns FALSE if the connection failed, TRUE with @done when a whole
 * answer is in. */
static gboolean
read_in (Conn     *c,
         gboolean *done,
         guint    *status)
{
  char buffer[16384];

  *done = FALSE;
  for (;;)
    {
      ssize_t n = recv (c->fd, buffer, sizeof buffer, 0);

      if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK))
        break;
      if (n <= 0)
        {
          *done = answer_complete (c, status);
          return *done;
        }
      g_string_append_len (c->in, buffer, n);
    }
  *done = answer_complete (c, status);
  return TRUE;
}

static void
start_request (int    ep,
               Conn  *conns,
               Conn  *c,
               gint64 due)
{
  struct epoll_event ev = { .events = EPOLLIN | EPOLLOUT | EPOLLRDHUP | EPOLLET,
                            .data.u32 = (guint32)(c - conns) };

  c->due = due;
  c->busy = TRUE;
  c->n++;
  c->sent = 0;
  g_string_truncate (c->in, 0);
  c->fd = connect_start ();
  if (epoll_ctl (ep, EPOLL_CTL_ADD, c->fd, &ev) != 0)
    g_error ("epoll_ctl: %s", g_strerror (errno));
}

/* Moves a request on; returns TRUE once its answer is complete (or it failed). */
static gboolean
handle_event (int    ep,
              Conn  *conns,
              Conn  *c,
              Stats *stats,
              guint  batch)
{
  gboolean done = FALSE;
  guint status = 0;

  if (!c->busy)
    return FALSE;
  if (!flush_out (c) || !read_in (c, &done, &status))
    {
      g_printerr ("bench-server: %s request %u on kiosk %d failed: %s (got “%.80s”)\n",
                  c->kind == KIND_POLL ? "a poll" : "a batch", c->n, (int)(c - conns),
                  g_strerror (errno), c->in->str);
      stats->errors++;
      done = TRUE;
      status = 0;
      c->kind == KIND_POLL ? g_array_append_val (stats->poll_ms, (double){ 0 })
                           : g_array_append_val (stats->post_ms, (double){ 0 });
    }
  else if (done)
    record (stats, c, status, batch);
  if (!done)
    return FALSE;

  epoll_ctl (ep, EPOLL_CTL_DEL, c->fd, NULL);
  close (c->fd);
  c->fd = -1;
  c->busy = FALSE;
  return TRUE;
}

static Stats
stats_new (void)
{
  Stats stats = { g_array_new (FALSE, FALSE, sizeof (double)),
                  g_array_new (FALSE, FALSE, sizeof (double)), 0, 0 };
  return stats;
}

static void
stats_clear (Stats *stats)
{
  g_array_unref (stats->poll_ms);
  g_array_unref (stats->post_ms);
}

static gboolean
within_budget (Stats *stats)
{
  return stats->errors == 0 &&
         percentile (stats->poll_ms, 99) < P99_BUDGET_MS &&
         percentile (stats->post_ms, 99) < P99_BUDGET_MS;
}

/* Bursts: every kiosk sends at the same instant; the round ends when all are answered. */
static gint64
run_bursts (int    ep,
            Conn  *conns,
            int    n_conns,
            int    rounds,
            int    batch,
            Stats *stats)
{
  gint64 started = g_get_monotonic_time ();
  gint64 paused = 0;

  for (int r = 0; r < rounds; r++)
    {
      int pending = n_conns;
      gint64 now;

      for (int i = 0; i < n_conns; i++)
        build_request (&conns[i], batch);
      now = g_get_monotonic_time ();
      for (int i = 0; i < n_conns; i++)
        start_request (ep, conns, &conns[i], now);

      while (pending > 0)
        {
          struct epoll_event events[256];
          int n = epoll_wait (ep, events, G_N_ELEMENTS (events), 10000);

          if (n <= 0)
            g_error ("the server stopped answering (%d requests outstanding)", pending);
          for (int e = 0; e < n; e++)
            if (handle_event (ep, conns, &conns[events[e].data.u32], stats, batch))
              pending--;
        }
      /* Let the server's writer settle between rounds. */
      g_usleep (100000);
      paused += 100000;
    }
  return g_get_monotonic_time () - started - paused;
}

/* Open loop: each kiosk on its own schedule, at random phases; a request's latency counts
 * from when it was due, so a server that falls behind is charged for the wait. */
static gint64
run_open_loop (int     ep,
               Conn   *conns,
               int     n_conns,
               double  rate,
               int     duration,
               int     batch,
               Stats  *stats)
{
  gint64 started = g_get_monotonic_time ();
  gint64 end = started + (gint64)duration * G_USEC_PER_SEC;
  gint64 period = (gint64)(G_USEC_PER_SEC / rate);

  for (int i = 0; i < n_conns; i++)
    conns[i].next_due = started + g_random_int_range (0, (gint32)MAX (period, 1));

  for (;;)
    {
      struct epoll_event events[256];
      gint64 now = g_get_monotonic_time ();
      gint64 next = G_MAXINT64;
      gboolean any_busy = FALSE;
      int n;

      for (int i = 0; i < n_conns; i++)
        {
          Conn *c = &conns[i];

          if (!c->busy && c->next_due <= now && c->next_due < end)
            {
              build_request (c, batch);
              start_request (ep, conns, c, c->next_due);
              c->next_due += period;
            }
          if (c->busy)
            any_busy = TRUE;
          else if (c->next_due < end)
            next = MIN (next, c->next_due);
        }
      if (!any_busy && next == G_MAXINT64)
        break;

      n = epoll_wait (ep, events, G_N_ELEMENTS (events),
                      next == G_MAXINT64 ? 10000 : (int)MAX (0, (next - now + 999) / 1000));
      if (n < 0)
        g_error ("epoll_wait: %s", g_strerror (errno));
      for (int e = 0; e < n; e++)
        handle_event (ep, conns, &conns[events[e].data.u32], stats, batch);
    }
  return g_get_monotonic_time () - started;
}

static void
report (Stats      *stats,
        const char *mode,
        int         pollers,
        int         posters,
        int         batch,
        double      rate,
        int         duration,
        int         rounds,
        gint64      elapsed,
        gboolean    json)
{
  guint requests = stats->poll_ms->len + stats->post_ms->len;

  if (json)
    {
      printf ("{\"mode\":\"%s\",\"pollers\":%d,\"posters\":%d,\"batch\":%d,"
              "\"requests\":%u,\"errors\":%u,\"records_stored\":%u,\"seconds\":%.2f,"
              "\"poll_ms\":{\"p50\":%.2f,\"p99\":%.2f,\"max\":%.2f},"
              "\"post_ms\":{\"p50\":%.2f,\"p99\":%.2f,\"max\":%.2f}}\n",
              mode, pollers, posters, batch, requests, stats->errors, stats->records,
              elapsed / 1e6,
              percentile (stats->poll_ms, 50), percentile (stats->poll_ms, 99),
              percentile (stats->poll_ms, 100), percentile (stats->post_ms, 50),
              percentile (stats->post_ms, 99), percentile (stats->post_ms, 100));
      return;
    }

  printf ("%s: %d kiosks polling the manifest (If-None-Match, 304), %d posting batches of "
          "%d records\n", mode, pollers, posters, batch);
  if (g_str_equal (mode, "sustained"))
    printf ("  all at once, each sending %.2f requests a second at its own moment, for %d s\n",
            rate, duration);
  else
    printf ("  %d rounds of %d requests sent at the same instant (judged only with "
            "--mode burst)\n", rounds, pollers + posters);
  printf ("  %u requests in %.2f s (%.0f a second), %u errors, %u records stored\n",
          requests, elapsed / 1e6, requests / (elapsed / 1e6), stats->errors, stats->records);
  printf ("  manifest poll: p50 %6.2f ms  p90 %6.2f ms  p99 %6.2f ms  max %6.2f ms\n",
          percentile (stats->poll_ms, 50), percentile (stats->poll_ms, 90),
          percentile (stats->poll_ms, 99), percentile (stats->poll_ms, 100));
  printf ("  record batch:  p50 %6.2f ms  p90 %6.2f ms  p99 %6.2f ms  max %6.2f ms\n",
          percentile (stats->post_ms, 50), percentile (stats->post_ms, 90),
          percentile (stats->post_ms, 99), percentile (stats->post_ms, 100));
}

int
main (int   argc,
      char *argv[])
{
  int pollers = 1000, posters = 200, batch = 50, rounds = 5, duration = 10;
  double rate = 0.5;
  gboolean json = FALSE;
  gboolean failed = FALSE;
  g_autofree char *mode = NULL;
  GOptionEntry entries[] = {
    { "pollers", 0, 0, G_OPTION_ARG_INT, &pollers, "Kiosks polling the manifest", "N" },
    { "posters", 0, 0, G_OPTION_ARG_INT, &posters, "Kiosks posting record batches", "N" },
    { "batch", 0, 0, G_OPTION_ARG_INT, &batch, "Records in each batch", "N" },
    { "mode", 0, 0, G_OPTION_ARG_STRING, &mode, "sustained, burst or both (default)", "MODE" },
    { "rate", 0, 0, G_OPTION_ARG_DOUBLE, &rate, "Requests a second per kiosk (sustained)", "R" },
    { "duration", 0, 0, G_OPTION_ARG_INT, &duration, "Seconds (sustained)", "S" },
    { "rounds", 0, 0, G_OPTION_ARG_INT, &rounds, "Rounds (burst)", "N" },
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, "Print JSON", NULL },
    { NULL }
  };
  g_autoptr(GOptionContext) context = g_option_context_new ("");
  g_autoptr(GError) error = NULL;
  const char *build_dir = g_getenv ("BELEDCI_BUILD_DIR");
  g_autofree char *dir = NULL;
  g_autofree char *admin = NULL;
  g_autofree char *keys = NULL;
  g_autofree char *bundle = NULL;
  g_autofree char *secret = NULL;
  g_autoptr(GSubprocess) server = NULL;
  g_autoptr(GPtrArray) tokens = g_ptr_array_new_with_free_func (g_free);
  Conn *conns;
  int n_conns, ep;
  struct rlimit limit;

  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      fprintf (stderr, "bench-server: %s\n", error->message);
      return 2;
    }
  if (build_dir == NULL)
    {
      fprintf (stderr, "bench-server: set BELEDCI_BUILD_DIR\n");
      return 2;
    }
  if (mode == NULL)
    mode = g_strdup ("both");
  if (!g_str_equal (mode, "sustained") && !g_str_equal (mode, "burst") &&
      !g_str_equal (mode, "both"))
    {
      fprintf (stderr, "bench-server: --mode is sustained, burst or both\n");
      return 2;
    }
  if (rate <= 0 || duration <= 0 || rounds <= 0 || pollers < 0 || posters < 0 || batch < 1 ||
      batch > 500)
    {
      fprintf (stderr, "bench-server: invalid numbers\n");
      return 2;
    }
  if (getrlimit (RLIMIT_NOFILE, &limit) == 0)
    {
      limit.rlim_cur = limit.rlim_max;
      setrlimit (RLIMIT_NOFILE, &limit);
    }
  signal (SIGPIPE, SIG_IGN);

  /* A server with a published bundle and `posters` enrolled kiosks. */
  dir = g_dir_make_tmp ("bench-server-XXXXXX", &error);
  g_assert_no_error (error);
  admin = g_build_filename (build_dir, "src", "admin", "beledci-admin", NULL);
  keys = g_build_filename (dir, "keys", NULL);
  bundle = g_build_filename (dir, "bundle", NULL);
  g_free (run ((const char *[]) { admin, "keygen", "--out", keys, NULL }));
  {
    g_autoptr(GDir) d = g_dir_open (keys, 0, NULL);
    const char *name;

    while ((name = g_dir_read_name (d)) != NULL)
      if (!g_str_has_suffix (name, ".pub"))
        secret = g_build_filename (keys, name, NULL);
  }
  g_free (run ((const char *[]) { admin, "publish", "--key", secret, "--out", bundle, NULL }));
  {
    g_autofree char *db_path = g_build_filename (dir, "server.db", NULL);
    g_autoptr(BelDatabase) db = bel_database_open_at_version (db_path, 0, &error);
    g_autoptr(BelFleet) fleet = NULL;

    g_assert_no_error (error);
    fleet = bel_fleet_new (db, &error);
    g_assert_no_error (error);
    for (int i = 0; i < posters; i++)
      {
        g_autofree char *name = g_strdup_printf ("bench-%04d", i);
        char *token = bel_fleet_add_kiosk (fleet, name, FALSE, &error);

        g_assert_no_error (error);
        g_ptr_array_add (tokens, token);
      }
  }
  server = start_server (build_dir, dir);

  /* The manifest's ETag, for the conditional GETs. */
  {
    g_autoptr(SoupSession) session = soup_session_new_with_options ("proxy-resolver", NULL,
                                                                    NULL);
    g_autofree char *url = g_strdup_printf ("http://127.0.0.1:%u/v1/manifest.json", port);
    g_autoptr(SoupMessage) msg = soup_message_new ("GET", url);
    g_autoptr(GBytes) body = soup_session_send_and_read (session, msg, NULL, &error);

    g_assert_no_error (error);
    g_assert_cmpuint (soup_message_get_status (msg), ==, 200);
    etag = g_strdup (soup_message_headers_get_one (soup_message_get_response_headers (msg),
                                                   "ETag"));
    g_assert_nonnull (etag);
  }

  n_conns = pollers + posters;
  conns = g_new0 (Conn, n_conns);
  ep = epoll_create1 (0);
  for (int i = 0; i < n_conns; i++)
    {
      conns[i].kind = i < pollers ? KIND_POLL : KIND_POST;
      conns[i].token = i < pollers ? NULL : g_ptr_array_index (tokens, i - pollers);
      conns[i].out = g_string_new (NULL);
      conns[i].in = g_string_new (NULL);
      conns[i].fd = -1;
    }

  /* Latencies on a shared machine say little without its load. */
  {
    g_autofree char *loadavg = NULL;

    if (!json && g_file_get_contents ("/proc/loadavg", &loadavg, NULL, NULL))
      printf ("load average before the run: %.*s\n", (int)strcspn (loadavg, "\n"), loadavg);
  }

  if (g_str_equal (mode, "sustained") || g_str_equal (mode, "both"))
    {
      Stats stats = stats_new ();
      gint64 elapsed = run_open_loop (ep, conns, n_conns, rate, duration, batch, &stats);

      report (&stats, "sustained", pollers, posters, batch, rate, duration, rounds, elapsed,
              json);
      failed |= !within_budget (&stats);
      stats_clear (&stats);
    }
  if (g_str_equal (mode, "burst") || g_str_equal (mode, "both"))
    {
      Stats stats = stats_new ();
      gint64 elapsed = run_bursts (ep, conns, n_conns, rounds, batch, &stats);

      report (&stats, "burst", pollers, posters, batch, rate, duration, rounds, elapsed, json);
      /* Judged only when asked for alone: see the comment at the top. */
      if (g_str_equal (mode, "burst"))
        failed |= !within_budget (&stats);
      else
        failed |= stats.errors > 0;
      stats_clear (&stats);
    }

  g_subprocess_send_signal (server, SIGTERM);
  g_subprocess_wait (server, NULL, NULL);
  for (int i = 0; i < n_conns; i++)
    {
      g_string_free (conns[i].out, TRUE);
      g_string_free (conns[i].in, TRUE);
    }
  g_free (conns);
  remove_tree (dir);

  return failed ? 1 : 0;
}
