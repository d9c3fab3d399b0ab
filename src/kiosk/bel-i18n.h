/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>
#include <glib/gi18n.h>

#include "bel-lang.h"

G_BEGIN_DECLS

/* Translations that follow the kiosk's language at run time, without a restart. Every
 * translatable string a widget shows is either set through bel_i18n_bind(), which re-applies
 * it whenever the language changes, or set by a page's language_changed vfunc. */

/* Pseudo-properties for bel_i18n_bind(): the accessible label and description. */
#define BEL_I18N_ACCESSIBLE_LABEL       "accessible-label"
#define BEL_I18N_ACCESSIBLE_DESCRIPTION "accessible-description"

/* setlocale(), bindtextdomain(): $BELEDCI_LOCALEDIR (the build tree's po/) before LOCALEDIR. */
void         bel_i18n_init          (void);
const char  *bel_i18n_get_localedir (void);

BelLang      bel_i18n_get_language  (void);
/* Switches gettext to @lang and re-applies every bound string. */
void         bel_i18n_set_language  (BelLang      lang);

/* Sets @object's @property to the translation of @msgid now and after every language change,
 * for as long as @object lives. Mark @msgid with N_(). */
void         bel_i18n_bind          (gpointer     object,
                                     const char  *property,
                                     const char  *msgid);

/* "2026-11-28" → "28.11.2026"; NULL or malformed input gives NULL. */
char        *bel_format_date        (const char  *iso_date);
/* 3 → "3 ₼", 1.5 → "1,50 ₼" (decimal comma); 0 → the translation of "Free". */
char        *bel_format_fee         (double       azn);
/* Whole days from @iso_date to today; -1 if the date is malformed. */
int          bel_days_since         (const char  *iso_date);

G_END_DECLS
