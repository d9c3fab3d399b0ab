/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "bel-walkthrough-view"

#include "config.h"

#include <adwaita.h>

#include "bel-guide-page.h"
#include "bel-i18n.h"
#include "bel-print.h"
#include "bel-qr-code.h"
#include "bel-read-aloud.h"
#include "bel-svg-picture.h"
#include "bel-walkthrough-print.h"
#include "bel-walkthrough-view.h"
#include "bel-window.h"

/* How long a "no printer" answer is trusted before asking again. */
#define PRINTER_CHECK_INTERVAL_US (60 * G_USEC_PER_SEC)

struct _BelWalkthroughView
{
  GtkWidget             parent_instance;

  /* Template widgets */
  GtkWidget            *box;
  GtkLabel             *progress_label;
  AdwCarouselIndicatorDots *dots;
  AdwCarousel          *carousel;
  GtkWidget            *previous_button;
  AdwButtonContent     *previous_content;
  GtkWidget            *speak_button;
  AdwButtonContent     *speak_content;
  GtkWidget            *next_button;
  AdwButtonContent     *next_content;

  BelWalkthroughSet    *set;
  const BelWalkthrough *walkthrough;     /* owned by set */
  char                 *walkthrough_id;
  char                 *service_id;
  char                 *service_title;
  BelLang               lang;

  /* Page boxes that lie side by side on a wide screen and stacked on a tall one. */
  GPtrArray            *flip_boxes;
  GtkOrientation        orientation;
  guint                 orientation_idle;

  /* A carousel knows where its pages are only once it has laid them out: a move asked for
   * before that waits here (G_MAXUINT: none) for a frame in which they have a size. */
  guint                 pending_position;
  guint                 position_tick;

  GtkWidget            *print_button;
  GtkLabel             *status_label;
  BelSpeaker           *speaker;
  GCancellable         *cancellable;
  char                 *print_file;
  gboolean              printing;
  gboolean              has_printer;
  gint64                printer_checked;
};

G_DEFINE_FINAL_TYPE (BelWalkthroughView, bel_walkthrough_view, GTK_TYPE_WIDGET)

/* Building the pages */

static GtkWidget *
text_label (const char *text,
            const char *css_class)
{
  GtkWidget *label = gtk_label_new (text);

  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_WORD_CHAR);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_natural_wrap_mode (GTK_LABEL (label), GTK_NATURAL_WRAP_NONE);
  if (css_class)
    gtk_widget_add_css_class (label, css_class);
  return label;
}

/* An icon and a text on one line, the icon only decoration. */
static GtkWidget *
icon_row (const char *icon_name,
          const char *text,
          const char *css_class)
{
  GtkWidget *row = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 14);
  GtkWidget *icon = gtk_image_new_from_icon_name (icon_name);

  gtk_image_set_pixel_size (GTK_IMAGE (icon), 28);
  gtk_widget_set_valign (icon, GTK_ALIGN_START);
  gtk_accessible_update_property (GTK_ACCESSIBLE (icon), GTK_ACCESSIBLE_PROPERTY_LABEL, "", -1);
  gtk_box_append (GTK_BOX (row), icon);
  gtk_box_append (GTK_BOX (row), text_label (text, NULL));
  if (css_class)
    gtk_widget_add_css_class (row, css_class);
  gtk_widget_add_css_class (row, "bel-item");
  return row;
}

static GtkWidget *
helpline_row (const char *number)
{
  /* TRANSLATORS: %s is a short telephone number such as 108. */
  g_autofree char *text = g_strdup_printf (_("Questions? Call %s."), number);
  GtkWidget *row = icon_row ("bel-phone-symbolic", text, "bel-helpline");

  return row;
}

static GtkWidget *
flip_box_new (BelWalkthroughView *self)
{
  GtkWidget *box = gtk_box_new (self->orientation, 36);

  gtk_widget_set_margin_top (box, 16);
  gtk_widget_set_margin_bottom (box, 16);
  gtk_widget_set_margin_start (box, 32);
  gtk_widget_set_margin_end (box, 32);
  /* Picture and text share the screen equally, side by side or one above the other. */
  gtk_box_set_homogeneous (GTK_BOX (box), TRUE);
  g_ptr_array_add (self->flip_boxes, box);
  return box;
}

