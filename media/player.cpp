// The playback engine; see player.h.
//
// One mutex guards all shared state (queues, the picture window, the sound
// FIFO, the transport); the three threads and the public calls take it for
// short moments only and never decode or read while holding it. Every seek
// bumps `m_serial`: anything queued or decoded for an older serial is
// dropped wherever it is met, so a thread never has to be interrupted.
#include "media/player.h"

#include <algorithm>
#include <cinttypes>
#include <cmath>
#include <condition_variable>
#include <deque>
#include <limits>
#include <mutex>
#include <string>
#include <thread>
#include <utility>

#include "core/i18n.h"
#include "media/internal/ffmpeg_util.h"
#include "media/internal/media_input.h"
#include "vault/chunked_file.h"

extern "C" {
#include <libavfilter/buffersink.h>
#include <libavfilter/buffersrc.h>
}

namespace vakspiegel::media {

// ---------------------------------------------------------------- Picture

class Picture::Data {
 public:
  ff::Frame frame;
  std::int64_t ptsUs = 0;
  std::int64_t durationUs = 0;
  bool keyframe = false;
};

Picture::Picture(std::unique_ptr<Data> data) : m_data(std::move(data)) {}
Picture::~Picture() = default;
std::int64_t Picture::ptsUs() const {
  return m_data->ptsUs;
}
std::int64_t Picture::durationUs() const {
  return m_data->durationUs;
}
int Picture::width() const {
  return m_data->frame->width;
}
int Picture::height() const {
  return m_data->frame->height;
}
const std::uint8_t* Picture::plane(int index) const {
  return m_data->frame->data[index];
}
int Picture::stride(int index) const {
  return m_data->frame->linesize[index];
}
bool Picture::isKeyframe() const {
  return m_data->keyframe;
}

namespace {

constexpr std::int64_t kNoTime = std::numeric_limits<std::int64_t>::min();

// Queue bounds. Video packets: a few seconds; the demuxer waits when full.
constexpr std::size_t kMaxVideoPackets = 120;
// Sound packets while paused: beyond this they are dropped (play() starts
// the sound again from the position anyway); while playing the demuxer waits.
constexpr std::size_t kMaxAudioPackets = 400;
constexpr std::size_t kMaxQueuedBytes = 48u << 20;
// Pictures decoded ahead of the shown one.
constexpr std::size_t kMaxAhead = 12;
// Pictures kept behind the shown one (step back): the keyframe interval the
// last seek decoded, within this many bytes.
constexpr std::size_t kMaxBehindBytes = 112u << 20;
// Decoded sound ahead of the output, in output frames (0.5 s).
constexpr std::int64_t kMaxAudioAheadFrames = kPlayerSampleRate / 2;
// A gap in the sound's timestamps longer than this is filled with silence.
constexpr std::int64_t kAudioGapUs = 40'000;
// An audio output that has not pulled sound for this long while playing is
// taken to be gone.
constexpr std::int64_t kAudioStallUs = 3'000'000;
// Where reading fails, playing goes on this far after the last good packet.
constexpr std::int64_t kDamageSkipUs = 1'000'000;

std::int64_t steadyNowUs() {
  return std::chrono::duration_cast<std::chrono::microseconds>(std::chrono::steady_clock::now().time_since_epoch())
      .count();
}

std::string clockText(std::int64_t us) {
  const std::int64_t seconds = std::max<std::int64_t>(0, us) / 1'000'000;
  char text[32];
  std::snprintf(text, sizeof text, "%" PRId64 ":%02" PRId64, seconds / 60, seconds % 60);
  return text;
}

enum class ItemKind { Packet, Flush, End };

struct QueueItem {
  ItemKind kind = ItemKind::Packet;
  std::uint64_t serial = 0;
  ff::Packet packet;  // Packet only
  // Flush: the exact target (pictures and sound before it are not shown),
  // the timestamp the demuxer sought to, and the speed of the sound.
  std::int64_t targetUs = kNoTime;
  std::int64_t seekUs = kNoTime;
  double speed = 1.0;
};

// What the next takePicture() should hand out after a seek or a step.
enum class PendingKind { None, Covering, After, Before };

struct SeekRequest {
  std::int64_t targetUs = 0;  // exact position (kNoTime: the first picture)
  std::int64_t seekUs = 0;    // timestamp for the demuxer (keyframe at or before)
  double speed = 1.0;         // of the sound made from here
};

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

// ---------------------------------------------------------------- Impl

class Player::Impl {
 public:
  Impl(std::unique_ptr<ChunkedFileReader> reader, MediaInput input, PlayerOptions options)
      : m_reader(std::move(reader)), m_input(std::move(input)), m_options(std::move(options)) {
    if (!m_options.monotonicNowUs) m_options.monotonicNowUs = steadyNowUs;
  }
  Impl(const Impl&) = delete;
  Impl& operator=(const Impl&) = delete;
  ~Impl() { stop(); }

  Status setUp();
  void start();
  void stop();

