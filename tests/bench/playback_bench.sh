#!/usr/bin/env bash
# Playback, side by side in one run on the same content: a generated
# recording of VS_BENCH_MINUTES minutes (default 60) of 720p30 H.264 at
# ~4 Mb/s with a keyframe every 2 s (-g 60, no scene-cut keyframes) and AAC
# stereo (band-passed pink noise at syllable rate: speech-like), made once and
# kept in BUILD_DIR/bench-media. The engine plays it as the product does:
# remux-imported into a vault container and read through the decrypting
# reader; headless (no audio device: the engine's monotonic clock).
# The engine and its references take turns position by position
# (playback_tool measure), so a change in the machine's load hits both.
#
# Figures (figure<TAB>project<TAB>reference<TAB>ratio<TAB>unit on stdout,
# ratio = project / reference; progress and a summary with the goals on
# stderr):
# - open to first picture, median of 21: the engine (container reader open,
#   Player::open, waitForPicture, takePicture) vs a minimal libav loop
#   opening the plaintext source and decoding its first frame; goal < 150 ms.
# - exact seek to 100 random positions (seed VS_BENCH_SEED, default 5): the
#   engine's median and p95 vs the minimal libav seek-and-decode loop on the
#   plaintext source (goal: median <= 1.2x), vs `ffmpeg -ss T -i IN -an
#   -frames:v 1 -f null -` and vs `mpv --vo=null --no-audio --hr-seek=yes
#   --start=T --frames=1 IN`, one process per position, wall time (goal:
#   engine >= 4x faster); CPU time per seek (all threads, the engine's
#   read-ahead after the picture included). The libav loop also runs on the
#   vault copy's plaintext (the fragmented MP4 the engine reads, decrypted to
#   a file) to tell the container format from the engine.
# - step forward, median of 200 (20 random positions, 10 steps right after
#   the seek, back to back): goal < 33 ms.
# - step back within the cached keyframe interval (after a seek to one of 30
#   random positions, back picture by picture down to the keyframe): median,
#   goal < 10 ms; and the step across that keyframe (not cached) vs the libav
#   loop's exact seek to the same picture (a whole interval decoded).
# - playing 60 s of video (VS_BENCH_PLAY_SECONDS) at 1x from a third into the
#   recording, each picture taken at its due time: CPU per second of video vs
#   mpv playing the same minute at real speed (--vo=null --no-audio --length)
#   and vs the libav loop decoding it flat out; peak RSS vs the 250 MB goal
#   (and mpv's); pictures dropped (goal 0); at 2x: dropped (goal 0). The
#   summary gives the presentation loop's worst oversleep past a picture's
#   time: one longer than the time between pictures means the loop itself,
#   held up by the machine, missed a picture.
# mpv is only for this benchmark: when missing it is installed with apt-get
# (sudo when not root, as packaging/dev does); if that cannot be done the mpv
# figures are skipped, saying so on stderr.
#
#   playback_bench.sh BUILD_DIR    (needs the target playback_tool)
set -euo pipefail

build=$(cd -- "${1:-./build}" && pwd)
tool="$build/tests/bench/playback_tool"
minutes=${VS_BENCH_MINUTES:-60}
seed=${VS_BENCH_SEED:-5}
playSeconds=${VS_BENCH_PLAY_SECONDS:-60}
log() { echo "playback_bench.sh: $*" >&2; }
[[ -x $tool ]] || { log "missing $tool; build the target playback_tool first"; exit 1; }
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
  log "generating $minutes minutes of 720p30 H.264 (~4 Mb/s, keyframe every 2 s) + AAC (once; slow: ~0.5-1 min per minute)"
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
mpv=1
if ! haveMpv; then
  mpv=0
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
figure() {  # name project reference unit
  awk -v n="$1" -v p="$2" -v r="$3" -v u="$4" 'BEGIN { printf "%s\t%.3f\t%.3f\t%.3f\t%s\n", n, p, r, p / r, u }'
}

