// The playback engine's Qt face: pictures reach the QVideoSink whole and on
// time, positions come out in milliseconds that seek back to the same
// picture, the loop marks follow the picture shown, and without an audio
// device the recording plays silently to its end. The test video paints its
// frame index as a row of black/white blocks over testsrc2 (30 fps, so
// pictures start between two milliseconds).
#include <QApplication>
#include <QAudioDevice>
#include <QElapsedTimer>
#include <QMediaDevices>
#include <QSignalSpy>
#include <QTest>
#include <QVideoFrame>
#include <QVideoSink>

#include <gtest/gtest.h>

#include "common/qt_conversions.h"
#include "common/translations.h"
#include "media/media_fixtures.h"
#include "player/player_controller.h"

namespace vakspiegel::ui {
namespace {

using media::test::TempDir;

constexpr int kFps = 30;
constexpr int kFrames = 60;  // 2 s

// Where frame n starts, in microseconds (the engine rounds up).
constexpr std::int64_t frameUs(int n) {
  return (n * std::int64_t{1'000'000} + kFps - 1) / kFps;
}

// The frame index painted in the top rows (16 blocks of 16 pixels).
int paintedIndex(const QVideoFrame& shown) {
  QVideoFrame frame = shown;
  if (!frame.map(QVideoFrame::ReadOnly)) return -1;
  int index = 0;
  for (int bit = 0; bit < 16 && bit * 16 + 8 < frame.width(); ++bit)
    if (frame.bits(0)[8 * frame.bytesPerLine(0) + bit * 16 + 8] > 128) index |= 1 << bit;
  frame.unmap();
  return index;
}

class PlayerControllerTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    s_dir = new TempDir();
    media::test::ffmpeg(*s_dir,
                        "-f lavfi -i testsrc2=s=320x240:r=30:d=2 -f lavfi -i sine=f=440:r=48000:d=2 -vf "
                        "\"geq=lum='if(lt(Y,16),if(eq(mod(floor(N/pow(2,floor(X/16))),2),1),235,16),lum(X,Y))':"
                        "cb='cb(X,Y)':cr='cr(X,Y)'\" -c:v libx264 -preset ultrafast -g 30 -pix_fmt yuv420p -c:a aac "
                        "-shortest " +
                            (*s_dir / "gesprek.mp4").string());
  }
  static void TearDownTestSuite() { delete s_dir; }

  void SetUp() override {
    m_controller.setVideoSink(&m_sink);
    const Status opened = m_controller.openFile(*s_dir / "gesprek.mp4");
    ASSERT_TRUE(opened) << opened.error().message;
  }

  // Waits for the next picture in the sink (unless it came at once, as a
  // picture still in the engine's window does) and returns its painted index.
  int nextShown(QSignalSpy& frames) {
    if (frames.isEmpty() && !frames.wait(5000)) return -1;
    frames.clear();
    return paintedIndex(m_sink.videoFrame());
  }

  static TempDir* s_dir;
  QVideoSink m_sink;
  PlayerController m_controller{PlayerController::AudioChoice::Never};
};
TempDir* PlayerControllerTest::s_dir = nullptr;

