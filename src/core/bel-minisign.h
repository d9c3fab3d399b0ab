/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Ed25519 keys and signatures in minisign's file formats (docs/sync-protocol.md, 1.3), so that
 * the `minisign` tool can check what beledci-admin signs and sign what kiosks accept. Only the
 * prehashed `ED` algorithm is accepted when verifying. */

#define BEL_MINISIGN_ERROR (bel_minisign_error_quark ())
GQuark bel_minisign_error_quark (void);

typedef enum {
  BEL_MINISIGN_ERROR_MALFORMED,           /* not a minisign key or signature file */
  BEL_MINISIGN_ERROR_LEGACY,              /* a signature with the legacy `Ed` algorithm */
  BEL_MINISIGN_ERROR_UNKNOWN_KEY,         /* signed by a key that is not trusted */
  BEL_MINISIGN_ERROR_BAD_SIGNATURE,       /* the signature does not match the data */
  BEL_MINISIGN_ERROR_BAD_GLOBAL_SIGNATURE,/* the trusted comment was changed */
  BEL_MINISIGN_ERROR_ENCRYPTED,           /* a password-protected secret key */
  BEL_MINISIGN_ERROR_CHECKSUM,            /* a secret key whose checksum is wrong */
} BelMinisignError;

#define BEL_MINISIGN_KEY_ID_SIZE    8
#define BEL_MINISIGN_MAX_SIG_SIZE   (16 * 1024)
#define BEL_MINISIGN_MAX_COMMENT    1024

typedef struct _BelMinisignPublicKey BelMinisignPublicKey;
typedef struct _BelMinisignSecretKey BelMinisignSecretKey;

/* A new random key pair. */
BelMinisignSecretKey *bel_minisign_secret_key_generate    (void);
/* Reads a secret key file's text. Unencrypted keys only: beledci-admin keygen's, or
 * `minisign -G -W`'s (whose checksum is all zeros). */
BelMinisignSecretKey *bel_minisign_secret_key_parse       (const char            *text,
                                                           gsize                  length,
                                                           GError               **error);
BelMinisignSecretKey *bel_minisign_secret_key_load        (const char            *path,
                                                           GError               **error);
/* The text of a secret key file: unencrypted, with its checksum. */
char                 *bel_minisign_secret_key_to_string   (BelMinisignSecretKey  *key);
BelMinisignPublicKey *bel_minisign_secret_key_get_public  (BelMinisignSecretKey  *key);
/* Wipes the key from memory. */
void                  bel_minisign_secret_key_free        (BelMinisignSecretKey  *key);

/* Accepts the whole text of a .pub file, or only its base64 line (as in GSettings). */
BelMinisignPublicKey *bel_minisign_public_key_parse       (const char            *text,
                                                           GError               **error);
BelMinisignPublicKey *bel_minisign_public_key_load        (const char            *path,
                                                           GError               **error);
BelMinisignPublicKey *bel_minisign_public_key_copy        (const BelMinisignPublicKey *key);
void                  bel_minisign_public_key_free        (BelMinisignPublicKey  *key);
/* The base64 line: "RWQ..." */
char                 *bel_minisign_public_key_to_base64   (const BelMinisignPublicKey *key);
/* The text of a .pub file, readable by `minisign -p`. */
char                 *bel_minisign_public_key_to_string   (const BelMinisignPublicKey *key);
/* The key id as minisign prints it: 16 upper-case hex digits. */
char                 *bel_minisign_public_key_get_id      (const BelMinisignPublicKey *key);
gboolean              bel_minisign_public_key_equal       (const BelMinisignPublicKey *a,
                                                           const BelMinisignPublicKey *b);

/* Signs @data with the prehashed `ED` algorithm. @trusted_comment must be one line (it is
 * covered by the global signature); @untrusted_comment may be NULL. Returns the text of a
 * .minisig file. */
char                 *bel_minisign_sign                   (BelMinisignSecretKey  *key,
                                                           const guint8          *data,
                                                           gsize                  length,
                                                           const char            *trusted_comment,
                                                           const char            *untrusted_comment,
                                                           GError               **error);
/* Checks @signature (the text of a .minisig file) over @data against @keys (a NULL-terminated
 * array; the one whose id the signature names is used). On success returns TRUE and, if
 * @out_trusted_comment is not NULL, the trusted comment (free it). */
gboolean              bel_minisign_verify                 (BelMinisignPublicKey * const *keys,
                                                           const guint8          *data,
                                                           gsize                  length,
                                                           const char            *signature,
                                                           gsize                  signature_length,
                                                           char                 **out_trusted_comment,
                                                           GError               **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (BelMinisignSecretKey, bel_minisign_secret_key_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (BelMinisignPublicKey, bel_minisign_public_key_free)

G_END_DECLS
