/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-manifest"

#include <string.h>

#include "bel-manifest.h"

#define SHA_A "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08"
#define SHA_B "60303ae22b998861bce3b28f33eec1be758a213c86c93c076dbe9f558c11c752"

static const char valid_manifest[] =
  "{\n"
  "  \"format\": 1,\n"
  "  \"channel\": \"stable\",\n"
  "  \"revision\": 42,\n"
  "  \"published\": \"2026-11-28T14:00:00Z\",\n"
  "  \"expires\": \"2027-02-26T14:00:00Z\",\n"
  "  \"files\": [\n"
  "    { \"path\": \"catalogue/catalogue.json\", \"sha256\": \"" SHA_A "\", \"size\": 58 },\n"
  "    { \"path\": \"walkthroughs/fin-mobile.json\", \"sha256\": \"" SHA_B "\", \"size\": 0 }\n"
  "  ]\n"
  "}\n";

static BelManifest *
parse_text (const char  *text,
            GError     **error)
{
  g_autoptr(GBytes) bytes = g_bytes_new (text, strlen (text));
  return bel_manifest_parse (bytes, error);
}

/* Replaces the first @from in the valid manifest with @to and expects a rejection. */
static void
assert_rejected_with (const char *from,
                      const char *to,
                      GQuark      domain,
                      int         code)
{
  g_autoptr(GString) text = g_string_new (valid_manifest);
  g_autoptr(BelManifest) manifest = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_nonnull (strstr (text->str, from));
  g_string_replace (text, from, to, 1);
  manifest = parse_text (text->str, &error);
  if (manifest != NULL)
    g_error ("accepted a manifest with “%s” instead of “%s”", to, from);
  g_assert_error (error, domain, code);
}

static void
test_manifest_valid (void)
{
  g_autoptr(BelManifest) manifest = NULL;
  g_autoptr(GError) error = NULL;
  const BelManifestFile *file;
  gint64 published;

  manifest = parse_text (valid_manifest, &error);
  g_assert_no_error (error);
  g_assert_nonnull (manifest);
  g_assert_cmpint (manifest->format, ==, 1);
  g_assert_cmpstr (manifest->channel, ==, "stable");
  g_assert_cmpint (manifest->revision, ==, 42);
  g_assert_true (bel_manifest_parse_time ("2026-11-28T14:00:00Z", &published));
  g_assert_cmpint (manifest->published, ==, published);
  g_assert_cmpint (manifest->expires - manifest->published, ==, 90 * 86400);
  g_assert_cmpuint (manifest->files->len, ==, 2);
  file = bel_manifest_lookup (manifest, "catalogue/catalogue.json");
  g_assert_nonnull (file);
  g_assert_cmpstr (file->sha256, ==, SHA_A);
  g_assert_cmpint (file->size, ==, 58);
  g_assert_cmpint (bel_manifest_total_size (manifest), ==, 58);
}

static void
test_manifest_round_trip (void)
{
  g_autoptr(BelManifest) manifest = bel_manifest_new ();
  g_autoptr(BelManifest) again = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) error = NULL;

  manifest->channel = g_strdup ("pilot-quba");
  manifest->revision = 7;
  manifest->published = 1795877542;
  manifest->expires = manifest->published + 86400;
  bel_manifest_add_file (manifest, "walkthroughs/sima.json", SHA_B, 10);
  bel_manifest_add_file (manifest, "catalogue/agencies/tax.json", SHA_A, 20);
  g_assert_true (bel_manifest_validate (manifest, &error));

  bytes = bel_manifest_to_bytes (manifest);
  again = bel_manifest_parse (bytes, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (again->channel, ==, "pilot-quba");
  g_assert_cmpint (again->revision, ==, 7);
  g_assert_cmpint (again->published, ==, 1795877542);
  g_assert_cmpint (again->expires, ==, 1795877542 + 86400);
  /* Written sorted by path. */
  g_assert_cmpstr (((BelManifestFile *)g_ptr_array_index (again->files, 0))->path, ==,
                   "catalogue/agencies/tax.json");
  g_assert_cmpstr (((BelManifestFile *)g_ptr_array_index (again->files, 1))->path, ==,
                   "walkthroughs/sima.json");
}

