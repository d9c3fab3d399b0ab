/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "bel-practice-view"

#include "config.h"

#include <adwaita.h>

#include "bel-guide-page.h"
#include "bel-i18n.h"
#include "bel-keyboard.h"
#include "bel-page.h"
#include "bel-practice.h"
#include "bel-practice-view.h"
#include "bel-svg-picture.h"

/* Nothing in this file may log, print or store what the citizen types: no g_debug() of entry
 * text, no copies outside the fields below, each wiped with bel_practice_wipe_string(). */

struct _BelPracticeView
{
  GtkWidget          parent_instance;

  GtkStack          *stack;
  BelKeyboard       *keyboard;
  GtkEditable       *fin_entry;
  GtkEditable       *phone_entry;
  GtkEditable       *sms_entry;
  GtkEditable       *password_entry;
  GtkEditable       *signin_fin_entry;
  GtkEditable       *signin_password_entry;

  BelWalkthroughSet *set;
  char              *service_id;
  char              *service_title;
  BelLang            lang;

  /* The practice session. */
  gboolean           registering;
  char              *password;      /* set when registering; wiped */
  char              *sms_code;      /* shown on screen; wiped all the same */
  gboolean           fin_hint_shown;
  gboolean           password_advice_shown;
  gboolean           formatting;
  GtkWidget         *scroll_target;
  guint              scroll_idle;
};

G_DEFINE_FINAL_TYPE (BelPracticeView, bel_practice_view, GTK_TYPE_WIDGET)

/* Every named object of the template, bound so that child() finds it. */
static const char * const template_children[] = {
  "box", "banner", "banner_label", "scroller", "stack",
  "start_title", "start_text", "register_button", "register_button_content",
  "sign_in_button", "sign_in_button_content",
  "fin_title", "fin_picture", "fin_text", "fin_entry", "fin_explanation_box", "fin_explanation",
  "fin_next_button", "fin_next_button_content",
  "phone_title", "phone_text", "phone_entry", "phone_explanation_box", "phone_explanation",
  "phone_next_button", "phone_next_button_content",
  "owner_title", "owner_text", "owner_yes_button", "owner_yes_button_content",
  "owner_no_button", "owner_no_button_content", "owner_unsure_button",
  "owner_unsure_button_content", "owner_explanation_box", "owner_explanation", "owner_actions",
  "owner_video_button", "owner_video_button_content", "owner_continue_button",
  "owner_continue_button_content",
  "sms_title", "sms_card", "sms_card_label", "sms_code_label", "sms_text", "sms_entry",
  "sms_explanation_box", "sms_explanation", "sms_next_button", "sms_next_button_content",
  "sms_resend_button", "sms_resend_button_content",
  "password_title", "password_text", "rules_box", "password_entry", "caps_label",
  "password_explanation_box", "password_explanation", "password_next_button",
  "password_next_button_content",
  "signin_title", "signin_text", "signin_fin_label", "signin_fin_entry", "signin_password_label",
  "signin_password_entry", "signin_caps_label", "signin_explanation_box", "signin_explanation",
  "signin_button", "signin_button_content",
  "welcome_title", "welcome_text", "welcome_service", "welcome_service_button",
  "welcome_service_button_content", "welcome_sign_in_button", "welcome_sign_in_button_content",
  "welcome_again_button", "welcome_again_button_content", "welcome_finish_button",
  "welcome_finish_button_content",
  "keyboard",
};

static gpointer
child (BelPracticeView *self,
       const char      *name)
{
  GObject *object = gtk_widget_get_template_child (GTK_WIDGET (self), BEL_TYPE_PRACTICE_VIEW,
                                                   name);
  g_assert (object != NULL);
  return object;
}

/* A button's label, following the language; its accessible name comes from it. */
static void
bind_button (BelPracticeView *self,
             const char      *name,
             const char      *msgid)
{
  g_autofree char *content = g_strconcat (name, "_content", NULL);

  bel_i18n_bind (child (self, content), "label", msgid);
}

/* Explanations */

/* Brings @self->scroll_target, and the button under it, into view once laid out: with the
 * on-screen keyboard up, an explanation would otherwise appear below the fold. */
