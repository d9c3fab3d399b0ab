/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "bel-keyboard"

#include "config.h"

#include <glib/gi18n.h>

#include "bel-i18n.h"
#include "bel-keyboard.h"
#include "bel-lang.h"

/* An on-screen keyboard for a kiosk with no physical one. Keys are buttons that can never
 * take the focus, so the field being typed into keeps it (and its cursor) while a finger or
 * the mouse presses keys; a key types into the focused editable of the keyboard's window, or
 * into the target set with bel_keyboard_set_target().
 *
 * Each layout is a grid of 24 equal half-key columns: a letter takes two, so rows of 11 keys
 * sit half a key in from rows of 12, as on a real keyboard, and wide keys (shift, space) take
 * a whole number of columns. */

#define GRID_COLUMNS 24

/* Press and hold backspace: the first repeat after this long, then one character per
 * REPEAT_INTERVAL_MS. */
#define REPEAT_DELAY_MS    500
#define REPEAT_INTERVAL_MS 70

/* Keys are at least this tall whatever the style sheet says (touch targets of 56 px). */
#define MIN_KEY_HEIGHT 56

typedef enum {
  KEY_CHAR,
  KEY_SHIFT,
  KEY_BACKSPACE,
  KEY_SPACE,
  KEY_TO_AZ,      /* shows "Azərbaycanca" or "ABC": goes to the Azerbaijani letters */
  KEY_TO_RU,      /* shows "Русский" or "АБВ": goes to the Russian letters */
  KEY_TO_DIGITS,  /* shows "123" */
  KEY_GAP,        /* empty columns */
} KeyKind;

typedef struct {
  KeyKind     kind;
  guint       columns;
  /* For KEY_CHAR: what the key types without and with shift. */
  const char *lower;
  const char *upper;
  /* For the other keys: what the key shows, or an icon. */
  const char *label;
  const char *icon;
  /* For the other keys: the accessible label, marked with N_(). */
  const char *accessible;
} KeyDef;

#define CHAR(l, u)      { KEY_CHAR, 2, l, u, NULL, NULL, NULL }
#define GAP(n)          { KEY_GAP, n, NULL, NULL, NULL, NULL, NULL }
#define END             { KEY_GAP, 0, NULL, NULL, NULL, NULL, NULL }
#define SHIFT           { KEY_SHIFT, 3, NULL, NULL, "⇧", NULL, N_("Shift") }
#define BACKSPACE       { KEY_BACKSPACE, 3, NULL, NULL, NULL, "edit-clear-symbolic", N_("Backspace") }
#define SPACE(n)        { KEY_SPACE, n, NULL, NULL, NULL, NULL, N_("Space") }
#define TO_DIGITS       { KEY_TO_DIGITS, 3, NULL, NULL, "123", NULL, N_("Digits and symbols") }

/* Azerbaijani: the national standard layout (as on phones sold in Azerbaijan), QWERTY with ü
 * in place of w and the other letters of the alphabet at the ends of the rows. Upper case
 * follows the Turkic rules: i ↔ İ, ı ↔ I. */
static const KeyDef layout_az[] = {
  CHAR ("q", "Q"), CHAR ("ü", "Ü"), CHAR ("e", "E"), CHAR ("r", "R"), CHAR ("t", "T"),
  CHAR ("y", "Y"), CHAR ("u", "U"), CHAR ("i", "İ"), CHAR ("o", "O"), CHAR ("p", "P"),
  CHAR ("ö", "Ö"), CHAR ("ğ", "Ğ"), END,
  GAP (1),
  CHAR ("a", "A"), CHAR ("s", "S"), CHAR ("d", "D"), CHAR ("f", "F"), CHAR ("g", "G"),
  CHAR ("h", "H"), CHAR ("j", "J"), CHAR ("k", "K"), CHAR ("l", "L"), CHAR ("ı", "I"),
  CHAR ("ə", "Ə"), END,
  SHIFT,
  CHAR ("z", "Z"), CHAR ("x", "X"), CHAR ("c", "C"), CHAR ("v", "V"), CHAR ("b", "B"),
  CHAR ("n", "N"), CHAR ("m", "M"), CHAR ("ç", "Ç"), CHAR ("ş", "Ş"),
  BACKSPACE, END,
  TO_DIGITS,
  { KEY_TO_RU, 5, NULL, NULL, "Русский", NULL, N_("Switch to Russian") },
  SPACE (14),
  CHAR (".", "."), END,
};