spanUs=$(((minutes * 60 - 2) * 1000000))                     # positions leave out the last 2 s
playStartSeconds=$(((minutes * 60 - playSeconds - 2) / 3)) # whole seconds, a third in
playStartUs=$((playStartSeconds * 1000000))
container="$work/recording.vsc"

log "importing into a vault container (remux)"
collect import "$tool" prepare "$source" "$container"
log "import: ${R[import.import_s]} s; decrypting a plaintext copy of the container for the libav loop"
"$tool" decrypt "$container" "$work/recording.mp4"
cat "$source" "$container" "$work/recording.mp4" >/dev/null # every side starts from a warm page cache

log "open, seeks (engine, libav loop, ffmpeg$( ((mpv)) && echo ", mpv") in turns), steps; takes a while"
collect m "$tool" measure "$container" --source "$source" --plain-copy "$work/recording.mp4" \
  --span-us "$spanUs" --seed "$seed" --mpv "$mpv"

log "playing $playSeconds s at 1x and at 2x (real time)"
collect play1 "$tool" play "$container" --start-us "$playStartUs" --speed 1 --video-seconds "$playSeconds"
collect play2 "$tool" play "$container" --start-us "$playStartUs" --speed 2 --video-seconds "$playSeconds"
collect decode "$tool" decode "$source" --start-us "$playStartUs" --seconds "$playSeconds"
if ((mpv)); then
  log "mpv playing the same $playSeconds s"
  /usr/bin/time -f "%e %U %S %M" -o "$work/mpv.time" mpv --no-config --load-scripts=no --really-quiet --vo=null \
    --no-audio --start="$playStartSeconds" --length="$playSeconds" "$source" >/dev/null 2>&1
  read -r mpvWall mpvUser mpvSystem mpvRssKb <"$work/mpv.time"
  log "mpv played $playSeconds s in $mpvWall s"
  mpvCpu=$(awk -v u="$mpvUser" -v s="$mpvSystem" -v v="$playSeconds" 'BEGIN { printf "%.1f", (u + s) * 1000 / v }')
  mpvRss=$(awk -v k="$mpvRssKb" 'BEGIN { printf "%.1f", k * 1024 / 1e6 }')
fi

