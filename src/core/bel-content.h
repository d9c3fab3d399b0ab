/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* A content tree held in memory: relative paths ("catalogue/agencies/tax.json",
 * "walkthroughs/fin-mobile.json") mapped to their bytes. The bundled data/ directory, a USB
 * stick and a verified sync bundle all become a BelContent before anything is imported, so the
 * same checks apply whatever the source. */

#define BEL_CONTENT_MAX_FILE_SIZE  (8 * 1024 * 1024)
#define BEL_CONTENT_MAX_FILES      4096

typedef struct _BelContent BelContent;

BelContent  *bel_content_new          (void);
/* Reads every regular file below @dir (symlinks are not followed); files bigger than
 * BEL_CONTENT_MAX_FILE_SIZE are still listed, with NULL bytes, so validation can name them. */
BelContent  *bel_content_new_from_dir (const char  *dir,
                                       GError     **error);
void         bel_content_add          (BelContent  *content,
                                       const char  *path,
                                       GBytes      *bytes);
GBytes      *bel_content_get          (BelContent  *content,
                                       const char  *path);
gboolean     bel_content_contains     (BelContent  *content,
                                       const char  *path);
/* Sorted paths that start with @prefix (e.g. "catalogue/agencies/"). Free with g_ptr_array_unref. */
GPtrArray   *bel_content_list         (BelContent  *content,
                                       const char  *prefix);
BelContent  *bel_content_ref          (BelContent  *content);
void         bel_content_unref        (BelContent  *content);

/* The directory with the content that ships with the program: $BELEDCI_DATA_DIR if set, the
 * source tree's data/ when run from the build tree, else the installed pkgdatadir. */
const char  *bel_content_bundled_dir  (void);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (BelContent, bel_content_unref)

G_END_DECLS
