/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "bel-screenshots"

#include "config.h"

#include <glib/gstdio.h>

#include "bel-catalogue.h"
#include "bel-content.h"
#include "bel-find-page.h"
#include "bel-guide-page.h"
#include "bel-i18n.h"
#include "bel-screenshots.h"
#include "bel-window.h"

typedef struct {
  const char *lang;
  const char *query;      /* what a citizen of that language would type */
} LangShot;

static const LangShot languages[] = {
  { "az", "pensiya" },
  { "ru", "справка" },
  { "en", "certificate" },
};

static gboolean
flag_true (gpointer data)
{
  *(gboolean *) data = TRUE;
  return G_SOURCE_REMOVE;
}

static void
after_paint_cb (GdkFrameClock *clock,
                gboolean      *painted)
{
  *painted = TRUE;
}

/* Lets layout and drawing settle: a couple of frames after the last change. */
static void
settle (GtkWidget *window)
{
  GdkFrameClock *clock = gtk_widget_get_frame_clock (window);

  for (guint frame = 0; frame < 3; frame++)
    {
      gboolean painted = FALSE;
      gboolean timed_out = FALSE;
      guint timeout_id = g_timeout_add (1000, flag_true, &timed_out);
      gulong handler = g_signal_connect (clock, "after-paint", G_CALLBACK (after_paint_cb), &painted);

      gtk_widget_queue_draw (window);
      while (!painted && !timed_out)
        g_main_context_iteration (NULL, TRUE);

      g_signal_handler_disconnect (clock, handler);
      if (!timed_out)
        g_source_remove (timeout_id);
    }
}

/* The size every picture is taken at, until the next resize(). */
static int shot_width, shot_height;

static void
resize (GtkWindow *window,
        int        width,
        int        height)
{
  gboolean timed_out = FALSE;
  guint timeout_id;

  shot_width = width;
  shot_height = height;
  gtk_window_set_default_size (window, width, height);
  gtk_widget_queue_resize (GTK_WIDGET (window));

  timeout_id = g_timeout_add (3000, flag_true, &timed_out);
  while ((gtk_widget_get_width (GTK_WIDGET (window)) != width ||
          gtk_widget_get_height (GTK_WIDGET (window)) != height) && !timed_out)
    g_main_context_iteration (NULL, TRUE);
  if (!timed_out)
    g_source_remove (timeout_id);
  else
    g_printerr ("The window is %dx%d instead of %dx%d\n",
                gtk_widget_get_width (GTK_WIDGET (window)),
                gtk_widget_get_height (GTK_WIDGET (window)), width, height);

  settle (GTK_WIDGET (window));
}

static gboolean
save (GtkWidget  *window,
      const char *dir,
      const char *name)
{
  g_autoptr(GdkPaintable) paintable = NULL;
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  g_autofree char *path = NULL;
  GtkSnapshot *snapshot;
  graphene_rect_t bounds;

  /* A screen that needed more room grows the window; the next one gets the screen size back
   * (and resize() complains about a screen that does not fit). */
  if (gtk_widget_get_width (window) != shot_width || gtk_widget_get_height (window) != shot_height)
    resize (GTK_WINDOW (window), shot_width, shot_height);
  settle (window);

  paintable = gtk_widget_paintable_new (window);
  snapshot = gtk_snapshot_new ();
  gdk_paintable_snapshot (paintable, snapshot,
                          gtk_widget_get_width (window), gtk_widget_get_height (window));
  node = gtk_snapshot_free_to_node (snapshot);
  if (node == NULL)
    {
      g_printerr ("Nothing was drawn for %s\n", name);
      return FALSE;
    }

  /* The window's own size, whatever shadows or overflow the node has. */
  graphene_rect_init (&bounds, 0, 0, gtk_widget_get_width (window), gtk_widget_get_height (window));
  texture = gsk_renderer_render_texture (gtk_native_get_renderer (GTK_NATIVE (window)),
                                         node, &bounds);
  path = g_build_filename (dir, name, NULL);
  if (!gdk_texture_save_to_png (texture, path))
    {
      g_printerr ("Could not write %s\n", path);
      return FALSE;
    }

  g_print ("%s\n", path);
  return TRUE;
}

static char *
shot_name (const char *lang,
           const char *screen)
{
  return g_strdup_printf ("%s-%s.png", lang, screen);
}

static const char *
example_service_id (BelCatalogue *catalogue)
{
  g_autoptr(GPtrArray) hits = bel_catalogue_search (catalogue, "məhkumluq haqqında arayış", 1, NULL);

  if (hits->len > 0)
    return bel_service_get_id (hits->pdata[0]);
  return NULL;
}

