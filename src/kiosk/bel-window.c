/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "bel-window"

#include "config.h"

#include "bel-find-page.h"
#include "bel-guide-page.h"   /* issue 4: how to sign in */
#include "bel-i18n.h"
#include "bel-list-page.h"
#include "bel-service-page.h"
#include "bel-welcome-page.h"
#include "bel-window.h"

/* Where the citizen is: a page and what it shows. The window is the only place that knows how
 * to get from one to another, so that a move to newer navigation widgets touches one file. */
typedef enum {
  LOCATION_WELCOME,
  LOCATION_FIND,
  LOCATION_CATEGORY,
  LOCATION_AGENCY,
  LOCATION_SERVICE,
  LOCATION_GUIDE,     /* issue 4: arg is where in the guide (bel-guide-page.h) */
} LocationKind;

typedef struct {
  LocationKind  kind;
  char         *arg;   /* find mode, category, agency or service id */
} Location;

struct _BelWindow
{
  AdwApplicationWindow  parent_instance;

  /* Template widgets */
  AdwHeaderBar         *header_bar;
  GtkLabel             *title_label;
  GtkWidget            *back_button;
  AdwButtonContent     *back_content;
  GtkWidget            *home_button;
  AdwButtonContent     *home_content;
  GtkWidget            *contrast_button;
  AdwButtonContent     *contrast_content;
  GtkWidget            *text_normal_button;
  GtkWidget            *text_large_button;
  GtkWidget            *text_xlarge_button;
  GtkWidget            *language_button;
  AdwButtonContent     *language_content;
  GtkPopover           *language_popover;
  GtkRevealer          *banner_revealer;
  GtkLabel             *banner_label;
  GtkStack             *stack;
  BelPage              *welcome_page;
  BelPage              *find_page;
  BelPage              *list_page;
  BelPage              *service_page;
  BelPage              *guide_page;
  GtkWidget            *idle_overlay;
  GtkLabel             *idle_title;
  GtkLabel             *idle_countdown_label;
  GtkProgressBar       *idle_progress;
  GtkWidget            *idle_yes_button;

  GSettings            *settings;
  BelCatalogue         *catalogue;
  gulong                catalogue_changed_id;
  gboolean              kiosk_mode;

  /* From the sync status (bel_window_set_sync_status): why the last content sync failed, and
   * when the last one went through (unix time, 0 = never). */
  gboolean              has_sync_error;
  BelSyncError          sync_error;
  gint64                last_sync;

  /* Session state: what the current citizen chose. Reset to the settings on idle. */
  BelLang               language;
  char                 *text_size;
  gboolean              high_contrast;
  GtkCssProvider       *contrast_provider;

  Location              current;
  GArray               *history;   /* of Location, oldest first */

  guint                 idle_ms;
  guint                 countdown_ms;
  guint                 attract_ms;
  gint64                last_activity;
  guint                 idle_source;
  guint                 countdown_source;
  gint64                countdown_deadline;
};

G_DEFINE_FINAL_TYPE (BelWindow, bel_window, ADW_TYPE_APPLICATION_WINDOW)

