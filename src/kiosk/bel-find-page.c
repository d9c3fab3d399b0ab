/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "bel-find-page"

#include "config.h"

#include <adwaita.h>

#include "bel-find-page.h"
#include "bel-fold.h"
#include "bel-i18n.h"
#include "bel-keyboard.h"
#include "bel-lockdown.h"
#include "bel-service-row.h"

/* Enough to fill a few screens; a citizen does not scroll past more. */
#define MAX_RESULTS 40
/* Rows shown at first, and added by each "Show more": every shown row is laid out again on
 * every keystroke, so a keystroke costs a handful of rows, not all of them. */
#define ROWS_PER_STEP 10
/* A search that found nothing counts once the citizen has stopped typing this long (or left
 * the page): one record per search, not one per keystroke. */
#define NO_RESULTS_SETTLE_MS 2000

struct _BelFindPage
{
  BelPage            parent_instance;

  /* Template widgets */
  GtkWidget         *search_mode_button;
  AdwButtonContent  *search_mode_content;
  GtkWidget         *categories_mode_button;
  AdwButtonContent  *categories_mode_content;
  GtkWidget         *agencies_mode_button;
  AdwButtonContent  *agencies_mode_content;
  GtkStack          *mode_stack;
  GtkSearchEntry    *entry;
  GtkLabel          *status_label;
  GtkScrolledWindow *results_scroller;
  GtkBox            *results_box;
  GtkWidget         *more_button;
  BelKeyboard       *keyboard;
  GtkScrolledWindow *categories_scroller;
  GtkFlowBox        *categories_box;
  GtkScrolledWindow *agencies_scroller;
  GtkBox            *agencies_box;

  GListStore        *results;
  GPtrArray         *rows;       /* BelServiceRow, created as needed, reused */
  guint              n_shown;    /* how many of the results have a row on screen */
  BelFindMode        mode;

  guint              no_results_source;
  char              *no_results_reported;   /* the last query reported, not to repeat it */
};

G_DEFINE_FINAL_TYPE (BelFindPage, bel_find_page, BEL_TYPE_PAGE)

enum {
  PROP_0,
  PROP_MODE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum {
  SEARCH_NO_RESULTS,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static const char * const mode_names[] = { "search", "categories", "agencies" };

const char *
bel_find_mode_to_string (BelFindMode mode)
{
  g_return_val_if_fail (mode < G_N_ELEMENTS (mode_names), mode_names[0]);

  return mode_names[mode];
}

gboolean
bel_find_mode_from_string (const char  *str,
                           BelFindMode *out_mode)
{
  for (guint i = 0; i < G_N_ELEMENTS (mode_names); i++)
    if (g_strcmp0 (str, mode_names[i]) == 0)
      {
        *out_mode = i;
        return TRUE;
      }
  return FALSE;
}

static void
scroll_to_top (GtkScrolledWindow *scroller)
{
  GtkAdjustment *adjustment = gtk_scrolled_window_get_vadjustment (scroller);

  if (gtk_adjustment_get_value (adjustment) != 0)
    gtk_adjustment_set_value (adjustment, 0);
}

/* Search */

static void
update_status (BelFindPage *self)
{
  const char *query = gtk_editable_get_text (GTK_EDITABLE (self->entry));
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->results));
  g_autofree char *stripped = g_strstrip (g_strdup (query));
  g_autofree char *text = NULL;

  if (bel_page_get_catalogue (BEL_PAGE (self)) == NULL)
    text = g_strdup (_("Loading the list of services…"));
  else if (*stripped == '\0')
    text = g_strdup (_("Type a word, for example pension, passport or kupça. "
                       "Spelling mistakes are fine."));
  else if (n == 0)
    /* TRANSLATORS: %s is what the citizen typed. */
    text = g_strdup_printf (_("Nothing found for “%s”. Try another word, or browse by life event."),
                            stripped);
  else if (n >= MAX_RESULTS)
    text = g_strdup_printf (_("The %u best matches. Type more words to narrow the search."), n);
  else
    text = g_strdup_printf (ngettext (
                                         "%u service found",
                                         "%u services found",
                                         n),
                            n);

  gtk_label_set_label (self->status_label, text);
}

