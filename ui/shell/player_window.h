// The minimal workstation window (until the workstation's shell): the
// recordings the logged-in user may watch, and a player for the one chosen
// (picture, transport bar). Listing and opening are the services' (the
// access check and the audit entry are theirs), run on the use-case worker
// (common/use_case_runner.h), never on the GUI thread; the media are
// decrypted while they play and never written out. The status bar says who
// is logged in and what the vault's sweep last did.
#pragma once

#include <QMainWindow>

#include <memory>

#include "app/playback_service.h"
#include "app/recording_service.h"
#include "common/use_case_runner.h"
#include "player/player_controller.h"

class QLabel;
class QListWidget;
class QListWidgetItem;
class QPushButton;
class QVideoWidget;

namespace vakspiegel::ui {

class TransportBar;

class PlayerWindow : public QMainWindow {
  Q_OBJECT

 public:
  // `runner` (holding `user`'s session) must outlive the window.
  PlayerWindow(UseCaseRunner& runner, LoggedInUser user, PlayerController::AudioChoice audio,
               QWidget* parent = nullptr);
  ~PlayerWindow() override;
  PlayerWindow(const PlayerWindow&) = delete;
  PlayerWindow& operator=(const PlayerWindow&) = delete;

  // Lists the user's recordings again (also done on construction); the list
  // fills when the worker answers.
  void refreshRecordings();
  // Opens the recording `recordingId` (as if chosen in the list); it plays
  // when the worker has opened it.
  void openRecording(const QString& recordingId);
  // The status bar's line for the sweep.
  void setSweepStatus(const QString& text);

  [[nodiscard]] PlayerController& controller() { return m_controller; }

 private:
  void showRecordings(const Result<std::vector<RecordingInfo>>& recordings);
  void startPlaying(const QString& recordingId, Result<OpenedRecording> opened);
  void openSelected();
  void showProblem(const QString& message);
  void wireController();

  UseCaseRunner& m_runner;
  LoggedInUser m_user;
  PlayerController m_controller;
  QListWidget* m_recordings;
  QLabel* m_listMessage;
  QPushButton* m_openButton;
  QLabel* m_titleLabel;
  QVideoWidget* m_video;
  QLabel* m_problemLabel;
  TransportBar* m_transport;
  QLabel* m_soundLabel;
  QLabel* m_sweepLabel;
};

}  // namespace vakspiegel::ui