static gboolean
scroll_idle_cb (gpointer user_data)
{
  BelPracticeView *self = user_data;
  GtkScrolledWindow *scroller = child (self, "scroller");
  GtkWidget *viewport = gtk_scrolled_window_get_child (scroller);
  GtkAdjustment *adjustment = gtk_scrolled_window_get_vadjustment (scroller);
  double value = gtk_adjustment_get_value (adjustment);
  double page = gtk_adjustment_get_page_size (adjustment);
  graphene_rect_t bounds;

  self->scroll_idle = 0;
  if (self->scroll_target == NULL || !gtk_widget_get_mapped (self->scroll_target) ||
      !gtk_widget_compute_bounds (self->scroll_target, viewport, &bounds))
    return G_SOURCE_REMOVE;

  /* Room below for the screen's button. */
  if (bounds.origin.y + bounds.size.height + 96 > page)
    value += bounds.origin.y + bounds.size.height + 96 - page;
  if (bounds.origin.y < 0)
    value += bounds.origin.y;
  gtk_adjustment_set_value (adjustment, value);
  return G_SOURCE_REMOVE;
}

static void
scroll_to (BelPracticeView *self,
           GtkWidget       *target)
{
  self->scroll_target = target;
  if (self->scroll_idle == 0)
    self->scroll_idle = g_timeout_add (50, scroll_idle_cb, self);
}

static void
explain (BelPracticeView *self,
         const char      *field,
         const char      *text)
{
  g_autofree char *label = g_strconcat (field, "_explanation", NULL);
  g_autofree char *box = g_strconcat (field, "_explanation_box", NULL);

  gtk_label_set_label (child (self, label), text ? text : "");
  gtk_widget_set_visible (child (self, box), text != NULL && *text != '\0');
  if (text != NULL && *text != '\0')
    scroll_to (self, child (self, box));
}

static void
clear_explanations (BelPracticeView *self)
{
  static const char * const fields[] = { "fin", "phone", "owner", "sms", "password", "signin" };

  for (guint i = 0; i < G_N_ELEMENTS (fields); i++)
    explain (self, fields[i], NULL);
  gtk_widget_set_visible (child (self, "owner_actions"), FALSE);
  gtk_widget_set_visible (child (self, "caps_label"), FALSE);
  gtk_widget_set_visible (child (self, "signin_caps_label"), FALSE);
}

/* Screens */

static void
show_screen (BelPracticeView *self,
             const char      *name)
{
  GtkEditable *focus = NULL;
  BelKeyboardLayout layout = BEL_KEYBOARD_LAYOUT_AZ;

  gtk_stack_set_visible_child_name (self->stack, name);

  if (g_str_equal (name, "fin"))
    focus = self->fin_entry;
  else if (g_str_equal (name, "phone"))
    {
      focus = self->phone_entry;
      layout = BEL_KEYBOARD_LAYOUT_DIGITS;
    }
  else if (g_str_equal (name, "sms"))
    {
      focus = self->sms_entry;
      layout = BEL_KEYBOARD_LAYOUT_DIGITS;
    }
  else if (g_str_equal (name, "password"))
    focus = self->password_entry;
  else if (g_str_equal (name, "signin"))
    focus = self->signin_fin_entry;

  /* The on-screen keyboard types into the field that has the focus. */
  gtk_widget_set_visible (GTK_WIDGET (self->keyboard), focus != NULL);
  if (focus)
    {
      bel_keyboard_reset (self->keyboard, layout);
      if (gtk_widget_get_mapped (GTK_WIDGET (self)))
        gtk_widget_grab_focus (GTK_WIDGET (focus));
    }
  gtk_adjustment_set_value (gtk_scrolled_window_get_vadjustment (child (self, "scroller")), 0);
}

static void
new_sms_code (BelPracticeView *self)
{
  bel_practice_wipe_string (&self->sms_code);
  self->sms_code = bel_practice_new_sms_code ();
  gtk_label_set_label (child (self, "sms_code_label"), self->sms_code);
}

static void
update_welcome (BelPracticeView *self)
{
  if (self->service_title)
    {
      /* TRANSLATORS: on the pretend "Welcome" page of practice mode; %s is a service's title. */
      g_autofree char *text = g_strdup_printf (_("You came for: %s"), self->service_title);
      gtk_label_set_label (child (self, "welcome_service"), text);
    }
  else
    gtk_label_set_label (child (self, "welcome_service"),
                         _("Now you could look for the service you need."));
  gtk_widget_set_visible (child (self, "welcome_service_button"), self->service_id != NULL);
  gtk_widget_set_visible (child (self, "welcome_sign_in_button"), self->password != NULL);
}

