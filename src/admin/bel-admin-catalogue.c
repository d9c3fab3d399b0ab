/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "bel-admin-catalogue"

#include "config.h"

#include <stdio.h>
#include <json-glib/json-glib.h>

#include "bel-admin.h"
#include "bel-catalogue.h"
#include "bel-content-import.h"
#include "bel-issue.h"

/* Loads a content tree (data/ or data/catalogue) into an in-memory database. */
BelCatalogue *
bel_admin_open_catalogue (const char  *dir,
                          GError     **error)
{
  g_autoptr(BelDatabase) db = NULL;
  g_autoptr(BelContent) content = NULL;

  if (dir == NULL)
    dir = bel_content_bundled_dir ();
  if (!(content = bel_content_new_from_dir (dir, error)))
    return NULL;
  if (!(db = bel_database_open (":memory:", error)))
    return NULL;
  if (!bel_content_import (db, content, error))
    return NULL;
  return bel_catalogue_new (db, NULL, error);
}

void
bel_admin_print_issues (GPtrArray *issues)
{
  for (guint i = 0; i < issues->len; i++)
    {
      g_autofree char *line = bel_issue_to_string (g_ptr_array_index (issues, i));
      printf ("%s\n", line);
    }
  if (issues->len > 0)
    fprintf (stderr, "%u problem%s found\n", issues->len, issues->len == 1 ? "" : "s");
}

static void
print_json (JsonBuilder *builder)
{
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) root = json_builder_get_root (builder);
  g_autofree char *text = NULL;

  json_generator_set_root (generator, root);
  json_generator_set_pretty (generator, TRUE);
  text = json_generator_to_data (generator, NULL);
  printf ("%s\n", text);
}

static void
add_text (JsonBuilder   *builder,
          const char    *name,
          const BelText *text)
{
  json_builder_set_member_name (builder, name);
  json_builder_begin_object (builder);
  for (guint l = 0; l < BEL_N_LANGS; l++)
    {
      json_builder_set_member_name (builder, bel_lang_to_code (l));
      if (text->text[l])
        json_builder_add_string_value (builder, text->text[l]);
      else
        json_builder_add_null_value (builder);
    }
  json_builder_end_object (builder);
}

static void
add_lists (JsonBuilder *builder,
           const char  *name,
           GStrv const  lists[BEL_N_LANGS])
{
  json_builder_set_member_name (builder, name);
  json_builder_begin_object (builder);
  for (guint l = 0; l < BEL_N_LANGS; l++)
    {
      json_builder_set_member_name (builder, bel_lang_to_code (l));
      json_builder_begin_array (builder);
      for (guint i = 0; lists[l] && lists[l][i]; i++)
        json_builder_add_string_value (builder, lists[l][i]);
      json_builder_end_array (builder);
    }
  json_builder_end_object (builder);
}

static void
add_strv (JsonBuilder *builder,
          const char  *name,
          GStrv        items)
{
  json_builder_set_member_name (builder, name);
  json_builder_begin_array (builder);
  for (guint i = 0; items && items[i]; i++)
    json_builder_add_string_value (builder, items[i]);
  json_builder_end_array (builder);
}

static int
catalogue_validate (int    argc,
                    char **argv)
{
  g_autoptr(GPtrArray) issues = g_ptr_array_new_with_free_func ((GDestroyNotify)bel_issue_free);
  g_autoptr(BelCatalogueData) data = NULL;
  g_autoptr(BelContent) content = NULL;
  g_autoptr(GError) error = NULL;
  const char *dir;

  if (argc > 2)
    return bel_admin_fail (2, "usage: catalogue validate [DIR]");
  dir = argc == 2 ? argv[1] : bel_content_bundled_dir ();

  if (!(content = bel_content_new_from_dir (dir, &error)))
    return bel_admin_fail (1, "%s", error->message);

  data = bel_catalogue_data_parse (content, issues);
  bel_admin_print_issues (issues);
  if (data == NULL)
    return 1;
  fprintf (stderr, "%s: %u agencies, %u services, revision %" G_GINT64_FORMAT ": no problems\n",
           dir, data->agencies->len, data->services->len, data->revision);
  return 0;
}

