/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <json-glib/json-glib.h>

#include "bel-content.h"
#include "bel-json.h"
#include "bel-lang.h"

G_BEGIN_DECLS

/* Readers shared by every content format (the catalogue, walkthroughs, the decision helper):
 * each reports problems as BelIssues with the JSON path of the value and the line where it
 * starts ("agencies/tax.json:41: services[3].title.ru: missing translation"), and returns what
 * it could read, so that one run lists every problem of a file. */

typedef struct {
  BelJsonDoc *doc;
  const char *file;      /* the label problems are reported under */
  GPtrArray  *issues;    /* of BelIssue */
} BelContentReader;

void        bel_content_reader_report          (BelContentReader   *reader,
                                                const char         *path,
                                                const char         *format,
                                                ...) G_GNUC_PRINTF (3, 4);
/* "prefix.member", or "member" when @prefix is empty. */
char       *bel_content_reader_join_path       (const char         *prefix,
                                                const char         *member);
/* Reports every member of @object not in @allowed as "unknown member". */
void        bel_content_reader_check_members   (BelContentReader   *reader,
                                                JsonObject         *object,
                                                const char         *prefix,
                                                const char * const *allowed);
/* The member, or NULL; reports "missing" when @required and absent or null. */
JsonNode   *bel_content_reader_member          (BelContentReader   *reader,
                                                JsonObject         *object,
                                                const char         *prefix,
                                                const char         *name,
                                                gboolean            required);
/* The object @node holds, or NULL (reported as "expected an object" at @path). */
JsonObject *bel_content_reader_object_node     (BelContentReader   *reader,
                                                JsonNode           *node,
                                                const char         *path);
/* A non-empty string without control characters, or NULL (reported). */
const char *bel_content_reader_string_node     (BelContentReader   *reader,
                                                JsonNode           *node,
                                                const char         *path);
char       *bel_content_reader_read_string     (BelContentReader   *reader,
                                                JsonObject         *object,
                                                const char         *prefix,
                                                const char         *name,
                                                gboolean            required);
/* Required; 2-64 of a-z, 0-9, -. */
char       *bel_content_reader_read_id         (BelContentReader   *reader,
                                                JsonObject         *object,
                                                const char         *prefix,
                                                const char         *name);
/* YYYY-MM-DD. */
char       *bel_content_reader_read_date       (BelContentReader   *reader,
                                                JsonObject         *object,
                                                const char         *prefix,
                                                const char         *name,
                                                gboolean            required);
/* An https:// address. */
char       *bel_content_reader_read_url        (BelContentReader   *reader,
                                                JsonObject         *object,
                                                const char         *prefix,
                                                const char         *name,
                                                gboolean            required);
/* A text: {"az": ..., "ru": ..., "en": ...}, all three required. */
void        bel_content_reader_text_node       (BelContentReader   *reader,
                                                JsonNode           *node,
                                                const char         *path,
                                                BelText            *out);
void        bel_content_reader_read_text       (BelContentReader   *reader,
                                                JsonObject         *object,
                                                const char         *prefix,
                                                const char         *name,
                                                gboolean            required,
                                                BelText            *out);
/* An array of strings; never NULL (empty after a problem). */
GStrv       bel_content_reader_string_array    (BelContentReader   *reader,
                                                JsonNode           *node,
                                                const char         *path);
/* A text list: {"az": [...], "ru": [...], "en": [...]}. With @same_length, the three lists
 * must be translations of each other, item by item, and not empty. */
void        bel_content_reader_read_text_list  (BelContentReader   *reader,
                                                JsonObject         *object,
                                                const char         *prefix,
                                                const char         *name,
                                                gboolean            required,
                                                gboolean            same_length,
                                                GStrv               out[BEL_N_LANGS]);

/* The required member "format" must be @supported; FALSE (reported) otherwise. */
gboolean    bel_content_reader_check_format    (BelContentReader   *reader,
                                                JsonObject         *object,
                                                gint64              supported);
/* Reports "too long for one screen" for each language of @text (or each item of @lists) longer
 * than @max_chars characters. @path names the text; languages are appended to it. */
void        bel_content_reader_check_length    (BelContentReader   *reader,
                                                const char         *path,
                                                const BelText      *text,
                                                guint               max_chars);
void        bel_content_reader_check_list_length (BelContentReader *reader,
                                                const char         *path,
                                                GStrv const         lists[BEL_N_LANGS],
                                                guint               max_chars);

/* Parses @path of @content as JSON with the default limits; on a problem (missing, too
 * large, not JSON) appends an issue under @label and returns NULL. */
BelJsonDoc *bel_content_reader_load_doc        (BelContent         *content,
                                                const char         *path,
                                                const char         *label,
                                                GPtrArray          *issues);

/* Sets @error (@domain, @code) to @heading followed by the first few of @issues, one a line. */
void        bel_content_issues_to_error        (GPtrArray          *issues,
                                                const char         *heading,
                                                GQuark              domain,
                                                int                 code,
                                                GError            **error);

gboolean    bel_content_is_valid_id            (const char         *id);
gboolean    bel_content_is_valid_date          (const char         *str);

G_END_DECLS
