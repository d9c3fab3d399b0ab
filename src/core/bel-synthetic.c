/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "bel-synthetic"

#include "config.h"

#include <errno.h>
#include <string.h>
#include <glib/gstdio.h>

#include "bel-catalogue-data.h"
#include "bel-content.h"
#include "bel-issue.h"
#include "bel-lang.h"
#include "bel-synthetic.h"

/* Services per agency file: about 2 MiB of JSON, well under the 4 MiB a file may have. */
#define SERVICES_PER_AGENCY 800

/* Small words that appear everywhere; drawn often in summaries. */
static const char * const stop_words[BEL_N_LANGS][24] = {
  { "və", "üçün", "haqqında", "ilə", "bu", "bir", "olan", "edilir", "olunur", "da", "də",
    "ki", "sonra", "əgər", "ya", "hər", "daha", "görə", "üzrə", "kimi", "isə", "vətəndaş",
    "etmək", NULL },
  { "и", "в", "на", "для", "по", "с", "о", "об", "не", "что", "это", "или", "от", "до", "за",
    "при", "как", "если", "после", "может", "гражданин", "через", "их", NULL },
  { "the", "of", "and", "to", "a", "for", "in", "on", "is", "or", "by", "with", "you", "your",
    "it", "can", "be", "if", "after", "from", "at", "citizen", "this", NULL },
};

/* What government services talk about. */
static const char * const base_words_az[] = {
  "arayış", "şəhadətnamə", "qeydiyyat", "pensiya", "müavinət", "təqaüd", "vergi", "ödəniş",
  "rüsum", "cərimə", "əmlak", "torpaq", "mənzil", "ev", "çıxarış", "reyestr", "sənəd",
  "vəsiqə", "pasport", "şəxsiyyət", "doğum", "nikah", "boşanma", "ölüm", "uşaq", "ailə",
  "ana", "ata", "yaşlı", "əlil", "əlillik", "sağlamlıq", "həkim", "xəstəxana", "müayinə",
  "dərman", "sığorta", "icbari", "tibbi", "təhsil", "məktəb", "universitet", "imtahan",
  "nəticə", "diplom", "attestat", "tələbə", "müəllim", "kənd", "təsərrüfatı", "fermer",
  "subsidiya", "heyvan", "əkin", "sahə", "su", "işıq", "qaz", "elektrik", "sayğac", "borc",
  "abonent", "müqavilə", "əmək", "iş", "işsizlik", "məşğulluq", "vakansiya", "əməkhaqqı",
  "maaş", "sahibkar", "şirkət", "hüquqi", "fiziki", "şəxs", "bəyannamə", "qaimə", "lisenziya",
  "icazə", "patent", "əmtəə", "nişan", "müəllif", "hüquq", "notarius", "vəkil", "məhkəmə",
  "icra", "qərar", "şikayət", "müraciət", "ərizə", "növbə", "qəbul", "onlayn", "elektron",
  "imza", "sertifikat", "portal", "kabinet", "giriş", "parol", "kod", "nömrə", "telefon",
  "ünvan", "yaşayış", "yer", "müvəqqəti", "daimi", "əcnəbi", "vətəndaşlıq", "miqrasiya",
  "qaçqın", "köçkün", "status", "kompensasiya", "yardım", "ünvanlı", "sosial", "dövlət",
  "xidmət", "nazirlik", "agentlik", "komitə", "fond", "mərkəz", "idarə", "şöbə", "rayon",
  "şəhər", "bələdiyyə", "avtomobil", "sürücülük", "nəqliyyat", "texniki", "baxış",
  "yol", "poçt", "bank", "hesab", "kart", "kredit", "əmanət", "depozit", "məlumat",
  "dəyişiklik", "bərpa", "dublikat", "itirilmiş", "yeni", "köhnə", "müddət", "uzadılması",
  "verilməsi", "alınması", "yoxlanılması", "təsdiq", "ləğv", "dayandırılması", "bərpası",
  "hesablanması", "təyin", "ödənilməsi", "qaytarılması", "tikinti", "layihə", "memar",
  "mədəniyyət", "muzey", "kitabxana", "idman", "gənclər", "turizm", "otel", "ixrac", "idxal",
  "gömrük", "bəyan", "hərbi", "çağırış", "xidməti", "veteran", "şəhid", "qazi", "məcburi",
  "kupça", "propiska", "VÖEN", "ASAN", "DOST", "FİN",
};

