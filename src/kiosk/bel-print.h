/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>
#include <gtk/gtkunixprint.h>

#include "bel-service.h"

G_BEGIN_DECLS

#define BEL_PRINT_ERROR (bel_print_error_quark ())
GQuark bel_print_error_quark (void);

typedef enum {
  BEL_PRINT_ERROR_NO_PRINTER,
  BEL_PRINT_ERROR_FAILED,
  BEL_PRINT_ERROR_CANCELLED,
} BelPrintError;

/* The paper a checklist is laid out for when exporting; when printing, the printer's paper
 * width decides. */
typedef enum {
  BEL_PRINT_PAPER_A4,
  BEL_PRINT_PAPER_RECEIPT_80MM,
} BelPrintPaper;

/* Writes @service as a one-page checklist to a PDF file, laid out for A4. Synchronous. */
gboolean   bel_print_service_to_pdf       (BelService           *service,
                                           BelLang               lang,
                                           const char           *agency_name,
                                           const char           *pdf_path,
                                           GError              **error);
gboolean   bel_print_service_export       (BelService           *service,
                                           BelLang               lang,
                                           const char           *agency_name,
                                           BelPrintPaper         paper,
                                           const char           *pdf_path,
                                           GError              **error);

/* Finds the printer a kiosk would print to: the default printer, or else the only real
 * (non-virtual: not "Print to File") printer. Completes with NULL and no error when there is
 * none, so the kiosk can hide its Print button. */
void       bel_print_find_printer_async   (GCancellable         *cancellable,
                                           GAsyncReadyCallback   callback,
                                           gpointer              user_data);
GtkPrinter *bel_print_find_printer_finish (GAsyncResult         *result,
                                           GError              **error);

/* Prints @service as a one-page checklist. With @kiosk_mode it prints straight to the printer
 * bel_print_find_printer_async() finds, showing no dialog at all (the GTK print dialog offers
 * "Print to File", whose file chooser must never appear on a kiosk); it fails with
 * BEL_PRINT_ERROR_NO_PRINTER when there is none. Without @kiosk_mode it shows the print
 * dialog over @parent. */
void       bel_print_service_run          (BelService           *service,
                                           BelLang               lang,
                                           const char           *agency_name,
                                           GtkWindow            *parent,
                                           gboolean              kiosk_mode,
                                           GCancellable         *cancellable,
                                           GAsyncReadyCallback   callback,
                                           gpointer              user_data);
gboolean   bel_print_service_run_finish   (GAsyncResult         *result,
                                           GError              **error);

/* What to tell the citizen once a print job ended: to take the sheet when it printed, nothing
 * when they cancelled, otherwise why it failed (@error's message). */
const char *bel_print_result_message     (gboolean              printed,
                                          const GError         *error);

G_END_DECLS
