// The import's worker side; see import_controller.h.
#include "import/import_controller.h"

#include <QMetaObject>
#include <QPointer>

#include "app/administration_service.h"

namespace vakspiegel::ui {

ImportController::ImportController(UseCaseRunner& runner, QObject* parent) : QObject(parent), m_runner(runner) {}

ImportController::~ImportController() {
  if (m_cancel) m_cancel->store(true);
}

void ImportController::fetchRetentionPolicy() {
  m_runner.run(
      this,
      [](UseCaseRunner::Context& context) { return AdministrationService(context.vault).retentionPolicy(); },
      [this](const Result<consent::RetentionPolicy>& policy) {
        emit retentionPolicyFetched(policy ? *policy : consent::RetentionPolicy());
      });
}

void ImportController::start(ImportRequest request) {
  if (m_isRunning) return;
  m_isRunning = true;
  m_outcome.reset();
  m_cancel = std::make_shared<std::atomic<bool>>(false);
  QPointer<ImportController> self(this);
  m_runner.run(
      this,
      [request = std::move(request), cancel = m_cancel, self, runner = &m_runner](UseCaseRunner::Context& context) {
        // Handed over through the runner, which outlives the import; the
        // controller may be gone by the time it arrives (QPointer, checked
        // on the GUI thread).
        const auto progress = [cancel, self, runner](const media::ImportProgress& p) {
          const double left = p.secondsLeft.value_or(-1);
          QMetaObject::invokeMethod(
              runner,
              [self, fraction = p.fraction, left] {
                if (self) emit self->progressed(fraction, left);
              },
              Qt::QueuedConnection);
          return !cancel->load();
        };
        Result<ImportOutcome> outcome = [&]() -> Result<ImportOutcome> {
          const Session* session = VS_TRY(context.who());
          return ImportService(context.vault).importRecording(*session, request, progress);
        }();
        return outcome;
      },
      [this](Result<ImportOutcome> outcome) {
        m_isRunning = false;
        m_cancel.reset();
        m_outcome = std::move(outcome);
        emit finished();
      });
}

void ImportController::cancel() {
  if (m_cancel) m_cancel->store(true);
}

}  // namespace vakspiegel::ui
