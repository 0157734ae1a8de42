// The workstation's main window; see main_window.h.
#include "shell/main_window.h"

#include <QAction>
#include <QApplication>
#include <QCloseEvent>
#include <QLabel>
#include <QMenuBar>
#include <QMessageBox>
#include <QScreen>
#include <QPushButton>
#include <QStackedWidget>
#include <QStatusBar>
#include <QTableView>
#include <QTimer>

#include <algorithm>

#include "common/qt_conversions.h"
#include "import/import_controller.h"
#include "import/import_wizard.h"
#include "library/library_controller.h"
#include "library/library_page.h"
#include "library/recording_table_model.h"
#include "library/share_dialog.h"
#include "library/withdrawal_dialog.h"
#include "player/player_page.h"
#include "review/review_page.h"
#include "shell/lock_page.h"
#include "shell/role_home_page.h"

namespace vakspiegel::ui {

MainWindow::MainWindow(UseCaseRunner& runner, PlayerController::AudioChoice audio, const QString& vaultDir,
                       QWidget* parent)
    : QMainWindow(parent), m_runner(runner), m_vaultDir(vaultDir) {
  setObjectName(QStringLiteral("mainWindow"));
  setWindowTitle(QStringLiteral("Vakspiegel"));
  m_model = new RecordingTableModel(this);
  m_libraryController = new LibraryController(runner, *m_model, this);
  m_stack = new QStackedWidget(this);
  m_review = new ReviewPage(runner, audio, m_stack);
  m_lockPage = new LockPage(m_stack);
  m_stack->addWidget(m_lockPage);
  m_stack->addWidget(m_review);
  setCentralWidget(m_stack);

  connect(m_review, &ReviewPage::backRequested, this, [this] {
    m_review->closeRecording();
    showHome();
  });
  connect(m_review, &ReviewPage::fullscreenRequested, this, [this](bool isFullscreen) {
    menuBar()->setVisible(!isFullscreen);
    statusBar()->setVisible(!isFullscreen);
    if (isFullscreen) {
      m_wasMaximized = isMaximized();
      showFullScreen();
    } else if (m_wasMaximized) {
      showMaximized();
    } else {
      showNormal();
    }
  });
  connect(m_review, &ReviewPage::recordingGone, this, [this](const QString& message) {
    showHome();
    if (m_library) m_library->showNotice(message, true);
    m_libraryController->refresh();
  });
  connect(m_lockPage, &LockPage::unlockRequested, this, &MainWindow::unlockRequested);
  connect(m_lockPage, &LockPage::logoutRequested, this, &MainWindow::logoutRequested);

  connect(m_libraryController, &LibraryController::loading, this, [this] {
    if (m_library) m_library->setLoading(true);
  });
  connect(m_libraryController, &LibraryController::refreshed, this, [this](int) {
    if (m_library) m_library->setLoading(false);
  });
  connect(m_libraryController, &LibraryController::problem, this, [this](const QString& message) {
    if (m_library) m_library->showNotice(message, true);
  });
  connect(m_libraryController, &LibraryController::erased, this, [this](const QString& message) {
    if (m_library) m_library->showNotice(message);
  });

  m_userLabel = new QLabel(this);
  m_userLabel->setObjectName(QStringLiteral("userLabel"));
  statusBar()->addWidget(m_userLabel);
  m_sweepLabel = new QLabel(this);
  m_sweepLabel->setObjectName(QStringLiteral("sweepLabel"));
  statusBar()->addPermanentWidget(m_sweepLabel);
  buildMenus();
  showLocked(QString());

  const QRect available = screen()->availableGeometry();
  resize(std::min(1400, available.width()), std::min(880, available.height()));
}

MainWindow::~MainWindow() = default;

void MainWindow::buildMenus() {
  QMenu* file = menuBar()->addMenu(tr("&Workstation"));
  m_importAction = file->addAction(tr("&Import a recording…"), this, [this] { startImport(QString()); });
  m_importAction->setObjectName(QStringLiteral("importAction"));
  m_importAction->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_I));
  m_withdrawAction = file->addAction(tr("Register a citizen's &withdrawal…"), this, &MainWindow::askWithdrawal);
  file->addSeparator();
  m_lockAction = file->addAction(tr("&Lock"), this, &MainWindow::lockRequested);
  m_lockAction->setObjectName(QStringLiteral("lockAction"));
  m_lockAction->setShortcuts({QKeySequence(Qt::CTRL | Qt::Key_L), QKeySequence(Qt::META | Qt::Key_L)});
  m_logoutAction = file->addAction(tr("Log &out"), this, &MainWindow::logoutRequested);
  m_logoutAction->setObjectName(QStringLiteral("logoutAction"));
  file->addSeparator();
  QAction* quit = file->addAction(tr("&Quit"), this, &QWidget::close);
  quit->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_Q));
  // Shortcuts work also while the menu bar is hidden in a full-screen player.
  addActions({m_importAction, m_lockAction, quit});
}

