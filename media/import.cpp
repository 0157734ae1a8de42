// importMedia(): one pass over the source that writes the fragmented MP4 and
// computes the derived data (thumbnails, waveform, speech activity). A remux
// decodes for them on two threads of their own (PacketThread), so its own
// thread only reads, copies and writes; a transcode decodes everything anyway.
//
// Remux or transcode: an H.264 (+ AAC) source is remuxed optimistically; the
// keyframe spacing is only known by reading, so when a gap above 2 s shows
// up the sink is restarted and the source transcoded instead. Reading goes
// on past damage (the demuxer resynchronises, the decoder skips to the next
// clean keyframe) and stops at a truncated end; both are reported with
// media times. Media time 0 is the source's first timestamp.
#include "media/import.h"

#include <algorithm>
#include <chrono>
#include <functional>
#include <limits>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "core/i18n.h"
#include "media/internal/audio_pipeline.h"
#include "media/internal/media_input.h"
#include "media/internal/mp4_writer.h"
#include "media/internal/packet_thread.h"
#include "media/internal/thumbnailer.h"
#include "media/internal/video_encoder.h"

namespace vakspiegel::media {
namespace {

// Keyframes further apart make seeking slow: such a source is transcoded.
// A frame's worth of slack keeps a camera's "2 s" GOP at 29.97 fps (2.002 s).
constexpr std::int64_t kMaxKeyframeGapUs = 2'000'000;
constexpr std::int64_t kKeyframeGapSlackUs = 50'000;
// The source counts as cut short when what could be read ends this much
// before the duration its header promises.
constexpr std::int64_t kTruncationToleranceUs = 500'000;
// Damaged stretches closer than this are one.
constexpr std::int64_t kDamageMergeUs = 500'000;
// A jump in a stream's decode times above these means packets were lost: a
// demuxer that resynchronises after damage (Matroska does) skips them
// without an error. Sound is continuous; a picture may stand still a while
// in a variable frame rate recording.
constexpr std::int64_t kAudioJumpUs = 250'000;
constexpr std::int64_t kVideoJumpUs = 2'000'000;
// Read errors in a row after which a damaged file counts as ended.
constexpr int kMaxFailedReads = 1000;
// Errors in a row from one decoder call after which it counts as stuck
// until the next packet.
constexpr int kMaxDecodeErrorsInARow = 16;
constexpr auto kProgressInterval = std::chrono::milliseconds(200);
// Packets waiting for a remux's decoding threads before the copy waits for
// them: about 10 s of AAC sound; keyframes (a few hundred kB each) for 30 s
// at one a second. They are references to the demuxer's buffers.
constexpr std::size_t kMaxQueuedSound = 512;
constexpr std::size_t kMaxQueuedKeyframes = 32;

using Clock = std::chrono::steady_clock;

// Media time (microseconds from the source's first timestamp, startUs) of a
// timestamp; AV_NOPTS_VALUE stays unknown.
std::int64_t toMediaUs(std::int64_t timestamp, AVRational timeBase, std::int64_t startUs) {
  if (timestamp == AV_NOPTS_VALUE) return AV_NOPTS_VALUE;
  return ff::toMicroseconds(timestamp, timeBase) - startUs;
}

Error cancelledError() {
  return {ErrorCode::Cancelled, tr("The import was cancelled.")};
}

Error nothingReadable() {
  return {ErrorCode::CorruptData,
          tr("Nothing in this file could be read: its video is damaged from the start. Use the original recording "
             "from the camera or phone, if it still exists.")};
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

// Why an H.264 (+ AAC) remux is impossible, or nothing when it may be tried.
std::optional<std::string> whyNotRemux(const AVFormatContext& format, const StreamChoice& streams) {
  const AVCodecParameters& video = *format.streams[streams.video]->codecpar;
  if (video.codec_id != AV_CODEC_ID_H264) return "video codec " + ff::codecName(&video);
  // Players decode 8-bit 4:2:0 H.264 everywhere; 10-bit or 4:2:2 not.
  const auto pixels = static_cast<AVPixelFormat>(video.format);
  if (pixels != AV_PIX_FMT_NONE && pixels != AV_PIX_FMT_YUV420P && pixels != AV_PIX_FMT_YUVJ420P) {
    const char* name = av_get_pix_fmt_name(pixels);
    return std::string("pixel format ") + (name != nullptr ? name : "unknown");
  }
  if (streams.audio >= 0) {
    const AVCodecParameters& audio = *format.streams[streams.audio]->codecpar;
    if (audio.codec_id != AV_CODEC_ID_AAC) return "audio codec " + ff::codecName(&audio);
    if (!Mp4Writer::canCopy(audio)) return "audio AAC without a usual configuration";
  }
  return std::nullopt;
}

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

Status ImportPass::setUp() {
  m_packet.reset(av_packet_alloc());
  m_frame.reset(av_frame_alloc());
  if (!m_packet || !m_frame) return fail(ErrorCode::Internal, tr("Out of memory."));
  // Only the chosen streams are read.
  for (unsigned i = 0; i < m_format->nb_streams; ++i) {
    const auto index = static_cast<int>(i);
    m_format->streams[i]->discard =
        index == m_streams.video || index == m_streams.audio ? AVDISCARD_DEFAULT : AVDISCARD_ALL;
  }
  if (m_audio != nullptr) m_analyzer.emplace();
  m_writer = VS_TRY(Mp4Writer::create(m_sink));
  m_progress.beginPass(m_input.durationUs(), m_input.sizeBytes());
  return {};
}

Status ImportPass::readPackets(const std::function<Status(AVPacket&)>& handle) {
  int failedReads = 0;
  while (!m_fallbackReason) {
    const int read = av_read_frame(m_format, m_packet.get());
    if (read == AVERROR_EOF) break;
    if (read < 0) {
      if (auto error = m_input.readerError()) return fail(*error);
      if (m_input.isAtEnd() || ++failedReads > kMaxFailedReads) {
        m_stoppedEarly = true;
        break;
      }
      // Damage in the middle: the demuxer resynchronises on the next call.
      if (!m_readDamageStartUs) m_readDamageStartUs = m_readEndUs;
      continue;
    }
    failedReads = 0;
    const int index = m_packet->stream_index;
    if (index != m_streams.video && index != m_streams.audio) {
      av_packet_unref(m_packet.get());
      continue;
    }
    noteRead(*m_packet);
    Status handled = handle(*m_packet);
    av_packet_unref(m_packet.get());
    VS_TRY(handled);
    VS_TRY(m_progress.update(m_readEndUs, m_input.positionBytes()));
  }
  return {};
}

void ImportPass::noteRead(const AVPacket& packet) {
  const AVStream& stream = *m_format->streams[packet.stream_index];
  const bool isVideo = packet.stream_index == m_streams.video;
  const std::int64_t durationUs = ff::toMicroseconds(packet.duration, stream.time_base);
  const std::int64_t atUs = mediaUs(packet.pts != AV_NOPTS_VALUE ? packet.pts : packet.dts, stream.time_base);
  if (atUs == AV_NOPTS_VALUE) return;
  m_readEndUs = std::max(m_readEndUs, atUs + durationUs);
  if (m_readDamageStartUs && isVideo) {
    m_damage.add(*m_readDamageStartUs, atUs);
    m_readDamageStartUs.reset();
  }
  const std::int64_t decodeUs = mediaUs(packet.dts != AV_NOPTS_VALUE ? packet.dts : packet.pts, stream.time_base);
  std::optional<std::int64_t>& lastEndUs = isVideo ? m_videoDecodeEndUs : m_audioDecodeEndUs;
  if (lastEndUs && decodeUs - *lastEndUs > (isVideo ? kVideoJumpUs : kAudioJumpUs)) {
    m_damage.add(*lastEndUs, decodeUs);
  }
  lastEndUs = std::max(lastEndUs.value_or(decodeUs), decodeUs + durationUs);
}

Status ImportPass::writeShifted(AVPacket& packet, const AVStream& stream, int outputIndex) {
  // Media time 0 is the source's first timestamp.
  const std::int64_t offset = ff::fromMicroseconds(m_startUs, stream.time_base);
  if (packet.pts != AV_NOPTS_VALUE) packet.pts -= offset;
  if (packet.dts != AV_NOPTS_VALUE) packet.dts -= offset;
  return m_writer->write(packet, stream.time_base, outputIndex);
}

Status ImportPass::decodeAudio(const AVPacket* packet) {
  return m_sound->decode(packet, [this](AVFrame& frame, std::int64_t atUs) -> Status {
    VS_TRY(m_analyzer->add(frame, atUs));
    return m_audioEncoder->encode(frame, atUs, [this](AVPacket& encoded) {
      return m_writer->write(encoded, m_audioEncoder->context().time_base, m_outputAudio);
    });
  });
}

Status ImportPass::analyzeSound(const AVPacket* packet) {
  return m_sound->decode(packet, [this](AVFrame& frame, std::int64_t atUs) { return m_analyzer->add(frame, atUs); });
}

// ---- Remux ------------------------------------------------------------------

Result<PassOutcome> ImportPass::remux(bool mayFallBack) {
  VS_TRY(setUp());
  // Thumbnails come from keyframes alone, decoded one at a time.
  m_videoDecoder = VS_TRY(ff::openDecoder(m_video, ff::DecodeFrames::KeyframesOnly));
  m_thumbnailThread =
      PacketThread::start([this](const AVPacket& keyframe) { return makeThumbnail(keyframe); }, kMaxQueuedKeyframes);
  if (m_audio != nullptr) {
    m_sound = VS_TRY(SoundDecoder::open(m_audio, m_startUs));
    m_soundThread =
        PacketThread::start([this](const AVPacket& packet) { return analyzeSound(&packet); }, kMaxQueuedSound);
  }
  m_outputVideo = VS_TRY(m_writer->addCopiedStream(*m_video));
  if (m_audio != nullptr) m_outputAudio = VS_TRY(m_writer->addCopiedStream(*m_audio));
  VS_TRY(m_writer->writeHeader());
  VS_TRY(readPackets([&](AVPacket& packet) { return remuxPacket(packet, mayFallBack); }));
  if (m_fallbackReason) return PassOutcome{m_fallbackReason, {}};
  VS_TRY(m_thumbnailThread->finish());
  if (m_soundThread) {
    VS_TRY(m_soundThread->finish());
    VS_TRY(analyzeSound(nullptr));
  }
  if (m_videoPacketsWritten == 0) return fail(nothingReadable());
  VS_TRY(m_writer->finish());
  const DisplaySize size = displayedSize(m_video);
  return PassOutcome{std::nullopt, makeReport(ImportMode::Remux, size.width, size.height)};
}

Status ImportPass::remuxPacket(AVPacket& packet, bool mayFallBack) {
  if (packet.stream_index == m_streams.audio) {
    VS_TRY(m_soundThread->add(packet));
    return writeShifted(packet, *m_audio, m_outputAudio);
  }
  // Some containers (AVI) store no presentation times: without B-frames
  // they equal the decode times; with them the source needs a decoder.
  if (packet.pts == AV_NOPTS_VALUE || packet.dts == AV_NOPTS_VALUE) {
    const bool hasNone = packet.pts == AV_NOPTS_VALUE && packet.dts == AV_NOPTS_VALUE;
    if ((hasNone || m_video->codecpar->video_delay > 0) && mayFallBack) {
      m_fallbackReason = "video timestamps missing";
      return {};
    }
    if (hasNone) return {};
    if (packet.pts == AV_NOPTS_VALUE) packet.pts = packet.dts;
    if (packet.dts == AV_NOPTS_VALUE) packet.dts = packet.pts;
  }
  const bool isKeyframe = (packet.flags & AV_PKT_FLAG_KEY) != 0;
  // Pictures before the first keyframe cannot be decoded by anyone.
  if (!m_hasKeyframe && !isKeyframe) return {};
  const std::int64_t atUs = mediaUs(packet.pts, m_video->time_base);
  if (m_hasKeyframe && atUs - m_lastKeyframeUs > kMaxKeyframeGapUs + kKeyframeGapSlackUs) {
    if (mayFallBack) {
      m_fallbackReason = "keyframes more than 2 s apart";
      return {};
    }
  }
  if (isKeyframe) {
    m_hasKeyframe = true;
    m_lastKeyframeUs = atUs;
    VS_TRY(m_thumbnailThread->add(packet));
  }
  ++m_videoPacketsWritten;
  return writeShifted(packet, *m_video, m_outputVideo);
}

// On the thumbnail thread.
Status ImportPass::makeThumbnail(const AVPacket& keyframe) {
  const std::int64_t atUs = mediaUs(keyframe.pts, m_video->time_base);
  if (!m_thumbnails.wants(atUs)) return {};
  // A keyframe that does not decode alone (a recovery point rather than an
  // IDR frame, or damage) leaves the thumbnail to the next one.
  ff::Frame picture = VS_TRY(decodeAlone(m_videoDecoder.get(), keyframe));
  if (!picture) return {};
  const std::int64_t pictureUs = mediaUs(picture->best_effort_timestamp, m_video->time_base);
  return m_thumbnails.add(*picture, pictureUs != AV_NOPTS_VALUE ? pictureUs : atUs);
}

// ---- Transcode --------------------------------------------------------------

Result<PassOutcome> ImportPass::transcode() {
  VS_TRY(setUp());
  m_videoDecoder = VS_TRY(ff::openDecoder(m_video, ff::DecodeFrames::All));
  m_videoEncoder = VS_TRY(VideoEncoder::create(*m_format, *m_video, m_options));
  m_outputVideo = VS_TRY(m_writer->addEncodedStream(m_videoEncoder->context()));
  if (m_audio != nullptr) {
    m_sound = VS_TRY(SoundDecoder::open(m_audio, m_startUs));
    m_audioEncoder = VS_TRY(AudioEncoder::create(m_sound->context()));
    m_outputAudio = VS_TRY(m_writer->addEncodedStream(m_audioEncoder->context()));
  }
  VS_TRY(m_writer->writeHeader());
  VS_TRY(readPackets([&](AVPacket& packet) { return transcodePacket(packet); }));
  // Drain the decoders, then the encoders.
  avcodec_send_packet(m_videoDecoder.get(), nullptr);
  VS_TRY(receiveVideoFrames());
  if (m_audio != nullptr) VS_TRY(decodeAudio(nullptr));
  if (m_isRecovering) m_damage.add(m_damageStartUs, std::max(m_damageStartUs, m_readEndUs));
  if (m_videoFramesEncoded == 0) return fail(nothingReadable());
  VS_TRY(m_videoEncoder->finish([this](AVPacket& encoded) {
    return m_writer->write(encoded, m_videoEncoder->context().time_base, m_outputVideo);
  }));
  if (m_audioEncoder) {
    VS_TRY(m_audioEncoder->finish([this](AVPacket& encoded) {
      return m_writer->write(encoded, m_audioEncoder->context().time_base, m_outputAudio);
    }));
  }
  VS_TRY(m_writer->finish());
  return PassOutcome{std::nullopt,
                     makeReport(ImportMode::Transcode, m_videoEncoder->width(), m_videoEncoder->height())};
}

Status ImportPass::transcodePacket(AVPacket& packet) {
  if (packet.stream_index == m_streams.audio) return decodeAudio(&packet);
  const int sent = avcodec_send_packet(m_videoDecoder.get(), &packet);
  if (sent < 0 && sent != AVERROR(EAGAIN)) {
    noteVideoDamage(mediaUs(packet.pts != AV_NOPTS_VALUE ? packet.pts : packet.dts, m_video->time_base));
  }
  return receiveVideoFrames();
}

void ImportPass::noteVideoDamage(std::int64_t atUs) {
  if (m_isRecovering) return;
  m_isRecovering = true;
  m_damageStartUs = atUs != AV_NOPTS_VALUE ? atUs : m_readEndUs;
}

Status ImportPass::receiveVideoFrames() {
  int errors = 0;
  while (true) {
    const int received = avcodec_receive_frame(m_videoDecoder.get(), m_frame.get());
    if (received == AVERROR(EAGAIN) || received == AVERROR_EOF) return {};
    if (received < 0) {
      // With frame threads a decode error shows here, not at send.
      noteVideoDamage(m_readEndUs);
      if (++errors > kMaxDecodeErrorsInARow) return {};
      continue;
    }
    Status used = transcodeFrame(*m_frame);
    av_frame_unref(m_frame.get());
    VS_TRY(used);
  }
}

Status ImportPass::transcodeFrame(AVFrame& frame) {
  std::int64_t pts = frame.best_effort_timestamp;
  if (pts == AV_NOPTS_VALUE) {
    if (m_lastVideoPts == std::numeric_limits<std::int64_t>::min()) return {};
    pts = m_lastVideoPts + std::max<std::int64_t>(1, frame.pkt_duration);
  }
  pts -= ff::fromMicroseconds(m_startUs, m_video->time_base);
  const std::int64_t atUs = ff::toMicroseconds(pts, m_video->time_base);
  // A concealed picture shows blocks of wrong colour, and so does every
  // picture that refers to it: skip to the next clean keyframe.
  if (frame.decode_error_flags != 0 || (frame.flags & AV_FRAME_FLAG_CORRUPT) != 0) {
    noteVideoDamage(atUs);
    return {};
  }
  if (m_isRecovering) {
    if (frame.key_frame == 0 && frame.pict_type != AV_PICTURE_TYPE_I) return {};
    m_damage.add(m_damageStartUs, atUs);
    m_isRecovering = false;
  }
  // x264 and MP4 need increasing timestamps; a repeated one is a duplicate.
  if (pts <= m_lastVideoPts) return {};
  m_lastVideoPts = pts;
  if (m_thumbnails.wants(atUs)) VS_TRY(m_thumbnails.add(frame, atUs));
  frame.pts = pts;
  ++m_videoFramesEncoded;
  return m_videoEncoder->encode(frame, [this](AVPacket& encoded) {
    return m_writer->write(encoded, m_videoEncoder->context().time_base, m_outputVideo);
  });
}

ImportReport ImportPass::makeReport(ImportMode mode, int width, int height) {
  ImportReport report;
  report.mode = mode;
  report.durationUs = m_writer->durationUs();
  report.width = width;
  report.height = height;
  report.readableUntilUs = m_readEndUs;
  const std::int64_t promisedUs = m_input.durationUs();
  report.isTruncated = m_stoppedEarly || (promisedUs > 0 && m_readEndUs < promisedUs - kTruncationToleranceUs);
  if (m_sound) {
    for (const DamagedRange& range : m_sound->damaged()) m_damage.add(range.startUs, range.endUs);
  }
  report.damaged = m_damage.ranges();
  report.bytesWritten = m_writer->bytesWritten();
  report.thumbnails = m_thumbnails.finish();
  if (m_analyzer && m_analyzer->hasSamples()) m_analyzer->finish(report.waveform, report.speech);
  return report;
}

Status checkOptions(const ImportOptions& options) {
  if (options.thumbnailIntervalUs <= 0 || options.thumbnailWidth < 2 || options.thumbnailWidth > 4096 ||
      options.crf < 0 || options.crf > 51 || options.x264Preset.empty()) {
    return fail(ErrorCode::InvalidArgument, "import options out of range");
  }
  return {};
}

}  // namespace

Result<ImportReport> importMedia(const std::filesystem::path& source, OutputSink& output, const ImportOptions& options,
                                 const ProgressCallback& progress) {
  VS_TRY(checkOptions(options));
  ProgressReporter reporter(progress);
  MediaInput input = VS_TRY(MediaInput::openFile(source));
  StreamChoice streams = VS_TRY(chooseStreams(input.format()));
  const ProbeInfo sourceInfo = VS_TRY(describeInput(input, streams));
  VS_TRY(reporter.start());

  const std::optional<std::string> notRemuxable = whyNotRemux(*input.format(), streams);
  ImportMode mode = options.forceMode.value_or(notRemuxable ? ImportMode::Transcode : ImportMode::Remux);
  std::string transcodeReason;
  if (mode == ImportMode::Remux && notRemuxable) {
    return fail(ErrorCode::InvalidArgument, "cannot remux: " + *notRemuxable);
  }
  if (mode == ImportMode::Transcode) transcodeReason = notRemuxable.value_or("transcode forced");

  std::optional<PassOutcome> outcome;
  if (mode == ImportMode::Remux) {
    ImportPass pass(input, streams, output, options, reporter);
    outcome = VS_TRY(pass.remux(!options.forceMode.has_value()));
  }
  if (outcome && outcome->fallbackReason) {
    // What was written is useless: start over, transcoding.
    mode = ImportMode::Transcode;
    transcodeReason = *outcome->fallbackReason;
    VS_TRY(output.restart());
    input = VS_TRY(MediaInput::openFile(source));
    streams = VS_TRY(chooseStreams(input.format()));
  }
  if (mode == ImportMode::Transcode) {
    ImportPass pass(input, streams, output, options, reporter);
    outcome = VS_TRY(pass.transcode());
  }
  ImportReport report = std::move(outcome->report);
  report.transcodeReason = std::move(transcodeReason);
  report.source = sourceInfo;
  VS_TRY(reporter.finish());
  return report;
}

}  // namespace vakspiegel::media
