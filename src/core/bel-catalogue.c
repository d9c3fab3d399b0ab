/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "bel-catalogue"

#include "bel-catalogue.h"
#include "bel-catalogue-private.h"
#include "bel-content-import.h"
#include "bel-fold.h"
#include "bel-json.h"
#include "bel-search-index.h"

#include <string.h>

struct _BelCatalogue
{
  GObject         parent_instance;

  BelDatabase    *db;
  gint64          revision;
  char           *published;

  GListStore     *categories;
  GListStore     *agencies;
  GListStore     *services;
  GHashTable     *category_by_id;
  GHashTable     *agency_by_id;
  GHashTable     *service_by_id;

  GPtrArray      *docs;     /* search document id -> BelService (offered services only) */
  BelSearchIndex *index;
};

G_DEFINE_FINAL_TYPE (BelCatalogue, bel_catalogue, G_TYPE_OBJECT)

enum {
  CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* Everything read from the database in one go, so that a reload replaces it at once. */
typedef struct {
  gint64          revision;
  char           *published;
  GPtrArray      *categories;
  GPtrArray      *agencies;
  GPtrArray      *services;
  GPtrArray      *docs;
  BelSearchIndex *index;
} Snapshot;

static void
snapshot_free (Snapshot *snapshot)
{
  g_free (snapshot->published);
  g_clear_pointer (&snapshot->categories, g_ptr_array_unref);
  g_clear_pointer (&snapshot->agencies, g_ptr_array_unref);
  g_clear_pointer (&snapshot->services, g_ptr_array_unref);
  g_clear_pointer (&snapshot->docs, g_ptr_array_unref);
  g_clear_pointer (&snapshot->index, bel_search_index_free);
  g_free (snapshot);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Snapshot, snapshot_free)

static void
bel_catalogue_dispose (GObject *object)
{
  BelCatalogue *self = (BelCatalogue *)object;

  g_clear_object (&self->db);
  g_clear_object (&self->categories);
  g_clear_object (&self->agencies);
  g_clear_object (&self->services);

  G_OBJECT_CLASS (bel_catalogue_parent_class)->dispose (object);
}

static void
bel_catalogue_finalize (GObject *object)
{
  BelCatalogue *self = (BelCatalogue *)object;

  g_clear_pointer (&self->published, g_free);
  g_clear_pointer (&self->category_by_id, g_hash_table_unref);
  g_clear_pointer (&self->agency_by_id, g_hash_table_unref);
  g_clear_pointer (&self->service_by_id, g_hash_table_unref);
  g_clear_pointer (&self->docs, g_ptr_array_unref);
  g_clear_pointer (&self->index, bel_search_index_free);

  G_OBJECT_CLASS (bel_catalogue_parent_class)->finalize (object);
}

static void
bel_catalogue_class_init (BelCatalogueClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = bel_catalogue_dispose;
  object_class->finalize = bel_catalogue_finalize;

  /**
   * BelCatalogue::changed:
   *
   * Emitted after new content was swapped in (a sync or a bundle import).
   */
  signals[CHANGED] = g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                   0, NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
bel_catalogue_init (BelCatalogue *self)
{
  self->categories = g_list_store_new (BEL_TYPE_CATEGORY);
  self->agencies = g_list_store_new (BEL_TYPE_AGENCY);
  self->services = g_list_store_new (BEL_TYPE_SERVICE);
  self->category_by_id = g_hash_table_new (g_str_hash, g_str_equal);
  self->agency_by_id = g_hash_table_new (g_str_hash, g_str_equal);
  self->service_by_id = g_hash_table_new (g_str_hash, g_str_equal);
}

static char *
column_dup (sqlite3_stmt *stmt,
            int           column)
{
  const char *text = (const char *)sqlite3_column_text (stmt, column);
  return text ? g_strdup (text) : NULL;
}

static void
column_text (sqlite3_stmt *stmt,
             int           first,
             BelText      *out)
{
  for (guint l = 0; l < BEL_N_LANGS; l++)
    out->text[l] = column_dup (stmt, first + l);
}

static gboolean
read_categories (BelDatabase  *db,
                 Snapshot     *snapshot,
                 GError      **error)
{
  sqlite3_stmt *stmt = bel_database_prepare (db,
                                             "SELECT id, icon, name_az, name_ru, name_en"
                                             " FROM categories ORDER BY position", error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      BelCategoryData *data = bel_category_data_new ();

      data->id = column_dup (stmt, 0);
      data->icon = column_dup (stmt, 1);
      column_text (stmt, 2, &data->name);
      g_ptr_array_add (snapshot->categories, bel_category_new (data));
    }
  sqlite3_finalize (stmt);
  if (rc != SQLITE_DONE)
    {
      bel_database_set_error (db, error, "read categories");
      return FALSE;
    }
  return TRUE;
}

static gboolean
read_agencies (BelDatabase  *db,
               Snapshot     *snapshot,
               GHashTable   *by_id,
               GError      **error)
{
  sqlite3_stmt *stmt = bel_database_prepare (db,
                                             "SELECT id, name_az, name_ru, name_en, short_az,"
                                             " short_ru, short_en, website, helpline"
                                             " FROM agencies ORDER BY position", error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      BelAgencyData *data = bel_agency_data_new ();
      BelAgency *agency;

      data->id = column_dup (stmt, 0);
      column_text (stmt, 1, &data->name);
      column_text (stmt, 4, &data->short_name);
      data->website = column_dup (stmt, 7);
      data->helpline = column_dup (stmt, 8);
      agency = bel_agency_new (data);
      g_ptr_array_add (snapshot->agencies, agency);
      g_hash_table_insert (by_id, data->id, agency);
    }
  sqlite3_finalize (stmt);
  if (rc != SQLITE_DONE)
    {
      bel_database_set_error (db, error, "read agencies");
      return FALSE;
    }

  stmt = bel_database_prepare (db,
                               "SELECT agency_id, name_az, name_ru, name_en"
                               " FROM agency_former_names ORDER BY agency_id, position", error);
  if (stmt == NULL)
    return FALSE;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      BelAgency *agency = g_hash_table_lookup (by_id, sqlite3_column_text (stmt, 0));
      BelText *name;

      if (agency == NULL)
        continue;
      name = g_new0 (BelText, 1);
      column_text (stmt, 1, name);
      g_ptr_array_add (((BelAgencyData *)bel_agency_get_data (agency))->former_names, name);
    }
  sqlite3_finalize (stmt);

  stmt = bel_database_prepare (db,
                               "SELECT agency_id, count, as_of, source FROM agency_portal_counts",
                               error);
  if (stmt == NULL)
    return FALSE;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      BelAgency *agency = g_hash_table_lookup (by_id, sqlite3_column_text (stmt, 0));
      BelPortalCount count;

      if (agency == NULL)
        continue;
      count.count = sqlite3_column_int (stmt, 1);
      count.as_of = column_dup (stmt, 2);
      count.source = column_dup (stmt, 3);
      g_array_append_val (((BelAgencyData *)bel_agency_get_data (agency))->portal_counts, count);
    }
  sqlite3_finalize (stmt);
  return rc == SQLITE_DONE;
}

