// The player screen as a user meets it: opening goes through the use case
// (audited), the buttons play, step and mark, a recording whose consent ended
// is refused with the vault's message, and one withdrawn by another program
// (the CLI) while it is open stops and leaves the screen within 5 seconds.
#include <QElapsedTimer>
#include <QLabel>
#include <QProcess>
#include <QPushButton>
#include <QVideoFrame>
#include <QVideoSink>
#include <QVideoWidget>

#include "common/qt_conversions.h"
#include "player/player_page.h"
#include "ui/ui_fixture.h"

namespace vakspiegel::ui {
namespace {

using test::child;
using test::nextShown;

class PlayerPageTest : public test::UiFixture {
 protected:
  // A page for km.jansen, shown and active.
  std::unique_ptr<PlayerPage> shownPage() {
    signIn("km.jansen");
    auto page = std::make_unique<PlayerPage>(runner(), PlayerController::AudioChoice::Never);
    page->resize(800, 600);
    page->show();
    QApplication::setActiveWindow(page.get());
    EXPECT_TRUE(QTest::qWaitForWindowActive(page.get()));
    return page;
  }

  // Opens `id` as the library does; true once the page says it is open.
  bool open(PlayerPage& page, const std::string& id) {
    QSignalSpy opened(&page, &PlayerPage::opened);
    page.openRecording(QString::fromStdString(id), QStringLiteral("het gesprek"));
    settle();
    return opened.count() == 1;
  }

