// The playback engine: frame-exact, pitch-preserving playback of a recording
// straight from its encrypted vault container (or, for tests and benchmarks,
// a plain file). No Qt: ui/ gives it a face; tests and benchmarks drive it
// headless.
//
// Threads: a demuxer (reads packets through the decrypting AVIOContext), a
// video decoder and an audio decoder + filter (libavfilter: resample to
// 48 kHz stereo float, `atempo` for speed with the pitch kept). Bounded
// queues between them. Decoded pictures go into a window around the shown
// one: up to a few frames ahead (playback, step forward) and the decoded
// frames of the current keyframe interval behind (step back without
// decoding again).
//
// The clock: while an audio output pulls sound (readAudio), the sound handed
// out is the master clock and pictures follow it; without sound (no audio
// stream, no device: PlayerOptions::audioOutput false) a monotonic clock
// stands in.
//
// Positions are media time in microseconds: 0 is the recording's start (the
// same time base as thumbnails, the waveform and annotations).
//
// Every public member is thread-safe. None blocks on decoding except
// waitForPicture().
#pragma once

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <span>
#include <vector>

#include "core/error.h"

namespace vakspiegel {
class ChunkedFileReader;
}

namespace vakspiegel::media {

// A decoded picture, 8-bit YUV 4:2:0 planar (I420), as stored (rotate by
// rotationDegrees clockwise to show it upright). Reference-counted: a UI may
// keep it while the engine moves on; the pixels never change.
class Picture {
 public:
  class Data;
  explicit Picture(std::unique_ptr<Data> data);
  Picture(const Picture&) = delete;
  Picture& operator=(const Picture&) = delete;
  ~Picture();

  [[nodiscard]] std::int64_t ptsUs() const;       // media time
  [[nodiscard]] std::int64_t durationUs() const;  // until the next picture
  [[nodiscard]] int width() const;
  [[nodiscard]] int height() const;
  // plane 0 = Y (width x height), 1 = U, 2 = V ((width+1)/2 x (height+1)/2).
  [[nodiscard]] const std::uint8_t* plane(int index) const;
  [[nodiscard]] int stride(int index) const;
  [[nodiscard]] bool isKeyframe() const;

 private:
  std::unique_ptr<Data> m_data;
};
using PicturePtr = std::shared_ptr<const Picture>;

struct PlayerInfo {
  std::int64_t durationUs = 0;
  std::int64_t frameDurationUs = 0;  // nominal (from the frame rate), e.g. 33'333
  int width = 0, height = 0;         // stored size
  int rotationDegrees = 0;           // clockwise, to show upright
  bool hasAudio = false;             // the recording has sound (whether or not it is played)
};

// What the audio output receives from readAudio().
inline constexpr int kPlayerSampleRate = 48'000;
inline constexpr int kPlayerChannels = 2;  // interleaved float, -1..1

enum class PlayerState {
  Paused,  // also after open, a seek, a step, and at a fragment's end
  Playing,
  Ended,  // played to the last picture; play() starts again from the start
};

// Where the recording could not be read or decoded; the engine skips what it
// cannot play and goes on.
struct PlaybackIssue {
  std::int64_t atUs = 0;
  Error error;  // Dutch message, says where
};

struct PlayerStats {
  std::int64_t picturesShown = 0;    // handed out by takePicture()
  std::int64_t picturesDropped = 0;  // due while playing but never handed out (skipped, late)
  std::int64_t audioUnderruns = 0;   // readAudio() calls that ran out of decoded sound while playing
  std::int64_t seeks = 0;
};

struct PlayerOptions {
  // Whether sound is decoded for an audio output that calls readAudio().
  // false: no device; pictures follow the monotonic clock.
  bool audioOutput = true;
  // Test hook: the monotonic clock in microseconds (default steady_clock).
  std::function<std::int64_t()> monotonicNowUs;
};

class Player {
 public:
  // Opens an imported recording (fragmented MP4 in a vault container) and
  // starts decoding the first picture. The reader is read only by the
  // engine's demux thread from now on. Errors: CorruptData, Unsupported, Io
  // (Dutch messages, as the import's).
  [[nodiscard]] static Result<std::unique_ptr<Player>> open(std::unique_ptr<ChunkedFileReader> reader,
                                                            PlayerOptions options = {});
  // A plain media file (tests, benchmarks): the same engine.
  [[nodiscard]] static Result<std::unique_ptr<Player>> openFile(const std::filesystem::path& path,
                                                                PlayerOptions options = {});
  Player(const Player&) = delete;
  Player& operator=(const Player&) = delete;
  // Stops and joins the threads (also in the middle of a seek).
  ~Player();

  [[nodiscard]] const PlayerInfo& info() const;

  // Transport. Each returns at once; the picture follows (takePicture).
  void play();
  void pause();
  // Exact: the picture shown afterwards is the one whose time span covers
  // positionUs (clamped to the recording); the position becomes positionUs.
  // Pauses unless playing (then playing goes on from there).
  void seek(std::int64_t positionUs);
  // Fast, for scrubbing (mpv's keyframe seeks while a slider is dragged):
  // shows the keyframe at or before positionUs, decoding only up to it; the
  // position becomes that picture's time. An exact seek() on release then
  // lands on the picture itself.
  void seekKeyframe(std::int64_t positionUs);
  // One picture forward / back; pauses. Back within the cached keyframe
  // interval does not decode again.
  void stepForward();
  void stepBackward();
  // 0.25 to 2.0 (clamped); the sound keeps its pitch.
  void setSpeed(double speed);
  // Loop [fromUs, toUs) while playing; nullopt ends the loop.
  struct Range {
    std::int64_t fromUs = 0, toUs = 0;
  };
  void setLoop(std::optional<Range> range);
  // Plays [fromUs, toUs) once and then pauses at its end, or (rewind) goes
  // back to fromUs paused.
  enum class AtEnd { Pause, Rewind };
  void playRange(Range range, AtEnd atEnd = AtEnd::Pause);
  void setVolume(float volume);  // 0..1
  void setMuted(bool muted);

  // Presentation, for the UI thread (or a test):
  // The picture to show now, if it changed since the last call; else null.
  // While playing it also advances the clock's effects (loop, end, fragment end).
  [[nodiscard]] PicturePtr takePicture();
  // Blocks until the picture of the last seek or step can be taken (tests,
  // benchmarks). False on timeout.
  [[nodiscard]] bool waitForPicture(std::chrono::milliseconds timeout);
  // The current position (the clock while playing).
  [[nodiscard]] std::int64_t positionUs() const;
  [[nodiscard]] PlayerState state() const;
  [[nodiscard]] double speed() const;

  // The audio output pulls sound: fills `out` (interleaved stereo float at
  // kPlayerSampleRate; silence while paused or seeking) and returns the
  // number of frames (sample pairs) written, always out.size() / 2.
  // bufferedUs: how much sound the device holds that has not been heard yet
  // (keeps the clock on what is heard). Does nothing useful with
  // PlayerOptions::audioOutput false or a recording without sound.
  std::size_t readAudio(std::span<float> out, std::int64_t bufferedUs = 0);

  // Called from the engine's threads (no lock held) whenever takePicture()
  // may have something new, the state changed or an issue was found. Keep it
  // short: e.g. post an event to the UI thread.
  void setWakeup(std::function<void()> wakeup);

  [[nodiscard]] std::vector<PlaybackIssue> issues() const;
  [[nodiscard]] PlayerStats stats() const;

  class Impl;

 private:
  explicit Player(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> m_impl;
};

}  // namespace vakspiegel::media
