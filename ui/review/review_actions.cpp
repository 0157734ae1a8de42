// The review screen's keyboard and its flows: what each key-map action does,
// writing and changing notes while watching, the recall question at a pause,
// and full screen. See review_page.h.
#include <QAbstractButton>
#include <QApplication>
#include <QKeyEvent>
#include <QLineEdit>
#include <QMessageBox>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QTableView>
#include <QTextEdit>
#include <QVideoWidget>

#include <algorithm>

#include "common/qt_conversions.h"
#include "player/player_page.h"
#include "player/transport_bar.h"
#include "review/annotation_editor.h"
#include "review/annotations_panel.h"
#include "review/key_dialogs.h"
#include "review/prompt_card.h"
#include "review/review_page.h"
#include "review/timeline_widget.h"

namespace vakspiegel::ui {

namespace {

// A point note lingers this long after its moment when jumping between notes.
constexpr qint64 kJumpSlackMs = 250;

bool isTextInput(QWidget* widget) {
  return qobject_cast<QLineEdit*>(widget) != nullptr || qobject_cast<QPlainTextEdit*>(widget) != nullptr ||
         qobject_cast<QTextEdit*>(widget) != nullptr || widget->inherits("QKeySequenceEdit") ||
         (widget->parentWidget() && widget->parentWidget()->inherits("QKeySequenceEdit"));
}

}  // namespace

// ---------------------------------------------------------------- keys

KeyMap::Focus ReviewPage::focusKind(QWidget* focused) const {
  if (focused == nullptr || focused == this) return KeyMap::Focus::Media;
  if (isTextInput(focused)) return KeyMap::Focus::Text;
  if (focused == m_timeline || focused == m_player->videoWidget() || m_player->videoWidget()->isAncestorOf(focused))
    return KeyMap::Focus::Media;
  // The transport's and the header's buttons: keys act; a slider or a box keeps its own.
  if (qobject_cast<QAbstractButton*>(focused) && m_player->isAncestorOf(focused)) return KeyMap::Focus::Media;
  return KeyMap::Focus::Other;
}

bool ReviewPage::eventFilter(QObject* watched, QEvent* event) {
  const QEvent::Type type = event->type();
  if (type != QEvent::KeyPress && type != QEvent::ShortcutOverride) return QWidget::eventFilter(watched, event);
  auto* widget = qobject_cast<QWidget*>(watched);
  // Keys meant for this page: its own widgets, while it is shown and no dialog is up.
  if (widget == nullptr || !isVisible() || QApplication::activeModalWidget() != nullptr ||
      (widget != this && !isAncestorOf(widget)))
    return QWidget::eventFilter(watched, event);
  auto* key = static_cast<QKeyEvent*>(event);
  if (type == QEvent::ShortcutOverride) {
    // Ours before the window's menu shortcuts, and Esc for the editor and the card.
    if (handleKey(key, widget)) {
      key->accept();
      return true;
    }
    return false;
  }
  return handleKey(key, widget);
}

bool ReviewPage::handleKey(QKeyEvent* event, QWidget* focused) {
  if (event->key() == Qt::Key_Escape && event->modifiers() == Qt::NoModifier) {
    if (event->type() == QEvent::ShortcutOverride) return true;  // the key press follows
    if (m_editor->isVisible() && (m_editor->isAncestorOf(focused) || focused == m_editor)) closeEditor();
    else if (m_prompt->isVisible() && m_prompt->isAncestorOf(focused)) closePrompt();
    else if (m_isFullscreen) setFullscreen(false);
    else if (m_editor->isVisible()) closeEditor();
    else if (m_prompt->isVisible()) closePrompt();
    else emit backRequested();
    return true;
  }
  if (recordingId().isEmpty()) return false;
  // Space on a focused button presses it (keyboard users press buttons with it).
  if (event->key() == Qt::Key_Space && event->modifiers() == Qt::NoModifier) {
    auto* button = qobject_cast<QAbstractButton*>(focused);
    if (button && button != m_player->transportBar()->playControl()) return false;
  }
  // A symbol typed with Shift (+, ?, [ on many layouts) is that symbol:
  // the key map names the symbol, not the keys that make it.
  Qt::KeyboardModifiers modifiers = event->modifiers() & ~Qt::KeypadModifier;
  const int code = event->key();
  const bool isSymbol = code > Qt::Key_Space && code <= Qt::Key_AsciiTilde &&
                        !(code >= Qt::Key_A && code <= Qt::Key_Z) && !(code >= Qt::Key_0 && code <= Qt::Key_9);
  if (isSymbol) modifiers &= ~Qt::ShiftModifier;
  const QKeySequence sequence(QKeyCombination(modifiers, static_cast<Qt::Key>(code)));
  const std::optional<ReviewAction> action = m_keys.actionFor(sequence, focusKind(focused));
  if (!action) return false;
  if (event->type() == QEvent::KeyPress) trigger(*action);
  return true;
}

void ReviewPage::trigger(ReviewAction action) {
  PlayerController& c = m_player->controller();
  if (!c.isOpen() && action != ReviewAction::Help) return;
  switch (action) {
    case ReviewAction::PlayPauseAnywhere:
    case ReviewAction::PlayPause:
      if (c.state() == PlayerController::State::Playing) {
        m_isUserPause = true;
        c.pause();
      } else {
        closePrompt();
        c.play();
      }
      break;
    case ReviewAction::Back10: seekBy(-10'000); break;
    case ReviewAction::Forward10: seekBy(10'000); break;
    case ReviewAction::Back5: seekBy(-5'000); break;
    case ReviewAction::Forward5: seekBy(5'000); break;
    case ReviewAction::Back1: seekBy(-1'000); break;
    case ReviewAction::Forward1: seekBy(1'000); break;
    case ReviewAction::FrameBack: c.stepBackward(); break;
    case ReviewAction::FrameForward: c.stepForward(); break;
    case ReviewAction::Slower:
    case ReviewAction::Faster: {
      const auto& speeds = TransportBar::kSpeeds;
      const double now = c.speed();
      if (action == ReviewAction::Faster) {
        for (const double s : speeds)
          if (s > now + 1e-6) return c.setSpeed(s);
      } else {
        for (auto it = std::rbegin(speeds); it != std::rend(speeds); ++it)
          if (*it < now - 1e-6) return c.setSpeed(*it);
      }
      break;
    }
    case ReviewAction::MarkIn: c.setLoopStart(); break;
    case ReviewAction::MarkOut: c.setLoopEnd(); break;
    case ReviewAction::ClearMarks: c.clearLoop(); break;
    case ReviewAction::ToggleLoop: c.setLoopEnabled(!c.isLoopEnabled()); break;
    case ReviewAction::Annotate: startNote(); break;
    case ReviewAction::AskPrompt: askPrompt(); break;
    case ReviewAction::PreviousAnnotation: jumpToNote(-1); break;
    case ReviewAction::NextAnnotation: jumpToNote(1); break;
    case ReviewAction::Start: c.seek(0); break;
    case ReviewAction::End: c.seek(c.durationMs()); break;
    case ReviewAction::ZoomIn: m_timeline->zoomIn(); break;
    case ReviewAction::ZoomOut: m_timeline->zoomOut(); break;
    case ReviewAction::ZoomAll: m_timeline->zoomAll(); break;
    case ReviewAction::Fullscreen: setFullscreen(!m_isFullscreen); break;
    case ReviewAction::Mute:
      if (c.isAudioAttached()) c.setMuted(!c.isMuted());
      break;
    case ReviewAction::Undo: m_review.undoStack().undo(); break;
    case ReviewAction::Redo: m_review.undoStack().redo(); break;
    case ReviewAction::Help: showKeyHelp(); break;
  }
}

void ReviewPage::seekBy(qint64 deltaMs) {
  PlayerController& c = m_player->controller();
  c.seek(std::clamp<qint64>(c.positionMs() + deltaMs, 0, c.durationMs()));
}

void ReviewPage::jumpToNote(int direction) {
  const qint64 now = m_player->controller().positionMs();
  const std::vector<Annotation>& notes = m_model.annotations();
  const Annotation* target = nullptr;
  if (direction > 0) {
    for (const Annotation& a : notes)
      if (a.positionUs / 1000 > now + kJumpSlackMs / 10) {
        target = &a;
        break;
      }
  } else {
    for (auto it = notes.rbegin(); it != notes.rend(); ++it)
      if (it->positionUs / 1000 < now - kJumpSlackMs) {
        target = &*it;
        break;
      }
  }
  if (target) jumpTo(QString::fromStdString(target->id));
}

void ReviewPage::jumpTo(const QString& id) {
  const Annotation* note = m_model.find(id);
  if (!note) return;
  m_player->controller().seek(note->positionUs / 1000);
  m_panel->select(id);
  m_timeline->setSelectedMark(id);
}

void ReviewPage::showKeyHelp() {
  KeyHelpDialog help(m_keys, this);
  bool remap = false;
  connect(&help, &KeyHelpDialog::remapRequested, this, [&remap] { remap = true; });
  help.exec();
  if (remap) showKeySettings();
}

void ReviewPage::showKeySettings() {
  KeySettingsDialog settings(m_keys, this);
  if (settings.exec() != QDialog::Accepted) return;
  m_keys = settings.map();
  saveSettings();
}

// ---------------------------------------------------------------- notes

void ReviewPage::startNote() {
  PlayerController& c = m_player->controller();
  closePrompt();
  const std::optional<qint64> in = c.loopStartMs(), out = c.loopEndMs();
  if (in && out && *out > *in)
    m_editor->startNew(*in, *out);
  else
    m_editor->startNew(c.positionMs(), std::nullopt);
  m_resumeAfterNote = false;
  m_editor->show();
  m_editor->textEdit()->setFocus(Qt::ShortcutFocusReason);
}

void ReviewPage::editNote(const QString& id) {
  const Annotation* note = m_model.find(id);
  if (!note) return;
  closePrompt();
  m_editor->startEdit(*note);
  m_resumeAfterNote = false;
  m_editor->show();
  m_editor->textEdit()->setFocus(Qt::ShortcutFocusReason);
}

void ReviewPage::deleteNote(const QString& id) {
  if (!m_model.find(id)) return;
  m_review.remove(id);  // undoable: no confirmation needed
}

void ReviewPage::saveNote() {
  AnnotationDraft draft = m_editor->draft();
  if (m_editor->textEdit()->toPlainText().trimmed().isEmpty()) {
    m_editor->textEdit()->setPlaceholderText(tr("Write what you noticed first, or press Esc to close."));
    return;
  }
  if (m_editor->isEditing())
    m_review.edit(m_editor->editingId(), std::move(draft));
  else
    m_review.add(std::move(draft));
  closeEditor();
}

void ReviewPage::closeEditor() {
  m_editor->hide();
  m_editor->textEdit()->clear();
  m_timeline->setFocus(Qt::OtherFocusReason);
  if (m_resumeAfterNote) m_player->controller().play();
  m_resumeAfterNote = false;
}

// ---------------------------------------------------------------- recall questions

void ReviewPage::onStateChanged(PlayerController::State state) {
  const PlayerController::State before = m_lastState;
  m_lastState = state;
  m_timeline->setFollowing(state == PlayerController::State::Playing);
  const bool userPaused = m_isUserPause;
  m_isUserPause = false;
  if (before == PlayerController::State::Playing && state == PlayerController::State::Paused && userPaused &&
      m_promptsOnPause && !m_editor->isVisible())
    askPrompt();
}

void ReviewPage::askPrompt() {
  // Recalling one's own conversation is the klantmanager's step; a coach annotates.
  if (!m_isOwner || !m_prompt->hasPrompts() || m_editor->isVisible()) return;
  PlayerController& c = m_player->controller();
  if (c.state() == PlayerController::State::Playing) c.pause();
  m_prompt->ask(c.positionMs());
  m_prompt->show();
  m_prompt->answerField()->setFocus(Qt::OtherFocusReason);
}

void ReviewPage::answerPrompt() {
  AnnotationDraft draft;
  draft.positionUs = m_prompt->atMs() * 1000;
  draft.promptId = m_prompt->promptId().toStdString();
  draft.text = m_prompt->answer().toStdString();
  m_review.add(std::move(draft));
  closePrompt();
}

void ReviewPage::closePrompt() {
  if (!m_prompt->isVisible()) return;
  const bool hadFocus = m_prompt->isAncestorOf(QApplication::focusWidget());
  m_prompt->hide();
  m_prompt->answerField()->clear();
  if (hadFocus) m_timeline->setFocus(Qt::OtherFocusReason);
}

// ---------------------------------------------------------------- full screen

void ReviewPage::setFullscreen(bool isFullscreen) {
  if (isFullscreen == m_isFullscreen) return;
  m_isFullscreen = isFullscreen;
  m_panel->setVisible(!isFullscreen);
  m_timeline->setVisible(!isFullscreen);
  m_player->setTitleRowVisible(!isFullscreen);
  emit fullscreenRequested(isFullscreen);
  m_player->focusTarget()->setFocus(Qt::OtherFocusReason);
}

}  // namespace vakspiegel::ui