static const char * const base_words_ru[] = {
  "справка", "свидетельство", "регистрация", "пенсия", "пособие", "стипендия", "налог",
  "оплата", "пошлина", "штраф", "имущество", "земля", "квартира", "дом", "выписка", "реестр",
  "документ", "удостоверение", "паспорт", "личность", "рождение", "брак", "развод", "смерть",
  "ребёнок", "семья", "мать", "отец", "пожилой", "инвалид", "инвалидность", "здоровье",
  "врач", "больница", "обследование", "лекарство", "страхование", "обязательное",
  "медицинское", "образование", "школа", "университет", "экзамен", "результат", "диплом",
  "аттестат", "студент", "учитель", "село", "хозяйство", "фермер", "субсидия", "животное",
  "посев", "участок", "вода", "свет", "газ", "электричество", "счётчик", "долг", "абонент",
  "договор", "труд", "работа", "безработица", "занятость", "вакансия", "зарплата",
  "предприниматель", "компания", "юридическое", "физическое", "лицо", "декларация",
  "накладная", "лицензия", "разрешение", "патент", "товарный", "знак", "авторское", "право",
  "нотариус", "адвокат", "суд", "исполнение", "решение", "жалоба", "обращение", "заявление",
  "очередь", "приём", "онлайн", "электронная", "подпись", "сертификат", "портал", "кабинет",
  "вход", "пароль", "код", "номер", "телефон", "адрес", "место", "жительства", "временная",
  "постоянная", "иностранец", "гражданство", "миграция", "беженец", "переселенец", "статус",
  "компенсация", "помощь", "адресная", "социальная", "государственная", "услуга",
  "министерство", "агентство", "комитет", "фонд", "центр", "управление", "отдел", "район",
  "город", "муниципалитет", "автомобиль", "водительские", "права", "транспорт", "технический",
  "осмотр", "дорога", "почта", "банк", "счёт", "карта", "кредит", "вклад", "депозит",
  "сведения", "изменение", "восстановление", "дубликат", "утерянный", "новый", "срок",
  "продление", "выдача", "получение", "проверка", "подтверждение", "отмена", "прекращение",
  "начисление", "назначение", "возврат", "строительство", "проект", "культура", "музей",
  "библиотека", "спорт", "молодёжь", "туризм", "экспорт", "импорт", "таможня", "воинский",
  "учёт", "призыв", "ветеран", "прописка", "купча", "ИНН",
};

static const char * const base_words_en[] = {
  "certificate", "registration", "pension", "allowance", "benefit", "scholarship", "tax",
  "payment", "fee", "fine", "property", "land", "flat", "house", "extract", "register",
  "document", "card", "passport", "identity", "birth", "marriage", "divorce", "death", "child",
  "family", "mother", "father", "elderly", "disabled", "disability", "health", "doctor",
  "hospital", "examination", "medicine", "insurance", "compulsory", "medical", "education",
  "school", "university", "exam", "results", "diploma", "student", "teacher", "village",
  "farm", "farmer", "subsidy", "animal", "crop", "plot", "water", "electricity", "gas",
  "meter", "debt", "customer", "contract", "labour", "work", "job", "unemployment",
  "employment", "vacancy", "salary", "wage", "entrepreneur", "company", "legal", "entity",
  "person", "declaration", "invoice", "licence", "permit", "patent", "trademark", "copyright",
  "notary", "lawyer", "court", "enforcement", "decision", "complaint", "application",
  "request", "queue", "appointment", "online", "electronic", "signature", "portal", "account",
  "login", "password", "code", "number", "phone", "address", "residence", "temporary",
  "permanent", "foreigner", "citizenship", "migration", "refugee", "displaced", "status",
  "compensation", "assistance", "targeted", "social", "state", "service", "ministry", "agency",
  "committee", "fund", "centre", "office", "department", "district", "city", "municipality",
  "car", "driving", "transport", "technical", "inspection", "road", "post", "bank", "deposit",
  "credit", "details", "change", "renewal", "duplicate", "lost", "new", "old", "period",
  "extension", "issue", "check", "confirmation", "cancellation", "suspension", "calculation",
  "assignment", "refund", "construction", "project", "culture", "museum", "library", "sport",
  "youth", "tourism", "export", "import", "customs", "military", "conscription", "veteran",
};

