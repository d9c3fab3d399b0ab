/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "bel-application"

#include "config.h"

#include "bel-application.h"
#include "bel-content.h"
#include "bel-database.h"
#include "bel-headless.h"
#include "bel-i18n.h"
#include "bel-outbox.h"
#include "bel-record-sender.h"
#include "bel-screenshots.h"
#include "bel-sync-client.h"
#include "bel-sync-scheduler.h"
#include "bel-sync-status.h"
#include "bel-window.h"

struct _BelApplication
{
  AdwApplication  parent_instance;

  GSettings      *settings;
  BelDatabase    *db;
  BelCatalogue   *catalogue;
  GCancellable   *cancellable;
  gboolean        loading;
  char           *db_dir;        /* where the database file is; NULL when it is in memory */

  /* Sync (docs/sync-protocol.md): only when server-url is set. The outbox always. */
  BelOutbox        *outbox;
  BelSyncClient    *sync_client;
  BelRecordSender  *sender;
  BelSyncScheduler *scheduler;
  GQueue            pending_events;   /* of Event, written to the outbox when idle */
  guint             events_source;

  /* From the command line */
  gboolean        windowed;
  char           *data_dir;
};

G_DEFINE_FINAL_TYPE (BelApplication, bel_application, ADW_TYPE_APPLICATION)

enum {
  PROP_0,
  PROP_CATALOGUE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* Every command-line option of `beledci`, parsed in one place (handle_local_options). */
static const GOptionEntry option_entries[] = {
  { "windowed", 'w', 0, G_OPTION_ARG_NONE, NULL,
    N_("Run in a window instead of the fullscreen kiosk (for development)"), NULL },
  { "screenshots", 0, 0, G_OPTION_ARG_FILENAME, NULL,
    N_("Save a picture of every screen in every language to DIR, then quit"), N_("DIR") },
  { "version", 0, 0, G_OPTION_ARG_NONE, NULL,
    N_("Print the version and quit"), NULL },
  { NULL }
};

static int
bel_application_handle_local_options (GApplication *application,
                                      GVariantDict *options)
{
  BelApplication *self = BEL_APPLICATION (application);
  g_autofree char *screenshots_dir = NULL;

  if (g_variant_dict_contains (options, "version"))
    {
      g_print ("beledci %s\n", PACKAGE_VERSION);
      return 0;
    }

  g_variant_dict_lookup (options, "windowed", "b", &self->windowed);
  /* --data-dir also applies to the kiosk itself. */
  g_variant_dict_lookup (options, "data-dir", "^ay", &self->data_dir);

  /* --sync-once, --status, --import-bundle: no display needed (bel-headless.c). */
  {
    int status = bel_headless_handle_local_options (options);
    if (status >= 0)
      return status;
  }

  if (g_variant_dict_lookup (options, "screenshots", "^ay", &screenshots_dir))
    {
      g_autoptr(GError) error = NULL;

      /* A screenshot run neither hands over to a running kiosk nor is taken over by one. */
      g_application_set_flags (application,
                               g_application_get_flags (application) | G_APPLICATION_NON_UNIQUE);
      if (!g_application_register (application, NULL, &error))
        {
          g_printerr ("%s\n", error->message);
          return 1;
        }
      return bel_screenshots_run (GTK_APPLICATION (self), screenshots_dir) ? 0 : 1;
    }

  return -1;
}

/* The sync status, as the window shows it. */
static void
update_sync_status (BelApplication *self)
{
  g_autoptr(BelSyncStatus) status = NULL;
  g_autoptr(GError) error = NULL;
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (self));

  if (self->db == NULL || !BEL_IS_WINDOW (window))
    return;
  status = bel_sync_status_load (self->db, &error);
  if (status == NULL)
    g_warning ("Could not read the sync status: %s", error->message);
  bel_window_set_sync_status (BEL_WINDOW (window), status);
}

/* Anonymous records (bel-outbox.h). Each is a small transaction of its own, written when the
 * main loop is idle rather than while the citizen's touch is being answered. */

typedef struct {
  const char *kind;   /* BEL_RECORD_KIND_* */
  char       *arg;    /* the service id, or the query (only measured) */
  char       *lang;
} Event;

static void
event_free (Event *event)
{
  g_free (event->arg);
  g_free (event->lang);
  g_free (event);
}

