#include "core/crash_point.h"

#include <signal.h>
#include <unistd.h>

#include <charconv>
#include <cstdlib>
#include <mutex>

namespace vakspiegel {
namespace {

struct Armed {
  std::mutex mutex;
  bool isInitialised = false;
  std::string name;
  int remaining = 0;
};

Armed& armed() {
  static Armed a;
  return a;
}

void armLocked(Armed& a, const std::string& name, int hit) {
  a.isInitialised = true;
  a.name = name;
  a.remaining = hit < 1 ? 1 : hit;
}

}  // namespace

void armCrashPoint(const std::string& name, int hit) {
  Armed& a = armed();
  const std::lock_guard lock(a.mutex);
  armLocked(a, name, hit);
}

void crashPoint(const char* name) {
  Armed& a = armed();
  const std::lock_guard lock(a.mutex);
  if (!a.isInitialised) {
    const char* spec = std::getenv("VAKSPIEGEL_CRASH_AT");
    std::string text = spec ? spec : "";
    int hit = 1;
    if (const auto hash = text.find('#'); hash != std::string::npos) {
      std::from_chars(text.data() + hash + 1, text.data() + text.size(), hit);
      text.resize(hash);
    }
    armLocked(a, text, hit);
  }
  if (a.name.empty() || a.name != name) return;
  if (--a.remaining > 0) return;
  ::kill(::getpid(), SIGKILL);
  ::_exit(137);  // not reached
}

}  // namespace vakspiegel
