/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The three languages every piece of content carries, Azerbaijani first. */
typedef enum {
  BEL_LANG_AZ,
  BEL_LANG_RU,
  BEL_LANG_EN,
  BEL_N_LANGS
} BelLang;

const char *bel_lang_to_code   (BelLang     lang);
gboolean    bel_lang_from_code (const char *code,
                                BelLang    *out_lang);
const char *bel_lang_native_name (BelLang   lang);

/* A string in each of the three languages. */
typedef struct {
  char *text[BEL_N_LANGS];
} BelText;

void        bel_text_clear     (BelText       *text);
void        bel_text_copy_into (BelText       *dest,
                                const BelText *src);
const char *bel_text_get       (const BelText *text,
                                BelLang        lang);

/* A list of strings in each language (steps, documents, a checklist): _init makes each an
 * empty NULL-terminated array, _clear frees them. */
void        bel_text_lists_init  (GStrv lists[BEL_N_LANGS]);
void        bel_text_lists_clear (GStrv lists[BEL_N_LANGS]);

G_END_DECLS
