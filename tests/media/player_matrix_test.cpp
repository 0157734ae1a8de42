// The playback engine plays whatever the import accepted (media/player.h):
// every source of the import's matrix (test::importMatrix(): containers and
// codecs of cameras, phones and screen recorders), a rotated phone video and
// a variable frame rate, each imported into a vault container, stepped
// through frame by frame and played to the end with its sound. And what goes
// wrong: a chunk of the container that fails authentication, and a corrupt
// packet that authenticates fine, are reported (in Dutch) or skipped, and
// playing goes on after them; never a crash or a hang.
#include "media/player.h"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <fstream>
#include <memory>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include <fmt/format.h>

#include "core/i18n.h"
#include "media/player_fixtures.h"

namespace vakspiegel::media {
namespace {

using test::frameCovering;
using test::frameIndex;
using test::frameMiddleUs;
using test::kSecondUs;
using test::shownPicture;
using test::TempDir;
using test::VirtualAudioOutput;
using namespace std::chrono_literals;

struct Stepped {
  std::vector<std::int64_t> pts;  // of every picture, in order
  std::vector<std::int64_t> durations;
  bool sizesRight = true;
};

// Shows the first picture, then steps forward until no new picture comes.
Stepped stepThrough(Player& player, int width, int height) {
  Stepped stepped;
  PicturePtr picture = shownPicture(player);
  for (int i = 0; picture && i < 1000; ++i) {
    if (!stepped.pts.empty() && picture->ptsUs() == stepped.pts.back()) break;  // the last again
    stepped.pts.push_back(picture->ptsUs());
    stepped.durations.push_back(picture->durationUs());
    stepped.sizesRight = stepped.sizesRight && picture->width() == width && picture->height() == height;
    player.stepForward();
    picture = shownPicture(player);
  }
  return stepped;
}

// Plays from the start to the end, with the virtual audio output at 4x real
// time and a manual monotonic clock moved along with it (a recording without
// sound plays on that clock).
struct Played {
  std::vector<std::int64_t> pts;
  std::int64_t heardFrames = 0;
  float loudest = 0;
  bool ended = false;
};

Played playThrough(Player& player, test::ManualClock& clock, double seconds) {
  player.seek(0);
  (void)shownPicture(player);
  player.play();
  VirtualAudioOutput::Options options;
  options.keepSound = true;
  options.realTimeFactor = 4.0;
  options.waitForDuePicture = false;  // these pictures carry no index
  VirtualAudioOutput output(player, options);
  output.pullUntil(
      [&] {
        clock.advance(10'000);
        return player.state() != PlayerState::Playing;
      },
      seconds + 2.0);
  Played played;
  played.ended = player.state() == PlayerState::Ended;
  for (const VirtualAudioOutput::Shown& shown : output.shown()) played.pts.push_back(shown.ptsUs);
  played.heardFrames = output.heardFrames();
  for (float sample : output.sound()) played.loudest = std::max(played.loudest, std::abs(sample));
  return played;
}

// The presentation times of every frame of an imported recording, as
// ffprobe decodes its plaintext (read out of the container): what the
// engine must step through.
std::vector<std::int64_t> framesOf(const TempDir& dir, test::VaultRecording& recording) {
  auto reader = recording.reader();
  if (!reader) return {};
  std::vector<unsigned char> bytes(reader->size());
  auto read = reader->readAt(0, bytes);
  EXPECT_TRUE(read.has_value() && *read == bytes.size());
  const auto plaintext = dir / "plaintext.mp4";
  test::writeBytes(plaintext, bytes);
  const auto listing = dir / "frames.csv";
  test::run("ffprobe -v error -select_streams v:0 -show_entries frame=best_effort_timestamp_time -of csv=p=0 " +
                plaintext.string(),
            listing);
  std::vector<std::int64_t> times;
  std::ifstream in(listing);
  for (std::string line; std::getline(in, line);) {
    if (!line.empty()) times.push_back(std::llround(std::stod(line) * 1e6));
  }
  return times;
}

class PlayerMatrix : public ::testing::TestWithParam<test::SourceCase> {};

TEST_P(PlayerMatrix, StepsThroughEveryFrameAndPlaysToTheEndWithItsSound) {
  const test::SourceCase& source = GetParam();
  const test::Watchdog watchdog(180s, "PlayerMatrix " + source.name);
  TempDir dir;
  const auto path = test::makeMedia(dir, source.name + "." + source.extension, source.codecs, 3.0, source.hasAudio);
  ASSERT_FALSE(::testing::Test::HasFailure());
  test::VaultRecording recording(dir, path);
  ASSERT_TRUE(recording.isImported());
  test::ManualClock clock;
  PlayerOptions options;
  options.monotonicNowUs = clock.function();
  auto player = test::openPlayer(recording, options);
  ASSERT_NE(player, nullptr);
  const PlayerInfo& info = player->info();
  EXPECT_EQ(info.width, 320);
  EXPECT_EQ(info.height, 240);
  EXPECT_EQ(info.rotationDegrees, 0);
  EXPECT_EQ(info.hasAudio, source.hasAudio);
  EXPECT_NEAR(static_cast<double>(info.durationUs), 3.0 * kSecondUs, 200'000.0);
  EXPECT_NEAR(static_cast<double>(info.frameDurationUs), 33'333.0, 1'000.0);

  // Every frame the recording holds (as ffprobe decodes it), in order, the
  // right size.
  const std::vector<std::int64_t> reference = framesOf(dir, recording);
  const Stepped stepped = stepThrough(*player, 320, 240);
  EXPECT_NEAR(static_cast<double>(stepped.pts.size()), 90.0, 2.0);
  EXPECT_TRUE(stepped.sizesRight);
  ASSERT_EQ(stepped.pts.size(), reference.size());
  for (std::size_t i = 0; i < reference.size(); ++i) {
    ASSERT_NEAR(static_cast<double>(stepped.pts[i]), static_cast<double>(reference[i]), 1.0) << "picture " << i;
  }
  for (std::size_t i = 0; i + 1 < stepped.pts.size(); ++i) {
    // "Until the next picture" (up to the 1 ms timestamps some containers
    // give, which the import keeps).
    EXPECT_NEAR(static_cast<double>(stepped.durations[i]), static_cast<double>(stepped.pts[i + 1] - stepped.pts[i]),
                1'000.0)
        << "picture " << i;
  }

  // Played: pictures in order, ending on the last frame; sound where there is sound.
  const Played played = playThrough(*player, clock, 3.0);
  EXPECT_TRUE(played.ended);
  ASSERT_FALSE(played.pts.empty());
  EXPECT_TRUE(std::is_sorted(played.pts.begin(), played.pts.end()));
  EXPECT_EQ(std::adjacent_find(played.pts.begin(), played.pts.end()), played.pts.end()) << "a picture twice";
  EXPECT_GE(played.pts.size(), 30u);
  EXPECT_EQ(played.pts.back(), stepped.pts.back()) << "the last frame is showing at the end";
  if (source.hasAudio) {
    // The speech takes about 2.4 of the 3 s; the rest is padding, digital
    // silence that (exact zeros) the output does not count as heard.
    EXPECT_GT(played.heardFrames, 2 * kPlayerSampleRate);
    EXPECT_LT(played.heardFrames, 3 * kPlayerSampleRate + kPlayerSampleRate / 10);
    EXPECT_GT(played.loudest, 0.05F) << "the speech was not heard";
  } else {
    EXPECT_EQ(played.heardFrames, 0);
  }
  EXPECT_TRUE(player->issues().empty()) << player->issues().front().error.message;
}

INSTANTIATE_TEST_SUITE_P(Containers, PlayerMatrix, ::testing::ValuesIn(test::importMatrix()),
                         [](const ::testing::TestParamInfo<test::SourceCase>& param) { return param.param.name; });

TEST(PlayerMatrixExtra, ARotatedPhoneVideoSaysHowToTurnIt) {
  TempDir dir;
  const auto source = test::makeRotated(dir);
  auto probed = probe(source);
  ASSERT_TRUE(probed.has_value()) << probed.error().message;
  test::VaultRecording recording(dir, source);
  ASSERT_TRUE(recording.isImported());
  auto player = test::openPlayer(recording);
  ASSERT_NE(player, nullptr);
  EXPECT_EQ(player->info().rotationDegrees, probed->video->rotationDegrees);
  EXPECT_EQ(player->info().width, 320);  // stored, not turned
  EXPECT_EQ(player->info().height, 240);
  const Stepped stepped = stepThrough(*player, 320, 240);
  EXPECT_EQ(stepped.pts.size(), 90u);
  EXPECT_TRUE(stepped.sizesRight);
}

TEST(PlayerMatrixExtra, AVariableFrameRateKeepsItsTimes) {
  TempDir dir;
  // 2 s at 30 fps, then 2 s at 15 fps.
  const auto source = test::makeVariableFrameRate(dir, "vfr.mkv", test::kVp9 + " -c:a libopus");
  test::VaultRecording recording(dir, source);
  ASSERT_TRUE(recording.isImported());
  auto player = test::openPlayer(recording);
  ASSERT_NE(player, nullptr);
  const Stepped stepped = stepThrough(*player, 320, 240);
  ASSERT_EQ(stepped.pts.size(), 90u);
  for (std::size_t i = 0; i + 1 < stepped.pts.size(); ++i) {
    // Source frames 0..59, then every other one from 60 on.
    const double expected = i < 60 ? 33'333.0 : 66'667.0;
    EXPECT_NEAR(static_cast<double>(stepped.pts[i + 1] - stepped.pts[i]), expected, 2'000.0) << "picture " << i;
    // "Until the next picture", also where the rate changes.
    EXPECT_NEAR(static_cast<double>(stepped.durations[i]), static_cast<double>(stepped.pts[i + 1] - stepped.pts[i]),
                1'000.0)
        << "picture " << i;
  }
  // An exact seek into the slow part lands on the frame covering the time,
  // and one into the gap between two frames on the earlier of them.
  for (std::int64_t target : {std::int64_t{3'050'000}, stepped.pts[75] + 40'000, stepped.pts[30] + 20'000}) {
    const auto after = std::upper_bound(stepped.pts.begin(), stepped.pts.end(), target);
    player->seek(target);
    const PicturePtr picture = shownPicture(*player);
    ASSERT_NE(picture, nullptr);
    EXPECT_EQ(picture->ptsUs(), *std::prev(after)) << "seek to " << target;
  }
}

// ---- Damage ------------------------------------------------------------------------------

constexpr double kDamagedSeconds = 20.0;
constexpr std::int64_t kDamagedLastFrame = 599;

// Plays the whole recording with the virtual audio output; returns it.
std::unique_ptr<VirtualAudioOutput> playToTheEnd(Player& player) {
  VirtualAudioOutput::Options options;
  options.lastFrame = kDamagedLastFrame;
  auto output = std::make_unique<VirtualAudioOutput>(player, options);
  player.play();
  output->pullUntil([&] { return player.state() == PlayerState::Ended; }, kDamagedSeconds + 5.0);
  return output;
}

// Where damage showed: pictures after it must be the right frames again
// from the next keyframe after the damage on (0.5 s apart) at the latest.
void expectRightFramesAfter(const VirtualAudioOutput& output, std::int64_t damagedUntilUs) {
  int checked = 0;
  for (const VirtualAudioOutput::Shown& shown : output.shown()) {
    if (shown.ptsUs < damagedUntilUs + 600'000) continue;
    ++checked;
    EXPECT_EQ(shown.index, frameCovering(shown.ptsUs + 1'000)) << "picture at " << shown.ptsUs << " us";
  }
  EXPECT_GT(checked, 30) << "no pictures after the damage";
  ASSERT_FALSE(output.shown().empty());
  EXPECT_EQ(output.shown().back().index, kDamagedLastFrame);
}

TEST(PlayerDamage, AChunkThatFailsIsReportedInDutchAndPlayingGoesOnAfterIt) {
  const test::Watchdog watchdog(180s, "PlayerDamage.AChunkThatFails");
  TempDir dir;
  const auto source = test::indexedVideo(kDamagedSeconds, test::Sound::Beeps);
  ASSERT_FALSE(source.empty());
  test::VaultRecording recording(dir, source);
  ASSERT_TRUE(recording.isImported());
  // A flipped byte in the middle chunk: opening works (the reader checks only
  // the last chunk then), reading that chunk fails.
  auto bytes = test::readBytes(recording.path());
  const std::size_t sealedChunk = kDefaultChunkSize + kChunkTagBytes;
  const std::size_t chunks = (bytes.size() - kChunkedHeaderBytes + sealedChunk - 1) / sealedChunk;
  ASSERT_GE(chunks, 6u);
  const std::size_t middle = chunks / 2;
  bytes[kChunkedHeaderBytes + middle * sealedChunk + 100] ^= 0x40;
  test::writeBytes(recording.path(), bytes);
  auto reader = recording.reader();
  ASSERT_NE(reader, nullptr);
  std::vector<unsigned char> probe(16);
  auto direct = reader->readAt(middle * kDefaultChunkSize, probe);
  ASSERT_FALSE(direct.has_value());
  const double damagedFraction = static_cast<double>(middle * kDefaultChunkSize) / static_cast<double>(reader->size());

  auto player = test::openPlayer(recording);
  ASSERT_NE(player, nullptr);
  const std::unique_ptr<VirtualAudioOutput> output = playToTheEnd(*player);
  EXPECT_EQ(player->state(), PlayerState::Ended);

  const std::vector<PlaybackIssue> issues = player->issues();
  ASSERT_FALSE(issues.empty());
  const PlaybackIssue& issue = issues.front();
  EXPECT_EQ(issue.error.code, ErrorCode::CorruptData);
  EXPECT_FALSE(issue.error.message.empty());
  RecordProperty("issue",
                 fmt::format("{} issue(s); the first at {} us: {}", issues.size(), issue.atUs, issue.error.message));
  const double expectedUs = damagedFraction * kDamagedSeconds * 1e6;
  EXPECT_NEAR(static_cast<double>(issue.atUs), expectedUs, 3e6) << "where the damage is";
  std::int64_t damagedUntil = 0;
  for (const PlaybackIssue& each : issues) damagedUntil = std::max(damagedUntil, each.atUs);
  expectRightFramesAfter(*output, damagedUntil);

  // It still seeks: past the damage exactly; into it without hanging.
  player->seek(frameMiddleUs(500));
  EXPECT_EQ(frameIndex(shownPicture(*player)), 500);
  player->seek(issue.atUs);
  (void)player->waitForPicture(10s);
  (void)player->takePicture();
  player->seek(frameMiddleUs(20));
  EXPECT_EQ(frameIndex(shownPicture(*player)), 20);

  // The message is translated: in English it reads differently.
  setLanguage(Language::English);
  auto englishPlayer = test::openPlayer(recording);
  ASSERT_NE(englishPlayer, nullptr);
  englishPlayer->seek(std::max<std::int64_t>(issue.atUs - kSecondUs, 0));
  englishPlayer->play();
  VirtualAudioOutput::Options options;
  options.lastFrame = kDamagedLastFrame;
  VirtualAudioOutput englishOutput(*englishPlayer, options);
  englishOutput.pullUntil([&] { return !englishPlayer->issues().empty(); }, 5.0);
  setLanguage(Language::Dutch);
  ASSERT_FALSE(englishPlayer->issues().empty());
  EXPECT_NE(englishPlayer->issues().front().error.message, issue.error.message)
      << "not translated: " << issue.error.message;
}

// Bytes overwritten in the middle of the source's media data: the import
// copies the broken packets (a remux decodes no more than it must), the
// container authenticates, the decoder meets garbage.
TEST(PlayerDamage, CorruptPacketsAreSkippedAndPlayingGoesOnAfterThem) {
  const test::Watchdog watchdog(180s, "PlayerDamage.CorruptPackets");
  TempDir dir;
  const auto clean = test::indexedVideo(kDamagedSeconds, test::Sound::Beeps);
  ASSERT_FALSE(clean.empty());
  auto bytes = test::readBytes(clean);
  const std::size_t start = bytes.size() / 2;  // the moov box comes last: this is media data
  for (std::size_t i = start; i < start + 6'000; ++i) bytes[i] = static_cast<unsigned char>(i * 7 + 0x55);
  const auto damaged = dir / "damaged.mp4";
  test::writeBytes(damaged, bytes);
  test::VaultRecording recording(dir, damaged);
  ASSERT_TRUE(recording.isImported());

  auto player = test::openPlayer(recording);
  ASSERT_NE(player, nullptr);
  const std::unique_ptr<VirtualAudioOutput> output = playToTheEnd(*player);
  EXPECT_EQ(player->state(), PlayerState::Ended);
  // The damage is about halfway (the file is 20 s of nearly constant rate).
  expectRightFramesAfter(*output, 13 * kSecondUs);
  for (const PlaybackIssue& issue : player->issues()) {
    EXPECT_FALSE(issue.error.message.empty());
    EXPECT_GT(issue.atUs, 4 * kSecondUs);
    EXPECT_LT(issue.atUs, 16 * kSecondUs);
  }
  // Before the damage everything was right.
  for (const VirtualAudioOutput::Shown& shown : output->shown()) {
    if (shown.ptsUs < 5 * kSecondUs) {
      EXPECT_EQ(shown.index, frameCovering(shown.ptsUs + 1'000));
    }
  }
}

}  // namespace
}  // namespace vakspiegel::media
