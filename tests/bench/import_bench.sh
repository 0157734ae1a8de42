#!/usr/bin/env bash
# Import, side by side with the ffmpeg CLI on the same generated recording
# (VS_BENCH_MINUTES minutes of 720p30 H.264 + AAC, default 60; made once and
# kept in BUILD_DIR/bench-media, as a camera would have written it):
# - remux import (vakspiegel-cli import: remux, derived data, encryption,
#   fsyncs, the database commit) vs `ffmpeg -i IN -c copy OUT.mp4 && sync`;
# - transcode import (import --transcode) vs `ffmpeg -c:v libx264 -preset
#   veryfast -c:a aac OUT.mp4` to a plain file;
# - thumbnails alone, one per 10 s (thumbnail_tool: seeks keyframe to
#   keyframe) vs `ffmpeg -skip_frame nokey -i IN -vf fps=1/10,scale=160:-2`;
# - peak memory (max RSS) of each import vs the 300 MB goal.
# Each timing once (an hour of video is its own average); remux runs are
# preceded by reading the source once, so both sides start warm.
#
#   import_bench.sh BUILD_DIR    prints figure<TAB>project<TAB>reference<TAB>ratio<TAB>unit
set -euo pipefail

build=$(cd -- "${1:-./build}" && pwd)
cli="$build/src/cli/vakspiegel-cli"
thumbs="$build/tests/bench/thumbnail_tool"
minutes=${VS_BENCH_MINUTES:-60}
log() { echo "import_bench.sh: $*" >&2; }
for program in "$cli" "$thumbs"; do
  [[ -x $program ]] || { log "missing $program; build vakspiegel-cli and thumbnail_tool first"; exit 1; }
done

media="$build/bench-media"
source="$media/recording-${minutes}min-720p30.mp4"
mkdir -p "$media"
if [[ ! -s $source ]]; then
  log "generating $minutes minutes of 720p30 H.264 + AAC (once; slow)"
  # A moving test pattern with film grain (so the bit rate is camera-like,
  # ~3 Mb/s, not the few kb/s of a still pattern) and a voice-band tone.
  ffmpeg -nostdin -y -loglevel error -f lavfi -i "testsrc2=size=1280x720:rate=30,noise=alls=6:allf=t" \
    -f lavfi -i "sine=frequency=220:sample_rate=48000,volume=0.3" -t $((minutes * 60)) \
    -c:v libx264 -preset veryfast -crf 23 -g 30 -pix_fmt yuv420p -c:a aac -b:a 96k "$source.partial.mp4"
  mv "$source.partial.mp4" "$source"
fi

work=$(mktemp -d "$build/bench-import.XXXXXX")
trap 'rm -rf "$work"' EXIT

"$cli" --vault "$work/vault" --password-stdin init --admin beheer --password-cost interactive \
  <<<"beheer-wachtwoord" >/dev/null
"$cli" --vault "$work/vault" --password-stdin --user beheer user add km --role klantmanager \
  <<<$'beheer-wachtwoord\nkm-eenmalig' >/dev/null
# The administrator's password is a one-time password: km chooses their own.
"$cli" --vault "$work/vault" --password-stdin --user km user passwd <<<$'km-eenmalig\nkm-eenmalig\nkm-wachtwoord' >/dev/null

nowNs() { date +%s%N; }
seconds() { awk -v s="$1" -v e="$2" 'BEGIN { printf "%.3f\n", (e - s) / 1e9 }'; }
figure() { awk -v n="$1" -v p="$2" -v r="$3" -v u="$4" 'BEGIN { printf "%s\t%.2f\t%.2f\t%.3f\t%s\n", n, p, r, p / r, u }'; }

# import [--transcode]: prints "<seconds> <max RSS in MB>".
import() {
  local start end rss
  start=$(nowNs)
  /usr/bin/time -f "%M" -o "$work/rss" "$cli" --vault "$work/vault" --password-stdin --user km import "$source" \
    --scopes self_review --method verbal --recorded-at now "$@" <<<"km-wachtwoord" >/dev/null
  end=$(nowNs)
  rss=$(awk '{ printf "%.1f", $1 / 1024 }' "$work/rss")
  echo "$(seconds "$start" "$end") $rss"
}
timed() {
  local start end
  start=$(nowNs)
  "$@" >/dev/null 2>&1
  end=$(nowNs)
  seconds "$start" "$end"
}
copyAndSync() { ffmpeg -nostdin -y -loglevel error -i "$source" -c copy "$work/copy.mp4" && sync; }
transcode() {
  ffmpeg -nostdin -y -loglevel error -i "$source" -c:v libx264 -preset veryfast -c:a aac "$work/transcoded.mp4"
}
ffmpegThumbs() {
  mkdir -p "$work/thumbs"
  ffmpeg -nostdin -y -loglevel error -skip_frame nokey -i "$source" -vf fps=1/10,scale=160:-2 \
    "$work/thumbs/t%05d.jpg"
}

log "remux import vs ffmpeg -c copy + sync"
cat "$source" >/dev/null
read -r remuxSeconds remuxRss < <(import)
sync
cat "$source" >/dev/null
copySeconds=$(timed copyAndSync)
rm -f "$work/copy.mp4"

log "transcode import vs ffmpeg libx264 veryfast + aac"
read -r transcodeSeconds transcodeRss < <(import --transcode)
sync
transcodeReference=$(timed transcode)
rm -f "$work/transcoded.mp4"

log "thumbnails every 10 s"
cat "$source" >/dev/null
thumbSeconds=$(timed "$thumbs" "$source" 10 160)
thumbReference=$(timed ffmpegThumbs)

figure "remux import ${minutes} min 720p30 vs ffmpeg -c copy + sync" "$remuxSeconds" "$copySeconds" "s"
figure "transcode import ${minutes} min 720p30 vs ffmpeg libx264 veryfast" "$transcodeSeconds" "$transcodeReference" "s"
figure "thumbnails every 10 s vs ffmpeg -skip_frame nokey fps=1/10" "$thumbSeconds" "$thumbReference" "s"
figure "peak memory, remux import vs 300 MB goal" "$remuxRss" 300 "MB"
figure "peak memory, transcode import vs 300 MB goal" "$transcodeRss" 300 "MB"
