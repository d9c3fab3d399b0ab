/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "bel-guide-links"

#include "config.h"

#include <adwaita.h>

#include "bel-guide-links.h"
#include "bel-i18n.h"
#include "bel-walkthrough-store.h"

struct _BelGuideLinks
{
  GtkWidget  parent_instance;

  GtkWidget *heading;
  GtkWidget *buttons;
};

G_DEFINE_FINAL_TYPE (BelGuideLinks, bel_guide_links, GTK_TYPE_WIDGET)

void
bel_guide_links_set_service (BelGuideLinks *self,
                             BelCatalogue  *catalogue,
                             BelService    *service,
                             BelLang        lang)
{
  BelWalkthroughSet *set = bel_walkthrough_store_get (catalogue);
  g_autoptr(GPtrArray) found = NULL;
  GtkWidget *button;

  g_return_if_fail (BEL_IS_GUIDE_LINKS (self));

  while ((button = gtk_widget_get_first_child (self->buttons)))
    gtk_box_remove (GTK_BOX (self->buttons), button);

  if (set && service && !bel_service_is_retired (service))
    found = bel_walkthrough_set_for_sign_in (set, bel_service_get_sign_in (service));

  for (guint i = 0; found && i < found->len; i++)
    {
      const BelWalkthrough *walkthrough = g_ptr_array_index (found, i);
      g_autofree char *target = g_strdup_printf ("walkthrough/%s/%s", walkthrough->id,
                                                 bel_service_get_id (service));
      GtkWidget *content = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 16);
      GtkWidget *icon = gtk_image_new_from_icon_name ("bel-sign-in-symbolic");
      GtkWidget *label = gtk_label_new (walkthrough->title.text[lang]);

      button = gtk_button_new ();
      gtk_accessible_update_property (GTK_ACCESSIBLE (icon), GTK_ACCESSIBLE_PROPERTY_LABEL, "",
                                      -1);
      gtk_label_set_wrap (GTK_LABEL (label), TRUE);
      gtk_label_set_xalign (GTK_LABEL (label), 0);
      gtk_widget_add_css_class (label, "bel-row-title");
      gtk_box_append (GTK_BOX (content), icon);
      gtk_box_append (GTK_BOX (content), label);
      gtk_button_set_child (GTK_BUTTON (button), content);
      /* GTK names a button after a label child, not after one inside a box. */
      gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                      walkthrough->title.text[lang], -1);
      gtk_actionable_set_action_name (GTK_ACTIONABLE (button), "nav.guide");
      gtk_actionable_set_action_target (GTK_ACTIONABLE (button), "s", target);
      gtk_widget_add_css_class (button, "bel-list-button");
      gtk_widget_add_css_class (button, "bel-guide-link");
      gtk_box_append (GTK_BOX (self->buttons), button);
    }

  gtk_widget_set_visible (GTK_WIDGET (self), found && found->len > 0);
}

static void
bel_guide_links_dispose (GObject *object)
{
  BelGuideLinks *self = BEL_GUIDE_LINKS (object);

  g_clear_pointer (&self->heading, gtk_widget_unparent);
  g_clear_pointer (&self->buttons, gtk_widget_unparent);

  G_OBJECT_CLASS (bel_guide_links_parent_class)->dispose (object);
}

static void
bel_guide_links_class_init (BelGuideLinksClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = bel_guide_links_dispose;

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BOX_LAYOUT);
}

static void
bel_guide_links_init (BelGuideLinks *self)
{
  GtkLayoutManager *layout = gtk_widget_get_layout_manager (GTK_WIDGET (self));

  gtk_orientable_set_orientation (GTK_ORIENTABLE (layout), GTK_ORIENTATION_VERTICAL);
  gtk_box_layout_set_spacing (GTK_BOX_LAYOUT (layout), 12);

  self->heading = gtk_label_new (NULL);
  gtk_label_set_xalign (GTK_LABEL (self->heading), 0);
  gtk_label_set_wrap (GTK_LABEL (self->heading), TRUE);
  gtk_widget_add_css_class (self->heading, "bel-title-3");
  bel_i18n_bind (self->heading, "label", N_("How to sign in for this service"));
  gtk_widget_set_parent (self->heading, GTK_WIDGET (self));

  self->buttons = gtk_box_new (GTK_ORIENTATION_VERTICAL, 10);
  gtk_widget_set_parent (self->buttons, GTK_WIDGET (self));

  gtk_widget_set_visible (GTK_WIDGET (self), FALSE);
}

GtkWidget *
bel_guide_links_new (void)
{
  return g_object_new (BEL_TYPE_GUIDE_LINKS, NULL);
}
