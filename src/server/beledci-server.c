/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "beledci-server"

#include "config.h"

#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <glib-unix.h>

#include "bel-server.h"

#define DEFAULT_LISTEN "127.0.0.1:8080"

/* Splits "HOST:PORT" (or "[V6]:PORT") into an IP address and a port. */
static gboolean
parse_listen (const char  *listen,
              char       **out_address,
              guint       *out_port,
              GError     **error)
{
  g_autofree char *host = NULL;
  const char *port_text;
  guint64 port;

  if (listen[0] == '[')
    {
      const char *close = strchr (listen, ']');
      if (close == NULL || close[1] != ':')
        goto invalid;
      host = g_strndup (listen + 1, (gsize)(close - listen - 1));
      port_text = close + 2;
    }
  else
    {
      const char *colon = strrchr (listen, ':');
      if (colon == NULL)
        goto invalid;
      host = g_strndup (listen, (gsize)(colon - listen));
      port_text = colon + 1;
    }
  if (!g_ascii_string_to_unsigned (port_text, 10, 0, 65535, &port, NULL))
    goto invalid;

  if (g_str_equal (host, "localhost"))
    {
      g_free (host);
      host = g_strdup ("127.0.0.1");
    }
  else if (g_str_equal (host, "") || g_str_equal (host, "*"))
    {
      g_free (host);
      host = g_strdup ("0.0.0.0");
    }
  if (!g_hostname_is_ip_address (host))
    goto invalid;

  *out_address = g_steal_pointer (&host);
  *out_port = (guint)port;
  return TRUE;

invalid:
  g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
               "--listen: expected HOST:PORT with an IP address, such as 127.0.0.1:8080, not “%s”",
               listen);
  return FALSE;
}

/* Each client holds a file descriptor while it is served: allow as many as the system lets
 * this process have (the soft limit is often 1,024). */
static void
raise_descriptor_limit (void)
{
  struct rlimit limit;

  if (getrlimit (RLIMIT_NOFILE, &limit) == 0 && limit.rlim_cur < limit.rlim_max)
    {
      limit.rlim_cur = limit.rlim_max;
      if (setrlimit (RLIMIT_NOFILE, &limit) != 0)
        g_debug ("Could not raise the limit of open files");
    }
}

static gboolean
quit_cb (gpointer user_data)
{
  g_main_loop_quit (user_data);
  return G_SOURCE_REMOVE;
}