static GtkWidget *
page_new (GtkWidget *content)
{
  GtkWidget *scroller = gtk_scrolled_window_new ();

  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scroller), GTK_POLICY_NEVER,
                                  GTK_POLICY_AUTOMATIC);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scroller), content);
  gtk_widget_set_hexpand (scroller, TRUE);
  gtk_widget_set_vexpand (scroller, TRUE);
  return scroller;
}

static GtkWidget *
step_page_new (BelWalkthroughView       *self,
               const BelWalkthroughStep *step,
               guint                     index)
{
  BelLang lang = self->lang;
  GtkWidget *box = flip_box_new (self);
  GtkWidget *picture = bel_svg_picture_new ();
  GtkWidget *text_box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 18);
  g_autofree char *picture_label = NULL;

  bel_svg_picture_set_bytes (BEL_SVG_PICTURE (picture),
                             bel_walkthrough_set_get_picture (self->set, step->picture));
  /* TRANSLATORS: the accessible name of a step's drawing; %s is the step's title. */
  picture_label = g_strdup_printf (_("Picture: %s"), step->title.text[lang]);
  gtk_accessible_update_property (GTK_ACCESSIBLE (picture),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, picture_label, -1);
  gtk_widget_add_css_class (picture, "bel-step-picture");
  gtk_box_append (GTK_BOX (box), picture);

  gtk_widget_set_valign (text_box, GTK_ALIGN_CENTER);
  gtk_widget_set_hexpand (text_box, TRUE);
  gtk_box_append (GTK_BOX (text_box), text_label (step->title.text[lang], "bel-title-1"));
  gtk_box_append (GTK_BOX (text_box), text_label (step->text.text[lang], "bel-lead"));

  if (step->checklist[lang] && step->checklist[lang][0])
    {
      GtkWidget *need = gtk_box_new (GTK_ORIENTATION_VERTICAL, 10);

      gtk_widget_add_css_class (need, "bel-need");
      gtk_box_append (GTK_BOX (need), text_label (_("What you need"), "bel-section-heading"));
      for (guint i = 0; step->checklist[lang][i]; i++)
        gtk_box_append (GTK_BOX (need), icon_row ("bel-checkbox-symbolic",
                                                  step->checklist[lang][i], NULL));
      gtk_box_append (GTK_BOX (text_box), need);
    }

  if (step->warning.text[lang])
    {
      GtkWidget *warning = icon_row ("dialog-warning-symbolic", step->warning.text[lang],
                                     "bel-warning");
      gtk_accessible_update_property (GTK_ACCESSIBLE (warning),
                                      GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, "warning", -1);
      gtk_box_append (GTK_BOX (text_box), warning);
    }

  if (step->helpline)
    gtk_box_append (GTK_BOX (text_box), helpline_row (step->helpline));

  gtk_box_append (GTK_BOX (box), text_box);
  return page_new (box);
}

static void
final_action (GtkWidget  *box,
              const char *action,
              const char *icon_name,
              const char *label,
              gboolean    suggested)
{
  GtkWidget *button = gtk_button_new ();
  GtkWidget *content = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 14);
  GtkWidget *icon = gtk_image_new_from_icon_name (icon_name);
  GtkWidget *text = gtk_label_new (label);

  /* A service's title can be long: the label wraps rather than widen the screen. */
  gtk_accessible_update_property (GTK_ACCESSIBLE (icon), GTK_ACCESSIBLE_PROPERTY_LABEL, "", -1);
  gtk_label_set_wrap (GTK_LABEL (text), TRUE);
  gtk_label_set_justify (GTK_LABEL (text), GTK_JUSTIFY_CENTER);
  gtk_widget_set_halign (content, GTK_ALIGN_CENTER);
  gtk_box_append (GTK_BOX (content), icon);
  gtk_box_append (GTK_BOX (content), text);
  gtk_button_set_child (GTK_BUTTON (button), content);
  /* GTK names a button after a label child, not after one inside a box. */
  gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL, label,
                                  -1);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (button), action);
  gtk_widget_add_css_class (button, "bel-big-button");
  if (suggested)
    gtk_widget_add_css_class (button, "suggested-action");
  gtk_flow_box_append (GTK_FLOW_BOX (box), button);
}