  static bool showsAPicture(PlayerPage& page) {
    return child<QVideoWidget>(page, "video")->videoSink()->videoFrame().isValid();
  }
};

TEST_F(PlayerPageTest, OpensThroughTheUseCaseAndPlaysWithItsButtons) {
  const ImportOutcome imported = importTiny();
  auto page = shownPage();
  QSignalSpy shown(&page->controller(), &PlayerController::frameShown);
  ASSERT_TRUE(open(*page, imported.recordingId));
  ASSERT_TRUE(page->controller().isOpen());
  const qint64 first = nextShown(shown);
  EXPECT_GE(first, 0);
  EXPECT_LT(first, 40);  // the video starts a little after the sound: AAC priming
  EXPECT_TRUE(showsAPicture(*page));
  EXPECT_TRUE(child<QWidget>(*page, "transportBar")->isEnabled());
  EXPECT_TRUE(child<QLabel>(*page, "titleLabel")->text().contains(QStringLiteral("het gesprek")));
  EXPECT_TRUE(child<QLabel>(*page, "titleLabel")->toolTip().contains(QStringLiteral("160×120")));
  EXPECT_EQ(count("audit_log", "action = 'recording.play' AND object_id = '" + imported.recordingId + "'"), 1);
  const QString length = formatMediaTime(page->controller().durationMs());
  EXPECT_EQ(child<QLabel>(*page, "timeLabel")->text(),
            formatMediaTime(page->controller().positionMs()) + QStringLiteral(" / ") + length);

  // Opening puts the focus on Play; Tab goes on through the bar in order.
  EXPECT_EQ(QApplication::focusWidget(), child<QPushButton>(*page, "playButton"));
  for (const char* next : {"stepForwardButton", "positionSlider", "speedBox", "loopStartButton", "loopEndButton"}) {
    QTest::keyClick(QApplication::focusWidget(), Qt::Key_Tab);
    EXPECT_EQ(QApplication::focusWidget()->objectName().toStdString(), next);
  }
  QTest::keyClick(QApplication::focusWidget(), Qt::Key_Backtab);
  EXPECT_EQ(QApplication::focusWidget()->objectName().toStdString(), "loopStartButton");
  // Its buttons: a picture forward, back, play and pause (the keys are the
  // review screen's: tests/ui/review).
  child<QPushButton>(*page, "stepForwardButton")->click();
  EXPECT_EQ(nextShown(shown), first + 40);  // 25 fps
  EXPECT_EQ(child<QLabel>(*page, "timeLabel")->text(), formatMediaTime(first + 40) + QStringLiteral(" / ") + length);
  child<QPushButton>(*page, "stepBackwardButton")->click();
  EXPECT_EQ(nextShown(shown), first);
  child<QPushButton>(*page, "playButton")->click();
  EXPECT_EQ(page->controller().state(), PlayerController::State::Playing);
  EXPECT_EQ(child<QPushButton>(*page, "playButton")->text(), QStringLiteral("Pauzeren"));
  child<QPushButton>(*page, "playButton")->click();
  EXPECT_EQ(page->controller().state(), PlayerController::State::Paused);
  child<QPushButton>(*page, "loopStartButton")->click();
  EXPECT_TRUE(page->controller().loopStartMs());
  child<QPushButton>(*page, "loopClearButton")->click();
  EXPECT_FALSE(page->controller().loopStartMs());

  // Closing leaves nothing of it on screen.
  page->closeRecording();
  EXPECT_FALSE(page->controller().isOpen());
  EXPECT_FALSE(showsAPicture(*page));
  EXPECT_TRUE(child<QLabel>(*page, "titleLabel")->text().isEmpty());
  EXPECT_FALSE(child<QWidget>(*page, "transportBar")->isEnabled());
}

TEST_F(PlayerPageTest, ARecordingWhoseConsentEndedIsRefusedWithTheVaultsMessage) {
  const ImportOutcome imported = importTiny();
  m_clock.advance(std::chrono::hours(24 * 7 * 9));  // past the 8 weeks' retention
  signIn("km.jansen");
  PlayerPage page(runner(), PlayerController::AudioChoice::Never);
  page.show();
  page.openRecording(QString::fromStdString(imported.recordingId), QStringLiteral("het gesprek"));
  settle();
  EXPECT_FALSE(page.controller().isOpen());
  QLabel* problem = child<QLabel>(page, "problemLabel");
  EXPECT_TRUE(problem->isVisible());
  EXPECT_FALSE(problem->text().isEmpty());
  EXPECT_FALSE(child<QWidget>(page, "transportBar")->isEnabled());
  EXPECT_FALSE(showsAPicture(page));
}

// A citizen withdraws by phone; the privacy officer registers it with the
// CLI while the klantmanager is watching: the picture goes within 5 s.
TEST_F(PlayerPageTest, AWithdrawalByTheCliWhileItPlaysClosesItWithinFiveSeconds) {
  const ImportOutcome imported = importTiny();
  auto page = shownPage();
  QSignalSpy shown(&page->controller(), &PlayerController::frameShown);
  ASSERT_TRUE(open(*page, imported.recordingId));
  ASSERT_GE(nextShown(shown), 0);
  page->controller().togglePlay();
  QSignalSpy gone(page.get(), &PlayerPage::recordingGone);

  QProcess cli;
  cli.start(QStringLiteral(VS_CLI_PATH),
            {QStringLiteral("--vault"), toQString(vaultDir().string()), QStringLiteral("--user"), QStringLiteral("fg"),
             QStringLiteral("--password-stdin"), QStringLiteral("consent"), QStringLiteral("withdraw"),
             toQString(imported.consent.withdrawalCode)});
  ASSERT_TRUE(cli.waitForStarted());
  cli.write("fg-wachtwoord\n");
  cli.closeWriteChannel();
  ASSERT_TRUE(cli.waitForFinished(30'000));
  ASSERT_EQ(cli.exitCode(), 0) << cli.readAllStandardError().toStdString();
  QElapsedTimer sinceWithdrawal;
  sinceWithdrawal.start();

  ASSERT_TRUE(gone.wait(5'000)) << "still open 5 s after the withdrawal";
  EXPECT_LT(sinceWithdrawal.elapsed(), 5'000);
  EXPECT_FALSE(page->controller().isOpen());
  EXPECT_FALSE(showsAPicture(*page));
  EXPECT_TRUE(child<QLabel>(*page, "titleLabel")->text().isEmpty());
  EXPECT_TRUE(gone.first().at(0).toString().contains(QStringLiteral("ingetrokken")))
      << gone.first().at(0).toString().toStdString();
}

}  // namespace
}  // namespace vakspiegel::ui
