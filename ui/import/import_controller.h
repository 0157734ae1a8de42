// Runs an import with consent (ImportService) on the use-case worker for
// the wizard: progress comes back to the GUI thread a few times a second,
// Cancel stops it (and the service keeps nothing), and the outcome or the
// media layer's Dutch message arrives at the end. Also fetches the vault's
// retention bounds the wizard offers.
#pragma once

#include <QObject>

#include <atomic>
#include <memory>
#include <optional>

#include "app/import_service.h"
#include "common/use_case_runner.h"
#include "consent/retention_policy.h"

namespace vakspiegel::ui {

class ImportController : public QObject {
  Q_OBJECT

 public:
  explicit ImportController(UseCaseRunner& runner, QObject* parent = nullptr);
  ~ImportController() override;  // cancels an import still running

  void fetchRetentionPolicy();
  void start(ImportRequest request);
  // Stops the running import; finished() then reports Cancelled.
  void cancel();
  [[nodiscard]] bool isRunning() const { return m_isRunning; }
  // The last import's outcome; empty before one ended.
  [[nodiscard]] const std::optional<Result<ImportOutcome>>& outcome() const { return m_outcome; }

 signals:
  void retentionPolicyFetched(const vakspiegel::consent::RetentionPolicy& policy);
  // fraction 0..1; secondsLeft < 0 while there is no estimate yet.
  void progressed(double fraction, double secondsLeft);
  // The import ended: outcome() holds what it made, or the error.
  void finished();

 private:
  UseCaseRunner& m_runner;
  std::shared_ptr<std::atomic<bool>> m_cancel;
  bool m_isRunning = false;
  std::optional<Result<ImportOutcome>> m_outcome;
};

}  // namespace vakspiegel::ui
