// Painting the timeline (timeline_widget.h): only what lies in the visible
// window is drawn, found by binary search, so 10,000 annotations on an hour
// paint as fast as ten (tests/bench/review_tool.cpp measures it).
#include <QFontDatabase>
#include <QLocale>
#include <QPaintEvent>
#include <QPainter>
#include <QPainterPath>
#include <QScrollBar>

#include <algorithm>
#include <array>
#include <cmath>

#include "common/qt_conversions.h"
#include "common/style.h"
#include "review/timeline_layout.h"
#include "review/timeline_widget.h"

namespace vakspiegel::ui {

using namespace timeline_layout;

namespace {

// The ruler's step: the smallest that leaves at least 90 pixels per label.
qint64 rulerStepMs(double msPerPixel, qint64 frameMs) {
  static constexpr std::array<qint64, 16> kSteps = {100,    200,    500,    1000,    2000,    5000,    10000,  15000,
                                                    30000,  60000,  120000, 300000,  600000,  900000,  1800000, 3600000};
  const double wanted = msPerPixel * 90;
  if (static_cast<double>(frameMs) >= wanted) return frameMs;
  for (const qint64 step : kSteps)
    if (static_cast<double>(step) >= wanted) return step;
  return kSteps.back();
}

// m:ss, and below a second's step the tenths or hundredths with the
// locale's decimal sign ("0:03,9").
QString rulerLabel(qint64 ms, qint64 stepMs) {
  const qint64 s = ms / 1000;  // whole seconds passed (a length would round)
  QString text = s >= 3600 ? QStringLiteral("%1:%2:%3").arg(s / 3600).arg(s / 60 % 60, 2, 10, QLatin1Char('0'))
                           : QString::number(s / 60);
  text += QStringLiteral(":%1").arg(s % 60, 2, 10, QLatin1Char('0'));
  if (stepMs >= 1000) return text;
  const int digits = stepMs % 100 == 0 ? 1 : 2;
  const qint64 fraction = digits == 1 ? ms % 1000 / 100 : ms % 1000 / 10;
  return text + QLocale().decimalPoint() + QStringLiteral("%1").arg(fraction, digits, 10, QLatin1Char('0'));
}

}  // namespace

class TimelinePainter {
 public:
  TimelinePainter(TimelineWidget& widget, QPainter& painter)
      : w(widget), p(painter), dark(isDarkPalette(widget)), pal(widget.palette()) {}

  void paint(const QRect& dirty) {
    p.fillRect(dirty, pal.color(QPalette::Base));
    paintHeader();
    p.save();
    p.setClipRect(QRect(w.bodyLeft(), 0, w.bodyWidth(), kLanesBottom).intersected(dirty));
    paintRange();
    paintRuler();
    paintThumbnails();
    paintWaveform();
    paintSpeech();
    paintMarks();
    paintPlayhead();
    paintHover();
    p.restore();
    if (w.hasFocus()) {
      QPen pen(pal.color(QPalette::Highlight), 2);
      p.setPen(pen);
      p.setBrush(Qt::NoBrush);
      p.drawRect(QRect(1, 1, w.width() - 2, kLanesBottom - 1));
    }
  }

 private:
  [[nodiscard]] QColor laneColor(int lane) const {
    static constexpr std::array<QRgb, 3> kLight = {0xff2f6fb3, 0xffb35a00, 0xff2e7d32};
    static constexpr std::array<QRgb, 3> kDark = {0xff7fb2ee, 0xfff0a050, 0xff81c784};
    return QColor::fromRgb((dark ? kDark : kLight)[static_cast<std::size_t>(std::clamp(lane, 0, 2))]);
  }
  [[nodiscard]] QColor faint() const {
    QColor c = pal.color(QPalette::Text);
    c.setAlpha(60);
    return c;
  }

