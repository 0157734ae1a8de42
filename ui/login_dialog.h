// The login window: account name and password, checked by Vault::login on a
// worker thread (Argon2id takes a moment) while the dialog says so. A refused
// login shows the vault's own message and nothing else happens; a good one
// closes the dialog with the session. After an administrator's reset the
// password was a one-time password: the dialog then asks for a password of
// the user's own (twice) and closes only once Vault::changePassword took it.
#pragma once

#include <QDialog>

#include <memory>
#include <optional>
#include <thread>

#include "app/vault.h"
#include "core/error.h"
#include "vault/secure_bytes.h"

class QFormLayout;
class QLabel;
class QLineEdit;
class QPushButton;

namespace vakspiegel {
class Vault;
}

namespace vakspiegel::ui {

class LoginDialog : public QDialog {
  Q_OBJECT

 public:
  // `vault` must outlive the dialog and is not used by anything else while a
  // login runs (the dialog is modal).
  explicit LoginDialog(Vault& vault, QWidget* parent = nullptr);
  ~LoginDialog() override;  // waits for a login in progress
  LoginDialog(const LoginDialog&) = delete;
  LoginDialog& operator=(const LoginDialog&) = delete;

  // After the dialog was accepted: who logged in (once).
  [[nodiscard]] std::optional<Session> takeSession();

 signals:
  // A login was refused; `message` is what the dialog shows.
  void loginRefused(const QString& message);

 private:
  void tryLogin();
  void finishLogin(std::shared_ptr<Result<Session>> result);
  // The one-time password step.
  void askForOwnPassword();
  void tryOwnPassword();
  void finishOwnPassword(std::shared_ptr<Status> result);
  void setBusy(bool isBusy);
  void showMessage(const QString& text, bool isProblem);
  void reject() override;

  Vault& m_vault;
  QLineEdit* m_name;
  QLineEdit* m_password;
  QLineEdit* m_newPassword;
  QLineEdit* m_repeatPassword;
  QFormLayout* m_form;
  QLabel* m_intro;
  QLabel* m_message;
  QPushButton* m_loginButton;
  QPushButton* m_cancelButton;
  std::thread m_worker;
  std::optional<Session> m_session;
  std::shared_ptr<SecretString> m_oneTimePassword;  // until the own password is chosen
  bool m_isChoosingOwnPassword = false;
  bool m_isCancelled = false;
};

}  // namespace vakspiegel::ui
