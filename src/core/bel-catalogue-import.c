/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "bel-catalogue-import"

#include "bel-catalogue.h"
#include "bel-catalogue-private.h"
#include "bel-content-reader.h"
#include "bel-issue.h"

#include <string.h>

G_DEFINE_QUARK (bel-catalogue-error-quark, bel_catalogue_error)

#define LANG_SEPARATOR '\x1e'
#define ITEM_SEPARATOR '\x1f'

char *
bel_catalogue_pack_lists (GStrv lists[BEL_N_LANGS])
{
  GString *out = g_string_new (NULL);

  for (guint l = 0; l < BEL_N_LANGS; l++)
    {
      if (l > 0)
        g_string_append_c (out, LANG_SEPARATOR);
      for (guint i = 0; lists[l] && lists[l][i]; i++)
        {
          if (i > 0)
            g_string_append_c (out, ITEM_SEPARATOR);
          g_string_append (out, lists[l][i]);
        }
    }
  return g_string_free (out, FALSE);
}

static GStrv
split_items (const char *start,
             const char *end)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  const char *p = start;

  while (p < end)
    {
      const char *stop = memchr (p, ITEM_SEPARATOR, end - p);

      if (stop == NULL)
        stop = end;
      if (stop > p)
        {
          g_autofree char *item = g_strndup (p, stop - p);
          g_strv_builder_add (builder, item);
        }
      p = stop + 1;
    }
  return g_strv_builder_end (builder);
}

void
bel_catalogue_unpack_lists (const char *packed,
                            GStrv       out[BEL_N_LANGS])
{
  const char *p = packed ? packed : "";

  for (guint l = 0; l < BEL_N_LANGS; l++)
    {
      const char *end = strchr (p, LANG_SEPARATOR);

      if (end == NULL)
        end = p + strlen (p);
      g_strfreev (out[l]);
      out[l] = split_items (p, end);
      p = *end ? end + 1 : end;
    }
}

char *
bel_catalogue_pack_strv (GStrv items)
{
  return items ? g_strjoinv ("\x1f", items) : g_strdup ("");
}

GStrv
bel_catalogue_unpack_strv (const char *packed)
{
  const char *p = packed ? packed : "";
  return split_items (p, p + strlen (p));
}

typedef struct {
  sqlite3_stmt *category;
  sqlite3_stmt *agency;
  sqlite3_stmt *former;
  sqlite3_stmt *count;
  sqlite3_stmt *service;
  sqlite3_stmt *service_category;
  sqlite3_stmt *new_id;
} Statements;

static void
statements_clear (Statements *s)
{
  g_clear_pointer (&s->category, sqlite3_finalize);
  g_clear_pointer (&s->agency, sqlite3_finalize);
  g_clear_pointer (&s->former, sqlite3_finalize);
  g_clear_pointer (&s->count, sqlite3_finalize);
  g_clear_pointer (&s->service, sqlite3_finalize);
  g_clear_pointer (&s->service_category, sqlite3_finalize);
  g_clear_pointer (&s->new_id, sqlite3_finalize);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Statements, statements_clear)

