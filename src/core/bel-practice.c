/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "bel-practice"

#include "config.h"

#include "bel-practice.h"

#include <glib/gi18n-lib.h>
#include <sodium.h>
#include <string.h>

static const char *mobile_prefixes[] = { "10", "50", "51", "55", "60", "70", "77", "99", NULL };

const char * const *
bel_practice_mobile_prefixes (void)
{
  return mobile_prefixes;
}

/* Copies of what the citizen typed are wiped before they are freed. */
typedef char WipedString;

static void
wiped_string_free (WipedString *string)
{
  bel_practice_wipe_string (&string);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (WipedString, wiped_string_free)

static void
wiped_gstring_free (GString *string)
{
  sodium_memzero (string->str, string->allocated_len);
  g_string_free (string, TRUE);
}

typedef GString WipedGString;
G_DEFINE_AUTOPTR_CLEANUP_FUNC (WipedGString, wiped_gstring_free)

static char *
trimmed (const char *text)
{
  return g_strstrip (g_strdup (text ? text : ""));
}

/* FİN */

BelFinCheck
bel_practice_check_fin (const char *text)
{
  g_autoptr(WipedString) code = trimmed (text);
  gboolean cyrillic = FALSE, az_letter = FALSE, space = FALSE, other = FALSE;
  gboolean lower = FALSE, letter_o = FALSE;
  glong len;

  if (!g_utf8_validate (code, -1, NULL))
    return BEL_FIN_OTHER_CHAR;
  if (*code == '\0')
    return BEL_FIN_EMPTY;

  for (const char *p = code; *p; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (c < 0x80)
        {
          if (c == ' ')
            space = TRUE;
          else if (c >= 'a' && c <= 'z')
            lower = TRUE;
          else if (c == 'O')
            letter_o = TRUE;
          else if (!g_ascii_isalnum (c))
            other = TRUE;
        }
      else if (g_unichar_get_script (c) == G_UNICODE_SCRIPT_CYRILLIC)
        cyrillic = TRUE;
      else if (g_unichar_isalpha (c))
        az_letter = TRUE;
      else if (g_unichar_isspace (c))
        space = TRUE;
      else
        other = TRUE;
    }

  /* One mistake at a time, the one that explains the most first. */
  if (cyrillic)
    return BEL_FIN_CYRILLIC;
  if (az_letter)
    return BEL_FIN_AZ_LETTER;
  if (space)
    return BEL_FIN_SPACE;
  if (other)
    return BEL_FIN_OTHER_CHAR;
  if (lower)
    return BEL_FIN_LOWER_CASE;
  len = g_utf8_strlen (code, -1);
  if (len < BEL_FIN_LENGTH)
    return BEL_FIN_TOO_SHORT;
  if (len > BEL_FIN_LENGTH)
    return BEL_FIN_TOO_LONG;
  if (letter_o)
    return BEL_FIN_LETTER_O;
  return BEL_FIN_OK;
}

gboolean
bel_practice_fin_is_hint (BelFinCheck check)
{
  return check == BEL_FIN_LETTER_O;
}

char *
bel_practice_describe_fin (BelFinCheck  check,
                           const char  *text)
{
  g_autoptr(WipedString) code = trimmed (text);
  guint len = g_utf8_validate (code, -1, NULL) ? (guint)g_utf8_strlen (code, -1) : 0;
  char *description = NULL;

  switch (check)
    {
    case BEL_FIN_OK:
      break;
    case BEL_FIN_EMPTY:
      description = g_strdup (_("Type the 7 characters of your FİN code. You will find it on "
                                "your ID card."));
      break;
    case BEL_FIN_CYRILLIC:
      description = g_strdup (_("Some letters are Russian (Cyrillic) letters that only look like "
                                "Latin ones. Switch the keyboard to Latin letters (AZ) and type "
                                "them again."));
      break;
    case BEL_FIN_AZ_LETTER:
      description = g_strdup (_("The FİN code uses only the letters A to Z, without Ə, Ş, Ç, Ğ, "
                                "Ö, Ü or İ. Look at your card again."));
      break;
    case BEL_FIN_SPACE:
      description = g_strdup (_("Type the FİN code without spaces: all 7 characters together."));
      break;
    case BEL_FIN_OTHER_CHAR:
      description = g_strdup (_("The FİN code has only letters and digits, with no dashes, dots "
                                "or other signs."));
      break;
    case BEL_FIN_LOWER_CASE:
      description = g_strdup (_("Use capital letters: the FİN code is written in capitals on the "
                                "card. Press ⇧ on the keyboard to type a capital letter."));
      break;
    case BEL_FIN_TOO_SHORT:
      description = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                  "You typed %u character, but the FİN code has "
                                                  "7. Check that none is missing.",
                                                  "You typed %u characters, but the FİN code has "
                                                  "7. Check that none is missing.", len), len);
      break;
    case BEL_FIN_TOO_LONG:
      description = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                  "You typed %u character, but the FİN code has "
                                                  "7. Check for an extra one.",
                                                  "You typed %u characters, but the FİN code has "
                                                  "7. Check for an extra one.", len), len);
      break;
    case BEL_FIN_LETTER_O:
      description = g_strdup (_("Your code has the letter O. On the card, the digit 0 (zero) "
                                "looks almost the same. Look again: if it is a zero, type 0. If "
                                "it really is the letter O, press Next again."));
      break;
    default:
      g_assert_not_reached ();
    }
  return description;
}

