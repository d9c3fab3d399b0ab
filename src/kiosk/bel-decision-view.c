/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "bel-decision-view"

#include "config.h"

#include <adwaita.h>

#include "bel-decision-view.h"
#include "bel-guide-page.h"
#include "bel-i18n.h"
#include "bel-page.h"
#include "bel-read-aloud.h"

struct _BelDecisionView
{
  GtkWidget          parent_instance;

  /* Template widgets */
  GtkScrolledWindow *scroller;
  GtkStack          *stack;
  GtkLabel          *count_label;
  GtkLabel          *question_label;
  GtkLabel          *help_label;
  GtkWidget         *yes_button;
  AdwButtonContent  *yes_content;
  GtkWidget         *no_button;
  AdwButtonContent  *no_content;
  GtkWidget         *previous_button;
  AdwButtonContent  *previous_content;
  GtkWidget         *speak_button;
  AdwButtonContent  *speak_content;
  GtkLabel          *recommend_label;
  GtkLabel          *result_title;
  GtkLabel          *why_label;
  GtkLabel          *bring_heading;
  GtkBox            *bring_list;
  GtkWidget         *walkthrough_button;
  GtkLabel          *walkthrough_label;
  GtkWidget         *practice_button;
  AdwButtonContent  *practice_content;
  GtkWidget         *result_previous_button;
  AdwButtonContent  *result_previous_content;
  GtkWidget         *restart_button;
  AdwButtonContent  *restart_content;

  BelWalkthroughSet *set;
  BelLang            lang;
  GString           *answers;
  const char        *node;      /* owned by set's decision */
  BelSpeaker        *speaker;
};

G_DEFINE_FINAL_TYPE (BelDecisionView, bel_decision_view, GTK_TYPE_WIDGET)

static const BelDecision *
decision (BelDecisionView *self)
{
  return self->set ? bel_walkthrough_set_get_decision (self->set) : NULL;
}

static void
remove_children (GtkWidget *box)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (box)))
    gtk_box_remove (GTK_BOX (box), child);
}

static void
render (BelDecisionView *self)
{
  const BelDecision *rules = decision (self);
  const BelDecisionResult *result;
  const char *question_id = NULL;
  BelLang lang = self->lang;

  bel_speaker_stop (self->speaker);
  self->node = NULL;
  if (rules == NULL)
    {
      gtk_label_set_label (self->question_label, "");
      gtk_label_set_label (self->help_label, "");
      return;
    }

  result = bel_decision_follow (rules, self->answers->str, &question_id);
  if (result == NULL && question_id == NULL)
    {
      /* The rules changed under the answers (a sync): start again. */
      g_string_truncate (self->answers, 0);
      result = bel_decision_follow (rules, "", &question_id);
    }

  if (result == NULL)
    {
      const BelDecisionQuestion *question = bel_decision_get_question (rules, question_id);
      /* TRANSLATORS: above a question of the decision helper, "Question 2". */
      g_autofree char *count = g_strdup_printf (_("Question %u"),
                                                (guint) self->answers->len + 1);

      self->node = question->id;
      gtk_label_set_label (self->count_label, count);
      gtk_label_set_label (self->question_label, question->text.text[lang]);
      gtk_label_set_label (self->help_label, question->help.text[lang] ? question->help.text[lang]
                                                                       : "");
      gtk_widget_set_visible (GTK_WIDGET (self->help_label), question->help.text[lang] != NULL);
      gtk_widget_set_visible (self->previous_button, self->answers->len > 0);
      gtk_stack_set_visible_child_name (self->stack, "question");
    }
  else
    {
      const BelWalkthrough *walkthrough = bel_walkthrough_set_get (self->set, result->walkthrough);

      self->node = result->id;
      gtk_label_set_label (self->result_title, result->title.text[lang]);
      gtk_label_set_label (self->why_label, result->why.text[lang]);
      remove_children (GTK_WIDGET (self->bring_list));
      for (guint i = 0; result->bring[lang][i]; i++)
        {
          GtkWidget *row = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 14);
          GtkWidget *icon = gtk_image_new_from_icon_name ("bel-checkbox-symbolic");
          GtkWidget *label = gtk_label_new (result->bring[lang][i]);

          gtk_image_set_pixel_size (GTK_IMAGE (icon), 28);
          gtk_accessible_update_property (GTK_ACCESSIBLE (icon),
                                          GTK_ACCESSIBLE_PROPERTY_LABEL, "", -1);
          gtk_label_set_wrap (GTK_LABEL (label), TRUE);
          gtk_label_set_xalign (GTK_LABEL (label), 0);
          gtk_widget_add_css_class (row, "bel-item");
          gtk_box_append (GTK_BOX (row), icon);
          gtk_box_append (GTK_BOX (row), label);
          gtk_box_append (self->bring_list, row);
        }

      gtk_widget_set_visible (self->walkthrough_button, walkthrough != NULL);
      if (walkthrough)
        {
          /* TRANSLATORS: a button that opens a walkthrough; %s is its title. */
          g_autofree char *label = g_strdup_printf (_("Show me how: %s"),
                                                    walkthrough->title.text[lang]);
          gtk_label_set_label (self->walkthrough_label, label);
          /* GTK names a button after a label child, not after one inside a box. */
          gtk_accessible_update_property (GTK_ACCESSIBLE (self->walkthrough_button),
                                          GTK_ACCESSIBLE_PROPERTY_LABEL, label, -1);
        }
      gtk_widget_set_visible (self->practice_button, result->practice);
      gtk_stack_set_visible_child_name (self->stack, "result");
    }

  gtk_adjustment_set_value (gtk_scrolled_window_get_vadjustment (self->scroller), 0);
}

