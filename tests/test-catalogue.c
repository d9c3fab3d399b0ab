/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-catalogue"

#include <glib/gstdio.h>
#include <sqlite3.h>

#include "bel-catalogue.h"
#include "bel-content-import.h"
#include "bel-issue.h"

#define META "{\"format\": 1, \"revision\": %d, \"published\": \"2026-11-%02d\"}"
#define CATEGORIES \
  "[{\"id\": \"documents\", \"icon\": \"x\", " \
  "\"name\": {\"az\": \"Sənədlər\", \"ru\": \"Документы\", \"en\": \"Documents\"}}]"

static const char *agency_template =
  "{\n"
  "  \"agency\": {\n"
  "    \"id\": \"mia\",\n"
  "    \"name\": {\"az\": \"Daxili İşlər Nazirliyi\", \"ru\": \"МВД\", \"en\": \"Ministry of Internal Affairs\"},\n"
  "    \"former_names\": [{\"az\": \"Köhnə Nazirlik\", \"ru\": \"Старое\", \"en\": \"Old ministry\"}]\n"
  "  },\n"
  "  \"services\": [\n"
  "    {\n"
  "      \"id\": \"mia-criminal-record\",\n"
  "      \"categories\": [\"documents\"],\n"
  "      \"title\": {\"az\": \"Məhkumluq haqqında arayış\", \"ru\": \"Справка о судимости\", \"en\": \"Criminal record certificate\"},\n"
  "      \"summary\": {\"az\": \"Arayış alın.\", \"ru\": \"Получите справку.\", \"en\": \"Get a certificate.\"},\n"
  "      \"steps\": {\"az\": [\"Daxil olun\"], \"ru\": [\"Войдите\"], \"en\": [\"Sign in\"]},\n"
  "      \"fee\": null,\n"
  "      \"channel\": \"online\",\n"
  "      \"sign_in\": [\"fin\", \"asan-imza\"],\n"
  "      \"url\": \"https://www.e-gov.az/\",\n"
  "      \"keywords\": {\"az\": [\"polis arayışı\"], \"ru\": [\"несудимость\"], \"en\": []},\n"
  "      \"checked\": \"2026-11-28\",\n"
  "      \"source\": \"test\"\n"
  "    }%s\n"
  "  ]\n"
  "}\n";

static const char *second_service =
  ",\n"
  "    {\n"
  "      \"id\": \"mia-id-card\",\n"
  "      \"categories\": [\"documents\"],\n"
  "      \"title\": {\"az\": \"Şəxsiyyət vəsiqəsi\", \"ru\": \"Удостоверение личности\", \"en\": \"Identity card\"},\n"
  "      \"summary\": {\"az\": \"Vəsiqə alın.\", \"ru\": \"Получите удостоверение.\", \"en\": \"Get an ID card.\"},\n"
  "      \"fee\": 0,\n"
  "      \"channel\": \"in-person\",\n"
  "      \"sign_in\": [],\n"
  "      \"url\": \"https://www.e-gov.az/\",\n"
  "      \"keywords\": {\"az\": [\"pasport\"], \"ru\": [\"паспорт\"], \"en\": [\"passport\"]},\n"
  "      \"checked\": \"2026-11-28\",\n"
  "      \"source\": \"test\"\n"
  "    }";

static void
add_string (BelContent *content,
            const char *path,
            const char *text)
{
  g_autoptr(GBytes) bytes = g_bytes_new (text, strlen (text));
  bel_content_add (content, path, bytes);
}

static BelContent *
make_content (int         revision,
              const char *agency_json)
{
  BelContent *content = bel_content_new ();
  g_autofree char *meta = g_strdup_printf (META, revision, revision);

  add_string (content, "catalogue/catalogue.json", meta);
  add_string (content, "catalogue/categories.json", CATEGORIES);
  add_string (content, "catalogue/agencies/mia.json", agency_json);
  return content;
}

static char *
agency_json (gboolean with_second)
{
  return g_strdup_printf (agency_template, with_second ? second_service : "");
}

/* Replaces the first occurrence of @from in the valid agency file with @to. */
static char *
mutate (const char *from,
        const char *to)
{
  g_autofree char *valid = agency_json (TRUE);
  const char *hit = strstr (valid, from);
  GString *out;

  g_assert_nonnull (hit);
  out = g_string_new_len (valid, hit - valid);
  g_string_append (out, to);
  g_string_append (out, hit + strlen (from));
  return g_string_free (out, FALSE);
}

