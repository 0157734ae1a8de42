// The timeline on its own: time and pixels agree at every zoom, zoom stops
// at the whole conversation and at single pictures, a click on a note
// activates it (and not a seek), a drag scrubs, the view pages along while
// playing, long silences are drawn, and 10,000 notes paint.
#include <QImage>
#include <QPainter>
#include <QSet>
#include <QSignalSpy>
#include <QTest>

#include <gtest/gtest.h>

#include "review/timeline_layout.h"
#include "review/timeline_widget.h"

namespace vakspiegel::ui {
namespace {

using namespace timeline_layout;

class TimelineWidgetTest : public ::testing::Test {
 protected:
  void SetUp() override {
    m_timeline.resize(kHeaderWidth + 1000, 260);
    m_timeline.setDuration(60 * 60 * 1000, 40);  // an hour at 25 fps
  }
  TimelineWidget m_timeline;
};

TEST_F(TimelineWidgetTest, TimeAndPixelsAgreeAtEveryZoom) {
  EXPECT_NEAR(m_timeline.msPerPixel(), 3600.0, 1e-9);  // the hour over 1000 px
  for (int level = 0; level < 20; ++level) {
    for (const qint64 ms : {qint64{0}, qint64{1234}, qint64{1'800'000}, qint64{3'599'000}}) {
      m_timeline.zoomTo(m_timeline.msPerPixel(), ms);
      const int x = m_timeline.xForMs(ms);
      EXPECT_NEAR(static_cast<double>(m_timeline.msForX(x)), static_cast<double>(ms), m_timeline.msPerPixel());
    }
    m_timeline.zoomIn();
  }
  EXPECT_NEAR(m_timeline.msPerPixel(), 40.0 / kPixelsPerPictureAtDeepestZoom, 1e-9);  // a picture is 48 px
  m_timeline.zoomOut();
  EXPECT_NEAR(m_timeline.msPerPixel(), 2 * 40.0 / kPixelsPerPictureAtDeepestZoom, 1e-9);
  for (int level = 0; level < 30; ++level) m_timeline.zoomOut();
  EXPECT_NEAR(m_timeline.msPerPixel(), 3600.0, 1e-9);
  EXPECT_EQ(m_timeline.viewStartMs(), 0);
}

TEST_F(TimelineWidgetTest, AClickOnANoteActivatesItAndElsewhereSeeks) {
  m_timeline.setMarks({{QStringLiteral("b"), 1, 2'000'000, std::nullopt, QStringLiteral("punt"), QString()},
                       {QStringLiteral("a"), 0, 1'000'000, 1'500'000, QStringLiteral("bereik"), QString()}});
  ASSERT_EQ(m_timeline.marks().front().id, QStringLiteral("a"));  // sorted by start
  m_timeline.show();
  QSignalSpy activated(&m_timeline, &TimelineWidget::markActivated);
  QSignalSpy seeks(&m_timeline, &TimelineWidget::seekRequested);
  const QRect range = m_timeline.markRect(m_timeline.marks().front());
  QTest::mouseClick(&m_timeline, Qt::LeftButton, {}, range.center());
  ASSERT_EQ(activated.count(), 1);
  EXPECT_EQ(activated.front().at(0).toString(), QStringLiteral("a"));
  const QRect point = m_timeline.markRect(m_timeline.marks().back());
  QTest::mouseClick(&m_timeline, Qt::LeftButton, {}, point.center());
  EXPECT_EQ(activated.last().at(0).toString(), QStringLiteral("b"));
  EXPECT_EQ(seeks.count(), 0);
  // The same place in another lane is not the note: a seek.
  QTest::mouseClick(&m_timeline, Qt::LeftButton, {}, QPoint(range.center().x(), m_timeline.laneRect(2).center().y()));
  EXPECT_EQ(activated.count(), 2);
  ASSERT_EQ(seeks.count(), 1);
  EXPECT_NEAR(static_cast<double>(seeks.front().at(0).toLongLong()), 1'250'000.0, 3600.0);
}

TEST_F(TimelineWidgetTest, WhilePlayingTheViewPagesAlongWithThePlayhead) {
  m_timeline.zoomTo(100, 0);  // 100 s in view
  EXPECT_EQ(m_timeline.viewStartMs(), 0);
  m_timeline.setFollowing(true);
  m_timeline.setPosition(150'000);
  EXPECT_LE(m_timeline.viewStartMs(), 150'000);
  EXPECT_GE(m_timeline.viewEndMs(), 150'000);
  m_timeline.setFollowing(false);
  m_timeline.setPosition(900'000);
  EXPECT_LT(m_timeline.viewEndMs(), 900'000);  // not while the user looks elsewhere
}

TEST_F(TimelineWidgetTest, TenThousandNotesAndAllLanesPaintAtEveryZoom) {
  std::vector<TimelineMark> marks;
  for (int i = 0; i < 10'000; ++i)
    marks.push_back({QString::number(i), i % 3, qint64{i} * 359, i % 4 == 0 ? std::optional<qint64>(qint64{i} * 359 + 10'000)
                                                                              : std::nullopt,
                     QStringLiteral("Leerpunt"), QString()});
  m_timeline.setMarks(std::move(marks));
  media::SpeechActivity speech;
  speech.segments = {{0, 10'000'000, true, false}, {10'000'000, 15'000'000, false, true},
                     {15'000'000, 3'600'000'000, true, false}};
  m_timeline.setSpeech(speech);
  media::WaveformPeaks peaks;
  peaks.minimum.assign(360'000, -8000);
  peaks.maximum.assign(360'000, 8000);
  m_timeline.setWaveform(std::move(peaks));
  m_timeline.setRange(1000, 5000, true);
  for (int level = 0; level < 18; ++level) {
    const QImage image = m_timeline.grab().toImage();
    EXPECT_FALSE(image.isNull());
    m_timeline.zoomIn();
  }
  // The long silence is drawn hatched (more than one colour along a row).
  m_timeline.zoomTo(50, 12'000);
  const QImage image = m_timeline.grab().toImage();
  const int y = kSpeechTop + kSpeechHeight / 2;
  QSet<QRgb> colours;
  for (int x = m_timeline.xForMs(11'000); x < m_timeline.xForMs(11'000) + 20; ++x) colours.insert(image.pixel(x, y));
  EXPECT_GT(colours.size(), 1);
}

}  // namespace
}  // namespace vakspiegel::ui
