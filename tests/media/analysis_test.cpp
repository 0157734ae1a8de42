// Audio analysis of an import: waveform peaks on known signals and sample
// exact bucket boundaries, speech/silence detection on synthetic signals and
// on real Dutch speech (espeak-ng, mixed with ffmpeg at test time), and the
// stored formats with every truncation, a flipped count and a newer version.
#include "media/analysis.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <limits>
#include <numbers>
#include <random>
#include <span>
#include <string>
#include <vector>

#include <fmt/format.h>
#include <gtest/gtest.h>
#include <rapidcheck.h>
#include <rapidcheck/gtest.h>

#include "core/i18n.h"
#include "support/temp_dir.h"

namespace vakspiegel::media {
namespace {

using test::TempDir;
using Samples = std::vector<float>;

constexpr int kRate = 16000;

std::int64_t samplesFor(double seconds, int rate = kRate) {
  return std::llround(seconds * rate);
}
std::int64_t usOf(std::int64_t samples, int rate = kRate) {
  return samples * 1'000'000 / rate;
}

std::int64_t distance(std::int64_t a, std::int64_t b) {
  return a > b ? a - b : b - a;
}

double dbfs(double rms) {
  return 20.0 * std::log10(rms);
}
double rmsOf(std::span<const float> samples) {
  double sum = 0;
  for (const float sample : samples) sum += double{sample} * sample;
  return std::sqrt(sum / static_cast<double>(samples.size()));
}

void appendSine(Samples& out, double amplitude, double frequency, double seconds, int rate = kRate) {
  const std::int64_t count = samplesFor(seconds, rate);
  for (std::int64_t i = 0; i < count; ++i)
    out.push_back(
        static_cast<float>(amplitude * std::sin(2 * std::numbers::pi * frequency * static_cast<double>(i) / rate)));
}

void appendSilence(Samples& out, double seconds, int rate = kRate) {
  out.resize(out.size() + static_cast<std::size_t>(samplesFor(seconds, rate)), 0.0f);
}

// A word-like burst: a 140 Hz voice with harmonics under a syllable envelope,
// about -25 dBFS.
void appendWord(Samples& out, double seconds, int rate = kRate) {
  const std::int64_t count = samplesFor(seconds, rate);
  for (std::int64_t i = 0; i < count; ++i) {
    const double t = static_cast<double>(i) / rate;
    const double envelope = 0.4 + 0.6 * std::sin(std::numbers::pi * t / seconds);
    double voice = 0;
    for (int harmonic = 1; harmonic <= 6; ++harmonic)
      voice += std::sin(2 * std::numbers::pi * 140.0 * harmonic * t) / harmonic;
    out.push_back(static_cast<float>(0.08 * envelope * voice));
  }
}

// `count` words of 300 ms with `pause` between them (count * 0.3 s + (count - 1) * pause).
void appendWords(Samples& out, int count, double pause = 0.2, int rate = kRate) {
  for (int word = 0; word < count; ++word) {
    if (word > 0) appendSilence(out, pause, rate);
    appendWord(out, 0.3, rate);
  }
}

// Adds white noise of the given level (deterministic) to all samples.
void addNoise(Samples& samples, double levelDbfs, unsigned seed = 7) {
  std::mt19937 random(seed);
  std::normal_distribution<double> gaussian(0.0, std::pow(10.0, levelDbfs / 20.0));
  for (float& sample : samples) sample += static_cast<float>(gaussian(random));
}

SpeechActivity detect(std::span<const float> samples, std::size_t blockSize = 1000, int rate = kRate) {
  SpeechDetector detector(rate);
  while (!samples.empty()) {
    const std::size_t take = std::min(blockSize, samples.size());
    detector.add(samples.first(take));
    samples = samples.subspan(take);
  }
  return detector.finish();
}

// The invariants of SpeechActivity.
void expectCovers(const SpeechActivity& activity, std::int64_t durationUs) {
  ASSERT_FALSE(activity.segments.empty());
  EXPECT_EQ(activity.segments.front().startUs, 0);
  EXPECT_EQ(activity.segments.back().endUs, durationUs);
  for (std::size_t i = 0; i < activity.segments.size(); ++i) {
    const SpeechSegment& segment = activity.segments[i];
    EXPECT_LT(segment.startUs, segment.endUs) << i;
    EXPECT_EQ(segment.isLongSilence, !segment.isSpeech && segment.endUs - segment.startUs >= kLongSilenceUs) << i;
    if (i > 0) {
      EXPECT_EQ(segment.startUs, activity.segments[i - 1].endUs) << i;
      EXPECT_NE(segment.isSpeech, activity.segments[i - 1].isSpeech) << i;
    }
  }
}

std::string describe(const SpeechActivity& activity) {
  std::string text;
  for (const SpeechSegment& segment : activity.segments)
    text += (segment.isSpeech        ? "speech "
             : segment.isLongSilence ? "LONG "
                                     : "silence ") +
            std::to_string(segment.startUs / 1000) + "-" + std::to_string(segment.endUs / 1000) + " ms\n";
  return text;
}

// --- Waveform ---------------------------------------------------------------

TEST(WaveformBuilder, SineOfKnownAmplitudeGivesPeaksAtThatAmplitude) {
  Samples sine;
  appendSine(sine, 0.5, 440.0, 1.0, 44100);
  WaveformBuilder builder(44100);
  builder.add(sine);
  const WaveformPeaks peaks = builder.finish();
  EXPECT_EQ(peaks.peaksPerSecond, 100);
  ASSERT_EQ(peaks.minimum.size(), 100u);
  ASSERT_EQ(peaks.maximum.size(), 100u);
  for (std::size_t i = 0; i < peaks.minimum.size(); ++i) {
    // 441 samples hold more than four periods; the sampled peak is within 0.1 %.
    EXPECT_NEAR(peaks.maximum[i], 16384, 20) << i;
    EXPECT_NEAR(peaks.minimum[i], -16384, 20) << i;
  }
}

TEST(WaveformBuilder, SilenceGivesZeroPeaks) {
  const Samples silence(48000 * 2, 0.0f);
  WaveformBuilder builder(48000);
  builder.add(silence);
  const WaveformPeaks peaks = builder.finish();
  ASSERT_EQ(peaks.minimum.size(), 200u);
  EXPECT_TRUE(std::all_of(peaks.minimum.begin(), peaks.minimum.end(), [](std::int16_t v) { return v == 0; }));
  EXPECT_TRUE(std::all_of(peaks.maximum.begin(), peaks.maximum.end(), [](std::int16_t v) { return v == 0; }));
}

TEST(WaveformBuilder, LouderThanFullScaleIsClippedAndNanIsSilence) {
  WaveformBuilder builder(1000, 10);  // buckets of 100 samples
  Samples samples(300, 0.25f);
  samples[10] = 1.7f;
  samples[20] = -3.0f;
  samples[150] = std::numeric_limits<float>::infinity();
  samples[250] = std::numeric_limits<float>::quiet_NaN();
  builder.add(samples);
  const WaveformPeaks peaks = builder.finish();
  ASSERT_EQ(peaks.minimum.size(), 3u);
  EXPECT_EQ(peaks.maximum[0], 32767);
  EXPECT_EQ(peaks.minimum[0], -32767);
  EXPECT_EQ(peaks.maximum[1], 32767);
  EXPECT_EQ(peaks.minimum[1], 8192);
  EXPECT_EQ(peaks.maximum[2], 8192);
  EXPECT_EQ(peaks.minimum[2], 0);  // the NaN
}

// Feeds `total` samples of silence in blocks of awkward sizes, with a full
// scale spike at each of `spikes` (sorted sample indexes).
WaveformPeaks silenceWithSpikes(int rate, std::int64_t total, const std::vector<std::int64_t>& spikes) {
  static const Samples zeros(10007, 0.0f);
  const std::array<std::int64_t, 5> blockSizes = {4093, 1, 777, 10007, 2};
  WaveformBuilder builder(rate);
  std::int64_t position = 0;
  std::size_t nextSpike = 0, block = 0;
  const float spike = 1.0f;
  while (position < total) {
    if (nextSpike < spikes.size() && spikes[nextSpike] == position) {
      builder.add(std::span(&spike, 1));
      ++position;
      ++nextSpike;
      continue;
    }
    std::int64_t take = std::min(blockSizes[block++ % blockSizes.size()], total - position);
    if (nextSpike < spikes.size()) take = std::min(take, spikes[nextSpike] - position);
    builder.add(std::span(zeros).first(static_cast<std::size_t>(take)));
    position += take;
  }
  return builder.finish();
}

std::vector<std::size_t> bucketsWithPeaks(const WaveformPeaks& peaks) {
  std::vector<std::size_t> result;
  for (std::size_t i = 0; i < peaks.maximum.size(); ++i)
    if (peaks.maximum[i] != 0) result.push_back(i);
  return result;
}

TEST(WaveformBuilder, AnHourAt44100HzInOddBlocksIsExactly360000Buckets) {
  const std::int64_t hour = 3600LL * 44100;
  // The first and last sample of the hour, both sides of a boundary at 0.01 s
  // and at half an hour.
  const WaveformPeaks peaks =
      silenceWithSpikes(44100, hour, {0, 440, 441, 1800LL * 44100 - 1, 1800LL * 44100, hour - 1});
  EXPECT_EQ(peaks.minimum.size(), 360000u);
  EXPECT_EQ(peaks.maximum.size(), 360000u);
  EXPECT_EQ(bucketsWithPeaks(peaks), (std::vector<std::size_t>{0, 1, 179999, 180000, 359999}));
  EXPECT_EQ(peaks.maximum[0], 32767);
}

TEST(WaveformBuilder, BucketBoundariesDoNotDriftAtRatesNotDivisibleByThePeakRate) {
  // 11025 / 100 = 110.25 samples a bucket: every second starts a bucket exactly.
  const std::int64_t total = 600LL * 11025;
  std::vector<std::int64_t> spikes;
  for (const std::int64_t second : {1LL, 7LL, 599LL}) {
    spikes.push_back(second * 11025 - 1);
    spikes.push_back(second * 11025);
  }
  const WaveformPeaks peaks = silenceWithSpikes(11025, total, spikes);
  EXPECT_EQ(peaks.minimum.size(), 60000u);
  EXPECT_EQ(bucketsWithPeaks(peaks), (std::vector<std::size_t>{99, 100, 699, 700, 59899, 59900}));

  for (const int rate : {22050, 48000, 8000, 16000, 44100, 11025}) {
    WaveformBuilder builder(rate);
    const Samples second(static_cast<std::size_t>(rate), 0.1f);
    for (int i = 0; i < 3; ++i) builder.add(second);
    EXPECT_EQ(builder.finish().minimum.size(), 300u) << rate;
  }
}

TEST(WaveformBuilder, FinishIncludesTheLastPartialBucket) {
  WaveformBuilder builder(44100);
  builder.add(Samples(441 * 3, 0.0f));
  Samples tail(10, 0.0f);
  tail[9] = 0.75f;
  builder.add(tail);
  const WaveformPeaks peaks = builder.finish();
  ASSERT_EQ(peaks.maximum.size(), 4u);
  EXPECT_EQ(peaks.maximum[2], 0);
  EXPECT_EQ(peaks.maximum[3], 24575);

  // finish() starts over.
  EXPECT_TRUE(builder.finish().maximum.empty());
  builder.add(Samples(441, 0.5f));
  EXPECT_EQ(builder.finish().maximum, (std::vector<std::int16_t>{16384}));
}

RC_GTEST_PROP(WaveformBuilder, BlockSplitsDoNotChangeThePeaks, ()) {
  const int rate = *rc::gen::element(8000, 11025, 16000, 22050, 44100, 48000);
  const int perSecond = *rc::gen::element(1, 10, 25, 100, 333);
  // Up to a few hundred buckets of noise, some of it clipped.
  const auto length = *rc::gen::inRange<std::size_t>(0, 30000);
  std::mt19937 random(*rc::gen::arbitrary<unsigned>());
  std::uniform_real_distribution<float> uniform(-1.2f, 1.2f);
  Samples samples(length);
  for (float& sample : samples) sample = uniform(random);
  WaveformBuilder whole(rate, perSecond);
  whole.add(samples);
  const WaveformPeaks expected = whole.finish();
  RC_ASSERT(expected.minimum.size() ==
            static_cast<std::size_t>((static_cast<std::int64_t>(samples.size()) * perSecond + rate - 1) / rate));

  WaveformBuilder pieces(rate, perSecond);
  std::span<const float> rest(samples);
  while (!rest.empty()) {
    // At least 1, also when shrunk, so the loop ends; often tiny blocks.
    const auto take = std::min(rest.size(), *rc::gen::oneOf(rc::gen::inRange<std::size_t>(1, 4),
                                                            rc::gen::inRange<std::size_t>(1, rest.size() + 1)));
    pieces.add(rest.first(take));
    rest = rest.subspan(take);
  }
  const WaveformPeaks actual = pieces.finish();
  RC_ASSERT(actual.minimum == expected.minimum);
  RC_ASSERT(actual.maximum == expected.maximum);
}

// --- Speech detection on synthetic signals ---------------------------------

TEST(SpeechDetector, MarksAFourSecondGapAsLongSilenceWithAccurateBoundaries) {
  Samples samples;
  appendWords(samples, 5);
  const auto gapStart = static_cast<std::int64_t>(samples.size());
  appendSilence(samples, 4.0);
  const auto gapEnd = static_cast<std::int64_t>(samples.size());
  appendWords(samples, 5);
  addNoise(samples, -50.0);

  const SpeechActivity activity = detect(samples);
  expectCovers(activity, usOf(static_cast<std::int64_t>(samples.size())));
  const auto longSilences = activity.longSilences();
  ASSERT_EQ(longSilences.size(), 1u) << describe(activity);
  EXPECT_LE(distance(longSilences[0].startUs, usOf(gapStart)), 150'000) << describe(activity);
  EXPECT_LE(distance(longSilences[0].endUs, usOf(gapEnd)), 150'000) << describe(activity);
  // The words around it are speech, with their 200 ms pauses inside.
  EXPECT_EQ(activity.segments.size(), 3u) << describe(activity);
}

TEST(SpeechDetector, ATwoSecondGapIsSilenceButNotLong) {
  Samples samples;
  appendWords(samples, 5);
  const auto gapStart = static_cast<std::int64_t>(samples.size());
  appendSilence(samples, 2.0);
  appendWords(samples, 5);
  addNoise(samples, -50.0);

  const SpeechActivity activity = detect(samples);
  expectCovers(activity, usOf(static_cast<std::int64_t>(samples.size())));
  EXPECT_TRUE(activity.longSilences().empty()) << describe(activity);
  ASSERT_EQ(activity.segments.size(), 3u) << describe(activity);
  EXPECT_FALSE(activity.segments[1].isSpeech);
  EXPECT_LE(distance(activity.segments[1].startUs, usOf(gapStart)), 150'000);
  EXPECT_LE(distance(activity.segments[1].endUs - activity.segments[1].startUs, 2'000'000), 300'000);
}

TEST(SpeechDetector, PausesBetweenWordsDoNotSplitSpeech) {
  Samples samples;
  appendSilence(samples, 1.0);
  appendWords(samples, 8, 0.2);  // 3.8 s
  appendSilence(samples, 1.0);
  addNoise(samples, -45.0);

  const SpeechActivity activity = detect(samples);
  expectCovers(activity, usOf(static_cast<std::int64_t>(samples.size())));
  ASSERT_EQ(activity.segments.size(), 3u) << describe(activity);
  EXPECT_TRUE(activity.segments[1].isSpeech);
  EXPECT_LE(distance(activity.segments[1].startUs, 1'000'000), 150'000);
  EXPECT_LE(distance(activity.segments[1].endUs, 4'800'000), 150'000);
}

TEST(SpeechDetector, APauseOfHalfASecondSplitsSpeech) {
  Samples samples;
  appendWords(samples, 4);
  appendSilence(samples, 0.5);
  appendWords(samples, 4);
  addNoise(samples, -50.0);

  const SpeechActivity activity = detect(samples);
  expectCovers(activity, usOf(static_cast<std::int64_t>(samples.size())));
  ASSERT_EQ(activity.segments.size(), 3u) << describe(activity);
  EXPECT_FALSE(activity.segments[1].isSpeech);
  EXPECT_FALSE(activity.segments[1].isLongSilence);
}

TEST(SpeechDetector, DigitalSilenceIsOneSilenceSegment) {
  const Samples silence(static_cast<std::size_t>(samplesFor(10.0)), 0.0f);
  const SpeechActivity activity = detect(silence);
  ASSERT_EQ(activity.segments.size(), 1u) << describe(activity);
  EXPECT_FALSE(activity.segments[0].isSpeech);
  EXPECT_TRUE(activity.segments[0].isLongSilence);
  EXPECT_EQ(activity.segments[0].endUs, 10'000'000);
}

TEST(SpeechDetector, LowRoomNoiseAloneIsSilence) {
  Samples samples(static_cast<std::size_t>(samplesFor(20.0)), 0.0f);
  addNoise(samples, -40.0);
  const SpeechActivity activity = detect(samples);
  ASSERT_EQ(activity.segments.size(), 1u) << describe(activity);
  EXPECT_TRUE(activity.segments[0].isLongSilence);
}

TEST(SpeechDetector, ShortClicksAreNotSpeech) {
  Samples samples(static_cast<std::size_t>(samplesFor(10.0)), 0.0f);
  // Clicks of 40 ms at -6 dBFS, 1.5 s apart.
  for (double at = 1.0; at < 9.0; at += 1.5)
    for (std::int64_t i = 0; i < samplesFor(0.04); ++i)
      samples[static_cast<std::size_t>(samplesFor(at) + i)] = (i % 2 == 0) ? 0.5f : -0.5f;
  addNoise(samples, -50.0);
  const SpeechActivity activity = detect(samples);
  ASSERT_EQ(activity.segments.size(), 1u) << describe(activity);
  EXPECT_TRUE(activity.segments[0].isLongSilence);
}

TEST(SpeechDetector, FollowsALouderNoiseFloor) {
  // A noisy room (-37 dBFS, a noise floor of about -38 dB per frame) under
  // speech about 12 dB above it: the adaptive floor still finds the pause.
  Samples samples;
  appendWords(samples, 6);
  const auto gapStart = static_cast<std::int64_t>(samples.size());
  appendSilence(samples, 4.0);
  const auto gapEnd = static_cast<std::int64_t>(samples.size());
  appendWords(samples, 6);
  addNoise(samples, -37.0);

  const SpeechActivity activity = detect(samples);
  expectCovers(activity, usOf(static_cast<std::int64_t>(samples.size())));
  const auto longSilences = activity.longSilences();
  ASSERT_EQ(longSilences.size(), 1u) << describe(activity);
  EXPECT_LE(distance(longSilences[0].startUs, usOf(gapStart)), 150'000) << describe(activity);
  EXPECT_LE(distance(longSilences[0].endUs, usOf(gapEnd)), 150'000) << describe(activity);
}

TEST(SpeechDetector, ASteadyToneIsBackgroundNotSpeech) {
  // A hum or fan at a constant level is what the noise floor follows.
  Samples samples;
  appendSine(samples, 0.1, 100.0, 12.0);
  const SpeechActivity activity = detect(samples);
  ASSERT_EQ(activity.segments.size(), 1u) << describe(activity);
  EXPECT_FALSE(activity.segments[0].isSpeech);
}

TEST(SpeechDetector, NoSamplesGiveNoSegments) {
  SpeechDetector detector(kRate);
  EXPECT_TRUE(detector.finish().segments.empty());
}

TEST(SpeechDetector, CoversTheDurationAtAnOddRateAndLength) {
  constexpr int rate = 11025;
  Samples samples;
  appendWords(samples, 3, 0.2, rate);
  const auto gapStart = static_cast<std::int64_t>(samples.size());
  samples.resize(samples.size() + 4 * rate + 17, 0.0f);
  const auto gapEnd = static_cast<std::int64_t>(samples.size());
  appendWords(samples, 2, 0.2, rate);
  samples.resize(samples.size() + 5, 0.0f);
  addNoise(samples, -60.0);
  const SpeechActivity activity = detect(samples, 333, rate);
  expectCovers(activity, usOf(static_cast<std::int64_t>(samples.size()), rate));
  EXPECT_EQ(activity.segments.size(), 3u) << describe(activity);
  const auto longSilences = activity.longSilences();
  ASSERT_EQ(longSilences.size(), 1u) << describe(activity);
  EXPECT_LE(distance(longSilences[0].startUs, usOf(gapStart, rate)), 150'000) << describe(activity);
  EXPECT_LE(distance(longSilences[0].endUs, usOf(gapEnd, rate)), 150'000) << describe(activity);
}

TEST(SpeechDetector, StreamsAnHour) {
  // Each minute: 20 s of words, then 40 s of room noise. Fed a minute at a time.
  Samples minute;
  while (minute.size() < static_cast<std::size_t>(samplesFor(20.0))) {
    appendWords(minute, 8);
    appendSilence(minute, 0.25);
  }
  minute.resize(static_cast<std::size_t>(samplesFor(60.0)), 0.0f);
  addNoise(minute, -50.0);
  SpeechDetector detector(kRate);
  for (int i = 0; i < 60; ++i) detector.add(minute);
  const SpeechActivity activity = detector.finish();
  expectCovers(activity, 3'600'000'000);
  const auto longSilences = activity.longSilences();
  ASSERT_EQ(longSilences.size(), 60u);
  for (std::size_t i = 0; i < longSilences.size(); ++i) {
    const std::int64_t minuteUs = static_cast<std::int64_t>(i) * 60'000'000;
    EXPECT_LE(distance(longSilences[i].startUs, minuteUs + 20'000'000), 400'000) << i;
    EXPECT_LE(distance(longSilences[i].endUs, minuteUs + 60'000'000), 40'000) << i;
  }
}

RC_GTEST_PROP(SpeechDetector, BlockSplitsDoNotChangeTheSegments, ()) {
  Samples samples;
  const int parts = *rc::gen::inRange(1, 6);
  for (int i = 0; i < parts; ++i) {
    if (*rc::gen::arbitrary<bool>())
      appendWords(samples, *rc::gen::inRange(1, 8));
    else
      appendSilence(samples, *rc::gen::inRange(1, 50) / 10.0);
  }
  samples.resize(samples.size() + *rc::gen::inRange<std::size_t>(0, 400), 0.0f);
  addNoise(samples, -50.0, *rc::gen::arbitrary<unsigned>());
  const SpeechActivity expected = detect(samples, samples.size());
  const SpeechActivity actual = detect(samples, *rc::gen::inRange<std::size_t>(1, 5000));
  RC_ASSERT(actual.segments.size() == expected.segments.size());
  for (std::size_t i = 0; i < actual.segments.size(); ++i) {
    RC_ASSERT(actual.segments[i].startUs == expected.segments[i].startUs);
    RC_ASSERT(actual.segments[i].isSpeech == expected.segments[i].isSpeech);
  }
  RC_ASSERT(!expected.segments.empty());
  RC_ASSERT(expected.segments.back().endUs == usOf(static_cast<std::int64_t>(samples.size())));
}

// --- Speech detection on real Dutch speech ---------------------------------

bool haveProgram(const char* name) {
  return std::system((std::string("command -v ") + name + " >/dev/null 2>&1").c_str()) == 0;
}

int run(const std::string& command) {
  return std::system((command + " >/dev/null 2>&1").c_str());
}

std::string quoted(const std::filesystem::path& path) {
  return fmt::format("'{}'", path.string());
}

Samples readF32(const std::filesystem::path& path) {
  const std::vector<unsigned char> bytes = test::readFileBytes(path);
  Samples samples(bytes.size() / sizeof(float));
  std::memcpy(samples.data(), bytes.data(), samples.size() * sizeof(float));
  return samples;
}

class DutchSpeech : public ::testing::Test {
 protected:
  void SetUp() override {
    if (!haveProgram("espeak-ng")) GTEST_SKIP() << "espeak-ng is not installed; it generates the Dutch speech";
    ASSERT_TRUE(haveProgram("ffmpeg"));
    ASSERT_EQ(run("espeak-ng -v nl -w " + quoted(m_dir / "a.wav") +
                  " 'Goedemorgen, ik wil graag iets vragen over mijn uitkering.'"),
              0);
    ASSERT_EQ(run("espeak-ng -v nl -w " + quoted(m_dir / "b.wav") +
                  " 'Dat begrijp ik. Wat wilt u precies weten over de uitkering?'"),
              0);
    m_first = decode("a.wav", "a.raw");
    m_second = decode("b.wav", "b.raw");
    ASSERT_GT(m_first.size(), static_cast<std::size_t>(samplesFor(2.0)));
    ASSERT_GT(m_second.size(), static_cast<std::size_t>(samplesFor(2.0)));
  }

  Samples decode(const std::string& in, const std::string& out) {
    EXPECT_EQ(run("ffmpeg -nostdin -y -i " + quoted(m_dir / in) + " -f f32le -ac 1 -ar 16000 " + quoted(m_dir / out)),
              0);
    return readF32(m_dir / out);
  }

  // First speech + 4 s of digital silence + second speech, resampled to
  // 16 kHz mono, optionally mixed with white noise of amplitude `noise`.
  Samples conversation(double noise) {
    std::string graph = "[0:a]aresample=16000[a];[2:a]aresample=16000[b];[a][1:a][b]concat=n=3:v=0:a=1";
    if (noise > 0)
      graph += "[speech];anoisesrc=r=16000:seed=11:a=" + std::to_string(noise) +
               "[noise];[speech][noise]amix=inputs=2:duration=first:normalize=0";
    const int status = run("ffmpeg -nostdin -y -i " + quoted(m_dir / "a.wav") +
                           " -f lavfi -t 4 -i anullsrc=r=16000:cl=mono -i " + quoted(m_dir / "b.wav") +
                           " -filter_complex '" + graph + "' -f f32le -ac 1 -ar 16000 " + quoted(m_dir / "mix.raw"));
    EXPECT_EQ(status, 0);
    return readF32(m_dir / "mix.raw");
  }

  // Where the silence really is: from the last audible sample of the first
  // sentence to the first of the second (espeak-ng pads with silence).
  [[nodiscard]] std::int64_t silenceStartUs() const {
    const auto last = std::find_if(m_first.rbegin(), m_first.rend(), [](float v) { return std::abs(v) > 1e-3f; });
    return usOf(static_cast<std::int64_t>(m_first.rend() - last));
  }
  [[nodiscard]] std::int64_t silenceEndUs() const {
    const auto first = std::find_if(m_second.begin(), m_second.end(), [](float v) { return std::abs(v) > 1e-3f; });
    return usOf(static_cast<std::int64_t>(m_first.size()) + samplesFor(4.0) +
                static_cast<std::int64_t>(first - m_second.begin()));
  }

  void expectOneLongSilenceInThePause(const Samples& samples, const char* label) {
    // The layout assumed by silenceStartUs()/silenceEndUs().
    ASSERT_EQ(samples.size(), m_first.size() + static_cast<std::size_t>(samplesFor(4.0)) + m_second.size());
    const SpeechActivity activity = detect(samples, 4096);
    expectCovers(activity, usOf(static_cast<std::int64_t>(samples.size())));
    const auto longSilences = activity.longSilences();
    ASSERT_EQ(longSilences.size(), 1u) << describe(activity);
    const std::int64_t startErrorUs = longSilences[0].startUs - silenceStartUs();
    const std::int64_t endErrorUs = longSilences[0].endUs - silenceEndUs();
    std::cout << label << ": long silence " << longSilences[0].startUs / 1000 << "-" << longSilences[0].endUs / 1000
              << " ms, true " << silenceStartUs() / 1000 << "-" << silenceEndUs() / 1000 << " ms (start "
              << startErrorUs / 1000 << " ms, end " << endErrorUs / 1000 << " ms off)\n";
    EXPECT_LE(std::abs(startErrorUs), 200'000) << describe(activity);
    EXPECT_LE(std::abs(endErrorUs), 200'000) << describe(activity);
    // Both sentences are mostly speech.
    std::int64_t speechUs = 0;
    for (const SpeechSegment& segment : activity.segments)
      if (segment.isSpeech) speechUs += segment.endUs - segment.startUs;
    EXPECT_GT(speechUs, silenceStartUs() * 8 / 10) << describe(activity);
  }

  TempDir m_dir;
  Samples m_first, m_second;
};

TEST_F(DutchSpeech, FindsTheOneLongSilenceBetweenTwoSentences) {
  expectOneLongSilenceInThePause(conversation(0.0), "clean");
}

TEST_F(DutchSpeech, FindsItWithBackgroundNoise) {
  // White noise of amplitude a is a / sqrt(3) RMS: about -35 and -28 dBFS.
  for (const double amplitude : {0.03, 0.07}) {
    SCOPED_TRACE(amplitude);
    const Samples samples = conversation(amplitude);
    ASSERT_FALSE(HasFailure());
    // The pause really holds the noise.
    const auto pause = std::span(samples).subspan(m_first.size() + static_cast<std::size_t>(samplesFor(0.5)),
                                                  static_cast<std::size_t>(samplesFor(3.0)));
    EXPECT_NEAR(dbfs(rmsOf(pause)), dbfs(amplitude / std::sqrt(3.0)), 1.0);
    expectOneLongSilenceInThePause(samples, amplitude < 0.05 ? "noise -35 dBFS" : "noise -28 dBFS");
  }
}

// --- Stored formats ---------------------------------------------------------

WaveformPeaks samplePeaks() {
  WaveformPeaks peaks;
  peaks.peaksPerSecond = 100;
  peaks.minimum = {0, -100, -32767, -5, 7};
  peaks.maximum = {0, 100, 32767, 20000, 7};
  return peaks;
}

SpeechActivity sampleActivity() {
  SpeechActivity activity;
  activity.segments = {{0, 1'500'000, true, false},
                       {1'500'000, 4'500'000, false, true},
                       {4'500'000, 6'000'000, true, false},
                       {6'000'000, 6'400'000, false, false}};
  return activity;
}

template <class T>
void expectError(const Result<T>& result, ErrorCode code) {
  ASSERT_FALSE(result) << "parsed without an error";
  EXPECT_EQ(result.error().code, code) << result.error().message;
  EXPECT_FALSE(result.error().message.empty());
}

TEST(AnalysisFormat, WaveformRoundTrips) {
  const WaveformPeaks peaks = samplePeaks();
  const Bytes bytes = serialize(peaks);
  EXPECT_EQ(bytes.size(), 16u + 4 * 5);
  EXPECT_EQ(Bytes(bytes.begin(), bytes.begin() + 6), (Bytes{'V', 'S', 'W', 'A', 'V', 'E'}));
  const auto parsed = parseWaveformPeaks(bytes);
  ASSERT_TRUE(parsed) << parsed.error().message;
  EXPECT_EQ(parsed->peaksPerSecond, 100);
  EXPECT_EQ(parsed->minimum, peaks.minimum);
  EXPECT_EQ(parsed->maximum, peaks.maximum);

  const auto empty = parseWaveformPeaks(serialize(WaveformPeaks{}));
  ASSERT_TRUE(empty);
  EXPECT_TRUE(empty->minimum.empty());
}

TEST(AnalysisFormat, SpeechActivityRoundTrips) {
  const SpeechActivity activity = sampleActivity();
  const Bytes bytes = serialize(activity);
  EXPECT_EQ(bytes.size(), 12u + 17 * 4);
  EXPECT_EQ(Bytes(bytes.begin(), bytes.begin() + 6), (Bytes{'V', 'S', 'S', 'P', 'C', 'H'}));
  const auto parsed = parseSpeechActivity(bytes);
  ASSERT_TRUE(parsed) << parsed.error().message;
  ASSERT_EQ(parsed->segments.size(), 4u);
  for (std::size_t i = 0; i < 4; ++i) {
    EXPECT_EQ(parsed->segments[i].startUs, activity.segments[i].startUs);
    EXPECT_EQ(parsed->segments[i].endUs, activity.segments[i].endUs);
    EXPECT_EQ(parsed->segments[i].isSpeech, activity.segments[i].isSpeech);
    EXPECT_EQ(parsed->segments[i].isLongSilence, activity.segments[i].isLongSilence);
  }
  ASSERT_TRUE(parseSpeechActivity(serialize(SpeechActivity{})));
}

TEST(AnalysisFormat, DetectedActivityRoundTrips) {
  Samples samples;
  appendWords(samples, 4);
  appendSilence(samples, 3.5);
  appendWords(samples, 2);
  const SpeechActivity activity = detect(samples);
  const auto parsed = parseSpeechActivity(serialize(activity));
  ASSERT_TRUE(parsed) << parsed.error().message;
  EXPECT_EQ(describe(*parsed), describe(activity));
}

TEST(AnalysisFormat, EveryTruncationIsCorruptData) {
  const Bytes wave = serialize(samplePeaks());
  for (std::size_t length = 0; length < wave.size(); ++length) {
    const auto parsed = parseWaveformPeaks(std::span(wave).first(length));
    ASSERT_FALSE(parsed) << length;
    expectError(parsed, ErrorCode::CorruptData);
  }
  const Bytes speech = serialize(sampleActivity());
  for (std::size_t length = 0; length < speech.size(); ++length) {
    const auto parsed = parseSpeechActivity(std::span(speech).first(length));
    ASSERT_FALSE(parsed) << length;
    expectError(parsed, ErrorCode::CorruptData);
  }
}

TEST(AnalysisFormat, TrailingBytesAreCorruptData) {
  Bytes wave = serialize(samplePeaks());
  wave.push_back(0);
  expectError(parseWaveformPeaks(wave), ErrorCode::CorruptData);
  Bytes speech = serialize(sampleActivity());
  speech.push_back(0);
  expectError(parseSpeechActivity(speech), ErrorCode::CorruptData);
}

TEST(AnalysisFormat, AFlippedCountIsCorruptData) {
  for (const unsigned flip : {0x01u, 0x80u}) {
    Bytes wave = serialize(samplePeaks());
    wave[12] = static_cast<unsigned char>(wave[12] ^ flip);  // u32 count at offset 12
    expectError(parseWaveformPeaks(wave), ErrorCode::CorruptData);
    Bytes speech = serialize(sampleActivity());
    speech[8] = static_cast<unsigned char>(speech[8] ^ flip);  // u32 count at offset 8
    expectError(parseSpeechActivity(speech), ErrorCode::CorruptData);
  }
  Bytes huge = serialize(samplePeaks());
  huge[15] = 0xff;  // about 4 billion buckets claimed: rejected before allocating
  expectError(parseWaveformPeaks(huge), ErrorCode::CorruptData);
}

TEST(AnalysisFormat, WrongMagicOrVersionZeroIsCorruptData) {
  Bytes wave = serialize(samplePeaks());
  expectError(parseSpeechActivity(wave), ErrorCode::CorruptData);  // the other format
  wave[0] = 'X';
  expectError(parseWaveformPeaks(wave), ErrorCode::CorruptData);
  Bytes speech = serialize(sampleActivity());
  speech[6] = 0;
  expectError(parseSpeechActivity(speech), ErrorCode::CorruptData);
}

TEST(AnalysisFormat, ANewerVersionIsUnsupported) {
  Bytes wave = serialize(samplePeaks());
  wave[6] = 2;
  const auto parsedWave = parseWaveformPeaks(wave);
  ASSERT_FALSE(parsedWave);
  expectError(parsedWave, ErrorCode::Unsupported);
  EXPECT_EQ(parsedWave.error().message,
            tr("The stored audio analysis of this recording was made by a newer version of Vakspiegel. Update "
               "Vakspiegel to open it."));
  // A newer layout may differ entirely: only magic and version are read.
  Bytes speech = {'V', 'S', 'S', 'P', 'C', 'H', 0x00, 0x01};
  expectError(parseSpeechActivity(speech), ErrorCode::Unsupported);
}

TEST(AnalysisFormat, BrokenInvariantsAreCorruptData) {
  WaveformPeaks inverted = samplePeaks();
  std::swap(inverted.minimum[1], inverted.maximum[1]);
  expectError(parseWaveformPeaks(serialize(inverted)), ErrorCode::CorruptData);
  WaveformPeaks noRate = samplePeaks();
  noRate.peaksPerSecond = 0;
  expectError(parseWaveformPeaks(serialize(noRate)), ErrorCode::CorruptData);

  const auto rejects = [](auto change) {
    SpeechActivity activity = sampleActivity();
    change(activity.segments);
    const auto parsed = parseSpeechActivity(serialize(activity));
    ASSERT_FALSE(parsed) << describe(activity);
    expectError(parsed, ErrorCode::CorruptData);
  };
  rejects([](auto& s) { s[0].startUs = 1; });            // not from 0
  rejects([](auto& s) { s[1].startUs = 1'400'000; });    // overlap
  rejects([](auto& s) { s[2].startUs = 4'600'000; });    // gap
  rejects([](auto& s) { std::swap(s[0], s[1]); });       // not ordered
  rejects([](auto& s) { s[3].endUs = s[3].startUs; });   // empty
  rejects([](auto& s) { s[2].isSpeech = false; });       // not alternating
  rejects([](auto& s) { s[1].isLongSilence = false; });  // unmarked long silence
  rejects([](auto& s) { s[3].isLongSilence = true; });   // short one marked
  rejects([](auto& s) { s[0].isLongSilence = true; });   // speech marked
  Bytes flags = serialize(sampleActivity());
  flags[12 + 16] |= 0x04;  // an unknown flag bit in the first segment
  expectError(parseSpeechActivity(flags), ErrorCode::CorruptData);
}

RC_GTEST_PROP(AnalysisFormat, AnyChangedByteParsesToValidDataOrCorruptData, ()) {
  const bool isWave = *rc::gen::arbitrary<bool>();
  Bytes bytes = isWave ? serialize(samplePeaks()) : serialize(sampleActivity());
  const auto at = *rc::gen::inRange<std::size_t>(0, bytes.size());
  bytes[at] = *rc::gen::distinctFrom(bytes[at]);
  // One changed byte leaves either the magic or the version intact.
  const unsigned version = bytes[6] | (unsigned{bytes[7]} << 8);
  const ErrorCode expected = version > 1 ? ErrorCode::Unsupported : ErrorCode::CorruptData;
  if (isWave) {
    const auto parsed = parseWaveformPeaks(bytes);
    if (!parsed)
      RC_ASSERT(parsed.error().code == expected);
    else
      RC_ASSERT(serialize(*parsed) == bytes);
  } else {
    const auto parsed = parseSpeechActivity(bytes);
    if (!parsed)
      RC_ASSERT(parsed.error().code == expected);
    else
      RC_ASSERT(serialize(*parsed) == bytes);
  }
}

}  // namespace
}  // namespace vakspiegel::media
