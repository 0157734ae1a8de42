#!/usr/bin/env bash
# Playback, side by side in one run on the same content: a generated
# recording of VS_BENCH_MINUTES minutes (default 60) of 720p30 H.264 at
# ~4 Mb/s with a keyframe every 2 s (-g 60, no scene-cut keyframes) and AAC
# stereo (band-passed pink noise at syllable rate: speech-like), made once and
# kept in BUILD_DIR/bench-media. The engine plays it as the product does:
# remux-imported into a vault container (playback_tool prepare) and read
# through the decrypting reader; headless (no audio device: the engine's
# monotonic clock, PlayerOptions::audioOutput false).
#
# Figures (figure<TAB>project<TAB>reference<TAB>ratio<TAB>unit on stdout,
# ratio = project / reference; progress and a summary with the goals on
# stderr):
# - open to first picture, median of 21: the engine (container reader open,
#   Player::open, waitForPicture, takePicture) vs a minimal libav loop
#   opening the plaintext source and decoding its first frame; goal < 150 ms.
# - exact seek to 100 random positions (seed VS_BENCH_SEED, default 5; the
#   same positions everywhere): engine median and p95 vs the minimal libav
#   seek-and-decode loop on the plaintext source (goal: median <= 1.2x), vs
#   `ffmpeg -ss T -i IN -an -frames:v 1 -f null -` and vs
#   `mpv --vo=null --no-audio --hr-seek=yes --start=T --frames=1 IN`, one
#   process per position, wall time (goal: engine >= 4x faster). The libav
#   loop also runs on the vault copy's plaintext (the fragmented MP4 the
#   engine reads, decrypted to a file) to tell the container from the engine.
# - step forward, median of 200 (20 random positions, 10 steps): goal < 33 ms.
# - step back within the cached keyframe interval (after a seek to one of 30
#   random positions, back picture by picture down to the keyframe): median,
#   goal < 10 ms; and the step across that keyframe (not cached) vs the libav
#   loop's exact seek to the last frame before a keyframe (a whole interval
#   decoded).
# - playing 60 s of video (VS_BENCH_PLAY_SECONDS) at 1x from a third into the
#   recording, each picture taken at its due time: CPU seconds per second of
#   video vs mpv playing the same minute at real speed (--vo=null
#   --no-audio --length) and vs the libav loop decoding it flat out; peak
#   RSS vs the 250 MB goal; pictures dropped (goal 0); at 2x: dropped (goal 0).
# mpv is only for this benchmark: when missing it is installed with apt-get
# (sudo when not root, as packaging/dev does); if that cannot be done the mpv
# figures are skipped, saying so on stderr.
#
#   playback_bench.sh BUILD_DIR    (needs the targets playback_tool and playback_reference_tool)
set -euo pipefail

build=$(cd -- "${1:-./build}" && pwd)
tool="$build/tests/bench/playback_tool"
ref="$build/tests/bench/playback_reference_tool"
minutes=${VS_BENCH_MINUTES:-60}
seed=${VS_BENCH_SEED:-5}
playSeconds=${VS_BENCH_PLAY_SECONDS:-60}
log() { echo "playback_bench.sh: $*" >&2; }
for program in "$tool" "$ref"; do
  [[ -x $program ]] || { log "missing $program; build playback_tool and playback_reference_tool first"; exit 1; }
done
if ! [[ $minutes =~ ^[0-9]+$ ]] || ((minutes < 2)); then
  log "VS_BENCH_MINUTES must be a whole number of at least 2"
  exit 1
fi
if ! [[ $playSeconds =~ ^[0-9]+$ ]] || ((playSeconds < 1 || 3 * (playSeconds + 2) > 2 * minutes * 60)); then
  log "VS_BENCH_PLAY_SECONDS must be a whole number from 1 to two thirds of the recording"
  exit 1
fi

