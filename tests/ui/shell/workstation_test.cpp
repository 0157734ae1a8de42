// The workstation's shell as its users meet it: each role lands on its own
// home, and a privacy officer or an administrator never gets a picture, a
// thumbnail or an annotation; locking (by key, by the administrator's idle
// period) and logging out drop the session and clear the window, unlocking
// asks the password again; a second start raises the first.
#include <QAction>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QTableView>
#include <QVideoFrame>
#include <QVideoSink>
#include <QVideoWidget>

#include "app/administration_service.h"
#include "app/sharing_service.h"
#include "common/single_instance.h"
#include "library/library_page.h"
#include "library/recording_table_model.h"
#include "login/login_dialog.h"
#include "player/player_page.h"
#include "shell/main_window.h"
#include "shell/workstation.h"
#include "ui/ui_fixture.h"

namespace vakspiegel::ui {
namespace {

using test::child;

class WorkstationTest : public test::UiFixture {
 protected:
  std::unique_ptr<Workstation> startWorkstation() {
    auto workstation = std::make_unique<Workstation>(runner(), PlayerController::AudioChoice::Never,
                                                     QString::fromStdString(vaultDir().string()));
    workstation->start();
    EXPECT_TRUE(QTest::qWaitForWindowExposed(&workstation->window()));
    return workstation;
  }