PlayerPage& MainWindow::player() {
  return m_review->player();
}

void MainWindow::showUser(const LoggedInUser& user) {
  m_user = user;
  m_review->setUser(user);
  setWindowTitle(tr("Vakspiegel – %1").arg(toQString(user.name)));
  m_userLabel->setText(
      tr("Logged in as %1 (%2)").arg(toQString(user.name), toQString(roleDisplayName(user.role))));
  if (m_home) {
    m_stack->removeWidget(m_home);
    m_home->deleteLater();
  }
  m_library = nullptr;
  const bool watches = user.role == Role::Klantmanager || user.role == Role::Coach;
  if (watches) {
    m_library = new LibraryPage(*m_model, user.role, m_stack);
    m_home = m_library;
    connect(m_library, &LibraryPage::openRequested, this, &MainWindow::openRecording);
    connect(m_library, &LibraryPage::importRequested, this, &MainWindow::startImport);
    connect(m_library, &LibraryPage::deleteRequested, this, &MainWindow::confirmDelete);
    connect(m_library, &LibraryPage::shareRequested, this, &MainWindow::askShare);
    connect(m_library, &LibraryPage::withdrawalRequested, this, &MainWindow::askWithdrawal);
    m_libraryController->refresh();
  } else {
    m_home = new RoleHomePage(user.role, m_vaultDir, m_stack);
  }
  m_stack->addWidget(m_home);
  const bool owns = user.role == Role::Klantmanager;
  m_importAction->setEnabled(owns);
  m_importAction->setVisible(owns);
  m_withdrawAction->setVisible(owns);
  m_lockAction->setEnabled(true);
  m_logoutAction->setEnabled(true);
  showHome();
}

void MainWindow::showHome() {
  if (!m_home) return;
  m_stack->setCurrentWidget(m_home);
  if (m_library) m_library->clearNotice();
  // Once the event that led here is done: a login dialog that closes gives
  // the focus back to what had it before, which is gone by then.
  QTimer::singleShot(0, this, [this] {
    if (!m_home || m_stack->currentWidget() != m_home) return;
    if (m_library != nullptr)
      m_library->focusList();
    else
      m_home->setFocus(Qt::OtherFocusReason);
  });
}

void MainWindow::showLocked(const QString& userName) {
  closeDialogs();
  m_review->closeRecording();
  m_model->clear();
  if (m_home) {
    m_stack->removeWidget(m_home);
    delete m_home;
    m_home = nullptr;
    m_library = nullptr;
  }
  if (userName.isEmpty()) m_user.reset();
  m_lockPage->setLockedBy(userName);
  m_stack->setCurrentWidget(m_lockPage);
  m_lockPage->primaryButton()->setFocus();
  setWindowTitle(userName.isEmpty() ? QStringLiteral("Vakspiegel") : tr("Vakspiegel – locked"));
  m_userLabel->setText(userName.isEmpty() ? tr("Nobody is logged in.") : tr("Locked by %1").arg(userName));
  m_importAction->setEnabled(false);
  m_lockAction->setEnabled(false);
  m_logoutAction->setEnabled(!userName.isEmpty());
}

void MainWindow::closeDialogs() {
  // A wizard whose import runs is cancelled: nothing of it is kept.
  for (QDialog* dialog : findChildren<QDialog*>())
    if (dialog->isVisible()) dialog->reject();
}

ImportWizard* MainWindow::importWizard() const {
  return m_wizard.data();
}

