/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "bel-speaker"

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "bel-speaker.h"

/* Reads text aloud with espeak-ng, one utterance at a time, in a child process so the UI never
 * waits for speech. The text goes on the command line after "--" rather than through a pipe:
 * it can then never be taken for an option, and a speech program that dies early cannot
 * raise SIGPIPE in the kiosk. */

/* Slower than espeak-ng's 175 words a minute: the listeners are often older, and the
 * Azerbaijani voice is robotic enough without hurrying. */
#define SPEECH_RATE "145"

/* Far more than any service's title, summary and documents; keeps one argument well under
 * the kernel's per-argument limit (128 KiB). */
#define MAX_TEXT_BYTES (32 * 1024)

struct _BelSpeaker
{
  GObject       parent_instance;

  GSubprocess  *subprocess;
  GCancellable *cancellable;
  char         *output_file;
  GError       *pending_error;
  guint         error_idle_id;
  gboolean      speaking;
};

G_DEFINE_FINAL_TYPE (BelSpeaker, bel_speaker, G_TYPE_OBJECT)
G_DEFINE_QUARK (bel-speaker-error-quark, bel_speaker_error)

enum {
  PROP_0,
  PROP_SPEAKING,
  PROP_OUTPUT_FILE,
  N_PROPS
};

enum {
  SIGNAL_ERROR,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static void
set_speaking (BelSpeaker *self,
              gboolean    speaking)
{
  if (self->speaking == speaking)
    return;
  self->speaking = speaking;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SPEAKING]);
}

static gboolean
emit_pending_error_cb (gpointer user_data)
{
  BelSpeaker *self = user_data;
  g_autoptr(GError) error = g_steal_pointer (&self->pending_error);

  self->error_idle_id = 0;
  g_signal_emit (self, signals[SIGNAL_ERROR], 0, error);
  return G_SOURCE_REMOVE;
}

/* Reports @error from the main loop, so a caller of bel_speaker_speak() never sees its
 * handlers run inside the call. Only the latest error of a burst is reported. */
static void
report_error (BelSpeaker *self,
              GError     *error)
{
  g_debug ("%s", error->message);
  g_clear_error (&self->pending_error);
  self->pending_error = error;
  if (self->error_idle_id == 0)
    self->error_idle_id = g_idle_add (emit_pending_error_cb, self);
}

/* Finds the speech program: $BELEDCI_ESPEAK (a path, or a name looked up in PATH), else
 * "espeak-ng" in PATH. */
static char *
find_program (void)
{
  const char *override = g_getenv ("BELEDCI_ESPEAK");

  if (override != NULL && *override != '\0')
    {
      if (strchr (override, '/') != NULL)
        {
          if (g_file_test (override, G_FILE_TEST_IS_REGULAR) &&
              g_file_test (override, G_FILE_TEST_IS_EXECUTABLE))
            return g_strdup (override);
          return NULL;
        }
      return g_find_program_in_path (override);
    }
  return g_find_program_in_path ("espeak-ng");
}

/* Turns lines into sentences: a list of documents read without full stops runs together into
 * one breathless sentence, so every line that does not end in punctuation gets one. */
static char *
prepare_text (const char *text)
{
  g_auto(GStrv) lines = g_strsplit (text, "\n", -1);
  GString *out = g_string_new (NULL);

  for (guint i = 0; lines[i] != NULL; i++)
    {
      char *line = g_strstrip (lines[i]);
      gsize len = strlen (line);

      if (len == 0)
        continue;
      if (out->len > 0)
        g_string_append_c (out, ' ');
      g_string_append (out, line);
      if (strchr (".!?:;", line[len - 1]) == NULL && !g_str_has_suffix (line, "…"))
        g_string_append_c (out, '.');
    }

  if (out->len > MAX_TEXT_BYTES)
    {
      const char *end = g_utf8_find_prev_char (out->str, out->str + MAX_TEXT_BYTES + 1);
      g_string_truncate (out, end - out->str);
    }
  return g_string_free (out, FALSE);
}

/* espeak-ng 1.51 exits 0 even when it cannot open the sound device; it then prints a line
 * starting with "error:" (among ALSA's own chatter, which is not an error of ours). */
