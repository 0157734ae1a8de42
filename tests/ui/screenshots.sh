#!/usr/bin/env bash
# Drives the workstation as a new user would, by keyboard, in a virtual X
# display (Xvfb, xdotool), on a fresh demo vault, and takes a screenshot
# (ffmpeg x11grab) of every screen and state: the login with the demo
# accounts, a wrong password, the klantmanager's library, the review screen
# (playing, the recall question at a pause, a note being typed, zoomed in to
# single pictures, the key help), each
# page of the import wizard and its withdrawal code, the delete and
# withdrawal confirmations, the lock, a coach's "shared with me", the
# privacy officer's and the administrator's homes; and the citizen's receipt
# saved as PDF through the wizard, rendered with pdftoppm. For looking at
# the UI by eye; not a ctest test.
#
#   tests/ui/screenshots.sh BUILD_DIR OUT_DIR [WIDTHxHEIGHT] [light|dark]
#
# The demo recording comes from packaging/dev demo (BUILD_DIR/demo/
# demo-gesprek.mp4); without it a short one is made.
set -euo pipefail

if [ -z "${VS_IN_XVFB:-}" ]; then
  [ $# -ge 2 ] || { echo "usage: $0 BUILD_DIR OUT_DIR [WIDTHxHEIGHT] [light|dark]" >&2; exit 64; }
  size=${3:-1366x768}
  VS_IN_XVFB=1 exec xvfb-run -a -s "-screen 0 ${size}x24" "$0" "$@"
fi

build=$(cd "$1" && pwd) size=${3:-1366x768} palette=${4:-light}
out="$2/$size-$palette"
mkdir -p "$out"
work=$(mktemp -d)
app=
cleanup() {
  [ -n "$app" ] && kill "$app" 2>/dev/null
  rm -rf "$work"
}
trap cleanup EXIT

recording="$build/demo/demo-gesprek.mp4"
if [ ! -s "$recording" ]; then
  recording="$work/demo.mp4"
  espeak-ng -v nl -w "$work/a.wav" "Goedemorgen. Hoe is het de afgelopen weken gegaan?"
  ffmpeg -nostdin -loglevel error -f lavfi -i "testsrc2=size=1280x720:rate=25" -i "$work/a.wav" -t 12 \
    -af apad -c:v libx264 -preset veryfast -pix_fmt yuv420p -c:a aac "$recording"
fi
# A second file to import through the wizard.
ffmpeg -nostdin -loglevel error -f lavfi -i "testsrc=size=640x360:rate=25" -f lavfi -i "sine=frequency=330" -t 8 \
  -c:v libx264 -preset veryfast -pix_fmt yuv420p -c:a aac "$work/gesprek-dinsdag.mp4"

shot() {
  sleep "${2:-0.6}"
  ffmpeg -nostdin -loglevel error -y -f x11grab -video_size "$size" -i "$DISPLAY" -frames:v 1 "$out/$1.png"
}
# Without a window manager nothing activates or sizes a new window: do what
# a desktop would (focus it; the main window fills the screen, maximised).
focus() {
  local id
  id=$(xdotool search --sync --maxdepth 1 --onlyvisible --name "$1" | tail -1)
  xdotool windowfocus --sync "$id"
  sleep 0.4
}
maximise() {
  local id
  id=$(xdotool search --sync --maxdepth 1 --onlyvisible --name "$1" | head -1)
  xdotool windowmove "$id" 0 0 windowsize --sync "$id" 100% 100%
}
type_slowly() { xdotool type --delay 30 "$1"; }
log_in() {  # log_in NAME — in the login dialog that is open
  focus "Aanmelden"
  type_slowly "$1"
  xdotool key Tab
  type_slowly demo-wachtwoord
  xdotool key Return
  sleep 3  # Argon2id
}

export LANGUAGE=nl VAKSPIEGEL_PALETTE=$palette
"$build/ui/vakspiegel" --demo --vault "$work/kluis" --demo-recording "$recording" --no-sound &
app=$!

# The login, with the demo accounts listed; a wrong password.
maximise "Vakspiegel"
focus "Aanmelden"
shot 01-login
type_slowly km.jansen
xdotool key Tab
type_slowly niet-het-wachtwoord
xdotool key Return
shot 02-login-wrong 3

# The klantmanager's library; the recording opened and playing.
type_slowly demo-wachtwoord
xdotool key Return
sleep 3
maximise "Vakspiegel – km.jansen"
focus "Vakspiegel – km.jansen"
shot 03-library 1.5
xdotool key Return
shot 04-review 2.5
xdotool key space
shot 05-playing 2
xdotool key space  # a pause: the recall question
shot 05b-prompt 1
type_slowly "Ik wilde dat ze zich gehoord voelde"
shot 05c-prompt-answered 0.3
xdotool key Return
xdotool key n  # a note while watching
type_slowly "Hier laat ik de stilte vallen"
shot 05d-typing 0.5
xdotool key Return
sleep 0.5
xdotool key space  # playing on; pause again and close the question
sleep 1.5
xdotool key space Escape
for _ in 1 2 3 4 5 6 7 8 9 10 11 12; do xdotool key plus; done
shot 05e-zoomed-to-pictures 1
xdotool key 0 question
shot 05f-key-help 1
xdotool key Escape
focus "Vakspiegel – km.jansen"  # what a window manager does when a dialog closes
xdotool key Escape
shot 06-back-to-library

# The import wizard, page by page, to the withdrawal code.
xdotool key ctrl+i
focus "Opname importeren"
xdotool key ctrl+a
type_slowly "$work/gesprek-dinsdag.mp4"
shot 07-import-file
xdotool key alt+v
shot 08-import-consent
xdotool key space Tab space # coach review on (the first box is fixed)
xdotool key alt+v
shot 09-import-how
xdotool key space alt+v  # the first way: verbally, on the recording
shot 10-import-retention
xdotool key alt+v
shot 11-import-summary
xdotool key alt+i
shot 12-import-done 4
# The citizen's receipt saved as PDF (through the file dialog), then as pictures.
xdotool key alt+o
focus "Toestemmingsbewijs opslaan"
xdotool key ctrl+a
type_slowly "$out/toestemmingsbewijs.pdf"
xdotool key Return
sleep 1
pdftoppm -r 60 -png "$out/toestemmingsbewijs.pdf" "$out/12b-receipt" || echo "screenshots: no receipt PDF" >&2
focus "Opname importeren"
xdotool key alt+k
focus "Vakspiegel – km.jansen"
shot 13-library-after-import 1.5
# Share the new recording with a coach: the dialog.
xdotool key alt+d
focus "Delen met een coach"
type_slowly coach.deboer
shot 13b-share-dialog
xdotool key Escape
focus "Vakspiegel – km.jansen"

# Delete: the confirmation; kept.
xdotool key alt+s  # Wissen…
focus "Opname verwijderen"
shot 14-delete-confirmation
xdotool key Escape
focus "Vakspiegel – km.jansen"  # no window manager gives it back
# A citizen's withdrawal by code: the dialog.
xdotool key alt+l
focus "Intrekking"
type_slowly "VS-E8DJ-6NQ"
shot 15-withdrawal-dialog
xdotool key Escape
focus "Vakspiegel – km.jansen"

# Lock (Ctrl+L): the lock page and the unlock dialog.
xdotool key ctrl+l
focus "Ontgrendelen"
shot 16-locked 1
xdotool key Escape
focus "vergrendeld"
shot 17-lock-page
xdotool key alt+a  # log out, so someone else can log in
sleep 1

# A coach: "shared with me", and the demo recording opened.
log_in coach.deboer
maximise "Vakspiegel – coach.deboer"
focus "Vakspiegel – coach.deboer"
shot 18-coach-library 1.5
xdotool key Return
shot 19-coach-player 2

kill "$app"
wait "$app" 2>/dev/null || true
app=

# The privacy officer and the administrator: their homes (a new start, so
# each begins at the login).
for who in km.bakker fg.demo beheerder; do  # an empty library; the two homes without content
  "$build/ui/vakspiegel" --demo --vault "$work/kluis" --no-sound &
  app=$!
  maximise "Vakspiegel"
  log_in "$who"
  maximise "Vakspiegel – $who"
  focus "Vakspiegel – $who"
  shot "20-home-$who" 1
  kill "$app"
  wait "$app" 2>/dev/null || true
  app=
done
echo "Screenshots in $out"
