/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "bel-svg-picture"

#include "config.h"

#include <gdk-pixbuf/gdk-pixbuf.h>

#include "bel-svg-picture.h"

struct _BelSvgPicture
{
  GtkWidget   parent_instance;

  GBytes     *bytes;
  /* The drawing's own size, known after the first rendering; its proportions. */
  int         svg_width;
  int         svg_height;
  GdkTexture *texture;
  int         texture_width;
  int         texture_height;
  gboolean    failed;
};

G_DEFINE_FINAL_TYPE (BelSvgPicture, bel_svg_picture, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_BYTES,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

typedef struct {
  int  max_width;
  int  max_height;
  int *svg_width;
  int *svg_height;
} Fit;

static void
size_prepared_cb (GdkPixbufLoader *loader,
                  int              width,
                  int              height,
                  Fit             *fit)
{
  double scale;

  *fit->svg_width = width;
  *fit->svg_height = height;
  if (width <= 0 || height <= 0)
    return;
  scale = MIN ((double) fit->max_width / width, (double) fit->max_height / height);
  gdk_pixbuf_loader_set_size (loader, MAX (1, (int) (width * scale + 0.5)),
                              MAX (1, (int) (height * scale + 0.5)));
}

/* Renders the drawing to fit @max_width × @max_height device pixels. */
static GdkTexture *
render (BelSvgPicture *self,
        int            max_width,
        int            max_height)
{
  g_autoptr(GdkPixbufLoader) loader = NULL;
  g_autoptr(GError) error = NULL;
  Fit fit = { max_width, max_height, &self->svg_width, &self->svg_height };
  GdkPixbuf *pixbuf;
  gsize size;
  const guchar *data = g_bytes_get_data (self->bytes, &size);

  loader = gdk_pixbuf_loader_new_with_type ("svg", &error);
  if (loader == NULL)
    {
      g_warning ("No SVG loader: %s", error->message);
      return NULL;
    }
  g_signal_connect (loader, "size-prepared", G_CALLBACK (size_prepared_cb), &fit);
  if (!gdk_pixbuf_loader_write (loader, data, size, &error) ||
      !gdk_pixbuf_loader_close (loader, &error))
    {
      g_warning ("Could not draw a picture: %s", error->message);
      return NULL;
    }
  pixbuf = gdk_pixbuf_loader_get_pixbuf (loader);
  return pixbuf ? gdk_texture_new_for_pixbuf (pixbuf) : NULL;
}

static void
bel_svg_picture_snapshot (GtkWidget   *widget,
                          GtkSnapshot *snapshot)
{
  BelSvgPicture *self = BEL_SVG_PICTURE (widget);
  int width = gtk_widget_get_width (widget);
  int height = gtk_widget_get_height (widget);
  int scale = gtk_widget_get_scale_factor (widget);
  int want_width, want_height;
  double shown_width, shown_height;

  if (self->bytes == NULL || self->failed || width <= 0 || height <= 0)
    return;

  /* The size in device pixels the drawing fits at; render again only when it changes. */
  if (self->svg_width > 0 && self->svg_height > 0)
    {
      double fit = MIN ((double) width / self->svg_width, (double) height / self->svg_height);
      want_width = MAX (1, (int) (self->svg_width * fit * scale + 0.5));
      want_height = MAX (1, (int) (self->svg_height * fit * scale + 0.5));
    }
  else
    {
      want_width = width * scale;
      want_height = height * scale;
    }

  if (self->texture == NULL || self->texture_width != want_width ||
      self->texture_height != want_height)
    {
      g_clear_object (&self->texture);
      self->texture = render (self, width * scale, height * scale);
      if (self->texture == NULL)
        {
          self->failed = TRUE;
          return;
        }
      self->texture_width = gdk_texture_get_width (self->texture);
      self->texture_height = gdk_texture_get_height (self->texture);
    }

  shown_width = (double) self->texture_width / scale;
  shown_height = (double) self->texture_height / scale;
  gtk_snapshot_append_texture (snapshot, self->texture,
                               &GRAPHENE_RECT_INIT ((width - shown_width) / 2,
                                                    (height - shown_height) / 2,
                                                    shown_width, shown_height));
}

static void
bel_svg_picture_measure (GtkWidget      *widget,
                         GtkOrientation  orientation,
                         int             for_size,
                         int            *minimum,
                         int            *natural,
                         int            *minimum_baseline,
                         int            *natural_baseline)
{
  /* Small enough to fit a portrait screen beside text, large when there is room: the
   * drawing scales to whatever it is given. */
  if (orientation == GTK_ORIENTATION_HORIZONTAL)
    {
      *minimum = 180;
      *natural = 540;
    }
  else
    {
      *minimum = 120;
      *natural = 360;
    }
}

static void
bel_svg_picture_dispose (GObject *object)
{
  BelSvgPicture *self = BEL_SVG_PICTURE (object);

  g_clear_object (&self->texture);
  g_clear_pointer (&self->bytes, g_bytes_unref);

  G_OBJECT_CLASS (bel_svg_picture_parent_class)->dispose (object);
}

static void
bel_svg_picture_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  BelSvgPicture *self = BEL_SVG_PICTURE (object);

  switch (prop_id)
    {
    case PROP_BYTES:
      g_value_set_boxed (value, self->bytes);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
bel_svg_picture_set_property (GObject      *object,
                              guint         prop_id,
                              const GValue *value,
                              GParamSpec   *pspec)
{
  BelSvgPicture *self = BEL_SVG_PICTURE (object);

  switch (prop_id)
    {
    case PROP_BYTES:
      bel_svg_picture_set_bytes (self, g_value_get_boxed (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
bel_svg_picture_class_init (BelSvgPictureClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = bel_svg_picture_dispose;
  object_class->get_property = bel_svg_picture_get_property;
  object_class->set_property = bel_svg_picture_set_property;
  widget_class->snapshot = bel_svg_picture_snapshot;
  widget_class->measure = bel_svg_picture_measure;

  properties[PROP_BYTES] =
    g_param_spec_boxed ("bytes", NULL, NULL,
                        G_TYPE_BYTES,
                        G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_css_name (widget_class, "svgpicture");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_IMG);
}

static void
bel_svg_picture_init (BelSvgPicture *self)
{
  gtk_widget_set_hexpand (GTK_WIDGET (self), TRUE);
  gtk_widget_set_vexpand (GTK_WIDGET (self), TRUE);
}

GtkWidget *
bel_svg_picture_new (void)
{
  return g_object_new (BEL_TYPE_SVG_PICTURE, NULL);
}

GBytes *
bel_svg_picture_get_bytes (BelSvgPicture *self)
{
  g_return_val_if_fail (BEL_IS_SVG_PICTURE (self), NULL);

  return self->bytes;
}

void
bel_svg_picture_set_bytes (BelSvgPicture *self,
                           GBytes        *bytes)
{
  g_return_if_fail (BEL_IS_SVG_PICTURE (self));

  if (self->bytes == bytes || (self->bytes && bytes && g_bytes_equal (self->bytes, bytes)))
    return;

  g_clear_pointer (&self->bytes, g_bytes_unref);
  self->bytes = bytes ? g_bytes_ref (bytes) : NULL;
  g_clear_object (&self->texture);
  self->svg_width = self->svg_height = 0;
  self->texture_width = self->texture_height = 0;
  self->failed = FALSE;

  gtk_widget_queue_draw (GTK_WIDGET (self));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BYTES]);
}

void
bel_svg_picture_get_drawn_size (BelSvgPicture *self,
                                int           *width,
                                int           *height)
{
  g_return_if_fail (BEL_IS_SVG_PICTURE (self));

  if (width)
    *width = self->texture_width;
  if (height)
    *height = self->texture_height;
}
