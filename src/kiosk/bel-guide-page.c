/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "bel-guide-page"

#include "config.h"

#include <adwaita.h>

#include "bel-guide-page.h"
#include "bel-i18n.h"
#include "bel-walkthrough-store.h"

struct _BelGuidePage
{
  BelPage             parent_instance;

  /* Template widgets */
  GtkStack           *stack;
  GtkScrolledWindow  *hub_scroller;
  GtkLabel           *hub_title;
  GtkLabel           *hub_text;
  GtkWidget          *choose_button;
  AdwButtonContent   *choose_content;
  GtkWidget          *practice_button;
  AdwButtonContent   *practice_content;
  GtkLabel           *guides_heading;
  GtkBox             *guides_box;
  GtkLabel           *helplines_label;
  BelWalkthroughView *walkthrough_view;
  BelDecisionView    *decision_view;
  BelPracticeView    *practice_view;

  BelWalkthroughSet  *set;
  char               *where;
  /* Where the views left from: Back to one of these resumes it instead of starting over. */
  GHashTable         *resumable;
};

G_DEFINE_FINAL_TYPE (BelGuidePage, bel_guide_page, BEL_TYPE_PAGE)

static BelLang
language (BelGuidePage *self)
{
  return bel_page_get_language (BEL_PAGE (self));
}

static char *
service_title (BelGuidePage *self,
               const char   *service_id)
{
  BelCatalogue *catalogue = bel_page_get_catalogue (BEL_PAGE (self));
  BelService *service;

  if (catalogue == NULL || service_id == NULL)
    return NULL;
  service = bel_catalogue_get_service (catalogue, service_id);
  return service ? g_strdup (bel_service_get_title (service, language (self))) : NULL;
}

/* "walkthrough/fin-mobile/mia-1" → "walkthrough", "fin-mobile", "mia-1". */
static void
split_where (const char  *where,
             char       **kind,
             char       **first,
             char       **second)
{
  g_auto(GStrv) parts = g_strsplit (where ? where : "", "/", 3);
  guint n = g_strv_length (parts);

  *kind = g_strdup (n > 0 ? parts[0] : "");
  *first = n > 1 && *parts[1] ? g_strdup (parts[1]) : NULL;
  *second = n > 2 && *parts[2] ? g_strdup (parts[2]) : NULL;
}

/* The list */

static void
render_hub (BelGuidePage *self)
{
  BelLang lang = language (self);
  GPtrArray *walkthroughs = self->set ? bel_walkthrough_set_get_walkthroughs (self->set) : NULL;
  GtkWidget *button;

  while ((button = gtk_widget_get_first_child (GTK_WIDGET (self->guides_box))))
    gtk_box_remove (self->guides_box, button);

  gtk_widget_set_visible (self->choose_button,
                          self->set && bel_walkthrough_set_get_decision (self->set));
  gtk_widget_set_visible (self->practice_button, self->set != NULL);

  for (guint i = 0; walkthroughs && i < walkthroughs->len; i++)
    {
      const BelWalkthrough *walkthrough = g_ptr_array_index (walkthroughs, i);
      g_autofree char *target = g_strconcat ("walkthrough/", walkthrough->id, NULL);
      GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 18);
      GtkWidget *texts = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
      GtkWidget *title = gtk_label_new (walkthrough->title.text[lang]);
      GtkWidget *summary = gtk_label_new (walkthrough->summary.text[lang]);
      GtkWidget *arrow = gtk_image_new_from_icon_name ("go-next-symbolic");

      button = gtk_button_new ();
      gtk_label_set_wrap (GTK_LABEL (title), TRUE);
      gtk_label_set_xalign (GTK_LABEL (title), 0);
      gtk_widget_add_css_class (title, "bel-row-title");
      gtk_label_set_wrap (GTK_LABEL (summary), TRUE);
      gtk_label_set_xalign (GTK_LABEL (summary), 0);
      gtk_widget_add_css_class (summary, "bel-row-subtitle");
      gtk_widget_set_hexpand (texts, TRUE);
      gtk_box_append (GTK_BOX (texts), title);
      gtk_box_append (GTK_BOX (texts), summary);
      gtk_box_append (GTK_BOX (box), texts);
      gtk_widget_set_valign (arrow, GTK_ALIGN_CENTER);
      gtk_box_append (GTK_BOX (box), arrow);
      gtk_button_set_child (GTK_BUTTON (button), box);
      gtk_widget_add_css_class (button, "bel-list-button");
      gtk_actionable_set_action_name (GTK_ACTIONABLE (button), "nav.guide");
      gtk_actionable_set_action_target (GTK_ACTIONABLE (button), "s", target);
      gtk_accessible_update_property (GTK_ACCESSIBLE (button),
                                      GTK_ACCESSIBLE_PROPERTY_LABEL, walkthrough->title.text[lang],
                                      GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                      walkthrough->summary.text[lang],
                                      -1);
      gtk_box_append (self->guides_box, button);
    }

  if (self->set == NULL)
    gtk_label_set_label (self->hub_text,
                         _("The sign-in guides are not on this kiosk yet. Ask a volunteer, or "
                           "call 108."));
  else
    gtk_label_set_label (self->hub_text,
                         _("Most services on e-gov.az open only after you sign in. There are "
                           "several ways in: each guide below shows one, step by step. Not sure "
                           "which is yours? Answer a few questions."));
}