static gboolean
write_events_cb (gpointer user_data)
{
  BelApplication *self = user_data;
  Event *event;

  self->events_source = 0;
  while ((event = g_queue_pop_head (&self->pending_events)) != NULL)
    {
      g_autoptr(GError) error = NULL;
      gboolean ok;

      if (g_str_equal (event->kind, BEL_RECORD_KIND_SERVICE_VIEWED))
        ok = bel_outbox_record_service_viewed (self->outbox, event->arg, event->lang, &error);
      else
        ok = bel_outbox_record_search_no_results (self->outbox, event->lang, event->arg, NULL,
                                                  &error);
      if (!ok)
        g_warning ("Could not record a %s: %s", event->kind, error->message);
      event_free (event);
    }

  update_sync_status (self);   /* the records waiting */
  return G_SOURCE_REMOVE;
}

static void
queue_event (BelApplication *self,
             const char     *kind,
             const char     *arg,
             const char     *lang)
{
  Event *event;

  if (self->outbox == NULL || arg == NULL || *arg == '\0')
    return;

  event = g_new0 (Event, 1);
  event->kind = kind;
  event->arg = g_strdup (arg);
  event->lang = g_strdup (lang);
  g_queue_push_tail (&self->pending_events, event);
  if (self->events_source == 0)
    self->events_source = g_idle_add_full (G_PRIORITY_LOW, write_events_cb, self, NULL);
}

static void
service_viewed_cb (BelApplication *self,
                   const char     *service_id,
                   const char     *lang)
{
  queue_event (self, BEL_RECORD_KIND_SERVICE_VIEWED, service_id, lang);
}

static void
search_no_results_cb (BelApplication *self,
                      const char     *query,
                      const char     *lang)
{
  queue_event (self, BEL_RECORD_KIND_SEARCH_NO_RESULTS, query, lang);
}

/* Sync */

static void
content_updated_cb (BelApplication *self,
                    gint64          revision)
{
  g_autoptr(GError) error = NULL;

  g_debug ("Content revision %" G_GINT64_FORMAT " applied: reloading", revision);
  /* "changed" makes every page render the new content where the citizen is. */
  if (self->catalogue != NULL && !bel_catalogue_reload (self->catalogue, &error))
    g_warning ("Could not reload the catalogue after a sync: %s", error->message);
  update_sync_status (self);
}

static void
run_finished_cb (BelApplication *self,
                 const GError   *error)
{
  update_sync_status (self);
}

static void
sync_settings_changed_cb (BelApplication *self)
{
  if (self->sync_client != NULL)
    bel_sync_client_load_settings (self->sync_client, self->settings);
}

static void
start_sync (BelApplication *self)
{
  g_autofree char *url = g_settings_get_string (self->settings, "server-url");

  if (self->scheduler != NULL || self->outbox == NULL)
    return;
  /* New content goes into the database file; one in memory could never show it. */
  if (*url == '\0' || self->db_dir == NULL)
    return;

  self->sync_client = bel_sync_client_new (self->db_dir);
  bel_sync_client_load_settings (self->sync_client, self->settings);
  g_signal_connect_object (self->sync_client, "content-updated",
                           G_CALLBACK (content_updated_cb), self, G_CONNECT_SWAPPED);

  self->sender = bel_record_sender_new (self->outbox, NULL);
  self->scheduler = bel_sync_scheduler_new (self->sync_client, self->sender);
  bel_sync_scheduler_bind_settings (self->scheduler, self->settings);
  g_signal_connect_object (self->scheduler, "run-finished",
                           G_CALLBACK (run_finished_cb), self, G_CONNECT_SWAPPED);
  g_debug ("Syncing with %s", url);
  bel_sync_scheduler_start (self->scheduler);
}

static void
server_url_changed_cb (BelApplication *self)
{
  sync_settings_changed_cb (self);
  if (self->catalogue != NULL)
    start_sync (self);
}

static void
catalogue_loaded_cb (GObject      *object,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  g_autoptr(BelApplication) self = user_data;
  g_autoptr(BelCatalogue) catalogue = NULL;
  g_autoptr(GError) error = NULL;

  self->loading = FALSE;
  catalogue = bel_catalogue_new_finish (result, &error);
  if (catalogue == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_warning ("Could not load the catalogue: %s", error->message);
      return;
    }

  bel_application_set_catalogue (self, catalogue);

  /* Only now: a sync must not swap content in under the first load. */
  self->outbox = bel_outbox_new (self->db);
  update_sync_status (self);
  start_sync (self);
}

