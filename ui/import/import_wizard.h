// Import with consent as a wizard (R1): file → what the citizen agreed to →
// how and when → retention → summary → the import on the worker with a
// progress bar, time left and Cancel (which keeps nothing) → the withdrawal
// code, large, and the citizen's receipt to print or save as PDF. A file
// that cannot be imported gets the media layer's Dutch message here and
// nothing is kept.
#pragma once

#include <QWizard>

#include <optional>

#include "app/import_service.h"
#include "common/use_case_runner.h"
#include "import/import_controller.h"
#include "import/import_pages.h"

namespace vakspiegel::ui {


class ImportWizard : public QWizard {
  Q_OBJECT

 public:
  enum PageId { File, Consent, How, Retention, Summary, Progress, Done };

  // `runner` must outlive the wizard; `file` may be empty (then the user
  // chooses one).
  ImportWizard(UseCaseRunner& runner, const QString& file, QWidget* parent = nullptr);
  ~ImportWizard() override;

  [[nodiscard]] const std::optional<ImportOutcome>& outcome() const { return m_outcome; }
  [[nodiscard]] ImportController& controller() { return m_controller; }
  [[nodiscard]] ImportRequest request() const;

  void reject() override;

 signals:
  void imported(const QString& recordingId);

 private:
  friend class ProgressPage;
  friend class DonePage;

  ImportDraft m_draft;
  ImportController m_controller;
  std::optional<ImportOutcome> m_outcome;
  bool m_isClosingAfterCancel = false;
};

}  // namespace vakspiegel::ui