/* Fills the rows from the results, making rows only when there are more results than ever. */
static void
show_results (BelFindPage *self)
{
  BelCatalogue *catalogue = bel_page_get_catalogue (BEL_PAGE (self));
  BelLang lang = bel_page_get_language (BEL_PAGE (self));
  guint n_results = g_list_model_get_n_items (G_LIST_MODEL (self->results));
  guint n = MIN (n_results, self->n_shown);

  while (self->rows->len < n)
    {
      GtkWidget *row = bel_service_row_new ();

      gtk_box_append (self->results_box, row);
      g_ptr_array_add (self->rows, row);
    }

  for (guint i = 0; i < self->rows->len; i++)
    {
      BelServiceRow *row = self->rows->pdata[i];

      if (i < n)
        {
          g_autoptr(BelService) service = g_list_model_get_item (G_LIST_MODEL (self->results), i);

          bel_service_row_set_service (row, service, catalogue, lang);
        }
      else if (bel_service_row_get_service (row) != NULL)
        {
          bel_service_row_set_service (row, NULL, NULL, lang);
        }
      gtk_widget_set_visible (GTK_WIDGET (row), i < n);
    }

  gtk_widget_set_visible (self->more_button, n < n_results);
  if (n < n_results)
    {
      /* TRANSLATORS: %u is how many more results there are to show. */
      g_autofree char *label = g_strdup_printf (_("Show more results (%u)"), n_results - n);

      gtk_button_set_label (GTK_BUTTON (self->more_button), label);
    }
}

static void
more_clicked_cb (BelFindPage *self)
{
  self->n_shown += ROWS_PER_STEP;
  show_results (self);
}

static void
run_search (BelFindPage *self)
{
  BelCatalogue *catalogue = bel_page_get_catalogue (BEL_PAGE (self));
  const char *query = gtk_editable_get_text (GTK_EDITABLE (self->entry));
  g_autoptr(GPtrArray) hits = NULL;
  guint n_old = g_list_model_get_n_items (G_LIST_MODEL (self->results));

  gint64 start = g_get_monotonic_time ();

  if (catalogue && query && *query)
    hits = bel_catalogue_search (catalogue, query, MAX_RESULTS, NULL);
  g_debug ("search: %u results in %.2f ms", hits ? hits->len : 0,
           (g_get_monotonic_time () - start) / 1000.0);

  /* New results start at the top. Scrolled while the old rows are still there: a list view
   * cannot scroll among rows it has not laid out yet. */
  if (n_old > 0)
    scroll_to_top (self->results_scroller);

  g_list_store_splice (self->results, 0, n_old,
                       hits ? hits->pdata : NULL,
                       hits ? hits->len : 0);
  self->n_shown = ROWS_PER_STEP;
  show_results (self);
  update_status (self);
  g_debug ("search and list update: %.2f ms", (g_get_monotonic_time () - start) / 1000.0);
}

/* No results: reported once the search settles */

static void
report_no_results (BelFindPage *self)
{
  g_autofree char *query = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->entry))));

  g_clear_handle_id (&self->no_results_source, g_source_remove);
  if (*query == '\0' || g_list_model_get_n_items (G_LIST_MODEL (self->results)) > 0 ||
      g_strcmp0 (query, self->no_results_reported) == 0)
    return;

  g_free (self->no_results_reported);
  self->no_results_reported = g_strdup (query);
  g_signal_emit (self, signals[SEARCH_NO_RESULTS], 0, query);
}

static gboolean
no_results_settled_cb (gpointer user_data)
{
  BelFindPage *self = user_data;

  self->no_results_source = 0;
  report_no_results (self);
  return G_SOURCE_REMOVE;
}

/* Called after every search the citizen's typing ran. */
static void
watch_no_results (BelFindPage *self)
{
  const char *query = gtk_editable_get_text (GTK_EDITABLE (self->entry));
  gboolean empty_query = query == NULL || *query == '\0';

  g_clear_handle_id (&self->no_results_source, g_source_remove);
  if (empty_query)
    g_clear_pointer (&self->no_results_reported, g_free);
  if (empty_query || bel_page_get_catalogue (BEL_PAGE (self)) == NULL ||
      g_list_model_get_n_items (G_LIST_MODEL (self->results)) > 0)
    return;

  self->no_results_source = g_timeout_add (NO_RESULTS_SETTLE_MS, no_results_settled_cb, self);
}

static void
entry_changed_cb (BelFindPage *self)
{
  run_search (self);
  watch_no_results (self);
}

