/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "bel-minisign"

#include "bel-minisign.h"

#include <string.h>
#include <sodium.h>

G_DEFINE_QUARK (bel-minisign-error-quark, bel_minisign_error)

/* Byte layouts, as minisign defines them. */
#define ALG_SIZE        2
#define KEY_ID_SIZE     BEL_MINISIGN_KEY_ID_SIZE
#define PK_SIZE         crypto_sign_PUBLICKEYBYTES            /* 32 */
#define SK_SIZE         crypto_sign_SECRETKEYBYTES            /* 64 */
#define SIG_SIZE        crypto_sign_BYTES                     /* 64 */
#define CHECKSUM_SIZE   crypto_generichash_BYTES              /* 32 */
#define SALT_SIZE       32
#define PREHASH_SIZE    crypto_generichash_BYTES_MAX          /* 64 */

#define PUBLIC_KEY_BLOB_SIZE (ALG_SIZE + KEY_ID_SIZE + PK_SIZE)                       /* 42 */
#define SIGNATURE_BLOB_SIZE  (ALG_SIZE + KEY_ID_SIZE + SIG_SIZE)                      /* 74 */
#define SECRET_KEY_BLOB_SIZE (ALG_SIZE * 3 + SALT_SIZE + 8 + 8 + KEY_ID_SIZE + SK_SIZE + CHECKSUM_SIZE) /* 158 */

#define UNTRUSTED_PREFIX "untrusted comment: "
#define TRUSTED_PREFIX   "trusted comment: "

struct _BelMinisignPublicKey
{
  guint8 id[KEY_ID_SIZE];
  guint8 pk[PK_SIZE];
};

struct _BelMinisignSecretKey
{
  guint8 id[KEY_ID_SIZE];
  guint8 sk[SK_SIZE];   /* libsodium's layout: seed, then the public key */
};

static void
ensure_sodium (void)
{
  static gsize initialised = 0;

  if (g_once_init_enter (&initialised))
    {
      if (sodium_init () < 0)
        g_error ("libsodium could not be initialised");
      g_once_init_leave (&initialised, 1);
    }
}

static char *
encode_base64 (const guint8 *data,
               gsize         length)
{
  gsize size = sodium_base64_ENCODED_LEN (length, sodium_base64_VARIANT_ORIGINAL);
  char *out = g_malloc (size);

  sodium_bin2base64 (out, size, data, length, sodium_base64_VARIANT_ORIGINAL);
  return out;
}

/* Strict base64: only the alphabet, canonical padding and padding bits, no whitespace,
 * exactly @expected bytes. A lenient decoder would let a flipped bit pass as "the same"
 * signature: libsodium 1.0.18 decodes some bytes above 0x7f as letters, and ignores set
 * padding bits if asked to, so the text is checked first and re-encoded afterwards. */
static gboolean
decode_base64_exact (const char *text,
                     gsize       text_length,
                     guint8     *out,
                     gsize       expected)
{
  gsize bin_length = 0;
  const char *end = NULL;
  g_autofree char *again = NULL;

  if (text_length != sodium_base64_ENCODED_LEN (expected, sodium_base64_VARIANT_ORIGINAL) - 1)
    return FALSE;
  for (gsize i = 0; i < text_length; i++)
    if (!g_ascii_isalnum (text[i]) && text[i] != '+' && text[i] != '/' && text[i] != '=')
      return FALSE;
  if (sodium_base642bin (out, expected, text, text_length, NULL, &bin_length, &end,
                         sodium_base64_VARIANT_ORIGINAL) != 0 ||
      bin_length != expected || end != text + text_length)
    return FALSE;
  again = encode_base64 (out, expected);
  return strlen (again) == text_length && memcmp (again, text, text_length) == 0;
}

static char *
key_id_to_string (const guint8 *id)
{
  guint64 value = 0;

  /* minisign prints the id as a little-endian number. */
  for (int i = KEY_ID_SIZE - 1; i >= 0; i--)
    value = (value << 8) | id[i];
  return g_strdup_printf ("%016" G_GINT64_MODIFIER "X", value);
}

