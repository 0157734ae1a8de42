// Derived data computed from the decoded audio during import (no FFmpeg
// here: plain mono float samples in, plain data out), and the formats they
// are stored in (each serialized blob is encrypted under the recording's key
// by the caller).
#pragma once

#include <cstdint>
#include <memory>
#include <span>
#include <vector>

#include "core/error.h"

namespace vakspiegel::media {

using Bytes = std::vector<unsigned char>;

// Audio waveform peaks for the timeline: per bucket of 1/peaksPerSecond s,
// the minimum and maximum sample, scaled to int16. A UI zooms out by merging
// buckets (min of mins, max of maxes).
struct WaveformPeaks {
  int peaksPerSecond = 100;
  std::vector<std::int16_t> minimum;
  std::vector<std::int16_t> maximum;  // same length as minimum
};

class WaveformBuilder {
 public:
  explicit WaveformBuilder(int sampleRate, int peaksPerSecond = 100);
  // Mono samples in [-1, 1] (louder is clipped), in order.
  void add(std::span<const float> samples);
  // Includes a last partial bucket. The builder then starts over (empty).
  [[nodiscard]] WaveformPeaks finish();

 private:
  void closeBucket();

  // Bucket k holds samples [k * rate / pps, (k + 1) * rate / pps) (integer
  // division), so buckets are sample-exact and never drift, whatever the rate.
  int m_sampleRate;
  WaveformPeaks m_peaks;
  std::int64_t m_samplesInBucket = 0;
  std::int64_t m_bucketSize = 0;  // samples in bucket m_bucketIndex
  std::int64_t m_bucketIndex = 0;
  float m_min = 0, m_max = 0;
};

// Speech and silence (energy-based voice activity detection). Silences of
// 3 s or more are what matters in these conversations: they are marked.
struct SpeechSegment {
  std::int64_t startUs = 0;
  std::int64_t endUs = 0;
  bool isSpeech = false;
  bool isLongSilence = false;  // !isSpeech && length >= kLongSilenceUs
};
inline constexpr std::int64_t kLongSilenceUs = 3'000'000;

struct SpeechActivity {
  // Consecutive, non-overlapping, covering [0, duration) without gaps,
  // alternating speech and silence.
  std::vector<SpeechSegment> segments;
  [[nodiscard]] std::vector<SpeechSegment> longSilences() const;
};

// Streams: keeps one byte per 20 ms frame (about 180 kB for an hour), not
// the samples. Decides in finish(), where the noise floor of each frame is a
// low percentile of the frame levels in the 30 s around it.
class SpeechDetector {
 public:
  explicit SpeechDetector(int sampleRate);
  SpeechDetector(const SpeechDetector&) = delete;
  SpeechDetector& operator=(const SpeechDetector&) = delete;
  SpeechDetector(SpeechDetector&&) noexcept;
  SpeechDetector& operator=(SpeechDetector&&) noexcept;
  ~SpeechDetector();
  void add(std::span<const float> samples);  // mono, [-1, 1]
  // Empty when no samples were added. The detector then starts over (empty).
  [[nodiscard]] SpeechActivity finish();
  // (implementation state is private; see analysis.cpp)
 private:
  struct State;
  std::unique_ptr<State> m_state;
};

[[nodiscard]] Bytes serialize(const WaveformPeaks& peaks);
[[nodiscard]] Bytes serialize(const SpeechActivity& activity);
// Formats (little endian): "VSWAVE" | u16 version 1 | u32 peaksPerSecond |
// u32 count | count x (i16 min, i16 max); "VSSPCH" | u16 version 1 |
// u32 count | count x (i64 startUs, i64 endUs, u8 flags: 1 speech, 2 long
// silence). Parsing checks every invariant stated above (min <= max; segments
// consecutive from 0, alternating, long-silence flag consistent).
// Errors: CorruptData (wrong magic, version, or lengths), Unsupported (a newer version).
[[nodiscard]] Result<WaveformPeaks> parseWaveformPeaks(std::span<const unsigned char> bytes);
[[nodiscard]] Result<SpeechActivity> parseSpeechActivity(std::span<const unsigned char> bytes);

}  // namespace vakspiegel::media
