/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "bel-catalogue.h"
#include "bel-page.h"
#include "bel-sync-status.h"

G_BEGIN_DECLS

#define BEL_TYPE_WINDOW (bel_window_get_type ())
G_DECLARE_FINAL_TYPE (BelWindow, bel_window, BEL, WINDOW, AdwApplicationWindow)

/* The kiosk's only window. It owns the pages and every move between them (history, Back,
 * Home), the top bar (language, text size, contrast), the freshness banner, the idle reset and
 * the kiosk lock-down. */
BelWindow    *bel_window_new                (GtkApplication *application,
                                             gboolean        kiosk_mode);

BelCatalogue *bel_window_get_catalogue      (BelWindow      *self);
void          bel_window_set_catalogue      (BelWindow      *self,
                                             BelCatalogue   *catalogue);
gboolean      bel_window_get_kiosk_mode     (BelWindow      *self);
/* Whether @widget is shown in a BelWindow that runs in kiosk mode. */
gboolean      bel_window_is_kiosk_for       (GtkWidget      *widget);

/* Page names: "welcome", "find", "list", "service", "guide" (issue 4). */
BelPage      *bel_window_get_page           (BelWindow      *self,
                                             const char     *name);
BelPage      *bel_window_get_visible_page   (BelWindow      *self);
/* How many steps Back can go. */
guint         bel_window_get_history_length (BelWindow      *self);

/* Everything back to how a new citizen finds it: the welcome screen in the default language,
 * default text size and contrast, no history, nothing typed anywhere. */
void          bel_window_reset              (BelWindow      *self);

/* Idle timings in milliseconds (the settings give seconds); for tests. */
void          bel_window_set_idle_timeouts  (BelWindow      *self,
                                             guint           idle_ms,
                                             guint           countdown_ms,
                                             guint           attract_ms);
gboolean      bel_window_is_asking_still_there (BelWindow   *self);
/* Shows the "Are you still there?" question now (for screenshots). */
void          bel_window_ask_still_there    (BelWindow      *self);
/* Starts the welcome screen's attract loop now (for screenshots). */
void          bel_window_start_attract      (BelWindow      *self);

/* The sync status as the application last read it (NULL: none, the kiosk does not sync). The
 * freshness banner says why the last content sync failed, and the welcome page's footer shows
 * the last sync and the records waiting. The window emits "service-viewed" and
 * "search-no-results" for the application to record (anonymously) in the outbox. */
void          bel_window_set_sync_status    (BelWindow           *self,
                                             const BelSyncStatus *status);
/* The freshness banner's text, or NULL while it is hidden. */
const char   *bel_window_get_banner_text    (BelWindow      *self);

G_END_DECLS