/* Splits @text into lines ending in "\n" (a "\r" before it is dropped). Returns FALSE if
 * there are not exactly @n_lines lines or anything follows the last one. Lines point into
 * @text and are not NUL-terminated: see @lengths. */
static gboolean
split_lines (const char  *text,
             gsize        length,
             guint        n_lines,
             const char **lines,
             gsize       *lengths)
{
  gsize pos = 0;

  for (guint i = 0; i < n_lines; i++)
    {
      const char *nl = memchr (text + pos, '\n', length - pos);
      gsize line_length;

      if (nl == NULL)
        return FALSE;
      line_length = (gsize)(nl - (text + pos));
      lines[i] = text + pos;
      lengths[i] = line_length;
      if (line_length > 0 && lines[i][line_length - 1] == '\r')
        lengths[i]--;
      pos += line_length + 1;
    }
  return pos == length;
}

/* Key files: two lines, the last newline optional (keys pasted by hand often lack it). */
static gboolean
split_key_lines (const char  *text,
                 gsize        length,
                 const char **lines,
                 gsize       *lengths)
{
  const char *nl = memchr (text, '\n', length);
  gsize rest;

  if (nl == NULL)
    return FALSE;
  lines[0] = text;
  lengths[0] = (gsize)(nl - text);
  lines[1] = nl + 1;
  rest = length - lengths[0] - 1;
  if (memchr (lines[1], '\n', rest) != NULL)
    {
      if (lines[1][rest - 1] != '\n' || memchr (lines[1], '\n', rest - 1) != NULL)
        return FALSE;
      rest--;
    }
  lengths[1] = rest;
  for (guint i = 0; i < 2; i++)
    if (lengths[i] > 0 && lines[i][lengths[i] - 1] == '\r')
      lengths[i]--;
  return TRUE;
}

static gboolean
has_prefix (const char *line,
            gsize       length,
            const char *prefix)
{
  gsize prefix_length = strlen (prefix);

  return length >= prefix_length && memcmp (line, prefix, prefix_length) == 0;
}

/* Secret keys */

BelMinisignSecretKey *
bel_minisign_secret_key_generate (void)
{
  BelMinisignSecretKey *key;
  guint8 pk[PK_SIZE];

  ensure_sodium ();
  key = sodium_malloc (sizeof *key);
  g_assert (key != NULL);
  crypto_sign_keypair (pk, key->sk);
  randombytes_buf (key->id, sizeof key->id);
  return key;
}

void
bel_minisign_secret_key_free (BelMinisignSecretKey *key)
{
  /* sodium_free() wipes the memory before releasing it. */
  if (key != NULL)
    sodium_free (key);
}

static void
secret_key_checksum (const BelMinisignSecretKey *key,
                     guint8                     *out)
{
  crypto_generichash_state state;

  crypto_generichash_init (&state, NULL, 0, CHECKSUM_SIZE);
  crypto_generichash_update (&state, (const guint8 *)"Ed", ALG_SIZE);
  crypto_generichash_update (&state, key->id, KEY_ID_SIZE);
  crypto_generichash_update (&state, key->sk, SK_SIZE);
  crypto_generichash_final (&state, out, CHECKSUM_SIZE);
}

