// PLACEHOLDER so the import pipeline links and can be tested before the real
// audio analysis lands (branch `analysis`). Drop this commit when it does.
// Waveform peaks are computed for real; speech detection is a crude energy
// threshold; the serialisation functions are not implemented.
#include "media/analysis.h"

#include <algorithm>
#include <cmath>

namespace vakspiegel::media {

WaveformBuilder::WaveformBuilder(int sampleRate, int peaksPerSecond) : m_sampleRate(sampleRate) {
  m_peaks.peaksPerSecond = peaksPerSecond;
}

void WaveformBuilder::add(std::span<const float> samples) {
  const std::int64_t perBucket = std::max<std::int64_t>(1, m_sampleRate / m_peaks.peaksPerSecond);
  for (float sample : samples) {
    const float clipped = std::clamp(sample, -1.0f, 1.0f);
    if (m_samplesInBucket == 0) m_min = m_max = clipped;
    m_min = std::min(m_min, clipped);
    m_max = std::max(m_max, clipped);
    if (++m_samplesInBucket == perBucket) {
      m_peaks.minimum.push_back(static_cast<std::int16_t>(std::lround(m_min * 32767.0f)));
      m_peaks.maximum.push_back(static_cast<std::int16_t>(std::lround(m_max * 32767.0f)));
      m_samplesInBucket = 0;
      ++m_bucketIndex;
    }
  }
}

WaveformPeaks WaveformBuilder::finish() {
  if (m_samplesInBucket > 0) {
    m_peaks.minimum.push_back(static_cast<std::int16_t>(std::lround(m_min * 32767.0f)));
    m_peaks.maximum.push_back(static_cast<std::int16_t>(std::lround(m_max * 32767.0f)));
    m_samplesInBucket = 0;
  }
  return std::move(m_peaks);
}

std::vector<SpeechSegment> SpeechActivity::longSilences() const {
  std::vector<SpeechSegment> result;
  for (const SpeechSegment& segment : segments) {
    if (segment.isLongSilence) result.push_back(segment);
  }
  return result;
}

struct SpeechDetector::State {
  int sampleRate = 0;
  std::int64_t samples = 0;
  double energy = 0;
  std::int64_t frameSamples = 0;
  std::vector<SpeechSegment> segments;
};

SpeechDetector::SpeechDetector(int sampleRate) : m_state(std::make_shared<State>()) { m_state->sampleRate = sampleRate; }

void SpeechDetector::add(std::span<const float> samples) {
  State& s = *m_state;
  const std::int64_t frameLength = s.sampleRate / 50;  // 20 ms
  for (float sample : samples) {
    s.energy += static_cast<double>(sample) * sample;
    ++s.samples;
    if (++s.frameSamples == frameLength) {
      const bool isSpeech = s.energy / static_cast<double>(frameLength) > 1e-4;
      const std::int64_t endUs = s.samples * 1'000'000 / s.sampleRate;
      if (!s.segments.empty() && s.segments.back().isSpeech == isSpeech) {
        s.segments.back().endUs = endUs;
      } else {
        const std::int64_t startUs = s.segments.empty() ? 0 : s.segments.back().endUs;
        s.segments.push_back({startUs, endUs, isSpeech, false});
      }
      s.energy = 0;
      s.frameSamples = 0;
    }
  }
}

SpeechActivity SpeechDetector::finish() {
  SpeechActivity activity;
  activity.segments = std::move(m_state->segments);
  for (SpeechSegment& segment : activity.segments) {
    segment.isLongSilence = !segment.isSpeech && segment.endUs - segment.startUs >= kLongSilenceUs;
  }
  return activity;
}

Bytes serialize(const WaveformPeaks&) { return {}; }
Bytes serialize(const SpeechActivity&) { return {}; }
Result<WaveformPeaks> parseWaveformPeaks(std::span<const unsigned char>) {
  return fail(ErrorCode::Unsupported, "placeholder");
}
Result<SpeechActivity> parseSpeechActivity(std::span<const unsigned char>) {
  return fail(ErrorCode::Unsupported, "placeholder");
}

}  // namespace vakspiegel::media
