// The login dialog as a user meets it: a wrong password shows the vault's
// message and nothing else happens; a one-time password asks for an own one
// first; unlocking a locked workstation lets only its user in; a demo vault
// lists its accounts.
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>

#include "app/account_service.h"
#include "core/i18n.h"
#include "login/login_dialog.h"
#include "ui/ui_fixture.h"

namespace vakspiegel::ui {
namespace {

using test::child;

class LoginDialogTest : public test::UiFixture {
 protected:
  // Types the name and password and presses Enter, as a user would.
  void typeLogin(LoginDialog& dialog, const QString& name, const QString& password) {
    QLineEdit* nameEdit = child<QLineEdit>(dialog, "accountName");
    QLineEdit* passwordEdit = child<QLineEdit>(dialog, "password");
    if (!nameEdit->isReadOnly()) {
      nameEdit->clear();
      QTest::keyClicks(nameEdit, name);
    }
    QTest::keyClicks(passwordEdit, password);
    QTest::keyClick(passwordEdit, Qt::Key_Return);
  }
};

TEST_F(LoginDialogTest, AWrongPasswordShowsTheVaultsMessageAndNothingElse) {
  LoginDialog dialog(runner());
  dialog.show();
  QSignalSpy refused(&dialog, &LoginDialog::loginRefused);
  QSignalSpy accepted(&dialog, &QDialog::accepted);
  typeLogin(dialog, QStringLiteral("km.jansen"), QStringLiteral("fout-wachtwoord"));
  ASSERT_TRUE(refused.wait(10'000));
  const QString expected = QString::fromUtf8(tr("The user name or password is not correct."));
  EXPECT_EQ(expected, QStringLiteral("De accountnaam of het wachtwoord klopt niet."));  // LANGUAGE=nl
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
TEST_F(LoginDialogTest, AOneTimePasswordAsksForAnOwnPasswordBeforeAnythingElse) {
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

TEST_F(LoginDialogTest, AnEmptyFieldIsAskedForBeforeAnyLogin) {
  const std::int64_t loginsBefore = count("audit_log", "action = 'login'");
  LoginDialog dialog(runner());
  dialog.show();
  QTest::keyClicks(child<QLineEdit>(dialog, "accountName"), QStringLiteral("km.jansen"));
  QTest::keyClick(child<QLineEdit>(dialog, "accountName"), Qt::Key_Return);
  EXPECT_EQ(child<QLabel>(dialog, "loginMessage")->text(), QStringLiteral("Vul uw accountnaam en wachtwoord in."));
  EXPECT_EQ(count("audit_log", "action = 'login'"), loginsBefore);
}

TEST_F(LoginDialogTest, FiveWrongPasswordsLockTheAccountEvenForTheRightOne) {
  LoginDialog dialog(runner());
  dialog.show();
  QSignalSpy refused(&dialog, &LoginDialog::loginRefused);
  QSignalSpy accepted(&dialog, &QDialog::accepted);
  for (int attempt = 1; attempt <= kMaxFailedLogins; ++attempt) {
    typeLogin(dialog, QStringLiteral("km.bakker"), QStringLiteral("geraden-%1").arg(attempt));
    ASSERT_TRUE(refused.wait(10'000)) << attempt;
  }
  EXPECT_TRUE(refused.last().at(0).toString().contains(QStringLiteral("geblokkeerd")))
      << refused.last().at(0).toString().toStdString();
  typeLogin(dialog, QStringLiteral("km.bakker"), QStringLiteral("km.bakker-wachtwoord"));
  ASSERT_TRUE(refused.wait(10'000));
  EXPECT_TRUE(refused.last().at(0).toString().contains(QStringLiteral("geblokkeerd")))
      << refused.last().at(0).toString().toStdString();
  EXPECT_TRUE(accepted.isEmpty());
  EXPECT_FALSE(dialog.loggedIn());
  EXPECT_FALSE(listOnWorker());
}

TEST_F(LoginDialogTest, UnlockingLetsOnlyTheUserWhoLockedIn) {
  LoginDialog dialog(runner());
  dialog.setUnlockFor(QStringLiteral("km.jansen"));
  dialog.show();
  QLineEdit* name = child<QLineEdit>(dialog, "accountName");
  EXPECT_EQ(name->text(), QStringLiteral("km.jansen"));
  EXPECT_TRUE(name->isReadOnly());
  EXPECT_EQ(name->focusPolicy(), Qt::NoFocus);
  EXPECT_EQ(child<QPushButton>(dialog, "loginButton")->text(), QStringLiteral("Ontgrendelen"));
  QSignalSpy refused(&dialog, &LoginDialog::loginRefused);
  QSignalSpy accepted(&dialog, &QDialog::accepted);
  typeLogin(dialog, {}, QStringLiteral("fout"));
  ASSERT_TRUE(refused.wait(10'000));
  typeLogin(dialog, {}, QStringLiteral("km.jansen-wachtwoord"));
  ASSERT_TRUE(accepted.wait(10'000));
  ASSERT_TRUE(dialog.loggedIn());
  EXPECT_EQ(dialog.loggedIn()->name, "km.jansen");
}

TEST_F(LoginDialogTest, ADemoVaultListsItsAccountsAndOtherVaultsDoNot) {
  LoginDialog plain(runner());
  plain.show();
  EXPECT_FALSE(child<QLabel>(plain, "demoAccounts")->isVisible());
  LoginDialog demo(runner());
  demo.setDemoAccounts({QStringLiteral("  km.jansen (klantmanager)")}, QStringLiteral("demo-wachtwoord"));
  demo.show();
  QLabel* accounts = child<QLabel>(demo, "demoAccounts");
  EXPECT_TRUE(accounts->isVisible());
  EXPECT_TRUE(accounts->text().contains(QStringLiteral("demo-wachtwoord")));
  EXPECT_TRUE(accounts->text().contains(QStringLiteral("km.jansen")));
}

}  // namespace
}  // namespace vakspiegel::ui