/* Actions */

static void
answer_cb (GtkWidget  *widget,
           const char *action_name,
           GVariant   *parameter)
{
  BelDecisionView *self = BEL_DECISION_VIEW (widget);
  const BelDecision *rules = decision (self);

  if (rules == NULL || bel_decision_get_question (rules, self->node) == NULL)
    return;
  g_string_append_c (self->answers, g_variant_get_boolean (parameter) ? 'y' : 'n');
  render (self);
}

static void
previous_cb (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  BelDecisionView *self = BEL_DECISION_VIEW (widget);

  if (self->answers->len == 0)
    return;
  g_string_truncate (self->answers, self->answers->len - 1);
  render (self);
}

static void
restart_cb (GtkWidget  *widget,
            const char *action_name,
            GVariant   *parameter)
{
  BelDecisionView *self = BEL_DECISION_VIEW (widget);

  g_string_truncate (self->answers, 0);
  render (self);
}

static void
open_walkthrough_cb (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  BelDecisionView *self = BEL_DECISION_VIEW (widget);
  const BelDecisionResult *result = decision (self)
                                    ? bel_decision_get_result (decision (self), self->node)
                                    : NULL;
  g_autofree char *where = NULL;

  if (result == NULL || result->walkthrough == NULL)
    return;
  where = g_strconcat ("walkthrough/", result->walkthrough, NULL);
  bel_guide_page_navigate_from (widget, "nav.guide", where);
}

static void
practise_cb (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  bel_guide_page_navigate_from (widget, "nav.guide", "practice");
}

static void
read_aloud_cb (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  BelDecisionView *self = BEL_DECISION_VIEW (widget);
  g_autofree char *text = g_strdup_printf ("%s\n%s", gtk_label_get_label (self->question_label),
                                           gtk_label_get_label (self->help_label));

  bel_read_aloud_toggle (self->speaker, text, self->lang);
}

static void
speaker_error_cb (BelDecisionView *self,
                  GError          *error)
{
  gtk_label_set_label (self->count_label, error->message);
}

/* Public */

static void
set_rules (BelDecisionView   *self,
           BelWalkthroughSet *set,
           BelLang            lang)
{
  bel_walkthrough_set_replace (&self->set, set);
  self->lang = lang;
}

void
bel_decision_view_start (BelDecisionView   *self,
                         BelWalkthroughSet *set,
                         BelLang            lang)
{
  g_return_if_fail (BEL_IS_DECISION_VIEW (self));

  set_rules (self, set, lang);
  g_string_truncate (self->answers, 0);
  render (self);
}

void
bel_decision_view_refresh (BelDecisionView   *self,
                           BelWalkthroughSet *set,
                           BelLang            lang)
{
  g_return_if_fail (BEL_IS_DECISION_VIEW (self));

  set_rules (self, set, lang);
  render (self);
}

void
bel_decision_view_clear (BelDecisionView *self)
{
  g_return_if_fail (BEL_IS_DECISION_VIEW (self));

  g_string_truncate (self->answers, 0);
  set_rules (self, NULL, self->lang);
  render (self);
}

const char *
bel_decision_view_get_answers (BelDecisionView *self)
{
  g_return_val_if_fail (BEL_IS_DECISION_VIEW (self), NULL);

  return self->answers->str;
}

const char *
bel_decision_view_get_node (BelDecisionView *self)
{
  g_return_val_if_fail (BEL_IS_DECISION_VIEW (self), NULL);

  return self->node;
}

BelSpeaker *
bel_decision_view_get_speaker (BelDecisionView *self)
{
  g_return_val_if_fail (BEL_IS_DECISION_VIEW (self), NULL);

  return self->speaker;
}

/* GObject */

static void
bel_decision_view_unmap (GtkWidget *widget)
{
  BelDecisionView *self = BEL_DECISION_VIEW (widget);

  if (self->speaker)
    bel_speaker_stop (self->speaker);

  GTK_WIDGET_CLASS (bel_decision_view_parent_class)->unmap (widget);
}

