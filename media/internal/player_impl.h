// The playback engine's private state (Player::Impl) and what its files
// share: player.cpp (start and stop, transport, clock, the public methods),
// player_demux.cpp, player_video.cpp and player_audio.cpp (the threads).
// Internal to media/ (FFmpeg types).
//
// One mutex guards all shared state (queues, the picture window, the sound
// FIFO, the transport); the three threads and the public calls take it for
// short moments only and never decode or read while holding it. Every seek
// bumps `m_serial`: anything queued or decoded for an older serial is
// dropped wherever it is met, so a thread never has to be interrupted.
#pragma once

#include <condition_variable>
#include <cstdint>
#include <deque>
#include <limits>
#include <mutex>
#include <string>
#include <thread>
#include <utility>

#include "media/internal/ffmpeg_util.h"
#include "media/internal/media_input.h"
#include "media/player.h"
#include "vault/chunked_file.h"

namespace vakspiegel::media {

// ---------------------------------------------------------------- Picture

class Picture::Data {
 public:
  ff::Frame frame;
  std::int64_t ptsUs = 0;
  std::int64_t durationUs = 0;
  bool keyframe = false;
};

inline constexpr std::int64_t kNoTime = std::numeric_limits<std::int64_t>::min();

// The default monotonic clock (steady_clock), in microseconds (player.cpp).
[[nodiscard]] std::int64_t steadyNowUs();
// A position as m:ss, for the messages (player_demux.cpp).
[[nodiscard]] std::string clockText(std::int64_t us);

enum class ItemKind { Packet, Flush, End };

struct QueueItem {
  ItemKind kind = ItemKind::Packet;
  std::uint64_t serial = 0;
  ff::Packet packet;  // Packet only
  // Flush: the exact target (pictures and sound before it are not shown),
  // the timestamp the demuxer sought to, and the speed of the sound.
  std::int64_t targetUs = kNoTime;
  std::int64_t seekUs = kNoTime;
  double speed = 1.0;
};

// What the next takePicture() should hand out after a seek or a step.
enum class PendingKind { None, Covering, After, Before };

struct SeekRequest {
  std::int64_t targetUs = 0;  // exact position (kNoTime: the first picture)
  std::int64_t seekUs = 0;    // timestamp for the demuxer (keyframe at or before)
  double speed = 1.0;         // of the sound made from here
};

// ---------------------------------------------------------------- Impl

class Player::Impl {
 public:
  Impl(std::unique_ptr<ChunkedFileReader> reader, MediaInput input, PlayerOptions options)
      : m_reader(std::move(reader)), m_input(std::move(input)), m_options(std::move(options)) {
    if (!m_options.monotonicNowUs) m_options.monotonicNowUs = steadyNowUs;
  }
  Impl(const Impl&) = delete;
  Impl& operator=(const Impl&) = delete;
  ~Impl() { stop(); }

  Status setUp();
  void start();
  void stop();

  // Public operations (each takes the lock).
  void play();
  void pause();
  // toKeyframe: show the keyframe at or before positionUs (a scrub), not the exact picture.
  void seek(std::int64_t positionUs, bool toKeyframe = false);
  void stepForward();
  void stepBackward();
  void setSpeed(double speed);
  void setLoop(std::optional<Range> range);
  void playRange(Range range, AtEnd atEnd);
  void setVolume(float volume);
  void setMuted(bool muted);
  PicturePtr takePicture();
  bool waitForPicture(std::chrono::milliseconds timeout);
  std::int64_t positionUs();
  PlayerState state();
  double speed();
  std::size_t readAudio(std::span<float> out, std::int64_t bufferedUs);
  void setWakeup(std::function<void()> wakeup);
  std::vector<PlaybackIssue> issues();
  PlayerStats stats();

  PlayerInfo info;

 private:
  using Lock = std::unique_lock<std::mutex>;

  // Threads.
  void demuxLoop();
  void videoLoop();
  void audioLoop();
  void performSeek(const SeekRequest& request);
  void receivePictures(AVCodecContext* decoder, AVFrame* frame, std::uint64_t serial, std::int64_t& targetUs,
                       std::int64_t& seekUs, bool& first);
  void addPicture(PicturePtr picture, std::uint64_t serial, bool& first, std::int64_t targetUs, std::int64_t seekUs);
  Result<ff::Frame> toI420(const AVFrame& frame);

