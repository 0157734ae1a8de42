#!/usr/bin/env bash
# Fails when a string passed to tr()/trf() in core, consent, media or the CLI
# has no Dutch translation in src/i18n/nl.po. With --update, merges new
# strings into nl.po (as untranslated entries) for a translator to fill.
set -euo pipefail
root=${1:?usage: check_catalog.sh PROJECT_ROOT [--update]}
po="$root/src/i18n/nl.po"
pot=$(mktemp --suffix=.pot)
trap 'rm -f "$pot"' EXIT
cd "$root"
dirs=()
for d in src consent media; do [[ -d $d ]] && dirs+=("$d"); done
find "${dirs[@]}" \( -name '*.cpp' -o -name '*.h' \) | sort |
  xgettext --language=C++ --from-code=UTF-8 --keyword=tr --keyword=trf --no-location \
    --package-name=vakspiegel -o "$pot" -f -
if [[ ${2:-} == --update ]]; then
  msgmerge --quiet --update --no-fuzzy-matching --backup=none "$po" "$pot"
  exit 0
fi
if ! msgcmp "$po" "$pot" 2>&1; then
  echo "check_catalog: some messages have no Dutch translation in src/i18n/nl.po" >&2
  exit 1
fi
echo "check_catalog: every message has a Dutch translation"
