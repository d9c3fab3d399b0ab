/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "bel-walkthrough-print"

#include "config.h"

#include <glib/gi18n.h>

#include "bel-print-private.h"
#include "bel-walkthrough-print.h"

#define MM (72.0 / 25.4)
#define MIN_SCALE 0.65

/* What is printed, copied out of the walkthrough in one language, so that a print job
 * outlives any change of content or language on screen. */
typedef struct {
  char     *title;
  char     *summary;
  GStrv     checklist;
  GStrv     steps;
  char     *helpline;
  char     *url;
  char     *printed_date;
  QRcode   *qr;
  gboolean  receipt;
  double    scale;
} Sheet;

static void
sheet_free (Sheet *sheet)
{
  g_free (sheet->title);
  g_free (sheet->summary);
  g_strfreev (sheet->checklist);
  g_strfreev (sheet->steps);
  g_free (sheet->helpline);
  g_free (sheet->url);
  g_free (sheet->printed_date);
  g_clear_pointer (&sheet->qr, QRcode_free);
  g_free (sheet);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Sheet, sheet_free)

static Sheet *
sheet_new (const BelWalkthrough *walkthrough,
           BelLang               lang)
{
  Sheet *sheet = g_new0 (Sheet, 1);
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autoptr(GStrvBuilder) steps = g_strv_builder_new ();

  sheet->title = g_strdup (walkthrough->title.text[lang]);
  sheet->summary = g_strdup (walkthrough->summary.text[lang]);
  sheet->checklist = g_strdupv (walkthrough->checklist[lang]);
  for (guint i = 0; i < walkthrough->steps->len; i++)
    {
      const BelWalkthroughStep *step = g_ptr_array_index (walkthrough->steps, i);
      g_strv_builder_add (steps, step->title.text[lang]);
    }
  sheet->steps = g_strv_builder_end (steps);
  sheet->helpline = g_strdup (walkthrough->helpline);
  sheet->url = g_strdup (walkthrough->portal_url);
  sheet->printed_date = g_date_time_format (now, "%d.%m.%Y");
  sheet->scale = 1.0;
  if (sheet->url)
    sheet->qr = QRcode_encodeString8bit (sheet->url, 0, QR_ECLEVEL_M);
  return sheet;
}

/* Lays the sheet out in a column of @width; draws it when @draw. Returns its height. */
static double
render (Sheet   *sheet,
        cairo_t *cr,
        gboolean draw,
        double   width)
{
  const PangoWrapMode wrap = PANGO_WRAP_WORD_CHAR;
  double s = sheet->scale;
  double body = (sheet->receipt ? 9 : 12) * s;
  double pad = (sheet->receipt ? 0 : 6 * MM) * s;
  double gap = (sheet->receipt ? 3 : 5) * MM * s;
  double qr_side = (sheet->receipt ? 34 : 40) * MM * s;
  double step_size = body * 0.95;
  double x = pad, y = pad, w = width - 2 * pad;
  g_autofree char *widest = g_strdup_printf ("%u.", g_strv_length (sheet->steps));
  g_autofree char *footer = NULL;
  /* The markers are set two fifths larger than their text. */
  double box_indent = bel_print_list_indent (cr, "☐", body * 1.4, 8 * MM * s, s);
  double step_indent = bel_print_list_indent (cr, widest, step_size * 1.4, 8 * MM * s, s);

  y += bel_print_paragraph (cr, draw, x, y, w, sheet->title, body * 1.7, PANGO_WEIGHT_BOLD, 0.0,
                            wrap);
  y += gap * 0.6;
  y += bel_print_paragraph (cr, draw, x, y, w, sheet->summary, body, PANGO_WEIGHT_NORMAL, 0.25,
                            wrap);

  y += gap;
  y += bel_print_paragraph (cr, draw, x, y, w, _("Take this with you"), body * 1.2,
                            PANGO_WEIGHT_BOLD, 0.0, wrap);
  for (guint i = 0; sheet->checklist && sheet->checklist[i]; i++)
    {
      y += 1.8 * MM * s;
      y += bel_print_list_item (cr, draw, x, y, w, box_indent, "☐", body * 1.4,
                                sheet->checklist[i], body);
    }

  y += gap;
  y += bel_print_paragraph (cr, draw, x, y, w, _("The steps"), body * 1.2, PANGO_WEIGHT_BOLD,
                            0.0, wrap);
  for (guint i = 0; sheet->steps[i]; i++)
    {
      g_autofree char *number = g_strdup_printf ("%u.", i + 1);

      y += 1.4 * MM * s;
      y += bel_print_list_item (cr, draw, x, y, w, step_indent, number, step_size * 1.4,
                                sheet->steps[i], step_size);
    }

  if (sheet->helpline)
    {
      /* TRANSLATORS: on the printed checklist; %s is a short telephone number such as 108. */
      g_autofree char *line = g_strdup_printf (_("If something goes wrong, call %s."),
                                               sheet->helpline);
      y += gap;
      y += bel_print_paragraph (cr, draw, x, y, w, line, body, PANGO_WEIGHT_BOLD, 0.0, wrap);
    }

  y += gap;
  if (sheet->qr)
    {
      const char *hint = _("Scan the code with your phone’s camera to open the sign-in page.");
      double text_w = sheet->receipt ? w : w - qr_side - gap;
      double text_h = 0;

      text_h += bel_print_paragraph (cr, draw, x, y, text_w, _("The sign-in page:"), body,
                                     PANGO_WEIGHT_BOLD, 0.0, wrap);
      text_h += bel_print_paragraph (cr, draw, x, y + text_h, text_w, sheet->url, body,
                                     PANGO_WEIGHT_NORMAL, 0.0, wrap);
      text_h += 2 * MM * s;
      text_h += bel_print_paragraph (cr, draw, x, y + text_h, text_w, hint, body * 0.8,
                                     PANGO_WEIGHT_NORMAL, 0.3, wrap);
      if (sheet->receipt)
        {
          y += text_h + gap;
          if (draw)
            bel_print_draw_qr (cr, sheet->qr, x + (w - qr_side) / 2, y, qr_side);
          y += qr_side;
        }
      else
        {
          if (draw)
            bel_print_draw_qr (cr, sheet->qr, x + w - qr_side, y, qr_side);
          y += MAX (text_h, qr_side);
        }
    }

  y += gap;
  /* Translators: at the foot of the printed checklist; %s is a date (dd.mm.yyyy). */
  footer = g_strdup_printf (_("Printed by Bələdçi on %s."), sheet->printed_date);
  y += bel_print_paragraph (cr, draw, x, y, w, footer, body * 0.75, PANGO_WEIGHT_NORMAL, 0.3,
                            wrap);
  return y + pad;
}

