// The review screen's work with the vault, off the GUI thread: loading the
// open recording's annotations, coding schemes and recall prompts, and every
// change to an annotation (add, edit, delete), each saved at once (a crash
// loses at most the text being typed) and undoable per recording through a
// QUndoStack. A change that fails (the recording withdrawn meanwhile, the
// vault busy) shows its message, reloads the list and clears the undo history
// so it never disagrees with the vault.
#pragma once

#include <QObject>
#include <QString>
#include <QUndoStack>

#include <vector>

#include "app/annotation_service.h"
#include "app/coding_scheme_service.h"
#include "common/use_case_runner.h"

namespace vakspiegel::ui {

class AnnotationTableModel;

class ReviewController : public QObject {
  Q_OBJECT

 public:
  ReviewController(UseCaseRunner& runner, AnnotationTableModel& model, QObject* parent = nullptr);

  // Loads what the screen needs for `recordingId`; loaded() follows.
  void load(const QString& recordingId);
  // Drops the annotations and the undo history.
  void clear();

  // Undoable changes, saved at once.
  void add(AnnotationDraft draft);
  void edit(const QString& id, AnnotationDraft draft);
  void remove(const QString& id);

  [[nodiscard]] QUndoStack& undoStack() { return m_undo; }
  [[nodiscard]] const std::vector<CodingScheme>& schemes() const { return m_schemes; }
  [[nodiscard]] const std::vector<RecallPrompt>& prompts() const { return m_prompts; }
  [[nodiscard]] QString recordingId() const { return m_recordingId; }
  // The draft that recreates `annotation` (its id, moment, layer, category,
  // prompt link and text).
  [[nodiscard]] static AnnotationDraft draftOf(const Annotation& annotation);

  // For the undo commands: run the change now (not pushed on the stack).
  void runAdd(const AnnotationDraft& draft);
  void runEdit(const QString& id, const AnnotationDraft& draft);
  void runRemove(const QString& id);

 signals:
  void loaded();
  // An annotation was saved (added or changed); its id.
  void saved(const QString& id);
  void problem(const QString& message);

 private:
  void failed(const Error& error);

  UseCaseRunner& m_runner;
  AnnotationTableModel& m_model;
  QUndoStack m_undo;
  QString m_recordingId;
  std::vector<CodingScheme> m_schemes;
  std::vector<RecallPrompt> m_prompts;
};

}  // namespace vakspiegel::ui
