/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "bel-print"

#include "config.h"

#include <math.h>

#include <glib/gi18n.h>

#include "bel-i18n.h"
#include "bel-print-private.h"

/* A service as a one-page checklist the citizen takes home: what to bring, with boxes to tick,
 * the steps, the fee and the time it takes, and the portal address as text and as a QR code.
 *
 * The same drawing serves an A4 page and an 80 mm receipt roll: the printable width decides
 * which (narrower than RECEIPT_MAX_WIDTH_MM is a receipt). Whatever the service, it is one
 * page: when the text does not fit, the whole checklist is drawn smaller (down to
 * MIN_SCALE), and only then are long lists shortened. All lengths are in points. */

#define MM (72.0 / 25.4)
#define RECEIPT_MAX_WIDTH_MM 120.0
/* 8 pt text on A4: as small as older eyes can read with glasses. */
#define MIN_SCALE 0.7
#define FONT_FAMILY "Sans"

G_DEFINE_QUARK (bel-print-error-quark, bel_print_error)

typedef struct {
  /* Sizes in points at scale 1. */
  double title;
  double body;
  double heading;
  double small;
  double qr_side;
  double gap;         /* between blocks */
  double box_indent;  /* from a checkbox or step number to its text */
  double pad;         /* inside the printable area */
} Metrics;

static const Metrics a4_metrics = {
  .title = 21, .body = 11.5, .heading = 13.5, .small = 9,
  .qr_side = 38 * MM, .gap = 4.5 * MM, .box_indent = 8 * MM, .pad = 6 * MM,
};

static const Metrics receipt_metrics = {
  .title = 13, .body = 9, .heading = 10, .small = 7.5,
  .qr_side = 34 * MM, .gap = 3 * MM, .box_indent = 5 * MM, .pad = 0,
};

typedef struct {
  BelService    *service;
  BelLang        lang;
  char          *agency_name;
  BelPrintPaper  export_paper;  /* for exports only */
  gboolean       receipt;
  double         scale;
  guint          max_documents; /* how many of each list fit */
  guint          max_steps;
  double         height;        /* of the checklist as fitted */
  char          *printed_date;
  QRcode        *qr;
} Checklist;

static void
checklist_free (Checklist *cl)
{
  g_clear_object (&cl->service);
  g_free (cl->agency_name);
  g_free (cl->printed_date);
  g_clear_pointer (&cl->qr, QRcode_free);
  g_free (cl);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Checklist, checklist_free)

static Checklist *
checklist_new (BelService *service,
               BelLang     lang,
               const char *agency_name)
{
  Checklist *cl = g_new0 (Checklist, 1);
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  const char *url = bel_service_get_url (service);

  cl->service = g_object_ref (service);
  cl->lang = lang;
  cl->agency_name = g_strdup (agency_name);
  cl->scale = 1.0;
  cl->max_documents = G_MAXUINT;
  cl->max_steps = G_MAXUINT;
  cl->printed_date = g_date_time_format (now, "%d.%m.%Y");
  if (url != NULL && *url != '\0')
    cl->qr = QRcode_encodeString8bit (url, 0, QR_ECLEVEL_M);
  return cl;
}

/* A layout for text in our font at @size points and @weight. */
static PangoLayout *
new_layout (cairo_t     *cr,
            double       size,
            PangoWeight  weight)
{
  PangoLayout *layout = pango_cairo_create_layout (cr);
  g_autoptr(PangoFontDescription) font = pango_font_description_from_string (FONT_FAMILY);

  pango_font_description_set_size (font, (int) (size * PANGO_SCALE));
  pango_font_description_set_weight (font, weight);
  pango_layout_set_font_description (layout, font);
  return layout;
}

/* Lays out one paragraph of text or Pango markup; draws it at (@x, @y) when @draw. Returns its
 * height. */
static double
rich_paragraph (cairo_t      *cr,
                gboolean      draw,
                double        x,
                double        y,
                double        width,
                const char   *text,
                gboolean      markup,
                double        size,
                PangoWeight   weight,
                double        grey,
                PangoWrapMode wrap)
{
  g_autoptr(PangoLayout) layout = new_layout (cr, size, weight);
  int w, h;

  pango_layout_set_width (layout, (int) (width * PANGO_SCALE));
  pango_layout_set_wrap (layout, wrap);
  if (markup)
    pango_layout_set_markup (layout, text, -1);
  else
    pango_layout_set_text (layout, text, -1);
  pango_layout_get_size (layout, &w, &h);

  if (draw)
    {
      cairo_set_source_rgb (cr, grey, grey, grey);
      cairo_move_to (cr, x, y);
      pango_cairo_show_layout (cr, layout);
    }
  return (double) h / PANGO_SCALE;
}

