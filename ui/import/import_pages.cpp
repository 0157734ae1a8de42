// The import wizard's input pages; see import_pages.h.
#include "import/import_pages.h"

#include <QButtonGroup>
#include <QCheckBox>
#include <QDateTimeEdit>
#include <QFileDialog>
#include <QFileInfo>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QPushButton>
#include <QRadioButton>
#include <QSignalBlocker>
#include <QSpinBox>
#include <QVBoxLayout>

#include <algorithm>

#include "common/qt_conversions.h"
#include "common/style.h"
#include "media/import.h"

namespace vakspiegel::ui {

namespace {

QLabel* wrapped(const QString& text, QWidget* parent) {
  auto* label = new QLabel(text, parent);
  label->setWordWrap(true);
  return label;
}

QString scopeExplanation(consent::Scope scope) {
  switch (scope) {
    case consent::Scope::SelfReview: return ConsentPage::tr("You watch it back yourself. Part of every yes.");
    case consent::Scope::CoachReview: return ConsentPage::tr("You may share it with a coach, who watches and comments.");
    case consent::Scope::CitizenReview: return ConsentPage::tr("You watch fragments together with the citizen.");
    case consent::Scope::Intervision: return ConsentPage::tr("Fragments may be shown to colleagues in intervision.");
  }
  return {};
}

}  // namespace

QDateTime retentionEndOf(const ImportDraft& draft) {
  const QDateTime from = draft.recordedAt.isValid() ? draft.recordedAt : QDateTime::currentDateTime();
  return from.addDays(7LL * draft.retentionWeeks);
}

// ---- the file

FilePage::FilePage(ImportDraft& draft, QWidget* parent) : QWizardPage(parent), m_draft(draft) {
  setObjectName(QStringLiteral("filePage"));
  setTitle(tr("Which recording?"));
  setSubTitle(tr("Choose the file from the camera, phone or screen recorder. It is encrypted into the vault as it is "
                 "read; nothing unencrypted is written."));
  m_path = new QLineEdit(this);
  m_path->setObjectName(QStringLiteral("importFile"));
  m_path->setAccessibleName(tr("Recording file"));
  auto* browse = new QPushButton(tr("&Browse…"), this);
  browse->setObjectName(QStringLiteral("browseButton"));
  auto* label = new QLabel(tr("&File:"), this);
  label->setBuddy(m_path);
  m_problem = wrapped(QString(), this);
  m_problem->setObjectName(QStringLiteral("fileProblem"));
  m_problem->hide();
  auto* row = new QHBoxLayout;
  row->addWidget(label);
  row->addWidget(m_path, 1);
  row->addWidget(browse);
  auto* layout = new QVBoxLayout(this);
  layout->addLayout(row);
  layout->addWidget(m_problem);
  layout->addStretch(1);
  connect(m_path, &QLineEdit::textChanged, this, [this] {
    m_problem->hide();
    emit completeChanged();
  });
  connect(browse, &QPushButton::clicked, this, [this] {
    const QString chosen = QFileDialog::getOpenFileName(
        this, tr("Choose a recording"), QFileInfo(m_path->text()).absolutePath(),
        tr("Recordings (*.mp4 *.m4v *.mov *.mkv *.webm *.avi *.mts *.3gp);;All files (*)"));
    if (!chosen.isEmpty()) m_path->setText(chosen);
  });
}

void FilePage::setFile(const QString& path) {
  m_path->setText(path);
}

bool FilePage::isComplete() const {
  return !m_path->text().trimmed().isEmpty();
}

bool FilePage::validatePage() {
  const QString path = m_path->text().trimmed();
  // A quick look only (what the file is); reading it is the import's.
  if (const Status status = media::checkSource(path.toStdString()); !status) {
    m_problem->setText(toQString(status.error().message));
    setProblemStyle(*m_problem);
    m_problem->show();
    return false;
  }
  m_draft.file = path;
  return true;
}

// ---- the consent's scopes

ConsentPage::ConsentPage(ImportDraft& draft, QWidget* parent) : QWizardPage(parent), m_draft(draft) {
  setObjectName(QStringLiteral("consentPage"));
  setTitle(tr("What did the citizen agree to?"));
  setSubTitle(tr("Tick only what the citizen said yes to. The recording is never used to assess you."));
  auto* layout = new QVBoxLayout(this);
  for (const consent::Scope scope : consent::allScopes()) {
    auto* box = new QCheckBox(toQString(consent::scopeDisplayName(scope)), this);
    box->setObjectName(QStringLiteral("scope_%1").arg(toQString(std::string(consent::scopeName(scope)))));
    box->setAccessibleDescription(scopeExplanation(scope));
    if (scope == consent::Scope::SelfReview) {
      box->setChecked(true);
      box->setEnabled(false);
    }
    auto* explanation = wrapped(scopeExplanation(scope), this);
    explanation->setContentsMargins(24, 0, 0, 6);
    layout->addWidget(box);
    layout->addWidget(explanation);
    m_boxes.emplace_back(scope, box);
  }
  layout->addStretch(1);
}

bool ConsentPage::validatePage() {
  m_draft.scopes.clear();
  for (const auto& [scope, box] : m_boxes)
    if (box->isChecked()) m_draft.scopes.push_back(scope);
  return true;
}

// ---- how and when

HowPage::HowPage(ImportDraft& draft, QWidget* parent) : QWizardPage(parent), m_draft(draft) {
  setObjectName(QStringLiteral("howPage"));
  setTitle(tr("How and when?"));
  setSubTitle(tr("How the citizen gave consent, and when the conversation was recorded."));
  m_methods = new QButtonGroup(this);
  auto* layout = new QVBoxLayout(this);
  layout->addWidget(wrapped(tr("Consent was given:"), this));
  int id = 0;
  for (const consent::Method method :
       {consent::Method::VerbalOnCamera, consent::Method::PaperForm, consent::Method::Digital}) {
    auto* button = new QRadioButton(toQString(consent::methodDisplayName(method)), this);
    button->setObjectName(QStringLiteral("method_%1").arg(toQString(std::string(consent::methodName(method)))));
    m_methods->addButton(button, id++);
    layout->addWidget(button);
  }
  // Why Next waits, said where the choice is.
  auto* hint = wrapped(tr("Choose how the citizen gave consent to go on."), this);
  hint->setObjectName(QStringLiteral("methodHint"));
  layout->addWidget(hint);
  connect(m_methods, &QButtonGroup::idClicked, this, [this, hint] {
    hint->hide();
    emit completeChanged();
  });
  m_recordedAt = new QDateTimeEdit(this);
  m_recordedAt->setObjectName(QStringLiteral("recordedAt"));
  m_recordedAt->setCalendarPopup(true);
  m_recordedAt->setDisplayFormat(QStringLiteral("dd-MM-yyyy HH:mm"));
  auto* when = new QLabel(tr("&Recorded at:"), this);
  when->setBuddy(m_recordedAt);
  auto* row = new QHBoxLayout;
  row->addWidget(when);
  row->addWidget(m_recordedAt);
  row->addStretch(1);
  layout->addSpacing(12);
  layout->addLayout(row);
  layout->addStretch(1);
}

void HowPage::initializePage() {
  // The file's time is usually when the camera stopped: a good first guess.
  const QDateTime now = QDateTime::currentDateTime();
  const QDateTime fileTime = QFileInfo(m_draft.file).lastModified();
  m_recordedAt->setMaximumDateTime(now);
  m_recordedAt->setMinimumDateTime(now.addDays(-7 * 26));
  m_recordedAt->setDateTime(fileTime.isValid() && fileTime <= now && fileTime > now.addDays(-7 * 26) ? fileTime : now);
}

bool HowPage::isComplete() const {
  return m_methods->checkedId() >= 0;
}

bool HowPage::validatePage() {
  static constexpr consent::Method kMethods[] = {consent::Method::VerbalOnCamera, consent::Method::PaperForm,
                                                 consent::Method::Digital};
  m_draft.method = kMethods[m_methods->checkedId()];
  m_draft.recordedAt = m_recordedAt->dateTime();
  return true;
}

// ---- retention

RetentionPage::RetentionPage(ImportDraft& draft, QWidget* parent) : QWizardPage(parent), m_draft(draft) {
  setObjectName(QStringLiteral("retentionPage"));
  setTitle(tr("How long is it kept?"));
  setSubTitle(tr("After this the recording is erased automatically, with everything noted about it."));
  m_weeks = new QSpinBox(this);
  m_weeks->setObjectName(QStringLiteral("retentionWeeks"));
  m_weeks->setSuffix(tr(" weeks"));
  auto* label = new QLabel(tr("&Keep for:"), this);
  label->setBuddy(m_weeks);
  m_bounds = wrapped(QString(), this);
  m_end = wrapped(QString(), this);
  m_end->setObjectName(QStringLiteral("retentionEnd"));
  auto* row = new QHBoxLayout;
  row->addWidget(label);
  row->addWidget(m_weeks);
  row->addStretch(1);
  auto* layout = new QVBoxLayout(this);
  layout->addLayout(row);
  layout->addWidget(m_bounds);
  layout->addWidget(m_end);
  layout->addStretch(1);
  connect(m_weeks, &QSpinBox::valueChanged, this, &RetentionPage::updateEnd);
}

void RetentionPage::initializePage() {
  const int maximum = static_cast<int>(m_draft.policy.maximum().count());
  // Chosen before the range is set: setting it clamps the box's value and
  // would write that into the draft (valueChanged → updateEnd).
  const int weeks = m_draft.retentionWeeks == 0 ? static_cast<int>(m_draft.policy.defaultRetention().count())
                                                : std::min(m_draft.retentionWeeks, maximum);
  {
    const QSignalBlocker quiet(m_weeks);
    m_weeks->setRange(1, maximum);
    m_weeks->setValue(weeks);
  }
  m_bounds->setText(tr("Your municipality keeps recordings %1 weeks by default and at most %2 weeks.")
                        .arg(m_draft.policy.defaultRetention().count())
                        .arg(maximum));
  updateEnd();
}

void RetentionPage::updateEnd() {
  m_draft.retentionWeeks = m_weeks->value();
  m_end->setText(tr("It will be erased on %1.").arg(QLocale().toString(retentionEndOf(m_draft).date(),
                                                                          QLocale::LongFormat)));
}

bool RetentionPage::validatePage() {
  m_draft.retentionWeeks = m_weeks->value();
  return true;
}

// ---- summary

SummaryPage::SummaryPage(ImportDraft& draft, QWidget* parent) : QWizardPage(parent), m_draft(draft) {
  setObjectName(QStringLiteral("summaryPage"));
  setTitle(tr("Check and import"));
  setSubTitle(tr("Is this what the citizen agreed to? Go back to change anything."));
  m_summary = new QLabel(this);
  m_summary->setObjectName(QStringLiteral("importSummary"));
  m_summary->setWordWrap(true);
  m_summary->setTextFormat(Qt::RichText);
  auto* layout = new QVBoxLayout(this);
  layout->addWidget(m_summary);
  layout->addStretch(1);
  setButtonText(QWizard::NextButton, tr("&Import"));
}

void SummaryPage::initializePage() {
  QStringList scopes;
  for (const consent::Scope scope : m_draft.scopes)
    scopes << QStringLiteral("<li>%1</li>").arg(toQString(consent::scopeDisplayName(scope)).toHtmlEscaped());
  const QLocale locale;
  m_summary->setText(
      tr("<p><b>File:</b> %1</p><p><b>The citizen agreed to:</b></p><ul>%2</ul><p><b>Consent given:</b> %3</p>"
         "<p><b>Recorded at:</b> %4</p><p><b>Kept for:</b> %5 weeks, erased on %6</p>")
          .arg(QFileInfo(m_draft.file).fileName().toHtmlEscaped(), scopes.join(QString()),
               m_draft.method ? toQString(consent::methodDisplayName(*m_draft.method)).toHtmlEscaped() : QString(),
               locale.toString(m_draft.recordedAt, QLocale::ShortFormat))
          .arg(m_draft.retentionWeeks)
          .arg(locale.toString(retentionEndOf(m_draft).date(), QLocale::LongFormat)));
}

}  // namespace vakspiegel::ui
