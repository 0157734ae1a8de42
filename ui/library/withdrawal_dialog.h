// Registering a citizen's withdrawal by code (R2), for the owner: type the
// code (its check character catches a typo as you type), see what will be
// erased (metadata only), confirm; the erasure runs and its certificate is
// named.
#pragma once

#include <QDialog>

#include "app/recording_service.h"

class QLabel;
class QLineEdit;
class QPushButton;

namespace vakspiegel::ui {

class LibraryController;

class WithdrawalDialog : public QDialog {
  Q_OBJECT

 public:
  WithdrawalDialog(LibraryController& controller, QWidget* parent = nullptr);

 private:
  void codeEdited();
  void lookUp();
  void showFound(const QString& code, const ConsentInfo& info);
  void showProblem(const QString& message);
  void erase();

  LibraryController& m_controller;
  QString m_foundCode;
  bool m_isErasing = false;
  QLineEdit* m_code;
  QLabel* m_check;
  QLabel* m_details;
  QPushButton* m_lookUp;
  QPushButton* m_erase;
};

}  // namespace vakspiegel::ui
