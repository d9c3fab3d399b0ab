/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "bel-guide-button"

#include "config.h"

#include <adwaita.h>

#include "bel-guide-button.h"
#include "bel-i18n.h"
#include "bel-page.h"
#include "bel-walkthrough-store.h"

struct _BelGuideButton
{
  GtkWidget  parent_instance;

  GtkWidget *button;
  BelPage   *page;       /* the page it is on, while rooted */
  gulong     notify_id;
};

G_DEFINE_FINAL_TYPE (BelGuideButton, bel_guide_button, GTK_TYPE_WIDGET)

static void
update (BelGuideButton *self)
{
  BelCatalogue *catalogue = self->page ? bel_page_get_catalogue (self->page) : NULL;

  gtk_widget_set_visible (GTK_WIDGET (self), bel_walkthrough_store_get (catalogue) != NULL);
}

static void
bel_guide_button_root (GtkWidget *widget)
{
  BelGuideButton *self = BEL_GUIDE_BUTTON (widget);
  GtkWidget *page;

  GTK_WIDGET_CLASS (bel_guide_button_parent_class)->root (widget);

  page = gtk_widget_get_ancestor (widget, BEL_TYPE_PAGE);
  if (page)
    {
      self->page = BEL_PAGE (page);
      self->notify_id = g_signal_connect_swapped (page, "notify::catalogue",
                                                  G_CALLBACK (update), self);
    }
  update (self);
}

static void
bel_guide_button_unroot (GtkWidget *widget)
{
  BelGuideButton *self = BEL_GUIDE_BUTTON (widget);

  if (self->page)
    g_clear_signal_handler (&self->notify_id, self->page);
  self->page = NULL;

  GTK_WIDGET_CLASS (bel_guide_button_parent_class)->unroot (widget);
}

static void
bel_guide_button_dispose (GObject *object)
{
  BelGuideButton *self = BEL_GUIDE_BUTTON (object);

  g_clear_pointer (&self->button, gtk_widget_unparent);

  G_OBJECT_CLASS (bel_guide_button_parent_class)->dispose (object);
}

static void
bel_guide_button_class_init (BelGuideButtonClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = bel_guide_button_dispose;
  widget_class->root = bel_guide_button_root;
  widget_class->unroot = bel_guide_button_unroot;

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}

static void
bel_guide_button_init (BelGuideButton *self)
{
  GtkWidget *content = adw_button_content_new ();

  self->button = gtk_button_new ();
  adw_button_content_set_icon_name (ADW_BUTTON_CONTENT (content), "bel-sign-in-symbolic");
  /* Centred like the other actions on the welcome screen. */
  gtk_widget_set_halign (content, GTK_ALIGN_CENTER);
  gtk_button_set_child (GTK_BUTTON (self->button), content);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (self->button), "nav.guide");
  gtk_actionable_set_action_target (GTK_ACTIONABLE (self->button), "s", "");
  gtk_widget_add_css_class (self->button, "bel-big-button");
  gtk_widget_add_css_class (self->button, "bel-guide-button");
  gtk_widget_set_parent (self->button, GTK_WIDGET (self));

  bel_i18n_bind (content, "label", N_("How to sign in to e-gov.az"));
  gtk_widget_set_visible (GTK_WIDGET (self), FALSE);
}

GtkWidget *
bel_guide_button_new (void)
{
  return g_object_new (BEL_TYPE_GUIDE_BUTTON, NULL);
}
