/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <qrencode.h>

#include "bel-print.h"

G_BEGIN_DECLS

/* What the one-page checklists share, implemented in bel-print.c: a service's checklist
 * (bel-print.c) and a walkthrough's (bel-walkthrough-print.c) are drawn with the same pieces
 * and reach the printer the same way. All lengths are in points. */

/* Lays out one paragraph of plain text (NULL counts as empty); draws it at (@x, @y) when
 * @draw. Returns its height. */
double             bel_print_paragraph           (cairo_t              *cr,
                                                  gboolean              draw,
                                                  double                x,
                                                  double                y,
                                                  double                width,
                                                  const char           *text,
                                                  double                size,
                                                  PangoWeight           weight,
                                                  double                grey,
                                                  PangoWrapMode         wrap);

/* A list item: @marker ("☐", "3.") in a column @indent wide (see bel_print_list_indent()),
 * set in bold at @marker_size, and @text wrapping beside it. Returns its height. */
double             bel_print_list_item           (cairo_t              *cr,
                                                  gboolean              draw,
                                                  double                x,
                                                  double                y,
                                                  double                width,
                                                  double                indent,
                                                  const char           *marker,
                                                  double                marker_size,
                                                  const char           *text,
                                                  double                size);

/* How far a list's text stands from its markers: @min_indent, or more when @widest_marker,
 * set in bold at @marker_size, needs it to stay whole and clear of the text. */
double             bel_print_list_indent         (cairo_t              *cr,
                                                  const char           *widest_marker,
                                                  double                marker_size,
                                                  double                min_indent,
                                                  double                scale);

/* Draws @qr as a black square @side wide at (@x, @y), its quiet zone included. */
void               bel_print_draw_qr             (cairo_t              *cr,
                                                  QRcode               *qr,
                                                  double                x,
                                                  double                y,
                                                  double                side);

/* Whether a printable area @width wide is a receipt roll rather than a sheet. */
gboolean           bel_print_is_receipt_width    (double                width);

GtkPageSetup      *bel_print_page_setup_new      (BelPrintPaper         paper);

/* A one-page print operation in points, named @job_name (NULL: the program's name), for
 * @page_setup (may be NULL). The caller connects "begin-print" and "draw-page". */
GtkPrintOperation *bel_print_operation_new       (const char           *job_name,
                                                  GtkPageSetup         *page_setup);

/* Writes what @op draws to a PDF file. Synchronous. */
gboolean           bel_print_operation_export    (GtkPrintOperation    *op,
                                                  const char           *pdf_path,
                                                  GError              **error);

/* Prints what @op draws, as bel_print_service_run() describes, and takes @op over. @document
 * is what @op's handlers draw from: it is kept until the job ends, then its handlers are
 * disconnected and it is freed with @document_free. Complete with g_task_propagate_boolean();
 * the task's source tag is @source_tag. */
void               bel_print_operation_run_async (GtkPrintOperation    *op,
                                                  gpointer              document,
                                                  GDestroyNotify        document_free,
                                                  GtkWindow            *parent,
                                                  gboolean              kiosk_mode,
                                                  GCancellable         *cancellable,
                                                  gpointer              source_tag,
                                                  GAsyncReadyCallback   callback,
                                                  gpointer              user_data);

G_END_DECLS
