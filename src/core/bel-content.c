/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "bel-content"

#include "config.h"

#include "bel-content.h"

#include <string.h>

struct _BelContent
{
  gatomicrefcount  ref_count;
  GHashTable      *files;   /* relative path -> GBytes (or NULL when too large to read) */
};

/* The parts of a content tree. Everything else under data/ (desktop files, schemas, icons) is
 * part of the program, not of its content. */
static const char *content_parts[] = { "catalogue", "walkthroughs", "slides" };

BelContent *
bel_content_new (void)
{
  BelContent *self = g_new0 (BelContent, 1);

  g_atomic_ref_count_init (&self->ref_count);
  self->files = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                       (GDestroyNotify)g_bytes_unref);
  return self;
}

BelContent *
bel_content_ref (BelContent *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  g_atomic_ref_count_inc (&self->ref_count);
  return self;
}

void
bel_content_unref (BelContent *self)
{
  g_return_if_fail (self != NULL);
  if (g_atomic_ref_count_dec (&self->ref_count))
    {
      g_hash_table_unref (self->files);
      g_free (self);
    }
}

void
bel_content_add (BelContent *self,
                 const char *path,
                 GBytes     *bytes)
{
  g_return_if_fail (self != NULL);
  g_return_if_fail (path != NULL);

  g_hash_table_replace (self->files, g_strdup (path), bytes ? g_bytes_ref (bytes) : NULL);
}

GBytes *
bel_content_get (BelContent *self,
                 const char *path)
{
  g_return_val_if_fail (self != NULL, NULL);
  return g_hash_table_lookup (self->files, path);
}

gboolean
bel_content_contains (BelContent *self,
                      const char *path)
{
  g_return_val_if_fail (self != NULL, FALSE);
  return g_hash_table_contains (self->files, path);
}

static int
compare_strings (gconstpointer a,
                 gconstpointer b)
{
  return strcmp (*(const char * const *)a, *(const char * const *)b);
}

GPtrArray *
bel_content_list (BelContent *self,
                  const char *prefix)
{
  GPtrArray *paths = g_ptr_array_new_with_free_func (g_free);
  GHashTableIter iter;
  const char *path;

  g_return_val_if_fail (self != NULL, paths);

  g_hash_table_iter_init (&iter, self->files);
  while (g_hash_table_iter_next (&iter, (gpointer *)&path, NULL))
    if (prefix == NULL || g_str_has_prefix (path, prefix))
      g_ptr_array_add (paths, g_strdup (path));
  g_ptr_array_sort (paths, compare_strings);
  return paths;
}

static gboolean
read_tree (BelContent  *self,
           GFile       *dir,
           const char  *prefix,
           guint        depth,
           GError     **error)
{
  g_autoptr(GFileEnumerator) enumerator = NULL;

  if (depth > 8)
    return TRUE;

  enumerator = g_file_enumerate_children (dir,
                                          G_FILE_ATTRIBUTE_STANDARD_NAME ","
                                          G_FILE_ATTRIBUTE_STANDARD_TYPE ","
                                          G_FILE_ATTRIBUTE_STANDARD_SIZE,
                                          G_FILE_QUERY_INFO_NOFOLLOW_SYMLINKS, NULL, error);
  if (enumerator == NULL)
    return FALSE;

  for (;;)
    {
      GFileInfo *info = NULL;
      GFile *child = NULL;
      g_autofree char *path = NULL;
      const char *name;

      if (!g_file_enumerator_iterate (enumerator, &info, &child, NULL, error))
        return FALSE;
      if (info == NULL)
        break;

      name = g_file_info_get_name (info);
      if (name[0] == '.')
        continue;
      path = g_strconcat (prefix, "/", name, NULL);

      switch (g_file_info_get_file_type (info))
        {
        case G_FILE_TYPE_DIRECTORY:
          if (!read_tree (self, child, path, depth + 1, error))
            return FALSE;
          break;

        case G_FILE_TYPE_REGULAR:
          if (g_hash_table_size (self->files) >= BEL_CONTENT_MAX_FILES)
            {
              g_set_error (error, G_IO_ERROR, G_IO_ERROR_NO_SPACE,
                           "More than %d files in the content tree", BEL_CONTENT_MAX_FILES);
              return FALSE;
            }
          if (g_file_info_get_size (info) > BEL_CONTENT_MAX_FILE_SIZE)
            bel_content_add (self, path, NULL);
          else
            {
              g_autoptr(GBytes) bytes = g_file_load_bytes (child, NULL, NULL, error);
              if (bytes == NULL)
                return FALSE;
              bel_content_add (self, path, bytes);
            }
          break;

        default:
          /* Symbolic links and special files are not content. */
          break;
        }
    }
  return TRUE;
}

BelContent *
bel_content_new_from_dir (const char  *dir,
                          GError     **error)
{
  g_autoptr(BelContent) self = bel_content_new ();
  g_autofree char *catalogue_json = NULL;
  gboolean found = FALSE;

  g_return_val_if_fail (dir != NULL, NULL);

  if (!g_file_test (dir, G_FILE_TEST_IS_DIR))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND, "%s is not a directory", dir);
      return NULL;
    }

  /* A catalogue directory on its own (data/catalogue) is read as the "catalogue" part. */
  catalogue_json = g_build_filename (dir, "catalogue.json", NULL);
  if (g_file_test (catalogue_json, G_FILE_TEST_EXISTS))
    {
      g_autoptr(GFile) file = g_file_new_for_path (dir);
      if (!read_tree (self, file, "catalogue", 0, error))
        return NULL;
      return g_steal_pointer (&self);
    }

  for (guint i = 0; i < G_N_ELEMENTS (content_parts); i++)
    {
      g_autofree char *part_dir = g_build_filename (dir, content_parts[i], NULL);
      g_autoptr(GFile) file = NULL;

      if (!g_file_test (part_dir, G_FILE_TEST_IS_DIR))
        continue;
      file = g_file_new_for_path (part_dir);
      if (!read_tree (self, file, content_parts[i], 0, error))
        return NULL;
      found = TRUE;
    }

  if (!found)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                   "No content in %s (expected catalogue/, walkthroughs/ or catalogue.json)", dir);
      return NULL;
    }
  return g_steal_pointer (&self);
}

const char *
bel_content_bundled_dir (void)
{
  static char *dir = NULL;

  if (g_once_init_enter (&dir))
    {
      const char *env = g_getenv ("BELEDCI_DATA_DIR");
      char *found;

      if (env && *env)
        found = g_strdup (env);
      else if (g_file_test (SOURCE_DATADIR "/catalogue/catalogue.json", G_FILE_TEST_EXISTS))
        found = g_strdup (SOURCE_DATADIR);   /* run from a build tree */
      else
        found = g_strdup (PKGDATADIR);
      g_once_init_leave (&dir, found);
    }
  return dir;
}