BelMinisignSecretKey *
bel_minisign_secret_key_parse (const char  *text,
                               gsize        length,
                               GError     **error)
{
  g_autoptr(BelMinisignSecretKey) key = NULL;
  const char *lines[2];
  gsize lengths[2];
  guint8 *blob;
  guint8 checksum[CHECKSUM_SIZE];
  static const guint8 zeros[CHECKSUM_SIZE] = { 0 };
  const guint8 *p;
  gboolean ok;

  g_return_val_if_fail (text != NULL, NULL);

  ensure_sodium ();

  if (length == 0 || length > 4096 || !split_key_lines (text, length, lines, lengths))
    {
      g_set_error (error, BEL_MINISIGN_ERROR, BEL_MINISIGN_ERROR_MALFORMED,
                   "Not a minisign secret key file");
      return NULL;
    }

  blob = sodium_malloc (SECRET_KEY_BLOB_SIZE);
  g_assert (blob != NULL);
  ok = has_prefix (lines[0], lengths[0], UNTRUSTED_PREFIX) &&
       decode_base64_exact (lines[1], lengths[1], blob, SECRET_KEY_BLOB_SIZE);
  if (!ok || memcmp (blob, "Ed", ALG_SIZE) != 0 || memcmp (blob + 4, "B2", ALG_SIZE) != 0)
    {
      sodium_free (blob);
      g_set_error (error, BEL_MINISIGN_ERROR, BEL_MINISIGN_ERROR_MALFORMED,
                   "Not a minisign secret key file");
      return NULL;
    }
  if (memcmp (blob + 2, "\0\0", ALG_SIZE) != 0)
    {
      sodium_free (blob);
      g_set_error (error, BEL_MINISIGN_ERROR, BEL_MINISIGN_ERROR_ENCRYPTED,
                   "The secret key is protected by a password; remove the password with "
                   "“minisign -C -W” or sign with “minisign -S”");
      return NULL;
    }

  key = sodium_malloc (sizeof *key);
  g_assert (key != NULL);
  p = blob + ALG_SIZE * 3 + SALT_SIZE + 8 + 8;
  memcpy (key->id, p, KEY_ID_SIZE);
  memcpy (key->sk, p + KEY_ID_SIZE, SK_SIZE);
  secret_key_checksum (key, checksum);
  /* minisign -W leaves the checksum of an unencrypted key all zeros. */
  ok = sodium_memcmp (checksum, p + KEY_ID_SIZE + SK_SIZE, CHECKSUM_SIZE) == 0 ||
       sodium_memcmp (zeros, p + KEY_ID_SIZE + SK_SIZE, CHECKSUM_SIZE) == 0;
  sodium_free (blob);
  if (!ok)
    {
      g_set_error (error, BEL_MINISIGN_ERROR, BEL_MINISIGN_ERROR_CHECKSUM,
                   "The secret key is damaged (wrong checksum)");
      return NULL;
    }
  return g_steal_pointer (&key);
}

BelMinisignSecretKey *
bel_minisign_secret_key_load (const char  *path,
                              GError     **error)
{
  g_autofree char *text = NULL;
  gsize length = 0;
  BelMinisignSecretKey *key;

  g_return_val_if_fail (path != NULL, NULL);

  if (!g_file_get_contents (path, &text, &length, error))
    return NULL;
  key = bel_minisign_secret_key_parse (text, length, error);
  sodium_memzero (text, length);
  if (key == NULL)
    g_prefix_error (error, "%s: ", path);
  return key;
}

char *
bel_minisign_secret_key_to_string (BelMinisignSecretKey *key)
{
  guint8 *blob;
  guint8 *p;
  char *b64;
  char *text;

  g_return_val_if_fail (key != NULL, NULL);

  blob = sodium_malloc (SECRET_KEY_BLOB_SIZE);
  g_assert (blob != NULL);
  memset (blob, 0, SECRET_KEY_BLOB_SIZE);
  memcpy (blob, "Ed", ALG_SIZE);
  /* kdf "\0\0": not encrypted, so salt, opslimit and memlimit stay zero. */
  memcpy (blob + 4, "B2", ALG_SIZE);
  p = blob + ALG_SIZE * 3 + SALT_SIZE + 8 + 8;
  memcpy (p, key->id, KEY_ID_SIZE);
  memcpy (p + KEY_ID_SIZE, key->sk, SK_SIZE);
  secret_key_checksum (key, p + KEY_ID_SIZE + SK_SIZE);

  b64 = encode_base64 (blob, SECRET_KEY_BLOB_SIZE);
  sodium_free (blob);
  text = g_strdup_printf (UNTRUSTED_PREFIX "beledci-admin secret key, NOT encrypted: keep it private\n%s\n",
                          b64);
  sodium_memzero (b64, strlen (b64));
  g_free (b64);
  return text;
}

