// The timeline's state, geometry and mouse handling; painting is in
// timeline_painter.cpp. See timeline_widget.h.
#include "review/timeline_widget.h"

#include <QAccessible>
#include <QMouseEvent>
#include <QScrollBar>
#include <QWheelEvent>

#include <algorithm>
#include <cmath>

#include "review/timeline_layout.h"

namespace vakspiegel::ui {

using namespace timeline_layout;

TimelineWidget::TimelineWidget(QWidget* parent) : QWidget(parent) {
  setObjectName(QStringLiteral("timeline"));
  setAccessibleName(tr("Timeline"));
  setAccessibleDescription(tr("Click or drag to go to a moment. Ctrl+wheel zooms."));
  setFocusPolicy(Qt::StrongFocus);
  setMouseTracking(true);
  setAttribute(Qt::WA_OpaquePaintEvent);
  m_scrollBar = new QScrollBar(Qt::Horizontal, this);
  m_scrollBar->setObjectName(QStringLiteral("timelineScrollBar"));
  m_scrollBar->setAccessibleName(tr("Scroll the timeline"));
  m_scrollBar->setFocusPolicy(Qt::NoFocus);
  connect(m_scrollBar, &QScrollBar::valueChanged, this, [this](int value) {
    m_viewStartMs = value;
    update();
  });
  setMinimumHeight(kLanesBottom + kScrollBarGap + m_scrollBar->sizeHint().height());
  setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Fixed);
}

void TimelineWidget::setDuration(qint64 durationMs, qint64 frameMs) {
  m_durationMs = std::max<qint64>(durationMs, 0);
  m_frameMs = std::max<qint64>(frameMs, 1);
  zoomAll();
}

void TimelineWidget::setThumbnails(std::vector<ThumbnailImage> thumbnails) {
  m_thumbnails = std::move(thumbnails);
  m_thumbnailCache.assign(m_thumbnails.size(), QPixmap());
  update();
}

void TimelineWidget::setWaveform(media::WaveformPeaks peaks) {
  m_waveform = std::move(peaks);
  update();
}

void TimelineWidget::setSpeech(media::SpeechActivity speech) {
  m_speech = std::move(speech);
  update();
}

void TimelineWidget::setMarks(std::vector<TimelineMark> marks) {
  std::stable_sort(marks.begin(), marks.end(),
                   [](const TimelineMark& a, const TimelineMark& b) { return a.startMs < b.startMs; });
  m_marks = std::move(marks);
  m_longestMarkMs = 0;
  m_marksPerLane.fill(0);
  for (const TimelineMark& mark : m_marks) {
    if (mark.endMs) m_longestMarkMs = std::max(m_longestMarkMs, *mark.endMs - mark.startMs);
    ++m_marksPerLane[static_cast<std::size_t>(std::clamp(mark.lane, 0, kLaneCount - 1))];
  }
  update();
  if (QAccessible::isActive()) {
    QAccessibleEvent event(this, QAccessible::ObjectReorder);
    QAccessible::updateAccessibility(&event);
  }
}

void TimelineWidget::setSelectedMark(const QString& id) {
  if (id == m_selectedMark) return;
  m_selectedMark = id;
  update();
}

void TimelineWidget::setPosition(qint64 positionMs) {
  if (positionMs == m_positionMs) return;
  const int oldX = xForMs(m_positionMs);
  m_positionMs = positionMs;
  if (m_isFollowing && !m_isScrubbing) keepInView(positionMs);
  const int newX = xForMs(m_positionMs);
  // Only the playhead's old and new columns (and the ruler's triangle) change.
  update(QRect(std::min(oldX, newX) - 6, 0, std::abs(newX - oldX) + 13, kLanesBottom));
  if (QAccessible::isActive()) {
    QAccessibleValueChangeEvent event(this, static_cast<int>(positionMs / 1000));
    QAccessible::updateAccessibility(&event);
  }
}

void TimelineWidget::setRange(std::optional<qint64> inMs, std::optional<qint64> outMs, bool isLooping) {
  m_inMs = inMs;
  m_outMs = outMs;
  m_isLooping = isLooping;
  update();
}

void TimelineWidget::clear() {
  m_durationMs = 0;
  m_positionMs = 0;
  m_thumbnails.clear();
  m_thumbnailCache.clear();
  m_waveform = {};
  m_speech = {};
  m_marks.clear();
  m_marksPerLane.fill(0);
  m_selectedMark.clear();
  m_inMs.reset();
  m_outMs.reset();
  m_isLooping = false;
  m_hover.reset();
  zoomAll();
}

// ---------------------------------------------------------------- zoom and view

int TimelineWidget::bodyLeft() const {
  return kHeaderWidth;
}

int TimelineWidget::bodyWidth() const {
  return std::max(width() - kHeaderWidth, 1);
}