/* Showing */

static void
update_title (BelGuidePage *self)
{
  const char *view = gtk_stack_get_visible_child_name (self->stack);

  if (g_strcmp0 (view, "walkthrough") == 0)
    bel_page_set_title (BEL_PAGE (self), bel_walkthrough_view_get_title (self->walkthrough_view));
  else if (g_strcmp0 (view, "decision") == 0)
    bel_page_set_title (BEL_PAGE (self), _("Which way in suits me?"));
  else if (g_strcmp0 (view, "practice") == 0)
    bel_page_set_title (BEL_PAGE (self), _("Practice"));
  else
    bel_page_set_title (BEL_PAGE (self), _("How to sign in"));
}

static void
switch_to (BelGuidePage *self,
           const char   *view)
{
  /* Practice ends whenever its screen is left: what was typed goes at once. */
  if (g_strcmp0 (gtk_stack_get_visible_child_name (self->stack), "practice") == 0 &&
      g_strcmp0 (view, "practice") != 0)
    bel_practice_view_wipe (self->practice_view);

  gtk_stack_set_visible_child_name (self->stack, view);
  update_title (self);
}

void
bel_guide_page_show (BelGuidePage *self,
                     const char   *where)
{
  g_autofree char *kind = NULL;
  g_autofree char *first = NULL;
  g_autofree char *second = NULL;
  g_autofree char *where_copy = NULL;
  gboolean resume;

  g_return_if_fail (BEL_IS_GUIDE_PAGE (self));

  /* @where may be self->where itself (a refresh shows the same place again). */
  where_copy = g_strdup (where ? where : "");
  resume = g_hash_table_remove (self->resumable, where_copy);
  g_free (self->where);
  self->where = g_strdup (where_copy);
  split_where (where_copy, &kind, &first, &second);

  if (self->set == NULL)
    kind[0] = '\0';

  if (g_str_equal (kind, "walkthrough") && bel_walkthrough_set_get (self->set, first))
    {
      if (!resume || g_strcmp0 (bel_walkthrough_view_get_id (self->walkthrough_view), first) != 0)
        {
          g_autofree char *title = service_title (self, second);
          bel_walkthrough_view_show (self->walkthrough_view, self->set, first, second, title,
                                     language (self));
        }
      switch_to (self, "walkthrough");
    }
  else if (g_str_equal (kind, "decision") && bel_walkthrough_set_get_decision (self->set))
    {
      if (!resume)
        bel_decision_view_start (self->decision_view, self->set, language (self));
      switch_to (self, "decision");
    }
  else if (g_str_equal (kind, "practice"))
    {
      g_autofree char *title = service_title (self, first);

      /* Practice always starts afresh: nothing typed before survives. */
      switch_to (self, "practice");
      bel_practice_view_start (self->practice_view, self->set, first, title, language (self));
    }
  else
    {
      switch_to (self, "hub");
      gtk_adjustment_set_value (gtk_scrolled_window_get_vadjustment (self->hub_scroller), 0);
    }
}

