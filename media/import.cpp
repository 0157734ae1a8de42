// importMedia(): one pass over the source that writes the fragmented MP4 and
// computes the derived data (thumbnails, waveform, speech activity). A remux
// decodes for them on two threads of their own (PacketThread), so its own
// thread only reads, copies and writes; a transcode decodes everything anyway.
//
// Remux or transcode: an H.264 (+ AAC) source is remuxed optimistically; the
// keyframe spacing is only known by reading, so when a gap above 2 s shows
// up the sink is restarted and the source transcoded instead. Reading goes
// on past damage (the demuxer resynchronises, the decoder skips to the next
// clean keyframe) and stops at a truncated end; both are reported with
// media times. Media time 0 is the source's first timestamp.
//
// The pass itself: ImportPass (internal/import_pass.h, import_pass.cpp).
#include "media/import.h"

#include <optional>
#include <string>
#include <utility>

#include "media/internal/ffmpeg_util.h"
#include "media/internal/import_pass.h"
#include "media/internal/media_input.h"
#include "media/internal/mp4_writer.h"

namespace vakspiegel::media {

using import_detail::ImportPass;
using import_detail::PassOutcome;
using import_detail::ProgressReporter;

namespace {

// Why an H.264 (+ AAC) remux is impossible, or nothing when it may be tried.
std::optional<std::string> whyNotRemux(const AVFormatContext& format, const StreamChoice& streams) {
  const AVCodecParameters& video = *format.streams[streams.video]->codecpar;
  if (video.codec_id != AV_CODEC_ID_H264) return "video codec " + ff::codecName(&video);
  // Players decode 8-bit 4:2:0 H.264 everywhere; 10-bit or 4:2:2 not.
  const auto pixels = static_cast<AVPixelFormat>(video.format);
  if (pixels != AV_PIX_FMT_NONE && pixels != AV_PIX_FMT_YUV420P && pixels != AV_PIX_FMT_YUVJ420P) {
    const char* name = av_get_pix_fmt_name(pixels);
    return std::string("pixel format ") + (name != nullptr ? name : "unknown");
  }
  if (streams.audio >= 0) {
    const AVCodecParameters& audio = *format.streams[streams.audio]->codecpar;
    if (audio.codec_id != AV_CODEC_ID_AAC) return "audio codec " + ff::codecName(&audio);
    if (!Mp4Writer::canCopy(audio)) return "audio AAC without a usual configuration";
  }
  return std::nullopt;
}

Status checkOptions(const ImportOptions& options) {
  if (options.thumbnailIntervalUs <= 0 || options.thumbnailWidth < 2 || options.thumbnailWidth > 4096 ||
      options.crf < 0 || options.crf > 51 || options.x264Preset.empty()) {
    return fail(ErrorCode::InvalidArgument, "import options out of range");
  }
  return {};
}

}  // namespace

Result<ImportReport> importMedia(const std::filesystem::path& source, OutputSink& output, const ImportOptions& options,
                                 const ProgressCallback& progress) {
  VS_TRY(checkOptions(options));
  ProgressReporter reporter(progress);
  MediaInput input = VS_TRY(MediaInput::openFile(source));
  StreamChoice streams = VS_TRY(chooseStreams(input.format()));
  const ProbeInfo sourceInfo = VS_TRY(describeInput(input, streams));
  VS_TRY(reporter.start());

  const std::optional<std::string> notRemuxable = whyNotRemux(*input.format(), streams);
  ImportMode mode = options.forceMode.value_or(notRemuxable ? ImportMode::Transcode : ImportMode::Remux);
  std::string transcodeReason;
  if (mode == ImportMode::Remux && notRemuxable) {
    return fail(ErrorCode::InvalidArgument, "cannot remux: " + *notRemuxable);
  }
  if (mode == ImportMode::Transcode) transcodeReason = notRemuxable.value_or("transcode forced");

  std::optional<PassOutcome> outcome;
  if (mode == ImportMode::Remux) {
    ImportPass pass(input, streams, output, options, reporter);
    outcome = VS_TRY(pass.remux(!options.forceMode.has_value()));
  }
  if (outcome && outcome->fallbackReason) {
    // What was written is useless: start over, transcoding.
    mode = ImportMode::Transcode;
    transcodeReason = *outcome->fallbackReason;
    VS_TRY(output.restart());
    input = VS_TRY(MediaInput::openFile(source));
    streams = VS_TRY(chooseStreams(input.format()));
  }
  if (mode == ImportMode::Transcode) {
    ImportPass pass(input, streams, output, options, reporter);
    outcome = VS_TRY(pass.transcode());
  }
  ImportReport report = std::move(outcome->report);
  report.transcodeReason = std::move(transcodeReason);
  report.source = sourceInfo;
  VS_TRY(reporter.finish());
  return report;
}

}  // namespace vakspiegel::media
