// Test-only crash hook for the crash-recovery tests (tests/app/crash_test.cpp).
// Every step of import and erasure that must survive a power cut calls
// crashPoint("step.name"); when that point is armed the process is killed
// with SIGKILL right there, as a power cut or `kill -9` would. Compiled into
// every build on purpose: being killed at a crash point is no different from
// being killed anywhere else, which the vault must survive anyway.
//
// Armed by armCrashPoint() (a forked test child) or by the environment
// variable VAKSPIEGEL_CRASH_AT="step.name" or "step.name#N" (the N-th time
// that point is reached, counting from 1), read at the first crashPoint().
#pragma once

#include <string>

namespace vakspiegel {

void crashPoint(const char* name);
// hit >= 1. An empty name disarms.
void armCrashPoint(const std::string& name, int hit = 1);

}  // namespace vakspiegel
