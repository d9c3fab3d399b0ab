/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "bel-fold"

#include "config.h"

#include <string.h>

#include "bel-fold.h"

/* What one character becomes in the skeleton. */
typedef enum {
  FOLD_SEPARATE,   /* ends the current word */
  FOLD_JOIN,       /* dropped without ending the word (apostrophes, combining marks) */
  FOLD_EMIT,       /* one to three ASCII characters */
} FoldKind;

/* ASCII: a lower-case letter or digit, 0 for a separator, 1 for a joiner. */
static const char ascii_fold[128] = {
  ['0'] = '0', ['1'] = '1', ['2'] = '2', ['3'] = '3', ['4'] = '4',
  ['5'] = '5', ['6'] = '6', ['7'] = '7', ['8'] = '8', ['9'] = '9',
  ['A'] = 'a', ['B'] = 'b', ['C'] = 'c', ['D'] = 'd', ['E'] = 'e', ['F'] = 'f', ['G'] = 'g',
  ['H'] = 'h', ['I'] = 'i', ['J'] = 'j', ['K'] = 'k', ['L'] = 'l', ['M'] = 'm', ['N'] = 'n',
  ['O'] = 'o', ['P'] = 'p', ['Q'] = 'q', ['R'] = 'r', ['S'] = 's', ['T'] = 't', ['U'] = 'u',
  ['V'] = 'v', ['W'] = 'w', ['X'] = 'x', ['Y'] = 'y', ['Z'] = 'z',
  ['a'] = 'a', ['b'] = 'b', ['c'] = 'c', ['d'] = 'd', ['e'] = 'e', ['f'] = 'f', ['g'] = 'g',
  ['h'] = 'h', ['i'] = 'i', ['j'] = 'j', ['k'] = 'k', ['l'] = 'l', ['m'] = 'm', ['n'] = 'n',
  ['o'] = 'o', ['p'] = 'p', ['q'] = 'q', ['r'] = 'r', ['s'] = 's', ['t'] = 't', ['u'] = 'u',
  ['v'] = 'v', ['w'] = 'w', ['x'] = 'x', ['y'] = 'y', ['z'] = 'z',
  ['\''] = 1, ['`'] = 1,
};

/* Cyrillic U+0430..U+044F (а..я) as Azerbaijani Latin spells them. Г is q: that is its
 * value in Azerbaijani Cyrillic, and Russian loan words are written with q in Latin too
 * ("reqistrasiya"). Ц is s for the same reason ("sement", "lisenziya"). */
static const char * const cyrillic_basic[32] = {
  "a", "b", "v", "q", "d", "e", "j", "z",     /* а б в г д е ж з */
  "i", "y", "k", "l", "m", "n", "o", "p",     /* и й к л м н о п */
  "r", "s", "t", "u", "f", "x", "s", "c",     /* р с т у ф х ц ч */
  "s", "s", "", "i", "", "e", "yu", "ya",     /* ш щ ъ ы ь э ю я */
};

/* Lower case for U+0400..U+04FF without a table lookup in GLib. */
static inline gunichar
cyrillic_tolower (gunichar c)
{
  if (c >= 0x0410 && c <= 0x042F)
    return c + 0x20;
  if (c <= 0x040F)
    return c + 0x50;
  if ((c >= 0x0460 && c <= 0x0481) || (c >= 0x048A && c <= 0x04BF) ||
      (c >= 0x04D0 && c <= 0x04FF))
    return c | 1;
  if (c >= 0x04C1 && c <= 0x04CE)
    return (c & 1) ? c + 1 : c;
  if (c == 0x04C0)
    return 0x04CF;
  return c;
}

