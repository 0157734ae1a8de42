// Small RAII owners and helpers for FFmpeg's C objects, shared by the media
// adapter's .cpp files. Internal to media/: it is the one header that pulls
// in FFmpeg, and no public header includes it.
#pragma once

extern "C" {
#include <libavcodec/avcodec.h>
#include <libavcodec/bsf.h>
#include <libavfilter/avfilter.h>
#include <libavformat/avformat.h>
#include <libavutil/audio_fifo.h>
#include <libavutil/avstring.h>
#include <libavutil/channel_layout.h>
#include <libavutil/dict.h>
#include <libavutil/display.h>
#include <libavutil/opt.h>
#include <libavutil/pixdesc.h>
#include <libswresample/swresample.h>
#include <libswscale/swscale.h>
}

#include <cstdint>
#include <functional>
#include <memory>
#include <string>

#include "core/error.h"

namespace vakspiegel::media::ff {

struct InputCloser {
  void operator()(AVFormatContext* context) const { avformat_close_input(&context); }
};
// A demuxer opened with avformat_open_input.
using InputFormat = std::unique_ptr<AVFormatContext, InputCloser>;

struct OutputFreer {
  void operator()(AVFormatContext* context) const { avformat_free_context(context); }
};
// A muxer from avformat_alloc_output_context2 (its pb is owned elsewhere).
using OutputFormat = std::unique_ptr<AVFormatContext, OutputFreer>;

struct CodecFreer {
  void operator()(AVCodecContext* context) const { avcodec_free_context(&context); }
};
using CodecContext = std::unique_ptr<AVCodecContext, CodecFreer>;

struct FrameFreer {
  void operator()(AVFrame* frame) const { av_frame_free(&frame); }
};
using Frame = std::unique_ptr<AVFrame, FrameFreer>;

struct PacketFreer {
  void operator()(AVPacket* packet) const { av_packet_free(&packet); }
};
using Packet = std::unique_ptr<AVPacket, PacketFreer>;

// A custom AVIOContext: its buffer may have been reallocated by FFmpeg, so
// it is freed through the context.
struct AvioFreer {
  void operator()(AVIOContext* context) const {
    av_freep(&context->buffer);
    avio_context_free(&context);
  }
};
using Avio = std::unique_ptr<AVIOContext, AvioFreer>;

struct BsfFreer {
  void operator()(AVBSFContext* context) const { av_bsf_free(&context); }
};
using BitstreamFilter = std::unique_ptr<AVBSFContext, BsfFreer>;

struct SwsFreer {
  void operator()(SwsContext* context) const { sws_freeContext(context); }
};
using Scaler = std::unique_ptr<SwsContext, SwsFreer>;

struct SwrFreer {
  void operator()(SwrContext* context) const { swr_free(&context); }
};
using Resampler = std::unique_ptr<SwrContext, SwrFreer>;

struct GraphFreer {
  void operator()(AVFilterGraph* graph) const { avfilter_graph_free(&graph); }
};
using FilterGraph = std::unique_ptr<AVFilterGraph, GraphFreer>;

struct FifoFreer {
  void operator()(AVAudioFifo* fifo) const { av_audio_fifo_free(fifo); }
};
using AudioFifo = std::unique_ptr<AVAudioFifo, FifoFreer>;

// An AVDictionary of options, freed at scope end.
class Dictionary {
 public:
  Dictionary() = default;
  Dictionary(const Dictionary&) = delete;
  Dictionary& operator=(const Dictionary&) = delete;
  ~Dictionary() { av_dict_free(&m_dictionary); }
  void set(const char* key, const char* value) { av_dict_set(&m_dictionary, key, value, 0); }
  [[nodiscard]] AVDictionary** get() { return &m_dictionary; }
  [[nodiscard]] bool isEmpty() const { return av_dict_count(m_dictionary) == 0; }

 private:
  AVDictionary* m_dictionary = nullptr;
};

// An owned AVChannelLayout.
class ChannelLayout {
 public:
  ChannelLayout() = default;
  explicit ChannelLayout(int channels) { av_channel_layout_default(&m_layout, channels); }
  ChannelLayout(const ChannelLayout&) = delete;
  ChannelLayout& operator=(const ChannelLayout&) = delete;
  ~ChannelLayout() { av_channel_layout_uninit(&m_layout); }
  // A copy of `layout`, or the default layout for its channel count when its
  // order is unspecified (swresample needs to know which channel is which).
  void assignUsable(const AVChannelLayout& layout);
  [[nodiscard]] const AVChannelLayout* get() const { return &m_layout; }
  [[nodiscard]] int channels() const { return m_layout.nb_channels; }

 private:
  AVChannelLayout m_layout{};
};

inline constexpr AVRational kMicroseconds{1, 1'000'000};

}  // namespace vakspiegel::media::ff

namespace vakspiegel::media {
// Receives each encoded packet (timestamps in the encoder's time base) and
// takes its data reference.
using PacketHandler = std::function<Status(AVPacket&)>;
}  // namespace vakspiegel::media

namespace vakspiegel::media::ff {

// FFmpeg's text for an AVERROR code (English, for logs and test output).
[[nodiscard]] std::string errorText(int averror);

// Quiets FFmpeg's log (stderr) unless VAKSPIEGEL_FFMPEG_LOG names a level
// ("error", "warning", "info", "debug"). Damaged sources make decoders log a
// lot; the import reports damage itself.
void configureLogging();

// A timestamp in microseconds; AV_NOPTS_VALUE stays AV_NOPTS_VALUE.
[[nodiscard]] std::int64_t toMicroseconds(std::int64_t timestamp, AVRational timeBase);
[[nodiscard]] std::int64_t fromMicroseconds(std::int64_t microseconds, AVRational timeBase);

// Clockwise rotation, 0/90/180/270, that turns the stored picture upright
// (from the stream's display matrix; a flip is ignored).
[[nodiscard]] int rotationDegrees(const AVStream* stream);
// The display matrix side data of a stream, or null.
[[nodiscard]] const std::int32_t* displayMatrix(const AVStream* stream);

// A codec's FFmpeg name, or the container's four-character code when FFmpeg
// does not know the codec at all (e.g. "vvc1").
[[nodiscard]] std::string codecName(const AVCodecParameters* parameters);

// The decoder FFmpeg should use for a codec: for AV1 the software decoders
// (FFmpeg 5.1's own "av1" decoder only drives hardware).
[[nodiscard]] const AVCodec* findDecoder(AVCodecID codecId);

// An initialised resampler, or null when swresample refuses the formats.
[[nodiscard]] Resampler makeResampler(const AVChannelLayout& outputLayout, AVSampleFormat outputFormat, int outputRate,
                                      const AVChannelLayout& inputLayout, AVSampleFormat inputFormat, int inputRate);

enum class DecodeFrames { All, KeyframesOnly };
// Errors: Unsupported (no decoder, or it refuses these parameters; the
// message names the codec), Internal (out of memory).
[[nodiscard]] Result<CodecContext> openDecoder(const AVStream* stream, DecodeFrames frames);

}  // namespace vakspiegel::media::ff
