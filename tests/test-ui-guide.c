/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-ui-guide"

#include "config.h"

#include <glib/gstdio.h>

#include "bel-guide-button.h"
#include "bel-guide-links.h"
#include "bel-guide-page.h"
#include "bel-service-page.h"
#include "bel-svg-picture.h"
#include "test-ui-util.h"

/* How to sign in (issue 4): the guide page in the real window, reached as a citizen reaches
 * it, with real clicks where the way in matters. */

#define MEHKUMLUQ "Məhkumluq haqqında arayış"
#define CANARY_FIN "QZ7XK2W"
#define CANARY_PASSWORD "Kanareyka31337"
#define CANARY_PHONE_DIGITS "0559876543"
#define CANARY_PHONE_SHOWN "+994 55 987 65 43"

static BelGuidePage *
guide_page (BelWindow *window)
{
  return BEL_GUIDE_PAGE (bel_window_get_page (window, "guide"));
}

static gboolean
showing (BelWindow  *window,
         const char *page)
{
  return bel_window_get_visible_page (window) == bel_window_get_page (window, page);
}

static void
go (BelWindow  *window,
    const char *where)
{
  gtk_widget_activate_action (GTK_WIDGET (window), "nav.guide", "s", where);
  test_ui_settle (GTK_WIDGET (window));
}

static const char *
progress (BelWindow *window)
{
  GtkWidget *view = GTK_WIDGET (bel_guide_page_get_walkthrough_view (guide_page (window)));
  GtkWidget *label = test_ui_find_with_class (view, "bel-step-progress");

  return gtk_label_get_label (GTK_LABEL (label));
}

/* The welcome screen offers the guide; a click opens the list of walkthroughs. */
static void
test_welcome_entry (void)
{
  BelWindow *window = test_ui_new_window (FALSE);
  GtkWidget *entry = test_ui_find_all (GTK_WIDGET (window), BEL_TYPE_GUIDE_BUTTON)->pdata[0];
  GtkWidget *button = gtk_widget_get_first_child (entry);
  GtkWidget *list;

  g_assert_true (gtk_widget_get_mapped (entry));
  g_assert_cmpstr (test_ui_widget_text (gtk_button_get_child (GTK_BUTTON (button))), ==,
                   "e-gov.az portalına necə daxil olmalı");
  test_ui_click (button);
  TEST_UI_WAIT_UNTIL (showing (window, "guide"), 3000);
  test_ui_settle (GTK_WIDGET (window));

  g_assert_cmpstr (bel_page_get_title (BEL_PAGE (guide_page (window))), ==, "Necə daxil olmalı");
  list = test_ui_find_with_class (GTK_WIDGET (guide_page (window)), "bel-list-button");
  g_assert_nonnull (list);
  g_assert_true (test_ui_shows_text (GTK_WIDGET (window), "FİN kod və mobil nömrə ilə qeydiyyat",
                                     TRUE));
  g_assert_true (test_ui_shows_text (GTK_WIDGET (window), "Şifrəmi unutmuşam", TRUE));
  g_assert_true (test_ui_shows_text (GTK_WIDGET (window), "Seçməyə kömək edin", TRUE));

  /* Back goes home. */
  gtk_widget_activate_action (GTK_WIDGET (window), "nav.back", NULL);
  TEST_UI_WAIT_UNTIL (showing (window, "welcome"), 3000);
  test_ui_destroy_window (window);
}

/* A service lists the walkthroughs of its sign-in methods; the walkthrough ends with the way
 * back to it, and Back from the service returns to the walkthrough where it was. */
