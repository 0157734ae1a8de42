// The programs behind playback_bench.sh. The engine plays a recording in the
// vault's container as the product does (imported by media::importMedia into
// a ChunkedFileWriter, read back through a ChunkedFileReader), headless:
// PlayerOptions::audioOutput false (no audio device, the monotonic clock).
// Its references are the minimal libav loop (playback_libav.h) on plaintext
// files and the ffmpeg and mpv command lines. The machine this runs on is
// shared, and its load changes from minute to minute, so the engine and its
// references take turns position by position rather than one after the other.
//
//   playback_tool prepare SOURCE CONTAINER
//       remux-imports SOURCE into a new CONTAINER under a random data key,
//       written as hex to CONTAINER.key (a benchmark helper: a key on disk)
//   playback_tool decrypt CONTAINER OUT
//       the container's plaintext: the fragmented MP4 the engine reads
//   playback_tool measure CONTAINER --source FILE --span-us U [--plain-copy FILE]
//                 [--seed 5] [--opens 21] [--seeks 100] [--cli-seeks 100] [--mpv 0|1]
//                 [--settle-ms 200] [--step-positions 20] [--steps 10] [--back-positions 30]
//       - open to first picture, in turns: the engine (reader open,
//         Player::open, waitForPicture, takePicture) and the libav loop
//         opening FILE (and the plain copy) and decoding its first frame;
//       - exact seeks to random positions in [0, U) (the seed's), in turns:
//         the engine (seek, waitForPicture, takePicture; the picture must
//         cover the target), the libav loop on FILE (and the plain copy),
//         for the first --cli-seeks positions `ffmpeg -ss T -i FILE -an
//         -frames:v 1 -f null -` and with --mpv 1 `mpv --vo=null --no-audio
//         --hr-seek=yes --start=T --frames=1 FILE`, one process each (wall
//         time). After each in-process seek the tool waits --settle-ms (a
//         click on the timeline, then a look), so the engine's read-ahead
//         ends before the next one starts; the CPU time of a seek (all
//         threads) is counted up to the end of that wait;
//       - steps forward (seed + 1: 20 positions, 10 steps each, the first
//         right after the seek's picture, the rest back to back: a held key);
//       - steps back (seed + 2): after a seek, back one picture at a time down
//         to the keyframe (within the cached interval) and one more (across
//         the keyframe: not cached), in turns with the libav loop's exact
//         seek to that same picture.
//   playback_tool play CONTAINER --start-us T [--speed 1] [--video-seconds 60]
//       plays from T at the speed until that much video has been shown,
//       taking each picture at its due time (as a UI would at its next
//       refresh, woken by the engine's wakeup); CPU seconds (all threads) per
//       second of video, peak RSS of the process, pictures dropped
//       (Player::stats, and the gaps between the pictures taken), and whether
//       the loop itself was late (pictures taken more than a frame period
//       after their time, the worst oversleep past a deadline)
//   playback_tool decode FILE --start-us T [--seconds 60]
//       the libav loop decoding that much video flat out: CPU seconds (all
//       threads) per second of video
// Results are key<TAB>value lines on stdout (playback_bench.sh reads them); a
// picture that is not the one asked for fails the run.
#include <fcntl.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <charconv>
#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "core/i18n.h"
#include "media/import.h"
#include "media/player.h"
#include "playback_bench_support.h"
#include "playback_libav.h"
#include "vault/chunked_file.h"
#include "vault/keys.h"

extern char** environ;

namespace vs = vakspiegel;
namespace media = vakspiegel::media;
namespace bench = vakspiegel::bench;
namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

namespace {

[[noreturn]] void die(const std::string& what) {
  std::fprintf(stderr, "playback_tool: %s\n", what.c_str());
  std::exit(1);
}

template <class T>
T check(vs::Result<T> result, const char* what) {
  if (!result) die(std::string(what) + ": " + result.error().message);
  return std::move(*result);
}

double millisecondsSince(Clock::time_point start) {
  return std::chrono::duration<double, std::milli>(Clock::now() - start).count();
}

fs::path keyPath(const fs::path& container) {
  return fs::path(container.string() + ".key");
}

std::string keyToHex(const vs::DataKey& key) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string hex;
  for (const unsigned char byte : key.bytes().span()) {
    hex += kDigits[byte >> 4];
    hex += kDigits[byte & 0xfu];
  }
  return hex;
}

