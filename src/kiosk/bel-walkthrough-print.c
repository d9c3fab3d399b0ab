/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "bel-walkthrough-print"

#include "config.h"

#include <glib/gi18n.h>
#include <qrencode.h>

#include "bel-print.h"
#include "bel-walkthrough-print.h"

#define MM (72.0 / 25.4)
#define RECEIPT_MAX_WIDTH_MM 120.0
#define MIN_SCALE 0.65
#define FONT_FAMILY "Sans"

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

static double
paragraph (cairo_t     *cr,
           gboolean     draw,
           double       x,
           double       y,
           double       width,
           const char  *text,
           double       size,
           PangoWeight  weight,
           double       grey)
{
  g_autoptr(PangoLayout) layout = pango_cairo_create_layout (cr);
  g_autoptr(PangoFontDescription) font = pango_font_description_from_string (FONT_FAMILY);
  int w, h;

  pango_font_description_set_size (font, (int) (size * PANGO_SCALE));
  pango_font_description_set_weight (font, weight);
  pango_layout_set_font_description (layout, font);
  pango_layout_set_width (layout, (int) (width * PANGO_SCALE));
  pango_layout_set_wrap (layout, PANGO_WRAP_WORD_CHAR);
  pango_layout_set_text (layout, text ? text : "", -1);
  pango_layout_get_size (layout, &w, &h);
  if (draw)
    {
      cairo_set_source_rgb (cr, grey, grey, grey);
      cairo_move_to (cr, x, y);
      pango_cairo_show_layout (cr, layout);
    }
  return (double) h / PANGO_SCALE;
}

static double
item (cairo_t    *cr,
      gboolean    draw,
      double      x,
      double      y,
      double      width,
      double      indent,
      const char *marker,
      const char *text,
      double      size)
{
  double marker_h = paragraph (cr, draw, x, y - size * 0.2, indent, marker, size * 1.4,
                               PANGO_WEIGHT_BOLD, 0.0);
  double text_h = paragraph (cr, draw, x + indent, y, width - indent, text, size,
                             PANGO_WEIGHT_NORMAL, 0.0);
  return MAX (marker_h - size * 0.2, text_h);
}

static void
draw_qr (cairo_t *cr,
         QRcode  *qr,
         double   x,
         double   y,
         double   side)
{
  double module = side / (qr->width + 8);

  cairo_set_source_rgb (cr, 0, 0, 0);
  for (int row = 0; row < qr->width; row++)
    for (int col = 0; col < qr->width; col++)
      if (qr->data[row * qr->width + col] & 1)
        cairo_rectangle (cr, x + (col + 4) * module, y + (row + 4) * module, module, module);
  cairo_fill (cr);
}

