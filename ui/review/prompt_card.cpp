// The recall prompt card; see prompt_card.h.
#include "review/prompt_card.h"

#include <QCheckBox>
#include <QFrame>
#include <QHBoxLayout>
#include <QKeyEvent>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>

#include "common/qt_conversions.h"
#include "common/style.h"

namespace vakspiegel::ui {

PromptCard::PromptCard(QWidget* parent) : QWidget(parent) {
  setObjectName(QStringLiteral("promptCard"));
  setAccessibleName(tr("Recall question"));
  m_questionLabel = new QLabel(this);
  m_questionLabel->setObjectName(QStringLiteral("questionLabel"));
  m_questionLabel->setWordWrap(true);
  setHeadingStyle(*m_questionLabel, 1.15);
  m_answer = new QLineEdit(this);
  m_answer->setObjectName(QStringLiteral("answerField"));
  m_answer->setPlaceholderText(tr("Your answer (Enter saves it as a note at this moment)"));
  connect(m_answer, &QLineEdit::returnPressed, this, [this] {
    if (!answer().isEmpty()) emit answered();
  });
  m_saveButton = new QPushButton(tr("Save &answer"), this);
  m_saveButton->setObjectName(QStringLiteral("saveAnswerButton"));
  connect(m_saveButton, &QPushButton::clicked, this, [this] {
    if (!answer().isEmpty()) emit answered();
  });
  m_otherButton = new QPushButton(tr("A&nother question"), this);
  m_otherButton->setObjectName(QStringLiteral("otherQuestionButton"));
  connect(m_otherButton, &QPushButton::clicked, this, [this] { ask(m_atMs); });
  m_closeButton = new QPushButton(tr("Close"), this);
  m_closeButton->setObjectName(QStringLiteral("closePromptButton"));
  m_closeButton->setToolTip(tr("Close the question (Esc)"));
  connect(m_closeButton, &QPushButton::clicked, this, &PromptCard::closed);
  m_onPauseBox = new QCheckBox(tr("Ask a question at every &pause"), this);
  m_onPauseBox->setObjectName(QStringLiteral("promptsOnPauseBox"));
  m_onPauseBox->setChecked(true);
  connect(m_onPauseBox, &QCheckBox::toggled, this, &PromptCard::promptsOnPauseChanged);

  auto* frame = new QFrame(this);
  frame->setFrameShape(QFrame::StyledPanel);
  auto* inner = new QVBoxLayout(frame);
  inner->addWidget(m_questionLabel);
  inner->addWidget(m_answer);
  auto* buttons = new QHBoxLayout;
  buttons->addWidget(m_onPauseBox);
  buttons->addStretch(1);
  buttons->addWidget(m_closeButton);
  buttons->addWidget(m_otherButton);
  buttons->addWidget(m_saveButton);
  inner->addLayout(buttons);
  auto* layout = new QVBoxLayout(this);
  layout->setContentsMargins(0, 4, 0, 4);
  layout->addWidget(frame);
  m_questionLabel->setBuddy(m_answer);
}

void PromptCard::setPrompts(std::vector<RecallPrompt> prompts) {
  m_prompts = std::move(prompts);
  m_next = 0;
}

void PromptCard::ask(qint64 atMs) {
  if (m_prompts.empty()) return;
  m_atMs = atMs;
  m_current = m_next % m_prompts.size();
  m_next = m_current + 1;
  showCurrent();
}

void PromptCard::showCurrent() {
  const QString question = toQString(m_prompts[m_current].text);
  m_questionLabel->setText(tr("%1 (at %2)").arg(question, formatMediaLength(m_atMs)));
  m_answer->setAccessibleName(question);
  m_answer->clear();
}

QString PromptCard::promptId() const {
  return m_prompts.empty() ? QString() : toQString(m_prompts[m_current].id);
}

QString PromptCard::answer() const {
  return m_answer->text().trimmed();
}

void PromptCard::setPromptsOnPause(bool isOn) {
  const QSignalBlocker blocker(m_onPauseBox);
  m_onPauseBox->setChecked(isOn);
}

void PromptCard::keyPressEvent(QKeyEvent* event) {
  if (event->key() == Qt::Key_Escape) {
    emit closed();
    return;
  }
  QWidget::keyPressEvent(event);
}

}  // namespace vakspiegel::ui
