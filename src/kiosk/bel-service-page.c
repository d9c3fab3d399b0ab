/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "bel-service-page"

#include "config.h"

#include <adwaita.h>

#include "bel-guide-links.h"   /* issue 4: how to sign in for this service */
#include "bel-i18n.h"
#include "bel-print.h"
#include "bel-qr-code.h"
#include "bel-service-page.h"
#include "bel-service-row.h"
#include "bel-speaker.h"
#include "bel-window.h"

/* ASAN's call centre answers questions about any state service. */
#define GENERAL_HELPLINE "108"

/* How long a "no printer" answer is trusted before asking again. */
#define PRINTER_CHECK_INTERVAL_US (60 * G_USEC_PER_SEC)

struct _BelServicePage
{
  BelPage            parent_instance;

  /* Template widgets */
  GtkScrolledWindow *scroller;
  GtkLabel          *title_label;
  GtkLabel          *agency_label;
  GtkWidget         *badge;
  GtkImage          *badge_icon;
  GtkLabel          *badge_label;
  GtkLabel          *retired_label;
  GtkLabel          *summary_label;
  GtkWidget         *take_away_box;
  BelQrCode         *qr_code;
  GtkLabel          *qr_heading;
  GtkLabel          *qr_caption;
  GtkWidget         *print_button;
  AdwButtonContent  *print_content;
  GtkWidget         *speak_button;
  AdwButtonContent  *speak_content;
  GtkLabel          *action_status;
  GtkGrid           *facts_grid;
  BelGuideLinks     *guide_links;
  GtkWidget         *eligibility_section;
  GtkLabel          *eligibility_heading;
  GtkLabel          *eligibility_label;
  GtkLabel          *documents_heading;
  GtkBox            *documents_box;
  GtkLabel          *steps_heading;
  GtkBox            *steps_box;
  GtkLabel          *checked_label;

  char              *service_id;
  BelService        *service;
  BelSpeaker        *speaker;
  GCancellable      *cancellable;
  char              *print_file;
  gboolean           printing;
  gboolean           has_printer;
  gint64             printer_checked;
};

G_DEFINE_FINAL_TYPE (BelServicePage, bel_service_page, BEL_TYPE_PAGE)

static const char *
agency_name (BelServicePage *self,
             BelLang         lang)
{
  BelCatalogue *catalogue = bel_page_get_catalogue (BEL_PAGE (self));
  BelAgency *agency;

  if (self->service == NULL || catalogue == NULL)
    return NULL;

  agency = bel_catalogue_get_agency (catalogue, bel_service_get_agency_id (self->service));
  return agency ? bel_agency_get_name (agency, lang) : NULL;
}

static const char *
agency_helpline (BelServicePage *self)
{
  BelCatalogue *catalogue = bel_page_get_catalogue (BEL_PAGE (self));
  BelAgency *agency = NULL;
  const char *helpline = NULL;

  if (self->service && catalogue)
    agency = bel_catalogue_get_agency (catalogue, bel_service_get_agency_id (self->service));
  if (agency)
    helpline = bel_agency_get_helpline (agency);

  return helpline && *helpline ? helpline : NULL;
}

/* What the kiosk says wherever the catalogue does not know: a wrong guess would send a
 * villager on a wasted trip. */
static char *
not_known_text (BelServicePage *self)
{
  const char *helpline = agency_helpline (self);

  /* TRANSLATORS: %s is a short telephone number such as 108. */
  return g_strdup_printf (_("Not known. Ask at an ASAN centre or call the helpline %s."),
                          helpline ? helpline : GENERAL_HELPLINE);
}

static const char *
describe_sign_in (const char *method)
{
  if (g_str_equal (method, "fin"))
    return _("ID card number (FİN) and password");
  if (g_str_equal (method, "sima"))
    return _("SİMA digital signature (phone app)");
  if (g_str_equal (method, "asan-imza"))
    return _("ASAN İmza (mobile signature)");
  if (g_str_equal (method, "e-imza"))
    return _("e-İmza card or token");
  if (g_str_equal (method, "bsxm"))
    return _("Central Bank (BSXM) electronic signature");
  return method;
}

static void
remove_children (GtkWidget *parent)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (parent)))
    gtk_widget_unparent (child);
}

