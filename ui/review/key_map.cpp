// The review screen's keyboard map; see key_map.h.
#include "review/key_map.h"

#include <QCoreApplication>
#include <QSettings>
#include <QStringList>

#include <optional>

namespace vakspiegel::ui {

namespace {

QKeySequence key(int code) {
  return QKeySequence(code);
}

constexpr char kSettingsGroup[] = "review-keys";

}  // namespace

KeyMap::KeyMap() {
  using A = ReviewAction;
  const auto ctrl = [](int k) { return QKeySequence(Qt::CTRL | k); };
  const auto shift = [](int k) { return QKeySequence(Qt::SHIFT | k); };
  m_bindings = {
      {A::PlayPauseAnywhere, QStringLiteral("play-pause-anywhere"), tr("Play or pause, also while typing"),
       {ctrl(Qt::Key_Space)}},
      {A::PlayPause, QStringLiteral("play-pause"), tr("Play or pause"), {key(Qt::Key_Space), key(Qt::Key_K)}},
      {A::Back10, QStringLiteral("back-10"), tr("10 seconds back"), {key(Qt::Key_J)}},
      {A::Forward10, QStringLiteral("forward-10"), tr("10 seconds forward"), {key(Qt::Key_L)}},
      {A::Back5, QStringLiteral("back-5"), tr("5 seconds back"), {key(Qt::Key_Left)}},
      {A::Forward5, QStringLiteral("forward-5"), tr("5 seconds forward"), {key(Qt::Key_Right)}},
      {A::Back1, QStringLiteral("back-1"), tr("1 second back"), {shift(Qt::Key_Left)}},
      {A::Forward1, QStringLiteral("forward-1"), tr("1 second forward"), {shift(Qt::Key_Right)}},
      {A::FrameBack, QStringLiteral("frame-back"), tr("One picture back"), {key(Qt::Key_Comma)}},
      {A::FrameForward, QStringLiteral("frame-forward"), tr("One picture forward"), {key(Qt::Key_Period)}},
      {A::Slower, QStringLiteral("slower"), tr("Slower"), {key(Qt::Key_BracketLeft)}},
      {A::Faster, QStringLiteral("faster"), tr("Faster"), {key(Qt::Key_BracketRight)}},
      {A::MarkIn, QStringLiteral("mark-in"), tr("Mark the start of a range (in)"), {key(Qt::Key_I)}},
      {A::MarkOut, QStringLiteral("mark-out"), tr("Mark the end of a range (out)"), {key(Qt::Key_O)}},
      {A::ClearMarks, QStringLiteral("clear-marks"), tr("Clear the marked range"), {shift(Qt::Key_X)}},
      {A::ToggleLoop, QStringLiteral("loop"), tr("Repeat the marked range on or off"), {key(Qt::Key_R)}},
      {A::Annotate, QStringLiteral("annotate"), tr("Write a note at this moment (or on the marked range)"),
       {key(Qt::Key_N), ctrl(Qt::Key_Return)}},
      {A::AskPrompt, QStringLiteral("prompt"), tr("Show a recall question"), {key(Qt::Key_V)}},
      {A::PreviousAnnotation, QStringLiteral("previous-note"), tr("Previous note"), {ctrl(Qt::Key_Left)}},
      {A::NextAnnotation, QStringLiteral("next-note"), tr("Next note"), {ctrl(Qt::Key_Right)}},
      {A::Start, QStringLiteral("start"), tr("To the start"), {key(Qt::Key_Home)}},
      {A::End, QStringLiteral("end"), tr("To the end"), {key(Qt::Key_End)}},
      {A::ZoomIn, QStringLiteral("zoom-in"), tr("Zoom the timeline in"), {key(Qt::Key_Plus), key(Qt::Key_Equal)}},
      {A::ZoomOut, QStringLiteral("zoom-out"), tr("Zoom the timeline out"), {key(Qt::Key_Minus)}},
      {A::ZoomAll, QStringLiteral("zoom-all"), tr("Show the whole conversation"), {key(Qt::Key_0)}},
      {A::Fullscreen, QStringLiteral("fullscreen"), tr("Full screen on or off"), {key(Qt::Key_F)}},
      {A::Mute, QStringLiteral("mute"), tr("Sound off or on"), {key(Qt::Key_M)}},
      {A::Undo, QStringLiteral("undo"), tr("Undo the last change to a note"), {QKeySequence(QKeySequence::Undo)}},
      {A::Redo, QStringLiteral("redo"), tr("Redo"), {ctrl(Qt::Key_Y), QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_Z)}},
      {A::Help, QStringLiteral("help"), tr("Show every key"), {key(Qt::Key_Question), key(Qt::Key_F1)}},
  };
  resetToDefaults();
}

