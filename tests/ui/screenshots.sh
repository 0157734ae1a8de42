#!/usr/bin/env bash
# Drives the workstation window by keyboard in a virtual X display (Xvfb,
# xdotool) and takes screenshots (ffmpeg x11grab) of each step: the login,
# a wrong password, the list, a recording opened, playing, a loop set, the
# speed list. For looking at the UI by eye; not a ctest test.
#
#   tests/ui/screenshots.sh BUILD_DIR VAULT_DIR OUT_DIR [USER PASSWORD]
#
# The vault needs a recording for USER (packaging/dev demo makes one for
# km.jansen, password demo-wachtwoord).
set -euo pipefail

if [ -z "${VS_IN_XVFB:-}" ]; then
  [ $# -ge 3 ] || { echo "usage: $0 BUILD_DIR VAULT_DIR OUT_DIR [USER PASSWORD]" >&2; exit 64; }
  VS_IN_XVFB=1 exec xvfb-run -a -s "-screen 0 1280x800x24" "$0" "$@"
fi

build=$1 vault=$2 out=$3 user=${4:-km.jansen} password=${5:-demo-wachtwoord}
mkdir -p "$out"
shot() { ffmpeg -nostdin -loglevel error -y -f x11grab -video_size 1280x800 -i "$DISPLAY" -frames:v 1 "$out/$1.png"; }
# Without a window manager nothing activates a new window: focus it, as a
# desktop would.
focus() {
  local id
  id=$(xdotool search --sync --onlyvisible --name "$1" | head -1)
  xdotool windowfocus --sync "$id"
  sleep 0.5
}

LANGUAGE=${LANGUAGE:-nl} "$build/ui/vakspiegel" --vault "$vault" &
app=$!
trap 'kill $app 2>/dev/null || true' EXIT

focus "Aanmelden|Log in"
shot ui-login
xdotool type --delay 40 "$user"
xdotool key Tab
xdotool type --delay 40 "not-the-password"
xdotool key Return
sleep 4  # Argon2id
shot ui-login-wrong
xdotool type --delay 40 "$password"
xdotool key Return
focus "Vakspiegel – $user"
sleep 1
shot ui-list
xdotool key Return  # the first recording
sleep 2
shot ui-opened
xdotool key space
sleep 3
shot ui-playing
xdotool key space
sleep 0.5
xdotool key a
for _ in 1 2 3 4 5 6 7 8 9 10; do xdotool key period; sleep 0.05; done
xdotool key b
sleep 0.5
xdotool key Left Left
sleep 0.5
shot ui-loop
xdotool key Tab Tab Tab
sleep 0.3
shot ui-focus
xdotool key alt+s F4  # the speed list, by its label's mnemonic
sleep 0.5
shot ui-speed
xdotool key Up Return m
sleep 0.3
shot ui-speed-chosen
