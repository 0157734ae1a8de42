// The review screen's keyboard map: every action with its default keys,
// what the user changed, and where it works. Conventions after mpv, ELAN,
// NLEs and video sites: Space/K play, J/L 10 s, arrows 5 s (Shift 1 s),
// comma/period one picture, [ ] speed, I/O mark in/out, N annotate, R loop,
// Ctrl+Left/Right previous/next annotation, F full screen, ? help.
//
// Single keys (no Ctrl or Alt) act only where focus is on the picture, the
// transport or the timeline: typing a note never triggers them (WCAG 2.1.4).
// The user may remap or turn off any binding; the map is kept in QSettings
// (per user account) and survives a restart.
#pragma once

#include <QCoreApplication>
#include <QKeySequence>
#include <QList>
#include <QString>

#include <optional>
#include <vector>

class QSettings;

namespace vakspiegel::ui {

enum class ReviewAction {
  PlayPauseAnywhere,  // Ctrl+Space: also while typing
  PlayPause,
  Back10,
  Forward10,
  Back5,
  Forward5,
  Back1,
  Forward1,
  FrameBack,
  FrameForward,
  Slower,
  Faster,
  MarkIn,
  MarkOut,
  ClearMarks,
  ToggleLoop,
  Annotate,
  AskPrompt,
  PreviousAnnotation,
  NextAnnotation,
  Start,
  End,
  ZoomIn,
  ZoomOut,
  ZoomAll,
  Fullscreen,
  Mute,
  Undo,
  Redo,
  Help,
};

struct KeyBinding {
  ReviewAction action;
  QString id;           // stable, the QSettings key
  QString description;  // in the user's language
  QList<QKeySequence> defaults;
};

class KeyMap {
  Q_DECLARE_TR_FUNCTIONS(KeyMap)

 public:
  KeyMap();

  // Every action, in the order the help lists them.
  [[nodiscard]] const std::vector<KeyBinding>& bindings() const { return m_bindings; }
  [[nodiscard]] const KeyBinding& binding(ReviewAction action) const;
  // The keys in force (the defaults unless changed; empty when turned off).
  [[nodiscard]] QList<QKeySequence> keys(ReviewAction action) const;
  void setKeys(ReviewAction action, const QList<QKeySequence>& keys);
  void resetToDefaults();
  // Where the keyboard focus is when a key is pressed.
  enum class Focus {
    Media,  // the picture, the transport's buttons, the timeline: every binding
    Other,  // a list, a slider, a box: bindings with Ctrl or Alt only
    Text,   // a field being typed in: play/pause-anywhere only
  };
  // The action a key press is bound to there; nothing when none.
  [[nodiscard]] std::optional<ReviewAction> actionFor(const QKeySequence& key, Focus focus) const;
  // Whether a sequence needs no Ctrl/Alt/Meta (acts only where focus is).
  [[nodiscard]] static bool isSingleKey(const QKeySequence& key);
  // The other action already bound to `key`, if any.
  [[nodiscard]] std::optional<ReviewAction> conflict(ReviewAction action, const QKeySequence& key) const;

  void load(QSettings& settings);
  void save(QSettings& settings) const;
  // The keys as the help shows them, e.g. "Spatie, K" (or "uit").
  [[nodiscard]] QString keysText(ReviewAction action) const;

 private:
  std::vector<KeyBinding> m_bindings;
  std::vector<QList<QKeySequence>> m_keys;  // by index of m_bindings
};

}  // namespace vakspiegel::ui