us() { awk -v v="$1" 'BEGIN { printf "%.2f", v * 1000 }'; } # ms -> µs
n="${minutes} min 720p30 H.264, keyframe every 2 s"
{
  figure "open to first picture, median of 21: engine (vault) vs libav loop (plaintext source)" \
    "${R[m.engine_open_ms_median]}" "${R[m.libav_open_ms_median]}" ms
  figure "open to first picture, median: engine vs 150 ms goal" "${R[m.engine_open_ms_median]}" 150 ms
  figure "open to first picture, median: libav loop on the vault copy's plaintext fMP4 vs on the source" \
    "${R[m.copy_open_ms_median]}" "${R[m.libav_open_ms_median]}" ms
  figure "exact seek, median of 100: engine vs libav seek-and-decode loop (goal ratio <= 1.2)" \
    "${R[m.engine_seek_ms_median]}" "${R[m.libav_seek_ms_median]}" ms
  figure "exact seek, p95 of 100: engine vs libav loop" "${R[m.engine_seek_ms_p95]}" "${R[m.libav_seek_ms_p95]}" ms
  figure "exact seek, CPU time per seek (mean, all threads): engine vs libav loop" \
    "${R[m.engine_seek_cpu_ms_mean]}" "${R[m.libav_seek_cpu_ms_mean]}" ms
  figure "exact seek, median: libav loop on the vault copy's plaintext fMP4 vs on the source" \
    "${R[m.copy_seek_ms_median]}" "${R[m.libav_seek_ms_median]}" ms
  figure "exact seek, median: engine vs ffmpeg -ss T -frames:v 1 per seek (goal ratio <= 0.25)" \
    "${R[m.engine_seek_ms_median]}" "${R[m.ffmpeg_seek_ms_median]}" ms
  figure "exact seek, p95: engine vs ffmpeg -ss per seek" "${R[m.engine_seek_ms_p95]}" "${R[m.ffmpeg_seek_ms_p95]}" ms
  if ((mpv)); then
    figure "exact seek, median: engine vs mpv --start --frames=1 per seek (goal ratio <= 0.25)" \
      "${R[m.engine_seek_ms_median]}" "${R[m.mpv_seek_ms_median]}" ms
    figure "exact seek, p95: engine vs mpv per seek" "${R[m.engine_seek_ms_p95]}" "${R[m.mpv_seek_ms_p95]}" ms
  fi
  figure "step forward, median of ${R[m.step_forward_count]} vs 33.3 ms goal" "${R[m.step_forward_ms_median]}" 33.3 ms
  figure "step back within the cached interval, median of ${R[m.step_back_cached_count]} vs 10 ms goal" \
    "$(us "${R[m.step_back_cached_ms_median]}")" 10000 µs
  figure "step back across a keyframe, median of ${R[m.step_back_across_count]} vs libav loop's seek to that picture" \
    "${R[m.step_back_across_ms_median]}" "${R[m.libav_before_keyframe_ms_median]}" ms
  if ((mpv)); then
    figure "playing ${playSeconds} s at 1x, CPU per second of video: engine vs mpv (real speed)" \
      "${R[play1.cpu_ms_per_video_s]}" "$mpvCpu" "ms/s"
  fi
  figure "playing ${playSeconds} s at 1x, CPU per second of video: engine vs libav loop decoding flat out" \
    "${R[play1.cpu_ms_per_video_s]}" "${R[decode.cpu_ms_per_video_s]}" "ms/s"
  figure "playing ${playSeconds} s at 2x, CPU per second of video: engine vs libav loop decoding flat out" \
    "${R[play2.cpu_ms_per_video_s]}" "${R[decode.cpu_ms_per_video_s]}" "ms/s"
  figure "playing at 1x, peak RSS vs 250 MB goal" "${R[play1.peak_rss_mb]}" 250 MB
  if ((mpv)); then
    figure "playing at 1x, peak RSS: engine vs mpv" "${R[play1.peak_rss_mb]}" "$mpvRss" MB
  fi
  figure "playing ${playSeconds} s at 1x, pictures dropped of those due (goal 0)" \
    "${R[play1.dropped]}" "${R[play1.due]}" pictures
  figure "playing ${playSeconds} s at 2x, pictures dropped of those due (goal 0)" \
    "${R[play2.dropped]}" "${R[play2.due]}" pictures
} | sed "s|^|playback ($n): |"