static char *
find_error_line (const char *stderr_text)
{
  g_auto(GStrv) lines = NULL;

  if (stderr_text == NULL)
    return NULL;
  lines = g_strsplit (stderr_text, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    if (g_ascii_strncasecmp (lines[i], "error", 5) == 0)
      return g_strdup (lines[i]);
  return NULL;
}

static void
communicate_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  GSubprocess *subprocess = G_SUBPROCESS (object);
  g_autoptr(GError) error = NULL;
  g_autofree char *stderr_text = NULL;
  g_autofree char *error_line = NULL;
  BelSpeaker *self;

  if (!g_subprocess_communicate_utf8_finish (subprocess, result, NULL, &stderr_text, &error) &&
      g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      /* Stopped or replaced: @user_data may already be gone, and the state was updated by
       * whoever cancelled. */
      return;
    }

  self = BEL_SPEAKER (user_data);
  g_assert (self->subprocess == subprocess);

  if (error == NULL && g_subprocess_get_if_exited (subprocess) &&
      g_subprocess_get_exit_status (subprocess) != 0)
    {
      g_autofree char *detail = find_error_line (stderr_text);

      if (detail == NULL)
        detail = g_strdup_printf ("exit status %d", g_subprocess_get_exit_status (subprocess));
      g_set_error (&error, BEL_SPEAKER_ERROR, BEL_SPEAKER_ERROR_FAILED,
                   /* Translators: shown when reading aloud fails; %s is a technical detail. */
                   _("The text could not be read aloud (%s)"), detail);
    }
  else if (error == NULL && g_subprocess_get_if_signaled (subprocess))
    {
      g_set_error (&error, BEL_SPEAKER_ERROR, BEL_SPEAKER_ERROR_FAILED,
                   _("The text could not be read aloud (%s)"),
                   g_strsignal (g_subprocess_get_term_sig (subprocess)));
    }
  else if (error == NULL && (error_line = find_error_line (stderr_text)) != NULL)
    {
      g_set_error (&error, BEL_SPEAKER_ERROR, BEL_SPEAKER_ERROR_FAILED,
                   _("The text could not be read aloud (%s)"), error_line);
    }
  else if (error != NULL)
    {
      g_autoptr(GError) io_error = g_steal_pointer (&error);

      g_set_error (&error, BEL_SPEAKER_ERROR, BEL_SPEAKER_ERROR_FAILED,
                   _("The text could not be read aloud (%s)"), io_error->message);
    }

  g_clear_object (&self->subprocess);
  g_clear_object (&self->cancellable);
  if (error != NULL)
    report_error (self, g_steal_pointer (&error));
  set_speaking (self, FALSE);
}

/* Ends the current utterance without touching the "speaking" property. */
static void
kill_current (BelSpeaker *self)
{
  if (self->subprocess == NULL)
    return;

  g_cancellable_cancel (self->cancellable);
  g_subprocess_force_exit (self->subprocess);
  g_clear_object (&self->subprocess);
  g_clear_object (&self->cancellable);
}

const char *
bel_speaker_voice_for_lang (BelLang lang)
{
  switch (lang)
    {
    case BEL_LANG_RU:
      return "ru";
    case BEL_LANG_EN:
      return "en";
    case BEL_LANG_AZ:
    case BEL_N_LANGS:
    default:
      return "az";
    }
}

void
bel_speaker_speak (BelSpeaker *self,
                   const char *text,
                   BelLang     lang)
{
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GPtrArray) argv = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *program = NULL;
  g_autofree char *prepared = NULL;

  g_return_if_fail (BEL_IS_SPEAKER (self));
  g_return_if_fail (text != NULL);
  g_return_if_fail (lang < BEL_N_LANGS);

  kill_current (self);

  prepared = prepare_text (text);
  if (*prepared == '\0')
    {
      set_speaking (self, FALSE);
      return;
    }

  if ((program = find_program ()) == NULL)
    {
      report_error (self, g_error_new_literal (BEL_SPEAKER_ERROR,
                                               BEL_SPEAKER_ERROR_NOT_AVAILABLE,
                                               _("Reading aloud is not available on this kiosk")));
      set_speaking (self, FALSE);
      return;
    }

  argv = g_ptr_array_new ();
  g_ptr_array_add (argv, program);
  g_ptr_array_add (argv, (char *) "-v");
  g_ptr_array_add (argv, (char *) bel_speaker_voice_for_lang (lang));
  g_ptr_array_add (argv, (char *) "-s");
  g_ptr_array_add (argv, (char *) SPEECH_RATE);
  g_ptr_array_add (argv, (char *) "-b");
  g_ptr_array_add (argv, (char *) "1");
  if (self->output_file != NULL)
    {
      g_ptr_array_add (argv, (char *) "-w");
      g_ptr_array_add (argv, self->output_file);
    }
  g_ptr_array_add (argv, (char *) "--");
  g_ptr_array_add (argv, prepared);
  g_ptr_array_add (argv, NULL);

  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDIN_PIPE |
                                        G_SUBPROCESS_FLAGS_STDOUT_SILENCE |
                                        G_SUBPROCESS_FLAGS_STDERR_PIPE);
  self->subprocess = g_subprocess_launcher_spawnv (launcher,
                                                   (const char * const *) argv->pdata,
                                                   &error);
  if (self->subprocess == NULL)
    {
      report_error (self, g_error_new (BEL_SPEAKER_ERROR, BEL_SPEAKER_ERROR_NOT_AVAILABLE,
                                       _("Reading aloud is not available on this kiosk (%s)"),
                                       error->message));
      set_speaking (self, FALSE);
      return;
    }

  g_debug ("Speaking %zu bytes with voice %s (pid %s)", strlen (prepared),
           bel_speaker_voice_for_lang (lang), g_subprocess_get_identifier (self->subprocess));

  /* No input: the empty stdin is closed at once. The callback is told about cancellation
   * before anything else, so it may hold @self without a reference: kill_current() always
   * cancels before @self can go away. */
  self->cancellable = g_cancellable_new ();
  g_subprocess_communicate_utf8_async (self->subprocess, NULL, self->cancellable,
                                       communicate_cb, self);
  set_speaking (self, TRUE);
}

