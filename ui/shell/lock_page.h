// What the window shows when nobody is logged in, or while it is locked:
// nothing of anyone's work, only who may unlock it, and the ways on.
#pragma once

#include <QWidget>

class QLabel;
class QPushButton;

namespace vakspiegel::ui {

class LockPage : public QWidget {
  Q_OBJECT

 public:
  explicit LockPage(QWidget* parent = nullptr);

  // Locked by `userName`, or (empty) nobody logged in.
  void setLockedBy(const QString& userName);
  [[nodiscard]] QPushButton* primaryButton() const { return m_unlock; }
  // While the login (or unlock) dialog is open over the page, the page shows
  // only its title: the dialog says the rest, and nothing shows through it.
  void setDialogOpen(bool isOpen);

 signals:
  void unlockRequested();  // also "log in" when nobody is
  void logoutRequested();

 private:
  QLabel* m_title;
  QLabel* m_text;
  QPushButton* m_unlock;
  QPushButton* m_logout;
  bool m_isLocked = false;
};

}  // namespace vakspiegel::ui
