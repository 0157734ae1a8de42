// Tests of the playback engine's sound and its clock (media/player.h), with
// a virtual audio output that pulls sound as a device does
// (test::VirtualAudioOutput): the pitch of a 440 Hz tone stays at 0.5x and 2x
// (an FFT of the output) while its duration scales; over a minute every
// picture comes within a frame of the sound it belongs to (a beep at each
// whole second against the frame marked for that second); 100 loops of an
// A-B fragment without drift; a fragment's sound ends at its end; volume and
// mute; playing to the end with sound.
#include "media/player.h"

#include <algorithm>
#include <cmath>
#include <complex>
#include <cstdint>
#include <memory>
#include <numbers>
#include <string>
#include <thread>
#include <vector>

#include <gtest/gtest.h>

#include "media/player_fixtures.h"

namespace vakspiegel::media {
namespace {

using test::frameCovering;
using test::frameIndex;
using test::frameMiddleUs;
using test::frameStartUs;
using test::kFramePeriodUs;
using test::kSecondUs;
using test::shownPicture;
using test::TempDir;
using test::VirtualAudioOutput;
using namespace std::chrono_literals;

constexpr double kRate = kPlayerSampleRate;
constexpr std::int64_t kFramePeriodSamples = kPlayerSampleRate / test::kFps;  // 1600

// Sound frames <-> microseconds.
double samplesToUs(double samples) {
  return samples * 1e6 / kRate;
}

// ---- Frequency --------------------------------------------------------------------------

// In-place iterative radix-2 FFT (size a power of two).
void fft(std::vector<std::complex<double>>& data) {
  const std::size_t size = data.size();
  for (std::size_t i = 1, j = 0; i < size; ++i) {
    std::size_t bit = size >> 1;
    for (; (j & bit) != 0; bit >>= 1) j ^= bit;
    j ^= bit;
    if (i < j) std::swap(data[i], data[j]);
  }
  for (std::size_t length = 2; length <= size; length <<= 1) {
    const double angle = -2.0 * std::numbers::pi / static_cast<double>(length);
    const std::complex<double> unit(std::cos(angle), std::sin(angle));
    for (std::size_t start = 0; start < size; start += length) {
      std::complex<double> twiddle(1.0);
      for (std::size_t k = 0; k < length / 2; ++k) {
        const std::complex<double> even = data[start + k];
        const std::complex<double> odd = data[start + k + length / 2] * twiddle;
        data[start + k] = even + odd;
        data[start + k + length / 2] = even - odd;
        twiddle *= unit;
      }
    }
  }
}

struct Peak {
  double hz = 0;
  double share = 0;  // of the spectrum's energy within +-10 Hz of the peak
};

// The strongest frequency in `count` samples from `first` (Hann window, the
// peak bin refined by a parabola through the log magnitudes of it and its
// neighbours: about 0.1 Hz at 32768 samples).
Peak dominantFrequency(const std::vector<float>& sound, std::size_t first, std::size_t count) {
  std::vector<std::complex<double>> data(count);
  for (std::size_t i = 0; i < count; ++i) {
    const double window =
        0.5 - 0.5 * std::cos(2.0 * std::numbers::pi * static_cast<double>(i) / static_cast<double>(count - 1));
    data[i] = static_cast<double>(sound[first + i]) * window;
  }
  fft(data);
  const double binHz = kRate / static_cast<double>(count);
  std::size_t best = 1;
  double total = 0;
  for (std::size_t bin = 1; bin < count / 2; ++bin) {
    total += std::norm(data[bin]);
    if (std::abs(data[bin]) > std::abs(data[best])) best = bin;
  }
  const double left = std::log(std::abs(data[best - 1]) + 1e-12);
  const double middle = std::log(std::abs(data[best]) + 1e-12);
  const double right = std::log(std::abs(data[best + 1]) + 1e-12);
  const double offset = 0.5 * (left - right) / (left - 2 * middle + right);
  double near = 0;
  const auto span = static_cast<std::size_t>(10.0 / binHz);
  for (std::size_t bin = best - std::min(best - 1, span); bin <= best + span; ++bin) near += std::norm(data[bin]);
  return {(static_cast<double>(best) + offset) * binHz, near / total};
}

// ---- Pitch and duration --------------------------------------------------------------

constexpr double kToneFileSeconds = 7.0;  // the tone from 0.5 s to 6.5 s

class PlayerPitch : public ::testing::TestWithParam<double> {};

TEST_P(PlayerPitch, KeepsThePitchAndScalesTheDuration) {
  const double speed = GetParam();
  TempDir dir;
  const auto source = test::indexedVideo(kToneFileSeconds, test::Sound::Tone);
  ASSERT_FALSE(source.empty());
  test::VaultRecording recording(dir, source);
  ASSERT_TRUE(recording.isImported());
  auto player = test::openPlayer(recording);
  ASSERT_NE(player, nullptr);
  ASSERT_TRUE(player->info().hasAudio);
  player->setSpeed(speed);
  EXPECT_EQ(player->speed(), speed);
  player->play();
  VirtualAudioOutput::Options options;
  options.keepSound = true;
  options.lastFrame = static_cast<std::int64_t>(kToneFileSeconds) * test::kFps - 1;
  VirtualAudioOutput output(*player, options);
  output.pullUntil([&] { return player->state() == PlayerState::Ended; }, kToneFileSeconds / speed + 3.0);
  EXPECT_EQ(player->state(), PlayerState::Ended);
  EXPECT_TRUE(output.late().empty()) << output.late().size() << " pictures late, the first due at "
                                     << (output.late().empty() ? 0 : output.late().front().positionUs) << " us";

  // The tone: first and last loud sample (the hum stays far below).
  const std::vector<float>& sound = output.sound();
  const auto isLoud = [](float sample) { return std::abs(sample) > 0.25F; };
  const auto onset = std::find_if(sound.begin(), sound.end(), isLoud);
  const auto offset = std::find_if(sound.rbegin(), sound.rend(), isLoud);
  ASSERT_NE(onset, sound.end());
  const double toneSeconds = static_cast<double>(std::distance(onset, offset.base())) / kRate;  // 6 s of media
  EXPECT_NEAR(toneSeconds, 6.0 / speed, 0.02 * 6.0 / speed) << "speed " << speed;
  RecordProperty("tone_seconds", fmt::format("{:.4f}", toneSeconds));
  // Its peak level: as loud as the (mono) source, not -3 dB as FFmpeg's
  // upmix of a centre channel would make it.
  const double loudest =
      std::abs(*std::max_element(onset, offset.base(), [](float a, float b) { return std::abs(a) < std::abs(b); }));
  EXPECT_NEAR(loudest, test::kToneAmplitude, 0.05);

  // The pitch, at a quarter, half and three quarters of the tone.
  constexpr std::size_t kWindow = 32'768;  // 0.68 s
  const auto first = static_cast<std::size_t>(std::distance(sound.begin(), onset));
  const auto length = static_cast<std::size_t>(std::distance(onset, offset.base()));
  ASSERT_GT(length, 2 * kWindow);
  for (double at : {0.25, 0.5, 0.75}) {
    const std::size_t start = first + static_cast<std::size_t>(at * static_cast<double>(length - kWindow));
    const Peak peak = dominantFrequency(sound, start, kWindow);
    EXPECT_NEAR(peak.hz, test::kToneHz, 0.02 * test::kToneHz) << "speed " << speed << " at " << at;
    RecordProperty(fmt::format("hz_at_{}", at), fmt::format("{:.2f}", peak.hz));
    EXPECT_GT(peak.share, 0.9) << "speed " << speed << " at " << at << ": the tone is not clean";
  }

  // The pictures kept to the clock at this speed too.
  ASSERT_FALSE(output.shown().empty());
  int previous = -1;
  for (const VirtualAudioOutput::Shown& shown : output.shown()) {
    EXPECT_GT(shown.index, previous);
    previous = shown.index;
    EXPECT_LE(shown.ptsUs, shown.positionUs + kFramePeriodUs) << "picture " << shown.index;
    EXPECT_LT(shown.positionUs, shown.ptsUs + shown.durationUs + kFramePeriodUs) << "picture " << shown.index;
  }
  EXPECT_EQ(previous, static_cast<int>(kToneFileSeconds) * test::kFps - 1);
}

INSTANTIATE_TEST_SUITE_P(Speeds, PlayerPitch, ::testing::Values(0.5, 1.0, 2.0),
                         [](const ::testing::TestParamInfo<double>& param) {
                           return fmt::format("x{}", static_cast<int>(param.param * 100));
                         });

// ---- A/V sync ----------------------------------------------------------------------------

constexpr double kLongSeconds = 62.0;  // beeps at 1..61 s

class PlayerSound : public ::testing::Test {
 protected:
  void SetUp() override {
    const auto source = test::indexedVideo(kLongSeconds, test::Sound::Beeps);
    ASSERT_FALSE(source.empty());
    m_recording = std::make_unique<test::VaultRecording>(m_dir, source);
    ASSERT_TRUE(m_recording->isImported());
    m_player = test::openPlayer(*m_recording);
    ASSERT_NE(m_player, nullptr);
    ASSERT_TRUE(m_player->info().hasAudio);
  }