static void
update_rules (BelPracticeView *self)
{
  GtkWidget *box = child (self, "rules_box");
  const char *typed = gtk_editable_get_text (self->password_entry);
  BelPasswordAdvice advice = bel_practice_check_password (typed);
  BelPasswordAdvice per_rule[] = {
    BEL_PASSWORD_SHORT,
    BEL_PASSWORD_NO_UPPER | BEL_PASSWORD_NO_LOWER | BEL_PASSWORD_CAPS_LOCK |
      BEL_PASSWORD_NON_LATIN,
    BEL_PASSWORD_NO_DIGIT,
    0,
  };
  g_auto(GStrv) rules = bel_practice_password_rules ();
  GtkWidget *row;
  guint i = 0;

  while ((row = gtk_widget_get_first_child (box)))
    gtk_box_remove (GTK_BOX (box), row);

  /* Each rule shows a tick once the password keeps it; nothing stops the citizen. */
  for (i = 0; rules[i]; i++)
    {
      gboolean kept = *typed != '\0' && i < G_N_ELEMENTS (per_rule) && per_rule[i] != 0 &&
                      (advice & per_rule[i]) == 0;
      GtkWidget *icon = gtk_image_new_from_icon_name (kept ? "object-select-symbolic"
                                                           : "bel-checkbox-symbolic");
      GtkWidget *label = gtk_label_new (rules[i]);

      row = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 14);
      gtk_image_set_pixel_size (GTK_IMAGE (icon), 26);
      gtk_accessible_update_property (GTK_ACCESSIBLE (icon), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                      kept ? _("kept") : "", -1);
      gtk_label_set_wrap (GTK_LABEL (label), TRUE);
      gtk_label_set_xalign (GTK_LABEL (label), 0);
      gtk_widget_add_css_class (row, "bel-item");
      if (kept)
        gtk_widget_add_css_class (row, "bel-rule-kept");
      gtk_box_append (GTK_BOX (row), icon);
      gtk_box_append (GTK_BOX (row), label);
      gtk_box_append (GTK_BOX (box), row);
    }
}

/* Caps Lock: the keyboard's own state where the system knows it, and the typed letters. */
static gboolean
caps_lock_on (BelPracticeView *self,
              GtkEditable     *entry)
{
  GdkDisplay *display = gtk_widget_get_display (GTK_WIDGET (self));
  GdkSeat *seat = display ? gdk_display_get_default_seat (display) : NULL;
  GdkDevice *keyboard = seat ? gdk_seat_get_keyboard (seat) : NULL;

  if (keyboard && gdk_device_get_caps_lock_state (keyboard))
    return TRUE;
  return bel_practice_caps_lock_suspected (gtk_editable_get_text (entry));
}

static void
password_changed_cb (BelPracticeView *self)
{
  self->password_advice_shown = FALSE;
  explain (self, "password", NULL);
  gtk_widget_set_visible (child (self, "caps_label"), caps_lock_on (self, self->password_entry));
  update_rules (self);
}

static void
signin_password_changed_cb (BelPracticeView *self)
{
  explain (self, "signin", NULL);
  gtk_widget_set_visible (child (self, "signin_caps_label"),
                          caps_lock_on (self, self->signin_password_entry));
}

static void
fin_changed_cb (BelPracticeView *self)
{
  self->fin_hint_shown = FALSE;
  explain (self, "fin", NULL);
}

/* The number shows as it is typed: "+994 50 123 45 67", whichever way it was begun. */
static void
phone_changed_cb (BelPracticeView *self)
{
  char *formatted;

  if (self->formatting)
    return;

  explain (self, "phone", NULL);
  formatted = bel_practice_format_mobile (gtk_editable_get_text (self->phone_entry));
  if (g_strcmp0 (formatted, gtk_editable_get_text (self->phone_entry)) != 0)
    {
      self->formatting = TRUE;
      gtk_editable_set_text (self->phone_entry, formatted);
      gtk_editable_set_position (self->phone_entry, -1);
      self->formatting = FALSE;
    }
  bel_practice_wipe_string (&formatted);
}

