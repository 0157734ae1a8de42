// The playback engine (see player.h): start and stop, the transport's state
// machine (seek, step, loop, fragment), the clock and the public methods.
#include "media/player.h"

#include <algorithm>
#include <iterator>
#include <utility>

#include "core/i18n.h"
#include "media/internal/player_impl.h"

namespace vakspiegel::media {
namespace {

// An audio output that has not pulled sound for this long while playing is
// taken to be gone.
constexpr std::int64_t kAudioStallUs = 3'000'000;

}  // namespace

std::int64_t steadyNowUs() {
  return std::chrono::duration_cast<std::chrono::microseconds>(std::chrono::steady_clock::now().time_since_epoch())
      .count();
}

// ---------------------------------------------------------------- start, stop

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

// ---------------------------------------------------------------- control

bool Player::Impl::audioActive() const {
  return m_audioIndex >= 0 && !m_audioFinished;
}

std::int64_t Player::Impl::clampPosition(std::int64_t us) const {
  us = std::max<std::int64_t>(us, 0);
  if (info.durationUs > 0) us = std::min(us, info.durationUs);
  return us;
}

void Player::Impl::startSeek(Lock& lock, std::int64_t targetUs, std::int64_t seekUs) {
  (void)lock;
  ++m_serial;
  ++m_stats.seeks;
  m_isStepSeek = false;
  m_isKeyframeSeek = false;
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

// Settles a pending seek or step if its picture is there: m_shown becomes
// it and m_handOut holds it for takePicture(). Steps queued meanwhile are
// applied on top. False while it still waits for decoding.
bool Player::Impl::tryResolve(Lock& lock) {
  while (m_pending != PendingKind::None) {
    PicturePtr picture = resolvePending();
    if (!picture && !(m_window.empty() && m_videoEnded)) return false;
    const bool afterSeek = m_pending == PendingKind::Covering;
    m_pending = PendingKind::None;
    if (picture && (!afterSeek || m_isStepSeek || m_isKeyframeSeek)) m_positionUs = picture->ptsUs();
    m_isStepSeek = false;
    m_isKeyframeSeek = false;
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

void Player::Impl::seek(std::int64_t positionUs, bool toKeyframe) {
  Lock lock(m_mutex);
  if (m_state == PlayerState::Ended) m_state = PlayerState::Paused;
  const std::int64_t target = clampPosition(positionUs);
  m_queuedSteps = 0;
  startSeek(lock, target, target);
  m_isKeyframeSeek = toKeyframe;
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
void Player::seekKeyframe(std::int64_t positionUs) {
  m_impl->seek(positionUs, true);
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
