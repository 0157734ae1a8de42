// Decoding a thumbnail strip; see timeline_data.h.
#include "common/timeline_data.h"

namespace vakspiegel::ui {

std::vector<ThumbnailImage> decodeThumbnails(const media::ThumbnailStrip& strip, std::size_t atMost) {
  const std::size_t count = strip.frames.size();
  const std::size_t step = atMost > 0 && count > atMost ? (count + atMost - 1) / atMost : 1;
  std::vector<ThumbnailImage> images;
  images.reserve(count / step + 1);
  for (std::size_t i = 0; i < count; i += step) {
    const media::Thumbnail& frame = strip.frames[i];
    QImage image;
    if (!image.loadFromData(frame.jpeg.data(), static_cast<int>(frame.jpeg.size()), "JPEG")) continue;
    images.push_back({frame.ptsUs / 1000, std::move(image)});
  }
  return images;
}

}  // namespace vakspiegel::ui