static GtkWidget *
make_label (const char *text)
{
  GtkWidget *label = gtk_label_new (text);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_WORD_CHAR);
  gtk_label_set_natural_wrap_mode (GTK_LABEL (label), GTK_NATURAL_WRAP_NONE);
  gtk_widget_set_hexpand (label, TRUE);
  return label;
}

/* A line with a marker in front: an empty box to tick for a document, a number for a step. */
static void
append_item (GtkBox     *box,
             GtkWidget  *marker,
             const char *text)
{
  GtkWidget *row = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 16);

  gtk_widget_set_valign (marker, GTK_ALIGN_START);
  gtk_box_append (GTK_BOX (row), marker);
  gtk_box_append (GTK_BOX (row), make_label (text));
  gtk_widget_add_css_class (row, "bel-item");
  gtk_box_append (box, row);
}

static void
append_fact (BelServicePage *self,
             int             row,
             const char     *icon_name,
             const char     *name,
             const char     *value)
{
  GtkWidget *icon = gtk_image_new_from_icon_name (icon_name);
  GtkWidget *name_label = gtk_label_new (name);
  GtkWidget *value_label = make_label (value);

  gtk_image_set_pixel_size (GTK_IMAGE (icon), 28);
  gtk_widget_set_valign (icon, GTK_ALIGN_START);
  gtk_accessible_update_property (GTK_ACCESSIBLE (icon), GTK_ACCESSIBLE_PROPERTY_LABEL, "", -1);
  gtk_label_set_xalign (GTK_LABEL (name_label), 0);
  gtk_label_set_yalign (GTK_LABEL (name_label), 0);
  gtk_widget_set_valign (name_label, GTK_ALIGN_START);
  gtk_widget_add_css_class (name_label, "bel-fact-name");
  gtk_widget_set_valign (value_label, GTK_ALIGN_START);

  gtk_grid_attach (self->facts_grid, icon, 0, row, 1, 1);
  gtk_grid_attach (self->facts_grid, name_label, 1, row, 1, 1);
  gtk_grid_attach (self->facts_grid, value_label, 2, row, 1, 1);
}

static char *
describe_fee (BelServicePage *self,
              BelLang         lang)
{
  const char *note = bel_service_get_fee_note (self->service, lang);
  g_autofree char *fee = NULL;
  double azn;

  if (!bel_service_get_fee (self->service, &azn))
    return not_known_text (self);

  fee = bel_format_fee (azn);
  if (note && *note)
    return g_strdup_printf ("%s\n%s", fee, note);
  return g_steal_pointer (&fee);
}

static void
render_facts (BelServicePage *self,
              BelLang         lang)
{
  const char * const *sign_in = bel_service_get_sign_in (self->service);
  const char *duration = bel_service_get_duration (self->service, lang);
  const char *helpline = agency_helpline (self);
  BelChannel channel = bel_service_get_channel (self->service);
  g_autofree char *fee = describe_fee (self, lang);
  g_autofree char *methods = NULL;
  g_autofree char *unknown = not_known_text (self);
  const char *channel_icon;
  const char *channel_text = bel_channel_describe (channel, &channel_icon);
  int row = 0;

  remove_children (GTK_WIDGET (self->facts_grid));

  append_fact (self, row++, "bel-fee-symbolic", _("Fee"), fee);
  append_fact (self, row++, "bel-clock-symbolic", _("How long it takes"),
               duration && *duration ? duration : unknown);
  append_fact (self, row++, channel_icon, _("Where"), channel_text);

  if (sign_in && sign_in[0])
    {
      g_autoptr(GPtrArray) names = g_ptr_array_new ();

      for (guint i = 0; sign_in[i]; i++)
        g_ptr_array_add (names, (gpointer) describe_sign_in (sign_in[i]));
      g_ptr_array_add (names, NULL);
      methods = g_strjoinv ("\n", (char **) names->pdata);
    }
  else if (channel == BEL_CHANNEL_IN_PERSON)
    methods = g_strdup (_("Not needed: the service is given in person"));
  else
    methods = g_strdup (unknown);
  append_fact (self, row++, "bel-sign-in-symbolic", _("Sign in with"), methods);

  if (helpline)
    append_fact (self, row++, "bel-phone-symbolic", _("Helpline"), helpline);
}

