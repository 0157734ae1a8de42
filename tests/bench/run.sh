#!/usr/bin/env bash
# Side-by-side timings of the vault's file container against plain file
# tools. Builds are the caller's: run.sh [BUILD_DIR] (default ./build) uses
# BUILD_DIR/tests/bench/{vault_file_tool,container_bench}; the scripts it
# calls at the end (import_bench.sh, playback_bench.sh, erasure_tool) name
# the programs they need.
#
# stdout carries only result lines: figure<TAB>project<TAB>reference<TAB>ratio<TAB>unit
# (ratio = project / reference); progress goes to stderr.
#
# Figures (each timed VS_BENCH_REPEAT times, default 3, alternating project
# and reference; the median is reported):
# - encrypt: vault_file_tool encrypt (ends with fsync, rename, directory
#   fsync) against `cp` of the same plaintext followed by `sync`.
#   Throughput in MB/s (10^6 bytes).
# - decrypt: vault_file_tool decrypt (two readers in two threads, output
#   fsynced) against the same cp + sync.
#   Before every timed run the input is read once (cat > /dev/null), so both
#   sides start from a warm page cache, and the previous run's output is
#   deleted and an untimed `sync` lets the file system settle; so every timed
#   run follows the deletion of a file of the same size. That matters on a
#   VM: writing into page-cache pages the guest has not touched lately can
#   cost many times the kernel CPU (seen here: cp 1.9 s of system time right
#   after another 1 GiB file was written, 0.2 s right after one was deleted).
#   The file decrypted is made once, untimed, before the runs.
# - random 64 KiB read: median latency of 2000 readAt() calls at random
#   offsets against pread() of the plaintext file at the same offsets (same
#   seed), page cache warm; and 200 of each with the file evicted from the
#   page cache before every read (posix_fadvise, no root needed).
# - Argon2id login: unwrapSecretKey at KdfParams::moderate(), from
#   container_bench, against the target of 1000 ms.
# The test file is VS_BENCH_BYTES bytes (default 1 GiB) of random data in a
# temporary directory under BUILD_DIR (on disk, where /tmp may be tmpfs).
set -euo pipefail

build=${1:-./build}
if [[ ! -d $build ]]; then
  echo "run.sh: no build directory $build" >&2
  exit 1
fi
build=$(cd -- "$build" && pwd)
tool="$build/tests/bench/vault_file_tool"
bench="$build/tests/bench/container_bench"
bytes=${VS_BENCH_BYTES:-1073741824}
repeat=${VS_BENCH_REPEAT:-3}

log() { echo "run.sh: $*" >&2; }

for program in "$tool" "$bench"; do
  if [[ ! -x $program ]]; then
    log "missing $program; build the targets vault_file_tool and container_bench first"
    exit 1
  fi
done
if ! [[ $bytes =~ ^[0-9]+$ ]] || ((bytes < 65536)); then
  log "VS_BENCH_BYTES must be a number of bytes of at least 65536"
  exit 1
fi

work=$(mktemp -d "$build/bench-run.XXXXXX")
trap 'rm -rf "$work"' EXIT
if [[ $(stat -f -c %T "$work") == tmpfs ]]; then
  log "warning: $work is on tmpfs; the disk figures will mean little"
fi

key=$(head -c 32 /dev/urandom | od -An -tx1 | tr -d ' \n')
plain="$work/plain"
mib=$(awk -v b="$bytes" 'BEGIN { printf "%g", b / 1048576 }')

log "writing $mib MiB of random test data to $work"
head -c "$bytes" /dev/urandom >"$plain"
sync

nowNs() { date +%s%N; }

# Runs "$@" and prints its wall time in seconds.
timed() {
  local start end
  start=$(nowNs)
  "$@" >/dev/null
  end=$(nowNs)
  awk -v s="$start" -v e="$end" 'BEGIN { printf "%.6f\n", (e - s) / 1e9 }'
}

