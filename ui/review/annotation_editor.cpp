// The note being written; see annotation_editor.h.
#include "review/annotation_editor.h"

#include <QComboBox>
#include <QGridLayout>
#include <QHBoxLayout>
#include <QKeyEvent>
#include <QLabel>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QStandardItemModel>

#include "common/qt_conversions.h"
#include "common/style.h"

namespace vakspiegel::ui {

AnnotationEditor::AnnotationEditor(QWidget* parent) : QWidget(parent) {
  setObjectName(QStringLiteral("annotationEditor"));
  m_momentLabel = new QLabel(this);
  m_momentLabel->setObjectName(QStringLiteral("momentLabel"));
  setHeadingStyle(*m_momentLabel, 1.0);
  m_layerBox = new QComboBox(this);
  m_layerBox->setObjectName(QStringLiteral("layerBox"));
  m_layerLabel = new QLabel(tr("&Layer:"), this);
  m_layerLabel->setBuddy(m_layerBox);
  m_categoryBox = new QComboBox(this);
  m_categoryBox->setObjectName(QStringLiteral("categoryBox"));
  auto* categoryLabel = new QLabel(tr("&Category:"), this);
  categoryLabel->setBuddy(m_categoryBox);
  m_text = new QPlainTextEdit(this);
  m_text->setObjectName(QStringLiteral("noteText"));
  m_text->setAccessibleName(tr("Note"));
  m_text->setPlaceholderText(tr("What do you see here? Enter saves, Shift+Enter starts a new line, Esc cancels."));
  m_text->setTabChangesFocus(true);
  m_text->setMaximumHeight(m_text->fontMetrics().lineSpacing() * 4 + 12);
  m_text->installEventFilter(this);
  connect(m_text, &QPlainTextEdit::textChanged, this, [this] {
    if (m_hasTyped || m_text->toPlainText().isEmpty()) return;
    m_hasTyped = true;
    emit typingStarted();
  });
  m_saveButton = new QPushButton(tr("&Save note"), this);
  m_saveButton->setObjectName(QStringLiteral("saveNoteButton"));
  m_saveButton->setToolTip(tr("Save the note and play on (Enter)"));
  m_cancelButton = new QPushButton(tr("Cancel"), this);
  m_cancelButton->setObjectName(QStringLiteral("cancelNoteButton"));
  m_cancelButton->setToolTip(tr("Close without saving (Esc)"));
  connect(m_saveButton, &QPushButton::clicked, this, &AnnotationEditor::saveRequested);
  connect(m_cancelButton, &QPushButton::clicked, this, &AnnotationEditor::cancelRequested);

  auto* fields = new QHBoxLayout;
  fields->addWidget(m_momentLabel);
  fields->addSpacing(12);
  fields->addWidget(m_layerLabel);
  fields->addWidget(m_layerBox);
  fields->addSpacing(12);
  fields->addWidget(categoryLabel);
  fields->addWidget(m_categoryBox, 1);
  auto* buttons = new QHBoxLayout;
  buttons->addStretch(1);
  buttons->addWidget(m_cancelButton);
  buttons->addWidget(m_saveButton);
  auto* layout = new QVBoxLayout(this);
  layout->setContentsMargins(0, 4, 0, 4);
  layout->addLayout(fields);
  layout->addWidget(m_text);
  layout->addLayout(buttons);
  setTabOrder(m_text, m_layerBox);
  setTabOrder(m_layerBox, m_categoryBox);
  setTabOrder(m_categoryBox, m_cancelButton);
  setTabOrder(m_cancelButton, m_saveButton);
  setAuthor(true, false);
}

void AnnotationEditor::setSchemes(const std::vector<CodingScheme>& schemes) {
  m_categoryBox->clear();
  m_categoryBox->addItem(tr("(no category)"), QString());
  auto* model = qobject_cast<QStandardItemModel*>(m_categoryBox->model());
  for (const CodingScheme& scheme : schemes) {
    QString group;
    for (const CodingCategory& category : scheme.categories) {
      if (toQString(category.group) != group) {
        group = toQString(category.group);
        m_categoryBox->addItem(QStringLiteral("— %1 —").arg(group));
        if (model) model->item(m_categoryBox->count() - 1)->setEnabled(false);  // a heading, not a choice
      }
      m_categoryBox->addItem(toQString(category.name), toQString(category.id));
    }
  }
}

void AnnotationEditor::setAuthor(bool isOwner, bool citizenAllowed) {
  m_layerBox->clear();
  if (isOwner) {
    m_layerBox->addItem(tr("Client manager (own)"), static_cast<int>(AnnotationLayer::Own));
    if (citizenAllowed)
      m_layerBox->addItem(tr("Citizen (on their behalf)"), static_cast<int>(AnnotationLayer::Citizen));
    m_layerBox->setToolTip(citizenAllowed ? tr("Own notes, or what the citizen said about this moment")
                                          : tr("The citizen layer needs the citizen's consent to review together "
                                               "(citizen review); this recording does not have it."));
  } else {
    m_layerBox->addItem(tr("Coach"), static_cast<int>(AnnotationLayer::Coach));
    m_layerBox->setToolTip(tr("As a coach you write in the coach layer."));
  }
  m_layerBox->setEnabled(m_layerBox->count() > 1);
}

void AnnotationEditor::startNew(qint64 startMs, std::optional<qint64> endMs) {
  m_editingId.clear();
  m_startMs = startMs;
  m_endMs = endMs;
  m_hasTyped = false;
  m_layerBox->setCurrentIndex(0);
  m_layerBox->setEnabled(m_layerBox->count() > 1);
  m_categoryBox->setCurrentIndex(0);
  m_text->clear();
  m_saveButton->setText(tr("&Save note"));
  updateMoment();
}

void AnnotationEditor::startEdit(const Annotation& a) {
  m_editingId = QString::fromStdString(a.id);
  m_startMs = a.positionUs / 1000;
  m_endMs = a.endUs ? std::optional<qint64>(*a.endUs / 1000) : std::nullopt;
  m_hasTyped = true;  // editing does not pause
  const int layer = m_layerBox->findData(static_cast<int>(a.layer));
  m_layerBox->setCurrentIndex(std::max(layer, 0));
  m_layerBox->setEnabled(false);
  const int category = m_categoryBox->findData(toQString(a.categoryId));
  m_categoryBox->setCurrentIndex(std::max(category, 0));
  m_text->setPlainText(toQString(a.text));
  m_text->moveCursor(QTextCursor::End);
  m_saveButton->setText(tr("&Save change"));
  updateMoment();
}

AnnotationDraft AnnotationEditor::draft() const {
  AnnotationDraft draft;
  draft.positionUs = m_startMs * 1000;
  if (m_endMs) draft.endUs = *m_endMs * 1000;
  draft.layer = static_cast<AnnotationLayer>(m_layerBox->currentData().toInt());
  draft.categoryId = m_categoryBox->currentData().toString().toStdString();
  draft.text = m_text->toPlainText().toStdString();
  return draft;
}

void AnnotationEditor::updateMoment() {
  const QString moment = m_endMs ? tr("%1 to %2").arg(formatMediaLength(m_startMs), formatMediaLength(*m_endMs))
                                 : formatMediaLength(m_startMs);
  m_momentLabel->setText(isEditing() ? tr("Change the note at %1").arg(moment) : tr("Note at %1").arg(moment));
}

bool AnnotationEditor::eventFilter(QObject* watched, QEvent* event) {
  if (watched == m_text && event->type() == QEvent::KeyPress) {
    auto* key = static_cast<QKeyEvent*>(event);
    const bool isEnter = key->key() == Qt::Key_Return || key->key() == Qt::Key_Enter;
    if (isEnter && !(key->modifiers() & Qt::ShiftModifier)) {
      emit saveRequested();
      return true;
    }
    if (key->key() == Qt::Key_Escape) {
      emit cancelRequested();
      return true;
    }
  }
  return QWidget::eventFilter(watched, event);
}

}  // namespace vakspiegel::ui
