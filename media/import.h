// Import: a camera, phone or screen-recorder file in, H.264 + AAC in
// (fragmented) MP4 out, written through a custom AVIOContext into an
// OutputSink (the app layer's sink encrypts into the vault container, so
// plaintext never touches the disk), plus the derived data computed in the
// same pass: thumbnails, waveform peaks, speech activity.
//
// Remux without re-encoding when the source already is H.264 + AAC (or
// H.264 without audio) with keyframes at most 2 s apart; otherwise transcode
// (libx264, a keyframe every second; AAC). Rotation metadata is honoured.
#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "core/error.h"
#include "media/analysis.h"

namespace vakspiegel {
class ChunkedFileReader;
}

namespace vakspiegel::media {

// Where the encoded MP4 goes. write() is called in order; restart() discards
// everything written so far (import starts over, e.g. when a remux finds a
// keyframe gap above 2 s and falls back to transcoding).
class OutputSink {
 public:
  virtual ~OutputSink() = default;
  [[nodiscard]] virtual Status write(std::span<const unsigned char> bytes) = 0;
  [[nodiscard]] virtual Status restart() = 0;
};

struct StreamInfo {
  std::string codec;  // FFmpeg codec name, e.g. "h264", "aac", "hevc"
  int width = 0, height = 0;   // coded size (video)
  int rotationDegrees = 0;     // 0, 90, 180, 270 clockwise to display upright
  int sampleRate = 0, channels = 0;  // audio
};

struct ProbeInfo {
  std::string container;       // FFmpeg demuxer name, e.g. "mov,mp4,m4a,3gp,3g2,mj2"
  std::int64_t durationUs = 0; // 0 when unknown
  std::optional<StreamInfo> video;
  std::optional<StreamInfo> audio;
};

// Errors (Dutch messages): NotFound, Io, Unsupported ("not a media file",
// also a photo, a playlist or a container cameras do not write; "no video
// stream", naming what there is instead; an unsupported codec named),
// CorruptData (empty file; an MP4 whose index is missing: "incomplete";
// damaged beyond reading), InvalidArgument (a folder).
[[nodiscard]] Result<ProbeInfo> probe(const std::filesystem::path& source);

// Whether `source` can be a recording at all: an ordinary, non-empty file.
// A folder, a pipe, a device such as /dev/zero or a socket is refused with a
// message that says what it is (InvalidArgument); a missing file is NotFound,
// an unreadable one Io, an empty one CorruptData. Nothing is read.
[[nodiscard]] Status checkSource(const std::filesystem::path& source);

struct Thumbnail {
  std::int64_t ptsUs = 0;
  Bytes jpeg;
};

// Small JPEG frames along the recording, upright (rotation applied), at a
// fixed interval: enough for a timeline at several zoom levels (a UI shows
// every k-th at lower zoom). Each is the first frame (during an import) or
// keyframe (extractThumbnails) at or after a multiple of the interval;
// ptsUs is that frame's media time. Where keyframes are sparser than the
// interval, extractThumbnails gives one per keyframe.
struct ThumbnailStrip {
  int width = 0, height = 0;
  std::int64_t intervalUs = 0;
  std::vector<Thumbnail> frames;
};
[[nodiscard]] Bytes serialize(const ThumbnailStrip& strip);
[[nodiscard]] Result<ThumbnailStrip> parseThumbnailStrip(std::span<const unsigned char> bytes);

// Thumbnails alone, from a file (seeks keyframe to keyframe: reads and decodes
// only one keyframe per interval). Used by the benchmark against ffmpeg's
// fps filter and to rebuild a strip. Errors: those of probe(),
// InvalidArgument (interval or width not positive); from a container also
// the reader's (CorruptData naming a chunk, Io).
[[nodiscard]] Result<ThumbnailStrip> extractThumbnails(const std::filesystem::path& source, std::int64_t intervalUs,
                                                       int width);
// The same, from a vault container (through the decrypting AVIOContext).
[[nodiscard]] Result<ThumbnailStrip> extractThumbnails(ChunkedFileReader& input, std::int64_t intervalUs,
                                                       int width);

enum class ImportMode { Remux, Transcode };

struct ImportProgress {
  double fraction = 0;                    // 0..1
  std::optional<double> secondsLeft;      // once an estimate is possible
};
// Called now and then (at most a few times per second); return false to cancel.
using ProgressCallback = std::function<bool(const ImportProgress&)>;

struct ImportOptions {
  // Tests and benchmarks. A forced remux (H.264 + AAC sources only) does not
  // fall back when keyframes are far apart; a forced transcode always is one.
  std::optional<ImportMode> forceMode;
  // Decoding a keyframe for a thumbnail costs about 10 ms at 720p and is most
  // of a remux import's work (tests/bench/import_bench.sh: 3 of 4 s for 10
  // minutes at one per 2 s). One per 4 s still gives a 1000-pixel timeline
  // a thumbnail per slot down to a 6-minute view; closer views show video.
  std::int64_t thumbnailIntervalUs = 4'000'000;
  int thumbnailWidth = 160;
  int crf = 20;                               // libx264 quality (faces, small gestures)
  std::string x264Preset = "veryfast";
};

// A stretch of the source that could not be decoded and was skipped.
struct DamagedRange {
  std::int64_t startUs = 0, endUs = 0;
};

struct ImportReport {
  ImportMode mode = ImportMode::Remux;
  std::string transcodeReason;   // why not a remux, English code, e.g. "video codec hevc"
  ProbeInfo source;
  std::int64_t durationUs = 0;   // of the output
  int width = 0, height = 0;     // displayed size of the output (after rotation)
  bool isTruncated = false;      // the source ended early (a camera whose battery died)
  std::int64_t readableUntilUs = 0;
  std::vector<DamagedRange> damaged;
  std::uint64_t bytesWritten = 0;
  ThumbnailStrip thumbnails;
  WaveformPeaks waveform;        // empty when there is no audio
  SpeechActivity speech;         // empty when there is no audio
};

// Errors, each with a clear Dutch message: those of probe(), Unsupported
// (unsupported codec, named), CorruptData (nothing readable), Cancelled (the
// callback returned false), and the sink's errors (DiskFull, Io) unchanged.
// InvalidArgument (English, a caller's bug): options out of range, a forced
// remux of a source that is not H.264 + AAC. After an error the sink holds
// garbage: the caller discards it.
// Media time (thumbnails, waveform, speech, damaged ranges, the output's
// timestamps) starts at the source's first timestamp. Progress: first 0,
// then at most every 200 ms, last 1.0; the fraction never goes back.
[[nodiscard]] Result<ImportReport> importMedia(const std::filesystem::path& source, OutputSink& output,
                                               const ImportOptions& options = {},
                                               const ProgressCallback& progress = {});

// What an imported file holds, read back through the decrypting AVIOContext
// by demuxing every packet: used to verify an import before the source is
// wiped, and by tests.
struct MediaSummary {
  std::string videoCodec, audioCodec;  // audioCodec empty without audio
  int width = 0, height = 0;           // displayed size (rotation applied)
  int rotationDegrees = 0;
  std::int64_t durationUs = 0;
  std::int64_t videoPackets = 0, audioPackets = 0;
  std::int64_t maxKeyframeGapUs = 0;
};
// durationUs: from the first packet's start to the last one's end (AAC
// priming included); maxKeyframeGapUs includes the stretch from the last
// keyframe to the last picture.
// Errors: CorruptData (not a readable MP4, no video, or the container fails:
// then the reader's own message), Io.
[[nodiscard]] Result<MediaSummary> inspect(ChunkedFileReader& input);

}  // namespace vakspiegel::media