const KeyBinding& KeyMap::binding(ReviewAction action) const {
  for (const KeyBinding& b : m_bindings)
    if (b.action == action) return b;
  return m_bindings.front();
}

QList<QKeySequence> KeyMap::keys(ReviewAction action) const {
  for (std::size_t i = 0; i < m_bindings.size(); ++i)
    if (m_bindings[i].action == action) return m_keys[i];
  return {};
}

void KeyMap::setKeys(ReviewAction action, const QList<QKeySequence>& keys) {
  for (std::size_t i = 0; i < m_bindings.size(); ++i)
    if (m_bindings[i].action == action) m_keys[i] = keys;
}

void KeyMap::resetToDefaults() {
  m_keys.clear();
  for (const KeyBinding& b : m_bindings) m_keys.push_back(b.defaults);
}

bool KeyMap::isSingleKey(const QKeySequence& key) {
  if (key.isEmpty()) return false;
  const Qt::KeyboardModifiers modifiers = key[0].keyboardModifiers();
  return !(modifiers & (Qt::ControlModifier | Qt::AltModifier | Qt::MetaModifier));
}

std::optional<ReviewAction> KeyMap::actionFor(const QKeySequence& key, Focus focus) const {
  const bool isFunctionKey = !key.isEmpty() && key[0].key() >= Qt::Key_F1 && key[0].key() <= Qt::Key_F12;
  if (focus != Focus::Media && isSingleKey(key) && !isFunctionKey) return std::nullopt;
  for (std::size_t i = 0; i < m_bindings.size(); ++i) {
    if (!m_keys[i].contains(key)) continue;
    if (focus == Focus::Text && m_bindings[i].action != ReviewAction::PlayPauseAnywhere) return std::nullopt;
    return m_bindings[i].action;
  }
  return std::nullopt;
}

std::optional<ReviewAction> KeyMap::conflict(ReviewAction action, const QKeySequence& key) const {
  for (std::size_t i = 0; i < m_bindings.size(); ++i)
    if (m_bindings[i].action != action && m_keys[i].contains(key)) return m_bindings[i].action;
  return std::nullopt;
}

void KeyMap::load(QSettings& settings) {
  resetToDefaults();
  settings.beginGroup(QString::fromLatin1(kSettingsGroup));
  for (std::size_t i = 0; i < m_bindings.size(); ++i) {
    if (!settings.contains(m_bindings[i].id)) continue;
    QList<QKeySequence> keys;
    for (const QString& text : settings.value(m_bindings[i].id).toStringList()) {
      const QKeySequence sequence = QKeySequence::fromString(text, QKeySequence::PortableText);
      if (!sequence.isEmpty()) keys.push_back(sequence);
    }
    m_keys[i] = keys;
  }
  settings.endGroup();
}

void KeyMap::save(QSettings& settings) const {
  settings.beginGroup(QString::fromLatin1(kSettingsGroup));
  settings.remove(QString());
  for (std::size_t i = 0; i < m_bindings.size(); ++i) {
    if (m_keys[i] == m_bindings[i].defaults) continue;  // only what the user changed
    QStringList texts;
    for (const QKeySequence& sequence : m_keys[i]) texts << sequence.toString(QKeySequence::PortableText);
    settings.setValue(m_bindings[i].id, texts);
  }
  settings.endGroup();
}

QString KeyMap::keysText(ReviewAction action) const {
  const QList<QKeySequence> list = keys(action);
  if (list.isEmpty()) return tr("off");
  QStringList texts;
  for (const QKeySequence& sequence : list) {
    // Named as on the key: "komma (,)" is easier to see than ",".
    const QKeyCombination key = sequence[0];
    QString text = sequence.toString(QKeySequence::NativeText);
    if (key.key() == Qt::Key_Comma && key.keyboardModifiers() == Qt::NoModifier) text = tr("comma (,)");
    if (key.key() == Qt::Key_Period && key.keyboardModifiers() == Qt::NoModifier) text = tr("period (.)");
    if (key.key() == Qt::Key_Return)
      text = QKeySequence(QKeyCombination(key.keyboardModifiers(), Qt::Key_Enter)).toString(QKeySequence::NativeText);
    texts << text;
  }
  return texts.join(QStringLiteral(", "));
}

}  // namespace vakspiegel::ui