static GtkWidget *
final_page_new (BelWalkthroughView *self)
{
  const BelWalkthrough *walkthrough = self->walkthrough;
  BelLang lang = self->lang;
  GtkWidget *page = gtk_box_new (GTK_ORIENTATION_VERTICAL, 18);
  GtkWidget *box = flip_box_new (self);
  GtkWidget *list = gtk_box_new (GTK_ORIENTATION_VERTICAL, 14);
  GtkWidget *actions = gtk_flow_box_new ();
  GtkWidget *card = gtk_box_new (GTK_ORIENTATION_VERTICAL, 12);
  GtkWidget *qr;
  GtkWidget *status;

  /* The checklist and the QR code side by side (or stacked), the actions under both. */
  gtk_widget_set_margin_top (page, 8);
  gtk_widget_set_margin_bottom (page, 16);
  gtk_widget_set_margin_start (page, 32);
  gtk_widget_set_margin_end (page, 32);
  gtk_widget_set_margin_top (box, 0);
  gtk_widget_set_margin_bottom (box, 0);
  gtk_widget_set_margin_start (box, 0);
  gtk_widget_set_margin_end (box, 0);

  gtk_widget_set_valign (list, GTK_ALIGN_CENTER);
  gtk_box_append (GTK_BOX (list), text_label (_("Take this with you"), "bel-title-1"));
  for (guint i = 0; walkthrough->checklist[lang][i]; i++)
    gtk_box_append (GTK_BOX (list), icon_row ("bel-checkbox-symbolic",
                                              walkthrough->checklist[lang][i], NULL));
  if (walkthrough->helpline)
    gtk_box_append (GTK_BOX (list), helpline_row (walkthrough->helpline));
  gtk_box_append (GTK_BOX (box), list);

  gtk_widget_add_css_class (card, "card");
  gtk_widget_add_css_class (card, "bel-take-away");
  gtk_widget_set_valign (card, GTK_ALIGN_CENTER);
  gtk_box_append (GTK_BOX (card), text_label (_("Open the sign-in page on your phone"),
                                              "bel-title-3"));
  qr = bel_qr_code_new (walkthrough->portal_url);
  gtk_widget_set_size_request (qr, 180, 180);
  gtk_widget_set_halign (qr, GTK_ALIGN_CENTER);
  gtk_box_append (GTK_BOX (card), qr);
  gtk_box_append (GTK_BOX (card), text_label (walkthrough->portal_url, "bel-row-title"));
  gtk_box_append (GTK_BOX (card),
                  text_label (_("Point your phone’s camera at the square code to open the "
                                "sign-in page."), "bel-caption"));
  gtk_box_append (GTK_BOX (box), card);
  gtk_box_append (GTK_BOX (page), box);

  gtk_flow_box_set_selection_mode (GTK_FLOW_BOX (actions), GTK_SELECTION_NONE);
  gtk_flow_box_set_homogeneous (GTK_FLOW_BOX (actions), TRUE);
  gtk_flow_box_set_min_children_per_line (GTK_FLOW_BOX (actions), 1);
  gtk_flow_box_set_max_children_per_line (GTK_FLOW_BOX (actions), 2);
  gtk_flow_box_set_column_spacing (GTK_FLOW_BOX (actions), 12);
  gtk_flow_box_set_row_spacing (GTK_FLOW_BOX (actions), 12);
  if (self->service_id)
    {
      /* TRANSLATORS: a button at the end of a walkthrough; %s is the service's title. */
      g_autofree char *back = g_strdup_printf (_("Back to: %s"),
                                               self->service_title ? self->service_title : "");
      final_action (actions, "walkthrough.back-to-service", "go-previous-symbolic",
                    self->service_title ? back : _("Back to the service"), TRUE);
    }
  final_action (actions, "walkthrough.print", "printer-symbolic", _("Print the checklist"),
                FALSE);
  self->print_button = gtk_widget_get_first_child (gtk_widget_get_last_child (actions));
  if (g_strcmp0 (walkthrough->sign_in, "fin") == 0)
    final_action (actions, "walkthrough.practise", "input-keyboard-symbolic",
                  _("Practise signing in"), self->service_id == NULL);
  final_action (actions, "walkthrough.restart", "view-refresh-symbolic",
                _("Start from the beginning"), FALSE);
  gtk_box_append (GTK_BOX (page), actions);

  status = text_label ("", "bel-status");
  gtk_widget_set_visible (status, FALSE);
  gtk_accessible_update_property (GTK_ACCESSIBLE (status),
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, "status", -1);
  gtk_box_append (GTK_BOX (page), status);
  self->status_label = GTK_LABEL (status);

  return page_new (page);
}