bool MainWindow::isImporting() const {
  ImportWizard* wizard = m_wizard.data();
  return wizard != nullptr && wizard->controller().isRunning();
}

void MainWindow::setSweepStatus(const QString& text) {
  m_sweepLabel->setText(text);
}

void MainWindow::checkOpenRecording() {
  m_review->checkStillWatchable();
  if (m_library && m_stack->currentWidget() == m_library) m_libraryController->refresh();
}

void MainWindow::openRecording(const QString& recordingId) {
  const RecordingInfo* info = m_model->recording(recordingId);
  if (!info) return;
  const bool citizenReview = std::find(info->consent.scopes.begin(), info->consent.scopes.end(),
                                       consent::Scope::CitizenReview) != info->consent.scopes.end();
  m_review->openRecording(recordingId, RecordingTableModel::describe(*info), info->isOwn, citizenReview);
  m_stack->setCurrentWidget(m_review);
  m_review->focusTarget()->setFocus();
}

void MainWindow::startImport(const QString& file) {
  if (!m_user || m_user->role != Role::Klantmanager || m_wizard) return;
  auto* wizard = new ImportWizard(m_runner, file, this);
  m_wizard = wizard;
  wizard->setAttribute(Qt::WA_DeleteOnClose);
  connect(wizard, &ImportWizard::imported, this, [this](const QString& recordingId) {
    m_libraryController->refresh();
    connect(
        m_libraryController, &LibraryController::refreshed, this,
        [this, recordingId](int) {
          if (m_library) m_library->selectRecording(recordingId);
        },
        Qt::SingleShotConnection);
  });
  wizard->open();
}

void MainWindow::confirmDelete(const QString& recordingId) {
  const RecordingInfo* info = m_model->recording(recordingId);
  if (!info || !info->isOwn) return;
  QMessageBox box(QMessageBox::Warning, tr("Delete the recording"),
                  tr("Erase the recording of %1 for good?").arg(RecordingTableModel::describe(*info)),
                  QMessageBox::NoButton, this);
  box.setInformativeText(
      tr("The recording, every annotation on it and everything derived from it (pictures, sound curve) are erased, "
         "also for the coaches it is shared with. This cannot be undone. You get a deletion certificate."));
  QPushButton* erase = box.addButton(tr("&Erase for good"), QMessageBox::DestructiveRole);
  box.setDefaultButton(box.addButton(tr("&Keep it"), QMessageBox::RejectRole));
  box.setObjectName(QStringLiteral("deleteConfirmation"));
  box.exec();
  if (box.clickedButton() != static_cast<QAbstractButton*>(erase)) return;
  if (m_review->recordingId() == recordingId) m_review->closeRecording();
  m_libraryController->deleteRecording(recordingId);
}

void MainWindow::askShare(const QString& recordingId) {
  const RecordingInfo* info = m_model->recording(recordingId);
  if (!info || !info->isOwn) return;
  const bool mayShare = std::find(info->consent.scopes.begin(), info->consent.scopes.end(),
                                  consent::Scope::CoachReview) != info->consent.scopes.end();
  auto* dialog = new ShareDialog(m_runner, recordingId, RecordingTableModel::describe(*info), mayShare, this);
  dialog->setAttribute(Qt::WA_DeleteOnClose);
  connect(dialog, &ShareDialog::sharesChanged, m_libraryController, &LibraryController::refresh);
  dialog->open();
}

void MainWindow::askWithdrawal() {
  if (!m_user || m_user->role != Role::Klantmanager) return;
  auto* dialog = new WithdrawalDialog(*m_libraryController, this);
  dialog->setAttribute(Qt::WA_DeleteOnClose);
  dialog->open();
}

void MainWindow::closeEvent(QCloseEvent* event) {
  if (isImporting()) {
    const auto answer = QMessageBox::question(
        this, tr("An import is running"),
        tr("A recording is being imported. If you quit now, the import stops and nothing of it is kept. Quit?"));
    if (answer != QMessageBox::Yes) {
      event->ignore();
      return;
    }
  }
  closeDialogs();
  m_review->closeRecording();
  event->accept();
}

}  // namespace vakspiegel::ui
