// The minimal workstation window (until the review UI): the recordings the
// logged-in user may watch, and a player for the one chosen (picture,
// transport bar). Opening goes through Vault::openRecording, so the access
// check and the audit entry are the use case's; the media are decrypted
// while they play and never written out. The status bar says who is logged
// in and what the vault's sweep last did.
#pragma once

#include <QMainWindow>

#include <memory>

#include "app/vault.h"
#include "player_controller.h"

class QLabel;
class QListWidget;
class QListWidgetItem;
class QPushButton;
class QVideoWidget;

namespace vakspiegel {
class Vault;
}

namespace vakspiegel::ui {

class TransportBar;

class PlayerWindow : public QMainWindow {
  Q_OBJECT

 public:
  // `vault` must outlive the window.
  PlayerWindow(Vault& vault, Session session, PlayerController::AudioChoice audio, QWidget* parent = nullptr);
  ~PlayerWindow() override;
  PlayerWindow(const PlayerWindow&) = delete;
  PlayerWindow& operator=(const PlayerWindow&) = delete;

  // Lists the user's recordings again (also done on construction).
  void refreshRecordings();
  // Opens the recording `recordingId` (as if chosen in the list).
  void openRecording(const QString& recordingId);
  // The status bar's line for the sweep.
  void setSweepStatus(const QString& text);

  [[nodiscard]] PlayerController& controller() { return m_controller; }

 private:
  void openSelected();
  void showProblem(const QString& message);
  void wireController();

  Vault& m_vault;
  Session m_session;
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