  void paintHeader() {
    const QColor headerBg = pal.color(QPalette::Window);
    p.fillRect(QRect(0, 0, kHeaderWidth, w.height()), headerBg);
    p.setPen(pal.color(QPalette::WindowText));
    const auto label = [&](int top, int height, const QString& text) {
      p.drawText(QRect(6, top, kHeaderWidth - 10, height), Qt::AlignVCenter | Qt::AlignLeft, text);
    };
    label(kThumbTop, kThumbHeight, TimelineWidget::tr("Picture"));
    label(kWaveTop, kWaveHeight, TimelineWidget::tr("Sound"));
    label(kSpeechTop, kSpeechHeight, TimelineWidget::tr("Speech"));
    const QString lanes[] = {TimelineWidget::tr("Client manager"), TimelineWidget::tr("Coach"),
                             TimelineWidget::tr("Citizen")};
    for (int lane = 0; lane < TimelineWidget::kLaneCount; ++lane) {
      const int top = kLaneTop + lane * kLaneHeight;
      p.fillRect(QRect(2, top + 6, 4, kLaneHeight - 12), laneColor(lane));
      p.setPen(pal.color(QPalette::WindowText));
      label(top, kLaneHeight, QStringLiteral("  ") + lanes[lane]);
    }
  }

  void paintRuler() {
    const qint64 step = rulerStepMs(w.m_msPerPixel, w.m_frameMs);
    const qint64 first = w.viewStartMs() / step * step;
    p.setPen(pal.color(QPalette::Text));
    QFont small = p.font();
    small.setPointSizeF(small.pointSizeF() * 0.85);
    p.setFont(small);
    for (qint64 t = first; t <= w.viewEndMs() + step && t <= w.m_durationMs; t += step) {
      const int x = w.xForMs(t);
      if (x < w.bodyLeft()) continue;  // its label would be cut off
      p.setPen(faint());
      p.drawLine(x, kRulerTop + kRulerHeight - 6, x, kLanesBottom);
      p.setPen(pal.color(QPalette::Text));
      p.drawLine(x, kRulerTop + kRulerHeight - 6, x, kRulerTop + kRulerHeight);
      p.drawText(x + 3, kRulerTop + kRulerHeight - 7, rulerLabel(t, step));
    }
    p.setPen(faint());
    p.drawLine(w.bodyLeft(), kRulerTop + kRulerHeight, w.width(), kRulerTop + kRulerHeight);
  }

  void paintThumbnails() {
    const std::vector<ThumbnailImage>& thumbs = w.m_thumbnails;
    if (thumbs.empty()) {
      p.setPen(pal.color(QPalette::PlaceholderText));
      p.drawText(QRect(w.bodyLeft() + 8, kThumbTop, w.bodyWidth() - 16, kThumbHeight), Qt::AlignVCenter,
                 TimelineWidget::tr("No pictures for the timeline"));
      return;
    }
    const QImage& sample = thumbs.front().image;
    const int tileWidth =
        sample.height() > 0 ? std::max(24, kThumbHeight * sample.width() / sample.height()) : kThumbHeight * 16 / 9;
    auto first = std::upper_bound(thumbs.begin(), thumbs.end(), w.viewStartMs(),
                                  [](qint64 value, const ThumbnailImage& t) { return value < t.ptsMs; });
    if (first != thumbs.begin()) --first;
    const auto second = std::next(first);
    if (second != thumbs.end() && w.xForMs(second->ptsMs) - w.xForMs(first->ptsMs) >= tileWidth) {
      // Zoomed in past one thumbnail per tile: each at its own moment, once.
      // The one before the view stays at its left edge until the next comes.
      for (auto it = first; it != thumbs.end() && w.xForMs(it->ptsMs) < w.bodyLeft() + w.bodyWidth(); ++it) {
        const QPixmap& pixmap = w.thumbnailPixmap(static_cast<std::size_t>(it - thumbs.begin()), kThumbHeight);
        if (pixmap.isNull()) continue;
        int x = std::max(w.xForMs(it->ptsMs), w.bodyLeft());
        const auto next = std::next(it);
        if (next != thumbs.end()) x = std::min(x, w.xForMs(next->ptsMs) - tileWidth);
        p.drawPixmap(QPoint(x, kThumbTop), pixmap);
      }
      return;
    }
    // Tiles from the left edge of the view; each shows the thumbnail at or
    // before the time at its middle.
    for (int x = w.bodyLeft(); x < w.bodyLeft() + w.bodyWidth(); x += tileWidth) {
      const qint64 at = w.msForX(x + tileWidth / 2);
      auto after = std::upper_bound(thumbs.begin(), thumbs.end(), at,
                                    [](qint64 value, const ThumbnailImage& t) { return value < t.ptsMs; });
      const std::size_t index = after == thumbs.begin() ? 0 : static_cast<std::size_t>(after - thumbs.begin() - 1);
      const QPixmap& pixmap = w.thumbnailPixmap(index, kThumbHeight);
      if (!pixmap.isNull()) p.drawPixmap(QPoint(x, kThumbTop), pixmap);
    }
  }

