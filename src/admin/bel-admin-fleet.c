/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "bel-admin-fleet"

#include "config.h"

#include <stdio.h>
#include <string.h>
#include <libsoup/soup.h>
#include <json-glib/json-glib.h>

#include "bel-admin.h"
#include "bel-fleet.h"
#include "bel-json.h"

/* `beledci-admin kiosk ...`, `fleet` and `admin-token`: enrolling kiosks and watching them
 * (docs/sync-protocol.md, section 2.8). Each command works either on the server machine,
 * straight on the server's database (--data-dir), or from anywhere over HTTP with the admin
 * token (--server). */

#define SERVER_DB_NAME     "server.db"
#define ADMIN_TOKEN_PREFIX "bela_"
#define MAX_ANSWER_SIZE    (16 * 1024 * 1024)

typedef struct {
  char     *server;
  char     *data_dir;
  char     *token_file;
  gboolean  json;
  gboolean  new_token;
  int       stale_after;   /* hours */
} Options;

static void
options_clear (Options *o)
{
  g_free (o->server);
  g_free (o->data_dir);
  g_free (o->token_file);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Options, options_clear)

static BelFleet *
open_fleet (const char  *data_dir,
            GError     **error)
{
  g_autofree char *path = g_build_filename (data_dir, SERVER_DB_NAME, NULL);
  g_autoptr(BelDatabase) db = NULL;

  /* The server's database holds no kiosk content: open it without the kiosk's migrations;
   * the fleet keeps its own schema version. */
  db = bel_database_open_at_version (path, 0, error);
  if (db == NULL)
    return NULL;
  return bel_fleet_new (db, error);
}

static char *
read_admin_token (const Options  *o,
                  GError        **error)
{
  g_autofree char *contents = NULL;
  const char *env = g_getenv ("BELEDCI_ADMIN_TOKEN");

  if (o->token_file != NULL)
    {
      if (!g_file_get_contents (o->token_file, &contents, NULL, error))
        return NULL;
      g_strstrip (contents);
      if (strchr (contents, '\n') != NULL)
        *strchr (contents, '\n') = '\0';
      return g_steal_pointer (&contents);
    }
  if (env != NULL && *env != '\0')
    return g_strstrip (g_strdup (env));

  g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                       "no admin token: give --admin-token-file FILE or set BELEDCI_ADMIN_TOKEN "
                       "(or work on the server's database with --data-dir DIR)");
  return NULL;
}

/* One request to the server's operator API. Returns the parsed answer (NULL for a body that is
 * not JSON) and the status; fails only if the server could not be reached. */
static gboolean
admin_request (const Options  *o,
               const char     *method,
               const char     *path,
               JsonNode       *body,
               guint          *status,
               JsonNode      **answer,
               char          **text,
               GError        **error)
{
  g_autoptr(SoupSession) session = NULL;
  g_autoptr(SoupMessage) msg = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autofree char *token = NULL;
  g_autofree char *auth = NULL;
  g_autofree char *url = NULL;
  gsize len = strlen (o->server);

  token = read_admin_token (o, error);
  if (token == NULL)
    return FALSE;

  while (len > 0 && o->server[len - 1] == '/')
    len--;
  url = g_strdup_printf ("%.*s%s", (int)len, o->server, path);
  msg = soup_message_new (method, url);
  if (msg == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   "“%s” is not a valid server URL", o->server);
      return FALSE;
    }
  auth = g_strconcat ("Bearer ", token, NULL);
  soup_message_headers_replace (soup_message_get_request_headers (msg), "Authorization", auth);
  if (body != NULL)
    {
      char *data = json_to_string (body, FALSE);
      g_autoptr(GBytes) request = g_bytes_new_take (data, strlen (data));

      soup_message_set_request_body_from_bytes (msg, "application/json", request);
    }

  session = soup_session_new_with_options ("timeout", 30, "user-agent",
                                           "beledci-admin/" PACKAGE_VERSION, NULL);
  bytes = soup_session_send_and_read (session, msg, NULL, error);
  if (bytes == NULL)
    {
      g_prefix_error (error, "%s: ", url);
      return FALSE;
    }

  *status = soup_message_get_status (msg);
  *answer = bel_json_parse_bytes (bytes, MAX_ANSWER_SIZE, 16, NULL);
  if (text != NULL)
    {
      gsize size = 0;
      const char *data = g_bytes_get_data (bytes, &size);

      *text = g_strstrip (g_strndup (data, size));
    }
  return TRUE;
}

