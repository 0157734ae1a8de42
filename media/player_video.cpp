// The playback engine's pictures: the video thread (decode, to I420), the
// window of decoded pictures around the shown one, and stepping through it.
#include "media/internal/player_impl.h"

#include <algorithm>
#include <iterator>
#include <utility>

#include "core/i18n.h"

namespace vakspiegel::media {

// ---------------------------------------------------------------- Picture

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

// Pictures decoded ahead of the shown one.
constexpr std::size_t kMaxAhead = 12;
// Pictures kept behind the shown one (step back): the keyframe interval the
// last seek decoded, within this many bytes.
constexpr std::size_t kMaxBehindBytes = 112u << 20;

}  // namespace

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
        const bool isStepSeek = m_isStepSeek, isKeyframeSeek = m_isKeyframeSeek;  // the same request, tried again
        startSeek(lock, targetUs, std::min(seekUs, pts) - 500'000);
        m_isStepSeek = isStepSeek;
        m_isKeyframeSeek = isKeyframeSeek;
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

PicturePtr Player::Impl::resolvePending() {
  if (m_window.empty()) return m_videoEnded ? m_shown : nullptr;
  switch (m_pending) {
    case PendingKind::None: return nullptr;
    case PendingKind::Covering: {
      if (m_pendingUs == kNoTime || m_isKeyframeSeek) return m_window.front();
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

// ---------------------------------------------------------------- stepping

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

}  // namespace vakspiegel::media
