/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "bel-qr-code"

#include "config.h"

#include <glib/gi18n.h>
#include <qrencode.h>

#include "bel-qr-code.h"

/* A QR code of a web address, so a citizen carries on at home on their phone. Modules are
 * drawn as whole device pixels, so the code is sharp at any size and any scale, always black
 * on white (a dark or high-contrast theme must not invert it: many phone readers fail on
 * light-on-dark codes), inside the quiet zone of four modules that the standard asks for. */

#define QUIET_ZONE 4
/* A module of 6 px reads well from a phone held at arm's length. */
#define NATURAL_MODULE_PX 6
#define MIN_MODULE_PX 2

struct _BelQrCode
{
  GtkWidget  parent_instance;

  char      *url;
  QRcode    *code;
};

G_DEFINE_FINAL_TYPE (BelQrCode, bel_qr_code, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_URL,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static guint
side_in_modules (BelQrCode *self)
{
  return self->code ? (guint) self->code->width + 2 * QUIET_ZONE : 0;
}

static void
bel_qr_code_measure (GtkWidget      *widget,
                     GtkOrientation  orientation,
                     int             for_size,
                     int            *minimum,
                     int            *natural,
                     int            *minimum_baseline,
                     int            *natural_baseline)
{
  BelQrCode *self = BEL_QR_CODE (widget);
  guint side = side_in_modules (self);

  *minimum = side * MIN_MODULE_PX;
  *natural = side * NATURAL_MODULE_PX;
}

static void
bel_qr_code_snapshot (GtkWidget   *widget,
                      GtkSnapshot *snapshot)
{
  BelQrCode *self = BEL_QR_CODE (widget);
  const GdkRGBA white = { 1.f, 1.f, 1.f, 1.f };
  const GdkRGBA black = { 0.f, 0.f, 0.f, 1.f };
  guint side = side_in_modules (self);
  int width = gtk_widget_get_width (widget);
  int height = gtk_widget_get_height (widget);
  int scale = gtk_widget_get_scale_factor (widget);
  int available, module_px, total_px, x0, y0;
  float unit;

  if (self->code == NULL)
    return;

  /* Work in device pixels so every module covers whole pixels: no blurred edges for a
   * camera to puzzle over. */
  available = MIN (width, height) * scale;
  module_px = available / (int) side;
  if (module_px < 1)
    return;
  total_px = module_px * side;
  x0 = (width * scale - total_px) / 2;
  y0 = (height * scale - total_px) / 2;
  unit = 1.f / scale;

  gtk_snapshot_append_color (snapshot, &white,
                             &GRAPHENE_RECT_INIT (x0 * unit, y0 * unit,
                                                  total_px * unit, total_px * unit));

  /* One rectangle per horizontal run of dark modules: fewer nodes, and no hairline seams
   * between neighbours when a renderer rounds. */
  for (int row = 0; row < self->code->width; row++)
    {
      const unsigned char *data = self->code->data + row * self->code->width;
      int y = y0 + (QUIET_ZONE + row) * module_px;

      for (int col = 0; col < self->code->width;)
        {
          int run = 0;

          if (!(data[col] & 1))
            {
              col++;
              continue;
            }
          while (col + run < self->code->width && (data[col + run] & 1))
            run++;

          gtk_snapshot_append_color (snapshot, &black,
                                     &GRAPHENE_RECT_INIT ((x0 + (QUIET_ZONE + col) * module_px) * unit,
                                                          y * unit,
                                                          run * module_px * unit,
                                                          module_px * unit));
          col += run;
        }
    }
}

static GtkSizeRequestMode
bel_qr_code_get_request_mode (GtkWidget *widget)
{
  return GTK_SIZE_REQUEST_CONSTANT_SIZE;
}

static void
update_accessible (BelQrCode *self)
{
  g_autofree char *description = NULL;

  if (self->url != NULL && *self->url != '\0')
    /* Translators: the accessible description of a QR code; %s is a web address. */
    description = g_strdup_printf (_("QR code for %s"), self->url);

  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("QR code"),
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, description ? description : "",
                                  -1);
}

GtkWidget *
bel_qr_code_new (const char *url)
{
  return g_object_new (BEL_TYPE_QR_CODE, "url", url, NULL);
}

const char *
bel_qr_code_get_url (BelQrCode *self)
{
  g_return_val_if_fail (BEL_IS_QR_CODE (self), NULL);
  return self->url;
}

/* Setting the same address again only re-translates the accessible description: call it
 * after a language change. */
void
bel_qr_code_set_url (BelQrCode  *self,
                     const char *url)
{
  g_return_if_fail (BEL_IS_QR_CODE (self));

  if (g_strcmp0 (self->url, url) == 0)
    {
      update_accessible (self);
      return;
    }

  g_free (self->url);
  self->url = g_strdup (url);
  g_clear_pointer (&self->code, QRcode_free);

  if (url != NULL && *url != '\0')
    {
      /* Level M survives a scratch or a crease on a printout; a very long address falls
       * back to level L rather than to no code. */
      self->code = QRcode_encodeString8bit (url, 0, QR_ECLEVEL_M);
      if (self->code == NULL)
        self->code = QRcode_encodeString8bit (url, 0, QR_ECLEVEL_L);
      if (self->code == NULL)
        g_warning ("Cannot make a QR code of a %zu-byte address", strlen (url));
    }

  update_accessible (self);
  gtk_widget_queue_resize (GTK_WIDGET (self));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_URL]);
}

guint
bel_qr_code_get_module_count (BelQrCode *self)
{
  g_return_val_if_fail (BEL_IS_QR_CODE (self), 0);
  return self->code ? (guint) self->code->width : 0;
}

static void
bel_qr_code_finalize (GObject *object)
{
  BelQrCode *self = BEL_QR_CODE (object);

  g_clear_pointer (&self->url, g_free);
  g_clear_pointer (&self->code, QRcode_free);

  G_OBJECT_CLASS (bel_qr_code_parent_class)->finalize (object);
}

static void
bel_qr_code_get_property (GObject    *object,
                          guint       prop_id,
                          GValue     *value,
                          GParamSpec *pspec)
{
  BelQrCode *self = BEL_QR_CODE (object);

  switch (prop_id)
    {
    case PROP_URL:
      g_value_set_string (value, self->url);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
bel_qr_code_set_property (GObject      *object,
                          guint         prop_id,
                          const GValue *value,
                          GParamSpec   *pspec)
{
  BelQrCode *self = BEL_QR_CODE (object);

  switch (prop_id)
    {
    case PROP_URL:
      bel_qr_code_set_url (self, g_value_get_string (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
bel_qr_code_class_init (BelQrCodeClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->finalize = bel_qr_code_finalize;
  object_class->get_property = bel_qr_code_get_property;
  object_class->set_property = bel_qr_code_set_property;

  widget_class->measure = bel_qr_code_measure;
  widget_class->snapshot = bel_qr_code_snapshot;
  widget_class->get_request_mode = bel_qr_code_get_request_mode;

  properties[PROP_URL] =
    g_param_spec_string ("url", NULL, NULL,
                         NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_css_name (widget_class, "belqrcode");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_IMG);
}

static void
bel_qr_code_init (BelQrCode *self)
{
  update_accessible (self);
}