static void
print_node (JsonNode *node)
{
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autofree char *text = NULL;

  json_generator_set_root (generator, node);
  json_generator_set_pretty (generator, TRUE);
  text = json_generator_to_data (generator, NULL);
  printf ("%s\n", text);
}

static gboolean
parse_options (int            *argc,
               char         ***argv,
               const char     *usage,
               Options        *o,
               gboolean        with_new_token,
               gboolean        with_stale,
               GError        **error)
{
  g_autoptr(GOptionContext) context = g_option_context_new (usage);
  GOptionEntry entries[] = {
    { "server", 0, 0, G_OPTION_ARG_STRING, &o->server,
      "The server’s URL", "URL" },
    { "data-dir", 0, 0, G_OPTION_ARG_FILENAME, &o->data_dir,
      "Work on the server’s database in DIR (on the server machine)", "DIR" },
    { "admin-token-file", 0, 0, G_OPTION_ARG_FILENAME, &o->token_file,
      "Read the admin token from FILE (else $BELEDCI_ADMIN_TOKEN)", "FILE" },
    { "json", 0, 0, G_OPTION_ARG_NONE, &o->json, "Print JSON", NULL },
    { NULL }
  };
  GOptionEntry new_token_entries[] = {
    { "new-token", 0, 0, G_OPTION_ARG_NONE, &o->new_token,
      "Give an enrolled kiosk a new token (its old one stops working)", NULL },
    { NULL }
  };
  GOptionEntry stale_entries[] = {
    { "stale-after", 0, 0, G_OPTION_ARG_INT, &o->stale_after,
      "Mark kiosks not heard from for HOURS as stale (default 24)", "HOURS" },
    { NULL }
  };

  o->stale_after = 24;
  g_option_context_add_main_entries (context, entries, NULL);
  if (with_new_token)
    g_option_context_add_main_entries (context, new_token_entries, NULL);
  if (with_stale)
    g_option_context_add_main_entries (context, stale_entries, NULL);
  return g_option_context_parse (context, argc, argv, error);
}

static int
fail_from_answer (guint       status,
                  const char *text)
{
  if (status == SOUP_STATUS_UNAUTHORIZED)
    return bel_admin_fail (1, "the server refused the admin token (401)");
  return bel_admin_fail (1, "the server answered %u: %s", status,
                         text && *text ? text : soup_status_get_phrase (status));
}

/* kiosk add */

static void
print_enrolment (const char *name,
                 const char *server,
                 const char *token,
                 gboolean    json)
{
  if (json)
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();
      g_autoptr(JsonNode) root = NULL;

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "name");
      json_builder_add_string_value (builder, name);
      json_builder_set_member_name (builder, "server_url");
      json_builder_add_string_value (builder, server);
      json_builder_set_member_name (builder, "token");
      json_builder_add_string_value (builder, token);
      json_builder_end_object (builder);
      root = json_builder_get_root (builder);
      print_node (root);
      return;
    }

  printf ("Kiosk “%s” is enrolled. Its token is shown only this once; the server keeps only a\n"
          "hash of it.\n\n"
          "  %s\n\n"
          "On the kiosk, as the user that runs it:\n\n"
          "  gsettings set io.github.beledci.Kiosk server-url '%s'\n"
          "  gsettings set io.github.beledci.Kiosk kiosk-token '%s'\n\n"
          "or, for every user, as a dconf keyfile (e.g. /etc/dconf/db/local.d/50-beledci, then\n"
          "run `dconf update`):\n\n"
          "  [io/github/beledci/Kiosk]\n"
          "  server-url='%s'\n"
          "  kiosk-token='%s'\n",
          name, token, server, token, server, token);
}

