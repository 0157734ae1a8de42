// The import's one pass over the source (ImportPass) and what it is built
// from: progress, the damage log, the sound decoder. Shared by importMedia()
// (import.cpp) and the pass (import_pass.cpp). Internal to media/ (FFmpeg types).
#pragma once

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <functional>
#include <limits>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "core/error.h"
#include "core/i18n.h"
#include "media/import.h"
#include "media/internal/audio_pipeline.h"
#include "media/internal/ffmpeg_util.h"
#include "media/internal/media_input.h"
#include "media/internal/mp4_writer.h"
#include "media/internal/packet_thread.h"
#include "media/internal/thumbnailer.h"
#include "media/internal/video_encoder.h"

namespace vakspiegel::media::import_detail {

// Damaged stretches closer than this are one.
inline constexpr std::int64_t kDamageMergeUs = 500'000;
// Errors in a row from one decoder call after which it counts as stuck
// until the next packet.
inline constexpr int kMaxDecodeErrorsInARow = 16;
inline constexpr auto kProgressInterval = std::chrono::milliseconds(200);

using Clock = std::chrono::steady_clock;

// Media time (microseconds from the source's first timestamp, startUs) of a
// timestamp; AV_NOPTS_VALUE stays unknown.
inline std::int64_t toMediaUs(std::int64_t timestamp, AVRational timeBase, std::int64_t startUs) {
  if (timestamp == AV_NOPTS_VALUE) return AV_NOPTS_VALUE;
  return ff::toMicroseconds(timestamp, timeBase) - startUs;
}

inline Error cancelledError() {
  return {ErrorCode::Cancelled, tr("The import was cancelled.")};
}

// Progress over one or two passes (a remux that falls back starts over), at
// most every kProgressInterval; the fraction never goes back.
class ProgressReporter {
 public:
  explicit ProgressReporter(const ProgressCallback& callback) : m_callback(callback) {}

  Status start() { return report(0.0, std::nullopt); }

  void beginPass(std::int64_t durationUs, std::int64_t sizeBytes) {
    m_durationUs = durationUs;
    m_sizeBytes = sizeBytes;
    m_passStart = Clock::now();
  }

  Status update(std::int64_t positionUs, std::int64_t positionBytes) {
    if (!m_callback) return {};
    const Clock::time_point now = Clock::now();
    if (now - m_lastCall < kProgressInterval) return {};
    double fraction = 0;
    if (m_durationUs > 0) {
      fraction = static_cast<double>(positionUs) / static_cast<double>(m_durationUs);
    } else if (m_sizeBytes > 0) {
      fraction = static_cast<double>(positionBytes) / static_cast<double>(m_sizeBytes);
    }
    fraction = std::clamp(fraction, 0.0, 0.99);
    std::optional<double> secondsLeft;
    const double elapsed = std::chrono::duration<double>(now - m_passStart).count();
    if (fraction > 0.02 && elapsed > 0.3) secondsLeft = elapsed * (1.0 - fraction) / fraction;
    return report(std::max(fraction, m_reported), secondsLeft);
  }

  Status finish() { return report(1.0, 0.0); }

 private:
  Status report(double fraction, std::optional<double> secondsLeft) {
    if (!m_callback) return {};
    m_lastCall = Clock::now();
    m_reported = fraction;
    if (!m_callback(ImportProgress{fraction, secondsLeft})) return fail(cancelledError());
    return {};
  }

  const ProgressCallback& m_callback;
  std::int64_t m_durationUs = 0;
  std::int64_t m_sizeBytes = 0;
  Clock::time_point m_passStart = Clock::now();
  Clock::time_point m_lastCall = Clock::now();
  double m_reported = 0;
};

// Stretches of the source that could not be read or decoded, merged.
class DamageLog {
 public:
  void add(std::int64_t startUs, std::int64_t endUs) {
    startUs = std::max<std::int64_t>(0, startUs);
    endUs = std::max(startUs, endUs);
    DamagedRange added{startUs, endUs};
    std::vector<DamagedRange> merged;
    for (const DamagedRange& range : m_ranges) {
      if (range.endUs + kDamageMergeUs < added.startUs || added.endUs + kDamageMergeUs < range.startUs) {
        merged.push_back(range);
      } else {
        added.startUs = std::min(added.startUs, range.startUs);
        added.endUs = std::max(added.endUs, range.endUs);
      }
    }
    merged.push_back(added);
    std::sort(merged.begin(), merged.end(),
              [](const DamagedRange& a, const DamagedRange& b) { return a.startUs < b.startUs; });
    m_ranges = std::move(merged);
  }
  [[nodiscard]] const std::vector<DamagedRange>& ranges() const { return m_ranges; }