/* Russian: ЙЦУКЕН, with ё after э. */
static const KeyDef layout_ru[] = {
  CHAR ("й", "Й"), CHAR ("ц", "Ц"), CHAR ("у", "У"), CHAR ("к", "К"), CHAR ("е", "Е"),
  CHAR ("н", "Н"), CHAR ("г", "Г"), CHAR ("ш", "Ш"), CHAR ("щ", "Щ"), CHAR ("з", "З"),
  CHAR ("х", "Х"), CHAR ("ъ", "Ъ"), END,
  CHAR ("ф", "Ф"), CHAR ("ы", "Ы"), CHAR ("в", "В"), CHAR ("а", "А"), CHAR ("п", "П"),
  CHAR ("р", "Р"), CHAR ("о", "О"), CHAR ("л", "Л"), CHAR ("д", "Д"), CHAR ("ж", "Ж"),
  CHAR ("э", "Э"), CHAR ("ё", "Ё"), END,
  SHIFT,
  CHAR ("я", "Я"), CHAR ("ч", "Ч"), CHAR ("с", "С"), CHAR ("м", "М"), CHAR ("и", "И"),
  CHAR ("т", "Т"), CHAR ("ь", "Ь"), CHAR ("б", "Б"), CHAR ("ю", "Ю"),
  BACKSPACE, END,
  TO_DIGITS,
  { KEY_TO_AZ, 5, NULL, NULL, "Azərbaycanca", NULL, N_("Switch to Azerbaijani") },
  SPACE (14),
  CHAR (".", "."), END,
};

/* Digits and the symbols of addresses, phone numbers and fees. */
static const KeyDef layout_digits[] = {
  GAP (2),
  CHAR ("1", "1"), CHAR ("2", "2"), CHAR ("3", "3"), CHAR ("4", "4"), CHAR ("5", "5"),
  CHAR ("6", "6"), CHAR ("7", "7"), CHAR ("8", "8"), CHAR ("9", "9"), CHAR ("0", "0"), END,
  GAP (2),
  CHAR ("@", "@"), CHAR ("-", "-"), CHAR ("+", "+"), CHAR ("_", "_"), CHAR ("/", "/"),
  CHAR (":", ":"), CHAR (";", ";"), CHAR ("₼", "₼"), CHAR ("№", "№"), CHAR ("#", "#"), END,
  GAP (3),
  CHAR ("(", "("), CHAR (")", ")"), CHAR (",", ","), CHAR ("'", "'"), CHAR ("\"", "\""),
  CHAR ("?", "?"), CHAR ("!", "!"), CHAR ("%", "%"), CHAR ("&", "&"),
  BACKSPACE, END,
  { KEY_TO_AZ, 4, NULL, NULL, "ABC", NULL, N_("Azerbaijani letters") },
  { KEY_TO_RU, 4, NULL, NULL, "АБВ", NULL, N_("Russian letters") },
  SPACE (14),
  CHAR (".", "."), END,
};

/* Rows end with END; the layout ends after four rows. */
#define N_ROWS 4

static const char *style_sheet =
  "belkeyboard {"
  "  padding: 10px;"
  "  background-color: mix(@window_bg_color, @window_fg_color, 0.08);"
  "}"
  "belkeyboard button.key {"
  "  min-height: 64px;"
  "  min-width: 0;"
  "  padding: 0 4px;"
  "  border-radius: 10px;"
  "  font-size: 1.8em;"
  "  font-weight: 500;"
  "  color: @view_fg_color;"
  "  background-color: @view_bg_color;"
  "  background-image: none;"
  "  box-shadow: 0 1px 1px 1px alpha(black, 0.18);"
  "}"
  "belkeyboard button.key:hover {"
  "  background-color: mix(@view_bg_color, @view_fg_color, 0.05);"
  "}"
  "belkeyboard button.key.function {"
  "  font-size: 1.15em;"
  "  font-weight: bold;"
  "  background-color: mix(@view_bg_color, @view_fg_color, 0.12);"
  "}"
  "belkeyboard button.key.shift {"
  "  font-size: 2em;"
  "}"
  "belkeyboard button.key.space label {"
  "  font-weight: normal;"
  "  opacity: 0.7;"
  "}"
  "belkeyboard button.key.function image {"
  "  -gtk-icon-size: 28px;"
  "}"
  "belkeyboard button.key:active,"
  "belkeyboard button.key:checked {"
  "  color: @accent_fg_color;"
  "  background-color: @accent_bg_color;"
  "  box-shadow: none;"
  "}";

