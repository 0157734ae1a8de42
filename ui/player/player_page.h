// The player screen: the picture, the transport bar and the recording's
// title. Opening is PlaybackService's (the access check and the audit entry
// are its), run on the use-case worker; the media are decrypted while they
// play and never written out. While a recording is open the page asks every
// two seconds whether it may still be watched, so one withdrawn, deleted or
// expired by any program (this window, the CLI, the system timer) stops and
// leaves the screen within five seconds.
#pragma once

#include <QTimer>
#include <QWidget>

#include <memory>

#include "app/playback_service.h"
#include "common/timeline_data.h"
#include "common/use_case_runner.h"
#include "player/player_controller.h"

class QHBoxLayout;
class QLabel;
class QPushButton;
class QVideoWidget;

namespace vakspiegel::ui {

class TransportBar;

class PlayerPage : public QWidget {
  Q_OBJECT

 public:
  // `runner` must outlive the page.
  PlayerPage(UseCaseRunner& runner, PlayerController::AudioChoice audio, QWidget* parent = nullptr);
  ~PlayerPage() override;
  PlayerPage(const PlayerPage&) = delete;
  PlayerPage& operator=(const PlayerPage&) = delete;

  // Opens `recordingId` (titled `title`); it is ready to play when the
  // worker has opened it (opened() or a problem shown).
  void openRecording(const QString& recordingId, const QString& title);
  // Stops playing, drops the readers and the data key, and clears the
  // picture: nothing of the recording stays on screen.
  void closeRecording();
  // Asks at once whether the open recording may still be watched (after a
  // sweep, say), instead of at the next two-second check.
  void checkStillWatchable();

  [[nodiscard]] QString recordingId() const { return m_recordingId; }
  [[nodiscard]] PlayerController& controller() { return m_controller; }
  // Where the keyboard goes when the page is shown.
  [[nodiscard]] QWidget* focusTarget() const;
  [[nodiscard]] QVideoWidget* videoWidget() const { return m_video; }
  [[nodiscard]] TransportBar* transportBar() const { return m_transport; }
  // Puts `widget` at the right end of the title row (the review screen's
  // buttons).
  void addHeaderWidget(QWidget* widget);
  // Full screen shows the picture and the transport only.
  void setTitleRowVisible(bool isVisible);
  // A problem under the picture (Dutch), until the recording closes.
  void showProblem(const QString& message);

 signals:
  void backRequested();
  // The recording is open and its picture shown.
  void opened(const QString& recordingId);
  // The open recording may no longer be watched and was closed; `message`
  // says why, for the screen the user is sent back to.
  void recordingGone(const QString& message);
  // The timeline's pictures, waveform and speech, read after the first
  // picture is shown: first with a few thumbnails spread over the whole
  // recording, then (isComplete) with all of them.
  void timelineRead(const QString& recordingId, std::shared_ptr<const TimelineImages> images, bool isComplete);

 private:
  void startPlaying(const QString& recordingId, Result<OpenedRecording> result);
  void readTimeline(const QString& recordingId, std::shared_ptr<OpenedRecording> derived);
  void wireController();

  UseCaseRunner& m_runner;
  PlayerController m_controller;
  QString m_recordingId;
  QString m_title;
  QTimer m_watchTimer;
  bool m_isChecking = false;
  QHBoxLayout* m_titleRow;
  QPushButton* m_backButton;
  QLabel* m_titleLabel;
  QVideoWidget* m_video;
  QLabel* m_problemLabel;
  TransportBar* m_transport;
  QLabel* m_soundLabel;
};

}  // namespace vakspiegel::ui
