/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "bel-content.h"
#include "bel-lang.h"

G_BEGIN_DECLS

/* The catalogue as plain data, as parsed from content files or read back from the database.
 * See docs/catalogue-format.md. */

typedef enum {
  BEL_CHANNEL_ONLINE,
  BEL_CHANNEL_IN_PERSON,
  BEL_CHANNEL_BOTH,
} BelChannel;

typedef struct {
  char   *id;
  char   *icon;
  BelText name;
} BelCategoryData;

typedef struct {
  guint  count;
  char  *as_of;
  char  *source;
} BelPortalCount;

typedef struct {
  char      *id;
  BelText    name;
  BelText    short_name;
  GPtrArray *former_names;    /* BelText* */
  char      *website;
  char      *helpline;
  GArray    *portal_counts;   /* BelPortalCount */
} BelAgencyData;

typedef struct {
  char       *id;
  char       *agency_id;
  GStrv       categories;
  BelText     title;
  BelText     summary;
  BelText     eligibility;
  GStrv       steps[BEL_N_LANGS];      /* never NULL; may be empty */
  GStrv       documents[BEL_N_LANGS];  /* never NULL; may be empty */
  GStrv       keywords[BEL_N_LANGS];   /* never NULL; may be empty */
  gboolean    fee_known;
  double      fee;                     /* AZN; 0 is free */
  BelText     fee_note;
  BelText     duration;
  BelChannel  channel;
  GStrv       sign_in;                 /* "fin", "sima", "asan-imza", "e-imza", "bsxm" */
  char       *url;
  char       *checked;                 /* YYYY-MM-DD */
  char       *source;
  char       *retired;                 /* YYYY-MM-DD, or NULL while the service is offered */
} BelServiceData;

typedef struct {
  gint64     format;
  gint64     revision;
  char      *published;                /* YYYY-MM-DD */
  GPtrArray *categories;               /* BelCategoryData* */
  GPtrArray *agencies;                 /* BelAgencyData* */
  GPtrArray *services;                 /* BelServiceData* */
} BelCatalogueData;

/* Parses and validates the "catalogue/" part of @content. Every problem is appended to @issues
 * as a BelIssue; returns NULL if there was any. */
BelCatalogueData *bel_catalogue_data_parse  (BelContent       *content,
                                             GPtrArray        *issues);
void              bel_catalogue_data_free   (BelCatalogueData *data);

BelCategoryData  *bel_category_data_new     (void);
void              bel_category_data_free    (BelCategoryData  *data);
BelAgencyData    *bel_agency_data_new       (void);
void              bel_agency_data_free      (BelAgencyData    *data);
BelServiceData   *bel_service_data_new      (void);
void              bel_service_data_free     (BelServiceData   *data);

const char       *bel_channel_to_string     (BelChannel        channel);
gboolean          bel_channel_from_string   (const char       *str,
                                             BelChannel       *out);
/* Sign-in method ids known to the catalogue, NULL-terminated. */
const char * const *bel_sign_in_methods     (void);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (BelCatalogueData, bel_catalogue_data_free)

G_END_DECLS
