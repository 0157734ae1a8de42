// The transcode's video half: decoded frames through a libavfilter graph
// (turned upright, scaled to the fixed output size, yuv420p) into libx264,
// with a keyframe forced every second of media time. Timestamps are the
// source's own (no constant frame rate is forced), so variable frame rate
// survives and the output has as many frames as the input.
//
// Why turn the pixels rather than keep the display matrix (as the remux
// does): a transcode touches every pixel anyway, so the turn costs little,
// and an upright picture plays the same in every player, including those
// that ignore the matrix of a fragmented MP4.
// Internal to media/ (FFmpeg types).
#pragma once

#include <cstdint>
#include <memory>

#include "core/error.h"
#include "media/import.h"
#include "media/internal/ffmpeg_util.h"

namespace vakspiegel::media {

class VideoEncoder {
 public:
  // source: the video stream (its size, rotation, aspect, frame rate; its
  // time base becomes the encoder's). Errors: Unsupported (libx264 missing),
  // Internal.
  [[nodiscard]] static Result<std::unique_ptr<VideoEncoder>> create(const AVFormatContext& format,
                                                                    const AVStream& source,
                                                                    const ImportOptions& options);
  VideoEncoder(const VideoEncoder&) = delete;
  VideoEncoder& operator=(const VideoEncoder&) = delete;
  ~VideoEncoder();

  [[nodiscard]] const AVCodecContext& context() const { return *m_encoder; }
  // Displayed (and stored) output size.
  [[nodiscard]] int width() const { return m_encoder->width; }
  [[nodiscard]] int height() const { return m_encoder->height; }

  // frame.pts: in the source stream's time base, media time 0 at the start,
  // strictly increasing. Errors: Internal; the handler's.
  [[nodiscard]] Status encode(const AVFrame& frame, const PacketHandler& deliver);
  // Drains the filter graph and the encoder.
  [[nodiscard]] Status finish(const PacketHandler& deliver);

 private:
  VideoEncoder() = default;
  Status buildGraph(const AVFrame& frame);
  Status pullFiltered(const PacketHandler& deliver);
  Status sendToEncoder(AVFrame* frame, const PacketHandler& deliver);

  ff::CodecContext m_encoder;
  ff::FilterGraph m_graph;
  AVFilterContext* m_source = nullptr;  // owned by m_graph
  AVFilterContext* m_sink = nullptr;    // owned by m_graph
  ff::Frame m_filtered;
  ff::Packet m_packet;
  int m_rotation = 0;
  // What the graph was built for; a change of size or format rebuilds it.
  int m_inputWidth = 0, m_inputHeight = 0, m_inputFormat = -1;
  std::int64_t m_nextKeyframeUs = 0;
};

}  // namespace vakspiegel::media