/* Actions */

static void
register_cb (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  BelPracticeView *self = BEL_PRACTICE_VIEW (widget);

  self->registering = TRUE;
  clear_explanations (self);
  show_screen (self, "fin");
}

static void
sign_in_cb (GtkWidget  *widget,
            const char *action_name,
            GVariant   *parameter)
{
  BelPracticeView *self = BEL_PRACTICE_VIEW (widget);

  self->registering = FALSE;
  gtk_editable_set_text (self->signin_fin_entry, "");
  gtk_editable_set_text (self->signin_password_entry, "");
  clear_explanations (self);
  show_screen (self, "signin");
}

static gboolean
check_fin (BelPracticeView *self,
           GtkEditable     *entry,
           const char      *field)
{
  const char *typed = gtk_editable_get_text (entry);
  BelFinCheck check = bel_practice_check_fin (typed);
  g_autofree char *text = NULL;

  if (check == BEL_FIN_OK)
    return TRUE;

  /* A hint (an O that may be a zero) lets the citizen go on with a second press. */
  if (bel_practice_fin_is_hint (check) && self->fin_hint_shown)
    return TRUE;

  text = bel_practice_describe_fin (check, typed);
  explain (self, field, text);
  self->fin_hint_shown = bel_practice_fin_is_hint (check);
  return FALSE;
}

static void
fin_next_cb (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  BelPracticeView *self = BEL_PRACTICE_VIEW (widget);

  if (check_fin (self, self->fin_entry, "fin"))
    {
      explain (self, "fin", NULL);
      show_screen (self, "phone");
    }
}

static void
phone_next_cb (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  BelPracticeView *self = BEL_PRACTICE_VIEW (widget);
  BelMobileCheck check = bel_practice_check_mobile (gtk_editable_get_text (self->phone_entry),
                                                    NULL);
  g_autofree char *text = NULL;

  if (check != BEL_MOBILE_OK)
    {
      text = bel_practice_describe_mobile (check);
      explain (self, "phone", text);
      return;
    }
  explain (self, "owner", NULL);
  gtk_widget_set_visible (child (self, "owner_actions"), FALSE);
  show_screen (self, "owner");
}

static void
go_to_sms (BelPracticeView *self)
{
  new_sms_code (self);
  gtk_editable_set_text (self->sms_entry, "");
  explain (self, "sms", NULL);
  show_screen (self, "sms");
}

static void
owner_cb (GtkWidget  *widget,
          const char *action_name,
          GVariant   *parameter)
{
  BelPracticeView *self = BEL_PRACTICE_VIEW (widget);
  const char *answer = g_variant_get_string (parameter, NULL);

  if (g_str_equal (answer, "yes"))
    {
      go_to_sms (self);
      return;
    }

  if (g_str_equal (answer, "no"))
    explain (self, "owner",
             _("Then the portal will not accept this number for registering by SMS. You can ask "
               "your mobile operator to put the number in your name (or call 157), or register "
               "by video: there the number need not be in your name."));
  else
    explain (self, "owner",
             _("You can find out: ask your mobile operator, or call 157. If the number is not in "
               "your name, register by video instead: there the number need not be in your "
               "name."));
  gtk_widget_set_visible (child (self, "owner_actions"), TRUE);
  scroll_to (self, child (self, "owner_actions"));
}

static void
owner_continue_cb (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  go_to_sms (BEL_PRACTICE_VIEW (widget));
}

static void
show_video_cb (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  BelPracticeView *self = BEL_PRACTICE_VIEW (widget);
  g_autofree char *where = self->service_id
                           ? g_strconcat ("walkthrough/fin-video/", self->service_id, NULL)
                           : g_strdup ("walkthrough/fin-video");

  /* Leaving practice wipes it (the guide page does, when this view is hidden). */
  bel_guide_page_navigate_from (widget, "nav.guide", where);
}

static void
sms_next_cb (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  BelPracticeView *self = BEL_PRACTICE_VIEW (widget);
  BelSmsCheck check = bel_practice_check_sms_code (self->sms_code,
                                                   gtk_editable_get_text (self->sms_entry));
  g_autofree char *text = NULL;

  if (check != BEL_SMS_OK)
    {
      text = bel_practice_describe_sms_code (check);
      explain (self, "sms", text);
      return;
    }
  explain (self, "password", NULL);
  update_rules (self);
  show_screen (self, "password");
}

