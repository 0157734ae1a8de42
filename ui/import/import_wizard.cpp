// The import wizard, its progress page and its last page; see import_wizard.h.
#include "import/import_wizard.h"

#include <QApplication>
#include <QElapsedTimer>
#include <QFileDialog>
#include <QHBoxLayout>
#include <QLabel>
#include <QMessageBox>
#include <QProgressBar>
#include <QPushButton>
#include <QStandardPaths>
#include <QVBoxLayout>

#include "common/document_printer.h"
#include "common/qt_conversions.h"
#include "common/style.h"
#include "import/import_controller.h"

namespace vakspiegel::ui {

namespace {

QString timeLeftText(double seconds) {
  if (seconds < 0) return ImportWizard::tr("Estimating the time left…");
  if (seconds < 60) return ImportWizard::tr("Less than a minute left");
  return ImportWizard::tr("About %n minute(s) left", "", static_cast<int>(seconds / 60 + 0.5));
}

}  // namespace

// The import itself: starts when the page is shown, completes when it
// succeeded; a failure shows its message and Back leads to the file again.
class ProgressPage : public QWizardPage {
 public:
  ProgressPage(ImportWizard& wizard) : QWizardPage(&wizard), m_wizard(wizard) {
    setObjectName(QStringLiteral("progressPage"));
    setTitle(ImportWizard::tr("Importing"));
    setSubTitle(ImportWizard::tr("The recording is encrypted into the vault. You can cancel: then nothing is kept."));
    m_bar = new QProgressBar(this);
    m_bar->setObjectName(QStringLiteral("importProgress"));
    m_bar->setRange(0, 1000);
    m_bar->setAccessibleName(ImportWizard::tr("Import progress"));
    m_bar->setFormat(QStringLiteral("%p %"));
    m_left = new QLabel(this);
    m_left->setObjectName(QStringLiteral("importTimeLeft"));
    m_problem = new QLabel(this);
    m_problem->setObjectName(QStringLiteral("importProblem"));
    m_problem->setWordWrap(true);
    m_problem->hide();
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(m_bar);
    layout->addWidget(m_left);
    layout->addWidget(m_problem);
    layout->addStretch(1);
    ImportController& controller = wizard.controller();
    connect(&controller, &ImportController::progressed, this, [this](double fraction, double left) {
      m_bar->setValue(static_cast<int>(fraction * 1000));
      m_left->setText(timeLeftText(left));
    });
    connect(&controller, &ImportController::finished, this, [this] {
      if (m_wizard.controller().outcome()) finish(*m_wizard.controller().outcome());
    });
  }

  void initializePage() override {
    m_isDone = false;
    m_problem->hide();
    m_bar->setValue(0);
    m_left->setText(timeLeftText(-1));
    m_wizard.m_outcome.reset();
    m_wizard.controller().start(m_wizard.request());
    emit completeChanged();
  }
  bool isComplete() const override { return m_isDone; }
  void cleanupPage() override {}  // Back is offered only after a failure

 private:
  void finish(const Result<ImportOutcome>& outcome) {
    if (m_wizard.m_isClosingAfterCancel) {
      m_wizard.QWizard::reject();
      return;
    }
    if (!outcome) {
      m_problem->setText(ImportWizard::tr("The recording was not imported; nothing of it was kept.\n%1")
                             .arg(toQString(outcome.error().message)));
      setProblemStyle(*m_problem);
      m_problem->show();
      m_left->clear();
      m_wizard.button(QWizard::BackButton)->setEnabled(true);
      return;
    }
    m_wizard.m_outcome = *outcome;
    m_isDone = true;
    m_bar->setValue(1000);
    emit completeChanged();
    emit m_wizard.imported(toQString(outcome->recordingId));
    m_wizard.next();
  }

