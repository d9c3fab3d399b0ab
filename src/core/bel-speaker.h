/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "bel-lang.h"

G_BEGIN_DECLS

#define BEL_SPEAKER_ERROR (bel_speaker_error_quark ())
GQuark bel_speaker_error_quark (void);

typedef enum {
  /* espeak-ng is not installed (nor named by $BELEDCI_ESPEAK). */
  BEL_SPEAKER_ERROR_NOT_AVAILABLE,
  /* It started but could not speak (no sound device, a broken voice...). */
  BEL_SPEAKER_ERROR_FAILED,
} BelSpeakerError;

#define BEL_TYPE_SPEAKER (bel_speaker_get_type ())
G_DECLARE_FINAL_TYPE (BelSpeaker, bel_speaker, BEL, SPEAKER, GObject)

BelSpeaker *bel_speaker_new             (void);

/* Starts reading @text aloud in @lang's voice and returns at once; stops whatever was being
 * read. Failures are reported by the "error" signal (emitted from the main loop, never from
 * within this call). */
void        bel_speaker_speak           (BelSpeaker *self,
                                         const char *text,
                                         BelLang     lang);
void        bel_speaker_stop            (BelSpeaker *self);
gboolean    bel_speaker_get_speaking    (BelSpeaker *self);

/* When set, speech goes to this WAV file instead of the sound card (tests, diagnostics). */
const char *bel_speaker_get_output_file (BelSpeaker *self);
void        bel_speaker_set_output_file (BelSpeaker *self,
                                         const char *path);

/* The espeak-ng voice name for @lang. */
const char *bel_speaker_voice_for_lang  (BelLang     lang);

G_END_DECLS