static int
kiosk_add (int    argc,
           char **argv)
{
  g_auto(Options) o = { 0, };
  g_autoptr(GError) error = NULL;
  g_autofree char *token = NULL;
  const char *name;

  if (!parse_options (&argc, &argv, "NAME", &o, TRUE, FALSE, &error))
    return bel_admin_fail (2, "%s", error->message);
  if (argc != 2)
    return bel_admin_fail (2, "usage: kiosk add NAME --server URL [--data-dir DIR] "
                              "[--new-token] [--json]");
  if (o.server == NULL)
    return bel_admin_fail (2, "kiosk add needs --server URL: it goes into the kiosk’s settings");
  name = argv[1];
  if (!bel_fleet_name_is_valid (name))
    return bel_admin_fail (2, "“%s” is not a valid kiosk name: use letters, digits, “-”, “_” "
                              "and “.”, at most %d", name, BEL_FLEET_MAX_NAME_LEN);

  if (o.data_dir != NULL)
    {
      g_autoptr(BelFleet) fleet = open_fleet (o.data_dir, &error);

      if (fleet == NULL)
        return bel_admin_fail (1, "%s", error->message);
      token = bel_fleet_add_kiosk (fleet, name, o.new_token, &error);
      if (token == NULL)
        return bel_admin_fail (1, "%s", error->message);
    }
  else
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();
      g_autoptr(JsonNode) body = NULL;
      g_autoptr(JsonNode) answer = NULL;
      g_autofree char *text = NULL;
      guint status = 0;
      JsonNode *member;

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "name");
      json_builder_add_string_value (builder, name);
      json_builder_set_member_name (builder, "new_token");
      json_builder_add_boolean_value (builder, o.new_token);
      json_builder_end_object (builder);
      body = json_builder_get_root (builder);

      if (!admin_request (&o, SOUP_METHOD_POST, "/v1/kiosks", body, &status, &answer, &text,
                          &error))
        return bel_admin_fail (1, "%s", error->message);
      if (!SOUP_STATUS_IS_SUCCESSFUL (status))
        return fail_from_answer (status, text);
      member = answer && JSON_NODE_HOLDS_OBJECT (answer)
        ? json_object_get_member (json_node_get_object (answer), "token") : NULL;
      if (member == NULL || json_node_get_value_type (member) != G_TYPE_STRING)
        return bel_admin_fail (1, "the server’s answer has no token");
      token = g_strdup (json_node_get_string (member));
    }

  print_enrolment (name, o.server, token, o.json);
  return 0;
}

/* kiosk list and fleet */

static JsonNode *
load_fleet (const Options  *o,
            int            *exit_status)
{
  g_autoptr(GError) error = NULL;

  *exit_status = 0;
  if (o->data_dir != NULL)
    {
      g_autoptr(BelFleet) fleet = open_fleet (o->data_dir, &error);
      JsonNode *node;

      if (fleet == NULL || (node = bel_fleet_to_json (fleet, &error)) == NULL)
        {
          *exit_status = bel_admin_fail (1, "%s", error->message);
          return NULL;
        }
      return node;
    }
  else if (o->server != NULL)
    {
      g_autoptr(JsonNode) answer = NULL;
      g_autofree char *text = NULL;
      guint status = 0;

      if (!admin_request (o, SOUP_METHOD_GET, "/v1/fleet", NULL, &status, &answer, &text,
                          &error))
        {
          *exit_status = bel_admin_fail (1, "%s", error->message);
          return NULL;
        }
      if (status != SOUP_STATUS_OK)
        {
          *exit_status = fail_from_answer (status, text);
          return NULL;
        }
      if (answer == NULL || !JSON_NODE_HOLDS_OBJECT (answer))
        {
          *exit_status = bel_admin_fail (1, "the server’s fleet is not valid JSON");
          return NULL;
        }
      return g_steal_pointer (&answer);
    }

  *exit_status = bel_admin_fail (2, "say where the fleet is: --server URL or --data-dir DIR");
  return NULL;
}