static gboolean
read_services (BelDatabase  *db,
               Snapshot     *snapshot,
               GError      **error)
{
  g_autoptr(GHashTable) categories = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                                            (GDestroyNotify)g_strv_builder_unref);
  sqlite3_stmt *stmt;
  int rc;

  stmt = bel_database_prepare (db,
                               "SELECT service_id, category_id FROM service_categories", error);
  if (stmt == NULL)
    return FALSE;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      const char *service_id = (const char *)sqlite3_column_text (stmt, 0);
      GStrvBuilder *builder = g_hash_table_lookup (categories, service_id);

      if (builder == NULL)
        {
          builder = g_strv_builder_new ();
          g_hash_table_insert (categories, g_strdup (service_id), builder);
        }
      g_strv_builder_add (builder, (const char *)sqlite3_column_text (stmt, 1));
    }
  sqlite3_finalize (stmt);

  stmt = bel_database_prepare (db,
                               "SELECT s.id, s.agency_id, s.title_az, s.title_ru, s.title_en,"
                               " s.summary_az, s.summary_ru, s.summary_en,"
                               " s.eligibility_az, s.eligibility_ru, s.eligibility_en,"
                               " s.fee, s.duration_az, s.duration_ru, s.duration_en,"
                               " s.channel, s.url, s.checked, s.source,"
                               " s.steps, s.documents, s.keywords, s.sign_in, s.retired,"
                               " s.fee_note_az, s.fee_note_ru, s.fee_note_en"
                               " FROM services s JOIN agencies a ON a.id = s.agency_id"
                               " ORDER BY a.position, s.position", error);
  if (stmt == NULL)
    return FALSE;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      BelServiceData *data = bel_service_data_new ();
      GStrvBuilder *builder;

      data->id = column_dup (stmt, 0);
      data->agency_id = column_dup (stmt, 1);
      column_text (stmt, 2, &data->title);
      column_text (stmt, 5, &data->summary);
      column_text (stmt, 8, &data->eligibility);
      data->fee_known = sqlite3_column_type (stmt, 11) != SQLITE_NULL;
      data->fee = sqlite3_column_double (stmt, 11);
      column_text (stmt, 12, &data->duration);
      bel_channel_from_string ((const char *)sqlite3_column_text (stmt, 15), &data->channel);
      data->url = column_dup (stmt, 16);
      data->checked = column_dup (stmt, 17);
      data->source = column_dup (stmt, 18);
      bel_catalogue_unpack_lists ((const char *)sqlite3_column_text (stmt, 19), data->steps);
      bel_catalogue_unpack_lists ((const char *)sqlite3_column_text (stmt, 20), data->documents);
      bel_catalogue_unpack_lists ((const char *)sqlite3_column_text (stmt, 21), data->keywords);
      g_strfreev (data->sign_in);
      data->sign_in = bel_catalogue_unpack_strv ((const char *)sqlite3_column_text (stmt, 22));
      data->retired = column_dup (stmt, 23);
      column_text (stmt, 24, &data->fee_note);
      if ((builder = g_hash_table_lookup (categories, data->id)))
        {
          g_strfreev (data->categories);
          data->categories = g_strv_builder_end (builder);
        }
      g_ptr_array_add (snapshot->services, bel_service_new (data));
    }
  sqlite3_finalize (stmt);
  if (rc != SQLITE_DONE)
    {
      bel_database_set_error (db, error, "read services");
      return FALSE;
    }
  return TRUE;
}

