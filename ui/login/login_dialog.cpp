// The login dialog, with the one-time password step; see login_dialog.h.
#include "login/login_dialog.h"

#include <QDialogButtonBox>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPalette>
#include <QPushButton>
#include <QVBoxLayout>

#include "app/account_service.h"
#include "app/vault.h"
#include "common/qt_conversions.h"
#include "common/style.h"
#include "vault/secure_bytes.h"

namespace vakspiegel::ui {

LoginDialog::LoginDialog(UseCaseRunner& runner, QWidget* parent) : QDialog(parent), m_runner(runner) {
  setWindowTitle(tr("Vakspiegel – Log in"));
  setObjectName(QStringLiteral("loginDialog"));

  m_intro = new QLabel(tr("Log in with your account to watch your recordings."), this);
  m_intro->setWordWrap(true);

  m_name = new QLineEdit(this);
  m_name->setObjectName(QStringLiteral("accountName"));
  m_name->setMaxLength(64);
  m_name->setMinimumWidth(240);
  m_password = new QLineEdit(this);
  m_password->setObjectName(QStringLiteral("password"));
  m_password->setEchoMode(QLineEdit::Password);

  m_newPassword = new QLineEdit(this);
  m_newPassword->setObjectName(QStringLiteral("newPassword"));
  m_newPassword->setEchoMode(QLineEdit::Password);
  m_newPassword->setMinimumWidth(240);
  m_repeatPassword = new QLineEdit(this);
  m_repeatPassword->setObjectName(QStringLiteral("repeatPassword"));
  m_repeatPassword->setEchoMode(QLineEdit::Password);

  m_form = new QFormLayout;
  m_form->addRow(tr("&Account name:"), m_name);
  m_form->addRow(tr("&Password:"), m_password);
  m_form->addRow(tr("&New password:"), m_newPassword);
  m_form->addRow(tr("&Repeat it:"), m_repeatPassword);
  m_form->setRowVisible(m_newPassword, false);
  m_form->setRowVisible(m_repeatPassword, false);

  m_message = new QLabel(this);
  m_message->setObjectName(QStringLiteral("loginMessage"));
  m_message->setWordWrap(true);
  m_message->setMinimumWidth(320);
  // Screen readers announce the message as it appears.
  m_message->setAccessibleName(tr("Message"));
  m_message->hide();

  m_demo = new QLabel(this);
  m_demo->setObjectName(QStringLiteral("demoAccounts"));
  m_demo->setWordWrap(true);
  m_demo->setTextFormat(Qt::RichText);
  m_demo->setTextInteractionFlags(Qt::TextSelectableByMouse);
  m_demo->hide();

  auto* buttons = new QDialogButtonBox(this);
  m_loginButton = buttons->addButton(tr("Log in"), QDialogButtonBox::AcceptRole);
  m_loginButton->setObjectName(QStringLiteral("loginButton"));
  m_loginButton->setDefault(true);
  m_cancelButton = buttons->addButton(tr("Cancel"), QDialogButtonBox::RejectRole);
  connect(m_loginButton, &QPushButton::clicked, this, [this] {
    if (m_isChoosingOwnPassword)
      tryOwnPassword();
    else
      tryLogin();
  });
  connect(m_cancelButton, &QPushButton::clicked, this, &LoginDialog::reject);

  auto* layout = new QVBoxLayout(this);
  layout->addWidget(m_intro);
  layout->addLayout(m_form);
  layout->addWidget(m_message);
  layout->addWidget(m_demo);
  layout->addWidget(buttons);
  layout->setSizeConstraint(QLayout::SetFixedSize);

  setTabOrder(m_name, m_password);
  setTabOrder(m_password, m_newPassword);
  setTabOrder(m_newPassword, m_repeatPassword);
  setTabOrder(m_repeatPassword, m_loginButton);
  setTabOrder(m_loginButton, m_cancelButton);
  m_name->setFocus();
}

std::optional<LoggedInUser> LoginDialog::loggedIn() const {
  if (!m_user || m_user->mustChangePassword || result() != QDialog::Accepted) return std::nullopt;
  return m_user;  // never half logged in
}

void LoginDialog::setUnlockFor(const QString& name) {
  setWindowTitle(tr("Vakspiegel – Unlock"));
  m_intro->setText(tr("This workstation is locked. Type your password to go on where you were."));
  m_name->setText(name);
  m_name->setReadOnly(true);
  m_name->setFocusPolicy(Qt::NoFocus);
  m_loginButton->setText(tr("Unlock"));
  m_password->setFocus();
}

void LoginDialog::setDemoAccounts(const QStringList& lines, const QString& password) {
  QStringList accounts;
  for (const QString& line : lines) accounts << line.trimmed().toHtmlEscaped();
  // The password on a line of its own, so it is never broken at its hyphen.
  m_demo->setText(QStringLiteral("<p>%1</p><p>%2<br><b style='white-space: nowrap'>%3</b></p><p>%4</p>")
                      .arg(tr("This is a practice vault with made-up recordings, to try Vakspiegel out."),
                           tr("The password of every demo account:"), password.toHtmlEscaped(),
                           accounts.join(QStringLiteral("<br>"))));
  m_demo->show();
}

void LoginDialog::tryLogin() {
  if (m_isBusy) return;  // a login is running
  const QString name = m_name->text().trimmed();
  if (name.isEmpty() || m_password->text().isEmpty()) {
    showMessage(tr("Fill in your account name and password."), true);
    (name.isEmpty() ? m_name : m_password)->setFocus();
    return;
  }
  setBusy(true);
  showMessage(tr("Checking your password…"), false);
  auto password = std::make_shared<SecretString>(m_password->text().toStdString());
  m_password->clear();
  m_oneTimePassword = password;  // kept only if it turns out to be one (askForOwnPassword)
  m_runner.run(
      this,
      [name = name.toStdString(), password](UseCaseRunner::Context& context) -> Result<LoggedInUser> {
        context.session = VS_TRY(context.vault.login(name, password->str()));
        return LoggedInUser::of(*context.session);
      },
      [this](const Result<LoggedInUser>& result) { finishLogin(result); });
}

void LoginDialog::finishLogin(const Result<LoggedInUser>& result) {
  setBusy(false);
  if (m_isCancelled) return;
  if (!result) {
    m_oneTimePassword.reset();
    const QString message = toQString(result.error().message);
    showMessage(message, true);
    m_password->setFocus();
    emit loginRefused(message);
    return;
  }
  m_user = *result;
  if (m_user->mustChangePassword) {
    askForOwnPassword();
    return;
  }
  m_oneTimePassword.reset();
  m_message->hide();
  accept();
}

void LoginDialog::askForOwnPassword() {
  m_isChoosingOwnPassword = true;
  m_intro->setText(
      tr("The password you logged in with was set by the administrator and works only once. Choose a password of "
         "your own now: at least 10 characters; a sentence of a few words is easy to remember. Nobody else will "
         "know it."));
  m_form->setRowVisible(m_name, false);
  m_form->setRowVisible(m_password, false);
  m_form->setRowVisible(m_newPassword, true);
  m_form->setRowVisible(m_repeatPassword, true);
  m_loginButton->setText(tr("Save my password"));
  m_message->hide();
  m_newPassword->setFocus();
}

void LoginDialog::tryOwnPassword() {
  if (m_isBusy || !m_user) return;
  if (m_newPassword->text().isEmpty() || m_newPassword->text() != m_repeatPassword->text()) {
    showMessage(m_newPassword->text().isEmpty() ? tr("Type your new password twice.")
                                                : tr("The two passwords are not the same. Type them again."),
                true);
    m_newPassword->clear();
    m_repeatPassword->clear();
    m_newPassword->setFocus();
    return;
  }
  setBusy(true);
  showMessage(tr("Saving your password…"), false);
  auto chosen = std::make_shared<SecretString>(m_newPassword->text().toStdString());
  m_newPassword->clear();
  m_repeatPassword->clear();
  m_runner.run(
      this,
      [chosen, oneTime = m_oneTimePassword](UseCaseRunner::Context& context) -> Status {
        Session& session = *VS_TRY(context.who());
        // Whether the old wrapped key was wiped at once matters little here:
        // the one-time password was the administrator's, and the sweep wipes it.
        return AccountService(context.vault)
            .changePassword(session, oneTime->str(), chosen->str())
            .map([](const PasswordChange&) {});
      },
      [this](const Status& result) { finishOwnPassword(result); });
}

void LoginDialog::finishOwnPassword(const Status& result) {
  setBusy(false);
  if (m_isCancelled) return;
  if (!result) {
    showMessage(toQString(result.error().message), true);
    m_newPassword->setFocus();
    return;
  }
  m_user->mustChangePassword = false;
  m_oneTimePassword.reset();
  m_message->hide();
  accept();
}

void LoginDialog::showMessage(const QString& text, bool isProblem) {
  ui::showMessage(*m_message, text, isProblem);
}

void LoginDialog::setBusy(bool isBusy) {
  m_isBusy = isBusy;
  m_name->setEnabled(!isBusy);
  m_password->setEnabled(!isBusy);
  m_newPassword->setEnabled(!isBusy);
  m_repeatPassword->setEnabled(!isBusy);
  m_loginButton->setEnabled(!isBusy);
  if (isBusy)
    setCursor(Qt::WaitCursor);
  else
    unsetCursor();
}

void LoginDialog::reject() {
  // A login or password change still running finishes on the worker, and
  // the session it may make is dropped right after: a one-time login that
  // did not choose a password, or one cancelled, ends with no session.
  m_isCancelled = true;
  m_runner.logOut();
  m_user.reset();
  m_oneTimePassword.reset();
  QDialog::reject();
}

}  // namespace vakspiegel::ui