static void
sms_resend_cb (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  BelPracticeView *self = BEL_PRACTICE_VIEW (widget);

  new_sms_code (self);
  gtk_editable_set_text (self->sms_entry, "");
  explain (self, "sms", _("A new code was sent. Only the newest code works."));
}

static void
password_next_cb (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  BelPracticeView *self = BEL_PRACTICE_VIEW (widget);
  const char *typed = gtk_editable_get_text (self->password_entry);
  BelPasswordAdvice advice = bel_practice_check_password (typed);

  if (*typed == '\0')
    {
      explain (self, "password", _("Type a password first."));
      return;
    }

  /* Advice, not orders: shown once, and a second press keeps the password. */
  if (advice != 0 && !self->password_advice_shown)
    {
      g_auto(GStrv) lines = bel_practice_describe_password (advice);
      g_autofree char *joined = g_strjoinv ("\n• ", lines);
      g_autofree char *text = g_strdup_printf ("%s\n• %s\n%s",
                                               _("You can keep this password, but it would be "
                                                 "safer to change it:"),
                                               joined,
                                               _("Press Next again to keep it."));

      explain (self, "password", text);
      self->password_advice_shown = TRUE;
      return;
    }

  bel_practice_wipe_string (&self->password);
  self->password = g_strdup (typed);
  gtk_editable_set_text (self->password_entry, "");
  update_welcome (self);
  show_screen (self, "welcome");
}

static void
sign_in_submit_cb (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  BelPracticeView *self = BEL_PRACTICE_VIEW (widget);
  BelSignInCheck check;
  g_autofree char *text = NULL;

  if (!check_fin (self, self->signin_fin_entry, "signin"))
    return;

  check = bel_practice_check_sign_in (self->password,
                                      gtk_editable_get_text (self->signin_password_entry));
  if (check == BEL_SIGN_IN_OK && self->password == NULL &&
      bel_practice_caps_lock_suspected (gtk_editable_get_text (self->signin_password_entry)))
    check = BEL_SIGN_IN_CAPS_LOCK;
  if (check != BEL_SIGN_IN_OK)
    {
      text = bel_practice_describe_sign_in (check);
      if (check == BEL_SIGN_IN_CAPS_LOCK && self->password == NULL)
        {
          g_free (text);
          text = g_strdup (_("Every letter of this password is a capital. Is Caps Lock on? "
                             "On the portal, the password must be typed exactly, with its "
                             "capital and small letters."));
        }
      explain (self, "signin", text);
      return;
    }

  gtk_editable_set_text (self->signin_fin_entry, "");
  gtk_editable_set_text (self->signin_password_entry, "");
  update_welcome (self);
  gtk_widget_set_visible (child (self, "welcome_sign_in_button"), FALSE);
  show_screen (self, "welcome");
}

static void
again_cb (GtkWidget  *widget,
          const char *action_name,
          GVariant   *parameter)
{
  bel_practice_view_wipe (BEL_PRACTICE_VIEW (widget));
}

static void
finish_cb (GtkWidget  *widget,
           const char *action_name,
           GVariant   *parameter)
{
  bel_practice_view_wipe (BEL_PRACTICE_VIEW (widget));
  gtk_widget_activate_action (widget, "nav.back", NULL);
}

static void
open_service_cb (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  BelPracticeView *self = BEL_PRACTICE_VIEW (widget);
  g_autofree char *service_id = g_strdup (self->service_id);

  if (service_id == NULL)
    return;
  bel_practice_view_wipe (self);
  bel_guide_page_navigate_from (widget, "nav.service", service_id);
}

/* Public */

static void
render_texts (BelPracticeView *self)
{
  update_welcome (self);
  update_rules (self);
}