enum {
  PROP_0,
  PROP_CATALOGUE,
  PROP_KIOSK_MODE,
  PROP_LANGUAGE,
  PROP_TEXT_SIZE,
  PROP_HIGH_CONTRAST,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum {
  SERVICE_VIEWED,
  SEARCH_NO_RESULTS,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void arm_idle_timer (BelWindow *self,
                            guint      delay_ms);

/* Every page is a child of the stack: going through them there needs no list to keep. */
#define FOR_EACH_PAGE(self, page)                                                        \
  for (BelPage *page = BEL_PAGE (gtk_widget_get_first_child (GTK_WIDGET ((self)->stack))); \
       page != NULL;                                                                      \
       page = BEL_PAGE (gtk_widget_get_next_sibling (GTK_WIDGET (page))))

static void
location_clear (Location *location)
{
  g_clear_pointer (&location->arg, g_free);
}

static BelPage *
page_for_location (BelWindow    *self,
                   LocationKind  kind)
{
  switch (kind)
    {
    case LOCATION_WELCOME:
      return self->welcome_page;
    case LOCATION_FIND:
      return self->find_page;
    case LOCATION_CATEGORY:
    case LOCATION_AGENCY:
      return self->list_page;
    case LOCATION_SERVICE:
      return self->service_page;
    case LOCATION_GUIDE:
      return self->guide_page;
    default:
      g_assert_not_reached ();
    }
}

static void
update_title (BelWindow *self)
{
  BelPage *page = BEL_PAGE (gtk_stack_get_visible_child (self->stack));
  const char *title = page ? bel_page_get_title (page) : NULL;

  gtk_label_set_label (self->title_label, title ? title : "");
}

static void
page_title_changed_cb (BelWindow  *self,
                       GParamSpec *pspec,
                       BelPage    *page)
{
  if (GTK_WIDGET (page) == gtk_stack_get_visible_child (self->stack))
    update_title (self);
}

static void
show_location (BelWindow              *self,
               GtkStackTransitionType  transition)
{
  Location *location = &self->current;
  BelPage *page = page_for_location (self, location->kind);
  gboolean at_home = location->kind == LOCATION_WELCOME;

  switch (location->kind)
    {
    case LOCATION_WELCOME:
      break;

    case LOCATION_FIND:
      {
        BelFindMode mode;

        if (bel_find_mode_from_string (location->arg, &mode))
          bel_find_page_set_mode (BEL_FIND_PAGE (page), mode);
      }
      break;

    case LOCATION_CATEGORY:
      bel_list_page_show_category (BEL_LIST_PAGE (page), location->arg);
      break;

    case LOCATION_AGENCY:
      bel_list_page_show_agency (BEL_LIST_PAGE (page), location->arg);
      break;

    case LOCATION_SERVICE:
      bel_service_page_show_service (BEL_SERVICE_PAGE (page), location->arg);
      break;

    case LOCATION_GUIDE:
      bel_guide_page_show (BEL_GUIDE_PAGE (page), location->arg);
      break;

    default:
      g_assert_not_reached ();
    }

  if (!gtk_widget_get_mapped (GTK_WIDGET (self)))
    transition = GTK_STACK_TRANSITION_TYPE_NONE;
  gtk_stack_set_transition_type (self->stack, transition);
  gtk_stack_set_visible_child (self->stack, GTK_WIDGET (page));

  /* The welcome screen is home: there is nowhere further back to go. */
  gtk_widget_set_visible (self->back_button, !at_home);
  gtk_widget_set_visible (self->home_button, !at_home);

  update_title (self);
  bel_page_shown (page);
}

static void
navigate (BelWindow    *self,
          LocationKind  kind,
          const char   *arg)
{
  Location previous;

  if (self->current.kind == kind && g_strcmp0 (self->current.arg, arg) == 0)
    return;

  /* Remember the find page's mode as it is now, so Back returns to the same view. */
  if (self->current.kind == LOCATION_FIND)
    {
      g_free (self->current.arg);
      self->current.arg = g_strdup (bel_find_mode_to_string (
        bel_find_page_get_mode (BEL_FIND_PAGE (self->find_page))));
    }

  previous = self->current;
  g_array_append_val (self->history, previous);

  self->current.kind = kind;
  self->current.arg = g_strdup (arg);

  show_location (self, GTK_STACK_TRANSITION_TYPE_SLIDE_LEFT);

  /* Going back to a service page is not another view of it. */
  if (kind == LOCATION_SERVICE && arg != NULL)
    g_signal_emit (self, signals[SERVICE_VIEWED], 0, arg, bel_lang_to_code (self->language));
}

static void
clear_history (BelWindow *self)
{
  g_array_set_size (self->history, 0);
}

static void
go_home (BelWindow              *self,
         GtkStackTransitionType  transition)
{
  clear_history (self);
  location_clear (&self->current);
  self->current.kind = LOCATION_WELCOME;
  show_location (self, transition);
}

static void
go_back (BelWindow *self)
{
  if (self->history->len == 0)
    {
      go_home (self, GTK_STACK_TRANSITION_TYPE_SLIDE_RIGHT);
      return;
    }

  location_clear (&self->current);
  self->current = g_array_index (self->history, Location, self->history->len - 1);
  /* The array's clear func must not free what was just moved into current. */
  g_array_index (self->history, Location, self->history->len - 1).arg = NULL;
  g_array_set_size (self->history, self->history->len - 1);

  show_location (self, GTK_STACK_TRANSITION_TYPE_SLIDE_RIGHT);
}

static void
nav_back_cb (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  go_back (BEL_WINDOW (widget));
}

static void
nav_home_cb (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  go_home (BEL_WINDOW (widget), GTK_STACK_TRANSITION_TYPE_SLIDE_RIGHT);
}

static void
nav_find_cb (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  navigate (BEL_WINDOW (widget), LOCATION_FIND, g_variant_get_string (parameter, NULL));
}

static void
nav_category_cb (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  navigate (BEL_WINDOW (widget), LOCATION_CATEGORY, g_variant_get_string (parameter, NULL));
}

static void
nav_agency_cb (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  navigate (BEL_WINDOW (widget), LOCATION_AGENCY, g_variant_get_string (parameter, NULL));
}

static void
nav_service_cb (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  navigate (BEL_WINDOW (widget), LOCATION_SERVICE, g_variant_get_string (parameter, NULL));
}

/* Issue 4: "nav.guide" takes where in the guide to go (bel-guide-page.h). */
static void
nav_guide_cb (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  navigate (BEL_WINDOW (widget), LOCATION_GUIDE, g_variant_get_string (parameter, NULL));
}

/* Freshness */

static void
update_banner (BelWindow *self)
{
  const char *published = self->catalogue ? bel_catalogue_get_published (self->catalogue) : NULL;
  guint max_age = g_settings_get_uint (self->settings, "catalogue-max-age");
  g_autofree char *date = bel_format_date (published);
  g_autoptr(GString) text = g_string_new (NULL);
  int age = bel_days_since (published);

  if (date != NULL && age >= 0 && (guint) age > max_age)
    /* TRANSLATORS: %s is a date such as 28.11.2026. */
    g_string_append_printf (text, _("This information was last updated on %s. Some details may "
                                    "have changed since: if in doubt, ask a volunteer or call the "
                                    "helpline."),
                            date);

  /* A download cut short resumes by itself: not worth a word to the citizen. */
  if (self->has_sync_error && self->sync_error != BEL_SYNC_ERROR_CONNECTION_LOST)
    {
      if (text->len > 0)
        g_string_append_c (text, ' ');
      /* TRANSLATORS: %s says why, such as "The server did not answer". */
      g_string_append_printf (text, _("%s: the kiosk could not check for updates."),
                              bel_sync_error_describe (self->sync_error));
      if (self->last_sync > 0)
        {
          g_autoptr(GDateTime) when = g_date_time_new_from_unix_local (self->last_sync);
          g_autofree char *last = g_date_time_format (when, "%d.%m.%Y");

          g_string_append_c (text, ' ');
          /* TRANSLATORS: %s is a date such as 28.11.2026. */
          g_string_append_printf (text, _("Last successful check: %s."), last);
        }
    }

  if (text->len == 0)
    {
      gtk_revealer_set_reveal_child (self->banner_revealer, FALSE);
      return;
    }

  gtk_label_set_label (self->banner_label, text->str);
  gtk_revealer_set_reveal_child (self->banner_revealer, TRUE);
}

/* Language, text size, contrast */

static void
update_language_strings (BelWindow *self)
{
  adw_button_content_set_label (self->language_content, bel_lang_native_name (self->language));
  gtk_window_set_title (GTK_WINDOW (self), _("Bələdçi"));
  update_banner (self);
}

static void
set_language (BelWindow *self,
              BelLang    lang)
{
  self->language = lang;
  bel_i18n_set_language (lang);
  update_language_strings (self);

  FOR_EACH_PAGE (self, page)
    bel_page_language_changed (page);

  update_title (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LANGUAGE]);
}

static void
set_language_code (BelWindow  *self,
                   const char *code)
{
  BelLang lang;

  if (!bel_lang_from_code (code, &lang))
    {
      g_warning ("Unknown language “%s”", code ? code : "(null)");
      return;
    }
  if (lang != self->language)
    set_language (self, lang);
}

static void
language_chosen_cb (BelWindow *self)
{
  gtk_popover_popdown (self->language_popover);
}

static void
set_text_size (BelWindow  *self,
               const char *size)
{
  static const char * const sizes[] = { "normal", "large", "extra-large" };
  gboolean known = FALSE;

  for (guint i = 0; i < G_N_ELEMENTS (sizes); i++)
    known |= g_strcmp0 (size, sizes[i]) == 0;
  if (!known || g_strcmp0 (size, self->text_size) == 0)
    return;

  if (self->text_size)
    {
      g_autofree char *old_class = g_strconcat ("bel-text-", self->text_size, NULL);
      gtk_widget_remove_css_class (GTK_WIDGET (self), old_class);
    }

  g_free (self->text_size);
  self->text_size = g_strdup (size);

  {
    g_autofree char *new_class = g_strconcat ("bel-text-", self->text_size, NULL);
    gtk_widget_add_css_class (GTK_WIDGET (self), new_class);
  }

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TEXT_SIZE]);
}

