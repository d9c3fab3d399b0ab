/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "bel-catalogue-data"

#include "bel-catalogue-data.h"
#include "bel-content-reader.h"
#include "bel-issue.h"
#include "bel-json.h"

#include <string.h>

static const char *sign_in_methods[] = { "fin", "sima", "asan-imza", "e-imza", "bsxm", NULL };

const char * const *
bel_sign_in_methods (void)
{
  return sign_in_methods;
}

const char *
bel_channel_to_string (BelChannel channel)
{
  switch (channel)
    {
    case BEL_CHANNEL_ONLINE:
      return "online";
    case BEL_CHANNEL_IN_PERSON:
      return "in-person";
    case BEL_CHANNEL_BOTH:
    default:
      return "both";
    }
}

gboolean
bel_channel_from_string (const char *str,
                         BelChannel *out)
{
  static const BelChannel all[] = { BEL_CHANNEL_ONLINE, BEL_CHANNEL_IN_PERSON, BEL_CHANNEL_BOTH };

  for (guint i = 0; str && i < G_N_ELEMENTS (all); i++)
    if (g_str_equal (str, bel_channel_to_string (all[i])))
      {
        *out = all[i];
        return TRUE;
      }
  return FALSE;
}

BelCategoryData *
bel_category_data_new (void)
{
  return g_new0 (BelCategoryData, 1);
}

void
bel_category_data_free (BelCategoryData *data)
{
  if (data == NULL)
    return;
  g_free (data->id);
  g_free (data->icon);
  bel_text_clear (&data->name);
  g_free (data);
}

static void
text_free (BelText *text)
{
  bel_text_clear (text);
  g_free (text);
}

static void
portal_count_clear (BelPortalCount *count)
{
  g_free (count->as_of);
  g_free (count->source);
}

BelAgencyData *
bel_agency_data_new (void)
{
  BelAgencyData *data = g_new0 (BelAgencyData, 1);

  data->former_names = g_ptr_array_new_with_free_func ((GDestroyNotify)text_free);
  data->portal_counts = g_array_new (FALSE, TRUE, sizeof (BelPortalCount));
  g_array_set_clear_func (data->portal_counts, (GDestroyNotify)portal_count_clear);
  return data;
}

void
bel_agency_data_free (BelAgencyData *data)
{
  if (data == NULL)
    return;
  g_free (data->id);
  bel_text_clear (&data->name);
  bel_text_clear (&data->short_name);
  g_ptr_array_unref (data->former_names);
  g_free (data->website);
  g_free (data->helpline);
  g_array_unref (data->portal_counts);
  g_free (data);
}

BelServiceData *
bel_service_data_new (void)
{
  BelServiceData *data = g_new0 (BelServiceData, 1);

  bel_text_lists_init (data->steps);
  bel_text_lists_init (data->documents);
  bel_text_lists_init (data->keywords);
  data->categories = g_new0 (char *, 1);
  data->sign_in = g_new0 (char *, 1);
  return data;
}

void
bel_service_data_free (BelServiceData *data)
{
  if (data == NULL)
    return;
  g_free (data->id);
  g_free (data->agency_id);
  g_strfreev (data->categories);
  bel_text_clear (&data->title);
  bel_text_clear (&data->summary);
  bel_text_clear (&data->eligibility);
  bel_text_lists_clear (data->steps);
  bel_text_lists_clear (data->documents);
  bel_text_lists_clear (data->keywords);
  bel_text_clear (&data->fee_note);
  bel_text_clear (&data->duration);
  g_strfreev (data->sign_in);
  g_free (data->url);
  g_free (data->checked);
  g_free (data->source);
  g_free (data->retired);
  g_free (data);
}

void
bel_catalogue_data_free (BelCatalogueData *data)
{
  if (data == NULL)
    return;
  g_free (data->published);
  g_clear_pointer (&data->categories, g_ptr_array_unref);
  g_clear_pointer (&data->agencies, g_ptr_array_unref);
  g_clear_pointer (&data->services, g_ptr_array_unref);
  g_free (data);
}