static const char * const az_suffixes[] = {
  "ın", "in", "un", "ün", "ı", "i", "u", "ü", "lar", "lər", "nın", "nin", "da", "də", "dan",
  "dən", "ları", "ləri", "sı", "si", "nı", "ni", "ına", "inə",
};
static const char * const ru_suffixes[] = {
  "а", "ы", "у", "ой", "ом", "ов", "ах", "ам", "ей", "ю", "е", "и",
};
static const char * const en_suffixes[] = {
  "s", "ed", "ing", "er", "al",
};

static const char * const az_syllables[] = {
  "ba", "bə", "ca", "cə", "ça", "çı", "da", "də", "fa", "ga", "gə", "ğa", "ha", "hə", "xa",
  "xı", "ya", "yə", "ka", "kə", "qa", "qı", "la", "lə", "ma", "mə", "na", "nə", "ra", "rə",
  "sa", "sə", "şa", "şə", "ta", "tə", "va", "və", "za", "zə", "bi", "li", "mi", "ni", "ri",
  "si", "şi", "ti", "lü", "mü", "nü", "rü", "sü", "tü", "lo", "mö", "nö", "ro", "so", "şo",
  "ar", "ər", "al", "əl", "an", "ən", "ov", "ıq", "uq", "ük", "ış",
};
static const char * const ru_syllables[] = {
  "ба", "ва", "га", "да", "жа", "за", "ка", "ла", "ма", "на", "па", "ра", "са", "та", "фа",
  "ха", "ца", "ча", "ша", "бо", "во", "го", "до", "ко", "ло", "мо", "но", "по", "ро", "со",
  "то", "ни", "ли", "ми", "ри", "ти", "ке", "ле", "ме", "не", "ре", "те", "ту", "ру", "ну",
  "ск", "ст", "ов", "ев", "ий", "ый",
};
static const char * const en_syllables[] = {
  "ba", "be", "ca", "co", "da", "de", "fa", "fi", "ga", "go", "ha", "he", "ka", "la", "le",
  "li", "ma", "me", "mi", "na", "ne", "no", "pa", "pe", "ra", "re", "ri", "sa", "se", "si",
  "ta", "te", "ti", "to", "va", "ve", "wa", "we", "ton", "ing", "er", "an", "en", "ar",
};

typedef struct {
  GPtrArray *words;          /* char*, most frequent first */
  guint      n_common;       /* built-in and catalogue words: the head of the distribution */
} Vocabulary;

typedef struct {
  char *text[BEL_N_LANGS];
} Theme;

typedef struct {
  GRand      *rand;
  Vocabulary  vocab[BEL_N_LANGS];
  GPtrArray  *themes;        /* Theme*: real service titles */
  GHashTable *seen[BEL_N_LANGS];
} Generator;

static void
vocab_add (Generator  *gen,
           BelLang     lang,
           const char *word)
{
  if (word == NULL || *word == '\0' || g_hash_table_contains (gen->seen[lang], word))
    return;
  g_hash_table_add (gen->seen[lang], g_strdup (word));
  g_ptr_array_add (gen->vocab[lang].words, g_strdup (word));
}

/* Adds the words of @text (lower-cased, punctuation dropped) to @lang's vocabulary. */
static void
vocab_add_text (Generator  *gen,
                BelLang     lang,
                const char *text)
{
  g_autofree char *valid = NULL;
  GString *word = g_string_new (NULL);
  const char *p;

  if (text == NULL)
    {
      g_string_free (word, TRUE);
      return;
    }
  valid = g_utf8_make_valid (text, -1);
  for (p = valid;; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (c != 0 && g_unichar_isalnum (c))
        g_string_append_unichar (word, c);
      else
        {
          if (word->len >= 2)
            vocab_add (gen, lang, word->str);
          g_string_truncate (word, 0);
        }
      if (c == 0)
        break;
    }
  g_string_free (word, TRUE);
}