void
bel_speaker_stop (BelSpeaker *self)
{
  g_return_if_fail (BEL_IS_SPEAKER (self));

  kill_current (self);
  set_speaking (self, FALSE);
}

gboolean
bel_speaker_get_speaking (BelSpeaker *self)
{
  g_return_val_if_fail (BEL_IS_SPEAKER (self), FALSE);
  return self->speaking;
}

const char *
bel_speaker_get_output_file (BelSpeaker *self)
{
  g_return_val_if_fail (BEL_IS_SPEAKER (self), NULL);
  return self->output_file;
}

void
bel_speaker_set_output_file (BelSpeaker *self,
                             const char *path)
{
  g_return_if_fail (BEL_IS_SPEAKER (self));

  if (g_strcmp0 (self->output_file, path) == 0)
    return;
  g_free (self->output_file);
  self->output_file = g_strdup (path);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_OUTPUT_FILE]);
}

BelSpeaker *
bel_speaker_new (void)
{
  return g_object_new (BEL_TYPE_SPEAKER, NULL);
}

static void
bel_speaker_dispose (GObject *object)
{
  BelSpeaker *self = BEL_SPEAKER (object);

  kill_current (self);
  g_clear_handle_id (&self->error_idle_id, g_source_remove);

  G_OBJECT_CLASS (bel_speaker_parent_class)->dispose (object);
}

static void
bel_speaker_finalize (GObject *object)
{
  BelSpeaker *self = BEL_SPEAKER (object);

  g_clear_error (&self->pending_error);
  g_clear_pointer (&self->output_file, g_free);

  G_OBJECT_CLASS (bel_speaker_parent_class)->finalize (object);
}

static void
bel_speaker_get_property (GObject    *object,
                          guint       prop_id,
                          GValue     *value,
                          GParamSpec *pspec)
{
  BelSpeaker *self = BEL_SPEAKER (object);

  switch (prop_id)
    {
    case PROP_SPEAKING:
      g_value_set_boolean (value, self->speaking);
      break;
    case PROP_OUTPUT_FILE:
      g_value_set_string (value, self->output_file);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
bel_speaker_set_property (GObject      *object,
                          guint         prop_id,
                          const GValue *value,
                          GParamSpec   *pspec)
{
  BelSpeaker *self = BEL_SPEAKER (object);

  switch (prop_id)
    {
    case PROP_OUTPUT_FILE:
      bel_speaker_set_output_file (self, g_value_get_string (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
bel_speaker_class_init (BelSpeakerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = bel_speaker_dispose;
  object_class->finalize = bel_speaker_finalize;
  object_class->get_property = bel_speaker_get_property;
  object_class->set_property = bel_speaker_set_property;

  properties[PROP_SPEAKING] =
    g_param_spec_boolean ("speaking", NULL, NULL,
                          FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_OUTPUT_FILE] =
    g_param_spec_string ("output-file", NULL, NULL,
                         NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * BelSpeaker::error:
   * @error: a #GError in the BEL_SPEAKER_ERROR domain, with a message for the citizen
   *
   * Reading aloud failed or is not possible on this machine.
   */
  signals[SIGNAL_ERROR] =
    g_signal_new ("error",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_ERROR);
}

static void
bel_speaker_init (BelSpeaker *self)
{
}