static int
catalogue_stats (const char *dir,
                 gboolean    json)
{
  g_autoptr(BelCatalogue) catalogue = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonBuilder) builder = NULL;
  GListModel *agencies, *services;
  guint n_offered = 0, n_retired = 0;
  /* Translation coverage: for each optional field, how many services have it in each
   * language. */
  static const char *fields[] = { "eligibility", "steps", "documents", "duration", "keywords" };
  guint coverage[G_N_ELEMENTS (fields)][BEL_N_LANGS] = { { 0 } };

  if (!(catalogue = bel_admin_open_catalogue (dir, &error)))
    return bel_admin_fail (1, "%s", error->message);

  agencies = bel_catalogue_get_agencies (catalogue);
  services = bel_catalogue_get_services (catalogue);
  for (guint i = 0; i < g_list_model_get_n_items (services); i++)
    {
      g_autoptr(BelService) service = g_list_model_get_item (services, i);
      const BelServiceData *data = bel_service_get_data (service);

      if (data->retired)
        {
          n_retired++;
          continue;
        }
      n_offered++;
      for (guint l = 0; l < BEL_N_LANGS; l++)
        {
          coverage[0][l] += data->eligibility.text[l] != NULL;
          coverage[1][l] += data->steps[l][0] != NULL;
          coverage[2][l] += data->documents[l][0] != NULL;
          coverage[3][l] += data->duration.text[l] != NULL;
          coverage[4][l] += data->keywords[l][0] != NULL;
        }
    }

  if (!json)
    {
      printf ("Catalogue revision %" G_GINT64_FORMAT ", published %s\n",
              bel_catalogue_get_revision (catalogue), bel_catalogue_get_published (catalogue));
      printf ("Agencies: %u\nServices: %u offered, %u retired\n\n",
              g_list_model_get_n_items (agencies), n_offered, n_retired);
      printf ("Services per agency:\n");
      for (guint i = 0; i < g_list_model_get_n_items (agencies); i++)
        {
          g_autoptr(BelAgency) agency = g_list_model_get_item (agencies, i);
          const BelAgencyData *data = bel_agency_get_data (agency);

          printf ("  %4u  %s", bel_agency_get_n_services (agency),
                  bel_agency_get_name (agency, BEL_LANG_AZ));
          for (guint c = 0; c < data->portal_counts->len; c++)
            {
              const BelPortalCount *count = &g_array_index (data->portal_counts, BelPortalCount, c);
              printf (" (%u on the portal as of %s)", count->count, count->as_of);
            }
          printf ("\n");
        }
      printf ("\nTranslation coverage (services with the field, az / ru / en):\n");
      printf ("  %-12s %u / %u / %u (required)\n", "title", n_offered, n_offered, n_offered);
      printf ("  %-12s %u / %u / %u (required)\n", "summary", n_offered, n_offered, n_offered);
      for (guint f = 0; f < G_N_ELEMENTS (fields); f++)
        printf ("  %-12s %u / %u / %u\n", fields[f],
                coverage[f][0], coverage[f][1], coverage[f][2]);
      return 0;
    }

  builder = json_builder_new ();
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "revision");
  json_builder_add_int_value (builder, bel_catalogue_get_revision (catalogue));
  json_builder_set_member_name (builder, "published");
  json_builder_add_string_value (builder, bel_catalogue_get_published (catalogue));
  json_builder_set_member_name (builder, "agencies");
  json_builder_add_int_value (builder, g_list_model_get_n_items (agencies));
  json_builder_set_member_name (builder, "services");
  json_builder_add_int_value (builder, n_offered);
  json_builder_set_member_name (builder, "retired");
  json_builder_add_int_value (builder, n_retired);
  json_builder_set_member_name (builder, "per_agency");
  json_builder_begin_array (builder);
  for (guint i = 0; i < g_list_model_get_n_items (agencies); i++)
    {
      g_autoptr(BelAgency) agency = g_list_model_get_item (agencies, i);
      const BelAgencyData *data = bel_agency_get_data (agency);

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "id");
      json_builder_add_string_value (builder, bel_agency_get_id (agency));
      json_builder_set_member_name (builder, "name");
      json_builder_add_string_value (builder, bel_agency_get_name (agency, BEL_LANG_AZ));
      json_builder_set_member_name (builder, "services");
      json_builder_add_int_value (builder, bel_agency_get_n_services (agency));
      json_builder_set_member_name (builder, "portal_services");
      json_builder_begin_array (builder);
      for (guint c = 0; c < data->portal_counts->len; c++)
        {
          const BelPortalCount *count = &g_array_index (data->portal_counts, BelPortalCount, c);
          json_builder_begin_object (builder);
          json_builder_set_member_name (builder, "count");
          json_builder_add_int_value (builder, count->count);
          json_builder_set_member_name (builder, "as_of");
          json_builder_add_string_value (builder, count->as_of);
          json_builder_set_member_name (builder, "source");
          json_builder_add_string_value (builder, count->source);
          json_builder_end_object (builder);
        }
      json_builder_end_array (builder);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  json_builder_set_member_name (builder, "coverage");
  json_builder_begin_object (builder);
  for (guint f = 0; f < G_N_ELEMENTS (fields); f++)
    {
      json_builder_set_member_name (builder, fields[f]);
      json_builder_begin_object (builder);
      for (guint l = 0; l < BEL_N_LANGS; l++)
        {
          json_builder_set_member_name (builder, bel_lang_to_code (l));
          json_builder_add_int_value (builder, coverage[f][l]);
        }
      json_builder_end_object (builder);
    }
  json_builder_end_object (builder);
  json_builder_end_object (builder);
  print_json (builder);
  return 0;
}

