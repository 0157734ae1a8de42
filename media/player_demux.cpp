// The playback engine's input: the streams and decoders it opens, and the
// demux thread that fills the packet queues (seeks, damage, the end).
#include "media/internal/player_impl.h"

#include <algorithm>
#include <cinttypes>
#include <cstdio>
#include <utility>

#include "core/i18n.h"

namespace vakspiegel::media {
namespace {

// Queue bounds. Video packets: a few seconds; the demuxer waits when full.
constexpr std::size_t kMaxVideoPackets = 120;
// Sound packets while paused: beyond this they are dropped (play() starts
// the sound again from the position anyway); while playing the demuxer waits.
constexpr std::size_t kMaxAudioPackets = 400;
constexpr std::size_t kMaxQueuedBytes = 48u << 20;
// Where reading fails, playing goes on this far after the last good packet.
constexpr std::int64_t kDamageSkipUs = 1'000'000;

}  // namespace

std::string clockText(std::int64_t us) {
  const std::int64_t seconds = std::max<std::int64_t>(0, us) / 1'000'000;
  char text[32];
  std::snprintf(text, sizeof text, "%" PRId64 ":%02" PRId64, seconds / 60, seconds % 60);
  return text;
}

// ---------------------------------------------------------------- set-up

Status Player::Impl::setUp() {
  AVFormatContext* format = m_input.format();
  const StreamChoice streams = VS_TRY(chooseStreams(format));
  m_videoIndex = streams.video;
  const AVStream* video = format->streams[m_videoIndex];
  m_videoTimeBase = video->time_base;
  // Media time is the recording's own timestamps from its start on (the
  // import writes them so: its thumbnails and waveform start at 0). An
  // imported recording's sound may begin before 0: AAC's priming samples,
  // which a remux copies without the edit list that hid them. They are not
  // part of the recording: they neither move the time base nor get played.
  m_startUs = std::max<std::int64_t>(m_input.startUs(), 0);
  m_videoDecoder = VS_TRY(ff::openDecoder(video, ff::DecodeFrames::All));

  info.durationUs = std::max<std::int64_t>(m_input.startUs() + m_input.durationUs() - m_startUs, 0);
  const AVRational rate = av_guess_frame_rate(format, const_cast<AVStream*>(video), nullptr);
  info.frameDurationUs = rate.num > 0 && rate.den > 0 ? av_rescale(1'000'000, rate.den, rate.num) : 40'000;
  info.width = video->codecpar->width;
  info.height = video->codecpar->height;
  info.rotationDegrees = ff::rotationDegrees(video);
  info.hasAudio = streams.audio >= 0;
  if (streams.audio >= 0 && m_options.audioOutput) {
    const AVStream* audio = format->streams[streams.audio];
    if (auto decoder = ff::openDecoder(audio, ff::DecodeFrames::All)) {
      m_audioDecoder = std::move(*decoder);
      m_audioIndex = streams.audio;
      m_audioTimeBase = audio->time_base;
    } else {
      // The picture still plays; the sound's problem is reported.
      addIssue(0, decoder.error());
    }
  }
  for (unsigned i = 0; i < format->nb_streams; ++i) {
    if (static_cast<int>(i) != m_videoIndex && static_cast<int>(i) != m_audioIndex)
      format->streams[i]->discard = AVDISCARD_ALL;
  }
  return {};
}

// ---------------------------------------------------------------- demuxer

bool Player::Impl::hasQueueSpace() const {
  if (m_queuedBytes >= kMaxQueuedBytes || m_videoPackets.size() >= kMaxVideoPackets) return false;
  // While playing the sound must not be dropped: wait for the audio thread,
  // unless the picture is starving.
  if (m_state == PlayerState::Playing && m_audioPackets.size() >= kMaxAudioPackets && !m_videoPackets.empty())
    return false;
  return true;
}

void Player::Impl::performSeek(const SeekRequest& request) {
  AVFormatContext* format = m_input.format();
  const std::int64_t streamUs = (request.seekUs == kNoTime ? 0 : request.seekUs) + m_startUs;
  const std::int64_t timestamp = ff::fromMicroseconds(streamUs, m_videoTimeBase);
  if (av_seek_frame(format, m_videoIndex, timestamp, AVSEEK_FLAG_BACKWARD) < 0) {
    // Before the first keyframe, or an index that does not reach: the start.
    if (av_seek_frame(format, -1, std::numeric_limits<std::int64_t>::min(), AVSEEK_FLAG_BACKWARD) < 0)
      avio_seek(format->pb, 0, SEEK_SET);
  }
  if (format->pb != nullptr) format->pb->error = 0;
}

void Player::Impl::demuxLoop() {
  AVFormatContext* format = m_input.format();
  ff::Packet packet(av_packet_alloc());
  if (!packet) return;
  std::uint64_t serial = 0;
  std::int64_t lastGoodUs = 0;
  std::int64_t skipFromUs = kNoTime;  // after damage: where reading resumed
  {
    Lock lock(m_mutex);
    serial = m_serial;
  }
  while (true) {
    std::optional<SeekRequest> seek;
    {
      Lock lock(m_mutex);
      m_demuxCv.wait(lock, [&] { return m_quit || m_pendingSeek || (!m_demuxEnded && hasQueueSpace()); });
      if (m_quit) return;
      if (m_pendingSeek) {
        seek = m_pendingSeek;
        m_pendingSeek.reset();
        serial = m_serial;
      }
    }
    if (seek) {
      performSeek(*seek);
      skipFromUs = kNoTime;
      Lock lock(m_mutex);
      if (serial != m_serial || m_pendingSeek) continue;
      for (auto* queue : {&m_videoPackets, &m_audioPackets}) {
        if (queue == &m_audioPackets && m_audioIndex < 0) continue;
        QueueItem flush;
        flush.kind = ItemKind::Flush;
        flush.serial = serial;
        flush.targetUs = seek->targetUs;
        flush.seekUs = seek->seekUs;
        flush.speed = seek->speed;
        queue->push_back(std::move(flush));
      }
      m_demuxEnded = false;
      lock.unlock();
      m_videoCv.notify_all();
      m_audioCv.notify_all();
      continue;
    }

    const int read = av_read_frame(format, packet.get());
    std::optional<Error> damage;
    bool ended = false;
    if (read == AVERROR_EOF || (read < 0 && m_input.isAtEnd() && !m_input.readerError())) {
      ended = true;
    } else if (read < 0) {
      damage = Error{ErrorCode::CorruptData,
                     trf("The recording is damaged at {}: that part cannot be played.", clockText(lastGoodUs))};
    }

    Lock lock(m_mutex);
    if (serial != m_serial || m_pendingSeek) {
      av_packet_unref(packet.get());
      continue;
    }
    if (damage) {
      // Report it, then go on reading after the damage: a keyframe at least
      // kDamageSkipUs further (further each time it fails again).
      const std::int64_t from = std::max(lastGoodUs, skipFromUs) + kDamageSkipUs;
      if (skipFromUs == kNoTime) addIssue(lastGoodUs, *damage);
      skipFromUs = from;
      if (info.durationUs > 0 && from >= info.durationUs) {
        ended = true;
      } else {
        lock.unlock();
        const std::int64_t timestamp = ff::fromMicroseconds(from + m_startUs, m_videoTimeBase);
        const bool sought = av_seek_frame(format, m_videoIndex, timestamp, 0) >= 0;
        if (format->pb != nullptr) format->pb->error = 0;
        if (sought) continue;
        lock.lock();
        if (serial != m_serial || m_pendingSeek) continue;
        ended = true;
      }
    }
    if (ended) {
      for (auto* queue : {&m_videoPackets, &m_audioPackets}) {
        if (queue == &m_audioPackets && m_audioIndex < 0) continue;
        QueueItem end;
        end.kind = ItemKind::End;
        end.serial = serial;
        queue->push_back(std::move(end));
      }
      m_demuxEnded = true;
      lock.unlock();
      m_videoCv.notify_all();
      m_audioCv.notify_all();
      continue;
    }

    const int index = packet->stream_index;
    const bool isVideo = index == m_videoIndex;
    const bool isAudio = index == m_audioIndex && m_audioIndex >= 0;
    if (!isVideo && !isAudio) {
      av_packet_unref(packet.get());
      continue;
    }
    const std::int64_t timestamp = packet->pts != AV_NOPTS_VALUE ? packet->pts : packet->dts;
    if (timestamp != AV_NOPTS_VALUE) {
      const AVRational timeBase = m_input.format()->streams[index]->time_base;
      lastGoodUs = std::max(lastGoodUs, ff::toMicroseconds(timestamp, timeBase) - m_startUs);
      if (skipFromUs != kNoTime && lastGoodUs > skipFromUs) skipFromUs = kNoTime;
    }
    if (isAudio && m_state != PlayerState::Playing && m_audioPackets.size() >= kMaxAudioPackets) {
      // Paused and far ahead in the sound (stepping through pictures): play()
      // starts the sound again from the position.
      m_audioDirty = true;
      av_packet_unref(packet.get());
      continue;
    }
    QueueItem item;
    item.serial = serial;
    item.packet.reset(av_packet_alloc());
    if (!item.packet) {
      av_packet_unref(packet.get());
      continue;
    }
    av_packet_move_ref(item.packet.get(), packet.get());
    m_queuedBytes += static_cast<std::size_t>(item.packet->size);
    (isVideo ? m_videoPackets : m_audioPackets).push_back(std::move(item));
    lock.unlock();
    (isVideo ? m_videoCv : m_audioCv).notify_one();
  }
}

}  // namespace vakspiegel::media
