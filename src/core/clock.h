// Wall time for everything that decides on time (lockouts, expiry, the sweep).
// UTC, whole seconds. Code takes a Clock so tests inject time and never sleep.
#pragma once

#include <chrono>
#include <cstdint>
#include <string>

namespace vakspiegel {

using WallTime = std::chrono::sys_seconds;

class Clock {
 public:
  virtual ~Clock() = default;
  [[nodiscard]] virtual WallTime now() const = 0;
};

class SystemClock final : public Clock {
 public:
  [[nodiscard]] WallTime now() const override {
    return std::chrono::time_point_cast<std::chrono::seconds>(std::chrono::system_clock::now());
  }
};

// A clock that only moves when told to. For tests and simulations.
class ManualClock final : public Clock {
 public:
  explicit ManualClock(WallTime start) : m_now(start) {}
  [[nodiscard]] WallTime now() const override { return m_now; }
  void set(WallTime t) { m_now = t; }
  void advance(std::chrono::seconds by) { m_now += by; }

 private:
  WallTime m_now;
};

[[nodiscard]] inline std::int64_t toUnixSeconds(WallTime t) { return t.time_since_epoch().count(); }
[[nodiscard]] inline WallTime fromUnixSeconds(std::int64_t s) { return WallTime(std::chrono::seconds(s)); }

// ISO 8601 UTC, e.g. "2026-11-23T09:30:00Z". For logs, CSV and JSON.
[[nodiscard]] std::string formatUtc(WallTime t);

}  // namespace vakspiegel