  // The virtual output for the long video.
  static VirtualAudioOutput::Options outputOptions(int lastShown = -1) {
    VirtualAudioOutput::Options options;
    options.lastFrame = static_cast<std::int64_t>(kLongSeconds) * test::kFps - 1;
    options.lastShown = lastShown;
    return options;
  }

  // The media time the clock gives a beep: the position after its block,
  // less the sound after the beep in that block.
  static double beepClockUs(const VirtualAudioOutput::Onset& onset) {
    return static_cast<double>(onset.positionAfterUs) -
           samplesToUs(static_cast<double>(onset.blockEndFrame - onset.atFrame));
  }

  TempDir m_dir;
  std::unique_ptr<test::VaultRecording> m_recording;
  std::unique_ptr<Player> m_player;
};

TEST_F(PlayerSound, OverAMinuteEveryPictureComesWithinAFrameOfItsSound) {
  Player& player = *m_player;
  ASSERT_EQ(frameIndex(shownPicture(player)), 0);
  player.play();
  VirtualAudioOutput output(player, outputOptions(0));
  output.pullUntil([&] { return output.heardFrames() >= 61 * kPlayerSampleRate + kPlayerSampleRate / 2; }, 90.0);
  ASSERT_GE(output.heardFrames(), 61 * kPlayerSampleRate + kPlayerSampleRate / 2);
  EXPECT_EQ(player.state(), PlayerState::Playing);
  EXPECT_TRUE(output.late().empty()) << output.late().size() << " pictures late, the first due at "
                                     << (output.late().empty() ? 0 : output.late().front().positionUs) << " us";

  // Every picture: the next one, and within a frame of the clock.
  std::vector<std::int64_t> markedAt(62, -1);  // heard frames when frame 30 k came
  int previous = 0;
  for (const VirtualAudioOutput::Shown& shown : output.shown()) {
    ASSERT_GE(shown.index, 0);
    EXPECT_EQ(shown.index, previous + 1) << "a picture skipped or repeated";
    previous = shown.index;
    EXPECT_NEAR(static_cast<double>(shown.ptsUs), static_cast<double>(frameStartUs(shown.index)), 1.0);
    EXPECT_LE(shown.ptsUs, shown.positionUs + kFramePeriodUs) << "picture " << shown.index << " early";
    EXPECT_LT(shown.positionUs, shown.ptsUs + shown.durationUs + kFramePeriodUs)
        << "picture " << shown.index << " late";
    if (shown.index % test::kFps == 0) markedAt[static_cast<std::size_t>(shown.index / test::kFps)] = shown.atFrame;
  }
  // The clock never goes back.
  EXPECT_TRUE(std::is_sorted(output.positions().begin(), output.positions().end()));

  // The beeps: one per second, played at exactly 1x (no sound lost or
  // repeated), each heard within a frame of its marked picture, and where
  // the clock says it is.
  const auto& onsets = output.onsets();
  ASSERT_EQ(onsets.size(), 61u);
  for (std::size_t k = 1; k <= 60; ++k) {
    SCOPED_TRACE("second " + std::to_string(k));
    const VirtualAudioOutput::Onset& beep = onsets[k - 1];
    EXPECT_NEAR(static_cast<double>(beep.atFrame - onsets[0].atFrame), static_cast<double>((k - 1) * 48'000), 96.0);
    ASSERT_GE(markedAt[k], 0) << "the marked frame never came";
    EXPECT_NEAR(static_cast<double>(markedAt[k]), static_cast<double>(beep.atFrame),
                static_cast<double>(kFramePeriodSamples))
        << "picture " << k * 30 << " came " << samplesToUs(static_cast<double>(markedAt[k] - beep.atFrame))
        << " us after its beep";
    EXPECT_NEAR(beepClockUs(beep), static_cast<double>(k) * 1e6, static_cast<double>(kFramePeriodUs));
  }
  const PlayerStats stats = player.stats();
  EXPECT_EQ(stats.picturesShown, static_cast<std::int64_t>(output.shown().size()) + 1);
  EXPECT_EQ(stats.picturesDropped, 0);
}

TEST_F(PlayerSound, AHundredLoopsOfAFragmentDoNotDrift) {
  Player& player = *m_player;
  const Player::Range loop{10'250'000, 12'250'000};  // frames 307..367, beeps at 11 and 12 s
  constexpr int kLoops = 100;
  constexpr int kFirst = 307, kLast = 367;
  player.seek(loop.fromUs);
  ASSERT_EQ(frameIndex(shownPicture(player)), kFirst);
  player.setLoop(loop);
  player.play();
  VirtualAudioOutput output(player, outputOptions(kFirst));
  int wraps = 0;
  std::int64_t lastPosition = loop.fromUs;
  std::vector<std::int64_t> loopStarts;  // heard frames where each loop began, by the clock
  output.pullUntil(
      [&] {
        if (output.positions().empty()) return false;
        const std::int64_t position = output.positions().back();
        if (position < lastPosition) {
          ++wraps;
          loopStarts.push_back(output.heardFrames() -
                               static_cast<std::int64_t>(static_cast<double>(position - loop.fromUs) * kRate / 1e6));
        }
        lastPosition = position;
        return wraps == kLoops && position > loop.fromUs + 1'900'000;
      },
      kLoops * 2.0 + 5.0);
  ASSERT_EQ(wraps, kLoops);
  EXPECT_TRUE(output.late().empty()) << output.late().size() << " pictures late, the first due at "
                                     << (output.late().empty() ? 0 : output.late().front().positionUs) << " us";

  // The position never leaves [A, B).
  for (std::int64_t position : output.positions()) {
    ASSERT_GE(position, loop.fromUs);
    ASSERT_LT(position, loop.toUs);
  }
  // Every loop shows frames 307 to 367 in order: after each wrap, first the
  // frame covering A.
  int loopsSeen = 0;
  int expected = kFirst + 1;  // 307 was shown before playing
  for (const VirtualAudioOutput::Shown& shown : output.shown()) {
    if (shown.index < expected && expected > kFirst) {
      ASSERT_EQ(expected, kLast + 1) << "loop " << loopsSeen << " wrapped early";
      ++loopsSeen;
      ASSERT_EQ(shown.index, kFirst) << "the first picture after wrap " << loopsSeen;
      expected = kFirst + 1;
      continue;
    }
    ASSERT_EQ(shown.index, expected) << "in loop " << loopsSeen;
    expected = shown.index + 1;
    EXPECT_GE(shown.positionUs, loop.fromUs);
    EXPECT_LT(shown.positionUs, loop.toUs);
  }
  EXPECT_EQ(loopsSeen, kLoops);

  // The beeps: two a loop, 2 s of sound apart from loop to loop (no sound
  // lost, added or drifting), at the same offset from each loop's start, and
  // where the clock says they are.
  const auto& onsets = output.onsets();
  ASSERT_GE(onsets.size(), 2u * kLoops);
  const std::int64_t firstOnset = onsets[0].atFrame;
  for (std::size_t i = 0; i < 2 * kLoops; ++i) {
    SCOPED_TRACE("beep " + std::to_string(i));
    const VirtualAudioOutput::Onset& beep = onsets[i];
    const std::size_t loopIndex = i / 2;
    const double secondInLoop = i % 2 == 0 ? 11.0 : 12.0;
    EXPECT_NEAR(beepClockUs(beep), secondInLoop * 1e6, static_cast<double>(kFramePeriodUs));
    const double expectedFrame =
        static_cast<double>(firstOnset) + static_cast<double>(loopIndex) * 96'000.0 + (i % 2 == 0 ? 0.0 : 48'000.0);
    EXPECT_NEAR(static_cast<double>(beep.atFrame), expectedFrame, 240.0) << "drift";
    if (i >= 2) {
      EXPECT_NEAR(static_cast<double>(beep.atFrame - onsets[i - 2].atFrame), 96'000.0, 48.0) << "loop length";
    }
    if (loopIndex >= 1 && loopIndex <= loopStarts.size()) {
      const double offset = static_cast<double>(beep.atFrame - loopStarts[loopIndex - 1]);
      EXPECT_NEAR(offset, (secondInLoop - 10.25) * kRate, static_cast<double>(kFramePeriodSamples));
    }
  }
}

TEST_F(PlayerSound, AFragmentsSoundEndsAtItsEnd) {
  Player& player = *m_player;
  const Player::Range range{5'500'000, 7'500'000};  // beeps at 6 and 7 s
  player.playRange(range, Player::AtEnd::Pause);
  VirtualAudioOutput output(player, outputOptions());
  output.pullUntil([&] { return player.state() == PlayerState::Paused; }, 5.0);
  ASSERT_EQ(player.state(), PlayerState::Paused);
  const std::int64_t heardAtEnd = output.heardFrames();
  output.pullFor(0.5);  // half a second more: silence
  // (A fade of a few ms against a click would be fair.)
  EXPECT_NEAR(static_cast<double>(output.heardFrames()), static_cast<double>(heardAtEnd), 480.0)
      << "sound after the fragment's end";
  EXPECT_NEAR(static_cast<double>(heardAtEnd), 2.0 * kRate, static_cast<double>(kFramePeriodSamples));
  ASSERT_EQ(output.onsets().size(), 2u);
  EXPECT_NEAR(static_cast<double>(output.onsets()[0].atFrame), 0.5 * kRate, static_cast<double>(kFramePeriodSamples));
  EXPECT_NEAR(static_cast<double>(output.onsets()[1].atFrame), 1.5 * kRate, static_cast<double>(kFramePeriodSamples));
  ASSERT_FALSE(output.shown().empty());
  EXPECT_EQ(output.shown().front().index, frameCovering(range.fromUs));
  EXPECT_EQ(output.shown().back().index, frameCovering(range.toUs - 1));
  EXPECT_GE(player.positionUs(), frameStartUs(frameCovering(range.toUs - 1)));
  EXPECT_LE(player.positionUs(), range.toUs);
}

TEST_F(PlayerSound, PlaysToTheEndAndEnds) {
  Player& player = *m_player;
  const std::int64_t lastFrame = static_cast<std::int64_t>(kLongSeconds) * test::kFps - 1;
  player.seek(frameMiddleUs(lastFrame - 60));
  ASSERT_EQ(frameIndex(shownPicture(player)), lastFrame - 60);
  player.play();
  VirtualAudioOutput output(player, outputOptions(static_cast<int>(lastFrame) - 60));
  output.pullUntil([&] { return player.state() == PlayerState::Ended; }, 5.0);
  ASSERT_EQ(player.state(), PlayerState::Ended);
  ASSERT_FALSE(output.shown().empty());
  EXPECT_EQ(output.shown().back().index, lastFrame);
  EXPECT_EQ(output.shown().size(), 60u);
  EXPECT_GE(player.positionUs(), frameStartUs(lastFrame));
  EXPECT_NEAR(static_cast<double>(output.heardFrames()), 2.0 * kRate, 0.05 * kRate);
  // Ended: silence, no pictures.
  const std::size_t shownAtEnd = output.shown().size();
  const std::int64_t heardAtEnd = output.heardFrames();
  output.pullFor(0.3);
  EXPECT_EQ(output.shown().size(), shownAtEnd);
  EXPECT_EQ(output.heardFrames(), heardAtEnd);
  EXPECT_EQ(player.state(), PlayerState::Ended);
}

// The loudest sample in `seconds` of sound pulled straight from the engine,
// at about ten times real time.
float loudestIn(Player& player, double seconds) {
  std::vector<float> block(960);
  float loudest = 0;
  for (int i = 0; i < static_cast<int>(seconds * 100); ++i) {
    std::this_thread::sleep_for(1ms);
    (void)player.readAudio(block);
    (void)player.takePicture();
    for (float sample : block) loudest = std::max(loudest, std::abs(sample));
  }
  return loudest;
}

TEST_F(PlayerSound, VolumeScalesAndMuteSilences) {
  Player& player = *m_player;
  player.setLoop(Player::Range{kSecondUs - 100'000, 2 * kSecondUs - 100'000});  // a beep in every 1 s
  player.seek(kSecondUs - 100'000);
  player.play();
  const float full = loudestIn(player, 2.0);
  EXPECT_GT(full, 0.3F);  // the beep
  player.setVolume(0.5F);
  (void)loudestIn(player, 0.3);  // what the device already holds
  EXPECT_NEAR(loudestIn(player, 2.0) / full, 0.5, 0.03);
  player.setMuted(true);
  (void)loudestIn(player, 0.3);
  const std::int64_t before = player.positionUs();
  EXPECT_EQ(loudestIn(player, 0.5), 0.0F);
  EXPECT_NE(player.positionUs(), before) << "muted, playing goes on";
  player.setMuted(false);
  (void)loudestIn(player, 0.3);
  EXPECT_NEAR(loudestIn(player, 2.0) / full, 0.5, 0.03);
  player.setVolume(0.0F);
  (void)loudestIn(player, 0.3);
  EXPECT_EQ(loudestIn(player, 1.0), 0.0F);
}

}  // namespace
}  // namespace vakspiegel::media