static void
load_catalogue_words (Generator  *gen,
                      const char *dir)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(BelContent) content = bel_content_new_from_dir (dir, &error);
  g_autoptr(GPtrArray) issues = g_ptr_array_new_with_free_func ((GDestroyNotify) bel_issue_free);
  BelCatalogueData *data;

  if (content == NULL)
    {
      g_debug ("No vocabulary from %s: %s", dir, error->message);
      return;
    }
  data = bel_catalogue_data_parse (content, issues);
  if (data == NULL)
    {
      g_debug ("No vocabulary from %s: %u problems", dir, issues->len);
      return;
    }

  for (guint i = 0; i < data->services->len; i++)
    {
      const BelServiceData *service = g_ptr_array_index (data->services, i);
      Theme *theme = g_new0 (Theme, 1);

      for (guint l = 0; l < BEL_N_LANGS; l++)
        {
          theme->text[l] = g_strdup (service->title.text[l]);
          vocab_add_text (gen, l, service->title.text[l]);
          vocab_add_text (gen, l, service->summary.text[l]);
          for (guint k = 0; service->keywords[l][k] != NULL; k++)
            vocab_add_text (gen, l, service->keywords[l][k]);
          for (guint k = 0; service->steps[l][k] != NULL; k++)
            vocab_add_text (gen, l, service->steps[l][k]);
        }
      g_ptr_array_add (gen->themes, theme);
    }

  bel_catalogue_data_free (data);
}

static char *
pseudo_word (GRand              *rand,
             const char * const *syllables,
             guint               n_syllables)
{
  GString *word = g_string_new (NULL);
  guint n = g_rand_int_range (rand, 2, 5);

  for (guint i = 0; i < n; i++)
    g_string_append (word, syllables[g_rand_int_range (rand, 0, n_syllables)]);
  return g_string_free (word, FALSE);
}

static void
build_vocabulary (Generator  *gen,
                  const char *vocabulary_dir)
{
  static const struct {
    const char * const *words;
    guint               n_words;
    const char * const *suffixes;
    guint               n_suffixes;
    const char * const *syllables;
    guint               n_syllables;
    guint               n_pseudo;
  } langs[BEL_N_LANGS] = {
    { base_words_az, G_N_ELEMENTS (base_words_az), az_suffixes, G_N_ELEMENTS (az_suffixes),
      az_syllables, G_N_ELEMENTS (az_syllables), 12000 },
    { base_words_ru, G_N_ELEMENTS (base_words_ru), ru_suffixes, G_N_ELEMENTS (ru_suffixes),
      ru_syllables, G_N_ELEMENTS (ru_syllables), 9000 },
    { base_words_en, G_N_ELEMENTS (base_words_en), en_suffixes, G_N_ELEMENTS (en_suffixes),
      en_syllables, G_N_ELEMENTS (en_syllables), 6000 },
  };

  for (guint l = 0; l < BEL_N_LANGS; l++)
    {
      gen->vocab[l].words = g_ptr_array_new_with_free_func (g_free);
      gen->seen[l] = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
      for (guint i = 0; i < langs[l].n_words; i++)
        vocab_add (gen, l, langs[l].words[i]);
    }

  if (vocabulary_dir != NULL)
    load_catalogue_words (gen, vocabulary_dir);

  for (guint l = 0; l < BEL_N_LANGS; l++)
    {
      guint n_real = gen->vocab[l].words->len;

      gen->vocab[l].n_common = n_real;

      /* Inflected forms of the real words, then a long tail of made-up words (names of
       * villages, products, people...). */
      for (guint i = 0; i < n_real; i++)
        for (guint s = 0; s < 3; s++)
          {
            const char *word = g_ptr_array_index (gen->vocab[l].words, i);
            const char *suffix = langs[l].suffixes[g_rand_int_range (gen->rand, 0,
                                                                     langs[l].n_suffixes)];
            gsize stem = strlen (word);
            g_autofree char *variant = NULL;

            /* Russian endings replace a final vowel: справка → справки, not справкаи. */
            if (l == BEL_LANG_RU && stem > 4 &&
                g_utf8_strchr ("аяоеыиьй", -1,
                               g_utf8_get_char (g_utf8_prev_char (word + stem))) != NULL)
              stem = g_utf8_prev_char (word + stem) - word;
            variant = g_strdup_printf ("%.*s%s", (int) stem, word, suffix);
            vocab_add (gen, l, variant);
          }
      for (guint i = 0; i < langs[l].n_pseudo; i++)
        {
          g_autofree char *word = pseudo_word (gen->rand, langs[l].syllables,
                                               langs[l].n_syllables);

          vocab_add (gen, l, word);
        }
    }
}

