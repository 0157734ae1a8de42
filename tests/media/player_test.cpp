// Tests of the playback engine's pictures and transport (media/player.h),
// played from a real vault container: exact seeks (forward and back, across
// keyframes, first and last frame, beyond either end), frame steps both
// ways, playing on the monotonic clock (a recording without sound, or no
// audio device; the clock is injected so every picture is known), fragments,
// the end; and the stress tests that ThreadSanitizer runs (PlayerStress:
// rapid seeks, calls from many threads, destruction in the middle of it all).
// Every picture shown is identified by the index painted into it.
#include "media/player.h"

#include <atomic>
#include <chrono>
#include <cstdint>
#include <limits>
#include <memory>
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
using namespace std::chrono_literals;

constexpr double kSeconds = 20.0;
constexpr std::int64_t kFrames = 600;
constexpr std::int64_t kLastFrame = kFrames - 1;

// A fixed pseudo-random sequence: the same positions every run.
class Sequence {
 public:
  explicit Sequence(std::uint32_t seed) : m_state(seed) {}
  std::int64_t below(std::int64_t bound) {
    m_state = m_state * 1'664'525u + 1'013'904'223u;
    return static_cast<std::int64_t>(m_state >> 8) % bound;
  }

 private:
  std::uint32_t m_state;
};

// The indexed video with beeps (20 s, 600 frames) imported into a vault
// container, and a player on it.
class IndexedRecording : public ::testing::Test {
 protected:
  void SetUp() override {
    m_source = test::indexedVideo(kSeconds, test::Sound::Beeps);
    ASSERT_FALSE(m_source.empty());
    m_recording = std::make_unique<test::VaultRecording>(m_dir, m_source);
    ASSERT_TRUE(m_recording->isImported());
  }

  std::unique_ptr<Player> open(PlayerOptions options = {}) { return test::openPlayer(*m_recording, options); }

  // Seeks and returns the index of the picture shown (-2: none).
  static int seekTo(Player& player, std::int64_t positionUs) {
    player.seek(positionUs);
    return frameIndex(shownPicture(player));
  }

  TempDir m_dir;
  std::filesystem::path m_source;
  std::unique_ptr<test::VaultRecording> m_recording;
};

// ---- Opening ---------------------------------------------------------------------------

class PlayerOpen : public IndexedRecording {};