BelMinisignPublicKey *
bel_minisign_secret_key_get_public (BelMinisignSecretKey *key)
{
  BelMinisignPublicKey *pub;

  g_return_val_if_fail (key != NULL, NULL);

  pub = g_new0 (BelMinisignPublicKey, 1);
  memcpy (pub->id, key->id, KEY_ID_SIZE);
  crypto_sign_ed25519_sk_to_pk (pub->pk, key->sk);
  return pub;
}

/* Public keys */

static BelMinisignPublicKey *
public_key_from_base64 (const char  *b64,
                        gsize        length,
                        GError     **error)
{
  guint8 blob[PUBLIC_KEY_BLOB_SIZE];
  BelMinisignPublicKey *key;

  while (length > 0 && g_ascii_isspace (b64[length - 1]))
    length--;
  while (length > 0 && g_ascii_isspace (*b64))
    b64++, length--;

  if (!decode_base64_exact (b64, length, blob, sizeof blob) || memcmp (blob, "Ed", ALG_SIZE) != 0)
    {
      g_set_error (error, BEL_MINISIGN_ERROR, BEL_MINISIGN_ERROR_MALFORMED,
                   "Not a minisign public key");
      return NULL;
    }
  key = g_new0 (BelMinisignPublicKey, 1);
  memcpy (key->id, blob + ALG_SIZE, KEY_ID_SIZE);
  memcpy (key->pk, blob + ALG_SIZE + KEY_ID_SIZE, PK_SIZE);
  return key;
}

BelMinisignPublicKey *
bel_minisign_public_key_parse (const char  *text,
                               GError     **error)
{
  gsize length;
  const char *lines[2];
  gsize lengths[2];

  g_return_val_if_fail (text != NULL, NULL);

  ensure_sodium ();

  length = strlen (text);
  if (length > 4096)
    {
      g_set_error (error, BEL_MINISIGN_ERROR, BEL_MINISIGN_ERROR_MALFORMED,
                   "Not a minisign public key");
      return NULL;
    }
  if (has_prefix (text, length, UNTRUSTED_PREFIX))
    {
      if (!split_key_lines (text, length, lines, lengths))
        {
          g_set_error (error, BEL_MINISIGN_ERROR, BEL_MINISIGN_ERROR_MALFORMED,
                       "Not a minisign public key file");
          return NULL;
        }
      return public_key_from_base64 (lines[1], lengths[1], error);
    }
  return public_key_from_base64 (text, length, error);
}

BelMinisignPublicKey *
bel_minisign_public_key_load (const char  *path,
                              GError     **error)
{
  g_autofree char *text = NULL;
  gsize length = 0;
  BelMinisignPublicKey *key;

  g_return_val_if_fail (path != NULL, NULL);

  if (!g_file_get_contents (path, &text, &length, error))
    return NULL;
  if (strlen (text) != length)
    {
      g_set_error (error, BEL_MINISIGN_ERROR, BEL_MINISIGN_ERROR_MALFORMED,
                   "%s: not a minisign public key file", path);
      return NULL;
    }
  key = bel_minisign_public_key_parse (text, error);
  if (key == NULL)
    g_prefix_error (error, "%s: ", path);
  return key;
}

BelMinisignPublicKey *
bel_minisign_public_key_copy (const BelMinisignPublicKey *key)
{
  g_return_val_if_fail (key != NULL, NULL);
  return g_memdup2 (key, sizeof *key);
}

void
bel_minisign_public_key_free (BelMinisignPublicKey *key)
{
  g_free (key);
}

char *
bel_minisign_public_key_to_base64 (const BelMinisignPublicKey *key)
{
  guint8 blob[PUBLIC_KEY_BLOB_SIZE];

  g_return_val_if_fail (key != NULL, NULL);

  memcpy (blob, "Ed", ALG_SIZE);
  memcpy (blob + ALG_SIZE, key->id, KEY_ID_SIZE);
  memcpy (blob + ALG_SIZE + KEY_ID_SIZE, key->pk, PK_SIZE);
  return encode_base64 (blob, sizeof blob);
}