media="$build/bench-media"
source="$media/playback-${minutes}min-720p30-g60.mp4"
mkdir -p "$media"
if [[ ! -s $source ]]; then
  log "generating $minutes minutes of 720p30 H.264 (~4 Mb/s, keyframe every 2 s) + AAC (once; slow: ~0.5 min per minute)"
  # testsrc2 with film grain moves everywhere, so the encoder spends its bit
  # rate as on a camera; the rate control caps it like a phone's.
  ffmpeg -nostdin -y -loglevel error \
    -f lavfi -i "testsrc2=size=1280x720:rate=30,noise=alls=6:allf=t" \
    -f lavfi -i "anoisesrc=color=pink:sample_rate=48000:amplitude=0.3,bandpass=f=700:width_type=o:w=2,tremolo=f=4:d=0.9" \
    -t $((minutes * 60)) -map 0:v -map 1:a \
    -c:v libx264 -preset veryfast -profile:v high -b:v 4M -maxrate 5M -bufsize 8M \
    -g 60 -keyint_min 60 -sc_threshold 0 -pix_fmt yuv420p \
    -c:a aac -b:a 128k -ac 2 "$source.partial.mp4"
  mv "$source.partial.mp4" "$source"
fi

# mpv, for its figures only.
haveMpv() {
  command -v mpv >/dev/null && return 0
  local sudo=()
  if (($(id -u) != 0)); then
    command -v sudo >/dev/null || return 1
    if [[ -t 0 ]]; then sudo=(sudo); else sudo=(sudo -n); fi
  fi
  log "installing mpv with apt-get (for this benchmark only)"
  { DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y -q --no-install-recommends mpv ||
    { "${sudo[@]}" apt-get update -q && DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y -q \
      --no-install-recommends mpv; }; } >&2 || return 1
  command -v mpv >/dev/null
}
mpv=yes
if ! haveMpv; then
  mpv=no
  log "SKIPPED: the mpv figures (mpv is not installed and could not be: apt-get needs root or sudo)"
fi

work=$(mktemp -d "$build/bench-playback.XXXXXX")
trap 'rm -rf "$work"' EXIT

declare -A R
# collect PREFIX COMMAND...: reads the key<TAB>value lines into R[PREFIX.key].
collect() {
  local prefix=$1 key value output
  shift
  output=$("$@")
  while IFS=$'\t' read -r key value; do
    [[ -n $key ]] && R[$prefix.$key]=$value
  done <<<"$output"
}
stats() {  # prints "median p95" of the numbers on stdin
  sort -g | awk '{ v[NR] = $1 } END {
    m = (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2
    r = int(0.95 * NR); if (r < 0.95 * NR) r++
    printf "%.3f %.3f\n", m, v[r] }'
}
figure() {  # name project reference unit
  awk -v n="$1" -v p="$2" -v r="$3" -v u="$4" 'BEGIN { printf "%s\t%.2f\t%.2f\t%.3f\t%s\n", n, p, r, p / r, u }'
}

spanUs=$(((minutes * 60 - 2) * 1000000))  # positions leave out the last 2 s
playStartSeconds=$(((minutes * 60 - playSeconds - 2) / 3))  # whole seconds, a third in
playStartUs=$((playStartSeconds * 1000000))
container="$work/recording.vsc"

log "importing into a vault container (remux)"
collect import "$tool" prepare "$source" "$container"
log "import: ${R[import.import_s]} s; decrypting a plaintext copy of the container for the libav loop"
"$tool" decrypt "$container" "$work/recording.mp4"
cat "$source" "$container" "$work/recording.mp4" >/dev/null  # every side starts from a warm page cache

log "engine: open, seeks, steps"
collect engine "$tool" measure "$container" --span-us "$spanUs" --seed "$seed"
log "libav loop on the source: open, seeks"
collect ref "$ref" open "$source"
collect ref "$ref" seek "$source" --span-us "$spanUs" --seed "$seed"
collect ref "$ref" seek-before-keyframe "$source"
log "libav loop on the vault copy's plaintext (fragmented MP4): open, seeks"
collect frag "$ref" open "$work/recording.mp4"
collect frag "$ref" seek "$work/recording.mp4" --span-us "$spanUs" --seed "$seed"