  ImportWizard& m_wizard;
  QProgressBar* m_bar;
  QLabel* m_left;
  QLabel* m_problem;
  bool m_isDone = false;
};

// The withdrawal code, large, and the receipt.
class DonePage : public QWizardPage {
 public:
  DonePage(ImportWizard& wizard) : QWizardPage(&wizard), m_wizard(wizard) {
    setObjectName(QStringLiteral("donePage"));
    setTitle(ImportWizard::tr("Imported"));
    setSubTitle(ImportWizard::tr("Give the citizen their withdrawal code: with it they can withdraw their consent at "
                                 "any time, and the recording is erased."));
    m_code = new QLabel(this);
    m_code->setObjectName(QStringLiteral("withdrawalCode"));
    m_code->setTextInteractionFlags(Qt::TextSelectableByMouse | Qt::TextSelectableByKeyboard);
    m_code->setAlignment(Qt::AlignCenter);
    QFont big(QStringLiteral("monospace"));
    big.setStyleHint(QFont::Monospace);
    big.setPointSizeF(font().pointSizeF() * 2.6);
    big.setBold(true);
    big.setLetterSpacing(QFont::AbsoluteSpacing, 3);
    m_code->setFont(big);
    m_code->setAccessibleName(ImportWizard::tr("Withdrawal code"));
    m_note = new QLabel(this);
    m_note->setWordWrap(true);
    auto* print = new QPushButton(ImportWizard::tr("&Print the receipt…"), this);
    print->setObjectName(QStringLiteral("printReceipt"));
    auto* pdf = new QPushButton(ImportWizard::tr("&Save the receipt as PDF…"), this);
    pdf->setObjectName(QStringLiteral("saveReceipt"));
    m_saved = new QLabel(this);
    m_saved->setObjectName(QStringLiteral("receiptSaved"));
    m_saved->setWordWrap(true);
    connect(print, &QPushButton::clicked, this, [this] {
      if (m_wizard.m_outcome && printReceipt(m_wizard.m_outcome->receipt, QString(), this))
        m_isReceiptGiven = true;
    });
    connect(pdf, &QPushButton::clicked, this, [this] {
      if (!m_wizard.m_outcome) return;
      const QString suggested =
          QStandardPaths::writableLocation(QStandardPaths::DocumentsLocation) + QLatin1Char('/') +
          ImportWizard::tr("receipt-%1.pdf").arg(toQString(m_wizard.m_outcome->consent.withdrawalCode));
      const QString path = QFileDialog::getSaveFileName(this, ImportWizard::tr("Save the receipt"), suggested,
                                                        ImportWizard::tr("PDF (*.pdf)"));
      if (!path.isEmpty()) savePdf(path);
    });
    auto* buttons = new QHBoxLayout;
    buttons->addWidget(print);
    buttons->addWidget(pdf);
    buttons->addStretch(1);
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(m_code);
    layout->addWidget(m_note);
    layout->addLayout(buttons);
    layout->addWidget(m_saved);
    layout->addStretch(1);
    setFinalPage(true);
  }

  void initializePage() override {
    if (!m_wizard.m_outcome) return;
    const ImportOutcome& outcome = *m_wizard.m_outcome;
    m_code->setText(toQString(outcome.consent.withdrawalCode));
    QString note = ImportWizard::tr("The recording is in your library (%1). The receipt tells the citizen, in plain "
                                    "words, what was recorded, who may watch it, until when, and how to withdraw.")
                       .arg(formatMediaLength(usToMs(outcome.report.durationUs)));
    if (!outcome.wipeProblem.empty()) note += QLatin1Char('\n') + toQString(outcome.wipeProblem);
    m_note->setText(note);
    m_saved->clear();
    m_isReceiptGiven = false;
  }

  void savePdf(const QString& path) {
    const Status written = writeReceiptPdf(m_wizard.m_outcome->receipt, QString(), path);
    showMessage(*m_saved,
                written ? ImportWizard::tr("The receipt was saved as %1.").arg(path) : toQString(written.error().message),
                !written);
    if (written) m_isReceiptGiven = true;
  }