static const char *
member_string (JsonObject *object,
               const char *name)
{
  JsonNode *node = json_object_get_member (object, name);

  if (node == NULL || JSON_NODE_TYPE (node) != JSON_NODE_VALUE ||
      json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;
  return json_node_get_string (node);
}

static gboolean
member_int (JsonObject *object,
            const char *name,
            gint64     *value)
{
  JsonNode *node = json_object_get_member (object, name);

  if (node == NULL || JSON_NODE_TYPE (node) != JSON_NODE_VALUE ||
      json_node_get_value_type (node) != G_TYPE_INT64)
    return FALSE;
  *value = json_node_get_int (node);
  return TRUE;
}

static gint64
parse_time (const char *text)
{
  g_autoptr(GDateTime) dt = NULL;

  if (text == NULL)
    return -1;
  dt = g_date_time_new_from_iso8601 (text, NULL);
  return dt ? g_date_time_to_unix (dt) : -1;
}

static char *
format_age (gint64 seconds)
{
  if (seconds < 0)
    return g_strdup ("never");
  if (seconds < 120)
    return g_strdup_printf ("%" G_GINT64_FORMAT " s ago", seconds);
  if (seconds < 2 * 3600)
    return g_strdup_printf ("%" G_GINT64_FORMAT " min ago", seconds / 60);
  if (seconds < 2 * 86400)
    return g_strdup_printf ("%" G_GINT64_FORMAT " h ago", seconds / 3600);
  return g_strdup_printf ("%" G_GINT64_FORMAT " days ago", seconds / 86400);
}

/* Adds "state" (ok, stale, never, revoked) and "last_contact_age_s" to each kiosk, measured
 * against the server's clock so a wrong clock on the operator's laptop does not matter. */
static void
annotate_fleet (JsonNode *fleet,
                int       stale_after_hours)
{
  JsonObject *root = json_node_get_object (fleet);
  gint64 server_now = parse_time (member_string (root, "server_time"));
  JsonNode *kiosks_node = json_object_get_member (root, "kiosks");
  JsonArray *kiosks;

  if (server_now < 0)
    server_now = g_get_real_time () / G_USEC_PER_SEC;
  if (kiosks_node == NULL || !JSON_NODE_HOLDS_ARRAY (kiosks_node))
    return;
  kiosks = json_node_get_array (kiosks_node);

  for (guint i = 0; i < json_array_get_length (kiosks); i++)
    {
      JsonNode *element = json_array_get_element (kiosks, i);
      JsonObject *kiosk;
      gint64 contact;
      const char *state;

      if (!JSON_NODE_HOLDS_OBJECT (element))
        continue;
      kiosk = json_node_get_object (element);
      contact = parse_time (member_string (kiosk, "last_contact"));

      if (member_string (kiosk, "revoked") != NULL)
        state = "revoked";
      else if (contact < 0)
        state = "never";
      else if (server_now - contact > (gint64)stale_after_hours * 3600)
        state = "stale";
      else
        state = "ok";

      json_object_set_string_member (kiosk, "state", state);
      if (contact >= 0)
        json_object_set_int_member (kiosk, "last_contact_age_s", MAX (0, server_now - contact));
      else
        json_object_set_null_member (kiosk, "last_contact_age_s");
    }
}

static void
print_fleet_table (JsonNode *fleet,
                   gboolean  full)
{
  JsonObject *root = json_node_get_object (fleet);
  JsonNode *kiosks_node = json_object_get_member (root, "kiosks");
  JsonArray *kiosks;
  guint n_stale = 0;

  if (kiosks_node == NULL || !JSON_NODE_HOLDS_ARRAY (kiosks_node))
    return;
  kiosks = json_node_get_array (kiosks_node);
  if (json_array_get_length (kiosks) == 0)
    {
      printf ("No kiosk is enrolled yet: beledci-admin kiosk add NAME --server URL ...\n");
      return;
    }

  if (full)
    printf ("%-24s %-8s %-14s %9s %8s %10s %-10s %s\n", "KIOSK", "STATE", "LAST CONTACT",
            "REVISION", "PENDING", "CLOCK", "VERSION", "LAST ERROR");
  else
    printf ("%-24s %-8s %-21s %s\n", "KIOSK", "STATE", "ENROLLED", "LAST CONTACT");

  for (guint i = 0; i < json_array_get_length (kiosks); i++)
    {
      JsonNode *element = json_array_get_element (kiosks, i);
      JsonObject *kiosk;
      const char *state;
      g_autofree char *age = NULL;
      g_autofree char *revision = NULL;
      g_autofree char *pending = NULL;
      g_autofree char *clock = NULL;
      gint64 value;

      if (!JSON_NODE_HOLDS_OBJECT (element))
        continue;
      kiosk = json_node_get_object (element);
      state = member_string (kiosk, "state");
      if (g_strcmp0 (state, "stale") == 0 || g_strcmp0 (state, "never") == 0)
        n_stale++;
      age = format_age (member_int (kiosk, "last_contact_age_s", &value) ? value : -1);

      if (!full)
        {
          printf ("%-24s %-8s %-21s %s\n", member_string (kiosk, "name"), state,
                  member_string (kiosk, "created"), age);
          continue;
        }

      revision = member_int (kiosk, "revision", &value)
        ? g_strdup_printf ("%" G_GINT64_FORMAT, value) : g_strdup ("-");
      if (member_int (kiosk, "pending", &value))
        {
          gint64 aside = 0;

          if (member_int (kiosk, "set_aside", &aside) && aside > 0)
            pending = g_strdup_printf ("%" G_GINT64_FORMAT "+%" G_GINT64_FORMAT "!", value,
                                       aside);
          else
            pending = g_strdup_printf ("%" G_GINT64_FORMAT, value);
        }
      else
        pending = g_strdup ("-");
      clock = member_int (kiosk, "clock_offset_ms", &value)
        ? g_strdup_printf ("%+.1f s", (double)value / 1000.0) : g_strdup ("-");

      printf ("%-24s %-8s %-14s %9s %8s %10s %-10s %s\n",
              member_string (kiosk, "name"), state, age, revision, pending, clock,
              member_string (kiosk, "version") ? member_string (kiosk, "version") : "-",
              member_string (kiosk, "last_error") ? member_string (kiosk, "last_error") : "-");
    }

  if (full && n_stale > 0)
    printf ("\n%u kiosk(s) not heard from recently (stale or never): check their network.\n",
            n_stale);
}

static int
show_fleet (int         argc,
            char      **argv,
            const char *usage,
            gboolean    full)
{
  g_auto(Options) o = { 0, };
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) fleet = NULL;
  int status;

  if (!parse_options (&argc, &argv, "", &o, FALSE, full, &error))
    return bel_admin_fail (2, "%s", error->message);
  if (argc != 1)
    return bel_admin_fail (2, "usage: %s", usage);
  if (o.stale_after <= 0)
    return bel_admin_fail (2, "--stale-after takes a number of hours greater than 0");

  fleet = load_fleet (&o, &status);
  if (fleet == NULL)
    return status;
  annotate_fleet (fleet, o.stale_after);

  if (o.json)
    print_node (fleet);
  else
    print_fleet_table (fleet, full);
  return 0;
}

