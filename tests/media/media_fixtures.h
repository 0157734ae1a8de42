// Test helpers for the media tests: source media generated with the ffmpeg
// CLI and espeak-ng into a temporary directory (never committed), output
// sinks (into a real vault container, into memory, one that fails), and
// small byte tools for damaging files.
#pragma once

#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <memory>
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
