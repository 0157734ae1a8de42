// The owner shares a recording with a named coach, or takes a share back
// (step 4 of the learning loop: only when the klantmanager shares it). The
// coaches it is shared with are listed; a coach's account name shares it
// with one more. Allowed only when the citizen agreed to a review with a
// coach; the dialog says so otherwise, and what the vault refuses (not a
// coach, an administrator's password not yet replaced) is said in its words.
#pragma once

#include <QDialog>

#include "common/use_case_runner.h"

class QLabel;
class QLineEdit;
class QListWidget;
class QPushButton;

namespace vakspiegel::ui {

class ShareController;

class ShareDialog : public QDialog {
  Q_OBJECT

 public:
  // `title` names the recording ("7-12-2026 14:02 (2:18)"); `mayShare`: the
  // consent includes a review with a coach.
  ShareDialog(UseCaseRunner& runner, const QString& recordingId, const QString& title, bool mayShare,
              QWidget* parent = nullptr);

  [[nodiscard]] ShareController& controller() { return *m_controller; }

 signals:
  // The shares changed (the library shows them again).
  void sharesChanged();

 private:
  void share();
  void unshare();
  void updateButtons();

  ShareController* m_controller;
  QListWidget* m_coaches;
  QLineEdit* m_name;
  QPushButton* m_share;
  QPushButton* m_unshare;
  QLabel* m_message;
  bool m_isBusy = false;
};

}  // namespace vakspiegel::ui
