#!/usr/bin/env bash
# Refresh the catalogues: extract strings, merge any translation fragments dropped in
# locale/vi/fragments/*.po (delete them once merged: the catalogue is the source of truth), compile.
set -euo pipefail
cd "$(dirname "$0")/.."
py=.venv/bin/python
DEBUG=1 $py manage.py makemessages -l vi -l en --no-obsolete \
  --ignore=.venv --ignore=var --ignore=tests --ignore=bench --ignore=scripts >/dev/null
shopt -s nullglob
# makemessages guesses translations for new strings and marks them fuzzy; the guesses are
# wrong more often than not and would block the fragments' real translations: drop them.
po=locale/vi/LC_MESSAGES/django.po
msgattrib --clear-fuzzy --empty -o "$po" "$po"
# core.po first: where fragments disagree, the shared glossary wins.
fragments=(locale/vi/fragments/core.po locale/vi/fragments/*.po)
if (( ${#fragments[@]} )); then
  compendium=()
  for f in $(printf '%s\n' "${fragments[@]}" | awk '!seen[$0]++'); do
    [[ -f $f ]] || continue
    { printf 'msgid ""\nmsgstr "Content-Type: text/plain; charset=UTF-8\\n"\n\n'; cat "$f"; } > "$f.full"
    compendium+=(-C "$f.full")
  done
  msgmerge -q --no-fuzzy-matching "${compendium[@]}" -o "$po.new" "$po" "$po"
  mv "$po.new" "$po"
  rm -f locale/vi/fragments/*.full
fi
DEBUG=1 $py manage.py compilemessages -l vi -l en >/dev/null
untranslated=$(msgattrib --untranslated --no-obsolete locale/vi/LC_MESSAGES/django.po | grep -c '^msgid "' || true)
echo "vi: $(( untranslated > 0 ? untranslated - 1 : 0 )) untranslated"
