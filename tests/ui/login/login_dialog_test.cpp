// The minimal workstation window as a user meets it: a wrong password shows
// the vault's message and nothing else happens; the right one lists the
// user's recordings; choosing one plays it, and the keys work without a mouse.
#include <QApplication>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QPushButton>
#include <QSignalSpy>
#include <QTest>

#include <gtest/gtest.h>

#include "app/account_service.h"
#include "app/recording_service.h"
#include "app/vault_fixture.h"
#include "common/qt_conversions.h"
#include "common/translations.h"
#include "core/i18n.h"
#include "login/login_dialog.h"
#include "player/transport_bar.h"
#include "shell/player_window.h"

namespace vakspiegel::ui {
namespace {

template <class T>
T* child(QWidget& parent, const char* name) {
  T* found = parent.findChild<T*>(QString::fromLatin1(name));
  EXPECT_NE(found, nullptr) << name;
  return found;
}

// The start (ms) of the next picture shown, -1 after 5 s without one. A
// picture the engine still holds comes at once, during the call that asked.
qint64 nextShown(QSignalSpy& shown) {
  if (shown.isEmpty() && !shown.wait(5000)) return -1;
  const qint64 pts = shown.last().at(0).toLongLong();
  shown.clear();
  return pts;
}

class PlayerWindowTest : public test::VaultFixture {
 protected:
  // The window's use-case worker, on a connection of its own to the
  // fixture's vault (as the window's is beside the sweep's and the CLI's).
  UseCaseRunner& runner() {
    if (!m_runner) {
      auto vault = Vault::open(vaultDir(), m_clock);
      EXPECT_TRUE(vault) << vault.error().message;
      m_runner = std::make_unique<UseCaseRunner>(std::move(*vault));
    }
    return *m_runner;
  }

  // Lets the worker finish what it was asked and hands the results over.
  void settle() {
    runner().waitUntilIdle();
    QCoreApplication::processEvents();
  }

  // Runs `work` on the worker and returns its result.
  template <class Work>
  auto onWorker(Work work) {
    std::optional<std::invoke_result_t<Work&, UseCaseRunner::Context&>> result;
    QObject receiver;
    runner().run(&receiver, std::move(work), [&result](auto outcome) { result.emplace(std::move(outcome)); });
    settle();
    return std::move(*result);
  }

  // `name` logged in on the worker, as the login dialog leaves it.
  LoggedInUser signIn(const std::string& name) {
    auto session = std::make_shared<Session>(login(name));
    return onWorker([session](UseCaseRunner::Context& context) {
      context.session.emplace(std::move(*session));
      return LoggedInUser::of(*context.session);
    });
  }

  Result<std::vector<RecordingInfo>> listOnWorker() {
    return onWorker([](UseCaseRunner::Context& context) -> Result<std::vector<RecordingInfo>> {
      const Session* session = VS_TRY(context.who());
      return RecordingService(context.vault).listRecordings(*session);
    });
  }

  std::unique_ptr<UseCaseRunner> m_runner;  // before the fixture's vault goes

