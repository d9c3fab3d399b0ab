/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-speaker"

#include <errno.h>
#include <signal.h>
#include <sys/types.h>

#include <glib/gstdio.h>

#include "bel-speaker.h"

/* BelSpeaker against a fake espeak-ng (a shell script this test writes), and once against the
 * real one writing WAV files. */

typedef struct {
  char       *dir;
  char       *args_file;
  char       *pid_file;
  BelSpeaker *speaker;
  guint       n_notify;
  GPtrArray  *speaking_history;   /* GINT_TO_POINTER (speaking) at each notify */
  GPtrArray  *errors;             /* GError* */
  gboolean    in_speak_call;
  gboolean    error_during_call;
} Fixture;

static gboolean
flag_true (gpointer p)
{
  *(gboolean *) p = TRUE;
  return G_SOURCE_REMOVE;
}

static gboolean
heartbeat (gpointer p)
{
  return G_SOURCE_CONTINUE;
}

/* Iterates the main loop until @expr holds; a heartbeat wakes it for conditions that are not
 * main-loop events (a file appearing, a process dying). */
#define WAIT_UNTIL(expr, ms) G_STMT_START {                                    \
    gboolean _to = FALSE;                                                      \
    guint _id = g_timeout_add ((ms), flag_true, &_to);                         \
    guint _hb = g_timeout_add (5, heartbeat, NULL);                            \
    while (!(expr) && !_to)                                                    \
      g_main_context_iteration (NULL, TRUE);                                   \
    g_source_remove (_hb);                                                     \
    if (!_to)                                                                  \
      g_source_remove (_id);                                                   \
    g_assert_true (expr);                                                      \
  } G_STMT_END

static void
notify_speaking_cb (BelSpeaker *speaker,
                    GParamSpec *pspec,
                    Fixture    *fixture)
{
  fixture->n_notify++;
  g_ptr_array_add (fixture->speaking_history,
                   GINT_TO_POINTER (bel_speaker_get_speaking (speaker)));
}

static void
error_cb (BelSpeaker   *speaker,
          const GError *error,
          Fixture      *fixture)
{
  if (fixture->in_speak_call)
    fixture->error_during_call = TRUE;
  g_ptr_array_add (fixture->errors, g_error_copy (error));
}

static void
speak (Fixture    *fixture,
       const char *text,
       BelLang     lang)
{
  fixture->in_speak_call = TRUE;
  bel_speaker_speak (fixture->speaker, text, lang);
  fixture->in_speak_call = FALSE;
}

/* Writes an executable script named @name into the fixture's directory and points
 * $BELEDCI_ESPEAK at it. It records its arguments (one a line) and its pid, then runs @tail. */
static void
install_fake (Fixture    *fixture,
              const char *name,
              const char *tail)
{
  g_autofree char *path = g_build_filename (fixture->dir, name, NULL);
  g_autofree char *script = NULL;
  g_autoptr(GError) error = NULL;

  script = g_strdup_printf ("#!/bin/sh\n"
                            "for a in \"$@\"; do printf '%%s\\n' \"$a\"; done > '%s.tmp'\n"
                            "mv '%s.tmp' '%s'\n"
                            "echo $$ > '%s.tmp'\n"
                            "mv '%s.tmp' '%s'\n"
                            "%s\n",
                            fixture->args_file, fixture->args_file, fixture->args_file,
                            fixture->pid_file, fixture->pid_file, fixture->pid_file,
                            tail);
  g_file_set_contents (path, script, -1, &error);
  g_assert_no_error (error);
  g_assert_cmpint (g_chmod (path, 0755), ==, 0);
  g_setenv ("BELEDCI_ESPEAK", path, TRUE);

  g_unlink (fixture->args_file);
  g_unlink (fixture->pid_file);
}

static GStrv
read_args (Fixture *fixture)
{
  g_autofree char *contents = NULL;
  g_autoptr(GError) error = NULL;
  gsize len;

  g_file_get_contents (fixture->args_file, &contents, &len, &error);
  g_assert_no_error (error);
  g_assert_true (len > 0 && contents[len - 1] == '\n');
  contents[len - 1] = '\0';
  return g_strsplit (contents, "\n", -1);
}