vs::DataKey readKey(const fs::path& container) {
  std::ifstream in(keyPath(container));
  std::string hex;
  in >> hex;
  if (hex.size() != 2 * vs::kDataKeyBytes) die("no key in " + keyPath(container).string());
  std::vector<unsigned char> bytes(vs::kDataKeyBytes);
  for (std::size_t i = 0; i < bytes.size(); ++i) {
    unsigned value = 0;
    const auto [end, ec] = std::from_chars(hex.data() + 2 * i, hex.data() + 2 * i + 2, value, 16);
    if (ec != std::errc() || end != hex.data() + 2 * i + 2) die("bad key in " + keyPath(container).string());
    bytes[i] = static_cast<unsigned char>(value);
  }
  return check(vs::DataKey::fromBytes(bytes), "key");
}

// The import's output into a vault container, as the app layer's sink.
class ContainerSink final : public media::OutputSink {
 public:
  ContainerSink(fs::path path, const vs::DataKey& key) : m_path(std::move(path)), m_key(key) {
    m_writer = check(vs::ChunkedFileWriter::create(m_path, m_key), "create the container");
  }
  vs::Status write(std::span<const unsigned char> bytes) override { return m_writer->write(bytes); }
  vs::Status restart() override {
    m_writer->abandon();
    m_writer = VS_TRY(vs::ChunkedFileWriter::create(m_path, m_key));
    return {};
  }
  vs::Status commit() { return m_writer->commit(); }

 private:
  fs::path m_path;
  const vs::DataKey& m_key;
  std::unique_ptr<vs::ChunkedFileWriter> m_writer;
};

int prepare(const fs::path& source, const fs::path& container) {
  const vs::DataKey key = vs::DataKey::generate();
  const auto start = Clock::now();
  ContainerSink sink(container, key);
  const media::ImportReport report = check(media::importMedia(source, sink), "import");
  if (!sink.commit()) die("commit the container");
  if (report.mode != media::ImportMode::Remux) die("the import transcoded (" + report.transcodeReason + ")");
  std::ofstream(keyPath(container)) << keyToHex(key) << "\n";
  bench::put("import_s", millisecondsSince(start) / 1000);
  bench::put("import_mb", static_cast<double>(report.bytesWritten) / 1e6);
  return 0;
}

int decrypt(const fs::path& container, const fs::path& out) {
  auto reader = check(vs::ChunkedFileReader::open(container, readKey(container)), "open the container");
  std::ofstream file(out, std::ios::binary | std::ios::trunc);
  std::vector<unsigned char> block(std::size_t{1} << 20);
  for (std::uint64_t offset = 0;;) {
    const std::size_t got = check(reader->readAt(offset, block), "read the container");
    if (got == 0) break;
    file.write(reinterpret_cast<const char*>(block.data()), static_cast<std::streamsize>(got));
    offset += got;
  }
  file.close();
  if (!file) die("cannot write " + out.string());
  return 0;
}

std::unique_ptr<media::Player> openPlayer(const fs::path& container, const vs::DataKey& key) {
  media::PlayerOptions options;
  options.audioOutput = false;
  auto reader = check(vs::ChunkedFileReader::open(container, key), "open the container");
  return check(media::Player::open(std::move(reader), std::move(options)), "open the player");
}

// The picture of the last seek or step (the one shown before when it did not
// change).
media::PicturePtr nextPicture(media::Player& player, media::PicturePtr shown, const char* after) {
  if (!player.waitForPicture(std::chrono::seconds(20))) die(std::string("no picture 20 s after ") + after);
  media::PicturePtr picture = player.takePicture();
  return picture ? picture : shown;
}

bool covers(const media::Picture& picture, std::int64_t us) {
  return picture.ptsUs() <= us && us < picture.ptsUs() + picture.durationUs();
}

std::string describe(const media::Picture& picture) {
  return std::to_string(picture.ptsUs()) + " us (+" + std::to_string(picture.durationUs()) + ")";
}

