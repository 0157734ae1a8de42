// Test media and tools for the playback engine's tests (media/player.h).
//
// The indexed video: every frame carries its own index, painted into its top
// left corner as a row of 16 black or white 16x16 blocks (block i is bit i of
// the index) and a 17th block that makes the number of white blocks even, so
// a test reads exactly which frame the engine handed out (frameIndex()) and a
// misread cannot pass for another index. 30 fps H.264 with B-frames and a
// keyframe every 15 frames (0.5 s), so seeks and steps cross keyframes.
// Sound, when asked for: a faint 150 Hz hum throughout (the source never
// holds digital silence, so silence the engine inserts, for an underrun or
// a seek, shows as exact zeros) with either a 50 ms 1 kHz beep at every whole
// second or a steady 440 Hz tone.
//
// Generated media are kept in the build directory (test-media, named by
// the command that makes them): ctest runs every test in its own
// process, and a minute of video should be encoded once per build, not once
// per test. Tests import them into a real vault container and play that, as
// the product does.
#pragma once

#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cmath>
#include <condition_variable>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <functional>
#include <limits>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include <fmt/format.h>
#include <gtest/gtest.h>

#include "media/import.h"
#include "media/media_fixtures.h"
#include "media/player.h"
#include "vault/chunked_file.h"

