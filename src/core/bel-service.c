/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "bel-service"

#include "bel-service.h"

struct _BelService
{
  GObject         parent_instance;
  BelServiceData *data;
};

G_DEFINE_FINAL_TYPE (BelService, bel_service, G_TYPE_OBJECT)

static void
bel_service_finalize (GObject *object)
{
  BelService *self = (BelService *)object;

  g_clear_pointer (&self->data, bel_service_data_free);

  G_OBJECT_CLASS (bel_service_parent_class)->finalize (object);
}

static void
bel_service_class_init (BelServiceClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = bel_service_finalize;
}

static void
bel_service_init (BelService *self)
{
}

BelService *
bel_service_new (BelServiceData *data)
{
  BelService *self;

  g_return_val_if_fail (data != NULL, NULL);

  self = g_object_new (BEL_TYPE_SERVICE, NULL);
  self->data = data;
  return self;
}

const BelServiceData *
bel_service_get_data (BelService *self)
{
  g_return_val_if_fail (BEL_IS_SERVICE (self), NULL);
  return self->data;
}

const char *
bel_service_get_id (BelService *self)
{
  g_return_val_if_fail (BEL_IS_SERVICE (self), NULL);
  return self->data->id;
}

const char *
bel_service_get_agency_id (BelService *self)
{
  g_return_val_if_fail (BEL_IS_SERVICE (self), NULL);
  return self->data->agency_id;
}

const char *
bel_service_get_title (BelService *self,
                       BelLang     lang)
{
  g_return_val_if_fail (BEL_IS_SERVICE (self), NULL);
  return bel_text_get (&self->data->title, lang);
}

const char *
bel_service_get_summary (BelService *self,
                         BelLang     lang)
{
  g_return_val_if_fail (BEL_IS_SERVICE (self), NULL);
  return bel_text_get (&self->data->summary, lang);
}

const char *
bel_service_get_eligibility (BelService *self,
                             BelLang     lang)
{
  g_return_val_if_fail (BEL_IS_SERVICE (self), NULL);
  return bel_text_get (&self->data->eligibility, lang);
}

const char * const *
bel_service_get_steps (BelService *self,
                       BelLang     lang)
{
  g_return_val_if_fail (BEL_IS_SERVICE (self), NULL);
  g_return_val_if_fail (lang < BEL_N_LANGS, NULL);
  return (const char * const *)self->data->steps[lang];
}

const char * const *
bel_service_get_documents (BelService *self,
                           BelLang     lang)
{
  g_return_val_if_fail (BEL_IS_SERVICE (self), NULL);
  g_return_val_if_fail (lang < BEL_N_LANGS, NULL);
  return (const char * const *)self->data->documents[lang];
}

const char * const *
bel_service_get_sign_in (BelService *self)
{
  g_return_val_if_fail (BEL_IS_SERVICE (self), NULL);
  return (const char * const *)self->data->sign_in;
}

gboolean
bel_service_get_fee (BelService *self,
                     double     *out_azn)
{
  g_return_val_if_fail (BEL_IS_SERVICE (self), FALSE);

  if (out_azn)
    *out_azn = self->data->fee;
  return self->data->fee_known;
}

const char *
bel_service_get_fee_note (BelService *self,
                          BelLang     lang)
{
  g_return_val_if_fail (BEL_IS_SERVICE (self), NULL);
  return bel_text_get (&self->data->fee_note, lang);
}

const char *
bel_service_get_duration (BelService *self,
                          BelLang     lang)
{
  g_return_val_if_fail (BEL_IS_SERVICE (self), NULL);
  return bel_text_get (&self->data->duration, lang);
}

BelChannel
bel_service_get_channel (BelService *self)
{
  g_return_val_if_fail (BEL_IS_SERVICE (self), BEL_CHANNEL_BOTH);
  return self->data->channel;
}

gboolean
bel_service_is_online (BelService *self)
{
  g_return_val_if_fail (BEL_IS_SERVICE (self), FALSE);
  return self->data->channel != BEL_CHANNEL_IN_PERSON;
}

const char *
bel_service_get_url (BelService *self)
{
  g_return_val_if_fail (BEL_IS_SERVICE (self), NULL);
  return self->data->url;
}

const char *
bel_service_get_checked (BelService *self)
{
  g_return_val_if_fail (BEL_IS_SERVICE (self), NULL);
  return self->data->checked;
}

const char *
bel_service_get_source (BelService *self)
{
  g_return_val_if_fail (BEL_IS_SERVICE (self), NULL);
  return self->data->source;
}

gboolean
bel_service_is_retired (BelService *self)
{
  g_return_val_if_fail (BEL_IS_SERVICE (self), FALSE);
  return self->data->retired != NULL;
}

gboolean
bel_service_has_category (BelService *self,
                          const char *category_id)
{
  g_return_val_if_fail (BEL_IS_SERVICE (self), FALSE);
  return category_id && g_strv_contains ((const char * const *)self->data->categories,
                                         category_id);
}