/* Validation, with the readers shared by every content format (bel-content-reader.h). Each
 * reports problems with the JSON path of the value and the line where it starts, and returns
 * what it could read so that one run lists every problem. */

typedef BelContentReader Ctx;

static gboolean
parse_meta (Ctx              *ctx,
            JsonNode         *root,
            BelCatalogueData *data)
{
  static const char * const allowed[] = { "format", "revision", "published", NULL };
  JsonObject *object;
  JsonNode *node;

  if (!JSON_NODE_HOLDS_OBJECT (root))
    {
      bel_content_reader_report (ctx, "", "expected an object");
      return FALSE;
    }
  object = json_node_get_object (root);
  bel_content_reader_check_members (ctx, object, "", allowed);

  node = bel_content_reader_member (ctx, object, "", "format", TRUE);
  if (node && (json_node_get_value_type (node) != G_TYPE_INT64 || json_node_get_int (node) != 1))
    bel_content_reader_report (ctx, "format", "unsupported format (this program reads format 1)");
  else if (node)
    data->format = json_node_get_int (node);

  node = bel_content_reader_member (ctx, object, "", "revision", TRUE);
  if (node && (json_node_get_value_type (node) != G_TYPE_INT64 || json_node_get_int (node) < 1))
    bel_content_reader_report (ctx, "revision", "expected a whole number of at least 1");
  else if (node)
    data->revision = json_node_get_int (node);

  data->published = bel_content_reader_read_date (ctx, object, "", "published", TRUE);
  return TRUE;
}

static void
parse_categories (Ctx              *ctx,
                  JsonNode         *root,
                  BelCatalogueData *data,
                  GHashTable       *category_ids)
{
  static const char * const allowed[] = { "id", "name", "icon", NULL };
  JsonArray *array;

  if (!JSON_NODE_HOLDS_ARRAY (root))
    {
      bel_content_reader_report (ctx, "", "expected an array of categories");
      return;
    }
  array = json_node_get_array (root);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      g_autofree char *prefix = g_strdup_printf ("[%u]", i);
      JsonNode *node = json_array_get_element (array, i);
      BelCategoryData *category;
      JsonObject *object;

      if (!JSON_NODE_HOLDS_OBJECT (node))
        {
          bel_content_reader_report (ctx, prefix, "expected an object");
          continue;
        }
      object = json_node_get_object (node);
      bel_content_reader_check_members (ctx, object, prefix, allowed);
      category = bel_category_data_new ();
      category->id = bel_content_reader_read_id (ctx, object, prefix, "id");
      category->icon = bel_content_reader_read_string (ctx, object, prefix, "icon", TRUE);
      bel_content_reader_read_text (ctx, object, prefix, "name", TRUE, &category->name);
      if (category->id && g_hash_table_contains (category_ids, category->id))
        {
          g_autofree char *path = bel_content_reader_join_path (prefix, "id");
          bel_content_reader_report (ctx, path, "duplicate id “%s”", category->id);
        }
      else if (category->id)
        g_hash_table_add (category_ids, g_strdup (category->id));
      g_ptr_array_add (data->categories, category);
    }
}

