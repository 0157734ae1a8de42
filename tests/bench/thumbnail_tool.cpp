// Thumbnails alone, for import_bench.sh to time against ffmpeg's fps filter:
//   thumbnail_tool FILE INTERVAL_SECONDS WIDTH
// Prints the number of thumbnails and their total JPEG bytes.
#include <cstdio>
#include <cstdlib>
#include <string>

#include "media/import.h"

int main(int argc, char** argv) {
  if (argc != 4) {
    std::fprintf(stderr, "usage: thumbnail_tool FILE INTERVAL_SECONDS WIDTH\n");
    return 64;
  }
  const auto intervalUs = static_cast<std::int64_t>(std::atof(argv[2]) * 1e6);
  const int width = std::atoi(argv[3]);
  auto strip = vakspiegel::media::extractThumbnails(argv[1], intervalUs, width);
  if (!strip) {
    std::fprintf(stderr, "thumbnail_tool: %s\n", strip.error().message.c_str());
    return 1;
  }
  std::size_t bytes = 0;
  for (const auto& frame : strip->frames) bytes += frame.jpeg.size();
  std::printf("%zu thumbnails, %zu bytes\n", strip->frames.size(), bytes);
  return 0;
}
