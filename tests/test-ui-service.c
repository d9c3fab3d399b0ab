/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-ui-service"

#include "config.h"

#include <glib/gstdio.h>

#include "bel-qr-code.h"
#include "bel-service-page.h"
#include "bel-speaker.h"
#include "test-ui-util.h"

#define MEHKUMLUQ "Məhkumluq haqqında arayış"

typedef struct {
  BelWindow      *window;
  BelServicePage *page;
  BelService     *service;
  char           *dir;
} Fixture;

/* A service whose documents the catalogue knows, several of them. */
static BelService *
service_with_documents (void)
{
  GListModel *services = bel_catalogue_get_services (test_ui_get_catalogue ());

  for (guint i = 0; i < g_list_model_get_n_items (services); i++)
    {
      g_autoptr(BelService) service = g_list_model_get_item (services, i);
      const char * const *documents = bel_service_get_documents (service, BEL_LANG_AZ);

      if (!bel_service_is_retired (service) && documents && g_strv_length ((char **) documents) >= 2)
        return service;
    }
  return NULL;
}

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  f->dir = g_dir_make_tmp ("test-ui-service-XXXXXX", &error);
  g_assert_no_error (error);

  f->window = test_ui_new_window (FALSE);
  f->page = BEL_SERVICE_PAGE (bel_window_get_page (f->window, "service"));
  f->service = data ? service_with_documents () : test_ui_service_by_title (MEHKUMLUQ);
  g_assert_nonnull (f->service);
  gtk_widget_activate_action (GTK_WIDGET (f->window), "nav.service", "s",
                              bel_service_get_id (f->service));
  test_ui_settle (GTK_WIDGET (f->window));
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(GDir) dir = g_dir_open (f->dir, 0, NULL);
  const char *name;

  test_ui_destroy_window (f->window);

  while ((name = g_dir_read_name (dir)))
    {
      g_autofree char *path = g_build_filename (f->dir, name, NULL);
      g_unlink (path);
    }
  g_rmdir (f->dir);
  g_free (f->dir);
}

/* Text with every run of spaces and line breaks made one space, to compare a PDF's text. */
static char *
squeeze (const char *text)
{
  g_auto(GStrv) words = g_strsplit_set (text, " \t\r\n\f\u00a0", -1);
  g_autoptr(GString) out = g_string_new (NULL);

  for (guint i = 0; words[i]; i++)
    if (*words[i])
      {
        if (out->len)
          g_string_append_c (out, ' ');
        g_string_append (out, words[i]);
      }
  return g_string_free (g_steal_pointer (&out), FALSE);
}

/* The QR code on the screen takes a phone to the service's address. */
static void
test_qr_decodes (Fixture       *f,
                 gconstpointer  data)
{
  GtkWidget *qr = test_ui_find (GTK_WIDGET (f->page), BEL_TYPE_QR_CODE, NULL);
  g_autofree char *png = g_build_filename (f->dir, "qr.png", NULL);
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autoptr(GError) error = NULL;
  const char *argv[] = { "zbarimg", "--raw", "-q", png, NULL };
  int status;

  g_assert_nonnull (qr);
  g_assert_cmpint (gtk_widget_get_width (qr), >=, 150);
  test_ui_save_png (qr, png);

  g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL,
                &out, &err, &status, &error);
  g_assert_no_error (error);
  g_assert_true (g_spawn_check_wait_status (status, NULL));
  g_strstrip (out);
  g_assert_cmpstr (out, ==, bel_service_get_url (f->service));
}

static char *
pdf_text (const char *pdf)
{
  const char *argv[] = { "pdftotext", pdf, "-", NULL };
  g_autofree char *out = NULL;
  g_autoptr(GError) error = NULL;
  int status;

  g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH | G_SPAWN_STDERR_TO_DEV_NULL,
                NULL, NULL, &out, NULL, &status, &error);
  g_assert_no_error (error);
  g_assert_true (g_spawn_check_wait_status (status, NULL));
  return squeeze (out);
}

static void
assert_contains (const char *haystack,
                 const char *needle)
{
  g_autofree char *squeezed = squeeze (needle);

  if (strstr (haystack, squeezed) == NULL)
    g_error ("“%s” is not in the printed checklist:\n%s", squeezed, haystack);
}

