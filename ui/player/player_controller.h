// The Qt face of the playback engine (media/player.h): pictures into a
// QVideoSink, sound into a QAudioSink, positions in milliseconds for widgets,
// transport as slots and what changed as signals. Widgets never talk to the
// engine directly.
//
// Sound goes to the default audio output only when QMediaDevices lists one
// (and it takes 48 kHz stereo float); otherwise the engine is opened without
// an audio output and plays silently on its monotonic clock. Pictures are
// taken from the engine on the UI thread: by a timer while playing, and on the
// engine's wake-up call (posted to the UI thread) when paused, after a seek
// or a step.
#pragma once

#include <QElapsedTimer>
#include <QObject>
#include <QPointer>
#include <QString>
#include <QTimer>

#include <atomic>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>

#include "core/error.h"
#include "media/player.h"

class QAudioSink;
class QVideoSink;

namespace vakspiegel {
class ChunkedFileReader;
}

namespace vakspiegel::ui {

class AudioFeed;

class PlayerController : public QObject {
  Q_OBJECT

 public:
  enum class State {
    Unknown = 0,  // nothing open
    Paused,       // also after open, a seek and a step
    Playing,
    Ended,  // at the last picture; play() starts again from the start
  };
  Q_ENUM(State)

  enum class AudioChoice {
    IfDeviceExists,  // sound to the default output when there is one
    Never,           // always silent, on the monotonic clock
  };

  explicit PlayerController(AudioChoice audio = AudioChoice::IfDeviceExists, QObject* parent = nullptr);
  ~PlayerController() override;
  PlayerController(const PlayerController&) = delete;
  PlayerController& operator=(const PlayerController&) = delete;

  // Closes what was open, then opens a recording from the vault (the reader
  // of OpenedRecording) or a plain file (tests). Paused at the start; the
  // first picture follows. Errors: media::Player::open's (CorruptData,
  // Unsupported, Io; Dutch messages).
  [[nodiscard]] Status open(std::unique_ptr<ChunkedFileReader> reader);
  [[nodiscard]] Status openFile(const std::filesystem::path& path);
  void close();

  // Where pictures go (not owned; may be null or go away).
  void setVideoSink(QVideoSink* sink);

  // Whether QMediaDevices lists an audio output.
  [[nodiscard]] static bool hasAudioDevice();

  [[nodiscard]] bool isOpen() const { return m_player != nullptr; }
  // Sound is played through a QAudioSink (false: silent, monotonic clock).
  [[nodiscard]] bool isAudioAttached() const { return m_audioSink != nullptr; }
  [[nodiscard]] State state() const { return m_state; }
  [[nodiscard]] qint64 positionMs() const;
  [[nodiscard]] std::int64_t positionUs() const;
  [[nodiscard]] qint64 durationMs() const;
  [[nodiscard]] qint64 frameDurationMs() const;
  [[nodiscard]] double speed() const;
  [[nodiscard]] double volume() const { return m_volume; }
  [[nodiscard]] bool isMuted() const { return m_isMuted; }
  // The loop's marks (A = start, B = end), each set or not; the loop plays
  // while both are set.
  [[nodiscard]] std::optional<qint64> loopStartMs() const;
  [[nodiscard]] std::optional<qint64> loopEndMs() const;
  [[nodiscard]] bool isLoopEnabled() const { return m_isLoopEnabled; }
  // The engine, for what the controller does not pass on (info, stats).
  [[nodiscard]] const media::Player* player() const { return m_player.get(); }

 public slots:
  void play();
  void pause();
  void togglePlay();
  void seek(qint64 positionMs);
  // Fast, while scrubbing: the keyframe at or before; seek() on release.
  void seekKeyframe(qint64 positionMs);
  void stepForward();
  void stepBackward();
  void setSpeed(double speed);  // 0.25 to 2 (clamped by the engine)
  // A: the loop starts at the picture shown now; B: it ends after it. A mark
  // set on the wrong side of the other swaps them.
  void setLoopStart();
  void setLoopEnd();
  void setLoop(qint64 fromMs, qint64 toMs);
  void clearLoop();
  // Whether the marked range loops while playing (on by default); the marks
  // stay either way (the review screen also makes ranges of them).
  void setLoopEnabled(bool isEnabled);
  void setVolume(double volume);  // 0..1
  void setMuted(bool isMuted);

 signals:
  void positionChanged(qint64 positionMs);
  void durationChanged(qint64 durationMs);
  void stateChanged(vakspiegel::ui::PlayerController::State state);
  void speedChanged(double speed);
  void loopChanged();
  void volumeChanged(double volume);
  void mutedChanged(bool isMuted);
  // A part of the recording could not be read or played (Dutch, says where);
  // playing goes on with what can be played.
  void issueReported(const QString& message);
  // A new picture went to the video sink; its start in media time.
  void frameShown(qint64 ptsMs);

 private:
  [[nodiscard]] Status adopt(Result<std::unique_ptr<media::Player>> opened, bool withAudio);
  [[nodiscard]] media::PlayerOptions playerOptions(bool withAudio) const;
  [[nodiscard]] bool isAudioWanted() const;
  void attachAudio();
  void applyLoop();
  // Takes the picture due now, if any, and reports what changed.
  void poll();
  void wake();

  AudioChoice m_audioChoice;
  std::unique_ptr<media::Player> m_player;
  QPointer<QVideoSink> m_videoSink;
  std::unique_ptr<AudioFeed> m_audioFeed;
  std::unique_ptr<QAudioSink> m_audioSink;
  QTimer m_playTimer;
  std::atomic<bool> m_isWakeQueued{false};

  State m_state = State::Unknown;
  qint64 m_reportedPositionMs = -1;
  QElapsedTimer m_sinceOpen;
  qint64 m_reportedAtMs = 0;  // m_sinceOpen time of the last positionChanged
  std::int64_t m_shownPtsUs = 0, m_shownDurationUs = 0;
  bool m_hasShownPicture = false;
  std::size_t m_reportedIssues = 0;
  std::optional<std::int64_t> m_loopStartUs, m_loopEndUs;
  bool m_isLoopEnabled = true;
  double m_volume = 1.0;
  bool m_isMuted = false;
};

}  // namespace vakspiegel::ui
