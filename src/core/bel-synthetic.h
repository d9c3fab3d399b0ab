/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* A synthetic catalogue for measuring: @n_services services with titles, summaries, keywords,
 * steps and documents in az, ru and en, written to @out_dir as a content directory in the
 * bundled format (@out_dir/catalogue/catalogue.json, categories.json, agencies/<id>.json;
 * see docs/catalogue-format.md), so `beledci-admin catalogue validate` accepts it and every
 * tool can be measured on the very same data.
 *
 * The words follow a skewed (Zipf-like) distribution over a vocabulary of built-in government
 * words, the words of the catalogue in @vocabulary_dir (a content directory such as the
 * bundled data/, may be NULL), their inflected variants and a long tail of generated words.
 * About one service in four is a variant of a real service's title, so realistic queries
 * meet realistic posting lists. The same @seed gives the same catalogue. */
gboolean bel_synthetic_write (const char  *out_dir,
                              guint        n_services,
                              guint32      seed,
                              const char  *vocabulary_dir,
                              GError     **error);

G_END_DECLS
