/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "bel-i18n"

#include "config.h"

#include <locale.h>
#include <gtk/gtk.h>

#include "bel-i18n.h"

typedef struct {
  const char *property;   /* interned */
  const char *msgid;      /* static, marked with N_() */
} Binding;

static BelLang current_language = BEL_LANG_AZ;
/* GObject* → GArray of Binding, for every object that has bound strings. */
static GHashTable *bound_objects;

const char *
bel_i18n_get_localedir (void)
{
  const char *dir = g_getenv ("BELEDCI_LOCALEDIR");

  return (dir && *dir) ? dir : LOCALEDIR;
}

void
bel_i18n_init (void)
{
  const char *messages;

  setlocale (LC_ALL, "");
  /* gettext ignores LANGUAGE in the "C" locale, and the kiosk's language is chosen through
   * LANGUAGE; C.UTF-8 behaves like C but lets LANGUAGE through. */
  messages = setlocale (LC_MESSAGES, NULL);
  if (messages == NULL || g_str_equal (messages, "C") || g_str_equal (messages, "POSIX"))
    setlocale (LC_ALL, "C.UTF-8");

  bindtextdomain (GETTEXT_PACKAGE, bel_i18n_get_localedir ());
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  /* GLib decides once, at the first g_dgettext() (the _() of code built with gi18n-lib.h),
   * whether to translate at all, and says no when the locale is neither C nor English and the
   * domain has no catalogue for the language of that moment. Under C.UTF-8, before the kiosk
   * has chosen a language, that would be the answer for good; ask first with one we ship. */
  {
    g_autofree char *language = g_strdup (g_getenv ("LANGUAGE"));

    bel_i18n_set_language (BEL_LANG_AZ);
    (void) g_dgettext (GETTEXT_PACKAGE, "");

    /* The kiosk's language is chosen later, by the window. */
    if (language)
      g_setenv ("LANGUAGE", language, TRUE);
    else
      g_unsetenv ("LANGUAGE");
#ifdef __GLIBC__
    {
      extern int _nl_msg_cat_cntr;
      ++_nl_msg_cat_cntr;
    }
#endif
  }
}

BelLang
bel_i18n_get_language (void)
{
  return current_language;
}

static void
apply_binding (GObject       *object,
               const Binding *binding)
{
  const char *text = _(binding->msgid);

  if (binding->property == g_intern_static_string (BEL_I18N_ACCESSIBLE_LABEL))
    gtk_accessible_update_property (GTK_ACCESSIBLE (object),
                                    GTK_ACCESSIBLE_PROPERTY_LABEL, text,
                                    -1);
  else if (binding->property == g_intern_static_string (BEL_I18N_ACCESSIBLE_DESCRIPTION))
    gtk_accessible_update_property (GTK_ACCESSIBLE (object),
                                    GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, text,
                                    -1);
  else
    g_object_set (object, binding->property, text, NULL);
}

void
bel_i18n_set_language (BelLang lang)
{
  GHashTableIter iter;
  gpointer key, value;

  g_return_if_fail (lang < BEL_N_LANGS);

  current_language = lang;
  g_setenv ("LANGUAGE", bel_lang_to_code (lang), TRUE);
#ifdef __GLIBC__
  {
    /* glibc caches looked-up translations; this counter is how gettext's own manual says to
     * invalidate the cache after changing LANGUAGE. */
    extern int _nl_msg_cat_cntr;
    ++_nl_msg_cat_cntr;
  }
#endif

  if (bound_objects == NULL)
    return;

  g_hash_table_iter_init (&iter, bound_objects);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      GArray *bindings = value;

      for (guint i = 0; i < bindings->len; i++)
        apply_binding (key, &g_array_index (bindings, Binding, i));
    }
}

static void
object_finalized_cb (gpointer  data,
                     GObject  *where_the_object_was)
{
  g_hash_table_remove (bound_objects, where_the_object_was);
}

void
bel_i18n_bind (gpointer    object,
               const char *property,
               const char *msgid)
{
  GArray *bindings;
  Binding binding;

  g_return_if_fail (G_IS_OBJECT (object));
  g_return_if_fail (property != NULL);
  g_return_if_fail (msgid != NULL);

  if (bound_objects == NULL)
    bound_objects = g_hash_table_new_full (NULL, NULL, NULL, (GDestroyNotify) g_array_unref);

  binding.property = g_intern_string (property);
  binding.msgid = msgid;

  bindings = g_hash_table_lookup (bound_objects, object);
  if (bindings == NULL)
    {
      bindings = g_array_new (FALSE, FALSE, sizeof (Binding));
      g_hash_table_insert (bound_objects, object, bindings);
      g_object_weak_ref (object, object_finalized_cb, NULL);
    }

  /* Binding the same property again replaces the earlier string. */
  for (guint i = 0; i < bindings->len; i++)
    {
      Binding *b = &g_array_index (bindings, Binding, i);

      if (b->property == binding.property)
        {
          b->msgid = msgid;
          apply_binding (object, b);
          return;
        }
    }

  g_array_append_val (bindings, binding);
  apply_binding (object, &binding);
}

static gboolean
parse_date (const char *iso_date,
            int        *year,
            int        *month,
            int        *day)
{
  if (iso_date == NULL || strlen (iso_date) != 10 || iso_date[4] != '-' || iso_date[7] != '-')
    return FALSE;
  for (guint i = 0; i < 10; i++)
    if (i != 4 && i != 7 && !g_ascii_isdigit (iso_date[i]))
      return FALSE;

  *year = atoi (iso_date);
  *month = atoi (iso_date + 5);
  *day = atoi (iso_date + 8);

  return g_date_valid_dmy (*day, *month, *year);
}

char *
bel_format_date (const char *iso_date)
{
  int year, month, day;

  if (!parse_date (iso_date, &year, &month, &day))
    return NULL;

  return g_strdup_printf ("%02d.%02d.%04d", day, month, year);
}

int
bel_days_since (const char *iso_date)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autoptr(GDateTime) then = NULL;
  int year, month, day;

  if (!parse_date (iso_date, &year, &month, &day))
    return -1;

  then = g_date_time_new_local (year, month, day, 0, 0, 0);
  return (int) (g_date_time_difference (now, then) / G_TIME_SPAN_DAY);
}

char *
bel_format_fee (double azn)
{
  g_autoptr(GString) text = g_string_new (NULL);
  gint64 cents = (gint64) (azn * 100.0 + 0.5);
  g_autofree char *whole = NULL;
  gsize len;

  if (cents <= 0)
    return g_strdup (_("Free"));

  /* Azerbaijani style: a dot between thousands, a decimal comma. */
  whole = g_strdup_printf ("%" G_GINT64_FORMAT, cents / 100);
  len = strlen (whole);
  for (gsize i = 0; i < len; i++)
    {
      if (i > 0 && (len - i) % 3 == 0)
        g_string_append_c (text, '.');
      g_string_append_c (text, whole[i]);
    }
  if (cents % 100 != 0)
    g_string_append_printf (text, ",%02d", (int) (cents % 100));

  /* A no-break space keeps the number and the manat sign on one line. */
  g_string_append (text, "\u00a0₼");

  return g_string_free (g_steal_pointer (&text), FALSE);
}
