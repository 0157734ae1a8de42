// Test helpers for the media tests: source media generated with the ffmpeg
// CLI and espeak-ng into a temporary directory (never committed), output
// sinks (into a real vault container, into memory, one that fails), and
// small byte tools for damaging files. The import's matrix of containers and
// codecs lives here too: the import tests and the player's tests both play it.
#pragma once

#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <memory>
#include <ostream>
#include <span>
#include <sstream>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "media/import.h"
#include "support/temp_dir.h"
#include "vault/chunked_file.h"
#include "vault/keys.h"

namespace vakspiegel::media::test {

using vakspiegel::test::TempDir;

// Runs a shell command; the test fails with its output when it fails.
inline void run(const std::string& command, const std::filesystem::path& log) {
  const std::string full = command + " >" + log.string() + " 2>&1";
  const int status = std::system(full.c_str());
  if (status != 0) {
    std::ifstream in(log);
    std::stringstream text;
    text << in.rdbuf();
    FAIL() << "command failed (" << status << "): " << command << "\n" << text.str();
  }
}

// ffmpeg with quiet logs and overwrite.
inline void ffmpeg(const TempDir& dir, const std::string& arguments) {
  run("ffmpeg -hide_banner -nostdin -loglevel error -y " + arguments, dir / "ffmpeg.log");
}

// A few seconds of Dutch speech, padded or cut to `seconds`.
inline std::filesystem::path speech(const TempDir& dir, double seconds) {
  const auto raw = dir / "speech-raw.wav";
  const auto padded = dir / "speech.wav";
  if (!std::filesystem::exists(padded)) {
    run("espeak-ng -v nl -s 170 -w " + raw.string() +
            " 'Goedemorgen. Fijn dat u er bent. Hoe gaat het met de zoektocht naar werk?'",
        dir / "espeak.log");
    ffmpeg(dir, "-i " + raw.string() + " -af apad -t " + std::to_string(seconds) + " -ar 44100 " + padded.string());
  }
  return padded;
}

// The lavfi test picture (moving, with a counter) at 320x240, 30 fps.
inline std::string testPicture(double seconds, const std::string& size = "320x240", int rate = 30) {
  return "-f lavfi -i testsrc2=size=" + size + ":rate=" + std::to_string(rate) + ":duration=" + std::to_string(seconds);
}

// A file `name` in `dir` with the test picture and speech, encoded with
// `codecs` (ffmpeg output options). Audio is the second input.
inline std::filesystem::path makeMedia(const TempDir& dir, const std::string& name, const std::string& codecs,
                                       double seconds = 3.0, bool withAudio = true) {
  const auto path = dir / name;
  std::string inputs = testPicture(seconds);
  if (withAudio) inputs += " -i " + speech(dir, seconds).string();
  ffmpeg(dir, inputs + " -t " + std::to_string(seconds) + " " + codecs + " " + path.string());
  return path;
}

// H.264 + AAC in MP4 with a keyframe every second: remuxed as it is.
inline std::filesystem::path makeRemuxable(const TempDir& dir, const std::string& name = "source.mp4",
                                           double seconds = 3.0) {
  return makeMedia(dir, name, "-c:v libx264 -preset ultrafast -g 30 -pix_fmt yuv420p -c:a aac -b:a 96k", seconds);
}

// ---- The import's matrix of sources -------------------------------------------
// Every container and codec a camera, phone or screen recorder produces, as
// the import tests and the player's matrix test generate them.

inline const std::string kX264 = "-c:v libx264 -preset ultrafast -pix_fmt yuv420p -g 30";
inline const std::string kVp9 = "-c:v libvpx-vp9 -deadline realtime -cpu-used 8 -b:v 300k -g 30";

struct SourceCase {
  std::string name;       // test name and file name stem
  std::string extension;  // container, by file name
  std::string codecs;     // ffmpeg output options
  bool hasAudio = true;
  ImportMode expectedMode = ImportMode::Transcode;
  std::string reasonContains;  // of transcodeReason
};

inline std::ostream& operator<<(std::ostream& out, const SourceCase& source) {
  return out << source.name;
}

// The sources, made with makeMedia(dir, name + "." + extension, codecs, seconds, hasAudio).
inline std::vector<SourceCase> importMatrix() {
  return {
      SourceCase{"mp4_h264_aac", "mp4", kX264 + " -c:a aac", true, ImportMode::Remux, ""},
      SourceCase{"mp4_h264_aac_sparse_keyframes", "mp4",
                 "-c:v libx264 -preset ultrafast -pix_fmt yuv420p -g 150 -keyint_min 150 -sc_threshold 0 -c:a aac",
                 true, ImportMode::Transcode, "keyframes"},
      SourceCase{"mp4_hevc_aac", "mp4",
                 "-c:v libx265 -preset ultrafast -x265-params log-level=none -tag:v hvc1 -c:a aac", true,
                 ImportMode::Transcode, "video codec hevc"},
      SourceCase{"mov_h264_pcm", "mov", kX264 + " -c:a pcm_s16le", true, ImportMode::Transcode,
                 "audio codec pcm_s16le"},
      SourceCase{"mov_mpeg4_mp3", "mov", "-c:v mpeg4 -q:v 5 -c:a libmp3lame", true, ImportMode::Transcode,
                 "video codec mpeg4"},
      SourceCase{"mkv_vp9_opus", "mkv", kVp9 + " -c:a libopus", true, ImportMode::Transcode, "video codec vp9"},
      SourceCase{"mkv_h264_ac3_surround", "mkv", kX264 + " -af 'pan=5.1|FL=c0|FR=c0|FC=c0|LFE=c0|BL=c0|BR=c0' -c:a ac3",
                 true, ImportMode::Transcode, "audio codec ac3"},
      SourceCase{"webm_vp8_vorbis", "webm", "-c:v libvpx -deadline realtime -cpu-used 8 -b:v 300k -c:a libvorbis", true,
                 ImportMode::Transcode, "video codec vp8"},
      SourceCase{"webm_vp9_opus", "webm", kVp9 + " -c:a libopus", true, ImportMode::Transcode, "video codec vp9"},
      SourceCase{"webm_av1_opus", "webm", "-c:v libsvtav1 -preset 12 -c:a libopus", true, ImportMode::Transcode,
                 "video codec av1"},
      SourceCase{"avi_mpeg4_mp3", "avi", "-c:v mpeg4 -q:v 5 -c:a libmp3lame", true, ImportMode::Transcode,
                 "video codec mpeg4"},
      SourceCase{"avi_h264_pcm_mono", "avi", kX264 + " -c:a pcm_s16le -ac 1", true, ImportMode::Transcode,
                 "audio codec pcm_s16le"},
      SourceCase{"mkv_h264_video_only", "mkv", kX264, false, ImportMode::Remux, ""}};
}

// 2 s at 30 fps, then 2 s at 15 fps: 90 frames over 4 s. A transcode that
// forced a constant rate would make 120 (or 60) of them.
inline std::filesystem::path makeVariableFrameRate(const TempDir& dir, const std::string& name,
                                                   const std::string& codecs) {
  const auto path = dir / name;
  ffmpeg(dir, testPicture(4.0) + " -i " + speech(dir, 4.0).string() +
                  " -vf \"select='lt(t,2)+not(mod(n,2))'\" -vsync vfr -t 4 " + codecs + " " + path.string());
  return path;
}

// A phone held upright: 320x240 stored, a display matrix turning it.
// (FFmpeg 5.1 writes the matrix for -metadata:s:v rotate=90 only when
// copying, so the source is made in two steps.)
inline std::filesystem::path makeRotated(const TempDir& dir) {
  const auto plain = dir / "plain.mp4";
  const auto rotated = dir / "rotated.mp4";
  // Top half black, bottom half white: which side ends up dark shows the turn.
  ffmpeg(dir, "-f lavfi -i color=c=white:s=320x240:r=30:d=3 -i " + speech(dir, 3.0).string() +
                  " -vf drawbox=x=0:y=0:w=320:h=120:color=black:t=fill -t 3 " + kX264 + " -c:a aac " + plain.string());
  ffmpeg(dir, "-i " + plain.string() + " -c copy -metadata:s:v:0 rotate=90 " + rotated.string());
  return rotated;
}

// An OutputSink into a real vault container (ChunkedFileWriter); restart()
// abandons the container and starts a new one.
class VaultSink final : public OutputSink {
 public:
  explicit VaultSink(std::filesystem::path path) : m_path(std::move(path)), m_key(DataKey::generate()) {
    auto writer = ChunkedFileWriter::create(m_path, m_key);
    EXPECT_TRUE(writer.has_value()) << writer.error().message;
    if (writer) m_writer = std::move(*writer);
  }
  Status write(std::span<const unsigned char> bytes) override {
    m_bytes += bytes.size();
    return m_writer->write(bytes);
  }
  Status restart() override {
    ++m_restarts;
    m_bytes = 0;
    m_writer->abandon();
    m_writer = VS_TRY(ChunkedFileWriter::create(m_path, m_key));
    return {};
  }
  // Commits the container and opens it for reading.
  std::unique_ptr<ChunkedFileReader> commitAndOpen() {
    Status committed = m_writer->commit();
    EXPECT_TRUE(committed.has_value()) << committed.error().message;
    auto reader = ChunkedFileReader::open(m_path, m_key);
    EXPECT_TRUE(reader.has_value()) << reader.error().message;
    return reader ? std::move(*reader) : nullptr;
  }
  // Opens the committed container again.
  std::unique_ptr<ChunkedFileReader> reopen() {
    auto reader = ChunkedFileReader::open(m_path, m_key);
    EXPECT_TRUE(reader.has_value()) << reader.error().message;
    return reader ? std::move(*reader) : nullptr;
  }
  [[nodiscard]] int restarts() const { return m_restarts; }
  [[nodiscard]] std::uint64_t bytes() const { return m_bytes; }