char *
bel_minisign_public_key_to_string (const BelMinisignPublicKey *key)
{
  g_autofree char *id = NULL;
  g_autofree char *b64 = NULL;

  g_return_val_if_fail (key != NULL, NULL);

  id = key_id_to_string (key->id);
  b64 = bel_minisign_public_key_to_base64 (key);
  return g_strdup_printf (UNTRUSTED_PREFIX "minisign public key %s\n%s\n", id, b64);
}

char *
bel_minisign_public_key_get_id (const BelMinisignPublicKey *key)
{
  g_return_val_if_fail (key != NULL, NULL);
  return key_id_to_string (key->id);
}

gboolean
bel_minisign_public_key_equal (const BelMinisignPublicKey *a,
                               const BelMinisignPublicKey *b)
{
  g_return_val_if_fail (a != NULL && b != NULL, FALSE);
  return memcmp (a, b, sizeof *a) == 0;
}

/* Signatures */

static void
prehash (const guint8 *data,
         gsize         length,
         guint8       *out)
{
  crypto_generichash (out, PREHASH_SIZE, data, length, NULL, 0);
}

static gboolean
comment_is_valid (const char *comment)
{
  return comment != NULL && strlen (comment) <= BEL_MINISIGN_MAX_COMMENT &&
         strpbrk (comment, "\r\n") == NULL;
}

char *
bel_minisign_sign (BelMinisignSecretKey  *key,
                   const guint8          *data,
                   gsize                  length,
                   const char            *trusted_comment,
                   const char            *untrusted_comment,
                   GError               **error)
{
  guint8 hash[PREHASH_SIZE];
  guint8 blob[SIGNATURE_BLOB_SIZE];
  g_autofree guint8 *global_message = NULL;
  guint8 global_sig[SIG_SIZE];
  g_autofree char *sig_b64 = NULL;
  g_autofree char *global_b64 = NULL;
  gsize comment_length;

  g_return_val_if_fail (key != NULL, NULL);
  g_return_val_if_fail (data != NULL || length == 0, NULL);

  ensure_sodium ();

  if (untrusted_comment == NULL)
    untrusted_comment = "signature from beledci-admin secret key";
  if (!comment_is_valid (trusted_comment) || !comment_is_valid (untrusted_comment))
    {
      g_set_error (error, BEL_MINISIGN_ERROR, BEL_MINISIGN_ERROR_MALFORMED,
                   "A comment must be one line of at most %d bytes", BEL_MINISIGN_MAX_COMMENT);
      return NULL;
    }

  prehash (data, length, hash);
  memcpy (blob, "ED", ALG_SIZE);
  memcpy (blob + ALG_SIZE, key->id, KEY_ID_SIZE);
  crypto_sign_detached (blob + ALG_SIZE + KEY_ID_SIZE, NULL, hash, sizeof hash, key->sk);

  comment_length = strlen (trusted_comment);
  global_message = g_malloc (SIG_SIZE + comment_length);
  memcpy (global_message, blob + ALG_SIZE + KEY_ID_SIZE, SIG_SIZE);
  memcpy (global_message + SIG_SIZE, trusted_comment, comment_length);
  crypto_sign_detached (global_sig, NULL, global_message, SIG_SIZE + comment_length, key->sk);

  sig_b64 = encode_base64 (blob, sizeof blob);
  global_b64 = encode_base64 (global_sig, sizeof global_sig);
  return g_strdup_printf (UNTRUSTED_PREFIX "%s\n%s\n" TRUSTED_PREFIX "%s\n%s\n",
                          untrusted_comment, sig_b64, trusted_comment, global_b64);
}