namespace vakspiegel::media::test {

inline constexpr std::int64_t kSecondUs = 1'000'000;

// ---- The indexed video ------------------------------------------------------------

inline constexpr int kFps = 30;
inline constexpr int kKeyframeInterval = 15;  // frames
inline constexpr int kWidth = 320;
inline constexpr int kHeight = 240;
inline constexpr int kIndexBits = 16;
inline constexpr int kIndexBlock = 16;  // pixels, aligned to the encoder's macroblocks

inline constexpr double kHumAmplitude = 0.01;
inline constexpr double kBeepHz = 1000.0;
inline constexpr double kBeepSeconds = 0.05;
inline constexpr double kBeepAmplitude = 0.5;
inline constexpr double kToneHz = 440.0;
inline constexpr double kToneAmplitude = 0.5;
inline constexpr double kToneStartSeconds = 0.5;  // the tone ends as long before the end

enum class Sound {
  None,
  Beeps,  // hum, and a beep starting at every whole second from 1 s on
  Tone,   // hum, and the tone from kToneStartSeconds to kToneStartSeconds before the end
};

// Where generated media are kept: the build's test-media directory (the
// build defines VS_GENERATED_MEDIA_DIR for every test), else a directory of
// this process.
inline std::filesystem::path generatedMediaDirectory() {
#ifdef VS_GENERATED_MEDIA_DIR
  const std::filesystem::path directory = VS_GENERATED_MEDIA_DIR;
  std::filesystem::create_directories(directory);
  return directory;
#else
  static const TempDir fallback;
  return fallback.path();
#endif
}

// A file made by `ffmpeg <arguments> <file>`, made once: the name carries a
// hash of the arguments, so a changed command makes a new file. Written under
// a temporary name and renamed, so tests that run in parallel never see half
// a file.
inline std::filesystem::path generatedMedia(const std::string& name, const std::string& arguments) {
  const auto directory = generatedMediaDirectory();
  const auto path = directory / (std::to_string(std::hash<std::string>{}(arguments)) + "-" + name);
  if (std::filesystem::exists(path)) return path;
  const TempDir work;
  const auto partial = directory / ("partial-" + std::to_string(::getpid()) + "-" + name);
  ffmpeg(work, arguments + " " + partial.string());
  if (::testing::Test::HasFailure()) return {};
  std::filesystem::rename(partial, path);
  return path;
}

// The lavfi expression of the index row (272x16 pixels): block i white when
// bit i of the frame number N is set, block 16 white when the count of set
// bits is odd.
inline std::string indexRowExpression() {
  std::string bitSum;
  for (int bit = 0; bit < kIndexBits; ++bit) {
    bitSum += fmt::format("{}mod(floor(N/{}),2)", bit > 0 ? "+" : "", 1 << bit);
  }
  return fmt::format("if(lt(X,{}),if(eq(mod(floor(N/pow(2,floor(X/{}))),2),1),235,16),if(eq(mod({},2),1),235,16))",
                     kIndexBits * kIndexBlock, kIndexBlock, bitSum);
}

// The sound's lavfi expression (mono, 48 kHz) for a file of `seconds`.
inline std::string soundExpression(Sound sound, double seconds) {
  const std::string hum = fmt::format("{}*sin(2*PI*150*t)", kHumAmplitude);
  if (sound == Sound::Beeps) {
    return fmt::format("{}+if(lt(t-floor(t),{})*gte(t,0.5),{}*sin(2*PI*{}*t),0)", hum, kBeepSeconds, kBeepAmplitude,
                       kBeepHz);
  }
  return fmt::format("{}+if(between(t,{},{}),{}*sin(2*PI*{}*t),0)", hum, kToneStartSeconds, seconds - kToneStartSeconds,
                     kToneAmplitude, kToneHz);
}

// The indexed video (MP4, H.264 + AAC when there is sound), `seconds` long.
inline std::filesystem::path indexedVideo(double seconds, Sound sound) {
  std::string arguments = fmt::format(
      "-f lavfi -i testsrc2=size={}x{}:rate={}:duration={} "
      "-f lavfi -i \"color=c=black:size={}x{}:rate={}:duration={},format=yuv420p,geq=lum='{}':cb=128:cr=128\"",
      kWidth, kHeight, kFps, seconds, (kIndexBits + 1) * kIndexBlock, kIndexBlock, kFps, seconds, indexRowExpression());
  if (sound != Sound::None) {
    arguments += fmt::format(" -f lavfi -i \"aevalsrc='{}':s=48000:d={}\"", soundExpression(sound, seconds), seconds);
  }
  arguments += " -filter_complex \"[0:v][1:v]overlay=0:0:shortest=1[v]\" -map \"[v]\"";
  if (sound != Sound::None) arguments += " -map 2:a -c:a aac -b:a 128k";
  arguments += fmt::format(
      " -c:v libx264 -preset veryfast -crf 18 -pix_fmt yuv420p -g {0} -keyint_min {0} "
      "-sc_threshold 0 -bf 2 -t {1}",
      kKeyframeInterval, seconds);
  const char* names[] = {"silent", "beeps", "tone"};
  return generatedMedia(fmt::format("indexed-{}-{}s.mp4", names[static_cast<int>(sound)], seconds), arguments);
}

// The index painted into a picture of the indexed video, or -1 when the row
// cannot be read (a block neither black nor white, or the parity wrong: a
// damaged or half-decoded picture).
inline int frameIndex(const Picture& picture) {
  if (picture.width() < (kIndexBits + 1) * kIndexBlock || picture.height() < kIndexBlock) return -1;
  const std::uint8_t* luma = picture.plane(0);
  const std::ptrdiff_t stride = picture.stride(0);
  int index = 0;
  int whiteBlocks = 0;
  for (int block = 0; block <= kIndexBits; ++block) {
    // The mean of the 4x4 pixels at the block's centre.
    int sum = 0;
    for (int y = kIndexBlock / 2 - 2; y < kIndexBlock / 2 + 2; ++y) {
      for (int x = block * kIndexBlock + kIndexBlock / 2 - 2; x < block * kIndexBlock + kIndexBlock / 2 + 2; ++x) {
        sum += luma[y * stride + x];
      }
    }
    const int mean = sum / 16;
    if (mean > 60 && mean < 190) return -1;
    if (mean >= 190) {
      ++whiteBlocks;
      if (block < kIndexBits) index |= 1 << block;
    }
  }
  return whiteBlocks % 2 == 0 ? index : -1;
}
inline int frameIndex(const PicturePtr& picture) {
  return picture ? frameIndex(*picture) : -2;
}

// Frame i of the indexed video spans [i/30 s, (i+1)/30 s). Timestamps are
// rounded to whole microseconds, so a time within a microsecond or two of a
// boundary may fall on either side: tests that compute the covering frame
// use times away from boundaries (frameMiddleUs, isNearFrameBoundary).
inline std::int64_t frameCovering(std::int64_t timeUs) {
  return timeUs * kFps / kSecondUs;
}
inline std::int64_t frameStartUs(std::int64_t frame) {
  return (frame * kSecondUs * 2 + kFps) / (2 * kFps);
}
inline std::int64_t frameMiddleUs(std::int64_t frame) {
  return (frame * 2 + 1) * kSecondUs / (2 * kFps);
}
inline bool isNearFrameBoundary(std::int64_t timeUs) {
  const std::int64_t remainder = (timeUs * kFps) % kSecondUs;  // in 1/30 us
  return remainder < 3 * kFps || remainder > kSecondUs - 3 * kFps;
}
inline constexpr std::int64_t kFramePeriodUs = kSecondUs / kFps;  // 33'333, rounded down

// ---- Opening players ---------------------------------------------------------------

// A recording imported into a real vault container, as the product stores it.
class VaultRecording {
 public:
  VaultRecording(const TempDir& dir, const std::filesystem::path& source, const ImportOptions& options = {})
      : m_path(dir / "recording.vsc"), m_sink(std::make_unique<VaultSink>(m_path)) {
    auto report = importMedia(source, *m_sink, options);
    EXPECT_TRUE(report.has_value()) << report.error().message;
    if (!report) return;
    m_report = std::move(*report);
    m_isImported = m_sink->commitAndOpen() != nullptr;
  }
  [[nodiscard]] bool isImported() const { return m_isImported; }
  [[nodiscard]] const ImportReport& report() const { return m_report; }
  [[nodiscard]] const std::filesystem::path& path() const { return m_path; }
  // A fresh reader (each player takes its own).
  [[nodiscard]] std::unique_ptr<ChunkedFileReader> reader() { return m_sink->reopen(); }

