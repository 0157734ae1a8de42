// probe(): what a source file holds, and whether it can be imported at all
// (a video stream with a decoder, sound with a decoder).
#include "media/import.h"

#include "media/internal/media_input.h"

namespace vakspiegel::media {

StreamInfo describeStream(const AVStream* stream) {
  StreamInfo info;
  const AVCodecParameters* parameters = stream->codecpar;
  info.codec = ff::codecName(parameters);
  if (parameters->codec_type == AVMEDIA_TYPE_VIDEO) {
    info.width = parameters->width;
    info.height = parameters->height;
    info.rotationDegrees = ff::rotationDegrees(stream);
  } else if (parameters->codec_type == AVMEDIA_TYPE_AUDIO) {
    info.sampleRate = parameters->sample_rate;
    info.channels = parameters->ch_layout.nb_channels;
  }
  return info;
}

Result<ProbeInfo> describeInput(const MediaInput& input, const StreamChoice& streams) {
  const AVFormatContext* format = input.format();
  ProbeInfo info;
  info.container = format->iformat->name;
  info.durationUs = input.durationUs();
  info.video = describeStream(format->streams[streams.video]);
  if (streams.audio >= 0) info.audio = describeStream(format->streams[streams.audio]);
  // A decoder can exist and still refuse a stream (a profile it lacks).
  for (int index : {streams.video, streams.audio}) {
    if (index < 0) continue;
    VS_TRY(ff::openDecoder(format->streams[index], ff::DecodeFrames::All));
  }
  return info;
}

Result<ProbeInfo> probe(const std::filesystem::path& source) {
  const MediaInput input = VS_TRY(MediaInput::openFile(source));
  const StreamChoice streams = VS_TRY(chooseStreams(input.format()));
  return describeInput(input, streams);
}

}  // namespace vakspiegel::media
