/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Checks for practice mode, the kiosk's offline imitation of the portal's sign-in and
 * registration forms. Mistakes are the point of practising, so each check names the one
 * common mistake it found, and bel_practice_describe_*() explains it kindly in the current
 * language. No function here keeps, logs or echoes what was typed: explanations never quote
 * the input. */

/* The FİN code: 7 characters, Latin capital letters and digits. */
typedef enum {
  BEL_FIN_OK,
  BEL_FIN_EMPTY,
  BEL_FIN_CYRILLIC,      /* Russian letters that look Latin (А, В, Е, К, О...) */
  BEL_FIN_AZ_LETTER,     /* Ə, Ş, Ç, Ğ, Ö, Ü, İ, ı... */
  BEL_FIN_SPACE,         /* a space inside the code */
  BEL_FIN_OTHER_CHAR,    /* a dash, a dot, another sign */
  BEL_FIN_LOWER_CASE,
  BEL_FIN_TOO_SHORT,
  BEL_FIN_TOO_LONG,
  BEL_FIN_LETTER_O,      /* valid, but an O may be a zero: worth a second look */
} BelFinCheck;

#define BEL_FIN_LENGTH 7

/* Leading and trailing spaces are forgiven. */
BelFinCheck  bel_practice_check_fin         (const char  *text);
/* A kind explanation of @check in the current language; NULL for BEL_FIN_OK. @text is only
 * measured (how many characters were typed). */
char        *bel_practice_describe_fin      (BelFinCheck  check,
                                             const char  *text);
/* Whether @check is a hint (the code may be right) rather than a mistake. */
gboolean     bel_practice_fin_is_hint       (BelFinCheck  check);

/* A mobile number: +994, then an operator prefix and 7 digits. */
typedef enum {
  BEL_MOBILE_OK,
  BEL_MOBILE_EMPTY,
  BEL_MOBILE_NOT_DIGITS,
  BEL_MOBILE_OTHER_COUNTRY,
  BEL_MOBILE_TOO_SHORT,
  BEL_MOBILE_TOO_LONG,
  BEL_MOBILE_LANDLINE,       /* a home number: 12 (Baku), 18, 2x */
  BEL_MOBILE_UNKNOWN_PREFIX,
} BelMobileCheck;

/* The operator prefixes of Azerbaijani mobile numbers ("10", "50", ...), NULL-terminated. */
const char * const *bel_practice_mobile_prefixes (void);
/* Accepts "+994 50 123 45 67", "994501234567", "0501234567", "050-123-45-67", "50 123 45 67".
 * On BEL_MOBILE_OK, @out_national (may be NULL) receives the 9 national digits. */
BelMobileCheck  bel_practice_check_mobile    (const char      *text,
                                              char           **out_national);
char           *bel_practice_describe_mobile (BelMobileCheck   check);
/* What the number field shows while it is typed: "+994 50 123 45 67", grouped as far as the
 * digits go, whatever way the citizen starts (0..., 994..., +994...). Text that is not a number
 * yet ("0", "+") is returned as it is. */
char           *bel_practice_format_mobile   (const char      *typed);

/* The pretend SMS code: 6 random digits. */
#define BEL_SMS_CODE_LENGTH 6

typedef enum {
  BEL_SMS_OK,
  BEL_SMS_EMPTY,
  BEL_SMS_NOT_DIGITS,
  BEL_SMS_TOO_SHORT,
  BEL_SMS_TOO_LONG,
  BEL_SMS_SWAPPED,       /* two neighbouring digits swapped */
  BEL_SMS_ONE_WRONG,     /* one digit differs */
  BEL_SMS_WRONG,
} BelSmsCheck;

char        *bel_practice_new_sms_code      (void);
/* Spaces in @typed are forgiven. */
BelSmsCheck  bel_practice_check_sms_code    (const char  *expected,
                                             const char  *typed);
char        *bel_practice_describe_sms_code (BelSmsCheck  check);

/* Password advice: the portal's usual rules, explained rather than enforced. */
typedef enum {
  BEL_PASSWORD_SHORT     = 1 << 0,   /* fewer than 8 characters */
  BEL_PASSWORD_NO_UPPER  = 1 << 1,
  BEL_PASSWORD_NO_LOWER  = 1 << 2,
  BEL_PASSWORD_NO_DIGIT  = 1 << 3,
  BEL_PASSWORD_NON_LATIN = 1 << 4,   /* ə, ş, Cyrillic...: hard to type on another keyboard */
  BEL_PASSWORD_SPACE     = 1 << 5,
  BEL_PASSWORD_CAPS_LOCK = 1 << 6,   /* every letter capital: Caps Lock may be on */
} BelPasswordAdvice;

#define BEL_PASSWORD_MIN_LENGTH 8

BelPasswordAdvice  bel_practice_check_password    (const char        *password);
/* One translated sentence per piece of advice in @advice, NULL-terminated. */
GStrv              bel_practice_describe_password (BelPasswordAdvice  advice);
/* The rules, as shown beside the password field, NULL-terminated and translated. */
GStrv              bel_practice_password_rules    (void);
/* Every letter of @text is a capital and there are at least two: Caps Lock may be on. */
gboolean           bel_practice_caps_lock_suspected (const char      *text);

/* Signing in to the pretend account. */
typedef enum {
  BEL_SIGN_IN_OK,
  BEL_SIGN_IN_EMPTY,
  BEL_SIGN_IN_CAPS_LOCK,   /* right, but with capital and small letters swapped */
  BEL_SIGN_IN_WRONG,
} BelSignInCheck;

/* With @expected NULL (no practice account yet) any non-empty password is accepted. */
BelSignInCheck  bel_practice_check_sign_in    (const char     *expected,
                                               const char     *typed);
char           *bel_practice_describe_sign_in (BelSignInCheck  check);

/* Overwrites a string's bytes before freeing it, and sets the pointer to NULL. */
void            bel_practice_wipe_string      (char          **string);

G_END_DECLS