median() { sort -g | awk '{ v[NR] = $1 } END { if (NR % 2) print v[(NR + 1) / 2]; else print (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }

warm() { cat -- "$1" >/dev/null; }

# Deletes the given files and waits for the file system to settle (untimed).
settle() {
  rm -f -- "$@"
  sync
}

copyAndSync() { cp -- "$plain" "$work/copy" && sync; }

figure() {  # name project reference unit
  awk -v n="$1" -v p="$2" -v r="$3" -v u="$4" 'BEGIN { printf "%s\t%.1f\t%.1f\t%.3f\t%s\n", n, p, r, p / r, u }'
}

throughput() { awk -v b="$bytes" -v s="$1" 'BEGIN { printf "%.3f\n", b / s / 1e6 }'; }

log "making the file to decrypt"
"$tool" encrypt "$plain" "$work/enc" --key "$key"
settle

encryptTimes=() decryptTimes=() copyTimes=()
for ((run = 1; run <= repeat; run++)); do
  log "encrypt, run $run of $repeat"
  warm "$plain"
  encryptTimes+=("$(timed "$tool" encrypt "$plain" "$work/encrypted" --key "$key")")
  settle "$work/encrypted"
  warm "$plain"
  copyTimes+=("$(timed copyAndSync)")
  settle "$work/copy"

  log "decrypt, run $run of $repeat"
  warm "$work/enc"
  decryptTimes+=("$(timed "$tool" decrypt "$work/enc" "$work/dec" --key "$key")")
  if ((run == 1)) && ! cmp -s -- "$plain" "$work/dec"; then
    log "decrypted data differ from the plaintext"
    exit 1
  fi
  settle "$work/dec"
  warm "$plain"
  copyTimes+=("$(timed copyAndSync)")
  settle "$work/copy"
done

encryptSeconds=$(printf '%s\n' "${encryptTimes[@]}" | median)
decryptSeconds=$(printf '%s\n' "${decryptTimes[@]}" | median)
copySeconds=$(printf '%s\n' "${copyTimes[@]}" | median)
log "seconds: encrypt ${encryptTimes[*]}; decrypt ${decryptTimes[*]}; cp+sync ${copyTimes[*]}"

log "random 64 KiB reads"
warm "$plain"
warm "$work/enc"
readWarm=$("$tool" randread "$work/enc" --key "$key" --count 2000 --seed 7)
readWarmPlain=$("$tool" randread "$plain" --plain --count 2000 --seed 7)
readCold=$("$tool" randread "$work/enc" --key "$key" --count 200 --seed 8 --cold)
readColdPlain=$("$tool" randread "$plain" --plain --count 200 --seed 8 --cold)

log "Argon2id (moderate) unwrap"
argonJson=$("$bench" --benchmark_filter='^BM_Argon2idUnwrapModerate' --benchmark_format=json)
# The benchmark reports milliseconds (Unit(kMillisecond)); one entry.
argon=$(awk -F': ' '/"real_time"/ { gsub(/[ ,]/, "", $2); print $2 + 0 }' <<<"$argonJson" | head -n 1)
if [[ -z $argon ]]; then
  log "container_bench gave no Argon2id time"
  exit 1
fi

figure "encrypt $mib MiB vs cp+sync" "$(throughput "$encryptSeconds")" "$(throughput "$copySeconds")" "MB/s"
figure "decrypt $mib MiB vs cp+sync" "$(throughput "$decryptSeconds")" "$(throughput "$copySeconds")" "MB/s"
figure "random 64 KiB read, warm cache, median vs pread" "$readWarm" "$readWarmPlain" "µs"
figure "random 64 KiB read, cold cache, median vs pread" "$readCold" "$readColdPlain" "µs"
figure "Argon2id moderate unwrap (login) vs 1000 ms target" "$argon" 1000 "ms"

# Import against the ffmpeg CLI (its own script: it generates a long recording once).
"$(dirname -- "${BASH_SOURCE[0]}")/import_bench.sh" "$build"

# Playback engine against a plain libav loop, ffmpeg and mpv (its own script:
# it generates a long recording once, with a keyframe every 2 s).
"$(dirname -- "${BASH_SOURCE[0]}")/playback_bench.sh" "$build"

# Erasure: the sweep of 1,000 expired recordings and a withdrawal's latency
# (the tool prints its own figure lines; see tests/bench/erasure_tool.cpp).
erasureWork=$(mktemp -d "$build/bench-erasure.XXXXXX")
log "erasure figures (planting ${VS_ERASE_COUNT:-1000} recordings takes a few minutes)"
"$build/tests/bench/erasure_tool" "$erasureWork"
rm -rf "$erasureWork"

# The workstation: the library with 500 recordings and the wizard's import of
# an hour's remux, against the workstation issue's goals (the tool prints its
# own figure lines; see tests/bench/workstation_tool.cpp).
if [[ -x $build/tests/bench/workstation_tool ]]; then
  workstationWork=$(mktemp -d "$build/bench-workstation.XXXXXX")
  log "workstation figures (importing ${VS_LIBRARY_COUNT:-500} recordings and making a ${VS_IMPORT_MINUTES:-60}-minute one)"
  QT_QPA_PLATFORM=offscreen "$build/tests/bench/workstation_tool" "$workstationWork"
  rm -rf "$workstationWork"
fi