double
bel_print_paragraph (cairo_t       *cr,
                     gboolean       draw,
                     double         x,
                     double         y,
                     double         width,
                     const char    *text,
                     double         size,
                     PangoWeight    weight,
                     double         grey,
                     PangoWrapMode  wrap)
{
  return rich_paragraph (cr, draw, x, y, width, text ? text : "", FALSE, size, weight, grey,
                         wrap);
}

double
bel_print_list_item (cairo_t    *cr,
                     gboolean    draw,
                     double      x,
                     double      y,
                     double      width,
                     double      indent,
                     const char *marker,
                     double      marker_size,
                     const char *text,
                     double      size)
{
  double marker_h, text_h;

  /* The marker is set a little larger than the text and raised to sit on its first line. */
  marker_h = bel_print_paragraph (cr, draw, x, y - (marker_size - size) * 0.45, indent, marker,
                                  marker_size, PANGO_WEIGHT_BOLD, 0.0, PANGO_WRAP_WORD);
  text_h = bel_print_paragraph (cr, draw, x + indent, y, width - indent, text,
                                size, PANGO_WEIGHT_NORMAL, 0.0, PANGO_WRAP_WORD_CHAR);
  return MAX (marker_h - (marker_size - size) * 0.45, text_h);
}

void
bel_print_draw_qr (cairo_t *cr,
                   QRcode  *qr,
                   double   x,
                   double   y,
                   double   side)
{
  /* The quiet zone of four modules is part of @side: the paper is white. */
  double module = side / (qr->width + 8);

  cairo_set_source_rgb (cr, 0, 0, 0);
  for (int row = 0; row < qr->width; row++)
    for (int col = 0; col < qr->width; col++)
      if (qr->data[row * qr->width + col] & 1)
        cairo_rectangle (cr, x + (col + 4) * module, y + (row + 4) * module, module, module);
  /* Adjacent squares filled together leave no hairlines between them. */
  cairo_fill (cr);
}

static void
rule (cairo_t *cr,
      double   x,
      double   y,
      double   width)
{
  cairo_set_source_rgb (cr, 0.55, 0.55, 0.55);
  cairo_set_line_width (cr, 0.6);
  cairo_move_to (cr, x, y);
  cairo_line_to (cr, x + width, y);
  cairo_stroke (cr);
}

static const char *
channel_text (BelService *service)
{
  switch (bel_service_get_channel (service))
    {
    case BEL_CHANNEL_ONLINE:
      return _("Online");
    case BEL_CHANNEL_IN_PERSON:
      return _("In person");
    case BEL_CHANNEL_BOTH:
    default:
      return _("Online or in person");
    }
}

static char *
fee_text (BelService *service,
          BelLang     lang)
{
  const char *note = bel_service_get_fee_note (service, lang);
  g_autofree char *amount = NULL;
  double azn;

  if (!bel_service_get_fee (service, &azn))
    /* Translators: on the printed checklist, after "Fee:". */
    amount = g_strdup (_("not known: ask at the service centre or call the helpline"));
  else
    amount = bel_format_fee (azn);

  if (note != NULL && *note != '\0')
    return g_strdup_printf ("%s (%s)", amount, note);
  return g_steal_pointer (&amount);
}

/* Lists fall back as texts do (bel_text_get()): a list not yet translated is printed in
 * Azerbaijani rather than left out, which would tell the citizen to bring nothing. */
static const char * const *
list_for (BelService          *service,
          BelLang              lang,
          const char * const *(*get) (BelService *, BelLang))
{
  const char * const *list = get (service, lang);

  if (list != NULL && list[0] != NULL)
    return list;
  for (guint l = 0; l < BEL_N_LANGS; l++)
    if ((list = get (service, l)) != NULL && list[0] != NULL)
      return list;
  return NULL;
}

static const char * const *
documents_for (BelService *service,
               BelLang     lang)
{
  return list_for (service, lang, bel_service_get_documents);
}

static const char * const *
steps_for (BelService *service,
           BelLang     lang)
{
  return list_for (service, lang, bel_service_get_steps);
}

static double
text_width (cairo_t     *cr,
            const char  *text,
            double       size,
            PangoWeight  weight)
{
  g_autoptr(PangoLayout) layout = new_layout (cr, size, weight);
  int w, h;

  pango_layout_set_text (layout, text, -1);
  pango_layout_get_size (layout, &w, &h);
  return (double) w / PANGO_SCALE;
}

