// The FFmpeg libraries the build links are the ones it runs with (Debian 12: FFmpeg 5.1).
#include "media/media_info.h"

#include <gtest/gtest.h>

namespace vakspiegel::media {
namespace {

TEST(MediaInfo, RunsWithTheFfmpegMajorVersionsItWasBuiltAgainst) {
  const auto libraries = ffmpegLibraries();
  ASSERT_EQ(libraries.size(), 6u);
  for (const LibraryVersion& library : libraries) {
    EXPECT_TRUE(library.matchesBuild) << library.name << " " << library.version;
    EXPECT_NE(library.version.find('.'), std::string::npos) << library.name;
  }
  EXPECT_EQ(libraries[0].name, "libavformat");
}

TEST(MediaInfo, ReportsACompatibleFfmpegLicense) {
  // EUPL-1.2 is compatible with (L)GPL builds of FFmpeg; Debian ships GPL.
  const std::string license = ffmpegLicense();
  EXPECT_TRUE(license.find("GPL") != std::string::npos) << license;
}

}  // namespace
}  // namespace vakspiegel::media