static int
catalogue_export (const char *dir)
{
  g_autoptr(BelCatalogue) catalogue = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  GListModel *services;

  if (!(catalogue = bel_admin_open_catalogue (dir, &error)))
    return bel_admin_fail (1, "%s", error->message);

  services = bel_catalogue_get_services (catalogue);
  json_builder_begin_array (builder);
  for (guint i = 0; i < g_list_model_get_n_items (services); i++)
    {
      g_autoptr(BelService) service = g_list_model_get_item (services, i);
      const BelServiceData *data = bel_service_get_data (service);
      BelAgency *agency = bel_catalogue_get_agency (catalogue, data->agency_id);

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "id");
      json_builder_add_string_value (builder, data->id);
      json_builder_set_member_name (builder, "agency");
      json_builder_add_string_value (builder, agency ? bel_agency_get_name (agency, BEL_LANG_AZ)
                                                     : data->agency_id);
      json_builder_set_member_name (builder, "agency_id");
      json_builder_add_string_value (builder, data->agency_id);
      add_text (builder, "title", &data->title);
      add_text (builder, "summary", &data->summary);
      add_lists (builder, "keywords", data->keywords);
      add_strv (builder, "categories", data->categories);
      json_builder_set_member_name (builder, "channel");
      json_builder_add_string_value (builder, bel_channel_to_string (data->channel));
      add_strv (builder, "sign_in", data->sign_in);
      json_builder_set_member_name (builder, "fee");
      if (data->fee_known)
        json_builder_add_double_value (builder, data->fee);
      else
        json_builder_add_null_value (builder);
      json_builder_set_member_name (builder, "url");
      json_builder_add_string_value (builder, data->url);
      json_builder_set_member_name (builder, "checked");
      json_builder_add_string_value (builder, data->checked);
      json_builder_set_member_name (builder, "retired");
      if (data->retired)
        json_builder_add_string_value (builder, data->retired);
      else
        json_builder_add_null_value (builder);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  print_json (builder);
  return 0;
}

int
bel_admin_catalogue (int    argc,
                     char **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = NULL;
  gboolean json = FALSE;
  GOptionEntry entries[] = {
    { "catalogue", 0, 0, G_OPTION_ARG_FILENAME, &dir, "Content directory (default: bundled)", "DIR" },
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, "Print JSON", NULL },
    { NULL }
  };

  if (argc < 2)
    return bel_admin_fail (2, "usage: catalogue validate [DIR] | stats [--json] | export --json");

  if (g_str_equal (argv[1], "validate"))
    return catalogue_validate (argc - 1, argv + 1);

  context = g_option_context_new (argv[1]);
  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    return bel_admin_fail (2, "%s", error->message);

  if (g_str_equal (argv[1], "stats") && argc == 2)
    return catalogue_stats (dir, json);
  if (g_str_equal (argv[1], "export") && argc == 2)
    {
      if (!json)
        return bel_admin_fail (2, "catalogue export writes JSON only: pass --json");
      return catalogue_export (dir);
    }
  return bel_admin_fail (2, "usage: catalogue validate [DIR] | stats [--catalogue DIR] [--json] | "
                            "export [--catalogue DIR] --json");
}