/* kiosk revoke */

static int
kiosk_revoke (int    argc,
              char **argv)
{
  g_auto(Options) o = { 0, };
  g_autoptr(GError) error = NULL;
  const char *name;

  if (!parse_options (&argc, &argv, "NAME", &o, FALSE, FALSE, &error))
    return bel_admin_fail (2, "%s", error->message);
  if (argc != 2)
    return bel_admin_fail (2, "usage: kiosk revoke NAME (--data-dir DIR | --server URL)");
  name = argv[1];
  if (!bel_fleet_name_is_valid (name))
    return bel_admin_fail (1, "no kiosk is named “%s”", name);

  if (o.data_dir != NULL)
    {
      g_autoptr(BelFleet) fleet = open_fleet (o.data_dir, &error);

      if (fleet == NULL || !bel_fleet_revoke_kiosk (fleet, name, &error))
        return bel_admin_fail (1, "%s", error->message);
    }
  else if (o.server != NULL)
    {
      g_autoptr(JsonNode) answer = NULL;
      g_autofree char *text = NULL;
      g_autofree char *escaped = g_uri_escape_string (name, NULL, FALSE);
      g_autofree char *path = g_strdup_printf ("/v1/kiosks/%s/revoke", escaped);
      guint status = 0;

      if (!admin_request (&o, SOUP_METHOD_POST, path, NULL, &status, &answer, &text, &error))
        return bel_admin_fail (1, "%s", error->message);
      if (status != SOUP_STATUS_OK)
        return fail_from_answer (status, text);
    }
  else
    return bel_admin_fail (2, "say where the fleet is: --server URL or --data-dir DIR");

  printf ("Kiosk “%s” is revoked: the server now refuses its token.\n", name);
  return 0;
}

int
bel_admin_kiosk (int    argc,
                 char **argv)
{
  if (argc >= 2 && g_str_equal (argv[1], "add"))
    return kiosk_add (argc - 1, argv + 1);
  if (argc >= 2 && g_str_equal (argv[1], "list"))
    return show_fleet (argc - 1, argv + 1,
                       "kiosk list (--data-dir DIR | --server URL) [--json]", FALSE);
  if (argc >= 2 && g_str_equal (argv[1], "revoke"))
    return kiosk_revoke (argc - 1, argv + 1);
  return bel_admin_fail (2, "usage: kiosk add NAME --server URL [--data-dir DIR] [--new-token] "
                            "| kiosk list ... | kiosk revoke NAME ...");
}

int
bel_admin_fleet (int    argc,
                 char **argv)
{
  return show_fleet (argc, argv,
                     "fleet (--server URL | --data-dir DIR) [--json] [--stale-after HOURS]",
                     TRUE);
}

int
bel_admin_admin_token (int    argc,
                       char **argv)
{
  g_autofree char *random = NULL;
  g_autofree char *token = NULL;
  g_autofree char *hash = NULL;

  if (argc != 1)
    return bel_admin_fail (2, "usage: admin-token");

  /* The same 256-bit randomness as a kiosk token, with its own prefix. */
  random = bel_fleet_generate_token ();
  token = g_strconcat (ADMIN_TOKEN_PREFIX, random + strlen (BEL_FLEET_TOKEN_PREFIX), NULL);
  hash = bel_fleet_hash_token_hex (token);

  printf ("A new admin token (shown only this once; keep it in a file only you can read):\n\n"
          "  %s\n\n"
          "Put its hash in the server config, in the [server] group, and restart the server:\n\n"
          "  admin-token-sha256=%s\n",
          token, hash);
  return 0;
}