/* A word of @lang: common words far more often than the tail. */
static const char *
draw_word (Generator *gen,
           BelLang    lang)
{
  const Vocabulary *vocab = &gen->vocab[lang];
  double u = g_rand_double (gen->rand);

  if (u < 0.7)
    {
      /* Zipf-like over the common words. */
      double x = g_rand_double (gen->rand);
      guint i = (guint) (vocab->n_common * x * x * x);

      return g_ptr_array_index (vocab->words, MIN (i, vocab->n_common - 1));
    }
  else
    {
      guint i = g_rand_int_range (gen->rand, vocab->n_common, vocab->words->len);

      return g_ptr_array_index (vocab->words, i);
    }
}

static void
append_words (Generator *gen,
              GString   *out,
              BelLang    lang,
              guint      n,
              gboolean   with_stop_words)
{
  for (guint i = 0; i < n; i++)
    {
      const char *word;

      if (with_stop_words && g_rand_int_range (gen->rand, 0, 100) < 30)
        {
          guint n_stop = 0;

          while (stop_words[lang][n_stop] != NULL)
            n_stop++;
          word = stop_words[lang][g_rand_int_range (gen->rand, 0, n_stop)];
        }
      else
        word = draw_word (gen, lang);

      if (out->len > 0 && out->str[out->len - 1] != ' ')
        g_string_append_c (out, ' ');
      g_string_append (out, word);
    }
}

/* Upper-cases the first letter, the same in every locale (so the same seed gives the same
 * catalogue everywhere). */
static void
capitalize (GString *text)
{
  gunichar first;
  const char *next;

  if (text->len == 0)
    return;
  first = g_utf8_get_char (text->str);
  next = g_utf8_next_char (text->str);
  g_string_erase (text, 0, next - text->str);
  g_string_prepend_unichar (text, g_unichar_toupper (first));
}

static char *
make_text (Generator *gen,
           BelLang    lang,
           guint      min_words,
           guint      max_words,
           gboolean   sentence)
{
  GString *out = g_string_new (NULL);

  append_words (gen, out, lang, g_rand_int_range (gen->rand, min_words, max_words + 1), sentence);
  if (sentence)
    {
      capitalize (out);
      g_string_append_c (out, '.');
    }
  return g_string_free (out, FALSE);
}

/* JSON output */

static void
append_json_string (GString    *out,
                    const char *text)
{
  g_string_append_c (out, '"');
  for (const char *p = text; *p != '\0'; p++)
    {
      switch (*p)
        {
        case '"':
          g_string_append (out, "\\\"");
          break;
        case '\\':
          g_string_append (out, "\\\\");
          break;
        default:
          if ((guchar) *p < 0x20)
            g_string_append_printf (out, "\\u%04x", (guchar) *p);
          else
            g_string_append_c (out, *p);
        }
    }
  g_string_append_c (out, '"');
}

/* {"az": ..., "ru": ..., "en": ...}, as the value of @member, or bare when @member is NULL. */
static void
append_text (GString          *out,
             const char       *indent,
             const char       *member,
             char * const      texts[BEL_N_LANGS])
{
  if (member != NULL)
    g_string_append_printf (out, "%s\"%s\": {", indent, member);
  else
    g_string_append_printf (out, "%s{", indent);
  for (guint l = 0; l < BEL_N_LANGS; l++)
    {
      g_string_append_printf (out, "%s\"%s\": ", l > 0 ? ", " : "", bel_lang_to_code (l));
      append_json_string (out, texts[l]);
    }
  g_string_append (out, "}");
}

static void
append_text_list (GString   *out,
                  const char *indent,
                  const char *member,
                  GPtrArray  *lists[BEL_N_LANGS])
{
  g_string_append_printf (out, "%s\"%s\": {", indent, member);
  for (guint l = 0; l < BEL_N_LANGS; l++)
    {
      g_string_append_printf (out, "%s\"%s\": [", l > 0 ? ", " : "", bel_lang_to_code (l));
      for (guint i = 0; i < lists[l]->len; i++)
        {
          if (i > 0)
            g_string_append (out, ", ");
          append_json_string (out, g_ptr_array_index (lists[l], i));
        }
      g_string_append_c (out, ']');
    }
  g_string_append (out, "}");
}