double
bel_print_list_indent (cairo_t    *cr,
                       const char *widest_marker,
                       double      marker_size,
                       double      min_indent,
                       double      scale)
{
  return MAX (min_indent,
              text_width (cr, widest_marker, marker_size, PANGO_WEIGHT_BOLD) + 2 * MM * scale);
}

/* What stands in for the items of a list that did not fit on the page. */
static char *
more_text (guint       n_more,
           const char *url)
{
  /* Translators: stands for the items of a list that did not fit on the printed page. */
  if (url != NULL && *url != '\0')
    return g_strdup_printf (ngettext ("…and %u more: scan the code to see the whole list.",
                                      "…and %u more: scan the code to see the whole list.",
                                      n_more), n_more);
  return g_strdup_printf (ngettext ("…and %u more: ask at the service centre.",
                                    "…and %u more: ask at the service centre.",
                                    n_more), n_more);
}

/* The portal address on a line of its own, in a smaller size when that keeps it whole: an
 * address broken in the middle is easy to mistype. Returns its height (0 without one). */
static double
address (cairo_t    *cr,
         gboolean    draw,
         double      x,
         double      y,
         double      width,
         const char *url,
         double      size,
         double      min_size)
{
  double natural;

  if (url == NULL || *url == '\0')
    return 0;

  natural = text_width (cr, url, size, PANGO_WEIGHT_NORMAL);
  if (natural > width)
    size = MAX (min_size, size * width / natural * 0.98);
  return bel_print_paragraph (cr, draw, x, y, width, url, size, PANGO_WEIGHT_NORMAL, 0.0,
                              PANGO_WRAP_CHAR);
}

/* Appends "<b>label</b> value" as a line of Pango markup. */
static void
add_fact (GString    *facts,
          const char *label,
          const char *value)
{
  g_autofree char *label_escaped = g_markup_escape_text (label, -1);

  if (facts->len > 0)
    g_string_append_c (facts, '\n');
  g_string_append_printf (facts, "<b>%s</b>", label_escaped);
  if (value != NULL)
    {
      g_autofree char *value_escaped = g_markup_escape_text (value, -1);

      g_string_append_printf (facts, " %s", value_escaped);
    }
}

/* Lays out the whole checklist in a column of @width from (@x0, @y0); draws it when @draw.
 * Returns its height. */