/* Reads a whole number from the config, keeping @value when the key is absent. */
static gboolean
config_uint (GKeyFile    *config,
             const char  *key,
             guint64      max,
             guint64     *value,
             GError     **error)
{
  g_autofree char *text = g_key_file_get_value (config, "server", key, NULL);

  if (text == NULL)
    return TRUE;
  if (!g_ascii_string_to_unsigned (g_strstrip (text), 10, 1, max, value, NULL))
    {
      g_set_error (error, G_KEY_FILE_ERROR, G_KEY_FILE_ERROR_INVALID_VALUE,
                   "[server] %s: expected a whole number from 1 to %" G_GUINT64_FORMAT, key, max);
      return FALSE;
    }
  return TRUE;
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *listen = NULL;
  g_autofree char *data_dir = NULL;
  g_autofree char *bundle_dir = NULL;
  g_autofree char *config_path = NULL;
  g_autofree char *admin_token_sha256 = NULL;
  g_autofree char *address = NULL;
  gboolean version = FALSE;
  guint64 max_body_size = 0, header_timeout = 0, idle_timeout = 0;
  guint port = 0;
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GKeyFile) config = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(BelServer) server = NULL;
  g_autoptr(GMainLoop) loop = NULL;
  BelServerOptions options = { 0 };
  const GOptionEntry entries[] = {
    { "listen", 'l', 0, G_OPTION_ARG_STRING, &listen,
      "Address and port to listen on (default " DEFAULT_LISTEN "; port 0 picks one)", "HOST:PORT" },
    { "data-dir", 'd', 0, G_OPTION_ARG_FILENAME, &data_dir,
      "Where the server keeps its database (default: the current directory)", "DIR" },
    { "bundle-dir", 'b', 0, G_OPTION_ARG_FILENAME, &bundle_dir,
      "The published bundle to serve (default: DATA_DIR/bundle)", "DIR" },
    { "config", 'c', 0, G_OPTION_ARG_FILENAME, &config_path,
      "A configuration file ([server] group); the options above win over it", "FILE" },
    { "version", 0, 0, G_OPTION_ARG_NONE, &version, "Print the version and exit", NULL },
    { NULL }
  };

  setlocale (LC_ALL, "");
  /* Standard output carries only the "listening on" line; every log goes to standard error
   * (or the journal). */
  g_log_writer_default_set_use_stderr (TRUE);

  context = g_option_context_new (NULL);
  g_option_context_set_summary (context,
                                "Serves signed content bundles to Bələdçi kiosks and receives "
                                "their records.");
  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      fprintf (stderr, "beledci-server: %s\n", error->message);
      return 2;
    }
  if (version)
    {
      printf ("beledci-server %s\n", PACKAGE_VERSION);
      return 0;
    }

  config = g_key_file_new ();
  if (config_path != NULL)
    {
      if (!g_key_file_load_from_file (config, config_path, G_KEY_FILE_NONE, &error))
        {
          fprintf (stderr, "beledci-server: %s: %s\n", config_path, error->message);
          return 2;
        }
      if (listen == NULL)
        listen = g_key_file_get_string (config, "server", "listen", NULL);
      if (data_dir == NULL)
        data_dir = g_key_file_get_string (config, "server", "data-dir", NULL);
      if (bundle_dir == NULL)
        bundle_dir = g_key_file_get_string (config, "server", "bundle-dir", NULL);
      admin_token_sha256 = g_key_file_get_string (config, "server", "admin-token-sha256", NULL);
      if (!config_uint (config, "max-body-size", G_MAXINT32, &max_body_size, &error) ||
          !config_uint (config, "header-timeout", 3600, &header_timeout, &error) ||
          !config_uint (config, "idle-timeout", 3600, &idle_timeout, &error))
        {
          fprintf (stderr, "beledci-server: %s: %s\n", config_path, error->message);
          return 2;
        }
    }

  if (!parse_listen (listen ? listen : DEFAULT_LISTEN, &address, &port, &error))
    {
      fprintf (stderr, "beledci-server: %s\n", error->message);
      return 2;
    }

  raise_descriptor_limit ();

  options.data_dir = data_dir;
  options.bundle_dir = bundle_dir;
  options.max_body_size = (gsize)max_body_size;
  options.header_timeout = (guint)header_timeout;
  options.idle_timeout = (guint)idle_timeout;
  options.admin_token_sha256 = admin_token_sha256;

  server = bel_server_new (&options, &error);
  if (server == NULL)
    {
      fprintf (stderr, "beledci-server: %s\n", error->message);
      return 1;
    }
  if (!bel_server_listen (server, address, port, &error))
    {
      fprintf (stderr, "beledci-server: cannot listen on %s:%u: %s\n", address, port,
               error->message);
      return 1;
    }

  /* Tests and scripts read the chosen port from this line. */
  if (strchr (address, ':') != NULL)
    printf ("listening on http://[%s]:%u/\n", address, bel_server_get_port (server));
  else
    printf ("listening on http://%s:%u/\n", address, bel_server_get_port (server));
  fflush (stdout);
  g_message ("Listening on %s port %u", address, bel_server_get_port (server));

  loop = g_main_loop_new (NULL, FALSE);
  g_unix_signal_add (SIGTERM, quit_cb, loop);
  g_unix_signal_add (SIGINT, quit_cb, loop);
  g_main_loop_run (loop);

  g_message ("Stopping");
  return 0;
}