typedef struct {
  const KeyDef *def;
  GtkWidget    *label;   /* for KEY_CHAR */
} Key;

struct _BelKeyboard
{
  GtkWidget          parent_instance;

  GtkWidget         *stack;
  GtkWidget         *pages[3];
  /* GtkWidget* of the KEY_CHAR keys, to relabel on shift; and the shift toggles. */
  GPtrArray         *char_keys;
  GPtrArray         *shift_keys;

  BelKeyboardLayout  layout;
  gboolean           shift;
  gboolean           syncing_shift;

  GWeakRef           target;

  /* The press gestures of the backspace keys, and the hold-to-repeat timeout. */
  GPtrArray         *backspace_gestures;
  guint              repeat_id;
  gboolean           repeat_fast;
};

G_DEFINE_FINAL_TYPE (BelKeyboard, bel_keyboard, GTK_TYPE_WIDGET)
G_DEFINE_ENUM_TYPE (BelKeyboardLayout, bel_keyboard_layout,
                    G_DEFINE_ENUM_VALUE (BEL_KEYBOARD_LAYOUT_AZ, "az"),
                    G_DEFINE_ENUM_VALUE (BEL_KEYBOARD_LAYOUT_RU, "ru"),
                    G_DEFINE_ENUM_VALUE (BEL_KEYBOARD_LAYOUT_DIGITS, "digits"))