static void
render_lists (BelServicePage *self,
              BelLang         lang)
{
  const char * const *documents = bel_service_get_documents (self->service, lang);
  const char * const *steps = bel_service_get_steps (self->service, lang);
  g_autofree char *unknown = not_known_text (self);

  remove_children (GTK_WIDGET (self->documents_box));
  remove_children (GTK_WIDGET (self->steps_box));

  if (documents && documents[0])
    {
      for (guint i = 0; documents[i]; i++)
        {
          GtkWidget *box = gtk_image_new_from_icon_name ("bel-checkbox-symbolic");

          gtk_image_set_pixel_size (GTK_IMAGE (box), 28);
          gtk_accessible_update_property (GTK_ACCESSIBLE (box),
                                          GTK_ACCESSIBLE_PROPERTY_LABEL, "", -1);
          append_item (self->documents_box, box, documents[i]);
        }
    }
  else
    {
      append_item (self->documents_box,
                   gtk_image_new_from_icon_name ("bel-info-symbolic"), unknown);
    }

  if (steps && steps[0])
    {
      for (guint i = 0; steps[i]; i++)
        {
          g_autofree char *number = g_strdup_printf ("%u", i + 1);
          GtkWidget *marker = gtk_label_new (number);

          gtk_widget_add_css_class (marker, "bel-step-number");
          append_item (self->steps_box, marker, steps[i]);
        }
    }
  else
    {
      append_item (self->steps_box,
                   gtk_image_new_from_icon_name ("bel-info-symbolic"), unknown);
    }
}

static void
update_speak_button (BelServicePage *self)
{
  gboolean speaking = bel_speaker_get_speaking (self->speaker);

  bel_i18n_bind (self->speak_content, "label", speaking ? N_("Stop reading") : N_("Read aloud"));
  adw_button_content_set_icon_name (self->speak_content,
                                    speaking ? "media-playback-stop-symbolic"
                                             : "audio-speakers-symbolic");
}

static void
set_action_status (BelServicePage *self,
                   const char     *text)
{
  gtk_label_set_label (self->action_status, text ? text : "");
  gtk_widget_set_visible (GTK_WIDGET (self->action_status), text != NULL);
}

static void
render (BelServicePage *self)
{
  BelCatalogue *catalogue = bel_page_get_catalogue (BEL_PAGE (self));
  BelLang lang = bel_page_get_language (BEL_PAGE (self));
  g_autofree char *checked = NULL;
  g_autofree char *date = NULL;
  const char *agency;
  const char *eligibility;
  const char *icon_name;
  const char *channel_text;
  gboolean retired;

  g_clear_object (&self->service);
  if (catalogue && self->service_id)
    {
      BelService *service = bel_catalogue_get_service (catalogue, self->service_id);

      self->service = service ? g_object_ref (service) : NULL;
    }

  gtk_widget_set_visible (self->take_away_box, self->service != NULL);
  gtk_widget_set_visible (GTK_WIDGET (self->facts_grid), self->service != NULL);
  /* Issue 4: the walkthroughs of the sign-in methods the service needs. */
  bel_guide_links_set_service (self->guide_links, catalogue, self->service, lang);
  gtk_widget_set_visible (self->badge, self->service != NULL);
  gtk_widget_set_visible (gtk_widget_get_parent (GTK_WIDGET (self->documents_box)),
                          self->service != NULL);
  gtk_widget_set_visible (gtk_widget_get_parent (GTK_WIDGET (self->steps_box)),
                          self->service != NULL);
  gtk_widget_set_visible (self->eligibility_section, self->service != NULL);
  gtk_widget_set_visible (GTK_WIDGET (self->retired_label), FALSE);
  set_action_status (self, NULL);

  if (self->service == NULL)
    {
      const char *title = self->service_id && catalogue ? _("This service was not found") : "";

      gtk_label_set_label (self->title_label, title);
      gtk_label_set_label (self->agency_label, "");
      gtk_label_set_label (self->summary_label, "");
      gtk_label_set_label (self->checked_label, "");
      bel_qr_code_set_url (self->qr_code, NULL);
      remove_children (GTK_WIDGET (self->facts_grid));
      remove_children (GTK_WIDGET (self->documents_box));
      remove_children (GTK_WIDGET (self->steps_box));
      bel_page_set_title (BEL_PAGE (self), title);
      return;
    }

  retired = bel_service_is_retired (self->service);
  agency = agency_name (self, lang);
  channel_text = bel_channel_describe (bel_service_get_channel (self->service), &icon_name);

  gtk_label_set_label (self->title_label, bel_service_get_title (self->service, lang));
  gtk_label_set_label (self->agency_label, agency ? agency : "");
  gtk_label_set_label (self->badge_label, channel_text);
  gtk_image_set_from_icon_name (self->badge_icon, icon_name);
  gtk_label_set_label (self->summary_label, bel_service_get_summary (self->service, lang));
  bel_page_set_title (BEL_PAGE (self), bel_service_get_title (self->service, lang));

  if (retired)
    {
      gtk_label_set_label (self->retired_label,
                           _("This service is no longer offered. Ask a volunteer what replaced it."));
      gtk_widget_set_visible (GTK_WIDGET (self->retired_label), TRUE);
    }
  gtk_widget_set_visible (self->take_away_box, !retired);

  bel_qr_code_set_url (self->qr_code, retired ? NULL : bel_service_get_url (self->service));

  eligibility = bel_service_get_eligibility (self->service, lang);
  if (eligibility && *eligibility)
    gtk_label_set_label (self->eligibility_label, eligibility);
  else
    {
      g_autofree char *unknown = not_known_text (self);
      gtk_label_set_label (self->eligibility_label, unknown);
    }

  render_facts (self, lang);
  render_lists (self, lang);

  /* The source is a note for the catalogue's editors; citizens get the date. */
  date = bel_format_date (bel_service_get_checked (self->service));
  if (date)
    /* TRANSLATORS: %s is a date such as 28.11.2026. */
    checked = g_strdup_printf (_("These details were checked on %s."), date);
  gtk_label_set_label (self->checked_label, checked ? checked : "");
}

