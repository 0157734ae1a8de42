// Shared by playback_tool (the engine) and playback_reference_tool (plain
// libav): the random positions both visit, the statistics and the output.
// Output lines are key<TAB>value; playback_bench.sh turns them into figures.
#pragma once

#include <sys/resource.h>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <random>
#include <string>
#include <string_view>
#include <vector>

namespace vakspiegel::bench {

// `count` positions in [0, spanUs), in microseconds, the same for the same
// seed on every run and in both tools.
inline std::vector<std::int64_t> randomPositions(std::uint64_t seed, int count, std::int64_t spanUs) {
  std::mt19937_64 generator(seed);
  std::vector<std::int64_t> positions;
  for (int i = 0; i < count; ++i)
    positions.push_back(static_cast<std::int64_t>(generator() % static_cast<std::uint64_t>(spanUs)));
  return positions;
}

inline double percentile(std::vector<double> values, double fraction) {
  if (values.empty()) return std::nan("");
  std::sort(values.begin(), values.end());
  // Nearest rank; for 0.5 and an even count the mean of the two middle values.
  if (fraction == 0.5 && values.size() % 2 == 0) return (values[values.size() / 2 - 1] + values[values.size() / 2]) / 2;
  const auto rank = static_cast<std::size_t>(std::ceil(fraction * static_cast<double>(values.size())));
  return values[std::clamp<std::size_t>(rank, 1, values.size()) - 1];
}

inline void put(const char* key, double value) {
  std::printf("%s\t%.6g\n", key, value);
  std::fflush(stdout);
}

// User + system CPU time of this process (all threads), in seconds.
inline double cpuSeconds() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  const auto seconds = [](const timeval& t) {
    return static_cast<double>(t.tv_sec) + static_cast<double>(t.tv_usec) / 1e6;
  };
  return seconds(usage.ru_utime) + seconds(usage.ru_stime);
}

// Peak resident memory of this process so far, in MB (10^6 bytes).
inline double peakRssMb() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  return static_cast<double>(usage.ru_maxrss) * 1024 / 1e6;
}

// Command-line options of the form --name VALUE.
class Options {
 public:
  Options(int argc, char** argv, int first) {
    for (int i = first; i + 1 < argc; i += 2) {
      if (std::string_view(argv[i]).substr(0, 2) != "--") {
        std::fprintf(stderr, "unexpected argument %s\n", argv[i]);
        std::exit(64);
      }
      m_pairs.emplace_back(argv[i] + 2, argv[i + 1]);
    }
    if ((argc - first) % 2 != 0) {
      std::fprintf(stderr, "option %s has no value\n", argv[argc - 1]);
      std::exit(64);
    }
  }
  [[nodiscard]] double number(std::string_view name, double fallback) const {
    for (const auto& [key, value] : m_pairs)
      if (key == name) {
        char* end = nullptr;
        const double parsed = std::strtod(value.c_str(), &end);
        if (end == value.c_str() || *end != '\0') {
          std::fprintf(stderr, "--%s: not a number: %s\n", key.c_str(), value.c_str());
          std::exit(64);
        }
        return parsed;
      }
    return fallback;
  }
  [[nodiscard]] std::string text(std::string_view name, std::string fallback = {}) const {
    for (const auto& [key, value] : m_pairs)
      if (key == name) return value;
    return fallback;
  }
  [[nodiscard]] std::int64_t integer(std::string_view name, std::int64_t fallback) const {
    return static_cast<std::int64_t>(std::llround(number(name, static_cast<double>(fallback))));
  }

 private:
  std::vector<std::pair<std::string, std::string>> m_pairs;
};

}  // namespace vakspiegel::bench
