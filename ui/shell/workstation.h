// The workstation's flow around its main window: who is logged in, and
// locking. Login (and unlocking) goes through the login dialog; locking (a
// key, or the administrator's period without input) and logging out drop the
// session with every data key and reader, stop playback and clear the
// window; unlocking asks the password again. A second start raises this
// one (common/single_instance.h, in main.cpp).
#pragma once

#include <QObject>
#include <QPointer>
#include <QStringList>

#include <chrono>

#include "common/idle_watcher.h"
#include "app/administration_service.h"
#include "common/use_case_runner.h"
#include "player/player_controller.h"

namespace vakspiegel::ui {

class LoginDialog;
class MainWindow;

class Workstation : public QObject {
  Q_OBJECT

 public:
  // `runner` must outlive the workstation.
  Workstation(UseCaseRunner& runner, PlayerController::AudioChoice audio, const QString& vaultDir,
              QObject* parent = nullptr);
  ~Workstation() override;

  // Shows the window and asks who is there.
  void start();
  // Demo vaults list their accounts at login.
  void setDemoAccounts(const QStringList& lines, const QString& password);
  void lock();
  void logOut();
  // Brings the window to the front (a second start asked).
  void raise();

  [[nodiscard]] MainWindow& window() { return *m_window; }
  [[nodiscard]] IdleWatcher& idleWatcher() { return m_idle; }
  [[nodiscard]] LoginDialog* loginDialog() const;

 signals:
  void loggedIn(const vakspiegel::ui::LoggedInUser& user);
  void locked();

 private:
  void askLogin(const QString& lockedBy);
  void closeLogin();
  void finishLogin(const LoggedInUser& user);
  void applyLockTimeout();
  void idleTimeout();

  UseCaseRunner& m_runner;
  std::unique_ptr<MainWindow> m_window;
  IdleWatcher m_idle;
  QPointer<LoginDialog> m_login;
  QString m_lockedBy;  // who may unlock; empty when nobody is logged in
  QStringList m_demoLines;
  QString m_demoPassword;
  bool m_isIdleLockWaiting = false;
};

}  // namespace vakspiegel::ui