static void
remove_pages (BelWalkthroughView *self)
{
  GtkWidget *child;

  g_ptr_array_set_size (self->flip_boxes, 0);
  self->print_button = NULL;
  self->status_label = NULL;
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->carousel))))
    adw_carousel_remove (self->carousel, child);
}

static void
build_pages (BelWalkthroughView *self)
{
  remove_pages (self);
  if (self->walkthrough == NULL)
    return;

  for (guint i = 0; i < self->walkthrough->steps->len; i++)
    adw_carousel_append (self->carousel,
                         step_page_new (self, g_ptr_array_index (self->walkthrough->steps, i), i));
  adw_carousel_append (self->carousel, final_page_new (self));
}

/* Where we are */

guint
bel_walkthrough_view_get_position (BelWalkthroughView *self)
{
  g_return_val_if_fail (BEL_IS_WALKTHROUGH_VIEW (self), 0);

  if (self->pending_position != G_MAXUINT)
    return self->pending_position;
  return (guint) (adw_carousel_get_position (self->carousel) + 0.5);
}

guint
bel_walkthrough_view_get_n_pages (BelWalkthroughView *self)
{
  g_return_val_if_fail (BEL_IS_WALKTHROUGH_VIEW (self), 0);

  return adw_carousel_get_n_pages (self->carousel);
}

static void
update_position (BelWalkthroughView *self,
                 guint               position)
{
  guint n_pages = adw_carousel_get_n_pages (self->carousel);
  guint n_steps = self->walkthrough ? self->walkthrough->steps->len : 0;
  g_autofree char *progress = NULL;

  if (self->walkthrough == NULL)
    progress = g_strdup ("");
  else if (position < n_steps)
    /* TRANSLATORS: the progress through a walkthrough, "Step 3 of 7". */
    progress = g_strdup_printf (_("Step %u of %u"), position + 1, n_steps);
  else
    progress = g_strdup (_("Done: the checklist"));
  gtk_label_set_label (self->progress_label, progress);

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "walkthrough.previous", position > 0);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "walkthrough.next",
                                 n_pages > 0 && position + 1 < n_pages);
  gtk_widget_set_visible (self->next_button, n_pages == 0 || position + 1 < n_pages);
}

static void
page_changed_cb (BelWalkthroughView *self,
                 guint               index)
{
  /* The voice belongs to the page it was reading. */
  bel_speaker_stop (self->speaker);
  /* A move is waiting for the first layout: the carousel's own page does not count yet. */
  if (self->pending_position != G_MAXUINT)
    return;
  update_position (self, index);
}

static gboolean
position_tick_cb (GtkWidget     *carousel,
                  GdkFrameClock *clock,
                  gpointer       user_data)
{
  BelWalkthroughView *self = user_data;
  guint position = self->pending_position;
  GtkWidget *page;

  if (position == G_MAXUINT || position >= adw_carousel_get_n_pages (self->carousel))
    {
      self->pending_position = G_MAXUINT;
      self->position_tick = 0;
      return G_SOURCE_REMOVE;
    }

  /* Still waiting for the first layout of the new pages. */
  page = adw_carousel_get_nth_page (self->carousel, position);
  if (gtk_widget_get_width (page) == 0)
    return G_SOURCE_CONTINUE;

  self->pending_position = G_MAXUINT;
  self->position_tick = 0;
  adw_carousel_scroll_to (self->carousel, page, FALSE);
  update_position (self, position);
  return G_SOURCE_REMOVE;
}