static void
test_manifest_paths (void)
{
  const char *good[] = {
    "catalogue/catalogue.json", "catalogue/agencies/tax.json", "slides/intro/01-portal.png",
    "walkthroughs/fin-mobile.json", "slides/deck_1/IMG-2.JPG",
  };
  const char *bad[] = {
    "", "catalogue", "/catalogue/catalogue.json", "catalogue//x.json", "catalogue/../x.json",
    "catalogue/./x.json", "catalogue/..", "../catalogue/x.json", "catalogue/.hidden",
    "catalogue\\x.json", "catalogue/x y.json", "catalogue/x.json/", "other/x.json",
    "catalogue/ağ.json", "Catalogue/x.json", "catalogue/a/b/c/d/e/f/g/h/i/j.json",
  };
  g_autofree char *long_path = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (good); i++)
    if (!bel_manifest_path_is_valid (good[i]))
      g_error ("refused the path “%s”", good[i]);
  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    if (bel_manifest_path_is_valid (bad[i]))
      g_error ("accepted the path “%s”", bad[i]);

  long_path = g_strconcat ("catalogue/", NULL);
  while (strlen (long_path) <= BEL_MANIFEST_MAX_PATH)
    {
      char *longer = g_strconcat (long_path, "abcdefghij/", NULL);
      g_free (long_path);
      long_path = longer;
    }
  g_assert_false (bel_manifest_path_is_valid (long_path));
}

static void
test_manifest_rejects (void)
{
  const GQuark d = BEL_MANIFEST_ERROR;
  const int inv = BEL_MANIFEST_ERROR_INVALID;

  /* Paths that would escape or hide. */
  assert_rejected_with ("catalogue/catalogue.json", "../catalogue.json", d, inv);
  assert_rejected_with ("catalogue/catalogue.json", "/etc/passwd", d, inv);
  assert_rejected_with ("catalogue/catalogue.json", "catalogue/../../x", d, inv);
  assert_rejected_with ("catalogue/catalogue.json", "walkthroughs/fin-mobile.json", d, inv);
  /* Hashes and sizes. */
  assert_rejected_with (SHA_A, "9F86D081884C7D659A2FEAA0C55AD015A3BF4F1B2B0B822CD15D6C15B0F00A08", d, inv);
  assert_rejected_with (SHA_A, "9f86d08", d, inv);
  assert_rejected_with ("\"size\": 58", "\"size\": -1", d, inv);
  assert_rejected_with ("\"size\": 58", "\"size\": 8388609", d, inv);
  assert_rejected_with ("\"size\": 58", "\"size\": 58.0", d, inv);
  assert_rejected_with ("\"size\": 58", "\"size\": \"58\"", d, inv);
  /* Header members. */
  assert_rejected_with ("\"format\": 1", "\"format\": 2", d, inv);
  assert_rejected_with ("\"revision\": 42", "\"revision\": 0", d, inv);
  assert_rejected_with ("\"revision\": 42", "\"revision\": 9007199254740992", d, inv);
  assert_rejected_with ("\"revision\": 42", "\"revision\": true", d, inv);
  assert_rejected_with ("\"channel\": \"stable\"", "\"channel\": \"Stable!\"", d, inv);
  assert_rejected_with ("2026-11-28T14:00:00Z", "2026-02-30T14:00:00Z", d, inv);
  assert_rejected_with ("2026-11-28T14:00:00Z", "2026-11-28T14:00:00+04:00", d, inv);
  assert_rejected_with ("2026-11-28T14:00:00Z", "2026-11-28", d, inv);
  assert_rejected_with ("2027-02-26T14:00:00Z", "2026-11-28T14:00:00Z", d, inv);
  /* Unknown members, at both levels. */
  assert_rejected_with ("\"format\": 1", "\"format\": 1, \"extra\": 1", d, inv);
  assert_rejected_with ("\"size\": 58", "\"size\": 58, \"mode\": 420", d, inv);
  /* Missing members. */
  assert_rejected_with ("\"channel\": \"stable\",", "", d, inv);
  /* Not an array, empty, repeated. */
  assert_rejected_with ("\"files\": [", "\"files\": {\"x\": [", d, inv);
  assert_rejected_with ("walkthroughs/fin-mobile.json", "catalogue/catalogue.json", d, inv);
}

static void
test_manifest_not_json (void)
{
  const char *texts[] = {
    "", "null", "[]", "\"manifest\"", "{", "{\"format\": 1,}", "{\"format\": 1} trailing",
    "\xff\xfe{}",
  };

  for (guint i = 0; i < G_N_ELEMENTS (texts); i++)
    {
      g_autoptr(BelManifest) manifest = NULL;
      g_autoptr(GError) error = NULL;

      manifest = parse_text (texts[i], &error);
      g_assert_null (manifest);
      g_assert_error (error, BEL_MANIFEST_ERROR, BEL_MANIFEST_ERROR_INVALID);
    }
}

