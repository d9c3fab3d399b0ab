/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "bel-list-page"

#include "config.h"

#include <adwaita.h>

#include "bel-i18n.h"
#include "bel-list-page.h"
#include "bel-service-row.h"

typedef enum {
  LIST_NONE,
  LIST_CATEGORY,
  LIST_AGENCY,
} ListKind;

struct _BelListPage
{
  BelPage            parent_instance;

  GtkImage          *icon;
  GtkLabel          *heading;
  GtkLabel          *details;
  GtkLabel          *count_label;
  GtkScrolledWindow *scroller;
  GtkListView       *list_view;

  GListStore        *services;
  ListKind           kind;
  char              *id;
};

G_DEFINE_FINAL_TYPE (BelListPage, bel_list_page, BEL_TYPE_PAGE)

static void
set_details (BelListPage *self,
             const char  *text)
{
  gtk_label_set_label (self->details, text ? text : "");
  gtk_widget_set_visible (GTK_WIDGET (self->details), text && *text);
}

static char *
describe_agency (BelAgency *agency,
                 BelLang    lang)
{
  const BelAgencyData *data = bel_agency_get_data (agency);
  const char *helpline = bel_agency_get_helpline (agency);
  g_autoptr(GString) text = g_string_new (NULL);

  if (data && data->former_names && data->former_names->len > 0)
    {
      g_autoptr(GPtrArray) names = g_ptr_array_new ();
      g_autofree char *joined = NULL;

      for (guint i = 0; i < data->former_names->len; i++)
        {
          const char *name = bel_text_get (data->former_names->pdata[i], lang);

          if (name)
            g_ptr_array_add (names, (gpointer) name);
        }
      g_ptr_array_add (names, NULL);
      joined = g_strjoinv ("; ", (char **) names->pdata);
      /* TRANSLATORS: %s is one or more earlier names of a state agency. */
      g_string_append_printf (text, _("Formerly: %s"), joined);
    }

  if (helpline && *helpline)
    {
      if (text->len)
        g_string_append_c (text, '\n');
      /* TRANSLATORS: %s is a short telephone number such as 108. */
      g_string_append_printf (text, _("Helpline: %s"), helpline);
    }

  return g_string_free (g_steal_pointer (&text), FALSE);
}

static void
render (BelListPage *self)
{
  BelCatalogue *catalogue = bel_page_get_catalogue (BEL_PAGE (self));
  BelLang lang = bel_page_get_language (BEL_PAGE (self));
  g_autoptr(GPtrArray) services = NULL;
  g_autofree char *count = NULL;
  guint n_old = g_list_model_get_n_items (G_LIST_MODEL (self->services));
  const char *title = NULL;

  if (catalogue && self->kind == LIST_CATEGORY)
    {
      BelCategory *category = bel_catalogue_get_category (catalogue, self->id);

      if (category)
        {
          title = bel_category_get_name (category, lang);
          gtk_image_set_from_icon_name (self->icon, bel_category_get_icon (category));
          set_details (self, NULL);
          services = bel_catalogue_list_category (catalogue, self->id, lang);
        }
    }
  else if (catalogue && self->kind == LIST_AGENCY)
    {
      BelAgency *agency = bel_catalogue_get_agency (catalogue, self->id);

      if (agency)
        {
          g_autofree char *details = describe_agency (agency, lang);

          title = bel_agency_get_name (agency, lang);
          gtk_image_set_from_icon_name (self->icon, "bel-agency-symbolic");
          set_details (self, details);
          services = bel_catalogue_list_agency (catalogue, self->id, lang);
        }
    }

  if (title == NULL)
    {
      set_details (self, NULL);
      gtk_image_clear (self->icon);
    }

  gtk_label_set_label (self->heading, title ? title : "");
  bel_page_set_title (BEL_PAGE (self), title ? title : "");

  g_list_store_splice (self->services, 0, n_old,
                       services ? services->pdata : NULL,
                       services ? services->len : 0);

  if (services)
    count = g_strdup_printf (ngettext ("%u service", "%u services",
                                          services->len),
                             services->len);
  gtk_label_set_label (self->count_label, count ? count : "");
}