/* Mobile numbers */

/* The national digits of @text (after +994 or a leading 0), or NULL when it is no number at
 * all. @out_foreign is set when it starts with + and another country code. */
static char *
national_digits (const char *text,
                 gboolean   *out_plus,
                 gboolean   *out_foreign,
                 gboolean   *out_junk)
{
  g_autoptr(WipedGString) digits = g_string_new (NULL);
  g_autoptr(WipedString) t = trimmed (text);
  const char *national;
  gboolean plus = t[0] == '+';

  *out_foreign = FALSE;
  *out_junk = FALSE;
  for (const char *p = plus ? t + 1 : t; *p; p++)
    {
      if (g_ascii_isdigit (*p))
        g_string_append_c (digits, *p);
      else if (*p != ' ' && *p != '-' && *p != '.' && *p != '(' && *p != ')')
        *out_junk = TRUE;
    }
  *out_plus = plus;

  national = digits->str;
  if (plus)
    {
      if (!g_str_has_prefix (national, "994"))
        {
          *out_foreign = digits->len >= 3 || !g_str_has_prefix ("994", national);
          return g_strdup ("");
        }
      national += 3;
    }
  else if (g_str_has_prefix (national, "00994"))
    national += 5;
  else if (g_str_has_prefix (national, "994") && digits->len > 9)
    national += 3;
  else if (national[0] == '0')
    national += 1;

  /* "+994 050..." and country codes typed again into a field that already shows +994. */
  if (national[0] == '0')
    national += 1;
  if (g_str_has_prefix (national, "994") && strlen (national) > 9)
    national += 3;

  return g_strdup (national);
}

BelMobileCheck
bel_practice_check_mobile (const char  *text,
                           char       **out_national)
{
  g_autoptr(WipedString) t = trimmed (text);
  g_autoptr(WipedString) national = NULL;
  gboolean plus, foreign, junk;
  gsize len;

  if (out_national)
    *out_national = NULL;
  if (*t == '\0')
    return BEL_MOBILE_EMPTY;

  national = national_digits (t, &plus, &foreign, &junk);
  if (junk)
    return BEL_MOBILE_NOT_DIGITS;
  if (foreign)
    return BEL_MOBILE_OTHER_COUNTRY;
  len = strlen (national);
  if (len < 9)
    return BEL_MOBILE_TOO_SHORT;
  if (len > 9)
    return BEL_MOBILE_TOO_LONG;
  if (national[0] == '1' || national[0] == '2')
    {
      gboolean mobile = FALSE;
      for (guint i = 0; mobile_prefixes[i]; i++)
        mobile |= strncmp (national, mobile_prefixes[i], 2) == 0;
      if (!mobile)
        return BEL_MOBILE_LANDLINE;
    }
  for (guint i = 0; mobile_prefixes[i]; i++)
    if (strncmp (national, mobile_prefixes[i], 2) == 0)
      {
        if (out_national)
          *out_national = g_steal_pointer (&national);
        return BEL_MOBILE_OK;
      }
  return BEL_MOBILE_UNKNOWN_PREFIX;
}