 private:
  std::filesystem::path m_path;
  std::unique_ptr<VaultSink> m_sink;
  ImportReport m_report;
  bool m_isImported = false;
};

inline std::unique_ptr<Player> openPlayer(VaultRecording& recording, PlayerOptions options = {}) {
  auto reader = recording.reader();
  if (!reader) return nullptr;
  auto player = Player::open(std::move(reader), std::move(options));
  EXPECT_TRUE(player.has_value()) << player.error().message;
  return player ? std::move(*player) : nullptr;
}

inline std::unique_ptr<Player> openPlayerFile(const std::filesystem::path& file, PlayerOptions options = {}) {
  auto player = Player::openFile(file, std::move(options));
  EXPECT_TRUE(player.has_value()) << player.error().message;
  return player ? std::move(*player) : nullptr;
}

// A monotonic clock the test moves by hand (PlayerOptions::monotonicNowUs):
// playback without sound becomes deterministic. Safe to outlive (the engine
// holds a share of it).
class ManualClock {
 public:
  [[nodiscard]] std::function<std::int64_t()> function() const {
    return [now = m_now] { return now->load(); };
  }
  void advance(std::int64_t us) { m_now->fetch_add(us); }
  [[nodiscard]] std::int64_t now() const { return m_now->load(); }

 private:
  std::shared_ptr<std::atomic<std::int64_t>> m_now = std::make_shared<std::atomic<std::int64_t>>(1'000'000'000'000);
};

// Aborts the test process when it is not destroyed within `limit`: a hang
// fails the test (ctest reports the abort and the message) instead of
// stalling CI.
class Watchdog {
 public:
  Watchdog(std::chrono::seconds limit, std::string what)
      : m_thread([this, limit, what = std::move(what)] {
          std::unique_lock lock(m_mutex);
          if (!m_done.wait_for(lock, limit, [this] { return m_isDisarmed; })) {
            std::fprintf(stderr, "HANG: %s did not finish within %lld s\n", what.c_str(),
                         static_cast<long long>(limit.count()));
            std::fflush(stderr);
            std::abort();
          }
        }) {}
  Watchdog(const Watchdog&) = delete;
  Watchdog& operator=(const Watchdog&) = delete;
  ~Watchdog() {
    {
      std::lock_guard lock(m_mutex);
      m_isDisarmed = true;
    }
    m_done.notify_all();
    m_thread.join();
  }

