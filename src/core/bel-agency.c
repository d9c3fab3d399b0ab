/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "bel-agency"

#include "bel-agency.h"

struct _BelAgency
{
  GObject        parent_instance;
  BelAgencyData *data;
  guint          n_services;
};

G_DEFINE_FINAL_TYPE (BelAgency, bel_agency, G_TYPE_OBJECT)

static void
bel_agency_finalize (GObject *object)
{
  BelAgency *self = (BelAgency *)object;

  g_clear_pointer (&self->data, bel_agency_data_free);

  G_OBJECT_CLASS (bel_agency_parent_class)->finalize (object);
}

static void
bel_agency_class_init (BelAgencyClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = bel_agency_finalize;
}

static void
bel_agency_init (BelAgency *self)
{
}

BelAgency *
bel_agency_new (BelAgencyData *data)
{
  BelAgency *self;

  g_return_val_if_fail (data != NULL, NULL);

  self = g_object_new (BEL_TYPE_AGENCY, NULL);
  self->data = data;
  return self;
}

const BelAgencyData *
bel_agency_get_data (BelAgency *self)
{
  g_return_val_if_fail (BEL_IS_AGENCY (self), NULL);
  return self->data;
}

const char *
bel_agency_get_id (BelAgency *self)
{
  g_return_val_if_fail (BEL_IS_AGENCY (self), NULL);
  return self->data->id;
}

const char *
bel_agency_get_name (BelAgency *self,
                     BelLang    lang)
{
  g_return_val_if_fail (BEL_IS_AGENCY (self), NULL);
  return bel_text_get (&self->data->name, lang);
}

const char *
bel_agency_get_short_name (BelAgency *self,
                           BelLang    lang)
{
  g_return_val_if_fail (BEL_IS_AGENCY (self), NULL);
  return bel_text_get (&self->data->short_name, lang);
}

const char *
bel_agency_get_helpline (BelAgency *self)
{
  g_return_val_if_fail (BEL_IS_AGENCY (self), NULL);
  return self->data->helpline;
}

const char *
bel_agency_get_website (BelAgency *self)
{
  g_return_val_if_fail (BEL_IS_AGENCY (self), NULL);
  return self->data->website;
}

guint
bel_agency_get_n_services (BelAgency *self)
{
  g_return_val_if_fail (BEL_IS_AGENCY (self), 0);
  return self->n_services;
}

void
bel_agency_set_n_services (BelAgency *self,
                           guint      n)
{
  g_return_if_fail (BEL_IS_AGENCY (self));
  self->n_services = n;
}

struct _BelCategory
{
  GObject          parent_instance;
  BelCategoryData *data;
  guint            n_services;
};

G_DEFINE_FINAL_TYPE (BelCategory, bel_category, G_TYPE_OBJECT)

static void
bel_category_finalize (GObject *object)
{
  BelCategory *self = (BelCategory *)object;

  g_clear_pointer (&self->data, bel_category_data_free);

  G_OBJECT_CLASS (bel_category_parent_class)->finalize (object);
}

static void
bel_category_class_init (BelCategoryClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = bel_category_finalize;
}

static void
bel_category_init (BelCategory *self)
{
}

BelCategory *
bel_category_new (BelCategoryData *data)
{
  BelCategory *self;

  g_return_val_if_fail (data != NULL, NULL);

  self = g_object_new (BEL_TYPE_CATEGORY, NULL);
  self->data = data;
  return self;
}

const char *
bel_category_get_id (BelCategory *self)
{
  g_return_val_if_fail (BEL_IS_CATEGORY (self), NULL);
  return self->data->id;
}

const char *
bel_category_get_icon (BelCategory *self)
{
  g_return_val_if_fail (BEL_IS_CATEGORY (self), NULL);
  return self->data->icon;
}

const char *
bel_category_get_name (BelCategory *self,
                       BelLang      lang)
{
  g_return_val_if_fail (BEL_IS_CATEGORY (self), NULL);
  return bel_text_get (&self->data->name, lang);
}

guint
bel_category_get_n_services (BelCategory *self)
{
  g_return_val_if_fail (BEL_IS_CATEGORY (self), 0);
  return self->n_services;
}

void
bel_category_set_n_services (BelCategory *self,
                             guint        n)
{
  g_return_if_fail (BEL_IS_CATEGORY (self));
  self->n_services = n;
}
