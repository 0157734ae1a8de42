// FFmpeg helpers shared by the media adapter; see ffmpeg_util.h.
#include "media/internal/ffmpeg_util.h"

#include <array>
#include <cmath>
#include <cstdlib>
#include <mutex>
#include <string_view>

#include "core/i18n.h"

namespace vakspiegel::media::ff {

void ChannelLayout::assignUsable(const AVChannelLayout& layout) {
  av_channel_layout_uninit(&m_layout);
  if (layout.order == AV_CHANNEL_ORDER_UNSPEC || av_channel_layout_check(&layout) == 0) {
    av_channel_layout_default(&m_layout, layout.nb_channels > 0 ? layout.nb_channels : 1);
  } else if (av_channel_layout_copy(&m_layout, &layout) < 0) {
    av_channel_layout_default(&m_layout, layout.nb_channels);
  }
}

std::string errorText(int averror) {
  std::array<char, AV_ERROR_MAX_STRING_SIZE> text{};
  av_strerror(averror, text.data(), text.size());
  return text.data();
}

void configureLogging() {
  static std::once_flag once;
  std::call_once(once, [] {
    int level = AV_LOG_QUIET;
    if (const char* wanted = std::getenv("VAKSPIEGEL_FFMPEG_LOG")) {
      const std::string_view name = wanted;
      if (name == "error") level = AV_LOG_ERROR;
      if (name == "warning") level = AV_LOG_WARNING;
      if (name == "info") level = AV_LOG_INFO;
      if (name == "debug") level = AV_LOG_DEBUG;
    }
    av_log_set_level(level);
  });
}

std::int64_t toMicroseconds(std::int64_t timestamp, AVRational timeBase) {
  if (timestamp == AV_NOPTS_VALUE) return AV_NOPTS_VALUE;
  return av_rescale_q(timestamp, timeBase, kMicroseconds);
}

std::int64_t fromMicroseconds(std::int64_t microseconds, AVRational timeBase) {
  if (microseconds == AV_NOPTS_VALUE) return AV_NOPTS_VALUE;
  return av_rescale_q(microseconds, kMicroseconds, timeBase);
}

const std::int32_t* displayMatrix(const AVStream* stream) {
  std::size_t size = 0;
  const std::uint8_t* data = av_stream_get_side_data(stream, AV_PKT_DATA_DISPLAYMATRIX, &size);
  if (data == nullptr || size < 9 * sizeof(std::int32_t)) return nullptr;
  return reinterpret_cast<const std::int32_t*>(static_cast<const void*>(data));
}

int rotationDegrees(const AVStream* stream) {
  const std::int32_t* matrix = displayMatrix(stream);
  if (matrix == nullptr) return 0;
  // av_display_rotation_get() gives the counterclockwise rotation the matrix
  // applies; a player turns the picture by it, which is clockwise -angle.
  const double counterclockwise = av_display_rotation_get(matrix);
  if (std::isnan(counterclockwise)) return 0;
  long clockwise = -std::lround(counterclockwise / 90.0) * 90;
  clockwise %= 360;
  if (clockwise < 0) clockwise += 360;
  return static_cast<int>(clockwise);
}

std::string codecName(const AVCodecParameters* parameters) {
  if (parameters->codec_id != AV_CODEC_ID_NONE) return avcodec_get_name(parameters->codec_id);
  if (parameters->codec_tag == 0) return "unknown";
  std::string tag;
  for (int shift = 0; shift < 32; shift += 8) {
    const auto character = static_cast<char>((parameters->codec_tag >> shift) & 0xFFu);
    tag += (character >= 0x20 && character < 0x7F) ? character : '?';
  }
  return tag;
}

const AVCodec* findDecoder(AVCodecID codecId) {
  if (codecId == AV_CODEC_ID_AV1) {
    for (const char* name : {"libdav1d", "libaom-av1"}) {
      if (const AVCodec* decoder = avcodec_find_decoder_by_name(name)) return decoder;
    }
  }
  return avcodec_find_decoder(codecId);
}

Resampler makeResampler(const AVChannelLayout& outputLayout, AVSampleFormat outputFormat, int outputRate,
                        const AVChannelLayout& inputLayout, AVSampleFormat inputFormat, int inputRate) {
  SwrContext* context = nullptr;
  // FFmpeg 5.1 declares the layouts non-const; swr_alloc_set_opts2 only copies them.
  if (swr_alloc_set_opts2(&context, const_cast<AVChannelLayout*>(&outputLayout), outputFormat, outputRate,
                          const_cast<AVChannelLayout*>(&inputLayout), inputFormat, inputRate, 0, nullptr) < 0) {
    swr_free(&context);
    return Resampler();
  }
  Resampler resampler(context);
  if (swr_init(resampler.get()) < 0) return Resampler();
  return resampler;
}

namespace {

Error unsupportedCodec(const AVStream* stream) {
  const std::string name = codecName(stream->codecpar);
  if (stream->codecpar->codec_type == AVMEDIA_TYPE_AUDIO) {
    return {ErrorCode::Unsupported,
            trf("The sound in this file is stored in a format Vakspiegel cannot read ({}). Convert the file to "
                "MP4 (H.264 and AAC) and import it again.",
                name)};
  }
  return {ErrorCode::Unsupported,
          trf("The video in this file is stored in a format Vakspiegel cannot read ({}). Convert the file to "
              "MP4 (H.264 and AAC) and import it again.",
              name)};
}

}  // namespace

Result<CodecContext> openDecoder(const AVStream* stream, DecodeFrames frames) {
  const AVCodec* decoder = findDecoder(stream->codecpar->codec_id);
  if (decoder == nullptr) return fail(unsupportedCodec(stream));
  CodecContext context(avcodec_alloc_context3(decoder));
  if (!context) return fail(ErrorCode::Internal, tr("Out of memory."));
  if (avcodec_parameters_to_context(context.get(), stream->codecpar) < 0) return fail(unsupportedCodec(stream));
  context->pkt_timebase = stream->time_base;
  if (frames == DecodeFrames::KeyframesOnly) {
    // One keyframe at a time, drained right away: frame threads would only
    // add latency, slice threads still help on large frames.
    context->skip_frame = AVDISCARD_NONKEY;
    context->thread_type = FF_THREAD_SLICE;
    // Keyframes are decoded only to be shrunk to thumbnails: the deblocking
    // filter's work cannot be seen at that size (measured: a third of the
    // decode time of a 720p keyframe).
    context->skip_loop_filter = AVDISCARD_ALL;
  }
  context->thread_count = 0;  // as many as there are cores
  if (avcodec_open2(context.get(), decoder, nullptr) < 0) return fail(unsupportedCodec(stream));
  return context;
}

}  // namespace vakspiegel::media::ff
