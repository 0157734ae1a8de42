// The transcode's video encoder; see video_encoder.h.
#include "media/internal/video_encoder.h"

#include <algorithm>
#include <cmath>
#include <string>

#include <fmt/format.h>

extern "C" {
#include <libavfilter/buffersink.h>
#include <libavfilter/buffersrc.h>
}

#include "core/i18n.h"

namespace vakspiegel::media {
namespace {

constexpr std::int64_t kKeyframeIntervalUs = 1'000'000;
// A frame this much before a whole second still counts as on it (rounding).
constexpr std::int64_t kKeyframeToleranceUs = 1'000;

int evenAtLeastTwo(int value) {
  return std::max(2, value - value % 2);
}

Error encoderFailure(int averror) {
  return {ErrorCode::Internal,
          trf("Encoding the video failed (an internal error: {}). Please report it.", ff::errorText(averror))};
}

// Filters that turn the picture clockwise upright.
std::string turnFilters(int rotationDegrees) {
  switch (rotationDegrees) {
    case 90: return "transpose=clock,";
    case 180: return "hflip,vflip,";
    case 270: return "transpose=cclock,";
    default: return "";
  }
}

}  // namespace

VideoEncoder::~VideoEncoder() = default;

Result<std::unique_ptr<VideoEncoder>> VideoEncoder::create(const AVFormatContext& format, const AVStream& source,
                                                           const ImportOptions& options) {
  const AVCodec* codec = avcodec_find_encoder_by_name("libx264");
  if (codec == nullptr) {
    return fail(ErrorCode::Unsupported,
                tr("This installation of FFmpeg has no H.264 encoder (libx264), so the video cannot be converted. "
                   "Ask your administrator to install FFmpeg with libx264."));
  }
  std::unique_ptr<VideoEncoder> encoder(new VideoEncoder());
  encoder->m_rotation = ff::rotationDegrees(&source);
  const bool isTurned = encoder->m_rotation == 90 || encoder->m_rotation == 270;
  const AVCodecParameters& parameters = *source.codecpar;

  // The aspect and frame rate guesses take non-const pointers but only read.
  auto* formatForGuess = const_cast<AVFormatContext*>(&format);
  auto* streamForGuess = const_cast<AVStream*>(&source);
  AVRational aspect = av_guess_sample_aspect_ratio(formatForGuess, streamForGuess, nullptr);
  if (aspect.num <= 0 || aspect.den <= 0) aspect = AVRational{1, 1};
  if (isTurned) std::swap(aspect.num, aspect.den);
  AVRational frameRate = av_guess_frame_rate(formatForGuess, streamForGuess, nullptr);
  if (frameRate.num <= 0 || frameRate.den <= 0) frameRate = AVRational{30, 1};

  encoder->m_encoder.reset(avcodec_alloc_context3(codec));
  encoder->m_filtered.reset(av_frame_alloc());
  encoder->m_packet.reset(av_packet_alloc());
  if (!encoder->m_encoder || !encoder->m_filtered || !encoder->m_packet) {
    return fail(ErrorCode::Internal, tr("Out of memory."));
  }
  AVCodecContext& context = *encoder->m_encoder;
  // The output is upright: the stored size turned, made even for 4:2:0.
  context.width = evenAtLeastTwo(isTurned ? parameters.height : parameters.width);
  context.height = evenAtLeastTwo(isTurned ? parameters.width : parameters.height);
  context.pix_fmt = AV_PIX_FMT_YUV420P;
  context.sample_aspect_ratio = aspect;
  // The source's time base: every source timestamp survives as it is.
  context.time_base = source.time_base;
  context.framerate = frameRate;
  // Keyframes are forced every second of media time (encode()); this is
  // libx264's own maximum, a backstop for frames with odd timestamps.
  context.gop_size = std::clamp(static_cast<int>(std::lround(2 * av_q2d(frameRate))), 2, 1000);
  context.color_range = AVCOL_RANGE_MPEG;
  context.color_primaries = parameters.color_primaries;
  context.color_trc = parameters.color_trc;
  context.colorspace = parameters.color_space;
  context.flags |= AV_CODEC_FLAG_GLOBAL_HEADER;  // MP4 keeps SPS/PPS in the avcC box
  context.thread_count = 0;
  av_opt_set(context.priv_data, "preset", options.x264Preset.c_str(), 0);
  av_opt_set(context.priv_data, "crf", std::to_string(options.crf).c_str(), 0);
  // A forced keyframe is an IDR frame: a player can start decoding there.
  av_opt_set(context.priv_data, "forced-idr", "1", 0);
  const int opened = avcodec_open2(&context, codec, nullptr);
  if (opened < 0) return fail(encoderFailure(opened));
  return encoder;
}

Status VideoEncoder::buildGraph(const AVFrame& frame) {
  m_graph.reset(avfilter_graph_alloc());
  if (!m_graph) return fail(ErrorCode::Internal, tr("Out of memory."));
  AVRational frameAspect = frame.sample_aspect_ratio;
  if (frameAspect.num <= 0 || frameAspect.den <= 0) frameAspect = AVRational{1, 1};
  const std::string sourceArgs =
      fmt::format("video_size={}x{}:pix_fmt={}:time_base={}/{}:pixel_aspect={}/{}", frame.width, frame.height,
                  frame.format, m_encoder->time_base.num, m_encoder->time_base.den, frameAspect.num, frameAspect.den);
  int created = avfilter_graph_create_filter(&m_source, avfilter_get_by_name("buffer"), "in", sourceArgs.c_str(),
                                             nullptr, m_graph.get());
  if (created < 0) return fail(encoderFailure(created));
  created =
      avfilter_graph_create_filter(&m_sink, avfilter_get_by_name("buffersink"), "out", nullptr, nullptr, m_graph.get());
  if (created < 0) return fail(encoderFailure(created));
  // Turn, then scale to the fixed output size (a no-op unless the source
  // changes size mid-stream or has an odd size), then 8-bit 4:2:0.
  const std::string chain = fmt::format("{}scale=w={}:h={},setsar=sar={}/{},format=pix_fmts=yuv420p",
                                        turnFilters(m_rotation), m_encoder->width, m_encoder->height,
                                        m_encoder->sample_aspect_ratio.num, m_encoder->sample_aspect_ratio.den);
  AVFilterInOut* outputs = avfilter_inout_alloc();
  AVFilterInOut* inputs = avfilter_inout_alloc();
  if (outputs == nullptr || inputs == nullptr) {
    avfilter_inout_free(&outputs);
    avfilter_inout_free(&inputs);
    return fail(ErrorCode::Internal, tr("Out of memory."));
  }
  outputs->name = av_strdup("in");
  outputs->filter_ctx = m_source;
  inputs->name = av_strdup("out");
  inputs->filter_ctx = m_sink;
  const int parsed = avfilter_graph_parse_ptr(m_graph.get(), chain.c_str(), &inputs, &outputs, nullptr);
  avfilter_inout_free(&outputs);
  avfilter_inout_free(&inputs);
  if (parsed < 0) return fail(encoderFailure(parsed));
  const int configured = avfilter_graph_config(m_graph.get(), nullptr);
  if (configured < 0) return fail(encoderFailure(configured));
  m_inputWidth = frame.width;
  m_inputHeight = frame.height;
  m_inputFormat = frame.format;
  return {};
}

Status VideoEncoder::encode(const AVFrame& frame, const PacketHandler& deliver) {
  if (m_graph && (frame.width != m_inputWidth || frame.height != m_inputHeight || frame.format != m_inputFormat)) {
    // The source changed size or format: drain the old graph, build anew.
    const int ended = av_buffersrc_add_frame_flags(m_source, nullptr, 0);
    if (ended < 0) return fail(encoderFailure(ended));
    VS_TRY(pullFiltered(deliver));
    m_graph.reset();
  }
  if (!m_graph) VS_TRY(buildGraph(frame));
  // KEEP_REF: the graph takes its own reference; the caller keeps the frame.
  const int added = av_buffersrc_add_frame_flags(m_source, const_cast<AVFrame*>(&frame), AV_BUFFERSRC_FLAG_KEEP_REF);
  if (added < 0) return fail(encoderFailure(added));
  return pullFiltered(deliver);
}

Status VideoEncoder::pullFiltered(const PacketHandler& deliver) {
  while (true) {
    const int pulled = av_buffersink_get_frame(m_sink, m_filtered.get());
    if (pulled == AVERROR(EAGAIN) || pulled == AVERROR_EOF) return {};
    if (pulled < 0) return fail(encoderFailure(pulled));
    Status sent = sendToEncoder(m_filtered.get(), deliver);
    av_frame_unref(m_filtered.get());
    VS_TRY(sent);
  }
}

Status VideoEncoder::sendToEncoder(AVFrame* frame, const PacketHandler& deliver) {
  if (frame != nullptr) {
    // The decoder's picture types mean nothing here; only the forced
    // keyframes once a second are kept.
    frame->pict_type = AV_PICTURE_TYPE_NONE;
    const std::int64_t atUs = ff::toMicroseconds(frame->pts, m_encoder->time_base);
    if (atUs >= m_nextKeyframeUs - kKeyframeToleranceUs) {
      frame->pict_type = AV_PICTURE_TYPE_I;
      m_nextKeyframeUs =
          (std::max<std::int64_t>(0, atUs + kKeyframeToleranceUs) / kKeyframeIntervalUs + 1) * kKeyframeIntervalUs;
    }
  }
  const int sent = avcodec_send_frame(m_encoder.get(), frame);
  if (sent < 0 && sent != AVERROR_EOF) return fail(encoderFailure(sent));
  while (true) {
    const int received = avcodec_receive_packet(m_encoder.get(), m_packet.get());
    if (received == AVERROR(EAGAIN) || received == AVERROR_EOF) return {};
    if (received < 0) return fail(encoderFailure(received));
    Status delivered = deliver(*m_packet);
    av_packet_unref(m_packet.get());
    VS_TRY(delivered);
  }
}

Status VideoEncoder::finish(const PacketHandler& deliver) {
  if (m_graph) {
    const int ended = av_buffersrc_add_frame_flags(m_source, nullptr, 0);
    if (ended < 0) return fail(encoderFailure(ended));
    VS_TRY(pullFiltered(deliver));
  }
  return sendToEncoder(nullptr, deliver);
}

}  // namespace vakspiegel::media