static void
parse_agency (Ctx           *ctx,
              JsonObject    *object,
              BelAgencyData *agency)
{
  static const char * const allowed[] = {
    "id", "name", "short", "former_names", "website", "helpline", "portal_services", NULL
  };
  static const char * const count_allowed[] = { "count", "as_of", "source", NULL };
  JsonNode *node;

  bel_content_reader_check_members (ctx, object, "agency", allowed);
  agency->id = bel_content_reader_read_id (ctx, object, "agency", "id");
  bel_content_reader_read_text (ctx, object, "agency", "name", TRUE, &agency->name);
  bel_content_reader_read_text (ctx, object, "agency", "short", FALSE, &agency->short_name);
  agency->website = bel_content_reader_read_url (ctx, object, "agency", "website", FALSE);
  agency->helpline = bel_content_reader_read_string (ctx, object, "agency", "helpline", FALSE);

  node = bel_content_reader_member (ctx, object, "agency", "former_names", FALSE);
  if (node && !JSON_NODE_HOLDS_ARRAY (node))
    bel_content_reader_report (ctx, "agency.former_names", "expected an array of texts");
  else if (node)
    {
      JsonArray *array = json_node_get_array (node);
      for (guint i = 0; i < json_array_get_length (array); i++)
        {
          g_autofree char *path = g_strdup_printf ("agency.former_names[%u]", i);
          BelText *name = g_new0 (BelText, 1);

          bel_content_reader_text_node (ctx, json_array_get_element (array, i), path, name);
          g_ptr_array_add (agency->former_names, name);
        }
    }

  node = bel_content_reader_member (ctx, object, "agency", "portal_services", FALSE);
  if (node && !JSON_NODE_HOLDS_ARRAY (node))
    bel_content_reader_report (ctx, "agency.portal_services", "expected an array");
  else if (node)
    {
      JsonArray *array = json_node_get_array (node);
      for (guint i = 0; i < json_array_get_length (array); i++)
        {
          g_autofree char *path = g_strdup_printf ("agency.portal_services[%u]", i);
          g_autofree char *count_path = bel_content_reader_join_path (path, "count");
          JsonNode *item = json_array_get_element (array, i);
          BelPortalCount count = { 0 };
          JsonObject *item_object;
          JsonNode *count_node;

          if (!JSON_NODE_HOLDS_OBJECT (item))
            {
              bel_content_reader_report (ctx, path, "expected an object");
              continue;
            }
          item_object = json_node_get_object (item);
          bel_content_reader_check_members (ctx, item_object, path, count_allowed);
          count_node = bel_content_reader_member (ctx, item_object, path, "count", TRUE);
          if (count_node && (json_node_get_value_type (count_node) != G_TYPE_INT64 ||
                             json_node_get_int (count_node) < 0))
            bel_content_reader_report (ctx, count_path, "expected a whole number");
          else if (count_node)
            count.count = (guint)json_node_get_int (count_node);
          count.as_of = bel_content_reader_read_date (ctx, item_object, path, "as_of", TRUE);
          count.source = bel_content_reader_read_string (ctx, item_object, path, "source", TRUE);
          g_array_append_val (agency->portal_counts, count);
        }
    }
}

