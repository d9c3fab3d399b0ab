/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-minisign"

#include <string.h>
#include <glib/gstdio.h>

#include "bel-minisign.h"

/* Interoperability with the real `minisign` tool (Debian's package), both ways, and the
 * rejections a kiosk relies on. */

typedef struct {
  char *dir;
} Fixture;

static void
fixture_setup (Fixture       *fixture,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  fixture->dir = g_dir_make_tmp ("beledci-minisign-XXXXXX", &error);
  g_assert_no_error (error);
}

static void
remove_tree (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  if (dir != NULL)
    while ((name = g_dir_read_name (dir)) != NULL)
      {
        g_autofree char *child = g_build_filename (path, name, NULL);
        remove_tree (child);
      }
  g_remove (path);
}

static void
fixture_teardown (Fixture       *fixture,
                  gconstpointer  data)
{
  remove_tree (fixture->dir);
  g_free (fixture->dir);
}

static char *
path_in (Fixture    *fixture,
         const char *name)
{
  return g_build_filename (fixture->dir, name, NULL);
}

static const char *
minisign_program (void)
{
  static char *program = NULL;

  if (program == NULL)
    program = g_find_program_in_path ("minisign");
  if (program == NULL)
    g_error ("the minisign tool is not installed (Debian package “minisign”)");
  return program;
}

/* Runs minisign with stdin from /dev/null; returns its exit status and output. */
static int
run_minisign (char **out_output,
              ...)
{
  g_autoptr(GPtrArray) args = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *output = NULL;
  g_autofree char *errors = NULL;
  int status = 0;
  va_list ap;
  const char *arg;

  g_ptr_array_add (args, (char *)minisign_program ());
  va_start (ap, out_output);
  while ((arg = va_arg (ap, const char *)) != NULL)
    g_ptr_array_add (args, (char *)arg);
  va_end (ap);
  g_ptr_array_add (args, NULL);

  g_spawn_sync (NULL, (char **)args->pdata, NULL, G_SPAWN_STDIN_FROM_DEV_NULL, NULL, NULL,
                &output, &errors, &status, &error);
  g_assert_no_error (error);
  if (out_output)
    *out_output = g_strconcat (output, errors, NULL);
  return g_spawn_check_wait_status (status, NULL) ? 0 : 1;
}

static void
write_file (const char *path,
            const char *data,
            gssize      length)
{
  g_autoptr(GError) error = NULL;

  g_file_set_contents (path, data, length, &error);
  g_assert_no_error (error);
}

static GBytes *
read_file (const char *path)
{
  g_autoptr(GError) error = NULL;
  char *data = NULL;
  gsize length = 0;

  g_file_get_contents (path, &data, &length, &error);
  g_assert_no_error (error);
  return g_bytes_new_take (data, length);
}

static const char payload[] = "{\"format\": 1, \"revision\": 7}\n";

