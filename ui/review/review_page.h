// The review screen (step 3 of the learning loop, and the coach's step 4):
// the player on the left with the note being written or the recall question
// under it, the annotations panel on the right, the timeline across the
// bottom. Opening a recording in the library opens this screen.
//
// It puts the parts together and routes their intents: the PlayerPage opens
// and plays (its controller off the GUI thread), the ReviewController loads
// and saves the notes on the use-case worker with undo/redo, the timeline and
// the panel are views over the same AnnotationTableModel. The keyboard goes
// through the KeyMap (remappable; single keys only where focus is on the
// picture, the transport or the timeline).
#pragma once

#include <QWidget>

#include <optional>

#include "common/use_case_runner.h"
#include "player/player_controller.h"
#include "review/annotation_table_model.h"
#include "review/key_map.h"
#include "review/review_controller.h"

class QPushButton;
class QSplitter;

namespace vakspiegel::ui {

class AnnotationEditor;
class AnnotationsPanel;
class PlayerPage;
class PromptCard;
class TimelineWidget;

class ReviewPage : public QWidget {
  Q_OBJECT

 public:
  // `runner` must outlive the page.
  ReviewPage(UseCaseRunner& runner, PlayerController::AudioChoice audio, QWidget* parent = nullptr);
  ~ReviewPage() override;
  ReviewPage(const ReviewPage&) = delete;
  ReviewPage& operator=(const ReviewPage&) = delete;

  // Who reviews: their name (their own notes may be changed), and their key
  // map and prompt setting (kept per user).
  void setUser(const LoggedInUser& user);
  // Opens `recordingId` (titled `title`); `isOwner` and `citizenReview` (the
  // consent's citizen_review scope) decide the layers offered.
  void openRecording(const QString& recordingId, const QString& title, bool isOwner, bool citizenReview);
  // Closes the recording and drops its notes, pictures and undo history.
  void closeRecording();
  void checkStillWatchable();

  [[nodiscard]] QString recordingId() const;
  [[nodiscard]] PlayerPage& player() { return *m_player; }
  [[nodiscard]] PlayerController& controller();
  [[nodiscard]] ReviewController& reviewController() { return m_review; }
  [[nodiscard]] AnnotationTableModel& annotations() { return m_model; }
  [[nodiscard]] TimelineWidget& timeline() { return *m_timeline; }
  [[nodiscard]] KeyMap& keyMap() { return m_keys; }
  [[nodiscard]] QWidget* focusTarget() const;
  [[nodiscard]] bool isFullscreen() const { return m_isFullscreen; }
  [[nodiscard]] bool promptsOnPause() const { return m_promptsOnPause; }

  // Every action of the key map, also for the buttons and tests.
  void trigger(ReviewAction action);
  void showKeyHelp();
  void showKeySettings();

 signals:
  void backRequested();
  void recordingGone(const QString& message);
  // The recording is open and its first picture shown.
  void opened(const QString& recordingId);
  void fullscreenRequested(bool isFullscreen);

 protected:
  bool eventFilter(QObject* watched, QEvent* event) override;

 private:
  void wire();
  [[nodiscard]] KeyMap::Focus focusKind(QWidget* focused) const;
  bool handleKey(QKeyEvent* event, QWidget* focused);
  void seekBy(qint64 deltaMs);
  void jumpToNote(int direction);
  void jumpTo(const QString& id);
  void startNote();
  void editNote(const QString& id);
  void deleteNote(const QString& id);
  void saveNote();
  void closeEditor();
  void askPrompt();
  void answerPrompt();
  void closePrompt();
  void onStateChanged(PlayerController::State state);
  void setFullscreen(bool isFullscreen);
  void updateTimelineMarks();
  void saveSettings();
  void loadSettings();

  UseCaseRunner& m_runner;
  AnnotationTableModel m_model;
  ReviewController m_review;
  KeyMap m_keys;
  std::optional<LoggedInUser> m_user;
  bool m_isOwner = false;
  bool m_citizenReview = false;
  bool m_isFullscreen = false;
  bool m_promptsOnPause = true;
  // Playback was on when the user started typing a note: Enter resumes it.
  bool m_resumeAfterNote = false;
  // The user (not the screen) asked for the last pause: a prompt may follow.
  bool m_isUserPause = false;
  PlayerController::State m_lastState = PlayerController::State::Unknown;
  PlayerPage* m_player;
  TimelineWidget* m_timeline;
  AnnotationsPanel* m_panel;
  AnnotationEditor* m_editor;
  PromptCard* m_prompt;
  QSplitter* m_splitter;
  QPushButton* m_noteButton;
  QPushButton* m_promptButton;
  QPushButton* m_undoButton;
  QPushButton* m_redoButton;
  QPushButton* m_keysButton;
};

}  // namespace vakspiegel::ui
