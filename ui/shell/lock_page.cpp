// The lock and logged-out page; see lock_page.h.
#include "shell/lock_page.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>
#include <QVBoxLayout>

#include "common/style.h"

namespace vakspiegel::ui {

LockPage::LockPage(QWidget* parent) : QWidget(parent) {
  setObjectName(QStringLiteral("lockPage"));
  m_title = new QLabel(this);
  m_title->setObjectName(QStringLiteral("lockTitle"));
  m_title->setAlignment(Qt::AlignCenter);
  setHeadingStyle(*m_title, 1.8);
  m_text = new QLabel(this);
  m_text->setObjectName(QStringLiteral("lockText"));
  m_text->setAlignment(Qt::AlignCenter);
  m_text->setWordWrap(true);
  m_unlock = new QPushButton(this);
  m_unlock->setObjectName(QStringLiteral("unlockButton"));
  m_unlock->setDefault(true);
  m_logout = new QPushButton(tr("Log &out, so someone else can log in"), this);
  m_logout->setObjectName(QStringLiteral("lockLogoutButton"));
  connect(m_unlock, &QPushButton::clicked, this, &LockPage::unlockRequested);
  connect(m_logout, &QPushButton::clicked, this, &LockPage::logoutRequested);
  auto* buttons = new QHBoxLayout;
  buttons->addStretch(1);
  buttons->addWidget(m_unlock);
  buttons->addWidget(m_logout);
  buttons->addStretch(1);
  auto* layout = new QVBoxLayout(this);
  layout->addStretch(2);
  layout->addWidget(m_title);
  layout->addWidget(m_text);
  layout->addSpacing(16);
  layout->addLayout(buttons);
  layout->addStretch(3);
  setLockedBy(QString());
}

void LockPage::setDialogOpen(bool isOpen) {
  m_text->setVisible(!isOpen);
  m_unlock->setVisible(!isOpen);
  m_logout->setVisible(!isOpen && m_isLocked);
  if (!isOpen && isVisible()) m_unlock->setFocus(Qt::OtherFocusReason);
}

void LockPage::setLockedBy(const QString& userName) {
  const bool isLocked = !userName.isEmpty();
  m_isLocked = isLocked;
  m_title->setText(isLocked ? tr("Locked") : tr("Vakspiegel"));
  m_text->setText(isLocked ? tr("This workstation is locked. Only %1 can unlock it with their password.\nNothing of "
                                "their work is shown until then.")
                                 .arg(userName)
                           : tr("Watch your conversations back to learn from them.\nLog in with your account."));
  m_unlock->setText(isLocked ? tr("&Unlock…") : tr("&Log in…"));
  m_logout->setVisible(isLocked);
}

}  // namespace vakspiegel::ui