static void
stop_search_cb (BelFindPage *self)
{
  /* Escape clears the search (a kiosk's window swallows Escape before it gets here). */
  gtk_editable_set_text (GTK_EDITABLE (self->entry), "");
}

/* Browsing */

static GtkWidget *
make_category_tile (BelCategory *category,
                    BelLang      lang)
{
  GtkWidget *button = gtk_button_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 10);
  GtkWidget *icon = gtk_image_new_from_icon_name (bel_category_get_icon (category));
  GtkWidget *name = gtk_label_new (bel_category_get_name (category, lang));
  guint n = bel_category_get_n_services (category);
  g_autofree char *count_text = g_strdup_printf (ngettext (
                                                              "%u service", "%u services", n),
                                                 n);
  GtkWidget *count = gtk_label_new (count_text);
  g_autofree char *accessible = g_strdup_printf ("%s, %s",
                                                 bel_category_get_name (category, lang),
                                                 count_text);

  gtk_image_set_pixel_size (GTK_IMAGE (icon), 64);
  gtk_accessible_update_property (GTK_ACCESSIBLE (icon),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, "", -1);
  gtk_label_set_wrap (GTK_LABEL (name), TRUE);
  gtk_label_set_justify (GTK_LABEL (name), GTK_JUSTIFY_CENTER);
  gtk_label_set_natural_wrap_mode (GTK_LABEL (name), GTK_NATURAL_WRAP_NONE);
  /* Narrow enough for three or four tiles a row; long names wrap. */
  gtk_label_set_max_width_chars (GTK_LABEL (name), 14);
  gtk_widget_add_css_class (name, "bel-tile-title");
  gtk_widget_add_css_class (count, "bel-caption");

  gtk_box_append (GTK_BOX (box), icon);
  gtk_box_append (GTK_BOX (box), name);
  gtk_box_append (GTK_BOX (box), count);
  gtk_widget_set_valign (box, GTK_ALIGN_CENTER);
  gtk_button_set_child (GTK_BUTTON (button), box);

  gtk_widget_add_css_class (button, "bel-tile");
  gtk_actionable_set_action_name (GTK_ACTIONABLE (button), "nav.category");
  gtk_actionable_set_action_target (GTK_ACTIONABLE (button), "s", bel_category_get_id (category));
  gtk_accessible_update_property (GTK_ACCESSIBLE (button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, accessible, -1);
  return button;
}

static GtkWidget *
make_agency_row (BelAgency *agency,
                 BelLang    lang)
{
  GtkWidget *button = gtk_button_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 18);
  GtkWidget *texts = gtk_box_new (GTK_ORIENTATION_VERTICAL, 4);
  GtkWidget *icon = gtk_image_new_from_icon_name ("bel-agency-symbolic");
  GtkWidget *name = gtk_label_new (bel_agency_get_name (agency, lang));
  GtkWidget *arrow = gtk_image_new_from_icon_name ("go-next-symbolic");
  const char *short_name = bel_agency_get_short_name (agency, lang);
  guint n = bel_agency_get_n_services (agency);
  g_autofree char *count_text = g_strdup_printf (ngettext (
                                                              "%u service", "%u services", n),
                                                 n);
  GtkWidget *count = gtk_label_new (count_text);
  g_autofree char *accessible = g_strdup_printf ("%s, %s",
                                                 bel_agency_get_name (agency, lang), count_text);

  gtk_image_set_pixel_size (GTK_IMAGE (icon), 32);
  gtk_accessible_update_property (GTK_ACCESSIBLE (icon),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, "", -1);
  gtk_widget_set_valign (icon, GTK_ALIGN_CENTER);
  gtk_label_set_wrap (GTK_LABEL (name), TRUE);
  gtk_label_set_natural_wrap_mode (GTK_LABEL (name), GTK_NATURAL_WRAP_NONE);
  gtk_label_set_xalign (GTK_LABEL (name), 0);
  gtk_widget_add_css_class (name, "bel-row-title");
  gtk_box_append (GTK_BOX (texts), name);

  if (short_name && *short_name && g_strcmp0 (short_name, bel_agency_get_name (agency, lang)) != 0)
    {
      GtkWidget *abbreviation = gtk_label_new (short_name);

      gtk_label_set_xalign (GTK_LABEL (abbreviation), 0);
      gtk_widget_add_css_class (abbreviation, "bel-row-subtitle");
      gtk_box_append (GTK_BOX (texts), abbreviation);
    }

  gtk_widget_set_hexpand (texts, TRUE);
  gtk_widget_set_valign (texts, GTK_ALIGN_CENTER);
  gtk_widget_set_valign (count, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (count, "bel-count");
  gtk_widget_set_valign (arrow, GTK_ALIGN_CENTER);

  gtk_box_append (GTK_BOX (box), icon);
  gtk_box_append (GTK_BOX (box), texts);
  gtk_box_append (GTK_BOX (box), count);
  gtk_box_append (GTK_BOX (box), arrow);
  gtk_button_set_child (GTK_BUTTON (button), box);

  gtk_widget_add_css_class (button, "bel-list-button");
  gtk_actionable_set_action_name (GTK_ACTIONABLE (button), "nav.agency");
  gtk_actionable_set_action_target (GTK_ACTIONABLE (button), "s", bel_agency_get_id (agency));
  gtk_accessible_update_property (GTK_ACCESSIBLE (button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, accessible, -1);
  return button;
}

static void
remove_all_children (GtkWidget *parent)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (parent)))
    {
      if (GTK_IS_FLOW_BOX (parent))
        gtk_flow_box_remove (GTK_FLOW_BOX (parent), child);
      else
        gtk_box_remove (GTK_BOX (parent), child);
    }
}