static void
bel_decision_view_dispose (GObject *object)
{
  BelDecisionView *self = BEL_DECISION_VIEW (object);

  if (self->speaker)
    bel_speaker_stop (self->speaker);
  g_clear_object (&self->speaker);
  gtk_widget_dispose_template (GTK_WIDGET (self), BEL_TYPE_DECISION_VIEW);
  g_clear_pointer (&self->set, bel_walkthrough_set_unref);
  self->node = NULL;

  G_OBJECT_CLASS (bel_decision_view_parent_class)->dispose (object);
}

static void
bel_decision_view_finalize (GObject *object)
{
  BelDecisionView *self = BEL_DECISION_VIEW (object);

  g_string_free (self->answers, TRUE);

  G_OBJECT_CLASS (bel_decision_view_parent_class)->finalize (object);
}

static void
bel_decision_view_class_init (BelDecisionViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = bel_decision_view_dispose;
  object_class->finalize = bel_decision_view_finalize;
  widget_class->unmap = bel_decision_view_unmap;

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/beledci/Kiosk/bel-decision-view.ui");
  gtk_widget_class_bind_template_child (widget_class, BelDecisionView, scroller);
  gtk_widget_class_bind_template_child (widget_class, BelDecisionView, stack);
  gtk_widget_class_bind_template_child (widget_class, BelDecisionView, count_label);
  gtk_widget_class_bind_template_child (widget_class, BelDecisionView, question_label);
  gtk_widget_class_bind_template_child (widget_class, BelDecisionView, help_label);
  gtk_widget_class_bind_template_child (widget_class, BelDecisionView, yes_button);
  gtk_widget_class_bind_template_child (widget_class, BelDecisionView, yes_content);
  gtk_widget_class_bind_template_child (widget_class, BelDecisionView, no_button);
  gtk_widget_class_bind_template_child (widget_class, BelDecisionView, no_content);
  gtk_widget_class_bind_template_child (widget_class, BelDecisionView, previous_button);
  gtk_widget_class_bind_template_child (widget_class, BelDecisionView, previous_content);
  gtk_widget_class_bind_template_child (widget_class, BelDecisionView, speak_button);
  gtk_widget_class_bind_template_child (widget_class, BelDecisionView, speak_content);
  gtk_widget_class_bind_template_child (widget_class, BelDecisionView, recommend_label);
  gtk_widget_class_bind_template_child (widget_class, BelDecisionView, result_title);
  gtk_widget_class_bind_template_child (widget_class, BelDecisionView, why_label);
  gtk_widget_class_bind_template_child (widget_class, BelDecisionView, bring_heading);
  gtk_widget_class_bind_template_child (widget_class, BelDecisionView, bring_list);
  gtk_widget_class_bind_template_child (widget_class, BelDecisionView, walkthrough_button);
  gtk_widget_class_bind_template_child (widget_class, BelDecisionView, walkthrough_label);
  gtk_widget_class_bind_template_child (widget_class, BelDecisionView, practice_button);
  gtk_widget_class_bind_template_child (widget_class, BelDecisionView, practice_content);
  gtk_widget_class_bind_template_child (widget_class, BelDecisionView, result_previous_button);
  gtk_widget_class_bind_template_child (widget_class, BelDecisionView, result_previous_content);
  gtk_widget_class_bind_template_child (widget_class, BelDecisionView, restart_button);
  gtk_widget_class_bind_template_child (widget_class, BelDecisionView, restart_content);

  gtk_widget_class_install_action (widget_class, "decision.answer", "b", answer_cb);
  gtk_widget_class_install_action (widget_class, "decision.previous", NULL, previous_cb);
  gtk_widget_class_install_action (widget_class, "decision.restart", NULL, restart_cb);
  gtk_widget_class_install_action (widget_class, "decision.read-aloud", NULL, read_aloud_cb);
  gtk_widget_class_install_action (widget_class, "decision.open-walkthrough", NULL,
                                   open_walkthrough_cb);
  gtk_widget_class_install_action (widget_class, "decision.practise", NULL, practise_cb);
}

static void
bel_decision_view_init (BelDecisionView *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->answers = g_string_new (NULL);
  bel_stack_track_hidden_pages (self->stack);
  self->speaker = bel_speaker_new ();
  bel_read_aloud_bind (self->speak_content, self->speaker);
  g_signal_connect_object (self->speaker, "error",
                           G_CALLBACK (speaker_error_cb), self, G_CONNECT_SWAPPED);

  bel_i18n_bind (self->yes_content, "label", N_("Yes"));
  bel_i18n_bind (self->no_content, "label", N_("No"));
  bel_i18n_bind (self->previous_content, "label", N_("Previous question"));
  bel_i18n_bind (self->result_previous_content, "label", N_("Previous question"));
  bel_i18n_bind (self->restart_content, "label", N_("Start again"));
  bel_i18n_bind (self->recommend_label, "label", N_("Our suggestion"));
  bel_i18n_bind (self->bring_heading, "label", N_("What to bring"));
  bel_i18n_bind (self->practice_content, "label", N_("Practise here first"));
}
