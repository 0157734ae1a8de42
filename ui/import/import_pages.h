// The import wizard's input pages, in the order a klantmanager meets them:
// the file, the consent's scopes in plain words, how and when consent was
// given, the retention, and the summary to confirm. Each writes what it
// asks into the shared ImportDraft.
#pragma once

#include <QDateTime>
#include <QString>
#include <QWizardPage>

#include <vector>

#include "consent/consent_record.h"
#include "consent/retention_policy.h"

class QButtonGroup;
class QCheckBox;
class QDateTimeEdit;
class QLabel;
class QLineEdit;
class QSpinBox;

namespace vakspiegel::ui {

// What the wizard has gathered so far.
struct ImportDraft {
  QString file;
  std::vector<consent::Scope> scopes{consent::Scope::SelfReview};
  std::optional<consent::Method> method;
  QDateTime recordedAt;
  int retentionWeeks = 0;
  consent::RetentionPolicy policy;
};

class FilePage : public QWizardPage {
  Q_OBJECT
 public:
  FilePage(ImportDraft& draft, QWidget* parent = nullptr);
  bool isComplete() const override;
  bool validatePage() override;
  void setFile(const QString& path);

 private:
  ImportDraft& m_draft;
  QLineEdit* m_path;
  QLabel* m_problem;
};

class ConsentPage : public QWizardPage {
  Q_OBJECT
 public:
  ConsentPage(ImportDraft& draft, QWidget* parent = nullptr);
  bool validatePage() override;

 private:
  ImportDraft& m_draft;
  std::vector<std::pair<consent::Scope, QCheckBox*>> m_boxes;
};

class HowPage : public QWizardPage {
  Q_OBJECT
 public:
  HowPage(ImportDraft& draft, QWidget* parent = nullptr);
  void initializePage() override;
  bool isComplete() const override;
  bool validatePage() override;

 private:
  ImportDraft& m_draft;
  QButtonGroup* m_methods;
  QDateTimeEdit* m_recordedAt;
};

class RetentionPage : public QWizardPage {
  Q_OBJECT
 public:
  RetentionPage(ImportDraft& draft, QWidget* parent = nullptr);
  void initializePage() override;
  bool validatePage() override;

 private:
  void updateEnd();
  ImportDraft& m_draft;
  QSpinBox* m_weeks;
  QLabel* m_bounds;
  QLabel* m_end;
};

class SummaryPage : public QWizardPage {
  Q_OBJECT
 public:
  SummaryPage(ImportDraft& draft, QWidget* parent = nullptr);
  void initializePage() override;

 private:
  ImportDraft& m_draft;
  QLabel* m_summary;
};

// The erase date a draft leads to, for the pages that show it.
[[nodiscard]] QDateTime retentionEndOf(const ImportDraft& draft);

}  // namespace vakspiegel::ui