static int
compare_agencies (gconstpointer a,
                  gconstpointer b,
                  gpointer      user_data)
{
  BelAgency *agency_a = *(BelAgency **) a;
  BelAgency *agency_b = *(BelAgency **) b;
  BelLang lang = GPOINTER_TO_UINT (user_data);

  return bel_collate (lang,
                      bel_agency_get_name (agency_a, lang),
                      bel_agency_get_name (agency_b, lang));
}

static void
rebuild_browse (BelFindPage *self)
{
  BelCatalogue *catalogue = bel_page_get_catalogue (BEL_PAGE (self));
  BelLang lang = bel_page_get_language (BEL_PAGE (self));
  g_autoptr(GPtrArray) agencies = g_ptr_array_new_with_free_func (g_object_unref);
  GListModel *model;

  remove_all_children (GTK_WIDGET (self->categories_box));
  remove_all_children (GTK_WIDGET (self->agencies_box));

  if (catalogue == NULL)
    return;

  /* Categories keep the catalogue's order: it puts the most asked-for life events first. */
  model = bel_catalogue_get_categories (catalogue);
  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(BelCategory) category = g_list_model_get_item (model, i);

      if (bel_category_get_n_services (category) > 0)
        gtk_flow_box_append (self->categories_box, make_category_tile (category, lang));
    }

  /* Agencies in the alphabetical order of the current language. */
  model = bel_catalogue_get_agencies (catalogue);
  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      BelAgency *agency = g_list_model_get_item (model, i);

      if (bel_agency_get_n_services (agency) > 0)
        g_ptr_array_add (agencies, agency);
      else
        g_object_unref (agency);
    }
  g_ptr_array_sort_with_data (agencies, compare_agencies, GUINT_TO_POINTER (lang));
  for (guint i = 0; i < agencies->len; i++)
    gtk_box_append (self->agencies_box, make_agency_row (agencies->pdata[i], lang));
}

/* BelPage */

static void
bel_find_page_language_changed (BelPage *page)
{
  BelFindPage *self = BEL_FIND_PAGE (page);

  bel_page_set_title (page, _("Find a service"));
  update_status (self);
  /* Russian speakers get their letters; Azerbaijani and English both use the Latin keys. */
  bel_keyboard_set_layout (self->keyboard,
                           bel_page_get_language (page) == BEL_LANG_RU
                             ? BEL_KEYBOARD_LAYOUT_RU : BEL_KEYBOARD_LAYOUT_AZ);
  rebuild_browse (self);

  /* The rows show titles and agencies in the language they were filled in. */
  show_results (self);
}

static void
bel_find_page_catalogue_changed (BelPage *page)
{
  BelFindPage *self = BEL_FIND_PAGE (page);

  rebuild_browse (self);
  run_search (self);
}