/* Lays the sheet out in a column of @width; draws it when @draw. Returns its height. */
static double
render (Sheet   *sheet,
        cairo_t *cr,
        gboolean draw,
        double   width)
{
  double s = sheet->scale;
  double body = (sheet->receipt ? 9 : 12) * s;
  double pad = (sheet->receipt ? 0 : 6 * MM) * s;
  double gap = (sheet->receipt ? 3 : 5) * MM * s;
  double qr_side = (sheet->receipt ? 34 : 40) * MM * s;
  double indent = 8 * MM * s;
  double x = pad, y = pad, w = width - 2 * pad;
  g_autofree char *footer = NULL;

  y += paragraph (cr, draw, x, y, w, sheet->title, body * 1.7, PANGO_WEIGHT_BOLD, 0.0);
  y += gap * 0.6;
  y += paragraph (cr, draw, x, y, w, sheet->summary, body, PANGO_WEIGHT_NORMAL, 0.25);

  y += gap;
  y += paragraph (cr, draw, x, y, w, _("Take this with you"), body * 1.2, PANGO_WEIGHT_BOLD,
                  0.0);
  for (guint i = 0; sheet->checklist && sheet->checklist[i]; i++)
    {
      y += 1.8 * MM * s;
      y += item (cr, draw, x, y, w, indent, "☐", sheet->checklist[i], body);
    }

  y += gap;
  y += paragraph (cr, draw, x, y, w, _("The steps"), body * 1.2, PANGO_WEIGHT_BOLD, 0.0);
  for (guint i = 0; sheet->steps && sheet->steps[i]; i++)
    {
      g_autofree char *number = g_strdup_printf ("%u.", i + 1);

      y += 1.4 * MM * s;
      y += item (cr, draw, x, y, w, indent, number, sheet->steps[i], body * 0.95);
    }

  if (sheet->helpline)
    {
      /* TRANSLATORS: on the printed checklist; %s is a short telephone number such as 108. */
      g_autofree char *line = g_strdup_printf (_("If something goes wrong, call %s."),
                                               sheet->helpline);
      y += gap;
      y += paragraph (cr, draw, x, y, w, line, body, PANGO_WEIGHT_BOLD, 0.0);
    }

  y += gap;
  if (sheet->qr)
    {
      double text_w = sheet->receipt ? w : w - qr_side - gap;
      double text_h = 0;

      text_h += paragraph (cr, draw, x, y, text_w, _("The sign-in page:"), body,
                           PANGO_WEIGHT_BOLD, 0.0);
      text_h += paragraph (cr, draw, x, y + text_h, text_w, sheet->url, body,
                           PANGO_WEIGHT_NORMAL, 0.0);
      text_h += 2 * MM * s;
      text_h += paragraph (cr, draw, x, y + text_h, text_w,
                           _("Scan the code with your phone’s camera to open the sign-in page."),
                           body * 0.8, PANGO_WEIGHT_NORMAL, 0.3);
      if (sheet->receipt)
        {
          y += text_h + gap;
          if (draw)
            draw_qr (cr, sheet->qr, x + (w - qr_side) / 2, y, qr_side);
          y += qr_side;
        }
      else
        {
          if (draw)
            draw_qr (cr, sheet->qr, x + w - qr_side, y, qr_side);
          y += MAX (text_h, qr_side);
        }
    }

  y += gap;
  /* Translators: at the foot of the printed checklist; %s is a date (dd.mm.yyyy). */
  footer = g_strdup_printf (_("Printed by Bələdçi on %s."), sheet->printed_date);
  y += paragraph (cr, draw, x, y, w, footer, body * 0.75, PANGO_WEIGHT_NORMAL, 0.3);
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

  sheet->receipt = width < RECEIPT_MAX_WIDTH_MM * MM;
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
  GtkPrintOperation *op = gtk_print_operation_new ();

  gtk_print_operation_set_unit (op, GTK_UNIT_POINTS);
  gtk_print_operation_set_n_pages (op, 1);
  gtk_print_operation_set_job_name (op, sheet->title ? sheet->title : "Bələdçi");
  gtk_print_operation_set_embed_page_setup (op, FALSE);
  if (setup)
    gtk_print_operation_set_default_page_setup (op, setup);
  g_signal_connect (op, "begin-print", G_CALLBACK (begin_print_cb), sheet);
  g_signal_connect (op, "draw-page", G_CALLBACK (draw_page_cb), sheet);
  return op;
}

static GtkPageSetup *
a4_setup (void)
{
  GtkPageSetup *setup = gtk_page_setup_new ();
  g_autoptr(GtkPaperSize) size = gtk_paper_size_new (GTK_PAPER_NAME_A4);

  gtk_page_setup_set_paper_size (setup, size);
  gtk_page_setup_set_top_margin (setup, 12, GTK_UNIT_MM);
  gtk_page_setup_set_bottom_margin (setup, 12, GTK_UNIT_MM);
  gtk_page_setup_set_left_margin (setup, 12, GTK_UNIT_MM);
  gtk_page_setup_set_right_margin (setup, 12, GTK_UNIT_MM);
  return setup;
}