static void
show (BelListPage *self,
      ListKind     kind,
      const char  *id)
{
  /* Coming back to the same list keeps where the citizen had scrolled to. */
  if (self->kind == kind && g_strcmp0 (self->id, id) == 0)
    return;

  self->kind = kind;
  g_free (self->id);
  self->id = g_strdup (id);

  render (self);
  gtk_adjustment_set_value (gtk_scrolled_window_get_vadjustment (self->scroller), 0);
}

static BelCatalogue *
get_catalogue_cb (gpointer user_data)
{
  return bel_page_get_catalogue (BEL_PAGE (user_data));
}

static void
bel_list_page_language_changed (BelPage *page)
{
  render (BEL_LIST_PAGE (page));
}

static void
bel_list_page_catalogue_changed (BelPage *page)
{
  render (BEL_LIST_PAGE (page));
}

static void
bel_list_page_reset (BelPage *page)
{
  BelListPage *self = BEL_LIST_PAGE (page);

  self->kind = LIST_NONE;
  g_clear_pointer (&self->id, g_free);
  render (self);
  gtk_adjustment_set_value (gtk_scrolled_window_get_vadjustment (self->scroller), 0);
}

static void
bel_list_page_dispose (GObject *object)
{
  BelListPage *self = BEL_LIST_PAGE (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), BEL_TYPE_LIST_PAGE);
  g_clear_object (&self->services);

  G_OBJECT_CLASS (bel_list_page_parent_class)->dispose (object);
}

static void
bel_list_page_finalize (GObject *object)
{
  BelListPage *self = BEL_LIST_PAGE (object);

  g_clear_pointer (&self->id, g_free);

  G_OBJECT_CLASS (bel_list_page_parent_class)->finalize (object);
}

static void
bel_list_page_class_init (BelListPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  BelPageClass *page_class = BEL_PAGE_CLASS (klass);

  object_class->dispose = bel_list_page_dispose;
  object_class->finalize = bel_list_page_finalize;
  page_class->language_changed = bel_list_page_language_changed;
  page_class->catalogue_changed = bel_list_page_catalogue_changed;
  page_class->reset = bel_list_page_reset;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/beledci/Kiosk/bel-list-page.ui");
  gtk_widget_class_bind_template_child (widget_class, BelListPage, icon);
  gtk_widget_class_bind_template_child (widget_class, BelListPage, heading);
  gtk_widget_class_bind_template_child (widget_class, BelListPage, details);
  gtk_widget_class_bind_template_child (widget_class, BelListPage, count_label);
  gtk_widget_class_bind_template_child (widget_class, BelListPage, scroller);
  gtk_widget_class_bind_template_child (widget_class, BelListPage, list_view);
}

static void
bel_list_page_init (BelListPage *self)
{
  g_autoptr(GtkListItemFactory) factory = NULL;
  g_autoptr(GtkNoSelection) selection = NULL;

  gtk_widget_init_template (GTK_WIDGET (self));

  self->services = g_list_store_new (BEL_TYPE_SERVICE);
  selection = gtk_no_selection_new (G_LIST_MODEL (g_object_ref (self->services)));
  factory = bel_service_row_factory_new (get_catalogue_cb, self);
  gtk_list_view_set_model (self->list_view, GTK_SELECTION_MODEL (selection));
  gtk_list_view_set_factory (self->list_view, factory);
  bel_i18n_bind (self->list_view, BEL_I18N_ACCESSIBLE_LABEL, N_("Services"));
}

void
bel_list_page_show_category (BelListPage *self,
                             const char  *category_id)
{
  g_return_if_fail (BEL_IS_LIST_PAGE (self));

  show (self, LIST_CATEGORY, category_id);
}

void
bel_list_page_show_agency (BelListPage *self,
                           const char  *agency_id)
{
  g_return_if_fail (BEL_IS_LIST_PAGE (self));

  show (self, LIST_AGENCY, agency_id);
}

GListModel *
bel_list_page_get_services (BelListPage *self)
{
  g_return_val_if_fail (BEL_IS_LIST_PAGE (self), NULL);

  return G_LIST_MODEL (self->services);
}