static void
bel_find_page_reset (BelPage *page)
{
  BelFindPage *self = BEL_FIND_PAGE (page);

  /* A search left unfinished still counts, before its text is forgotten. */
  if (self->no_results_source != 0)
    report_no_results (self);
  gtk_editable_set_text (GTK_EDITABLE (self->entry), "");
  bel_keyboard_reset (self->keyboard, BEL_KEYBOARD_LAYOUT_AZ);
  bel_find_page_set_mode (self, BEL_FIND_MODE_SEARCH);
  scroll_to_top (self->results_scroller);
  scroll_to_top (self->categories_scroller);
  scroll_to_top (self->agencies_scroller);
}

static void
bel_find_page_shown (BelPage *page)
{
  BelFindPage *self = BEL_FIND_PAGE (page);

  if (self->mode == BEL_FIND_MODE_SEARCH)
    gtk_widget_grab_focus (GTK_WIDGET (self->entry));
}

/* Leaving the page ends the search. */
static void
bel_find_page_unmap (GtkWidget *widget)
{
  BelFindPage *self = BEL_FIND_PAGE (widget);

  if (self->no_results_source != 0)
    report_no_results (self);

  GTK_WIDGET_CLASS (bel_find_page_parent_class)->unmap (widget);
}

/* GObject */

static void
bel_find_page_dispose (GObject *object)
{
  BelFindPage *self = BEL_FIND_PAGE (object);

  g_clear_handle_id (&self->no_results_source, g_source_remove);
  g_clear_pointer (&self->no_results_reported, g_free);

  gtk_widget_dispose_template (GTK_WIDGET (self), BEL_TYPE_FIND_PAGE);
  g_clear_pointer (&self->rows, g_ptr_array_unref);
  g_clear_object (&self->results);

  G_OBJECT_CLASS (bel_find_page_parent_class)->dispose (object);
}

