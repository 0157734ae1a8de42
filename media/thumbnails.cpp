// Thumbnails: the JPEG maker and picker shared with the import, the strip's
// storage format, and extractThumbnails(), which seeks from keyframe to
// keyframe and decodes nothing else.
#include "media/internal/thumbnailer.h"

#include <algorithm>
#include <array>
#include <limits>
#include <span>
#include <tuple>
#include <utility>

#include "core/i18n.h"
#include "core/le_bytes.h"
#include "media/internal/media_input.h"

namespace vakspiegel::media {
namespace {

// MJPEG quantiser scale (2 best .. 31 worst): faces stay recognisable at
// 160 px, about 4-6 KB per thumbnail.
constexpr int kJpegQuality = 3;

int evenAtLeastTwo(long value) {
  return static_cast<int>(std::max(2L, value - value % 2));
}

// Copies one plane turned clockwise by `degrees` (90, 180 or 270).
void turnPlane(const std::uint8_t* source, int sourceStride, int width, int height, std::uint8_t* target,
               int targetStride, int degrees) {
  for (int y = 0; y < height; ++y) {
    const std::uint8_t* row = source + static_cast<std::ptrdiff_t>(y) * sourceStride;
    for (int x = 0; x < width; ++x) {
      int targetX = 0, targetY = 0;
      if (degrees == 90) {
        targetX = height - 1 - y;
        targetY = x;
      } else if (degrees == 180) {
        targetX = width - 1 - x;
        targetY = height - 1 - y;
      } else {
        targetX = y;
        targetY = width - 1 - x;
      }
      target[static_cast<std::ptrdiff_t>(targetY) * targetStride + targetX] = row[x];
    }
  }
}

Error thumbnailFailure() {
  return {ErrorCode::Internal, tr("Making a thumbnail failed (an internal error). Please report it.")};
}

}  // namespace

ThumbnailEncoder::ThumbnailEncoder(int width, int rotationDegrees)
    : m_requestedWidth(evenAtLeastTwo(width)), m_rotation(rotationDegrees) {}

Status ThumbnailEncoder::setUp(const AVFrame& frame) {
  // Displayed aspect: pixels times their aspect ratio, then turned.
  double aspect = static_cast<double>(frame.width) / frame.height;
  if (frame.sample_aspect_ratio.num > 0 && frame.sample_aspect_ratio.den > 0) {
    aspect *= av_q2d(frame.sample_aspect_ratio);
  }
  if (m_rotation == 90 || m_rotation == 270) aspect = 1.0 / aspect;
  m_width = m_requestedWidth;
  m_height = evenAtLeastTwo(std::lround(m_width / aspect));
  const bool isTurned = m_rotation == 90 || m_rotation == 270;
  m_scaledWidth = isTurned ? m_height : m_width;
  m_scaledHeight = isTurned ? m_width : m_height;

  const AVCodec* codec = avcodec_find_encoder(AV_CODEC_ID_MJPEG);
  if (codec == nullptr) return fail(thumbnailFailure());
  m_encoder.reset(avcodec_alloc_context3(codec));
  m_scaled.reset(av_frame_alloc());
  m_upright.reset(av_frame_alloc());
  m_packet.reset(av_packet_alloc());
  if (!m_encoder || !m_scaled || !m_upright || !m_packet) return fail(ErrorCode::Internal, tr("Out of memory."));
  m_encoder->width = m_width;
  m_encoder->height = m_height;
  m_encoder->pix_fmt = AV_PIX_FMT_YUVJ420P;
  m_encoder->color_range = AVCOL_RANGE_JPEG;
  m_encoder->time_base = AVRational{1, 25};
  m_encoder->flags |= AV_CODEC_FLAG_QSCALE;
  m_encoder->global_quality = FF_QP2LAMBDA * kJpegQuality;
  if (avcodec_open2(m_encoder.get(), codec, nullptr) < 0) return fail(thumbnailFailure());

  for (auto [picture, width, height] :
       {std::tuple{m_scaled.get(), m_scaledWidth, m_scaledHeight}, std::tuple{m_upright.get(), m_width, m_height}}) {
    picture->format = AV_PIX_FMT_YUVJ420P;
    picture->width = width;
    picture->height = height;
    if (av_frame_get_buffer(picture, 0) < 0) return fail(ErrorCode::Internal, tr("Out of memory."));
  }
  return {};
}

Result<Bytes> ThumbnailEncoder::encode(const AVFrame& frame) {
  if (frame.width <= 0 || frame.height <= 0) return fail(thumbnailFailure());
  if (!m_encoder) VS_TRY(setUp(frame));
  // The cached context is rebuilt when a source changes size mid-stream.
  SwsContext* scaler =
      sws_getCachedContext(m_scaler.release(), frame.width, frame.height, static_cast<AVPixelFormat>(frame.format),
                           m_scaledWidth, m_scaledHeight, AV_PIX_FMT_YUVJ420P, SWS_AREA, nullptr, nullptr, nullptr);
  m_scaler.reset(scaler);
  if (!m_scaler) return fail(thumbnailFailure());
  if (av_frame_make_writable(m_scaled.get()) < 0) return fail(ErrorCode::Internal, tr("Out of memory."));
  if (sws_scale(m_scaler.get(), frame.data, frame.linesize, 0, frame.height, m_scaled->data, m_scaled->linesize) <= 0) {
    return fail(thumbnailFailure());
  }
  AVFrame* picture = m_scaled.get();
  if (m_rotation != 0) {
    if (av_frame_make_writable(m_upright.get()) < 0) return fail(ErrorCode::Internal, tr("Out of memory."));
    for (int plane = 0; plane < 3; ++plane) {
      const int shift = plane == 0 ? 0 : 1;  // 4:2:0 chroma is half size both ways
      turnPlane(m_scaled->data[plane], m_scaled->linesize[plane], m_scaledWidth >> shift, m_scaledHeight >> shift,
                m_upright->data[plane], m_upright->linesize[plane], m_rotation);
    }
    picture = m_upright.get();
  }
  picture->pts = m_count++;
  picture->quality = m_encoder->global_quality;
  if (avcodec_send_frame(m_encoder.get(), picture) < 0) return fail(thumbnailFailure());
  if (avcodec_receive_packet(m_encoder.get(), m_packet.get()) < 0) return fail(thumbnailFailure());
  Bytes jpeg(m_packet->data, m_packet->data + m_packet->size);
  av_packet_unref(m_packet.get());
  return jpeg;
}

namespace {

// A frame this much before a thumbnail time still counts as on it
// (timestamps rounded to the stream's time base).
std::int64_t toleranceFor(std::int64_t intervalUs) {
  return std::min<std::int64_t>(10'000, intervalUs / 4);
}

}  // namespace

std::int64_t nextThumbnailTime(std::int64_t ptsUs, std::int64_t intervalUs) {
  const std::int64_t at = std::max<std::int64_t>(0, ptsUs + toleranceFor(intervalUs));
  return (at / intervalUs + 1) * intervalUs;
}

bool isThumbnailTime(std::int64_t ptsUs, std::int64_t targetUs, std::int64_t intervalUs) {
  return ptsUs >= targetUs - toleranceFor(intervalUs);
}

ThumbnailCollector::ThumbnailCollector(std::int64_t intervalUs, int width, int rotationDegrees)
    : m_encoder(width, rotationDegrees) {
  m_strip.intervalUs = intervalUs;
}

bool ThumbnailCollector::wants(std::int64_t ptsUs) const {
  return m_strip.intervalUs > 0 && isThumbnailTime(ptsUs, m_nextUs, m_strip.intervalUs);
}

Status ThumbnailCollector::add(const AVFrame& frame, std::int64_t ptsUs) {
  Bytes jpeg = VS_TRY(m_encoder.encode(frame));
  m_strip.frames.push_back({std::max<std::int64_t>(0, ptsUs), std::move(jpeg)});
  m_nextUs = nextThumbnailTime(ptsUs, m_strip.intervalUs);
  return {};
}

ThumbnailStrip ThumbnailCollector::finish() {
  m_strip.width = m_encoder.width();
  m_strip.height = m_encoder.height();
  return std::move(m_strip);
}

Result<ff::Frame> decodeAlone(AVCodecContext* decoder, const AVPacket& packet) {
  ff::Frame frame(av_frame_alloc());
  ff::Frame decoded(av_frame_alloc());
  if (!frame || !decoded) return fail(ErrorCode::Internal, tr("Out of memory."));
  bool hasFrame = false;
  if (avcodec_send_packet(decoder, &packet) >= 0 && avcodec_send_packet(decoder, nullptr) >= 0) {
    while (avcodec_receive_frame(decoder, decoded.get()) >= 0) {
      // Keep the first picture (a decoder may emit more when the packet held several).
      if (!hasFrame) {
        av_frame_move_ref(frame.get(), decoded.get());
        hasFrame = true;
      }
      av_frame_unref(decoded.get());
    }
  }
  avcodec_flush_buffers(decoder);
  if (!hasFrame) return ff::Frame();
  return frame;
}

// ---- The strip's storage format -------------------------------------------
//
// Little-endian. Header, 32 bytes: magic "VSTHUMB\0" | version u16 = 1 |
// reserved u16 = 0 | width u32 | height u32 | interval (us) i64 | count u32.
// Then per thumbnail: pts (us) i64 | JPEG length u32 (> 0) | JPEG bytes.
// Nothing may follow the last thumbnail.
namespace {

constexpr std::array<unsigned char, 8> kStripMagic = {'V', 'S', 'T', 'H', 'U', 'M', 'B', '\0'};
constexpr std::uint16_t kStripVersion = 1;
constexpr std::size_t kStripHeaderBytes = 32;
constexpr std::size_t kFrameHeaderBytes = 12;
constexpr std::uint32_t kMaxThumbnailSide = 16384;

Error damagedStrip() {
  return {ErrorCode::CorruptData, tr("The thumbnails of this recording are damaged; they can be made again.")};
}

}  // namespace

Bytes serialize(const ThumbnailStrip& strip) {
  LeWriter out;
  out.bytes(kStripMagic);
  out.u16(kStripVersion);
  out.u16(0);
  out.u32(static_cast<std::uint32_t>(strip.width));
  out.u32(static_cast<std::uint32_t>(strip.height));
  out.i64(strip.intervalUs);
  out.u32(static_cast<std::uint32_t>(strip.frames.size()));
  for (const Thumbnail& frame : strip.frames) {
    out.i64(frame.ptsUs);
    out.u32(static_cast<std::uint32_t>(frame.jpeg.size()));
    out.bytes(frame.jpeg);
  }
  return out.take();
}

Result<ThumbnailStrip> parseThumbnailStrip(std::span<const unsigned char> bytes) {
  LeReader in(bytes);
  std::uint16_t version = 0, reserved = 0;
  std::uint32_t width = 0, height = 0, count = 0;
  std::int64_t interval = 0;
  if (bytes.size() < kStripHeaderBytes || !in.magic(kStripMagic) || !in.read(version) || !in.read(reserved) ||
      !in.read(width) || !in.read(height) || !in.read(interval) || !in.read(count)) {
    return fail(damagedStrip());
  }
  if (version > kStripVersion) {
    return fail(ErrorCode::Unsupported,
                tr("The thumbnails were stored by a newer version of Vakspiegel. Update Vakspiegel to show them."));
  }
  if (version == 0 || reserved != 0 || width > kMaxThumbnailSide || height > kMaxThumbnailSide || interval < 0 ||
      count > in.remaining() / kFrameHeaderBytes) {
    return fail(damagedStrip());
  }
  ThumbnailStrip strip;
  strip.width = static_cast<int>(width);
  strip.height = static_cast<int>(height);
  strip.intervalUs = interval;
  strip.frames.reserve(count);
  for (std::uint32_t i = 0; i < count; ++i) {
    std::int64_t pts = 0;
    std::uint32_t length = 0;
    if (!in.read(pts) || !in.read(length) || length == 0) return fail(damagedStrip());
    const auto jpeg = in.take(length);
    if (!jpeg) return fail(damagedStrip());
    strip.frames.push_back({pts, Bytes(jpeg->begin(), jpeg->end())});
  }
  if (in.remaining() != 0) return fail(damagedStrip());
  return strip;
}

// ---- extractThumbnails ----------------------------------------------------
namespace {

// Read errors in a row after which a damaged file counts as ended.
constexpr int kMaxFailedReads = 1000;

Result<ThumbnailStrip> extractFrom(MediaInput& input, std::int64_t intervalUs, int width) {
  if (intervalUs <= 0 || width < 2) {
    return fail(ErrorCode::InvalidArgument, "thumbnail interval and width must be positive");
  }
  AVFormatContext* format = input.format();
  const StreamChoice streams = VS_TRY(chooseStreams(format));
  AVStream* video = format->streams[streams.video];
  ff::CodecContext decoder = VS_TRY(ff::openDecoder(video, ff::DecodeFrames::KeyframesOnly));
  // Only the video is read: the demuxer skips the other streams' packets.
  for (unsigned i = 0; i < format->nb_streams; ++i) {
    format->streams[i]->discard = static_cast<int>(i) == streams.video ? AVDISCARD_DEFAULT : AVDISCARD_ALL;
  }
  ThumbnailEncoder encoder(width, ff::rotationDegrees(video));
  ThumbnailStrip strip;
  strip.intervalUs = intervalUs;
  ff::Packet packet(av_packet_alloc());
  if (!packet) return fail(ErrorCode::Internal, tr("Out of memory."));

  const std::int64_t startUs = input.startUs();
  const std::int64_t durationUs = input.durationUs();
  std::int64_t lastTakenUs = std::numeric_limits<std::int64_t>::min();
  std::int64_t targetUs = 0;
  bool isAtEnd = false;
  while (!isAtEnd && (durationUs == 0 || targetUs < durationUs)) {
    // To the keyframe at or before the target (where a file cannot seek,
    // reading simply goes on from where it is), then on to the first
    // keyframe at the target or after it, as the import picks them:
    // packets on the way are read, not decoded. Keyframes sparser than
    // the interval give one thumbnail each.
    av_seek_frame(format, streams.video, ff::fromMicroseconds(startUs + targetUs, video->time_base),
                  AVSEEK_FLAG_BACKWARD);
    std::int64_t keyframeUs = 0;
    int failedReads = 0;
    while (true) {
      const int read = av_read_frame(format, packet.get());
      if (read < 0) {
        if (auto error = input.readerError()) return fail(*error);
        if (read == AVERROR_EOF || input.isAtEnd() || ++failedReads > kMaxFailedReads) {
          isAtEnd = true;
          break;
        }
        continue;  // damage: the demuxer resynchronises
      }
      failedReads = 0;
      const std::int64_t timestamp = packet->pts != AV_NOPTS_VALUE ? packet->pts : packet->dts;
      if (packet->stream_index == streams.video && (packet->flags & AV_PKT_FLAG_KEY) != 0 &&
          timestamp != AV_NOPTS_VALUE) {
        keyframeUs = ff::toMicroseconds(timestamp, video->time_base) - startUs;
        if (keyframeUs > lastTakenUs && isThumbnailTime(keyframeUs, targetUs, intervalUs)) break;
      }
      av_packet_unref(packet.get());
    }
    if (isAtEnd) break;
    ff::Frame frame = VS_TRY(decodeAlone(decoder.get(), *packet));
    av_packet_unref(packet.get());
    if (frame) {
      Bytes jpeg = VS_TRY(encoder.encode(*frame));
      strip.frames.push_back({std::max<std::int64_t>(0, keyframeUs), std::move(jpeg)});
    }
    lastTakenUs = keyframeUs;
    targetUs = nextThumbnailTime(keyframeUs, intervalUs);
  }
  strip.width = encoder.width();
  strip.height = encoder.height();
  return strip;
}

}  // namespace

Result<ThumbnailStrip> extractThumbnails(const std::filesystem::path& source, std::int64_t intervalUs, int width) {
  MediaInput input = VS_TRY(MediaInput::openFile(source));
  return extractFrom(input, intervalUs, width);
}

Result<ThumbnailStrip> extractThumbnails(ChunkedFileReader& input, std::int64_t intervalUs, int width) {
  MediaInput opened = VS_TRY(MediaInput::openContainer(input, nullptr));
  return extractFrom(opened, intervalUs, width);
}

}  // namespace vakspiegel::media