static void
test_round_trip (Fixture       *fixture,
                 gconstpointer  data)
{
  g_autoptr(BelMinisignSecretKey) secret = bel_minisign_secret_key_generate ();
  g_autoptr(BelMinisignSecretKey) reread = NULL;
  g_autoptr(BelMinisignPublicKey) public_key = bel_minisign_secret_key_get_public (secret);
  g_autoptr(BelMinisignPublicKey) from_line = NULL;
  g_autoptr(BelMinisignPublicKey) from_file = NULL;
  g_autofree char *secret_text = bel_minisign_secret_key_to_string (secret);
  g_autofree char *public_text = bel_minisign_public_key_to_string (public_key);
  g_autofree char *line = bel_minisign_public_key_to_base64 (public_key);
  g_autofree char *signature = NULL;
  g_autofree char *comment = NULL;
  g_autoptr(GError) error = NULL;
  BelMinisignPublicKey *keys[2] = { NULL, NULL };

  reread = bel_minisign_secret_key_parse (secret_text, strlen (secret_text), &error);
  g_assert_no_error (error);
  from_line = bel_minisign_public_key_parse (line, &error);
  g_assert_no_error (error);
  from_file = bel_minisign_public_key_parse (public_text, &error);
  g_assert_no_error (error);
  g_assert_true (bel_minisign_public_key_equal (from_line, public_key));
  g_assert_true (bel_minisign_public_key_equal (from_file, public_key));

  signature = bel_minisign_sign (reread, (const guint8 *)payload, strlen (payload),
                                 "timestamp:1\tfile:manifest.json\thashed", NULL, &error);
  g_assert_no_error (error);
  keys[0] = from_line;
  g_assert_true (bel_minisign_verify (keys, (const guint8 *)payload, strlen (payload),
                                      signature, strlen (signature), &comment, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (comment, ==, "timestamp:1\tfile:manifest.json\thashed");

  /* One byte more in the signed data is enough to fail. */
  g_assert_false (bel_minisign_verify (keys, (const guint8 *)payload, strlen (payload) - 1,
                                       signature, strlen (signature), NULL, &error));
  g_assert_error (error, BEL_MINISIGN_ERROR, BEL_MINISIGN_ERROR_BAD_SIGNATURE);
}

/* Our signature, checked by `minisign -Vm` with our .pub. */
static void
test_minisign_checks_ours (Fixture       *fixture,
                           gconstpointer  data)
{
  g_autoptr(BelMinisignSecretKey) secret = bel_minisign_secret_key_generate ();
  g_autoptr(BelMinisignPublicKey) public_key = bel_minisign_secret_key_get_public (secret);
  g_autofree char *pub_path = path_in (fixture, "ours.pub");
  g_autofree char *file_path = path_in (fixture, "manifest.json");
  g_autofree char *sig_path = path_in (fixture, "manifest.json.minisig");
  g_autofree char *public_text = bel_minisign_public_key_to_string (public_key);
  g_autofree char *signature = NULL;
  g_autofree char *output = NULL;
  g_autofree char *tampered = NULL;
  g_autoptr(GError) error = NULL;

  write_file (pub_path, public_text, -1);
  write_file (file_path, payload, -1);
  signature = bel_minisign_sign (secret, (const guint8 *)payload, strlen (payload),
                                 "timestamp:1795877542\tfile:manifest.json\thashed\trevision:7",
                                 NULL, &error);
  g_assert_no_error (error);
  write_file (sig_path, signature, -1);

  g_assert_cmpint (run_minisign (&output, "-Vm", file_path, "-p", pub_path, NULL), ==, 0);
  g_assert_nonnull (strstr (output, "revision:7"));
  g_clear_pointer (&output, g_free);

  /* minisign agrees it is prehashed: -H insists on it. */
  g_assert_cmpint (run_minisign (NULL, "-V", "-H", "-m", file_path, "-p", pub_path, NULL), ==, 0);

  /* And it refuses the signature for other bytes. */
  tampered = g_strdup (payload);
  tampered[5] = 'F';
  write_file (file_path, tampered, -1);
  g_assert_cmpint (run_minisign (NULL, "-Vm", file_path, "-p", pub_path, NULL), !=, 0);
}

/* A key pair made by `minisign -G -W` and a signature by `minisign -S`, checked by us; and our
 * signing with minisign's secret key, checked by minisign. */
static void
test_we_check_minisigns (Fixture       *fixture,
                         gconstpointer  data)
{
  g_autofree char *pub_path = path_in (fixture, "tool.pub");
  g_autofree char *key_path = path_in (fixture, "tool.key");
  g_autofree char *file_path = path_in (fixture, "manifest.json");
  g_autofree char *sig_path = path_in (fixture, "manifest.json.minisig");
  g_autofree char *legacy_path = path_in (fixture, "legacy.minisig");
  g_autofree char *ours_path = path_in (fixture, "ours.minisig");
  g_autoptr(BelMinisignPublicKey) public_key = NULL;
  g_autoptr(BelMinisignSecretKey) secret = NULL;
  g_autoptr(GBytes) signature = NULL;
  g_autoptr(GBytes) legacy = NULL;
  g_autofree char *ours = NULL;
  g_autofree char *comment = NULL;
  g_autoptr(GError) error = NULL;
  BelMinisignPublicKey *keys[2] = { NULL, NULL };

  g_assert_cmpint (run_minisign (NULL, "-G", "-W", "-p", pub_path, "-s", key_path, NULL), ==, 0);
  write_file (file_path, payload, -1);
  g_assert_cmpint (run_minisign (NULL, "-S", "-s", key_path, "-m", file_path,
                                 "-t", "signed by the minisign tool", NULL), ==, 0);
  g_assert_cmpint (run_minisign (NULL, "-S", "-l", "-s", key_path, "-m", file_path,
                                 "-x", legacy_path, NULL), ==, 0);

  public_key = bel_minisign_public_key_load (pub_path, &error);
  g_assert_no_error (error);
  keys[0] = public_key;

  signature = read_file (sig_path);
  g_assert_true (bel_minisign_verify (keys, (const guint8 *)payload, strlen (payload),
                                      g_bytes_get_data (signature, NULL),
                                      g_bytes_get_size (signature), &comment, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (comment, ==, "signed by the minisign tool");

  /* The legacy algorithm is refused with its own error, even from a trusted key. */
  legacy = read_file (legacy_path);
  g_assert_false (bel_minisign_verify (keys, (const guint8 *)payload, strlen (payload),
                                       g_bytes_get_data (legacy, NULL), g_bytes_get_size (legacy),
                                       NULL, &error));
  g_assert_error (error, BEL_MINISIGN_ERROR, BEL_MINISIGN_ERROR_LEGACY);
  g_clear_error (&error);

  /* minisign -W writes an unencrypted key with an all-zero checksum: we can sign with it. */
  secret = bel_minisign_secret_key_load (key_path, &error);
  g_assert_no_error (error);
  ours = bel_minisign_sign (secret, (const guint8 *)payload, strlen (payload), "ours", NULL, &error);
  g_assert_no_error (error);
  write_file (ours_path, ours, -1);
  g_assert_cmpint (run_minisign (NULL, "-V", "-x", ours_path, "-m", file_path, "-p", pub_path,
                                 NULL), ==, 0);
}

/* Our keygen's secret key, used by the minisign tool to sign. */
static void
test_minisign_signs_with_our_key (Fixture       *fixture,
                                  gconstpointer  data)
{
  g_autoptr(BelMinisignSecretKey) secret = bel_minisign_secret_key_generate ();
  g_autoptr(BelMinisignPublicKey) public_key = bel_minisign_secret_key_get_public (secret);
  g_autofree char *key_path = path_in (fixture, "ours.key");
  g_autofree char *file_path = path_in (fixture, "manifest.json");
  g_autofree char *sig_path = path_in (fixture, "manifest.json.minisig");
  g_autofree char *secret_text = bel_minisign_secret_key_to_string (secret);
  g_autoptr(GBytes) signature = NULL;
  g_autoptr(GError) error = NULL;
  BelMinisignPublicKey *keys[2] = { public_key, NULL };

  write_file (key_path, secret_text, -1);
  write_file (file_path, payload, -1);
  g_assert_cmpint (run_minisign (NULL, "-S", "-W", "-s", key_path, "-m", file_path, NULL), ==, 0);
  signature = read_file (sig_path);
  g_assert_true (bel_minisign_verify (keys, (const guint8 *)payload, strlen (payload),
                                      g_bytes_get_data (signature, NULL),
                                      g_bytes_get_size (signature), NULL, &error));
  g_assert_no_error (error);
}

static void
test_unknown_key (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autoptr(BelMinisignSecretKey) signer = bel_minisign_secret_key_generate ();
  g_autoptr(BelMinisignSecretKey) other = bel_minisign_secret_key_generate ();
  g_autoptr(BelMinisignPublicKey) other_public = bel_minisign_secret_key_get_public (other);
  g_autofree char *signature = NULL;
  g_autoptr(GError) error = NULL;
  BelMinisignPublicKey *keys[2] = { other_public, NULL };
  BelMinisignPublicKey *none[1] = { NULL };

  signature = bel_minisign_sign (signer, (const guint8 *)payload, strlen (payload), "x", NULL,
                                 &error);
  g_assert_no_error (error);
  g_assert_false (bel_minisign_verify (keys, (const guint8 *)payload, strlen (payload),
                                       signature, strlen (signature), NULL, &error));
  g_assert_error (error, BEL_MINISIGN_ERROR, BEL_MINISIGN_ERROR_UNKNOWN_KEY);
  g_clear_error (&error);
  g_assert_false (bel_minisign_verify (none, (const guint8 *)payload, strlen (payload),
                                       signature, strlen (signature), NULL, &error));
  g_assert_error (error, BEL_MINISIGN_ERROR, BEL_MINISIGN_ERROR_UNKNOWN_KEY);
}

/* Flips every bit of a signature file in turn. Only a flip inside the untrusted comment's text
 * may still verify (that text is not signed, by design); everything else must fail. */
static void
test_every_bit_of_the_signature (Fixture       *fixture,
                                 gconstpointer  data)
{
  g_autoptr(BelMinisignSecretKey) secret = bel_minisign_secret_key_generate ();
  g_autoptr(BelMinisignPublicKey) public_key = bel_minisign_secret_key_get_public (secret);
  g_autofree char *signature = NULL;
  g_autoptr(GError) error = NULL;
  BelMinisignPublicKey *keys[2] = { public_key, NULL };
  gsize length, comment_start, comment_end;
  guint accepted = 0, rejected = 0;

  signature = bel_minisign_sign (secret, (const guint8 *)payload, strlen (payload),
                                 "timestamp:1795877542\tfile:manifest.json\thashed\trevision:7",
                                 NULL, &error);
  g_assert_no_error (error);
  length = strlen (signature);
  comment_start = strlen ("untrusted comment: ");
  comment_end = (gsize)(strchr (signature, '\n') - signature);

  for (gsize i = 0; i < length; i++)
    for (guint bit = 0; bit < 8; bit++)
      {
        g_autofree char *copy = g_memdup2 (signature, length);
        g_autoptr(GError) flip_error = NULL;
        gboolean ok;

        copy[i] ^= (char)(1u << bit);
        ok = bel_minisign_verify (keys, (const guint8 *)payload, strlen (payload),
                                  copy, length, NULL, &flip_error);
        if (ok)
          {
            if (i < comment_start || i >= comment_end)
              g_error ("flipping bit %u of byte %" G_GSIZE_FORMAT " (“%c”) still verifies",
                       bit, i, signature[i]);
            accepted++;
          }
        else
          {
            g_assert_true (flip_error->domain == BEL_MINISIGN_ERROR);
            rejected++;
          }
      }
  g_test_message ("%u flips rejected, %u accepted (all in the untrusted comment)",
                  rejected, accepted);
  g_assert_cmpuint (rejected, >=, (length - (comment_end - comment_start)) * 8);
}

/* A lenient base64 decoder would take a flipped padding bit as the same signature. */
static void
test_non_canonical_base64 (Fixture       *fixture,
                           gconstpointer  data)
{
  g_autoptr(BelMinisignSecretKey) secret = bel_minisign_secret_key_generate ();
  g_autoptr(BelMinisignPublicKey) public_key = bel_minisign_secret_key_get_public (secret);
  g_autofree char *signature = NULL;
  g_autoptr(GError) error = NULL;
  BelMinisignPublicKey *keys[2] = { public_key, NULL };
  char *line4, *pad;

  signature = bel_minisign_sign (secret, (const guint8 *)payload, strlen (payload), "c", NULL,
                                 &error);
  g_assert_no_error (error);
  /* The global signature is 64 bytes: base64 ends in "==", the last character before them
   * carries 4 padding bits. Setting one of them keeps every data bit. */
  line4 = strrchr (g_strchomp (signature), '\n') + 1;
  pad = strstr (line4, "==");
  g_assert_nonnull (pad);
  g_assert_true (pad[-1] == 'A' || pad[-1] == 'Q' || pad[-1] == 'g' || pad[-1] == 'w');
  pad[-1] = pad[-1] + 1;
  strcat (signature, "\n");
  g_assert_false (bel_minisign_verify (keys, (const guint8 *)payload, strlen (payload),
                                       signature, strlen (signature), NULL, &error));
  g_assert_error (error, BEL_MINISIGN_ERROR, BEL_MINISIGN_ERROR_MALFORMED);
}

/* libsodium 1.0.18's decoder reads some bytes above 0x7f as base64 letters: a bit flipped
 * into the high bit must not give the same signature back. Every character of both base64
 * lines, with its high bit set. */
static void
test_high_bit_characters (Fixture       *fixture,
                          gconstpointer  data)
{
  g_autoptr(BelMinisignSecretKey) secret = bel_minisign_secret_key_generate ();
  g_autoptr(BelMinisignPublicKey) public_key = bel_minisign_secret_key_get_public (secret);
  g_autofree char *signature = NULL;
  g_autoptr(GError) error = NULL;
  BelMinisignPublicKey *keys[2] = { public_key, NULL };
  g_auto(GStrv) lines = NULL;
  gsize length;
  guint tried = 0;

  signature = bel_minisign_sign (secret, (const guint8 *)payload, strlen (payload), "c", NULL,
                                 &error);
  g_assert_no_error (error);
  length = strlen (signature);
  lines = g_strsplit (signature, "\n", -1);

  for (gsize i = 0; i < length; i++)
    {
      g_autofree char *copy = g_strdup (signature);
      g_autoptr(GError) flip_error = NULL;
      gsize line2 = strlen (lines[0]) + 1;
      gsize line4 = line2 + strlen (lines[1]) + 1 + strlen (lines[2]) + 1;
      gboolean in_base64 = (i >= line2 && i < line2 + strlen (lines[1])) ||
                           (i >= line4 && i < line4 + strlen (lines[3]));

      if (!in_base64)
        continue;
      copy[i] = (char)(copy[i] | 0x80);
      if (bel_minisign_verify (keys, (const guint8 *)payload, strlen (payload), copy, length,
                               NULL, &flip_error))
        g_error ("“%c” with its high bit set still verifies", signature[i]);
      g_assert_error (flip_error, BEL_MINISIGN_ERROR, BEL_MINISIGN_ERROR_MALFORMED);
      tried++;
    }
  g_assert_cmpuint (tried, ==, 100 + 88);
}

static void
test_secret_key_damage (Fixture       *fixture,
                        gconstpointer  data)
{
  g_autoptr(BelMinisignSecretKey) secret = bel_minisign_secret_key_generate ();
  g_autofree char *text = bel_minisign_secret_key_to_string (secret);
  g_autofree char *line = NULL;
  g_autofree guchar *blob = NULL;
  g_autofree char *encoded = NULL;
  g_autofree char *damaged = NULL;
  g_autoptr(GError) error = NULL;
  gsize blob_length = 0;

  line = g_strdup (strchr (text, '\n') + 1);
  g_strchomp (line);
  blob = g_base64_decode (line, &blob_length);
  g_assert_cmpuint (blob_length, ==, 158);

  /* A flipped bit in the key material: the checksum catches it. */
  blob[100] ^= 1;
  encoded = g_base64_encode (blob, blob_length);
  damaged = g_strdup_printf ("untrusted comment: x\n%s\n", encoded);
  g_assert_null (bel_minisign_secret_key_parse (damaged, strlen (damaged), &error));
  g_assert_error (error, BEL_MINISIGN_ERROR, BEL_MINISIGN_ERROR_CHECKSUM);
  g_clear_error (&error);
  g_clear_pointer (&encoded, g_free);
  g_clear_pointer (&damaged, g_free);
  blob[100] ^= 1;

  /* A password-protected key ("Sc" kdf) is refused with advice, not misread. */
  blob[2] = 'S';
  blob[3] = 'c';
  encoded = g_base64_encode (blob, blob_length);
  damaged = g_strdup_printf ("untrusted comment: x\n%s\n", encoded);
  g_assert_null (bel_minisign_secret_key_parse (damaged, strlen (damaged), &error));
  g_assert_error (error, BEL_MINISIGN_ERROR, BEL_MINISIGN_ERROR_ENCRYPTED);
  g_clear_error (&error);

  g_assert_null (bel_minisign_secret_key_parse ("garbage\n", 8, &error));
  g_assert_error (error, BEL_MINISIGN_ERROR, BEL_MINISIGN_ERROR_MALFORMED);
}

static void
test_public_key_garbage (Fixture       *fixture,
                         gconstpointer  data)
{
  const char *texts[] = {
    "", "RWQ", "untrusted comment: x\n", "untrusted comment: x\nRWQ===\n",
    /* A signature line where a key should be. */
    "RUTrkY1zFbuCWWmNFU0wlHM0iSY/cKyDzId7/vamtTRbhi2PZ1bPPS007f2hAfrx4weYAhnOQZmTQVhm0xAT+flVqqOV8ZmkHQQ=",
    /* The right length with another algorithm. */
    "RVQzl+XAQGM0JyZt+mScPHMiDSYLbCZqNkm3+S4LsZBWJwGP8K0167YC",
  };

  for (guint i = 0; i < G_N_ELEMENTS (texts); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(BelMinisignPublicKey) key = bel_minisign_public_key_parse (texts[i], &error);

      g_assert_null (key);
      g_assert_error (error, BEL_MINISIGN_ERROR, BEL_MINISIGN_ERROR_MALFORMED);
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_setup, func, fixture_teardown)
  ADD ("/minisign/round-trip", test_round_trip);
  ADD ("/minisign/tool-checks-ours", test_minisign_checks_ours);
  ADD ("/minisign/we-check-the-tools", test_we_check_minisigns);
  ADD ("/minisign/tool-signs-with-our-key", test_minisign_signs_with_our_key);
  ADD ("/minisign/unknown-key", test_unknown_key);
  ADD ("/minisign/every-bit", test_every_bit_of_the_signature);
  ADD ("/minisign/non-canonical-base64", test_non_canonical_base64);
  ADD ("/minisign/high-bit-characters", test_high_bit_characters);
  ADD ("/minisign/secret-key-damage", test_secret_key_damage);
  ADD ("/minisign/public-key-garbage", test_public_key_garbage);
#undef ADD

  return g_test_run ();
}
