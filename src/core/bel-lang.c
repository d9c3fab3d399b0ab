/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "bel-lang"

#include "bel-lang.h"

static const char *codes[BEL_N_LANGS] = { "az", "ru", "en" };
static const char *native_names[BEL_N_LANGS] = { "Azərbaycanca", "Русский", "English" };

const char *
bel_lang_to_code (BelLang lang)
{
  g_return_val_if_fail (lang < BEL_N_LANGS, "az");
  return codes[lang];
}

gboolean
bel_lang_from_code (const char *code,
                    BelLang    *out_lang)
{
  if (code == NULL)
    return FALSE;

  for (guint i = 0; i < BEL_N_LANGS; i++)
    {
      /* Accept locale names such as "ru_RU.UTF-8" as well as bare codes. */
      if (g_ascii_strncasecmp (code, codes[i], 2) == 0 &&
          (code[2] == '\0' || code[2] == '_' || code[2] == '-' || code[2] == '.'))
        {
          if (out_lang)
            *out_lang = i;
          return TRUE;
        }
    }
  return FALSE;
}

const char *
bel_lang_native_name (BelLang lang)
{
  g_return_val_if_fail (lang < BEL_N_LANGS, native_names[0]);
  return native_names[lang];
}

void
bel_text_clear (BelText *text)
{
  for (guint i = 0; i < BEL_N_LANGS; i++)
    g_clear_pointer (&text->text[i], g_free);
}

void
bel_text_copy_into (BelText       *dest,
                    const BelText *src)
{
  for (guint i = 0; i < BEL_N_LANGS; i++)
    {
      g_free (dest->text[i]);
      dest->text[i] = g_strdup (src->text[i]);
    }
}

/* Falls back to Azerbaijani, then to any language present, so a screen never shows a hole. */
const char *
bel_text_get (const BelText *text,
              BelLang        lang)
{
  if (text == NULL)
    return NULL;
  if (lang < BEL_N_LANGS && text->text[lang] && *text->text[lang])
    return text->text[lang];
  for (guint i = 0; i < BEL_N_LANGS; i++)
    if (text->text[i] && *text->text[i])
      return text->text[i];
  return NULL;
}

void
bel_text_lists_init (GStrv lists[BEL_N_LANGS])
{
  for (guint i = 0; i < BEL_N_LANGS; i++)
    lists[i] = g_new0 (char *, 1);
}

void
bel_text_lists_clear (GStrv lists[BEL_N_LANGS])
{
  for (guint i = 0; i < BEL_N_LANGS; i++)
    g_clear_pointer (&lists[i], g_strfreev);
}