  // Logs `name` in through the dialog the workstation shows, as a user types it.
  void logIn(Workstation& workstation, const std::string& name, const std::string& password = {}) {
    LoginDialog* dialog = workstation.loginDialog();
    ASSERT_NE(dialog, nullptr);
    ASSERT_TRUE(QTest::qWaitForWindowExposed(dialog));
    QSignalSpy loggedIn(&workstation, &Workstation::loggedIn);
    QLineEdit* nameEdit = child<QLineEdit>(*dialog, "accountName");
    if (!nameEdit->isReadOnly()) QTest::keyClicks(nameEdit, QString::fromStdString(name));
    QLineEdit* passwordEdit = child<QLineEdit>(*dialog, "password");
    QTest::keyClicks(passwordEdit, QString::fromStdString(password.empty() ? name + "-wachtwoord" : password));
    QTest::keyClick(passwordEdit, Qt::Key_Return);
    ASSERT_TRUE(loggedIn.wait(10'000)) << name;
    settle();
  }

  // Every attempt, allowed or not, by anyone but a klantmanager or a coach
  // to touch content (a picture, the media, annotations).
  std::int64_t contentAttemptsByOtherRoles() {
    return count("audit_log",
                 "actor_role NOT IN ('klantmanager', 'coach') AND action IN ('recording.play', 'recording.cover', "
                 "'annotation.read')");
  }
};

TEST_F(WorkstationTest, AKlantmanagerLandsOnTheirOwnLibrary) {
  const ImportOutcome imported = importTiny();
  auto workstation = startWorkstation();
  logIn(*workstation, "km.jansen");
  MainWindow& window = workstation->window();
  LibraryPage* library = window.library();
  ASSERT_NE(library, nullptr);
  EXPECT_TRUE(library->isVisible());
  EXPECT_EQ(child<QLabel>(*library, "libraryTitle")->text(), QStringLiteral("Mijn opnamen"));
  ASSERT_EQ(library->table()->model()->rowCount(), 1);
  EXPECT_EQ(library->currentRecordingId().toStdString(), imported.recordingId);
  EXPECT_TRUE(child<QPushButton>(*library, "importButton")->isVisible());
  EXPECT_TRUE(window.windowTitle().contains(QStringLiteral("km.jansen")));
  // The keys go to the list at once (not to what had them before the login),
  // so Enter opens the recording.
  QApplication::setActiveWindow(&window);
  ASSERT_TRUE(QTest::qWaitFor([&] { return QApplication::focusWidget() == library->table(); }, 2'000))
      << (QApplication::focusWidget() ? QApplication::focusWidget()->objectName().toStdString() : "nothing");
  QTest::keyClick(QApplication::focusWidget(), Qt::Key_Return);
  settle();
  EXPECT_TRUE(window.player().isVisible());
  EXPECT_EQ(window.player().recordingId().toStdString(), imported.recordingId);
}

TEST_F(WorkstationTest, ACoachLandsOnWhatIsSharedWithThemWithoutTheOwnersActions) {
  const ImportOutcome imported = importTiny();
  ASSERT_TRUE(SharingService(*m_vault).shareRecording(*m_owner, imported.recordingId, "coach.deboer"));
  auto workstation = startWorkstation();
  logIn(*workstation, "coach.deboer");
  LibraryPage* library = workstation->window().library();
  ASSERT_NE(library, nullptr);
  EXPECT_EQ(child<QLabel>(*library, "libraryTitle")->text(), QStringLiteral("Gedeeld met mij"));
  ASSERT_EQ(library->table()->model()->rowCount(), 1);
  for (const char* ownerOnly : {"importButton", "deleteButton", "withdrawButton"})
    EXPECT_FALSE(child<QPushButton>(*library, ownerOnly)->isVisible()) << ownerOnly;
  EXPECT_FALSE(library->table()->isColumnHidden(RecordingTableModel::Owner));
  EXPECT_TRUE(library->table()->isColumnHidden(RecordingTableModel::SharedWith));
}

TEST_F(WorkstationTest, APrivacyOfficerAndAnAdministratorNeverSeeContent) {
  const ImportOutcome imported = importTiny();
  for (const std::string name : {"fg", "beheer"}) {
    auto workstation = startWorkstation();
    logIn(*workstation, name);
    MainWindow& window = workstation->window();
    EXPECT_EQ(window.library(), nullptr) << name;
    QWidget* home = window.findChild<QWidget*>(QStringLiteral("roleHomePage"));
    ASSERT_NE(home, nullptr) << name;
    EXPECT_TRUE(home->isVisible());
    EXPECT_TRUE(child<QLabel>(*home, "roleHomeText")->text().contains(QStringLiteral("vakspiegel-cli")));
    EXPECT_FALSE(child<QVideoWidget>(window, "video")->isVisible());
    EXPECT_EQ(window.recordings().rowCount(), 0) << "no list, no thumbnails";
    // Asking the window to open the recording anyway does nothing.
    window.openRecording(QString::fromStdString(imported.recordingId));
    settle();
    EXPECT_FALSE(window.player().controller().isOpen());
    EXPECT_EQ(contentAttemptsByOtherRoles(), 0) << name;
    EXPECT_FALSE(child<QAction>(window, "importAction")->isEnabled());
    workstation.reset();
    runner().logOut();
  }
}

TEST_F(WorkstationTest, TheLockKeyDropsTheSessionAndClearsTheWindowAndUnlockingAsksThePassword) {
  const ImportOutcome imported = importTiny();
  auto workstation = startWorkstation();
  logIn(*workstation, "km.jansen");
  MainWindow& window = workstation->window();
  window.openRecording(QString::fromStdString(imported.recordingId));
  settle();
  ASSERT_TRUE(window.player().controller().isOpen());

  QSignalSpy locked(workstation.get(), &Workstation::locked);
  QApplication::setActiveWindow(&window);
  QTest::keySequence(&window, QKeySequence(Qt::CTRL | Qt::Key_L));
  ASSERT_EQ(locked.count(), 1);
  EXPECT_FALSE(window.player().controller().isOpen());
  EXPECT_FALSE(child<QVideoWidget>(window, "video")->videoSink()->videoFrame().isValid());
  EXPECT_EQ(window.recordings().rowCount(), 0);
  EXPECT_EQ(window.library(), nullptr);
  EXPECT_TRUE(child<QWidget>(window, "lockPage")->isVisible());
  EXPECT_EQ(child<QLabel>(window, "lockTitle")->text(), QStringLiteral("Vergrendeld"));
  EXPECT_FALSE(listOnWorker()) << "the session and its keys are gone";

  // Only km.jansen may unlock, with the password.
  LoginDialog* unlock = workstation->loginDialog();
  ASSERT_NE(unlock, nullptr);
  EXPECT_EQ(child<QLineEdit>(*unlock, "accountName")->text(), QStringLiteral("km.jansen"));
  EXPECT_TRUE(child<QLineEdit>(*unlock, "accountName")->isReadOnly());
  logIn(*workstation, "km.jansen");
  ASSERT_NE(window.library(), nullptr);
  EXPECT_EQ(window.recordings().rowCount(), 1);
  EXPECT_TRUE(listOnWorker());
}

TEST_F(WorkstationTest, TheAdministratorsIdlePeriodLocksTheWorkstation) {
  ASSERT_TRUE(AdministrationService(*m_vault).setLockTimeout(*m_admin, std::chrono::minutes(3)));
  EXPECT_FALSE(AdministrationService(*m_vault).setLockTimeout(*m_owner, std::chrono::minutes(5)))
      << "only an administrator";
  EXPECT_FALSE(AdministrationService(*m_vault).setLockTimeout(*m_admin, std::chrono::minutes(61)));
  importTiny();
  auto workstation = startWorkstation();
  logIn(*workstation, "km.jansen");
  EXPECT_EQ(workstation->idleWatcher().timeout(), std::chrono::minutes(3));
  EXPECT_TRUE(workstation->idleWatcher().isWatching());

  // Input keeps it open; then nothing for the period locks it.
  workstation->idleWatcher().setTimeout(std::chrono::milliseconds(400));
  for (int i = 0; i < 4; ++i) {
    QTest::qWait(200);
    QTest::mouseMove(&workstation->window(), QPoint(10 + i, 10));
  }
  EXPECT_NE(workstation->window().library(), nullptr) << "input within the period keeps it unlocked";
  QSignalSpy locked(workstation.get(), &Workstation::locked);
  ASSERT_TRUE(locked.wait(3'000));
  EXPECT_EQ(workstation->window().library(), nullptr);
  EXPECT_EQ(workstation->window().recordings().rowCount(), 0);
  EXPECT_FALSE(listOnWorker());
  EXPECT_FALSE(workstation->idleWatcher().isWatching());
}

TEST_F(WorkstationTest, LoggingOutLetsTheNextPersonLogIn) {
  importTiny();
  auto workstation = startWorkstation();
  logIn(*workstation, "km.jansen");
  emit workstation->window().logoutRequested();
  settle();
  EXPECT_EQ(workstation->window().library(), nullptr);
  EXPECT_EQ(child<QLabel>(workstation->window(), "lockTitle")->text(), QStringLiteral("Vakspiegel"));
  EXPECT_FALSE(listOnWorker());
  LoginDialog* next = workstation->loginDialog();
  ASSERT_NE(next, nullptr);
  EXPECT_FALSE(child<QLineEdit>(*next, "accountName")->isReadOnly());
  logIn(*workstation, "km.bakker");
  ASSERT_NE(workstation->window().library(), nullptr);
  EXPECT_EQ(workstation->window().recordings().rowCount(), 0) << "km.bakker sees nothing of km.jansen's";
  EXPECT_TRUE(child<QLabel>(*workstation->window().library(), "libraryEmpty")->isVisible());
}

TEST_F(WorkstationTest, ASecondStartRaisesTheFirst) {
  const QString key = QString::fromStdString(vaultDir().string());
  SingleInstance first(key);
  EXPECT_FALSE(first.raiseOther()) << "nobody else runs: this one goes on";
  QSignalSpy raised(&first, &SingleInstance::raiseRequested);
  SingleInstance second(key);
  EXPECT_TRUE(second.raiseOther()) << "the first answers: the second stops";
  ASSERT_TRUE(raised.wait(3'000));
  SingleInstance otherVault(key + QStringLiteral("-ander"));
  EXPECT_FALSE(otherVault.raiseOther()) << "another vault is another instance";
}

}  // namespace
}  // namespace vakspiegel::ui