static void
index_text (BelSearchIndex *index,
            guint           doc,
            BelSearchField  field,
            const BelText  *text)
{
  for (guint l = 0; l < BEL_N_LANGS; l++)
    if (text->text[l])
      bel_search_index_add (index, doc, field, text->text[l]);
}

static void
build_index (Snapshot   *snapshot,
             GHashTable *agency_by_id)
{
  snapshot->index = bel_search_index_new ();

  for (guint i = 0; i < snapshot->services->len; i++)
    {
      BelService *service = g_ptr_array_index (snapshot->services, i);
      const BelServiceData *data = bel_service_get_data (service);
      BelAgency *agency = g_hash_table_lookup (agency_by_id, data->agency_id);
      guint doc;

      if (data->retired)
        continue;

      doc = snapshot->docs->len;
      g_ptr_array_add (snapshot->docs, g_object_ref (service));

      index_text (snapshot->index, doc, BEL_SEARCH_FIELD_TITLE, &data->title);
      for (guint l = 0; l < BEL_N_LANGS; l++)
        for (guint k = 0; data->keywords[l][k]; k++)
          bel_search_index_add (snapshot->index, doc, BEL_SEARCH_FIELD_KEYWORD,
                                data->keywords[l][k]);
      if (agency)
        {
          const BelAgencyData *agency_data = bel_agency_get_data (agency);

          index_text (snapshot->index, doc, BEL_SEARCH_FIELD_AGENCY, &agency_data->name);
          index_text (snapshot->index, doc, BEL_SEARCH_FIELD_AGENCY, &agency_data->short_name);
          for (guint f = 0; f < agency_data->former_names->len; f++)
            index_text (snapshot->index, doc, BEL_SEARCH_FIELD_AGENCY,
                        g_ptr_array_index (agency_data->former_names, f));
        }
      index_text (snapshot->index, doc, BEL_SEARCH_FIELD_SUMMARY, &data->summary);
    }

  bel_search_index_build (snapshot->index);
}