static void
set_high_contrast (BelWindow *self,
                   gboolean   high_contrast)
{
  GdkDisplay *display = gtk_widget_get_display (GTK_WIDGET (self));

  high_contrast = !!high_contrast;
  if (high_contrast == self->high_contrast)
    return;

  self->high_contrast = high_contrast;

  /* A provider above the application's own style sheet redefines the named colours
   * libadwaita draws with, so every widget follows without a rule of its own. */
  if (self->contrast_provider == NULL)
    {
      self->contrast_provider = gtk_css_provider_new ();
      gtk_css_provider_load_from_resource (self->contrast_provider,
                                           "/io/github/beledci/Kiosk/high-contrast.css");
    }

  if (high_contrast)
    {
      gtk_style_context_add_provider_for_display (display,
                                                  GTK_STYLE_PROVIDER (self->contrast_provider),
                                                  GTK_STYLE_PROVIDER_PRIORITY_APPLICATION + 1);
      gtk_widget_add_css_class (GTK_WIDGET (self), "bel-high-contrast");
    }
  else
    {
      gtk_style_context_remove_provider_for_display (display,
                                                     GTK_STYLE_PROVIDER (self->contrast_provider));
      gtk_widget_remove_css_class (GTK_WIDGET (self), "bel-high-contrast");
    }

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_HIGH_CONTRAST]);
}

static BelLang
default_language (BelWindow *self)
{
  g_autofree char *code = g_settings_get_string (self->settings, "default-language");
  BelLang lang = BEL_LANG_AZ;

  bel_lang_from_code (code, &lang);
  return lang;
}

static void
restore_session_defaults (BelWindow *self)
{
  g_autofree char *size = g_settings_get_string (self->settings, "text-size");

  set_text_size (self, size);
  set_high_contrast (self, g_settings_get_boolean (self->settings, "high-contrast"));
  /* Always re-applied, so every page is rendered in the default language afterwards. */
  set_language (self, default_language (self));
}

/* Idle reset and attract loop */

static gboolean
is_pristine (BelWindow *self)
{
  g_autofree char *size = g_settings_get_string (self->settings, "text-size");
  const char *query = bel_find_page_get_query (BEL_FIND_PAGE (self->find_page));

  return self->current.kind == LOCATION_WELCOME &&
         self->history->len == 0 &&
         self->language == default_language (self) &&
         g_strcmp0 (self->text_size, size) == 0 &&
         self->high_contrast == g_settings_get_boolean (self->settings, "high-contrast") &&
         (query == NULL || *query == '\0');
}