static void
parse_service (Ctx            *ctx,
               JsonObject     *object,
               const char     *prefix,
               BelServiceData *service,
               GHashTable     *category_ids)
{
  static const char * const allowed[] = {
    "id", "categories", "title", "summary", "eligibility", "steps", "documents", "fee",
    "fee_note", "duration", "channel", "sign_in", "url", "keywords", "checked", "source",
    "retired", NULL
  };
  g_autofree char *channel = NULL;
  JsonNode *node;

  bel_content_reader_check_members (ctx, object, prefix, allowed);
  service->id = bel_content_reader_read_id (ctx, object, prefix, "id");
  bel_content_reader_read_text (ctx, object, prefix, "title", TRUE, &service->title);
  bel_content_reader_read_text (ctx, object, prefix, "summary", TRUE, &service->summary);
  bel_content_reader_read_text (ctx, object, prefix, "eligibility", FALSE, &service->eligibility);
  bel_content_reader_read_text (ctx, object, prefix, "fee_note", FALSE, &service->fee_note);
  bel_content_reader_read_text (ctx, object, prefix, "duration", FALSE, &service->duration);
  bel_content_reader_read_text_list (ctx, object, prefix, "steps", FALSE, TRUE, service->steps);
  bel_content_reader_read_text_list (ctx, object, prefix, "documents", FALSE, TRUE,
                                     service->documents);
  bel_content_reader_read_text_list (ctx, object, prefix, "keywords", TRUE, FALSE,
                                     service->keywords);
  service->url = bel_content_reader_read_url (ctx, object, prefix, "url", TRUE);
  service->checked = bel_content_reader_read_date (ctx, object, prefix, "checked", TRUE);
  service->source = bel_content_reader_read_string (ctx, object, prefix, "source", TRUE);
  service->retired = bel_content_reader_read_date (ctx, object, prefix, "retired", FALSE);

  /* "fee" must be present: null says "not known" on purpose, which differs from forgetting. */
  node = json_object_get_member (object, "fee");
  if (node == NULL)
    {
      g_autofree char *path = bel_content_reader_join_path (prefix, "fee");
      bel_content_reader_report (ctx, path,
                                 "missing (use null when the fee is not known, 0 when it is free)");
    }
  else if (!JSON_NODE_HOLDS_NULL (node))
    {
      g_autofree char *path = bel_content_reader_join_path (prefix, "fee");
      GType type = JSON_NODE_HOLDS_VALUE (node) ? json_node_get_value_type (node) : G_TYPE_NONE;

      if ((type != G_TYPE_INT64 && type != G_TYPE_DOUBLE) || json_node_get_double (node) < 0 ||
          json_node_get_double (node) > 100000)
        bel_content_reader_report (ctx, path, "expected null, 0 or an amount in AZN");
      else
        {
          service->fee_known = TRUE;
          service->fee = json_node_get_double (node);
        }
    }

  {
    g_autofree char *path = bel_content_reader_join_path (prefix, "channel");
    channel = bel_content_reader_read_string (ctx, object, prefix, "channel", TRUE);
    if (channel && !bel_channel_from_string (channel, &service->channel))
      bel_content_reader_report (ctx, path, "“%s” is not one of online, in-person, both",
                                 channel);
  }

  node = bel_content_reader_member (ctx, object, prefix, "categories", TRUE);
  if (node)
    {
      g_autofree char *path = bel_content_reader_join_path (prefix, "categories");
      g_strfreev (service->categories);
      service->categories = bel_content_reader_string_array (ctx, node, path);
      if (JSON_NODE_HOLDS_ARRAY (node) && service->categories[0] == NULL)
        bel_content_reader_report (ctx, path, "a service needs at least one category");
      for (guint i = 0; service->categories[i]; i++)
        if (!g_hash_table_contains (category_ids, service->categories[i]))
          {
            g_autofree char *item = g_strdup_printf ("%s[%u]", path, i);
            bel_content_reader_report (ctx, item, "unknown category “%s”",
                                       service->categories[i]);
          }
    }

  node = bel_content_reader_member (ctx, object, prefix, "sign_in", TRUE);
  if (node)
    {
      g_autofree char *path = bel_content_reader_join_path (prefix, "sign_in");
      g_strfreev (service->sign_in);
      service->sign_in = bel_content_reader_string_array (ctx, node, path);
      for (guint i = 0; service->sign_in[i]; i++)
        if (!g_strv_contains (sign_in_methods, service->sign_in[i]))
          {
            g_autofree char *item = g_strdup_printf ("%s[%u]", path, i);
            bel_content_reader_report (ctx, item, "unknown sign-in method “%s” (known: fin, sima, "
                                       "asan-imza, e-imza, bsxm)", service->sign_in[i]);
          }
    }
}

/* One agency file, parsed on a worker thread. Files are independent but for ids, which must
 * be unique across the catalogue: those are checked afterwards, in file order. */
typedef struct {
  BelContent     *content;
  GHashTable     *category_ids;   /* read-only while workers run */
  char           *path;
  char           *label;
  char           *id;
  GBytes         *bytes;
  GPtrArray      *issues;
  BelAgencyData  *agency;
  GPtrArray      *services;       /* BelServiceData* */
  GArray         *indices;        /* each service's index in the file's "services" array */
} AgencyFile;