// Runs a command line, output discarded; its wall time in ms.
double runCommand(const std::vector<std::string>& arguments) {
  std::vector<char*> argv;
  for (const std::string& argument : arguments) argv.push_back(const_cast<char*>(argument.c_str()));
  argv.push_back(nullptr);
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, STDIN_FILENO, "/dev/null", O_RDONLY, 0);
  posix_spawn_file_actions_addopen(&actions, STDOUT_FILENO, "/dev/null", O_WRONLY, 0);
  posix_spawn_file_actions_addopen(&actions, STDERR_FILENO, "/dev/null", O_WRONLY, 0);
  const auto start = Clock::now();
  pid_t child = 0;
  const int spawned = posix_spawnp(&child, argv[0], &actions, nullptr, argv.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  if (spawned != 0) die("cannot run " + arguments[0]);
  int status = 0;
  while (waitpid(child, &status, 0) < 0)
    if (errno != EINTR) die("waitpid");
  const double ms = millisecondsSince(start);
  if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
    std::string line;
    for (const std::string& argument : arguments) line += argument + " ";
    die("failed: " + line);
  }
  return ms;
}

// Timings of one contender: wall ms per operation, CPU seconds in all.
struct Series {
  std::vector<double> ms;
  double cpuSeconds = 0;
  void put(const std::string& prefix, bool withCpu = false) const {
    bench::put((prefix + "_ms_median").c_str(), bench::percentile(ms, 0.5));
    bench::put((prefix + "_ms_p95").c_str(), bench::percentile(ms, 0.95));
    bench::put((prefix + "_ms_max").c_str(), bench::percentile(ms, 1.0));
    if (withCpu) bench::put((prefix + "_cpu_ms_mean").c_str(), cpuSeconds * 1000 / static_cast<double>(ms.size()));
  }
};

