// What the review screen's timeline shows of a recording besides its
// annotations, ready for painting: thumbnails decoded to images, the
// waveform's peaks and the speech/silence segments. Made on the use-case
// worker (decoding hundreds of JPEGs never runs on the GUI thread).
#pragma once

#include <QImage>

#include <vector>

#include "app/playback_service.h"

namespace vakspiegel::ui {

struct ThumbnailImage {
  qint64 ptsMs = 0;
  QImage image;
};

struct TimelineImages {
  std::vector<ThumbnailImage> thumbnails;  // by time
  media::WaveformPeaks waveform;
  media::SpeechActivity speech;
};

// Decodes the strip's JPEGs; with `atMost` > 0 only that many, evenly
// spread (a first strip for the whole conversation, the rest later).
[[nodiscard]] std::vector<ThumbnailImage> decodeThumbnails(const media::ThumbnailStrip& strip, std::size_t atMost = 0);

}  // namespace vakspiegel::ui