static void
agency_file_free (AgencyFile *file)
{
  g_free (file->path);
  g_free (file->label);
  g_free (file->id);
  g_clear_pointer (&file->bytes, g_bytes_unref);
  g_ptr_array_unref (file->issues);
  g_clear_pointer (&file->agency, bel_agency_data_free);
  g_ptr_array_unref (file->services);
  g_array_unref (file->indices);
  g_free (file);
}

static void
parse_agency_file (Ctx        *ctx,
                   JsonNode   *root,
                   AgencyFile *file)
{
  static const char * const allowed[] = { "agency", "services", NULL };
  JsonObject *object;
  JsonNode *node;

  if (!JSON_NODE_HOLDS_OBJECT (root))
    {
      bel_content_reader_report (ctx, "",
                                 "expected an object with “agency” and “services”");
      return;
    }
  object = json_node_get_object (root);
  bel_content_reader_check_members (ctx, object, "", allowed);

  file->agency = bel_agency_data_new ();
  node = bel_content_reader_member (ctx, object, "", "agency", TRUE);
  if (node && !JSON_NODE_HOLDS_OBJECT (node))
    bel_content_reader_report (ctx, "agency", "expected an object");
  else if (node)
    parse_agency (ctx, json_node_get_object (node), file->agency);

  if (file->agency->id && !g_str_equal (file->agency->id, file->id))
    bel_content_reader_report (ctx, "agency.id", "“%s” differs from the file name (%s.json)",
                               file->agency->id, file->id);

  node = bel_content_reader_member (ctx, object, "", "services", TRUE);
  if (node && !JSON_NODE_HOLDS_ARRAY (node))
    bel_content_reader_report (ctx, "services", "expected an array of services");
  else if (node)
    {
      JsonArray *array = json_node_get_array (node);
      guint n_offered = 0;

      for (guint i = 0; i < json_array_get_length (array); i++)
        {
          g_autofree char *prefix = g_strdup_printf ("services[%u]", i);
          JsonNode *item = json_array_get_element (array, i);
          BelServiceData *service;

          if (!JSON_NODE_HOLDS_OBJECT (item))
            {
              bel_content_reader_report (ctx, prefix, "expected an object");
              continue;
            }
          service = bel_service_data_new ();
          service->agency_id = g_strdup (file->id);
          parse_service (ctx, json_node_get_object (item), prefix, service, file->category_ids);
          if (service->retired == NULL)
            n_offered++;
          g_ptr_array_add (file->services, service);
          g_array_append_val (file->indices, i);
        }
      if (n_offered == 0)
        bel_content_reader_report (ctx, "services", "an agency needs at least one offered service");
    }
}

static void
parse_agency_file_worker (gpointer data,
                          gpointer user_data)
{
  AgencyFile *file = data;
  BelJsonDoc *doc;

  if ((doc = bel_content_reader_load_doc (file->content, file->path, file->label, file->issues)))
    {
      Ctx ctx = { doc, file->label, file->issues };

      file->bytes = g_bytes_ref (bel_json_doc_get_bytes (doc));
      parse_agency_file (&ctx, bel_json_doc_get_root (doc), file);
      bel_json_doc_free (doc);
    }
}

static void
parse_agency_files (GPtrArray *files)
{
  g_autoptr(GError) error = NULL;
  GThreadPool *pool;
  guint n_threads = CLAMP (g_get_num_processors (), 1, 4);

  if (g_getenv ("BELEDCI_PARSE_THREADS"))
    n_threads = CLAMP (atoi (g_getenv ("BELEDCI_PARSE_THREADS")), 1, 4);

  /* Parsing a large catalogue is most of its import time; files parse independently. */
  if (files->len < 4 || n_threads == 1 ||
      !(pool = g_thread_pool_new (parse_agency_file_worker, NULL, n_threads, FALSE, &error)))
    {
      for (guint i = 0; i < files->len; i++)
        parse_agency_file_worker (g_ptr_array_index (files, i), NULL);
      return;
    }
  for (guint i = 0; i < files->len; i++)
    g_thread_pool_push (pool, g_ptr_array_index (files, i), NULL);
  g_thread_pool_free (pool, FALSE, TRUE);
}