static Snapshot *
read_snapshot (BelDatabase  *db,
               GError      **error)
{
  g_autoptr(Snapshot) snapshot = g_new0 (Snapshot, 1);
  g_autoptr(GHashTable) agency_by_id = g_hash_table_new (g_str_hash, g_str_equal);
  g_autofree char *revision = NULL;
  gint64 start = g_get_monotonic_time ();

  snapshot->categories = g_ptr_array_new_with_free_func (g_object_unref);
  snapshot->agencies = g_ptr_array_new_with_free_func (g_object_unref);
  snapshot->services = g_ptr_array_new_with_free_func (g_object_unref);
  snapshot->docs = g_ptr_array_new_with_free_func (g_object_unref);

  /* One read transaction, so a sync committing meanwhile cannot mix two revisions. */
  if (!bel_database_exec (db, "BEGIN", error))
    return NULL;
  revision = bel_database_get_meta (db, "catalogue-revision");
  snapshot->revision = revision ? g_ascii_strtoll (revision, NULL, 10) : 0;
  snapshot->published = bel_database_get_meta (db, "catalogue-published");
  if (!read_categories (db, snapshot, error) ||
      !read_agencies (db, snapshot, agency_by_id, error) ||
      !read_services (db, snapshot, error))
    {
      bel_database_rollback (db);
      return NULL;
    }
  bel_database_exec (db, "COMMIT", NULL);

  if (snapshot->revision == 0 || snapshot->services->len == 0)
    {
      g_set_error (error, BEL_CATALOGUE_ERROR, BEL_CATALOGUE_ERROR_EMPTY,
                   "The database holds no catalogue");
      return NULL;
    }

  g_debug ("Read %u services in %.0f ms", snapshot->services->len,
           (g_get_monotonic_time () - start) / 1000.0);
  start = g_get_monotonic_time ();
  build_index (snapshot, agency_by_id);
  g_debug ("Indexed them in %.0f ms", (g_get_monotonic_time () - start) / 1000.0);
  return g_steal_pointer (&snapshot);
}

static void
replace_store (GListStore *store,
               GPtrArray  *items)
{
  g_list_store_splice (store, 0, g_list_model_get_n_items (G_LIST_MODEL (store)),
                       items->pdata, items->len);
}

static void
apply_snapshot (BelCatalogue *self,
                Snapshot     *snapshot)
{
  g_hash_table_remove_all (self->category_by_id);
  g_hash_table_remove_all (self->agency_by_id);
  g_hash_table_remove_all (self->service_by_id);

  for (guint i = 0; i < snapshot->categories->len; i++)
    {
      BelCategory *category = g_ptr_array_index (snapshot->categories, i);
      g_hash_table_insert (self->category_by_id, (char *)bel_category_get_id (category), category);
    }
  for (guint i = 0; i < snapshot->agencies->len; i++)
    {
      BelAgency *agency = g_ptr_array_index (snapshot->agencies, i);
      g_hash_table_insert (self->agency_by_id, (char *)bel_agency_get_id (agency), agency);
    }
  for (guint i = 0; i < snapshot->services->len; i++)
    {
      BelService *service = g_ptr_array_index (snapshot->services, i);
      BelAgency *agency;

      g_hash_table_insert (self->service_by_id, (char *)bel_service_get_id (service), service);
      if (bel_service_is_retired (service))
        continue;
      if ((agency = g_hash_table_lookup (self->agency_by_id, bel_service_get_agency_id (service))))
        bel_agency_set_n_services (agency, bel_agency_get_n_services (agency) + 1);
      for (guint c = 0; bel_service_get_data (service)->categories[c]; c++)
        {
          BelCategory *category = g_hash_table_lookup (self->category_by_id,
                                                       bel_service_get_data (service)->categories[c]);
          if (category)
            bel_category_set_n_services (category, bel_category_get_n_services (category) + 1);
        }
    }

  self->revision = snapshot->revision;
  g_free (self->published);
  self->published = g_steal_pointer (&snapshot->published);
  g_clear_pointer (&self->docs, g_ptr_array_unref);
  self->docs = g_steal_pointer (&snapshot->docs);
  g_clear_pointer (&self->index, bel_search_index_free);
  self->index = g_steal_pointer (&snapshot->index);

  replace_store (self->categories, snapshot->categories);
  replace_store (self->agencies, snapshot->agencies);
  replace_store (self->services, snapshot->services);
}

