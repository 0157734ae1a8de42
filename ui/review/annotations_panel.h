// The annotations panel beside the picture: this recording's notes the user
// may read (AnnotationTableModel), filtered by layer, category and words. It
// follows playback (the current note highlighted and scrolled to, unless the
// user is working in the list: then it stays put); a click or Enter jumps
// there. Edit and Delete act on the selected note, only the author's own. A
// view: setters in, signals out.
#pragma once

#include <QWidget>

#include <vector>

#include "app/coding_scheme_service.h"

class QComboBox;
class QLabel;
class QLineEdit;
class QPushButton;
class QTableView;

namespace vakspiegel::ui {

class AnnotationFilterModel;
class AnnotationTableModel;

class AnnotationsPanel : public QWidget {
  Q_OBJECT

 public:
  AnnotationsPanel(AnnotationTableModel& model, QWidget* parent = nullptr);

  void setSchemes(const std::vector<CodingScheme>& schemes);
  // Whose notes Edit and Delete may act on (the author's own).
  void setAuthorName(const QString& name);
  // Selects the note `id` and shows it (for the timeline's clicks).
  void select(const QString& id);
  [[nodiscard]] QString selectedId() const;
  [[nodiscard]] QTableView* view() const { return m_view; }

 signals:
  void jumpRequested(const QString& id);
  void editRequested(const QString& id);
  void deleteRequested(const QString& id);

 protected:
  bool eventFilter(QObject* watched, QEvent* event) override;

 private:
  void followCurrent(const QString& id);
  void updateButtons();
  void updateCount();
  void updateDetail();

  AnnotationTableModel& m_model;
  AnnotationFilterModel* m_filter;
  QString m_authorName;
  QComboBox* m_layerBox;
  QComboBox* m_categoryBox;
  QLineEdit* m_search;
  QTableView* m_view;
  QLabel* m_countLabel;
  QLabel* m_detailLabel;
  QPushButton* m_editButton;
  QPushButton* m_deleteButton;
};

}  // namespace vakspiegel::ui