int measure(const fs::path& container, const bench::Options& options) {
  const vs::DataKey key = readKey(container);
  const std::string source = options.text("source");
  const std::string plainCopy = options.text("plain-copy");
  const std::int64_t span = options.integer("span-us", 0);
  if (source.empty() || span <= 0) die("measure needs --source and --span-us");
  const auto seed = static_cast<std::uint64_t>(options.integer("seed", 5));
  const auto settle = std::chrono::milliseconds(options.integer("settle-ms", 200));
  const bool mpv = options.integer("mpv", 0) != 0;

  // Open to first picture, in turns.
  Series engineOpen, sourceOpen, copyOpen;
  for (std::int64_t i = 0, n = options.integer("opens", 21); i < n; ++i) {
    {
      const auto start = Clock::now();
      auto player = openPlayer(container, key);
      const media::PicturePtr first = nextPicture(*player, nullptr, "open");
      engineOpen.ms.push_back(millisecondsSince(start));
      if (!first) die("no first picture");
      if (i == 0) bench::put("engine_first_picture_us", static_cast<double>(first->ptsUs()));
      if (first->ptsUs() > player->info().frameDurationUs) die("the first picture is at " + describe(*first));
    }
    std::this_thread::sleep_for(settle);
    for (const auto& [file, series] : {std::pair{source, &sourceOpen}, std::pair{plainCopy, &copyOpen}}) {
      if (file.empty()) continue;
      const auto start = Clock::now();
      bench::LibavInput input(file);
      if (!input.decodeUntil(-1)) die("no frame in " + file);
      series->ms.push_back(millisecondsSince(start));
    }
  }
  engineOpen.put("engine_open");
  sourceOpen.put("libav_open");
  if (!plainCopy.empty()) copyOpen.put("copy_open");

  auto player = openPlayer(container, key);
  media::PicturePtr shown = nextPicture(*player, nullptr, "open");
  const std::int64_t frameUs = player->info().frameDurationUs;
  bench::put("duration_s", static_cast<double>(player->info().durationUs) / 1e6);
  bench::put("frame_us", static_cast<double>(frameUs));
  if (span > player->info().durationUs) die("--span-us is longer than the recording");
  bench::LibavInput sourceInput(source);
  if (!sourceInput.decodeUntil(-1)) die("no frame in " + source);
  std::unique_ptr<bench::LibavInput> copyInput;
  if (!plainCopy.empty()) {
    copyInput = std::make_unique<bench::LibavInput>(plainCopy);
    if (!copyInput->decodeUntil(-1)) die("no frame in " + plainCopy);
  }

  // Exact seeks, in turns.
  Series engineSeek, sourceSeek, copySeek, ffmpegSeek, mpvSeek;
  int sameFrame = 0;
  const auto cliSeeks = options.integer("cli-seeks", 100);
  const auto positions = bench::randomPositions(seed, static_cast<int>(options.integer("seeks", 100)), span);
  for (std::size_t i = 0; i < positions.size(); ++i) {
    const std::int64_t target = positions[i];
    double cpu = bench::cpuSeconds();
    auto start = Clock::now();
    player->seek(target);
    shown = nextPicture(*player, shown, "a seek");
    engineSeek.ms.push_back(millisecondsSince(start));
    if (!covers(*shown, target)) die("seek to " + std::to_string(target) + " us showed " + describe(*shown));
    std::this_thread::sleep_for(settle);
    engineSeek.cpuSeconds += bench::cpuSeconds() - cpu;

    cpu = bench::cpuSeconds();
    start = Clock::now();
    const std::int64_t libavPts = sourceInput.seek(target);
    sourceSeek.ms.push_back(millisecondsSince(start));
    std::this_thread::sleep_for(settle);
    sourceSeek.cpuSeconds += bench::cpuSeconds() - cpu;
    if (std::abs(libavPts - shown->ptsUs()) < frameUs / 2) ++sameFrame;

    if (copyInput) {
      cpu = bench::cpuSeconds();
      start = Clock::now();
      copyInput->seek(target);
      copySeek.ms.push_back(millisecondsSince(start));
      std::this_thread::sleep_for(settle);
      copySeek.cpuSeconds += bench::cpuSeconds() - cpu;
    }
    if (static_cast<std::int64_t>(i) < cliSeeks) {
      char seconds[32];
      std::snprintf(seconds, sizeof seconds, "%.6f", static_cast<double>(target) / 1e6);
      ffmpegSeek.ms.push_back(runCommand({"ffmpeg", "-nostdin", "-hide_banner", "-loglevel", "error", "-ss", seconds,
                                          "-i", source, "-an", "-frames:v", "1", "-f", "null", "-"}));
      if (mpv)
        mpvSeek.ms.push_back(
            runCommand({"mpv", "--no-config", "--load-scripts=no", "--really-quiet", "--vo=null", "--ao=null",
                        "--no-audio", "--hr-seek=yes", std::string("--start=") + seconds, "--frames=1", source}));
    }
  }
  engineSeek.put("engine_seek", true);
  sourceSeek.put("libav_seek", true);
  if (copyInput) copySeek.put("copy_seek", true);
  if (!ffmpegSeek.ms.empty()) ffmpegSeek.put("ffmpeg_seek");
  if (!mpvSeek.ms.empty()) mpvSeek.put("mpv_seek");
  bench::put("seek_same_frame", sameFrame);

  // Steps forward, right after the seek and back to back (a held key): the
  // engine's read-ahead has had no time.
  Series forward;
  const auto steps = options.integer("steps", 10);
  for (const std::int64_t target :
       bench::randomPositions(seed + 1, static_cast<int>(options.integer("step-positions", 20)), span)) {
    player->seek(target);
    shown = nextPicture(*player, shown, "a seek");
    for (std::int64_t i = 0; i < steps; ++i) {
      const media::PicturePtr before = shown;
      const auto start = Clock::now();
      player->stepForward();
      shown = nextPicture(*player, shown, "a step forward");
      forward.ms.push_back(millisecondsSince(start));
      if (shown->ptsUs() <= before->ptsUs() || shown->ptsUs() - before->ptsUs() > frameUs * 3 / 2)
        die("a step forward from " + describe(*before) + " showed " + describe(*shown));
    }
  }
  forward.put("step_forward");
  bench::put("step_forward_count", static_cast<double>(forward.ms.size()));

  // Steps back: within the cached keyframe interval, then across its
  // keyframe, in turns with the libav loop's seek to that same picture.
  Series cached, across, libavAcross;
  for (const std::int64_t target :
       bench::randomPositions(seed + 2, static_cast<int>(options.integer("back-positions", 30)), span)) {
    player->seek(target);
    shown = nextPicture(*player, shown, "a seek");
    std::this_thread::sleep_for(settle);
    for (;;) {
      if (shown->ptsUs() < frameUs) break;  // the first picture
      const media::PicturePtr before = shown;
      const auto start = Clock::now();
      player->stepBackward();
      shown = nextPicture(*player, shown, "a step back");
      const double ms = millisecondsSince(start);
      if (shown->ptsUs() >= before->ptsUs() || before->ptsUs() - shown->ptsUs() > frameUs * 3 / 2)
        die("a step back from " + describe(*before) + " showed " + describe(*shown));
      if (!before->isKeyframe()) {
        cached.ms.push_back(ms);
        continue;
      }
      across.ms.push_back(ms);
      std::this_thread::sleep_for(settle);
      const auto libavStart = Clock::now();
      sourceInput.seek(shown->ptsUs());
      libavAcross.ms.push_back(millisecondsSince(libavStart));
      std::this_thread::sleep_for(settle);
      break;
    }
  }
  cached.put("step_back_cached");
  bench::put("step_back_cached_count", static_cast<double>(cached.ms.size()));
  across.put("step_back_across");
  bench::put("step_back_across_count", static_cast<double>(across.ms.size()));
  libavAcross.put("libav_before_keyframe");
  return 0;
}

