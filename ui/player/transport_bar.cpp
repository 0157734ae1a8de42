#include "player/transport_bar.h"

#include <QComboBox>
#include <QFontDatabase>
#include <QHBoxLayout>
#include <QLabel>
#include <QLocale>
#include <QMouseEvent>
#include <QPushButton>
#include <QSignalBlocker>
#include <QSlider>
#include <QStyle>
#include <QToolButton>
#include <QVBoxLayout>

#include <cmath>

#include "common/qt_conversions.h"
#include "common/style.h"

namespace vakspiegel::ui {

namespace {

// A click on the groove jumps there (a plain QSlider moves a page toward it).
class SeekSlider : public QSlider {
 public:
  using QSlider::QSlider;

 protected:
  void mousePressEvent(QMouseEvent* event) override {
    if (event->button() == Qt::LeftButton && maximum() > minimum()) {
      const int span = std::max(width() - 1, 1);
      const int x = static_cast<int>(event->position().x());
      setValue(QStyle::sliderValueFromPosition(minimum(), maximum(), x, span));
    }
    QSlider::mousePressEvent(event);
  }
};

QPushButton* makeButton(const QString& text, const QString& toolTip, QWidget* parent) {
  auto* button = new QPushButton(text, parent);
  button->setToolTip(toolTip);
  button->setFocusPolicy(Qt::TabFocus);
  return button;
}

}  // namespace

TransportBar::TransportBar(QWidget* parent) : QWidget(parent) {
  setObjectName(QStringLiteral("transportBar"));

  m_positionSlider = new SeekSlider(Qt::Horizontal, this);
  m_positionSlider->setObjectName(QStringLiteral("positionSlider"));
  m_positionSlider->setPageStep(5000);
  m_positionSlider->setSingleStep(1000);
  m_positionSlider->setToolTip(
      tr("Position. PageUp/PageDown: 5 seconds back/forward; Home/End: start/end; Left/Right: one second."));
  m_positionSlider->setAccessibleName(tr("Position"));
  connect(m_positionSlider, &QSlider::valueChanged, this, [this](int value) { emit seekRequested(value); });

  m_timeLabel = new QLabel(this);
  m_timeLabel->setObjectName(QStringLiteral("timeLabel"));
  m_timeLabel->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
  m_timeLabel->setToolTip(tr("Position / length (minutes:seconds.milliseconds)"));

  m_backButton = makeButton(tr("Picture back"), tr("One picture back (comma)"), this);
  m_backButton->setObjectName(QStringLiteral("stepBackwardButton"));
  m_backButton->setIcon(paletteIcon(*this, QStyle::SP_MediaSeekBackward));
  m_playButton = makeButton(tr("Play"), tr("Play or pause (Space)"), this);
  m_playButton->setObjectName(QStringLiteral("playButton"));
  m_forwardButton = makeButton(tr("Picture forward"), tr("One picture forward (period)"), this);
  m_forwardButton->setObjectName(QStringLiteral("stepForwardButton"));
  m_forwardButton->setIcon(paletteIcon(*this, QStyle::SP_MediaSeekForward));
  // The play button keeps its width when its text changes.
  {
    const QFontMetrics metrics(m_playButton->font());
    const int textWidth = std::max(metrics.horizontalAdvance(tr("Play")), metrics.horizontalAdvance(tr("Pause")));
    m_playButton->setMinimumWidth(textWidth + m_playButton->iconSize().width() + 32);
  }
  connect(m_backButton, &QPushButton::clicked, this, &TransportBar::stepBackwardRequested);
  connect(m_playButton, &QPushButton::clicked, this, &TransportBar::playToggled);
  connect(m_forwardButton, &QPushButton::clicked, this, &TransportBar::stepForwardRequested);

  m_speedBox = new QComboBox(this);
  m_speedBox->setObjectName(QStringLiteral("speedBox"));
  for (const double speed : kSpeeds) m_speedBox->addItem(tr("%1×").arg(QLocale().toString(speed)), speed);
  m_speedBox->setToolTip(tr("Playback speed; voices keep their pitch (Up/Down arrows when selected)"));
  m_speedLabel = new QLabel(tr("&Speed:"), this);
  m_speedLabel->setBuddy(m_speedBox);
  connect(m_speedBox, &QComboBox::activated, this,
          [this](int index) { emit speedRequested(m_speedBox->itemData(index).toDouble()); });

  m_loopStartButton = makeButton(tr("Start"), tr("The marked range starts at the picture shown (I)"), this);
  m_loopStartButton->setObjectName(QStringLiteral("loopStartButton"));
  m_loopStartButton->setAccessibleName(tr("Mark in"));
  m_loopEndButton = makeButton(tr("End"), tr("The marked range ends after the picture shown (O)"), this);
  m_loopEndButton->setObjectName(QStringLiteral("loopEndButton"));
  m_loopEndButton->setAccessibleName(tr("Mark out"));
  m_loopToggleButton = makeButton(tr("Repeat"), tr("Play the marked range over and over (R)"), this);
  m_loopToggleButton->setObjectName(QStringLiteral("loopToggleButton"));
  m_loopToggleButton->setCheckable(true);
  connect(m_loopToggleButton, &QPushButton::clicked, this, &TransportBar::loopToggled);
  m_loopClearButton = makeButton(tr("Clear"), tr("Clear the marked range (Shift+X)"), this);
  m_loopClearButton->setObjectName(QStringLiteral("loopClearButton"));
  m_loopClearButton->setAccessibleName(tr("Clear the marked range"));
  // Short words: as wide as their text, so the row leaves room for the notes.
  for (QPushButton* button : {m_loopStartButton, m_loopEndButton, m_loopToggleButton, m_loopClearButton})
    button->setMaximumWidth(button->fontMetrics().horizontalAdvance(button->text()) + 28);
  m_loopLabel = new QLabel(this);
  m_loopLabel->setObjectName(QStringLiteral("loopLabel"));
  connect(m_loopStartButton, &QPushButton::clicked, this, &TransportBar::loopStartRequested);
  connect(m_loopEndButton, &QPushButton::clicked, this, &TransportBar::loopEndRequested);
  connect(m_loopClearButton, &QPushButton::clicked, this, &TransportBar::loopClearRequested);

  m_muteButton = new QToolButton(this);
  m_muteButton->setObjectName(QStringLiteral("muteButton"));
  m_muteButton->setCheckable(true);
  m_muteButton->setFocusPolicy(Qt::TabFocus);
  m_muteButton->setIcon(paletteIcon(*this, QStyle::SP_MediaVolume));
  m_muteButton->setToolTip(tr("Sound off/on (M)"));
  m_muteButton->setAccessibleName(tr("Sound off"));
  connect(m_muteButton, &QToolButton::clicked, this, [this](bool isChecked) { emit mutedRequested(isChecked); });
  m_volumeSlider = new QSlider(Qt::Horizontal, this);
  m_volumeSlider->setObjectName(QStringLiteral("volumeSlider"));
  m_volumeSlider->setRange(0, 100);
  m_volumeSlider->setPageStep(10);
  m_volumeSlider->setMaximumWidth(100);
  m_volumeSlider->setToolTip(tr("Volume (Up/Down arrows when selected)"));
  m_volumeSlider->setAccessibleName(tr("Volume"));
  connect(m_volumeSlider, &QSlider::valueChanged, this,
          [this](int value) { emit volumeRequested(static_cast<double>(value) / 100.0); });

  auto* positionRow = new QHBoxLayout;
  positionRow->addWidget(m_positionSlider, 1);
  positionRow->addWidget(m_loopLabel);
  positionRow->addSpacing(8);
  positionRow->addWidget(m_timeLabel);

  auto* controlRow = new QHBoxLayout;
  controlRow->addWidget(m_backButton);
  controlRow->addWidget(m_playButton);
  controlRow->addWidget(m_forwardButton);
  controlRow->addSpacing(16);
  controlRow->addWidget(m_speedLabel);
  controlRow->addWidget(m_speedBox);
  controlRow->addSpacing(16);
  controlRow->addWidget(new QLabel(tr("Range:"), this));
  controlRow->addWidget(m_loopStartButton);
  controlRow->addWidget(m_loopEndButton);
  controlRow->addWidget(m_loopToggleButton);
  controlRow->addWidget(m_loopClearButton);
  controlRow->addStretch(1);
  controlRow->addWidget(m_muteButton);
  controlRow->addWidget(m_volumeSlider);

  auto* layout = new QVBoxLayout(this);
  layout->setContentsMargins(0, 0, 0, 0);
  layout->addLayout(positionRow);
  layout->addLayout(controlRow);

  // Left to right, then the slider; opening a recording focuses Play.
  setTabOrder(m_backButton, m_playButton);
  setTabOrder(m_playButton, m_forwardButton);
  setTabOrder(m_forwardButton, m_positionSlider);
  setTabOrder(m_positionSlider, m_speedBox);
  setTabOrder(m_speedBox, m_loopStartButton);
  setTabOrder(m_loopStartButton, m_loopEndButton);
  setTabOrder(m_loopEndButton, m_loopToggleButton);
  setTabOrder(m_loopToggleButton, m_loopClearButton);
  setTabOrder(m_loopClearButton, m_muteButton);
  setTabOrder(m_muteButton, m_volumeSlider);

  setPlaying(false);
  setSpeed(1.0);
  setLoop(std::nullopt, std::nullopt, false);
  setVolume(1.0);
  updateTimeLabel();
}

QWidget* TransportBar::firstControl() const {
  return m_backButton;
}
QWidget* TransportBar::playControl() const {
  return m_playButton;
}

void TransportBar::setPlaying(bool isPlaying) {
  m_isPlaying = isPlaying;
  m_playButton->setText(isPlaying ? tr("Pause") : tr("Play"));
  m_playButton->setIcon(paletteIcon(*this, isPlaying ? QStyle::SP_MediaPause : QStyle::SP_MediaPlay));
}

void TransportBar::setDuration(qint64 durationMs) {
  m_durationMs = durationMs;
  const QSignalBlocker blocker(m_positionSlider);
  m_positionSlider->setRange(0, static_cast<int>(std::clamp<qint64>(durationMs, 0, INT_MAX)));
  updateTimeLabel();
}

void TransportBar::setPosition(qint64 positionMs) {
  m_positionMs = positionMs;
  if (!m_positionSlider->isSliderDown()) {  // the user's drag wins
    const QSignalBlocker blocker(m_positionSlider);
    m_positionSlider->setValue(static_cast<int>(std::clamp<qint64>(positionMs, 0, INT_MAX)));
  }
  updateTimeLabel();
}

void TransportBar::setSpeed(double speed) {
  int best = 0;
  for (int i = 1; i < m_speedBox->count(); ++i)
    if (std::abs(m_speedBox->itemData(i).toDouble() - speed) < std::abs(m_speedBox->itemData(best).toDouble() - speed))
      best = i;
  m_speedBox->setCurrentIndex(best);
}

void TransportBar::setLoop(std::optional<qint64> startMs, std::optional<qint64> endMs, bool isRepeating) {
  if (startMs && endMs)
    m_loopLabel->setText(tr("Range %1 – %2").arg(formatMediaTime(*startMs), formatMediaTime(*endMs)));
  else if (startMs)
    m_loopLabel->setText(tr("Range from %1 (mark out with O)").arg(formatMediaTime(*startMs)));
  else if (endMs)
    m_loopLabel->setText(tr("Range up to %1 (mark in with I)").arg(formatMediaTime(*endMs)));
  else
    m_loopLabel->clear();
  m_loopLabel->setVisible(startMs || endMs);
  m_loopClearButton->setEnabled(startMs || endMs);
  m_loopClearButton->setToolTip(startMs || endMs ? tr("Clear the marked range (Shift+X)")
                                                 : tr("Nothing is marked yet: mark a start (I) and an end (O)."));
  m_loopToggleButton->setChecked(isRepeating);
}

void TransportBar::setVolume(double volume) {
  const QSignalBlocker blocker(m_volumeSlider);
  m_volumeSlider->setValue(static_cast<int>(std::lround(volume * 100.0)));
}

void TransportBar::setMuted(bool isMuted) {
  m_isMuted = isMuted;
  m_muteButton->setChecked(isMuted);
  m_muteButton->setIcon(paletteIcon(*this, isMuted ? QStyle::SP_MediaVolumeMuted : QStyle::SP_MediaVolume));
}

void TransportBar::setSoundAvailable(bool isAvailable) {
  m_isSoundAvailable = isAvailable;
  m_muteButton->setEnabled(isAvailable);
  m_volumeSlider->setEnabled(isAvailable);
  const QString why = tr("No audio device was found: the recording plays without sound.");
  m_muteButton->setToolTip(isAvailable ? tr("Sound off/on (M)") : why);
  m_volumeSlider->setToolTip(isAvailable ? tr("Volume (Up/Down arrows when selected)") : why);
}

void TransportBar::updateTimeLabel() {
  m_timeLabel->setText(tr("%1 / %2").arg(formatMediaTime(m_positionMs), formatMediaTime(m_durationMs)));
}

}  // namespace vakspiegel::ui
