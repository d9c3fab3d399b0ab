/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "bel-admin-publish"

#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <glib/gstdio.h>

#include "bel-admin.h"
#include "bel-bundle.h"
#include "bel-content.h"
#include "bel-content-import.h"
#include "bel-manifest.h"
#include "bel-minisign.h"
#include "bel-sync-status.h"

#define KEY_NAME "beledci.key"
#define PUB_NAME "beledci.pub"

/* Prints a sync error as the kiosk would name it: "beledci-admin: bad-signature: ...". */
static int
fail_with (const GError *error)
{
  if (error->domain == BEL_SYNC_ERROR)
    return bel_admin_fail (1, "%s: %s", bel_sync_error_to_string (error->code), error->message);
  return bel_admin_fail (1, "%s", error->message);
}

static GOptionContext *
new_context (const char         *parameters,
             const char         *summary,
             const GOptionEntry *entries)
{
  GOptionContext *context = g_option_context_new (parameters);

  g_option_context_set_summary (context, summary);
  g_option_context_add_main_entries (context, entries, NULL);
  return context;
}

/* beledci-admin keygen --out DIR */
int
bel_admin_keygen (int    argc,
                  char **argv)
{
  g_autofree char *out = NULL;
  gboolean force = FALSE;
  const GOptionEntry entries[] = {
    { "out", 'o', 0, G_OPTION_ARG_FILENAME, &out, "Directory for " KEY_NAME " and " PUB_NAME, "DIR" },
    { "force", 'f', 0, G_OPTION_ARG_NONE, &force, "Overwrite an existing key pair", NULL },
    { NULL }
  };
  g_autoptr(GOptionContext) context =
    new_context ("--out DIR", "Makes a new Ed25519 key pair in minisign's formats.", entries);
  g_autoptr(GError) error = NULL;
  g_autoptr(BelMinisignSecretKey) secret = NULL;
  g_autoptr(BelMinisignPublicKey) public_key = NULL;
  g_autofree char *key_path = NULL;
  g_autofree char *pub_path = NULL;
  g_autofree char *secret_text = NULL;
  g_autofree char *public_text = NULL;
  g_autofree char *public_line = NULL;
  g_autofree char *id = NULL;

  if (!g_option_context_parse (context, &argc, &argv, &error))
    return bel_admin_fail (2, "%s", error->message);
  if (out == NULL || argc != 1)
    return bel_admin_fail (2, "usage: beledci-admin keygen --out DIR [--force]");

  if (g_mkdir_with_parents (out, 0700) != 0)
    return bel_admin_fail (1, "cannot create %s: %s", out, g_strerror (errno));
  key_path = g_build_filename (out, KEY_NAME, NULL);
  pub_path = g_build_filename (out, PUB_NAME, NULL);
  if (!force && (g_file_test (key_path, G_FILE_TEST_EXISTS) ||
                 g_file_test (pub_path, G_FILE_TEST_EXISTS)))
    return bel_admin_fail (1, "%s already holds a key pair; give --force to replace it "
                              "(kiosks that pin the old key will refuse bundles signed with "
                              "the new one)", out);

  secret = bel_minisign_secret_key_generate ();
  public_key = bel_minisign_secret_key_get_public (secret);
  secret_text = bel_minisign_secret_key_to_string (secret);
  public_text = bel_minisign_public_key_to_string (public_key);
  public_line = bel_minisign_public_key_to_base64 (public_key);
  id = bel_minisign_public_key_get_id (public_key);

  /* Mode 0600 from the start: the key is not encrypted. */
  if (!g_file_set_contents_full (key_path, secret_text, -1,
                                 G_FILE_SET_CONTENTS_CONSISTENT | G_FILE_SET_CONTENTS_DURABLE,
                                 0600, &error) ||
      !g_file_set_contents_full (pub_path, public_text, -1,
                                 G_FILE_SET_CONTENTS_CONSISTENT | G_FILE_SET_CONTENTS_DURABLE,
                                 0644, &error))
    return fail_with (error);
  memset (secret_text, 0, strlen (secret_text));

  printf ("Key id:     %s\n", id);
  printf ("Secret key: %s\n"
          "            NOT encrypted: keep it private, on the operator's machine, never on the server.\n",
          key_path);
  printf ("Public key: %s\n", pub_path);
  printf ("Pin it on each kiosk:\n"
          "  gsettings set io.github.beledci.Kiosk trusted-public-keys \"['%s']\"\n", public_line);
  printf ("Anyone can check a bundle with:\n"
          "  minisign -Vm DIR/manifest.json -p %s\n", pub_path);
  return 0;
}

