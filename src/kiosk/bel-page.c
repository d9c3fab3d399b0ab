/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "bel-page"

#include "config.h"

#include "bel-i18n.h"
#include "bel-page.h"

typedef struct
{
  BelCatalogue *catalogue;
  char         *title;
} BelPagePrivate;

G_DEFINE_TYPE_WITH_PRIVATE (BelPage, bel_page, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_CATALOGUE,
  PROP_TITLE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
bel_page_finalize (GObject *object)
{
  BelPage *self = BEL_PAGE (object);
  BelPagePrivate *priv = bel_page_get_instance_private (self);

  g_clear_pointer (&priv->title, g_free);

  G_OBJECT_CLASS (bel_page_parent_class)->finalize (object);
}

static void
bel_page_dispose (GObject *object)
{
  BelPage *self = BEL_PAGE (object);
  BelPagePrivate *priv = bel_page_get_instance_private (self);
  GtkWidget *child;

  /* The pages' templates have one child each; it goes whether or not it was bound. */
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))))
    gtk_widget_unparent (child);

  g_clear_object (&priv->catalogue);

  G_OBJECT_CLASS (bel_page_parent_class)->dispose (object);
}

static void
bel_page_get_property (GObject    *object,
                       guint       prop_id,
                       GValue     *value,
                       GParamSpec *pspec)
{
  BelPage *self = BEL_PAGE (object);
  BelPagePrivate *priv = bel_page_get_instance_private (self);

  switch (prop_id)
    {
    case PROP_CATALOGUE:
      g_value_set_object (value, priv->catalogue);
      break;

    case PROP_TITLE:
      g_value_set_string (value, priv->title);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
bel_page_set_property (GObject      *object,
                       guint         prop_id,
                       const GValue *value,
                       GParamSpec   *pspec)
{
  BelPage *self = BEL_PAGE (object);

  switch (prop_id)
    {
    case PROP_CATALOGUE:
      bel_page_set_catalogue (self, g_value_get_object (value));
      break;

    case PROP_TITLE:
      bel_page_set_title (self, g_value_get_string (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
bel_page_class_init (BelPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = bel_page_dispose;
  object_class->finalize = bel_page_finalize;
  object_class->get_property = bel_page_get_property;
  object_class->set_property = bel_page_set_property;

  properties[PROP_CATALOGUE] =
    g_param_spec_object ("catalogue", NULL, NULL,
                         BEL_TYPE_CATALOGUE,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_TITLE] =
    g_param_spec_string ("title", NULL, NULL,
                         NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}

static void
bel_page_init (BelPage *self)
{
}

BelCatalogue *
bel_page_get_catalogue (BelPage *self)
{
  BelPagePrivate *priv = bel_page_get_instance_private (self);

  g_return_val_if_fail (BEL_IS_PAGE (self), NULL);

  return priv->catalogue;
}

void
bel_page_set_catalogue (BelPage      *self,
                        BelCatalogue *catalogue)
{
  BelPagePrivate *priv = bel_page_get_instance_private (self);

  g_return_if_fail (BEL_IS_PAGE (self));
  g_return_if_fail (!catalogue || BEL_IS_CATALOGUE (catalogue));

  /* A reload keeps the same object but changes its content, so a repeated set still counts. */
  g_set_object (&priv->catalogue, catalogue);

  if (BEL_PAGE_GET_CLASS (self)->catalogue_changed)
    BEL_PAGE_GET_CLASS (self)->catalogue_changed (self);

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CATALOGUE]);
}

const char *
bel_page_get_title (BelPage *self)
{
  BelPagePrivate *priv = bel_page_get_instance_private (self);

  g_return_val_if_fail (BEL_IS_PAGE (self), NULL);

  return priv->title;
}

void
bel_page_set_title (BelPage    *self,
                    const char *title)
{
  BelPagePrivate *priv = bel_page_get_instance_private (self);

  g_return_if_fail (BEL_IS_PAGE (self));

  if (g_strcmp0 (priv->title, title) == 0)
    return;

  g_free (priv->title);
  priv->title = g_strdup (title);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TITLE]);
}

BelLang
bel_page_get_language (BelPage *self)
{
  return bel_i18n_get_language ();
}

void
bel_page_language_changed (BelPage *self)
{
  g_return_if_fail (BEL_IS_PAGE (self));

  if (BEL_PAGE_GET_CLASS (self)->language_changed)
    BEL_PAGE_GET_CLASS (self)->language_changed (self);
}

void
bel_page_reset (BelPage *self)
{
  g_return_if_fail (BEL_IS_PAGE (self));

  if (BEL_PAGE_GET_CLASS (self)->reset)
    BEL_PAGE_GET_CLASS (self)->reset (self);
}

void
bel_page_shown (BelPage *self)
{
  g_return_if_fail (BEL_IS_PAGE (self));

  if (BEL_PAGE_GET_CLASS (self)->shown)
    BEL_PAGE_GET_CLASS (self)->shown (self);
}

static void
stack_visible_child_changed_cb (GtkStack *stack)
{
  GtkWidget *visible = gtk_stack_get_visible_child (stack);

  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (stack)); child;
       child = gtk_widget_get_next_sibling (child))
    gtk_accessible_update_state (GTK_ACCESSIBLE (child),
                                 GTK_ACCESSIBLE_STATE_HIDDEN, child != visible,
                                 -1);
}

void
bel_stack_track_hidden_pages (GtkStack *stack)
{
  g_return_if_fail (GTK_IS_STACK (stack));

  g_signal_connect (stack, "notify::visible-child",
                    G_CALLBACK (stack_visible_child_changed_cb), NULL);
  stack_visible_child_changed_cb (stack);
}
