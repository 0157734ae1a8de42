// The player's controls under the picture: play/pause, a picture back and
// forward, the position slider with the time, speed, the A-B loop, volume and
// mute. A view: state comes in through setters, what the user asks for goes
// out through signals (the window wires it to the PlayerController).
//
// Keyboard: every control is reachable with Tab; the review screen's key map
// (review/key_map.h) gives the single keys named in the tooltips. On the
// position slider PageUp/PageDown jump 5 s, Home/End go to the start/end.
// Buttons take no focus from a mouse click, so the keys keep working.
#pragma once

#include <QWidget>

#include <optional>

class QComboBox;
class QLabel;
class QSlider;
class QToolButton;
class QPushButton;

namespace vakspiegel::ui {

class TransportBar : public QWidget {
  Q_OBJECT

 public:
  explicit TransportBar(QWidget* parent = nullptr);

  void setPlaying(bool isPlaying);
  void setDuration(qint64 durationMs);
  void setPosition(qint64 positionMs);
  void setSpeed(double speed);
  void setLoop(std::optional<qint64> startMs, std::optional<qint64> endMs, bool isRepeating);
  void setVolume(double volume);  // 0..1
  void setMuted(bool isMuted);
  // Without an audio device the volume controls are disabled and say why.
  void setSoundAvailable(bool isAvailable);

  // The first control in the tab order, and the one to focus when a
  // recording was opened.
  [[nodiscard]] QWidget* firstControl() const;
  [[nodiscard]] QWidget* playControl() const;

  // The speeds offered, slowest first.
  static constexpr double kSpeeds[] = {0.25, 0.5, 0.75, 1.0, 1.25, 1.5, 2.0};

 signals:
  void playToggled();
  void stepBackwardRequested();
  void stepForwardRequested();
  void seekRequested(qint64 positionMs);
  void speedRequested(double speed);
  void loopStartRequested();
  void loopEndRequested();
  void loopClearRequested();
  void loopToggled(bool isRepeating);
  void volumeRequested(double volume);
  void mutedRequested(bool isMuted);

 private:
  void updateTimeLabel();

  QPushButton* m_playButton;
  QPushButton* m_backButton;
  QPushButton* m_forwardButton;
  QSlider* m_positionSlider;
  QLabel* m_timeLabel;
  QLabel* m_speedLabel;
  QComboBox* m_speedBox;
  QPushButton* m_loopStartButton;
  QPushButton* m_loopEndButton;
  QPushButton* m_loopClearButton;
  QPushButton* m_loopToggleButton;
  QLabel* m_loopLabel;
  QToolButton* m_muteButton;
  QSlider* m_volumeSlider;
  bool m_isPlaying = false;
  bool m_isMuted = false;
  bool m_isSoundAvailable = true;
  qint64 m_durationMs = 0;
  qint64 m_positionMs = 0;
};

}  // namespace vakspiegel::ui
