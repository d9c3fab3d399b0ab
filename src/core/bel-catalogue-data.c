/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "bel-catalogue-data"

#include "bel-catalogue-data.h"
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

  for (guint l = 0; l < BEL_N_LANGS; l++)
    {
      data->steps[l] = g_new0 (char *, 1);
      data->documents[l] = g_new0 (char *, 1);
      data->keywords[l] = g_new0 (char *, 1);
    }
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
  for (guint l = 0; l < BEL_N_LANGS; l++)
    {
      g_strfreev (data->steps[l]);
      g_strfreev (data->documents[l]);
      g_strfreev (data->keywords[l]);
    }
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

/* Validation. Each reader reports problems with the JSON path of the value and the line where
 * it starts, and returns what it could read so that one run lists every problem. */

typedef struct {
  BelJsonDoc *doc;
  const char *file;
  GPtrArray  *issues;
  guint       n_issues_before;
} Ctx;

static void G_GNUC_PRINTF (3, 4)
report (Ctx        *ctx,
        const char *path,
        const char *format,
        ...)
{
  g_autofree char *message = NULL;
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);
  g_ptr_array_add (ctx->issues,
                   bel_issue_new (ctx->file, bel_json_doc_line (ctx->doc, path), path,
                                  "%s", message));
}

static char *
join_path (const char *prefix,
           const char *member)
{
  if (prefix == NULL || *prefix == '\0')
    return g_strdup (member);
  return g_strconcat (prefix, ".", member, NULL);
}

static void
check_members (Ctx               *ctx,
               JsonObject        *object,
               const char        *prefix,
               const char * const *allowed)
{
  g_autoptr(GList) members = json_object_get_members (object);

  for (const GList *l = members; l; l = l->next)
    {
      if (!g_strv_contains (allowed, l->data))
        {
          g_autofree char *path = join_path (prefix, l->data);
          report (ctx, path, "unknown member");
        }
    }
}

static JsonNode *
member (Ctx        *ctx,
        JsonObject *object,
        const char *prefix,
        const char *name,
        gboolean    required)
{
  JsonNode *node = json_object_get_member (object, name);

  if ((node == NULL || JSON_NODE_HOLDS_NULL (node)) && required)
    {
      g_autofree char *path = join_path (prefix, name);
      report (ctx, path, "missing");
      return NULL;
    }
  return node;
}

static gboolean
is_blank (const char *str)
{
  for (; *str; str++)
    if (!g_ascii_isspace (*str))
      return FALSE;
  return TRUE;
}

static gboolean
has_control (const char *str)
{
  for (; *str; str++)
    if ((guchar)*str < 0x20 || *str == 0x7f)
      return TRUE;
  return FALSE;
}

static const char *
read_string_node (Ctx        *ctx,
                  JsonNode   *node,
                  const char *path)
{
  const char *value;

  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return NULL;
  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    {
      report (ctx, path, "expected a string");
      return NULL;
    }
  value = json_node_get_string (node);
  if (value == NULL || is_blank (value))
    {
      report (ctx, path, "empty text");
      return NULL;
    }
  if (has_control (value))
    {
      report (ctx, path, "contains a control character (tab, newline...)");
      return NULL;
    }
  return value;
}

static char *
read_string (Ctx        *ctx,
             JsonObject *object,
             const char *prefix,
             const char *name,
             gboolean    required)
{
  g_autofree char *path = join_path (prefix, name);
  JsonNode *node = member (ctx, object, prefix, name, required);

  return g_strdup (read_string_node (ctx, node, path));
}

static gboolean
is_valid_id (const char *id)
{
  gsize len = strlen (id);

  if (len < 2 || len > 64)
    return FALSE;
  for (const char *p = id; *p; p++)
    if (!(g_ascii_islower (*p) || g_ascii_isdigit (*p) || *p == '-'))
      return FALSE;
  return TRUE;
}