static FoldKind
fold_cyrillic (gunichar    lower,
               const char **out)
{
  if (lower >= 0x430 && lower <= 0x44F)
    {
      *out = cyrillic_basic[lower - 0x430];
      return **out ? FOLD_EMIT : FOLD_JOIN;
    }

  switch (lower)
    {
    case 0x451: *out = "yo"; return FOLD_EMIT;   /* ё */
    case 0x4D9: *out = "e"; return FOLD_EMIT;    /* ә */
    case 0x493: *out = "g"; return FOLD_EMIT;    /* ғ */
    case 0x49D: *out = "g"; return FOLD_EMIT;    /* ҝ (Azerbaijani g) */
    case 0x4BB: *out = "h"; return FOLD_EMIT;    /* һ */
    case 0x4B9: *out = "c"; return FOLD_EMIT;    /* ҹ (Azerbaijani c) */
    case 0x4BF: *out = "c"; return FOLD_EMIT;    /* ҿ */
    case 0x4E9: *out = "o"; return FOLD_EMIT;    /* ө */
    case 0x4AF: *out = "u"; return FOLD_EMIT;    /* ү */
    case 0x4B1: *out = "u"; return FOLD_EMIT;    /* ұ */
    case 0x458: *out = "y"; return FOLD_EMIT;    /* ј */
    case 0x456: *out = "i"; return FOLD_EMIT;    /* і */
    case 0x457: *out = "yi"; return FOLD_EMIT;   /* ї */
    case 0x454: *out = "ye"; return FOLD_EMIT;   /* є */
    case 0x491: *out = "g"; return FOLD_EMIT;    /* ґ */
    case 0x45E: *out = "u"; return FOLD_EMIT;    /* ў */
    case 0x49B: *out = "q"; return FOLD_EMIT;    /* қ */
    case 0x4A3: *out = "n"; return FOLD_EMIT;    /* ң */
    case 0x452: *out = "d"; return FOLD_EMIT;    /* ђ */
    case 0x45B: *out = "c"; return FOLD_EMIT;    /* ћ */
    case 0x453: *out = "q"; return FOLD_EMIT;    /* ѓ */
    case 0x45C: *out = "k"; return FOLD_EMIT;    /* ќ */
    case 0x455: *out = "dz"; return FOLD_EMIT;   /* ѕ */
    case 0x459: *out = "l"; return FOLD_EMIT;    /* љ */
    case 0x45A: *out = "n"; return FOLD_EMIT;    /* њ */
    case 0x45F: *out = "c"; return FOLD_EMIT;    /* џ */
    case 0x450: *out = "e"; return FOLD_EMIT;    /* ѐ */
    case 0x45D: *out = "i"; return FOLD_EMIT;    /* ѝ */
    default: break;
    }

  *out = NULL;
  return FOLD_SEPARATE;
}

/* Latin letters that do not decompose into a base letter plus marks. */
static const char *
fold_latin_special (gunichar c)
{
  switch (c)
    {
    case 0x0259: case 0x018F:   /* ə Ə */
    case 0x01DD: case 0x018E:   /* ǝ Ǝ, often typed for ə */
      return "e";
    case 0x0131: case 0x0130:   /* ı İ */
      return "i";
    case 0x00DF: case 0x1E9E:   /* ß ẞ */
      return "ss";
    case 0x00E6: case 0x00C6:   /* æ Æ */
      return "ae";
    case 0x0153: case 0x0152:   /* œ Œ */
      return "oe";
    case 0x00F8: case 0x00D8:   /* ø Ø */
      return "o";
    case 0x0111: case 0x0110: case 0x00F0: case 0x00D0:   /* đ Đ ð Ð */
      return "d";
    case 0x0142: case 0x0141:   /* ł Ł */
      return "l";
    case 0x00FE: case 0x00DE:   /* þ Þ */
      return "th";
    case 0x0127: case 0x0126:   /* ħ Ħ */
      return "h";
    case 0x0167: case 0x0166:   /* ŧ Ŧ */
      return "t";
    case 0x014B: case 0x014A:   /* ŋ Ŋ */
      return "n";
    case 0x0133: case 0x0132:   /* ĳ Ĳ */
      return "ij";
    case 0x017F:                /* ſ */
      return "s";
    case 0x0138:                /* ĸ */
      return "k";
    default:
      return NULL;
    }
}

