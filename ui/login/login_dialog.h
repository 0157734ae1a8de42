// The login window: account name and password, checked by Vault::login on
// the use-case worker (Argon2id takes a moment) while the dialog says so. A
// refused login shows the vault's own message and nothing else happens; a
// good one leaves the session with the worker (common/use_case_runner.h) and
// closes the dialog. After an administrator's reset the password was a
// one-time password: the dialog then asks for a password of the user's own
// (twice) and closes only once AccountService::changePassword took it.
#pragma once

#include <QDialog>

#include <memory>
#include <optional>

#include "common/use_case_runner.h"
#include "core/error.h"
#include "vault/secure_bytes.h"

class QFormLayout;
class QLabel;
class QLineEdit;
class QPushButton;

namespace vakspiegel::ui {

class LoginDialog : public QDialog {
  Q_OBJECT

 public:
  // `runner` must outlive the dialog.
  explicit LoginDialog(UseCaseRunner& runner, QWidget* parent = nullptr);
  LoginDialog(const LoginDialog&) = delete;
  LoginDialog& operator=(const LoginDialog&) = delete;

  // After the dialog was accepted: who logged in (their session is the
  // runner's). Empty while the password is still an administrator's.
  [[nodiscard]] std::optional<LoggedInUser> loggedIn() const;

  // Unlocking a locked workstation: only `name` may log in (the field is
  // filled and fixed), and the dialog says why it asks.
  void setUnlockFor(const QString& name);
  // A demo vault's accounts and password, listed under the form (only a
  // demo vault may: its accounts hold no real data).
  void setDemoAccounts(const QStringList& lines, const QString& password);
  // Cancels: a login still running ends with no session.
  void reject() override;

 signals:
  // A login was refused; `message` is what the dialog shows.
  void loginRefused(const QString& message);

 private:
  void tryLogin();
  void finishLogin(const Result<LoggedInUser>& result);
  // The one-time password step.
  void askForOwnPassword();
  void tryOwnPassword();
  void finishOwnPassword(const Status& result);
  void setBusy(bool isBusy);
  void showMessage(const QString& text, bool isProblem);

  UseCaseRunner& m_runner;
  QLineEdit* m_name;
  QLineEdit* m_password;
  QLineEdit* m_newPassword;
  QLineEdit* m_repeatPassword;
  QFormLayout* m_form;
  QLabel* m_intro;
  QLabel* m_message;
  QLabel* m_demo;
  QPushButton* m_loginButton;
  QPushButton* m_cancelButton;
  bool m_isBusy = false;  // a login or a password change is running
  std::optional<LoggedInUser> m_user;
  std::shared_ptr<SecretString> m_oneTimePassword;  // until the own password is chosen
  bool m_isChoosingOwnPassword = false;
  bool m_isCancelled = false;
};

}  // namespace vakspiegel::ui