  // Done without the receipt printed or saved: the citizen may leave
  // without the code that lets them withdraw. Asked once more.
  bool validatePage() override {
    if (m_isReceiptGiven || !m_wizard.m_outcome) return true;
    QMessageBox box(QMessageBox::Question, ImportWizard::tr("The citizen's receipt"),
                    ImportWizard::tr("You did not print or save the receipt. With its withdrawal code, %1, the "
                                     "citizen can withdraw their consent. Do they have the code?")
                        .arg(toQString(m_wizard.m_outcome->consent.withdrawalCode)),
                    QMessageBox::NoButton, this);
    box.setObjectName(QStringLiteral("receiptQuestion"));
    QPushButton* done = box.addButton(ImportWizard::tr("&Yes, they have it"), QMessageBox::AcceptRole);
    box.setDefaultButton(box.addButton(ImportWizard::tr("&No, back to the receipt"), QMessageBox::RejectRole));
    box.exec();
    return box.clickedButton() == static_cast<QAbstractButton*>(done);
  }

 private:
  ImportWizard& m_wizard;
  QLabel* m_code;
  QLabel* m_note;
  QLabel* m_saved;
  bool m_isReceiptGiven = false;
};

ImportWizard::ImportWizard(UseCaseRunner& runner, const QString& file, QWidget* parent)
    : QWizard(parent), m_controller(runner) {
  setObjectName(QStringLiteral("importWizard"));
  setWindowTitle(tr("Import a recording"));
  setWizardStyle(QWizard::ClassicStyle);
  setOption(QWizard::NoBackButtonOnLastPage);
  setOption(QWizard::NoCancelButtonOnLastPage);
  setOption(QWizard::DisabledBackButtonOnLastPage);
  auto* filePage = new FilePage(m_draft, this);
  filePage->setFile(file);
  setPage(File, filePage);
  setPage(Consent, new ConsentPage(m_draft, this));
  setPage(How, new HowPage(m_draft, this));
  setPage(Retention, new RetentionPage(m_draft, this));
  setPage(Summary, new SummaryPage(m_draft, this));
  setPage(Progress, new ProgressPage(*this));
  setPage(Done, new DonePage(*this));
  setButtonText(QWizard::BackButton, tr("< &Back"));
  setButtonText(QWizard::NextButton, tr("&Next >"));
  setButtonText(QWizard::CancelButton, tr("Cancel"));
  setButtonText(QWizard::FinishButton, tr("&Done"));
  connect(&m_controller, &ImportController::retentionPolicyFetched, this,
          [this](const consent::RetentionPolicy& policy) { m_draft.policy = policy; });
  m_controller.fetchRetentionPolicy();
  connect(this, &QWizard::currentIdChanged, this, [this](int id) {
    // No way back while the import runs; after a failure Back goes to the file.
    if (id == Progress) button(QWizard::BackButton)->setEnabled(false);
  });
  resize(720, 520);
}

ImportWizard::~ImportWizard() = default;

ImportRequest ImportWizard::request() const {
  ImportRequest request;
  request.source = m_draft.file.toStdString();
  for (const consent::Scope scope : m_draft.scopes)
    request.consent.scopes.emplace_back(consent::scopeName(scope));
  if (m_draft.method) request.consent.method = std::string(consent::methodName(*m_draft.method));
  request.consent.recordedAt = fromUnixSeconds(m_draft.recordedAt.toSecsSinceEpoch());
  request.consent.retentionWeeks = m_draft.retentionWeeks;
  return request;
}

void ImportWizard::reject() {
  if (m_controller.isRunning()) {
    // Cancel, and close once the import has cleaned up after itself.
    m_isClosingAfterCancel = true;
    m_controller.cancel();
    button(QWizard::CancelButton)->setEnabled(false);
    button(QWizard::CancelButton)->setText(tr("Stopping…"));
    return;
  }
  QWizard::reject();
}

}  // namespace vakspiegel::ui