void
bel_practice_view_start (BelPracticeView   *self,
                         BelWalkthroughSet *set,
                         const char        *service_id,
                         const char        *service_title,
                         BelLang            lang)
{
  g_return_if_fail (BEL_IS_PRACTICE_VIEW (self));

  bel_practice_view_wipe (self);

  bel_walkthrough_set_replace (&self->set, set);
  g_free (self->service_id);
  self->service_id = service_id && *service_id ? g_strdup (service_id) : NULL;
  g_free (self->service_title);
  self->service_title = g_strdup (service_title);
  self->lang = lang;

  bel_svg_picture_set_bytes (child (self, "fin_picture"),
                             set ? bel_walkthrough_set_get_picture (set, "id-card-fin.svg")
                                 : NULL);
  render_texts (self);
}

void
bel_practice_view_wipe (BelPracticeView *self)
{
  GtkEditable *entries[] = {
    self->fin_entry, self->phone_entry, self->sms_entry, self->password_entry,
    self->signin_fin_entry, self->signin_password_entry,
  };

  g_return_if_fail (BEL_IS_PRACTICE_VIEW (self));

  /* GtkEntryBuffer and GtkPasswordEntry overwrite the text they drop; undo is off, so no
   * other copy is kept. */
  self->formatting = TRUE;
  for (guint i = 0; i < G_N_ELEMENTS (entries); i++)
    if (entries[i])
      gtk_editable_set_text (entries[i], "");
  self->formatting = FALSE;

  bel_practice_wipe_string (&self->password);
  bel_practice_wipe_string (&self->sms_code);
  gtk_label_set_label (child (self, "sms_code_label"), "");
  self->registering = FALSE;
  self->fin_hint_shown = FALSE;
  self->password_advice_shown = FALSE;
  clear_explanations (self);
  update_rules (self);
  update_welcome (self);
  bel_keyboard_reset (self->keyboard, BEL_KEYBOARD_LAYOUT_AZ);
  show_screen (self, "start");
}

const char *
bel_practice_view_get_screen (BelPracticeView *self)
{
  g_return_val_if_fail (BEL_IS_PRACTICE_VIEW (self), NULL);

  return gtk_stack_get_visible_child_name (self->stack);
}

const char *
bel_practice_view_get_sms_code (BelPracticeView *self)
{
  g_return_val_if_fail (BEL_IS_PRACTICE_VIEW (self), NULL);

  return self->sms_code;
}

GtkEditable *
bel_practice_view_get_entry (BelPracticeView *self,
                             const char      *field)
{
  g_return_val_if_fail (BEL_IS_PRACTICE_VIEW (self), NULL);

  if (g_str_equal (field, "fin"))
    return self->fin_entry;
  if (g_str_equal (field, "phone"))
    return self->phone_entry;
  if (g_str_equal (field, "sms"))
    return self->sms_entry;
  if (g_str_equal (field, "password"))
    return self->password_entry;
  if (g_str_equal (field, "signin-fin"))
    return self->signin_fin_entry;
  if (g_str_equal (field, "signin-password"))
    return self->signin_password_entry;
  return NULL;
}

/* GObject */

static void
bel_practice_view_dispose (GObject *object)
{
  BelPracticeView *self = BEL_PRACTICE_VIEW (object);

  g_clear_handle_id (&self->scroll_idle, g_source_remove);
  self->scroll_target = NULL;
  if (self->stack)
    bel_practice_view_wipe (self);
  gtk_widget_dispose_template (GTK_WIDGET (self), BEL_TYPE_PRACTICE_VIEW);
  self->stack = NULL;
  self->keyboard = NULL;
  self->fin_entry = self->phone_entry = self->sms_entry = NULL;
  self->password_entry = self->signin_fin_entry = self->signin_password_entry = NULL;
  g_clear_pointer (&self->set, bel_walkthrough_set_unref);

  G_OBJECT_CLASS (bel_practice_view_parent_class)->dispose (object);
}

static void
bel_practice_view_finalize (GObject *object)
{
  BelPracticeView *self = BEL_PRACTICE_VIEW (object);

  bel_practice_wipe_string (&self->password);
  bel_practice_wipe_string (&self->sms_code);
  g_free (self->service_id);
  g_free (self->service_title);

  G_OBJECT_CLASS (bel_practice_view_parent_class)->finalize (object);
}

