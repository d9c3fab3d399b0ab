/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "bel-walkthrough.h"

G_BEGIN_DECLS

/* A walkthrough's checklist on one page to take home: what to bring and remember, the steps
 * in a line each, the helpline, and the portal's sign-in address as text and as a QR code.
 * Printed the way bel-print.c prints a service (same printer lookup, no dialog on a kiosk,
 * errors in BEL_PRINT_ERROR), on A4 or a receipt roll. */

/* Writes the checklist to a PDF file laid out for A4. Synchronous. */
gboolean bel_walkthrough_print_to_pdf     (const BelWalkthrough *walkthrough,
                                           BelLang               lang,
                                           const char           *pdf_path,
                                           GError              **error);

/* Prints the checklist: straight to the kiosk's printer with @kiosk_mode, with the print
 * dialog over @parent otherwise. @walkthrough is copied into the job's own text. */
void     bel_walkthrough_print_run        (const BelWalkthrough *walkthrough,
                                           BelLang               lang,
                                           GtkWindow            *parent,
                                           gboolean              kiosk_mode,
                                           GCancellable         *cancellable,
                                           GAsyncReadyCallback   callback,
                                           gpointer              user_data);
gboolean bel_walkthrough_print_run_finish (GAsyncResult         *result,
                                           GError              **error);

G_END_DECLS
