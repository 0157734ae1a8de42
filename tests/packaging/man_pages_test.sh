#!/usr/bin/env bash
# The man pages of the Debian package (packaging/man), checked against the
# program they describe:
#   1. every command and subcommand `vakspiegel-cli --help` lists, walked
#      recursively, has its own entry (.B "user add") in the English and the
#      Dutch vakspiegel-cli(1), and no entry names a command that is gone;
#   2. every exit code of src/cli/commands.h is explained in both;
#   3. every page renders without a warning, as lintian reads it
#      (man --warnings) and as groff -ww does.
# Usage: man_pages_test.sh <source dir> <vakspiegel-cli>
set -euo pipefail
src=$1
cli=$2
man_dir=$src/packaging/man
status=0
fail() { echo "FAIL: $*" >&2; status=1; }

# 1. The commands, from the help (English, so the headings are known).
commands() {  # commands <path words...>: the subcommands listed under "Commands:"
  LANGUAGE=en "$cli" "$@" --help | awk '/^Commands:$/ { on = 1; next } on && /^$/ { on = 0 } on && /^  [a-z]/ { print $1 }'
}
paths=()
walk() {
  local sub
  for sub in $(commands "$@"); do
    paths+=("$* $sub")
    walk "$@" "$sub"
  done
}
walk
[[ ${#paths[@]} -gt 30 ]] || fail "only ${#paths[@]} commands found in the help: is its format still 'Commands:'?"
for page in "$man_dir/vakspiegel-cli.1" "$man_dir/nl/vakspiegel-cli.1"; do
  for path in "${paths[@]}"; do
    path=${path# }
    grep -qxF ".B \"$path\"" "$page" || fail "$(basename "$(dirname "$page")")/$(basename "$page") has no entry .B \"$path\""
  done
  while IFS= read -r entry; do
    printf '%s\n' "${paths[@]}" | sed 's/^ //' | grep -qxF "$entry" ||
      fail "$page describes '$entry', which vakspiegel-cli --help does not list"
  done < <(sed -n 's/^\.B "\([a-z][a-z -]*\)"$/\1/p' "$page")
  # 2. The exit codes.
  for code in $(sed -n 's/^ *kExit[A-Za-z]* = \([0-9]*\),.*/\1/p' "$src/src/cli/commands.h") 1; do
    grep -qxF ".B $code" "$page" || fail "$page does not explain exit code $code"
  done
done

# 3. Rendering.
for page in "$man_dir"/*.1 "$man_dir"/nl/*.1; do
  warnings=$(LC_ALL=C.UTF-8 MANROFFSEQ='' MANWIDTH=80 man --warnings -E UTF-8 -l -Tutf8 -Z "$page" 2>&1 >/dev/null)
  [[ -z $warnings ]] || fail "$page: man --warnings: $warnings"
  warnings=$(groff -man -ww -z "$page" 2>&1)
  [[ -z $warnings ]] || fail "$page: groff: $warnings"
done

[[ $status -eq 0 ]] && echo "man pages: ${#paths[@]} commands and every exit code in both languages, no warnings"
exit $status
