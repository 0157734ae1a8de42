// FFmpeg library versions; see media_info.h.
#include "media/media_info.h"

extern "C" {
#include <libavcodec/avcodec.h>
#include <libavfilter/avfilter.h>
#include <libavformat/avformat.h>
#include <libavutil/avutil.h>
#include <libswresample/swresample.h>
#include <libswscale/swscale.h>
}

#include <fmt/format.h>

namespace vakspiegel::media {
namespace {

LibraryVersion describe(const char* name, unsigned runTime, unsigned buildTime) {
  return {name, fmt::format("{}.{}.{}", AV_VERSION_MAJOR(runTime), AV_VERSION_MINOR(runTime), AV_VERSION_MICRO(runTime)),
          AV_VERSION_MAJOR(runTime) == AV_VERSION_MAJOR(buildTime)};
}

}  // namespace

std::vector<LibraryVersion> ffmpegLibraries() {
  return {describe("libavformat", avformat_version(), LIBAVFORMAT_VERSION_INT),
          describe("libavcodec", avcodec_version(), LIBAVCODEC_VERSION_INT),
          describe("libavfilter", avfilter_version(), LIBAVFILTER_VERSION_INT),
          describe("libavutil", avutil_version(), LIBAVUTIL_VERSION_INT),
          describe("libswscale", swscale_version(), LIBSWSCALE_VERSION_INT),
          describe("libswresample", swresample_version(), LIBSWRESAMPLE_VERSION_INT)};
}

std::string ffmpegLicense() { return avformat_license(); }

}  // namespace vakspiegel::media
