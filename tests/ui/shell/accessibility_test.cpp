// Every control a user can reach in the workstation has a name a screen
// reader says (EN 301 549 / WCAG 2.1 AA 4.1.2), asked of Qt's accessibility
// interface as assistive technology does: the login, the library, the
// player, every page of the import wizard, the withdrawal dialog and the
// lock page, as a klantmanager meets them.
#include <QAbstractButton>
#include <QAbstractItemView>
#include <QAbstractSlider>
#include <QAbstractSpinBox>
#include <QAccessible>
#include <QComboBox>
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
#include "shell/lock_page.h"
#include "shell/main_window.h"
#include "ui/ui_fixture.h"

namespace vakspiegel::ui {
namespace {

bool isControl(const QWidget& widget) {
  return qobject_cast<const QAbstractButton*>(&widget) || qobject_cast<const QLineEdit*>(&widget) ||
         qobject_cast<const QAbstractSpinBox*>(&widget) || qobject_cast<const QComboBox*>(&widget) ||
         qobject_cast<const QAbstractSlider*>(&widget) || qobject_cast<const QAbstractItemView*>(&widget);
}

// The visible controls under `root` that a screen reader would give no name,
// as "objectName (class)"; and how many controls were looked at.
std::pair<QStringList, int> namelessControls(QWidget& root) {
  QStringList nameless;
  int controls = 0;
  for (QWidget* widget : root.findChildren<QWidget*>()) {
    if (!widget->isVisibleTo(&root) || !isControl(*widget) || widget->focusPolicy() == Qt::NoFocus) continue;
    // The pieces of a compound control (a spin box's line edit, a table's
    // scroll bars and header) are named by the control itself.
    if (qobject_cast<QAbstractSpinBox*>(widget->parentWidget()) ||
        qobject_cast<QComboBox*>(widget->parentWidget()) || widget->objectName().startsWith(QLatin1String("qt_")))
      continue;
    ++controls;
    QAccessibleInterface* accessible = QAccessible::queryAccessibleInterface(widget);
    const QString name = accessible != nullptr ? accessible->text(QAccessible::Name).trimmed() : QString();
    if (name.isEmpty())
      nameless << QStringLiteral("%1 (%2)").arg(widget->objectName(), QString::fromLatin1(widget->metaObject()->className()));
  }
  return {nameless, controls};
}

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
  expectNamed(window.player(), "player");
  window.player().closeRecording();

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