static FoldKind
fold_char (gunichar     c,
           char         buf[8],
           const char **out)
{
  const char *special;

  /* Joiners: apostrophes and invisible characters inside words. */
  switch (c)
    {
    case 0x00AD: case 0x00B4: case 0x02B9: case 0x02BB: case 0x02BC: case 0x02BE:
    case 0x2018: case 0x2019: case 0x201B: case 0x2032:
    case 0x200B: case 0x200C: case 0x200D: case 0x2060: case 0xFEFF:
      return FOLD_JOIN;
    default:
      break;
    }

  if (c >= 0x0300 && c <= 0x036F)
    return FOLD_JOIN;

  if (c >= 0x0400 && c <= 0x04FF)
    return fold_cyrillic (cyrillic_tolower (c), out);

  special = fold_latin_special (c);
  if (special != NULL)
    {
      *out = special;
      return FOLD_EMIT;
    }

  if ((c >= 0x00C0 && c <= 0x024F) || (c >= 0x1E00 && c <= 0x1EFF))
    {
      gunichar decomposed[G_UNICHAR_MAX_DECOMPOSITION_LENGTH];
      gsize n = g_unichar_fully_decompose (c, FALSE, decomposed, G_N_ELEMENTS (decomposed));

      if (n > 0 && decomposed[0] < 128 && ascii_fold[decomposed[0]] > 1)
        {
          buf[0] = ascii_fold[decomposed[0]];
          buf[1] = '\0';
          *out = buf;
          return FOLD_EMIT;
        }
      return FOLD_SEPARATE;
    }

  /* Full-width Latin and digits, as some phone keyboards produce. */
  if (c >= 0xFF10 && c <= 0xFF5A)
    {
      gunichar ascii = c - 0xFF10 + '0';

      if (ascii_fold[ascii] > 1)
        {
          buf[0] = ascii_fold[ascii];
          buf[1] = '\0';
          *out = buf;
          return FOLD_EMIT;
        }
      return FOLD_SEPARATE;
    }

  switch (g_unichar_type (c))
    {
    case G_UNICODE_DECIMAL_NUMBER:
      {
        int value = g_unichar_digit_value (c);

        if (value < 0)
          return FOLD_SEPARATE;
        buf[0] = (char) ('0' + value);
        buf[1] = '\0';
        *out = buf;
        return FOLD_EMIT;
      }
    case G_UNICODE_NON_SPACING_MARK:
    case G_UNICODE_ENCLOSING_MARK:
    case G_UNICODE_FORMAT:
      return FOLD_JOIN;
    default:
      return FOLD_SEPARATE;
    }
}

/* Decodes one UTF-8 character at @p (at most @avail bytes). Returns its length, or 0 for an
 * invalid or truncated sequence (the caller then skips one byte). */
static inline guint
decode_utf8 (const guchar *p,
             gsize         avail,
             gunichar     *out)
{
  guchar b0 = p[0];
  gunichar c;
  guint len, i;

  if (b0 < 0x80)
    {
      *out = b0;
      return 1;
    }
  else if (b0 >= 0xC2 && b0 <= 0xDF)
    {
      len = 2;
      c = b0 & 0x1F;
    }
  else if (b0 >= 0xE0 && b0 <= 0xEF)
    {
      len = 3;
      c = b0 & 0x0F;
    }
  else if (b0 >= 0xF0 && b0 <= 0xF4)
    {
      len = 4;
      c = b0 & 0x07;
    }
  else
    return 0;

  if (avail < len)
    return 0;
  for (i = 1; i < len; i++)
    {
      if ((p[i] & 0xC0) != 0x80)
        return 0;
      c = (c << 6) | (p[i] & 0x3F);
    }

  /* Overlong forms, surrogates and values beyond Unicode. */
  if ((len == 3 && c < 0x800) || (len == 4 && (c < 0x10000 || c > 0x10FFFF)) ||
      (c >= 0xD800 && c <= 0xDFFF))
    return 0;

  *out = c;
  return len;
}

/* Every two-byte UTF-8 character (U+0080..U+07FF: Latin letters with diacritics, Cyrillic),
 * folded once, as these make up most Azerbaijani and Russian text. */
typedef struct {
  guint8 kind;
  char   text[7];
} FoldEntry;

static FoldEntry two_byte_table[0x800 - 0x80];

static void
init_two_byte_table (void)
{
  static gsize initialized = 0;

  if (g_once_init_enter (&initialized))
    {
      for (gunichar c = 0x80; c < 0x800; c++)
        {
          FoldEntry *entry = &two_byte_table[c - 0x80];
          const char *emit = NULL;
          char buf[8];

          entry->kind = fold_char (c, buf, &emit);
          if (entry->kind == FOLD_EMIT)
            g_strlcpy (entry->text, emit, sizeof entry->text);
        }
      g_once_init_leave (&initialized, 1);
    }
}

