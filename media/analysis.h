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
  [[nodiscard]] WaveformPeaks finish();  // includes a last partial bucket

 private:
  int m_sampleRate;
  WaveformPeaks m_peaks;
  std::int64_t m_samplesInBucket = 0;
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

class SpeechDetector {
 public:
  explicit SpeechDetector(int sampleRate);
  void add(std::span<const float> samples);  // mono, [-1, 1]
  [[nodiscard]] SpeechActivity finish();
  // (implementation state is private; see analysis.cpp)
 private:
  struct State;
  std::shared_ptr<State> m_state;
};

[[nodiscard]] Bytes serialize(const WaveformPeaks& peaks);
[[nodiscard]] Bytes serialize(const SpeechActivity& activity);
// Errors: CorruptData (wrong magic, version, or lengths), Unsupported (a newer version).
[[nodiscard]] Result<WaveformPeaks> parseWaveformPeaks(std::span<const unsigned char> bytes);
[[nodiscard]] Result<SpeechActivity> parseSpeechActivity(std::span<const unsigned char> bytes);

}  // namespace vakspiegel::media