typedef struct {
  AgencyFile *file;
  guint       index;
} Origin;

static void
report_in_file (GPtrArray  *issues,
                AgencyFile *file,
                const char *path,
                const char *message)
{
  g_ptr_array_add (issues, bel_issue_new (file->label, bel_json_bytes_line (file->bytes, path),
                                          path, "%s", message));
}

/* Moves the parsed files into @data, in file order, checking ids across files. */
static void
merge_agency_files (GPtrArray        *files,
                    BelCatalogueData *data,
                    GPtrArray        *issues)
{
  g_autoptr(GHashTable) agency_ids = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GHashTable) service_ids = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, g_free);

  for (guint f = 0; f < files->len; f++)
    {
      AgencyFile *file = g_ptr_array_index (files, f);

      g_ptr_array_extend_and_steal (issues, g_steal_pointer (&file->issues));
      file->issues = g_ptr_array_new ();
      if (file->agency == NULL)
        continue;

      if (file->agency->id && g_hash_table_contains (agency_ids, file->agency->id))
        {
          g_autofree char *message = g_strdup_printf ("duplicate agency id “%s”", file->agency->id);
          report_in_file (issues, file, "agency.id", message);
        }
      else if (file->agency->id)
        g_hash_table_add (agency_ids, file->agency->id);

      for (guint i = 0; i < file->services->len; i++)
        {
          BelServiceData *service = g_ptr_array_index (file->services, i);
          guint index = g_array_index (file->indices, guint, i);
          Origin *first;

          if (service->id == NULL)
            continue;
          if ((first = g_hash_table_lookup (service_ids, service->id)))
            {
              g_autofree char *path = g_strdup_printf ("services[%u].id", index);
              g_autofree char *first_path = g_strdup_printf ("services[%u].id", first->index);
              g_autofree char *message =
                g_strdup_printf ("duplicate id “%s” (first in %s:%u)", service->id,
                                 first->file->label,
                                 bel_json_bytes_line (first->file->bytes, first_path));
              report_in_file (issues, file, path, message);
            }
          else
            {
              Origin *origin = g_new0 (Origin, 1);
              origin->file = file;
              origin->index = index;
              g_hash_table_insert (service_ids, service->id, origin);
            }
        }
    }

  /* Only now that nothing points into the files any more may their data move. */
  g_hash_table_remove_all (agency_ids);
  g_hash_table_remove_all (service_ids);
  for (guint f = 0; f < files->len; f++)
    {
      AgencyFile *file = g_ptr_array_index (files, f);

      if (file->agency == NULL)
        continue;
      g_ptr_array_add (data->agencies, g_steal_pointer (&file->agency));
      g_ptr_array_extend_and_steal (data->services, g_steal_pointer (&file->services));
      file->services = g_ptr_array_new ();
    }
}

static int
compare_issues (gconstpointer a,
                gconstpointer b)
{
  const BelIssue *ia = *(const BelIssue * const *)a;
  const BelIssue *ib = *(const BelIssue * const *)b;
  int by_file = strcmp (ia->file, ib->file);

  if (by_file != 0)
    return by_file;
  return (ia->line > ib->line) - (ia->line < ib->line);
}

/* Problems are listed by file and line, whatever order the workers found them in. The sort is
 * stable, so problems on one line keep the order they were found in. */
static void
sort_issues (GPtrArray *issues,
             guint      from)
{
  g_autoptr(GPtrArray) tail = g_ptr_array_new ();

  for (guint i = from; i < issues->len; i++)
    g_ptr_array_add (tail, g_ptr_array_index (issues, i));
  g_ptr_array_sort (tail, compare_issues);
  for (guint i = 0; i < tail->len; i++)
    issues->pdata[from + i] = g_ptr_array_index (tail, i);
}