  // Public operations (each takes the lock).
  void play();
  void pause();
  void seek(std::int64_t positionUs);
  void stepForward();
  void stepBackward();
  void setSpeed(double speed);
  void setLoop(std::optional<Range> range);
  void playRange(Range range, AtEnd atEnd);
  void setVolume(float volume);
  void setMuted(bool muted);
  PicturePtr takePicture();
  bool waitForPicture(std::chrono::milliseconds timeout);
  std::int64_t positionUs();
  PlayerState state();
  double speed();
  std::size_t readAudio(std::span<float> out, std::int64_t bufferedUs);
  void setWakeup(std::function<void()> wakeup);
  std::vector<PlaybackIssue> issues();
  PlayerStats stats();

  PlayerInfo info;

 private:
  using Lock = std::unique_lock<std::mutex>;

  // Threads.
  void demuxLoop();
  void videoLoop();
  void audioLoop();
  void performSeek(const SeekRequest& request);
  void receivePictures(AVCodecContext* decoder, AVFrame* frame, std::uint64_t serial, std::int64_t& targetUs,
                       std::int64_t& seekUs, bool& first);
  void addPicture(PicturePtr picture, std::uint64_t serial, bool& first, std::int64_t targetUs, std::int64_t seekUs);
  Result<ff::Frame> toI420(const AVFrame& frame);

  // With the lock held.
  void startSeek(Lock& lock, std::int64_t targetUs, std::int64_t seekUs);
  [[nodiscard]] bool hasQueueSpace() const;
  [[nodiscard]] bool audioActive() const;
  [[nodiscard]] std::int64_t clockUs() const;
  [[nodiscard]] std::int64_t audioMediaUs(std::int64_t frames) const;
  [[nodiscard]] std::int64_t referenceUs() const;
  [[nodiscard]] PicturePtr resolvePending();
  bool tryResolve(Lock& lock);
  void beginStep(Lock& lock, int direction);
  [[nodiscard]] std::size_t aheadCount() const;
  void evictBehind();
  void anchorMonotonic(std::int64_t mediaUs);
  void stopAtFragmentEnd(Lock& lock);
  bool handleBoundary(Lock& lock, std::int64_t clock);
  void clearAudio();
  void addIssue(std::int64_t atUs, Error error);
  void wake();
  [[nodiscard]] std::int64_t clampPosition(std::int64_t us) const;

  // Opened at set-up; used by the threads only.
  std::unique_ptr<ChunkedFileReader> m_reader;  // before m_input: the demuxer reads through it
  MediaInput m_input;
  PlayerOptions m_options;
  int m_videoIndex = -1, m_audioIndex = -1;
  AVRational m_videoTimeBase{1, 1}, m_audioTimeBase{1, 1};
  std::int64_t m_startUs = 0;
  ff::CodecContext m_videoDecoder, m_audioDecoder;
  ff::Scaler m_scaler;                           // video thread: to I420 when the decoder gives another format
  std::unique_ptr<Picture::Data> m_heldPicture;  // video thread: decoded, waiting for the next one's time
  std::thread m_demuxThread, m_videoThread, m_audioThread;

  std::mutex m_mutex;
  std::condition_variable m_demuxCv, m_videoCv, m_audioCv, m_shownCv;
  bool m_quit = false;
  std::uint64_t m_serial = 1;
  std::optional<SeekRequest> m_pendingSeek;
  bool m_demuxEnded = false;

  std::deque<QueueItem> m_videoPackets, m_audioPackets;
  std::size_t m_queuedBytes = 0;

  // Pictures of the current serial in presentation order.
  std::deque<PicturePtr> m_window;
  bool m_videoEnded = false;
  PicturePtr m_shown;
  std::int64_t m_firstPictureUs = kNoTime;  // of the recording, once known
  PendingKind m_pending = PendingKind::None;
  std::int64_t m_pendingUs = 0;
  PicturePtr m_handOut;   // resolved but not yet taken
  int m_queuedSteps = 0;  // steps asked for while a seek was settling (+ forward, - back)
  // The pending seek is a step back out of the cached pictures: it settles
  // with the position on the picture found, as every step does.
  bool m_isStepSeek = false;

  PlayerState m_state = PlayerState::Paused;
  double m_speed = 1.0;
  std::int64_t m_positionUs = 0;  // while paused (and frozen while a seek settles)
  std::optional<Range> m_loop;
  std::optional<Range> m_fragment;
  AtEnd m_fragmentEnd = AtEnd::Pause;

  // Monotonic clock: media time = anchor + (now - wall anchor) * speed.
  std::int64_t m_monoMediaUs = 0, m_monoWallUs = 0;

