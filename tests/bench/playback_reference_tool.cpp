// The physical limit the playback engine is measured against: a minimal
// in-process libav loop on a plaintext file, nothing but demux and decode of
// the video stream (other streams discarded at the demuxer), the decoder with
// libavcodec's own threading defaults for thread_count 0 (as the engine's
// media/ffmpeg_util.cpp openDecoder). Seeks are exact the way the engine's
// must be: av_seek_frame BACKWARD to the keyframe at or before the target,
// flush, decode and drop until the frame whose span covers the target.
//
//   playback_reference_tool open FILE [--count 21]
//       median ms from avformat_open_input to the first decoded frame
//   playback_reference_tool seek FILE --span-us U [--seed 5] [--count 100]
//       exact seeks to random positions in [0, U) (playback_bench_support.h):
//       median and p95 ms
//   playback_reference_tool seek-before-keyframe FILE [--seed 8] [--count 30]
//       exact seeks to the last frame before random keyframes (a whole
//       keyframe interval decoded: what a step back across one costs)
//   playback_reference_tool decode FILE --start-us T [--seconds 60]
//       decodes S seconds of video from T as fast as it can: CPU seconds
//       (all threads) per second of video
//   playback_reference_tool positions --span-us U [--seed 5] [--count 100]
//       the positions of `seek`, in seconds, one a line (for the CLI timings)
// Results are key<TAB>value lines on stdout (playback_bench.sh reads them).
extern "C" {
#include <libavcodec/avcodec.h>
#include <libavformat/avformat.h>
#include <libavutil/avutil.h>
}

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <optional>
#include <string>
#include <vector>

#include "playback_bench_support.h"

namespace bench = vakspiegel::bench;
using Clock = std::chrono::steady_clock;