# The summary with the goals, for people.
num() { awk -v v="$1" 'BEGIN { printf "%.1f", v }'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'; }
verdict() { # value op goal
  awk -v v="$1" -v op="$2" -v g="$3" 'BEGIN {
    ok = (op == "<") ? v < g : (op == "<=") ? v <= g : v >= g
    print ok ? "met" : "NOT MET" }'
}
row() { printf '  %-36s %10s  %s\n' "$@"; }
seekRatio=$(ratio "${R[m.engine_seek_ms_median]}" "${R[m.libav_seek_ms_median]}")
ffmpegFaster=$(ratio "${R[m.ffmpeg_seek_ms_median]}" "${R[m.engine_seek_ms_median]}")
{
  echo
  echo "Playback benchmark, $n, $(nproc) cores (wall-clock timings: a shared machine makes them noisy)"
  row "open to first picture, median" "$(num "${R[m.engine_open_ms_median]}") ms" \
    "libav loop $(num "${R[m.libav_open_ms_median]}") ms (on the fMP4 copy $(num "${R[m.copy_open_ms_median]}") ms); goal < 150 ms: $(verdict "${R[m.engine_open_ms_median]}" '<' 150)"
  row "exact seek, median" "$(num "${R[m.engine_seek_ms_median]}") ms" \
    "libav loop $(num "${R[m.libav_seek_ms_median]}") ms: ${seekRatio}x; goal <= 1.2x: $(verdict "$seekRatio" '<=' 1.2)"
  row "exact seek, p95" "$(num "${R[m.engine_seek_ms_p95]}") ms" "libav loop $(num "${R[m.libav_seek_ms_p95]}") ms"
  row "exact seek, CPU per seek (mean)" "$(num "${R[m.engine_seek_cpu_ms_mean]}") ms" \
    "libav loop $(num "${R[m.libav_seek_cpu_ms_mean]}") ms"
  row "  libav loop on the fMP4 copy" "" \
    "median $(num "${R[m.copy_seek_ms_median]}") ms, p95 $(num "${R[m.copy_seek_ms_p95]}") ms"
  row "  ffmpeg -ss per seek" "" "median $(num "${R[m.ffmpeg_seek_ms_median]}") ms, p95 $(num "${R[m.ffmpeg_seek_ms_p95]}") ms: engine ${ffmpegFaster}x faster; goal >= 4x: $(verdict "$ffmpegFaster" '>=' 4)"
  if ((mpv)); then
    mpvFaster=$(ratio "${R[m.mpv_seek_ms_median]}" "${R[m.engine_seek_ms_median]}")
    row "  mpv --start per seek" "" "median $(num "${R[m.mpv_seek_ms_median]}") ms, p95 $(num "${R[m.mpv_seek_ms_p95]}") ms: engine ${mpvFaster}x faster; goal >= 4x: $(verdict "$mpvFaster" '>=' 4)"
  else
    row "  mpv" "SKIPPED" "not installed and could not be installed"
  fi
  row "  same picture as the libav loop" "${R[m.seek_same_frame]} of 100" \
    "(the engine's time 0 is the container's start_time: $(num "${R[m.engine_first_picture_us]}") µs before its first picture)"
  row "step forward, median" "$(num "${R[m.step_forward_ms_median]}") ms" \
    "p95 $(num "${R[m.step_forward_ms_p95]}") ms; goal < 33 ms: $(verdict "${R[m.step_forward_ms_median]}" '<' 33.3)"
  row "step back, cached, median" "$(us "${R[m.step_back_cached_ms_median]}") µs" \
    "p95 $(us "${R[m.step_back_cached_ms_p95]}") µs; goal < 10 ms: $(verdict "${R[m.step_back_cached_ms_median]}" '<' 10)"
  row "step back across a keyframe, median" "$(num "${R[m.step_back_across_ms_median]}") ms" \
    "libav loop's seek to the same picture $(num "${R[m.libav_before_keyframe_ms_median]}") ms"
  row "1x: CPU per second of video" "$(num "${R[play1.cpu_ms_per_video_s]}") ms" \
    "$( ((mpv)) && echo "mpv $mpvCpu ms, ")libav loop decoding flat out $(num "${R[decode.cpu_ms_per_video_s]}") ms"
  row "1x: peak RSS" "$(num "${R[play1.peak_rss_mb]}") MB" \
    "$( ((mpv)) && echo "mpv $mpvRss MB; ")goal < 250 MB: $(verdict "${R[play1.peak_rss_mb]}" '<' 250)"
  row "1x: pictures dropped" "${R[play1.dropped]}" \
    "of ${R[play1.due]} due (gaps seen: ${R[play1.gaps]}); goal 0: $(verdict "${R[play1.dropped]}" '<=' 0)"
  row "" "" "the loop's worst oversleep $(num "${R[play1.oversleep_ms_max]}") ms (33.3 ms between pictures)"
  row "2x: pictures dropped" "${R[play2.dropped]}" \
    "of ${R[play2.due]} due (gaps seen: ${R[play2.gaps]}); goal 0: $(verdict "${R[play2.dropped]}" '<=' 0)"
  row "" "" "the loop's worst oversleep $(num "${R[play2.oversleep_ms_max]}") ms (16.7 ms between pictures)"
  row "2x: CPU per second of video" "$(num "${R[play2.cpu_ms_per_video_s]}") ms" ""
} >&2