static double
render (Checklist *cl,
        cairo_t   *cr,
        gboolean   draw,
        double     x0,
        double     y0,
        double     width)
{
  const Metrics *m = cl->receipt ? &receipt_metrics : &a4_metrics;
  double s = cl->scale;
  double x = x0 + m->pad * s;
  double w = width - 2 * m->pad * s;
  double y = y0 + m->pad * s;
  double gap = m->gap * s;
  const char *title = bel_service_get_title (cl->service, cl->lang);
  const char *summary = bel_service_get_summary (cl->service, cl->lang);
  const char *eligibility = bel_service_get_eligibility (cl->service, cl->lang);
  const char *duration = bel_service_get_duration (cl->service, cl->lang);
  const char *url = bel_service_get_url (cl->service);
  const char *checked = bel_service_get_checked (cl->service);
  const char * const *documents = documents_for (cl->service, cl->lang);
  const char * const *steps = steps_for (cl->service, cl->lang);
  g_autofree char *fee = fee_text (cl->service, cl->lang);
  g_autofree char *checked_date = bel_format_date (checked);
  g_autoptr(GString) facts = g_string_new (NULL);
  g_autoptr(GString) footer = g_string_new (NULL);
  const char *scan_hint = _("Scan the code with your phone’s camera to open this service.");
  double facts_x, facts_w, facts_h, qr_side;

  y += bel_print_paragraph (cr, draw, x, y, w, title, m->title * s, PANGO_WEIGHT_BOLD,
                            0.0, PANGO_WRAP_WORD_CHAR);
  if (cl->agency_name != NULL && *cl->agency_name != '\0')
    {
      y += 1.5 * MM * s;
      y += bel_print_paragraph (cr, draw, x, y, w, cl->agency_name, m->body * s,
                                PANGO_WEIGHT_NORMAL, 0.3, PANGO_WRAP_WORD_CHAR);
    }
  if (summary != NULL && *summary != '\0')
    {
      y += gap;
      y += bel_print_paragraph (cr, draw, x, y, w, summary, m->body * s, PANGO_WEIGHT_NORMAL,
                                0.0, PANGO_WRAP_WORD_CHAR);
    }
  if (eligibility != NULL && *eligibility != '\0')
    {
      g_autoptr(GString) text = g_string_new (NULL);

      add_fact (text, _("Who can apply:"), eligibility);
      y += gap * 0.6;
      y += rich_paragraph (cr, draw, x, y, w, text->str, TRUE, m->body * s, PANGO_WEIGHT_NORMAL,
                           0.0, PANGO_WRAP_WORD_CHAR);
    }

  if (documents != NULL && documents[0] != NULL)
    {
      guint n = g_strv_length ((char **) documents);
      guint shown = MIN (n, cl->max_documents);
      double indent = bel_print_list_indent (cr, "☐", m->body * 1.45 * s, m->box_indent * s, s);

      y += gap;
      y += bel_print_paragraph (cr, draw, x, y, w, _("Documents to bring"), m->heading * s,
                                PANGO_WEIGHT_BOLD, 0.0, PANGO_WRAP_WORD_CHAR);
      for (guint i = 0; i < shown; i++)
        {
          y += 1.8 * MM * s;
          y += bel_print_list_item (cr, draw, x, y, w, indent, "☐", m->body * 1.45 * s,
                                    documents[i], m->body * s);
        }
      if (shown < n)
        {
          g_autofree char *more = more_text (n - shown, url);

          y += 1.8 * MM * s;
          y += bel_print_paragraph (cr, draw, x + indent, y, w - indent, more,
                                    m->body * s, PANGO_WEIGHT_BOLD, 0.0, PANGO_WRAP_WORD_CHAR);
        }
    }

  if (steps != NULL && steps[0] != NULL)
    {
      guint n = g_strv_length ((char **) steps);
      guint shown = MIN (n, cl->max_steps);
      g_autofree char *widest = g_strdup_printf ("%u.", n);
      /* Room for the widest number, so "10." does not run into its text. */
      double indent = bel_print_list_indent (cr, widest, m->body * s, m->box_indent * s, s);

      y += gap;
      y += bel_print_paragraph (cr, draw, x, y, w, _("Steps"), m->heading * s,
                                PANGO_WEIGHT_BOLD, 0.0, PANGO_WRAP_WORD_CHAR);
      for (guint i = 0; i < shown; i++)
        {
          g_autofree char *number = g_strdup_printf ("%u.", i + 1);

          y += 1.8 * MM * s;
          y += bel_print_list_item (cr, draw, x, y, w, indent, number, m->body * s,
                                    steps[i], m->body * s);
        }
      if (shown < n)
        {
          g_autofree char *more = more_text (n - shown, url);

          y += 1.8 * MM * s;
          y += bel_print_paragraph (cr, draw, x + indent, y, w - indent, more,
                                    m->body * s, PANGO_WEIGHT_BOLD, 0.0, PANGO_WRAP_WORD_CHAR);
        }
    }

  y += gap;
  if (draw)
    rule (cr, x, y, w);
  y += gap;

  /* Translators: the following labels stand before values on the printed checklist. */
  add_fact (facts, _("Fee:"), fee);
  if (duration != NULL && *duration != '\0')
    add_fact (facts, _("How long it takes:"), duration);
  add_fact (facts, _("Where:"), channel_text (cl->service));
  if (url != NULL && *url != '\0')
    add_fact (facts, _("Web address:"), NULL);

  qr_side = cl->qr ? m->qr_side * s : 0;
  if (cl->receipt || cl->qr == NULL)
    {
      /* Narrow paper: the facts, then the code in the middle below them. */
      facts_h = rich_paragraph (cr, draw, x, y, w, facts->str, TRUE, m->body * s,
                                PANGO_WEIGHT_NORMAL, 0.0, PANGO_WRAP_WORD_CHAR);
      facts_h += address (cr, draw, x, y + facts_h, w, url, m->body * s, m->small * 0.85 * s);
      y += facts_h;
      if (cl->qr != NULL)
        {
          y += gap;
          if (draw)
            bel_print_draw_qr (cr, cl->qr, x + (w - qr_side) / 2, y, qr_side);
          y += qr_side;
          y += bel_print_paragraph (cr, draw, x, y, w, scan_hint, m->small * s,
                                    PANGO_WEIGHT_NORMAL, 0.3, PANGO_WRAP_WORD_CHAR);
        }
    }
  else
    {
      /* Wide paper: the code at the right, the facts beside it. */
      double hint_h;

      facts_x = x;
      facts_w = w - qr_side - gap;
      facts_h = rich_paragraph (cr, draw, facts_x, y, facts_w, facts->str, TRUE, m->body * s,
                                PANGO_WEIGHT_NORMAL, 0.0, PANGO_WRAP_WORD_CHAR);
      facts_h += address (cr, draw, facts_x, y + facts_h, facts_w, url, m->body * s,
                          m->small * s);
      hint_h = bel_print_paragraph (cr, draw, facts_x, y + facts_h + 2 * MM * s, facts_w,
                                    scan_hint, m->small * s, PANGO_WEIGHT_NORMAL, 0.3,
                                    PANGO_WRAP_WORD_CHAR);
      if (draw)
        bel_print_draw_qr (cr, cl->qr, x + w - qr_side, y - 4 * (qr_side / (cl->qr->width + 8)),
                           qr_side);
      y += MAX (facts_h + 2 * MM * s + hint_h,
                qr_side - 4 * (qr_side / (cl->qr->width + 8)));
    }

  y += gap;
  /* Translators: at the foot of the printed checklist; %s is a date (dd.mm.yyyy). */
  g_string_append_printf (footer, _("Printed by Bələdçi on %s."), cl->printed_date);
  if (checked_date != NULL)
    {
      g_string_append_c (footer, ' ');
      /* Translators: at the foot of the printed checklist; %s is a date (dd.mm.yyyy). */
      g_string_append_printf (footer, _("Information checked on %s."), checked_date);
    }
  y += bel_print_paragraph (cr, draw, x, y, w, footer->str, m->small * s, PANGO_WEIGHT_NORMAL,
                            0.3, PANGO_WRAP_WORD_CHAR);

  return y + m->pad * s - y0;
}

