// The rows of the timeline (timeline_widget.h), top to bottom, in pixels:
// shared by its geometry, its painting and its tests.
#pragma once

namespace vakspiegel::ui::timeline_layout {

inline constexpr int kHeaderWidth = 120;  // the lane labels on the left
inline constexpr int kRulerTop = 0, kRulerHeight = 22;
inline constexpr int kThumbTop = kRulerTop + kRulerHeight, kThumbHeight = 54;
inline constexpr int kWaveTop = kThumbTop + kThumbHeight + 2, kWaveHeight = 44;
inline constexpr int kSpeechTop = kWaveTop + kWaveHeight + 2, kSpeechHeight = 18;
inline constexpr int kLaneTop = kSpeechTop + kSpeechHeight + 4, kLaneHeight = 24;
inline constexpr int kLanesBottom = kLaneTop + 3 * kLaneHeight;
inline constexpr int kScrollBarGap = 2;
// A picture at the deepest zoom.
inline constexpr int kPixelsPerPictureAtDeepestZoom = 48;
// Hover card: the thumbnail, enlarged, and the time.
inline constexpr int kHoverWidth = 192;

}  // namespace vakspiegel::ui::timeline_layout
