// Which FFmpeg libraries this build runs with. The media adapter's first
// piece: it proves the FFmpeg toolchain links, and `vakspiegel-cli version`
// shows it (support questions start here).
#pragma once

#include <string>
#include <vector>

namespace vakspiegel::media {

struct LibraryVersion {
  std::string name;     // "libavformat"
  std::string version;  // "59.27.100" (run time)
  bool matchesBuild = false;  // same major version as the headers built against
};

[[nodiscard]] std::vector<LibraryVersion> ffmpegLibraries();
// FFmpeg's own license string, e.g. "GPL version 2 or later" on Debian.
[[nodiscard]] std::string ffmpegLicense();

}  // namespace vakspiegel::media
