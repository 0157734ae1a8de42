#!/usr/bin/env bash
# The full crash-recovery run (issue 4): 1,000 randomised kill points across
# import, withdrawal, the owner's delete and the retention sweep, restarting
# after each (tests/app/crash_test.cpp; CI runs a short version of the same
# test). Prints the figures: iterations, kills per point, violations.
# Usage: tests/crash/run.sh [BUILD_DIR] (default ./build); VS_CRASH_ITERATIONS
# overrides the count.
set -euo pipefail
build=${1:-./build}
test=$build/tests/crash_test
if [[ ! -x $test ]]; then
  echo "run.sh: missing $test; build the target crash_test first" >&2
  exit 1
fi
VS_CRASH_ITERATIONS=${VS_CRASH_ITERATIONS:-1000} LANGUAGE=nl "$test" --gtest_brief=1