/* beledci-admin publish --key SECRET --out DIR [SOURCE] */
int
bel_admin_publish (int    argc,
                   char **argv)
{
  g_autofree char *key_path = NULL;
  g_autofree char *out = NULL;
  g_autofree char *channel = NULL;
  g_autofree char *published = NULL;
  gint64 revision = 0;
  int valid_days = 0;
  const GOptionEntry entries[] = {
    { "key", 'k', 0, G_OPTION_ARG_FILENAME, &key_path, "The secret key (beledci-admin keygen)", "SECRET" },
    { "out", 'o', 0, G_OPTION_ARG_FILENAME, &out, "The bundle directory to publish into", "DIR" },
    { "channel", 0, 0, G_OPTION_ARG_STRING, &channel, "Channel name (default " BEL_BUNDLE_DEFAULT_CHANNEL ")", "NAME" },
    { "revision", 0, 0, G_OPTION_ARG_INT64, &revision,
      "Revision (default: one more than DIR's last)", "N" },
    { "valid-days", 0, 0, G_OPTION_ARG_INT, &valid_days, "Days until the bundle expires (default 90)", "N" },
    { "published", 0, 0, G_OPTION_ARG_STRING, &published,
      "Publish time, YYYY-MM-DDTHH:MM:SSZ (default: now; for tests and re-signing)", "TIME" },
    { NULL }
  };
  g_autoptr(GOptionContext) context =
    new_context ("--key SECRET --out DIR [SOURCE]",
                 "Builds a signed bundle from a content tree (default: the bundled data/).",
                 entries);
  g_autoptr(GError) error = NULL;
  g_autoptr(BelMinisignSecretKey) secret = NULL;
  g_autoptr(BelContent) content = NULL;
  g_autoptr(BelManifest) manifest = NULL;
  g_autofree char *expires = NULL;
  BelBundlePublishOptions options = { 0 };
  const char *source;

  if (!g_option_context_parse (context, &argc, &argv, &error))
    return bel_admin_fail (2, "%s", error->message);
  if (key_path == NULL || out == NULL || argc > 2)
    return bel_admin_fail (2, "usage: beledci-admin publish --key SECRET --out DIR [SOURCE]");
  if (valid_days < 0 || valid_days > 3650)
    return bel_admin_fail (2, "--valid-days: expected 1 to 3650");
  if (revision < 0 || revision > BEL_MANIFEST_MAX_REVISION)
    return bel_admin_fail (2, "--revision: expected a whole number from 1 to 2^53-1");
  if (published != NULL && !bel_manifest_parse_time (published, &options.published))
    return bel_admin_fail (2, "--published: expected a time such as 2026-01-31T12:00:00Z");

  source = argc == 2 ? argv[1] : bel_content_bundled_dir ();
  secret = bel_minisign_secret_key_load (key_path, &error);
  if (secret == NULL)
    return fail_with (error);
  content = bel_content_new_from_dir (source, &error);
  if (content == NULL)
    return fail_with (error);

  options.channel = channel;
  options.revision = revision;
  options.valid_days = (guint)valid_days;
  manifest = bel_bundle_publish (content, out, secret, &options, &error);
  if (manifest == NULL)
    return fail_with (error);

  expires = bel_manifest_format_time (manifest->expires);
  printf ("Published revision %" G_GINT64_FORMAT " (channel %s) to %s: %u files, %"
          G_GINT64_FORMAT " bytes, expires %s\n",
          manifest->revision, manifest->channel, out, manifest->files->len,
          bel_manifest_total_size (manifest), expires);
  return 0;
}

/* beledci-admin verify DIR --pub KEY.pub */
int
bel_admin_verify (int    argc,
                  char **argv)
{
  g_auto(GStrv) pubs = NULL;
  const GOptionEntry entries[] = {
    { "pub", 'p', 0, G_OPTION_ARG_FILENAME_ARRAY, &pubs, "A trusted public key (repeatable)", "KEY.pub" },
    { NULL }
  };
  g_autoptr(GOptionContext) context =
    new_context ("DIR --pub KEY.pub", "Checks a bundle as a kiosk would.", entries);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) keys = NULL;
  g_autoptr(BelManifest) manifest = NULL;
  g_autoptr(BelContent) content = NULL;
  g_autofree char *published = NULL;
  g_autofree char *expires = NULL;
  gboolean current;

  if (!g_option_context_parse (context, &argc, &argv, &error))
    return bel_admin_fail (2, "%s", error->message);
  if (argc != 2 || pubs == NULL)
    return bel_admin_fail (2, "usage: beledci-admin verify DIR --pub KEY.pub");

  keys = g_ptr_array_new_with_free_func ((GDestroyNotify)bel_minisign_public_key_free);
  for (guint i = 0; pubs[i] != NULL; i++)
    {
      BelMinisignPublicKey *key = bel_minisign_public_key_load (pubs[i], &error);
      if (key == NULL)
        return fail_with (error);
      g_ptr_array_add (keys, key);
    }
  g_ptr_array_add (keys, NULL);

  manifest = bel_bundle_verify_dir (argv[1], (BelMinisignPublicKey * const *)keys->pdata,
                                    &content, NULL, &error);
  if (manifest == NULL)
    return fail_with (error);

  /* Everything a kiosk checks but the revision it has, which only the kiosk knows. */
  if (!bel_bundle_check_freshness (manifest, 0, 0, g_get_real_time () / G_USEC_PER_SEC,
                                   &current, &error))
    return fail_with (error);
  {
    g_autoptr(BelDatabase) db = bel_database_open (":memory:", &error);
    if (db == NULL || !bel_content_import (db, content, &error))
      return bel_admin_fail (1, "malformed: the content is not valid: %s", error->message);
  }

  published = bel_manifest_format_time (manifest->published);
  expires = bel_manifest_format_time (manifest->expires);
  printf ("OK: revision %" G_GINT64_FORMAT ", channel %s, published %s, expires %s, %u files, %"
          G_GINT64_FORMAT " bytes\n",
          manifest->revision, manifest->channel, published, expires, manifest->files->len,
          bel_manifest_total_size (manifest));
  return 0;
}