  // Sound: decoded output frames waiting for the device, interleaved stereo.
  std::deque<float> m_pcm;
  std::int64_t m_audioAnchorUs = 0;  // media time of the first frame this serial
  bool m_audioAnchored = false;      // a first frame arrived
  double m_audioSpeed = 1.0;         // the speed the queued sound was made for
  std::int64_t m_audioConsumed = 0;  // frames handed to the device this serial
  std::int64_t m_audioClockUs = 0;   // media time heard at the last readAudio
  std::int64_t m_audioClockWallUs = 0;
  std::int64_t m_audioBufferedUs = 0;
  std::int64_t m_lastPullWallUs = 0;  // the output's last readAudio() (or the start of playing)
  bool m_audioEnded = false;          // the decoder drained this serial
  bool m_audioFinished = false;       // sound ran out while playing: monotonic from there
  bool m_audioDirty = false;          // packets were dropped while paused
  float m_volume = 1.0F;
  bool m_muted = false;

  std::vector<PlaybackIssue> m_issues;
  PlayerStats m_stats;
  std::mutex m_wakeMutex;
  std::function<void()> m_wakeup;
};

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

void Player::Impl::start() {
  // The first picture: decoders start at the file's beginning, no seek.
  QueueItem flush;
  flush.kind = ItemKind::Flush;
  flush.serial = m_serial;
  flush.speed = m_speed;
  m_videoPackets.push_back(std::move(flush));
  if (m_audioIndex >= 0) {
    QueueItem audioFlush;
    audioFlush.kind = ItemKind::Flush;
    audioFlush.serial = m_serial;
    audioFlush.speed = m_speed;
    audioFlush.targetUs = 0;  // no priming
    m_audioPackets.push_back(std::move(audioFlush));
  }
  m_pending = PendingKind::Covering;
  m_pendingUs = kNoTime;
  m_demuxThread = std::thread([this] { demuxLoop(); });
  m_videoThread = std::thread([this] { videoLoop(); });
  if (m_audioIndex >= 0) m_audioThread = std::thread([this] { audioLoop(); });
}

void Player::Impl::stop() {
  {
    Lock lock(m_mutex);
    m_quit = true;
  }
  m_demuxCv.notify_all();
  m_videoCv.notify_all();
  m_audioCv.notify_all();
  m_shownCv.notify_all();
  for (std::thread* thread : {&m_demuxThread, &m_videoThread, &m_audioThread}) {
    if (thread->joinable()) thread->join();
  }
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

// ---------------------------------------------------------------- video

Result<ff::Frame> Player::Impl::toI420(const AVFrame& frame) {
  ff::Frame copy(av_frame_alloc());
  if (!copy) return fail(ErrorCode::Internal, tr("Out of memory."));
  if (frame.format == AV_PIX_FMT_YUV420P || frame.format == AV_PIX_FMT_YUVJ420P) {
    if (av_frame_ref(copy.get(), &frame) < 0) return fail(ErrorCode::Internal, tr("Out of memory."));
    return copy;
  }
  m_scaler.reset(sws_getCachedContext(m_scaler.release(), frame.width, frame.height,
                                      static_cast<AVPixelFormat>(frame.format), frame.width, frame.height,
                                      AV_PIX_FMT_YUV420P, SWS_BILINEAR, nullptr, nullptr, nullptr));
  if (!m_scaler) return fail(ErrorCode::Unsupported, tr("The pictures of this recording cannot be shown."));
  copy->format = AV_PIX_FMT_YUV420P;
  copy->width = frame.width;
  copy->height = frame.height;
  if (av_frame_get_buffer(copy.get(), 0) < 0) return fail(ErrorCode::Internal, tr("Out of memory."));
  sws_scale(m_scaler.get(), frame.data, frame.linesize, 0, frame.height, copy->data, copy->linesize);
  av_frame_copy_props(copy.get(), &frame);
  return copy;
}

void Player::Impl::videoLoop() {
  ff::Frame frame(av_frame_alloc());
  if (!frame) return;
  AVCodecContext* decoder = m_videoDecoder.get();
  std::uint64_t serial = 0;
  std::int64_t targetUs = kNoTime, seekUs = kNoTime;
  bool first = true;
  bool damaged = false;  // reported the current run of undecodable packets
  while (true) {
    QueueItem item;
    {
      Lock lock(m_mutex);
      m_videoCv.wait(lock, [&] { return m_quit || !m_videoPackets.empty(); });
      if (m_quit) return;
      item = std::move(m_videoPackets.front());
      m_videoPackets.pop_front();
      if (item.packet) m_queuedBytes -= static_cast<std::size_t>(item.packet->size);
      if (item.serial != m_serial) continue;
    }
    m_demuxCv.notify_one();
    switch (item.kind) {
      case ItemKind::Flush:
        avcodec_flush_buffers(decoder);
        m_heldPicture.reset();
        serial = item.serial;
        targetUs = item.targetUs;
        seekUs = item.seekUs;
        first = true;
        damaged = false;
        continue;
      case ItemKind::End: {
        avcodec_send_packet(decoder, nullptr);
        receivePictures(decoder, frame.get(), serial, targetUs, seekUs, first);
        // The last picture keeps its packet's duration.
        if (m_heldPicture)
          addPicture(std::make_shared<const Picture>(std::move(m_heldPicture)), serial, first, targetUs, seekUs);
        avcodec_flush_buffers(decoder);
        {
          Lock lock(m_mutex);
          if (serial == m_serial) m_videoEnded = true;
        }
        m_shownCv.notify_all();
        wake();
        continue;
      }
      case ItemKind::Packet: break;
    }
    const int sent = avcodec_send_packet(decoder, item.packet.get());
    if (sent < 0 && sent != AVERROR(EAGAIN)) {
      if (!damaged) {
        const AVRational timeBase = m_videoTimeBase;
        const std::int64_t at =
            item.packet->pts != AV_NOPTS_VALUE ? ff::toMicroseconds(item.packet->pts, timeBase) - m_startUs : 0;
        Lock lock(m_mutex);
        if (serial == m_serial)
          addIssue(at, Error{ErrorCode::CorruptData,
                             trf("The recording is damaged at {}: that part cannot be played.", clockText(at))});
        damaged = true;
      }
      continue;
    }
    damaged = false;
    receivePictures(decoder, frame.get(), serial, targetUs, seekUs, first);
  }
}

void Player::Impl::receivePictures(AVCodecContext* decoder, AVFrame* frame, std::uint64_t serial,
                                   std::int64_t& targetUs, std::int64_t& seekUs, bool& first) {
  while (avcodec_receive_frame(decoder, frame) >= 0) {
    const std::int64_t timestamp = frame->best_effort_timestamp;
    if (timestamp == AV_NOPTS_VALUE) {
      av_frame_unref(frame);
      continue;
    }
    auto data = std::make_unique<Picture::Data>();
    data->ptsUs = ff::toMicroseconds(timestamp, m_videoTimeBase) - m_startUs;
    const std::int64_t duration = ff::toMicroseconds(frame->pkt_duration, m_videoTimeBase);
    data->durationUs = duration > 0 ? duration : info.frameDurationUs;
    data->keyframe = frame->key_frame != 0;
    auto converted = toI420(*frame);
    av_frame_unref(frame);
    if (!converted) {
      Lock lock(m_mutex);
      if (serial == m_serial && m_issues.empty()) addIssue(data->ptsUs, converted.error());
      continue;
    }
    data->frame = std::move(*converted);
    // A picture lasts until the next one (variable frame rates, frames a
    // source left out): it is handed on once the next one is decoded.
    std::unique_ptr<Picture::Data> previous = std::exchange(m_heldPicture, std::move(data));
    if (previous) {
      const std::int64_t until = m_heldPicture->ptsUs - previous->ptsUs;
      if (until > 0) previous->durationUs = until;
      addPicture(std::make_shared<const Picture>(std::move(previous)), serial, first, targetUs, seekUs);
    }
  }
}

void Player::Impl::addPicture(PicturePtr picture, std::uint64_t serial, bool& first, std::int64_t targetUs,
                              std::int64_t seekUs) {
  {
    Lock lock(m_mutex);
    if (serial != m_serial) return;
    const std::int64_t pts = picture->ptsUs();
    if (first) {
      first = false;
      if (targetUs == kNoTime && m_firstPictureUs == kNoTime) m_firstPictureUs = pts;
      // Landed after the target (the demuxer's keyframe was too late, e.g.
      // B-frames reordered around it): seek half a second earlier. Also
      // when the very first picture has not been decoded yet (a seek right
      // after opening): then the recording's start, 0, bounds the retries.
      const std::int64_t firstUs = m_firstPictureUs != kNoTime ? m_firstPictureUs : 0;
      const bool overshot =
          targetUs != kNoTime && pts > targetUs && pts > firstUs && seekUs != kNoTime && seekUs > firstUs - 1'000'000;
      if (overshot) {
        const bool isStepSeek = m_isStepSeek;  // the same request, tried again
        startSeek(lock, targetUs, std::min(seekUs, pts) - 500'000);
        m_isStepSeek = isStepSeek;
        return;
      }
    }
    auto at = std::upper_bound(m_window.begin(), m_window.end(), pts,
                               [](std::int64_t value, const PicturePtr& p) { return value < p->ptsUs(); });
    if (at != m_window.begin() && (*std::prev(at))->ptsUs() == pts) return;  // a duplicate timestamp
    m_window.insert(at, std::move(picture));
    evictBehind();
  }
  m_shownCv.notify_all();
  wake();
  Lock lock(m_mutex);
  m_videoCv.wait(lock, [&] { return m_quit || serial != m_serial || aheadCount() < kMaxAhead; });
}

std::int64_t Player::Impl::referenceUs() const {
  if (m_pending == PendingKind::Covering) return m_pendingUs == kNoTime ? kNoTime : m_pendingUs;
  if (m_pending != PendingKind::None) return m_pendingUs;
  if (m_shown) return m_shown->ptsUs();
  return kNoTime;
}

std::size_t Player::Impl::aheadCount() const {
  const std::int64_t reference = referenceUs();
  // Waiting for the picture of a seek: keep decoding until it is there.
  if (m_pending == PendingKind::Covering || m_pending == PendingKind::After) {
    if (reference == kNoTime) return m_window.empty() ? 0 : m_window.size() - 1;
    const auto after =
        std::count_if(m_window.begin(), m_window.end(), [&](const PicturePtr& p) { return p->ptsUs() > reference; });
    return after == 0 ? 0 : static_cast<std::size_t>(after) - 1;
  }
  return static_cast<std::size_t>(
      std::count_if(m_window.begin(), m_window.end(), [&](const PicturePtr& p) { return p->ptsUs() > reference; }));
}

void Player::Impl::evictBehind() {
  const std::int64_t reference = referenceUs();
  if (reference == kNoTime) return;
  // While playing only the shown picture's keyframe interval is kept; in
  // any case no more than kMaxBehindBytes.
  std::int64_t intervalStart = kNoTime;
  if (m_state == PlayerState::Playing) {
    for (const PicturePtr& p : m_window) {
      if (p->ptsUs() > reference) break;
      if (p->isKeyframe()) intervalStart = p->ptsUs();
    }
  }
  std::size_t behindBytes = 0;
  for (const PicturePtr& p : m_window) {
    if (p->ptsUs() >= reference) break;
    behindBytes += static_cast<std::size_t>(p->stride(0)) * static_cast<std::size_t>(p->height()) * 3 / 2;
  }
  while (!m_window.empty() && m_window.front()->ptsUs() < reference) {
    const PicturePtr& front = m_window.front();
    const bool beforeInterval = intervalStart != kNoTime && front->ptsUs() < intervalStart;
    if (!beforeInterval && behindBytes <= kMaxBehindBytes) break;
    // Never the shown picture itself (it may be behind a pending target).
    if (front == m_shown && !beforeInterval) break;
    behindBytes -= static_cast<std::size_t>(front->stride(0)) * static_cast<std::size_t>(front->height()) * 3 / 2;
    m_window.pop_front();
  }
}

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

// ---------------------------------------------------------------- control

bool Player::Impl::audioActive() const {
  return m_audioIndex >= 0 && !m_audioFinished;
}

std::int64_t Player::Impl::clampPosition(std::int64_t us) const {
  us = std::max<std::int64_t>(us, 0);
  if (info.durationUs > 0) us = std::min(us, info.durationUs);
  return us;
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

void Player::Impl::startSeek(Lock& lock, std::int64_t targetUs, std::int64_t seekUs) {
  (void)lock;
  ++m_serial;
  ++m_stats.seeks;
  m_isStepSeek = false;
  m_pendingSeek = SeekRequest{targetUs, seekUs, m_speed};
  for (auto* queue : {&m_videoPackets, &m_audioPackets}) queue->clear();
  m_queuedBytes = 0;
  m_window.clear();
  m_videoEnded = false;
  m_demuxEnded = false;
  m_handOut.reset();
  m_pending = PendingKind::Covering;
  m_pendingUs = targetUs;
  m_positionUs = targetUs;
  clearAudio();
  m_audioAnchorUs = targetUs;
  m_audioClockUs = targetUs;
  m_audioClockWallUs = m_options.monotonicNowUs();
  m_demuxCv.notify_all();
  m_videoCv.notify_all();
  m_audioCv.notify_all();
}

void Player::Impl::anchorMonotonic(std::int64_t mediaUs) {
  m_monoMediaUs = mediaUs;
  m_monoWallUs = m_options.monotonicNowUs();
}

std::int64_t Player::Impl::audioMediaUs(std::int64_t frames) const {
  return m_audioAnchorUs +
         static_cast<std::int64_t>(std::llround(static_cast<double>(frames) * m_audioSpeed * 1e6 / kPlayerSampleRate));
}

std::int64_t Player::Impl::clockUs() const {
  if (m_state != PlayerState::Playing || m_pending != PendingKind::None) return m_positionUs;
  if (audioActive()) {
    // What is heard: the sound handed out minus what the device still
    // holds, moving on with the wall clock between two pulls.
    const std::int64_t handedOut = audioMediaUs(m_audioConsumed);
    const std::int64_t since = m_options.monotonicNowUs() - m_audioClockWallUs;
    return std::min(handedOut, m_audioClockUs + static_cast<std::int64_t>(static_cast<double>(since) * m_speed));
  }
  return m_monoMediaUs +
         static_cast<std::int64_t>(static_cast<double>(m_options.monotonicNowUs() - m_monoWallUs) * m_speed);
}

PicturePtr Player::Impl::resolvePending() {
  if (m_window.empty()) return m_videoEnded ? m_shown : nullptr;
  switch (m_pending) {
    case PendingKind::None: return nullptr;
    case PendingKind::Covering: {
      if (m_pendingUs == kNoTime) return m_window.front();
      auto after = std::upper_bound(m_window.begin(), m_window.end(), m_pendingUs,
                                    [](std::int64_t value, const PicturePtr& p) { return value < p->ptsUs(); });
      if (after == m_window.begin()) {
        // Everything decoded lies after the target: the target is before
        // the first picture (or in a gap the decoder skipped).
        return m_window.front();
      }
      const PicturePtr& candidate = *std::prev(after);
      if (after != m_window.end() || m_videoEnded || candidate->ptsUs() + candidate->durationUs() > m_pendingUs)
        return candidate;
      return nullptr;
    }
    case PendingKind::After: {
      auto after = std::upper_bound(m_window.begin(), m_window.end(), m_pendingUs,
                                    [](std::int64_t value, const PicturePtr& p) { return value < p->ptsUs(); });
      if (after != m_window.end()) return *after;
      return m_videoEnded ? m_shown : nullptr;
    }
    case PendingKind::Before: {
      auto at = std::lower_bound(m_window.begin(), m_window.end(), m_pendingUs,
                                 [](const PicturePtr& p, std::int64_t value) { return p->ptsUs() < value; });
      return at != m_window.begin() ? *std::prev(at) : nullptr;
    }
  }
  return nullptr;
}

// Settles a pending seek or step if its picture is there: m_shown becomes
// it and m_handOut holds it for takePicture(). Steps queued meanwhile are
// applied on top. False while it still waits for decoding.
bool Player::Impl::tryResolve(Lock& lock) {
  while (m_pending != PendingKind::None) {
    PicturePtr picture = resolvePending();
    if (!picture && !(m_window.empty() && m_videoEnded)) return false;
    const bool afterSeek = m_pending == PendingKind::Covering;
    m_pending = PendingKind::None;
    if (picture && (!afterSeek || m_isStepSeek)) m_positionUs = picture->ptsUs();
    m_isStepSeek = false;
    m_positionUs = clampPosition(m_positionUs);
    if (m_state == PlayerState::Playing) anchorMonotonic(m_positionUs);
    m_audioClockWallUs = m_lastPullWallUs = m_options.monotonicNowUs();
    if (picture && picture != m_shown) {
      m_shown = picture;
      m_handOut = picture;
    }
    m_videoCv.notify_all();
    if (m_queuedSteps != 0) {
      const int direction = m_queuedSteps > 0 ? 1 : -1;
      m_queuedSteps -= direction;
      beginStep(lock, direction);
    }
  }
  return true;
}

PicturePtr Player::Impl::takePicture() {
  PicturePtr picture;
  bool changed = false;
  {
    Lock lock(m_mutex);
    if (m_pending != PendingKind::None) changed = tryResolve(lock);
    if (m_handOut) {
      picture = std::move(m_handOut);
      m_handOut.reset();
    } else if (m_state == PlayerState::Playing && m_pending == PendingKind::None) {
      if (audioActive() && m_options.monotonicNowUs() - m_lastPullWallUs > kAudioStallUs) {
        // The output stopped pulling sound (a device that failed or went
        // away): the pictures go on with the monotonic clock, silently.
        const std::int64_t heard = clockUs();
        m_audioFinished = true;
        anchorMonotonic(heard);
        addIssue(heard, Error{ErrorCode::Io, tr("The sound output stopped; the recording plays on without sound.")});
      }
      const std::int64_t clock = clockUs();
      if (handleBoundary(lock, clock)) {
        changed = true;
      } else {
        auto after = std::upper_bound(m_window.begin(), m_window.end(), clock,
                                      [](std::int64_t value, const PicturePtr& p) { return value < p->ptsUs(); });
        if (after != m_window.begin()) {
          const PicturePtr& due = *std::prev(after);
          if (!m_shown || due->ptsUs() > m_shown->ptsUs()) {
            const std::int64_t from = m_shown ? m_shown->ptsUs() : kNoTime;
            m_stats.picturesDropped += std::count_if(m_window.begin(), std::prev(after),
                                                     [&](const PicturePtr& p) { return p->ptsUs() > from; });
            m_shown = due;
            picture = due;
            evictBehind();
          }
        }
        if (!picture && m_videoEnded && m_shown && after == m_window.end() &&
            clock >= m_shown->ptsUs() + m_shown->durationUs()) {
          m_state = PlayerState::Ended;
          m_positionUs = clampPosition(std::max(clock, m_shown->ptsUs()));
          changed = true;
        }
      }
    }
    if (picture) ++m_stats.picturesShown;
  }
  if (picture || changed) {
    m_videoCv.notify_all();
    m_shownCv.notify_all();
  }
  return picture;
}

// Loop and fragment ends, for the clock now. True when it changed course.
bool Player::Impl::handleBoundary(Lock& lock, std::int64_t clock) {
  if (m_loop && clock >= m_loop->toUs) {
    startSeek(lock, m_loop->fromUs, m_loop->fromUs);
    return true;
  }
  if (m_fragment && clock >= m_fragment->toUs) {
    stopAtFragmentEnd(lock);
    return true;
  }
  return false;
}

void Player::Impl::stopAtFragmentEnd(Lock& lock) {
  const Range range = *m_fragment;
  m_fragment.reset();
  m_state = PlayerState::Paused;
  if (m_fragmentEnd == AtEnd::Rewind) {
    startSeek(lock, range.fromUs, range.fromUs);
  } else {
    // The last picture inside the fragment.
    m_positionUs = clampPosition(range.toUs - 1);
    m_pending = PendingKind::Covering;
    m_pendingUs = m_positionUs;
  }
}

bool Player::Impl::waitForPicture(std::chrono::milliseconds timeout) {
  Lock lock(m_mutex);
  return m_shownCv.wait_for(lock, timeout, [&] { return m_quit || tryResolve(lock); });
}

void Player::Impl::play() {
  Lock lock(m_mutex);
  if (m_state == PlayerState::Playing) return;
  if (m_state == PlayerState::Ended) {
    m_state = PlayerState::Playing;
    startSeek(lock, 0, 0);
    return;
  }
  m_state = PlayerState::Playing;
  if (m_audioIndex >= 0) {
    // The sound must start exactly at the position: unless what is queued
    // was made for it (right after a seek, same speed), seek there again.
    m_audioFinished = false;
    const bool aligned = !m_audioDirty && m_audioConsumed == 0 && m_audioSpeed == m_speed &&
                         m_pending == PendingKind::None && m_audioAnchorUs == m_positionUs && !m_audioEnded;
    // A seek still under way whose sound is being made for another speed
    // (the speed changed while paused, before its picture came) restarts
    // too: else the sound, and the clock with it, keeps the old speed.
    const bool seekAtOldSpeed = m_pending == PendingKind::Covering && m_audioSpeed != m_speed;
    if (!aligned && (m_pending == PendingKind::None || seekAtOldSpeed)) {
      // The shown picture stays; the pipeline restarts under it.
      startSeek(lock, m_positionUs, m_positionUs);
      return;
    }
    m_audioClockUs = m_positionUs;
    m_audioClockWallUs = m_lastPullWallUs = m_options.monotonicNowUs();
  }
  anchorMonotonic(m_positionUs);
  lock.unlock();
  m_videoCv.notify_all();
}

void Player::Impl::pause() {
  Lock lock(m_mutex);
  if (m_state != PlayerState::Playing) return;
  m_positionUs = clampPosition(clockUs());
  m_state = PlayerState::Paused;
  m_fragment.reset();
}

void Player::Impl::seek(std::int64_t positionUs) {
  Lock lock(m_mutex);
  if (m_state == PlayerState::Ended) m_state = PlayerState::Paused;
  const std::int64_t target = clampPosition(positionUs);
  m_queuedSteps = 0;
  startSeek(lock, target, target);
}

// One picture forward (+1) or back (-1) from the shown one.
void Player::Impl::beginStep(Lock& lock, int direction) {
  if (!m_shown) return;
  const std::int64_t from = m_shown->ptsUs();
  if (direction > 0) {
    m_pending = PendingKind::After;
    m_pendingUs = from;
    return;
  }
  if (!m_window.empty() && m_window.front()->ptsUs() < from) {
    m_pending = PendingKind::Before;  // cached: no decoding
    m_pendingUs = from;
    return;
  }
  if (m_firstPictureUs != kNoTime && from <= m_firstPictureUs) return;  // at the first picture
  // Not cached: an exact seek to just before it decodes that keyframe
  // interval (and keeps it for the next steps back).
  const std::int64_t target = std::max<std::int64_t>(0, from - 1);
  startSeek(lock, target, target);
  m_isStepSeek = true;
}

void Player::Impl::stepForward() {
  Lock lock(m_mutex);
  if (m_state == PlayerState::Playing) m_positionUs = clampPosition(clockUs());
  m_state = PlayerState::Paused;
  m_fragment.reset();
  if (m_pending != PendingKind::None && !tryResolve(lock)) {
    ++m_queuedSteps;
    return;
  }
  beginStep(lock, 1);
  m_shownCv.notify_all();
}

void Player::Impl::stepBackward() {
  Lock lock(m_mutex);
  if (m_state == PlayerState::Playing) m_positionUs = clampPosition(clockUs());
  m_state = PlayerState::Paused;
  m_fragment.reset();
  if (m_pending != PendingKind::None && !tryResolve(lock)) {
    --m_queuedSteps;
    return;
  }
  beginStep(lock, -1);
  m_shownCv.notify_all();
}

void Player::Impl::setSpeed(double speed) {
  speed = std::clamp(speed, 0.25, 2.0);
  Lock lock(m_mutex);
  if (speed == m_speed) return;
  const std::int64_t now = clampPosition(clockUs());
  m_speed = speed;
  if (m_state != PlayerState::Playing) return;  // play() starts the sound at the new speed
  if (m_audioIndex >= 0) {
    startSeek(lock, now, now);  // the sound's filter starts again at the new speed
  } else {
    anchorMonotonic(now);
  }
}

void Player::Impl::setLoop(std::optional<Range> range) {
  Lock lock(m_mutex);
  if (range && range->toUs <= range->fromUs) range.reset();
  m_loop = range;
}

void Player::Impl::playRange(Range range, AtEnd atEnd) {
  Lock lock(m_mutex);
  range.fromUs = clampPosition(range.fromUs);
  range.toUs = clampPosition(range.toUs);
  if (range.toUs <= range.fromUs) return;
  m_fragment = range;
  m_fragmentEnd = atEnd;
  m_queuedSteps = 0;
  m_state = PlayerState::Playing;
  startSeek(lock, range.fromUs, range.fromUs);
}

void Player::Impl::setVolume(float volume) {
  Lock lock(m_mutex);
  m_volume = std::clamp(volume, 0.0F, 1.0F);
}

void Player::Impl::setMuted(bool muted) {
  Lock lock(m_mutex);
  m_muted = muted;
}

std::int64_t Player::Impl::positionUs() {
  Lock lock(m_mutex);
  return clampPosition(clockUs());
}

PlayerState Player::Impl::state() {
  Lock lock(m_mutex);
  return m_state;
}

double Player::Impl::speed() {
  Lock lock(m_mutex);
  return m_speed;
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

void Player::Impl::addIssue(std::int64_t atUs, Error error) {
  m_issues.push_back(PlaybackIssue{atUs, std::move(error)});
}

void Player::Impl::wake() {
  std::function<void()> wakeup;
  {
    std::lock_guard<std::mutex> guard(m_wakeMutex);
    wakeup = m_wakeup;
  }
  if (wakeup) wakeup();
}

void Player::Impl::setWakeup(std::function<void()> wakeup) {
  std::lock_guard<std::mutex> guard(m_wakeMutex);
  m_wakeup = std::move(wakeup);
}

std::vector<PlaybackIssue> Player::Impl::issues() {
  Lock lock(m_mutex);
  return m_issues;
}

PlayerStats Player::Impl::stats() {
  Lock lock(m_mutex);
  return m_stats;
}

// ---------------------------------------------------------------- Player

namespace {
Result<std::unique_ptr<Player::Impl>> makeImpl(std::unique_ptr<ChunkedFileReader> reader, MediaInput input,
                                               PlayerOptions options) {
  auto impl = std::make_unique<Player::Impl>(std::move(reader), std::move(input), std::move(options));
  VS_TRY(impl->setUp());
  impl->start();
  return impl;
}
}  // namespace

Result<std::unique_ptr<Player>> Player::open(std::unique_ptr<ChunkedFileReader> reader, PlayerOptions options) {
  ff::configureLogging();
  if (!reader) return fail(ErrorCode::InvalidArgument, tr("No recording to play."));
  MediaInput input = VS_TRY(MediaInput::openContainer(*reader, "mp4"));
  auto impl = VS_TRY(makeImpl(std::move(reader), std::move(input), std::move(options)));
  return std::unique_ptr<Player>(new Player(std::move(impl)));
}

Result<std::unique_ptr<Player>> Player::openFile(const std::filesystem::path& path, PlayerOptions options) {
  ff::configureLogging();
  MediaInput input = VS_TRY(MediaInput::openFile(path));
  auto impl = VS_TRY(makeImpl(nullptr, std::move(input), std::move(options)));
  return std::unique_ptr<Player>(new Player(std::move(impl)));
}

Player::Player(std::unique_ptr<Impl> impl) : m_impl(std::move(impl)) {}
Player::~Player() = default;
const PlayerInfo& Player::info() const {
  return m_impl->info;
}
void Player::play() {
  m_impl->play();
}
void Player::pause() {
  m_impl->pause();
}
void Player::seek(std::int64_t positionUs) {
  m_impl->seek(positionUs);
}
void Player::stepForward() {
  m_impl->stepForward();
}
void Player::stepBackward() {
  m_impl->stepBackward();
}
void Player::setSpeed(double speed) {
  m_impl->setSpeed(speed);
}
void Player::setLoop(std::optional<Range> range) {
  m_impl->setLoop(range);
}
void Player::playRange(Range range, AtEnd atEnd) {
  m_impl->playRange(range, atEnd);
}
void Player::setVolume(float volume) {
  m_impl->setVolume(volume);
}
void Player::setMuted(bool muted) {
  m_impl->setMuted(muted);
}
PicturePtr Player::takePicture() {
  return m_impl->takePicture();
}
bool Player::waitForPicture(std::chrono::milliseconds timeout) {
  return m_impl->waitForPicture(timeout);
}
std::int64_t Player::positionUs() const {
  return m_impl->positionUs();
}
PlayerState Player::state() const {
  return m_impl->state();
}
double Player::speed() const {
  return m_impl->speed();
}
std::size_t Player::readAudio(std::span<float> out, std::int64_t bufferedUs) {
  return m_impl->readAudio(out, bufferedUs);
}
void Player::setWakeup(std::function<void()> wakeup) {
  m_impl->setWakeup(std::move(wakeup));
}
std::vector<PlaybackIssue> Player::issues() const {
  return m_impl->issues();
}
PlayerStats Player::stats() const {
  return m_impl->stats();
}

}  // namespace vakspiegel::media