static void
update_countdown (BelWindow *self)
{
  gint64 remaining_us = MAX (0, self->countdown_deadline - g_get_monotonic_time ());
  guint seconds = (guint) ((remaining_us + G_USEC_PER_SEC - 1) / G_USEC_PER_SEC);
  g_autofree char *text = NULL;

  text = g_strdup_printf (ngettext (
                                       "If no one answers, the screen will be cleared in %u second.",
                                       "If no one answers, the screen will be cleared in %u seconds.",
                                       seconds),
                          seconds);
  gtk_label_set_label (self->idle_countdown_label, text);
  gtk_progress_bar_set_fraction (self->idle_progress,
                                 self->countdown_ms
                                   ? (double) remaining_us / (self->countdown_ms * 1000.0)
                                   : 0.0);
}

static void
stop_countdown (BelWindow *self)
{
  g_clear_handle_id (&self->countdown_source, g_source_remove);
  gtk_widget_set_visible (self->idle_overlay, FALSE);
}

static gboolean
countdown_tick_cb (gpointer user_data)
{
  BelWindow *self = user_data;

  if (g_get_monotonic_time () >= self->countdown_deadline)
    {
      self->countdown_source = 0;
      g_debug ("No answer: resetting");
      bel_window_reset (self);
      return G_SOURCE_REMOVE;
    }

  update_countdown (self);
  return G_SOURCE_CONTINUE;
}

void
bel_window_ask_still_there (BelWindow *self)
{
  g_return_if_fail (BEL_IS_WINDOW (self));

  g_clear_handle_id (&self->idle_source, g_source_remove);
  g_clear_handle_id (&self->countdown_source, g_source_remove);

  gtk_popover_popdown (self->language_popover);
  self->countdown_deadline = g_get_monotonic_time () + (gint64) self->countdown_ms * 1000;
  update_countdown (self);
  gtk_widget_set_visible (self->idle_overlay, TRUE);
  gtk_widget_grab_focus (self->idle_yes_button);

  /* Ticks often enough to count whole seconds down smoothly, and short test timeouts too. */
  self->countdown_source = g_timeout_add (CLAMP (self->countdown_ms / 20, 10, 250),
                                          countdown_tick_cb, self);
}

gboolean
bel_window_is_asking_still_there (BelWindow *self)
{
  g_return_val_if_fail (BEL_IS_WINDOW (self), FALSE);

  return gtk_widget_get_visible (self->idle_overlay);
}

static gboolean
is_attracting (BelWindow *self)
{
  return bel_welcome_page_get_attracting (BEL_WELCOME_PAGE (self->welcome_page));
}

void
bel_window_start_attract (BelWindow *self)
{
  g_return_if_fail (BEL_IS_WINDOW (self));

  gtk_popover_popdown (self->language_popover);
  bel_welcome_page_set_attracting (BEL_WELCOME_PAGE (self->welcome_page), TRUE);
  gtk_widget_set_visible (GTK_WIDGET (self->header_bar), FALSE);
}

static void
stop_attract (BelWindow *self)
{
  bel_welcome_page_set_attracting (BEL_WELCOME_PAGE (self->welcome_page), FALSE);
  gtk_widget_set_visible (GTK_WIDGET (self->header_bar), TRUE);
}

static gboolean
idle_timeout_cb (gpointer user_data)
{
  BelWindow *self = user_data;
  gint64 idle_for_ms = (g_get_monotonic_time () - self->last_activity) / 1000;
  gboolean pristine = is_pristine (self);
  guint limit = pristine ? self->attract_ms : self->idle_ms;

  self->idle_source = 0;

  if (idle_for_ms < limit)
    {
      arm_idle_timer (self, limit - idle_for_ms);
      return G_SOURCE_REMOVE;
    }

  if (pristine)
    {
      if (!is_attracting (self))
        bel_window_start_attract (self);
    }
  else
    {
      bel_window_ask_still_there (self);
    }

  return G_SOURCE_REMOVE;
}

static void
arm_idle_timer (BelWindow *self,
                guint      delay_ms)
{
  g_clear_handle_id (&self->idle_source, g_source_remove);
  self->idle_source = g_timeout_add (MAX (delay_ms, 1), idle_timeout_cb, self);
}

static void
note_activity (BelWindow *self)
{
  self->last_activity = g_get_monotonic_time ();

  if (self->idle_source == 0 && self->countdown_source == 0)
    arm_idle_timer (self, MIN (self->idle_ms, self->attract_ms));
}

static void
still_here (BelWindow *self)
{
  stop_countdown (self);
  note_activity (self);
}

static void
still_here_cb (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  still_here (BEL_WINDOW (widget));
}