enum {
  PROP_0,
  PROP_LAYOUT,
  PROP_SHIFT,
  PROP_TARGET,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static const char *page_names[] = { "az", "ru", "digits" };

/* Where a key types: the target if one is set, else the focused editable of the window. */
static GtkEditable *
find_editable (BelKeyboard *self)
{
  g_autoptr(GtkEditable) target = g_weak_ref_get (&self->target);
  GtkRoot *root;
  GtkWidget *focus;

  if (target != NULL)
    return gtk_editable_get_editable (target) ? target : NULL;

  if ((root = gtk_widget_get_root (GTK_WIDGET (self))) == NULL)
    return NULL;
  for (focus = gtk_root_get_focus (root); focus != NULL; focus = gtk_widget_get_parent (focus))
    if (GTK_IS_EDITABLE (focus))
      return gtk_editable_get_editable (GTK_EDITABLE (focus)) ? GTK_EDITABLE (focus) : NULL;
  return NULL;
}

static void
type_text (BelKeyboard *self,
           const char  *text)
{
  GtkEditable *editable = find_editable (self);
  int start, end, pos;

  if (editable == NULL)
    {
      /* Never log what is typed: the citizen's words stay out of the journal. */
      g_debug ("No editable to type into");
      return;
    }

  if (gtk_editable_get_selection_bounds (editable, &start, &end))
    {
      gtk_editable_delete_text (editable, start, end);
      pos = start;
    }
  else
    pos = gtk_editable_get_position (editable);

  gtk_editable_insert_text (editable, text, -1, &pos);
  gtk_editable_set_position (editable, pos);
}

/* Returns FALSE when there was nothing left to delete. */
static gboolean
delete_backward (BelKeyboard *self)
{
  GtkEditable *editable = find_editable (self);
  int start, end, pos;

  if (editable == NULL)
    return FALSE;

  if (gtk_editable_get_selection_bounds (editable, &start, &end))
    {
      gtk_editable_delete_text (editable, start, end);
      gtk_editable_set_position (editable, start);
      return TRUE;
    }

  pos = gtk_editable_get_position (editable);
  if (pos <= 0)
    return FALSE;
  gtk_editable_delete_text (editable, pos - 1, pos);
  gtk_editable_set_position (editable, pos - 1);
  return TRUE;
}

/* GTK 4.8 does not name a button after the label inside it: without this a screen reader (and
 * an accessibility-driven test) finds 34 nameless keys. */
static void
set_char_key_name (GtkWidget  *button,
                   const char *text)
{
  gtk_accessible_update_property (GTK_ACCESSIBLE (button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, text,
                                  -1);
}

static void
update_labels (BelKeyboard *self)
{
  for (guint i = 0; i < self->char_keys->len; i++)
    {
      GtkWidget *button = self->char_keys->pdata[i];
      Key *key = g_object_get_data (G_OBJECT (button), "bel-key");

      const char *text = self->shift ? key->def->upper : key->def->lower;

      gtk_label_set_label (GTK_LABEL (key->label), text);
      set_char_key_name (button, text);
    }

  self->syncing_shift = TRUE;
  for (guint i = 0; i < self->shift_keys->len; i++)
    gtk_toggle_button_set_active (self->shift_keys->pdata[i], self->shift);
  self->syncing_shift = FALSE;
}

static void
stop_repeat (BelKeyboard *self)
{
  g_clear_handle_id (&self->repeat_id, g_source_remove);
}

static void
char_clicked_cb (GtkButton   *button,
                 BelKeyboard *self)
{
  Key *key = g_object_get_data (G_OBJECT (button), "bel-key");

  type_text (self, self->shift ? key->def->upper : key->def->lower);
  /* Shift is one-shot: a capital letter, then small ones again. */
  bel_keyboard_set_shift (self, FALSE);
}

static void
shift_toggled_cb (GtkToggleButton *button,
                  BelKeyboard     *self)
{
  if (self->syncing_shift)
    return;
  bel_keyboard_set_shift (self, gtk_toggle_button_get_active (button));
}

static void
space_clicked_cb (GtkButton   *button,
                  BelKeyboard *self)
{
  type_text (self, " ");
}

/* Reached only without the press gesture (through accessibility, or gtk_widget_activate()):
 * the gesture claims real presses for itself. */
static void
backspace_clicked_cb (GtkButton   *button,
                      BelKeyboard *self)
{
  delete_backward (self);
}

static gboolean
repeat_cb (gpointer user_data)
{
  BelKeyboard *self = user_data;

  delete_backward (self);
  if (self->repeat_fast)
    return G_SOURCE_CONTINUE;

  /* The first repeat came after the longer delay; go on at the repeat rate. */
  self->repeat_fast = TRUE;
  self->repeat_id = g_timeout_add (REPEAT_INTERVAL_MS, repeat_cb, self);
  return G_SOURCE_REMOVE;
}

static void
backspace_pressed_cb (GtkGestureClick *gesture,
                      int              n_press,
                      double           x,
                      double           y,
                      BelKeyboard     *self)
{
  GtkWidget *button = gtk_event_controller_get_widget (GTK_EVENT_CONTROLLER (gesture));

  /* Ours alone: the button's own click gesture must not delete a second character on
   * release. */
  gtk_gesture_set_state (GTK_GESTURE (gesture), GTK_EVENT_SEQUENCE_CLAIMED);
  gtk_widget_set_state_flags (button, GTK_STATE_FLAG_ACTIVE, FALSE);

  stop_repeat (self);
  delete_backward (self);
  self->repeat_fast = FALSE;
  self->repeat_id = g_timeout_add (REPEAT_DELAY_MS, repeat_cb, self);
}

static void
backspace_end_cb (GtkGesture       *gesture,
                  GdkEventSequence *sequence,
                  BelKeyboard      *self)
{
  GtkWidget *button = gtk_event_controller_get_widget (GTK_EVENT_CONTROLLER (gesture));

  gtk_widget_unset_state_flags (button, GTK_STATE_FLAG_ACTIVE);
  stop_repeat (self);
}

static void
switch_clicked_cb (GtkButton   *button,
                   BelKeyboard *self)
{
  Key *key = g_object_get_data (G_OBJECT (button), "bel-key");

  switch (key->def->kind)
    {
    case KEY_TO_AZ:
      bel_keyboard_set_layout (self, BEL_KEYBOARD_LAYOUT_AZ);
      break;
    case KEY_TO_RU:
      bel_keyboard_set_layout (self, BEL_KEYBOARD_LAYOUT_RU);
      break;
    case KEY_TO_DIGITS:
      bel_keyboard_set_layout (self, BEL_KEYBOARD_LAYOUT_DIGITS);
      break;
    case KEY_CHAR:
    case KEY_SHIFT:
    case KEY_BACKSPACE:
    case KEY_SPACE:
    case KEY_GAP:
    default:
      g_assert_not_reached ();
    }
}

static GtkWidget *
create_key (BelKeyboard  *self,
            const KeyDef *def)
{
  GtkWidget *button;
  Key *key = g_new0 (Key, 1);

  key->def = def;

  if (def->kind == KEY_SHIFT)
    button = gtk_toggle_button_new ();
  else
    button = gtk_button_new ();

  /* Never take the focus away from the field being typed into. */
  gtk_widget_set_focusable (button, FALSE);
  gtk_widget_set_focus_on_click (button, FALSE);
  gtk_widget_set_size_request (button, -1, MIN_KEY_HEIGHT);
  gtk_widget_set_hexpand (button, TRUE);
  gtk_widget_set_vexpand (button, TRUE);
  gtk_widget_add_css_class (button, "key");

  if (def->kind == KEY_CHAR)
    {
      key->label = gtk_label_new (def->lower);
      gtk_button_set_child (GTK_BUTTON (button), key->label);
      set_char_key_name (button, def->lower);
      g_ptr_array_add (self->char_keys, button);
      g_signal_connect (button, "clicked", G_CALLBACK (char_clicked_cb), self);
    }
  else
    {
      gtk_widget_add_css_class (button, "function");
      if (def->icon != NULL)
        gtk_button_set_child (GTK_BUTTON (button), gtk_image_new_from_icon_name (def->icon));
      else if (def->kind == KEY_SPACE)
        {
          /* A long blank key means nothing to someone who has never typed: say what it is,
           * in the language of the screen. */
          GtkWidget *label = gtk_label_new (NULL);

          bel_i18n_bind (label, "label", def->accessible);
          gtk_button_set_child (GTK_BUTTON (button), label);
        }
      else if (def->label != NULL)
        {
          GtkWidget *label = gtk_label_new (def->label);

          /* The layout names are long: on a narrow keyboard they shrink rather than widen
           * every column. */
          gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
          gtk_button_set_child (GTK_BUTTON (button), label);
        }
      bel_i18n_bind (button, BEL_I18N_ACCESSIBLE_LABEL, def->accessible);
    }

  switch (def->kind)
    {
    case KEY_SHIFT:
      gtk_widget_add_css_class (button, "shift");
      g_ptr_array_add (self->shift_keys, button);
      g_signal_connect (button, "toggled", G_CALLBACK (shift_toggled_cb), self);
      break;
    case KEY_BACKSPACE:
      {
        GtkGesture *gesture = gtk_gesture_click_new ();

        gtk_widget_add_css_class (button, "backspace");
        gtk_event_controller_set_propagation_phase (GTK_EVENT_CONTROLLER (gesture),
                                                    GTK_PHASE_CAPTURE);
        g_signal_connect (gesture, "pressed", G_CALLBACK (backspace_pressed_cb), self);
        g_signal_connect (gesture, "end", G_CALLBACK (backspace_end_cb), self);
        gtk_widget_add_controller (button, GTK_EVENT_CONTROLLER (gesture));
        g_ptr_array_add (self->backspace_gestures, gesture);
        g_signal_connect (button, "clicked", G_CALLBACK (backspace_clicked_cb), self);
      }
      break;
    case KEY_SPACE:
      gtk_widget_add_css_class (button, "space");
      g_signal_connect (button, "clicked", G_CALLBACK (space_clicked_cb), self);
      break;
    case KEY_TO_AZ:
    case KEY_TO_RU:
    case KEY_TO_DIGITS:
      gtk_widget_add_css_class (button, "switch");
      g_signal_connect (button, "clicked", G_CALLBACK (switch_clicked_cb), self);
      break;
    case KEY_CHAR:
    case KEY_GAP:
    default:
      break;
    }

  g_object_set_data_full (G_OBJECT (button), "bel-key", key, g_free);
  return button;
}

static GtkWidget *
create_page (BelKeyboard  *self,
             const KeyDef *defs)
{
  GtkWidget *grid = gtk_grid_new ();
  guint row = 0, column = 0;

  gtk_grid_set_column_homogeneous (GTK_GRID (grid), TRUE);
  gtk_grid_set_row_homogeneous (GTK_GRID (grid), TRUE);
  gtk_grid_set_column_spacing (GTK_GRID (grid), 8);
  gtk_grid_set_row_spacing (GTK_GRID (grid), 8);

  for (guint i = 0; row < N_ROWS; i++)
    {
      const KeyDef *def = &defs[i];

      if (def->kind == KEY_GAP && def->columns == 0)
        {
          g_assert (column <= GRID_COLUMNS);
          row++;
          column = 0;
          continue;
        }

      if (def->kind != KEY_GAP)
        gtk_grid_attach (GTK_GRID (grid), create_key (self, def),
                         column, row, def->columns, 1);
      column += def->columns;
    }

  return grid;
}

static void
ensure_style (GtkWidget *widget)
{
  GdkDisplay *display = gtk_widget_get_display (widget);
  g_autoptr(GtkCssProvider) provider = NULL;

  if (g_object_get_data (G_OBJECT (display), "bel-keyboard-style") != NULL)
    return;

  provider = gtk_css_provider_new ();
  gtk_css_provider_load_from_data (provider, style_sheet, -1);
  /* Just below the application's own style sheet, which may restyle the keys. */
  gtk_style_context_add_provider_for_display (display, GTK_STYLE_PROVIDER (provider),
                                              GTK_STYLE_PROVIDER_PRIORITY_APPLICATION - 1);
  g_object_set_data_full (G_OBJECT (display), "bel-keyboard-style",
                          g_steal_pointer (&provider), g_object_unref);
}

GtkWidget *
bel_keyboard_new (void)
{
  return g_object_new (BEL_TYPE_KEYBOARD, NULL);
}

BelKeyboardLayout
bel_keyboard_get_layout (BelKeyboard *self)
{
  g_return_val_if_fail (BEL_IS_KEYBOARD (self), BEL_KEYBOARD_LAYOUT_AZ);
  return self->layout;
}

void
bel_keyboard_set_layout (BelKeyboard       *self,
                         BelKeyboardLayout  layout)
{
  g_return_if_fail (BEL_IS_KEYBOARD (self));
  g_return_if_fail (layout <= BEL_KEYBOARD_LAYOUT_DIGITS);

  if (self->layout == layout)
    return;

  self->layout = layout;
  stop_repeat (self);
  bel_keyboard_set_shift (self, FALSE);
  gtk_stack_set_visible_child_name (GTK_STACK (self->stack), page_names[layout]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LAYOUT]);
}

gboolean
bel_keyboard_get_shift (BelKeyboard *self)
{
  g_return_val_if_fail (BEL_IS_KEYBOARD (self), FALSE);
  return self->shift;
}

void
bel_keyboard_set_shift (BelKeyboard *self,
                        gboolean     shift)
{
  g_return_if_fail (BEL_IS_KEYBOARD (self));

  shift = !!shift;
  if (self->shift == shift)
    return;

  self->shift = shift;
  update_labels (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SHIFT]);
}

