// The player screen; see player_page.h.
#include "player/player_page.h"

#include <QGuiApplication>
#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>
#include <QVBoxLayout>
#include <QVideoFrame>
#include <QVideoSink>
#include <QVideoWidget>
#include <QWindow>

#include "app/recording_service.h"
#include "common/qt_conversions.h"
#include "common/style.h"
#include "player/transport_bar.h"

namespace vakspiegel::ui {

namespace {
constexpr int kWatchIntervalMs = 2000;
}

PlayerPage::PlayerPage(UseCaseRunner& runner, PlayerController::AudioChoice audio, QWidget* parent)
    : QWidget(parent), m_runner(runner), m_controller(audio) {
  setObjectName(QStringLiteral("playerPage"));
  m_backButton = new QPushButton(tr("← &Back to the library"), this);
  m_backButton->setObjectName(QStringLiteral("backButton"));
  m_backButton->setToolTip(tr("Close the recording and go back to the list (Esc)"));
  connect(m_backButton, &QPushButton::clicked, this, &PlayerPage::backRequested);
  m_titleLabel = new QLabel(this);
  m_titleLabel->setObjectName(QStringLiteral("titleLabel"));
  QFont titleFont = m_titleLabel->font();
  titleFont.setBold(true);
  m_titleLabel->setFont(titleFont);
  m_video = new QVideoWidget(this);
  m_video->setObjectName(QStringLiteral("video"));
  m_video->setAccessibleName(tr("Picture of the recording"));
  m_video->setMinimumSize(320, 180);
  m_video->setFocusPolicy(Qt::NoFocus);
  m_video->setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Expanding);
  m_problemLabel = new QLabel(this);
  m_problemLabel->setObjectName(QStringLiteral("problemLabel"));
  m_problemLabel->setWordWrap(true);
  m_problemLabel->hide();
  m_transport = new TransportBar(this);
  m_transport->setEnabled(false);
  m_soundLabel = new QLabel(tr("No audio device was found: recordings play without sound."), this);
  m_soundLabel->setObjectName(QStringLiteral("soundLabel"));
  m_soundLabel->setVisible(!PlayerController::hasAudioDevice() || audio == PlayerController::AudioChoice::Never);

  m_titleRow = new QHBoxLayout;
  m_titleRow->addWidget(m_backButton);
  m_titleRow->addWidget(m_titleLabel, 1);
  auto* layout = new QVBoxLayout(this);
  layout->setContentsMargins(0, 0, 0, 0);
  layout->addLayout(m_titleRow);
  layout->addWidget(m_video, 1);
  layout->addWidget(m_problemLabel);
  layout->addWidget(m_transport);
  layout->addWidget(m_soundLabel);
  setTabOrder(m_backButton, m_transport->firstControl());

  // QVideoWidget shows the picture in a child window of its own, which takes
  // the keyboard when it first appears; the keys belong to the controls.
  for (QWidget* container : m_video->findChildren<QWidget*>()) container->setFocusPolicy(Qt::NoFocus);
  connect(qGuiApp, &QGuiApplication::focusWindowChanged, this, [this](QWindow* focused) {
    QWindow* own = window()->windowHandle();
    if (focused == nullptr || own == nullptr || focused == own || !own->isAncestorOf(focused)) return;
    QWidget* keep = window()->focusWidget() != nullptr ? window()->focusWidget() : focusTarget();
    own->requestActivate();
    keep->setFocus(Qt::OtherFocusReason);
  });

  m_controller.setVideoSink(m_video->videoSink());
  wireController();
  m_watchTimer.setInterval(kWatchIntervalMs);
  connect(&m_watchTimer, &QTimer::timeout, this, &PlayerPage::checkStillWatchable);
}

PlayerPage::~PlayerPage() {
  m_controller.setVideoSink(nullptr);
  m_controller.close();
}

void PlayerPage::addHeaderWidget(QWidget* widget) {
  m_titleRow->addWidget(widget);
}

void PlayerPage::setTitleRowVisible(bool isVisible) {
  for (int i = 0; i < m_titleRow->count(); ++i)
    if (QWidget* widget = m_titleRow->itemAt(i)->widget()) widget->setVisible(isVisible);
}

QWidget* PlayerPage::focusTarget() const {
  return m_transport->isEnabled() ? m_transport->playControl() : static_cast<QWidget*>(m_backButton);
}

void PlayerPage::wireController() {
  TransportBar* bar = m_transport;
  PlayerController* c = &m_controller;
  connect(bar, &TransportBar::playToggled, c, &PlayerController::togglePlay);
  connect(bar, &TransportBar::stepBackwardRequested, c, &PlayerController::stepBackward);
  connect(bar, &TransportBar::stepForwardRequested, c, &PlayerController::stepForward);
  connect(bar, &TransportBar::seekRequested, c, &PlayerController::seek);
  connect(bar, &TransportBar::speedRequested, c, &PlayerController::setSpeed);
  connect(bar, &TransportBar::loopStartRequested, c, &PlayerController::setLoopStart);
  connect(bar, &TransportBar::loopEndRequested, c, &PlayerController::setLoopEnd);
  connect(bar, &TransportBar::loopClearRequested, c, &PlayerController::clearLoop);
  connect(bar, &TransportBar::volumeRequested, c, &PlayerController::setVolume);
  connect(bar, &TransportBar::mutedRequested, c, &PlayerController::setMuted);

  connect(c, &PlayerController::stateChanged, bar,
          [bar](PlayerController::State state) { bar->setPlaying(state == PlayerController::State::Playing); });
  connect(c, &PlayerController::durationChanged, bar, &TransportBar::setDuration);
  connect(c, &PlayerController::positionChanged, bar, &TransportBar::setPosition);
  connect(c, &PlayerController::speedChanged, bar, &TransportBar::setSpeed);
  connect(bar, &TransportBar::loopToggled, c, &PlayerController::setLoopEnabled);
  connect(c, &PlayerController::loopChanged, bar,
          [bar, c] { bar->setLoop(c->loopStartMs(), c->loopEndMs(), c->isLoopEnabled()); });
  connect(c, &PlayerController::volumeChanged, bar, &TransportBar::setVolume);
  connect(c, &PlayerController::mutedChanged, bar, &TransportBar::setMuted);
  connect(c, &PlayerController::issueReported, this, &PlayerPage::showProblem);
}

