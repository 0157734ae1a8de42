// Opening a source for demuxing, from a file or from a vault container (a
// custom read AVIOContext over ChunkedFileReader), with the checks and the
// Dutch messages that probe, import, inspect and the thumbnailer share:
// missing, empty, not a media file, incomplete, no video, unknown codec.
// Internal to media/ (FFmpeg types).
#pragma once

#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>

#include "core/error.h"
#include "media/import.h"
#include "media/internal/ffmpeg_util.h"

namespace vakspiegel {
class ChunkedFileReader;
}

namespace vakspiegel::media {

class ReaderIo;

class MediaInput {
 public:
  // Errors: NotFound, InvalidArgument (a folder), Io (unreadable),
  // CorruptData (empty; incomplete, e.g. an MP4 without its index; damaged
  // beyond reading), Unsupported (not a media file, or a still image).
  [[nodiscard]] static Result<MediaInput> openFile(const std::filesystem::path& path);
  // formatName forces a demuxer ("mp4" for imported files); null probes.
  // Errors: those of the reader (Io, CorruptData), CorruptData (empty, not
  // readable), Unsupported.
  [[nodiscard]] static Result<MediaInput> openContainer(ChunkedFileReader& reader, const char* formatName);

  MediaInput(MediaInput&&) noexcept;
  MediaInput& operator=(MediaInput&&) noexcept;
  ~MediaInput();

  [[nodiscard]] AVFormatContext* format() const { return m_format.get(); }
  // The error a vault container's reader gave, if any: it wins over the
  // AVERROR FFmpeg made of it.
  [[nodiscard]] std::optional<Error> readerError() const;
  // The first timestamp of the file (media time 0), in microseconds.
  [[nodiscard]] std::int64_t startUs() const;
  // The container's duration; 0 when unknown.
  [[nodiscard]] std::int64_t durationUs() const;
  // Size and read position in bytes (for progress when there is no duration);
  // size 0 when unknown.
  [[nodiscard]] std::int64_t sizeBytes() const;
  [[nodiscard]] std::int64_t positionBytes() const;
  // Whether reading stopped at the physical end of the data.
  [[nodiscard]] bool isAtEnd() const;

 private:
  MediaInput(std::unique_ptr<ReaderIo> io, ff::InputFormat format);
  // Declared before m_format: the demuxer closes before its custom AVIO.
  std::unique_ptr<ReaderIo> m_io;
  ff::InputFormat m_format;
};

struct StreamChoice {
  int video = -1;
  int audio = -1;  // -1 without sound
};
// The video stream to import (not cover art; the largest if several) and
// its sound. Errors: Unsupported, when there is no video (the message says
// what the file holds instead) or a chosen stream's codec has no decoder (the
// message names it).
[[nodiscard]] Result<StreamChoice> chooseStreams(const AVFormatContext* format);

// Picture size after rotation (the stored size for 0 and 180 degrees).
struct DisplaySize {
  int width = 0, height = 0;
};
[[nodiscard]] DisplaySize displayedSize(const AVStream* video);

// ProbeInfo of an opened input (probe.cpp). Also opens each chosen stream's
// decoder once: a decoder can exist and still refuse a stream. Errors:
// Unsupported (the codec is named).
[[nodiscard]] StreamInfo describeStream(const AVStream* stream);
[[nodiscard]] Result<ProbeInfo> describeInput(const MediaInput& input, const StreamChoice& streams);

}  // namespace vakspiegel::media