static void
begin_print_cb (GtkPrintOperation *op,
                GtkPrintContext   *context,
                Sheet             *sheet)
{
  cairo_t *cr = gtk_print_context_get_cairo_context (context);
  double width = gtk_print_context_get_width (context);
  double height = gtk_print_context_get_height (context);
  double lo = MIN_SCALE, hi = 1.0;

  sheet->receipt = bel_print_is_receipt_width (width);
  sheet->scale = 1.0;
  /* One page, always: the whole sheet is drawn smaller until it fits. */
  if (!sheet->receipt && render (sheet, cr, FALSE, width) > height)
    {
      for (guint i = 0; i < 10; i++)
        {
          sheet->scale = (lo + hi) / 2;
          if (render (sheet, cr, FALSE, width) <= height)
            lo = sheet->scale;
          else
            hi = sheet->scale;
        }
      sheet->scale = lo;
    }
  gtk_print_operation_set_n_pages (op, 1);
}

static void
draw_page_cb (GtkPrintOperation *op,
              GtkPrintContext   *context,
              int                page_nr,
              Sheet             *sheet)
{
  cairo_t *cr = gtk_print_context_get_cairo_context (context);

  cairo_save (cr);
  cairo_rectangle (cr, 0, 0, gtk_print_context_get_width (context),
                   gtk_print_context_get_height (context));
  cairo_clip (cr);
  render (sheet, cr, TRUE, gtk_print_context_get_width (context));
  cairo_restore (cr);
}

static GtkPrintOperation *
create_operation (Sheet        *sheet,
                  GtkPageSetup *setup)
{
  GtkPrintOperation *op = bel_print_operation_new (sheet->title, setup);

  g_signal_connect (op, "begin-print", G_CALLBACK (begin_print_cb), sheet);
  g_signal_connect (op, "draw-page", G_CALLBACK (draw_page_cb), sheet);
  return op;
}

gboolean
bel_walkthrough_print_to_pdf (const BelWalkthrough  *walkthrough,
                              BelLang                lang,
                              const char            *pdf_path,
                              GError               **error)
{
  g_autoptr(Sheet) sheet = NULL;
  g_autoptr(GtkPageSetup) setup = bel_print_page_setup_new (BEL_PRINT_PAPER_A4);
  g_autoptr(GtkPrintOperation) op = NULL;

  g_return_val_if_fail (walkthrough != NULL, FALSE);
  g_return_val_if_fail (lang < BEL_N_LANGS, FALSE);
  g_return_val_if_fail (pdf_path != NULL, FALSE);

  sheet = sheet_new (walkthrough, lang);
  op = create_operation (sheet, setup);
  return bel_print_operation_export (op, pdf_path, error);
}

void
bel_walkthrough_print_run (const BelWalkthrough *walkthrough,
                           BelLang               lang,
                           GtkWindow            *parent,
                           gboolean              kiosk_mode,
                           GCancellable         *cancellable,
                           GAsyncReadyCallback   callback,
                           gpointer              user_data)
{
  Sheet *sheet;

  g_return_if_fail (walkthrough != NULL);
  g_return_if_fail (lang < BEL_N_LANGS);

  sheet = sheet_new (walkthrough, lang);
  bel_print_operation_run_async (create_operation (sheet, NULL), sheet,
                                 (GDestroyNotify) sheet_free, parent, kiosk_mode, cancellable,
                                 bel_walkthrough_print_run, callback, user_data);
}

gboolean
bel_walkthrough_print_run_finish (GAsyncResult  *result,
                                  GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}