void
bel_walkthrough_view_go_to (BelWalkthroughView *self,
                            guint               position,
                            gboolean            animate)
{
  guint n_pages;

  g_return_if_fail (BEL_IS_WALKTHROUGH_VIEW (self));

  n_pages = adw_carousel_get_n_pages (self->carousel);
  if (n_pages == 0)
    return;
  position = MIN (position, n_pages - 1);
  if (gtk_widget_get_width (adw_carousel_get_nth_page (self->carousel, position)) > 0)
    {
      self->pending_position = G_MAXUINT;
      adw_carousel_scroll_to (self->carousel, adw_carousel_get_nth_page (self->carousel, position),
                              animate && gtk_widget_get_mapped (GTK_WIDGET (self)));
    }
  else
    {
      self->pending_position = position;
      if (self->position_tick == 0)
        self->position_tick = gtk_widget_add_tick_callback (GTK_WIDGET (self->carousel),
                                                            position_tick_cb, self, NULL);
    }
  update_position (self, position);
}

/* Orientation: side by side when the screen is wider than tall. */

static void
apply_orientation (BelWalkthroughView *self)
{
  for (guint i = 0; i < self->flip_boxes->len; i++)
    {
      GtkWidget *box = g_ptr_array_index (self->flip_boxes, i);

      gtk_orientable_set_orientation (GTK_ORIENTABLE (box), self->orientation);
    }
}

static gboolean
orientation_idle_cb (gpointer user_data)
{
  BelWalkthroughView *self = user_data;

  self->orientation_idle = 0;
  apply_orientation (self);
  return G_SOURCE_REMOVE;
}

static void
bel_walkthrough_view_measure (GtkWidget      *widget,
                              GtkOrientation  orientation,
                              int             for_size,
                              int            *minimum,
                              int            *natural,
                              int            *minimum_baseline,
                              int            *natural_baseline)
{
  gtk_widget_measure (BEL_WALKTHROUGH_VIEW (widget)->box, orientation, for_size, minimum, natural,
                      minimum_baseline, natural_baseline);
}

static void
bel_walkthrough_view_size_allocate (GtkWidget *widget,
                                    int        width,
                                    int        height,
                                    int        baseline)
{
  BelWalkthroughView *self = BEL_WALKTHROUGH_VIEW (widget);
  GtkOrientation wanted = width >= height ? GTK_ORIENTATION_HORIZONTAL
                                          : GTK_ORIENTATION_VERTICAL;

  /* No layout manager: a widget with one does not get this call, and the view needs it. */
  gtk_widget_allocate (self->box, width, height, baseline, NULL);

  /* Changing the layout inside an allocation would ask for another one: do it right after. */
  if (wanted != self->orientation)
    {
      self->orientation = wanted;
      if (self->orientation_idle == 0)
        self->orientation_idle = g_idle_add_full (G_PRIORITY_HIGH_IDLE, orientation_idle_cb,
                                                  self, NULL);
    }
}

/* Reading aloud */

static char *
text_to_read (BelWalkthroughView *self)
{
  g_autoptr(GString) text = g_string_new (NULL);
  guint position = bel_walkthrough_view_get_position (self);
  BelLang lang = self->lang;

  if (self->walkthrough == NULL)
    return NULL;

  if (position < self->walkthrough->steps->len)
    {
      const BelWalkthroughStep *step = g_ptr_array_index (self->walkthrough->steps, position);

      g_string_append_printf (text, "%s.\n%s\n", step->title.text[lang], step->text.text[lang]);
      if (step->checklist[lang][0])
        {
          g_string_append_printf (text, "%s:\n", _("What you need"));
          for (guint i = 0; step->checklist[lang][i]; i++)
            g_string_append_printf (text, "%s.\n", step->checklist[lang][i]);
        }
      if (step->warning.text[lang])
        g_string_append_printf (text, "%s\n", step->warning.text[lang]);
      if (step->helpline)
        {
          g_autofree char *call = g_strdup_printf (_("Questions? Call %s."), step->helpline);
          g_string_append_printf (text, "%s\n", call);
        }
    }
  else
    {
      g_string_append_printf (text, "%s:\n", _("Take this with you"));
      for (guint i = 0; self->walkthrough->checklist[lang][i]; i++)
        g_string_append_printf (text, "%s.\n", self->walkthrough->checklist[lang][i]);
    }
  return g_string_free (g_steal_pointer (&text), FALSE);
}

static void
set_status (BelWalkthroughView *self,
            const char         *text)
{
  if (self->status_label == NULL)
    return;
  gtk_label_set_label (self->status_label, text ? text : "");
  gtk_widget_set_visible (GTK_WIDGET (self->status_label), text != NULL);
}