GtkEditable *
bel_keyboard_get_target (BelKeyboard *self)
{
  g_autoptr(GtkEditable) target = NULL;

  g_return_val_if_fail (BEL_IS_KEYBOARD (self), NULL);

  /* The weak reference's strong one is dropped at once: the caller gets a borrowed pointer,
   * valid as long as the target lives. */
  target = g_weak_ref_get (&self->target);
  return target;
}

void
bel_keyboard_set_target (BelKeyboard *self,
                         GtkEditable *target)
{
  g_autoptr(GtkEditable) old = NULL;

  g_return_if_fail (BEL_IS_KEYBOARD (self));
  g_return_if_fail (target == NULL || GTK_IS_EDITABLE (target));

  old = g_weak_ref_get (&self->target);
  if (old == target)
    return;

  g_weak_ref_set (&self->target, target);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TARGET]);
}

void
bel_keyboard_reset (BelKeyboard       *self,
                    BelKeyboardLayout  layout)
{
  g_return_if_fail (BEL_IS_KEYBOARD (self));

  stop_repeat (self);
  for (guint i = 0; i < self->backspace_gestures->len; i++)
    gtk_event_controller_reset (self->backspace_gestures->pdata[i]);
  bel_keyboard_set_layout (self, layout);
  bel_keyboard_set_shift (self, FALSE);
}