static void
bel_find_page_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  BelFindPage *self = BEL_FIND_PAGE (object);

  switch (prop_id)
    {
    case PROP_MODE:
      g_value_set_string (value, bel_find_mode_to_string (self->mode));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
bel_find_page_set_property (GObject      *object,
                            guint         prop_id,
                            const GValue *value,
                            GParamSpec   *pspec)
{
  BelFindPage *self = BEL_FIND_PAGE (object);
  BelFindMode mode;

  switch (prop_id)
    {
    case PROP_MODE:
      if (bel_find_mode_from_string (g_value_get_string (value), &mode))
        bel_find_page_set_mode (self, mode);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
bel_find_page_class_init (BelFindPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  BelPageClass *page_class = BEL_PAGE_CLASS (klass);

  object_class->dispose = bel_find_page_dispose;
  object_class->get_property = bel_find_page_get_property;
  object_class->set_property = bel_find_page_set_property;
  page_class->language_changed = bel_find_page_language_changed;
  page_class->catalogue_changed = bel_find_page_catalogue_changed;
  page_class->reset = bel_find_page_reset;
  page_class->shown = bel_find_page_shown;
  widget_class->unmap = bel_find_page_unmap;

  properties[PROP_MODE] =
    g_param_spec_string ("mode", NULL, NULL,
                         "search",
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * BelFindPage::search-no-results:
   * @query: what the citizen typed, stripped
   *
   * A search found nothing and settled: the citizen stopped typing for a while, or left the
   * page. Emitted once per query.
   */
  signals[SEARCH_NO_RESULTS] =
    g_signal_new ("search-no-results", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);

  g_type_ensure (BEL_TYPE_KEYBOARD);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/beledci/Kiosk/bel-find-page.ui");
  gtk_widget_class_bind_template_child (widget_class, BelFindPage, search_mode_button);
  gtk_widget_class_bind_template_child (widget_class, BelFindPage, search_mode_content);
  gtk_widget_class_bind_template_child (widget_class, BelFindPage, categories_mode_button);
  gtk_widget_class_bind_template_child (widget_class, BelFindPage, categories_mode_content);
  gtk_widget_class_bind_template_child (widget_class, BelFindPage, agencies_mode_button);
  gtk_widget_class_bind_template_child (widget_class, BelFindPage, agencies_mode_content);
  gtk_widget_class_bind_template_child (widget_class, BelFindPage, mode_stack);
  gtk_widget_class_bind_template_child (widget_class, BelFindPage, entry);
  gtk_widget_class_bind_template_child (widget_class, BelFindPage, status_label);
  gtk_widget_class_bind_template_child (widget_class, BelFindPage, results_scroller);
  gtk_widget_class_bind_template_child (widget_class, BelFindPage, results_box);
  gtk_widget_class_bind_template_child (widget_class, BelFindPage, more_button);
  gtk_widget_class_bind_template_callback (widget_class, more_clicked_cb);
  gtk_widget_class_bind_template_child (widget_class, BelFindPage, keyboard);
  gtk_widget_class_bind_template_child (widget_class, BelFindPage, categories_scroller);
  gtk_widget_class_bind_template_child (widget_class, BelFindPage, categories_box);
  gtk_widget_class_bind_template_child (widget_class, BelFindPage, agencies_scroller);
  gtk_widget_class_bind_template_child (widget_class, BelFindPage, agencies_box);

  gtk_widget_class_install_property_action (widget_class, "find.mode", "mode");
}

static void
bel_find_page_init (BelFindPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  bel_stack_track_hidden_pages (self->mode_stack);

  self->results = g_list_store_new (BEL_TYPE_SERVICE);
  self->rows = g_ptr_array_new ();
  self->n_shown = ROWS_PER_STEP;

  /* Results follow every keystroke at once, not after the entry's usual pause. */
  gtk_search_entry_set_search_delay (self->entry, 0);
  g_signal_connect_object (self->entry, "changed",
                           G_CALLBACK (entry_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->entry, "stop-search",
                           G_CALLBACK (stop_search_cb), self, G_CONNECT_SWAPPED);
  bel_lockdown_editable (GTK_EDITABLE (self->entry));
  bel_keyboard_set_target (self->keyboard, GTK_EDITABLE (self->entry));

  bel_i18n_bind (self->search_mode_content, "label", N_("Type a word"));
  bel_i18n_bind (self->categories_mode_content, "label", N_("Life events"));
  bel_i18n_bind (self->agencies_mode_content, "label", N_("Agencies"));
  bel_i18n_bind (self->entry, "placeholder-text", N_("What do you need? Type here"));
  bel_i18n_bind (self->entry, BEL_I18N_ACCESSIBLE_LABEL, N_("Search for a service"));
  bel_i18n_bind (self->results_box, BEL_I18N_ACCESSIBLE_LABEL, N_("Services found"));

  self->mode = BEL_FIND_MODE_SEARCH;
  bel_find_page_language_changed (BEL_PAGE (self));
}

BelFindMode
bel_find_page_get_mode (BelFindPage *self)
{
  g_return_val_if_fail (BEL_IS_FIND_PAGE (self), BEL_FIND_MODE_SEARCH);

  return self->mode;
}

void
bel_find_page_set_mode (BelFindPage *self,
                        BelFindMode  mode)
{
  g_return_if_fail (BEL_IS_FIND_PAGE (self));
  g_return_if_fail (mode < G_N_ELEMENTS (mode_names));

  if (gtk_widget_get_mapped (GTK_WIDGET (self)))
    gtk_stack_set_transition_type (self->mode_stack, GTK_STACK_TRANSITION_TYPE_CROSSFADE);
  else
    gtk_stack_set_transition_type (self->mode_stack, GTK_STACK_TRANSITION_TYPE_NONE);
  gtk_stack_set_visible_child_name (self->mode_stack, mode_names[mode]);

  if (mode == BEL_FIND_MODE_SEARCH && gtk_widget_get_mapped (GTK_WIDGET (self)))
    gtk_widget_grab_focus (GTK_WIDGET (self->entry));

  if (self->mode == mode)
    return;

  self->mode = mode;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MODE]);
}

const char *
bel_find_page_get_query (BelFindPage *self)
{
  g_return_val_if_fail (BEL_IS_FIND_PAGE (self), NULL);

  return gtk_editable_get_text (GTK_EDITABLE (self->entry));
}

void
bel_find_page_set_query (BelFindPage *self,
                         const char  *query)
{
  g_return_if_fail (BEL_IS_FIND_PAGE (self));

  gtk_editable_set_text (GTK_EDITABLE (self->entry), query ? query : "");
}

GtkEditable *
bel_find_page_get_entry (BelFindPage *self)
{
  g_return_val_if_fail (BEL_IS_FIND_PAGE (self), NULL);

  return GTK_EDITABLE (self->entry);
}

GListModel *
bel_find_page_get_results (BelFindPage *self)
{
  g_return_val_if_fail (BEL_IS_FIND_PAGE (self), NULL);

  return G_LIST_MODEL (self->results);
}
