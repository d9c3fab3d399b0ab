#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# Every string of the program is translated into Azerbaijani and Russian: none missing, none
# fuzzy. Extracts the strings afresh from po/POTFILES, as `meson compile beledci-pot` does.
#   check-translations.sh SOURCE_DIR
set -eu
src="$1"
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT

cd "$src"
xgettext --package-name=beledci --from-code=UTF-8 --add-comments \
  --keyword=_ --keyword=N_ --keyword=C_:1c,2 --keyword=NC_:1c,2 \
  --keyword=g_dcgettext:2 --keyword=g_dngettext:2,3 --keyword=g_dpgettext2:2c,3 \
  --keyword=ngettext:1,2 \
  -f po/POTFILES -o "$dir/beledci.pot"

status=0
for lang in $(grep -v '^#' po/LINGUAS); do
  msgmerge --quiet --no-fuzzy-matching "po/$lang.po" "$dir/beledci.pot" -o "$dir/$lang.po"
  missing=$(msgattrib --untranslated --no-obsolete "$dir/$lang.po" | grep -c '^msgid ' || true)
  fuzzy=$(msgattrib --only-fuzzy --no-obsolete "$dir/$lang.po" | grep -c '^msgid ' || true)
  # Both counts include the header entry when there is anything at all.
  [ "$missing" -gt 0 ] && missing=$((missing - 1))
  [ "$fuzzy" -gt 0 ] && fuzzy=$((fuzzy - 1))
  echo "$lang: $missing untranslated, $fuzzy fuzzy"
  if [ "$missing" -ne 0 ] || [ "$fuzzy" -ne 0 ]; then
    msgattrib --untranslated --no-obsolete --no-wrap "$dir/$lang.po" | grep '^msgid ' | tail -n +2 >&2 || true
    status=1
  fi
  msgfmt --check -o /dev/null "po/$lang.po" || status=1
done
exit "$status"