static void
test_from_service (void)
{
  BelWindow *window = test_ui_new_window (FALSE);
  BelService *service = test_ui_service_by_title (MEHKUMLUQ);
  BelWalkthroughView *view = bel_guide_page_get_walkthrough_view (guide_page (window));
  GtkWidget *links;
  GtkWidget *first;
  guint last;

  g_object_set (window, "language", "en", NULL);
  gtk_widget_activate_action (GTK_WIDGET (window), "nav.service", "s",
                              bel_service_get_id (service));
  test_ui_settle (GTK_WIDGET (window));
  links = test_ui_find_all (GTK_WIDGET (window), BEL_TYPE_GUIDE_LINKS)->pdata[0];
  g_assert_true (gtk_widget_get_mapped (links));
  /* fin, sima and asan-imza have walkthroughs (three of them for fin); e-imza has none. */
  g_assert_true (test_ui_shows_text (links, "How to sign in for this service", TRUE));
  g_assert_true (test_ui_shows_text (links, "Register with your FİN code and mobile number", TRUE));
  g_assert_true (test_ui_shows_text (links, "Sign in with SİMA İmza (on a smartphone)", TRUE));
  g_assert_true (test_ui_shows_text (links, "ASAN İmza: get a mobile signature and use it", TRUE));

  /* Below the fold on a 1280x800 screen: pressed the way a screen reader would. */
  first = test_ui_find_with_class (links, "bel-guide-link");
  gtk_widget_activate (first);
  TEST_UI_WAIT_UNTIL (showing (window, "guide"), 3000);
  test_ui_settle (GTK_WIDGET (window));
  g_assert_cmpstr (bel_walkthrough_view_get_id (view), ==, "fin-mobile");
  g_assert_cmpstr (bel_page_get_title (BEL_PAGE (guide_page (window))), ==,
                   "Register with your FİN code and mobile number");
  g_assert_cmpstr (progress (window), ==, "Step 1 of 9");

  last = bel_walkthrough_view_get_n_pages (view) - 1;
  bel_walkthrough_view_go_to (view, last, FALSE);
  test_ui_settle (GTK_WIDGET (window));
  g_assert_true (test_ui_shows_text (GTK_WIDGET (view), "Back to: Criminal record certificate",
                                     TRUE));
  test_ui_click (test_ui_find (GTK_WIDGET (view), GTK_TYPE_LABEL,
                               "Back to: Criminal record certificate"));
  TEST_UI_WAIT_UNTIL (showing (window, "service"), 3000);
  g_assert_true (bel_service_page_get_service (BEL_SERVICE_PAGE (bel_window_get_page (window,
                                                                                     "service")))
                 == service);

  gtk_widget_activate_action (GTK_WIDGET (window), "nav.back", NULL);
  TEST_UI_WAIT_UNTIL (showing (window, "guide"), 3000);
  test_ui_settle (GTK_WIDGET (window));
  g_assert_cmpuint (bel_walkthrough_view_get_position (view), ==, last);

  test_ui_destroy_window (window);
}

/* Steps move with Previous and Next, say where they are, keep their place across a language
 * change, and draw their pictures at the screen's own resolution. */
static void
test_walkthrough_steps (void)
{
  BelWindow *window = test_ui_new_window (FALSE);
  BelWalkthroughView *view = bel_guide_page_get_walkthrough_view (guide_page (window));
  GPtrArray *pictures;
  BelSvgPicture *picture = NULL;
  int drawn_width = 0, drawn_height = 0;

  go (window, "walkthrough/asan-imza");
  g_assert_cmpstr (progress (window), ==, "Addım 1 / 8");

  for (guint i = 0; i < 3; i++)
    gtk_widget_activate_action (GTK_WIDGET (view), "walkthrough.next", NULL);
  test_ui_settle (GTK_WIDGET (window));
  g_assert_cmpuint (bel_walkthrough_view_get_position (view), ==, 3);
  g_assert_cmpstr (progress (window), ==, "Addım 4 / 8");
  /* The PIN step warns in words: never give the codes to anyone, not even a volunteer. */
  g_assert_true (test_ui_shows_text (GTK_WIDGET (view), "nə könüllüyə", TRUE));
  g_assert_true (test_ui_shows_text (GTK_WIDGET (view), "Sualınız var? 195 nömrəsinə zəng edin.",
                                     TRUE));

  gtk_widget_activate_action (GTK_WIDGET (view), "walkthrough.previous", NULL);
  test_ui_settle (GTK_WIDGET (window));
  g_assert_cmpstr (progress (window), ==, "Addım 3 / 8");

  g_object_set (window, "language", "ru", NULL);
  test_ui_settle (GTK_WIDGET (window));
  g_assert_cmpstr (progress (window), ==, "Шаг 3 из 8");
  g_assert_true (test_ui_shows_text (GTK_WIDGET (view), "Идите в пункт сертификации", TRUE));

  /* The picture on screen is drawn at its size on screen, in device pixels. */
  pictures = test_ui_find_all (GTK_WIDGET (view), BEL_TYPE_SVG_PICTURE);
  for (guint i = 0; i < pictures->len && picture == NULL; i++)
    if (gtk_widget_get_mapped (pictures->pdata[i]))
      picture = pictures->pdata[i];
  g_assert_nonnull (picture);
  bel_svg_picture_get_drawn_size (picture, &drawn_width, &drawn_height);
  g_test_message ("picture %dx%d drawn at %dx%d", gtk_widget_get_width (GTK_WIDGET (picture)),
                  gtk_widget_get_height (GTK_WIDGET (picture)), drawn_width, drawn_height);
  g_assert_cmpint (drawn_width, >, 200);
  g_assert_true (drawn_width == gtk_widget_get_width (GTK_WIDGET (picture)) *
                                gtk_widget_get_scale_factor (GTK_WIDGET (picture)) ||
                 drawn_height == gtk_widget_get_height (GTK_WIDGET (picture)) *
                                 gtk_widget_get_scale_factor (GTK_WIDGET (picture)));
  g_ptr_array_unref (pictures);

  test_ui_destroy_window (window);
}