TEST(PlayerControllerTimes, RoundsUpToTheMillisecondSoAShownPositionSeeksBackToItsPicture) {
  EXPECT_EQ(usToMs(0), 0);
  EXPECT_EQ(usToMs(frameUs(1)), 34);  // 33'333 us
  EXPECT_GE(msToUs(usToMs(frameUs(1))), frameUs(1));
  EXPECT_LT(msToUs(usToMs(frameUs(1))), frameUs(2));
  EXPECT_EQ(usToMs(1'000'000), 1000);
  EXPECT_EQ(usToMs(1'000'001), 1001);
  EXPECT_EQ(formatMediaTime(0), QStringLiteral("00:00.000"));
  EXPECT_EQ(formatMediaTime(61'034), QStringLiteral("01:01.034"));
  EXPECT_EQ(formatMediaTime(75 * 60'000 + 3'120), QStringLiteral("75:03.120"));
  EXPECT_EQ(formatMediaTime(-5), QStringLiteral("00:00.000"));
  EXPECT_EQ(formatMediaLength(59'600), QStringLiteral("1:00"));
  EXPECT_EQ(formatMediaLength(8'000), QStringLiteral("0:08"));
  EXPECT_EQ(formatMediaLength(3'723'000), QStringLiteral("1:02:03"));
}

TEST_F(PlayerControllerTest, OpensPausedOnTheFirstPictureAtItsSize) {
  QSignalSpy frames(&m_sink, &QVideoSink::videoFrameChanged);
  if (!m_sink.videoFrame().isValid()) {
    ASSERT_TRUE(frames.wait(5000));
  }
  const QVideoFrame frame = m_sink.videoFrame();
  EXPECT_EQ(frame.size(), QSize(320, 240));
  EXPECT_EQ(frame.pixelFormat(), QVideoFrameFormat::Format_YUV420P);
  EXPECT_EQ(frame.startTime(), 0);
  EXPECT_EQ(frame.endTime(), m_controller.player()->info().frameDurationUs);  // nominal: 33.333 ms
  EXPECT_EQ(paintedIndex(frame), 0);
  EXPECT_EQ(m_controller.state(), PlayerController::State::Paused);
  EXPECT_EQ(m_controller.positionMs(), 0);
  EXPECT_EQ(m_controller.durationMs(), 2000);
  EXPECT_EQ(m_controller.frameDurationMs(), 34);
  // The picture's colours survive the copy: testsrc2 is not grey below the index row.
  QVideoFrame mapped = frame;
  ASSERT_TRUE(mapped.map(QVideoFrame::ReadOnly));
  int coloured = 0;
  for (int row = 0; row < 120; row += 8)
    for (int x = 0; x < 160; x += 8)
      if (std::abs(mapped.bits(1)[row * mapped.bytesPerLine(1) + x] - 128) > 20) ++coloured;
  mapped.unmap();
  EXPECT_GT(coloured, 50);
}

TEST_F(PlayerControllerTest, SeeksAndStepsShowTheExactPictureAndReportMilliseconds) {
  QSignalSpy frames(&m_sink, &QVideoSink::videoFrameChanged);
  QSignalSpy positions(&m_controller, &PlayerController::positionChanged);
  QSignalSpy shown(&m_controller, &PlayerController::frameShown);
  if (!m_sink.videoFrame().isValid()) {
    ASSERT_TRUE(frames.wait(5000));
  }
  frames.clear();

  m_controller.seek(1000);
  EXPECT_EQ(nextShown(frames), 30);
  ASSERT_FALSE(positions.isEmpty());
  EXPECT_EQ(positions.last().at(0).toLongLong(), 1000);
  EXPECT_EQ(shown.last().at(0).toLongLong(), 1000);

  m_controller.stepForward();
  EXPECT_EQ(nextShown(frames), 31);
  EXPECT_EQ(positions.last().at(0).toLongLong(), 1034);  // 1'033'334 us
  EXPECT_EQ(m_controller.positionMs(), 1034);

  m_controller.stepBackward();
  EXPECT_EQ(nextShown(frames), 30);
  m_controller.stepBackward();  // across the keyframe at frame 30
  EXPECT_EQ(nextShown(frames), 29);
  EXPECT_EQ(positions.last().at(0).toLongLong(), 967);
  EXPECT_EQ(m_sink.videoFrame().startTime(), frameUs(29));

  // A position as widgets show it seeks back to the same picture.
  m_controller.seek(5);
  EXPECT_EQ(nextShown(frames), 0);
  m_controller.seek(m_controller.frameDurationMs());  // 34 ms: frame 1, not 0
  EXPECT_EQ(nextShown(frames), 1);
  m_controller.seek(1010);  // within frame 30
  EXPECT_EQ(nextShown(frames), 30);
  EXPECT_EQ(positions.last().at(0).toLongLong(), 1010);
  // Beyond the end: the last picture.
  m_controller.seek(60'000);
  EXPECT_EQ(nextShown(frames), kFrames - 1);
  EXPECT_EQ(m_controller.state(), PlayerController::State::Paused);
}

// Plays `controller` (paused at the start) to its end and checks what a
// user sees: real time at 1x, positions only forward up to the end, most
// pictures shown, the last one last.
void playToTheEnd(PlayerController& controller, QVideoSink& sink) {
  QSignalSpy states(&controller, &PlayerController::stateChanged);
  QSignalSpy positions(&controller, &PlayerController::positionChanged);
  QSignalSpy shown(&controller, &PlayerController::frameShown);
  QElapsedTimer wall;
  wall.start();
  controller.play();
  ASSERT_FALSE(states.isEmpty());
  EXPECT_EQ(states.first().at(0).value<PlayerController::State>(), PlayerController::State::Playing);
  ASSERT_TRUE(QTest::qWaitFor([&] { return controller.state() == PlayerController::State::Ended; }, 10'000));
  EXPECT_GE(wall.elapsed(), 1800);
  EXPECT_LT(wall.elapsed(), 4000);
  EXPECT_EQ(states.last().at(0).value<PlayerController::State>(), PlayerController::State::Ended);
  qint64 previous = -1;
  for (const QList<QVariant>& position : positions) {
    EXPECT_GE(position.at(0).toLongLong(), previous);
    previous = position.at(0).toLongLong();
  }
  EXPECT_GE(previous, 1950);
  EXPECT_LE(previous, 2000);
  // A loaded test machine may drop a few pictures.
  EXPECT_GE(shown.size(), kFrames * 3 / 4);
  EXPECT_EQ(paintedIndex(sink.videoFrame()), kFrames - 1);
}

TEST_F(PlayerControllerTest, PlaysToTheEndSilentlyWithoutAnAudioDevice) {
  // The fixture's controller never attaches sound: the engine's monotonic
  // clock drives the pictures, as on a machine without an audio output.
  EXPECT_FALSE(m_controller.isAudioAttached());
  ASSERT_TRUE(m_controller.player()->info().hasAudio);
  playToTheEnd(m_controller, m_sink);
}

TEST_F(PlayerControllerTest, PlaysToTheEndWithWhatThisMachineHas) {
  // Sound goes to the default output exactly when QMediaDevices lists one.
  // CI and the offscreen platform list none (silent path); a desktop, or a
  // PulseAudio null sink, lists one and the sound's clock drives the pictures.
  PlayerController controller;  // AudioChoice::IfDeviceExists
  QVideoSink sink;
  controller.setVideoSink(&sink);
  ASSERT_TRUE(controller.openFile(*s_dir / "gesprek.mp4"));
  EXPECT_EQ(PlayerController::hasAudioDevice(), !QMediaDevices::audioOutputs().isEmpty());
  EXPECT_EQ(controller.isAudioAttached(), PlayerController::hasAudioDevice());
  RecordProperty("audio_outputs", static_cast<int>(QMediaDevices::audioOutputs().size()));
  QSignalSpy issues(&controller, &PlayerController::issueReported);
  playToTheEnd(controller, sink);
  EXPECT_TRUE(issues.isEmpty()) << issues.first().at(0).toString().toStdString();
}

TEST_F(PlayerControllerTest, LoopMarksFollowThePictureShownAndPlayingStaysInside) {
  QSignalSpy frames(&m_sink, &QVideoSink::videoFrameChanged);
  QSignalSpy loops(&m_controller, &PlayerController::loopChanged);
  m_controller.seek(510);  // within frame 15 (500 ms)
  EXPECT_EQ(nextShown(frames), 15);
  m_controller.setLoopStart();
  EXPECT_EQ(m_controller.loopStartMs(), 500);
  EXPECT_FALSE(m_controller.loopEndMs());
  m_controller.seek(950);  // frame 28 (933 ms up to 967 ms)
  EXPECT_EQ(nextShown(frames), 28);
  m_controller.setLoopEnd();  // up to and including the picture shown
  EXPECT_EQ(m_controller.loopEndMs(), 967);
  EXPECT_EQ(loops.size(), 2);

  QSignalSpy shown(&m_controller, &PlayerController::frameShown);
  m_controller.play();
  int wraps = 0;
  qint64 last = -1;
  ASSERT_TRUE(QTest::qWaitFor(
      [&] {
        for (; !shown.isEmpty(); shown.removeFirst()) {
          const qint64 pts = shown.first().at(0).toLongLong();
          EXPECT_GE(pts, 500);
          EXPECT_LT(pts, 967);
          if (pts < last) ++wraps;
          last = pts;
        }
        return wraps >= 2;
      },
      6000));
  EXPECT_EQ(m_controller.state(), PlayerController::State::Playing);

  m_controller.clearLoop();
  EXPECT_FALSE(m_controller.loopStartMs());
  EXPECT_FALSE(m_controller.loopEndMs());
  ASSERT_TRUE(QTest::qWaitFor([&] { return m_controller.state() == PlayerController::State::Ended; }, 5000));
}

TEST_F(PlayerControllerTest, AMarkOnTheWrongSideOfTheOtherSwapsThem) {
  QSignalSpy frames(&m_sink, &QVideoSink::videoFrameChanged);
  m_controller.seek(1000);
  EXPECT_EQ(nextShown(frames), 30);
  m_controller.setLoopStart();
  m_controller.seek(500);
  EXPECT_EQ(nextShown(frames), 15);
  m_controller.setLoopEnd();  // B before A: from frame 15 up to and including frame 30
  EXPECT_EQ(m_controller.loopStartMs(), 500);
  EXPECT_EQ(m_controller.loopEndMs(), 1034);
}

TEST_F(PlayerControllerTest, SpeedIsClampedAndReported) {
  QSignalSpy speeds(&m_controller, &PlayerController::speedChanged);
  m_controller.setSpeed(0.5);
  m_controller.setSpeed(3.0);
  ASSERT_EQ(speeds.size(), 2);
  EXPECT_DOUBLE_EQ(speeds.at(0).at(0).toDouble(), 0.5);
  EXPECT_DOUBLE_EQ(speeds.at(1).at(0).toDouble(), 2.0);
  EXPECT_DOUBLE_EQ(m_controller.speed(), 2.0);
}

TEST_F(PlayerControllerTest, CloseClearsThePictureAndForgetsTheRecording) {
  QSignalSpy frames(&m_sink, &QVideoSink::videoFrameChanged);
  if (!m_sink.videoFrame().isValid()) {
    ASSERT_TRUE(frames.wait(5000));
  }
  QSignalSpy states(&m_controller, &PlayerController::stateChanged);
  m_controller.play();
  m_controller.close();
  EXPECT_FALSE(m_controller.isOpen());
  EXPECT_EQ(m_controller.state(), PlayerController::State::Unknown);
  EXPECT_EQ(states.last().at(0).value<PlayerController::State>(), PlayerController::State::Unknown);
  EXPECT_FALSE(m_sink.videoFrame().isValid());
  EXPECT_EQ(m_controller.durationMs(), 0);
  // Transport without a recording does nothing (and does not crash).
  m_controller.play();
  m_controller.seek(100);
  m_controller.stepForward();
  EXPECT_EQ(m_controller.state(), PlayerController::State::Unknown);
}

TEST_F(PlayerControllerTest, AFileThatIsNoVideoIsRefusedWithADutchMessage) {
  const auto bad = *s_dir / "geen-video.mp4";
  test::writeFileBytes(bad, test::randomBytes(64 * 1024));
  const Status opened = m_controller.openFile(bad);
  ASSERT_FALSE(opened);
  EXPECT_FALSE(opened.error().message.empty());
  EXPECT_FALSE(m_controller.isOpen());
  EXPECT_EQ(m_controller.state(), PlayerController::State::Unknown);
}

}  // namespace
}  // namespace vakspiegel::ui