/* Picks the largest scale at which the checklist fits @height. When even MIN_SCALE is too
 * large, the tails of the lists give way (steps first: the documents are what the citizen
 * must not forget), each replaced by a line that says how many more there are. */
static void
fit (Checklist *cl,
     cairo_t   *cr,
     double     width,
     double     height)
{
  double lo = MIN_SCALE, hi = 1.0;

  cl->scale = 1.0;
  cl->max_documents = G_MAXUINT;
  cl->max_steps = G_MAXUINT;
  cl->height = render (cl, cr, FALSE, 0, 0, width);
  if (cl->height <= height)
    return;

  cl->scale = MIN_SCALE;
  if (render (cl, cr, FALSE, 0, 0, width) <= height)
    {
      for (guint i = 0; i < 10; i++)
        {
          cl->scale = (lo + hi) / 2;
          if (render (cl, cr, FALSE, 0, 0, width) <= height)
            lo = cl->scale;
          else
            hi = cl->scale;
        }
      cl->scale = lo;
    }
  else
    {
      guint n_steps = g_strv_length ((char **) steps_for (cl->service, cl->lang));
      guint n_documents = g_strv_length ((char **) documents_for (cl->service, cl->lang));

      for (cl->max_steps = n_steps; cl->max_steps > 1; cl->max_steps--)
        if (render (cl, cr, FALSE, 0, 0, width) <= height)
          break;
      if (render (cl, cr, FALSE, 0, 0, width) > height)
        for (cl->max_documents = n_documents; cl->max_documents > 1; cl->max_documents--)
          if (render (cl, cr, FALSE, 0, 0, width) <= height)
            break;
    }

  cl->height = render (cl, cr, FALSE, 0, 0, width);
  g_debug ("Checklist drawn at %.0f%%, %u steps, %u documents, to fit %.0f pt",
           cl->scale * 100, cl->max_steps, cl->max_documents, height);
}

gboolean
bel_print_is_receipt_width (double width)
{
  return width < RECEIPT_MAX_WIDTH_MM * MM;
}

static void
begin_print_cb (GtkPrintOperation *op,
                GtkPrintContext   *context,
                Checklist         *cl)
{
  double width = gtk_print_context_get_width (context);
  double height = gtk_print_context_get_height (context);
  cairo_t *cr = gtk_print_context_get_cairo_context (context);

  cl->receipt = bel_print_is_receipt_width (width);
  if (cl->receipt && cl->export_paper == BEL_PRINT_PAPER_RECEIPT_80MM)
    {
      /* An exported receipt is as long as its text (see request_page_setup_cb). */
      height = G_MAXDOUBLE;
    }
  fit (cl, cr, width, height);
  gtk_print_operation_set_n_pages (op, 1);
}

/* A roll has no page length: an exported receipt is cut where the text ends. */
static void
request_page_setup_cb (GtkPrintOperation *op,
                       GtkPrintContext   *context,
                       int                page_nr,
                       GtkPageSetup      *setup,
                       Checklist         *cl)
{
  g_autoptr(GtkPaperSize) paper = NULL;
  double length;

  if (!cl->receipt || cl->export_paper != BEL_PRINT_PAPER_RECEIPT_80MM)
    return;

  length = cl->height + gtk_page_setup_get_top_margin (setup, GTK_UNIT_POINTS) +
           gtk_page_setup_get_bottom_margin (setup, GTK_UNIT_POINTS);
  paper = gtk_paper_size_new_custom ("beledci-receipt", "80 mm receipt",
                                     gtk_page_setup_get_paper_width (setup, GTK_UNIT_POINTS),
                                     ceil (length), GTK_UNIT_POINTS);
  gtk_page_setup_set_paper_size (setup, paper);
}

