// The review screen's use cases and undo history; see review_controller.h.
#include "review/review_controller.h"

#include <QUndoCommand>

#include "common/qt_conversions.h"
#include "core/ids.h"
#include "review/annotation_table_model.h"

namespace vakspiegel::ui {

namespace {

class AddCommand : public QUndoCommand {
 public:
  AddCommand(ReviewController& controller, AnnotationDraft draft)
      : QUndoCommand(ReviewController::tr("new note")), m_controller(controller), m_draft(std::move(draft)) {}
  void redo() override { m_controller.runAdd(m_draft); }
  void undo() override { m_controller.runRemove(QString::fromStdString(m_draft.id)); }

 private:
  ReviewController& m_controller;
  AnnotationDraft m_draft;
};

class EditCommand : public QUndoCommand {
 public:
  EditCommand(ReviewController& controller, QString id, AnnotationDraft before, AnnotationDraft after)
      : QUndoCommand(ReviewController::tr("change to a note")),
        m_controller(controller),
        m_id(std::move(id)),
        m_before(std::move(before)),
        m_after(std::move(after)) {}
  void redo() override { m_controller.runEdit(m_id, m_after); }
  void undo() override { m_controller.runEdit(m_id, m_before); }

 private:
  ReviewController& m_controller;
  QString m_id;
  AnnotationDraft m_before, m_after;
};

class RemoveCommand : public QUndoCommand {
 public:
  RemoveCommand(ReviewController& controller, AnnotationDraft removed)
      : QUndoCommand(ReviewController::tr("deleted note")), m_controller(controller), m_removed(std::move(removed)) {}
  void redo() override { m_controller.runRemove(QString::fromStdString(m_removed.id)); }
  void undo() override { m_controller.runAdd(m_removed); }

 private:
  ReviewController& m_controller;
  AnnotationDraft m_removed;
};

struct Loaded {
  std::vector<Annotation> annotations;
  std::vector<CodingScheme> schemes;
  std::vector<RecallPrompt> prompts;
};

}  // namespace

ReviewController::ReviewController(UseCaseRunner& runner, AnnotationTableModel& model, QObject* parent)
    : QObject(parent), m_runner(runner), m_model(model) {}

AnnotationDraft ReviewController::draftOf(const Annotation& a) {
  AnnotationDraft draft;
  draft.id = a.id;
  draft.positionUs = a.positionUs;
  draft.endUs = a.endUs;
  draft.layer = a.layer;
  draft.categoryId = a.categoryId;
  draft.promptId = a.promptId;
  draft.text = a.text;
  return draft;
}

void ReviewController::load(const QString& recordingId) {
  clear();
  m_recordingId = recordingId;
  m_runner.run(
      this,
      [id = recordingId.toStdString()](UseCaseRunner::Context& context) -> Result<Loaded> {
        const Session* session = VS_TRY(context.who());
        CodingSchemeService schemes(context.vault);
        Loaded loaded;
        loaded.schemes = VS_TRY(schemes.listSchemes(*session));
        loaded.prompts = VS_TRY(schemes.listPrompts(*session));
        loaded.annotations = VS_TRY(AnnotationService(context.vault).listAnnotations(*session, id));
        return loaded;
      },
      [this, recordingId](Result<Loaded> result) {
        if (recordingId != m_recordingId) return;
        if (!result) {
          emit problem(toQString(result.error().message));
          return;
        }
        m_schemes = std::move(result->schemes);
        m_prompts = std::move(result->prompts);
        m_model.setAnnotations(std::move(result->annotations));
        emit loaded();
      });
}

void ReviewController::clear() {
  m_recordingId.clear();
  m_undo.clear();
  m_model.clear();
}

void ReviewController::add(AnnotationDraft draft) {
  if (draft.id.empty()) draft.id = newUuid();
  m_undo.push(new AddCommand(*this, std::move(draft)));
}

void ReviewController::edit(const QString& id, AnnotationDraft draft) {
  const Annotation* current = m_model.find(id);
  if (!current) return;
  AnnotationDraft before = draftOf(*current);
  draft.id = id.toStdString();
  draft.layer = current->layer;
  draft.promptId = current->promptId;
  m_undo.push(new EditCommand(*this, id, std::move(before), std::move(draft)));
}

void ReviewController::remove(const QString& id) {
  const Annotation* current = m_model.find(id);
  if (!current) return;
  m_undo.push(new RemoveCommand(*this, draftOf(*current)));
}

void ReviewController::runAdd(const AnnotationDraft& draft) {
  m_runner.run(
      this,
      [id = m_recordingId.toStdString(), draft](UseCaseRunner::Context& context) -> Result<Annotation> {
        const Session* session = VS_TRY(context.who());
        return AnnotationService(context.vault).addAnnotation(*session, id, draft);
      },
      [this, recordingId = m_recordingId](const Result<Annotation>& added) {
        if (recordingId != m_recordingId) return;
        if (!added) return failed(added.error());
        m_model.upsert(*added);
        emit saved(QString::fromStdString(added->id));
      });
}

void ReviewController::runEdit(const QString& annotationId, const AnnotationDraft& draft) {
  m_runner.run(
      this,
      [id = m_recordingId.toStdString(), annotationId = annotationId.toStdString(),
       draft](UseCaseRunner::Context& context) -> Result<Annotation> {
        const Session* session = VS_TRY(context.who());
        return AnnotationService(context.vault).editAnnotation(*session, id, annotationId, draft);
      },
      [this, recordingId = m_recordingId](const Result<Annotation>& edited) {
        if (recordingId != m_recordingId) return;
        if (!edited) return failed(edited.error());
        m_model.upsert(*edited);
        emit saved(QString::fromStdString(edited->id));
      });
}

void ReviewController::runRemove(const QString& annotationId) {
  m_runner.run(
      this,
      [id = m_recordingId.toStdString(), annotationId = annotationId.toStdString()](
          UseCaseRunner::Context& context) -> Status {
        const Session* session = VS_TRY(context.who());
        return AnnotationService(context.vault).deleteAnnotation(*session, id, annotationId);
      },
      [this, recordingId = m_recordingId, annotationId](const Status& removed) {
        if (recordingId != m_recordingId) return;
        if (!removed) return failed(removed.error());
        m_model.remove(annotationId);
      });
}

void ReviewController::failed(const Error& error) {
  emit problem(toQString(error.message));
  const QString recordingId = m_recordingId;
  load(recordingId);  // the list as the vault has it; the history no longer applies
}

}  // namespace vakspiegel::ui