static void
load_catalogue (BelApplication *self)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *path = NULL;

  if (self->catalogue || self->loading)
    return;

  dir = bel_headless_dup_data_dir (self->data_dir);
  /* The same file the sync client swaps new content into. */
  path = g_build_filename (dir, BEL_SYNC_DATABASE_NAME, NULL);

  if (g_mkdir_with_parents (dir, 0700) != 0)
    g_warning ("Could not create %s: %s", dir, g_strerror (errno));
  else if ((self->db = bel_database_open (path, &error)) != NULL)
    self->db_dir = g_strdup (dir);

  if (self->db == NULL)
    {
      /* The kiosk still shows the catalogue it shipped with; nothing is kept. */
      g_warning ("Could not open %s (%s); using the bundled catalogue in memory", path,
                 error ? error->message : "no directory");
      g_clear_error (&error);
      self->db = bel_database_open (":memory:", &error);
      if (self->db == NULL)
        {
          g_critical ("Could not open an in-memory database: %s", error->message);
          return;
        }
    }

  self->loading = TRUE;
  bel_catalogue_new_async (self->db, bel_content_bundled_dir (), self->cancellable,
                           catalogue_loaded_cb, g_object_ref (self));
}

static void
first_frame_cb (GdkFrameClock  *clock,
                BelApplication *self)
{
  /* For the start-up benchmark: the moment the welcome screen is on the screen. */
  g_signal_handlers_disconnect_by_func (clock, first_frame_cb, self);
  g_print ("first-frame %" G_GINT64_FORMAT "\n", g_get_monotonic_time ());
  g_application_quit (G_APPLICATION (self));
}

static void
window_realized_cb (GtkWidget      *window,
                    BelApplication *self)
{
  g_signal_connect (gtk_widget_get_frame_clock (window), "after-paint",
                    G_CALLBACK (first_frame_cb), self);
}

static void
bel_application_activate (GApplication *application)
{
  BelApplication *self = BEL_APPLICATION (application);
  GtkWindow *window;

  window = gtk_application_get_active_window (GTK_APPLICATION (self));
  if (window == NULL)
    {
      gboolean kiosk_mode = g_settings_get_boolean (self->settings, "kiosk-mode") &&
                            !self->windowed;

      window = GTK_WINDOW (bel_window_new (GTK_APPLICATION (self), kiosk_mode));
      g_object_bind_property (self, "catalogue", window, "catalogue", G_BINDING_SYNC_CREATE);
      g_signal_connect_object (window, "service-viewed",
                               G_CALLBACK (service_viewed_cb), self, G_CONNECT_SWAPPED);
      g_signal_connect_object (window, "search-no-results",
                               G_CALLBACK (search_no_results_cb), self, G_CONNECT_SWAPPED);

      if (g_getenv ("BELEDCI_BENCH_FIRST_FRAME"))
        g_signal_connect (window, "realize", G_CALLBACK (window_realized_cb), self);
    }

  gtk_window_present (window);
  load_catalogue (self);
}

static void
bel_application_startup (GApplication *application)
{
  G_APPLICATION_CLASS (bel_application_parent_class)->startup (application);

  /* A kiosk looks the same whatever the system's preference; high contrast is its own. */
  adw_style_manager_set_color_scheme (adw_style_manager_get_default (),
                                      ADW_COLOR_SCHEME_FORCE_LIGHT);
  g_set_application_name (_("Bələdçi"));
}

static void
bel_application_shutdown (GApplication *application)
{
  BelApplication *self = BEL_APPLICATION (application);

  g_cancellable_cancel (self->cancellable);
  if (self->scheduler != NULL)
    bel_sync_scheduler_stop (self->scheduler);
  /* Records not yet written still are, before the kiosk goes. */
  if (self->events_source != 0)
    {
      g_clear_handle_id (&self->events_source, g_source_remove);
      write_events_cb (self);
    }

  G_APPLICATION_CLASS (bel_application_parent_class)->shutdown (application);
}