void PlayerPage::openRecording(const QString& recordingId, const QString& title) {
  closeRecording();
  m_recordingId = recordingId;
  m_title = title;
  m_titleLabel->setText(tr("Opening the recording of %1…").arg(title));
  m_runner.run(
      this,
      [id = recordingId.toStdString()](UseCaseRunner::Context& context) -> Result<OpenedRecording> {
        const Session* session = VS_TRY(context.who());
        return PlaybackService(context.vault).openRecording(*session, id);
      },
      [this, recordingId](Result<OpenedRecording> opened) { startPlaying(recordingId, std::move(opened)); });
}

void PlayerPage::startPlaying(const QString& recordingId, Result<OpenedRecording> result) {
  if (recordingId != m_recordingId) return;  // closed, or another one asked for since
  if (!result) {
    m_titleLabel->setText(m_title);
    showProblem(toQString(result.error().message));
    return;
  }
  if (const Status status = m_controller.open(std::move(result->media)); !status) {
    showProblem(toQString(status.error().message));
    return;
  }
  const media::PlayerInfo& info = m_controller.player()->info();
  m_titleLabel->setText(tr("Recording of %1").arg(m_title));
  m_titleLabel->setToolTip(tr("%1×%2 pixels").arg(info.width).arg(info.height));
  m_transport->setSoundAvailable(m_controller.isAudioAttached());
  m_transport->setEnabled(true);
  m_watchTimer.start();
  readTimeline(recordingId, std::make_shared<OpenedRecording>(std::move(*result)));
  // Shown as focused (Qt draws the focus frame after keyboard moves only):
  // the recording is usually opened with Enter, and the keys go on from here.
  window()->setAttribute(Qt::WA_KeyboardFocusChange);
  m_transport->playControl()->setFocus(Qt::OtherFocusReason);
  emit opened(recordingId);
}

void PlayerPage::readTimeline(const QString& recordingId, std::shared_ptr<OpenedRecording> derived) {
  // A first strip of this many thumbnails for the whole conversation; the
  // rest follow in a second call, so the strip is there at once.
  constexpr std::size_t kFirstThumbnails = 48;
  auto strip = std::make_shared<media::ThumbnailStrip>();
  m_runner.run(
      this,
      [derived, strip](UseCaseRunner::Context&) -> Result<std::shared_ptr<const TimelineImages>> {
        TimelineData read = VS_TRY(vakspiegel::readTimeline(*derived));
        auto images = std::make_shared<TimelineImages>();
        images->thumbnails = decodeThumbnails(read.thumbnails, kFirstThumbnails);
        images->waveform = std::move(read.waveform);
        images->speech = std::move(read.speech);
        *strip = std::move(read.thumbnails);
        return images;
      },
      [this, recordingId, strip](Result<std::shared_ptr<const TimelineImages>> first) {
        if (recordingId != m_recordingId) return;
        if (!first) return showProblem(toQString(first.error().message));
        const bool isComplete = strip->frames.size() <= kFirstThumbnails;
        emit timelineRead(recordingId, *first, isComplete);
        if (isComplete) return;
        m_runner.run(
            this,
            [strip, first = *first](UseCaseRunner::Context&) {
              auto images = std::make_shared<TimelineImages>(*first);
              images->thumbnails = decodeThumbnails(*strip);
              return std::shared_ptr<const TimelineImages>(std::move(images));
            },
            [this, recordingId](std::shared_ptr<const TimelineImages> all) {
              if (recordingId == m_recordingId) emit timelineRead(recordingId, std::move(all), true);
            });
      });
}

void PlayerPage::closeRecording() {
  m_watchTimer.stop();
  m_controller.close();
  m_recordingId.clear();
  m_title.clear();
  m_titleLabel->clear();
  m_titleLabel->setToolTip(QString());
  m_problemLabel->hide();
  m_transport->setEnabled(false);
  m_transport->setPosition(0);
  m_transport->setDuration(0);
  // The last picture would otherwise stay in the widget.
  if (QVideoSink* sink = m_video->videoSink()) sink->setVideoFrame(QVideoFrame());
}

void PlayerPage::checkStillWatchable() {
  if (m_recordingId.isEmpty() || m_isChecking) return;
  m_isChecking = true;
  m_runner.run(
      this,
      [id = m_recordingId.toStdString()](UseCaseRunner::Context& context) -> Result<bool> {
        const Session* session = VS_TRY(context.who());
        return RecordingService(context.vault).isWatchable(*session, id);
      },
      [this, id = m_recordingId](const Result<bool>& watchable) {
        m_isChecking = false;
        // A failed check (the vault busy a moment) is asked again at the next turn.
        if (id != m_recordingId || !watchable || *watchable) return;
        closeRecording();
        emit recordingGone(tr("The recording you were watching was withdrawn, deleted or has reached the end of "
                              "its retention. It was closed and can no longer be watched."));
      });
}

void PlayerPage::showProblem(const QString& message) {
  m_problemLabel->setText(message);
  setProblemStyle(*m_problemLabel);
  m_problemLabel->show();
}

}  // namespace vakspiegel::ui
