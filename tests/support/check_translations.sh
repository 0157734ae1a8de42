#!/usr/bin/env bash
# Fails when a string of the workstation (tr() in ui/) has no finished Dutch
# translation in ui/i18n/vakspiegel_nl.ts, or when the file still holds
# strings the code no longer has. With --update, merges new strings into the
# .ts file (as unfinished entries) for a translator to fill.
set -euo pipefail
root=${1:?usage: check_translations.sh PROJECT_ROOT LUPDATE [--update]}
lupdate=${2:?usage: check_translations.sh PROJECT_ROOT LUPDATE [--update]}
ts="$root/ui/i18n/vakspiegel_nl.ts"
if [[ ${3:-} == --update ]]; then
  "$lupdate" -silent -no-obsolete -locations none "$root/ui" -ts "$ts"
  exit 0
fi
copy=$(mktemp --suffix=.ts)
trap 'rm -f "$copy"' EXIT
cp "$ts" "$copy"
"$lupdate" -silent -locations none "$root/ui" -ts "$copy"
unfinished=$(grep -c 'type="unfinished"' "$copy" || true)
vanished=$(grep -c 'type="vanished"\|type="obsolete"' "$copy" || true)
if [[ $unfinished -gt 0 || $vanished -gt 0 ]]; then
  echo "check_translations: $unfinished string(s) of ui/ without a Dutch translation, $vanished no longer used:" >&2
  grep -B2 'type="unfinished"\|type="vanished"\|type="obsolete"' "$copy" | grep '<source>' >&2 || true
  echo "Run: tests/support/check_translations.sh . $lupdate --update, then translate in Qt Linguist." >&2
  exit 1
fi
echo "check_translations: every string of the workstation has a Dutch translation"