const char *
bel_guide_page_get_where (BelGuidePage *self)
{
  g_return_val_if_fail (BEL_IS_GUIDE_PAGE (self), NULL);

  return self->where;
}

void
bel_guide_page_navigate_from (GtkWidget  *widget,
                              const char *action,
                              const char *target)
{
  GtkWidget *page = gtk_widget_get_ancestor (widget, BEL_TYPE_GUIDE_PAGE);

  if (page && BEL_GUIDE_PAGE (page)->where)
    g_hash_table_add (BEL_GUIDE_PAGE (page)->resumable, g_strdup (BEL_GUIDE_PAGE (page)->where));
  gtk_widget_activate_action (widget, action, "s", target);
}

BelWalkthroughView *
bel_guide_page_get_walkthrough_view (BelGuidePage *self)
{
  g_return_val_if_fail (BEL_IS_GUIDE_PAGE (self), NULL);

  return self->walkthrough_view;
}

BelDecisionView *
bel_guide_page_get_decision_view (BelGuidePage *self)
{
  g_return_val_if_fail (BEL_IS_GUIDE_PAGE (self), NULL);

  return self->decision_view;
}

BelPracticeView *
bel_guide_page_get_practice_view (BelGuidePage *self)
{
  g_return_val_if_fail (BEL_IS_GUIDE_PAGE (self), NULL);

  return self->practice_view;
}

/* BelPage */

static void
load_set (BelGuidePage *self)
{
  BelWalkthroughSet *set = bel_walkthrough_store_get (bel_page_get_catalogue (BEL_PAGE (self)));

  if (set)
    bel_walkthrough_set_ref (set);
  g_clear_pointer (&self->set, bel_walkthrough_set_unref);
  self->set = set;
}

static void
refresh (BelGuidePage *self)
{
  const char *view = gtk_stack_get_visible_child_name (self->stack);
  g_autofree char *kind = NULL;
  g_autofree char *first = NULL;
  g_autofree char *second = NULL;

  split_where (self->where, &kind, &first, &second);
  render_hub (self);

  if (g_strcmp0 (view, "walkthrough") == 0 &&
      (self->set == NULL || bel_walkthrough_set_get (self->set, first) == NULL))
    {
      /* The walkthrough on screen is gone from the new content. */
      bel_walkthrough_view_clear (self->walkthrough_view);
      switch_to (self, "hub");
    }
  else if (bel_walkthrough_view_get_id (self->walkthrough_view))
    {
      g_autofree char *title = service_title (self, second);
      bel_walkthrough_view_refresh (self->walkthrough_view, self->set, title, language (self));
    }

  bel_decision_view_refresh (self->decision_view, self->set, language (self));

  /* Practice starts over in the new language, with nothing of what was typed. */
  if (g_strcmp0 (view, "practice") == 0)
    bel_guide_page_show (self, self->where);
  else
    bel_practice_view_wipe (self->practice_view);

  update_title (self);
}

static void
bel_guide_page_language_changed (BelPage *page)
{
  refresh (BEL_GUIDE_PAGE (page));
}

static void
bel_guide_page_catalogue_changed (BelPage *page)
{
  BelGuidePage *self = BEL_GUIDE_PAGE (page);

  load_set (self);
  refresh (self);
}

static void
bel_guide_page_reset (BelPage *page)
{
  BelGuidePage *self = BEL_GUIDE_PAGE (page);

  bel_practice_view_wipe (self->practice_view);
  bel_walkthrough_view_clear (self->walkthrough_view);
  bel_decision_view_clear (self->decision_view);
  g_hash_table_remove_all (self->resumable);
  g_clear_pointer (&self->where, g_free);
  switch_to (self, "hub");
  gtk_adjustment_set_value (gtk_scrolled_window_get_vadjustment (self->hub_scroller), 0);
}

/* GObject */

static void
bel_guide_page_unmap (GtkWidget *widget)
{
  BelGuidePage *self = BEL_GUIDE_PAGE (widget);

  /* Leaving the page for another one ends practice. */
  bel_practice_view_wipe (self->practice_view);

  GTK_WIDGET_CLASS (bel_guide_page_parent_class)->unmap (widget);
}