/* The revision of the bundled catalogue, read from catalogue.json alone (cheap). */
static gint64
bundled_revision (const char *bundled_dir)
{
  g_autofree char *path = g_build_filename (bundled_dir, "catalogue", "catalogue.json", NULL);
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GFile) file = g_file_new_for_path (path);
  JsonObject *object;

  if (!(bytes = g_file_load_bytes (file, NULL, NULL, NULL)))
    return 0;
  if (!(root = bel_json_parse_bytes (bytes, 64 * 1024, 4, NULL)) || !JSON_NODE_HOLDS_OBJECT (root))
    return 0;
  object = json_node_get_object (root);
  return json_object_has_member (object, "revision") ?
         json_object_get_int_member (object, "revision") : 0;
}

static gint64
synced_bundle_revision (BelDatabase *db)
{
  sqlite3_stmt *stmt = bel_database_prepare (db, "SELECT revision FROM sync_state WHERE id = 1",
                                             NULL);
  gint64 revision = 0;

  if (stmt == NULL)
    return 0;
  if (sqlite3_step (stmt) == SQLITE_ROW)
    revision = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  return revision;
}

/* Imports the bundled content when it is newer than the database's. When the database held no
 * catalogue at all (a first boot), the parsed catalogue is handed back in @out_first_boot, so
 * the caller can build the catalogue from it instead of reading back what was just written. */
static gboolean
import_bundled_if_newer (BelDatabase       *db,
                         const char        *bundled_dir,
                         BelCatalogueData **out_first_boot,
                         GError           **error)
{
  g_autofree char *current_str = bel_database_get_meta (db, "catalogue-revision");
  gint64 current = current_str ? g_ascii_strtoll (current_str, NULL, 10) : 0;
  gint64 bundled = bundled_revision (bundled_dir);
  g_autoptr(BelContent) content = NULL;
  g_autoptr(BelCatalogueData) data = NULL;
  g_autoptr(GError) local_error = NULL;
  gint64 start = g_get_monotonic_time ();

  if (bundled <= current)
    return TRUE;

  /* Content that came from a signed bundle is replaced only by a newer bundle: a program
   * update that ships an older catalogue must not undo a sync. The revisions of a bundle and
   * of the catalogue inside it are counted separately, so they cannot be compared. */
  if (current > 0 && synced_bundle_revision (db) > 0)
    return TRUE;

  g_debug ("Importing the bundled content (revision %" G_GINT64_FORMAT ", database has %"
           G_GINT64_FORMAT ")", bundled, current);
  if (!(content = bel_content_new_from_dir (bundled_dir, &local_error)) ||
      !(data = bel_catalogue_data_parse_or_error (content, &local_error)) ||
      !bel_content_import_parsed (db, content, data, &local_error))
    {
      /* A kiosk that already has a catalogue keeps it; one that has none cannot start. */
      if (current > 0)
        {
          g_warning ("Not importing the bundled content: %s", local_error->message);
          return TRUE;
        }
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  g_debug ("Imported the bundled content in %.0f ms", (g_get_monotonic_time () - start) / 1000.0);

  if (current == 0)
    *out_first_boot = g_steal_pointer (&data);
  return TRUE;
}

/* Builds the in-memory catalogue from freshly imported data, taking its contents. Services,
 * agencies and categories come in the order the database would give them (the order of the
 * content), and a database that held no catalogue has no tombstones to add. */
static Snapshot *
snapshot_from_data (BelCatalogueData *data)
{
  g_autoptr(Snapshot) snapshot = g_new0 (Snapshot, 1);
  g_autoptr(GHashTable) agency_by_id = g_hash_table_new (g_str_hash, g_str_equal);
  gint64 start = g_get_monotonic_time ();

  snapshot->revision = data->revision;
  snapshot->published = g_steal_pointer (&data->published);
  snapshot->categories = g_ptr_array_new_with_free_func (g_object_unref);
  snapshot->agencies = g_ptr_array_new_with_free_func (g_object_unref);
  snapshot->services = g_ptr_array_new_with_free_func (g_object_unref);
  snapshot->docs = g_ptr_array_new_with_free_func (g_object_unref);

  g_ptr_array_set_free_func (data->categories, NULL);
  g_ptr_array_set_free_func (data->agencies, NULL);
  g_ptr_array_set_free_func (data->services, NULL);
  for (guint i = 0; i < data->categories->len; i++)
    g_ptr_array_add (snapshot->categories, bel_category_new (g_ptr_array_index (data->categories, i)));
  for (guint i = 0; i < data->agencies->len; i++)
    {
      BelAgencyData *agency_data = g_ptr_array_index (data->agencies, i);
      BelAgency *agency = bel_agency_new (agency_data);

      g_ptr_array_add (snapshot->agencies, agency);
      g_hash_table_insert (agency_by_id, agency_data->id, agency);
    }
  for (guint i = 0; i < data->services->len; i++)
    g_ptr_array_add (snapshot->services, bel_service_new (g_ptr_array_index (data->services, i)));
  g_ptr_array_set_size (data->categories, 0);
  g_ptr_array_set_size (data->agencies, 0);
  g_ptr_array_set_size (data->services, 0);

  build_index (snapshot, agency_by_id);
  g_debug ("Indexed %u services in %.0f ms", snapshot->services->len,
           (g_get_monotonic_time () - start) / 1000.0);
  return g_steal_pointer (&snapshot);
}

BelCatalogue *
bel_catalogue_new (BelDatabase  *db,
                   const char   *bundled_dir,
                   GError      **error)
{
  g_autoptr(BelCatalogue) self = NULL;
  g_autoptr(Snapshot) snapshot = NULL;
  g_autoptr(BelCatalogueData) first_boot = NULL;

  g_return_val_if_fail (BEL_IS_DATABASE (db), NULL);

  if (bundled_dir && !import_bundled_if_newer (db, bundled_dir, &first_boot, error))
    return NULL;

  if (first_boot)
    snapshot = snapshot_from_data (first_boot);
  else if (!(snapshot = read_snapshot (db, error)))
    return NULL;

  self = g_object_new (BEL_TYPE_CATALOGUE, NULL);
  self->db = g_object_ref (db);
  apply_snapshot (self, snapshot);
  return g_steal_pointer (&self);
}

static void
new_thread (GTask        *task,
            gpointer      source_object,
            gpointer      task_data,
            GCancellable *cancellable)
{
  BelDatabase *db = task_data;
  const char *bundled_dir = g_object_get_data (G_OBJECT (task), "bundled-dir");
  GError *error = NULL;
  BelCatalogue *catalogue = bel_catalogue_new (db, bundled_dir, &error);

  if (catalogue == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, catalogue, g_object_unref);
}

void
bel_catalogue_new_async (BelDatabase         *db,
                         const char          *bundled_dir,
                         GCancellable        *cancellable,
                         GAsyncReadyCallback  callback,
                         gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (BEL_IS_DATABASE (db));

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, bel_catalogue_new_async);
  g_task_set_task_data (task, g_object_ref (db), g_object_unref);
  g_object_set_data_full (G_OBJECT (task), "bundled-dir", g_strdup (bundled_dir), g_free);
  g_task_run_in_thread (task, new_thread);
}