gsize
bel_fold_into (const char *text,
               gsize       len,
               char       *result)
{
  const guchar *p = (const guchar *) text, *end = p + len;
  char *out = result;
  char *word_start = result;
  gboolean pending_space = FALSE;

  init_two_byte_table ();

  while (p < end)
    {
      const char *emit;
      char buf[8];
      FoldKind kind;

      if (*p < 0x80)
        {
          char a = ascii_fold[*p];

          p++;
          if (a == 0)
            {
              pending_space = TRUE;
              continue;
            }
          if (a == 1)
            continue;
          buf[0] = a;
          buf[1] = '\0';
          emit = buf;
        }
      else if (p[0] >= 0xC2 && p[0] <= 0xDF && p + 1 < end && (p[1] & 0xC0) == 0x80)
        {
          const FoldEntry *entry = &two_byte_table[(((p[0] & 0x1F) << 6) | (p[1] & 0x3F)) - 0x80];

          p += 2;
          if (entry->kind == FOLD_SEPARATE)
            {
              pending_space = TRUE;
              continue;
            }
          if (entry->kind == FOLD_JOIN)
            continue;
          emit = entry->text;
        }
      else
        {
          gunichar c;
          guint n = decode_utf8 (p, end - p, &c);

          if (n == 0)
            {
              p++;
              pending_space = TRUE;
              continue;
            }
          p += n;
          kind = fold_char (c, buf, &emit);
          if (kind == FOLD_SEPARATE)
            {
              pending_space = TRUE;
              continue;
            }
          if (kind == FOLD_JOIN)
            continue;
        }

      if (pending_space)
        {
          if (out > result)
            *out++ = ' ';
          word_start = out;
          pending_space = FALSE;
        }

      for (; *emit != '\0'; emit++)
        {
          /* sh → s, ch → c, gh → g: the ways ş, ç and ğ are typed on a keyboard without
           * them. Applied to every text, so both sides of a match agree. */
          if (*emit == 'h' && out > word_start &&
              (out[-1] == 's' || out[-1] == 'c' || out[-1] == 'g'))
            continue;
          *out++ = *emit;
        }
    }

  *out = '\0';
  return out - result;
}

char *
bel_fold (const char *text,
          gssize      len)
{
  char *result;

  if (text == NULL)
    return g_strdup ("");
  if (len < 0)
    len = strlen (text);

  result = g_malloc (BEL_FOLD_MAX_SIZE (len));
  bel_fold_into (text, len, result);
  return result;
}

char *
bel_az_strdown (const char *text)
{
  g_autofree char *valid = NULL;
  GString *out;
  const char *p;

  if (text == NULL)
    return g_strdup ("");

  valid = g_utf8_make_valid (text, -1);
  out = g_string_sized_new (strlen (valid) + 8);

  for (p = valid; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (c == 'I')
        {
          const char *next = g_utf8_next_char (p);

          /* "I" followed by a combining dot above is a decomposed "İ". */
          if (g_utf8_get_char (next) == 0x0307)
            {
              g_string_append_c (out, 'i');
              p = next;
            }
          else
            g_string_append_unichar (out, 0x0131);
        }
      else if (c == 0x0130)
        g_string_append_c (out, 'i');
      else
        g_string_append_unichar (out, g_unichar_tolower (c));
    }

  return g_string_free (out, FALSE);
}

/* Collation. A key is the primary weights (one byte per alphabet letter, collapsed separators,
 * digits), a terminator, then the original text to break ties deterministically. */

#define KEY_END        0x01
#define KEY_SEPARATOR  0x02
#define KEY_DIGIT      0x10   /* 0x10..0x19 */
#define KEY_LETTER     0x20   /* 0x20.. alphabet ranks */
#define KEY_OTHER      0xF0   /* followed by the code point in three bytes */

static const gunichar az_alphabet[] = {
  'a', 'b', 'c', 0x00E7, 'd', 'e', 0x0259, 'f', 'g', 0x011F, 'h', 'x', 0x0131, 'i', 'j',
  'k', 'q', 'l', 'm', 'n', 'o', 0x00F6, 'p', 'r', 's', 0x015F, 't', 'u', 0x00FC, 'v', 'w',
  'y', 'z', 0
};

