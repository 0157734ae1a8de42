// Waveform peaks, energy-based speech/silence detection and their stored
// formats; see analysis.h. Plain samples in: no FFmpeg here.
#include "media/analysis.h"

#include <algorithm>
#include <array>
#include <cassert>
#include <cmath>
#include <limits>
#include <utility>

#include "core/i18n.h"
#include "core/le_bytes.h"

namespace vakspiegel::media {
namespace {

// A sample clipped to [-1, 1]; NaN counts as silence (a decoder glitch must
// not poison a whole bucket or frame).
float clipSample(float sample) {
  if (std::isnan(sample)) return 0.0f;
  return std::clamp(sample, -1.0f, 1.0f);
}

std::int16_t toInt16(float clipped) {
  return static_cast<std::int16_t>(std::lround(clipped * 32767.0f));
}

}  // namespace

// --- Waveform ---------------------------------------------------------------

WaveformBuilder::WaveformBuilder(int sampleRate, int peaksPerSecond) : m_sampleRate(std::max(sampleRate, 1)) {
  assert(sampleRate > 0 && peaksPerSecond > 0);
  // More peaks than samples per second would leave buckets empty.
  m_peaks.peaksPerSecond = std::clamp(peaksPerSecond, 1, m_sampleRate);
  m_bucketSize = m_sampleRate / m_peaks.peaksPerSecond;
}

void WaveformBuilder::add(std::span<const float> samples) {
  while (!samples.empty()) {
    const auto take = static_cast<std::size_t>(
        std::min<std::int64_t>(m_bucketSize - m_samplesInBucket, static_cast<std::int64_t>(samples.size())));
    if (m_samplesInBucket == 0) m_min = m_max = clipSample(samples.front());
    for (const float sample : samples.first(take)) {
      const float clipped = clipSample(sample);
      m_min = std::min(m_min, clipped);
      m_max = std::max(m_max, clipped);
    }
    m_samplesInBucket += static_cast<std::int64_t>(take);
    samples = samples.subspan(take);
    if (m_samplesInBucket == m_bucketSize) closeBucket();
  }
}

void WaveformBuilder::closeBucket() {
  m_peaks.minimum.push_back(toInt16(m_min));
  m_peaks.maximum.push_back(toInt16(m_max));
  ++m_bucketIndex;
  const std::int64_t rate = m_sampleRate;
  const std::int64_t perSecond = m_peaks.peaksPerSecond;
  m_bucketSize = (m_bucketIndex + 1) * rate / perSecond - m_bucketIndex * rate / perSecond;
  m_samplesInBucket = 0;
}

WaveformPeaks WaveformBuilder::finish() {
  if (m_samplesInBucket > 0) closeBucket();
  WaveformPeaks result = std::move(m_peaks);
  m_peaks = WaveformPeaks{};
  m_peaks.peaksPerSecond = result.peaksPerSecond;
  m_bucketIndex = 0;
  m_samplesInBucket = 0;
  m_bucketSize = m_sampleRate / m_peaks.peaksPerSecond;
  return result;
}

// --- Speech activity --------------------------------------------------------

std::vector<SpeechSegment> SpeechActivity::longSilences() const {
  std::vector<SpeechSegment> result;
  std::copy_if(segments.begin(), segments.end(), std::back_inserter(result),
               [](const SpeechSegment& segment) { return segment.isLongSilence; });
  return result;
}

namespace {

// 20 ms frames: short enough for word-level boundaries, long enough for a
// stable energy at 16 kHz (320 samples). Frame k starts at k * 20 ms exactly.
constexpr std::int64_t kFramesPerSecond = 50;
constexpr std::int64_t kFrameUs = 1'000'000 / kFramesPerSecond;

// Frame levels are stored as one byte: (dBFS - kLevelMinDb) / kLevelStepDb.
// The energy is the frame's variance (a DC offset is not sound), so a full
// scale square wave is 0 dBFS, the top of the scale.
constexpr double kLevelMinDb = -120.0;
constexpr double kLevelStepDb = 0.5;

// Frames quieter than this are never speech, whatever the noise floor: the
// digital silence or dither of a muted input, well below a voice at
// conversational distance from the microphone.
constexpr double kAbsoluteFloorDb = -55.0;
// Frames quieter than this do not count towards the noise floor, so digital
// silence next to real room noise does not pull the floor below the room.
constexpr double kFloorEligibleDb = -80.0;
// Speech is this much louder than the noise floor. Room noise (ventilation,
// traffic) varies by a few dB from frame to frame; speech peaks 20-30 dB up.
constexpr double kSpeechMarginDb = 10.0;
// The noise floor of a frame: this percentile of the frame levels within
// kFloorWindowFrames either side. Conversations pause often enough that the
// quietest tenth of 30 s is background; a monologue without pauses only
// raises the floor, which can miss quiet speech but never invents it. When
// the background gets much louder (a door to a corridor opens), the new level
// becomes the floor after about 12 s; until then it may count as speech.
constexpr int kFloorPercent = 10;
constexpr std::int64_t kFloorWindowFrames = 15 * kFramesPerSecond;
// Pauses between words shorter than this stay inside the speech; shorter
// bursts than kMinSpeechFrames (clicks, a cup on the table) are not speech.
constexpr std::int64_t kMaxWordPauseFrames = 300'000 / kFrameUs;
constexpr std::int64_t kMinSpeechFrames = 100'000 / kFrameUs;

std::uint8_t levelCode(double variance) {
  const double db = 10.0 * std::log10(std::max(variance, 1e-12));
  const double code = std::round((db - kLevelMinDb) / kLevelStepDb);
  return static_cast<std::uint8_t>(std::clamp(code, 0.0, 255.0));
}

constexpr int codeOf(double db) {
  return static_cast<int>((db - kLevelMinDb) / kLevelStepDb);
}

// Runs of equal values in `flags`, shorter than `maxLength`, that have a
// different value on both sides (or, when `atEdges`, also at either end)
// take the value of their surroundings.
void absorbShortRuns(std::vector<bool>& flags, bool value, std::int64_t maxLength, bool atEdges) {
  const auto count = static_cast<std::int64_t>(flags.size());
  std::int64_t start = 0;
  while (start < count) {
    std::int64_t end = start;
    while (end < count && flags[static_cast<std::size_t>(end)] == flags[static_cast<std::size_t>(start)]) ++end;
    const bool inner = start > 0 && end < count;
    if (flags[static_cast<std::size_t>(start)] == value && end - start < maxLength && (inner || atEdges))
      std::fill(flags.begin() + start, flags.begin() + end, !value);
    start = end;
  }
}

}  // namespace

struct SpeechDetector::State {
  // (A rate below one sample per frame is a caller bug; clamped so frames still close.)
  explicit State(int rate)
      : sampleRate(std::max<std::int64_t>(rate, kFramesPerSecond)), frameSize(sampleRate / kFramesPerSecond) {}

