#include "shell/player_window.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QListWidget>
#include <QPushButton>
#include <QScreen>
#include <QScrollBar>
#include <QSplitter>
#include <QStatusBar>
#include <QVBoxLayout>
#include <QVideoWidget>

#include "app/playback_service.h"
#include "app/recording_service.h"
#include "app/vault.h"
#include "common/qt_conversions.h"
#include "player/transport_bar.h"

namespace vakspiegel::ui {

namespace {

constexpr int kRecordingIdRole = Qt::UserRole;

QString recordingText(const RecordingInfo& info) {
  const QString first = PlayerWindow::tr("%1  ·  %2")
                            .arg(formatLocalTime(info.consent.recordedAt), formatMediaLength(usToMs(info.durationUs)));
  const QString whose =
      info.isOwn ? PlayerWindow::tr("Own recording") : PlayerWindow::tr("Shared by %1").arg(toQString(info.ownerName));
  const QString second = PlayerWindow::tr("%1 · erased on %2").arg(whose, formatLocalDate(info.consent.retentionEnd));
  return first + QLatin1Char('\n') + second;
}

}  // namespace

PlayerWindow::PlayerWindow(UseCaseRunner& runner, LoggedInUser user, PlayerController::AudioChoice audio,
                           QWidget* parent)
    : QMainWindow(parent), m_runner(runner), m_user(std::move(user)), m_controller(audio) {
  setObjectName(QStringLiteral("playerWindow"));
  setWindowTitle(tr("Vakspiegel – %1").arg(toQString(m_user.name)));

  // Left: the recordings.
  auto* listPanel = new QWidget(this);
  auto* listTitle = new QLabel(tr("&Recordings"), listPanel);
  QFont titleFont = listTitle->font();
  titleFont.setBold(true);
  listTitle->setFont(titleFont);
  m_recordings = new QListWidget(listPanel);
  m_recordings->setObjectName(QStringLiteral("recordingList"));
  m_recordings->setAlternatingRowColors(true);
  m_recordings->setSpacing(2);
  m_recordings->setToolTip(tr("Choose a recording and press Enter to watch it."));
  listTitle->setBuddy(m_recordings);
  m_listMessage = new QLabel(listPanel);
  m_listMessage->setObjectName(QStringLiteral("listMessage"));
  m_listMessage->setWordWrap(true);
  m_listMessage->hide();
  m_openButton = new QPushButton(tr("&Watch"), listPanel);
  m_openButton->setObjectName(QStringLiteral("openButton"));
  m_openButton->setToolTip(tr("Open the chosen recording (Enter)"));
  auto* listLayout = new QVBoxLayout(listPanel);
  listLayout->addWidget(listTitle);
  listLayout->addWidget(m_recordings, 1);
  listLayout->addWidget(m_listMessage);
  listLayout->addWidget(m_openButton);
  connect(m_recordings, &QListWidget::itemActivated, this, [this](QListWidgetItem*) { openSelected(); });
  connect(m_openButton, &QPushButton::clicked, this, &PlayerWindow::openSelected);

  // Right: the player.
  auto* playerPanel = new QWidget(this);
  m_titleLabel = new QLabel(tr("Choose a recording on the left."), playerPanel);
  m_titleLabel->setObjectName(QStringLiteral("titleLabel"));
  m_video = new QVideoWidget(playerPanel);
  m_video->setObjectName(QStringLiteral("video"));
  m_video->setMinimumSize(480, 270);
  m_video->setFocusPolicy(Qt::NoFocus);
  m_video->setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Expanding);
  m_problemLabel = new QLabel(playerPanel);
  m_problemLabel->setObjectName(QStringLiteral("problemLabel"));
  m_problemLabel->setWordWrap(true);
  m_problemLabel->setStyleSheet(QStringLiteral("color: #a00000;"));
  m_problemLabel->hide();
  m_transport = new TransportBar(playerPanel);
  m_transport->setEnabled(false);
  m_soundLabel = new QLabel(tr("No audio device was found: recordings play without sound."), playerPanel);
  m_soundLabel->setObjectName(QStringLiteral("soundLabel"));
  m_soundLabel->setVisible(!PlayerController::hasAudioDevice() || audio == PlayerController::AudioChoice::Never);
  auto* playerLayout = new QVBoxLayout(playerPanel);
  playerLayout->addWidget(m_titleLabel);
  playerLayout->addWidget(m_video, 1);
  playerLayout->addWidget(m_problemLabel);
  playerLayout->addWidget(m_transport);
  playerLayout->addWidget(m_soundLabel);

  auto* splitter = new QSplitter(this);
  splitter->addWidget(listPanel);
  splitter->addWidget(playerPanel);
  splitter->setStretchFactor(0, 0);
  splitter->setStretchFactor(1, 1);
  splitter->setSizes({260, 1000});
  splitter->setChildrenCollapsible(false);
  setCentralWidget(splitter);