static void
draw_page_cb (GtkPrintOperation *op,
              GtkPrintContext   *context,
              int                page_nr,
              Checklist         *cl)
{
  cairo_t *cr = gtk_print_context_get_cairo_context (context);
  double width = gtk_print_context_get_width (context);
  double height = gtk_print_context_get_height (context);

  /* Whatever did not fit even at the smallest scale is cut, never carried to a second
   * page. */
  cairo_save (cr);
  cairo_rectangle (cr, 0, 0, width, height);
  cairo_clip (cr);
  render (cl, cr, TRUE, 0, 0, width);
  cairo_restore (cr);
}

GtkPrintOperation *
bel_print_operation_new (const char   *job_name,
                         GtkPageSetup *page_setup)
{
  GtkPrintOperation *op = gtk_print_operation_new ();

  gtk_print_operation_set_unit (op, GTK_UNIT_POINTS);
  gtk_print_operation_set_n_pages (op, 1);
  gtk_print_operation_set_job_name (op, job_name ? job_name : "Bələdçi");
  gtk_print_operation_set_embed_page_setup (op, FALSE);
  if (page_setup != NULL)
    gtk_print_operation_set_default_page_setup (op, page_setup);
  return op;
}

static GtkPrintOperation *
create_operation (Checklist    *cl,
                  GtkPageSetup *page_setup)
{
  GtkPrintOperation *op =
    bel_print_operation_new (bel_service_get_title (cl->service, cl->lang), page_setup);

  g_signal_connect (op, "begin-print", G_CALLBACK (begin_print_cb), cl);
  g_signal_connect (op, "request-page-setup", G_CALLBACK (request_page_setup_cb), cl);
  g_signal_connect (op, "draw-page", G_CALLBACK (draw_page_cb), cl);
  return op;
}

GtkPageSetup *
bel_print_page_setup_new (BelPrintPaper paper)
{
  GtkPageSetup *setup = gtk_page_setup_new ();
  g_autoptr(GtkPaperSize) size = NULL;
  double margin;

  if (paper == BEL_PRINT_PAPER_RECEIPT_80MM)
    {
      /* The height is replaced by the text's length when the page is drawn. */
      size = gtk_paper_size_new_custom ("beledci-receipt", "80 mm receipt",
                                        80, 297, GTK_UNIT_MM);
      margin = 4;
    }
  else
    {
      size = gtk_paper_size_new (GTK_PAPER_NAME_A4);
      margin = 12;
    }

  gtk_page_setup_set_paper_size (setup, size);
  gtk_page_setup_set_orientation (setup, GTK_PAGE_ORIENTATION_PORTRAIT);
  gtk_page_setup_set_top_margin (setup, margin, GTK_UNIT_MM);
  gtk_page_setup_set_bottom_margin (setup, margin, GTK_UNIT_MM);
  gtk_page_setup_set_left_margin (setup, margin, GTK_UNIT_MM);
  gtk_page_setup_set_right_margin (setup, margin, GTK_UNIT_MM);
  return setup;
}

gboolean
bel_print_operation_export (GtkPrintOperation  *op,
                            const char         *pdf_path,
                            GError            **error)
{
  g_autoptr(GError) local_error = NULL;

  gtk_print_operation_set_export_filename (op, pdf_path);
  if (gtk_print_operation_run (op, GTK_PRINT_OPERATION_ACTION_EXPORT, NULL, &local_error) ==
      GTK_PRINT_OPERATION_RESULT_ERROR)
    {
      g_set_error (error, BEL_PRINT_ERROR, BEL_PRINT_ERROR_FAILED,
                   _("The checklist could not be saved (%s)"),
                   local_error ? local_error->message : "?");
      return FALSE;
    }
  return TRUE;
}