char *
bel_practice_describe_mobile (BelMobileCheck check)
{
  switch (check)
    {
    case BEL_MOBILE_OK:
      return NULL;
    case BEL_MOBILE_EMPTY:
      return g_strdup (_("Type your mobile number, for example 050 123 45 67."));
    case BEL_MOBILE_NOT_DIGITS:
      return g_strdup (_("A phone number has only digits. Please type digits only."));
    case BEL_MOBILE_OTHER_COUNTRY:
      return g_strdup (_("This is not an Azerbaijani number. The portal needs a number that "
                         "starts with +994."));
    case BEL_MOBILE_TOO_SHORT:
      return g_strdup (_("The number is too short. A mobile number has 9 digits after +994, for "
                         "example 50 123 45 67."));
    case BEL_MOBILE_TOO_LONG:
      return g_strdup (_("The number is too long. A mobile number has 9 digits after +994, for "
                         "example 50 123 45 67."));
    case BEL_MOBILE_LANDLINE:
      return g_strdup (_("This looks like a home (landline) number. The portal sends an SMS, so "
                         "it needs a mobile number."));
    case BEL_MOBILE_UNKNOWN_PREFIX:
      {
        g_autofree char *list = g_strjoinv (", ", (char **)mobile_prefixes);
        /* TRANSLATORS: %s is a list of two-digit operator prefixes: "10, 50, 51, ...". */
        return g_strdup_printf (_("After +994, Azerbaijani mobile numbers start with one of "
                                  "%s. Check the first two digits."), list);
      }
    default:
      g_assert_not_reached ();
    }
}

char *
bel_practice_format_mobile (const char *typed)
{
  g_autoptr(WipedString) t = trimmed (typed);
  g_autoptr(WipedString) national = NULL;
  g_autoptr(GString) out = NULL;
  static const guint groups[] = { 2, 3, 2, 2 };
  gboolean plus, foreign, junk;
  const char *p;

  national = national_digits (t, &plus, &foreign, &junk);
  if (foreign || *national == '\0')
    return g_steal_pointer (&t);

  out = g_string_new ("+994");
  p = national;
  for (guint g = 0; *p && g < G_N_ELEMENTS (groups); g++)
    {
      g_string_append_c (out, ' ');
      for (guint i = 0; *p && i < groups[g]; i++)
        g_string_append_c (out, *p++);
    }
  /* Extra digits stay visible, so the citizen sees the number is too long. */
  if (*p)
    g_string_append_printf (out, " %s", p);

  return g_string_free (g_steal_pointer (&out), FALSE);
}

/* SMS code */

char *
bel_practice_new_sms_code (void)
{
  char *code = g_malloc (BEL_SMS_CODE_LENGTH + 1);

  for (guint i = 0; i < BEL_SMS_CODE_LENGTH; i++)
    code[i] = '0' + g_random_int_range (0, 10);
  code[BEL_SMS_CODE_LENGTH] = '\0';
  return code;
}

