/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "bel-page.h"
#include "bel-speaker.h"

G_BEGIN_DECLS

#define BEL_TYPE_SERVICE_PAGE (bel_service_page_get_type ())
G_DECLARE_FINAL_TYPE (BelServicePage, bel_service_page, BEL, SERVICE_PAGE, BelPage)

/* Everything about one service, with a QR code of its address, printing and reading aloud. */
void        bel_service_page_show_service (BelServicePage *self,
                                           const char     *service_id);
BelService *bel_service_page_get_service  (BelServicePage *self);
/* Print writes a PDF to @pdf_path instead of going to a printer (tests, diagnostics). */
void        bel_service_page_set_print_file (BelServicePage *self,
                                             const char     *pdf_path);

/* The voice of "Read aloud" (tests point it at a file). */
BelSpeaker *bel_service_page_get_speaker  (BelServicePage *self);

G_END_DECLS
