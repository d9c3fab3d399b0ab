/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "bel-welcome-page"

#include "config.h"

#include <adwaita.h>

#include "bel-guide-button.h"   /* issue 4: "How to sign in" */
#include "bel-i18n.h"
#include "bel-welcome-page.h"

#define SLIDE_INTERVAL_MS 5000

struct _BelWelcomePage
{
  BelPage           parent_instance;

  GtkStack         *stack;
  GtkScrolledWindow *scroller;
  GtkLabel         *subtitle_label;
  GtkLabel         *language_heading;
  GtkWidget        *find_button;
  AdwButtonContent *find_content;
  GtkWidget        *categories_button;
  AdwButtonContent *categories_content;
  GtkWidget        *agencies_button;
  AdwButtonContent *agencies_content;
  GtkLabel         *date_label;
  GtkLabel         *about_label;
  GtkStack         *slides;

  /* About this kiosk: from the sync status (bel_welcome_page_set_sync_info). */
  gint64            last_sync;
  gint64            pending_records;

  GSettings        *settings;
  guint             slide_source;
};

G_DEFINE_FINAL_TYPE (BelWelcomePage, bel_welcome_page, BEL_TYPE_PAGE)

enum {
  PROP_0,
  PROP_ATTRACTING,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* The attract loop speaks to whoever passes by, so each slide is in its own language,
 * whatever the kiosk's current language is (like the language buttons). */
static const struct {
  const char *greeting;
  const char *invitation;
} attract_slides[] = {
  { "Salam! Lazım olan dövlət xidmətini birlikdə tapaq.", "Başlamaq üçün ekrana toxunun" },
  { "Здравствуйте! Поможем найти нужную государственную услугу.", "Коснитесь экрана, чтобы начать" },
  { "Hello! Let us help you find the state service you need.", "Touch the screen to start" },
};

static void
update_date (BelWelcomePage *self)
{
  BelCatalogue *catalogue = bel_page_get_catalogue (BEL_PAGE (self));
  g_autofree char *date = NULL;
  g_autofree char *district = g_settings_get_string (self->settings, "district");
  g_autofree char *village = g_settings_get_string (self->settings, "village");
  g_autoptr(GString) text = g_string_new (NULL);

  if (catalogue)
    date = bel_format_date (bel_catalogue_get_published (catalogue));

  if (date)
    /* TRANSLATORS: %s is the catalogue's date, such as 28.11.2026. */
    g_string_append_printf (text, _("Information as of %s"), date);
  else if (catalogue == NULL)
    g_string_append (text, _("Loading the list of services…"));

  if (*village || *district)
    {
      if (text->len)
        g_string_append (text, "  ·  ");
      g_string_append (text, village);
      if (*village && *district)
        g_string_append (text, ", ");
      g_string_append (text, district);
    }

  gtk_label_set_label (self->date_label, text->str);
}

static void
update_about (BelWelcomePage *self)
{
  BelCatalogue *catalogue = bel_page_get_catalogue (BEL_PAGE (self));
  g_autofree char *revision = NULL;
  g_autofree char *published = NULL;
  g_autofree char *last_sync = NULL;
  g_autofree char *pending = NULL;
  g_autofree char *text = NULL;

  if (catalogue == NULL)
    {
      gtk_label_set_label (self->about_label, "");
      return;
    }

  revision = g_strdup_printf ("%" G_GINT64_FORMAT, bel_catalogue_get_revision (catalogue));
  published = bel_format_date (bel_catalogue_get_published (catalogue));
  if (self->last_sync > 0)
    {
      g_autoptr(GDateTime) when = g_date_time_new_from_unix_local (self->last_sync);
      last_sync = g_date_time_format (when, "%d.%m.%Y");
    }
  pending = g_strdup_printf ("%" G_GINT64_FORMAT, MAX (self->pending_records, 0));

  /* TRANSLATORS: the first %s is the catalogue's revision number, the second its date (such
   * as 28.11.2026), the third the date of the last sync with the server (or "never"), the
   * fourth a number of anonymous records. */
  text = g_strdup_printf (_("About this kiosk: catalogue revision %s of %s. Last sync: %s. "
                            "Records waiting to be sent: %s."),
                          revision, published ? published : "—",
                          last_sync ? last_sync : _("never"), pending);
  gtk_label_set_label (self->about_label, text);
}

static void
bel_welcome_page_language_changed (BelPage *page)
{
  BelWelcomePage *self = BEL_WELCOME_PAGE (page);

  /* The welcome screen shows the project's name in large type; the top bar stays empty. */
  update_date (self);
  update_about (self);
}

static void
bel_welcome_page_catalogue_changed (BelPage *page)
{
  update_date (BEL_WELCOME_PAGE (page));
  update_about (BEL_WELCOME_PAGE (page));
}

static void
bel_welcome_page_reset (BelPage *page)
{
  BelWelcomePage *self = BEL_WELCOME_PAGE (page);

  gtk_adjustment_set_value (gtk_scrolled_window_get_vadjustment (self->scroller), 0);
}

static gboolean
next_slide_cb (gpointer user_data)
{
  BelWelcomePage *self = user_data;
  GtkWidget *visible = gtk_stack_get_visible_child (self->slides);
  GtkWidget *next = gtk_widget_get_next_sibling (visible);

  gtk_stack_set_visible_child (self->slides,
                               next ? next : gtk_widget_get_first_child (GTK_WIDGET (self->slides)));
  return G_SOURCE_CONTINUE;
}

static void
settings_changed_cb (BelWelcomePage *self,
                     const char     *key)
{
  if (g_str_equal (key, "district") || g_str_equal (key, "village"))
    update_date (self);
}

static void
bel_welcome_page_dispose (GObject *object)
{
  BelWelcomePage *self = BEL_WELCOME_PAGE (object);

  g_clear_handle_id (&self->slide_source, g_source_remove);
  g_clear_object (&self->settings);
  gtk_widget_dispose_template (GTK_WIDGET (self), BEL_TYPE_WELCOME_PAGE);

  G_OBJECT_CLASS (bel_welcome_page_parent_class)->dispose (object);
}

static void
bel_welcome_page_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  BelWelcomePage *self = BEL_WELCOME_PAGE (object);