static const char *
example_category_id (BelCatalogue *catalogue)
{
  GListModel *categories = bel_catalogue_get_categories (catalogue);
  const char *id = NULL;

  for (guint i = 0; i < g_list_model_get_n_items (categories) && id == NULL; i++)
    {
      g_autoptr(BelCategory) category = g_list_model_get_item (categories, i);

      if (bel_category_get_n_services (category) > 0)
        id = bel_category_get_id (category);
    }
  return id;
}

static gboolean
activate (GtkWidget  *window,
          const char *action,
          const char *arg)
{
  if (arg)
    return gtk_widget_activate_action (window, action, "s", arg);
  return gtk_widget_activate_action (window, action, NULL);
}

/* Issue 4, how to sign in: the list of guides, the decision helper (a question and a
 * recommendation), a walkthrough step and its checklist, and practice mode explaining a
 * mistake. */
static gboolean
guide_shots (BelWindow  *window,
             const char *dir,
             const char *lang,
             const char *service_id)
{
  GtkWidget *widget = GTK_WIDGET (window);
  BelGuidePage *guide = BEL_GUIDE_PAGE (bel_window_get_page (window, "guide"));
  BelWalkthroughView *walkthrough = bel_guide_page_get_walkthrough_view (guide);
  GtkWidget *decision = GTK_WIDGET (bel_guide_page_get_decision_view (guide));
  GtkWidget *practice = GTK_WIDGET (bel_guide_page_get_practice_view (guide));
  g_autofree char *hub = shot_name (lang, "guide");
  g_autofree char *question = shot_name (lang, "decision");
  g_autofree char *result = shot_name (lang, "decision-result");
  g_autofree char *step = shot_name (lang, "walkthrough-step");
  g_autofree char *checklist = shot_name (lang, "walkthrough-checklist");
  g_autofree char *mistake = shot_name (lang, "practice");
  g_autofree char *where = g_strdup_printf ("walkthrough/fin-mobile/%s",
                                            service_id ? service_id : "");
  /* Not signed in before, no ASAN İmza, ID card, number not in one's name, a smartphone. */
  const gboolean answers[] = { FALSE, FALSE, TRUE, FALSE, TRUE };
  gboolean ok = TRUE;

  activate (widget, "nav.guide", "");
  ok &= save (widget, dir, hub);

  activate (widget, "nav.guide", "decision");
  ok &= save (widget, dir, question);
  for (guint i = 0; i < G_N_ELEMENTS (answers); i++)
    gtk_widget_activate_action (decision, "decision.answer", "b", answers[i]);
  ok &= save (widget, dir, result);

  activate (widget, "nav.guide", where);
  bel_walkthrough_view_go_to (walkthrough, 1, FALSE);
  ok &= save (widget, dir, step);
  bel_walkthrough_view_go_to (walkthrough, bel_walkthrough_view_get_n_pages (walkthrough) - 1,
                              FALSE);
  ok &= save (widget, dir, checklist);

  /* A FİN code typed with the letter O where the card has a zero. */
  activate (widget, "nav.guide", "practice");
  gtk_widget_activate_action (practice, "practice.register", NULL);
  gtk_editable_set_text (bel_practice_view_get_entry (BEL_PRACTICE_VIEW (practice), "fin"),
                         "5OB7C2D");
  gtk_widget_activate_action (practice, "practice.fin-next", NULL);
  ok &= save (widget, dir, mistake);
  bel_practice_view_wipe (BEL_PRACTICE_VIEW (practice));

  /* Back where the other pictures left off. */
  if (service_id)
    activate (widget, "nav.service", service_id);
  return ok;
}