BelSmsCheck
bel_practice_check_sms_code (const char *expected,
                             const char *typed)
{
  g_autoptr(WipedGString) digits = g_string_new (NULL);
  BelSmsCheck check;
  guint differ = 0;

  g_return_val_if_fail (expected != NULL, BEL_SMS_WRONG);

  for (const char *p = typed ? typed : ""; *p; p++)
    {
      if (*p == ' ')
        continue;
      if (!g_ascii_isdigit (*p))
        return BEL_SMS_NOT_DIGITS;
      g_string_append_c (digits, *p);
    }

  if (digits->len == 0)
    return BEL_SMS_EMPTY;
  if (digits->len < strlen (expected))
    check = BEL_SMS_TOO_SHORT;
  else if (digits->len > strlen (expected))
    check = BEL_SMS_TOO_LONG;
  else
    {
      for (gsize i = 0; i < digits->len; i++)
        differ += digits->str[i] != expected[i];

      if (differ == 0)
        check = BEL_SMS_OK;
      else if (differ == 1)
        check = BEL_SMS_ONE_WRONG;
      else
        {
          check = BEL_SMS_WRONG;
          if (differ == 2)
            for (gsize i = 0; i + 1 < digits->len; i++)
              if (digits->str[i] != expected[i])
                {
                  if (digits->str[i] == expected[i + 1] && digits->str[i + 1] == expected[i])
                    check = BEL_SMS_SWAPPED;
                  break;
                }
        }
    }

  return check;
}

char *
bel_practice_describe_sms_code (BelSmsCheck check)
{
  switch (check)
    {
    case BEL_SMS_OK:
      return NULL;
    case BEL_SMS_EMPTY:
      return g_strdup (_("Type the 6 digits of the code that came by SMS."));
    case BEL_SMS_NOT_DIGITS:
      return g_strdup (_("The SMS code has only digits."));
    case BEL_SMS_TOO_SHORT:
      return g_strdup (_("A digit is missing: the code has 6 digits."));
    case BEL_SMS_TOO_LONG:
      return g_strdup (_("There is an extra digit: the code has 6 digits."));
    case BEL_SMS_SWAPPED:
      return g_strdup (_("Two digits are swapped. Look at the code on the phone again, digit by "
                         "digit."));
    case BEL_SMS_ONE_WRONG:
      return g_strdup (_("One digit is different. Look at the code on the phone again, digit by "
                         "digit."));
    case BEL_SMS_WRONG:
      return g_strdup (_("This is not the code that was sent. Look at the newest SMS on the "
                         "phone."));
    default:
      g_assert_not_reached ();
    }
}

/* Passwords */

gboolean
bel_practice_caps_lock_suspected (const char *text)
{
  guint upper = 0;

  if (text == NULL || !g_utf8_validate (text, -1, NULL))
    return FALSE;
  for (const char *p = text; *p; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (g_unichar_islower (c))
        return FALSE;
      if (g_unichar_isupper (c))
        upper++;
    }
  return upper >= 2;
}

BelPasswordAdvice
bel_practice_check_password (const char *password)
{
  BelPasswordAdvice advice = 0;
  gboolean upper = FALSE, lower = FALSE, digit = FALSE;

  if (password == NULL || !g_utf8_validate (password, -1, NULL))
    password = "";

  for (const char *p = password; *p; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (c >= 'A' && c <= 'Z')
        upper = TRUE;
      else if (c >= 'a' && c <= 'z')
        lower = TRUE;
      else if (c >= '0' && c <= '9')
        digit = TRUE;
      else if (g_unichar_isspace (c))
        advice |= BEL_PASSWORD_SPACE;
      else if (g_unichar_isalpha (c))
        advice |= BEL_PASSWORD_NON_LATIN;
    }

  if (g_utf8_strlen (password, -1) < BEL_PASSWORD_MIN_LENGTH)
    advice |= BEL_PASSWORD_SHORT;
  if (bel_practice_caps_lock_suspected (password))
    advice |= BEL_PASSWORD_CAPS_LOCK;
  else if (!upper)
    advice |= BEL_PASSWORD_NO_UPPER;
  if (!lower && !(advice & BEL_PASSWORD_CAPS_LOCK))
    advice |= BEL_PASSWORD_NO_LOWER;
  if (!digit)
    advice |= BEL_PASSWORD_NO_DIGIT;
  return advice;
}

