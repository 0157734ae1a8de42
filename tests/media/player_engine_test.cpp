// The playback engine's own edge cases (the proof suites are player_test,
// player_audio_test and player_matrix_test), on the indexed video of
// player_fixtures.h: 4 s, 30 fps, keyframe every 15 frames, two B-frames, a
// 440 Hz tone over a hum.
#include <chrono>
#include <thread>

#include <gtest/gtest.h>

#include "media/player_fixtures.h"

namespace vakspiegel::media::test {
namespace {

using namespace std::chrono_literals;

class PlayerEngineTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() { s_video = new std::filesystem::path(indexedVideo(4, Sound::Tone)); }
  static void TearDownTestSuite() { delete s_video; }

  std::unique_ptr<Player> open(PlayerOptions options = {}) {
    auto player = Player::openFile(*s_video, std::move(options));
    EXPECT_TRUE(player) << player.error().message;
    return player ? std::move(*player) : nullptr;
  }
  // The next picture after a seek or step.
  static int shown(Player& player) {
    EXPECT_TRUE(player.waitForPicture(5s));
    return frameIndex(player.takePicture());
  }

  static std::filesystem::path* s_video;
};
std::filesystem::path* PlayerEngineTest::s_video = nullptr;

TEST_F(PlayerEngineTest, OpensOnTheFirstPicture) {
  auto player = open();
  ASSERT_TRUE(player);
  EXPECT_EQ(player->info().width, 320);
  EXPECT_EQ(player->info().frameDurationUs, kFramePeriodUs);
  EXPECT_TRUE(player->info().hasAudio);
  EXPECT_EQ(shown(*player), 0);
}

TEST_F(PlayerEngineTest, SeeksExactlyAndStepsBothWays) {
  auto player = open();
  ASSERT_TRUE(player);
  EXPECT_EQ(shown(*player), 0);
  for (int frame : {50, 14, 15, 16, 119, 1, 44, 45, 30}) {
    player->seek(frame * kFramePeriodUs + kFramePeriodUs / 2);
    EXPECT_EQ(shown(*player), frame) << "seek to frame " << frame;
  }
  player->seek(frameStartUs(40));
  EXPECT_EQ(shown(*player), 40);
  for (int frame = 39; frame >= 0; --frame) {
    player->stepBackward();
    EXPECT_EQ(shown(*player), frame) << "step back";
  }
  for (int frame = 1; frame <= 20; ++frame) {
    player->stepForward();
    EXPECT_EQ(shown(*player), frame) << "step forward";
  }
}

TEST_F(PlayerEngineTest, AStepLeavesThePositionOnItsPictureAlsoWhenItDecodes) {
  auto player = open();
  ASSERT_TRUE(player);
  EXPECT_EQ(shown(*player), 0);
  player->seek(frameStartUs(30) + kFramePeriodUs / 2);  // inside frame 30, a keyframe
  EXPECT_EQ(shown(*player), 30);
  EXPECT_EQ(player->positionUs(), frameStartUs(30) + kFramePeriodUs / 2);
  // Back out of the cached interval (decodes 15..29), back within it, forward.
  for (const auto& [step, frame] : {std::pair{-1, 29}, std::pair{-1, 28}, std::pair{1, 29}}) {
    if (step < 0)
      player->stepBackward();
    else
      player->stepForward();
    ASSERT_TRUE(player->waitForPicture(5s));
    PicturePtr picture = player->takePicture();
    ASSERT_TRUE(picture);
    EXPECT_EQ(frameIndex(*picture), frame);
    EXPECT_EQ(player->positionUs(), picture->ptsUs()) << "at frame " << frame;
  }
}

TEST_F(PlayerEngineTest, StepsAskedDuringASeekApplyAfterIt) {
  auto player = open();
  ASSERT_TRUE(player);
  EXPECT_EQ(shown(*player), 0);
  player->seek(frameStartUs(60));
  player->stepBackward();
  player->stepBackward();
  player->stepBackward();
  ASSERT_TRUE(player->waitForPicture(5s));
  PicturePtr last;
  for (int i = 0; i < 100 && (!last || frameIndex(*last) != 57); ++i) {
    if (auto picture = player->takePicture()) last = picture;
    std::this_thread::sleep_for(2ms);
  }
  ASSERT_TRUE(last);
  EXPECT_EQ(frameIndex(*last), 57);
}

TEST_F(PlayerEngineTest, PlaysToTheEndOnTheMonotonicClock) {
  PlayerOptions options;
  options.audioOutput = false;
  std::int64_t now = 0;
  options.monotonicNowUs = [&now] { return now; };
  auto player = open(std::move(options));
  ASSERT_TRUE(player);
  EXPECT_EQ(shown(*player), 0);
  player->play();
  int expected = 1;
  while (player->state() == PlayerState::Playing && now < 10'000'000) {
    now += kFramePeriodUs;
    for (int i = 0; i < 500; ++i) {
      if (auto picture = player->takePicture()) {
        EXPECT_EQ(frameIndex(*picture), expected);
        ++expected;
        break;
      }
      if (player->state() != PlayerState::Playing) break;
      std::this_thread::sleep_for(1ms);
    }
  }
  EXPECT_EQ(player->state(), PlayerState::Ended);
  EXPECT_EQ(expected, 120);
  EXPECT_EQ(player->stats().picturesDropped, 0);
}

TEST_F(PlayerEngineTest, SoundIsTheClock) {
  auto player = open();
  ASSERT_TRUE(player);
  EXPECT_EQ(shown(*player), 0);
  player->seek(frameStartUs(30));
  EXPECT_EQ(shown(*player), 30);
  player->play();
  std::vector<float> block(480 * 2);  // 10 ms
  std::int64_t heardFrames = 0;
  int pictures = 0;
  for (int i = 0; i < 300 && player->state() == PlayerState::Playing; ++i) {
    player->readAudio(block);
    bool sound = false;
    for (float sample : block) sound = sound || sample != 0.0F;
    if (sound) heardFrames += 480;
    if (auto picture = player->takePicture()) {
      ++pictures;
      const std::int64_t heardUs = frameStartUs(30) + heardFrames * 1'000'000 / 48'000;
      EXPECT_NEAR(static_cast<double>(picture->ptsUs()), static_cast<double>(heardUs), kFramePeriodUs);
    }
    std::this_thread::sleep_for(10ms);  // a real device's pace
  }
  EXPECT_GT(pictures, 60);
}

TEST_F(PlayerEngineTest, PlaysFromTheVaultContainer) {
  TempDir dir;
  VaultSink sink(dir / "imported.vsc");
  auto report = importMedia(*s_video, sink);
  ASSERT_TRUE(report) << report.error().message;
  EXPECT_EQ(report->mode, ImportMode::Remux);
  auto player = Player::open(sink.commitAndOpen());
  ASSERT_TRUE(player) << player.error().message;
  ASSERT_TRUE((*player)->waitForPicture(5s));
  PicturePtr first = (*player)->takePicture();
  ASSERT_NE(first, nullptr);
  EXPECT_EQ(frameIndex(*first), 0);
  // The import keeps the source's timeline (the sound may start first).
  const std::int64_t zero = first->ptsUs();
  for (int frame : {97, 45, 44, 3}) {
    (*player)->seek(zero + frameStartUs(frame));
    EXPECT_EQ(shown(**player), frame);
  }
  (*player)->stepBackward();
  EXPECT_EQ(shown(**player), 2);
}

// A chunk that fails authentication in the middle: reported with its time,
// and what comes after it still plays.
TEST_F(PlayerEngineTest, PlaysOnAfterADamagedChunk) {
  TempDir dir;
  const auto source = makeRemuxable(dir, "source.mp4", 12.0);
  VaultSink sink(dir / "imported.vsc");
  ASSERT_TRUE(importMedia(source, sink));
  ASSERT_NE(sink.commitAndOpen(), nullptr);
  auto bytes = readBytes(dir / "imported.vsc");
  const std::size_t chunks = (bytes.size() - kChunkedHeaderBytes) / (kDefaultChunkSize + kChunkTagBytes);
  ASSERT_GE(chunks, 6U);
  bytes[kChunkedHeaderBytes + (chunks / 2) * (kDefaultChunkSize + kChunkTagBytes) + 100] ^= 0x40;
  writeBytes(dir / "imported.vsc", bytes);

  PlayerOptions options;
  options.audioOutput = false;
  auto player = Player::open(sink.reopen(), std::move(options));
  ASSERT_TRUE(player) << player.error().message;
  Player& p = **player;
  ASSERT_TRUE(p.waitForPicture(5s));
  ASSERT_NE(p.takePicture(), nullptr);
  // Step through everything: pictures keep coming, in order, past the damage.
  std::int64_t last = -1;
  int pictures = 0;
  for (int i = 0; i < 400; ++i) {
    p.stepForward();
    ASSERT_TRUE(p.waitForPicture(5s));
    PicturePtr picture = p.takePicture();
    if (!picture) break;  // the end
    EXPECT_GT(picture->ptsUs(), last);
    last = picture->ptsUs();
    ++pictures;
  }
  const std::vector<PlaybackIssue> issues = p.issues();
  ASSERT_FALSE(issues.empty());
  const PlaybackIssue& issue = issues.front();
  EXPECT_EQ(issue.error.code, ErrorCode::CorruptData);
  EXPECT_NE(issue.error.message.find("beschadigd"), std::string::npos) << issue.error.message;
  EXPECT_GT(issue.atUs, 1'000'000);
  EXPECT_GT(last, issue.atUs + 1'000'000) << "nothing after the damage";
  EXPECT_LT(pictures, 359);
}

// An audio output that stops pulling (a device that went away): after a
// few seconds the pictures go on with the monotonic clock, and it is reported.
TEST_F(PlayerEngineTest, PlaysOnWhenTheSoundOutputStops) {
  PlayerOptions options;
  std::int64_t now = 0;
  options.monotonicNowUs = [&now] { return now; };
  auto player = open(std::move(options));
  ASSERT_TRUE(player);
  EXPECT_EQ(shown(*player), 0);
  player->play();
  std::vector<float> block(480 * 2);
  for (int i = 0; i < 2000 && player->positionUs() < 300'000; ++i) {
    player->readAudio(block);
    now += 10'000;
    (void)player->takePicture();
    std::this_thread::sleep_for(1ms);
  }
  ASSERT_GE(player->positionUs(), 300'000) << "the sound did not drive the clock";
  const std::int64_t stoppedAt = player->positionUs();
  now += 3'500'000;  // no more pulls
  (void)player->takePicture();
  ASSERT_EQ(player->issues().size(), 1U);
  now += 1'000'000;
  PicturePtr last;
  for (int i = 0; i < 500 && (!last || last->ptsUs() < stoppedAt + 900'000); ++i) {
    if (auto picture = player->takePicture()) last = picture;
    std::this_thread::sleep_for(1ms);
  }
  ASSERT_NE(last, nullptr);
  EXPECT_GE(last->ptsUs(), stoppedAt + 900'000);
  EXPECT_EQ(player->state(), PlayerState::Playing);
}

TEST_F(PlayerEngineTest, SurvivesRapidSeeksAndDestruction) {
  for (int round = 0; round < 20; ++round) {
    auto player = open();
    ASSERT_TRUE(player);
    for (int i = 0; i < 50; ++i) player->seek((i * 7919 % 120) * kFramePeriodUs);
    if (round % 2 == 0) {
      EXPECT_TRUE(player->waitForPicture(5s));
    }
  }
}

}  // namespace
}  // namespace vakspiegel::media::test