static GPtrArray *
validate (BelContent *content)
{
  GPtrArray *issues = g_ptr_array_new_with_free_func ((GDestroyNotify)bel_issue_free);
  BelCatalogueData *data = bel_catalogue_data_parse (content, issues);

  g_assert_true ((data == NULL) == (issues->len > 0));
  bel_catalogue_data_free (data);
  return issues;
}

static void
assert_issues (GPtrArray          *issues,
               const char * const *expected)
{
  guint n = g_strv_length ((char **)expected);

  for (guint i = 0; i < issues->len; i++)
    {
      g_autofree char *line = bel_issue_to_string (g_ptr_array_index (issues, i));
      if (i >= n || !g_str_equal (line, expected[i]))
        g_error ("issue %u: got “%s”, expected “%s”", i, line, i < n ? expected[i] : "(none)");
    }
  g_assert_cmpuint (issues->len, ==, n);
}

static void
test_validate_messages (void)
{
  static const struct {
    const char *from;
    const char *to;
    const char *expected[3];
  } cases[] = {
    { "\"ru\": \"Справка о судимости\", ", "",
      { "agencies/mia.json:11: services[0].title.ru: missing translation" } },
    { "\"summary\": {\"az\": \"Arayış alın.\"", "\"sumary\": {\"az\": \"Arayış alın.\"",
      { "agencies/mia.json:8: services[0].summary: missing",
        "agencies/mia.json:12: services[0].sumary: unknown member" } },
    { "\"id\": \"mia-id-card\"", "\"id\": \"mia-criminal-record\"",
      { "agencies/mia.json:23: services[1].id: duplicate id “mia-criminal-record” "
        "(first in agencies/mia.json:9)" } },
    { "\"categories\": [\"documents\"],\n      \"title\": {\"az\": \"Şəxsiyyət",
      "\"categories\": [\"pets\"],\n      \"title\": {\"az\": \"Şəxsiyyət",
      { "agencies/mia.json:24: services[1].categories[0]: unknown category “pets”" } },
    { "\"fee\": null", "\"fee\": \"free\"",
      { "agencies/mia.json:14: services[0].fee: expected null, 0 or an amount in AZN" } },
    { "\"fee\": null,\n", "",
      { "agencies/mia.json:8: services[0].fee: missing (use null when the fee is not known, "
        "0 when it is free)" } },
    { "\"channel\": \"online\"", "\"channel\": \"internet\"",
      { "agencies/mia.json:15: services[0].channel: “internet” is not one of online, in-person, both" } },
    { "\"steps\": {\"az\": [\"Daxil olun\"], \"ru\": [\"Войдите\"]",
      "\"steps\": {\"az\": [\"Daxil olun\", \"Göndərin\"], \"ru\": [\"Войдите\"]",
      { "agencies/mia.json:13: services[0].steps: the az, ru and en lists differ in length (2, 1, 1)" } },
    { "\"url\": \"https://www.e-gov.az/\"", "\"url\": \"http://e-gov.az\"",
      { "agencies/mia.json:17: services[0].url: “http://e-gov.az” is not an https:// address" } },
    { "\"checked\": \"2026-11-28\"", "\"checked\": \"2026-02-30\"",
      { "agencies/mia.json:19: services[0].checked: “2026-02-30” is not a date (YYYY-MM-DD)" } },
    { "\"sign_in\": [\"fin\", \"asan-imza\"]", "\"sign_in\": [\"fin\", \"password\"]",
      { "agencies/mia.json:16: services[0].sign_in[1]: unknown sign-in method “password” "
        "(known: fin, sima, asan-imza, e-imza, bsxm)" } },
    { "\"title\": {\"az\": \"Məhkumluq haqqında arayış\"", "\"title\": {\"az\": 42",
      { "agencies/mia.json:11: services[0].title.az: expected a string" } },
    { "\"id\": \"mia\"", "\"id\": \"tax\"",
      { "agencies/mia.json:3: agency.id: “tax” differs from the file name (mia.json)" } },
    { "\"source\": \"test\"\n    }\n  ]", "\"source\": \"test\"\n    }\n  ],\n  \"x\": [",
      { "agencies/mia.json:37: (file): malformed JSON: unexpected character" } },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *json = mutate (cases[i].from, cases[i].to);
      g_autoptr(BelContent) content = make_content (1, json);
      g_autoptr(GPtrArray) issues = validate (content);

      g_test_message ("case %u", i);
      if (strstr (cases[i].expected[0], "malformed JSON") != NULL)
        {
          g_autofree char *line = NULL;
          g_assert_cmpuint (issues->len, ==, 1);
          line = bel_issue_to_string (g_ptr_array_index (issues, 0));
          if (!g_str_has_prefix (line, cases[i].expected[0]))
            g_error ("got “%s”", line);
        }
      else
        assert_issues (issues, cases[i].expected);
    }
}