static void
speaker_error_cb (BelWalkthroughView *self,
                  GError             *error)
{
  /* The status line is on the last page; a step shows the problem in the progress line. */
  if (bel_walkthrough_view_get_position (self) + 1 == bel_walkthrough_view_get_n_pages (self))
    set_status (self, error->message);
  else
    gtk_label_set_label (self->progress_label, error->message);
}

static void
read_aloud_cb (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  BelWalkthroughView *self = BEL_WALKTHROUGH_VIEW (widget);
  g_autofree char *text = text_to_read (self);

  bel_read_aloud_toggle (self->speaker, text, self->lang);
}

/* Printing */

static void
print_done_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(BelWalkthroughView) self = user_data;
  g_autoptr(GError) error = NULL;
  gboolean printed;

  self->printing = FALSE;
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "walkthrough.print", TRUE);
  printed = bel_walkthrough_print_run_finish (result, &error);
  set_status (self, bel_print_result_message (printed, error));
}

static void
print_cb (GtkWidget  *widget,
          const char *action_name,
          GVariant   *parameter)
{
  BelWalkthroughView *self = BEL_WALKTHROUGH_VIEW (widget);
  GtkRoot *root = gtk_widget_get_root (widget);

  if (self->walkthrough == NULL || self->printing)
    return;

  if (self->print_file)
    {
      g_autoptr(GError) error = NULL;

      if (bel_walkthrough_print_to_pdf (self->walkthrough, self->lang, self->print_file, &error))
        set_status (self, _("The checklist was saved to a file."));
      else
        set_status (self, error->message);
      return;
    }

  self->printing = TRUE;
  gtk_widget_action_set_enabled (widget, "walkthrough.print", FALSE);
  set_status (self, _("Printing…"));
  bel_walkthrough_print_run (self->walkthrough, self->lang,
                             GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                             bel_window_is_kiosk_for (GTK_WIDGET (self)), self->cancellable,
                             print_done_cb, g_object_ref (self));
}

static void
printer_found_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(BelWalkthroughView) self = user_data;
  g_autoptr(GtkPrinter) printer = NULL;
  g_autoptr(GError) error = NULL;

  printer = bel_print_find_printer_finish (result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  self->has_printer = printer != NULL;
  self->printer_checked = g_get_monotonic_time ();
  if (self->print_button)
    gtk_widget_set_visible (self->print_button, self->has_printer);
}