  // Types the name and password and presses Enter, as a user would.
  void typeLogin(LoginDialog& dialog, const QString& name, const QString& password) {
    QLineEdit* nameEdit = child<QLineEdit>(dialog, "accountName");
    QLineEdit* passwordEdit = child<QLineEdit>(dialog, "password");
    nameEdit->clear();
    QTest::keyClicks(nameEdit, name);
    QTest::keyClicks(passwordEdit, password);
    QTest::keyClick(passwordEdit, Qt::Key_Return);
  }
};

TEST_F(PlayerWindowTest, AWrongPasswordShowsTheVaultsMessageAndNothingElse) {
  LoginDialog dialog(runner());
  dialog.show();
  QSignalSpy refused(&dialog, &LoginDialog::loginRefused);
  QSignalSpy accepted(&dialog, &QDialog::accepted);
  typeLogin(dialog, QStringLiteral("km.jansen"), QStringLiteral("fout-wachtwoord"));
  ASSERT_TRUE(refused.wait(10'000));
  const QString expected = QString::fromUtf8(tr("The user name or password is not correct."));
  EXPECT_EQ(expected, QStringLiteral("De gebruikersnaam of het wachtwoord klopt niet."));  // LANGUAGE=nl
  EXPECT_EQ(child<QLabel>(dialog, "loginMessage")->text(), expected);
  EXPECT_TRUE(child<QLabel>(dialog, "loginMessage")->isVisible());
  EXPECT_TRUE(accepted.isEmpty());
  EXPECT_TRUE(dialog.isVisible());
  EXPECT_FALSE(dialog.loggedIn());
  EXPECT_FALSE(listOnWorker()) << "nobody is logged in";
  // Ready for another try: the password is cleared, the name kept.
  EXPECT_TRUE(child<QLineEdit>(dialog, "password")->text().isEmpty());
  EXPECT_EQ(child<QLineEdit>(dialog, "accountName")->text(), QStringLiteral("km.jansen"));
  EXPECT_TRUE(child<QPushButton>(dialog, "loginButton")->isEnabled());
  // An unknown name gets the same message (names cannot be probed).
  typeLogin(dialog, QStringLiteral("niemand"), QStringLiteral("wachtwoord"));
  ASSERT_TRUE(refused.wait(10'000));
  EXPECT_EQ(child<QLabel>(dialog, "loginMessage")->text(), expected);
}

// Issue 15, item 3: after an administrator's reset the password is a
// one-time password; the window lets the user in only once they chose their own.
TEST_F(PlayerWindowTest, AOneTimePasswordAsksForAnOwnPasswordBeforeAnythingElse) {
  const auto preview = AccountService(*m_vault).previewReset(*m_admin, "coach.deboer");
  ASSERT_TRUE(preview) << preview.error().message;
  ASSERT_TRUE(
      AccountService(*m_vault).resetUser(*m_admin, "coach.deboer", "eenmalig-wachtwoord", preview->recordingsErased));
  LoginDialog dialog(runner());
  dialog.show();
  QSignalSpy accepted(&dialog, &QDialog::accepted);
  typeLogin(dialog, QStringLiteral("coach.deboer"), QStringLiteral("eenmalig-wachtwoord"));
  QLineEdit* newPassword = child<QLineEdit>(dialog, "newPassword");
  QLineEdit* repeat = child<QLineEdit>(dialog, "repeatPassword");
  ASSERT_TRUE(QTest::qWaitFor([&] { return newPassword->isVisible(); }, 10'000));
  EXPECT_FALSE(child<QLineEdit>(dialog, "password")->isVisible());
  EXPECT_TRUE(accepted.isEmpty());
  EXPECT_FALSE(dialog.loggedIn()) << "nobody logged in while the password is the administrator's";

  QTest::keyClicks(newPassword, QStringLiteral("mijn eigen zin"));
  QTest::keyClicks(repeat, QStringLiteral("een andere zin"));
  QTest::keyClick(repeat, Qt::Key_Return);
  EXPECT_EQ(child<QLabel>(dialog, "loginMessage")->text(),
            QStringLiteral("De twee wachtwoorden zijn niet gelijk. Typ ze opnieuw."));
  QTest::keyClicks(newPassword, QStringLiteral("mijn eigen zin"));
  QTest::keyClicks(repeat, QStringLiteral("mijn eigen zin"));
  QTest::keyClick(repeat, Qt::Key_Return);
  ASSERT_TRUE(accepted.wait(10'000));
  std::optional<LoggedInUser> user = dialog.loggedIn();
  ASSERT_TRUE(user);
  EXPECT_FALSE(user->mustChangePassword);
  EXPECT_TRUE(listOnWorker());
  EXPECT_EQ(m_vault->login("coach.deboer", "eenmalig-wachtwoord").error().code, ErrorCode::WrongPassword);
  EXPECT_TRUE(m_vault->login("coach.deboer", "mijn eigen zin"));
}

TEST_F(PlayerWindowTest, AnEmptyFieldIsAskedForBeforeAnyLogin) {
  const std::int64_t loginsBefore = count("audit_log", "action = 'login'");
  LoginDialog dialog(runner());
  dialog.show();
  QTest::keyClicks(child<QLineEdit>(dialog, "accountName"), QStringLiteral("km.jansen"));
  QTest::keyClick(child<QLineEdit>(dialog, "accountName"), Qt::Key_Return);
  EXPECT_EQ(child<QLabel>(dialog, "loginMessage")->text(), QStringLiteral("Vul uw accountnaam en wachtwoord in."));
  EXPECT_EQ(count("audit_log", "action = 'login'"), loginsBefore);
}

TEST_F(PlayerWindowTest, TheRightPasswordListsTheRecordingAndPlaysIt) {
  const ImportOutcome imported = importTiny();
  LoginDialog dialog(runner());
  dialog.show();
  QSignalSpy accepted(&dialog, &QDialog::accepted);
  typeLogin(dialog, QStringLiteral("km.jansen"), QStringLiteral("km.jansen-wachtwoord"));
  ASSERT_TRUE(accepted.wait(10'000));
  std::optional<LoggedInUser> user = dialog.loggedIn();
  ASSERT_TRUE(user);
  EXPECT_EQ(user->name, "km.jansen");

  PlayerWindow window(runner(), std::move(*user), PlayerController::AudioChoice::Never);
  window.show();
  ASSERT_TRUE(QTest::qWaitForWindowExposed(&window));
  settle();
  QListWidget* list = child<QListWidget>(window, "recordingList");
  ASSERT_EQ(list->count(), 1);
  EXPECT_EQ(list->item(0)->data(Qt::UserRole).toString().toStdString(), imported.recordingId);
  EXPECT_TRUE(list->item(0)->text().contains(QStringLiteral("00:02"))) << list->item(0)->text().toStdString();
  EXPECT_TRUE(list->item(0)->text().contains(QStringLiteral("Eigen opname"))) << list->item(0)->text().toStdString();

  // Enter on the chosen recording opens it (through the use case: audited).
  QSignalSpy shown(&window.controller(), &PlayerController::frameShown);
  list->setFocus();
  QTest::keyClick(list, Qt::Key_Return);
  settle();
  ASSERT_TRUE(window.controller().isOpen());
  // The first picture (the video starts a little after the sound: AAC priming).
  const qint64 first = nextShown(shown);
  EXPECT_GE(first, 0);
  EXPECT_LT(first, 40);
  EXPECT_TRUE(child<QWidget>(window, "transportBar")->isEnabled());
  EXPECT_TRUE(child<QLabel>(window, "titleLabel")->text().contains(QStringLiteral("160×120")));
  EXPECT_EQ(count("audit_log", "action = 'recording.play' AND object_id = '" + imported.recordingId + "'"), 1);
  const QString length = formatMediaTime(window.controller().durationMs());
  EXPECT_EQ(child<QLabel>(window, "timeLabel")->text(),
            formatMediaTime(window.controller().positionMs()) + QStringLiteral(" / ") + length);

  // Keys only: Right steps a picture, comma steps back, Space plays and pauses.
  QApplication::setActiveWindow(&window);
  ASSERT_TRUE(QTest::qWaitForWindowActive(&window));
  QWidget* focused = QApplication::focusWidget();
  ASSERT_NE(focused, nullptr);
  // Opening puts the focus on Play; Tab goes on through the bar in order.
  EXPECT_EQ(focused, child<QPushButton>(window, "playButton"));
  for (const char* next : {"stepForwardButton", "positionSlider", "speedBox", "loopStartButton", "loopEndButton"}) {
    QTest::keyClick(QApplication::focusWidget(), Qt::Key_Tab);
    EXPECT_EQ(QApplication::focusWidget()->objectName().toStdString(), next);
  }
  QTest::keyClick(QApplication::focusWidget(), Qt::Key_Backtab);
  EXPECT_EQ(QApplication::focusWidget()->objectName().toStdString(), "loopStartButton");
  child<QPushButton>(window, "playButton")->setFocus();
  QTest::keyClick(focused, Qt::Key_Right);
  EXPECT_EQ(nextShown(shown), first + 40);  // 25 fps
  EXPECT_EQ(child<QLabel>(window, "timeLabel")->text(), formatMediaTime(first + 40) + QStringLiteral(" / ") + length);
  QTest::keyClick(QApplication::focusWidget(), Qt::Key_Comma);
  EXPECT_EQ(nextShown(shown), first);
  QTest::keyClick(QApplication::focusWidget(), Qt::Key_Space);
  EXPECT_EQ(window.controller().state(), PlayerController::State::Playing);
  EXPECT_EQ(child<QPushButton>(window, "playButton")->text(), QStringLiteral("Pauzeren"));
  QTest::keyClick(QApplication::focusWidget(), Qt::Key_Space);
  EXPECT_EQ(window.controller().state(), PlayerController::State::Paused);
  // A and B set the loop around the picture shown.
  QTest::keyClick(QApplication::focusWidget(), Qt::Key_A);
  EXPECT_TRUE(window.controller().loopStartMs());
  QTest::keyClick(QApplication::focusWidget(), Qt::Key_L);
  EXPECT_FALSE(window.controller().loopStartMs());
}

TEST_F(PlayerWindowTest, SpaceOnAFocusedButtonPressesThatButton) {
  importTiny();
  PlayerWindow window(runner(), signIn("km.jansen"), PlayerController::AudioChoice::Never);
  window.show();
  QApplication::setActiveWindow(&window);
  ASSERT_TRUE(QTest::qWaitForWindowActive(&window));
  settle();
  QSignalSpy shown(&window.controller(), &PlayerController::frameShown);
  window.openRecording(child<QListWidget>(window, "recordingList")->item(0)->data(Qt::UserRole).toString());
  settle();
  const qint64 first = nextShown(shown);
  ASSERT_GE(first, 0);
  QPushButton* forward = child<QPushButton>(window, "stepForwardButton");
  forward->setFocus();
  QTest::keyClick(forward, Qt::Key_Space);
  EXPECT_EQ(nextShown(shown), first + 40);
  EXPECT_EQ(window.controller().state(), PlayerController::State::Paused);
}

TEST_F(PlayerWindowTest, ACoachWithoutSharesSeesWhyTheListIsEmpty) {
  importTiny();
  PlayerWindow window(runner(), signIn("coach.deboer"), PlayerController::AudioChoice::Never);
  window.show();
  settle();
  EXPECT_EQ(child<QListWidget>(window, "recordingList")->count(), 0);
  QLabel* message = child<QLabel>(window, "listMessage");
  EXPECT_TRUE(message->isVisible());
  EXPECT_EQ(message->text(), QStringLiteral("Er zijn geen opnamen die u mag bekijken."));
  EXPECT_FALSE(child<QWidget>(window, "transportBar")->isEnabled());
  EXPECT_FALSE(child<QPushButton>(window, "openButton")->isEnabled());
}

TEST_F(PlayerWindowTest, ARecordingWhoseConsentEndedIsRefusedWithTheVaultsMessage) {
  const ImportOutcome imported = importTiny();
  PlayerWindow window(runner(), signIn("km.jansen"), PlayerController::AudioChoice::Never);
  window.show();
  settle();
  m_clock.advance(std::chrono::hours(24 * 7 * 9));  // past the 8 weeks' retention
  window.openRecording(QString::fromStdString(imported.recordingId));
  settle();
  EXPECT_FALSE(window.controller().isOpen());
  QLabel* problem = child<QLabel>(window, "problemLabel");
  EXPECT_TRUE(problem->isVisible());
  EXPECT_FALSE(problem->text().isEmpty());
  EXPECT_FALSE(child<QWidget>(window, "transportBar")->isEnabled());
}

}  // namespace
}  // namespace vakspiegel::ui
