// The import's one pass (ImportPass): reading the source and noting damage,
// remuxing or transcoding each packet, and the report.
#include "media/internal/import_pass.h"

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <limits>
#include <optional>
#include <string>

#include "core/i18n.h"

namespace vakspiegel::media::import_detail {
namespace {

// Keyframes further apart make seeking slow: such a source is transcoded.
// A frame's worth of slack keeps a camera's "2 s" GOP at 29.97 fps (2.002 s).
constexpr std::int64_t kMaxKeyframeGapUs = 2'000'000;
constexpr std::int64_t kKeyframeGapSlackUs = 50'000;
// The source counts as cut short when what could be read ends this much
// before the duration its header promises.
constexpr std::int64_t kTruncationToleranceUs = 500'000;
// A jump in a stream's decode times above these means packets were lost: a
// demuxer that resynchronises after damage (Matroska does) skips them
// without an error. Sound is continuous; a picture may stand still a while
// in a variable frame rate recording.
constexpr std::int64_t kAudioJumpUs = 250'000;
constexpr std::int64_t kVideoJumpUs = 2'000'000;
// A sound packet stamped this much later than the packet after it is stray:
// sound is continuous, so its time is wrong, not the others' (seen in
// Matroska files whose first sound packet is stamped seconds late). It is
// re-timed to just before its successor, so it does not stretch the
// recording.
constexpr std::int64_t kStrayAheadUs = 1'000'000;
// Read errors in a row after which a damaged file counts as ended.
constexpr int kMaxFailedReads = 1000;
// Packets waiting for a remux's decoding threads before the copy waits for
// them: about 10 s of AAC sound; keyframes (a few hundred kB each) for 30 s
// at one a second. They are references to the demuxer's buffers.
constexpr std::size_t kMaxQueuedSound = 512;
constexpr std::size_t kMaxQueuedKeyframes = 32;

Error nothingReadable() {
  return {ErrorCode::CorruptData,
          tr("Nothing in this file could be read: its video is damaged from the start. Use the original recording "
             "from the camera or phone, if it still exists.")};
}

}  // namespace

Status ImportPass::setUp() {
  m_packet.reset(av_packet_alloc());
  m_heldAudio.reset(av_packet_alloc());
  m_frame.reset(av_frame_alloc());
  if (!m_packet || !m_heldAudio || !m_frame) return fail(ErrorCode::Internal, tr("Out of memory."));
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
    if (index == m_streams.audio) {
      // Held back one packet, to see whether its time fits the next one's.
      if (m_isHoldingAudio) VS_TRY(handOver(*m_heldAudio, m_packet.get(), handle));
      av_packet_move_ref(m_heldAudio.get(), m_packet.get());
      m_isHoldingAudio = true;
      continue;
    }
    VS_TRY(handOver(*m_packet, nullptr, handle));
  }
  if (m_isHoldingAudio && !m_fallbackReason) VS_TRY(handOver(*m_heldAudio, nullptr, handle));
  return {};
}

Status ImportPass::handOver(AVPacket& packet, const AVPacket* nextSound,
                            const std::function<Status(AVPacket&)>& handle) {
  if (&packet == m_heldAudio.get()) m_isHoldingAudio = false;
  if (nextSound != nullptr && !retimeStraySound(packet, *nextSound)) {
    av_packet_unref(&packet);
    return {};
  }
  if (packet.stream_index == m_streams.audio && packet.dts != AV_NOPTS_VALUE) m_lastSoundDts = packet.dts;
  noteRead(packet);
  Status handled = handle(packet);
  av_packet_unref(&packet);
  VS_TRY(handled);
  return m_progress.update(m_readEndUs, m_input.positionBytes());
}

bool ImportPass::retimeStraySound(AVPacket& packet, const AVPacket& next) {
  const auto timeOf = [](const AVPacket& p) { return p.pts != AV_NOPTS_VALUE ? p.pts : p.dts; };
  const std::int64_t at = timeOf(packet);
  const std::int64_t nextAt = timeOf(next);
  if (at == AV_NOPTS_VALUE || nextAt == AV_NOPTS_VALUE) return true;
  if (ff::toMicroseconds(at - nextAt, m_audio->time_base) <= kStrayAheadUs) return true;
  const std::int64_t shift = nextAt - std::max<std::int64_t>(packet.duration, 0) - at;
  if (packet.pts != AV_NOPTS_VALUE) packet.pts += shift;
  if (packet.dts != AV_NOPTS_VALUE) packet.dts += shift;
  m_strayEndUs = std::max(m_strayEndUs, mediaUs(at, m_audio->time_base) +
                                            ff::toMicroseconds(packet.duration, m_audio->time_base));
  // Where that would go back before the sound already handed on, the
  // packet is dropped instead (it is one packet of sound, some 20 ms).
  return m_lastSoundDts == AV_NOPTS_VALUE || timeOf(packet) > m_lastSoundDts;
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
  // A header whose duration only a stray packet reached promised too much.
  const bool promisedByStray = m_strayEndUs >= promisedUs - kTruncationToleranceUs;
  report.isTruncated =
      m_stoppedEarly || (promisedUs > 0 && !promisedByStray && m_readEndUs < promisedUs - kTruncationToleranceUs);
  if (m_sound) {
    for (const DamagedRange& range : m_sound->damaged()) m_damage.add(range.startUs, range.endUs);
  }
  report.damaged = m_damage.ranges();
  report.bytesWritten = m_writer->bytesWritten();
  report.thumbnails = m_thumbnails.finish();
  if (m_analyzer && m_analyzer->hasSamples()) m_analyzer->finish(report.waveform, report.speech);
  return report;
}

}  // namespace vakspiegel::media::import_detail