// Wakes the presentation loop when the engine has something new.
class Waker {
 public:
  void wake() {
    {
      const std::lock_guard lock(m_mutex);
      m_woken = true;
    }
    m_condition.notify_one();
  }
  // False when the deadline passed without a wakeup.
  bool waitUntil(Clock::time_point deadline) {
    std::unique_lock lock(m_mutex);
    const bool woken = m_condition.wait_until(lock, deadline, [this] { return m_woken; });
    m_woken = false;
    return woken;
  }

 private:
  std::mutex m_mutex;
  std::condition_variable m_condition;
  bool m_woken = false;
};

int play(const fs::path& container, const bench::Options& options) {
  const std::int64_t startUs = options.integer("start-us", 0);
  const double speed = options.number("speed", 1.0);
  const auto videoUs = static_cast<std::int64_t>(options.number("video-seconds", 60) * 1e6);
  auto player = openPlayer(container, readKey(container));
  const std::int64_t frameUs = player->info().frameDurationUs;
  if (startUs + videoUs > player->info().durationUs) die("the recording is shorter than start + video seconds");
  Waker waker;
  player->setWakeup([&waker] { waker.wake(); });
  player->setSpeed(speed);
  player->seek(startUs);
  media::PicturePtr shown = nextPicture(*player, nullptr, "a seek");
  if (!covers(*shown, startUs)) die("seek to the start showed " + describe(*shown));
  const std::int64_t firstUs = shown->ptsUs();
  const std::int64_t endUs = startUs + videoUs;

  const media::PlayerStats before = player->stats();
  const double cpuBefore = bench::cpuSeconds();
  const auto start = Clock::now();
  const auto giveUp = start +
                      std::chrono::microseconds(static_cast<std::int64_t>(static_cast<double>(videoUs) / speed)) +
                      std::chrono::seconds(30);
  std::int64_t taken = 0, gaps = 0, lateTakes = 0;
  double wakeLateMaxMs = 0;
  player->play();
  for (;;) {
    if (media::PicturePtr picture = player->takePicture()) {
      ++taken;
      // Taken more than a frame period after its time: the next one was due.
      if (static_cast<double>(player->positionUs() - picture->ptsUs()) / speed > static_cast<double>(frameUs))
        ++lateTakes;
      const std::int64_t step = picture->ptsUs() - shown->ptsUs();
      if (step <= 0) die("a picture went back while playing: " + describe(*shown) + " then " + describe(*picture));
      if (step > frameUs * 3 / 2) gaps += (step + frameUs / 2) / frameUs - 1;
      shown = std::move(picture);
    }
    const std::int64_t dueUs = shown->ptsUs() + shown->durationUs();  // the next picture's time
    if (dueUs >= endUs) break;
    if (player->state() != media::PlayerState::Playing) die("playing stopped at " + describe(*shown));
    const auto now = Clock::now();
    if (now > giveUp) die("playing took far too long");
    const auto aheadUs = static_cast<std::int64_t>(static_cast<double>(dueUs - player->positionUs()) / speed);
    // Due now but not there yet: wait for the engine's wakeup (at most 2 ms).
    const auto deadline = now + std::chrono::microseconds(std::max<std::int64_t>(aheadUs, 2000));
    if (!waker.waitUntil(deadline)) wakeLateMaxMs = std::max(wakeLateMaxMs, millisecondsSince(deadline));
  }
  const double wallSeconds = millisecondsSince(start) / 1000;
  const double cpu = bench::cpuSeconds() - cpuBefore;
  const media::PlayerStats after = player->stats();
  player->pause();
  const double videoSeconds = static_cast<double>(shown->ptsUs() + shown->durationUs() - firstUs) / 1e6;
  bench::put("cpu_ms_per_video_s", cpu * 1000 / videoSeconds);
  bench::put("video_s", videoSeconds);
  bench::put("wall_s", wallSeconds);
  bench::put("peak_rss_mb", bench::peakRssMb());
  // Due while playing: every picture after the one shown at the start.
  bench::put("due", static_cast<double>((shown->ptsUs() - firstUs + frameUs / 2) / frameUs));
  bench::put("taken", static_cast<double>(taken));
  bench::put("dropped", static_cast<double>(after.picturesDropped - before.picturesDropped));
  bench::put("gaps", static_cast<double>(gaps));
  // Whether this loop, not the engine, was late: pictures taken more than a
  // frame period after their time, and the worst oversleep past a deadline
  // (the machine's scheduling).
  bench::put("late_takes", static_cast<double>(lateTakes));
  bench::put("oversleep_ms_max", wakeLateMaxMs);
  return 0;
}