gboolean
bel_print_service_export (BelService     *service,
                          BelLang         lang,
                          const char     *agency_name,
                          BelPrintPaper   paper,
                          const char     *pdf_path,
                          GError        **error)
{
  g_autoptr(Checklist) cl = NULL;
  g_autoptr(GtkPageSetup) setup = NULL;
  g_autoptr(GtkPrintOperation) op = NULL;

  g_return_val_if_fail (BEL_IS_SERVICE (service), FALSE);
  g_return_val_if_fail (lang < BEL_N_LANGS, FALSE);
  g_return_val_if_fail (pdf_path != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  cl = checklist_new (service, lang, agency_name);
  cl->export_paper = paper;
  setup = bel_print_page_setup_new (paper);
  op = create_operation (cl, setup);
  return bel_print_operation_export (op, pdf_path, error);
}

gboolean
bel_print_service_to_pdf (BelService  *service,
                          BelLang      lang,
                          const char  *agency_name,
                          const char  *pdf_path,
                          GError     **error)
{
  return bel_print_service_export (service, lang, agency_name, BEL_PRINT_PAPER_A4,
                                   pdf_path, error);
}

/* Finding the kiosk's printer. */

typedef struct {
  GtkPrinter *default_printer;
  GtkPrinter *first_printer;
} FindPrinter;

static gboolean
printer_found_cb (GtkPrinter *printer,
                  gpointer    user_data)
{
  GTask *task = user_data;
  FindPrinter *find = g_task_get_task_data (task);

  /* "Print to File" and its kind would open a file chooser or write where no one looks. */
  if (gtk_printer_is_virtual (printer) || !gtk_printer_is_active (printer))
    return FALSE;

  g_debug ("Printer “%s”%s", gtk_printer_get_name (printer),
           gtk_printer_is_default (printer) ? " (default)" : "");
  if (gtk_printer_is_default (printer))
    {
      g_set_object (&find->default_printer, printer);
      return TRUE;
    }
  if (find->first_printer == NULL)
    g_set_object (&find->first_printer, printer);
  return FALSE;
}

static void
find_printer_free (FindPrinter *find)
{
  g_clear_object (&find->default_printer);
  g_clear_object (&find->first_printer);
  g_free (find);
}

static void
printers_done_cb (gpointer user_data)
{
  g_autoptr(GTask) task = user_data;
  FindPrinter *find = g_task_get_task_data (task);
  GtkPrinter *printer = find->default_printer ? find->default_printer : find->first_printer;

  if (g_task_return_error_if_cancelled (task))
    return;
  g_task_return_pointer (task, printer ? g_object_ref (printer) : NULL, g_object_unref);
}

void
bel_print_find_printer_async (GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (NULL, cancellable, callback, user_data);

  g_task_set_source_tag (task, bel_print_find_printer_async);
  g_task_set_task_data (task, g_new0 (FindPrinter, 1), (GDestroyNotify) find_printer_free);
  gtk_enumerate_printers (printer_found_cb, g_object_ref (task), printers_done_cb, FALSE);
}

GtkPrinter *
bel_print_find_printer_finish (GAsyncResult  *result,
                               GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

/* Printing. */

typedef struct {
  GtkPrintOperation *op;
  gpointer           document;
  GDestroyNotify     document_free;
  GtkWindow         *parent;
  gboolean           kiosk_mode;
  gulong             cancelled_id;
} PrintJob;

static void
print_job_free (PrintJob *job)
{
  g_signal_handlers_disconnect_by_data (job->op, job->document);
  g_clear_object (&job->op);
  g_clear_object (&job->parent);
  g_clear_pointer (&job->document, job->document_free);
  g_free (job);
}

static void
print_done_cb (GtkPrintOperation       *op,
               GtkPrintOperationResult  result,
               gpointer                 user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;

  g_signal_handlers_disconnect_by_func (op, print_done_cb, user_data);
  if (g_task_get_cancellable (task) != NULL)
    g_cancellable_disconnect (g_task_get_cancellable (task),
                              ((PrintJob *) g_task_get_task_data (task))->cancelled_id);

  switch (result)
    {
    case GTK_PRINT_OPERATION_RESULT_APPLY:
      g_task_return_boolean (task, TRUE);
      break;
    case GTK_PRINT_OPERATION_RESULT_CANCEL:
      g_task_return_new_error (task, BEL_PRINT_ERROR, BEL_PRINT_ERROR_CANCELLED,
                               _("Printing was cancelled"));
      break;
    case GTK_PRINT_OPERATION_RESULT_ERROR:
    case GTK_PRINT_OPERATION_RESULT_IN_PROGRESS:
    default:
      gtk_print_operation_get_error (op, &error);
      g_task_return_new_error (task, BEL_PRINT_ERROR, BEL_PRINT_ERROR_FAILED,
                               _("The checklist could not be printed (%s)"),
                               error ? error->message : "?");
      break;
    }
}

static void
print_cancelled_cb (GCancellable *cancellable,
                    PrintJob     *job)
{
  gtk_print_operation_cancel (job->op);
}

static void
start_printing (GTask        *task,
                GtkPrinter   *printer)
{
  PrintJob *job = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  GtkPrintOperationResult result;

  if (printer != NULL)
    {
      g_autoptr(GtkPageSetup) setup = NULL;
      g_autoptr(GtkPrintSettings) settings = gtk_print_settings_new ();

      /* The printer's own paper: A4 on an office printer, the roll on a receipt printer. */
      setup = gtk_printer_get_default_page_size (printer);
      if (setup != NULL)
        gtk_print_operation_set_default_page_setup (job->op, setup);
      gtk_print_settings_set_printer (settings, gtk_printer_get_name (printer));
      gtk_print_operation_set_print_settings (job->op, settings);
    }

  gtk_print_operation_set_allow_async (job->op, TRUE);
  g_signal_connect (job->op, "done", G_CALLBACK (print_done_cb), g_object_ref (task));
  if (g_task_get_cancellable (task) != NULL)
    job->cancelled_id = g_cancellable_connect (g_task_get_cancellable (task),
                                               G_CALLBACK (print_cancelled_cb), job, NULL);

  result = gtk_print_operation_run (job->op,
                                    job->kiosk_mode ? GTK_PRINT_OPERATION_ACTION_PRINT
                                                    : GTK_PRINT_OPERATION_ACTION_PRINT_DIALOG,
                                    job->parent, &error);
  if (result != GTK_PRINT_OPERATION_RESULT_IN_PROGRESS &&
      g_signal_handler_find (job->op, G_SIGNAL_MATCH_FUNC, 0, 0, NULL, print_done_cb, NULL) != 0)
    {
      /* Finished (or failed) without going asynchronous, and "done" has not been emitted. */
      g_object_ref (job->op);
      print_done_cb (job->op, result, task);
      g_object_unref (job->op);
    }
}

static void
kiosk_printer_found_cb (GObject      *object,
                        GAsyncResult *result,
                        gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GtkPrinter) printer = NULL;
  g_autoptr(GError) error = NULL;

  printer = bel_print_find_printer_finish (result, &error);
  if (error != NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  if (printer == NULL)
    {
      g_task_return_new_error (task, BEL_PRINT_ERROR, BEL_PRINT_ERROR_NO_PRINTER,
                               _("No printer is connected to this kiosk"));
      return;
    }
  start_printing (task, printer);
}

void
bel_print_operation_run_async (GtkPrintOperation   *op,
                               gpointer             document,
                               GDestroyNotify       document_free,
                               GtkWindow           *parent,
                               gboolean             kiosk_mode,
                               GCancellable        *cancellable,
                               gpointer             source_tag,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  PrintJob *job;

  g_assert (GTK_IS_PRINT_OPERATION (op));

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, source_tag);

  job = g_new0 (PrintJob, 1);
  job->op = op;
  job->document = document;
  job->document_free = document_free;
  job->parent = parent ? g_object_ref (parent) : NULL;
  job->kiosk_mode = kiosk_mode;
  g_task_set_task_data (task, job, (GDestroyNotify) print_job_free);

  if (kiosk_mode)
    bel_print_find_printer_async (cancellable, kiosk_printer_found_cb, g_steal_pointer (&task));
  else
    start_printing (task, NULL);
}

void
bel_print_service_run (BelService          *service,
                       BelLang              lang,
                       const char          *agency_name,
                       GtkWindow           *parent,
                       gboolean             kiosk_mode,
                       GCancellable        *cancellable,
                       GAsyncReadyCallback  callback,
                       gpointer             user_data)
{
  Checklist *cl;

  g_return_if_fail (BEL_IS_SERVICE (service));
  g_return_if_fail (lang < BEL_N_LANGS);
  g_return_if_fail (parent == NULL || GTK_IS_WINDOW (parent));

  cl = checklist_new (service, lang, agency_name);
  cl->export_paper = BEL_PRINT_PAPER_A4;
  bel_print_operation_run_async (create_operation (cl, NULL), cl, (GDestroyNotify) checklist_free,
                                 parent, kiosk_mode, cancellable, bel_print_service_run,
                                 callback, user_data);
}

gboolean
bel_print_service_run_finish (GAsyncResult  *result,
                              GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

const char *
bel_print_result_message (gboolean      printed,
                          const GError *error)
{
  if (printed)
    return _("The checklist is printing. Please take it from the printer.");
  if (error == NULL ||
      g_error_matches (error, BEL_PRINT_ERROR, BEL_PRINT_ERROR_CANCELLED) ||
      g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return NULL;
  return error->message;
}