static void
bel_application_dispose (GObject *object)
{
  BelApplication *self = BEL_APPLICATION (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  if (self->scheduler != NULL)
    bel_sync_scheduler_stop (self->scheduler);
  g_clear_object (&self->scheduler);
  g_clear_object (&self->sender);
  g_clear_object (&self->sync_client);
  g_clear_handle_id (&self->events_source, g_source_remove);
  g_queue_clear_full (&self->pending_events, (GDestroyNotify) event_free);
  g_clear_object (&self->outbox);
  g_clear_object (&self->catalogue);
  g_clear_object (&self->db);
  g_clear_object (&self->settings);

  G_OBJECT_CLASS (bel_application_parent_class)->dispose (object);
}

static void
bel_application_finalize (GObject *object)
{
  BelApplication *self = BEL_APPLICATION (object);

  g_clear_pointer (&self->data_dir, g_free);
  g_clear_pointer (&self->db_dir, g_free);

  G_OBJECT_CLASS (bel_application_parent_class)->finalize (object);
}

static void
bel_application_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  BelApplication *self = BEL_APPLICATION (object);

  switch (prop_id)
    {
    case PROP_CATALOGUE:
      g_value_set_object (value, self->catalogue);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
bel_application_set_property (GObject      *object,
                              guint         prop_id,
                              const GValue *value,
                              GParamSpec   *pspec)
{
  BelApplication *self = BEL_APPLICATION (object);

  switch (prop_id)
    {
    case PROP_CATALOGUE:
      bel_application_set_catalogue (self, g_value_get_object (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
bel_application_class_init (BelApplicationClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GApplicationClass *app_class = G_APPLICATION_CLASS (klass);

  object_class->dispose = bel_application_dispose;
  object_class->finalize = bel_application_finalize;
  object_class->get_property = bel_application_get_property;
  object_class->set_property = bel_application_set_property;
  app_class->handle_local_options = bel_application_handle_local_options;
  app_class->startup = bel_application_startup;
  app_class->activate = bel_application_activate;
  app_class->shutdown = bel_application_shutdown;

  properties[PROP_CATALOGUE] =
    g_param_spec_object ("catalogue", NULL, NULL,
                         BEL_TYPE_CATALOGUE,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
bel_application_init (BelApplication *self)
{
  self->settings = g_settings_new (APP_ID);
  self->cancellable = g_cancellable_new ();
  g_queue_init (&self->pending_events);
  g_signal_connect_object (self->settings, "changed::server-url",
                           G_CALLBACK (server_url_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->settings, "changed::trusted-public-keys",
                           G_CALLBACK (sync_settings_changed_cb), self, G_CONNECT_SWAPPED);

  g_application_add_main_option_entries (G_APPLICATION (self), option_entries);
  g_application_add_main_option_entries (G_APPLICATION (self), bel_headless_option_entries);
  g_application_set_option_context_summary (G_APPLICATION (self),
                                            _("Bələdçi, a guide to state services for village "
                                              "community centres."));
}

BelApplication *
bel_application_new (void)
{
  return g_object_new (BEL_TYPE_APPLICATION,
                       "application-id", APP_ID,
                       "resource-base-path", "/io/github/beledci/Kiosk",
                       "flags", G_APPLICATION_DEFAULT_FLAGS,
                       NULL);
}

BelCatalogue *
bel_application_get_catalogue (BelApplication *self)
{
  g_return_val_if_fail (BEL_IS_APPLICATION (self), NULL);

  return self->catalogue;
}

void
bel_application_set_catalogue (BelApplication *self,
                               BelCatalogue   *catalogue)
{
  g_return_if_fail (BEL_IS_APPLICATION (self));
  g_return_if_fail (!catalogue || BEL_IS_CATALOGUE (catalogue));

  if (g_set_object (&self->catalogue, catalogue))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CATALOGUE]);
}

void
bel_application_sync_now (BelApplication *self)
{
  g_return_if_fail (BEL_IS_APPLICATION (self));

  if (self->scheduler != NULL)
    bel_sync_scheduler_sync_now (self->scheduler);
}

gboolean
bel_application_get_syncing (BelApplication *self)
{
  g_return_val_if_fail (BEL_IS_APPLICATION (self), FALSE);

  return self->scheduler != NULL;
}
