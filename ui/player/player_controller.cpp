#include "player/player_controller.h"

#include <QAudioDevice>
#include <QAudioFormat>
#include <QAudioSink>
#include <QElapsedTimer>
#include <QIODevice>
#include <QMediaDevices>
#include <QMetaObject>
#include <QVideoSink>

#include <algorithm>
#include <cstring>
#include <span>
#include <utility>
#include <vector>

#include "app/playback_service.h"
#include "common/qt_conversions.h"

namespace vakspiegel::ui {

namespace {

// While playing, pictures are taken this often: well under a frame period at
// 2x speed of 60 fps, so a picture is never shown more than a few ms late.
constexpr int kPlayPollMs = 4;
// While playing, positionChanged follows the pictures; without a new picture
// (a still stretch) it still moves at least this often.
constexpr qint64 kPositionRefreshMs = 40;

constexpr qsizetype kBytesPerFrame = sizeof(float) * media::kPlayerChannels;

QAudioFormat playerAudioFormat() {
  QAudioFormat format;
  format.setSampleRate(media::kPlayerSampleRate);
  format.setChannelCount(media::kPlayerChannels);
  format.setChannelConfig(QAudioFormat::ChannelConfigStereo);
  format.setSampleFormat(QAudioFormat::Float);
  return format;
}

PlayerController::State toState(media::PlayerState state) {
  switch (state) {
    case media::PlayerState::Paused: return PlayerController::State::Paused;
    case media::PlayerState::Playing: return PlayerController::State::Playing;
    case media::PlayerState::Ended: return PlayerController::State::Ended;
  }
  return PlayerController::State::Unknown;
}

}  // namespace

// What the QAudioSink pulls from (pull mode): the engine's sound, told how
// much the device still holds so its clock follows what is heard.
class AudioFeed : public QIODevice {
 public:
  AudioFeed(media::Player& player, const QAudioSink& sink) : m_player(player), m_sink(sink) {
    open(QIODevice::ReadOnly);
  }
  [[nodiscard]] bool isSequential() const override { return true; }
  [[nodiscard]] qint64 bytesAvailable() const override {
    // The engine always has sound (silence while paused or seeking).
    return std::max<qint64>(QIODevice::bytesAvailable(), media::kPlayerSampleRate * kBytesPerFrame);
  }

 protected:
  qint64 readData(char* data, qint64 maxSize) override {
    const qint64 frames = maxSize / kBytesPerFrame;
    if (frames <= 0) return 0;
    m_samples.resize(static_cast<std::size_t>(frames) * media::kPlayerChannels);
    const qint64 heldBytes = std::max<qint64>(m_sink.bufferSize() - m_sink.bytesFree(), 0);
    const std::int64_t bufferedUs = heldBytes / kBytesPerFrame * 1'000'000 / media::kPlayerSampleRate;
    const std::size_t written = m_player.readAudio(m_samples, bufferedUs);
    const qint64 bytes = static_cast<qint64>(written) * kBytesPerFrame;
    std::memcpy(data, m_samples.data(), static_cast<std::size_t>(bytes));
    return bytes;
  }
  qint64 writeData(const char*, qint64) override { return -1; }

