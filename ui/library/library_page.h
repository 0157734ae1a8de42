// The library screen (view): the recordings a user may watch as a sortable,
// searchable table (RecordingTableModel behind a sort/filter proxy), the
// owner's actions (import, share with a coach, delete, a citizen's
// withdrawal by code), and an
// empty state that says what to do next. It takes state through setters and
// sends intent through signals; LibraryController does the work. A file
// dropped on it is an import.
#pragma once

#include <QWidget>

#include "app/account_service.h"

class QLabel;
class QLineEdit;
class QPushButton;
class QSortFilterProxyModel;
class QTableView;

namespace vakspiegel::ui {

class RecordingTableModel;

class LibraryPage : public QWidget {
  Q_OBJECT

 public:
  // The page shows `model` (which it does not own).
  LibraryPage(RecordingTableModel& model, Role role, QWidget* parent = nullptr);

  // While the list is being fetched.
  void setLoading(bool isLoading);
  // A line above the table (what just happened), or a problem.
  void showNotice(const QString& text, bool isProblem = false);
  void clearNotice();
  // The recording id of the row chosen, empty when none.
  [[nodiscard]] QString currentRecordingId() const;
  void selectRecording(const QString& recordingId);
  [[nodiscard]] QTableView* table() const { return m_table; }
  // Puts the keyboard on the list, or, while it is still being fetched, on
  // the list as soon as it is shown.
  void focusList();

 signals:
  void openRequested(const QString& recordingId);
  void importRequested(const QString& filePath);  // empty: ask for a file
  void deleteRequested(const QString& recordingId);
  void shareRequested(const QString& recordingId);
  void withdrawalRequested();

 protected:
  void dragEnterEvent(QDragEnterEvent* event) override;
  void dropEvent(QDropEvent* event) override;
  void showEvent(QShowEvent* event) override;

 private:
  void updateState();
  void openCurrent();

  RecordingTableModel& m_model;
  Role m_role;
  bool m_isLoading = false;
  bool m_isListFocusWaiting = false;  // focusList() asked while the list was not shown yet
  QSortFilterProxyModel* m_proxy;
  QLabel* m_title;
  QLineEdit* m_search;
  QTableView* m_table;
  QLabel* m_notice;
  QLabel* m_empty;
  QPushButton* m_openButton;
  QPushButton* m_importButton;
  QPushButton* m_deleteButton;
  QPushButton* m_shareButton;
  QPushButton* m_withdrawButton;
};

}  // namespace vakspiegel::ui