static void
speaking_cb (BelSpeaker *speaker,
             GParamSpec *pspec,
             gboolean   *was_speaking)
{
  *was_speaking |= bel_speaker_get_speaking (speaker);
}

/* Read aloud reads the step on screen, in the background; the next step silences it. */
static void
test_read_aloud (void)
{
  BelWindow *window = test_ui_new_window (FALSE);
  BelWalkthroughView *view = bel_guide_page_get_walkthrough_view (guide_page (window));
  BelSpeaker *speaker = bel_walkthrough_view_get_speaker (view);
  g_autofree char *dir = g_dir_make_tmp ("beledci-guide-XXXXXX", NULL);
  g_autofree char *wav = g_build_filename (dir, "step.wav", NULL);
  gboolean was_speaking = FALSE;
  GtkWidget *read;
  GStatBuf info;

  go (window, "walkthrough/sima");
  bel_speaker_set_output_file (speaker, wav);
  g_signal_connect (speaker, "notify::speaking", G_CALLBACK (speaking_cb), &was_speaking);
  read = test_ui_find (GTK_WIDGET (view), GTK_TYPE_BUTTON, "Səsli oxu");
  g_assert_nonnull (read);

  g_signal_emit_by_name (read, "clicked");
  g_assert_true (bel_speaker_get_speaking (speaker));
  g_assert_cmpstr (test_ui_widget_text (read), ==, "Oxumağı dayandır");
  TEST_UI_WAIT_UNTIL (was_speaking && !bel_speaker_get_speaking (speaker), 20000);
  g_assert_cmpint (g_stat (wav, &info), ==, 0);
  g_assert_cmpint (info.st_size, >, 1000);

  g_signal_emit_by_name (read, "clicked");
  g_assert_true (bel_speaker_get_speaking (speaker));
  gtk_widget_activate_action (GTK_WIDGET (view), "walkthrough.next", NULL);
  test_ui_settle (GTK_WIDGET (window));
  g_assert_false (bel_speaker_get_speaking (speaker));

  g_signal_handlers_disconnect_by_func (speaker, speaking_cb, &was_speaking);
  g_unlink (wav);
  g_rmdir (dir);
  test_ui_destroy_window (window);
}

/* The checklist prints (to PDF here) with the walkthrough's title and what to take. */
static void
test_print_checklist (void)
{
  BelWindow *window = test_ui_new_window (FALSE);
  BelWalkthroughView *view = bel_guide_page_get_walkthrough_view (guide_page (window));
  g_autofree char *dir = g_dir_make_tmp ("beledci-guide-XXXXXX", NULL);
  g_autofree char *pdf = g_build_filename (dir, "checklist.pdf", NULL);
  g_autofree char *text = NULL;
  g_autofree char *err = NULL;
  int status;
  const char *argv[] = { "pdftotext", "-layout", pdf, "-", NULL };

  g_object_set (window, "language", "en", NULL);
  go (window, "walkthrough/fin-video");
  bel_walkthrough_view_set_print_file (view, pdf);
  bel_walkthrough_view_go_to (view, bel_walkthrough_view_get_n_pages (view) - 1, FALSE);
  test_ui_settle (GTK_WIDGET (window));
  gtk_widget_activate_action (GTK_WIDGET (view), "walkthrough.print", NULL);
  TEST_UI_WAIT_UNTIL (test_ui_shows_text (GTK_WIDGET (view), "The checklist was saved to a file.",
                                          TRUE), 5000);

  g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL,
                               &text, &err, &status, NULL));
  g_assert_nonnull (strstr (text, "Register by video"));
  g_assert_nonnull (strstr (text, "Approval takes up to 5 working days"));
  g_assert_nonnull (strstr (text, "Wait up to 5 working days"));
  g_assert_nonnull (strstr (text, "If something goes wrong, call 108."));
  g_assert_nonnull (strstr (text, "https://asanlogin.my.gov.az"));

  g_unlink (pdf);
  g_rmdir (dir);
  test_ui_destroy_window (window);
}

