// The keyboard's two dialogs on the review screen: the help that lists every
// binding in force (?, F1), and the settings page that remaps a binding or
// turns it off (WCAG 2.1.4), warns of a key already in use and restores the
// defaults. Saved by the caller (ReviewPage keeps the map in QSettings).
#pragma once

#include <QDialog>

#include <vector>

#include "review/key_map.h"

class QKeySequenceEdit;
class QLabel;
class QPushButton;
class QTableWidget;

namespace vakspiegel::ui {

class KeyHelpDialog : public QDialog {
  Q_OBJECT

 public:
  KeyHelpDialog(const KeyMap& map, QWidget* parent = nullptr);
  [[nodiscard]] QTableWidget* table() const { return m_table; }

 signals:
  void remapRequested();

 private:
  QTableWidget* m_table;
};

class KeySettingsDialog : public QDialog {
  Q_OBJECT

 public:
  KeySettingsDialog(const KeyMap& map, QWidget* parent = nullptr);
  // The map as the user left it (valid after accept()).
  [[nodiscard]] const KeyMap& map() const { return m_map; }
  [[nodiscard]] QKeySequenceEdit* editFor(ReviewAction action) const;

 private:
  void showConflict(ReviewAction action, const QKeySequence& key);

  KeyMap m_map;
  std::vector<QKeySequenceEdit*> m_edits;  // by binding index
  QLabel* m_conflictLabel;
  QPushButton* m_okButton = nullptr;
};

}  // namespace vakspiegel::ui
