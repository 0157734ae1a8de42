// The share dialog; see share_dialog.h.
#include "library/share_dialog.h"

#include <QDialogButtonBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QPushButton>
#include <QVBoxLayout>

#include "common/style.h"
#include "library/share_controller.h"

namespace vakspiegel::ui {

ShareDialog::ShareDialog(UseCaseRunner& runner, const QString& recordingId, const QString& title, bool mayShare,
                         QWidget* parent)
    : QDialog(parent), m_controller(new ShareController(runner, recordingId, this)) {
  setObjectName(QStringLiteral("shareDialog"));
  setWindowTitle(tr("Share with a coach"));
  auto* intro = new QLabel(
      mayShare ? tr("The recording of %1. A coach you share it with can watch it and write comments; you can take "
                    "that back at any time. Nobody else sees it.")
                     .arg(title)
               : tr("The recording of %1 cannot be shared: the citizen did not agree to a review with a coach.")
                     .arg(title),
      this);
  intro->setObjectName(QStringLiteral("shareIntro"));
  intro->setWordWrap(true);

  auto* listLabel = new QLabel(tr("&Shared with:"), this);
  m_coaches = new QListWidget(this);
  m_coaches->setObjectName(QStringLiteral("sharedWith"));
  m_coaches->setAccessibleName(tr("Coaches it is shared with"));  // a buddy label does not name a list
  m_coaches->setMaximumHeight(120);
  listLabel->setBuddy(m_coaches);
  m_unshare = new QPushButton(tr("&Take back"), this);
  m_unshare->setObjectName(QStringLiteral("unshareButton"));
  m_unshare->setToolTip(tr("The chosen coach can no longer watch the recording"));

  auto* nameLabel = new QLabel(tr("&Coach's account name:"), this);
  m_name = new QLineEdit(this);
  m_name->setObjectName(QStringLiteral("coachName"));
  m_name->setMaxLength(64);
  nameLabel->setBuddy(m_name);
  m_share = new QPushButton(tr("S&hare"), this);
  m_share->setObjectName(QStringLiteral("shareButton"));
  m_share->setDefault(true);

  m_message = new QLabel(this);
  m_message->setObjectName(QStringLiteral("shareMessage"));
  m_message->setWordWrap(true);
  m_message->hide();

  auto* buttons = new QDialogButtonBox(this);
  buttons->addButton(tr("Close"), QDialogButtonBox::RejectRole);
  connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);

  auto* listRow = new QHBoxLayout;
  listRow->addWidget(m_coaches, 1);
  listRow->addWidget(m_unshare, 0, Qt::AlignTop);
  auto* nameRow = new QHBoxLayout;
  nameRow->addWidget(nameLabel);
  nameRow->addWidget(m_name, 1);
  nameRow->addWidget(m_share);
  auto* layout = new QVBoxLayout(this);
  layout->addWidget(intro);
  layout->addWidget(listLabel);
  layout->addLayout(listRow);
  layout->addLayout(nameRow);
  layout->addWidget(m_message);
  layout->addWidget(buttons);
  setMinimumWidth(520);

  for (QWidget* control : std::initializer_list<QWidget*>{m_name, m_share, nameLabel})
    control->setVisible(mayShare);
  connect(m_share, &QPushButton::clicked, this, &ShareDialog::share);
  connect(m_name, &QLineEdit::returnPressed, this, &ShareDialog::share);
  connect(m_unshare, &QPushButton::clicked, this, &ShareDialog::unshare);
  connect(m_name, &QLineEdit::textChanged, this, &ShareDialog::updateButtons);
  connect(m_coaches, &QListWidget::currentRowChanged, this, &ShareDialog::updateButtons);
  connect(m_controller, &ShareController::sharesFetched, this, [this](const QStringList& names) {
    m_isBusy = false;
    m_coaches->clear();
    m_coaches->addItems(names);
    if (names.isEmpty()) {
      auto* none = new QListWidgetItem(tr("nobody yet"), m_coaches);
      none->setFlags(Qt::NoItemFlags);
    }
    updateButtons();
  });
  connect(m_controller, &ShareController::changed, this, [this](const QString& message) {
    m_name->clear();
    showMessage(*m_message, message, false);
    emit sharesChanged();
  });
  connect(m_controller, &ShareController::problem, this, [this](const QString& message) {
    m_isBusy = false;
    showMessage(*m_message, message, true);
    updateButtons();
  });
  m_isBusy = true;
  m_controller->fetch();
  updateButtons();
  (mayShare ? static_cast<QWidget*>(m_name) : static_cast<QWidget*>(m_coaches))->setFocus();
}

void ShareDialog::share() {
  const QString name = m_name->text().trimmed();
  if (name.isEmpty() || m_isBusy || !m_share->isVisible()) return;
  m_isBusy = true;
  updateButtons();
  m_controller->share(name);
}

void ShareDialog::unshare() {
  QListWidgetItem* item = m_coaches->currentItem();
  if (item == nullptr || (item->flags() & Qt::ItemIsEnabled) == 0 || m_isBusy) return;
  m_isBusy = true;
  updateButtons();
  m_controller->unshare(item->text());
}

void ShareDialog::updateButtons() {
  const QListWidgetItem* item = m_coaches->currentItem();
  m_unshare->setEnabled(!m_isBusy && item != nullptr && (item->flags() & Qt::ItemIsEnabled) != 0);
  m_share->setEnabled(!m_isBusy && !m_name->text().trimmed().isEmpty());
}

}  // namespace vakspiegel::ui