  void paintWaveform() {
    const media::WaveformPeaks& peaks = w.m_waveform;
    const QRect area(w.bodyLeft(), kWaveTop, w.bodyWidth(), kWaveHeight);
    p.fillRect(area, dark ? QColor(0x20, 0x24, 0x28) : QColor(0xf1, 0xf3, 0xf5));
    if (peaks.minimum.empty() || peaks.peaksPerSecond <= 0) return;
    const double mid = area.center().y() + 0.5;
    const double half = area.height() / 2.0 - 1;
    const double bucketMs = 1000.0 / peaks.peaksPerSecond;
    const auto count = static_cast<std::int64_t>(peaks.minimum.size());
    QColor colour = pal.color(QPalette::Text);
    colour.setAlpha(170);
    p.setPen(colour);
    for (int x = area.left(); x < area.right(); ++x) {
      const double fromMs = w.m_viewStartMs + (x - w.bodyLeft()) * w.m_msPerPixel;
      const auto first = std::clamp<std::int64_t>(static_cast<std::int64_t>(fromMs / bucketMs), 0, count);
      const auto last = std::clamp<std::int64_t>(
          static_cast<std::int64_t>(std::ceil((fromMs + w.m_msPerPixel) / bucketMs)), first + 1, count);
      if (first >= count) break;
      std::int16_t low = peaks.minimum[static_cast<std::size_t>(first)];
      std::int16_t high = peaks.maximum[static_cast<std::size_t>(first)];
      for (std::int64_t k = first + 1; k < last; ++k) {
        low = std::min(low, peaks.minimum[static_cast<std::size_t>(k)]);
        high = std::max(high, peaks.maximum[static_cast<std::size_t>(k)]);
      }
      const int y0 = static_cast<int>(mid - high / 32768.0 * half);
      const int y1 = static_cast<int>(mid - low / 32768.0 * half);
      p.drawLine(x, y0, x, std::max(y0, y1));
    }
  }

  void paintSpeech() {
    const QRect area(w.bodyLeft(), kSpeechTop, w.bodyWidth(), kSpeechHeight);
    const std::vector<media::SpeechSegment>& segments = w.m_speech.segments;
    const qint64 fromUs = w.viewStartMs() * 1000, toUs = w.viewEndMs() * 1000;
    auto it = std::upper_bound(segments.begin(), segments.end(), fromUs,
                               [](qint64 value, const media::SpeechSegment& s) { return value < s.endUs; });
    QColor speech = pal.color(QPalette::Text);
    speech.setAlpha(110);
    for (; it != segments.end() && it->startUs <= toUs; ++it) {
      const int x0 = std::max(w.xForMs(it->startUs / 1000), area.left());
      const int x1 = std::min(w.xForMs(it->endUs / 1000), area.right());
      if (x1 <= x0 && !it->isLongSilence) continue;
      if (it->isSpeech) {
        p.fillRect(QRect(x0, area.top() + 5, std::max(1, x1 - x0), area.height() - 10), speech);
      } else if (it->isLongSilence) {
        // Hatched and labelled with its length: not colour alone.
        const QRect box(x0, area.top() + 1, std::max(2, x1 - x0), area.height() - 2);
        p.fillRect(box, QBrush(pal.color(QPalette::Highlight), Qt::BDiagPattern));
        const QString text = TimelineWidget::tr("silence %1 s").arg((it->endUs - it->startUs) / 1'000'000);
        if (p.fontMetrics().horizontalAdvance(text) + 6 < box.width()) {
          p.setPen(pal.color(QPalette::Text));
          p.drawText(box.adjusted(3, 0, 0, 0), Qt::AlignVCenter | Qt::AlignLeft, text);
        }
      }
    }
  }

