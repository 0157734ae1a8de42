// The physical limit the playback engine is measured against: a minimal
// in-process libav loop on a plaintext file, nothing but demux and decode of
// the video stream (the other streams discarded at the demuxer, as the
// engine skips sound without an audio output), the decoder with libavcodec's
// own threading for thread_count 0 (as the engine's openDecoder in
// media/ffmpeg_util.cpp). A seek is exact the way the engine's must be:
// av_seek_frame BACKWARD to the keyframe at or before the target, flush,
// decode and drop until the frame whose span covers the target.
// Benchmark code: FFmpeg used directly, none of media/.
#pragma once

extern "C" {
#include <libavcodec/avcodec.h>
#include <libavformat/avformat.h>
#include <libavutil/avutil.h>
}

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <optional>
#include <string>
#include <vector>

namespace vakspiegel::bench {

class LibavInput {
 public:
  explicit LibavInput(const std::string& path) {
    if (const int r = avformat_open_input(&m_format, path.c_str(), nullptr, nullptr); r < 0)
      die("cannot open " + path, r);
    const AVCodec* decoder = nullptr;
    m_stream = av_find_best_stream(m_format, AVMEDIA_TYPE_VIDEO, -1, -1, &decoder, 0);
    if (m_stream < 0 || decoder == nullptr) die("no video stream in " + path, m_stream);
    for (unsigned i = 0; i < m_format->nb_streams; ++i)
      if (static_cast<int>(i) != m_stream) m_format->streams[i]->discard = AVDISCARD_ALL;
    AVStream* stream = m_format->streams[m_stream];
    m_timeBase = stream->time_base;
    m_startPts = stream->start_time == AV_NOPTS_VALUE ? 0 : stream->start_time;
    const AVRational rate = stream->avg_frame_rate.num > 0 ? stream->avg_frame_rate : stream->r_frame_rate;
    m_frameUs = rate.num > 0 ? av_rescale(1'000'000, rate.den, rate.num) : 33'333;
    m_codec = avcodec_alloc_context3(decoder);
    if (m_codec == nullptr) die("out of memory");
    if (const int r = avcodec_parameters_to_context(m_codec, stream->codecpar); r < 0) die("codec parameters", r);
    m_codec->pkt_timebase = stream->time_base;
    m_codec->thread_count = 0;  // libavcodec picks, as in the engine
    if (const int r = avcodec_open2(m_codec, decoder, nullptr); r < 0) die("cannot open the decoder", r);
    m_packet = av_packet_alloc();
    m_frame = av_frame_alloc();
    if (m_packet == nullptr || m_frame == nullptr) die("out of memory");
  }
  LibavInput(const LibavInput&) = delete;
  LibavInput& operator=(const LibavInput&) = delete;
  ~LibavInput() {
    av_frame_free(&m_frame);
    av_packet_free(&m_packet);
    avcodec_free_context(&m_codec);
    avformat_close_input(&m_format);
  }

  [[nodiscard]] std::int64_t frameUs() const { return m_frameUs; }
  [[nodiscard]] std::int64_t framesDecoded() const { return m_framesDecoded; }

  // Decodes until a frame whose span [pts, pts + frame duration) reaches past
  // targetUs (media time: 0 is the stream's start) and returns its pts;
  // nullopt at the end of the stream. targetUs < 0: the next frame.
  std::optional<std::int64_t> decodeUntil(std::int64_t targetUs) {
    for (;;) {
      const int received = avcodec_receive_frame(m_codec, m_frame);
      if (received == 0) {
        const std::int64_t pts = m_frame->best_effort_timestamp;
        av_frame_unref(m_frame);
        if (pts == AV_NOPTS_VALUE) continue;
        const std::int64_t us = av_rescale_q(pts - m_startPts, m_timeBase, AV_TIME_BASE_Q);
        ++m_framesDecoded;
        if (targetUs < us + m_frameUs) return us;
        continue;
      }
      if (received == AVERROR_EOF) return std::nullopt;
      if (received != AVERROR(EAGAIN)) die("decoding failed", received);
      if (m_draining) die("the decoder wants input while draining");
      const int read = av_read_frame(m_format, m_packet);
      if (read == AVERROR_EOF) {
        m_draining = true;
        if (const int r = avcodec_send_packet(m_codec, nullptr); r < 0) die("cannot drain the decoder", r);
        continue;
      }
      if (read < 0) die("cannot read", read);
      if (m_packet->stream_index == m_stream)
        if (const int r = avcodec_send_packet(m_codec, m_packet); r < 0 && r != AVERROR_INVALIDDATA)
          die("cannot decode", r);
      av_packet_unref(m_packet);
    }
  }

  // Exact seek; returns the pts of the frame that covers targetUs.
  std::int64_t seek(std::int64_t targetUs) {
    const std::int64_t ts = av_rescale_q(targetUs, AV_TIME_BASE_Q, m_timeBase) + m_startPts;
    if (const int r = av_seek_frame(m_format, m_stream, ts, AVSEEK_FLAG_BACKWARD); r < 0) die("cannot seek", r);
    avcodec_flush_buffers(m_codec);
    m_draining = false;
    const auto pts = decodeUntil(targetUs);
    if (!pts) die("seek to " + std::to_string(targetUs) + " us ran off the end");
    if (*pts > targetUs) die("seek to " + std::to_string(targetUs) + " us landed after it, at " + std::to_string(*pts));
    return *pts;
  }

 private:
  [[noreturn]] static void die(const std::string& what, int code = 0) {
    char text[AV_ERROR_MAX_STRING_SIZE] = "";
    if (code < 0) av_strerror(code, text, sizeof text);
    std::fprintf(stderr, "libav loop: %s%s%s\n", what.c_str(), code < 0 ? ": " : "", text);
    std::exit(1);
  }

  AVFormatContext* m_format = nullptr;
  AVCodecContext* m_codec = nullptr;
  AVPacket* m_packet = nullptr;
  AVFrame* m_frame = nullptr;
  int m_stream = -1;
  AVRational m_timeBase{1, 1};
  std::int64_t m_startPts = 0;
  std::int64_t m_frameUs = 33'333;
  std::int64_t m_framesDecoded = 0;
  bool m_draining = false;
};

}  // namespace vakspiegel::bench