static void
test_validate_files (void)
{
  g_autofree char *valid = agency_json (TRUE);
  g_autoptr(BelContent) content = make_content (1, valid);
  g_autoptr(GPtrArray) issues = NULL;
  g_autofree char *big = NULL;

  /* An invalid UTF-8 file, an oversized one, an unexpected one, missing metadata. */
  add_string (content, "catalogue/agencies/bad.json", "{\n\"agency\": \"\xff\xfe\"}");
  bel_content_add (content, "catalogue/agencies/huge.json", NULL);
  add_string (content, "catalogue/notes.txt", "hello");
  big = g_strnfill (5 * 1024 * 1024, ' ');
  add_string (content, "catalogue/agencies/spaces.json", big);
  issues = validate (content);
  {
    const char *expected[] = {
      "agencies/bad.json:2: (file): invalid UTF-8",
      "agencies/huge.json:0: (file): file too large (at most 4194304 bytes)",
      "agencies/spaces.json:0: (file): file too large (5242880 bytes, at most 4194304)",
      "notes.txt:0: (file): unexpected file (the catalogue holds catalogue.json, "
      "categories.json and agencies/<id>.json)",
      NULL
    };
    assert_issues (issues, expected);
  }
}

static BelCatalogue *
load (BelDatabase *db,
      BelContent  *content)
{
  g_autoptr(GError) error = NULL;
  BelCatalogue *catalogue;

  g_assert_true (bel_content_import (db, content, &error));
  g_assert_no_error (error);
  catalogue = bel_catalogue_new (db, NULL, &error);
  g_assert_no_error (error);
  return catalogue;
}

static void
test_import_and_tombstone (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(BelDatabase) db = bel_database_open (":memory:", &error);
  g_autofree char *both = agency_json (TRUE);
  g_autofree char *one = agency_json (FALSE);
  g_autoptr(BelContent) v1 = make_content (1, both);
  g_autoptr(BelContent) v2 = make_content (2, one);
  g_autoptr(BelCatalogue) catalogue = NULL;
  g_autoptr(GPtrArray) results = NULL;
  BelService *card;
  double fee;

  g_assert_no_error (error);
  catalogue = load (db, v1);
  g_assert_cmpint (bel_catalogue_get_revision (catalogue), ==, 1);
  g_assert_cmpuint (g_list_model_get_n_items (bel_catalogue_get_services (catalogue)), ==, 2);
  card = bel_catalogue_get_service (catalogue, "mia-id-card");
  g_assert_nonnull (card);
  g_assert_true (bel_service_get_fee (card, &fee));
  g_assert_cmpfloat (fee, ==, 0.0);
  g_assert_false (bel_service_get_fee (bel_catalogue_get_service (catalogue, "mia-criminal-record"),
                                       NULL));
  g_assert_cmpstr (bel_service_get_steps (bel_catalogue_get_service (catalogue,
                                                                     "mia-criminal-record"),
                                          BEL_LANG_RU)[0], ==, "Войдите");
  g_assert_cmpuint (bel_agency_get_n_services (bel_catalogue_get_agency (catalogue, "mia")), ==, 2);
  results = bel_catalogue_search (catalogue, "pasport", 10, NULL);
  g_assert_cmpuint (results->len, >=, 1);
  g_assert_cmpstr (bel_service_get_id (g_ptr_array_index (results, 0)), ==, "mia-id-card");
  g_clear_pointer (&results, g_ptr_array_unref);
  g_clear_object (&catalogue);

  /* Revision 2 drops the ID card: it stays as a tombstone, out of search and counts. */
  catalogue = load (db, v2);
  g_assert_cmpint (bel_catalogue_get_revision (catalogue), ==, 2);
  card = bel_catalogue_get_service (catalogue, "mia-id-card");
  g_assert_nonnull (card);
  g_assert_true (bel_service_is_retired (card));
  g_assert_cmpstr (bel_service_get_title (card, BEL_LANG_EN), ==, "Identity card");
  g_assert_cmpuint (bel_agency_get_n_services (bel_catalogue_get_agency (catalogue, "mia")), ==, 1);
  results = bel_catalogue_search (catalogue, "pasport", 10, NULL);
  for (guint i = 0; i < results->len; i++)
    g_assert_cmpstr (bel_service_get_id (g_ptr_array_index (results, i)), !=, "mia-id-card");
  g_clear_pointer (&results, g_ptr_array_unref);
  results = bel_catalogue_list_category (catalogue, "documents", BEL_LANG_AZ);
  g_assert_cmpuint (results->len, ==, 1);
}