/* Reading aloud */

static char *
text_to_read (BelServicePage *self,
              BelLang         lang)
{
  const char * const *documents = bel_service_get_documents (self->service, lang);
  g_autoptr(GString) text = g_string_new (NULL);

  g_string_append_printf (text, "%s.\n%s\n", bel_service_get_title (self->service, lang),
                          bel_service_get_summary (self->service, lang));
  if (documents && documents[0])
    {
      g_string_append_printf (text, "%s:\n", _("What to bring"));
      for (guint i = 0; documents[i]; i++)
        g_string_append_printf (text, "%s.\n", documents[i]);
    }

  return g_string_free (g_steal_pointer (&text), FALSE);
}

static void
speaking_changed_cb (BelServicePage *self)
{
  update_speak_button (self);
}

static void
speaker_error_cb (BelServicePage *self,
                  GError         *error)
{
  set_action_status (self, error->message);
  update_speak_button (self);
}

static void
read_aloud_cb (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  BelServicePage *self = BEL_SERVICE_PAGE (widget);
  g_autofree char *text = NULL;

  if (self->service == NULL)
    return;

  if (bel_speaker_get_speaking (self->speaker))
    {
      bel_speaker_stop (self->speaker);
      return;
    }

  set_action_status (self, NULL);
  text = text_to_read (self, bel_page_get_language (BEL_PAGE (self)));
  bel_speaker_speak (self->speaker, text, bel_page_get_language (BEL_PAGE (self)));
  update_speak_button (self);
}

static void
stop_reading (BelServicePage *self)
{
  if (self->speaker)   /* NULL once disposed */
    bel_speaker_stop (self->speaker);
}

/* Printing */

static void
print_done_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(BelServicePage) self = user_data;
  g_autoptr(GError) error = NULL;
  gboolean printed;

  self->printing = FALSE;
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "service.print", TRUE);

  printed = bel_print_service_run_finish (result, &error);
  set_action_status (self, bel_print_result_message (printed, error));
}

static void
print_cb (GtkWidget  *widget,
          const char *action_name,
          GVariant   *parameter)
{
  BelServicePage *self = BEL_SERVICE_PAGE (widget);
  BelLang lang = bel_page_get_language (BEL_PAGE (self));
  GtkRoot *root = gtk_widget_get_root (widget);

  if (self->service == NULL || self->printing)
    return;

  if (self->print_file)
    {
      g_autoptr(GError) error = NULL;

      if (bel_print_service_to_pdf (self->service, lang, agency_name (self, lang),
                                    self->print_file, &error))
        set_action_status (self, _("The checklist was saved to a file."));
      else
        set_action_status (self, error->message);
      return;
    }

  self->printing = TRUE;
  gtk_widget_action_set_enabled (widget, "service.print", FALSE);
  set_action_status (self, _("Printing…"));
  bel_print_service_run (self->service, lang, agency_name (self, lang),
                         GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                         bel_window_is_kiosk_for (GTK_WIDGET (self)), self->cancellable,
                         print_done_cb, g_object_ref (self));
}