static void
texts_free (char *texts[BEL_N_LANGS])
{
  for (guint l = 0; l < BEL_N_LANGS; l++)
    g_clear_pointer (&texts[l], g_free);
}

static void
lists_free (GPtrArray *lists[BEL_N_LANGS])
{
  for (guint l = 0; l < BEL_N_LANGS; l++)
    g_clear_pointer (&lists[l], g_ptr_array_unref);
}

static const char * const category_ids[] = {
  "family", "home", "health", "work", "social", "business", "documents", "education",
  "utilities", "agriculture", "migration",
};

static void
append_service (Generator  *gen,
                GString    *out,
                const char *id)
{
  static const char * const channels[] = { "online", "in-person", "both" };
  static const char * const sign_in[] = { "fin", "sima", "asan-imza", "e-imza", "bsxm" };
  char *texts[BEL_N_LANGS] = { NULL };
  GPtrArray *lists[BEL_N_LANGS] = { NULL };
  const Theme *theme = NULL;
  guint n_items;

  g_string_append (out, "    {\n      \"id\": ");
  append_json_string (out, id);
  g_string_append (out, ",\n      \"categories\": [");
  append_json_string (out, category_ids[g_rand_int_range (gen->rand, 0, G_N_ELEMENTS (category_ids))]);
  g_string_append (out, "],\n");

  /* The title: a real service's title with a few more words, or 3 to 8 drawn words. */
  if (gen->themes->len > 0 && g_rand_int_range (gen->rand, 0, 4) == 0)
    theme = g_ptr_array_index (gen->themes, g_rand_int_range (gen->rand, 0, gen->themes->len));
  for (guint l = 0; l < BEL_N_LANGS; l++)
    {
      if (theme != NULL)
        {
          GString *title = g_string_new (theme->text[l]);

          append_words (gen, title, l, g_rand_int_range (gen->rand, 1, 3), FALSE);
          texts[l] = g_string_free (title, FALSE);
        }
      else
        {
          GString *title = g_string_new (NULL);

          append_words (gen, title, l, g_rand_int_range (gen->rand, 3, 9), FALSE);
          capitalize (title);
          texts[l] = g_string_free (title, FALSE);
        }
    }
  append_text (out, "      ", "title", texts);
  texts_free (texts);
  g_string_append (out, ",\n");

  for (guint l = 0; l < BEL_N_LANGS; l++)
    texts[l] = make_text (gen, l, 20, 40, TRUE);
  append_text (out, "      ", "summary", texts);
  texts_free (texts);
  g_string_append (out, ",\n");

  if (g_rand_boolean (gen->rand))
    {
      for (guint l = 0; l < BEL_N_LANGS; l++)
        texts[l] = make_text (gen, l, 5, 12, TRUE);
      append_text (out, "      ", "eligibility", texts);
      texts_free (texts);
      g_string_append (out, ",\n");
    }

  n_items = g_rand_int_range (gen->rand, 2, 5);
  for (guint l = 0; l < BEL_N_LANGS; l++)
    {
      lists[l] = g_ptr_array_new_with_free_func (g_free);
      for (guint i = 0; i < n_items; i++)
        g_ptr_array_add (lists[l], make_text (gen, l, 4, 10, TRUE));
    }
  append_text_list (out, "      ", "steps", lists);
  lists_free (lists);
  g_string_append (out, ",\n");

  n_items = g_rand_int_range (gen->rand, 1, 4);
  for (guint l = 0; l < BEL_N_LANGS; l++)
    {
      lists[l] = g_ptr_array_new_with_free_func (g_free);
      for (guint i = 0; i < n_items; i++)
        g_ptr_array_add (lists[l], make_text (gen, l, 2, 4, FALSE));
    }
  append_text_list (out, "      ", "documents", lists);
  lists_free (lists);
  g_string_append (out, ",\n");

  switch (g_rand_int_range (gen->rand, 0, 3))
    {
    case 0:
      g_string_append (out, "      \"fee\": null,\n");
      break;
    case 1:
      g_string_append (out, "      \"fee\": 0,\n");
      break;
    default:
      g_string_append_printf (out, "      \"fee\": %d.%02d,\n",
                              g_rand_int_range (gen->rand, 1, 120),
                              g_rand_int_range (gen->rand, 0, 100));
    }

  g_string_append_printf (out, "      \"channel\": \"%s\",\n      \"sign_in\": [",
                          channels[g_rand_int_range (gen->rand, 0, G_N_ELEMENTS (channels))]);
  for (guint i = 0, n = 0; i < G_N_ELEMENTS (sign_in); i++)
    if (g_rand_boolean (gen->rand))
      g_string_append_printf (out, "%s\"%s\"", n++ > 0 ? ", " : "", sign_in[i]);
  g_string_append (out, "],\n      \"url\": \"https://www.e-gov.az/\",\n");

  for (guint l = 0; l < BEL_N_LANGS; l++)
    {
      lists[l] = g_ptr_array_new_with_free_func (g_free);
      n_items = g_rand_int_range (gen->rand, 1, 6);
      for (guint i = 0; i < n_items; i++)
        g_ptr_array_add (lists[l], make_text (gen, l, 1, 3, FALSE));
    }
  append_text_list (out, "      ", "keywords", lists);
  lists_free (lists);
  g_string_append (out, ",\n      \"checked\": \"2026-11-01\",\n"
                        "      \"source\": \"synthetic catalogue for measurements\"\n    }");
}