static const gunichar ru_alphabet[] = {
  'a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i', 'j', 'k', 'l', 'm', 'n', 'o', 'p', 'q', 'r',
  's', 't', 'u', 'v', 'w', 'x', 'y', 'z',
  0x430, 0x431, 0x432, 0x433, 0x434, 0x435, 0x451, 0x436, 0x437, 0x438, 0x439, 0x43A,
  0x43B, 0x43C, 0x43D, 0x43E, 0x43F, 0x440, 0x441, 0x442, 0x443, 0x444, 0x445, 0x446,
  0x447, 0x448, 0x449, 0x44A, 0x44B, 0x44C, 0x44D, 0x44E, 0x44F, 0
};

static const gunichar en_alphabet[] = {
  'a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i', 'j', 'k', 'l', 'm', 'n', 'o', 'p', 'q', 'r',
  's', 't', 'u', 'v', 'w', 'x', 'y', 'z', 0
};

static int
alphabet_rank (const gunichar *alphabet,
               gunichar        c)
{
  for (int i = 0; alphabet[i] != 0; i++)
    if (alphabet[i] == c)
      return i;
  return -1;
}

char *
bel_collate_key (const char *text,
                 BelLang     lang)
{
  g_autofree char *valid = NULL;
  const gunichar *alphabet;
  gboolean pending_separator = FALSE;
  GString *key;
  const char *p;

  if (text == NULL)
    text = "";

  switch (lang)
    {
    case BEL_LANG_AZ:
      alphabet = az_alphabet;
      break;
    case BEL_LANG_RU:
      alphabet = ru_alphabet;
      break;
    case BEL_LANG_EN:
    case BEL_N_LANGS:
    default:
      alphabet = en_alphabet;
      break;
    }

  valid = g_utf8_make_valid (text, -1);
  key = g_string_sized_new (strlen (valid) * 2 + 4);

  for (p = valid; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);
      int rank;

      if (lang == BEL_LANG_AZ && c == 'I')
        c = 0x0131;
      else if (lang == BEL_LANG_AZ && c == 0x0130)
        c = 'i';
      else
        c = g_unichar_tolower (c);

      if (g_unichar_ismark (c) || c == 0x00AD || c == 0x200B || c == 0xFEFF)
        continue;
      if (!g_unichar_isalnum (c))
        {
          pending_separator = key->len > 0;
          continue;
        }
      if (pending_separator)
        {
          g_string_append_c (key, KEY_SEPARATOR);
          pending_separator = FALSE;
        }

      if (g_unichar_isdigit (c) && g_unichar_digit_value (c) >= 0)
        {
          g_string_append_c (key, (char) (KEY_DIGIT + g_unichar_digit_value (c)));
          continue;
        }

      rank = alphabet_rank (alphabet, c);
      if (rank < 0)
        {
          /* A letter with a diacritic the alphabet lacks sorts as its base letter. */
          gunichar decomposed[G_UNICHAR_MAX_DECOMPOSITION_LENGTH];
          gsize n = g_unichar_fully_decompose (c, FALSE, decomposed, G_N_ELEMENTS (decomposed));

          if (n > 1)
            rank = alphabet_rank (alphabet, decomposed[0]);
          if (rank < 0 && c == 0x0131)
            rank = alphabet_rank (alphabet, 'i');
          if (rank < 0 && c == 0x0259)
            rank = alphabet_rank (alphabet, 'e');
        }

      if (rank >= 0)
        g_string_append_c (key, (char) (KEY_LETTER + rank));
      else
        {
          g_string_append_c (key, (char) KEY_OTHER);
          g_string_append_c (key, (char) (0x80 | ((c >> 14) & 0x7F)));
          g_string_append_c (key, (char) (0x80 | ((c >> 7) & 0x7F)));
          g_string_append_c (key, (char) (0x80 | (c & 0x7F)));
        }
    }

  g_string_append_c (key, KEY_END);
  g_string_append (key, valid);
  return g_string_free (key, FALSE);
}

int
bel_collate (BelLang     lang,
             const char *a,
             const char *b)
{
  g_autofree char *key_a = NULL;
  g_autofree char *key_b = NULL;
  int cmp;

  if (a == b)
    return 0;
  if (a == NULL)
    return -1;
  if (b == NULL)
    return 1;

  key_a = bel_collate_key (a, lang);
  key_b = bel_collate_key (b, lang);
  cmp = strcmp (key_a, key_b);
  return cmp < 0 ? -1 : cmp > 0 ? 1 : 0;
}