/* A kiosk offers Print only with a real printer; a window always does (it has the dialog). */
static void
check_printer (BelWalkthroughView *self)
{
  if (self->print_button == NULL)
    return;
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

/* Moving */

static void
previous_cb (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  BelWalkthroughView *self = BEL_WALKTHROUGH_VIEW (widget);
  guint position = bel_walkthrough_view_get_position (self);

  if (position > 0)
    bel_walkthrough_view_go_to (self, position - 1, TRUE);
}

static void
next_cb (GtkWidget  *widget,
         const char *action_name,
         GVariant   *parameter)
{
  BelWalkthroughView *self = BEL_WALKTHROUGH_VIEW (widget);

  bel_walkthrough_view_go_to (self, bel_walkthrough_view_get_position (self) + 1, TRUE);
}

static void
restart_cb (GtkWidget  *widget,
            const char *action_name,
            GVariant   *parameter)
{
  bel_walkthrough_view_go_to (BEL_WALKTHROUGH_VIEW (widget), 0, TRUE);
}

static void
back_to_service_cb (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  BelWalkthroughView *self = BEL_WALKTHROUGH_VIEW (widget);

  if (self->service_id)
    bel_guide_page_navigate_from (widget, "nav.service", self->service_id);
}

static void
practise_cb (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  BelWalkthroughView *self = BEL_WALKTHROUGH_VIEW (widget);
  g_autofree char *where = self->service_id
                           ? g_strconcat ("practice/", self->service_id, NULL)
                           : g_strdup ("practice");

  bel_guide_page_navigate_from (widget, "nav.guide", where);
}

/* Public */

static void
set_walkthrough (BelWalkthroughView *self,
                 BelWalkthroughSet  *set,
                 BelLang             lang)
{
  bel_walkthrough_set_replace (&self->set, set);
  self->lang = lang;
  self->walkthrough = set ? bel_walkthrough_set_get (set, self->walkthrough_id) : NULL;
}

void
bel_walkthrough_view_show (BelWalkthroughView *self,
                           BelWalkthroughSet  *set,
                           const char         *walkthrough_id,
                           const char         *service_id,
                           const char         *service_title,
                           BelLang             lang)
{
  g_return_if_fail (BEL_IS_WALKTHROUGH_VIEW (self));

  bel_speaker_stop (self->speaker);
  g_free (self->walkthrough_id);
  self->walkthrough_id = g_strdup (walkthrough_id);
  g_free (self->service_id);
  self->service_id = service_id && *service_id ? g_strdup (service_id) : NULL;
  g_free (self->service_title);
  self->service_title = g_strdup (service_title);
  set_walkthrough (self, set, lang);
  build_pages (self);
  bel_walkthrough_view_go_to (self, 0, FALSE);
  check_printer (self);
}

void
bel_walkthrough_view_refresh (BelWalkthroughView *self,
                              BelWalkthroughSet  *set,
                              const char         *service_title,
                              BelLang             lang)
{
  guint position;

  g_return_if_fail (BEL_IS_WALKTHROUGH_VIEW (self));

  if (self->walkthrough_id == NULL)
    return;
  position = bel_walkthrough_view_get_position (self);
  bel_speaker_stop (self->speaker);
  g_free (self->service_title);
  self->service_title = g_strdup (service_title);
  set_walkthrough (self, set, lang);
  build_pages (self);
  bel_walkthrough_view_go_to (self, position, FALSE);
  check_printer (self);
}

void
bel_walkthrough_view_clear (BelWalkthroughView *self)
{
  g_return_if_fail (BEL_IS_WALKTHROUGH_VIEW (self));

  bel_speaker_stop (self->speaker);
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  self->printing = FALSE;
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "walkthrough.print", TRUE);
  g_clear_pointer (&self->walkthrough_id, g_free);
  g_clear_pointer (&self->service_id, g_free);
  g_clear_pointer (&self->service_title, g_free);
  set_walkthrough (self, NULL, self->lang);
  remove_pages (self);
  update_position (self, 0);
}

const char *
bel_walkthrough_view_get_id (BelWalkthroughView *self)
{
  g_return_val_if_fail (BEL_IS_WALKTHROUGH_VIEW (self), NULL);

  return self->walkthrough ? self->walkthrough_id : NULL;
}

const char *
bel_walkthrough_view_get_title (BelWalkthroughView *self)
{
  g_return_val_if_fail (BEL_IS_WALKTHROUGH_VIEW (self), NULL);

  return self->walkthrough ? self->walkthrough->title.text[self->lang] : NULL;
}

BelSpeaker *
bel_walkthrough_view_get_speaker (BelWalkthroughView *self)
{
  g_return_val_if_fail (BEL_IS_WALKTHROUGH_VIEW (self), NULL);

  return self->speaker;
}

void
bel_walkthrough_view_set_print_file (BelWalkthroughView *self,
                                     const char         *pdf_path)
{
  g_return_if_fail (BEL_IS_WALKTHROUGH_VIEW (self));

  g_free (self->print_file);
  self->print_file = g_strdup (pdf_path);
  check_printer (self);
}

/* GObject */

static void
bel_walkthrough_view_unmap (GtkWidget *widget)
{
  BelWalkthroughView *self = BEL_WALKTHROUGH_VIEW (widget);

  /* Leaving stops the voice: it would otherwise talk over the next screen. */
  if (self->speaker)
    bel_speaker_stop (self->speaker);

  GTK_WIDGET_CLASS (bel_walkthrough_view_parent_class)->unmap (widget);
}

