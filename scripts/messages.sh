#!/usr/bin/env bash
# Refresh the catalogues: extract strings, merge any translation fragments dropped in
# locale/vi/fragments/*.po (then delete them: the catalogue is the source of truth), compile.
set -euo pipefail
cd "$(dirname "$0")/.."
py=.venv/bin/python
DEBUG=1 $py manage.py makemessages -l vi -l en --no-obsolete \
  --ignore=.venv --ignore=var --ignore=tests --ignore=bench --ignore=scripts >/dev/null
shopt -s nullglob
fragments=(locale/vi/fragments/*.po)
if (( ${#fragments[@]} )); then
  po=locale/vi/LC_MESSAGES/django.po
  compendium=()
  for f in "${fragments[@]}"; do
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