gboolean
bel_minisign_verify (BelMinisignPublicKey * const *keys,
                     const guint8          *data,
                     gsize                  length,
                     const char            *signature,
                     gsize                  signature_length,
                     char                 **out_trusted_comment,
                     GError               **error)
{
  const char *lines[4];
  gsize lengths[4];
  guint8 blob[SIGNATURE_BLOB_SIZE];
  guint8 global_sig[SIG_SIZE];
  guint8 hash[PREHASH_SIZE];
  const BelMinisignPublicKey *key = NULL;
  g_autofree guint8 *global_message = NULL;
  const char *comment;
  gsize comment_length;

  g_return_val_if_fail (keys != NULL, FALSE);
  g_return_val_if_fail (data != NULL || length == 0, FALSE);
  g_return_val_if_fail (signature != NULL || signature_length == 0, FALSE);

  ensure_sodium ();

  if (signature_length > BEL_MINISIGN_MAX_SIG_SIZE ||
      !split_lines (signature, signature_length, 4, lines, lengths) ||
      !has_prefix (lines[0], lengths[0], UNTRUSTED_PREFIX) ||
      !has_prefix (lines[2], lengths[2], TRUSTED_PREFIX) ||
      !decode_base64_exact (lines[1], lengths[1], blob, sizeof blob) ||
      !decode_base64_exact (lines[3], lengths[3], global_sig, sizeof global_sig))
    {
      g_set_error (error, BEL_MINISIGN_ERROR, BEL_MINISIGN_ERROR_MALFORMED,
                   "The signature file is not in minisign's format");
      return FALSE;
    }

  if (memcmp (blob, "Ed", ALG_SIZE) == 0)
    {
      g_set_error (error, BEL_MINISIGN_ERROR, BEL_MINISIGN_ERROR_LEGACY,
                   "The signature uses minisign's legacy “Ed” algorithm; only the prehashed "
                   "“ED” algorithm is accepted (sign without “minisign -l”)");
      return FALSE;
    }
  if (memcmp (blob, "ED", ALG_SIZE) != 0)
    {
      g_set_error (error, BEL_MINISIGN_ERROR, BEL_MINISIGN_ERROR_MALFORMED,
                   "The signature uses an unknown algorithm");
      return FALSE;
    }

  for (guint i = 0; keys[i] != NULL; i++)
    if (memcmp (keys[i]->id, blob + ALG_SIZE, KEY_ID_SIZE) == 0)
      {
        key = keys[i];
        break;
      }
  if (key == NULL)
    {
      g_autofree char *id = key_id_to_string (blob + ALG_SIZE);
      g_set_error (error, BEL_MINISIGN_ERROR, BEL_MINISIGN_ERROR_UNKNOWN_KEY,
                   "Signed by key %s, which is not a trusted key", id);
      return FALSE;
    }

  prehash (data, length, hash);
  if (crypto_sign_verify_detached (blob + ALG_SIZE + KEY_ID_SIZE, hash, sizeof hash, key->pk) != 0)
    {
      g_set_error (error, BEL_MINISIGN_ERROR, BEL_MINISIGN_ERROR_BAD_SIGNATURE,
                   "The signature does not match the signed file");
      return FALSE;
    }

  comment = lines[2] + strlen (TRUSTED_PREFIX);
  comment_length = lengths[2] - strlen (TRUSTED_PREFIX);
  if (comment_length > BEL_MINISIGN_MAX_COMMENT)
    {
      g_set_error (error, BEL_MINISIGN_ERROR, BEL_MINISIGN_ERROR_MALFORMED,
                   "The trusted comment is too long");
      return FALSE;
    }
  global_message = g_malloc (SIG_SIZE + comment_length);
  memcpy (global_message, blob + ALG_SIZE + KEY_ID_SIZE, SIG_SIZE);
  memcpy (global_message + SIG_SIZE, comment, comment_length);
  if (crypto_sign_verify_detached (global_sig, global_message, SIG_SIZE + comment_length,
                                   key->pk) != 0)
    {
      g_set_error (error, BEL_MINISIGN_ERROR, BEL_MINISIGN_ERROR_BAD_GLOBAL_SIGNATURE,
                   "The trusted comment does not match its signature");
      return FALSE;
    }

  if (out_trusted_comment != NULL)
    *out_trusted_comment = g_strndup (comment, comment_length);
  return TRUE;
}