positions=$("$ref" positions --span-us "$spanUs" --seed "$seed")
# perSeek NAME FUNCTION: runs FUNCTION T for every position, one process per
# seek; prints the median and p95 wall time in ms.
perSeek() {
  local name=$1 run=$2 t start end
  : >"$work/$name.ms"
  for t in $positions; do
    start=$EPOCHREALTIME
    if ! "$run" "$t" >/dev/null 2>"$work/cli.log"; then
      log "$name failed at $t s: $(cat "$work/cli.log")"
      exit 1
    fi
    end=$EPOCHREALTIME
    awk -v s="$start" -v e="$end" 'BEGIN { printf "%.3f\n", (e - s) * 1000 }' >>"$work/$name.ms"
  done
  stats <"$work/$name.ms"
}
ffmpegSeek() { ffmpeg -nostdin -hide_banner -loglevel error -ss "$1" -i "$source" -an -frames:v 1 -f null -; }
mpvSeek() {
  mpv --no-config --load-scripts=no --really-quiet --vo=null --ao=null --no-audio --hr-seek=yes --start="$1" \
    --frames=1 "$source"
}
log "ffmpeg -ss per position"
ffmpegTimes=$(perSeek ffmpeg ffmpegSeek)
read -r ffmpegMedian ffmpegP95 <<<"$ffmpegTimes"
if [[ $mpv == yes ]]; then
  log "mpv --start per position"
  mpvTimes=$(perSeek mpv mpvSeek)
  read -r mpvMedian mpvP95 <<<"$mpvTimes"
fi

log "playing $playSeconds s at 1x and 2x (real time)"
collect play1 "$tool" play "$container" --start-us "$playStartUs" --speed 1 --video-seconds "$playSeconds"
collect play2 "$tool" play "$container" --start-us "$playStartUs" --speed 2 --video-seconds "$playSeconds"
collect decode "$ref" decode "$source" --start-us "$playStartUs" --seconds "$playSeconds"
if [[ $mpv == yes ]]; then
  log "mpv playing the same $playSeconds s"
  /usr/bin/time -f "%e %U %S %M" -o "$work/mpv.time" mpv --no-config --load-scripts=no --really-quiet --vo=null \
    --no-audio --start="$playStartSeconds" --length="$playSeconds" "$source" \
    >/dev/null 2>&1
  read -r mpvWall mpvUser mpvSystem mpvRssKb <"$work/mpv.time"
  log "mpv played $playSeconds s in $mpvWall s"
  mpvCpu=$(awk -v u="$mpvUser" -v s="$mpvSystem" -v v="$playSeconds" 'BEGIN { printf "%.4f", (u + s) / v }')
  mpvRss=$(awk -v k="$mpvRssKb" 'BEGIN { printf "%.1f", k * 1024 / 1e6 }')
fi