int decode(const std::string& file, const bench::Options& options) {
  const std::int64_t startUs = options.integer("start-us", 0);
  const double seconds = options.number("seconds", 60);
  bench::LibavInput input(file);
  std::int64_t lastUs = input.seek(startUs);
  const std::int64_t firstUs = lastUs;
  const std::int64_t framesBefore = input.framesDecoded();
  const double cpuBefore = bench::cpuSeconds();
  const auto start = Clock::now();
  const std::int64_t endUs = startUs + static_cast<std::int64_t>(seconds * 1e6);
  while (lastUs + input.frameUs() < endUs) {
    const auto pts = input.decodeUntil(lastUs + input.frameUs());
    if (!pts) break;
    lastUs = *pts;
  }
  const double cpu = bench::cpuSeconds() - cpuBefore;
  const double videoSeconds = static_cast<double>(lastUs + input.frameUs() - firstUs) / 1e6;
  bench::put("cpu_ms_per_video_s", cpu * 1000 / videoSeconds);
  bench::put("wall_s", millisecondsSince(start) / 1000);
  bench::put("frames", static_cast<double>(input.framesDecoded() - framesBefore));
  bench::put("video_s", videoSeconds);
  return 0;
}

int usage() {
  std::fprintf(stderr,
               "usage: playback_tool prepare SOURCE CONTAINER\n"
               "       playback_tool decrypt CONTAINER OUT\n"
               "       playback_tool measure CONTAINER --source FILE --span-us U [--plain-copy FILE] [--seed S]\n"
               "                     [--opens N] [--seeks N] [--cli-seeks N] [--mpv 0|1] [--settle-ms MS]\n"
               "                     [--step-positions N] [--steps N] [--back-positions N]\n"
               "       playback_tool play CONTAINER --start-us T [--speed X] [--video-seconds S]\n"
               "       playback_tool decode FILE --start-us T [--seconds S]\n");
  return 64;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 3) return usage();
  vs::setLanguage(vs::Language::English);
  av_log_set_level(AV_LOG_ERROR);
  const std::string command = argv[1];
  if (command == "prepare" && argc == 4) return prepare(argv[2], argv[3]);
  if (command == "decrypt" && argc == 4) return decrypt(argv[2], argv[3]);
  if (command == "measure") return measure(argv[2], bench::Options(argc, argv, 3));
  if (command == "play") return play(argv[2], bench::Options(argc, argv, 3));
  if (command == "decode") return decode(argv[2], bench::Options(argc, argv, 3));
  return usage();
}
