/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "bel-catalogue.h"
#include "bel-lang.h"

G_BEGIN_DECLS

#define BEL_TYPE_PAGE (bel_page_get_type ())
G_DECLARE_DERIVABLE_TYPE (BelPage, bel_page, BEL, PAGE, GtkWidget)

/* One screen of the kiosk. The window owns the pages and the navigation between them; a page
 * asks to go somewhere through the window's "nav." actions, and is told when the language or
 * the catalogue changes, and when everything must be forgotten (idle reset). */
struct _BelPageClass
{
  GtkWidgetClass parent_class;

  /* Re-render every string and every piece of content in the new language. */
  void (*language_changed)  (BelPage *self);
  /* The catalogue was loaded or replaced by a sync; it may be NULL while loading. */
  void (*catalogue_changed) (BelPage *self);
  /* Forget everything the citizen did: typed text, results, scroll positions. */
  void (*reset)             (BelPage *self);
  /* The page has just become the visible one. */
  void (*shown)             (BelPage *self);

  gpointer padding[8];
};

BelCatalogue *bel_page_get_catalogue      (BelPage      *self);
void          bel_page_set_catalogue      (BelPage      *self,
                                           BelCatalogue *catalogue);
/* The page's name in the current language, shown in the window's top bar. */
const char   *bel_page_get_title          (BelPage      *self);
void          bel_page_set_title          (BelPage      *self,
                                           const char   *title);
BelLang       bel_page_get_language       (BelPage      *self);

void          bel_page_language_changed   (BelPage      *self);
void          bel_page_reset              (BelPage      *self);
void          bel_page_shown              (BelPage      *self);

/* Keeps the pages of @stack that are not on the screen out of the accessibility tree's
 * visible content, so a screen reader (or a test) reads only what is shown. */
void          bel_stack_track_hidden_pages (GtkStack    *stack);

G_END_DECLS