gboolean
bel_walkthrough_print_to_pdf (const BelWalkthrough  *walkthrough,
                              BelLang                lang,
                              const char            *pdf_path,
                              GError               **error)
{
  g_autoptr(Sheet) sheet = NULL;
  g_autoptr(GtkPageSetup) setup = a4_setup ();
  g_autoptr(GtkPrintOperation) op = NULL;
  g_autoptr(GError) local_error = NULL;

  g_return_val_if_fail (walkthrough != NULL, FALSE);
  g_return_val_if_fail (lang < BEL_N_LANGS, FALSE);
  g_return_val_if_fail (pdf_path != NULL, FALSE);

  sheet = sheet_new (walkthrough, lang);
  op = create_operation (sheet, setup);
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

typedef struct {
  Sheet             *sheet;
  GtkPrintOperation *op;
  GtkWindow         *parent;
  gboolean           kiosk_mode;
} Job;

static void
job_free (Job *job)
{
  if (job->op)
    g_signal_handlers_disconnect_by_data (job->op, job->sheet);
  g_clear_object (&job->op);
  g_clear_object (&job->parent);
  g_clear_pointer (&job->sheet, sheet_free);
  g_free (job);
}

static void
done_cb (GtkPrintOperation       *op,
         GtkPrintOperationResult  result,
         gpointer                 user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;

  g_signal_handlers_disconnect_by_func (op, done_cb, user_data);
  if (result == GTK_PRINT_OPERATION_RESULT_APPLY)
    g_task_return_boolean (task, TRUE);
  else if (result == GTK_PRINT_OPERATION_RESULT_CANCEL)
    g_task_return_new_error (task, BEL_PRINT_ERROR, BEL_PRINT_ERROR_CANCELLED,
                             _("Printing was cancelled"));
  else
    {
      gtk_print_operation_get_error (op, &error);
      g_task_return_new_error (task, BEL_PRINT_ERROR, BEL_PRINT_ERROR_FAILED,
                               _("The checklist could not be printed (%s)"),
                               error ? error->message : "?");
    }
}

static void
start (GTask      *task,
       GtkPrinter *printer)
{
  Job *job = g_task_get_task_data (task);
  g_autoptr(GtkPageSetup) setup = NULL;
  g_autoptr(GError) error = NULL;
  GtkPrintOperationResult result;

  if (printer)
    {
      g_autoptr(GtkPrintSettings) settings = gtk_print_settings_new ();

      setup = gtk_printer_get_default_page_size (printer);
      gtk_print_settings_set_printer (settings, gtk_printer_get_name (printer));
      job->op = create_operation (job->sheet, setup);
      gtk_print_operation_set_print_settings (job->op, settings);
    }
  else
    job->op = create_operation (job->sheet, NULL);

  gtk_print_operation_set_allow_async (job->op, TRUE);
  g_signal_connect (job->op, "done", G_CALLBACK (done_cb), g_object_ref (task));
  result = gtk_print_operation_run (job->op,
                                    job->kiosk_mode ? GTK_PRINT_OPERATION_ACTION_PRINT
                                                    : GTK_PRINT_OPERATION_ACTION_PRINT_DIALOG,
                                    job->parent, &error);
  if (result != GTK_PRINT_OPERATION_RESULT_IN_PROGRESS &&
      g_signal_handler_find (job->op, G_SIGNAL_MATCH_FUNC, 0, 0, NULL, done_cb, NULL) != 0)
    {
      g_object_ref (job->op);
      done_cb (job->op, result, task);
      g_object_unref (job->op);
    }
}

static void
printer_found_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GtkPrinter) printer = NULL;
  g_autoptr(GError) error = NULL;

  printer = bel_print_find_printer_finish (result, &error);
  if (error)
    g_task_return_error (task, g_steal_pointer (&error));
  else if (printer == NULL)
    g_task_return_new_error (task, BEL_PRINT_ERROR, BEL_PRINT_ERROR_NO_PRINTER,
                             _("No printer is connected to this kiosk"));
  else
    start (task, printer);
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
  g_autoptr(GTask) task = NULL;
  Job *job;

  g_return_if_fail (walkthrough != NULL);
  g_return_if_fail (lang < BEL_N_LANGS);

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, bel_walkthrough_print_run);
  job = g_new0 (Job, 1);
  job->sheet = sheet_new (walkthrough, lang);
  job->parent = parent ? g_object_ref (parent) : NULL;
  job->kiosk_mode = kiosk_mode;
  g_task_set_task_data (task, job, (GDestroyNotify) job_free);

  if (kiosk_mode)
    bel_print_find_printer_async (cancellable, printer_found_cb, g_steal_pointer (&task));
  else
    start (task, NULL);
}

gboolean
bel_walkthrough_print_run_finish (GAsyncResult  *result,
                                  GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}
