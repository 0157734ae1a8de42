// The workstation's login and lock flow; see workstation.h.
#include "shell/workstation.h"

#include <QTimer>

#include "app/administration_service.h"
#include "common/qt_conversions.h"
#include "import/import_controller.h"
#include "import/import_wizard.h"
#include "login/login_dialog.h"
#include "shell/lock_page.h"
#include "shell/main_window.h"

namespace vakspiegel::ui {

Workstation::Workstation(UseCaseRunner& runner, PlayerController::AudioChoice audio, const QString& vaultDir,
                         QObject* parent)
    : QObject(parent), m_runner(runner), m_window(std::make_unique<MainWindow>(runner, audio, vaultDir)) {
  connect(m_window.get(), &MainWindow::lockRequested, this, &Workstation::lock);
  connect(m_window.get(), &MainWindow::logoutRequested, this, &Workstation::logOut);
  connect(m_window.get(), &MainWindow::unlockRequested, this, [this] { askLogin(m_lockedBy); });
  connect(&m_idle, &IdleWatcher::idle, this, &Workstation::idleTimeout);
  m_idle.setTimeout(kLockTimeoutDefault);
}

Workstation::~Workstation() = default;

LoginDialog* Workstation::loginDialog() const {
  return m_login.data();
}

void Workstation::start() {
  // A spreekkamer PC does one thing at a time: the whole screen.
  m_window->showMaximized();
  askLogin(QString());
}

void Workstation::setDemoAccounts(const QStringList& lines, const QString& password) {
  m_demoLines = lines;
  m_demoPassword = password;
}

void Workstation::raise() {
  m_window->showNormal();
  m_window->raise();
  m_window->activateWindow();
  if (LoginDialog* login = m_login.data(); login != nullptr) {
    login->raise();
    login->activateWindow();
  }
}

void Workstation::askLogin(const QString& lockedBy) {
  if (LoginDialog* open = m_login.data(); open != nullptr) {
    open->raise();
    return;
  }
  auto* login = new LoginDialog(m_runner, m_window.get());
  m_login = login;
  login->setAttribute(Qt::WA_DeleteOnClose);
  if (!lockedBy.isEmpty()) login->setUnlockFor(lockedBy);
  if (!m_demoLines.isEmpty() && lockedBy.isEmpty()) login->setDemoAccounts(m_demoLines, m_demoPassword);
  connect(login, &QDialog::accepted, this, [this, dialog = login, lockedBy] {
    const std::optional<LoggedInUser> user = dialog->loggedIn();
    if (!user) return;
    if (!lockedBy.isEmpty() && toQString(user->name) != lockedBy) {  // cannot happen: the name is fixed
      logOut();
      return;
    }
    finishLogin(*user);
  });
  m_window->lockPage().setDialogOpen(true);
  connect(login, &QDialog::finished, this, [this] { m_window->lockPage().setDialogOpen(false); });
  login->open();
}

void Workstation::finishLogin(const LoggedInUser& user) {
  m_lockedBy.clear();
  m_window->showUser(user);
  applyLockTimeout();
  m_idle.start();
  emit loggedIn(user);
}

void Workstation::applyLockTimeout() {
  m_runner.run(
      this, [](UseCaseRunner::Context& context) { return AdministrationService(context.vault).lockTimeout(); },
      [this](const Result<std::chrono::minutes>& timeout) {
        if (timeout) m_idle.setTimeout(*timeout);
      });
}

void Workstation::idleTimeout() {
  if (!m_window->user()) return;
  if (m_window->isImporting()) {
    // Locking would cancel the import; the wizard shows no content. Lock as
    // soon as it is done.
    if (!m_isIdleLockWaiting) {
      m_isIdleLockWaiting = true;
      ImportWizard* wizard = m_window->importWizard();
      if (wizard == nullptr) return;
      connect(
          &wizard->controller(), &ImportController::finished, this,
          [this] {
            m_isIdleLockWaiting = false;
            QTimer::singleShot(0, this, &Workstation::lock);
          },
          Qt::SingleShotConnection);
    }
    return;
  }
  lock();
}

void Workstation::closeLogin() {
  LoginDialog* login = m_login.data();
  if (login == nullptr) return;
  login->reject();
  m_login.clear();  // deleted later; a new one is asked for at once
}

void Workstation::lock() {
  const std::optional<LoggedInUser> user = m_window->user();
  if (!user) return;
  m_idle.stop();
  m_lockedBy = toQString(user->name);
  closeLogin();
  m_window->showLocked(m_lockedBy);
  m_runner.logOut();  // the key pair and every data key the session opened go with it
  emit locked();
  askLogin(m_lockedBy);
}

void Workstation::logOut() {
  m_idle.stop();
  m_lockedBy.clear();
  closeLogin();
  m_window->showLocked(QString());
  m_runner.logOut();
  askLogin(QString());
}

}  // namespace vakspiegel::ui