static void
bel_keyboard_root (GtkWidget *widget)
{
  GTK_WIDGET_CLASS (bel_keyboard_parent_class)->root (widget);
  ensure_style (widget);
}

static void
bel_keyboard_unmap (GtkWidget *widget)
{
  /* A held backspace must not go on deleting behind a page that is gone. */
  stop_repeat (BEL_KEYBOARD (widget));
  GTK_WIDGET_CLASS (bel_keyboard_parent_class)->unmap (widget);
}

static void
bel_keyboard_dispose (GObject *object)
{
  BelKeyboard *self = BEL_KEYBOARD (object);

  stop_repeat (self);
  g_clear_pointer (&self->stack, gtk_widget_unparent);

  G_OBJECT_CLASS (bel_keyboard_parent_class)->dispose (object);
}

static void
bel_keyboard_finalize (GObject *object)
{
  BelKeyboard *self = BEL_KEYBOARD (object);

  g_clear_pointer (&self->char_keys, g_ptr_array_unref);
  g_clear_pointer (&self->shift_keys, g_ptr_array_unref);
  g_clear_pointer (&self->backspace_gestures, g_ptr_array_unref);
  g_weak_ref_clear (&self->target);

  G_OBJECT_CLASS (bel_keyboard_parent_class)->finalize (object);
}

