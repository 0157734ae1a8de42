// The login window: account name and password, checked by Vault::login on a
// worker thread (Argon2id takes a moment) while the dialog says so. A refused
// login shows the vault's own message and nothing else happens; a good one
// closes the dialog with the session.
#pragma once

#include <QDialog>

#include <memory>
#include <optional>
#include <thread>

#include "accounts/accounts.h"
#include "core/error.h"

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
  void setBusy(bool isBusy);
  void showMessage(const QString& text, bool isProblem);
  void reject() override;

  Vault& m_vault;
  QLineEdit* m_name;
  QLineEdit* m_password;
  QLabel* m_message;
  QPushButton* m_loginButton;
  QPushButton* m_cancelButton;
  std::thread m_worker;
  std::optional<Session> m_session;
  bool m_isCancelled = false;
};

}  // namespace vakspiegel::ui