ms() { awk -v v="$1" 'BEGIN { printf "%.1f", v * 1000 }'; }  # CPU s per video s -> ms per s
n="${minutes} min 720p30 H.264, keyframe every 2 s"
{
  figure "open to first picture, median of 21: engine (vault) vs libav loop (plaintext source)" \
    "${R[engine.open_ms_median]}" "${R[ref.open_ms_median]}" ms
  figure "open to first picture, median: engine vs 150 ms goal" "${R[engine.open_ms_median]}" 150 ms
  figure "exact seek, median of 100: engine vs libav seek-and-decode loop (goal ratio <= 1.2)" \
    "${R[engine.seek_ms_median]}" "${R[ref.seek_ms_median]}" ms
  figure "exact seek, p95 of 100: engine vs libav loop" "${R[engine.seek_ms_p95]}" "${R[ref.seek_ms_p95]}" ms
  figure "exact seek, median: libav loop on the vault copy's plaintext fMP4 vs on the source" \
    "${R[frag.seek_ms_median]}" "${R[ref.seek_ms_median]}" ms
  figure "exact seek, median: engine vs ffmpeg -ss T -frames:v 1 per seek (goal ratio <= 0.25)" \
    "${R[engine.seek_ms_median]}" "$ffmpegMedian" ms
  figure "exact seek, p95: engine vs ffmpeg -ss per seek" "${R[engine.seek_ms_p95]}" "$ffmpegP95" ms
  if [[ $mpv == yes ]]; then
    figure "exact seek, median: engine vs mpv --start --frames=1 per seek (goal ratio <= 0.25)" \
      "${R[engine.seek_ms_median]}" "$mpvMedian" ms
    figure "exact seek, p95: engine vs mpv per seek" "${R[engine.seek_ms_p95]}" "$mpvP95" ms
  fi
  figure "step forward, median of 200 vs 33.3 ms goal" "${R[engine.step_forward_ms_median]}" 33.3 ms
  figure "step back within the cached interval, median of ${R[engine.step_back_cached_count]%.*} vs 10 ms goal" \
    "${R[engine.step_back_cached_ms_median]}" 10 ms
  figure "step back across a keyframe, median of ${R[engine.step_back_across_count]%.*} vs libav seek to the frame before a keyframe" \
    "${R[engine.step_back_across_ms_median]}" "${R[ref.seek_before_keyframe_ms_median]}" ms
  if [[ $mpv == yes ]]; then
    figure "playing ${playSeconds} s at 1x, CPU per second of video: engine vs mpv (real speed)" \
      "$(ms "${R[play1.cpu_s_per_video_s]}")" "$(ms "$mpvCpu")" "ms/s"
  fi
  figure "playing ${playSeconds} s at 1x, CPU per second of video: engine vs libav loop decoding flat out" \
    "$(ms "${R[play1.cpu_s_per_video_s]}")" "$(ms "${R[decode.decode_cpu_s_per_video_s]}")" "ms/s"
  figure "playing ${playSeconds} s at 2x, CPU per second of video: engine vs libav loop decoding flat out" \
    "$(ms "${R[play2.cpu_s_per_video_s]}")" "$(ms "${R[decode.decode_cpu_s_per_video_s]}")" "ms/s"
  figure "playing at 1x, peak RSS vs 250 MB goal" "${R[play1.peak_rss_mb]}" 250 MB
  if [[ $mpv == yes ]]; then
    figure "playing at 1x, peak RSS: engine vs mpv" "${R[play1.peak_rss_mb]}" "$mpvRss" MB
  fi
  figure "playing ${playSeconds} s at 1x, pictures dropped of those due (goal 0)" \
    "${R[play1.dropped]}" "${R[play1.due]}" pictures
  figure "playing ${playSeconds} s at 2x, pictures dropped of those due (goal 0)" \
    "${R[play2.dropped]}" "${R[play2.due]}" pictures
} | sed "s|^|playback ($n): |"

