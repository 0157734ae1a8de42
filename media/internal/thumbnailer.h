// Thumbnail making shared by the import (in the same pass as the encode) and
// extractThumbnails(): decoded frames become small upright JPEGs (swscale to
// the strip's width keeping the displayed aspect, the rotation applied to the
// pixels, FFmpeg's MJPEG encoder). Internal to media/ (FFmpeg types).
#pragma once

#include <cstdint>

#include "core/error.h"
#include "media/import.h"
#include "media/internal/ffmpeg_util.h"

namespace vakspiegel::media {

class ThumbnailEncoder {
 public:
  // width: of the thumbnails (made even); rotationDegrees: clockwise, of the
  // source stream. The height follows from the first frame's displayed aspect.
  ThumbnailEncoder(int width, int rotationDegrees);
  // Errors: Internal (out of memory, the encoder failing).
  [[nodiscard]] Result<Bytes> encode(const AVFrame& frame);
  // The thumbnails' size; 0 until the first encode().
  [[nodiscard]] int width() const { return m_width; }
  [[nodiscard]] int height() const { return m_height; }

 private:
  Status setUp(const AVFrame& frame);

  int m_requestedWidth;
  int m_rotation;
  int m_width = 0, m_height = 0;              // upright, as stored
  int m_scaledWidth = 0, m_scaledHeight = 0;  // before turning
  ff::Scaler m_scaler;
  ff::CodecContext m_encoder;
  ff::Frame m_scaled;
  ff::Frame m_upright;
  ff::Packet m_packet;
  std::int64_t m_count = 0;
};

// Picks, while frames stream past in presentation order, the first frame at
// or after each multiple of the interval (a few milliseconds early counts,
// for rounded timestamps) and encodes it.
class ThumbnailCollector {
 public:
  ThumbnailCollector(std::int64_t intervalUs, int width, int rotationDegrees);
  [[nodiscard]] bool wants(std::int64_t ptsUs) const;
  // Errors: those of ThumbnailEncoder::encode().
  [[nodiscard]] Status add(const AVFrame& frame, std::int64_t ptsUs);
  [[nodiscard]] ThumbnailStrip finish();

 private:
  ThumbnailEncoder m_encoder;
  ThumbnailStrip m_strip;
  std::int64_t m_nextUs = 0;
};

// The next multiple of intervalUs after ptsUs (a timestamp a little before a
// multiple counts as on it).
[[nodiscard]] std::int64_t nextThumbnailTime(std::int64_t ptsUs, std::int64_t intervalUs);
// Whether a frame at ptsUs is at (or after) the thumbnail time targetUs.
[[nodiscard]] bool isThumbnailTime(std::int64_t ptsUs, std::int64_t targetUs, std::int64_t intervalUs);

// Decodes one keyframe packet on its own (send, drain, flush, so the decoder
// is ready for the next one however far away). Returns a null frame when the
// packet does not decode (damage). Errors: Internal (out of memory).
[[nodiscard]] Result<ff::Frame> decodeAlone(AVCodecContext* decoder, const AVPacket& packet);

}  // namespace vakspiegel::media
