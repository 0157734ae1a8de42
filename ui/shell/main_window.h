// The workstation's one main window: the role's home (a klantmanager's own
// library, a coach's "shared with me", or the page a privacy officer or an
// administrator works from until their consoles land), the player, and the
// lock page. It puts the screens together and routes their intents (open,
// import, share, delete, withdraw); the screens' controllers do the work on the
// use-case worker. Lock and log out clear everything of the user from it.
#pragma once

#include <QMainWindow>
#include <QPointer>

#include <optional>

#include "common/use_case_runner.h"
#include "player/player_controller.h"

class QAction;
class QLabel;
class QStackedWidget;

namespace vakspiegel::ui {

class ImportWizard;
class LibraryController;
class LibraryPage;
class LockPage;
class PlayerPage;
class ReviewPage;
class RecordingTableModel;

class MainWindow : public QMainWindow {
  Q_OBJECT

 public:
  // `runner` must outlive the window.
  MainWindow(UseCaseRunner& runner, PlayerController::AudioChoice audio, const QString& vaultDir,
             QWidget* parent = nullptr);
  ~MainWindow() override;
  MainWindow(const MainWindow&) = delete;
  MainWindow& operator=(const MainWindow&) = delete;

  // Builds `user`'s home and shows it.
  void showUser(const LoggedInUser& user);
  // Drops everything of the user (the player, the list, its pictures, open
  // dialogs) and shows the lock page: locked by `userName`, or (empty) for
  // whoever logs in next.
  void showLocked(const QString& userName);
  void setSweepStatus(const QString& text);
  // After a sweep: a recording that is open is checked at once.
  void checkOpenRecording();
  // Whether an import is running (an idle lock waits for it: the wizard
  // shows no content, and a lock would cancel an hour's import).
  [[nodiscard]] bool isImporting() const;

  [[nodiscard]] const std::optional<LoggedInUser>& user() const { return m_user; }
  [[nodiscard]] PlayerPage& player();
  [[nodiscard]] ReviewPage& review() { return *m_review; }
  [[nodiscard]] LibraryPage* library() { return m_library; }
  [[nodiscard]] LockPage& lockPage() { return *m_lockPage; }
  [[nodiscard]] RecordingTableModel& recordings() { return *m_model; }
  [[nodiscard]] LibraryController& libraryController() { return *m_libraryController; }
  [[nodiscard]] ImportWizard* importWizard() const;

  // The intents, also for tests and the keyboard.
  void openRecording(const QString& recordingId);
  void startImport(const QString& file);
  void confirmDelete(const QString& recordingId);
  void askShare(const QString& recordingId);
  void askWithdrawal();

 signals:
  void lockRequested();
  void logoutRequested();
  void unlockRequested();

 protected:
  void closeEvent(QCloseEvent* event) override;

 private:
  void buildMenus();
  void showHome();
  void closeDialogs();

  UseCaseRunner& m_runner;
  QString m_vaultDir;
  std::optional<LoggedInUser> m_user;
  RecordingTableModel* m_model;
  LibraryController* m_libraryController;
  QStackedWidget* m_stack;
  QWidget* m_home = nullptr;
  LibraryPage* m_library = nullptr;
  ReviewPage* m_review;
  bool m_wasMaximized = false;
  LockPage* m_lockPage;
  QPointer<ImportWizard> m_wizard;
  QAction* m_importAction = nullptr;
  QAction* m_withdrawAction = nullptr;
  QAction* m_lockAction = nullptr;
  QAction* m_logoutAction = nullptr;
  QLabel* m_userLabel;
  QLabel* m_sweepLabel;
};

}  // namespace vakspiegel::ui