static void
bel_practice_view_class_init (BelPracticeViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = bel_practice_view_dispose;
  object_class->finalize = bel_practice_view_finalize;

  g_type_ensure (BEL_TYPE_KEYBOARD);
  g_type_ensure (BEL_TYPE_SVG_PICTURE);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/beledci/Kiosk/bel-practice-view.ui");
  for (guint i = 0; i < G_N_ELEMENTS (template_children); i++)
    gtk_widget_class_bind_template_child_full (widget_class, template_children[i], FALSE, 0);

  gtk_widget_class_install_action (widget_class, "practice.register", NULL, register_cb);
  gtk_widget_class_install_action (widget_class, "practice.sign-in", NULL, sign_in_cb);
  gtk_widget_class_install_action (widget_class, "practice.fin-next", NULL, fin_next_cb);
  gtk_widget_class_install_action (widget_class, "practice.phone-next", NULL, phone_next_cb);
  gtk_widget_class_install_action (widget_class, "practice.owner", "s", owner_cb);
  gtk_widget_class_install_action (widget_class, "practice.owner-continue", NULL,
                                   owner_continue_cb);
  gtk_widget_class_install_action (widget_class, "practice.show-video", NULL, show_video_cb);
  gtk_widget_class_install_action (widget_class, "practice.sms-next", NULL, sms_next_cb);
  gtk_widget_class_install_action (widget_class, "practice.sms-resend", NULL, sms_resend_cb);
  gtk_widget_class_install_action (widget_class, "practice.password-next", NULL,
                                   password_next_cb);
  gtk_widget_class_install_action (widget_class, "practice.sign-in-submit", NULL,
                                   sign_in_submit_cb);
  gtk_widget_class_install_action (widget_class, "practice.again", NULL, again_cb);
  gtk_widget_class_install_action (widget_class, "practice.finish", NULL, finish_cb);
  gtk_widget_class_install_action (widget_class, "practice.open-service", NULL,
                                   open_service_cb);
}

static void
setup_entry (BelPracticeView *self,
             GtkEditable     *entry,
             const char      *accessible_label,
             GCallback        changed)
{
  /* No undo history: it would keep copies of what was typed. */
  gtk_editable_set_enable_undo (entry, FALSE);
  bel_i18n_bind (entry, BEL_I18N_ACCESSIBLE_LABEL, accessible_label);
  if (changed)
    g_signal_connect_object (entry, "changed", changed, self, G_CONNECT_SWAPPED);
}

static void
entry_activate_cb (GtkWidget  *entry,
                   const char *action)
{
  gtk_widget_activate_action (entry, action, NULL);
}