  void closeFrame() {
    const double n = static_cast<double>(samplesInFrame);
    const double mean = sum / n;
    frameLevels.push_back(levelCode(std::max(sumSquares / n - mean * mean, 0.0)));
    const auto index = static_cast<std::int64_t>(frameLevels.size());
    // Frame k holds samples [k * rate / 50, (k + 1) * rate / 50): exact for any rate.
    frameSize = (index + 1) * sampleRate / kFramesPerSecond - index * sampleRate / kFramesPerSecond;
    samplesInFrame = 0;
    sum = sumSquares = 0.0;
  }

  std::int64_t sampleRate;
  std::int64_t sampleCount = 0;
  std::int64_t frameSize;
  std::int64_t samplesInFrame = 0;
  double sum = 0.0, sumSquares = 0.0;
  std::vector<std::uint8_t> frameLevels;
};

SpeechDetector::SpeechDetector(int sampleRate) : m_state(std::make_unique<State>(sampleRate)) {
  assert(sampleRate >= kFramesPerSecond);
}
SpeechDetector::SpeechDetector(SpeechDetector&&) noexcept = default;
SpeechDetector& SpeechDetector::operator=(SpeechDetector&&) noexcept = default;
SpeechDetector::~SpeechDetector() = default;

void SpeechDetector::add(std::span<const float> samples) {
  State& state = *m_state;
  state.sampleCount += static_cast<std::int64_t>(samples.size());
  for (const float sample : samples) {
    const double value = clipSample(sample);
    state.sum += value;
    state.sumSquares += value * value;
    if (++state.samplesInFrame == state.frameSize) state.closeFrame();
  }
}

SpeechActivity SpeechDetector::finish() {
  State state = std::exchange(*m_state, State(static_cast<int>(m_state->sampleRate)));
  if (state.samplesInFrame > 0) state.closeFrame();
  const std::vector<std::uint8_t>& levels = state.frameLevels;
  const auto frameCount = static_cast<std::int64_t>(levels.size());
  if (frameCount == 0) return {};

  // Per frame: above the absolute floor and kSpeechMarginDb above the local
  // noise floor. The floor comes from a histogram of the eligible levels in
  // a window sliding along with the frame.
  constexpr int kEligible = codeOf(kFloorEligibleDb);
  constexpr int kAbsolute = codeOf(kAbsoluteFloorDb);
  constexpr int kMargin = static_cast<int>(kSpeechMarginDb / kLevelStepDb);
  std::array<std::int64_t, 256> histogram{};
  std::int64_t inWindow = 0;
  const auto level = [&](std::int64_t frame) { return int{levels[static_cast<std::size_t>(frame)]}; };
  const auto include = [&](std::int64_t frame, int delta) {
    if (frame < 0 || frame >= frameCount || level(frame) < kEligible) return;
    histogram[static_cast<std::size_t>(level(frame))] += delta;
    inWindow += delta;
  };
  for (std::int64_t frame = 0; frame < std::min(kFloorWindowFrames, frameCount); ++frame) include(frame, 1);

  std::vector<bool> isSpeech(static_cast<std::size_t>(frameCount));
  for (std::int64_t frame = 0; frame < frameCount; ++frame) {
    include(frame + kFloorWindowFrames, 1);
    include(frame - kFloorWindowFrames - 1, -1);
    int threshold = kAbsolute;
    if (inWindow > 0) {
      const std::int64_t rank = inWindow * kFloorPercent / 100;
      std::int64_t below = 0;
      int floor = kEligible;
      while (below + histogram[static_cast<std::size_t>(floor)] <= rank)
        below += histogram[static_cast<std::size_t>(floor++)];
      threshold = std::max(threshold, floor + kMargin);
    }
    isSpeech[static_cast<std::size_t>(frame)] = level(frame) > threshold;
  }

  // Close word pauses first, so a short syllable next to others is kept;
  // then drop what is still too short to be speech.
  absorbShortRuns(isSpeech, false, kMaxWordPauseFrames, false);
  absorbShortRuns(isSpeech, true, kMinSpeechFrames, true);

  SpeechActivity activity;
  const std::int64_t durationUs = state.sampleCount * 1'000'000 / state.sampleRate;
  for (std::int64_t frame = 0; frame < frameCount; ++frame) {
    const bool speech = isSpeech[static_cast<std::size_t>(frame)];
    const std::int64_t startUs = frame * kFrameUs;
    if (startUs >= durationUs) break;  // a last frame shorter than a microsecond
    if (activity.segments.empty() || activity.segments.back().isSpeech != speech)
      activity.segments.push_back({startUs, startUs, speech, false});
  }
  for (std::size_t i = 0; i < activity.segments.size(); ++i) {
    SpeechSegment& segment = activity.segments[i];
    segment.endUs = i + 1 < activity.segments.size() ? activity.segments[i + 1].startUs : durationUs;
    segment.isLongSilence = !segment.isSpeech && segment.endUs - segment.startUs >= kLongSilenceUs;
  }
  return activity;
}

// --- Stored formats ---------------------------------------------------------

namespace {

constexpr std::uint16_t kFormatVersion = 1;
constexpr std::array<unsigned char, 6> kWaveMagic = {'V', 'S', 'W', 'A', 'V', 'E'};
constexpr std::array<unsigned char, 6> kSpeechMagic = {'V', 'S', 'S', 'P', 'C', 'H'};
constexpr std::size_t kPeakBytes = 4;      // i16 min, i16 max
constexpr std::size_t kSegmentBytes = 17;  // i64 start, i64 end, u8 flags
constexpr unsigned kSpeechFlag = 1, kLongSilenceFlag = 2;
// Far above any sensible timeline resolution; keeps the int in range.
constexpr std::uint32_t kMaxPeaksPerSecond = 100'000;

tl::unexpected<Error> damaged() {
  return fail(ErrorCode::CorruptData, tr("The stored audio analysis of this recording is damaged."));
}

// Magic and version. Unsupported for a newer version: its layout may differ,
// so nothing after the version is looked at.
Status readHeader(LeReader& reader, std::span<const unsigned char> magic) {
  std::uint16_t version = 0;
  if (!reader.magic(magic) || !reader.read(version) || version == 0) return damaged();
  if (version > kFormatVersion)
    return fail(ErrorCode::Unsupported, tr("The stored audio analysis of this recording was made by a newer version of "
                                           "Vakspiegel. Update Vakspiegel to open it."));
  return {};
}

std::uint32_t countField(std::size_t count) {
  assert(count <= std::numeric_limits<std::uint32_t>::max());
  return static_cast<std::uint32_t>(count);
}

}  // namespace

Bytes serialize(const WaveformPeaks& peaks) {
  assert(peaks.minimum.size() == peaks.maximum.size());
  const std::size_t count = std::min(peaks.minimum.size(), peaks.maximum.size());
  LeWriter writer;
  writer.bytes(kWaveMagic);
  writer.u16(kFormatVersion);
  writer.u32(static_cast<std::uint32_t>(peaks.peaksPerSecond));
  writer.u32(countField(count));
  for (std::size_t i = 0; i < count; ++i) {
    writer.i16(peaks.minimum[i]);
    writer.i16(peaks.maximum[i]);
  }
  return writer.take();
}

Bytes serialize(const SpeechActivity& activity) {
  LeWriter writer;
  writer.bytes(kSpeechMagic);
  writer.u16(kFormatVersion);
  writer.u32(countField(activity.segments.size()));
  for (const SpeechSegment& segment : activity.segments) {
    writer.i64(segment.startUs);
    writer.i64(segment.endUs);
    writer.u8((segment.isSpeech ? kSpeechFlag : 0u) | (segment.isLongSilence ? kLongSilenceFlag : 0u));
  }
  return writer.take();
}

Result<WaveformPeaks> parseWaveformPeaks(std::span<const unsigned char> bytes) {
  LeReader reader(bytes);
  VS_TRY(readHeader(reader, kWaveMagic));
  std::uint32_t peaksPerSecond = 0, count = 0;
  if (!reader.read(peaksPerSecond) || !reader.read(count)) return damaged();
  if (peaksPerSecond == 0 || peaksPerSecond > kMaxPeaksPerSecond) return damaged();
  // The exact length, checked before allocating for `count`.
  if (reader.remaining() / kPeakBytes != count || reader.remaining() % kPeakBytes != 0) return damaged();

  WaveformPeaks peaks;
  peaks.peaksPerSecond = static_cast<int>(peaksPerSecond);
  peaks.minimum.resize(count);
  peaks.maximum.resize(count);
  for (std::size_t i = 0; i < count; ++i) {
    if (!reader.read(peaks.minimum[i]) || !reader.read(peaks.maximum[i])) return damaged();
    if (peaks.minimum[i] > peaks.maximum[i]) return damaged();
  }
  return peaks;
}

Result<SpeechActivity> parseSpeechActivity(std::span<const unsigned char> bytes) {
  LeReader reader(bytes);
  VS_TRY(readHeader(reader, kSpeechMagic));
  std::uint32_t count = 0;
  if (!reader.read(count)) return damaged();
  if (reader.remaining() / kSegmentBytes != count || reader.remaining() % kSegmentBytes != 0) return damaged();

  SpeechActivity activity;
  activity.segments.reserve(count);
  for (std::uint32_t i = 0; i < count; ++i) {
    SpeechSegment segment;
    std::uint8_t flags = 0;
    if (!reader.read(segment.startUs) || !reader.read(segment.endUs) || !reader.read(flags)) return damaged();
    if ((flags & ~(kSpeechFlag | kLongSilenceFlag)) != 0) return damaged();
    segment.isSpeech = (flags & kSpeechFlag) != 0;
    segment.isLongSilence = (flags & kLongSilenceFlag) != 0;
    // The invariants of SpeechActivity: consecutive from 0, non-empty,
    // alternating, and the long-silence mark where (and only where) it belongs.
    const std::int64_t expectedStart = activity.segments.empty() ? 0 : activity.segments.back().endUs;
    if (segment.startUs != expectedStart || segment.endUs <= segment.startUs) return damaged();
    if (!activity.segments.empty() && activity.segments.back().isSpeech == segment.isSpeech) return damaged();
    if (segment.isLongSilence != (!segment.isSpeech && segment.endUs - segment.startUs >= kLongSilenceUs))
      return damaged();
    activity.segments.push_back(segment);
  }
  return activity;
}

}  // namespace vakspiegel::media