BelCatalogue *
bel_catalogue_new_finish (GAsyncResult  *result,
                          GError       **error)
{
  g_return_val_if_fail (G_IS_TASK (result), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

gboolean
bel_catalogue_reload (BelCatalogue  *self,
                      GError       **error)
{
  g_autoptr(Snapshot) snapshot = NULL;

  g_return_val_if_fail (BEL_IS_CATALOGUE (self), FALSE);

  if (!(snapshot = read_snapshot (self->db, error)))
    return FALSE;
  apply_snapshot (self, snapshot);
  g_signal_emit (self, signals[CHANGED], 0);
  return TRUE;
}

BelDatabase *
bel_catalogue_get_database (BelCatalogue *self)
{
  g_return_val_if_fail (BEL_IS_CATALOGUE (self), NULL);
  return self->db;
}

gint64
bel_catalogue_get_revision (BelCatalogue *self)
{
  g_return_val_if_fail (BEL_IS_CATALOGUE (self), 0);
  return self->revision;
}

const char *
bel_catalogue_get_published (BelCatalogue *self)
{
  g_return_val_if_fail (BEL_IS_CATALOGUE (self), NULL);
  return self->published;
}

GListModel *
bel_catalogue_get_categories (BelCatalogue *self)
{
  g_return_val_if_fail (BEL_IS_CATALOGUE (self), NULL);
  return G_LIST_MODEL (self->categories);
}

GListModel *
bel_catalogue_get_agencies (BelCatalogue *self)
{
  g_return_val_if_fail (BEL_IS_CATALOGUE (self), NULL);
  return G_LIST_MODEL (self->agencies);
}

GListModel *
bel_catalogue_get_services (BelCatalogue *self)
{
  g_return_val_if_fail (BEL_IS_CATALOGUE (self), NULL);
  return G_LIST_MODEL (self->services);
}

BelAgency *
bel_catalogue_get_agency (BelCatalogue *self,
                          const char   *agency_id)
{
  g_return_val_if_fail (BEL_IS_CATALOGUE (self), NULL);
  return agency_id ? g_hash_table_lookup (self->agency_by_id, agency_id) : NULL;
}

BelCategory *
bel_catalogue_get_category (BelCatalogue *self,
                            const char   *category_id)
{
  g_return_val_if_fail (BEL_IS_CATALOGUE (self), NULL);
  return category_id ? g_hash_table_lookup (self->category_by_id, category_id) : NULL;
}

BelService *
bel_catalogue_get_service (BelCatalogue *self,
                           const char   *service_id)
{
  g_return_val_if_fail (BEL_IS_CATALOGUE (self), NULL);
  return service_id ? g_hash_table_lookup (self->service_by_id, service_id) : NULL;
}

typedef struct {
  char       *key;
  BelService *service;
} SortEntry;

static int
compare_entries (gconstpointer a,
                 gconstpointer b)
{
  return strcmp (((const SortEntry *)a)->key, ((const SortEntry *)b)->key);
}

static GPtrArray *
list_sorted (BelCatalogue *self,
             const char   *category_id,
             const char   *agency_id,
             BelLang       lang)
{
  g_autoptr(GArray) entries = g_array_new (FALSE, FALSE, sizeof (SortEntry));
  GPtrArray *result = g_ptr_array_new_with_free_func (g_object_unref);
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->services));

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(BelService) service = g_list_model_get_item (G_LIST_MODEL (self->services), i);
      SortEntry entry;

      if (bel_service_is_retired (service))
        continue;
      if (category_id && !bel_service_has_category (service, category_id))
        continue;
      if (agency_id && g_strcmp0 (bel_service_get_agency_id (service), agency_id) != 0)
        continue;
      entry.key = bel_collate_key (bel_service_get_title (service, lang), lang);
      entry.service = service;
      g_array_append_val (entries, entry);
    }
  g_array_sort (entries, compare_entries);
  for (guint i = 0; i < entries->len; i++)
    {
      SortEntry *entry = &g_array_index (entries, SortEntry, i);
      g_ptr_array_add (result, g_object_ref (entry->service));
      g_free (entry->key);
    }
  return result;
}