 private:
  std::vector<DamagedRange> m_ranges;
};

// Decodes one sound stream packet by packet. A packet that does not decode
// is noted as damaged (its stretch stays silent: the analyzer and the
// encoder fill the gap) and decoding goes on.
class SoundDecoder {
 public:
  using FrameHandler = std::function<Status(AVFrame& frame, std::int64_t atUs)>;

  // startUs: the source's first timestamp, media time 0.
  static Result<SoundDecoder> open(const AVStream* stream, std::int64_t startUs) {
    SoundDecoder decoder(stream, startUs);
    decoder.m_decoder = VS_TRY(ff::openDecoder(stream, ff::DecodeFrames::All));
    decoder.m_frame.reset(av_frame_alloc());
    if (!decoder.m_frame) return fail(ErrorCode::Internal, tr("Out of memory."));
    return decoder;
  }

  // Hands every decoded frame with its media time to use; a null packet
  // drains the decoder. Errors: those of use.
  Status decode(const AVPacket* packet, const FrameHandler& use) {
    const int sent = avcodec_send_packet(m_decoder.get(), packet);
    if (sent < 0 && sent != AVERROR_EOF && packet != nullptr) {
      const std::int64_t atUs = mediaUs(packet->pts);
      if (atUs != AV_NOPTS_VALUE) {
        m_damaged.push_back({atUs, atUs + ff::toMicroseconds(packet->duration, m_stream->time_base)});
      }
      return {};
    }
    int errors = 0;
    while (true) {
      const int received = avcodec_receive_frame(m_decoder.get(), m_frame.get());
      if (received == AVERROR(EAGAIN) || received == AVERROR_EOF) return {};
      if (received < 0) {
        // That frame is lost; a decoder that keeps failing is left alone
        // until the next packet.
        if (++errors > kMaxDecodeErrorsInARow) return {};
        continue;
      }
      Status used = use(*m_frame, mediaUs(m_frame->best_effort_timestamp));
      av_frame_unref(m_frame.get());
      VS_TRY(used);
    }
  }

  [[nodiscard]] const AVCodecContext& context() const { return *m_decoder; }
  [[nodiscard]] const std::vector<DamagedRange>& damaged() const { return m_damaged; }

 private:
  SoundDecoder(const AVStream* stream, std::int64_t startUs) : m_stream(stream), m_startUs(startUs) {}

  [[nodiscard]] std::int64_t mediaUs(std::int64_t timestamp) const {
    return toMediaUs(timestamp, m_stream->time_base, m_startUs);
  }

  const AVStream* m_stream;
  std::int64_t m_startUs;
  ff::CodecContext m_decoder;
  ff::Frame m_frame;
  std::vector<DamagedRange> m_damaged;
};

struct PassOutcome {
  std::optional<std::string> fallbackReason;  // the remux cannot go on: transcode
  ImportReport report;
};

// One pass over an opened source into a fresh Mp4Writer.
class ImportPass {
 public:
  ImportPass(MediaInput& input, const StreamChoice& streams, OutputSink& sink, const ImportOptions& options,
             ProgressReporter& progress)
      : m_input(input),
        m_format(input.format()),
        m_streams(streams),
        m_video(m_format->streams[streams.video]),
        m_audio(streams.audio >= 0 ? m_format->streams[streams.audio] : nullptr),
        m_sink(sink),
        m_options(options),
        m_progress(progress),
        m_thumbnails(options.thumbnailIntervalUs, options.thumbnailWidth, ff::rotationDegrees(m_video)),
        m_startUs(input.startUs()) {}