BelCatalogueData *
bel_catalogue_data_parse (BelContent *content,
                          GPtrArray  *issues)
{
  g_autoptr(BelCatalogueData) data = g_new0 (BelCatalogueData, 1);
  g_autoptr(GHashTable) category_ids = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GPtrArray) paths = NULL;
  g_autoptr(GPtrArray) files = NULL;
  guint n_before;
  BelJsonDoc *doc;

  g_return_val_if_fail (content != NULL, NULL);
  g_return_val_if_fail (issues != NULL, NULL);

  n_before = issues->len;
  data->categories = g_ptr_array_new_with_free_func ((GDestroyNotify)bel_category_data_free);
  data->agencies = g_ptr_array_new_with_free_func ((GDestroyNotify)bel_agency_data_free);
  data->services = g_ptr_array_new_with_free_func ((GDestroyNotify)bel_service_data_free);

  if ((doc = bel_content_reader_load_doc (content, "catalogue/catalogue.json", "catalogue.json",
                                          issues)))
    {
      Ctx ctx = { doc, "catalogue.json", issues };
      parse_meta (&ctx, bel_json_doc_get_root (doc), data);
      bel_json_doc_free (doc);
    }

  if ((doc = bel_content_reader_load_doc (content, "catalogue/categories.json", "categories.json",
                                          issues)))
    {
      Ctx ctx = { doc, "categories.json", issues };
      parse_categories (&ctx, bel_json_doc_get_root (doc), data, category_ids);
      bel_json_doc_free (doc);
    }

  files = g_ptr_array_new_with_free_func ((GDestroyNotify)agency_file_free);
  paths = bel_content_list (content, "catalogue/");
  for (guint i = 0; i < paths->len; i++)
    {
      const char *path = g_ptr_array_index (paths, i);
      const char *label = path + strlen ("catalogue/");
      g_autofree char *id = NULL;
      AgencyFile *file;

      if (g_str_equal (label, "catalogue.json") || g_str_equal (label, "categories.json"))
        continue;
      if (!g_str_has_prefix (label, "agencies/") || !g_str_has_suffix (label, ".json") ||
          strchr (label + strlen ("agencies/"), '/') != NULL)
        {
          g_ptr_array_add (issues, bel_issue_new (label, 0, NULL,
                                                  "unexpected file (the catalogue holds "
                                                  "catalogue.json, categories.json and "
                                                  "agencies/<id>.json)"));
          continue;
        }
      id = g_strndup (label + strlen ("agencies/"),
                      strlen (label) - strlen ("agencies/") - strlen (".json"));
      if (!bel_content_is_valid_id (id))
        {
          g_ptr_array_add (issues, bel_issue_new (label, 0, NULL,
                                                  "the file name is not a valid agency id"));
          continue;
        }

      file = g_new0 (AgencyFile, 1);
      file->content = content;
      file->category_ids = category_ids;
      file->path = g_strdup (path);
      file->label = g_strdup (label);
      file->id = g_steal_pointer (&id);
      file->issues = g_ptr_array_new_with_free_func ((GDestroyNotify)bel_issue_free);
      file->services = g_ptr_array_new_with_free_func ((GDestroyNotify)bel_service_data_free);
      file->indices = g_array_new (FALSE, FALSE, sizeof (guint));
      g_ptr_array_add (files, file);
    }

  parse_agency_files (files);
  merge_agency_files (files, data, issues);

  sort_issues (issues, n_before);

  if (data->agencies->len == 0 && issues->len == n_before)
    g_ptr_array_add (issues, bel_issue_new ("agencies", 0, NULL, "no agency files"));

  if (issues->len > n_before)
    return NULL;
  return g_steal_pointer (&data);
}
