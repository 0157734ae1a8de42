// inspect(): reads an imported recording back out of its vault container
// (through the decrypting AVIOContext) and demuxes every packet, so an import
// is verified before its source is wiped.
#include "media/import.h"

#include <algorithm>
#include <limits>

#include "core/i18n.h"
#include "media/internal/media_input.h"

namespace vakspiegel::media {
namespace {

Error damagedRecording() {
  return {ErrorCode::CorruptData,
          tr("The stored recording is damaged: it cannot be read to the end. Import the original file again.")};
}

}  // namespace

Result<MediaSummary> inspect(ChunkedFileReader& reader) {
  MediaInput input = VS_TRY(MediaInput::openContainer(reader, "mp4"));
  AVFormatContext* format = input.format();
  const int videoIndex = av_find_best_stream(format, AVMEDIA_TYPE_VIDEO, -1, -1, nullptr, 0);
  if (videoIndex < 0) {
    return fail(ErrorCode::CorruptData, tr("The stored recording holds no video. Import the original file again."));
  }
  const int audioIndex = av_find_best_stream(format, AVMEDIA_TYPE_AUDIO, -1, videoIndex, nullptr, 0);
  const AVStream* video = format->streams[videoIndex];

  MediaSummary summary;
  summary.videoCodec = ff::codecName(video->codecpar);
  if (audioIndex >= 0) summary.audioCodec = ff::codecName(format->streams[audioIndex]->codecpar);
  const DisplaySize size = displayedSize(video);
  summary.width = size.width;
  summary.height = size.height;
  summary.rotationDegrees = ff::rotationDegrees(video);

  ff::Packet packet(av_packet_alloc());
  if (!packet) return fail(ErrorCode::Internal, tr("Out of memory."));
  std::int64_t firstUs = std::numeric_limits<std::int64_t>::max();
  std::int64_t endUs = std::numeric_limits<std::int64_t>::min();
  std::int64_t lastKeyframeUs = -1;
  std::int64_t lastVideoUs = -1;
  while (true) {
    const int read = av_read_frame(format, packet.get());
    if (read == AVERROR_EOF) break;
    if (read < 0) {
      if (auto error = input.readerError()) return fail(*error);
      return fail(damagedRecording());
    }
    const AVStream* stream = format->streams[packet->stream_index];
    const std::int64_t timestamp = packet->pts != AV_NOPTS_VALUE ? packet->pts : packet->dts;
    if (timestamp != AV_NOPTS_VALUE && (packet->stream_index == videoIndex || packet->stream_index == audioIndex)) {
      const std::int64_t atUs = ff::toMicroseconds(timestamp, stream->time_base);
      firstUs = std::min(firstUs, atUs);
      endUs = std::max(endUs, atUs + ff::toMicroseconds(packet->duration, stream->time_base));
      if (packet->stream_index == videoIndex) {
        ++summary.videoPackets;
        if ((packet->flags & AV_PKT_FLAG_KEY) != 0) {
          if (lastKeyframeUs >= 0) summary.maxKeyframeGapUs = std::max(summary.maxKeyframeGapUs, atUs - lastKeyframeUs);
          lastKeyframeUs = atUs;
        }
        lastVideoUs = std::max(lastVideoUs, atUs);
      } else {
        ++summary.audioPackets;
      }
    }
    av_packet_unref(packet.get());
  }
  if (summary.videoPackets == 0) {
    return fail(ErrorCode::CorruptData, tr("The stored recording holds no video. Import the original file again."));
  }
  // The last stretch counts too: seeking there decodes from its keyframe.
  if (lastKeyframeUs >= 0) summary.maxKeyframeGapUs = std::max(summary.maxKeyframeGapUs, lastVideoUs - lastKeyframeUs);
  summary.durationUs = endUs > firstUs ? endUs - firstUs : 0;
  return summary;
}

}  // namespace vakspiegel::media