static gboolean
legacy_event_cb (GtkEventControllerLegacy *controller,
                 GdkEvent                 *event,
                 BelWindow                *self)
{
  gboolean is_press = FALSE;

  switch ((int) gdk_event_get_event_type (event))
    {
    case GDK_BUTTON_PRESS:
    case GDK_KEY_PRESS:
    case GDK_TOUCH_BEGIN:
    case GDK_SCROLL:
      is_press = TRUE;
      break;

    case GDK_MOTION_NOTIFY:
    case GDK_BUTTON_RELEASE:
    case GDK_KEY_RELEASE:
    case GDK_TOUCH_UPDATE:
    case GDK_TOUCH_END:
    case GDK_TOUCHPAD_SWIPE:
    case GDK_TOUCHPAD_PINCH:
      break;

    default:
      return GDK_EVENT_PROPAGATE;
    }

  note_activity (self);

  /* While the question is up, the screen answers it: any touch means someone is there. The
   * touch does nothing else, so it cannot press a button hidden under the question. */
  if (bel_window_is_asking_still_there (self))
    {
      if (is_press)
        still_here (self);
      return gdk_event_get_event_type (event) == GDK_MOTION_NOTIFY
             ? GDK_EVENT_PROPAGATE : GDK_EVENT_STOP;
    }

  if (is_attracting (self))
    {
      if (is_press)
        stop_attract (self);
      return gdk_event_get_event_type (event) == GDK_MOTION_NOTIFY
             ? GDK_EVENT_PROPAGATE : GDK_EVENT_STOP;
    }

  return GDK_EVENT_PROPAGATE;
}

/* Kiosk lock-down */

static gboolean
key_pressed_cb (GtkEventControllerKey *controller,
                guint                  keyval,
                guint                  keycode,
                GdkModifierType        state,
                BelWindow             *self)
{
  if (!self->kiosk_mode)
    return GDK_EVENT_PROPAGATE;

  state &= gtk_accelerator_get_default_mod_mask ();

  switch (keyval)
    {
    /* Leaving fullscreen, closing popups the citizen cannot see how to reopen, menus. */
    case GDK_KEY_Escape:
    case GDK_KEY_F10:
    case GDK_KEY_F11:
    case GDK_KEY_Menu:
      return GDK_EVENT_STOP;

    case GDK_KEY_F4:
      if (state & GDK_ALT_MASK)
        return GDK_EVENT_STOP;
      break;

    default:
      break;
    }

  if (state & GDK_CONTROL_MASK)
    {
      switch (gdk_keyval_to_lower (keyval))
        {
        case GDK_KEY_q:
        case GDK_KEY_w:
        case GDK_KEY_i:   /* Ctrl+Shift+I and Ctrl+Shift+D open the GTK inspector */
        case GDK_KEY_d:
        case GDK_KEY_o:
        case GDK_KEY_s:
        case GDK_KEY_p:
          return GDK_EVENT_STOP;
        default:
          break;
        }
    }

  return GDK_EVENT_PROPAGATE;
}

static gboolean
bel_window_close_request (GtkWindow *window)
{
  BelWindow *self = BEL_WINDOW (window);

  if (self->kiosk_mode)
    {
      /* Alt+F4, the compositor's close button and the like all end here: a kiosk stays. */
      g_debug ("Ignoring a request to close the kiosk");
      return TRUE;
    }

  return GTK_WINDOW_CLASS (bel_window_parent_class)->close_request (window);
}

static void
fullscreened_changed_cb (BelWindow  *self,
                         GParamSpec *pspec)
{
  if (self->kiosk_mode && !gtk_window_is_fullscreen (GTK_WINDOW (self)))
    gtk_window_fullscreen (GTK_WINDOW (self));
}

/* Catalogue */

static void
propagate_catalogue (BelWindow *self)
{
  FOR_EACH_PAGE (self, page)
    bel_page_set_catalogue (page, self->catalogue);

  update_title (self);
  update_banner (self);
}

static void
catalogue_changed_cb (BelWindow *self)
{
  propagate_catalogue (self);
}

static void
search_no_results_cb (BelWindow  *self,
                      const char *query)
{
  g_signal_emit (self, signals[SEARCH_NO_RESULTS], 0, query, bel_lang_to_code (self->language));
}

/* GObject */

static void
settings_changed_cb (BelWindow  *self,
                     const char *key)
{
  if (g_str_equal (key, "catalogue-max-age"))
    update_banner (self);
  else if (g_str_equal (key, "idle-timeout") || g_str_equal (key, "idle-countdown") ||
           g_str_equal (key, "attract-timeout"))
    bel_window_set_idle_timeouts (self,
                                  g_settings_get_uint (self->settings, "idle-timeout") * 1000,
                                  g_settings_get_uint (self->settings, "idle-countdown") * 1000,
                                  g_settings_get_uint (self->settings, "attract-timeout") * 1000);
}

static void
update_window_buttons (BelWindow *self)
{
  gboolean framed = !self->kiosk_mode && gtk_window_get_decorated (GTK_WINDOW (self));

  /* A window on a volunteer's laptop can be closed; the kiosk has no such button, and no
   * frame (GTK draws one without a compositor even when asked for no decorations). */
  adw_header_bar_set_show_end_title_buttons (self->header_bar, framed);
  if (framed)
    gtk_widget_remove_css_class (GTK_WIDGET (self), "bel-frameless");
  else
    gtk_widget_add_css_class (GTK_WIDGET (self), "bel-frameless");
}

static void
bel_window_constructed (GObject *object)
{
  BelWindow *self = BEL_WINDOW (object);

  G_OBJECT_CLASS (bel_window_parent_class)->constructed (object);

  if (self->kiosk_mode)
    {
      gtk_window_set_decorated (GTK_WINDOW (self), FALSE);
      gtk_window_fullscreen (GTK_WINDOW (self));
      g_signal_connect (self, "notify::fullscreened",
                        G_CALLBACK (fullscreened_changed_cb), NULL);
    }
  update_window_buttons (self);
  g_signal_connect (self, "notify::decorated", G_CALLBACK (update_window_buttons), NULL);
}