static void
printer_found_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(BelServicePage) self = user_data;
  g_autoptr(GtkPrinter) printer = NULL;
  g_autoptr(GError) error = NULL;

  printer = bel_print_find_printer_finish (result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  self->has_printer = printer != NULL;
  self->printer_checked = g_get_monotonic_time ();
  gtk_widget_set_visible (self->print_button, self->has_printer || self->print_file);
}

static void
check_printer (BelServicePage *self)
{
  /* In a window the print dialog offers every printer; a kiosk prints only to a real one
   * and shows no Print button when it has none. */
  if (!bel_window_is_kiosk_for (GTK_WIDGET (self)) || self->print_file)
    {
      gtk_widget_set_visible (self->print_button, TRUE);
      return;
    }

  gtk_widget_set_visible (self->print_button, self->has_printer);
  if (self->printer_checked == 0 ||
      g_get_monotonic_time () - self->printer_checked > PRINTER_CHECK_INTERVAL_US)
    bel_print_find_printer_async (self->cancellable, printer_found_cb, g_object_ref (self));
}

/* BelPage */

static void
bel_service_page_language_changed (BelPage *page)
{
  BelServicePage *self = BEL_SERVICE_PAGE (page);

  stop_reading (self);
  render (self);
}

static void
bel_service_page_catalogue_changed (BelPage *page)
{
  render (BEL_SERVICE_PAGE (page));
}

static void
bel_service_page_reset (BelPage *page)
{
  BelServicePage *self = BEL_SERVICE_PAGE (page);

  stop_reading (self);
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  self->printing = FALSE;
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "service.print", TRUE);

  g_clear_pointer (&self->service_id, g_free);
  render (self);
  gtk_adjustment_set_value (gtk_scrolled_window_get_vadjustment (self->scroller), 0);
}

static void
bel_service_page_shown (BelPage *page)
{
  check_printer (BEL_SERVICE_PAGE (page));
}

/* GObject */

static void
bel_service_page_unmap (GtkWidget *widget)
{
  /* Leaving the page stops the voice: it would otherwise talk over the next screen. */
  stop_reading (BEL_SERVICE_PAGE (widget));

  GTK_WIDGET_CLASS (bel_service_page_parent_class)->unmap (widget);
}