 private:
  std::mutex m_mutex;
  std::condition_variable m_done;
  bool m_isDisarmed = false;
  std::thread m_thread;  // last: starts when the rest is ready
};

// ---- Taking pictures ---------------------------------------------------------------

using namespace std::chrono_literals;

// The picture a seek or step shows: waitForPicture, then takePicture (null
// when none came, or none changed).
inline PicturePtr shownPicture(Player& player, std::chrono::milliseconds timeout = 10s) {
  if (!player.waitForPicture(timeout)) {
    ADD_FAILURE() << "waitForPicture timed out after " << timeout.count() << " ms";
    return nullptr;
  }
  return player.takePicture();
}

// Takes pictures (while the clock stands still) until one with at least
// `frame` as its index came, or `timeout`: the decoder gets the time it needs
// without the clock moving on. Returns the last picture taken (null: none).
inline PicturePtr awaitFrame(Player& player, std::int64_t frame, std::chrono::milliseconds timeout = 5s) {
  PicturePtr last;
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  while (true) {
    if (PicturePtr picture = player.takePicture()) last = std::move(picture);
    if (last && frameIndex(*last) >= frame) return last;
    if (std::chrono::steady_clock::now() > deadline) return last;
    std::this_thread::sleep_for(200us);
  }
}

// ---- A virtual audio output ----------------------------------------------------------

// Pulls sound from the engine the way an audio device does (blocks of
// `blockFrames` at kPlayerSampleRate, heard at once: bufferedUs 0) and,
// after each block, takes the picture to show, as the UI thread does. Keeps
// what it heard without the silence the engine inserted (runs of at least
// kInsertedRun exact zeros: the source itself never holds digital silence),
// the beeps' onsets, the pictures with when they came, and the position
// after every block.
//
// waitForDuePicture: after a block, when the picture that covers the
// position has not come yet, wait for it (up to 0.7 s: an output that
// pulls nothing for a second is taken to be gone) before pulling on
// (indexed videos only: the index tells which picture came). The
// audio clock stands still meanwhile, so a test asserts which picture comes
// at which sound without depending on how fast the machine decodes. (How
// fast it decodes is the benchmarks' business.)
// Pulls go as fast as the engine delivers: after a block that held inserted
// silence (the engine had no sound ready: starting, seeking, a loop's wrap,
// or the end) the output pauses 1 ms, as a device playing in real time
// would have given it time. realTimeFactor > 0 paces every pull at that
// many times real time instead.
class VirtualAudioOutput {
 public:
  static constexpr std::int64_t kInsertedRun = 16;  // stereo frames
  static constexpr float kBeepThreshold = 0.25F;
  static constexpr std::int64_t kQuietBeforeBeep = kPlayerSampleRate * 3 / 10;  // 0.3 s

  struct Options {
    std::int64_t blockFrames = kPlayerSampleRate / 100;  // 10 ms
    double realTimeFactor = 0;
    bool waitForDuePicture = true;
    std::int64_t lastFrame = std::numeric_limits<std::int64_t>::max();  // the video's last frame
    bool keepSound = false;
    int lastShown = -1;  // the index of the picture shown before this output started
  };
  // Pictures are not kept (a minute of them would fill the memory, and an
  // engine may recycle their buffers): what a test needs of them is.
  struct Shown {
    int index = -1;
    std::int64_t ptsUs = 0, durationUs = 0;
    std::int64_t atFrame = 0;  // heard sound frames (inserted silence left out) when it came
    std::int64_t positionUs = 0;
  };
  struct Onset {
    std::int64_t atFrame = 0;          // heard sound frames before the beep's first loud sample
    std::int64_t blockEndFrame = 0;    // heard sound frames at the end of its block
    std::int64_t positionAfterUs = 0;  // positionUs() right after that block
  };
  struct Late {
    std::int64_t positionUs = 0, dueFrame = 0, lastFrame = 0;
  };

  VirtualAudioOutput(Player& player, Options options)
      : m_player(player),
        m_options(options),
        m_block(static_cast<std::size_t>(options.blockFrames) * 2),
        m_lastIndex(options.lastShown) {}

  // One block of sound, then the picture.
  void pull() {
    if (m_options.realTimeFactor > 0) {
      if (m_rawFrames == 0) m_start = std::chrono::steady_clock::now();
      const auto due =
          m_start + std::chrono::microseconds(static_cast<std::int64_t>(static_cast<double>(m_rawFrames) * 1e6 /
                                                                        kPlayerSampleRate / m_options.realTimeFactor));
      std::this_thread::sleep_until(due);
    } else if (m_insertedFrames > m_insertedBefore) {
      std::this_thread::sleep_for(1ms);
    }
    m_insertedBefore = m_insertedFrames;
    const std::size_t written = m_player.readAudio(m_block, 0);
    EXPECT_EQ(written, m_block.size() / 2);
    for (std::size_t frame = 0; frame < m_block.size() / 2; ++frame) {
      hear(m_block[frame * 2], m_block[frame * 2 + 1]);
    }
    m_rawFrames += static_cast<std::int64_t>(m_block.size() / 2);
    // The picture first: taking it applies the clock's effects (a loop's
    // wrap, the end), then the position.
    const PicturePtr picture = m_player.takePicture();
    const std::int64_t position = m_player.positionUs();
    for (std::size_t i = m_openOnsets; i < m_onsets.size(); ++i) {
      m_onsets[i].blockEndFrame = m_heardFrames;
      m_onsets[i].positionAfterUs = position;
    }
    m_openOnsets = m_onsets.size();
    m_positions.push_back(position);
    if (position + kFramePeriodUs < m_lastPosition) m_lastIndex = -1;  // went back: a loop or a seek
    m_lastPosition = position;
    record(picture, position);
    // After a picture that never came (damage, or a broken engine) the
    // next waits are short, until pictures come in time again; after many,
    // waiting stops (the test fails on late() anyway).
    if (m_options.waitForDuePicture && m_late.size() < 200 && m_player.state() == PlayerState::Playing) {
      const std::int64_t due = std::min(frameCovering(std::max<std::int64_t>(position, 0)), m_options.lastFrame);
      const auto deadline = std::chrono::steady_clock::now() + (m_isBehind ? 20ms : 700ms);
      while (m_lastIndex < due && std::chrono::steady_clock::now() < deadline &&
             m_player.state() == PlayerState::Playing) {
        std::this_thread::sleep_for(100us);
        take(position);
      }
      m_isBehind = m_lastIndex < due && m_player.state() == PlayerState::Playing;
      if (m_isBehind) m_late.push_back({position, due, m_lastIndex});
    }
  }

