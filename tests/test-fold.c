/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-fold"

#include <locale.h>
#include <string.h>

#include "bel-fold.h"

static void
assert_fold (const char *text,
             const char *expected)
{
  g_autofree char *folded = bel_fold (text, -1);

  if (g_strcmp0 (folded, expected) != 0)
    g_error ("bel_fold (\"%s\") = \"%s\", expected \"%s\"", text, folded, expected);
}

static void
test_fold_azerbaijani_letters (void)
{
  /* Every letter of the Azerbaijani Latin alphabet, both cases. */
  assert_fold ("A B C Ç D E Ə F G Ğ H X I İ J K Q L M N O Ö P R S Ş T U Ü V Y Z",
               "a b c c d e e f g g h x i i j k q l m n o o p r s s t u u v y z");
  assert_fold ("a b c ç d e ə f g ğ h x ı i j k q l m n o ö p r s ş t u ü v y z",
               "a b c c d e e f g g h x i i j k q l m n o o p r s s t u u v y z");
  assert_fold ("Məhkumluq haqqında arayış", "mehkumluq haqqinda arayis");
  assert_fold ("ŞƏHADƏTNAMƏ", "sehadetname");
  assert_fold ("Güzəştli mənzil", "guzestli menzil");
  assert_fold ("Əmək və Əhalinin Sosial Müdafiəsi Nazirliyi",
               "emek ve ehalinin sosial mudafiesi nazirliyi");
  /* The turned e that some keyboards offer instead of ə. */
  assert_fold ("ǝmǝk", "emek");
}

static void
test_fold_turkic_case (void)
{
  /* İ/i and I/ı all meet as "i", whatever the locale would do with them. */
  assert_fold ("İŞSİZLİK", "issizlik");
  assert_fold ("işsizlik", "issizlik");
  assert_fold ("ISSIZLIK", "issizlik");
  assert_fold ("ıssızlık", "issizlik");
  assert_fold ("VÖEN", "voen");
  /* A decomposed İ (I + combining dot above) and decomposed ş, ü. */
  assert_fold ("I\xcc\x87nsan", "insan");
  assert_fold ("s\xcc\xa7u\xcc\x88", "su");
}

static void
test_fold_other_latin (void)
{
  assert_fold ("Café résumé naïve", "cafe resume naive");
  assert_fold ("Straße Æsir Øre Łódź", "strasse aesir ore lodz");
  assert_fold ("ＡＢＣ１２３", "abc123");
}

static void
test_fold_digraphs (void)
{
  assert_fold ("shehadetname", "sehadetname");
  assert_fold ("chixarish", "cixaris");
  assert_fold ("gheyri", "geyri");
  assert_fold ("SHEXSIYYET", "sexsiyyet");
  /* Applied to every text, so both spellings meet. */
  {
    g_autofree char *a = bel_fold ("şəhadətnamə", -1);
    g_autofree char *b = bel_fold ("shehadetname", -1);

    g_assert_cmpstr (a, ==, b);
  }
}

static void
test_fold_cyrillic_azerbaijani (void)
{
  /* The Azerbaijani Cyrillic alphabet, in its own order. */
  assert_fold ("А Б Ҹ Ч Д Е Ә Ф Ҝ Ғ Һ Х Ы И Ж К Г Л М Н О Ө П Р С Ш Т У Ү В Ј З",
               "a b c c d e e f g g h x i i j k q l m n o o p r s s t u u v y z");
  assert_fold ("мәһкумлуг", "mehkumluq");
  assert_fold ("Мәһкумлуг һаггында арајыш", "mehkumluq haqqinda arayis");
  assert_fold ("ҝүзәштли мәнзил", "guzestli menzil");
  {
    g_autofree char *latin = bel_fold ("Məhkumluq haqqında arayış", -1);
    g_autofree char *cyrillic = bel_fold ("МӘҺКУМЛУГ ҺАГГЫНДА АРАЈЫШ", -1);

    g_assert_cmpstr (latin, ==, cyrillic);
  }
}

static void
test_fold_cyrillic_russian (void)
{
  assert_fold ("абвгдеёжзийклмнопрстуфхцчшщъыьэюя",
               "abvqdeyojziyklmnoprstufxscssieyuya");
  assert_fold ("Справка о несудимости", "spravka o nesudimosti");
  assert_fold ("ПЕНСИЯ", "pensiya");
  assert_fold ("Ёлка щука", "yolka suka");
  assert_fold ("объявление", "obyavlenie");
  /* Ц folds as Azerbaijani writes loan words. */
  assert_fold ("лицензия", "lisenziya");
  {
    g_autofree char *ru = bel_fold ("пенсия", -1);
    g_autofree char *az = bel_fold ("pensiya", -1);

    g_assert_cmpstr (ru, ==, az);
  }
}