GPtrArray *
bel_catalogue_list_category (BelCatalogue *self,
                             const char   *category_id,
                             BelLang       lang)
{
  g_return_val_if_fail (BEL_IS_CATALOGUE (self), NULL);
  g_return_val_if_fail (category_id != NULL, NULL);
  return list_sorted (self, category_id, NULL, lang);
}

GPtrArray *
bel_catalogue_list_agency (BelCatalogue *self,
                           const char   *agency_id,
                           BelLang       lang)
{
  g_return_val_if_fail (BEL_IS_CATALOGUE (self), NULL);
  g_return_val_if_fail (agency_id != NULL, NULL);
  return list_sorted (self, NULL, agency_id, lang);
}

GPtrArray *
bel_catalogue_search (BelCatalogue  *self,
                      const char    *query,
                      guint          limit,
                      GArray       **out_scores)
{
  GPtrArray *results = g_ptr_array_new_with_free_func (g_object_unref);
  g_autofree BelSearchHit *hits = NULL;
  guint n_hits;

  g_return_val_if_fail (BEL_IS_CATALOGUE (self), results);

  if (out_scores)
    *out_scores = g_array_new (FALSE, FALSE, sizeof (double));
  if (query == NULL || limit == 0 || self->index == NULL)
    return results;

  limit = MIN (limit, 1000);
  hits = g_new (BelSearchHit, limit);
  n_hits = bel_search_index_query (self->index, query, hits, limit);
  for (guint i = 0; i < n_hits; i++)
    {
      if (hits[i].doc >= self->docs->len)
        continue;
      g_ptr_array_add (results, g_object_ref (g_ptr_array_index (self->docs, hits[i].doc)));
      if (out_scores)
        g_array_append_val (*out_scores, hits[i].score);
    }
  return results;
}