  Result<PassOutcome> remux(bool mayFallBack);
  Result<PassOutcome> transcode();

 private:
  Status setUp();
  Status readPackets(const std::function<Status(AVPacket&)>& handle);
  // Notes, handles and releases one packet; a held sound packet is checked
  // against the next one first (nextSound).
  Status handOver(AVPacket& packet, const AVPacket* nextSound, const std::function<Status(AVPacket&)>& handle);
  // Re-times a sound packet stamped far later than `next`; false when it
  // must be dropped instead.
  bool retimeStraySound(AVPacket& packet, const AVPacket& next);
  void noteRead(const AVPacket& packet);
  Status decodeAudio(const AVPacket* packet);
  Status analyzeSound(const AVPacket* packet);
  Status makeThumbnail(const AVPacket& keyframe);
  Status remuxPacket(AVPacket& packet, bool mayFallBack);
  Status transcodePacket(AVPacket& packet);
  Status receiveVideoFrames();
  Status transcodeFrame(AVFrame& frame);
  void noteVideoDamage(std::int64_t atUs);
  Status writeShifted(AVPacket& packet, const AVStream& stream, int outputIndex);
  ImportReport makeReport(ImportMode mode, int width, int height);

  // Media time (microseconds from the source's start) of a timestamp.
  [[nodiscard]] std::int64_t mediaUs(std::int64_t timestamp, AVRational timeBase) const {
    return toMediaUs(timestamp, timeBase, m_startUs);
  }

  MediaInput& m_input;
  AVFormatContext* m_format;
  StreamChoice m_streams;
  AVStream* m_video;
  AVStream* m_audio;
  OutputSink& m_sink;
  const ImportOptions& m_options;
  ProgressReporter& m_progress;
  ThumbnailCollector m_thumbnails;
  std::int64_t m_startUs;

  std::unique_ptr<Mp4Writer> m_writer;
  int m_outputVideo = -1, m_outputAudio = -1;
  ff::CodecContext m_videoDecoder;
  std::optional<SoundDecoder> m_sound;
  std::optional<AudioAnalyzer> m_analyzer;
  // A remux's decoding threads, for m_thumbnails with m_videoDecoder and for
  // m_analyzer with m_sound: declared after what they use, stopped first.
  std::unique_ptr<PacketThread> m_thumbnailThread;
  std::unique_ptr<PacketThread> m_soundThread;
  std::unique_ptr<VideoEncoder> m_videoEncoder;
  std::unique_ptr<AudioEncoder> m_audioEncoder;
  ff::Packet m_packet;
  ff::Packet m_heldAudio;           // the sound packet read last, until the next one shows its time fits
  bool m_isHoldingAudio = false;
  std::int64_t m_lastSoundDts = AV_NOPTS_VALUE;  // of the last sound packet handed on (stream time base)
  std::int64_t m_strayEndUs = std::numeric_limits<std::int64_t>::min();  // where stray sound packets ended
  ff::Frame m_frame;
  DamageLog m_damage;

  // Reading.
  bool m_stoppedEarly = false;                                         // the data ended in an error (cut off)
  std::int64_t m_readEndUs = 0;                                        // end of the last packet read
  std::optional<std::int64_t> m_readDamageStartUs;                     // read errors since then
  std::optional<std::int64_t> m_videoDecodeEndUs, m_audioDecodeEndUs;  // of the last packet read
  std::optional<std::string> m_fallbackReason;
  // Remux.
  bool m_hasKeyframe = false;
  std::int64_t m_lastKeyframeUs = 0;
  std::int64_t m_videoPacketsWritten = 0;
  // Transcode.
  bool m_isRecovering = false;  // after damage, until a clean keyframe
  std::int64_t m_damageStartUs = 0;
  std::int64_t m_lastVideoPts = std::numeric_limits<std::int64_t>::min();
  std::int64_t m_videoFramesEncoded = 0;
};

}  // namespace vakspiegel::media::import_detail