static void
test_fold_separators (void)
{
  assert_fold ("  \"AND\" (foo) NEAR bar* ", "and foo near bar");
  assert_fold ("a\tb\nc\rd\x01" "e\x7f" "f", "a b c d e f");
  assert_fold ("e-gov.az", "e gov az");
  assert_fold ("2-ci Nügədi", "2 ci nugedi");
  /* Apostrophes and soft hyphens join. */
  assert_fold ("citizen's", "citizens");
  assert_fold ("ASAN’ın", "asanin");
  assert_fold ("şəhadət\xc2\xadnamə", "sehadetname");
  assert_fold ("", "");
  assert_fold ("   ", "");
  assert_fold ("!!!", "");
  assert_fold ("日本語 test", "test");

  {
    g_autofree char *folded = bel_fold (NULL, -1);

    g_assert_cmpstr (folded, ==, "");
  }
  {
    /* An explicit length stops early, even mid-character. */
    g_autofree char *folded = bel_fold ("arayış tam", 6);

    g_assert_cmpstr (folded, ==, "arayi");
  }
}

static void
test_fold_invalid_utf8 (void)
{
  assert_fold ("ara\xffyis", "ara yis");
  assert_fold ("\xc3", "");
  assert_fold ("abc\xc3", "abc");
  assert_fold ("\xe2\x82", "");
  assert_fold ("x\xc0\xafy", "x y");              /* overlong "/" */
  assert_fold ("x\xed\xa0\x80y", "x y");          /* a surrogate */
  assert_fold ("x\xf4\x90\x80\x80y", "x y");      /* beyond U+10FFFF */
  assert_fold ("\x80\x80\x80ok", "ok");

  /* Random bytes never crash and always fold to the skeleton's alphabet. */
  {
    g_autoptr(GRand) rand = g_rand_new_with_seed (42);

    for (guint round = 0; round < 2000; round++)
      {
        guint8 bytes[64];
        guint len = g_rand_int_range (rand, 0, sizeof bytes);
        g_autofree char *folded = NULL;

        for (guint i = 0; i < len; i++)
          bytes[i] = g_rand_int_range (rand, 0, 256);
        folded = bel_fold ((const char *) bytes, len);
        for (const char *p = folded; *p != '\0'; p++)
          g_assert_true ((*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') ||
                         (*p == ' ' && p > folded && p[1] != '\0' && p[1] != ' '));
      }
  }
}

static void
test_az_strdown (void)
{
  struct {
    const char *text;
    const char *lower;
  } cases[] = {
    { "İSTİQAMƏT", "istiqamət" },
    { "ISSIZLIK", "ıssızlık" },
    { "Məhkumluq HAQQINDA Arayış", "məhkumluq haqqında arayış" },
    { "ÇÖRƏK ŞÜŞƏ ĞƏ", "çörək şüşə ğə" },
    { "I\xcc\x87", "i" },
    { "ПЕНСИЯ Ә Һ", "пенсия ә һ" },
    { "", "" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *lower = bel_az_strdown (cases[i].text);

      g_assert_cmpstr (lower, ==, cases[i].lower);
    }

  {
    g_autofree char *lower = bel_az_strdown ("AB\xff" "C");

    g_assert_true (g_utf8_validate (lower, -1, NULL));
    g_assert_true (g_str_has_prefix (lower, "ab"));
  }
}

static void
assert_order (BelLang            lang,
              const char * const *words)
{
  for (guint i = 0; words[i] != NULL && words[i + 1] != NULL; i++)
    {
      if (bel_collate (lang, words[i], words[i + 1]) >= 0)
        g_error ("expected “%s” before “%s” (%s)", words[i], words[i + 1],
                 bel_lang_to_code (lang));
      g_assert_cmpint (bel_collate (lang, words[i + 1], words[i]), >, 0);
    }
}

static void
test_collate_az (void)
{
  /* The whole alphabet, each letter as the first letter of a word. */
  const char * const alphabet[] = {
    "ana", "bala", "cərimə", "çörək", "dəftər", "ev", "əmək", "fənn", "gəlir", "ğ", "hüquq",
    "xidmət", "ıldırım", "iş", "jurnal", "kənd", "qeydiyyat", "lisenziya", "məhkumluq",
    "nazirlik", "ocaq", "ödəniş", "pensiya", "rüsum", "sığorta", "şəhadətnamə", "təqaüd",
    "uşaq", "ümumi", "vergi", "yardım", "zəmanət", NULL
  };
  const char * const pairs[] = {
    "cib", "çay", NULL,
    "ev", "əl", NULL,
    "ıldız", "ilan", NULL,
    "kitab", "qapı", NULL,
    "ot", "öz", NULL,
    "su", "şəhər", NULL,
    "un", "üz", NULL,
    "hava", "xalq", NULL,
    /* Case does not change the order; Turkic I is ı. */
    "Ildırım", "iş", NULL,
    "İş", "jurnal", NULL,
    "ana", "Bala", NULL,
    "Ana", "ana", NULL,
    /* Shorter words and separators first. */
    "ev", "ev alqı", NULL,
    "ev alqı", "evlər", NULL,
    NULL
  };

  assert_order (BEL_LANG_AZ, alphabet);
  for (guint i = 0; pairs[i] != NULL; i += 3)
    assert_order (BEL_LANG_AZ, &pairs[i]);

  g_assert_cmpint (bel_collate (BEL_LANG_AZ, "Məhkumluq", "MƏHKUMLUQ"), !=, 0);
  g_assert_cmpint (bel_collate (BEL_LANG_AZ, "abc", "abc"), ==, 0);
}

static void
test_collate_ru (void)
{
  const char * const words[] = {
    "абзац", "банк", "вода", "газ", "дом", "ель", "ёлка", "жильё", "закон", "игра", "йод",
    "кадастр", "лицо", "мир", "налог", "опека", "пенсия", "работа", "справка", "товар",
    "удостоверение", "факт", "хлеб", "цена", "час", "шаг", "щит", "эксперт",
    "юрист", "язык", NULL
  };

  assert_order (BEL_LANG_RU, words);
  assert_order (BEL_LANG_RU, (const char * const[]) { "еда", "ёж", NULL });
  assert_order (BEL_LANG_RU, (const char * const[]) { "ежедневно", "ёжик", NULL });
  assert_order (BEL_LANG_RU, (const char * const[]) { "ель", "Ёлка", NULL });
  /* ъ, ы, ь in their places. */
  assert_order (BEL_LANG_RU, (const char * const[]) { "съезд", "сын", "сьют", "сэр", NULL });
  /* Latin before Cyrillic, case-insensitive. */
  assert_order (BEL_LANG_RU, (const char * const[]) { "ASAN", "банк", "Вода", NULL });
}

static void
test_collate_en (void)
{
  const char * const words[] = {
    "Apple", "banana", "Cherry", "Eagle", "école", "ecology", "zebra", NULL
  };

  assert_order (BEL_LANG_EN, words);
  g_assert_cmpint (bel_collate (BEL_LANG_EN, NULL, "a"), <, 0);
  g_assert_cmpint (bel_collate (BEL_LANG_EN, "a", NULL), >, 0);
}

static void
test_collate_key (void)
{
  g_autofree char *a = bel_collate_key ("çörək", BEL_LANG_AZ);
  g_autofree char *b = bel_collate_key ("dəftər", BEL_LANG_AZ);
  g_autofree char *c = bel_collate_key ("cərimə", BEL_LANG_AZ);
  g_autofree char *invalid = bel_collate_key ("ab\xff", BEL_LANG_AZ);

  g_assert_cmpint (strcmp (c, a), <, 0);
  g_assert_cmpint (strcmp (a, b), <, 0);
  g_assert_nonnull (invalid);
}

int
main (int   argc,
      char *argv[])
{
  setlocale (LC_ALL, "");
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/fold/azerbaijani-letters", test_fold_azerbaijani_letters);
  g_test_add_func ("/fold/turkic-case", test_fold_turkic_case);
  g_test_add_func ("/fold/other-latin", test_fold_other_latin);
  g_test_add_func ("/fold/digraphs", test_fold_digraphs);
  g_test_add_func ("/fold/cyrillic-azerbaijani", test_fold_cyrillic_azerbaijani);
  g_test_add_func ("/fold/cyrillic-russian", test_fold_cyrillic_russian);
  g_test_add_func ("/fold/separators", test_fold_separators);
  g_test_add_func ("/fold/invalid-utf8", test_fold_invalid_utf8);
  g_test_add_func ("/fold/az-strdown", test_az_strdown);
  g_test_add_func ("/collate/az", test_collate_az);
  g_test_add_func ("/collate/ru", test_collate_ru);
  g_test_add_func ("/collate/en", test_collate_en);
  g_test_add_func ("/collate/key", test_collate_key);

  return g_test_run ();
}