TEST_F(PlayerOpen, ShowsTheFirstFramePausedAndKnowsTheRecording) {
  auto player = open();
  ASSERT_NE(player, nullptr);
  const PlayerInfo& info = player->info();
  EXPECT_EQ(info.width, test::kWidth);
  EXPECT_EQ(info.height, test::kHeight);
  EXPECT_EQ(info.rotationDegrees, 0);
  EXPECT_TRUE(info.hasAudio);
  EXPECT_NEAR(static_cast<double>(info.frameDurationUs), 33'333.0, 1.0);
  EXPECT_NEAR(static_cast<double>(info.durationUs), kSeconds * 1e6, 50'000.0);
  EXPECT_EQ(player->state(), PlayerState::Paused);
  EXPECT_EQ(player->positionUs(), 0);
  EXPECT_EQ(player->speed(), 1.0);

  const PicturePtr first = shownPicture(*player);
  ASSERT_NE(first, nullptr);
  EXPECT_EQ(frameIndex(*first), 0);
  EXPECT_EQ(first->ptsUs(), 0);
  EXPECT_NEAR(static_cast<double>(first->durationUs()), 33'333.0, 1.0);
  EXPECT_EQ(first->width(), test::kWidth);
  EXPECT_EQ(first->height(), test::kHeight);
  EXPECT_TRUE(first->isKeyframe());
  EXPECT_GE(first->stride(0), test::kWidth);
  EXPECT_GE(first->stride(1), test::kWidth / 2);
  EXPECT_GE(first->stride(2), test::kWidth / 2);
  // The chroma of the grey index blocks is neutral: U and V are where
  // they belong.
  EXPECT_NEAR(first->plane(1)[2], 128, 8);
  EXPECT_NEAR(first->plane(2)[2], 128, 8);
  // Nothing changed since: no second picture.
  EXPECT_EQ(player->takePicture(), nullptr);
  EXPECT_EQ(player->stats().picturesShown, 1);
  EXPECT_TRUE(player->issues().empty());
}

// Positions share the import's time base (thumbnails, waveform and
// annotations are placed on it): the imported sound starts with AAC's
// priming samples before 0, which must not shift it.
TEST_F(PlayerOpen, SharesTheImportsTimeBase) {
  auto player = open();
  ASSERT_NE(player, nullptr);
  const ThumbnailStrip& strip = m_recording->report().thumbnails;
  ASSERT_GE(strip.frames.size(), 4u);
  for (const Thumbnail& thumbnail : strip.frames) {
    player->seek(thumbnail.ptsUs);
    const PicturePtr picture = shownPicture(*player);
    ASSERT_NE(picture, nullptr);
    EXPECT_EQ(picture->ptsUs(), thumbnail.ptsUs);
    EXPECT_EQ(frameIndex(*picture), frameCovering(thumbnail.ptsUs + 1));
  }
  // The recording ends with its last picture's (or sound's) end, not 21 ms
  // of priming later.
  EXPECT_LE(player->info().durationUs, static_cast<std::int64_t>(kSeconds * 1e6) + 15'000);
}

TEST_F(PlayerOpen, APlainFileShowsTheSameFrames) {
  auto player = test::openPlayerFile(m_source);
  ASSERT_NE(player, nullptr);
  EXPECT_EQ(frameIndex(shownPicture(*player)), 0);
  for (std::int64_t frame : {std::int64_t{1}, std::int64_t{15}, std::int64_t{299}, std::int64_t{150}, kLastFrame}) {
    EXPECT_EQ(seekTo(*player, frameMiddleUs(frame)), frame);
  }
}

TEST_F(PlayerOpen, RefusesAContainerThatHoldsNoVideo) {
  test::VaultSink sink(m_dir / "text.vsc");
  const std::string text = "Dit is geen video.";
  ASSERT_TRUE(
      sink.write(std::span<const unsigned char>(reinterpret_cast<const unsigned char*>(text.data()), text.size()))
          .has_value());
  auto reader = sink.commitAndOpen();
  ASSERT_NE(reader, nullptr);
  auto player = Player::open(std::move(reader));
  ASSERT_FALSE(player.has_value());
  EXPECT_EQ(player.error().code, ErrorCode::CorruptData);
  EXPECT_FALSE(player.error().message.empty());
}

TEST_F(PlayerOpen, RefusesAFileThatIsNotThereOrNotMedia) {
  auto missing = Player::openFile(m_dir / "missing.mp4");
  ASSERT_FALSE(missing.has_value());
  EXPECT_NE(missing.error().code, ErrorCode::Internal);
  test::writeBytes(m_dir / "text.mp4", {'g', 'e', 'e', 'n', ' ', 'v', 'i', 'd', 'e', 'o'});
  auto text = Player::openFile(m_dir / "text.mp4");
  ASSERT_FALSE(text.has_value());
  EXPECT_TRUE(text.error().code == ErrorCode::CorruptData || text.error().code == ErrorCode::Unsupported)
      << errorCodeName(text.error().code);
}

TEST_F(PlayerOpen, WakesTheCallerWhenAPictureIsReady) {
  auto player = open();
  ASSERT_NE(player, nullptr);
  auto wakeups = std::make_shared<std::atomic<int>>(0);
  player->setWakeup([wakeups] { ++*wakeups; });
  EXPECT_EQ(frameIndex(shownPicture(*player)), 0);
  const int before = wakeups->load();
  player->seek(frameMiddleUs(200));
  ASSERT_TRUE(player->waitForPicture(10s));
  // The wakeup may come just after the picture is ready: give it a moment.
  for (int i = 0; i < 1000 && wakeups->load() == before; ++i) std::this_thread::sleep_for(1ms);
  EXPECT_GT(wakeups->load(), before);
  EXPECT_EQ(frameIndex(player->takePicture()), 200);
}

// ---- Exact seeks ---------------------------------------------------------------------

class PlayerSeek : public IndexedRecording {};

TEST_F(PlayerSeek, LandsOnTheFrameCoveringTheTimeForwardAndBack) {
  auto player = open();
  ASSERT_NE(player, nullptr);
  // Keyframes are at multiples of 15: around them, both ways, far jumps.
  const std::vector<std::int64_t> frames = {0,   1,   2,   14, 15, 16, 29, 30, 31,  44,  45,  46, 100, 299, 300, 301,
                                            450, 449, 448, 16, 15, 14, 1,  0,  598, 599, 301, 7,  315, 314, 313, 59};
  for (std::int64_t frame : frames) {
    SCOPED_TRACE("frame " + std::to_string(frame));
    const std::int64_t target = frameMiddleUs(frame);
    player->seek(target);
    const PicturePtr picture = shownPicture(*player);
    ASSERT_NE(picture, nullptr);
    EXPECT_EQ(frameIndex(*picture), frame);
    EXPECT_NEAR(static_cast<double>(picture->ptsUs()), static_cast<double>(frameStartUs(frame)), 1.0);
    EXPECT_NEAR(static_cast<double>(picture->durationUs()), 33'333.0, 1.0);
    EXPECT_EQ(picture->isKeyframe(), frame % test::kKeyframeInterval == 0);
    EXPECT_EQ(player->positionUs(), target);
    EXPECT_EQ(player->state(), PlayerState::Paused);
    // Just after the frame starts and just before it ends.
    EXPECT_EQ(seekTo(*player, frameStartUs(frame) + 3), frame);
    EXPECT_EQ(seekTo(*player, frameStartUs(frame + 1) - 3), frame);
  }
  EXPECT_TRUE(player->issues().empty());
}

TEST_F(PlayerSeek, AKeyframeSeekShowsTheKeyframeAtOrBeforeAndAnExactSeekThenTheFrame) {
  auto player = open();
  ASSERT_NE(player, nullptr);
  // As a scrub does: fast seeks while the mouse moves, an exact one on release.
  for (std::int64_t frame : std::vector<std::int64_t>{0, 7, 14, 15, 16, 44, 300, 301, 599, 20, 1}) {
    SCOPED_TRACE("frame " + std::to_string(frame));
    player->seekKeyframe(frameMiddleUs(frame));
    const PicturePtr picture = shownPicture(*player);
    ASSERT_NE(picture, nullptr);
    EXPECT_EQ(frameIndex(*picture), frame - frame % test::kKeyframeInterval);
    EXPECT_TRUE(picture->isKeyframe());
    EXPECT_EQ(player->positionUs(), picture->ptsUs());
    EXPECT_EQ(player->state(), PlayerState::Paused);
    EXPECT_EQ(seekTo(*player, frameMiddleUs(frame)), frame);
  }
  EXPECT_TRUE(player->issues().empty());
}

TEST_F(PlayerSeek, AFramesOwnTimeShowsItAndOneMicrosecondLessThePreviousFrame) {
  auto player = open();
  ASSERT_NE(player, nullptr);
  for (std::int64_t frame : std::vector<std::int64_t>{1, 2, 15, 16, 30, 301, 450, kLastFrame}) {
    SCOPED_TRACE("frame " + std::to_string(frame));
    player->seek(frameMiddleUs(frame));
    const PicturePtr picture = shownPicture(*player);
    ASSERT_NE(picture, nullptr);
    const std::int64_t start = picture->ptsUs();
    EXPECT_EQ(seekTo(*player, start), frame);
    EXPECT_EQ(seekTo(*player, start - 1), frame - 1);
    EXPECT_EQ(seekTo(*player, start + picture->durationUs() - 1), frame);
  }
}

TEST_F(PlayerSeek, RandomTimesShowTheCoveringFrame) {
  auto player = open();
  ASSERT_NE(player, nullptr);
  Sequence sequence(20261123);
  const std::int64_t duration = player->info().durationUs;
  int seeks = 0;
  while (seeks < 120) {
    const std::int64_t target = sequence.below(static_cast<std::int64_t>(kSeconds * 1e6));
    if (test::isNearFrameBoundary(target) || target >= duration) continue;
    ++seeks;
    ASSERT_EQ(seekTo(*player, target), frameCovering(target)) << "seek to " << target << " us";
  }
}

TEST_F(PlayerSeek, ShowsTheFirstAndTheLastFrame) {
  auto player = open();
  ASSERT_NE(player, nullptr);
  EXPECT_EQ(seekTo(*player, frameMiddleUs(300)), 300);
  EXPECT_EQ(seekTo(*player, 0), 0);
  EXPECT_EQ(player->positionUs(), 0);
  EXPECT_EQ(seekTo(*player, frameStartUs(kLastFrame) + 1), kLastFrame);
  EXPECT_EQ(seekTo(*player, frameMiddleUs(1)), 1);
  EXPECT_EQ(seekTo(*player, player->info().durationUs - 1), kLastFrame);
  EXPECT_EQ(player->state(), PlayerState::Paused);
}

TEST_F(PlayerSeek, BeyondTheEndShowsTheLastFrame) {
  auto player = open();
  ASSERT_NE(player, nullptr);
  const std::int64_t duration = player->info().durationUs;
  for (std::int64_t target :
       {duration, duration + 1, duration + 10 * kSecondUs, std::numeric_limits<std::int64_t>::max()}) {
    SCOPED_TRACE("seek to " + std::to_string(target));
    EXPECT_EQ(seekTo(*player, frameMiddleUs(100)), 100);
    EXPECT_EQ(seekTo(*player, target), kLastFrame);
    EXPECT_GE(player->positionUs(), frameStartUs(kLastFrame) - 1);
    EXPECT_LE(player->positionUs(), duration);
    EXPECT_EQ(player->state(), PlayerState::Paused);
  }
}

TEST_F(PlayerSeek, BeforeTheStartShowsTheFirstFrame) {
  auto player = open();
  ASSERT_NE(player, nullptr);
  for (std::int64_t target : {std::int64_t{-1}, -5 * kSecondUs, std::numeric_limits<std::int64_t>::min()}) {
    SCOPED_TRACE("seek to " + std::to_string(target));
    EXPECT_EQ(seekTo(*player, frameMiddleUs(100)), 100);
    EXPECT_EQ(seekTo(*player, target), 0);
    EXPECT_EQ(player->positionUs(), 0);
  }
}

TEST_F(PlayerSeek, TheLastOfQuickSeeksWins) {
  auto player = open();
  ASSERT_NE(player, nullptr);
  EXPECT_EQ(frameIndex(shownPicture(*player)), 0);
  player->seek(frameMiddleUs(400));
  player->seek(frameMiddleUs(20));
  player->seek(frameMiddleUs(333));
  const PicturePtr picture = shownPicture(*player);
  EXPECT_EQ(frameIndex(picture), 333);
  EXPECT_EQ(player->positionUs(), frameMiddleUs(333));
  EXPECT_EQ(player->takePicture(), nullptr);
}

// ---- Frame steps ---------------------------------------------------------------------

class PlayerStep : public IndexedRecording {
 protected:
  // Steps and returns the index of the picture shown.
  static int step(Player& player, bool forward) {
    forward ? player.stepForward() : player.stepBackward();
    return frameIndex(shownPicture(player));
  }
};

TEST_F(PlayerStep, ForwardShowsEveryFrameAcrossKeyframes) {
  auto player = open();
  ASSERT_NE(player, nullptr);
  EXPECT_EQ(seekTo(*player, frameMiddleUs(10)), 10);
  for (std::int64_t frame = 11; frame <= 50; ++frame) {  // crosses the keyframes 15, 30 and 45
    player->stepForward();
    const PicturePtr picture = shownPicture(*player);
    ASSERT_EQ(frameIndex(picture), frame);
    EXPECT_EQ(player->state(), PlayerState::Paused);
    EXPECT_GE(player->positionUs(), picture->ptsUs());
    EXPECT_LT(player->positionUs(), picture->ptsUs() + picture->durationUs());
  }
  EXPECT_EQ(player->stats().picturesShown, 41);  // the seek's and the steps'
}

TEST_F(PlayerStep, BackwardShowsEveryFrameAcrossKeyframes) {
  auto player = open();
  ASSERT_NE(player, nullptr);
  EXPECT_EQ(seekTo(*player, frameMiddleUs(307)), 307);
  for (std::int64_t frame = 306; frame >= 267; --frame) {  // crosses the keyframes 300, 285 and 270
    player->stepBackward();
    const PicturePtr picture = shownPicture(*player);
    ASSERT_EQ(frameIndex(picture), frame);
    EXPECT_EQ(player->state(), PlayerState::Paused);
    EXPECT_GE(player->positionUs(), picture->ptsUs());
    EXPECT_LT(player->positionUs(), picture->ptsUs() + picture->durationUs());
  }
}

TEST_F(PlayerStep, BackAfterForwardAndForwardAfterBack) {
  auto player = open();
  ASSERT_NE(player, nullptr);
  EXPECT_EQ(seekTo(*player, frameMiddleUs(100)), 100);
  EXPECT_EQ(step(*player, true), 101);
  EXPECT_EQ(step(*player, true), 102);
  EXPECT_EQ(step(*player, false), 101);
  EXPECT_EQ(step(*player, false), 100);
  EXPECT_EQ(step(*player, false), 99);  // 90..104 is one keyframe interval: 99 came before
  EXPECT_EQ(step(*player, true), 100);
  EXPECT_EQ(step(*player, false), 99);
  EXPECT_EQ(step(*player, false), 98);
}

TEST_F(PlayerStep, BackFromAKeyframeShowsTheEndOfThePreviousInterval) {
  auto player = open();
  ASSERT_NE(player, nullptr);
  for (std::int64_t keyframe : {15, 150, 450, 585}) {
    SCOPED_TRACE("keyframe " + std::to_string(keyframe));
    EXPECT_EQ(seekTo(*player, frameMiddleUs(keyframe)), keyframe);
    EXPECT_EQ(step(*player, false), keyframe - 1);
    EXPECT_EQ(step(*player, false), keyframe - 2);
    EXPECT_EQ(step(*player, true), keyframe - 1);
    EXPECT_EQ(step(*player, true), keyframe);
  }
}

TEST_F(PlayerStep, QuickStepsAllCount) {
  auto player = open();
  ASSERT_NE(player, nullptr);
  EXPECT_EQ(seekTo(*player, frameMiddleUs(200)), 200);
  for (int i = 0; i < 7; ++i) player->stepBackward();
  EXPECT_EQ(frameIndex(shownPicture(*player)), 193);
  for (int i = 0; i < 9; ++i) player->stepForward();
  EXPECT_EQ(frameIndex(shownPicture(*player)), 202);
  // A seek then steps, without waiting in between.
  player->seek(frameMiddleUs(31));
  player->stepBackward();
  player->stepBackward();
  EXPECT_EQ(frameIndex(shownPicture(*player)), 29);
}

TEST_F(PlayerStep, BackAtTheFirstFrameStaysThere) {
  auto player = open();
  ASSERT_NE(player, nullptr);
  EXPECT_EQ(seekTo(*player, 0), 0);
  player->stepBackward();
  ASSERT_TRUE(player->waitForPicture(10s));
  const PicturePtr picture = player->takePicture();  // none, or the same frame again
  if (picture) {
    EXPECT_EQ(frameIndex(*picture), 0);
  }
  EXPECT_LT(player->positionUs(), frameStartUs(1));
  EXPECT_EQ(step(*player, true), 1);
  EXPECT_EQ(step(*player, false), 0);
}

TEST_F(PlayerStep, ForwardAtTheLastFrameStaysThere) {
  auto player = open();
  ASSERT_NE(player, nullptr);
  EXPECT_EQ(seekTo(*player, frameMiddleUs(kLastFrame - 1)), kLastFrame - 1);
  EXPECT_EQ(step(*player, true), kLastFrame);
  player->stepForward();
  ASSERT_TRUE(player->waitForPicture(10s));
  const PicturePtr picture = player->takePicture();
  if (picture) {
    EXPECT_EQ(frameIndex(*picture), kLastFrame);
  }
  EXPECT_GE(player->positionUs(), frameStartUs(kLastFrame) - 1);
  EXPECT_LE(player->positionUs(), player->info().durationUs);
  EXPECT_EQ(step(*player, false), kLastFrame - 1);
}

TEST_F(PlayerStep, BackAfterRandomSeeksIsThePreviousFrame) {
  auto player = open();
  ASSERT_NE(player, nullptr);
  Sequence sequence(7);
  for (int i = 0; i < 25; ++i) {
    const std::int64_t frame = 1 + sequence.below(kLastFrame);
    SCOPED_TRACE("frame " + std::to_string(frame));
    ASSERT_EQ(seekTo(*player, frameMiddleUs(frame)), frame);
    ASSERT_EQ(step(*player, false), frame - 1);
    ASSERT_EQ(step(*player, true), frame);
  }
}

// ---- Playing on the monotonic clock ----------------------------------------------------

// The indexed video without sound (or with sound but no audio output),
// played on a clock the test moves: after each move the picture is known.
class PlayerPlay : public ::testing::Test {
 protected:
  void SetUp() override {
    const auto source = test::indexedVideo(kSeconds, test::Sound::None);
    ASSERT_FALSE(source.empty());
    m_recording = std::make_unique<test::VaultRecording>(m_dir, source);
    ASSERT_TRUE(m_recording->isImported());
    PlayerOptions options;
    options.monotonicNowUs = m_clock.function();
    m_player = test::openPlayer(*m_recording, options);
    ASSERT_NE(m_player, nullptr);
    ASSERT_FALSE(m_player->info().hasAudio);
  }

  // Moves the clock and returns the index of the picture then due, waiting
  // for the engine to decode it (the clock stands still meanwhile).
  int advance(std::int64_t us, std::int64_t expectedFrame) {
    m_clock.advance(us);
    const PicturePtr picture = test::awaitFrame(*m_player, expectedFrame);
    if (picture) m_lastShown = frameIndex(*picture);
    return m_lastShown;
  }

  TempDir m_dir;
  std::unique_ptr<test::VaultRecording> m_recording;
  test::ManualClock m_clock;
  std::unique_ptr<Player> m_player;
  int m_lastShown = -2;
};

TEST_F(PlayerPlay, WithoutSoundThePicturesFollowTheMonotonicClock) {
  Player& player = *m_player;
  const std::int64_t start = frameMiddleUs(30);
  player.seek(start);
  ASSERT_EQ(frameIndex(shownPicture(player)), 30);
  player.play();
  EXPECT_EQ(player.state(), PlayerState::Playing);
  for (std::int64_t step = 1; step <= 40; ++step) {  // 100 ms = 3 frames a step
    ASSERT_EQ(advance(100'000, 30 + 3 * step), 30 + 3 * step) << "after " << step * 100 << " ms";
    EXPECT_NEAR(static_cast<double>(player.positionUs()), static_cast<double>(start + step * 100'000), 1'000.0);
  }
  // The clock stands still: so does the picture (the engine follows the
  // injected clock, not the machine's).
  std::this_thread::sleep_for(100ms);
  EXPECT_EQ(player.takePicture(), nullptr);
  EXPECT_NEAR(static_cast<double>(player.positionUs()), static_cast<double>(start + 4 * kSecondUs), 1'000.0);
  EXPECT_EQ(player.state(), PlayerState::Playing);
}

TEST_F(PlayerPlay, SpeedScalesTheClock) {
  Player& player = *m_player;
  player.setSpeed(2.0);
  EXPECT_EQ(player.speed(), 2.0);
  player.seek(frameMiddleUs(60));
  ASSERT_EQ(frameIndex(shownPicture(player)), 60);
  player.play();
  EXPECT_EQ(advance(100'000, 66), 66);  // 200 ms of media
  EXPECT_EQ(advance(100'000, 72), 72);
  player.setSpeed(0.5);
  EXPECT_EQ(advance(200'000, 75), 75);  // 100 ms of media
  EXPECT_EQ(advance(200'000, 78), 78);
  EXPECT_NEAR(static_cast<double>(player.positionUs()), static_cast<double>(frameMiddleUs(78)), 1'000.0);
  player.setSpeed(0.25);
  EXPECT_EQ(advance(400'000, 81), 81);
  // Out of range: clamped.
  player.setSpeed(4.0);
  EXPECT_EQ(player.speed(), 2.0);
  player.setSpeed(0.1);
  EXPECT_EQ(player.speed(), 0.25);
  player.setSpeed(0.0);
  EXPECT_EQ(player.speed(), 0.25);
}

TEST_F(PlayerPlay, PauseHoldsThePictureAndThePosition) {
  Player& player = *m_player;
  // (The clock starts once the picture to start from is there: the first.)
  ASSERT_EQ(frameIndex(shownPicture(player)), 0);
  player.play();
  EXPECT_EQ(advance(510'000, 15), 15);
  player.pause();
  EXPECT_EQ(player.state(), PlayerState::Paused);
  const std::int64_t paused = player.positionUs();
  EXPECT_NEAR(static_cast<double>(paused), 510'000.0, 1'000.0);
  m_clock.advance(kSecondUs);
  std::this_thread::sleep_for(50ms);
  EXPECT_EQ(player.takePicture(), nullptr);
  EXPECT_EQ(player.positionUs(), paused);
  player.play();
  EXPECT_EQ(advance(200'000, 21), 21);
  EXPECT_NEAR(static_cast<double>(player.positionUs()), static_cast<double>(paused + 200'000), 1'000.0);
}

TEST_F(PlayerPlay, ASeekWhilePlayingGoesOnPlayingFromThere) {
  Player& player = *m_player;
  ASSERT_EQ(frameIndex(shownPicture(player)), 0);
  player.play();
  EXPECT_EQ(advance(310'000, 9), 9);
  player.seek(frameMiddleUs(450));
  EXPECT_EQ(player.state(), PlayerState::Playing);
  ASSERT_TRUE(player.waitForPicture(10s));
  EXPECT_EQ(frameIndex(test::awaitFrame(player, 450)), 450);
  EXPECT_EQ(advance(kSecondUs, 480), 480);
  // And back.
  player.seek(frameMiddleUs(100));
  ASSERT_TRUE(player.waitForPicture(10s));
  EXPECT_EQ(frameIndex(test::awaitFrame(player, 100)), 100);
  EXPECT_EQ(player.state(), PlayerState::Playing);
  EXPECT_EQ(advance(200'000, 106), 106);
}

TEST_F(PlayerPlay, PlaysToTheEndThenEndsAndStartsAgainFromTheStart) {
  Player& player = *m_player;
  player.seek(frameMiddleUs(585));
  ASSERT_EQ(frameIndex(shownPicture(player)), 585);
  player.play();
  int last = 585;
  for (int step = 0; step < 20 && player.state() == PlayerState::Playing; ++step) {
    m_clock.advance(50'000);
    const PicturePtr picture =
        test::awaitFrame(player, std::min<std::int64_t>(frameCovering(player.positionUs()), kLastFrame), 2s);
    if (picture) {
      EXPECT_GT(frameIndex(*picture), last);
      last = frameIndex(*picture);
    }
  }
  EXPECT_EQ(player.state(), PlayerState::Ended);
  EXPECT_EQ(last, kLastFrame);
  EXPECT_GE(player.positionUs(), frameStartUs(kLastFrame) - 1);
  EXPECT_LE(player.positionUs(), player.info().durationUs);
  // Ended stays ended.
  m_clock.advance(kSecondUs);
  std::this_thread::sleep_for(20ms);
  EXPECT_EQ(player.takePicture(), nullptr);
  EXPECT_EQ(player.state(), PlayerState::Ended);
  // play() starts again from the start.
  player.play();
  EXPECT_EQ(player.state(), PlayerState::Playing);
  EXPECT_EQ(frameIndex(test::awaitFrame(player, 0)), 0);
  EXPECT_LT(player.positionUs(), kFramePeriodUs);
  EXPECT_EQ(advance(100'000, 3), 3);
}

// Plays [from, to) on the clock in 50 ms moves until the fragment's end;
// returns the indexes shown.
std::vector<int> playFragment(Player& player, test::ManualClock& clock, Player::Range range, Player::AtEnd atEnd) {
  std::vector<int> shown;
  player.playRange(range, atEnd);
  for (int step = 0; step < 100 && player.state() != PlayerState::Paused; ++step) {
    const std::int64_t due = frameCovering(std::clamp(player.positionUs(), range.fromUs, range.toUs - 1));
    if (const PicturePtr picture = test::awaitFrame(player, due, 2s)) shown.push_back(frameIndex(*picture));
    clock.advance(50'000);
  }
  std::this_thread::sleep_for(20ms);
  while (const PicturePtr picture = player.takePicture()) shown.push_back(frameIndex(*picture));
  return shown;
}

TEST_F(PlayerPlay, AFragmentPausesAtItsEnd) {
  Player& player = *m_player;
  const Player::Range range{frameMiddleUs(60), frameStartUs(90) + 10'000};  // 2.017 s to 3.010 s
  const std::vector<int> shown = playFragment(player, m_clock, range, Player::AtEnd::Pause);
  ASSERT_FALSE(shown.empty());
  EXPECT_EQ(shown.front(), 60);
  EXPECT_EQ(shown.back(), 90);  // the frame covering the end
  for (std::size_t i = 1; i < shown.size(); ++i) EXPECT_GT(shown[i], shown[i - 1]) << ::testing::PrintToString(shown);
  EXPECT_EQ(player.state(), PlayerState::Paused);
  EXPECT_GE(player.positionUs(), frameStartUs(90));
  EXPECT_LE(player.positionUs(), range.toUs);
  // Paused: the clock moves on, the picture does not.
  const std::int64_t position = player.positionUs();
  m_clock.advance(kSecondUs);
  std::this_thread::sleep_for(20ms);
  EXPECT_EQ(player.takePicture(), nullptr);
  EXPECT_EQ(player.positionUs(), position);
}

TEST_F(PlayerPlay, AFragmentRewindsToItsStart) {
  Player& player = *m_player;
  const Player::Range range{frameMiddleUs(60), frameStartUs(90) + 10'000};
  const std::vector<int> shown = playFragment(player, m_clock, range, Player::AtEnd::Rewind);
  ASSERT_GE(shown.size(), 2u);
  EXPECT_EQ(shown.front(), 60);
  for (int index : shown) {
    EXPECT_GE(index, 60);
    EXPECT_LE(index, 90);
  }
  EXPECT_EQ(shown.back(), 60) << ::testing::PrintToString(shown);  // back at the start
  EXPECT_EQ(player.state(), PlayerState::Paused);
  EXPECT_EQ(player.positionUs(), range.fromUs);
}

TEST_F(PlayerPlay, ALoopGoesBackToItsStart) {
  Player& player = *m_player;
  const Player::Range range{frameMiddleUs(100), frameMiddleUs(130)};  // 1 s
  player.seek(range.fromUs);
  ASSERT_EQ(frameIndex(shownPicture(player)), 100);
  player.setLoop(range);
  player.play();
  int wraps = 0;
  int last = 100;
  for (int step = 0; step < 100; ++step) {  // 5 s: 5 loops
    m_clock.advance(50'000);
    PicturePtr picture = player.takePicture();  // applies the loop
    const std::int64_t position = player.positionUs();
    ASSERT_GE(position, range.fromUs);
    ASSERT_LT(position, range.toUs);
    if (!picture || frameIndex(*picture) != frameCovering(position)) {
      if (PicturePtr later = test::awaitFrame(player, frameCovering(position), 2s)) picture = std::move(later);
    }
    EXPECT_EQ(player.positionUs(), position);
    if (!picture) continue;
    const int index = frameIndex(*picture);
    if (index < last) {
      ++wraps;
      EXPECT_EQ(index, frameCovering(position)) << "after a wrap";
    }
    EXPECT_GE(index, 100);
    EXPECT_LE(index, 130);
    last = index;
  }
  EXPECT_GE(wraps, 4);
  EXPECT_LE(wraps, 5);
  // The loop ends: playing goes on past its end.
  player.setLoop(std::nullopt);
  EXPECT_EQ(advance(kSecondUs + 100'000, frameCovering(player.positionUs()) + 33), last + 33);
}

TEST(PlayerNoAudioOutput, ASoundFileFollowsTheMonotonicClock) {
  TempDir dir;
  const auto source = test::indexedVideo(kSeconds, test::Sound::Beeps);
  ASSERT_FALSE(source.empty());
  test::VaultRecording recording(dir, source);
  ASSERT_TRUE(recording.isImported());
  test::ManualClock clock;
  PlayerOptions options;
  options.audioOutput = false;
  options.monotonicNowUs = clock.function();
  auto player = test::openPlayer(recording, options);
  ASSERT_NE(player, nullptr);
  EXPECT_TRUE(player->info().hasAudio);
  player->seek(frameMiddleUs(3));
  ASSERT_EQ(frameIndex(shownPicture(*player)), 3);
  player->play();
  for (std::int64_t step = 1; step <= 10; ++step) {
    clock.advance(kSecondUs / 3);
    EXPECT_EQ(frameIndex(test::awaitFrame(*player, 3 + 10 * step)), 3 + 10 * step);
  }
  EXPECT_NEAR(static_cast<double>(player->positionUs()), static_cast<double>(frameMiddleUs(103)), 1'000.0);
}

// ---- Stress: ThreadSanitizer runs these (packaging/dev test) --------------------------

class PlayerStress : public IndexedRecording {};

TEST_F(PlayerStress, RapidSeeksEndOnTheLastOne) {
  const test::Watchdog watchdog(120s, "PlayerStress.RapidSeeksEndOnTheLastOne");
  auto player = open();
  ASSERT_NE(player, nullptr);
  Sequence sequence(99);
  for (int i = 0; i < 400; ++i) {
    player->seek(sequence.below(static_cast<std::int64_t>(kSeconds * 1e6)));
    if (i % 7 == 0) (void)player->takePicture();
    if (i % 31 == 0) player->stepBackward();
    if (i % 37 == 0) player->stepForward();
    if (i % 50 == 0) std::this_thread::sleep_for(1ms);
  }
  player->seek(frameMiddleUs(271));
  ASSERT_TRUE(player->waitForPicture(30s));
  // Pictures of earlier seeks may still be taken before it, never after it.
  PicturePtr last;
  while (PicturePtr picture = player->takePicture()) last = std::move(picture);
  EXPECT_EQ(frameIndex(last), 271);
  EXPECT_EQ(player->positionUs(), frameMiddleUs(271));
  EXPECT_EQ(player->state(), PlayerState::Paused);
  // And it still works normally.
  EXPECT_EQ(seekTo(*player, frameMiddleUs(13)), 13);
}

TEST_F(PlayerStress, DestroyedInTheMiddleOfSeeksAndSteps) {
  const test::Watchdog watchdog(120s, "PlayerStress.DestroyedInTheMiddleOfSeeksAndSteps");
  Sequence sequence(5);
  for (int i = 0; i < 30; ++i) {
    auto player = open();
    ASSERT_NE(player, nullptr);
    player->seek(frameMiddleUs(sequence.below(kFrames)));
    if (i % 3 == 0) player->stepBackward();
    if (i % 4 == 0) player->play();
    if (i % 5 == 0) player->seek(frameMiddleUs(sequence.below(kFrames)));
    std::this_thread::sleep_for(std::chrono::microseconds(sequence.below(3'000)));
    player.reset();  // joins the threads: must neither hang nor crash
  }
}

TEST_F(PlayerStress, DestroyedWhilePlayingWithSound) {
  const test::Watchdog watchdog(120s, "PlayerStress.DestroyedWhilePlayingWithSound");
  Sequence sequence(11);
  for (int i = 0; i < 10; ++i) {
    auto player = open();
    ASSERT_NE(player, nullptr);
    player->seek(frameMiddleUs(sequence.below(kFrames - 60)));
    player->play();
    std::atomic<bool> stop{false};
    std::thread audio([&] {
      std::vector<float> block(960);
      while (!stop.load()) {
        (void)player->readAudio(block);
        std::this_thread::sleep_for(2ms);
      }
    });
    for (int pulls = 0; pulls < 20 + 10 * i; ++pulls) {
      (void)player->takePicture();
      std::this_thread::sleep_for(1ms);
    }
    // A real audio output stops pulling before the player goes.
    stop.store(true);
    audio.join();
    player.reset();
  }
}

// Every public member from four threads at once, as a UI thread, an audio
// device and a controller would, with a wakeup callback posting nowhere.
TEST_F(PlayerStress, CallsFromManyThreadsAtOnce) {
  const test::Watchdog watchdog(120s, "PlayerStress.CallsFromManyThreadsAtOnce");
  auto player = open();
  ASSERT_NE(player, nullptr);
  auto wakeups = std::make_shared<std::atomic<std::int64_t>>(0);
  player->setWakeup([wakeups] { ++*wakeups; });
  std::atomic<bool> stop{false};
  std::thread audio([&] {
    std::vector<float> block(960);
    while (!stop.load()) {
      EXPECT_EQ(player->readAudio(block, 5'000), 480u);
      std::this_thread::sleep_for(1ms);
    }
  });
  std::thread ui([&] {
    while (!stop.load()) {
      if (const PicturePtr picture = player->takePicture()) {
        EXPECT_GE(frameIndex(*picture), 0);
      }
      (void)player->positionUs();
      (void)player->state();
      (void)player->stats();
      (void)player->issues();
      (void)player->speed();
      std::this_thread::sleep_for(500us);
    }
  });
  std::thread observer([&] {
    while (!stop.load()) {
      (void)player->waitForPicture(5ms);
      (void)player->info();
    }
  });
  Sequence sequence(3);
  const auto end = std::chrono::steady_clock::now() + 2s;
  while (std::chrono::steady_clock::now() < end) {
    const std::int64_t at = sequence.below(static_cast<std::int64_t>(kSeconds * 1e6));
    switch (sequence.below(10)) {
      case 0: player->play(); break;
      case 1: player->pause(); break;
      case 2: player->stepForward(); break;
      case 3: player->stepBackward(); break;
      case 4: player->setSpeed(0.25 + 0.25 * static_cast<double>(sequence.below(8))); break;
      case 5: player->setLoop(Player::Range{at, at + kSecondUs}); break;
      case 6: player->setLoop(std::nullopt); break;
      case 7: player->playRange(Player::Range{at, at + 500'000}, Player::AtEnd::Rewind); break;
      case 8:
        player->setVolume(0.5F);
        player->setMuted(sequence.below(2) == 0);
        break;
      default: player->seek(at); break;
    }
    std::this_thread::sleep_for(std::chrono::microseconds(sequence.below(3'000)));
  }
  stop.store(true);
  audio.join();
  ui.join();
  observer.join();
  // After all that it still seeks exactly, and wakes the caller for it
  // (during the storm a seek may never have got as far as a picture: each
  // one cancels the last).
  player->setLoop(std::nullopt);
  player->pause();
  EXPECT_EQ(seekTo(*player, frameMiddleUs(444)), 444);
  EXPECT_EQ(seekTo(*player, frameMiddleUs(17)), 17);
  for (int i = 0; i < 1000 && wakeups->load() == 0; ++i) std::this_thread::sleep_for(1ms);
  EXPECT_GT(wakeups->load(), 0);
}

}  // namespace
}  // namespace vakspiegel::media