static void
append_agency (Generator *gen,
               GString   *out,
               const char *id,
               guint      number)
{
  char *texts[BEL_N_LANGS] = { NULL };
  static const char * const kinds[BEL_N_LANGS] = { "Agentliyi", "Агентство", "Agency" };

  g_string_append (out, "{\n  \"agency\": {\n    \"id\": ");
  append_json_string (out, id);
  g_string_append (out, ",\n");

  for (guint l = 0; l < BEL_N_LANGS; l++)
    {
      g_autofree char *words = make_text (gen, l, 2, 4, FALSE);

      if (l == BEL_LANG_RU)
        texts[l] = g_strdup_printf ("%s %s %u", kinds[l], words, number);
      else
        texts[l] = g_strdup_printf ("%s %s %u", words, kinds[l], number);
    }
  append_text (out, "    ", "name", texts);
  texts_free (texts);
  g_string_append (out, ",\n");

  for (guint l = 0; l < BEL_N_LANGS; l++)
    texts[l] = g_strdup_printf ("SA%u", number);
  append_text (out, "    ", "short", texts);
  texts_free (texts);
  g_string_append (out, ",\n");

  if (number % 3 == 0)
    {
      for (guint l = 0; l < BEL_N_LANGS; l++)
        {
          g_autofree char *words = make_text (gen, l, 2, 4, FALSE);

          texts[l] = g_strdup_printf ("%s %u", words, number);
        }
      g_string_append (out, "    \"former_names\": [\n");
      append_text (out, "      ", NULL, texts);
      texts_free (texts);
      g_string_append (out, "\n    ],\n");
    }

  g_string_append_printf (out, "    \"website\": \"https://agency%u.example.az\",\n"
                               "    \"helpline\": \"%u\"\n  },\n  \"services\": [\n",
                          number, 100 + number % 900);
}

static gboolean
write_file (const char *dir,
            const char *name,
            GString    *contents,
            GError    **error)
{
  g_autofree char *path = g_build_filename (dir, name, NULL);

  return g_file_set_contents (path, contents->str, contents->len, error);
}