/* Every path of the decision helper ends in a recommendation with its walkthrough; Back from
 * the walkthrough returns to the recommendation. */
static void
test_decision (void)
{
  BelWindow *window = test_ui_new_window (FALSE);
  BelGuidePage *guide = guide_page (window);
  BelDecisionView *decision = bel_guide_page_get_decision_view (guide);
  const gboolean answers[] = { FALSE, FALSE, TRUE, FALSE, TRUE };

  g_object_set (window, "language", "en", NULL);
  go (window, "decision");
  g_assert_true (test_ui_shows_text (GTK_WIDGET (decision),
                                     "Have you signed in to e-gov.az before with your FİN code "
                                     "and a password?", TRUE));
  g_assert_cmpstr (bel_page_get_title (BEL_PAGE (guide)), ==, "Which way in suits me?");

  /* The big buttons, clicked for real. */
  for (guint i = 0; i < G_N_ELEMENTS (answers); i++)
    {
      GtkWidget *button = test_ui_find (GTK_WIDGET (decision), GTK_TYPE_LABEL,
                                        answers[i] ? "Yes" : "No");
      const char *before = bel_decision_view_get_node (decision);

      test_ui_click (button);
      TEST_UI_WAIT_UNTIL (g_strcmp0 (bel_decision_view_get_node (decision), before) != 0, 3000);
      test_ui_settle (GTK_WIDGET (window));
    }
  g_assert_cmpstr (bel_decision_view_get_answers (decision), ==, "nnyny");
  g_assert_cmpstr (bel_decision_view_get_node (decision), ==, "register-sima");
  g_assert_true (test_ui_shows_text (GTK_WIDGET (decision), "Register with SİMA İmza", TRUE));
  g_assert_true (test_ui_shows_text (GTK_WIDGET (decision), "A smartphone with the internet",
                                     TRUE));

  gtk_widget_activate_action (GTK_WIDGET (decision), "decision.previous", NULL);
  test_ui_settle (GTK_WIDGET (window));
  g_assert_cmpstr (bel_decision_view_get_node (decision), ==, "smartphone");
  gtk_widget_activate_action (GTK_WIDGET (decision), "decision.answer", "b", TRUE);

  gtk_widget_activate_action (GTK_WIDGET (decision), "decision.open-walkthrough", NULL);
  test_ui_settle (GTK_WIDGET (window));
  g_assert_cmpstr (bel_guide_page_get_where (guide), ==, "walkthrough/sima");
  g_assert_cmpstr (bel_walkthrough_view_get_id (bel_guide_page_get_walkthrough_view (guide)), ==,
                   "sima");

  gtk_widget_activate_action (GTK_WIDGET (window), "nav.back", NULL);
  test_ui_settle (GTK_WIDGET (window));
  g_assert_cmpstr (bel_guide_page_get_where (guide), ==, "decision");
  g_assert_cmpstr (bel_decision_view_get_node (decision), ==, "register-sima");

  test_ui_destroy_window (window);
}

static void
type_into (GtkEditable *editable,
           const char  *text)
{
  /* Key by key, as the on-screen keyboard types. */
  for (const char *p = text; *p; p = g_utf8_next_char (p))
    {
      int position = g_utf8_strlen (gtk_editable_get_text (editable), -1);
      gtk_editable_insert_text (editable, p, g_utf8_next_char (p) - p, &position);
    }
}

static void
press (BelPracticeView *practice,
       const char      *action)
{
  gtk_widget_activate_action (GTK_WIDGET (practice), action, NULL);
  test_ui_settle (GTK_WIDGET (practice));
}

static const char *
explanation (BelPracticeView *practice,
             const char      *field)
{
  g_autofree char *name = g_strconcat (field, "_explanation", NULL);
  GObject *label = gtk_widget_get_template_child (GTK_WIDGET (practice), BEL_TYPE_PRACTICE_VIEW,
                                                  name);
  return gtk_label_get_label (GTK_LABEL (label));
}

