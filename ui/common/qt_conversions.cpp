#include "common/qt_conversions.h"

#include <QDateTime>
#include <QLocale>
#include <QVideoFrameFormat>

#include <algorithm>
#include <cstring>

#include "media/player.h"

namespace vakspiegel::ui {

qint64 usToMs(std::int64_t us) {
  if (us <= 0) return us / 1000;  // toward zero: -999 us is 0 ms
  return static_cast<qint64>((us + 999) / 1000);
}

QString formatMediaTime(qint64 ms) {
  ms = std::max<qint64>(ms, 0);
  const qint64 minutes = ms / 60'000;
  const qint64 seconds = ms / 1000 % 60;
  const qint64 millis = ms % 1000;
  return QStringLiteral("%1:%2.%3")
      .arg(minutes, 2, 10, QLatin1Char('0'))
      .arg(seconds, 2, 10, QLatin1Char('0'))
      .arg(millis, 3, 10, QLatin1Char('0'));
}

QString formatMediaLength(qint64 ms) {
  const qint64 seconds = (std::max<qint64>(ms, 0) + 500) / 1000;
  if (seconds < 3600)
    return QStringLiteral("%1:%2").arg(seconds / 60).arg(seconds % 60, 2, 10, QLatin1Char('0'));
  return QStringLiteral("%1:%2:%3")
      .arg(seconds / 3600)
      .arg(seconds / 60 % 60, 2, 10, QLatin1Char('0'))
      .arg(seconds % 60, 2, 10, QLatin1Char('0'));
}

QString formatLocalTime(WallTime time) {
  const QDateTime local = QDateTime::fromSecsSinceEpoch(toUnixSeconds(time)).toLocalTime();
  return QLocale().toString(local, QLocale::ShortFormat);
}

QString formatLocalDate(WallTime time) {
  const QDateTime local = QDateTime::fromSecsSinceEpoch(toUnixSeconds(time)).toLocalTime();
  return QLocale().toString(local.date(), QLocale::ShortFormat);
}

namespace {

QVideoFrame::RotationAngle rotationAngle(int degrees) {
  switch (degrees) {
    case 90: return QVideoFrame::Rotation90;
    case 180: return QVideoFrame::Rotation180;
    case 270: return QVideoFrame::Rotation270;
    default: return QVideoFrame::Rotation0;
  }
}

}  // namespace

QVideoFrame toVideoFrame(const media::Picture& picture, int rotationDegrees) {
  const int width = picture.width();
  const int height = picture.height();
  QVideoFrame frame(QVideoFrameFormat(QSize(width, height), QVideoFrameFormat::Format_YUV420P));
  if (!frame.map(QVideoFrame::WriteOnly)) return {};
  for (int plane = 0; plane < 3; ++plane) {
    const std::uint8_t* from = picture.plane(plane);
    const int fromStride = picture.stride(plane);
    uchar* to = frame.bits(plane);
    const int toStride = frame.bytesPerLine(plane);
    // Qt sizes an odd-width frame's chroma rows as half the luma stride: never
    // write past what either side holds.
    const int rowBytes = std::min({plane == 0 ? width : (width + 1) / 2, fromStride, toStride});
    const int rows =
        std::min(plane == 0 ? height : (height + 1) / 2, toStride > 0 ? frame.mappedBytes(plane) / toStride : 0);
    for (int row = 0; row < rows; ++row)
      std::memcpy(to + static_cast<std::ptrdiff_t>(row) * toStride,
                  from + static_cast<std::ptrdiff_t>(row) * fromStride, static_cast<std::size_t>(rowBytes));
  }
  frame.unmap();
  frame.setStartTime(picture.ptsUs());
  frame.setEndTime(picture.ptsUs() + picture.durationUs());
  frame.setRotationAngle(rotationAngle(rotationDegrees));
  return frame;
}

}  // namespace vakspiegel::ui
