/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/* Untrusted JSON, parsed safely. json-glib 1.6 has no depth limit and overflows the stack on
 * deeply nested input, so the bytes are scanned first: size, UTF-8 and nesting are checked
 * before json-glib sees them. The scan also records the line where each value starts, keyed by
 * its path ("services[3].title.ru"), so that problems can be reported with a line number. */

#define BEL_JSON_DEFAULT_MAX_SIZE  (4 * 1024 * 1024)
#define BEL_JSON_DEFAULT_MAX_DEPTH 32

typedef struct _BelJsonDoc BelJsonDoc;

/* On failure returns NULL and appends a BelIssue to @issues (if not NULL). */
BelJsonDoc *bel_json_doc_parse     (const char *file_label,
                                    GBytes     *bytes,
                                    gsize       max_size,
                                    guint       max_depth,
                                    GPtrArray  *issues);
/* Same checks, reporting the first problem as a GError (G_IO_ERROR_INVALID_DATA). */
JsonNode   *bel_json_parse_bytes   (GBytes     *bytes,
                                    gsize       max_size,
                                    guint       max_depth,
                                    GError    **error);
JsonNode   *bel_json_doc_get_root  (BelJsonDoc *doc);
const char *bel_json_doc_get_file  (BelJsonDoc *doc);
/* The line where the value at @path starts, or the nearest enclosing value's line. */
guint       bel_json_doc_line      (BelJsonDoc *doc,
                                    const char *path);
GBytes     *bel_json_doc_get_bytes (BelJsonDoc *doc);
/* The same for raw bytes (for problems found after the document was freed). Rescans the
 * bytes: call it only to report a problem. */
guint       bel_json_bytes_line    (GBytes     *bytes,
                                    const char *path);
void        bel_json_doc_free      (BelJsonDoc *doc);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (BelJsonDoc, bel_json_doc_free)

G_END_DECLS