gboolean
bel_catalogue_import_data (BelDatabase             *db,
                           const BelCatalogueData  *data,
                           GError                 **error)
{
  g_auto(Statements) s = { 0 };
  g_autofree char *revision = NULL;

  g_return_val_if_fail (BEL_IS_DATABASE (db), FALSE);
  g_return_val_if_fail (data != NULL, FALSE);

  if (!bel_database_check_in_transaction (db, "bel_catalogue_import_data()", error))
    return FALSE;

  /* Services the new content no longer lists stay as tombstones (retired, lists cleared), so
   * an old QR code or statistic still names what it was. Everything else is replaced. */
  if (!bel_database_exec (db,
                          "CREATE TEMP TABLE IF NOT EXISTS new_service_ids (id TEXT PRIMARY KEY);"
                          "DELETE FROM temp.new_service_ids;"
                          "DELETE FROM service_categories;"
                          "DELETE FROM categories;"
                          "DELETE FROM agency_former_names;"
                          "DELETE FROM agency_portal_counts;",
                          error))
    return FALSE;

  if (!(s.new_id = bel_database_prepare (db, "INSERT OR IGNORE INTO temp.new_service_ids (id) "
                                             "VALUES (?)", error)))
    return FALSE;
  for (guint i = 0; i < data->services->len; i++)
    {
      const BelServiceData *service = g_ptr_array_index (data->services, i);
      sqlite3_bind_text (s.new_id, 1, service->id, -1, SQLITE_STATIC);
      if (!bel_database_step_done (db, s.new_id, "import", error))
        return FALSE;
    }

  {
    g_autofree char *sql = NULL;
    sqlite3_stmt *stmt = bel_database_prepare (db,
                                               "UPDATE services SET "
                                               "  retired = COALESCE (retired, ?),"
                                               "  steps = '', documents = '', keywords = '',"
                                               "  sign_in = '' "
                                               "WHERE id NOT IN (SELECT id FROM temp.new_service_ids)",
                                               error);
    gboolean ok;

    if (stmt == NULL)
      return FALSE;
    sqlite3_bind_text (stmt, 1, data->published, -1, SQLITE_STATIC);
    ok = bel_database_step_done (db, stmt, "retire services", error);
    sqlite3_finalize (stmt);
    if (!ok)
      return FALSE;
  }

  if (!(s.category = bel_database_prepare (db,
                                           "INSERT INTO categories (id, position, icon, name_az,"
                                           " name_ru, name_en) VALUES (?, ?, ?, ?, ?, ?)", error)))
    return FALSE;
  for (guint i = 0; i < data->categories->len; i++)
    {
      const BelCategoryData *category = g_ptr_array_index (data->categories, i);

      sqlite3_bind_text (s.category, 1, category->id, -1, SQLITE_STATIC);
      sqlite3_bind_int (s.category, 2, i);
      sqlite3_bind_text (s.category, 3, category->icon, -1, SQLITE_STATIC);
      bel_database_bind_text (s.category, 4, &category->name);
      if (!bel_database_step_done (db, s.category, "import categories", error))
        return FALSE;
    }

  if (!(s.agency = bel_database_prepare (db,
                                         "INSERT INTO agencies (id, position, name_az, name_ru,"
                                         " name_en, short_az, short_ru, short_en, website, helpline)"
                                         " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
                                         " ON CONFLICT (id) DO UPDATE SET position = excluded.position,"
                                         " name_az = excluded.name_az, name_ru = excluded.name_ru,"
                                         " name_en = excluded.name_en, short_az = excluded.short_az,"
                                         " short_ru = excluded.short_ru, short_en = excluded.short_en,"
                                         " website = excluded.website, helpline = excluded.helpline",
                                         error)) ||
      !(s.former = bel_database_prepare (db,
                                         "INSERT INTO agency_former_names (agency_id, position,"
                                         " name_az, name_ru, name_en) VALUES (?, ?, ?, ?, ?)",
                                         error)) ||
      !(s.count = bel_database_prepare (db,
                                        "INSERT INTO agency_portal_counts (agency_id, count, as_of,"
                                        " source) VALUES (?, ?, ?, ?)", error)))
    return FALSE;

  for (guint i = 0; i < data->agencies->len; i++)
    {
      const BelAgencyData *agency = g_ptr_array_index (data->agencies, i);

      sqlite3_bind_text (s.agency, 1, agency->id, -1, SQLITE_STATIC);
      sqlite3_bind_int (s.agency, 2, i);
      bel_database_bind_text (s.agency, 3, &agency->name);
      bel_database_bind_text (s.agency, 6, &agency->short_name);
      sqlite3_bind_text (s.agency, 9, agency->website, -1, SQLITE_STATIC);
      sqlite3_bind_text (s.agency, 10, agency->helpline, -1, SQLITE_STATIC);
      if (!bel_database_step_done (db, s.agency, "import agencies", error))
        return FALSE;

      for (guint j = 0; j < agency->former_names->len; j++)
        {
          sqlite3_bind_text (s.former, 1, agency->id, -1, SQLITE_STATIC);
          sqlite3_bind_int (s.former, 2, j);
          bel_database_bind_text (s.former, 3, g_ptr_array_index (agency->former_names, j));
          if (!bel_database_step_done (db, s.former, "import former names", error))
            return FALSE;
        }
      for (guint j = 0; j < agency->portal_counts->len; j++)
        {
          const BelPortalCount *count = &g_array_index (agency->portal_counts, BelPortalCount, j);

          sqlite3_bind_text (s.count, 1, agency->id, -1, SQLITE_STATIC);
          sqlite3_bind_int (s.count, 2, count->count);
          sqlite3_bind_text (s.count, 3, count->as_of, -1, SQLITE_STATIC);
          sqlite3_bind_text (s.count, 4, count->source, -1, SQLITE_STATIC);
          if (!bel_database_step_done (db, s.count, "import portal counts", error))
            return FALSE;
        }
    }

  if (!(s.service = bel_database_prepare (db,
                                          "INSERT INTO services (id, agency_id, position,"
                                          " title_az, title_ru, title_en,"
                                          " summary_az, summary_ru, summary_en,"
                                          " eligibility_az, eligibility_ru, eligibility_en,"
                                          " fee, duration_az, duration_ru, duration_en,"
                                          " channel, url, checked, source,"
                                          " steps, documents, keywords, sign_in, retired,"
                                          " fee_note_az, fee_note_ru, fee_note_en)"
                                          " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11,"
                                          " ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20, ?21, ?22,"
                                          " ?23, ?24, ?25, ?26, ?27, ?28)"
                                          " ON CONFLICT (id) DO UPDATE SET"
                                          " agency_id = ?2, position = ?3, title_az = ?4,"
                                          " title_ru = ?5, title_en = ?6, summary_az = ?7,"
                                          " summary_ru = ?8, summary_en = ?9, eligibility_az = ?10,"
                                          " eligibility_ru = ?11, eligibility_en = ?12, fee = ?13,"
                                          " duration_az = ?14, duration_ru = ?15, duration_en = ?16,"
                                          " channel = ?17, url = ?18, checked = ?19, source = ?20,"
                                          " steps = ?21, documents = ?22, keywords = ?23,"
                                          " sign_in = ?24, retired = ?25, fee_note_az = ?26,"
                                          " fee_note_ru = ?27, fee_note_en = ?28",
                                          error)) ||
      !(s.service_category = bel_database_prepare (db,
                                                   "INSERT OR IGNORE INTO service_categories"
                                                   " (service_id, category_id) VALUES (?, ?)",
                                                   error)))
    return FALSE;

  for (guint i = 0; i < data->services->len; i++)
    {
      const BelServiceData *service = g_ptr_array_index (data->services, i);
      char *packed;

      sqlite3_bind_text (s.service, 1, service->id, -1, SQLITE_STATIC);
      sqlite3_bind_text (s.service, 2, service->agency_id, -1, SQLITE_STATIC);
      sqlite3_bind_int (s.service, 3, i);
      bel_database_bind_text (s.service, 4, &service->title);
      bel_database_bind_text (s.service, 7, &service->summary);
      bel_database_bind_text (s.service, 10, &service->eligibility);
      if (service->fee_known)
        sqlite3_bind_double (s.service, 13, service->fee);
      bel_database_bind_text (s.service, 14, &service->duration);
      sqlite3_bind_text (s.service, 17, bel_channel_to_string (service->channel), -1,
                         SQLITE_STATIC);
      sqlite3_bind_text (s.service, 18, service->url, -1, SQLITE_STATIC);
      sqlite3_bind_text (s.service, 19, service->checked, -1, SQLITE_STATIC);
      sqlite3_bind_text (s.service, 20, service->source, -1, SQLITE_STATIC);
      packed = bel_catalogue_pack_lists ((GStrv *)service->steps);
      sqlite3_bind_text (s.service, 21, packed, -1, g_free);
      packed = bel_catalogue_pack_lists ((GStrv *)service->documents);
      sqlite3_bind_text (s.service, 22, packed, -1, g_free);
      packed = bel_catalogue_pack_lists ((GStrv *)service->keywords);
      sqlite3_bind_text (s.service, 23, packed, -1, g_free);
      packed = bel_catalogue_pack_strv (service->sign_in);
      sqlite3_bind_text (s.service, 24, packed, -1, g_free);
      sqlite3_bind_text (s.service, 25, service->retired, -1, SQLITE_STATIC);
      bel_database_bind_text (s.service, 26, &service->fee_note);
      if (!bel_database_step_done (db, s.service, "import services", error))
        return FALSE;

      for (guint j = 0; service->categories[j]; j++)
        {
          sqlite3_bind_text (s.service_category, 1, service->id, -1, SQLITE_STATIC);
          sqlite3_bind_text (s.service_category, 2, service->categories[j], -1, SQLITE_STATIC);
          if (!bel_database_step_done (db, s.service_category, "import service categories", error))
            return FALSE;
        }
    }

  /* Agencies that are gone and hold no tombstone go too. */
  if (!bel_database_exec (db,
                          "DELETE FROM agencies WHERE id NOT IN (SELECT agency_id FROM services)",
                          error))
    return FALSE;

  revision = g_strdup_printf ("%" G_GINT64_FORMAT, data->revision);
  if (!bel_database_set_meta (db, "catalogue-revision", revision, error) ||
      !bel_database_set_meta (db, "catalogue-published", data->published, error))
    return FALSE;

  return TRUE;
}

BelCatalogueData *
bel_catalogue_data_parse_or_error (BelContent  *content,
                                   GError     **error)
{
  g_autoptr(GPtrArray) issues = g_ptr_array_new_with_free_func ((GDestroyNotify)bel_issue_free);
  BelCatalogueData *data = bel_catalogue_data_parse (content, issues);

  if (data == NULL)
    bel_content_issues_to_error (issues, "The catalogue has problems:", BEL_CATALOGUE_ERROR,
                                 BEL_CATALOGUE_ERROR_INVALID, error);
  return data;
}

gboolean
bel_catalogue_import_content (BelDatabase  *db,
                              BelContent   *content,
                              GError      **error)
{
  g_autoptr(BelCatalogueData) data = NULL;

  g_return_val_if_fail (BEL_IS_DATABASE (db), FALSE);
  g_return_val_if_fail (content != NULL, FALSE);

  if (!(data = bel_catalogue_data_parse_or_error (content, error)))
    return FALSE;
  if (!bel_database_begin (db, error))
    return FALSE;
  if (!bel_catalogue_import_data (db, data, error) || !bel_database_commit (db, error))
    {
      bel_database_rollback (db);
      return FALSE;
    }
  return TRUE;
}