  void paintMarks() {
    const std::vector<TimelineMark>& marks = w.m_marks;
    for (int lane = 0; lane < TimelineWidget::kLaneCount; ++lane) {
      const QRect r = w.laneRect(lane);
      p.fillRect(r, lane % 2 == 0 ? pal.color(QPalette::Base) : pal.color(QPalette::AlternateBase));
    }
    const auto slack = static_cast<qint64>(8 * w.m_msPerPixel);
    auto it = std::lower_bound(marks.begin(), marks.end(), w.viewStartMs() - w.m_longestMarkMs - slack,
                               [](const TimelineMark& m, qint64 value) { return m.startMs < value; });
    const qint64 end = w.viewEndMs() + slack;
    int lastLabelEnd[TimelineWidget::kLaneCount] = {INT_MIN, INT_MIN, INT_MIN};
    int lastPointX[TimelineWidget::kLaneCount] = {INT_MIN, INT_MIN, INT_MIN};
    int stacked[TimelineWidget::kLaneCount] = {0, 0, 0};  // points drawn at lastPointX
    QRect lastPointBox[TimelineWidget::kLaneCount];
    // Several notes on one spot: "×3" beside the diamond, so none is hidden.
    const auto showStack = [&](int lane) {
      if (stacked[lane] < 2) return;
      const QString count = QStringLiteral("×%1").arg(stacked[lane]);
      const QRect box = lastPointBox[lane];
      const QRect badge(box.left() - 2, box.top() - 1, p.fontMetrics().horizontalAdvance(count) + 4, 11);
      QFont small = p.font();
      small.setPointSizeF(small.pointSizeF() * 0.75);
      small.setBold(true);
      p.save();
      p.setFont(small);
      p.fillRect(badge.translated(0, -4), pal.color(QPalette::Base));
      p.setPen(pal.color(QPalette::Text));
      p.drawText(badge.translated(0, -4), Qt::AlignCenter, count);
      p.restore();
    };
    for (; it != marks.end() && it->startMs <= end; ++it) {
      const TimelineMark& mark = *it;
      const int lane = std::clamp(mark.lane, 0, TimelineWidget::kLaneCount - 1);
      const QRect box = w.markRect(mark);
      const bool selected = mark.id == w.m_selectedMark;
      const QColor colour = laneColor(lane);
      if (mark.endMs) {
        if (box.right() < w.bodyLeft()) continue;
        QColor fill = colour;
        fill.setAlpha(selected ? 230 : 150);
        p.fillRect(box, fill);
        p.setPen(QPen(selected ? pal.color(QPalette::Text) : colour.darker(130), selected ? 2 : 1));
        p.drawRect(box.adjusted(0, 0, -1, -1));
      } else {
        // Many points in one pixel column are drawn once, with their count.
        if (box.center().x() == lastPointX[lane]) {
          ++stacked[lane];
          if (!selected) continue;
        } else {
          showStack(lane);
          stacked[lane] = 1;
        }
        lastPointX[lane] = box.center().x();
        lastPointBox[lane] = box;
        QPainterPath diamond;
        const QPointF c = QRectF(box).center();
        diamond.moveTo(c.x(), box.top());
        diamond.lineTo(box.right() + 1, c.y());
        diamond.lineTo(c.x(), box.bottom() + 1);
        diamond.lineTo(box.left(), c.y());
        diamond.closeSubpath();
        p.setRenderHint(QPainter::Antialiasing, true);
        p.setPen(QPen(selected ? pal.color(QPalette::Text) : colour.darker(130), selected ? 2 : 1));
        p.setBrush(colour);
        p.drawPath(diamond);
        p.setRenderHint(QPainter::Antialiasing, false);
      }
      // The label where it fits and does not overlap the one before.
      const int textLeft = mark.endMs ? box.left() + 3 : box.right() + 3;
      if (textLeft > lastLabelEnd[lane] && !mark.label.isEmpty()) {
        int room = mark.endMs ? box.width() - 6 : 160;
        // Up to the next mark in the lane, so a label never runs under it.
        for (auto next = std::next(it); next != marks.end() && next - it < 64; ++next) {
          if (next->lane != mark.lane) continue;
          room = std::min(room, w.markRect(*next).left() - 4 - textLeft);
          break;
        }
        if (room > 24) {
          const QString text = p.fontMetrics().elidedText(mark.label, Qt::ElideRight, room);
          p.setPen(pal.color(QPalette::Text));
          p.drawText(QRect(textLeft, box.top(), room, box.height()), Qt::AlignVCenter | Qt::AlignLeft, text);
          lastLabelEnd[lane] = textLeft + p.fontMetrics().horizontalAdvance(text) + 4;
        }
      }
    }
    for (int lane = 0; lane < TimelineWidget::kLaneCount; ++lane) showStack(lane);
    p.setBrush(Qt::NoBrush);
    for (int lane = 0; lane < TimelineWidget::kLaneCount; ++lane) {
      if (w.m_marksPerLane[static_cast<std::size_t>(lane)] > 0 || w.m_durationMs <= 0) continue;
      p.setPen(pal.color(QPalette::PlaceholderText));
      p.drawText(w.laneRect(lane).adjusted(8, 0, 0, 0), Qt::AlignVCenter | Qt::AlignLeft,
                 TimelineWidget::tr("No notes in this layer"));
    }
  }