static char *
read_id (Ctx        *ctx,
         JsonObject *object,
         const char *prefix,
         const char *name)
{
  g_autofree char *path = join_path (prefix, name);
  g_autofree char *id = read_string (ctx, object, prefix, name, TRUE);

  if (id && !is_valid_id (id))
    {
      report (ctx, path, "“%s” is not a valid id (2-64 of a-z, 0-9, -)", id);
      return NULL;
    }
  return g_steal_pointer (&id);
}

static gboolean
is_valid_date (const char *str)
{
  g_autoptr(GDate) date = NULL;
  int y, m, d;

  if (strlen (str) != 10 || str[4] != '-' || str[7] != '-')
    return FALSE;
  for (guint i = 0; i < 10; i++)
    if (i != 4 && i != 7 && !g_ascii_isdigit (str[i]))
      return FALSE;
  y = atoi (str);
  m = atoi (str + 5);
  d = atoi (str + 8);
  return g_date_valid_dmy (d, m, y);
}

static char *
read_date (Ctx        *ctx,
           JsonObject *object,
           const char *prefix,
           const char *name,
           gboolean    required)
{
  g_autofree char *path = join_path (prefix, name);
  g_autofree char *value = read_string (ctx, object, prefix, name, required);

  if (value && !is_valid_date (value))
    {
      report (ctx, path, "“%s” is not a date (YYYY-MM-DD)", value);
      return NULL;
    }
  return g_steal_pointer (&value);
}

static char *
read_url (Ctx        *ctx,
          JsonObject *object,
          const char *prefix,
          const char *name,
          gboolean    required)
{
  g_autofree char *path = join_path (prefix, name);
  g_autofree char *value = read_string (ctx, object, prefix, name, required);

  if (value && (!g_str_has_prefix (value, "https://") || strlen (value) < 12 ||
                strpbrk (value, " \t\r\n\"<>") != NULL))
    {
      report (ctx, path, "“%s” is not an https:// address", value);
      return NULL;
    }
  return g_steal_pointer (&value);
}

static const char * const text_members[] = { "az", "ru", "en", NULL };

static void
read_text_node (Ctx        *ctx,
                JsonNode   *node,
                const char *path,
                BelText    *out)
{
  JsonObject *object;

  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return;
  if (!JSON_NODE_HOLDS_OBJECT (node))
    {
      report (ctx, path, "expected an object with az, ru and en texts");
      return;
    }
  object = json_node_get_object (node);
  check_members (ctx, object, path, text_members);
  for (guint l = 0; l < BEL_N_LANGS; l++)
    {
      const char *code = bel_lang_to_code (l);
      g_autofree char *lang_path = join_path (path, code);
      JsonNode *child = json_object_get_member (object, code);

      if (child == NULL || JSON_NODE_HOLDS_NULL (child))
        {
          report (ctx, lang_path, "missing translation");
          continue;
        }
      g_free (out->text[l]);
      out->text[l] = g_strdup (read_string_node (ctx, child, lang_path));
    }
}

static void
read_text (Ctx        *ctx,
           JsonObject *object,
           const char *prefix,
           const char *name,
           gboolean    required,
           BelText    *out)
{
  g_autofree char *path = join_path (prefix, name);

  read_text_node (ctx, member (ctx, object, prefix, name, required), path, out);
}

static GStrv
read_string_array (Ctx        *ctx,
                   JsonNode   *node,
                   const char *path)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  JsonArray *array;

  if (!JSON_NODE_HOLDS_ARRAY (node))
    {
      report (ctx, path, "expected an array of texts");
      return g_strv_builder_end (builder);
    }
  array = json_node_get_array (node);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      g_autofree char *item_path = g_strdup_printf ("%s[%u]", path, i);
      const char *value = read_string_node (ctx, json_array_get_element (array, i), item_path);

      if (value)
        g_strv_builder_add (builder, value);
    }
  return g_strv_builder_end (builder);
}

/* A text list: {"az": [...], "ru": [...], "en": [...]}. With @same_length, the three lists
 * must be translations of each other, item by item. */