static GPid
read_pid (Fixture *fixture)
{
  g_autofree char *contents = NULL;

  g_assert_true (g_file_get_contents (fixture->pid_file, &contents, NULL, NULL));
  return (GPid) g_ascii_strtoll (contents, NULL, 10);
}

static gboolean
process_gone (GPid pid)
{
  /* Once GLib has reaped the child, the pid no longer exists. */
  return kill (pid, 0) != 0 && errno == ESRCH;
}

/* The value that follows @option in @args, or NULL. */
static const char *
arg_after (char       **args,
           const char  *option)
{
  for (guint i = 0; args[i] != NULL; i++)
    if (g_str_equal (args[i], option))
      return args[i + 1];
  return NULL;
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  fixture->dir = g_dir_make_tmp ("beledci-speaker-XXXXXX", &error);
  g_assert_no_error (error);
  fixture->args_file = g_build_filename (fixture->dir, "args", NULL);
  fixture->pid_file = g_build_filename (fixture->dir, "pid", NULL);
  fixture->speaking_history = g_ptr_array_new ();
  fixture->errors = g_ptr_array_new_with_free_func ((GDestroyNotify) g_error_free);
  fixture->speaker = bel_speaker_new ();
  g_signal_connect (fixture->speaker, "notify::speaking", G_CALLBACK (notify_speaking_cb), fixture);
  g_signal_connect (fixture->speaker, "error", G_CALLBACK (error_cb), fixture);
}

static void
remove_tree (const char *dir)
{
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  const char *name;

  while (d != NULL && (name = g_dir_read_name (d)) != NULL)
    {
      g_autofree char *path = g_build_filename (dir, name, NULL);
      g_unlink (path);
    }
  g_rmdir (dir);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  g_clear_object (&fixture->speaker);
  remove_tree (fixture->dir);
  g_free (fixture->dir);
  g_free (fixture->args_file);
  g_free (fixture->pid_file);
  g_ptr_array_unref (fixture->speaking_history);
  g_ptr_array_unref (fixture->errors);
  g_unsetenv ("BELEDCI_ESPEAK");
}

static void
test_voice_per_language (Fixture       *fixture,
                         gconstpointer  data)
{
  static const struct {
    BelLang     lang;
    const char *voice;
  } cases[] = {
    { BEL_LANG_AZ, "az" },
    { BEL_LANG_RU, "ru" },
    { BEL_LANG_EN, "en" },
  };

  install_fake (fixture, "espeak-ng", "exit 0");

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_auto(GStrv) args = NULL;

      g_unlink (fixture->args_file);
      speak (fixture, "Məhkumluq haqqında arayış\nŞəxsiyyət vəsiqəsi\n\n  -v en  \nSorğu?", cases[i].lang);
      g_assert_true (bel_speaker_get_speaking (fixture->speaker));
      WAIT_UNTIL (!bel_speaker_get_speaking (fixture->speaker), 5000);

      args = read_args (fixture);
      g_assert_cmpstr (arg_after (args, "-v"), ==, cases[i].voice);
      g_assert_cmpstr (bel_speaker_voice_for_lang (cases[i].lang), ==, cases[i].voice);
      /* No output file was asked for: speech goes to the sound card. */
      g_assert_null (arg_after (args, "-w"));
      /* The text comes last, after "--", so text that looks like an option is read as text,
       * and each line becomes a sentence so a list is read with pauses. */
      g_assert_cmpstr (arg_after (args, "--"), ==,
                       "Məhkumluq haqqında arayış. Şəxsiyyət vəsiqəsi. -v en. Sorğu?");
      g_assert_cmpstr (args[g_strv_length (args) - 2], ==, "--");
    }

  g_assert_cmpuint (fixture->errors->len, ==, 0);
  /* Each utterance: on, then off. */
  g_assert_cmpuint (fixture->n_notify, ==, 2 * G_N_ELEMENTS (cases));
  for (guint i = 0; i < fixture->speaking_history->len; i++)
    g_assert_cmpint (GPOINTER_TO_INT (fixture->speaking_history->pdata[i]), ==, i % 2 == 0);
}

