// The import's output: a fragmented MP4 muxed straight into an OutputSink
// through a write-only AVIOContext. The sink cannot seek (it encrypts a
// stream into the vault), so the MP4 is fragmented: a moov without samples
// up front, a moof+mdat starting at a keyframe every 4 s or so, and an mfra
// index at the end. Internal to media/ (FFmpeg types).
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <vector>

#include "core/error.h"
#include "media/import.h"
#include "media/internal/ffmpeg_util.h"

namespace vakspiegel::media {

class Mp4Writer {
 public:
  // Errors: Internal (out of memory).
  [[nodiscard]] static Result<std::unique_ptr<Mp4Writer>> create(OutputSink& sink);
  Mp4Writer(const Mp4Writer&) = delete;
  Mp4Writer& operator=(const Mp4Writer&) = delete;
  ~Mp4Writer();

  // Whether a stream can be copied as it is (AAC from MPEG-TS or ADTS files
  // has no configuration record; one is made from its parameters when
  // they are the usual ones).
  [[nodiscard]] static bool canCopy(const AVCodecParameters& parameters);

  // Streams, before writeHeader(). A copied stream keeps its display matrix,
  // so a player turns the picture. Both return the output stream's index.
  // Errors: Unsupported (!canCopy()), Internal.
  [[nodiscard]] Result<int> addCopiedStream(const AVStream& source);
  [[nodiscard]] Result<int> addEncodedStream(const AVCodecContext& encoder);
  // Errors: the sink's (unchanged), Internal.
  [[nodiscard]] Status writeHeader();
  // Writes one packet whose timestamps are in `timeBase` (media time 0 at
  // the start); takes the packet's data reference. Errors: the sink's
  // (unchanged), Internal.
  [[nodiscard]] Status write(AVPacket& packet, AVRational timeBase, int streamIndex);
  // The trailer (the mfra index) and a final flush into the sink.
  [[nodiscard]] Status finish();

  [[nodiscard]] std::uint64_t bytesWritten() const { return m_bytesWritten; }
  // From the first packet's start to the last one's end, over all streams.
  [[nodiscard]] std::int64_t durationUs() const;

 private:
  explicit Mp4Writer(OutputSink& sink) : m_sink(sink) {}
  static int writeBytes(void* opaque, std::uint8_t* data, int size);
  // The sink's error when it failed (it explains what happened), else an
  // internal error naming FFmpeg's.
  [[nodiscard]] Error failure(int averror) const;
  Status writeDirect(AVPacket& packet, AVRational timeBase, int streamIndex);

  OutputSink& m_sink;
  std::optional<Error> m_sinkError;
  std::uint64_t m_bytesWritten = 0;
  ff::Avio m_avio;
  ff::OutputFormat m_format;  // declared after m_avio: freed before it
  // Per output stream, a filter its packets go through first (ADTS headers
  // off AAC), or null.
  std::vector<ff::BitstreamFilter> m_filters;
  ff::Packet m_filtered;
  struct StreamTiming {
    std::int64_t lastDecodeUs = AV_NOPTS_VALUE;
    std::int64_t stepUs = 0;  // between the last two packets
  };
  std::vector<StreamTiming> m_timing;  // per output stream
  std::int64_t m_firstUs = INT64_MAX;
  std::int64_t m_endUs = INT64_MIN;
};

}  // namespace vakspiegel::media