static void
bel_walkthrough_view_dispose (GObject *object)
{
  BelWalkthroughView *self = BEL_WALKTHROUGH_VIEW (object);

  g_clear_handle_id (&self->orientation_idle, g_source_remove);
  if (self->position_tick)
    gtk_widget_remove_tick_callback (GTK_WIDGET (self->carousel), self->position_tick);
  self->position_tick = 0;
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  if (self->speaker)
    bel_speaker_stop (self->speaker);
  g_clear_object (&self->speaker);
  if (self->flip_boxes)
    g_ptr_array_set_size (self->flip_boxes, 0);
  gtk_widget_dispose_template (GTK_WIDGET (self), BEL_TYPE_WALKTHROUGH_VIEW);
  g_clear_pointer (&self->set, bel_walkthrough_set_unref);
  self->walkthrough = NULL;

  G_OBJECT_CLASS (bel_walkthrough_view_parent_class)->dispose (object);
}

static void
bel_walkthrough_view_finalize (GObject *object)
{
  BelWalkthroughView *self = BEL_WALKTHROUGH_VIEW (object);

  g_clear_pointer (&self->flip_boxes, g_ptr_array_unref);
  g_free (self->walkthrough_id);
  g_free (self->service_id);
  g_free (self->service_title);
  g_free (self->print_file);

  G_OBJECT_CLASS (bel_walkthrough_view_parent_class)->finalize (object);
}

static void
bel_walkthrough_view_class_init (BelWalkthroughViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = bel_walkthrough_view_dispose;
  object_class->finalize = bel_walkthrough_view_finalize;
  widget_class->measure = bel_walkthrough_view_measure;
  widget_class->size_allocate = bel_walkthrough_view_size_allocate;
  widget_class->unmap = bel_walkthrough_view_unmap;

  g_type_ensure (BEL_TYPE_QR_CODE);
  g_type_ensure (BEL_TYPE_SVG_PICTURE);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/beledci/Kiosk/bel-walkthrough-view.ui");
  gtk_widget_class_bind_template_child (widget_class, BelWalkthroughView, box);
  gtk_widget_class_bind_template_child (widget_class, BelWalkthroughView, progress_label);
  gtk_widget_class_bind_template_child (widget_class, BelWalkthroughView, dots);
  gtk_widget_class_bind_template_child (widget_class, BelWalkthroughView, carousel);
  gtk_widget_class_bind_template_child (widget_class, BelWalkthroughView, previous_button);
  gtk_widget_class_bind_template_child (widget_class, BelWalkthroughView, previous_content);
  gtk_widget_class_bind_template_child (widget_class, BelWalkthroughView, speak_button);
  gtk_widget_class_bind_template_child (widget_class, BelWalkthroughView, speak_content);
  gtk_widget_class_bind_template_child (widget_class, BelWalkthroughView, next_button);
  gtk_widget_class_bind_template_child (widget_class, BelWalkthroughView, next_content);
  gtk_widget_class_bind_template_callback (widget_class, page_changed_cb);

  gtk_widget_class_install_action (widget_class, "walkthrough.previous", NULL, previous_cb);
  gtk_widget_class_install_action (widget_class, "walkthrough.next", NULL, next_cb);
  gtk_widget_class_install_action (widget_class, "walkthrough.restart", NULL, restart_cb);
  gtk_widget_class_install_action (widget_class, "walkthrough.read-aloud", NULL, read_aloud_cb);
  gtk_widget_class_install_action (widget_class, "walkthrough.print", NULL, print_cb);
  gtk_widget_class_install_action (widget_class, "walkthrough.back-to-service", NULL,
                                   back_to_service_cb);
  gtk_widget_class_install_action (widget_class, "walkthrough.practise", NULL, practise_cb);

  /* A volunteer's keyboard: Page Up and Down move through the steps. */
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Page_Down, 0,
                                       "walkthrough.next", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Page_Up, 0,
                                       "walkthrough.previous", NULL);
}

static void
bel_walkthrough_view_init (BelWalkthroughView *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->flip_boxes = g_ptr_array_new ();
  self->orientation = GTK_ORIENTATION_HORIZONTAL;
  self->pending_position = G_MAXUINT;
  self->cancellable = g_cancellable_new ();
  self->speaker = bel_speaker_new ();
  bel_read_aloud_bind (self->speak_content, self->speaker);
  g_signal_connect_object (self->speaker, "error",
                           G_CALLBACK (speaker_error_cb), self, G_CONNECT_SWAPPED);

  bel_i18n_bind (self->previous_content, "label", N_("Previous"));
  bel_i18n_bind (self->next_content, "label", N_("Next"));
  update_position (self, 0);
}