/* json-glib 1.6 overflows its stack on deep nesting: the depth is checked before it parses. */
static void
test_manifest_deep_nesting (void)
{
  const gsize depth = 100000;
  g_autoptr(GString) text = g_string_sized_new (depth * 2 + 16);
  g_autoptr(BelManifest) manifest = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = NULL;

  for (gsize i = 0; i < depth; i++)
    g_string_append_c (text, '[');
  for (gsize i = 0; i < depth; i++)
    g_string_append_c (text, ']');
  bytes = g_bytes_new (text->str, text->len);
  manifest = bel_manifest_parse (bytes, &error);
  g_assert_null (manifest);
  g_assert_error (error, BEL_MANIFEST_ERROR, BEL_MANIFEST_ERROR_INVALID);
}

static void
test_manifest_too_large (void)
{
  gsize size = 10 * 1024 * 1024;
  g_autofree char *text = g_malloc (size);
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) error = NULL;

  /* Valid JSON, a manifest with a long channel: only its size is wrong. */
  memset (text, ' ', size);
  memcpy (text, "{\"channel\": \"", 13);
  text[size - 2] = '"';
  text[size - 1] = '}';
  bytes = g_bytes_new_take (g_steal_pointer (&text), size);
  g_assert_null (bel_manifest_parse (bytes, &error));
  g_assert_error (error, BEL_MANIFEST_ERROR, BEL_MANIFEST_ERROR_TOO_LARGE);
}

static void
test_manifest_limits (void)
{
  g_autoptr(BelManifest) manifest = bel_manifest_new ();
  g_autoptr(GError) error = NULL;

  manifest->channel = g_strdup ("stable");
  manifest->revision = 1;
  manifest->published = 1000;
  manifest->expires = 2000;
  /* 40 files of 8 MiB: each allowed, together more than 256 MiB. */
  for (guint i = 0; i < 40; i++)
    {
      g_autofree char *path = g_strdup_printf ("slides/deck/%02u.png", i);
      bel_manifest_add_file (manifest, path, SHA_A, BEL_MANIFEST_MAX_FILE_SIZE);
    }
  g_assert_false (bel_manifest_validate (manifest, &error));
  g_assert_error (error, BEL_MANIFEST_ERROR, BEL_MANIFEST_ERROR_INVALID);
  g_clear_error (&error);

  g_ptr_array_set_size (manifest->files, 30);
  g_assert_true (bel_manifest_validate (manifest, &error));
  g_assert_no_error (error);

  g_ptr_array_set_size (manifest->files, 0);
  for (guint i = 0; i <= BEL_MANIFEST_MAX_FILES; i++)
    {
      g_autofree char *path = g_strdup_printf ("catalogue/f%05u.json", i);
      bel_manifest_add_file (manifest, path, SHA_A, 1);
    }
  g_assert_false (bel_manifest_validate (manifest, &error));
  g_assert_error (error, BEL_MANIFEST_ERROR, BEL_MANIFEST_ERROR_INVALID);
}

static void
test_manifest_times (void)
{
  gint64 t = 0;
  g_autofree char *text = NULL;

  g_assert_true (bel_manifest_parse_time ("1970-01-01T00:00:00Z", &t));
  g_assert_cmpint (t, ==, 0);
  g_assert_true (bel_manifest_parse_time ("2028-02-29T23:59:59Z", &t));
  text = bel_manifest_format_time (t);
  g_assert_cmpstr (text, ==, "2028-02-29T23:59:59Z");
  g_assert_false (bel_manifest_parse_time ("2027-02-29T00:00:00Z", NULL));
  g_assert_false (bel_manifest_parse_time ("2026-13-01T00:00:00Z", NULL));
  g_assert_false (bel_manifest_parse_time ("2026-11-28T24:00:00Z", NULL));
  g_assert_false (bel_manifest_parse_time ("2026-11-28 14:00:00Z", NULL));
  g_assert_false (bel_manifest_parse_time ("2026-11-28T14:00:00z", NULL));
  g_assert_false (bel_manifest_parse_time ("+026-11-28T14:00:00Z", NULL));
  g_assert_false (bel_manifest_parse_time ("1969-12-31T23:59:59Z", NULL));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/manifest/valid", test_manifest_valid);
  g_test_add_func ("/manifest/round-trip", test_manifest_round_trip);
  g_test_add_func ("/manifest/paths", test_manifest_paths);
  g_test_add_func ("/manifest/rejects", test_manifest_rejects);
  g_test_add_func ("/manifest/not-json", test_manifest_not_json);
  g_test_add_func ("/manifest/deep-nesting", test_manifest_deep_nesting);
  g_test_add_func ("/manifest/too-large", test_manifest_too_large);
  g_test_add_func ("/manifest/limits", test_manifest_limits);
  g_test_add_func ("/manifest/times", test_manifest_times);

  return g_test_run ();
}
