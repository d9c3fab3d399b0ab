/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define BEL_TYPE_QR_CODE (bel_qr_code_get_type ())
G_DECLARE_FINAL_TYPE (BelQrCode, bel_qr_code, BEL, QR_CODE, GtkWidget)

GtkWidget  *bel_qr_code_new             (const char *url);
const char *bel_qr_code_get_url         (BelQrCode  *self);
void        bel_qr_code_set_url         (BelQrCode  *self,
                                         const char *url);
/* Modules along one side, without the quiet zone; 0 when there is no code to show. */
guint       bel_qr_code_get_module_count (BelQrCode *self);

G_END_DECLS
