// The one place where core and media values become Qt values and back:
// strings, media times (engine: int64 microseconds; widgets: milliseconds),
// local wall-clock times, and decoded pictures as QVideoFrames.
#pragma once

#include <QString>
#include <QVideoFrame>

#include <cstdint>
#include <string>

#include "core/clock.h"

namespace vakspiegel::media {
class Picture;
}

namespace vakspiegel::ui {

[[nodiscard]] inline QString toQString(const std::string& text) {
  return QString::fromStdString(text);
}

// Media time for widgets, rounded UP to the millisecond: seeking back to a
// shown position (msToUs of it) then lands on the same picture, also at frame
// rates whose pictures start between two milliseconds (30 fps: 33.333 ms).
[[nodiscard]] qint64 usToMs(std::int64_t us);
[[nodiscard]] inline std::int64_t msToUs(qint64 ms) {
  return static_cast<std::int64_t>(ms) * 1000;
}

// "mm:ss.mmm" (minutes keep counting past 59: "75:03.120"); negative is 0.
[[nodiscard]] QString formatMediaTime(qint64 ms);
// A length in whole seconds, rounded, as a clock shows it: "0:08", "2:18",
// "1:02:03".
[[nodiscard]] QString formatMediaLength(qint64 ms);
// A date and time in the user's locale and time zone, e.g. "18-11-2026 14:03".
[[nodiscard]] QString formatLocalTime(WallTime time);
// The date alone, e.g. "18-11-2026".
[[nodiscard]] QString formatLocalDate(WallTime time);

// A copy of the picture as a QVideoFrame (YUV420P, planes copied row by row
// as each side's stride demands), timed in microseconds, with the clockwise
// rotation that shows it upright (0, 90, 180 or 270; anything else is 0).
[[nodiscard]] QVideoFrame toVideoFrame(const media::Picture& picture, int rotationDegrees);

}  // namespace vakspiegel::ui
