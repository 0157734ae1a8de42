#include "login_dialog.h"

#include <QDialogButtonBox>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QMetaObject>
#include <QPushButton>
#include <QVBoxLayout>

#include "app/vault.h"
#include "qt_conversions.h"
#include "vault/secure_bytes.h"

namespace vakspiegel::ui {

LoginDialog::LoginDialog(Vault& vault, QWidget* parent) : QDialog(parent), m_vault(vault) {
  setWindowTitle(tr("Vakspiegel – Log in"));
  setObjectName(QStringLiteral("loginDialog"));

  auto* intro = new QLabel(tr("Log in with your account to watch your recordings."), this);
  intro->setWordWrap(true);

  m_name = new QLineEdit(this);
  m_name->setObjectName(QStringLiteral("accountName"));
  m_name->setMaxLength(64);
  m_name->setMinimumWidth(240);
  m_password = new QLineEdit(this);
  m_password->setObjectName(QStringLiteral("password"));
  m_password->setEchoMode(QLineEdit::Password);

  auto* form = new QFormLayout;
  form->addRow(tr("&Account name:"), m_name);
  form->addRow(tr("&Password:"), m_password);

  m_message = new QLabel(this);
  m_message->setObjectName(QStringLiteral("loginMessage"));
  m_message->setWordWrap(true);
  m_message->setMinimumWidth(320);
  // Screen readers announce the message as it appears.
  m_message->setAccessibleName(tr("Message"));
  m_message->hide();

  auto* buttons = new QDialogButtonBox(this);
  m_loginButton = buttons->addButton(tr("Log in"), QDialogButtonBox::AcceptRole);
  m_loginButton->setObjectName(QStringLiteral("loginButton"));
  m_loginButton->setDefault(true);
  m_cancelButton = buttons->addButton(tr("Cancel"), QDialogButtonBox::RejectRole);
  connect(m_loginButton, &QPushButton::clicked, this, &LoginDialog::tryLogin);
  connect(m_cancelButton, &QPushButton::clicked, this, &LoginDialog::reject);

  auto* layout = new QVBoxLayout(this);
  layout->addWidget(intro);
  layout->addLayout(form);
  layout->addWidget(m_message);
  layout->addWidget(buttons);
  layout->setSizeConstraint(QLayout::SetFixedSize);

  setTabOrder(m_name, m_password);
  setTabOrder(m_password, m_loginButton);
  setTabOrder(m_loginButton, m_cancelButton);
  m_name->setFocus();
}

LoginDialog::~LoginDialog() {
  if (m_worker.joinable()) m_worker.join();
}

std::optional<Session> LoginDialog::takeSession() {
  return std::exchange(m_session, std::nullopt);
}

void LoginDialog::tryLogin() {
  if (m_worker.joinable()) return;  // a login is running
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
  m_worker = std::thread([this, name = name.toStdString(), password] {
    auto result = std::make_shared<Result<Session>>(m_vault.login(name, password->str()));
    QMetaObject::invokeMethod(
        this, [this, result] { finishLogin(result); }, Qt::QueuedConnection);
  });
}

void LoginDialog::finishLogin(std::shared_ptr<Result<Session>> result) {
  if (m_worker.joinable()) m_worker.join();
  if (m_isCancelled) return;
  setBusy(false);
  if (!*result) {
    const QString message = toQString(result->error().message);
    showMessage(message, true);
    m_password->setFocus();
    emit loginRefused(message);
    return;
  }
  m_session.emplace(std::move(**result));
  m_message->hide();
  accept();
}

void LoginDialog::showMessage(const QString& text, bool isProblem) {
  m_message->setText(text);
  m_message->setStyleSheet(isProblem ? QStringLiteral("color: #a00000;") : QString());
  m_message->show();
}

void LoginDialog::setBusy(bool isBusy) {
  m_name->setEnabled(!isBusy);
  m_password->setEnabled(!isBusy);
  m_loginButton->setEnabled(!isBusy);
  if (isBusy)
    setCursor(Qt::WaitCursor);
  else
    unsetCursor();
}

void LoginDialog::reject() {
  // Closing while a login runs waits for it (a second at most), then goes.
  m_isCancelled = true;
  if (m_worker.joinable()) m_worker.join();
  QDialog::reject();
}

}  // namespace vakspiegel::ui