 private:
  std::filesystem::path m_path;
  DataKey m_key;
  std::unique_ptr<ChunkedFileWriter> m_writer;
  int m_restarts = 0;
  std::uint64_t m_bytes = 0;
};

// Keeps everything in memory.
class MemorySink final : public OutputSink {
 public:
  Status write(std::span<const unsigned char> bytes) override {
    data.insert(data.end(), bytes.begin(), bytes.end());
    return {};
  }
  Status restart() override {
    data.clear();
    ++restarts;
    return {};
  }
  std::vector<unsigned char> data;
  int restarts = 0;
};

// Accepts `limit` bytes, then fails every write with `error`.
class FailingSink final : public OutputSink {
 public:
  FailingSink(std::uint64_t limit, Error error) : m_limit(limit), m_error(std::move(error)) {}
  Status write(std::span<const unsigned char> bytes) override {
    if (m_written + bytes.size() > m_limit) {
      ++failures;
      return fail(m_error);
    }
    m_written += bytes.size();
    return {};
  }
  Status restart() override {
    m_written = 0;
    return {};
  }
  int failures = 0;

 private:
  std::uint64_t m_limit;
  std::uint64_t m_written = 0;
  Error m_error;
};

inline std::vector<unsigned char> readBytes(const std::filesystem::path& path) {
  return vakspiegel::test::readFileBytes(path);
}
inline void writeBytes(const std::filesystem::path& path, const std::vector<unsigned char>& bytes) {
  vakspiegel::test::writeFileBytes(path, bytes);
}

// The first `fraction` of a file, as another file.
inline std::filesystem::path cutFile(const std::filesystem::path& source, double fraction,
                                     const std::filesystem::path& target) {
  auto bytes = readBytes(source);
  bytes.resize(static_cast<std::size_t>(static_cast<double>(bytes.size()) * fraction));
  writeBytes(target, bytes);
  return target;
}

// The number of video frames ffprobe counts in a file (decoding them).
inline long countFrames(const TempDir& dir, const std::filesystem::path& file) {
  const auto out = dir / "frames.txt";
  run("ffprobe -v error -select_streams v:0 -count_frames -show_entries stream=nb_read_frames -of csv=p=0 " +
          file.string(),
      out);
  std::ifstream in(out);
  long frames = -1;
  in >> frames;
  return frames;
}

}  // namespace vakspiegel::media::test