gboolean
bel_screenshots_run (GtkApplication *application,
                     const char     *dir)
{
  g_autoptr(BelDatabase) db = NULL;
  g_autoptr(BelCatalogue) catalogue = NULL;
  g_autoptr(GError) error = NULL;
  BelWindow *window;
  GtkWidget *widget;
  BelFindPage *find_page;
  const char *service_id;
  const char *category_id;
  gboolean ok = TRUE;

  if (g_mkdir_with_parents (dir, 0755) != 0)
    {
      g_printerr ("Could not create %s: %s\n", dir, g_strerror (errno));
      return FALSE;
    }

  /* The bundled catalogue, in memory: pictures that do not depend on this machine's state. */
  db = bel_database_open (":memory:", &error);
  if (db)
    catalogue = bel_catalogue_new (db, bel_content_bundled_dir (), &error);
  if (catalogue == NULL)
    {
      g_printerr ("Could not load the catalogue: %s\n", error->message);
      return FALSE;
    }

  service_id = example_service_id (catalogue);
  category_id = example_category_id (catalogue);

  /* Pages switch at once, so each picture shows the finished screen. */
  g_object_set (gtk_settings_get_default (), "gtk-enable-animations", FALSE, NULL);

  window = bel_window_new (application, FALSE);
  widget = GTK_WIDGET (window);
  /* Looks like the kiosk: no window frame, no window buttons. */
  gtk_window_set_decorated (GTK_WINDOW (window), FALSE);
  bel_window_set_catalogue (window, catalogue);
  bel_window_set_idle_timeouts (window, G_MAXINT, G_MAXINT, G_MAXINT);
  g_object_set (window, "text-size", "normal", "high-contrast", FALSE, NULL);
  find_page = BEL_FIND_PAGE (bel_window_get_page (window, "find"));

  gtk_window_set_default_size (GTK_WINDOW (window), 1280, 800);
  gtk_window_present (GTK_WINDOW (window));
  resize (GTK_WINDOW (window), 1280, 800);

  for (guint i = 0; i < G_N_ELEMENTS (languages); i++)
    {
      const char *lang = languages[i].lang;
      g_autofree char *welcome = shot_name (lang, "welcome");
      g_autofree char *attract = shot_name (lang, "attract");
      g_autofree char *search = shot_name (lang, "search");
      g_autofree char *search_empty = shot_name (lang, "search-start");
      g_autofree char *categories = shot_name (lang, "categories");
      g_autofree char *agencies = shot_name (lang, "agencies");
      g_autofree char *list = shot_name (lang, "category");
      g_autofree char *service = shot_name (lang, "service");
      g_autofree char *still_there = shot_name (lang, "still-there");

      bel_window_reset (window);
      bel_window_set_idle_timeouts (window, G_MAXINT, G_MAXINT, G_MAXINT);
      g_object_set (window, "language", lang, NULL);

      ok &= save (widget, dir, welcome);

      bel_window_start_attract (window);
      ok &= save (widget, dir, attract);
      bel_window_reset (window);
      bel_window_set_idle_timeouts (window, G_MAXINT, G_MAXINT, G_MAXINT);
      g_object_set (window, "language", lang, NULL);

      activate (widget, "nav.find", "search");
      ok &= save (widget, dir, search_empty);
      bel_find_page_set_query (find_page, languages[i].query);
      ok &= save (widget, dir, search);

      bel_find_page_set_mode (find_page, BEL_FIND_MODE_CATEGORIES);
      ok &= save (widget, dir, categories);
      bel_find_page_set_mode (find_page, BEL_FIND_MODE_AGENCIES);
      ok &= save (widget, dir, agencies);

      if (category_id)
        {
          activate (widget, "nav.category", category_id);
          ok &= save (widget, dir, list);
        }

      if (service_id)
        {
          activate (widget, "nav.service", service_id);
          ok &= save (widget, dir, service);
        }

      ok &= guide_shots (window, dir, lang, service_id);

      bel_window_set_idle_timeouts (window, G_MAXINT, 15000, G_MAXINT);
      bel_window_ask_still_there (window);
      ok &= save (widget, dir, still_there);
    }

  /* Accessibility: the service in extra-large text and in high contrast. */
  if (service_id)
    {
      bel_window_reset (window);
      bel_window_set_idle_timeouts (window, G_MAXINT, G_MAXINT, G_MAXINT);
      activate (widget, "nav.find", "search");
      activate (widget, "nav.service", service_id);
      g_object_set (window, "text-size", "extra-large", NULL);
      ok &= save (widget, dir, "az-service-extra-large.png");
      g_object_set (window, "text-size", "normal", "high-contrast", TRUE, NULL);
      ok &= save (widget, dir, "az-service-high-contrast.png");
      g_object_set (window, "high-contrast", FALSE, NULL);
    }

  /* A portrait screen: the search with the keyboard below it. */
  bel_window_reset (window);
  bel_window_set_idle_timeouts (window, G_MAXINT, G_MAXINT, G_MAXINT);
  resize (GTK_WINDOW (window), 1080, 1920);
  activate (widget, "nav.find", "search");
  bel_find_page_set_query (find_page, languages[0].query);
  ok &= save (widget, dir, "az-search-portrait.png");

  gtk_window_destroy (GTK_WINDOW (window));

  return ok;
}
