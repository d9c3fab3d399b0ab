/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

#include "bel-lang.h"

G_BEGIN_DECLS

/* Folds any text to its search skeleton: lower-case ASCII letters and digits, words separated
 * by single spaces, no leading or trailing space. Indexed text and queries are folded the same
 * way, so a villager finds "Məhkumluq haqqında arayış" by typing "mehkumluq", "MƏHKUMLUQ",
 * "мәһкумлуг" or "mehkumlug" (the last through the index's typo tolerance).
 *
 * - Turkic case: İ, i, I and ı all become "i".
 * - Azerbaijani letters: ə→e, ö→o, ü→u, ç→c, ş→s, ğ→g; other Latin diacritics are stripped.
 * - Digraphs sh→s, ch→c, gh→g, applied to the skeleton, so "shehadetname" meets "şəhadətnamə".
 * - Azerbaijani Cyrillic and Russian are transliterated into the same skeleton the way
 *   Azerbaijani Latin spells them: Ә→e, Ғ→g, Ҝ→g, Һ→h, Ҹ→c, Ч→c, Ј→y, Ө→o, Ү→u, Ы→i, И→i,
 *   Ж→j, Г→q, Х→x, Ш→s, Щ→s, Ю→yu, Я→ya, Ё→yo; Ц→s (as Azerbaijani writes loan words:
 *   "лицензия" folds like "lisenziya"); Ь and Ъ are dropped.
 * - Apostrophes, soft hyphens, zero-width characters and combining marks join (are dropped);
 *   other punctuation, symbols, control characters, letters of other scripts and invalid UTF-8
 *   bytes separate words.
 *
 * @len may be -1 for a NUL-terminated @text. Never returns NULL; free with g_free(). */
char *bel_fold          (const char *text,
                         gssize      len);

/* The most bytes bel_fold_into() writes for @len bytes of text, its NUL included: no
 * character yields more than twice its UTF-8 length ("ß" → "ss", "я" → "ya"). */
#define BEL_FOLD_MAX_SIZE(len) ((gsize) (len) * 2 + 1)

/* bel_fold() into @out, which has room for BEL_FOLD_MAX_SIZE (@len) bytes (for callers that
 * fold a lot and want no allocation). Returns the skeleton's length. */
gsize bel_fold_into     (const char *text,
                         gsize       len,
                         char       *out);

/* Lower-cases @text with the Turkic rules (I→ı, İ→i) whatever the process locale. Invalid
 * UTF-8 is replaced. Free with g_free(). */
char *bel_az_strdown    (const char *text);

/* A key whose strcmp() order is @lang's alphabetical order, needing no system locale:
 * az: a b c ç d e ə f g ğ h x ı i j k q l m n o ö p r s ş t u ü v y z (Turkic case);
 * ru: the Russian alphabet (ё right after е), Latin letters before it; en: plain a-z.
 * Case and diacritics not in the alphabet only break ties. Free with g_free(). */
char *bel_collate_key   (const char *text,
                         BelLang     lang);
int   bel_collate       (BelLang     lang,
                         const char *a,
                         const char *b);

G_END_DECLS
