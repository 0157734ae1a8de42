// Writing a note while watching (stimulated recall): the moment or range it
// is on, the layer (own, or the citizen's on their behalf when the consent
// allows it; a coach writes in the coach layer), a category of the coding
// scheme and the text. Enter saves, Shift+Enter starts a new line, Escape
// cancels. The first key typed asks for a pause (typingStarted), so nothing
// is missed while writing. A view: setters in, signals out.
#pragma once

#include <QWidget>

#include <optional>
#include <vector>

#include "app/annotation_service.h"
#include "app/coding_scheme_service.h"

class QComboBox;
class QLabel;
class QPlainTextEdit;
class QPushButton;

namespace vakspiegel::ui {

class AnnotationEditor : public QWidget {
  Q_OBJECT

 public:
  explicit AnnotationEditor(QWidget* parent = nullptr);

  void setSchemes(const std::vector<CodingScheme>& schemes);
  // Which layers the author may write: the owner (own, and citizen when
  // `citizenAllowed`) or a coach (coach only).
  void setAuthor(bool isOwner, bool citizenAllowed);
  // Starts a new note at [startMs, endMs] (a point without endMs).
  void startNew(qint64 startMs, std::optional<qint64> endMs);
  // Starts editing `annotation` (its layer cannot change).
  void startEdit(const Annotation& annotation);
  [[nodiscard]] bool isEditing() const { return !m_editingId.isEmpty(); }
  [[nodiscard]] QString editingId() const { return m_editingId; }
  // The draft as filled in now.
  [[nodiscard]] AnnotationDraft draft() const;
  [[nodiscard]] QPlainTextEdit* textEdit() const { return m_text; }

 signals:
  void typingStarted();
  void saveRequested();
  void cancelRequested();

 protected:
  bool eventFilter(QObject* watched, QEvent* event) override;

 private:
  void updateMoment();

  QString m_editingId;
  qint64 m_startMs = 0;
  std::optional<qint64> m_endMs;
  bool m_hasTyped = false;
  QLabel* m_momentLabel;
  QLabel* m_layerLabel;
  QComboBox* m_layerBox;
  QComboBox* m_categoryBox;
  QPlainTextEdit* m_text;
  QPushButton* m_saveButton;
  QPushButton* m_cancelButton;
};

}  // namespace vakspiegel::ui