GStrv
bel_practice_describe_password (BelPasswordAdvice advice)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();

  if (advice & BEL_PASSWORD_CAPS_LOCK)
    g_strv_builder_add (builder, _("All the letters are capitals. Is Caps Lock on? Passwords "
                                   "care about capital and small letters."));
  if (advice & BEL_PASSWORD_SHORT)
    g_strv_builder_add (builder, _("Use at least 8 characters: a longer password is harder to "
                                   "guess."));
  if (advice & BEL_PASSWORD_NO_UPPER)
    g_strv_builder_add (builder, _("Add a capital letter (press ⇧ first)."));
  if (advice & BEL_PASSWORD_NO_LOWER)
    g_strv_builder_add (builder, _("Add a small letter."));
  if (advice & BEL_PASSWORD_NO_DIGIT)
    g_strv_builder_add (builder, _("Add a digit."));
  if (advice & BEL_PASSWORD_NON_LATIN)
    g_strv_builder_add (builder, _("Use Latin letters without ə, ş, ç, ğ, ö, ü or ı: you may "
                                   "have to type the password on another phone or computer."));
  if (advice & BEL_PASSWORD_SPACE)
    g_strv_builder_add (builder, _("Leave out spaces: they are easy to miss when typing."));
  return g_strv_builder_end (builder);
}

GStrv
bel_practice_password_rules (void)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();

  g_strv_builder_add (builder, _("At least 8 characters"));
  g_strv_builder_add (builder, _("Capital and small Latin letters"));
  g_strv_builder_add (builder, _("At least one digit"));
  g_strv_builder_add (builder, _("Easy for you to remember, hard for others to guess: not your "
                                 "name or your birth date"));
  return g_strv_builder_end (builder);
}

static char *
swap_case (const char *text)
{
  GString *out = g_string_new (NULL);

  for (const char *p = text; *p; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (g_unichar_isupper (c))
        c = g_unichar_tolower (c);
      else if (g_unichar_islower (c))
        c = g_unichar_toupper (c);
      g_string_append_unichar (out, c);
    }
  return g_string_free (out, FALSE);
}

BelSignInCheck
bel_practice_check_sign_in (const char *expected,
                            const char *typed)
{
  char *swapped;
  gboolean caps;

  if (typed == NULL || *typed == '\0')
    return BEL_SIGN_IN_EMPTY;
  if (expected == NULL)
    return BEL_SIGN_IN_OK;
  if (g_str_equal (expected, typed))
    return BEL_SIGN_IN_OK;
  if (!g_utf8_validate (typed, -1, NULL))
    return BEL_SIGN_IN_WRONG;

  swapped = swap_case (typed);
  caps = g_str_equal (swapped, expected);
  bel_practice_wipe_string (&swapped);
  return caps ? BEL_SIGN_IN_CAPS_LOCK : BEL_SIGN_IN_WRONG;
}

char *
bel_practice_describe_sign_in (BelSignInCheck check)
{
  switch (check)
    {
    case BEL_SIGN_IN_OK:
      return NULL;
    case BEL_SIGN_IN_EMPTY:
      return g_strdup (_("Type your password."));
    case BEL_SIGN_IN_CAPS_LOCK:
      return g_strdup (_("The password is right, but its capital and small letters are swapped. "
                         "Caps Lock is probably on: press it once and type the password again."));
    case BEL_SIGN_IN_WRONG:
      return g_strdup (_("The password is not right. Type it again, slowly. Passwords care about "
                         "capital and small letters."));
    default:
      g_assert_not_reached ();
    }
}

void
bel_practice_wipe_string (char **string)
{
  g_return_if_fail (string != NULL);

  if (*string == NULL)
    return;
  sodium_memzero (*string, strlen (*string));
  g_clear_pointer (string, g_free);
}
