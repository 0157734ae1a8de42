// Every control a user can reach in the workstation has a name a screen
// reader says (EN 301 549 / WCAG 2.1 AA 4.1.2), asked of Qt's accessibility
// interface as assistive technology does: the login, the library, the
// player, every page of the import wizard, the withdrawal dialog and the
// lock page, as a klantmanager meets them.
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>

#include "common/qt_conversions.h"
#include "import/import_wizard.h"
#include "library/library_page.h"
#include "library/share_dialog.h"
#include "library/withdrawal_dialog.h"
#include "login/login_dialog.h"
#include "player/player_page.h"
#include "review/review_page.h"
#include "shell/lock_page.h"
#include "shell/main_window.h"
#include "ui/ui_fixture.h"

namespace vakspiegel::ui {
namespace {

using test::namelessControls;

class AccessibilityTest : public test::UiFixture {};

TEST(Accessibility, AControlWithoutALabelIsFoundAndOneWithABuddyIsNot) {
  QWidget screen;
  auto* nameless = new QLineEdit(&screen);
  nameless->setObjectName(QStringLiteral("nameless"));
  auto* named = new QLineEdit(&screen);
  auto* label = new QLabel(QStringLiteral("&Naam:"), &screen);
  label->setBuddy(named);
  auto* button = new QPushButton(QStringLiteral("&Opslaan"), &screen);
  (void)button;
  screen.show();
  const auto [found, controls] = namelessControls(screen);
  EXPECT_EQ(controls, 3);
  EXPECT_EQ(found, QStringList{QStringLiteral("nameless (QLineEdit)")});
}

TEST_F(AccessibilityTest, EveryControlOfEveryScreenHasAName) {
  clockToNow();
  const ImportOutcome imported = importTiny();
  const auto expectNamed = [](QWidget& screen, const std::string& what) {
    const auto [nameless, controls] = namelessControls(screen);
    if (what != "summaryPage") {
      EXPECT_GT(controls, 0) << what << ": no control looked at";
    }
    EXPECT_TRUE(nameless.isEmpty()) << what << ": " << nameless.join(QStringLiteral(", ")).toStdString();
  };

  {
    LoginDialog login(runner());
    login.show();
    expectNamed(login, "login");
  }
  const LoggedInUser user = signIn("km.jansen");
  MainWindow window(runner(), PlayerController::AudioChoice::Never, toQString(vaultDir().string()));
  window.show();
  window.showUser(user);
  settle();
  ASSERT_NE(window.library(), nullptr);
  expectNamed(*window.library(), "library");

  window.openRecording(QString::fromStdString(imported.recordingId));
  settle();
  ASSERT_TRUE(window.player().controller().isOpen());
  expectNamed(window.review(), "review screen");
  window.review().trigger(ReviewAction::Annotate);
  expectNamed(window.review(), "review screen, writing a note");
  QTest::keyClick(QApplication::focusWidget(), Qt::Key_Escape);
  window.review().trigger(ReviewAction::AskPrompt);
  settle();
  expectNamed(window.review(), "review screen, recall question");
  window.review().closeRecording();

  window.askShare(QString::fromStdString(imported.recordingId));
  auto* share = window.findChild<ShareDialog*>();
  ASSERT_NE(share, nullptr);
  settle();
  expectNamed(*share, "share dialog");
  share->reject();

  window.askWithdrawal();
  auto* withdrawal = window.findChild<WithdrawalDialog*>();
  ASSERT_NE(withdrawal, nullptr);
  expectNamed(*withdrawal, "withdrawal dialog");
  withdrawal->reject();

  ImportWizard wizard(runner(), toQString(vakspiegel::test::tinyRecording().string()));
  wizard.show();
  settle();
  for (int page = ImportWizard::File; page <= ImportWizard::Summary; ++page) {
    ASSERT_EQ(wizard.currentId(), page);
    expectNamed(*wizard.currentPage(), wizard.currentPage()->objectName().toStdString());
    if (page == ImportWizard::How) test::child<QAbstractButton>(wizard, "method_verbal")->click();
    wizard.next();
  }

  window.showLocked(QStringLiteral("km.jansen"));
  expectNamed(window.lockPage(), "lock page");
}

}  // namespace
}  // namespace vakspiegel::ui