double TimelineWidget::maxMsPerPixel() const {
  return std::max(static_cast<double>(m_durationMs) / bodyWidth(), minMsPerPixel());
}

double TimelineWidget::minMsPerPixel() const {
  return static_cast<double>(m_frameMs) / kPixelsPerPictureAtDeepestZoom;
}

qint64 TimelineWidget::viewEndMs() const {
  return static_cast<qint64>(m_viewStartMs + m_msPerPixel * bodyWidth());
}

void TimelineWidget::zoomAll() {
  m_msPerPixel = maxMsPerPixel();
  setViewStart(0);
  emit zoomChanged();
}

void TimelineWidget::zoomIn() {
  zoomTo(m_msPerPixel / 2, m_positionMs);
}

void TimelineWidget::zoomOut() {
  zoomTo(m_msPerPixel * 2, m_positionMs);
}

void TimelineWidget::zoomTo(double msPerPixel, qint64 anchorMs) {
  const double clamped = std::clamp(msPerPixel, minMsPerPixel(), maxMsPerPixel());
  // The anchor stays where it is on screen (or, off screen, comes to the middle).
  double anchorX = (static_cast<double>(anchorMs) - m_viewStartMs) / std::max(m_msPerPixel, 1e-9);
  if (anchorX < 0 || anchorX > bodyWidth()) anchorX = bodyWidth() / 2.0;
  m_msPerPixel = clamped;
  setViewStart(static_cast<double>(anchorMs) - anchorX * clamped);
  emit zoomChanged();
}

void TimelineWidget::setViewStart(double startMs) {
  const double span = m_msPerPixel * bodyWidth();
  m_viewStartMs = std::clamp(startMs, 0.0, std::max(0.0, static_cast<double>(m_durationMs) - span));
  syncScrollBar();
  update();
}

void TimelineWidget::syncScrollBar() {
  const double span = m_msPerPixel * bodyWidth();
  const QSignalBlocker blocker(m_scrollBar);
  m_scrollBar->setRange(0, static_cast<int>(std::max(0.0, static_cast<double>(m_durationMs) - span)));
  m_scrollBar->setPageStep(static_cast<int>(span));
  m_scrollBar->setSingleStep(static_cast<int>(std::max(1.0, span / 10)));
  m_scrollBar->setValue(static_cast<int>(m_viewStartMs));
  m_scrollBar->setVisible(m_scrollBar->maximum() > 0);
}

void TimelineWidget::keepInView(qint64 ms) {
  const double span = m_msPerPixel * bodyWidth();
  const auto at = static_cast<double>(ms);
  if (at < m_viewStartMs || at > m_viewStartMs + span) setViewStart(at - span * 0.1);
}

int TimelineWidget::xForMs(qint64 ms) const {
  if (m_msPerPixel <= 0) return bodyLeft();
  return bodyLeft() + static_cast<int>(std::lround((static_cast<double>(ms) - m_viewStartMs) / m_msPerPixel));
}

qint64 TimelineWidget::msForX(int x) const {
  const double ms = m_viewStartMs + (x - bodyLeft()) * m_msPerPixel;
  return std::clamp<qint64>(std::llround(ms), 0, m_durationMs);
}

QRect TimelineWidget::laneRect(int lane) const {
  return {bodyLeft(), kLaneTop + lane * kLaneHeight, bodyWidth(), kLaneHeight};
}

QRect TimelineWidget::markRect(const TimelineMark& mark) const {
  const QRect lane = laneRect(mark.lane);
  const int x0 = xForMs(mark.startMs);
  if (!mark.endMs) return {x0 - 6, lane.top() + 3, 13, lane.height() - 6};  // the diamond
  const int x1 = std::max(xForMs(*mark.endMs), x0 + 3);
  return {x0, lane.top() + 3, x1 - x0, lane.height() - 6};
}

const TimelineMark* TimelineWidget::mark(int index) const {
  return index >= 0 && static_cast<std::size_t>(index) < m_marks.size() ? &m_marks[static_cast<std::size_t>(index)]
                                                                        : nullptr;
}

const TimelineMark* TimelineWidget::markAt(const QPoint& point) const {
  if (point.y() < kLaneTop || point.y() >= kLanesBottom || point.x() < bodyLeft()) return nullptr;
  const int lane = (point.y() - kLaneTop) / kLaneHeight;
  const qint64 at = msForX(point.x());
  const auto slack = static_cast<qint64>(8 * m_msPerPixel);
  // Marks starting from (at - longest range - slack) on can cover the point.
  auto first = std::lower_bound(m_marks.begin(), m_marks.end(), at - m_longestMarkMs - slack,
                                [](const TimelineMark& m, qint64 value) { return m.startMs < value; });
  const TimelineMark* best = nullptr;
  for (auto it = first; it != m_marks.end() && it->startMs <= at + slack; ++it) {
    if (it->lane != lane || !markRect(*it).adjusted(-2, 0, 2, 0).contains(point.x(), markRect(*it).center().y()))
      continue;
    best = &*it;  // the last drawn (on top) wins
  }
  return best;
}