  statusBar()->addWidget(new QLabel(
      tr("Logged in as %1 (%2)").arg(toQString(m_user.name), toQString(roleDisplayName(m_user.role))), this));
  m_sweepLabel = new QLabel(this);
  m_sweepLabel->setObjectName(QStringLiteral("sweepLabel"));
  statusBar()->addPermanentWidget(m_sweepLabel);

  setTabOrder(m_recordings, m_openButton);
  setTabOrder(m_openButton, m_transport->firstControl());

  m_controller.setVideoSink(m_video->videoSink());
  wireController();
  refreshRecordings();
  // As large as fits, up to what the picture and controls use well.
  const QRect available = screen()->availableGeometry();
  resize(std::min(1400, available.width()), std::min(880, available.height()));
}

PlayerWindow::~PlayerWindow() {
  m_controller.setVideoSink(nullptr);
  m_controller.close();
}

void PlayerWindow::wireController() {
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
  connect(c, &PlayerController::loopChanged, bar, [bar, c] { bar->setLoop(c->loopStartMs(), c->loopEndMs()); });
  connect(c, &PlayerController::volumeChanged, bar, &TransportBar::setVolume);
  connect(c, &PlayerController::mutedChanged, bar, &TransportBar::setMuted);
  connect(c, &PlayerController::issueReported, this, &PlayerWindow::showProblem);
}

void PlayerWindow::refreshRecordings() {
  m_runner.run(
      this,
      [](UseCaseRunner::Context& context) -> Result<std::vector<RecordingInfo>> {
        const Session* session = VS_TRY(context.who());
        return RecordingService(context.vault).listRecordings(*session);
      },
      [this](const Result<std::vector<RecordingInfo>>& recordings) { showRecordings(recordings); });
}

void PlayerWindow::showRecordings(const Result<std::vector<RecordingInfo>>& recordings) {
  m_recordings->clear();
  m_listMessage->hide();
  if (!recordings) {
    m_listMessage->setText(toQString(recordings.error().message));
    m_listMessage->show();
  } else {
    for (const RecordingInfo& info : *recordings) {
      auto* item = new QListWidgetItem(recordingText(info), m_recordings);
      item->setData(kRecordingIdRole, toQString(info.id));
    }
    if (recordings->empty()) {
      m_listMessage->setText(tr("There are no recordings you may watch."));
      m_listMessage->show();
    }
  }
  m_openButton->setEnabled(m_recordings->count() > 0);
  // Wide enough for its longest line: nothing cut off, no sideways scrolling.
  m_recordings->setMinimumWidth(std::max(220, m_recordings->sizeHintForColumn(0) + 2 * m_recordings->frameWidth() +
                                                  m_recordings->verticalScrollBar()->sizeHint().width() + 8));
  if (m_recordings->count() > 0) {
    m_recordings->setCurrentRow(0);
    m_recordings->setFocus();
  }
}

void PlayerWindow::openSelected() {
  const QListWidgetItem* item = m_recordings->currentItem();
  if (item) openRecording(item->data(kRecordingIdRole).toString());
}

void PlayerWindow::openRecording(const QString& recordingId) {
  m_problemLabel->hide();
  m_controller.close();
  m_transport->setEnabled(false);
  m_runner.run(
      this,
      [id = recordingId.toStdString()](UseCaseRunner::Context& context) -> Result<OpenedRecording> {
        const Session* session = VS_TRY(context.who());
        return PlaybackService(context.vault).openRecording(*session, id);
      },
      [this, recordingId](Result<OpenedRecording> opened) { startPlaying(recordingId, std::move(opened)); });
}

void PlayerWindow::startPlaying(const QString& recordingId, Result<OpenedRecording> opened) {
  if (!opened) {
    showProblem(toQString(opened.error().message));
    return;
  }
  if (const Status status = m_controller.open(std::move(opened->media)); !status) {
    showProblem(toQString(status.error().message));
    return;
  }
  const media::PlayerInfo& info = m_controller.player()->info();
  QString title;
  for (int row = 0; row < m_recordings->count(); ++row)
    if (m_recordings->item(row)->data(kRecordingIdRole).toString() == recordingId)
      title = m_recordings->item(row)->text().section(QLatin1Char('\n'), 0, 0);
  m_titleLabel->setText(tr("Recording of %1 (%2×%3)").arg(title).arg(info.width).arg(info.height));
  m_transport->setSoundAvailable(m_controller.isAudioAttached());
  m_transport->setEnabled(true);
  // Shown as focused (Qt draws the focus frame after keyboard moves only):
  // the recording is usually opened with Enter, and the keys go on from here.
  setAttribute(Qt::WA_KeyboardFocusChange);
  m_transport->playControl()->setFocus(Qt::OtherFocusReason);
}

void PlayerWindow::setSweepStatus(const QString& text) {
  m_sweepLabel->setText(text);
}

void PlayerWindow::showProblem(const QString& message) {
  m_problemLabel->setText(message);
  m_problemLabel->show();
}

}  // namespace vakspiegel::ui