namespace {

[[noreturn]] void die(const std::string& what, int code = 0) {
  char text[AV_ERROR_MAX_STRING_SIZE] = "";
  if (code < 0) av_strerror(code, text, sizeof text);
  std::fprintf(stderr, "playback_reference_tool: %s%s%s\n", what.c_str(), code < 0 ? ": " : "", text);
  std::exit(1);
}

double millisecondsSince(Clock::time_point start) {
  return std::chrono::duration<double, std::milli>(Clock::now() - start).count();
}

// One open file with its video decoder.
class Input {
 public:
  explicit Input(const char* path) {
    if (const int r = avformat_open_input(&m_format, path, nullptr, nullptr); r < 0) die("cannot open", r);
    const AVCodec* decoder = nullptr;
    m_stream = av_find_best_stream(m_format, AVMEDIA_TYPE_VIDEO, -1, -1, &decoder, 0);
    if (m_stream < 0 || decoder == nullptr) die("no video stream", m_stream);
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
  Input(const Input&) = delete;
  Input& operator=(const Input&) = delete;
  ~Input() {
    av_frame_free(&m_frame);
    av_packet_free(&m_packet);
    avcodec_free_context(&m_codec);
    avformat_close_input(&m_format);
  }

  [[nodiscard]] std::int64_t frameUs() const { return m_frameUs; }

  // Decodes until a frame whose span [pts, pts + frame duration) reaches past
  // targetUs (media time: 0 is the stream's start) and returns its pts;
  // nullopt at the end of the stream.
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

  // Keyframe times from the demuxer's index (media time, microseconds).
  [[nodiscard]] std::vector<std::int64_t> keyframesUs() const {
    std::vector<std::int64_t> times;
    AVStream* stream = m_format->streams[m_stream];
    const int count = avformat_index_get_entries_count(stream);
    for (int i = 0; i < count; ++i) {
      const AVIndexEntry* entry = avformat_index_get_entry(stream, i);
      if (entry != nullptr && (entry->flags & AVINDEX_KEYFRAME) != 0)
        times.push_back(av_rescale_q(entry->timestamp - m_startPts, m_timeBase, AV_TIME_BASE_Q));
    }
    return times;
  }

  [[nodiscard]] std::int64_t framesDecoded() const { return m_framesDecoded; }

 private:
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

int usage() {
  std::fprintf(stderr,
               "usage: playback_reference_tool open FILE [--count N]\n"
               "       playback_reference_tool seek FILE --span-us U [--seed S] [--count N]\n"
               "       playback_reference_tool seek-before-keyframe FILE [--seed S] [--count N]\n"
               "       playback_reference_tool decode FILE --start-us T [--seconds S]\n"
               "       playback_reference_tool positions --span-us U [--seed S] [--count N]\n");
  return 64;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) return usage();
  av_log_set_level(AV_LOG_ERROR);
  const std::string command = argv[1];
  if (command == "positions") {
    const bench::Options options(argc, argv, 2);
    const std::int64_t span = options.integer("span-us", 0);
    if (span <= 0) die("--span-us missing");
    const auto positions = bench::randomPositions(static_cast<std::uint64_t>(options.integer("seed", 5)),
                                                  static_cast<int>(options.integer("count", 100)), span);
    for (const std::int64_t us : positions) std::printf("%.6f\n", static_cast<double>(us) / 1e6);
    return 0;
  }
  if (argc < 3) return usage();
  const char* file = argv[2];
  const bench::Options options(argc, argv, 3);

  if (command == "open") {
    std::vector<double> times;
    const auto count = options.integer("count", 21);
    for (std::int64_t i = 0; i < count; ++i) {
      const auto start = Clock::now();
      std::optional<double> elapsed;
      {
        Input input(file);
        if (!input.decodeUntil(-1)) die("no frame");
        elapsed = millisecondsSince(start);
      }
      times.push_back(*elapsed);
    }
    bench::put("open_ms_median", bench::percentile(times, 0.5));
    return 0;
  }
  if (command == "seek") {
    const std::int64_t span = options.integer("span-us", 0);
    if (span <= 0) die("--span-us missing");
    const auto positions = bench::randomPositions(static_cast<std::uint64_t>(options.integer("seed", 5)),
                                                  static_cast<int>(options.integer("count", 100)), span);
    Input input(file);
    if (!input.decodeUntil(-1)) die("no frame");
    std::vector<double> times;
    for (const std::int64_t target : positions) {
      const auto start = Clock::now();
      input.seek(target);
      times.push_back(millisecondsSince(start));
    }
    bench::put("seek_ms_median", bench::percentile(times, 0.5));
    bench::put("seek_ms_p95", bench::percentile(times, 0.95));
    bench::put("seek_ms_max", bench::percentile(times, 1.0));
    return 0;
  }
  if (command == "seek-before-keyframe") {
    Input input(file);
    if (!input.decodeUntil(-1)) die("no frame");
    std::vector<std::int64_t> keyframes = input.keyframesUs();
    if (keyframes.size() < 3) die("the index lists fewer than 3 keyframes");
    keyframes.erase(keyframes.begin());  // the first has nothing before it
    std::mt19937_64 generator(static_cast<std::uint64_t>(options.integer("seed", 8)));
    std::vector<double> times;
    const auto count = options.integer("count", 30);
    for (std::int64_t i = 0; i < count; ++i) {
      const std::int64_t keyframe = keyframes[generator() % keyframes.size()];
      const auto start = Clock::now();
      const std::int64_t pts = input.seek(keyframe - 1);
      times.push_back(millisecondsSince(start));
      if (pts >= keyframe || pts < keyframe - 2 * input.frameUs()) die("did not land on the frame before a keyframe");
    }
    bench::put("seek_before_keyframe_ms_median", bench::percentile(times, 0.5));
    return 0;
  }
  if (command == "decode") {
    const std::int64_t startUs = options.integer("start-us", 0);
    const double seconds = options.number("seconds", 60);
    Input input(file);
    input.seek(startUs);
    const std::int64_t framesBefore = input.framesDecoded();
    const double cpuBefore = bench::cpuSeconds();
    const auto start = Clock::now();
    const std::int64_t endUs = startUs + static_cast<std::int64_t>(seconds * 1e6);
    std::int64_t lastUs = startUs;
    while (lastUs + input.frameUs() < endUs) {
      const auto pts = input.decodeUntil(lastUs + input.frameUs());
      if (!pts) break;
      lastUs = *pts;
    }
    const double cpu = bench::cpuSeconds() - cpuBefore;
    const double videoSeconds = static_cast<double>(lastUs + input.frameUs() - startUs) / 1e6;
    bench::put("decode_cpu_s_per_video_s", cpu / videoSeconds);
    bench::put("decode_wall_s", millisecondsSince(start) / 1000);
    bench::put("decode_frames", static_cast<double>(input.framesDecoded() - framesBefore));
    bench::put("decode_video_s", videoSeconds);
    return 0;
  }
  return usage();
}
