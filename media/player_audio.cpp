// The playback engine's sound: the audio thread (decode, then the filter to
// 48 kHz stereo float at the speed) and the audio output's pull, readAudio().
#include "media/internal/player_impl.h"

#include <algorithm>
#include <cmath>
#include <utility>

#include "core/i18n.h"

extern "C" {
#include <libavfilter/buffersink.h>
#include <libavfilter/buffersrc.h>
}

namespace vakspiegel::media {
namespace {

// Decoded sound ahead of the output, in output frames (0.5 s).
constexpr std::int64_t kMaxAudioAheadFrames = kPlayerSampleRate / 2;
// A gap in the sound's timestamps longer than this is filled with silence.
constexpr std::int64_t kAudioGapUs = 40'000;

// The sound's filter graph: any decoded format -> 48 kHz stereo float, then
// atempo (0.5..2 per instance; two for below 0.5) unless the speed is 1.
// Mono goes to both channels at full level, as a mono device would play it
// (FFmpeg's own upmix treats it as a centre channel: -3 dB each side).
class AudioFilter {
 public:
  Status configure(const AVFrame& frame, double speed) {
    m_graph.reset(avfilter_graph_alloc());
    if (!m_graph) return fail(ErrorCode::Internal, tr("Out of memory."));
    ff::ChannelLayout layout;
    layout.assignUsable(frame.ch_layout);
    char layoutText[128] = {};
    av_channel_layout_describe(layout.get(), layoutText, sizeof layoutText);
    const char* format = av_get_sample_fmt_name(static_cast<AVSampleFormat>(frame.format));
    if (format == nullptr) return fail(ErrorCode::Unsupported, tr("The sound of this recording cannot be played."));
    const std::string sourceArgs = "time_base=1/" + std::to_string(frame.sample_rate) +
                                   ":sample_rate=" + std::to_string(frame.sample_rate) + ":sample_fmt=" + format +
                                   ":channel_layout=" + layoutText;
    if (avfilter_graph_create_filter(&m_source, avfilter_get_by_name("abuffer"), "in", sourceArgs.c_str(), nullptr,
                                     m_graph.get()) < 0 ||
        avfilter_graph_create_filter(&m_sink, avfilter_get_by_name("abuffersink"), "out", nullptr, nullptr,
                                     m_graph.get()) < 0) {
      return fail(ErrorCode::Unsupported, tr("The sound of this recording cannot be played."));
    }
    std::string chain = layout.get()->nb_channels == 1 ? "pan=stereo|c0=c0|c1=c0," : "";
    chain += "aresample=" + std::to_string(kPlayerSampleRate) + ",aformat=sample_fmts=flt:channel_layouts=stereo";
    double rest = speed;
    while (rest < 0.5 - 1e-9) {
      chain += ",atempo=0.5";
      rest /= 0.5;
    }
    if (std::abs(rest - 1.0) > 1e-9) chain += ",atempo=" + std::to_string(rest);

    AVFilterInOut* outputs = avfilter_inout_alloc();
    AVFilterInOut* inputs = avfilter_inout_alloc();
    int result = -1;
    if (outputs != nullptr && inputs != nullptr) {
      outputs->name = av_strdup("in");
      outputs->filter_ctx = m_source;
      inputs->name = av_strdup("out");
      inputs->filter_ctx = m_sink;
      result = avfilter_graph_parse_ptr(m_graph.get(), chain.c_str(), &inputs, &outputs, nullptr);
      if (result >= 0) result = avfilter_graph_config(m_graph.get(), nullptr);
    }
    avfilter_inout_free(&inputs);
    avfilter_inout_free(&outputs);
    if (result < 0) return fail(ErrorCode::Unsupported, tr("The sound of this recording cannot be played."));
    return {};
  }
  [[nodiscard]] bool isConfigured() const { return m_graph != nullptr; }
  void reset() {
    m_graph.reset();
    m_source = m_sink = nullptr;
  }
  // frame null: the end (flushes the filters).
  [[nodiscard]] bool push(AVFrame* frame) {
    return av_buffersrc_add_frame_flags(m_source, frame, AV_BUFFERSRC_FLAG_KEEP_REF) >= 0;
  }
  // 0: got one; AVERROR(EAGAIN) / AVERROR_EOF: none now.
  int pull(AVFrame* out) { return av_buffersink_get_frame(m_sink, out); }