  void paintRange() {
    if (!w.m_inMs && !w.m_outMs) return;
    const int x0 = w.m_inMs ? w.xForMs(*w.m_inMs) : w.bodyLeft();
    const int x1 = w.m_outMs ? w.xForMs(*w.m_outMs) : w.bodyLeft() + w.bodyWidth();
    QColor shade = pal.color(QPalette::Highlight);
    shade.setAlpha(w.m_isLooping ? 70 : 35);
    p.fillRect(QRect(x0, 0, std::max(1, x1 - x0), kLanesBottom), shade);
    p.setPen(QPen(pal.color(QPalette::Highlight), 2));
    if (w.m_inMs) {
      p.drawLine(x0, 0, x0, kLanesBottom);
      p.drawText(x0 + 3, kRulerTop + 11, TimelineWidget::tr("in"));
    }
    if (w.m_outMs) {
      p.drawLine(x1, 0, x1, kLanesBottom);
      p.drawText(x1 - 3 - p.fontMetrics().horizontalAdvance(TimelineWidget::tr("out")), kRulerTop + 11,
                 TimelineWidget::tr("out"));
    }
  }

  void paintPlayhead() {
    if (w.m_durationMs <= 0) return;
    const int x = w.xForMs(w.m_positionMs);
    const QColor colour = dark ? QColor(0xff, 0x6b, 0x6b) : QColor(0xc6, 0x28, 0x28);
    p.setPen(QPen(colour, 2));
    p.drawLine(x, kRulerTop, x, kLanesBottom);
    QPainterPath head;
    head.moveTo(x - 5, kRulerTop);
    head.lineTo(x + 5, kRulerTop);
    head.lineTo(x, kRulerTop + 7);
    head.closeSubpath();
    p.fillPath(head, colour);
  }

  void paintHover() {
    if (!w.m_hover || w.m_isScrubbing || w.m_durationMs <= 0) return;
    const QPoint at = *w.m_hover;
    const qint64 ms = w.msForX(at.x());
    p.setPen(QPen(faint(), 1, Qt::DashLine));
    p.drawLine(at.x(), kRulerTop, at.x(), kLanesBottom);
    // The card: the thumbnail at that moment, enlarged, and the time.
    const QString time = formatMediaTime(ms);
    const QImage* image = nullptr;
    if (!w.m_thumbnails.empty()) {
      auto after = std::upper_bound(w.m_thumbnails.begin(), w.m_thumbnails.end(), ms,
                                    [](qint64 value, const ThumbnailImage& t) { return value < t.ptsMs; });
      image = &(after == w.m_thumbnails.begin() ? *after : *std::prev(after)).image;
    }
    const int imageHeight = image && image->width() > 0 ? kHoverWidth * image->height() / image->width() : 0;
    const int textHeight = p.fontMetrics().height() + 4;
    QRect card(at.x() + 12, kThumbTop, kHoverWidth + 8, imageHeight + textHeight + 8);
    if (card.right() > w.bodyLeft() + w.bodyWidth()) card.moveRight(at.x() - 12);
    card.setHeight(std::min(card.height(), kLanesBottom - card.top()));
    p.fillRect(card, pal.color(QPalette::ToolTipBase));
    p.setPen(pal.color(QPalette::ToolTipText));
    p.drawRect(card.adjusted(0, 0, -1, -1));
    if (image && imageHeight > 0)
      p.drawImage(QRect(card.left() + 4, card.top() + 4, kHoverWidth, imageHeight), *image);
    p.drawText(QRect(card.left() + 4, card.bottom() - textHeight - 2, kHoverWidth, textHeight), Qt::AlignCenter,
               time);
  }

  TimelineWidget& w;
  QPainter& p;
  bool dark;
  QPalette pal;
};

void TimelineWidget::paintEvent(QPaintEvent* event) {
  QPainter painter(this);
  TimelinePainter(*this, painter).paint(event->rect());
}

}  // namespace vakspiegel::ui