// ---------------------------------------------------------------- mouse

void TimelineWidget::resizeEvent(QResizeEvent* event) {
  QWidget::resizeEvent(event);
  const int barHeight = m_scrollBar->sizeHint().height();
  m_scrollBar->setGeometry(bodyLeft(), height() - barHeight, bodyWidth(), barHeight);
  const bool wasWhole = m_msPerPixel <= 0 || m_viewStartMs <= 0;
  m_msPerPixel = m_msPerPixel <= 0 ? maxMsPerPixel() : std::clamp(m_msPerPixel, minMsPerPixel(), maxMsPerPixel());
  if (wasWhole && event->oldSize().width() > 0 &&
      std::abs(m_msPerPixel * event->oldSize().width() - static_cast<double>(m_durationMs)) < m_msPerPixel * 2)
    m_msPerPixel = maxMsPerPixel();  // showed the whole conversation: keeps showing it
  setViewStart(m_viewStartMs);
}

void TimelineWidget::mousePressEvent(QMouseEvent* event) {
  if (event->button() != Qt::LeftButton || m_durationMs <= 0) return QWidget::mousePressEvent(event);
  const QPoint point = event->position().toPoint();
  if (point.x() < bodyLeft() || point.y() >= height() - m_scrollBar->height()) return;
  if (const TimelineMark* mark = markAt(point)) {
    emit markActivated(mark->id);
    return;
  }
  m_isScrubbing = true;
  m_hasScrubMoved = false;
  emit scrubbed(msForX(point.x()));
}

void TimelineWidget::mouseMoveEvent(QMouseEvent* event) {
  const QPoint point = event->position().toPoint();
  const std::optional<QPoint> oldHover = m_hover;
  m_hover = point.x() >= bodyLeft() && point.y() < kLanesBottom ? std::optional<QPoint>(point) : std::nullopt;
  if (m_isScrubbing) {
    m_hasScrubMoved = true;
    const int x = std::clamp(point.x(), bodyLeft(), bodyLeft() + bodyWidth());
    emit scrubbed(msForX(x));
  }
  if (m_hover || oldHover) update();
  const TimelineMark* mark = markAt(point);
  setCursor(mark ? Qt::PointingHandCursor : Qt::ArrowCursor);
  setToolTip(mark ? mark->accessible : QString());
}

void TimelineWidget::mouseReleaseEvent(QMouseEvent* event) {
  if (event->button() != Qt::LeftButton || !m_isScrubbing) return QWidget::mouseReleaseEvent(event);
  m_isScrubbing = false;
  const int x = std::clamp(event->position().toPoint().x(), bodyLeft(), bodyLeft() + bodyWidth());
  emit seekRequested(msForX(x));  // the exact picture
}

void TimelineWidget::wheelEvent(QWheelEvent* event) {
  const QPoint delta = event->angleDelta();
  if (event->modifiers() & Qt::ControlModifier) {
    if (delta.y() == 0) return;
    const double steps = delta.y() / 120.0;
    zoomTo(m_msPerPixel / std::pow(1.5, steps), msForX(static_cast<int>(event->position().x())));
  } else {
    const int amount = delta.x() != 0 ? delta.x() : delta.y();
    setViewStart(m_viewStartMs - amount / 120.0 * m_msPerPixel * bodyWidth() / 8);
  }
  event->accept();
}

void TimelineWidget::leaveEvent(QEvent* event) {
  m_hover.reset();
  update();
  QWidget::leaveEvent(event);
}

void TimelineWidget::focusInEvent(QFocusEvent* event) {
  update();
  QWidget::focusInEvent(event);
}

void TimelineWidget::focusOutEvent(QFocusEvent* event) {
  update();
  QWidget::focusOutEvent(event);
}

const QPixmap& TimelineWidget::thumbnailPixmap(std::size_t index, int height) {
  if (height != m_cachedThumbnailHeight) {
    m_thumbnailCache.assign(m_thumbnails.size(), QPixmap());
    m_cachedThumbnailHeight = height;
  }
  QPixmap& cached = m_thumbnailCache[index];
  if (cached.isNull() && !m_thumbnails[index].image.isNull())
    cached = QPixmap::fromImage(
        m_thumbnails[index].image.scaledToHeight(static_cast<int>(height * devicePixelRatioF()), Qt::SmoothTransformation));
  if (!cached.isNull()) cached.setDevicePixelRatio(devicePixelRatio());
  return cached;
}

}  // namespace vakspiegel::ui