 private:
  ff::FilterGraph m_graph;
  AVFilterContext* m_source = nullptr;
  AVFilterContext* m_sink = nullptr;
};

}  // namespace

// ---------------------------------------------------------------- audio

void Player::Impl::audioLoop() {
  ff::Frame frame(av_frame_alloc());
  ff::Frame filtered(av_frame_alloc());
  if (!frame || !filtered) return;
  AVCodecContext* decoder = m_audioDecoder.get();
  AudioFilter filter;
  std::uint64_t serial = 0;
  std::int64_t targetUs = kNoTime;
  double speed = 1.0;
  std::int64_t inputStartUs = kNoTime;  // media time of the first sample given to the filter
  std::int64_t inputFrames = 0;         // input samples given (at the input rate)
  int inputRate = 0;
  std::int64_t outputFrames = 0;  // output frames made this serial

  // Hands filtered sound to the FIFO, dropping what lies before the target;
  // waits while the FIFO is full. False: the serial changed or quitting.
  const auto deliver = [&](const float* samples, std::int64_t frames) -> bool {
    Lock lock(m_mutex);
    if (serial != m_serial || m_quit) return false;
    const double usPerFrame = speed * 1e6 / kPlayerSampleRate;
    std::int64_t skip = 0;
    if (targetUs != kNoTime) {
      while (skip < frames && inputStartUs + static_cast<std::int64_t>(
                                                 std::llround(static_cast<double>(outputFrames + skip) * usPerFrame)) <
                                  targetUs)
        ++skip;
    }
    if (!m_audioAnchored && skip < frames) {
      m_audioAnchorUs =
          inputStartUs + static_cast<std::int64_t>(std::llround(static_cast<double>(outputFrames + skip) * usPerFrame));
      m_audioAnchored = true;
      m_audioClockUs = m_audioAnchorUs;
    }
    outputFrames += frames;
    m_pcm.insert(m_pcm.end(), samples + skip * kPlayerChannels, samples + frames * kPlayerChannels);
    m_audioCv.wait(lock, [&] {
      return m_quit || serial != m_serial ||
             static_cast<std::int64_t>(m_pcm.size()) / kPlayerChannels < kMaxAudioAheadFrames;
    });
    return !m_quit && serial == m_serial;
  };
  const auto drain = [&]() -> bool {
    while (filter.pull(filtered.get()) >= 0) {
      const bool more = deliver(reinterpret_cast<const float*>(filtered->data[0]), filtered->nb_samples);
      av_frame_unref(filtered.get());
      if (!more) return false;
    }
    return true;
  };
  // Feeds one decoded frame (and silence for a gap before it).
  const auto feed = [&](AVFrame* decoded) -> bool {
    if (decoded->best_effort_timestamp == AV_NOPTS_VALUE && inputStartUs == kNoTime) return true;
    const std::int64_t ptsUs = decoded->best_effort_timestamp != AV_NOPTS_VALUE
                                   ? ff::toMicroseconds(decoded->best_effort_timestamp, m_audioTimeBase) - m_startUs
                                   : kNoTime;
    if (!filter.isConfigured()) {
      if (!filter.configure(*decoded, speed)) return true;
      inputStartUs = ptsUs;
      inputFrames = 0;
      inputRate = decoded->sample_rate;
    }
    if (ptsUs != kNoTime && inputRate > 0) {
      const std::int64_t expectedUs = inputStartUs + inputFrames * 1'000'000 / inputRate;
      if (ptsUs > expectedUs + kAudioGapUs) {
        // A gap (damage skipped): silence keeps the sound on the timeline.
        const std::int64_t gapFrames = static_cast<std::int64_t>(
            std::llround(static_cast<double>(ptsUs - expectedUs) / speed * kPlayerSampleRate / 1e6));
        std::vector<float> silence(static_cast<std::size_t>(std::min<std::int64_t>(gapFrames, 10 * kPlayerSampleRate)) *
                                   kPlayerChannels);
        if (!deliver(silence.data(), static_cast<std::int64_t>(silence.size()) / kPlayerChannels)) return false;
        // The filter's mapping restarts after the gap.
        (void)drain();
        filter.reset();
        if (!filter.configure(*decoded, speed)) return true;
        inputStartUs = ptsUs;
        inputFrames = 0;
        outputFrames = 0;
      }
    }
    inputFrames += decoded->nb_samples;
    if (!filter.push(decoded)) return true;
    return drain();
  };

  while (true) {
    QueueItem item;
    {
      Lock lock(m_mutex);
      m_audioCv.wait(lock, [&] { return m_quit || !m_audioPackets.empty(); });
      if (m_quit) return;
      item = std::move(m_audioPackets.front());
      m_audioPackets.pop_front();
      if (item.packet) m_queuedBytes -= static_cast<std::size_t>(item.packet->size);
      if (item.serial != m_serial) continue;
    }
    m_demuxCv.notify_one();
    if (item.kind == ItemKind::Flush) {
      avcodec_flush_buffers(decoder);
      filter.reset();
      serial = item.serial;
      targetUs = item.targetUs;
      speed = item.speed;
      inputStartUs = kNoTime;
      outputFrames = 0;
      continue;
    }
    if (item.kind == ItemKind::End) {
      avcodec_send_packet(decoder, nullptr);
      bool more = true;
      while (more && avcodec_receive_frame(decoder, frame.get()) >= 0) {
        more = feed(frame.get());
        av_frame_unref(frame.get());
      }
      if (more && filter.isConfigured() && filter.push(nullptr)) more = drain();
      avcodec_flush_buffers(decoder);
      filter.reset();
      Lock lock(m_mutex);
      if (serial == m_serial) m_audioEnded = true;
      continue;
    }
    if (avcodec_send_packet(decoder, item.packet.get()) < 0) continue;  // a damaged packet: skipped
    bool more = true;
    while (more && avcodec_receive_frame(decoder, frame.get()) >= 0) {
      more = feed(frame.get());
      av_frame_unref(frame.get());
    }
  }
}

void Player::Impl::clearAudio() {
  m_pcm.clear();
  m_audioAnchored = false;
  m_audioConsumed = 0;
  m_audioEnded = false;
  m_audioFinished = false;
  m_audioDirty = false;
  m_audioSpeed = m_speed;
}

std::int64_t Player::Impl::audioMediaUs(std::int64_t frames) const {
  return m_audioAnchorUs +
         static_cast<std::int64_t>(std::llround(static_cast<double>(frames) * m_audioSpeed * 1e6 / kPlayerSampleRate));
}

void Player::Impl::setVolume(float volume) {
  Lock lock(m_mutex);
  m_volume = std::clamp(volume, 0.0F, 1.0F);
}

void Player::Impl::setMuted(bool muted) {
  Lock lock(m_mutex);
  m_muted = muted;
}

std::size_t Player::Impl::readAudio(std::span<float> out, std::int64_t bufferedUs) {
  const std::size_t frames = out.size() / kPlayerChannels;
  std::size_t written = 0;
  bool notifyDecoder = false;
  {
    Lock lock(m_mutex);
    const bool playing = m_state == PlayerState::Playing && m_pending == PendingKind::None && audioActive();
    if (playing) m_lastPullWallUs = m_options.monotonicNowUs();
    if (playing && !m_audioAnchored && m_audioEnded) {
      // No sound from here on (past the end of the sound, or none there).
      m_audioFinished = true;
      anchorMonotonic(m_positionUs);
    } else if (playing && m_audioAnchored) {
      // Not past a loop's or a fragment's end.
      std::int64_t limit = static_cast<std::int64_t>(frames);
      const std::optional<std::int64_t> boundary =
          m_loop ? std::optional(m_loop->toUs) : (m_fragment ? std::optional(m_fragment->toUs) : std::nullopt);
      if (boundary) {
        const double usPerFrame = m_audioSpeed * 1e6 / kPlayerSampleRate;
        const std::int64_t room = static_cast<std::int64_t>(
            std::ceil(static_cast<double>(*boundary - audioMediaUs(m_audioConsumed)) / usPerFrame));
        limit = std::clamp<std::int64_t>(room, 0, limit);
      }
      const std::int64_t available = static_cast<std::int64_t>(m_pcm.size()) / kPlayerChannels;
      const auto count = static_cast<std::size_t>(std::min(limit, available));
      const float gain = m_muted ? 0.0F : m_volume;
      auto source = m_pcm.begin();
      for (std::size_t i = 0; i < count * kPlayerChannels; ++i) out[i] = *source++ * gain;
      m_pcm.erase(m_pcm.begin(), source);
      written = count;
      m_audioConsumed += static_cast<std::int64_t>(count);
      notifyDecoder = count > 0;
      m_audioBufferedUs = std::max<std::int64_t>(0, bufferedUs);
      const std::int64_t now = m_options.monotonicNowUs();
      m_audioClockUs =
          audioMediaUs(m_audioConsumed) - static_cast<std::int64_t>(static_cast<double>(m_audioBufferedUs) * m_speed);
      m_audioClockWallUs = now;
      if (count < frames) {
        if (boundary && count == static_cast<std::size_t>(limit)) {
          handleBoundary(lock, audioMediaUs(m_audioConsumed));
        } else if (m_audioEnded && m_pcm.empty()) {
          // The sound is over before the picture: the monotonic clock takes over.
          m_audioFinished = true;
          anchorMonotonic(audioMediaUs(m_audioConsumed));
        } else if (m_audioConsumed > 0) {
          ++m_stats.audioUnderruns;
        }
      }
    }
  }
  std::fill(out.begin() + static_cast<std::ptrdiff_t>(written * kPlayerChannels), out.end(), 0.0F);
  if (notifyDecoder) m_audioCv.notify_all();
  return frames;
}

}  // namespace vakspiegel::media