  switch (prop_id)
    {
    case PROP_ATTRACTING:
      g_value_set_boolean (value, bel_welcome_page_get_attracting (self));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
bel_welcome_page_set_property (GObject      *object,
                               guint         prop_id,
                               const GValue *value,
                               GParamSpec   *pspec)
{
  BelWelcomePage *self = BEL_WELCOME_PAGE (object);

  switch (prop_id)
    {
    case PROP_ATTRACTING:
      bel_welcome_page_set_attracting (self, g_value_get_boolean (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
bel_welcome_page_class_init (BelWelcomePageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  BelPageClass *page_class = BEL_PAGE_CLASS (klass);

  g_type_ensure (BEL_TYPE_GUIDE_BUTTON);   /* issue 4 */
  object_class->dispose = bel_welcome_page_dispose;
  object_class->get_property = bel_welcome_page_get_property;
  object_class->set_property = bel_welcome_page_set_property;
  page_class->language_changed = bel_welcome_page_language_changed;
  page_class->catalogue_changed = bel_welcome_page_catalogue_changed;
  page_class->reset = bel_welcome_page_reset;

  properties[PROP_ATTRACTING] =
    g_param_spec_boolean ("attracting", NULL, NULL,
                          FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/beledci/Kiosk/bel-welcome-page.ui");
  gtk_widget_class_bind_template_child (widget_class, BelWelcomePage, stack);
  gtk_widget_class_bind_template_child (widget_class, BelWelcomePage, scroller);
  gtk_widget_class_bind_template_child (widget_class, BelWelcomePage, subtitle_label);
  gtk_widget_class_bind_template_child (widget_class, BelWelcomePage, language_heading);
  gtk_widget_class_bind_template_child (widget_class, BelWelcomePage, find_button);
  gtk_widget_class_bind_template_child (widget_class, BelWelcomePage, find_content);
  gtk_widget_class_bind_template_child (widget_class, BelWelcomePage, categories_button);
  gtk_widget_class_bind_template_child (widget_class, BelWelcomePage, categories_content);
  gtk_widget_class_bind_template_child (widget_class, BelWelcomePage, agencies_button);
  gtk_widget_class_bind_template_child (widget_class, BelWelcomePage, agencies_content);
  gtk_widget_class_bind_template_child (widget_class, BelWelcomePage, date_label);
  gtk_widget_class_bind_template_child (widget_class, BelWelcomePage, about_label);
  gtk_widget_class_bind_template_child (widget_class, BelWelcomePage, slides);
}

static void
bel_welcome_page_init (BelWelcomePage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->settings = g_settings_new (APP_ID);
  g_signal_connect_object (self->settings, "changed",
                           G_CALLBACK (settings_changed_cb), self, G_CONNECT_SWAPPED);
  bel_stack_track_hidden_pages (self->stack);

  for (guint i = 0; i < G_N_ELEMENTS (attract_slides); i++)
    {
      GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 16);
      GtkWidget *greeting = gtk_label_new (attract_slides[i].greeting);
      GtkWidget *invitation = gtk_label_new (attract_slides[i].invitation);

      gtk_label_set_wrap (GTK_LABEL (greeting), TRUE);
      gtk_label_set_justify (GTK_LABEL (greeting), GTK_JUSTIFY_CENTER);
      gtk_label_set_max_width_chars (GTK_LABEL (greeting), 40);
      gtk_widget_add_css_class (greeting, "bel-title-1");
      gtk_label_set_wrap (GTK_LABEL (invitation), TRUE);
      gtk_label_set_justify (GTK_LABEL (invitation), GTK_JUSTIFY_CENTER);
      gtk_widget_add_css_class (invitation, "bel-attract-invitation");
      gtk_box_append (GTK_BOX (box), greeting);
      gtk_box_append (GTK_BOX (box), invitation);
      gtk_stack_add_child (self->slides, box);
    }
  bel_stack_track_hidden_pages (self->slides);

  bel_i18n_bind (self->subtitle_label, "label",
                 N_("Find the state service you need, explained in plain words."));
  bel_i18n_bind (self->language_heading, "label", N_("Choose your language"));
  bel_i18n_bind (self->find_content, "label", N_("Find a service"));
  bel_i18n_bind (self->categories_content, "label", N_("Browse by life event"));
  bel_i18n_bind (self->agencies_content, "label", N_("Browse by agency"));

  bel_welcome_page_language_changed (BEL_PAGE (self));
}

void
bel_welcome_page_set_attracting (BelWelcomePage *self,
                                 gboolean        attracting)
{
  g_return_if_fail (BEL_IS_WELCOME_PAGE (self));

  if (attracting == bel_welcome_page_get_attracting (self))
    return;

  if (attracting)
    {
      gtk_stack_set_visible_child (self->slides,
                                   gtk_widget_get_first_child (GTK_WIDGET (self->slides)));
      gtk_stack_set_visible_child_name (self->stack, "attract");
      self->slide_source = g_timeout_add (SLIDE_INTERVAL_MS, next_slide_cb, self);
    }
  else
    {
      g_clear_handle_id (&self->slide_source, g_source_remove);
      gtk_stack_set_visible_child_name (self->stack, "main");
    }

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ATTRACTING]);
}

gboolean
bel_welcome_page_get_attracting (BelWelcomePage *self)
{
  g_return_val_if_fail (BEL_IS_WELCOME_PAGE (self), FALSE);

  return g_strcmp0 (gtk_stack_get_visible_child_name (self->stack), "attract") == 0;
}

void
bel_welcome_page_set_sync_info (BelWelcomePage *self,
                                gint64          last_sync,
                                gint64          pending_records)
{
  g_return_if_fail (BEL_IS_WELCOME_PAGE (self));

  self->last_sync = last_sync;
  self->pending_records = pending_records;
  update_about (self);
}