# The summary with the goals, for people.
verdict() { awk -v v="$1" -v g="$2" -v op="$3" 'BEGIN { ok = (op == "<") ? v < g : (op == "<=") ? v <= g : v >= g
  print ok ? "met" : "NOT MET" }'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'; }
{
  echo
  echo "Playback benchmark, $n ($(nproc) cores; timings are wall clock on a possibly shared machine)"
  printf '  %-46s %10s  %s\n' "open to first picture (median)" "${R[engine.open_ms_median]} ms" \
    "libav loop ${R[ref.open_ms_median]} ms; goal < 150 ms: $(verdict "${R[engine.open_ms_median]}" 150 '<')"
  printf '  %-46s %10s  %s\n' "exact seek, median" "${R[engine.seek_ms_median]} ms" \
    "libav loop ${R[ref.seek_ms_median]} ms (x$(ratio "${R[engine.seek_ms_median]}" "${R[ref.seek_ms_median]}"); goal <= 1.2: $(verdict "$(ratio "${R[engine.seek_ms_median]}" "${R[ref.seek_ms_median]}")" 1.2 '<='))"
  printf '  %-46s %10s  %s\n' "exact seek, p95" "${R[engine.seek_ms_p95]} ms" "libav loop ${R[ref.seek_ms_p95]} ms"
  printf '  %-46s %10s  %s\n' "  libav loop on the vault copy (fMP4)" "" \
    "median ${R[frag.seek_ms_median]} ms, p95 ${R[frag.seek_ms_p95]} ms, open ${R[frag.open_ms_median]} ms"
  printf '  %-46s %10s  %s\n' "  ffmpeg -ss per seek" "" \
    "median $ffmpegMedian ms (engine $(ratio "$ffmpegMedian" "${R[engine.seek_ms_median]}")x faster; goal >= 4: $(verdict "$(ratio "$ffmpegMedian" "${R[engine.seek_ms_median]}")" 4 '>='))"
  if [[ $mpv == yes ]]; then
    printf '  %-46s %10s  %s\n' "  mpv --start per seek" "" \
      "median $mpvMedian ms (engine $(ratio "$mpvMedian" "${R[engine.seek_ms_median]}")x faster; goal >= 4: $(verdict "$(ratio "$mpvMedian" "${R[engine.seek_ms_median]}")" 4 '>='))"
  else
    printf '  %-46s\n' "  mpv: SKIPPED (not installed, could not install)"
  fi
  printf '  %-46s %10s  %s\n' "step forward, median" "${R[engine.step_forward_ms_median]} ms" \
    "p95 ${R[engine.step_forward_ms_p95]} ms; goal < 33 ms: $(verdict "${R[engine.step_forward_ms_median]}" 33.3 '<')"
  printf '  %-46s %10s  %s\n' "step back, cached, median" "${R[engine.step_back_cached_ms_median]} ms" \
    "p95 ${R[engine.step_back_cached_ms_p95]} ms; goal < 10 ms: $(verdict "${R[engine.step_back_cached_ms_median]}" 10 '<')"
  printf '  %-46s %10s  %s\n' "step back across a keyframe, median" "${R[engine.step_back_across_ms_median]} ms" \
    "libav seek to the frame before a keyframe ${R[ref.seek_before_keyframe_ms_median]} ms"
  printf '  %-46s %10s  %s\n' "1x: CPU per second of video" "$(ms "${R[play1.cpu_s_per_video_s]}") ms" \
    "$([[ $mpv == yes ]] && echo "mpv $(ms "$mpvCpu") ms, ")libav decode flat out $(ms "${R[decode.decode_cpu_s_per_video_s]}") ms"
  printf '  %-46s %10s  %s\n' "1x: peak RSS" "${R[play1.peak_rss_mb]} MB" \
    "$([[ $mpv == yes ]] && echo "mpv $mpvRss MB; ")goal < 250 MB: $(verdict "${R[play1.peak_rss_mb]}" 250 '<')"
  printf '  %-46s %10s  %s\n' "1x: pictures dropped" "${R[play1.dropped]%.*}" \
    "of ${R[play1.due]%.*} due; gaps seen ${R[play1.gaps]%.*}; goal 0: $(verdict "${R[play1.dropped]}" 0 '<=')"
  printf '  %-46s %10s  %s\n' "2x: pictures dropped" "${R[play2.dropped]%.*}" \
    "of ${R[play2.due]%.*} due; gaps seen ${R[play2.gaps]%.*}; CPU $(ms "${R[play2.cpu_s_per_video_s]}") ms/s of video; goal 0: $(verdict "${R[play2.dropped]}" 0 '<=')"
} >&2