 private:
  media::Player& m_player;
  const QAudioSink& m_sink;
  std::vector<float> m_samples;
};

PlayerController::PlayerController(AudioChoice audio, QObject* parent) : QObject(parent), m_audioChoice(audio) {
  m_playTimer.setTimerType(Qt::PreciseTimer);
  m_playTimer.setInterval(kPlayPollMs);
  connect(&m_playTimer, &QTimer::timeout, this, &PlayerController::poll);
}

PlayerController::~PlayerController() {
  close();
}

bool PlayerController::hasAudioDevice() {
  return !QMediaDevices::audioOutputs().isEmpty();
}

bool PlayerController::isAudioWanted() const {
  if (m_audioChoice == AudioChoice::Never || !hasAudioDevice()) return false;
  return QMediaDevices::defaultAudioOutput().isFormatSupported(playerAudioFormat());
}

media::PlayerOptions PlayerController::playerOptions(bool withAudio) const {
  media::PlayerOptions options;
  options.audioOutput = withAudio;
  return options;
}

Status PlayerController::open(std::unique_ptr<ChunkedFileReader> reader) {
  close();
  const bool audio = isAudioWanted();
  return adopt(media::Player::open(std::move(reader), playerOptions(audio)), audio);
}

Status PlayerController::openFile(const std::filesystem::path& path) {
  close();
  const bool audio = isAudioWanted();
  return adopt(media::Player::openFile(path, playerOptions(audio)), audio);
}

Status PlayerController::adopt(Result<std::unique_ptr<media::Player>> opened, bool withAudio) {
  if (!opened) return fail(opened.error());
  m_player = std::move(*opened);
  m_player->setVolume(static_cast<float>(m_volume));
  m_player->setMuted(m_isMuted);
  m_player->setWakeup([this] { wake(); });
  if (withAudio && m_player->info().hasAudio) attachAudio();
  m_sinceOpen.start();
  emit durationChanged(durationMs());
  emit speedChanged(speed());
  emit loopChanged();
  poll();
  return {};
}

void PlayerController::attachAudio() {
  m_audioSink = std::make_unique<QAudioSink>(QMediaDevices::defaultAudioOutput(), playerAudioFormat());
  // About 100 ms of sound in the device: short enough that pause and seek are
  // heard at once, long enough not to run dry when the UI thread is busy.
  m_audioSink->setBufferSize(media::kPlayerSampleRate / 10 * kBytesPerFrame);
  m_audioFeed = std::make_unique<AudioFeed>(*m_player, *m_audioSink);
  connect(m_audioSink.get(), &QAudioSink::stateChanged, this, [this, isReported = false](QAudio::State) mutable {
    const QAudio::Error error = m_audioSink ? m_audioSink->error() : QAudio::NoError;
    if (error == QAudio::NoError || error == QAudio::UnderrunError || isReported) return;
    isReported = true;
    emit issueReported(
        tr("The sound could not be played (the audio device reported an error). The picture goes "
           "on without sound."));
  });
  m_audioSink->start(m_audioFeed.get());
}

void PlayerController::close() {
  m_playTimer.stop();
  if (m_player) m_player->setWakeup({});
  if (m_audioSink) m_audioSink->stop();  // no more readData calls into the engine
  m_audioSink.reset();
  m_audioFeed.reset();
  const bool wasOpen = m_player != nullptr;
  m_player.reset();  // joins the engine's threads
  m_hasShownPicture = false;
  m_shownPtsUs = m_shownDurationUs = 0;
  m_reportedPositionMs = -1;
  m_reportedIssues = 0;
  m_loopStartUs.reset();
  m_loopEndUs.reset();
  if (m_videoSink) m_videoSink->setVideoFrame(QVideoFrame());
  if (m_state != State::Unknown) {
    m_state = State::Unknown;
    emit stateChanged(m_state);
  }
  if (wasOpen) {
    emit durationChanged(0);
    emit positionChanged(0);
    emit loopChanged();
  }
}

void PlayerController::setVideoSink(QVideoSink* sink) {
  m_videoSink = sink;
  m_hasShownPicture = false;  // the next picture goes to the new sink
}

qint64 PlayerController::positionMs() const {
  return usToMs(positionUs());
}
std::int64_t PlayerController::positionUs() const {
  return m_player ? m_player->positionUs() : 0;
}
qint64 PlayerController::durationMs() const {
  return m_player ? usToMs(m_player->info().durationUs) : 0;
}
qint64 PlayerController::frameDurationMs() const {
  return m_player ? usToMs(m_player->info().frameDurationUs) : 0;
}
double PlayerController::speed() const {
  return m_player ? m_player->speed() : 1.0;
}

std::optional<qint64> PlayerController::loopStartMs() const {
  return m_loopStartUs ? std::optional<qint64>(usToMs(*m_loopStartUs)) : std::nullopt;
}
std::optional<qint64> PlayerController::loopEndMs() const {
  return m_loopEndUs ? std::optional<qint64>(usToMs(*m_loopEndUs)) : std::nullopt;
}

void PlayerController::play() {
  if (!m_player) return;
  m_player->play();
  poll();
}

void PlayerController::pause() {
  if (!m_player) return;
  m_player->pause();
  poll();
}

void PlayerController::togglePlay() {
  if (m_state == State::Playing)
    pause();
  else
    play();
}

void PlayerController::seek(qint64 positionMs) {
  if (!m_player) return;
  m_player->seek(msToUs(std::clamp<qint64>(positionMs, 0, durationMs())));
  poll();
}

void PlayerController::seekKeyframe(qint64 positionMs) {
  if (!m_player) return;
  m_player->seekKeyframe(msToUs(std::clamp<qint64>(positionMs, 0, durationMs())));
  poll();
}

void PlayerController::stepForward() {
  if (!m_player) return;
  m_player->stepForward();
  poll();
}

void PlayerController::stepBackward() {
  if (!m_player) return;
  m_player->stepBackward();
  poll();
}

void PlayerController::setSpeed(double speed) {
  if (!m_player) return;
  const double before = m_player->speed();
  m_player->setSpeed(speed);
  if (m_player->speed() != before) emit speedChanged(m_player->speed());
}

void PlayerController::setLoopStart() {
  if (!m_player) return;
  m_loopStartUs = m_hasShownPicture ? m_shownPtsUs : m_player->positionUs();
  if (m_loopEndUs && *m_loopEndUs <= *m_loopStartUs) {
    // A after B: the old B becomes the start, this picture's end the end.
    m_loopEndUs = m_hasShownPicture ? m_shownPtsUs + m_shownDurationUs : *m_loopStartUs;
    m_loopStartUs = std::min(*m_loopStartUs, *m_loopEndUs);
  }
  applyLoop();
}

void PlayerController::setLoopEnd() {
  if (!m_player) return;
  const std::int64_t end = m_hasShownPicture ? m_shownPtsUs + m_shownDurationUs : m_player->positionUs();
  const std::int64_t start = m_hasShownPicture ? m_shownPtsUs : end;
  if (m_loopStartUs && end <= *m_loopStartUs) {
    // B before A: the loop runs from this picture to the end of the old A's.
    m_loopEndUs = *m_loopStartUs + (m_player->info().frameDurationUs > 0 ? m_player->info().frameDurationUs : 1);
    m_loopStartUs = start;
  } else {
    m_loopEndUs = end;
  }
  applyLoop();
}

void PlayerController::setLoop(qint64 fromMs, qint64 toMs) {
  if (!m_player) return;
  m_loopStartUs = msToUs(std::min(fromMs, toMs));
  m_loopEndUs = msToUs(std::max(fromMs, toMs));
  applyLoop();
}

void PlayerController::clearLoop() {
  m_loopStartUs.reset();
  m_loopEndUs.reset();
  applyLoop();
}

void PlayerController::setLoopEnabled(bool isEnabled) {
  if (isEnabled == m_isLoopEnabled) return;
  m_isLoopEnabled = isEnabled;
  applyLoop();
}

void PlayerController::applyLoop() {
  if (m_player) {
    if (m_isLoopEnabled && m_loopStartUs && m_loopEndUs && *m_loopStartUs < *m_loopEndUs)
      m_player->setLoop(media::Player::Range{*m_loopStartUs, *m_loopEndUs});
    else
      m_player->setLoop(std::nullopt);
  }
  emit loopChanged();
}

void PlayerController::setVolume(double volume) {
  volume = std::clamp(volume, 0.0, 1.0);
  if (volume == m_volume) return;
  m_volume = volume;
  if (m_player) m_player->setVolume(static_cast<float>(volume));
  emit volumeChanged(volume);
}

void PlayerController::setMuted(bool isMuted) {
  if (isMuted == m_isMuted) return;
  m_isMuted = isMuted;
  if (m_player) m_player->setMuted(isMuted);
  emit mutedChanged(isMuted);
}

void PlayerController::wake() {
  // Engine thread. One queued poll at a time is enough: it takes whatever
  // is new by the time it runs.
  if (m_isWakeQueued.exchange(true)) return;
  QMetaObject::invokeMethod(
      this,
      [this] {
        m_isWakeQueued = false;
        poll();
      },
      Qt::QueuedConnection);
}

void PlayerController::poll() {
  if (!m_player) return;
  bool isNewPicture = false;
  if (const media::PicturePtr picture = m_player->takePicture()) {
    m_shownPtsUs = picture->ptsUs();
    m_shownDurationUs = picture->durationUs();
    m_hasShownPicture = true;
    isNewPicture = true;
    if (m_videoSink) m_videoSink->setVideoFrame(toVideoFrame(*picture, m_player->info().rotationDegrees));
    emit frameShown(usToMs(m_shownPtsUs));
  }

  const State state = toState(m_player->state());
  const bool isStateChanged = state != m_state;
  if (isStateChanged) {
    m_state = state;
    if (state == State::Playing)
      m_playTimer.start();
    else
      m_playTimer.stop();
    emit stateChanged(state);
  }

  const qint64 position = positionMs();
  if (position != m_reportedPositionMs) {
    const qint64 now = m_sinceOpen.elapsed();
    if (state != State::Playing || isNewPicture || isStateChanged || now - m_reportedAtMs >= kPositionRefreshMs) {
      m_reportedPositionMs = position;
      m_reportedAtMs = now;
      emit positionChanged(position);
    }
  }

  const std::vector<media::PlaybackIssue> issues = m_player->issues();
  for (; m_reportedIssues < issues.size(); ++m_reportedIssues)
    emit issueReported(toQString(issues[m_reportedIssues].error.message));
}

}  // namespace vakspiegel::ui