gboolean
bel_synthetic_write (const char  *out_dir,
                     guint        n_services,
                     guint32      seed,
                     const char  *vocabulary_dir,
                     GError     **error)
{
  static const char * const category_names[][BEL_N_LANGS] = {
    { "Ailə və uşaqlar", "Семья и дети", "Family and children" },
    { "Ev və əmlak", "Жильё и имущество", "Home and property" },
    { "Sağlamlıq", "Здоровье", "Health" },
    { "İş və pensiya", "Работа и пенсия", "Work and pension" },
    { "Sosial yardım", "Социальная помощь", "Social support" },
    { "Vergi və biznes", "Налоги и бизнес", "Taxes and business" },
    { "Sənədlər və şəxsiyyət", "Документы и личность", "Documents and identity" },
    { "Təhsil və imtahanlar", "Образование и экзамены", "Education and exams" },
    { "Kommunal xidmətlər", "Коммунальные услуги", "Utilities" },
    { "Kənd təsərrüfatı", "Сельское хозяйство", "Agriculture" },
    { "Miqrasiya və qeydiyyat", "Миграция и регистрация", "Migration and registration" },
  };
  g_autofree char *catalogue_dir = NULL;
  g_autofree char *agencies_dir = NULL;
  g_autoptr(GString) out = g_string_new (NULL);
  Generator gen = { 0 };
  guint n_agencies;
  gboolean ok = FALSE;

  g_return_val_if_fail (out_dir != NULL, FALSE);
  g_return_val_if_fail (n_services > 0, FALSE);

  catalogue_dir = g_build_filename (out_dir, "catalogue", NULL);
  agencies_dir = g_build_filename (catalogue_dir, "agencies", NULL);
  /* Files of an earlier, bigger catalogue would be mixed into this one. */
  if (g_file_test (catalogue_dir, G_FILE_TEST_EXISTS))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_EXISTS,
                   "%s already exists; choose a new directory", catalogue_dir);
      return FALSE;
    }
  if (g_mkdir_with_parents (agencies_dir, 0755) != 0)
    {
      int saved_errno = errno;

      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved_errno),
                   "Cannot create %s: %s", agencies_dir, g_strerror (saved_errno));
      return FALSE;
    }

  gen.rand = g_rand_new_with_seed (seed);
  gen.themes = g_ptr_array_new ();
  build_vocabulary (&gen, vocabulary_dir);

  g_string_append (out, "{\n  \"format\": 1,\n  \"revision\": 1,\n"
                        "  \"published\": \"2026-11-01\"\n}\n");
  if (!write_file (catalogue_dir, "catalogue.json", out, error))
    goto out;

  g_string_truncate (out, 0);
  g_string_append (out, "[\n");
  for (guint i = 0; i < G_N_ELEMENTS (category_ids); i++)
    {
      char *texts[BEL_N_LANGS];

      for (guint l = 0; l < BEL_N_LANGS; l++)
        texts[l] = (char *) category_names[i][l];
      g_string_append (out, "  {\"id\": ");
      append_json_string (out, category_ids[i]);
      g_string_append (out, ", \"icon\": \"folder-symbolic\",\n");
      append_text (out, "   ", "name", texts);
      g_string_append (out, i + 1 < G_N_ELEMENTS (category_ids) ? "},\n" : "}\n");
    }
  g_string_append (out, "]\n");
  if (!write_file (catalogue_dir, "categories.json", out, error))
    goto out;

  n_agencies = MAX (16, (n_services + SERVICES_PER_AGENCY - 1) / SERVICES_PER_AGENCY);
  n_agencies = MIN (n_agencies, n_services);
  for (guint a = 0; a < n_agencies; a++)
    {
      g_autofree char *agency_id = g_strdup_printf ("synthetic-%03u", a + 1);
      g_autofree char *file_name = g_strdup_printf ("%s.json", agency_id);
      /* Services are dealt out evenly: agency a gets services a, a + n, a + 2n... */
      guint n_here = n_services / n_agencies + (a < n_services % n_agencies ? 1 : 0);

      g_string_truncate (out, 0);
      append_agency (&gen, out, agency_id, a + 1);
      for (guint s = 0; s < n_here; s++)
        {
          g_autofree char *service_id = g_strdup_printf ("%s-%05u", agency_id, s + 1);

          append_service (&gen, out, service_id);
          g_string_append (out, s + 1 < n_here ? ",\n" : "\n");
        }
      g_string_append (out, "  ]\n}\n");

      if (!write_file (agencies_dir, file_name, out, error))
        goto out;
    }

  ok = TRUE;

out:
  for (guint l = 0; l < BEL_N_LANGS; l++)
    {
      g_clear_pointer (&gen.vocab[l].words, g_ptr_array_unref);
      g_clear_pointer (&gen.seen[l], g_hash_table_unref);
    }
  for (guint i = 0; i < gen.themes->len; i++)
    {
      Theme *theme = g_ptr_array_index (gen.themes, i);

      for (guint l = 0; l < BEL_N_LANGS; l++)
        g_free (theme->text[l]);
      g_free (theme);
    }
  g_ptr_array_unref (gen.themes);
  g_rand_free (gen.rand);
  return ok;
}