static void
test_stop_kills (Fixture       *fixture,
                 gconstpointer  data)
{
  GPid pid;

  install_fake (fixture, "espeak-ng", "exec sleep 60");

  speak (fixture, "Uzun bir mətn", BEL_LANG_AZ);
  g_assert_true (bel_speaker_get_speaking (fixture->speaker));
  g_assert_cmpuint (fixture->n_notify, ==, 1);
  WAIT_UNTIL (g_file_test (fixture->pid_file, G_FILE_TEST_EXISTS), 5000);
  pid = read_pid (fixture);
  g_assert_false (process_gone (pid));

  bel_speaker_stop (fixture->speaker);
  /* The button turns back into "Read aloud" at once... */
  g_assert_false (bel_speaker_get_speaking (fixture->speaker));
  g_assert_cmpuint (fixture->n_notify, ==, 2);
  /* ...and the voice really stops. */
  WAIT_UNTIL (process_gone (pid), 5000);

  /* A stop with nothing to stop changes nothing. */
  bel_speaker_stop (fixture->speaker);
  g_assert_cmpuint (fixture->n_notify, ==, 2);
  g_assert_cmpuint (fixture->errors->len, ==, 0);
}

static void
test_second_speak_replaces_first (Fixture       *fixture,
                                  gconstpointer  data)
{
  g_auto(GStrv) args = NULL;
  GPid first, second;

  install_fake (fixture, "espeak-ng", "exec sleep 60");

  speak (fixture, "Birinci", BEL_LANG_AZ);
  WAIT_UNTIL (g_file_test (fixture->pid_file, G_FILE_TEST_EXISTS), 5000);
  first = read_pid (fixture);
  g_unlink (fixture->pid_file);
  g_unlink (fixture->args_file);

  speak (fixture, "Второй", BEL_LANG_RU);
  WAIT_UNTIL (g_file_test (fixture->pid_file, G_FILE_TEST_EXISTS), 5000);
  second = read_pid (fixture);
  g_assert_cmpint (first, !=, second);

  /* Only one voice at a time: the first is silenced, the second goes on. */
  WAIT_UNTIL (process_gone (first), 5000);
  g_assert_false (process_gone (second));
  args = read_args (fixture);
  g_assert_cmpstr (arg_after (args, "-v"), ==, "ru");
  g_assert_cmpstr (arg_after (args, "--"), ==, "Второй.");

  /* Speaking throughout: no flicker of the stop button between the two. */
  g_assert_true (bel_speaker_get_speaking (fixture->speaker));
  g_assert_cmpuint (fixture->n_notify, ==, 1);

  /* Dropping the speaker (the page goes away) silences it too. */
  g_clear_object (&fixture->speaker);
  WAIT_UNTIL (process_gone (second), 5000);
  g_assert_cmpuint (fixture->errors->len, ==, 0);
}

static void
test_missing_program (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autofree char *missing = g_build_filename (fixture->dir, "no-such-espeak", NULL);
  const GError *error;

  g_setenv ("BELEDCI_ESPEAK", missing, TRUE);
  speak (fixture, "Salam", BEL_LANG_AZ);
  g_assert_false (bel_speaker_get_speaking (fixture->speaker));
  g_assert_cmpuint (fixture->n_notify, ==, 0);

  WAIT_UNTIL (fixture->errors->len == 1, 2000);
  g_assert_false (fixture->error_during_call);
  error = fixture->errors->pdata[0];
  g_assert_error (error, BEL_SPEAKER_ERROR, BEL_SPEAKER_ERROR_NOT_AVAILABLE);
  g_assert_cmpstr (error->message, !=, "");

  /* A name looked up in PATH that is not there. */
  g_setenv ("BELEDCI_ESPEAK", "beledci-no-such-speech-program", TRUE);
  speak (fixture, "Salam", BEL_LANG_AZ);
  WAIT_UNTIL (fixture->errors->len == 2, 2000);
  g_assert_error ((GError *) fixture->errors->pdata[1], BEL_SPEAKER_ERROR, BEL_SPEAKER_ERROR_NOT_AVAILABLE);
  g_assert_false (bel_speaker_get_speaking (fixture->speaker));
}

