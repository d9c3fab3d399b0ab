/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "bel-service-row"

#include "config.h"

#include "bel-i18n.h"
#include "bel-service-row.h"

struct _BelServiceRow
{
  GtkButton   parent_instance;

  BelService *service;
  BelLang     lang;

  GtkLabel   *title_label;
  GtkLabel   *agency_label;
  GtkWidget  *badge;
  GtkImage   *badge_icon;
  GtkLabel   *badge_label;
};

G_DEFINE_FINAL_TYPE (BelServiceRow, bel_service_row, GTK_TYPE_BUTTON)

const char *
bel_channel_describe (BelChannel   channel,
                      const char **out_icon_name)
{
  const char *icon_name;
  const char *text;

  switch (channel)
    {
    case BEL_CHANNEL_ONLINE:
      icon_name = "bel-online-symbolic";
      text = _("Online");
      break;

    case BEL_CHANNEL_IN_PERSON:
      icon_name = "bel-in-person-symbolic";
      text = _("In person");
      break;

    case BEL_CHANNEL_BOTH:
    default:
      icon_name = "bel-both-symbolic";
      text = _("Online or in person");
      break;
    }

  if (out_icon_name)
    *out_icon_name = icon_name;

  return text;
}

static void
bel_service_row_clicked (GtkButton *button)
{
  BelServiceRow *self = BEL_SERVICE_ROW (button);

  if (self->service)
    gtk_widget_activate_action (GTK_WIDGET (self), "nav.service", "s",
                                bel_service_get_id (self->service));
}

static void
bel_service_row_dispose (GObject *object)
{
  BelServiceRow *self = BEL_SERVICE_ROW (object);

  g_clear_object (&self->service);

  G_OBJECT_CLASS (bel_service_row_parent_class)->dispose (object);
}

static void
bel_service_row_class_init (BelServiceRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkButtonClass *button_class = GTK_BUTTON_CLASS (klass);

  object_class->dispose = bel_service_row_dispose;
  button_class->clicked = bel_service_row_clicked;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/beledci/Kiosk/bel-service-row.ui");
  gtk_widget_class_bind_template_child (widget_class, BelServiceRow, title_label);
  gtk_widget_class_bind_template_child (widget_class, BelServiceRow, agency_label);
  gtk_widget_class_bind_template_child (widget_class, BelServiceRow, badge);
  gtk_widget_class_bind_template_child (widget_class, BelServiceRow, badge_icon);
  gtk_widget_class_bind_template_child (widget_class, BelServiceRow, badge_label);
}

static void
bel_service_row_init (BelServiceRow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

GtkWidget *
bel_service_row_new (void)
{
  return g_object_new (BEL_TYPE_SERVICE_ROW, NULL);
}

BelService *
bel_service_row_get_service (BelServiceRow *self)
{
  g_return_val_if_fail (BEL_IS_SERVICE_ROW (self), NULL);

  return self->service;
}

void
bel_service_row_set_service (BelServiceRow *self,
                             BelService    *service,
                             BelCatalogue  *catalogue,
                             BelLang        lang)
{
  g_autofree char *accessible = NULL;
  const char *title = NULL;
  const char *agency_name = NULL;
  const char *channel_text;
  const char *icon_name;

  g_return_if_fail (BEL_IS_SERVICE_ROW (self));

  /* Typing one more letter often keeps the first results where they were: leaving their rows
   * alone spares laying them out again. */
  if (service != NULL && service == self->service && lang == self->lang)
    return;

  g_set_object (&self->service, service);
  self->lang = lang;

  if (service == NULL)
    {
      gtk_label_set_label (self->title_label, "");
      gtk_label_set_label (self->agency_label, "");
      gtk_label_set_label (self->badge_label, "");
      return;
    }

  title = bel_service_get_title (service, lang);
  if (catalogue)
    {
      BelAgency *agency = bel_catalogue_get_agency (catalogue,
                                                    bel_service_get_agency_id (service));

      if (agency)
        agency_name = bel_agency_get_name (agency, lang);
    }

  channel_text = bel_channel_describe (bel_service_get_channel (service), &icon_name);

  gtk_label_set_label (self->title_label, title);
  gtk_label_set_label (self->agency_label, agency_name ? agency_name : "");
  gtk_widget_set_visible (GTK_WIDGET (self->agency_label), agency_name != NULL);
  gtk_label_set_label (self->badge_label, channel_text);
  gtk_image_set_from_icon_name (self->badge_icon, icon_name);

  gtk_widget_remove_css_class (self->badge, "online");
  gtk_widget_remove_css_class (self->badge, "in-person");
  gtk_widget_remove_css_class (self->badge, "both");
  gtk_widget_add_css_class (self->badge, bel_channel_to_string (bel_service_get_channel (service)));

  accessible = agency_name
    ? g_strdup_printf ("%s. %s. %s", title, agency_name, channel_text)
    : g_strdup_printf ("%s. %s", title, channel_text);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, accessible,
                                  -1);
}

typedef struct
{
  BelCatalogue *(*get_catalogue) (gpointer);
  gpointer        user_data;
} FactoryData;

static void
factory_setup_cb (GtkSignalListItemFactory *factory,
                  GtkListItem              *item,
                  gpointer                  user_data)
{
  gtk_list_item_set_child (item, bel_service_row_new ());
  /* The row is a button: the list item itself need not take focus or activate. */
  gtk_list_item_set_activatable (item, FALSE);
  gtk_list_item_set_selectable (item, FALSE);
}

static void
factory_bind_cb (GtkSignalListItemFactory *factory,
                 GtkListItem              *item,
                 gpointer                  user_data)
{
  FactoryData *data = user_data;
  BelServiceRow *row = BEL_SERVICE_ROW (gtk_list_item_get_child (item));

  bel_service_row_set_service (row,
                               gtk_list_item_get_item (item),
                               data->get_catalogue (data->user_data),
                               bel_i18n_get_language ());
}

static void
factory_unbind_cb (GtkSignalListItemFactory *factory,
                   GtkListItem              *item,
                   gpointer                  user_data)
{
  BelServiceRow *row = BEL_SERVICE_ROW (gtk_list_item_get_child (item));

  /* Holds no reference to a service the list no longer shows. */
  bel_service_row_set_service (row, NULL, NULL, BEL_LANG_AZ);
}

GtkListItemFactory *
bel_service_row_factory_new (BelCatalogue *(*get_catalogue) (gpointer),
                             gpointer       user_data)
{
  GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();
  FactoryData *data = g_new0 (FactoryData, 1);

  data->get_catalogue = get_catalogue;
  data->user_data = user_data;

  g_signal_connect (factory, "setup", G_CALLBACK (factory_setup_cb), data);
  g_signal_connect (factory, "bind", G_CALLBACK (factory_bind_cb), data);
  g_signal_connect (factory, "unbind", G_CALLBACK (factory_unbind_cb), data);
  g_object_set_data_full (G_OBJECT (factory), "bel-factory-data", data, g_free);

  return factory;
}