static void
test_invalid_import_changes_nothing (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(BelDatabase) db = bel_database_open (":memory:", &error);
  g_autofree char *valid = agency_json (TRUE);
  g_autofree char *broken = mutate ("\"en\": \"Identity card\"", "\"en\": \"\"");
  g_autoptr(BelContent) v1 = make_content (1, valid);
  g_autoptr(BelContent) v2 = make_content (2, broken);
  g_autoptr(BelCatalogue) catalogue = load (db, v1);

  g_assert_false (bel_content_import (db, v2, &error));
  g_assert_error (error, BEL_CATALOGUE_ERROR, BEL_CATALOGUE_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "services[1].title.en: empty text"));
  g_assert_true (bel_catalogue_reload (catalogue, NULL));
  g_assert_cmpint (bel_catalogue_get_revision (catalogue), ==, 1);
  g_assert_false (bel_service_is_retired (bel_catalogue_get_service (catalogue, "mia-id-card")));
}

static void
test_migration_from_version_1 (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("beledci-migrate-XXXXXX", &error);
  g_autofree char *path = g_build_filename (dir, "kiosk.db", NULL);
  g_autoptr(BelDatabase) old = NULL;
  g_autoptr(BelDatabase) db = NULL;
  g_autoptr(BelCatalogue) catalogue = NULL;
  g_autofree char *published = NULL;

  g_assert_no_error (error);

  /* A kiosk that ran the first schema, with a catalogue in it. */
  old = bel_database_open_at_version (path, 1, &error);
  g_assert_no_error (error);
  g_assert_cmpint (bel_database_get_version (old), ==, 1);
  g_assert_true (bel_database_exec (old,
                                    "INSERT INTO meta VALUES ('catalogue-revision', '7'),"
                                    " ('catalogue-published', '2025-01-02');"
                                    "INSERT INTO categories VALUES ('documents', 0, 'x', 'Sənədlər',"
                                    " 'Документы', 'Documents');"
                                    "INSERT INTO agencies (id, position, name_az, name_ru, name_en)"
                                    " VALUES ('mia', 0, 'DİN', 'МВД', 'MIA');"
                                    "INSERT INTO services (id, agency_id, position, title_az,"
                                    " title_ru, title_en, summary_az, summary_ru, summary_en,"
                                    " channel, url, checked, source, keywords) VALUES"
                                    " ('mia-x', 'mia', 0, 'Arayış', 'Справка', 'Certificate',"
                                    " 'a', 'b', 'c', 'online', 'https://e-gov.az', '2025-01-01',"
                                    " 's', 'arayis' || char(30) || 'справка' || char(30) || 'paper');"
                                    "INSERT INTO service_categories VALUES ('mia-x', 'documents');",
                                    &error));
  g_assert_no_error (error);
  g_clear_object (&old);

  db = bel_database_open (path, &error);
  g_assert_no_error (error);
  g_assert_cmpint (bel_database_get_version (db), ==, bel_database_latest_version ());
  g_assert_cmpint (bel_database_get_version (db), >=, 2);

  /* The old data survives and reads through the new schema. */
  catalogue = bel_catalogue_new (db, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (bel_catalogue_get_revision (catalogue), ==, 7);
  g_assert_cmpstr (bel_catalogue_get_published (catalogue), ==, "2025-01-02");
  g_assert_false (bel_service_is_retired (bel_catalogue_get_service (catalogue, "mia-x")));
  g_assert_cmpstr (bel_service_get_data (bel_catalogue_get_service (catalogue, "mia-x"))
                   ->keywords[BEL_LANG_RU][0], ==, "справка");
  g_clear_object (&catalogue);
  g_clear_object (&db);

  /* A database from a newer program is refused, not damaged. */
  {
    sqlite3 *handle;
    g_assert_cmpint (sqlite3_open (path, &handle), ==, SQLITE_OK);
    g_assert_cmpint (sqlite3_exec (handle, "PRAGMA user_version = 9999", NULL, NULL, NULL), ==,
                     SQLITE_OK);
    sqlite3_close (handle);
  }
  db = bel_database_open (path, &error);
  g_assert_null (db);
  g_assert_error (error, BEL_DATABASE_ERROR, BEL_DATABASE_ERROR_TOO_NEW);

  published = g_build_filename (dir, "kiosk.db-wal", NULL);
  g_unlink (published);
  g_free (published);
  published = g_build_filename (dir, "kiosk.db-shm", NULL);
  g_unlink (published);
  g_unlink (path);
  g_rmdir (dir);
}

static void
test_bundled_catalogue (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(BelDatabase) db = bel_database_open (":memory:", &error);
  g_autoptr(BelCatalogue) catalogue = NULL;
  GListModel *agencies;
  guint n_offered = 0;

  g_assert_no_error (error);
  catalogue = bel_catalogue_new (db, g_getenv ("BELEDCI_DATA_DIR"), &error);
  g_assert_no_error (error);

  /* What the issue promises a kiosk shows on its first boot with no network. */
  agencies = bel_catalogue_get_agencies (catalogue);
  g_assert_cmpuint (g_list_model_get_n_items (agencies), >=, 16);
  for (guint i = 0; i < g_list_model_get_n_items (agencies); i++)
    {
      g_autoptr(BelAgency) agency = g_list_model_get_item (agencies, i);
      if (bel_agency_get_n_services (agency) < 3)
        g_error ("%s has only %u services", bel_agency_get_id (agency),
                 bel_agency_get_n_services (agency));
      n_offered += bel_agency_get_n_services (agency);
    }
  g_assert_cmpuint (n_offered, >=, 150);

  /* Services the issue names by title, each found by its Azerbaijani name. */
  {
    static const char *must_find[] = {
      "Məhkumluq haqqında arayış",
      "Ünvanlı dövlət sosial yardımı",
      "Güzəştli mənzil",
      "Daşınmaz əmlakın dövlət reyestrindən elektron çıxarış",
      "Məcburi köçkün statusu haqqında arayış",
    };

    for (guint i = 0; i < G_N_ELEMENTS (must_find); i++)
      {
        g_autoptr(GPtrArray) results = bel_catalogue_search (catalogue, must_find[i], 3, NULL);
        gboolean found = FALSE;

        for (guint r = 0; r < results->len; r++)
          {
            g_autofree char *title = g_utf8_casefold (bel_service_get_title (g_ptr_array_index (results, r), BEL_LANG_AZ), -1);
            g_autofree char *want = g_utf8_casefold (must_find[i], -1);
            found |= strstr (title, want) != NULL;
          }
        if (!found)
          g_error ("“%s” is not in the bundled catalogue's top 3", must_find[i]);
      }
  }
}

static char *
write_content_dir (int         revision,
                   const char *agency)
{
  g_autoptr(GError) error = NULL;
  char *dir = g_dir_make_tmp ("beledci-bundled-XXXXXX", &error);
  g_autofree char *agencies = g_build_filename (dir, "catalogue", "agencies", NULL);
  g_autofree char *meta = g_strdup_printf (META, revision, revision);
  g_autofree char *meta_path = g_build_filename (dir, "catalogue", "catalogue.json", NULL);
  g_autofree char *categories_path = g_build_filename (dir, "catalogue", "categories.json", NULL);
  g_autofree char *agency_path = g_build_filename (agencies, "mia.json", NULL);

  g_assert_no_error (error);
  g_assert_cmpint (g_mkdir_with_parents (agencies, 0700), ==, 0);
  g_assert_true (g_file_set_contents (meta_path, meta, -1, NULL));
  g_assert_true (g_file_set_contents (categories_path, CATEGORIES, -1, NULL));
  g_assert_true (g_file_set_contents (agency_path, agency, -1, NULL));
  return dir;
}

static void
remove_tree (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  while (dir && (name = g_dir_read_name (dir)))
    {
      g_autofree char *child = g_build_filename (path, name, NULL);
      if (g_file_test (child, G_FILE_TEST_IS_DIR))
        remove_tree (child);
      else
        g_unlink (child);
    }
  g_rmdir (path);
}

static void
test_bundled_after_update (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(BelDatabase) db = bel_database_open (":memory:", &error);
  g_autofree char *both = agency_json (TRUE);
  g_autofree char *one = agency_json (FALSE);
  g_autofree char *v1 = write_content_dir (1, one);
  g_autofree char *v2 = write_content_dir (2, both);
  g_autoptr(BelCatalogue) catalogue = NULL;

  /* First boot: the bundled catalogue. */
  catalogue = bel_catalogue_new (db, v1, &error);
  g_assert_no_error (error);
  g_assert_cmpint (bel_catalogue_get_revision (catalogue), ==, 1);
  g_clear_object (&catalogue);

  /* A program update ships a newer catalogue: it replaces the shipped one. */
  catalogue = bel_catalogue_new (db, v2, &error);
  g_assert_no_error (error);
  g_assert_cmpint (bel_catalogue_get_revision (catalogue), ==, 2);
  g_assert_nonnull (bel_catalogue_get_service (catalogue, "mia-id-card"));
  g_clear_object (&catalogue);

  /* Once a signed bundle was applied, only newer bundles replace the content, even when the
   * program ships a catalogue with a higher revision number. */
  g_assert_true (bel_database_exec (db, "UPDATE meta SET value = '1' WHERE key = 'catalogue-revision';"
                                        "UPDATE sync_state SET revision = 4 WHERE id = 1", &error));
  catalogue = bel_catalogue_new (db, v2, &error);
  g_assert_no_error (error);
  g_assert_cmpint (bel_catalogue_get_revision (catalogue), ==, 1);

  remove_tree (v1);
  remove_tree (v2);
}

static void
test_hostile_queries (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(BelDatabase) db = bel_database_open (":memory:", &error);
  g_autofree char *valid = agency_json (TRUE);
  g_autoptr(BelContent) content = make_content (1, valid);
  g_autoptr(BelCatalogue) catalogue = load (db, content);
  g_autofree char *long_query = g_strnfill (10 * 1024, 'a');
  const char *queries[] = {
    "\"", "'", "\"pasport", "pasport AND", "NEAR(a b)", "*", "a*", "(", ")", "()", "-", "^",
    "\xff\xfe\xfd", "pas\x01port", "\t\n\r", "", " ", "%", "_", "\\", "' OR 1=1 --",
    "DROP TABLE services;", "\xc3", "məh\xe2\x80", long_query,
  };

  for (guint i = 0; i < G_N_ELEMENTS (queries); i++)
    {
      g_autoptr(GPtrArray) results = bel_catalogue_search (catalogue, queries[i], 20, NULL);
      g_assert_nonnull (results);
    }

  /* Still intact afterwards. */
  {
    g_autoptr(GPtrArray) results = bel_catalogue_search (catalogue, "\"pasport\"", 20, NULL);
    g_assert_cmpuint (results->len, >=, 1);
    g_assert_cmpstr (bel_service_get_id (g_ptr_array_index (results, 0)), ==, "mia-id-card");
  }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/catalogue/validate/messages", test_validate_messages);
  g_test_add_func ("/catalogue/validate/files", test_validate_files);
  g_test_add_func ("/catalogue/import/tombstone", test_import_and_tombstone);
  g_test_add_func ("/catalogue/import/invalid-changes-nothing", test_invalid_import_changes_nothing);
  g_test_add_func ("/catalogue/migration/from-version-1", test_migration_from_version_1);
  g_test_add_func ("/catalogue/bundled", test_bundled_catalogue);
  g_test_add_func ("/catalogue/bundled-after-update", test_bundled_after_update);
  g_test_add_func ("/catalogue/hostile-queries", test_hostile_queries);

  return g_test_run ();
}
