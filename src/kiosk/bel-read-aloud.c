/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "bel-read-aloud"

#include "config.h"

#include "bel-i18n.h"
#include "bel-read-aloud.h"

static void
update_content (AdwButtonContent *content,
                GParamSpec       *pspec,
                BelSpeaker       *speaker)
{
  gboolean speaking = bel_speaker_get_speaking (speaker);

  bel_i18n_bind (content, "label", speaking ? N_("Stop reading") : N_("Read aloud"));
  adw_button_content_set_icon_name (content,
                                    speaking ? "media-playback-stop-symbolic"
                                             : "audio-speakers-symbolic");
}

void
bel_read_aloud_bind (AdwButtonContent *content,
                     BelSpeaker       *speaker)
{
  g_return_if_fail (ADW_IS_BUTTON_CONTENT (content));
  g_return_if_fail (BEL_IS_SPEAKER (speaker));

  g_signal_connect_object (speaker, "notify::speaking",
                           G_CALLBACK (update_content), content, G_CONNECT_SWAPPED);
  update_content (content, NULL, speaker);
}

void
bel_read_aloud_toggle (BelSpeaker *speaker,
                       const char *text,
                       BelLang     lang)
{
  g_return_if_fail (BEL_IS_SPEAKER (speaker));

  if (bel_speaker_get_speaking (speaker))
    bel_speaker_stop (speaker);
  else if (text != NULL)
    bel_speaker_speak (speaker, text, lang);
}