static void
bel_guide_page_dispose (GObject *object)
{
  BelGuidePage *self = BEL_GUIDE_PAGE (object);

  g_clear_pointer (&self->set, bel_walkthrough_set_unref);

  G_OBJECT_CLASS (bel_guide_page_parent_class)->dispose (object);
}

static void
bel_guide_page_finalize (GObject *object)
{
  BelGuidePage *self = BEL_GUIDE_PAGE (object);

  g_free (self->where);
  g_hash_table_unref (self->resumable);

  G_OBJECT_CLASS (bel_guide_page_parent_class)->finalize (object);
}

static void
bel_guide_page_class_init (BelGuidePageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  BelPageClass *page_class = BEL_PAGE_CLASS (klass);

  object_class->dispose = bel_guide_page_dispose;
  object_class->finalize = bel_guide_page_finalize;
  widget_class->unmap = bel_guide_page_unmap;
  page_class->language_changed = bel_guide_page_language_changed;
  page_class->catalogue_changed = bel_guide_page_catalogue_changed;
  page_class->reset = bel_guide_page_reset;

  g_type_ensure (BEL_TYPE_WALKTHROUGH_VIEW);
  g_type_ensure (BEL_TYPE_DECISION_VIEW);
  g_type_ensure (BEL_TYPE_PRACTICE_VIEW);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/beledci/Kiosk/bel-guide-page.ui");
  gtk_widget_class_bind_template_child (widget_class, BelGuidePage, stack);
  gtk_widget_class_bind_template_child (widget_class, BelGuidePage, hub_scroller);
  gtk_widget_class_bind_template_child (widget_class, BelGuidePage, hub_title);
  gtk_widget_class_bind_template_child (widget_class, BelGuidePage, hub_text);
  gtk_widget_class_bind_template_child (widget_class, BelGuidePage, choose_button);
  gtk_widget_class_bind_template_child (widget_class, BelGuidePage, choose_content);
  gtk_widget_class_bind_template_child (widget_class, BelGuidePage, practice_button);
  gtk_widget_class_bind_template_child (widget_class, BelGuidePage, practice_content);
  gtk_widget_class_bind_template_child (widget_class, BelGuidePage, guides_heading);
  gtk_widget_class_bind_template_child (widget_class, BelGuidePage, guides_box);
  gtk_widget_class_bind_template_child (widget_class, BelGuidePage, helplines_label);
  gtk_widget_class_bind_template_child (widget_class, BelGuidePage, walkthrough_view);
  gtk_widget_class_bind_template_child (widget_class, BelGuidePage, decision_view);
  gtk_widget_class_bind_template_child (widget_class, BelGuidePage, practice_view);
}

/* The guide's own style sheet, beside the application's style.css, once per process. */
static void
load_style (void)
{
  static GtkCssProvider *provider = NULL;
  GdkDisplay *display = gdk_display_get_default ();

  if (provider != NULL || display == NULL)
    return;
  provider = gtk_css_provider_new ();
  gtk_css_provider_load_from_resource (provider, "/io/github/beledci/Kiosk/bel-guide.css");
  gtk_style_context_add_provider_for_display (display, GTK_STYLE_PROVIDER (provider),
                                              GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);
}

static void
bel_guide_page_init (BelGuidePage *self)
{
  load_style ();
  gtk_widget_init_template (GTK_WIDGET (self));

  self->resumable = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  bel_stack_track_hidden_pages (self->stack);

  bel_i18n_bind (self->hub_title, "label", N_("How to sign in to e-gov.az"));
  bel_i18n_bind (self->choose_content, "label", N_("Help me choose"));
  bel_i18n_bind (self->practice_content, "label", N_("Practise signing in"));
  bel_i18n_bind (self->guides_heading, "label", N_("Step-by-step guides"));
  bel_i18n_bind (self->helplines_label, "label",
                 N_("Helplines: 108 for signing in with the FİN code, 195 for ASAN İmza, 157 for "
                    "e-İmza and for a number that is not in your name."));

  render_hub (self);
  update_title (self);
}