static void
read_text_list (Ctx        *ctx,
                JsonObject *object,
                const char *prefix,
                const char *name,
                gboolean    required,
                gboolean    same_length,
                GStrv       out[BEL_N_LANGS])
{
  g_autofree char *path = join_path (prefix, name);
  JsonNode *node = member (ctx, object, prefix, name, required);
  JsonObject *lists;

  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return;
  if (!JSON_NODE_HOLDS_OBJECT (node))
    {
      report (ctx, path, "expected an object with az, ru and en lists");
      return;
    }
  lists = json_node_get_object (node);
  check_members (ctx, lists, path, text_members);
  for (guint l = 0; l < BEL_N_LANGS; l++)
    {
      const char *code = bel_lang_to_code (l);
      g_autofree char *lang_path = join_path (path, code);
      JsonNode *child = json_object_get_member (lists, code);

      if (child == NULL || JSON_NODE_HOLDS_NULL (child))
        {
          report (ctx, lang_path, "missing translation");
          continue;
        }
      g_strfreev (out[l]);
      out[l] = read_string_array (ctx, child, lang_path);
    }

  if (same_length)
    {
      guint az = g_strv_length (out[BEL_LANG_AZ]);
      guint ru = g_strv_length (out[BEL_LANG_RU]);
      guint en = g_strv_length (out[BEL_LANG_EN]);

      if (az != ru || az != en)
        report (ctx, path, "the az, ru and en lists differ in length (%u, %u, %u)", az, ru, en);
      else if (az == 0)
        report (ctx, path, "empty list (leave the member out when it is not known)");
    }
}

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
      report (ctx, "", "expected an object");
      return FALSE;
    }
  object = json_node_get_object (root);
  check_members (ctx, object, "", allowed);

  node = member (ctx, object, "", "format", TRUE);
  if (node && (json_node_get_value_type (node) != G_TYPE_INT64 || json_node_get_int (node) != 1))
    report (ctx, "format", "unsupported format (this program reads format 1)");
  else if (node)
    data->format = json_node_get_int (node);

  node = member (ctx, object, "", "revision", TRUE);
  if (node && (json_node_get_value_type (node) != G_TYPE_INT64 || json_node_get_int (node) < 1))
    report (ctx, "revision", "expected a whole number of at least 1");
  else if (node)
    data->revision = json_node_get_int (node);

  data->published = read_date (ctx, object, "", "published", TRUE);
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
      report (ctx, "", "expected an array of categories");
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
          report (ctx, prefix, "expected an object");
          continue;
        }
      object = json_node_get_object (node);
      check_members (ctx, object, prefix, allowed);
      category = bel_category_data_new ();
      category->id = read_id (ctx, object, prefix, "id");
      category->icon = read_string (ctx, object, prefix, "icon", TRUE);
      read_text (ctx, object, prefix, "name", TRUE, &category->name);
      if (category->id && g_hash_table_contains (category_ids, category->id))
        {
          g_autofree char *path = join_path (prefix, "id");
          report (ctx, path, "duplicate id “%s”", category->id);
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

  check_members (ctx, object, "agency", allowed);
  agency->id = read_id (ctx, object, "agency", "id");
  read_text (ctx, object, "agency", "name", TRUE, &agency->name);
  read_text (ctx, object, "agency", "short", FALSE, &agency->short_name);
  agency->website = read_url (ctx, object, "agency", "website", FALSE);
  agency->helpline = read_string (ctx, object, "agency", "helpline", FALSE);

  node = member (ctx, object, "agency", "former_names", FALSE);
  if (node && !JSON_NODE_HOLDS_ARRAY (node))
    report (ctx, "agency.former_names", "expected an array of texts");
  else if (node)
    {
      JsonArray *array = json_node_get_array (node);
      for (guint i = 0; i < json_array_get_length (array); i++)
        {
          g_autofree char *path = g_strdup_printf ("agency.former_names[%u]", i);
          BelText *name = g_new0 (BelText, 1);

          read_text_node (ctx, json_array_get_element (array, i), path, name);
          g_ptr_array_add (agency->former_names, name);
        }
    }

  node = member (ctx, object, "agency", "portal_services", FALSE);
  if (node && !JSON_NODE_HOLDS_ARRAY (node))
    report (ctx, "agency.portal_services", "expected an array");
  else if (node)
    {
      JsonArray *array = json_node_get_array (node);
      for (guint i = 0; i < json_array_get_length (array); i++)
        {
          g_autofree char *path = g_strdup_printf ("agency.portal_services[%u]", i);
          g_autofree char *count_path = join_path (path, "count");
          JsonNode *item = json_array_get_element (array, i);
          BelPortalCount count = { 0 };
          JsonObject *item_object;
          JsonNode *count_node;

          if (!JSON_NODE_HOLDS_OBJECT (item))
            {
              report (ctx, path, "expected an object");
              continue;
            }
          item_object = json_node_get_object (item);
          check_members (ctx, item_object, path, count_allowed);
          count_node = member (ctx, item_object, path, "count", TRUE);
          if (count_node && (json_node_get_value_type (count_node) != G_TYPE_INT64 ||
                             json_node_get_int (count_node) < 0))
            report (ctx, count_path, "expected a whole number");
          else if (count_node)
            count.count = (guint)json_node_get_int (count_node);
          count.as_of = read_date (ctx, item_object, path, "as_of", TRUE);
          count.source = read_string (ctx, item_object, path, "source", TRUE);
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

  check_members (ctx, object, prefix, allowed);
  service->id = read_id (ctx, object, prefix, "id");
  read_text (ctx, object, prefix, "title", TRUE, &service->title);
  read_text (ctx, object, prefix, "summary", TRUE, &service->summary);
  read_text (ctx, object, prefix, "eligibility", FALSE, &service->eligibility);
  read_text (ctx, object, prefix, "fee_note", FALSE, &service->fee_note);
  read_text (ctx, object, prefix, "duration", FALSE, &service->duration);
  read_text_list (ctx, object, prefix, "steps", FALSE, TRUE, service->steps);
  read_text_list (ctx, object, prefix, "documents", FALSE, TRUE, service->documents);
  read_text_list (ctx, object, prefix, "keywords", TRUE, FALSE, service->keywords);
  service->url = read_url (ctx, object, prefix, "url", TRUE);
  service->checked = read_date (ctx, object, prefix, "checked", TRUE);
  service->source = read_string (ctx, object, prefix, "source", TRUE);
  service->retired = read_date (ctx, object, prefix, "retired", FALSE);

  /* "fee" must be present: null says "not known" on purpose, which differs from forgetting. */
  node = json_object_get_member (object, "fee");
  if (node == NULL)
    {
      g_autofree char *path = join_path (prefix, "fee");
      report (ctx, path, "missing (use null when the fee is not known, 0 when it is free)");
    }
  else if (!JSON_NODE_HOLDS_NULL (node))
    {
      g_autofree char *path = join_path (prefix, "fee");
      GType type = JSON_NODE_HOLDS_VALUE (node) ? json_node_get_value_type (node) : G_TYPE_NONE;

      if ((type != G_TYPE_INT64 && type != G_TYPE_DOUBLE) || json_node_get_double (node) < 0 ||
          json_node_get_double (node) > 100000)
        report (ctx, path, "expected null, 0 or an amount in AZN");
      else
        {
          service->fee_known = TRUE;
          service->fee = json_node_get_double (node);
        }
    }

  {
    g_autofree char *path = join_path (prefix, "channel");
    channel = read_string (ctx, object, prefix, "channel", TRUE);
    if (channel && !bel_channel_from_string (channel, &service->channel))
      report (ctx, path, "“%s” is not one of online, in-person, both", channel);
  }

  node = member (ctx, object, prefix, "categories", TRUE);
  if (node)
    {
      g_autofree char *path = join_path (prefix, "categories");
      g_strfreev (service->categories);
      service->categories = read_string_array (ctx, node, path);
      if (JSON_NODE_HOLDS_ARRAY (node) && service->categories[0] == NULL)
        report (ctx, path, "a service needs at least one category");
      for (guint i = 0; service->categories[i]; i++)
        if (!g_hash_table_contains (category_ids, service->categories[i]))
          {
            g_autofree char *item = g_strdup_printf ("%s[%u]", path, i);
            report (ctx, item, "unknown category “%s”", service->categories[i]);
          }
    }

  node = member (ctx, object, prefix, "sign_in", TRUE);
  if (node)
    {
      g_autofree char *path = join_path (prefix, "sign_in");
      g_strfreev (service->sign_in);
      service->sign_in = read_string_array (ctx, node, path);
      for (guint i = 0; service->sign_in[i]; i++)
        if (!g_strv_contains (sign_in_methods, service->sign_in[i]))
          {
            g_autofree char *item = g_strdup_printf ("%s[%u]", path, i);
            report (ctx, item, "unknown sign-in method “%s” (known: fin, sima, asan-imza, "
                    "e-imza, bsxm)", service->sign_in[i]);
          }
    }
}

typedef struct {
  char  *file;
  guint  line;
} Origin;

static void
origin_free (Origin *origin)
{
  g_free (origin->file);
  g_free (origin);
}

static void
parse_agency_file (Ctx              *ctx,
                   JsonNode         *root,
                   const char       *expected_id,
                   BelCatalogueData *data,
                   GHashTable       *category_ids,
                   GHashTable       *agency_ids,
                   GHashTable       *service_ids)
{
  static const char * const allowed[] = { "agency", "services", NULL };
  BelAgencyData *agency;
  JsonObject *object;
  JsonNode *node;

  if (!JSON_NODE_HOLDS_OBJECT (root))
    {
      report (ctx, "", "expected an object with “agency” and “services”");
      return;
    }
  object = json_node_get_object (root);
  check_members (ctx, object, "", allowed);

  agency = bel_agency_data_new ();
  node = member (ctx, object, "", "agency", TRUE);
  if (node && !JSON_NODE_HOLDS_OBJECT (node))
    report (ctx, "agency", "expected an object");
  else if (node)
    parse_agency (ctx, json_node_get_object (node), agency);

  if (agency->id && !g_str_equal (agency->id, expected_id))
    report (ctx, "agency.id", "“%s” differs from the file name (%s.json)", agency->id, expected_id);
  if (agency->id && g_hash_table_contains (agency_ids, agency->id))
    report (ctx, "agency.id", "duplicate agency id “%s”", agency->id);
  else if (agency->id)
    g_hash_table_add (agency_ids, g_strdup (agency->id));

  node = member (ctx, object, "", "services", TRUE);
  if (node && !JSON_NODE_HOLDS_ARRAY (node))
    report (ctx, "services", "expected an array of services");
  else if (node)
    {
      JsonArray *array = json_node_get_array (node);
      guint n_offered = 0;

      for (guint i = 0; i < json_array_get_length (array); i++)
        {
          g_autofree char *prefix = g_strdup_printf ("services[%u]", i);
          JsonNode *item = json_array_get_element (array, i);
          BelServiceData *service;
          Origin *first;

          if (!JSON_NODE_HOLDS_OBJECT (item))
            {
              report (ctx, prefix, "expected an object");
              continue;
            }
          service = bel_service_data_new ();
          service->agency_id = g_strdup (expected_id);
          parse_service (ctx, json_node_get_object (item), prefix, service, category_ids);
          if (service->retired == NULL)
            n_offered++;

          if (service->id && (first = g_hash_table_lookup (service_ids, service->id)))
            {
              g_autofree char *path = join_path (prefix, "id");
              report (ctx, path, "duplicate id “%s” (first in %s:%u)",
                      service->id, first->file, first->line);
            }
          else if (service->id)
            {
              g_autofree char *path = join_path (prefix, "id");
              Origin *origin = g_new0 (Origin, 1);
              origin->file = g_strdup (ctx->file);
              origin->line = bel_json_doc_line (ctx->doc, path);
              g_hash_table_insert (service_ids, g_strdup (service->id), origin);
            }
          g_ptr_array_add (data->services, service);
        }
      if (n_offered == 0)
        report (ctx, "services", "an agency needs at least one offered service");
    }

  g_ptr_array_add (data->agencies, agency);
}

static BelJsonDoc *
load_doc (BelContent *content,
          const char *path,
          const char *label,
          GPtrArray  *issues)
{
  GBytes *bytes = bel_content_get (content, path);

  if (!bel_content_contains (content, path))
    {
      g_ptr_array_add (issues, bel_issue_new (label, 0, NULL, "missing file"));
      return NULL;
    }
  if (bytes == NULL)
    {
      g_ptr_array_add (issues, bel_issue_new (label, 0, NULL,
                                              "file too large (at most %d bytes)",
                                              BEL_JSON_DEFAULT_MAX_SIZE));
      return NULL;
    }
  return bel_json_doc_parse (label, bytes, BEL_JSON_DEFAULT_MAX_SIZE,
                             BEL_JSON_DEFAULT_MAX_DEPTH, issues);
}

BelCatalogueData *
bel_catalogue_data_parse (BelContent *content,
                          GPtrArray  *issues)
{
  g_autoptr(BelCatalogueData) data = g_new0 (BelCatalogueData, 1);
  g_autoptr(GHashTable) category_ids = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GHashTable) agency_ids = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GHashTable) service_ids = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                                             (GDestroyNotify)origin_free);
  g_autoptr(GPtrArray) paths = NULL;
  guint n_before;
  BelJsonDoc *doc;

  g_return_val_if_fail (content != NULL, NULL);
  g_return_val_if_fail (issues != NULL, NULL);

  n_before = issues->len;
  data->categories = g_ptr_array_new_with_free_func ((GDestroyNotify)bel_category_data_free);
  data->agencies = g_ptr_array_new_with_free_func ((GDestroyNotify)bel_agency_data_free);
  data->services = g_ptr_array_new_with_free_func ((GDestroyNotify)bel_service_data_free);

  if ((doc = load_doc (content, "catalogue/catalogue.json", "catalogue.json", issues)))
    {
      Ctx ctx = { doc, "catalogue.json", issues, 0 };
      parse_meta (&ctx, bel_json_doc_get_root (doc), data);
      bel_json_doc_free (doc);
    }

  if ((doc = load_doc (content, "catalogue/categories.json", "categories.json", issues)))
    {
      Ctx ctx = { doc, "categories.json", issues, 0 };
      parse_categories (&ctx, bel_json_doc_get_root (doc), data, category_ids);
      bel_json_doc_free (doc);
    }

  paths = bel_content_list (content, "catalogue/");
  for (guint i = 0; i < paths->len; i++)
    {
      const char *path = g_ptr_array_index (paths, i);
      const char *label = path + strlen ("catalogue/");
      g_autofree char *id = NULL;

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
      if (!is_valid_id (id))
        {
          g_ptr_array_add (issues, bel_issue_new (label, 0, NULL,
                                                  "the file name is not a valid agency id"));
          continue;
        }
      if ((doc = load_doc (content, path, label, issues)))
        {
          Ctx ctx = { doc, label, issues, 0 };
          parse_agency_file (&ctx, bel_json_doc_get_root (doc), id, data, category_ids,
                             agency_ids, service_ids);
          bel_json_doc_free (doc);
        }
    }

  if (data->agencies->len == 0 && issues->len == n_before)
    g_ptr_array_add (issues, bel_issue_new ("agencies", 0, NULL, "no agency files"));

  if (issues->len > n_before)
    return NULL;
  return g_steal_pointer (&data);
}