  // Pulls until `stop()`, or until `maxSeconds` of sound were heard, or 30 s
  // more came out than that (silence: the engine stopped giving sound).
  template <class Stop>
  void pullUntil(Stop stop, double maxSeconds) {
    const auto heardLimit = static_cast<std::int64_t>(maxSeconds * kPlayerSampleRate);
    const auto rawLimit = m_rawFrames + static_cast<std::int64_t>((maxSeconds + 30.0) * kPlayerSampleRate);
    while (m_heardFrames < heardLimit && m_rawFrames < rawLimit && !stop()) pull();
  }
  // Pulls `seconds` of output, heard or not.
  void pullFor(double seconds) {
    const auto limit = m_rawFrames + static_cast<std::int64_t>(seconds * kPlayerSampleRate);
    while (m_rawFrames < limit) pull();
  }

  [[nodiscard]] const std::vector<Shown>& shown() const { return m_shown; }
  [[nodiscard]] const std::vector<Onset>& onsets() const { return m_onsets; }
  [[nodiscard]] const std::vector<Late>& late() const { return m_late; }
  [[nodiscard]] const std::vector<std::int64_t>& positions() const { return m_positions; }
  // The left channel of what was heard (with Options::keepSound).
  [[nodiscard]] const std::vector<float>& sound() const { return m_sound; }
  [[nodiscard]] std::int64_t heardFrames() const { return m_heardFrames; }
  [[nodiscard]] std::int64_t rawFrames() const { return m_rawFrames; }
  [[nodiscard]] std::int64_t insertedFrames() const { return m_insertedFrames; }

 private:
  void take(std::int64_t position) { record(m_player.takePicture(), position); }

  void record(const PicturePtr& picture, std::int64_t position) {
    if (!picture) return;
    const int index = frameIndex(*picture);
    // An unreadable picture (a failure the test reports) ends the waiting
    // until the position goes back.
    m_lastIndex = index >= 0 ? index : std::numeric_limits<int>::max();
    m_shown.push_back({index, picture->ptsUs(), picture->durationUs(), m_heardFrames, position});
  }

  void hear(float left, float right) {
    if (left == 0.0F && right == 0.0F) {
      ++m_zeroRun;
      if (m_zeroRun == kInsertedRun) m_insertedFrames += kInsertedRun;
      if (m_zeroRun > kInsertedRun) ++m_insertedFrames;
      return;
    }
    if (m_zeroRun > 0 && m_zeroRun < kInsertedRun) {
      for (std::int64_t i = 0; i < m_zeroRun; ++i) heard(0.0F);
    }
    m_zeroRun = 0;
    heard(left);
  }

  void heard(float sample) {
    if (std::abs(sample) > kBeepThreshold) {
      if (m_heardFrames - m_lastLoud >= kQuietBeforeBeep) m_onsets.push_back({m_heardFrames, 0, 0});
      m_lastLoud = m_heardFrames;
    }
    if (m_options.keepSound) m_sound.push_back(sample);
    ++m_heardFrames;
  }

  Player& m_player;
  Options m_options;
  std::vector<float> m_block;
  std::chrono::steady_clock::time_point m_start;
  std::int64_t m_rawFrames = 0, m_heardFrames = 0, m_insertedFrames = 0, m_zeroRun = 0, m_insertedBefore = 0;
  std::int64_t m_lastLoud = -kQuietBeforeBeep;
  std::int64_t m_lastPosition = 0;
  int m_lastIndex = -1;
  bool m_isBehind = false;
  std::size_t m_openOnsets = 0;
  std::vector<Shown> m_shown;
  std::vector<Onset> m_onsets;
  std::vector<Late> m_late;
  std::vector<std::int64_t> m_positions;
  std::vector<float> m_sound;
};

}  // namespace vakspiegel::media::test
