// The privacy officer's and administrator's home; see role_home_page.h.
#include "shell/role_home_page.h"

#include <QLabel>
#include <QVBoxLayout>

#include "common/style.h"

namespace vakspiegel::ui {

RoleHomePage::RoleHomePage(Role role, const QString& vaultDir, QWidget* parent) : QWidget(parent) {
  setObjectName(QStringLiteral("roleHomePage"));
  const bool isOfficer = role == Role::PrivacyOfficer;
  auto* title = new QLabel(isOfficer ? tr("Privacy officer") : tr("Administrator"), this);
  title->setObjectName(QStringLiteral("roleHomeTitle"));
  setHeadingStyle(*title);
  const QString cli = QStringLiteral("vakspiegel-cli --vault %1 --user NAAM").arg(vaultDir.toHtmlEscaped());
  const QString intro =
      isOfficer ? tr("<p>You audit consent and erasure. You never see recordings, pictures or annotations.</p>"
                     "<p>The privacy officer's console in this window is on its way. Until then, do your work with "
                     "the command line, for example:</p>")
                : tr("<p>You manage accounts and the vault's policies. You never see recordings, pictures or "
                     "annotations.</p><p>The administrator's console in this window is on its way. Until then, do "
                     "your work with the command line, for example:</p>");
  const QStringList commands =
      isOfficer ? QStringList{tr("registry list — the consent registry"),
                              tr("consent withdraw CODE — erase a recording whose citizen withdrew consent"),
                              tr("registry schedule — what is erased in the coming days"),
                              tr("certificates — the deletion certificates"),
                              tr("audit verify — check the audit chain"), tr("report — the processing register")}
                : QStringList{tr("user add NAME --role ROLE — a new account"),
                              tr("user disable NAME / user enable NAME"),
                              tr("user reset NAME — a one-time password"),
                              tr("policy retention --default W --maximum W — how long recordings are kept"),
                              tr("policy lock-timeout MINUTES — when workstations lock themselves")};
  QString list = QStringLiteral("<ul>");
  for (const QString& command : commands) {
    const QString verb = command.section(QStringLiteral(" — "), 0, 0);
    const QString what = command.section(QStringLiteral(" — "), 1);
    list += QStringLiteral("<li><code>%1</code>%2</li>")
                .arg(verb.toHtmlEscaped(), what.isEmpty() ? QString() : QStringLiteral(" — ") + what.toHtmlEscaped());
  }
  list += QStringLiteral("</ul>");
  auto* text = new QLabel(intro + QStringLiteral("<p><code>%1</code> …</p>").arg(cli) + list, this);
  text->setObjectName(QStringLiteral("roleHomeText"));
  text->setWordWrap(true);
  text->setTextFormat(Qt::RichText);
  text->setTextInteractionFlags(Qt::TextSelectableByMouse | Qt::TextSelectableByKeyboard);
  text->setFocusPolicy(Qt::StrongFocus);
  text->setAccessibleName(title->text());
  auto* layout = new QVBoxLayout(this);
  layout->addWidget(title);
  layout->addWidget(text);
  layout->addStretch(1);
  layout->setContentsMargins(24, 24, 24, 24);
}

}  // namespace vakspiegel::ui
