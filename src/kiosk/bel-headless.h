/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* The kiosk's commands that need no display (docs/sync-protocol.md, 3.4), for operators, cron
 * and tests:
 *
 *   beledci --sync-once [--data-dir DIR] [--server URL] [--pubkey FILE]
 *   beledci --status [--data-dir DIR] [--json]
 *   beledci --import-bundle DIR [--data-dir DIR] [--pubkey FILE]
 *
 * BelApplication adds bel_headless_option_entries to its options and calls
 * bel_headless_handle_local_options() from handle_local_options, before GTK is initialised.
 * Nothing here touches GTK. */

extern const GOptionEntry bel_headless_option_entries[];

/* Runs the command @options ask for and returns its exit status, or -1 when they ask for
 * none (the kiosk then starts as usual). */
int   bel_headless_handle_local_options (GVariantDict *options);

/* The kiosk's data directory: @override, else the GSettings key data-dir, else
 * $XDG_DATA_HOME/beledci. */
char *bel_headless_dup_data_dir         (const char   *override);

int   bel_headless_sync_once            (const char   *data_dir,
                                         const char   *server_url,
                                         const char   *pubkey_file);
int   bel_headless_status               (const char   *data_dir,
                                         gboolean      json);
int   bel_headless_import_bundle        (const char   *data_dir,
                                         const char   *bundle_dir,
                                         const char   *pubkey_file);

G_END_DECLS