static void
test_program_fails (Fixture       *fixture,
                    gconstpointer  data)
{
  const GError *error;

  install_fake (fixture, "espeak-ng",
                "echo 'Error: The specified espeak-ng voice does not exist.' >&2; exit 1");
  speak (fixture, "Salam", BEL_LANG_AZ);
  WAIT_UNTIL (fixture->errors->len == 1, 5000);
  error = fixture->errors->pdata[0];
  g_assert_error (error, BEL_SPEAKER_ERROR, BEL_SPEAKER_ERROR_FAILED);
  g_assert_nonnull (strstr (error->message, "voice does not exist"));
  g_assert_false (bel_speaker_get_speaking (fixture->speaker));

  /* espeak-ng 1.51 exits 0 when it has no sound device, but says so. */
  install_fake (fixture, "espeak-ng",
                "echo 'ALSA lib pcm.c:2666:(snd_pcm_open_noupdate) Unknown PCM default' >&2;"
                "echo 'error: No such file or directory' >&2; exit 0");
  speak (fixture, "Salam", BEL_LANG_AZ);
  WAIT_UNTIL (fixture->errors->len == 2, 5000);
  error = fixture->errors->pdata[1];
  g_assert_error (error, BEL_SPEAKER_ERROR, BEL_SPEAKER_ERROR_FAILED);
  g_assert_nonnull (strstr (error->message, "No such file"));

  /* ALSA's chatter alone, with speech written fine, is no error. */
  install_fake (fixture, "espeak-ng",
                "echo 'ALSA lib conf.c:5180:(_snd_config_evaluate) function returned error' >&2;"
                "exit 0");
  speak (fixture, "Salam", BEL_LANG_AZ);
  WAIT_UNTIL (!bel_speaker_get_speaking (fixture->speaker), 5000);
  g_assert_cmpuint (fixture->errors->len, ==, 2);
  g_assert_false (fixture->error_during_call);
}

static void
test_real_espeak (Fixture       *fixture,
                  gconstpointer  data)
{
  static const struct {
    BelLang     lang;
    const char *text;
  } cases[] = {
    { BEL_LANG_AZ, "Məhkumluq haqqında arayış. Şəxsiyyət vəsiqəsi." },
    { BEL_LANG_RU, "Справка о несудимости. Удостоверение личности." },
    { BEL_LANG_EN, "Certificate of no criminal record. Identity card." },
  };

  /* The real program, found in PATH as on a kiosk. */
  g_unsetenv ("BELEDCI_ESPEAK");

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *name = g_strdup_printf ("speech-%s.wav", bel_lang_to_code (cases[i].lang));
      g_autofree char *wav = g_build_filename (fixture->dir, name, NULL);
      g_autofree char *contents = NULL;
      gsize len = 0;

      bel_speaker_set_output_file (fixture->speaker, wav);
      speak (fixture, cases[i].text, cases[i].lang);
      g_assert_true (bel_speaker_get_speaking (fixture->speaker));
      WAIT_UNTIL (!bel_speaker_get_speaking (fixture->speaker), 30000);

      /* An unknown voice makes espeak-ng exit with an error, which would be reported here. */
      if (fixture->errors->len > 0)
        g_error ("%s: %s", name, ((GError *) fixture->errors->pdata[0])->message);

      g_assert_true (g_file_get_contents (wav, &contents, &len, NULL));
      g_assert_cmpmem (contents, 4, "RIFF", 4);
      g_assert_cmpmem (contents + 8, 4, "WAVE", 4);
      /* Two short sentences at 22 kHz, 16 bit: well over a second of sound. */
      g_assert_cmpuint (len, >, 44 + 22050 * 2);
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("/speaker/voice-per-language", test_voice_per_language);
  ADD ("/speaker/stop-kills", test_stop_kills);
  ADD ("/speaker/second-speak-replaces-first", test_second_speak_replaces_first);
  ADD ("/speaker/missing-program", test_missing_program);
  ADD ("/speaker/program-fails", test_program_fails);
  ADD ("/speaker/real-espeak", test_real_espeak);
#undef ADD

  return g_test_run ();
}
