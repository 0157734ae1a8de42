// The withdrawal-by-code dialog; see withdrawal_dialog.h.
#include "library/withdrawal_dialog.h"

#include <QDialogButtonBox>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QVBoxLayout>

#include "common/qt_conversions.h"
#include "common/style.h"
#include "consent/withdrawal_code.h"
#include "library/library_controller.h"
#include "library/recording_table_model.h"

namespace vakspiegel::ui {

namespace {
// "VS-7K3M-Q9P5": from this many characters on, a code that does not check
// out is a typo worth saying so.
constexpr int kFullCodeLength = 12;
}  // namespace

WithdrawalDialog::WithdrawalDialog(LibraryController& controller, QWidget* parent)
    : QDialog(parent), m_controller(controller) {
  setObjectName(QStringLiteral("withdrawalDialog"));
  setWindowTitle(tr("Register a citizen's withdrawal"));
  auto* intro = new QLabel(tr("The citizen withdrew their consent. Type the withdrawal code from their receipt: the "
                              "recording is erased at once, with everything noted about it."),
                           this);
  intro->setWordWrap(true);
  m_code = new QLineEdit(this);
  m_code->setObjectName(QStringLiteral("withdrawalCodeInput"));
  m_code->setPlaceholderText(QStringLiteral("VS-XXXX-XXXX"));
  m_code->setMaxLength(32);
  m_check = new QLabel(this);
  m_check->setObjectName(QStringLiteral("codeCheck"));
  m_check->setWordWrap(true);
  m_details = new QLabel(this);
  m_details->setObjectName(QStringLiteral("withdrawalDetails"));
  m_details->setWordWrap(true);
  m_details->hide();
  auto* form = new QFormLayout;
  form->addRow(tr("&Withdrawal code:"), m_code);
  auto* buttons = new QDialogButtonBox(this);
  m_lookUp = buttons->addButton(tr("&Look up"), QDialogButtonBox::ActionRole);
  m_lookUp->setObjectName(QStringLiteral("lookUpButton"));
  m_lookUp->setDefault(true);
  m_erase = buttons->addButton(tr("&Erase this recording"), QDialogButtonBox::DestructiveRole);
  m_erase->setObjectName(QStringLiteral("eraseButton"));
  m_erase->hide();
  buttons->addButton(tr("Close"), QDialogButtonBox::RejectRole);
  connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
  connect(m_lookUp, &QPushButton::clicked, this, &WithdrawalDialog::lookUp);
  connect(m_erase, &QPushButton::clicked, this, &WithdrawalDialog::erase);
  connect(m_code, &QLineEdit::textChanged, this, &WithdrawalDialog::codeEdited);
  connect(&m_controller, &LibraryController::codeFound, this, &WithdrawalDialog::showFound);
  connect(&m_controller, &LibraryController::codeProblem, this, &WithdrawalDialog::showProblem);
  connect(&m_controller, &LibraryController::problem, this, [this](const QString& message) {
    if (m_isErasing) showProblem(message);
    m_isErasing = false;
  });
  connect(&m_controller, &LibraryController::erased, this, [this](const QString& message) {
    if (!m_isErasing) return;
    m_isErasing = false;
    showMessage(*m_details, message, false);
    m_erase->hide();
    m_lookUp->hide();
    m_code->setEnabled(false);
  });
  auto* layout = new QVBoxLayout(this);
  layout->addWidget(intro);
  layout->addLayout(form);
  layout->addWidget(m_check);
  layout->addWidget(m_details);
  layout->addWidget(buttons);
  setMinimumWidth(520);
  codeEdited();
}

void WithdrawalDialog::codeEdited() {
  m_foundCode.clear();
  m_erase->hide();
  m_details->hide();
  const QString typed = m_code->text().trimmed();
  const auto code = consent::normalizeWithdrawalCode(typed.toStdString());
  m_lookUp->setEnabled(code.has_value());
  if (code)
    showMessage(*m_check, tr("The code checks out: %1").arg(toQString(*code)), false);
  else if (typed.size() >= kFullCodeLength)
    showMessage(*m_check, toQString(code.error().message), true);
  else
    showMessage(*m_check, tr("A code looks like VS-7K3M-Q9P5; spaces and small letters are fine."), false);
}

void WithdrawalDialog::lookUp() {
  if (!m_lookUp->isEnabled()) return;
  m_controller.lookUpCode(m_code->text().trimmed());
}

void WithdrawalDialog::showFound(const QString& code, const ConsentInfo& info) {
  if (info.consent.state != consent::State::Given) {
    showProblem(tr("This recording is already %1.").arg(toQString(consent::stateDisplayName(info.consent.state))));
    return;
  }
  m_foundCode = code;
  showMessage(*m_details,
              tr("This erases the recording of %1, recorded on %2 (%3), with consent for: %4.\nIts annotations, "
                 "pictures and sound curve go too, also for coaches it is shared with. This cannot be undone.")
                  .arg(toQString(info.ownerName), formatLocalTime(info.consent.recordedAt),
                       formatMediaLength(usToMs(info.durationUs)), RecordingTableModel::scopesText(info.consent)),
              false);
  m_erase->show();
  m_erase->setFocus();
}

void WithdrawalDialog::showProblem(const QString& message) {
  showMessage(*m_details, message, true);
  m_erase->hide();
}

void WithdrawalDialog::erase() {
  if (m_foundCode.isEmpty() || m_isErasing) return;
  m_isErasing = true;
  m_erase->setEnabled(false);
  m_controller.withdrawByCode(m_foundCode);
}

}  // namespace vakspiegel::ui