/* Registration and sign-in, with the common mistakes, each explained. */
static void
test_practice (void)
{
  BelWindow *window = test_ui_new_window (FALSE);
  BelService *service = test_ui_service_by_title (MEHKUMLUQ);
  BelPracticeView *practice = bel_guide_page_get_practice_view (guide_page (window));
  g_autofree char *where = g_strconcat ("practice/", bel_service_get_id (service), NULL);
  GtkEditable *fin = bel_practice_view_get_entry (practice, "fin");
  GtkEditable *phone = bel_practice_view_get_entry (practice, "phone");
  GtkEditable *sms = bel_practice_view_get_entry (practice, "sms");
  GtkEditable *password = bel_practice_view_get_entry (practice, "password");
  g_autofree char *wrong = NULL;

  g_object_set (window, "language", "en", NULL);
  go (window, where);
  g_assert_true (test_ui_shows_text (GTK_WIDGET (practice), "Practice: nothing is sent anywhere",
                                     TRUE));
  press (practice, "practice.register");
  g_assert_cmpstr (bel_practice_view_get_screen (practice), ==, "fin");
  /* The banner stays on every screen. */
  g_assert_true (test_ui_shows_text (GTK_WIDGET (practice), "Practice: nothing is sent anywhere",
                                     TRUE));

  type_into (fin, "5ob7c2d");
  press (practice, "practice.fin-next");
  g_assert_cmpstr (bel_practice_view_get_screen (practice), ==, "fin");
  g_assert_true (g_str_has_prefix (explanation (practice, "fin"), "Use capital letters"));

  gtk_editable_set_text (fin, "");
  type_into (fin, "5OB7C2D");
  press (practice, "practice.fin-next");
  g_assert_true (g_str_has_prefix (explanation (practice, "fin"), "Your code has the letter O"));
  press (practice, "practice.fin-next");   /* it really is an O */
  g_assert_cmpstr (bel_practice_view_get_screen (practice), ==, "phone");

  type_into (phone, "0401234567");
  g_assert_cmpstr (gtk_editable_get_text (phone), ==, "+994 40 123 45 67");
  press (practice, "practice.phone-next");
  g_assert_true (g_str_has_prefix (explanation (practice, "phone"), "After +994"));
  gtk_editable_set_text (phone, "");
  type_into (phone, CANARY_PHONE_DIGITS);
  g_assert_cmpstr (gtk_editable_get_text (phone), ==, CANARY_PHONE_SHOWN);
  press (practice, "practice.phone-next");
  g_assert_cmpstr (bel_practice_view_get_screen (practice), ==, "owner");

  gtk_widget_activate_action (GTK_WIDGET (practice), "practice.owner", "s", "no");
  test_ui_settle (GTK_WIDGET (window));
  g_assert_nonnull (strstr (explanation (practice, "owner"), "157"));
  g_assert_nonnull (strstr (explanation (practice, "owner"), "register by video"));
  press (practice, "practice.owner-continue");
  g_assert_cmpstr (bel_practice_view_get_screen (practice), ==, "sms");

  /* The pretend code is on screen; one digit off is explained. */
  g_assert_true (test_ui_shows_text (GTK_WIDGET (practice),
                                     bel_practice_view_get_sms_code (practice), TRUE));
  wrong = g_strdup (bel_practice_view_get_sms_code (practice));
  wrong[5] = wrong[5] == '9' ? '0' : wrong[5] + 1;
  type_into (sms, wrong);
  press (practice, "practice.sms-next");
  g_assert_true (g_str_has_prefix (explanation (practice, "sms"), "One digit is different"));
  gtk_editable_set_text (sms, "");
  type_into (sms, bel_practice_view_get_sms_code (practice));
  press (practice, "practice.sms-next");
  g_assert_cmpstr (bel_practice_view_get_screen (practice), ==, "password");

  /* Advice, not orders: a weak password is explained once, then kept. */
  type_into (password, "bahar");
  press (practice, "practice.password-next");
  g_assert_cmpstr (bel_practice_view_get_screen (practice), ==, "password");
  g_assert_nonnull (strstr (explanation (practice, "password"), "Add a capital letter"));
  gtk_editable_set_text (password, "");
  type_into (password, CANARY_PASSWORD);
  press (practice, "practice.password-next");
  g_assert_cmpstr (bel_practice_view_get_screen (practice), ==, "welcome");
  g_assert_true (test_ui_shows_text (GTK_WIDGET (practice),
                                     "You came for: Criminal record certificate", TRUE));

  /* Then signing in with Caps Lock on. */
  press (practice, "practice.sign-in");
  g_assert_cmpstr (bel_practice_view_get_screen (practice), ==, "signin");
  type_into (bel_practice_view_get_entry (practice, "signin-fin"), CANARY_FIN);
  type_into (bel_practice_view_get_entry (practice, "signin-password"), "kANAREYKA31337");
  press (practice, "practice.sign-in-submit");
  g_assert_true (g_str_has_prefix (explanation (practice, "signin"),
                                   "The password is right, but its capital"));
  gtk_editable_set_text (bel_practice_view_get_entry (practice, "signin-password"), "");
  type_into (bel_practice_view_get_entry (practice, "signin-password"), CANARY_PASSWORD);
  press (practice, "practice.sign-in-submit");
  g_assert_cmpstr (bel_practice_view_get_screen (practice), ==, "welcome");

  test_ui_destroy_window (window);
}

