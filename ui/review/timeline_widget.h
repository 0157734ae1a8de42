// The review screen's timeline: one custom widget under the picture with a
// time ruler, the thumbnail strip, the waveform, the speech/silence lane
// (silences of 3 s or more marked), a lane per annotation layer (own, coach,
// citizen: each lane is labelled, points are diamonds and ranges bars, so
// colour is never the only cue), the marked in/out range and the playhead.
//
// A view: state comes in through setters, intent goes out through signals.
// Zoom from the whole conversation down to single pictures (Ctrl+wheel, the
// review screen's keys); click to seek; drag to scrub (scrubbed() while the
// mouse moves, for fast keyframe seeks, and seekRequested() on release, for
// the exact picture, as mpv's hr-seek does); hovering shows the thumbnail
// and time. Screen readers see a slider with the position and the
// annotations as its children (timeline_accessible.h).
#pragma once

#include <QImage>
#include <QPixmap>
#include <QString>
#include <QWidget>

#include <array>
#include <optional>
#include <vector>

#include "common/timeline_data.h"

class QScrollBar;

namespace vakspiegel::ui {

// One annotation as the timeline draws it.
struct TimelineMark {
  QString id;
  int lane = 0;  // 0 own, 1 coach, 2 citizen
  qint64 startMs = 0;
  std::optional<qint64> endMs;
  QString label;       // category, or the text's start
  QString accessible;  // what a screen reader says for it
};

class TimelineWidget : public QWidget {
  Q_OBJECT

 public:
  static constexpr int kLaneCount = 3;

  explicit TimelineWidget(QWidget* parent = nullptr);

  void setDuration(qint64 durationMs, qint64 frameMs);
  void setThumbnails(std::vector<ThumbnailImage> thumbnails);
  void setWaveform(media::WaveformPeaks peaks);
  void setSpeech(media::SpeechActivity speech);
  // Sorted by start here.
  void setMarks(std::vector<TimelineMark> marks);
  void setSelectedMark(const QString& id);
  void setPosition(qint64 positionMs);
  void setRange(std::optional<qint64> inMs, std::optional<qint64> outMs, bool isLooping);
  // While playing the view pages along with the playhead.
  void setFollowing(bool isFollowing) { m_isFollowing = isFollowing; }
  void clear();

  // Zoom: milliseconds per pixel, from the whole conversation to a picture
  // 48 pixels wide.
  void zoomIn();
  void zoomOut();
  void zoomAll();
  void zoomTo(double msPerPixel, qint64 anchorMs);
  [[nodiscard]] double msPerPixel() const { return m_msPerPixel; }
  [[nodiscard]] double minMsPerPixel() const;
  [[nodiscard]] double maxMsPerPixel() const;
  [[nodiscard]] qint64 viewStartMs() const { return static_cast<qint64>(m_viewStartMs); }
  [[nodiscard]] qint64 viewEndMs() const;

  [[nodiscard]] qint64 positionMs() const { return m_positionMs; }
  [[nodiscard]] qint64 durationMs() const { return m_durationMs; }
  [[nodiscard]] const std::vector<TimelineMark>& marks() const { return m_marks; }
  // The mark at `index` in time order; null past the end.
  [[nodiscard]] const TimelineMark* mark(int index) const;
  // Geometry, for tests and the accessible children.
  [[nodiscard]] int xForMs(qint64 ms) const;
  [[nodiscard]] qint64 msForX(int x) const;
  [[nodiscard]] QRect laneRect(int lane) const;
  [[nodiscard]] QRect markRect(const TimelineMark& mark) const;

 signals:
  void seekRequested(qint64 positionMs);
  void scrubbed(qint64 positionMs);
  void markActivated(const QString& id);
  void zoomChanged();

 protected:
  void paintEvent(QPaintEvent* event) override;
  void resizeEvent(QResizeEvent* event) override;
  void mousePressEvent(QMouseEvent* event) override;
  void mouseMoveEvent(QMouseEvent* event) override;
  void mouseReleaseEvent(QMouseEvent* event) override;
  void wheelEvent(QWheelEvent* event) override;
  void leaveEvent(QEvent* event) override;
  void focusInEvent(QFocusEvent* event) override;
  void focusOutEvent(QFocusEvent* event) override;

 private:
  friend class TimelinePainter;
  [[nodiscard]] int bodyLeft() const;
  [[nodiscard]] int bodyWidth() const;
  [[nodiscard]] const TimelineMark* markAt(const QPoint& point) const;
  void setViewStart(double startMs);
  void syncScrollBar();
  void keepInView(qint64 ms);
  [[nodiscard]] const QPixmap& thumbnailPixmap(std::size_t index, int height);

  qint64 m_durationMs = 0;
  qint64 m_frameMs = 40;
  qint64 m_positionMs = 0;
  double m_viewStartMs = 0;
  double m_msPerPixel = 0;  // 0: not yet laid out (zoomAll on the first resize)
  std::vector<ThumbnailImage> m_thumbnails;
  std::vector<QPixmap> m_thumbnailCache;  // scaled to the lane, by index
  int m_cachedThumbnailHeight = 0;
  media::WaveformPeaks m_waveform;
  media::SpeechActivity m_speech;
  std::vector<TimelineMark> m_marks;
  qint64 m_longestMarkMs = 0;
  std::array<int, kLaneCount> m_marksPerLane{};
  QString m_selectedMark;
  std::optional<qint64> m_inMs, m_outMs;
  bool m_isLooping = false;
  bool m_isFollowing = false;
  bool m_isScrubbing = false;
  bool m_hasScrubMoved = false;
  std::optional<QPoint> m_hover;
  QScrollBar* m_scrollBar;
};

}  // namespace vakspiegel::ui