static void
bel_window_dispose (GObject *object)
{
  BelWindow *self = BEL_WINDOW (object);

  g_clear_handle_id (&self->idle_source, g_source_remove);
  g_clear_handle_id (&self->countdown_source, g_source_remove);

  if (self->contrast_provider && self->high_contrast)
    gtk_style_context_remove_provider_for_display (gtk_widget_get_display (GTK_WIDGET (self)),
                                                   GTK_STYLE_PROVIDER (self->contrast_provider));
  g_clear_object (&self->contrast_provider);

  if (self->catalogue)
    g_clear_signal_handler (&self->catalogue_changed_id, self->catalogue);
  g_clear_object (&self->catalogue);
  g_clear_object (&self->settings);

  G_OBJECT_CLASS (bel_window_parent_class)->dispose (object);
}

static void
bel_window_finalize (GObject *object)
{
  BelWindow *self = BEL_WINDOW (object);

  location_clear (&self->current);
  g_clear_pointer (&self->history, g_array_unref);
  g_clear_pointer (&self->text_size, g_free);

  G_OBJECT_CLASS (bel_window_parent_class)->finalize (object);
}

static void
bel_window_get_property (GObject    *object,
                         guint       prop_id,
                         GValue     *value,
                         GParamSpec *pspec)
{
  BelWindow *self = BEL_WINDOW (object);

  switch (prop_id)
    {
    case PROP_CATALOGUE:
      g_value_set_object (value, self->catalogue);
      break;

    case PROP_KIOSK_MODE:
      g_value_set_boolean (value, self->kiosk_mode);
      break;

    case PROP_LANGUAGE:
      g_value_set_string (value, bel_lang_to_code (self->language));
      break;

    case PROP_TEXT_SIZE:
      g_value_set_string (value, self->text_size ? self->text_size : "normal");
      break;

    case PROP_HIGH_CONTRAST:
      g_value_set_boolean (value, self->high_contrast);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
bel_window_set_property (GObject      *object,
                         guint         prop_id,
                         const GValue *value,
                         GParamSpec   *pspec)
{
  BelWindow *self = BEL_WINDOW (object);

  switch (prop_id)
    {
    case PROP_CATALOGUE:
      bel_window_set_catalogue (self, g_value_get_object (value));
      break;

    case PROP_KIOSK_MODE:
      self->kiosk_mode = g_value_get_boolean (value);
      break;

    case PROP_LANGUAGE:
      set_language_code (self, g_value_get_string (value));
      break;

    case PROP_TEXT_SIZE:
      set_text_size (self, g_value_get_string (value));
      break;

    case PROP_HIGH_CONTRAST:
      set_high_contrast (self, g_value_get_boolean (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
bel_window_class_init (BelWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->constructed = bel_window_constructed;
  object_class->dispose = bel_window_dispose;
  object_class->finalize = bel_window_finalize;
  object_class->get_property = bel_window_get_property;
  object_class->set_property = bel_window_set_property;
  window_class->close_request = bel_window_close_request;

  properties[PROP_CATALOGUE] =
    g_param_spec_object ("catalogue", NULL, NULL,
                         BEL_TYPE_CATALOGUE,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_KIOSK_MODE] =
    g_param_spec_boolean ("kiosk-mode", NULL, NULL,
                          FALSE,
                          G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_LANGUAGE] =
    g_param_spec_string ("language", NULL, NULL,
                         "az",
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_TEXT_SIZE] =
    g_param_spec_string ("text-size", NULL, NULL,
                         "normal",
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_HIGH_CONTRAST] =
    g_param_spec_boolean ("high-contrast", NULL, NULL,
                          FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * BelWindow::service-viewed:
   * @service_id: the service whose page the citizen opened
   * @lang: the kiosk's language then ("az", "ru" or "en")
   */
  signals[SERVICE_VIEWED] =
    g_signal_new ("service-viewed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 2, G_TYPE_STRING, G_TYPE_STRING);
  /**
   * BelWindow::search-no-results:
   * @query: what the citizen typed (to be measured, never kept)
   * @lang: the kiosk's language then
   *
   * A search found nothing and settled (BelFindPage::search-no-results).
   */
  signals[SEARCH_NO_RESULTS] =
    g_signal_new ("search-no-results", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 2, G_TYPE_STRING, G_TYPE_STRING);

  g_type_ensure (BEL_TYPE_WELCOME_PAGE);
  g_type_ensure (BEL_TYPE_FIND_PAGE);
  g_type_ensure (BEL_TYPE_LIST_PAGE);
  g_type_ensure (BEL_TYPE_SERVICE_PAGE);
  g_type_ensure (BEL_TYPE_GUIDE_PAGE);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/beledci/Kiosk/bel-window.ui");
  gtk_widget_class_bind_template_child (widget_class, BelWindow, header_bar);
  gtk_widget_class_bind_template_child (widget_class, BelWindow, title_label);
  gtk_widget_class_bind_template_child (widget_class, BelWindow, back_button);
  gtk_widget_class_bind_template_child (widget_class, BelWindow, back_content);
  gtk_widget_class_bind_template_child (widget_class, BelWindow, home_button);
  gtk_widget_class_bind_template_child (widget_class, BelWindow, home_content);
  gtk_widget_class_bind_template_child (widget_class, BelWindow, contrast_button);
  gtk_widget_class_bind_template_child (widget_class, BelWindow, contrast_content);
  gtk_widget_class_bind_template_child (widget_class, BelWindow, text_normal_button);
  gtk_widget_class_bind_template_child (widget_class, BelWindow, text_large_button);
  gtk_widget_class_bind_template_child (widget_class, BelWindow, text_xlarge_button);
  gtk_widget_class_bind_template_child (widget_class, BelWindow, language_button);
  gtk_widget_class_bind_template_child (widget_class, BelWindow, language_content);
  gtk_widget_class_bind_template_child (widget_class, BelWindow, language_popover);
  gtk_widget_class_bind_template_child (widget_class, BelWindow, banner_revealer);
  gtk_widget_class_bind_template_child (widget_class, BelWindow, banner_label);
  gtk_widget_class_bind_template_child (widget_class, BelWindow, stack);
  gtk_widget_class_bind_template_child (widget_class, BelWindow, welcome_page);
  gtk_widget_class_bind_template_child (widget_class, BelWindow, find_page);
  gtk_widget_class_bind_template_child (widget_class, BelWindow, list_page);
  gtk_widget_class_bind_template_child (widget_class, BelWindow, service_page);
  gtk_widget_class_bind_template_child (widget_class, BelWindow, guide_page);
  gtk_widget_class_bind_template_child (widget_class, BelWindow, idle_overlay);
  gtk_widget_class_bind_template_child (widget_class, BelWindow, idle_title);
  gtk_widget_class_bind_template_child (widget_class, BelWindow, idle_countdown_label);
  gtk_widget_class_bind_template_child (widget_class, BelWindow, idle_progress);
  gtk_widget_class_bind_template_child (widget_class, BelWindow, idle_yes_button);
  gtk_widget_class_bind_template_callback (widget_class, language_chosen_cb);

  gtk_widget_class_install_action (widget_class, "nav.back", NULL, nav_back_cb);
  gtk_widget_class_install_action (widget_class, "nav.home", NULL, nav_home_cb);
  gtk_widget_class_install_action (widget_class, "nav.find", "s", nav_find_cb);
  gtk_widget_class_install_action (widget_class, "nav.category", "s", nav_category_cb);
  gtk_widget_class_install_action (widget_class, "nav.agency", "s", nav_agency_cb);
  gtk_widget_class_install_action (widget_class, "nav.service", "s", nav_service_cb);
  gtk_widget_class_install_action (widget_class, "nav.guide", "s", nav_guide_cb);
  gtk_widget_class_install_action (widget_class, "kiosk.still-here", NULL, still_here_cb);
  gtk_widget_class_install_property_action (widget_class, "kiosk.language", "language");
  gtk_widget_class_install_property_action (widget_class, "kiosk.text-size", "text-size");
  gtk_widget_class_install_property_action (widget_class, "kiosk.high-contrast", "high-contrast");

  /* Alt+Left, the usual Back key, for volunteers with a physical keyboard. */
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Left, GDK_ALT_MASK, "nav.back", NULL);
}

static void
bel_window_init (BelWindow *self)
{
  GtkEventController *controller;

  gtk_widget_init_template (GTK_WIDGET (self));

  bel_stack_track_hidden_pages (self->stack);

  self->history = g_array_new (FALSE, TRUE, sizeof (Location));
  g_array_set_clear_func (self->history, (GDestroyNotify) location_clear);
  self->current.kind = LOCATION_WELCOME;

  FOR_EACH_PAGE (self, page)
    g_signal_connect_object (page, "notify::title",
                             G_CALLBACK (page_title_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->find_page, "search-no-results",
                           G_CALLBACK (search_no_results_cb), self, G_CONNECT_SWAPPED);

  bel_i18n_bind (self->back_content, "label", N_("Back"));
  bel_i18n_bind (self->home_content, "label", N_("Home"));
  bel_i18n_bind (self->contrast_content, "label", N_("Contrast"));
  /* The buttons with an icon and a label are named by their label (AdwButtonContent says so
   * to the accessibility tree); the others get a name of their own. */
  bel_i18n_bind (self->contrast_button, BEL_I18N_ACCESSIBLE_DESCRIPTION, N_("High contrast"));
  bel_i18n_bind (self->text_normal_button, BEL_I18N_ACCESSIBLE_LABEL, N_("Normal text size"));
  bel_i18n_bind (self->text_large_button, BEL_I18N_ACCESSIBLE_LABEL, N_("Large text size"));
  bel_i18n_bind (self->text_xlarge_button, BEL_I18N_ACCESSIBLE_LABEL, N_("Extra large text size"));
  bel_i18n_bind (self->language_button, BEL_I18N_ACCESSIBLE_LABEL, N_("Language"));
  bel_i18n_bind (self->idle_title, "label", N_("Are you still there?"));
  bel_i18n_bind (self->idle_yes_button, "label", N_("Yes, I am here"));

  self->settings = g_settings_new (APP_ID);
  g_signal_connect_object (self->settings, "changed",
                           G_CALLBACK (settings_changed_cb), self, G_CONNECT_SWAPPED);

  /* Every input, wherever it goes, counts as someone being there. */
  controller = gtk_event_controller_legacy_new ();
  gtk_event_controller_set_propagation_phase (controller, GTK_PHASE_CAPTURE);
  g_signal_connect (controller, "event", G_CALLBACK (legacy_event_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), controller);

  controller = gtk_event_controller_key_new ();
  gtk_event_controller_set_propagation_phase (controller, GTK_PHASE_CAPTURE);
  g_signal_connect (controller, "key-pressed", G_CALLBACK (key_pressed_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), controller);

  self->idle_ms = g_settings_get_uint (self->settings, "idle-timeout") * 1000;
  self->countdown_ms = g_settings_get_uint (self->settings, "idle-countdown") * 1000;
  self->attract_ms = g_settings_get_uint (self->settings, "attract-timeout") * 1000;

  self->language = BEL_N_LANGS;   /* so the first set_language() always applies */
  restore_session_defaults (self);
  show_location (self, GTK_STACK_TRANSITION_TYPE_NONE);
  note_activity (self);
}

BelWindow *
bel_window_new (GtkApplication *application,
                gboolean        kiosk_mode)
{
  return g_object_new (BEL_TYPE_WINDOW,
                       "application", application,
                       "kiosk-mode", kiosk_mode,
                       NULL);
}

BelCatalogue *
bel_window_get_catalogue (BelWindow *self)
{
  g_return_val_if_fail (BEL_IS_WINDOW (self), NULL);

  return self->catalogue;
}

void
bel_window_set_catalogue (BelWindow    *self,
                          BelCatalogue *catalogue)
{
  g_return_if_fail (BEL_IS_WINDOW (self));
  g_return_if_fail (!catalogue || BEL_IS_CATALOGUE (catalogue));

  if (self->catalogue == catalogue)
    return;

  if (self->catalogue)
    g_clear_signal_handler (&self->catalogue_changed_id, self->catalogue);
  g_set_object (&self->catalogue, catalogue);

  /* A sync replaces the content of the same catalogue object and says so with "changed". */
  if (catalogue && g_signal_lookup ("changed", BEL_TYPE_CATALOGUE) != 0)
    self->catalogue_changed_id = g_signal_connect_object (catalogue, "changed",
                                                          G_CALLBACK (catalogue_changed_cb),
                                                          self, G_CONNECT_SWAPPED);

  propagate_catalogue (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CATALOGUE]);
}

gboolean
bel_window_get_kiosk_mode (BelWindow *self)
{
  g_return_val_if_fail (BEL_IS_WINDOW (self), FALSE);

  return self->kiosk_mode;
}

gboolean
bel_window_is_kiosk_for (GtkWidget *widget)
{
  GtkRoot *root;

  g_return_val_if_fail (GTK_IS_WIDGET (widget), FALSE);

  root = gtk_widget_get_root (widget);
  return BEL_IS_WINDOW (root) && bel_window_get_kiosk_mode (BEL_WINDOW (root));
}

BelPage *
bel_window_get_page (BelWindow  *self,
                     const char *name)
{
  g_return_val_if_fail (BEL_IS_WINDOW (self), NULL);

  return BEL_PAGE (gtk_stack_get_child_by_name (self->stack, name));
}

BelPage *
bel_window_get_visible_page (BelWindow *self)
{
  g_return_val_if_fail (BEL_IS_WINDOW (self), NULL);

  return BEL_PAGE (gtk_stack_get_visible_child (self->stack));
}

guint
bel_window_get_history_length (BelWindow *self)
{
  g_return_val_if_fail (BEL_IS_WINDOW (self), 0);

  return self->history->len;
}

void
bel_window_reset (BelWindow *self)
{
  g_return_if_fail (BEL_IS_WINDOW (self));

  stop_countdown (self);
  stop_attract (self);
  gtk_popover_popdown (self->language_popover);

  FOR_EACH_PAGE (self, page)
    bel_page_reset (page);

  go_home (self, GTK_STACK_TRANSITION_TYPE_NONE);
  restore_session_defaults (self);

  /* Nothing keeps focus on a widget the last citizen used. */
  gtk_window_set_focus (GTK_WINDOW (self), NULL);

  note_activity (self);
}

void
bel_window_set_idle_timeouts (BelWindow *self,
                              guint      idle_ms,
                              guint      countdown_ms,
                              guint      attract_ms)
{
  g_return_if_fail (BEL_IS_WINDOW (self));

  self->idle_ms = MAX (idle_ms, 1);
  self->countdown_ms = MAX (countdown_ms, 1);
  self->attract_ms = MAX (attract_ms, 1);

  if (self->countdown_source == 0)
    arm_idle_timer (self, MIN (self->idle_ms, self->attract_ms));
}

void
bel_window_set_sync_status (BelWindow           *self,
                            const BelSyncStatus *status)
{
  g_return_if_fail (BEL_IS_WINDOW (self));

  self->has_sync_error = status != NULL && status->has_content_error;
  self->sync_error = status != NULL ? status->content_error : BEL_SYNC_ERROR_LOCAL;
  self->last_sync = status != NULL ? status->content_checked : 0;

  bel_welcome_page_set_sync_info (BEL_WELCOME_PAGE (self->welcome_page), self->last_sync,
                                  status != NULL ? status->pending_records : 0);
  update_banner (self);
}

const char *
bel_window_get_banner_text (BelWindow *self)
{
  g_return_val_if_fail (BEL_IS_WINDOW (self), NULL);

  if (!gtk_revealer_get_reveal_child (self->banner_revealer))
    return NULL;
  return gtk_label_get_label (self->banner_label);
}