int
bel_admin_search (int    argc,
                  char **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(BelCatalogue) catalogue = NULL;
  g_autoptr(GPtrArray) results = NULL;
  g_autoptr(GArray) scores = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *lang_code = NULL;
  g_autofree char *query = NULL;
  gboolean json = FALSE;
  int limit = 10;
  BelLang lang = BEL_LANG_AZ;
  GOptionEntry entries[] = {
    { "catalogue", 0, 0, G_OPTION_ARG_FILENAME, &dir, "Content directory (default: bundled)", "DIR" },
    { "lang", 0, 0, G_OPTION_ARG_STRING, &lang_code, "Language of the results: az, ru or en", "LANG" },
    { "limit", 0, 0, G_OPTION_ARG_INT, &limit, "At most this many results (default 10)", "N" },
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, "Print JSON", NULL },
    { NULL }
  };

  context = g_option_context_new ("QUERY");
  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    return bel_admin_fail (2, "%s", error->message);
  if (argc < 2)
    return bel_admin_fail (2, "usage: search [--catalogue DIR] [--lang az|ru|en] [--limit N] "
                              "[--json] QUERY");
  if (lang_code && !bel_lang_from_code (lang_code, &lang))
    return bel_admin_fail (2, "unknown language “%s” (az, ru or en)", lang_code);
  if (limit < 1)
    return bel_admin_fail (2, "--limit must be at least 1");

  query = g_strjoinv (" ", argv + 1);
  if (!(catalogue = bel_admin_open_catalogue (dir, &error)))
    return bel_admin_fail (1, "%s", error->message);

  results = bel_catalogue_search (catalogue, query, limit, &scores);

  if (json)
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "query");
      json_builder_add_string_value (builder, g_utf8_validate (query, -1, NULL) ? query : "");
      json_builder_set_member_name (builder, "results");
      json_builder_begin_array (builder);
      for (guint i = 0; i < results->len; i++)
        {
          BelService *service = g_ptr_array_index (results, i);
          BelAgency *agency = bel_catalogue_get_agency (catalogue,
                                                        bel_service_get_agency_id (service));

          json_builder_begin_object (builder);
          json_builder_set_member_name (builder, "id");
          json_builder_add_string_value (builder, bel_service_get_id (service));
          json_builder_set_member_name (builder, "title");
          json_builder_add_string_value (builder, bel_service_get_title (service, lang));
          json_builder_set_member_name (builder, "title_az");
          json_builder_add_string_value (builder, bel_service_get_title (service, BEL_LANG_AZ));
          json_builder_set_member_name (builder, "agency");
          json_builder_add_string_value (builder, agency ? bel_agency_get_name (agency, lang) : "");
          json_builder_set_member_name (builder, "agency_az");
          json_builder_add_string_value (builder,
                                         agency ? bel_agency_get_name (agency, BEL_LANG_AZ) : "");
          json_builder_set_member_name (builder, "score");
          json_builder_add_double_value (builder, g_array_index (scores, double, i));
          json_builder_end_object (builder);
        }
      json_builder_end_array (builder);
      json_builder_end_object (builder);
      print_json (builder);
      return 0;
    }

  if (results->len == 0)
    {
      printf ("No services found.\n");
      return 0;
    }
  for (guint i = 0; i < results->len; i++)
    {
      BelService *service = g_ptr_array_index (results, i);
      BelAgency *agency = bel_catalogue_get_agency (catalogue, bel_service_get_agency_id (service));

      printf ("%2u. %s\n    %s · %s · %.2f\n", i + 1, bel_service_get_title (service, lang),
              agency ? bel_agency_get_name (agency, lang) : "", bel_service_get_id (service),
              g_array_index (scores, double, i));
    }
  return 0;
}
