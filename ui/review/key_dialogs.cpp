// The key help and key settings dialogs; see key_dialogs.h.
#include "review/key_dialogs.h"

#include <QDialogButtonBox>
#include <QFormLayout>
#include <QHeaderView>
#include <QKeySequenceEdit>
#include <QLabel>
#include <QPushButton>
#include <QScrollArea>
#include <QTableWidget>
#include <QToolButton>
#include <QVBoxLayout>

#include "common/style.h"

namespace vakspiegel::ui {

KeyHelpDialog::KeyHelpDialog(const KeyMap& map, QWidget* parent) : QDialog(parent) {
  setObjectName(QStringLiteral("keyHelp"));
  setWindowTitle(tr("Keys of the review screen"));
  auto* intro = new QLabel(tr("Keys without Ctrl work when the picture, the player's buttons or the timeline have "
                              "the focus, never while you type a note. %1 plays and pauses everywhere.")
                               .arg(map.keysText(ReviewAction::PlayPauseAnywhere)),
                           this);
  intro->setWordWrap(true);
  m_table = new QTableWidget(static_cast<int>(map.bindings().size()), 2, this);
  m_table->setObjectName(QStringLiteral("keyTable"));
  m_table->setAccessibleName(tr("Every key and what it does"));
  m_table->setHorizontalHeaderLabels({tr("What"), tr("Keys")});
  m_table->verticalHeader()->hide();
  m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
  m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
  int row = 0;
  for (const KeyBinding& binding : map.bindings()) {
    m_table->setItem(row, 0, new QTableWidgetItem(binding.description));
    m_table->setItem(row, 1, new QTableWidgetItem(map.keysText(binding.action)));
    ++row;
  }
  m_table->horizontalHeader()->setSectionResizeMode(0, QHeaderView::Stretch);
  m_table->horizontalHeader()->setSectionResizeMode(1, QHeaderView::ResizeToContents);
  m_table->resizeRowsToContents();
  m_table->setCurrentCell(-1, -1);
  auto* buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
  auto* remap = buttons->addButton(tr("&Change keys…"), QDialogButtonBox::ActionRole);
  remap->setObjectName(QStringLiteral("changeKeysButton"));
  connect(remap, &QPushButton::clicked, this, [this] {
    accept();
    emit remapRequested();
  });
  connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
  auto* layout = new QVBoxLayout(this);
  layout->addWidget(intro);
  layout->addWidget(m_table, 1);
  layout->addWidget(buttons);
  resize(600, 700);
}

KeySettingsDialog::KeySettingsDialog(const KeyMap& map, QWidget* parent) : QDialog(parent), m_map(map) {
  setObjectName(QStringLiteral("keySettings"));
  setWindowTitle(tr("Change keys"));
  auto* intro = new QLabel(tr("Select a field and press the new key. Clear a field (the × button) to turn the "
                              "key off. Each action keeps one key here."),
                           this);
  intro->setWordWrap(true);
  auto* form = new QFormLayout;
  for (const KeyBinding& binding : m_map.bindings()) {
    auto* edit = new QKeySequenceEdit(this);
    edit->setObjectName(QStringLiteral("key-") + binding.id);
    edit->setAccessibleName(binding.description);
    edit->setClearButtonEnabled(true);
    const QList<QKeySequence> keys = m_map.keys(binding.action);
    if (!keys.isEmpty()) edit->setKeySequence(keys.front());
    const ReviewAction action = binding.action;
    connect(edit, &QKeySequenceEdit::keySequenceChanged, this, [this, action](const QKeySequence& typed) {
      const QKeySequence key = typed.isEmpty() ? QKeySequence() : QKeySequence(typed[0]);  // one key each
      m_map.setKeys(action, key.isEmpty() ? QList<QKeySequence>{} : QList<QKeySequence>{key});
      showConflict(action, key);
    });
    m_edits.push_back(edit);
    auto* label = new QLabel(binding.description, this);
    label->setBuddy(edit);
    form->addRow(label, edit);
  }
  auto* fields = new QWidget(this);
  fields->setLayout(form);
  auto* scroll = new QScrollArea(this);
  scroll->setWidget(fields);
  scroll->setWidgetResizable(true);
  m_conflictLabel = new QLabel(this);
  m_conflictLabel->setObjectName(QStringLiteral("conflictLabel"));
  m_conflictLabel->setWordWrap(true);
  setProblemStyle(*m_conflictLabel);
  auto* buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
  auto* defaults = buttons->addButton(QDialogButtonBox::RestoreDefaults);
  defaults->setText(tr("&Default keys"));
  connect(defaults, &QPushButton::clicked, this, [this] {
    m_map.resetToDefaults();
    for (std::size_t i = 0; i < m_edits.size(); ++i) {
      const QSignalBlocker blocker(m_edits[i]);
      const QList<QKeySequence> keys = m_map.keys(m_map.bindings()[i].action);
      m_edits[i]->setKeySequence(keys.isEmpty() ? QKeySequence() : keys.front());
    }
    m_conflictLabel->clear();
    m_okButton->setEnabled(true);
  });
  connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
  connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
  m_okButton = buttons->button(QDialogButtonBox::Ok);
  auto* layout = new QVBoxLayout(this);
  layout->addWidget(intro);
  layout->addWidget(scroll, 1);
  layout->addWidget(m_conflictLabel);
  layout->addWidget(buttons);
  resize(560, 640);
}

QKeySequenceEdit* KeySettingsDialog::editFor(ReviewAction action) const {
  for (std::size_t i = 0; i < m_edits.size(); ++i)
    if (m_map.bindings()[i].action == action) return m_edits[i];
  return nullptr;
}

void KeySettingsDialog::showConflict(ReviewAction action, const QKeySequence& key) {
  const std::optional<ReviewAction> other = key.isEmpty() ? std::nullopt : m_map.conflict(action, key);
  m_conflictLabel->setText(other ? tr("%1 is already the key for \"%2\". Choose another key, or change that one first.")
                                       .arg(key.toString(QKeySequence::NativeText), m_map.binding(*other).description)
                                 : QString());
  // Two actions on one key would leave one unreachable: not saved that way.
  bool hasConflict = false;
  for (const KeyBinding& binding : m_map.bindings())
    for (const QKeySequence& bound : m_map.keys(binding.action))
      hasConflict = hasConflict || m_map.conflict(binding.action, bound).has_value();
  m_okButton->setEnabled(!hasConflict);
}

}  // namespace vakspiegel::ui