  // With the lock held.
  void startSeek(Lock& lock, std::int64_t targetUs, std::int64_t seekUs);
  [[nodiscard]] bool hasQueueSpace() const;
  [[nodiscard]] bool audioActive() const;
  [[nodiscard]] std::int64_t clockUs() const;
  [[nodiscard]] std::int64_t audioMediaUs(std::int64_t frames) const;
  [[nodiscard]] std::int64_t referenceUs() const;
  [[nodiscard]] PicturePtr resolvePending();
  bool tryResolve(Lock& lock);
  void beginStep(Lock& lock, int direction);
  [[nodiscard]] std::size_t aheadCount() const;
  void evictBehind();
  void anchorMonotonic(std::int64_t mediaUs);
  void stopAtFragmentEnd(Lock& lock);
  bool handleBoundary(Lock& lock, std::int64_t clock);
  void clearAudio();
  void addIssue(std::int64_t atUs, Error error);
  void wake();
  [[nodiscard]] std::int64_t clampPosition(std::int64_t us) const;

  // Opened at set-up; used by the threads only.
  std::unique_ptr<ChunkedFileReader> m_reader;  // before m_input: the demuxer reads through it
  MediaInput m_input;
  PlayerOptions m_options;
  int m_videoIndex = -1, m_audioIndex = -1;
  AVRational m_videoTimeBase{1, 1}, m_audioTimeBase{1, 1};
  std::int64_t m_startUs = 0;
  ff::CodecContext m_videoDecoder, m_audioDecoder;
  ff::Scaler m_scaler;                           // video thread: to I420 when the decoder gives another format
  std::unique_ptr<Picture::Data> m_heldPicture;  // video thread: decoded, waiting for the next one's time
  std::thread m_demuxThread, m_videoThread, m_audioThread;

  std::mutex m_mutex;
  std::condition_variable m_demuxCv, m_videoCv, m_audioCv, m_shownCv;
  bool m_quit = false;
  std::uint64_t m_serial = 1;
  std::optional<SeekRequest> m_pendingSeek;
  bool m_demuxEnded = false;

  std::deque<QueueItem> m_videoPackets, m_audioPackets;
  std::size_t m_queuedBytes = 0;

  // Pictures of the current serial in presentation order.
  std::deque<PicturePtr> m_window;
  bool m_videoEnded = false;
  PicturePtr m_shown;
  std::int64_t m_firstPictureUs = kNoTime;  // of the recording, once known
  PendingKind m_pending = PendingKind::None;
  std::int64_t m_pendingUs = 0;
  PicturePtr m_handOut;   // resolved but not yet taken
  int m_queuedSteps = 0;  // steps asked for while a seek was settling (+ forward, - back)
  // The pending seek is a step back out of the cached pictures: it settles
  // with the position on the picture found, as every step does.
  bool m_isStepSeek = false;
  // The pending seek settles on the first picture decoded (a keyframe).
  bool m_isKeyframeSeek = false;

  PlayerState m_state = PlayerState::Paused;
  double m_speed = 1.0;
  std::int64_t m_positionUs = 0;  // while paused (and frozen while a seek settles)
  std::optional<Range> m_loop;
  std::optional<Range> m_fragment;
  AtEnd m_fragmentEnd = AtEnd::Pause;

  // Monotonic clock: media time = anchor + (now - wall anchor) * speed.
  std::int64_t m_monoMediaUs = 0, m_monoWallUs = 0;

  // Sound: decoded output frames waiting for the device, interleaved stereo.
  std::deque<float> m_pcm;
  std::int64_t m_audioAnchorUs = 0;  // media time of the first frame this serial
  bool m_audioAnchored = false;      // a first frame arrived
  double m_audioSpeed = 1.0;         // the speed the queued sound was made for
  std::int64_t m_audioConsumed = 0;  // frames handed to the device this serial
  std::int64_t m_audioClockUs = 0;   // media time heard at the last readAudio
  std::int64_t m_audioClockWallUs = 0;
  std::int64_t m_audioBufferedUs = 0;
  std::int64_t m_lastPullWallUs = 0;  // the output's last readAudio() (or the start of playing)
  bool m_audioEnded = false;          // the decoder drained this serial
  bool m_audioFinished = false;       // sound ran out while playing: monotonic from there
  bool m_audioDirty = false;          // packets were dropped while paused
  float m_volume = 1.0F;
  bool m_muted = false;

  std::vector<PlaybackIssue> m_issues;
  PlayerStats m_stats;
  std::mutex m_wakeMutex;
  std::function<void()> m_wakeup;
};

}  // namespace vakspiegel::media