static void
bel_keyboard_get_property (GObject    *object,
                           guint       prop_id,
                           GValue     *value,
                           GParamSpec *pspec)
{
  BelKeyboard *self = BEL_KEYBOARD (object);

  switch (prop_id)
    {
    case PROP_LAYOUT:
      g_value_set_enum (value, self->layout);
      break;
    case PROP_SHIFT:
      g_value_set_boolean (value, self->shift);
      break;
    case PROP_TARGET:
      g_value_take_object (value, g_weak_ref_get (&self->target));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
bel_keyboard_set_property (GObject      *object,
                           guint         prop_id,
                           const GValue *value,
                           GParamSpec   *pspec)
{
  BelKeyboard *self = BEL_KEYBOARD (object);

  switch (prop_id)
    {
    case PROP_LAYOUT:
      bel_keyboard_set_layout (self, g_value_get_enum (value));
      break;
    case PROP_SHIFT:
      bel_keyboard_set_shift (self, g_value_get_boolean (value));
      break;
    case PROP_TARGET:
      bel_keyboard_set_target (self, g_value_get_object (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
bel_keyboard_class_init (BelKeyboardClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = bel_keyboard_dispose;
  object_class->finalize = bel_keyboard_finalize;
  object_class->get_property = bel_keyboard_get_property;
  object_class->set_property = bel_keyboard_set_property;

  widget_class->root = bel_keyboard_root;
  widget_class->unmap = bel_keyboard_unmap;

  properties[PROP_LAYOUT] =
    g_param_spec_enum ("layout", NULL, NULL,
                       BEL_TYPE_KEYBOARD_LAYOUT, BEL_KEYBOARD_LAYOUT_AZ,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_SHIFT] =
    g_param_spec_boolean ("shift", NULL, NULL,
                          FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_TARGET] =
    g_param_spec_object ("target", NULL, NULL,
                         GTK_TYPE_EDITABLE,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_css_name (widget_class, "belkeyboard");
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);
}

static void
bel_keyboard_init (BelKeyboard *self)
{
  const KeyDef *layouts[] = { layout_az, layout_ru, layout_digits };

  g_weak_ref_init (&self->target, NULL);
  self->char_keys = g_ptr_array_new ();
  self->shift_keys = g_ptr_array_new ();
  self->backspace_gestures = g_ptr_array_new ();

  /* Neither the keyboard nor anything in it ever holds the keyboard focus. */
  gtk_widget_set_focusable (GTK_WIDGET (self), FALSE);
  gtk_widget_set_can_focus (GTK_WIDGET (self), FALSE);

  self->stack = gtk_stack_new ();
  gtk_stack_set_transition_type (GTK_STACK (self->stack), GTK_STACK_TRANSITION_TYPE_NONE);
  gtk_widget_set_parent (self->stack, GTK_WIDGET (self));

  for (guint i = 0; i < G_N_ELEMENTS (layouts); i++)
    {
      self->pages[i] = create_page (self, layouts[i]);
      gtk_stack_add_named (GTK_STACK (self->stack), self->pages[i], page_names[i]);
    }
  gtk_stack_set_visible_child_name (GTK_STACK (self->stack), page_names[self->layout]);

  bel_i18n_bind (self, BEL_I18N_ACCESSIBLE_LABEL, N_("On-screen keyboard"));
}