static void
bel_practice_view_init (BelPracticeView *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->stack = child (self, "stack");
  bel_stack_track_hidden_pages (self->stack);
  self->keyboard = child (self, "keyboard");
  self->fin_entry = child (self, "fin_entry");
  self->phone_entry = child (self, "phone_entry");
  self->sms_entry = child (self, "sms_entry");
  self->password_entry = child (self, "password_entry");
  self->signin_fin_entry = child (self, "signin_fin_entry");
  self->signin_password_entry = child (self, "signin_password_entry");

  setup_entry (self, self->fin_entry, N_("FİN code"), G_CALLBACK (fin_changed_cb));
  setup_entry (self, self->phone_entry, N_("Mobile number"), G_CALLBACK (phone_changed_cb));
  setup_entry (self, self->sms_entry, N_("SMS code"), NULL);
  setup_entry (self, self->password_entry, N_("Password"), G_CALLBACK (password_changed_cb));
  setup_entry (self, self->signin_fin_entry, N_("FİN code"), NULL);
  setup_entry (self, self->signin_password_entry, N_("Password"),
               G_CALLBACK (signin_password_changed_cb));

  /* Enter in a field does what its screen's main button does. */
  g_signal_connect (self->fin_entry, "activate", G_CALLBACK (entry_activate_cb),
                    (gpointer) "practice.fin-next");
  g_signal_connect (self->phone_entry, "activate", G_CALLBACK (entry_activate_cb),
                    (gpointer) "practice.phone-next");
  g_signal_connect (self->sms_entry, "activate", G_CALLBACK (entry_activate_cb),
                    (gpointer) "practice.sms-next");
  g_signal_connect (self->password_entry, "activate", G_CALLBACK (entry_activate_cb),
                    (gpointer) "practice.password-next");
  g_signal_connect (self->signin_password_entry, "activate", G_CALLBACK (entry_activate_cb),
                    (gpointer) "practice.sign-in-submit");

  bel_i18n_bind (child (self, "banner_label"), "label",
                 N_("Practice: nothing is sent anywhere"));
  bel_i18n_bind (child (self, "start_title"), "label", N_("Practise signing in to e-gov.az"));
  bel_i18n_bind (child (self, "start_text"), "label",
                 N_("These are pretend forms, like the portal’s, only for learning. Nothing you "
                    "type leaves this screen, and all of it is wiped when you finish. Mistakes "
                    "are welcome here: each one is explained."));
  bind_button (self, "register_button", N_("Practise registering"));
  bind_button (self, "sign_in_button", N_("Practise signing in"));

  bel_i18n_bind (child (self, "fin_title"), "label", N_("Your FİN code"));
  bel_i18n_bind (child (self, "fin_picture"), BEL_I18N_ACCESSIBLE_LABEL,
                 N_("Picture: the FİN code on an ID card"));
  bel_i18n_bind (child (self, "fin_text"), "label",
                 N_("Find the 7 characters on your ID card and type them here."));
  bind_button (self, "fin_next_button", N_("Next"));

  bel_i18n_bind (child (self, "phone_title"), "label", N_("Your mobile number"));
  bel_i18n_bind (child (self, "phone_text"), "label",
                 N_("Type the number of your phone, for example 050 123 45 67. The portal writes "
                    "it as +994 50 123 45 67."));
  bind_button (self, "phone_next_button", N_("Next"));

  bel_i18n_bind (child (self, "owner_title"), "label",
                 N_("Is this number registered in your own name?"));
  bel_i18n_bind (child (self, "owner_text"), "label",
                 N_("The portal asks the mobile operator whose number it is. A number that a "
                    "child or a neighbour bought for you is in their name, not yours."));
  bind_button (self, "owner_yes_button", N_("Yes"));
  bind_button (self, "owner_no_button", N_("No"));
  bind_button (self, "owner_unsure_button", N_("I am not sure"));
  bind_button (self, "owner_video_button", N_("Show me registration by video"));
  bind_button (self, "owner_continue_button", N_("Go on practising"));

  bel_i18n_bind (child (self, "sms_title"), "label", N_("The SMS code"));
  bel_i18n_bind (child (self, "sms_card_label"), "label",
                 N_("Pretend SMS: on the real portal, the code comes to your phone."));
  bel_i18n_bind (child (self, "sms_text"), "label", N_("Type the code from the SMS."));
  bind_button (self, "sms_next_button", N_("Next"));
  bind_button (self, "sms_resend_button", N_("Send a new code"));

  bel_i18n_bind (child (self, "password_title"), "label", N_("Make a password"));
  bel_i18n_bind (child (self, "password_text"), "label",
                 N_("Choose a password you will remember. These are the usual rules: here they "
                    "are advice, not orders."));
  bel_i18n_bind (child (self, "caps_label"), "label",
                 N_("Caps Lock seems to be on: every letter comes out as a capital."));
  bind_button (self, "password_next_button", N_("Next"));

  bel_i18n_bind (child (self, "signin_title"), "label", N_("Sign in"));
  bel_i18n_bind (child (self, "signin_text"), "label",
                 N_("Type your FİN code and your password, as on the portal’s sign-in page."));
  bel_i18n_bind (child (self, "signin_fin_label"), "label", N_("FİN code"));
  bel_i18n_bind (child (self, "signin_password_label"), "label", N_("Password"));
  bel_i18n_bind (child (self, "signin_caps_label"), "label",
                 N_("Caps Lock seems to be on: every letter comes out as a capital."));
  bind_button (self, "signin_button", N_("Sign in"));

  bel_i18n_bind (child (self, "welcome_title"), "label", N_("Welcome!"));
  bel_i18n_bind (child (self, "welcome_text"), "label",
                 N_("You are signed in to the pretend portal. On the real one, you would now see "
                    "your own page."));
  bind_button (self, "welcome_service_button", N_("Back to the service"));
  bind_button (self, "welcome_sign_in_button", N_("Now practise signing in"));
  bind_button (self, "welcome_again_button", N_("Practise again"));
  bind_button (self, "welcome_finish_button", N_("Finish practice"));

  bel_practice_view_wipe (self);
}