static void
fill_everything (BelWindow       *window,
                 BelPracticeView *practice)
{
  const char *fields[] = { "fin", "phone", "sms", "password", "signin-fin", "signin-password" };

  go (window, "practice");
  press (practice, "practice.register");
  for (guint i = 0; i < G_N_ELEMENTS (fields); i++)
    type_into (bel_practice_view_get_entry (practice, fields[i]),
               g_str_equal (fields[i], "phone") ? CANARY_PHONE_DIGITS
               : g_str_has_suffix (fields[i], "password") ? CANARY_PASSWORD : CANARY_FIN);
  test_ui_settle (GTK_WIDGET (window));
  g_assert_true (test_ui_shows_text (GTK_WIDGET (window), CANARY_FIN, FALSE));
  g_assert_true (test_ui_shows_text (GTK_WIDGET (window), CANARY_PHONE_SHOWN, FALSE));
}

static void
assert_wiped (BelWindow       *window,
              BelPracticeView *practice)
{
  const char *fields[] = { "fin", "phone", "sms", "password", "signin-fin", "signin-password" };

  g_assert_false (test_ui_shows_text (GTK_WIDGET (window), CANARY_FIN, FALSE));
  g_assert_false (test_ui_shows_text (GTK_WIDGET (window), CANARY_PHONE_SHOWN, FALSE));
  g_assert_false (test_ui_shows_text (GTK_WIDGET (window), "987 65 43", FALSE));
  for (guint i = 0; i < G_N_ELEMENTS (fields); i++)
    g_assert_cmpstr (gtk_editable_get_text (bel_practice_view_get_entry (practice, fields[i])),
                     ==, "");
  g_assert_null (bel_practice_view_get_sms_code (practice));
  g_assert_cmpstr (bel_practice_view_get_screen (practice), ==, "start");
}

/* What is typed in practice mode goes when practice ends, when the language changes and on
 * the idle reset. */
static void
test_practice_wiped (void)
{
  BelWindow *window = test_ui_new_window (FALSE);
  BelPracticeView *practice = bel_guide_page_get_practice_view (guide_page (window));

  fill_everything (window, practice);
  gtk_widget_activate_action (GTK_WIDGET (window), "nav.home", NULL);
  test_ui_settle (GTK_WIDGET (window));
  assert_wiped (window, practice);

  fill_everything (window, practice);
  g_object_set (window, "language", "ru", NULL);
  test_ui_settle (GTK_WIDGET (window));
  assert_wiped (window, practice);
  g_assert_true (test_ui_shows_text (GTK_WIDGET (practice),
                                     "Тренировка: ничего никуда не отправляется", TRUE));

  fill_everything (window, practice);
  bel_window_set_idle_timeouts (window, 200, 300, 60000);
  TEST_UI_WAIT_UNTIL (bel_window_is_asking_still_there (window), 3000);
  TEST_UI_WAIT_UNTIL (!bel_window_is_asking_still_there (window), 3000);
  test_ui_settle (GTK_WIDGET (window));
  g_assert_true (showing (window, "welcome"));
  assert_wiped (window, practice);

  test_ui_destroy_window (window);
}

int
main (int   argc,
      char *argv[])
{
  test_ui_init (&argc, &argv);

  g_test_add_func ("/guide/welcome-entry", test_welcome_entry);
  g_test_add_func ("/guide/from-service", test_from_service);
  g_test_add_func ("/guide/walkthrough-steps", test_walkthrough_steps);
  g_test_add_func ("/guide/read-aloud", test_read_aloud);
  g_test_add_func ("/guide/print-checklist", test_print_checklist);
  g_test_add_func ("/guide/decision", test_decision);
  g_test_add_func ("/guide/practice", test_practice);
  g_test_add_func ("/guide/practice-wiped", test_practice_wiped);

  return g_test_run ();
}