static void
bel_service_page_dispose (GObject *object)
{
  BelServicePage *self = BEL_SERVICE_PAGE (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  if (self->speaker)
    bel_speaker_stop (self->speaker);
  g_clear_object (&self->speaker);
  g_clear_object (&self->service);
  gtk_widget_dispose_template (GTK_WIDGET (self), BEL_TYPE_SERVICE_PAGE);

  G_OBJECT_CLASS (bel_service_page_parent_class)->dispose (object);
}

static void
bel_service_page_finalize (GObject *object)
{
  BelServicePage *self = BEL_SERVICE_PAGE (object);

  g_clear_pointer (&self->service_id, g_free);
  g_clear_pointer (&self->print_file, g_free);

  G_OBJECT_CLASS (bel_service_page_parent_class)->finalize (object);
}

static void
bel_service_page_class_init (BelServicePageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  BelPageClass *page_class = BEL_PAGE_CLASS (klass);

  object_class->dispose = bel_service_page_dispose;
  object_class->finalize = bel_service_page_finalize;
  widget_class->unmap = bel_service_page_unmap;
  page_class->language_changed = bel_service_page_language_changed;
  page_class->catalogue_changed = bel_service_page_catalogue_changed;
  page_class->reset = bel_service_page_reset;
  page_class->shown = bel_service_page_shown;

  g_type_ensure (BEL_TYPE_QR_CODE);
  g_type_ensure (BEL_TYPE_GUIDE_LINKS);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/beledci/Kiosk/bel-service-page.ui");
  gtk_widget_class_bind_template_child (widget_class, BelServicePage, scroller);
  gtk_widget_class_bind_template_child (widget_class, BelServicePage, title_label);
  gtk_widget_class_bind_template_child (widget_class, BelServicePage, agency_label);
  gtk_widget_class_bind_template_child (widget_class, BelServicePage, badge);
  gtk_widget_class_bind_template_child (widget_class, BelServicePage, badge_icon);
  gtk_widget_class_bind_template_child (widget_class, BelServicePage, badge_label);
  gtk_widget_class_bind_template_child (widget_class, BelServicePage, retired_label);
  gtk_widget_class_bind_template_child (widget_class, BelServicePage, summary_label);
  gtk_widget_class_bind_template_child (widget_class, BelServicePage, take_away_box);
  gtk_widget_class_bind_template_child (widget_class, BelServicePage, qr_code);
  gtk_widget_class_bind_template_child (widget_class, BelServicePage, qr_heading);
  gtk_widget_class_bind_template_child (widget_class, BelServicePage, qr_caption);
  gtk_widget_class_bind_template_child (widget_class, BelServicePage, print_button);
  gtk_widget_class_bind_template_child (widget_class, BelServicePage, print_content);
  gtk_widget_class_bind_template_child (widget_class, BelServicePage, speak_button);
  gtk_widget_class_bind_template_child (widget_class, BelServicePage, speak_content);
  gtk_widget_class_bind_template_child (widget_class, BelServicePage, action_status);
  gtk_widget_class_bind_template_child (widget_class, BelServicePage, facts_grid);
  gtk_widget_class_bind_template_child (widget_class, BelServicePage, guide_links);
  gtk_widget_class_bind_template_child (widget_class, BelServicePage, eligibility_section);
  gtk_widget_class_bind_template_child (widget_class, BelServicePage, eligibility_heading);
  gtk_widget_class_bind_template_child (widget_class, BelServicePage, eligibility_label);
  gtk_widget_class_bind_template_child (widget_class, BelServicePage, documents_heading);
  gtk_widget_class_bind_template_child (widget_class, BelServicePage, documents_box);
  gtk_widget_class_bind_template_child (widget_class, BelServicePage, steps_heading);
  gtk_widget_class_bind_template_child (widget_class, BelServicePage, steps_box);
  gtk_widget_class_bind_template_child (widget_class, BelServicePage, checked_label);

  gtk_widget_class_install_action (widget_class, "service.print", NULL, print_cb);
  gtk_widget_class_install_action (widget_class, "service.read-aloud", NULL, read_aloud_cb);
}

static void
bel_service_page_init (BelServicePage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->cancellable = g_cancellable_new ();
  self->speaker = bel_speaker_new ();
  g_signal_connect_object (self->speaker, "notify::speaking",
                           G_CALLBACK (speaking_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->speaker, "error",
                           G_CALLBACK (speaker_error_cb), self, G_CONNECT_SWAPPED);

  bel_i18n_bind (self->qr_heading, "label", N_("Continue on your phone"));
  bel_i18n_bind (self->qr_caption, "label",
                 N_("Point your phone’s camera at the square code to open this service on "
                    "the internet."));
  bel_i18n_bind (self->print_content, "label", N_("Print the checklist"));
  bel_i18n_bind (self->eligibility_heading, "label", N_("Who can use it"));
  bel_i18n_bind (self->documents_heading, "label", N_("What to bring"));
  bel_i18n_bind (self->steps_heading, "label", N_("What to do"));
  update_speak_button (self);

  render (self);
}

void
bel_service_page_show_service (BelServicePage *self,
                               const char     *service_id)
{
  g_return_if_fail (BEL_IS_SERVICE_PAGE (self));

  if (g_strcmp0 (self->service_id, service_id) == 0 && self->service)
    return;

  stop_reading (self);
  g_free (self->service_id);
  self->service_id = g_strdup (service_id);
  render (self);
  gtk_adjustment_set_value (gtk_scrolled_window_get_vadjustment (self->scroller), 0);
}

BelService *
bel_service_page_get_service (BelServicePage *self)
{
  g_return_val_if_fail (BEL_IS_SERVICE_PAGE (self), NULL);

  return self->service;
}

void
bel_service_page_set_print_file (BelServicePage *self,
                                 const char     *pdf_path)
{
  g_return_if_fail (BEL_IS_SERVICE_PAGE (self));

  g_free (self->print_file);
  self->print_file = g_strdup (pdf_path);
  check_printer (self);
}

BelSpeaker *
bel_service_page_get_speaker (BelServicePage *self)
{
  g_return_val_if_fail (BEL_IS_SERVICE_PAGE (self), NULL);

  return self->speaker;
}