/* Print: a checklist with the title and every document, in the screen's language. */
static void
test_print_to_pdf (Fixture       *f,
                   gconstpointer  data)
{
  g_autofree char *pdf = g_build_filename (f->dir, "checklist.pdf", NULL);
  const BelLang langs[] = { BEL_LANG_AZ, BEL_LANG_RU };
  const char *codes[] = { "az", "ru" };

  bel_service_page_set_print_file (f->page, pdf);

  for (guint l = 0; l < G_N_ELEMENTS (langs); l++)
    {
      const char * const *documents = bel_service_get_documents (f->service, langs[l]);
      GtkWidget *print;
      g_autofree char *text = NULL;

      g_object_set (f->window, "language", codes[l], NULL);
      test_ui_settle (GTK_WIDGET (f->window));
      g_unlink (pdf);

      print = test_ui_find (GTK_WIDGET (f->page), GTK_TYPE_BUTTON,
                            l == 0 ? "Siyahını çap et" : "Напечатать список");
      g_assert_nonnull (print);
      test_ui_click (print);
      TEST_UI_WAIT_UNTIL (g_file_test (pdf, G_FILE_TEST_IS_REGULAR), 5000);

      text = pdf_text (pdf);
      assert_contains (text, bel_service_get_title (f->service, langs[l]));
      g_assert_nonnull (documents);
      g_assert_nonnull (documents[0]);
      for (guint i = 0; documents[i]; i++)
        assert_contains (text, documents[i]);
    }
}

static void
speaking_cb (BelSpeaker *speaker,
             GParamSpec *pspec,
             gboolean   *was_speaking)
{
  if (bel_speaker_get_speaking (speaker))
    *was_speaking = TRUE;
}

/* Read aloud speaks in the background, the button turns into Stop, and Stop stops. */
static void
test_read_aloud (Fixture       *f,
                 gconstpointer  data)
{
  BelSpeaker *speaker = bel_service_page_get_speaker (f->page);
  g_autofree char *wav = g_build_filename (f->dir, "speech.wav", NULL);
  gboolean was_speaking = FALSE;
  GtkWidget *read;
  gint64 start;

  bel_speaker_set_output_file (speaker, wav);
  g_signal_connect (speaker, "notify::speaking", G_CALLBACK (speaking_cb), &was_speaking);

  read = test_ui_find (GTK_WIDGET (f->page), GTK_TYPE_BUTTON, "Səsli oxu");
  g_assert_nonnull (read);

  /* Stop, pressed while it speaks. ("clicked" directly: activation would wait a moment.) */
  start = g_get_monotonic_time ();
  g_signal_emit_by_name (read, "clicked");
  /* Never blocks the screen: the voice runs in another process. */
  g_assert_cmpint (g_get_monotonic_time () - start, <, G_USEC_PER_SEC / 5);
  g_assert_true (bel_speaker_get_speaking (speaker));
  g_assert_cmpstr (test_ui_widget_text (read), ==, "Oxumağı dayandır");
  g_signal_emit_by_name (read, "clicked");
  g_assert_false (bel_speaker_get_speaking (speaker));
  g_assert_cmpstr (test_ui_widget_text (read), ==, "Səsli oxu");

  /* Read to the end: the voice was heard (here: written) and the button is back. */
  g_unlink (wav);
  was_speaking = FALSE;
  g_signal_emit_by_name (read, "clicked");
  TEST_UI_WAIT_UNTIL (was_speaking && !bel_speaker_get_speaking (speaker), 20000);
  g_assert_true (g_file_test (wav, G_FILE_TEST_IS_REGULAR));
  g_assert_cmpstr (test_ui_widget_text (read), ==, "Səsli oxu");

  /* Leaving the page silences it. */
  g_signal_emit_by_name (read, "clicked");
  g_assert_true (bel_speaker_get_speaking (speaker));
  gtk_widget_activate_action (GTK_WIDGET (f->window), "nav.back", NULL);
  test_ui_settle (GTK_WIDGET (f->window));
  g_assert_false (bel_speaker_get_speaking (speaker));

  g_signal_handlers_disconnect_by_func (speaker, speaking_cb, &was_speaking);
}

int
main (int   argc,
      char *argv[])
{
  test_ui_init (&argc, &argv);

  g_test_add ("/ui/service/qr-decodes", Fixture, NULL,
              fixture_set_up, test_qr_decodes, fixture_tear_down);
  g_test_add ("/ui/service/print-to-pdf", Fixture, "with documents",
              fixture_set_up, test_print_to_pdf, fixture_tear_down);
  g_test_add ("/ui/service/read-aloud", Fixture, NULL,
              fixture_set_up, test_read_aloud, fixture_tear_down);

  return g_test_run ();
}
