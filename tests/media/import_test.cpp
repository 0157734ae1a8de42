// Tests of importMedia() (media/import.h): every container and codec a
// camera, phone or screen recorder produces comes out as H.264 + AAC in a
// fragmented MP4 inside a real vault container, read back with inspect();
// remux versus transcode; variable frame rate and rotation survive; progress
// and cancel; and what goes wrong: a failing sink, truncated and damaged
// sources. Source media are generated with ffmpeg and espeak-ng.
#include "media/import.h"

#include <algorithm>
#include <cmath>
#include <string>
#include <tuple>
#include <vector>

#include <gtest/gtest.h>

#include "core/i18n.h"
#include "media/media_fixtures.h"

namespace vakspiegel::media {
namespace {

using test::TempDir;

constexpr std::int64_t kSecond = 1'000'000;

struct ImportedFile {
  ImportReport report;
  MediaSummary summary;
  int restarts = 0;
};

// Imports `source` into a vault container and inspects the result.
ImportedFile importAndInspect(const TempDir& dir, const std::filesystem::path& source,
                              const ImportOptions& options = {}) {
  ImportedFile result;
  test::VaultSink sink(dir / "imported.vsc");
  auto report = importMedia(source, sink, options);
  EXPECT_TRUE(report.has_value()) << report.error().message;
  if (!report) return result;
  result.report = std::move(*report);
  result.restarts = sink.restarts();
  EXPECT_EQ(result.report.bytesWritten, sink.bytes());
  auto reader = sink.commitAndOpen();
  if (!reader) return result;
  auto summary = inspect(*reader);
  EXPECT_TRUE(summary.has_value()) << summary.error().message;
  if (summary) result.summary = *summary;
  return result;
}

// ---- Containers and codecs ------------------------------------------------

using test::kVp9;
using test::kX264;

class ImportSource : public ::testing::TestWithParam<test::SourceCase> {};

TEST_P(ImportSource, BecomesH264AndAacWithKeyframesAtMostTwoSecondsApart) {
  const test::SourceCase& source = GetParam();
  TempDir dir;
  const auto path = test::makeMedia(dir, source.name + "." + source.extension, source.codecs, 3.0, source.hasAudio);
  ASSERT_FALSE(::testing::Test::HasFailure());
  auto probed = probe(path);
  ASSERT_TRUE(probed.has_value()) << probed.error().message;

  ImportOptions options;
  options.thumbnailIntervalUs = kSecond;
  const ImportedFile imported = importAndInspect(dir, path, options);
  ASSERT_FALSE(::testing::Test::HasFailure());
  const ImportReport& report = imported.report;
  const MediaSummary& summary = imported.summary;

  EXPECT_EQ(report.mode, source.expectedMode) << report.transcodeReason;
  if (source.expectedMode == ImportMode::Transcode) {
    EXPECT_NE(report.transcodeReason.find(source.reasonContains), std::string::npos) << report.transcodeReason;
  } else {
    EXPECT_TRUE(report.transcodeReason.empty()) << report.transcodeReason;
  }
  EXPECT_EQ(summary.videoCodec, "h264");
  EXPECT_EQ(summary.audioCodec, source.hasAudio ? "aac" : "");
  EXPECT_NEAR(static_cast<double>(summary.durationUs), static_cast<double>(probed->durationUs), 200'000.0);
  EXPECT_NEAR(static_cast<double>(report.durationUs), static_cast<double>(summary.durationUs), 100'000.0);
  EXPECT_NEAR(static_cast<double>(summary.videoPackets), 90.0, 2.0);  // 3 s at 30 fps, no frame lost or added
  if (report.mode == ImportMode::Transcode) {
    EXPECT_LE(summary.maxKeyframeGapUs, 1'050'000);  // a keyframe every second
    EXPECT_GE(summary.maxKeyframeGapUs, 900'000);
  } else {
    EXPECT_LE(summary.maxKeyframeGapUs, 2 * kSecond);
  }
  EXPECT_EQ(summary.width, 320);
  EXPECT_EQ(summary.height, 240);
  EXPECT_EQ(report.width, 320);
  EXPECT_EQ(report.height, 240);
  EXPECT_FALSE(report.isTruncated);
  EXPECT_TRUE(report.damaged.empty());
  EXPECT_NEAR(static_cast<double>(report.readableUntilUs), 3.0 * kSecond, 150'000.0);

  // Thumbnails: one a second (a source may have a last frame at 3.0 s), 160
  // px wide, 4:3, valid JPEGs, in order.
  const ThumbnailStrip& strip = report.thumbnails;
  EXPECT_EQ(strip.intervalUs, kSecond);
  EXPECT_EQ(strip.width, 160);
  EXPECT_EQ(strip.height, 120);
  std::string times;
  for (const Thumbnail& frame : strip.frames) times += std::to_string(frame.ptsUs) + " ";
  ASSERT_GE(strip.frames.size(), 3u) << times;
  ASSERT_LE(strip.frames.size(), 4u) << times;
  for (std::size_t i = 0; i < strip.frames.size(); ++i) {
    EXPECT_NEAR(static_cast<double>(strip.frames[i].ptsUs), static_cast<double>(i) * kSecond, 50'000.0) << i;
    ASSERT_GT(strip.frames[i].jpeg.size(), 500u);
    EXPECT_EQ(strip.frames[i].jpeg[0], 0xFF);  // SOI marker
    EXPECT_EQ(strip.frames[i].jpeg[1], 0xD8);
  }

  // Waveform: 100 peaks a second over the sound; speech activity covers it.
  if (source.hasAudio) {
    EXPECT_EQ(report.waveform.peaksPerSecond, 100);
    EXPECT_NEAR(static_cast<double>(report.waveform.minimum.size()), 300.0, 10.0);
    EXPECT_EQ(report.waveform.minimum.size(), report.waveform.maximum.size());
    const auto loudest = *std::max_element(report.waveform.maximum.begin(), report.waveform.maximum.end());
    EXPECT_GT(loudest, 3000);  // the speech is there, not silence
    ASSERT_FALSE(report.speech.segments.empty());
    EXPECT_EQ(report.speech.segments.front().startUs, 0);
    EXPECT_NEAR(static_cast<double>(report.speech.segments.back().endUs), 3.0 * kSecond, 100'000.0);
  } else {
    EXPECT_TRUE(report.waveform.minimum.empty());
    EXPECT_TRUE(report.speech.segments.empty());
  }
  EXPECT_EQ(report.source.video->codec, probed->video->codec);
}

INSTANTIATE_TEST_SUITE_P(Containers, ImportSource, ::testing::ValuesIn(test::importMatrix()),
                         [](const ::testing::TestParamInfo<test::SourceCase>& param) { return param.param.name; });

// ---- Remux versus transcode -------------------------------------------------

TEST(Import, RemuxCopiesH264AndAacWithoutReencoding) {
  TempDir dir;
  const auto source = test::makeRemuxable(dir);
  test::MemorySink sink;
  auto report = importMedia(source, sink);
  ASSERT_TRUE(report.has_value()) << report.error().message;
  EXPECT_EQ(report->mode, ImportMode::Remux);
  EXPECT_EQ(sink.restarts, 0);
  // A copy: the output is about as large as the source (a re-encode of the
  // ultrafast source at crf 20 would differ a lot), and plays in ffmpeg.
  const auto sourceBytes = static_cast<double>(std::filesystem::file_size(source));
  EXPECT_NEAR(static_cast<double>(sink.data.size()), sourceBytes, sourceBytes * 0.05);
  test::writeBytes(dir / "out.mp4", sink.data);
  EXPECT_EQ(test::countFrames(dir, dir / "out.mp4"), 90);
}

// A remux decodes for its derived data on a second thread, a transcode on its
// one thread: both decode the same sound packets in the same order, so their
// waveform and speech activity are identical, and with a keyframe every
// second both take a thumbnail at every second. A packet lost or reordered on
// the way to the remux's thread would show here.
TEST(Import, RemuxAndTranscodeDeriveTheSameData) {
  TempDir dir;
  const auto source = test::makeRemuxable(dir, "source.mp4", 6.0);
  ImportOptions options;
  options.thumbnailIntervalUs = kSecond;
  test::MemorySink remuxSink, transcodeSink;
  auto remuxed = importMedia(source, remuxSink, options);
  options.forceMode = ImportMode::Transcode;
  auto transcoded = importMedia(source, transcodeSink, options);
  ASSERT_TRUE(remuxed.has_value()) << remuxed.error().message;
  ASSERT_TRUE(transcoded.has_value()) << transcoded.error().message;
  ASSERT_EQ(remuxed->mode, ImportMode::Remux);

  EXPECT_NEAR(static_cast<double>(remuxed->waveform.minimum.size()), 600.0, 10.0);
  EXPECT_EQ(remuxed->waveform.minimum, transcoded->waveform.minimum);
  EXPECT_EQ(remuxed->waveform.maximum, transcoded->waveform.maximum);
  ASSERT_FALSE(remuxed->speech.segments.empty());
  ASSERT_EQ(remuxed->speech.segments.size(), transcoded->speech.segments.size());
  for (std::size_t i = 0; i < remuxed->speech.segments.size(); ++i) {
    EXPECT_EQ(remuxed->speech.segments[i].startUs, transcoded->speech.segments[i].startUs) << i;
    EXPECT_EQ(remuxed->speech.segments[i].endUs, transcoded->speech.segments[i].endUs) << i;
  }
  std::vector<std::int64_t> remuxTimes, transcodeTimes;
  for (const Thumbnail& frame : remuxed->thumbnails.frames) remuxTimes.push_back(frame.ptsUs);
  for (const Thumbnail& frame : transcoded->thumbnails.frames) transcodeTimes.push_back(frame.ptsUs);
  EXPECT_GE(remuxTimes.size(), 6u);
  EXPECT_EQ(remuxTimes, transcodeTimes);
}

// Top-level ISO BMFF boxes: type and where the payload starts and ends.
struct Box {
  std::string type;
  std::size_t payload = 0, end = 0;
};

std::uint32_t bigEndian32(const std::vector<unsigned char>& bytes, std::size_t at) {
  return (std::uint32_t{bytes[at]} << 24) | (std::uint32_t{bytes[at + 1]} << 16) | (std::uint32_t{bytes[at + 2]} << 8) |
         std::uint32_t{bytes[at + 3]};
}

std::vector<Box> boxesIn(const std::vector<unsigned char>& bytes, std::size_t begin, std::size_t end) {
  std::vector<Box> boxes;
  for (std::size_t at = begin; at + 8 <= end;) {
    const std::size_t size = bigEndian32(bytes, at);
    if (size < 8 || at + size > end) break;
    boxes.push_back({std::string(bytes.begin() + static_cast<std::ptrdiff_t>(at + 4),
                                 bytes.begin() + static_cast<std::ptrdiff_t>(at + 8)),
                     at + 8, at + size});
    at += size;
  }
  return boxes;
}

TEST(Import, WritesAFragmentedMp4WithAFragmentIndexAtTheEnd) {
  TempDir dir;
  const auto source = test::makeMedia(dir, "source.mp4", kX264 + " -c:a aac", 9.0);
  for (ImportMode mode : {ImportMode::Remux, ImportMode::Transcode}) {
    test::MemorySink sink;
    ImportOptions options;
    options.forceMode = mode;
    ASSERT_TRUE(importMedia(source, sink, options).has_value());
    // ftyp, moov, a moof + mdat from the keyframe after every 4 s, mfra.
    const auto boxes = boxesIn(sink.data, 0, sink.data.size());
    ASSERT_GE(boxes.size(), 4u);
    EXPECT_EQ(boxes.front().type, "ftyp");
    EXPECT_EQ(boxes[1].type, "moov");
    EXPECT_EQ(boxes.back().type, "mfra");
    EXPECT_EQ(boxes.back().end, sink.data.size());
    const auto fragments = std::count_if(boxes.begin(), boxes.end(), [](const Box& box) { return box.type == "moof"; });
    EXPECT_EQ(fragments, 3);
    // The video's tfra lists every fragment: a player seeks with it.
    std::vector<std::uint32_t> entries;
    for (const Box& box : boxesIn(sink.data, boxes.back().payload, boxes.back().end)) {
      if (box.type == "tfra") entries.push_back(bigEndian32(sink.data, box.payload + 12));
    }
    ASSERT_FALSE(entries.empty());
    EXPECT_EQ(entries.front(), 3u);
  }
}

TEST(Import, RemuxFallsBackToTranscodeWhenKeyframesAreMoreThanTwoSecondsApart) {
  TempDir dir;
  const auto source = test::makeMedia(
      dir, "sparse.mp4", "-c:v libx264 -preset ultrafast -g 150 -keyint_min 150 -sc_threshold 0 -c:a aac", 4.0);
  ImportOptions options;
  options.thumbnailIntervalUs = 2 * kSecond;
  const ImportedFile imported = importAndInspect(dir, source, options);
  EXPECT_EQ(imported.report.mode, ImportMode::Transcode);
  EXPECT_EQ(imported.report.transcodeReason, "keyframes more than 2 s apart");
  EXPECT_EQ(imported.restarts, 1);  // the remux's bytes were discarded
  EXPECT_LE(imported.summary.maxKeyframeGapUs, 1'050'000);
  EXPECT_NEAR(static_cast<double>(imported.summary.durationUs), 4.0 * kSecond, 200'000.0);
  EXPECT_EQ(imported.report.thumbnails.frames.size(), 2u);  // at 0 and 2 s
}

TEST(Import, ForcedTranscodeOfARemuxableSource) {
  TempDir dir;
  const auto source = test::makeRemuxable(dir);
  ImportOptions options;
  options.forceMode = ImportMode::Transcode;
  const ImportedFile imported = importAndInspect(dir, source, options);
  EXPECT_EQ(imported.report.mode, ImportMode::Transcode);
  EXPECT_EQ(imported.report.transcodeReason, "transcode forced");
  EXPECT_EQ(imported.summary.videoPackets, 90);
}

TEST(Import, ForcedRemuxOfAnotherCodecIsRefused) {
  TempDir dir;
  const auto source = test::makeMedia(dir, "vp9.webm", kVp9 + " -c:a libopus", 1.0);
  ImportOptions options;
  options.forceMode = ImportMode::Remux;
  test::MemorySink sink;
  auto report = importMedia(source, sink, options);
  ASSERT_FALSE(report.has_value());
  EXPECT_EQ(report.error().code, ErrorCode::InvalidArgument);
}

TEST(Import, SurroundSoundBecomesStereoAndMonoStaysMono) {
  TempDir dir;
  const auto surround = test::makeMedia(
      dir, "surround.mkv", kX264 + " -af 'pan=5.1|FL=c0|FR=c0|FC=c0|LFE=c0|BL=c0|BR=c0' -c:a ac3 -ar 48000", 1.0);
  const auto mono = test::makeMedia(dir, "mono.mov", kX264 + " -c:a pcm_s16le -ac 1 -ar 22050", 1.0);
  for (const auto& [source, channels, rate] : {std::tuple{surround, 2, 48000}, std::tuple{mono, 1, 22050}}) {
    test::MemorySink sink;
    auto report = importMedia(source, sink);
    ASSERT_TRUE(report.has_value()) << report.error().message;
    const auto output = dir / "out.mp4";
    test::writeBytes(output, sink.data);
    auto probed = probe(output);
    ASSERT_TRUE(probed.has_value()) << probed.error().message;
    ASSERT_TRUE(probed->audio.has_value());
    EXPECT_EQ(probed->audio->codec, "aac");
    EXPECT_EQ(probed->audio->channels, channels) << source;
    EXPECT_EQ(probed->audio->sampleRate, rate) << source;
  }
}

// ---- Timestamps and rotation ------------------------------------------------

TEST(Import, VariableFrameRateKeepsItsTimestampsThroughATranscode) {
  TempDir dir;
  const auto source = test::makeVariableFrameRate(dir, "vfr.mkv", kVp9 + " -c:a libopus");
  ASSERT_EQ(test::countFrames(dir, source), 90);
  ImportOptions options;
  options.thumbnailIntervalUs = 2 * kSecond;
  const ImportedFile imported = importAndInspect(dir, source, options);
  EXPECT_EQ(imported.report.mode, ImportMode::Transcode);
  EXPECT_EQ(imported.summary.videoPackets, 90);
  EXPECT_NEAR(static_cast<double>(imported.summary.durationUs), 4.0 * kSecond, 200'000.0);
  EXPECT_LE(imported.summary.maxKeyframeGapUs, 1'100'000);
  // Thumbnails at 0 and 2 s show the right moments.
  ASSERT_EQ(imported.report.thumbnails.frames.size(), 2u);
  EXPECT_NEAR(static_cast<double>(imported.report.thumbnails.frames[1].ptsUs), 2.0 * kSecond, 70'000.0);
}

TEST(Import, VariableFrameRateKeepsItsTimestampsThroughARemux) {
  TempDir dir;
  const auto source = test::makeVariableFrameRate(dir, "vfr.mp4", kX264 + " -c:a aac");
  const ImportedFile imported = importAndInspect(dir, source);
  EXPECT_EQ(imported.report.mode, ImportMode::Remux);
  EXPECT_EQ(imported.summary.videoPackets, 90);
  EXPECT_NEAR(static_cast<double>(imported.summary.durationUs), 4.0 * kSecond, 200'000.0);
}

// Mean brightness of the left and right halves of a picture file's first
// frame, as ffmpeg shows it (it turns by the display matrix itself).
std::pair<int, int> leftAndRight(const TempDir& dir, const std::filesystem::path& picture) {
  const auto raw = dir / "halves.raw";
  test::ffmpeg(dir, "-i " + picture.string() + " -frames:v 1 -vf scale=2:1:flags=area -f rawvideo -pix_fmt gray " +
                        raw.string());
  const auto bytes = test::readBytes(raw);
  if (bytes.size() != 2) return {-1, -1};
  return {bytes[0], bytes[1]};
}

void expectSameSideDark(std::pair<int, int> expected, std::pair<int, int> actual) {
  ASSERT_GE(expected.first, 0);
  ASSERT_GE(actual.first, 0);
  EXPECT_GT(std::abs(expected.first - expected.second), 100);
  EXPECT_EQ(expected.first < expected.second, actual.first < actual.second)
      << expected.first << "/" << expected.second << " vs " << actual.first << "/" << actual.second;
}

TEST(Import, RotatedPhoneVideoIsPortraitWhenRemuxed) {
  TempDir dir;
  const auto source = test::makeRotated(dir);
  auto probed = probe(source);
  ASSERT_TRUE(probed.has_value()) << probed.error().message;
  EXPECT_EQ(probed->video->width, 320);
  EXPECT_EQ(probed->video->height, 240);
  EXPECT_TRUE(probed->video->rotationDegrees == 90 || probed->video->rotationDegrees == 270)
      << probed->video->rotationDegrees;

  const ImportedFile imported = importAndInspect(dir, source);
  const ImportReport& report = imported.report;
  EXPECT_EQ(report.mode, ImportMode::Remux);
  EXPECT_EQ(report.width, 240);
  EXPECT_EQ(report.height, 320);
  // The display matrix is kept: the output turns the same way.
  EXPECT_EQ(imported.summary.rotationDegrees, probed->video->rotationDegrees);
  EXPECT_EQ(imported.summary.width, 240);
  EXPECT_EQ(imported.summary.height, 320);
  // Thumbnails are upright: portrait, dark on the side ffmpeg shows it.
  EXPECT_EQ(report.thumbnails.width, 160);
  EXPECT_EQ(report.thumbnails.height, 212);  // 160 * 4 / 3, even
  ASSERT_FALSE(report.thumbnails.frames.empty());
  test::writeBytes(dir / "thumb.jpg", report.thumbnails.frames[0].jpeg);
  expectSameSideDark(leftAndRight(dir, source), leftAndRight(dir, dir / "thumb.jpg"));
}

TEST(Import, RotatedPhoneVideoIsTurnedUprightWhenTranscoded) {
  TempDir dir;
  const auto source = test::makeRotated(dir);
  ImportOptions options;
  options.forceMode = ImportMode::Transcode;
  test::MemorySink sink;
  auto report = importMedia(source, sink, options);
  ASSERT_TRUE(report.has_value()) << report.error().message;
  EXPECT_EQ(report->width, 240);
  EXPECT_EQ(report->height, 320);
  EXPECT_EQ(report->thumbnails.height, 212);
  // The pixels are turned and no matrix is left.
  const auto output = dir / "out.mp4";
  test::writeBytes(output, sink.data);
  auto probedOutput = probe(output);
  ASSERT_TRUE(probedOutput.has_value()) << probedOutput.error().message;
  EXPECT_EQ(probedOutput->video->width, 240);
  EXPECT_EQ(probedOutput->video->height, 320);
  EXPECT_EQ(probedOutput->video->rotationDegrees, 0);
  const auto expected = leftAndRight(dir, source);
  expectSameSideDark(expected, leftAndRight(dir, output));
  test::writeBytes(dir / "thumb.jpg", report->thumbnails.frames[0].jpeg);
  expectSameSideDark(expected, leftAndRight(dir, dir / "thumb.jpg"));
}

// ---- Progress and cancel ----------------------------------------------------

// Slow enough to report progress several times: noise is hard to encode.
std::filesystem::path makeSlowToTranscode(const TempDir& dir) {
  const auto path = dir / "noise.mkv";
  test::ffmpeg(dir,
               "-f lavfi -i nullsrc=s=480x270:r=30:d=3 -vf 'geq=random(1)*255:128:128' -c:v libx264 -preset "
               "ultrafast -g 30 -an " +
                   path.string());
  return path;
}

TEST(Import, ReportsProgressWithIncreasingFractionsEndingAtOne) {
  TempDir dir;
  const auto source = makeSlowToTranscode(dir);
  std::vector<ImportProgress> calls;
  ImportOptions options;
  options.forceMode = ImportMode::Transcode;
  options.x264Preset = "medium";
  test::MemorySink sink;
  auto report = importMedia(source, sink, options, [&](const ImportProgress& progress) {
    calls.push_back(progress);
    return true;
  });
  ASSERT_TRUE(report.has_value()) << report.error().message;
  ASSERT_GE(calls.size(), 3u);
  EXPECT_EQ(calls.front().fraction, 0.0);
  EXPECT_EQ(calls.back().fraction, 1.0);
  for (std::size_t i = 1; i < calls.size(); ++i) EXPECT_GE(calls[i].fraction, calls[i - 1].fraction) << i;
  // In between: real fractions, and an estimate of the time left.
  const bool hasMiddle = std::any_of(calls.begin() + 1, calls.end() - 1, [](const ImportProgress& progress) {
    return progress.fraction > 0.0 && progress.fraction < 1.0 && progress.secondsLeft.has_value() &&
           *progress.secondsLeft >= 0.0;
  });
  EXPECT_TRUE(hasMiddle);
}

TEST(Import, CancelInTheMiddleStopsWithCancelled) {
  TempDir dir;
  const auto source = makeSlowToTranscode(dir);
  ImportOptions options;
  options.forceMode = ImportMode::Transcode;
  options.x264Preset = "medium";
  test::MemorySink sink;
  double cancelledAt = -1;
  auto report = importMedia(source, sink, options, [&](const ImportProgress& progress) {
    if (progress.fraction == 0.0) return true;
    cancelledAt = progress.fraction;
    return false;
  });
  ASSERT_FALSE(report.has_value());
  EXPECT_EQ(report.error().code, ErrorCode::Cancelled);
  EXPECT_EQ(report.error().message, tr("The import was cancelled."));
  EXPECT_GT(cancelledAt, 0.0);
  EXPECT_LT(cancelledAt, 1.0);
}

TEST(Import, CancelAtTheStartStopsWithCancelled) {
  TempDir dir;
  const auto source = test::makeRemuxable(dir, "source.mp4", 1.0);
  test::MemorySink sink;
  int calls = 0;
  auto report = importMedia(source, sink, {}, [&](const ImportProgress&) {
    ++calls;
    return false;
  });
  ASSERT_FALSE(report.has_value());
  EXPECT_EQ(report.error().code, ErrorCode::Cancelled);
  EXPECT_EQ(calls, 1);
}

// ---- A failing sink -----------------------------------------------------------

class FailingSinkTest : public ::testing::TestWithParam<ImportMode> {};

TEST_P(FailingSinkTest, ReturnsTheSinksErrorUnchanged) {
  TempDir dir;
  const auto source = test::makeRemuxable(dir);
  for (std::uint64_t limit : {std::uint64_t{0}, std::uint64_t{1000}, std::uint64_t{100'000}}) {
    test::FailingSink sink(limit, Error{ErrorCode::DiskFull, "De schijf is vol."});
    ImportOptions options;
    options.forceMode = GetParam();
    auto report = importMedia(source, sink, options);
    ASSERT_FALSE(report.has_value()) << limit;
    EXPECT_EQ(report.error().code, ErrorCode::DiskFull) << limit;
    EXPECT_EQ(report.error().message, "De schijf is vol.") << limit;
    EXPECT_GE(sink.failures, 1);
  }
}

INSTANTIATE_TEST_SUITE_P(Modes, FailingSinkTest, ::testing::Values(ImportMode::Remux, ImportMode::Transcode),
                         [](const ::testing::TestParamInfo<ImportMode>& mode) {
                           return mode.param == ImportMode::Remux ? std::string("Remux") : std::string("Transcode");
                         });

TEST(Import, ASinkThatCannotRestartFailsTheFallback) {
  TempDir dir;
  const auto source = test::makeMedia(
      dir, "sparse.mp4", "-c:v libx264 -preset ultrafast -g 150 -keyint_min 150 -sc_threshold 0 -c:a aac", 3.0);
  class NoRestartSink final : public OutputSink {
   public:
    Status write(std::span<const unsigned char>) override { return {}; }
    Status restart() override { return fail(ErrorCode::Io, "cannot restart"); }
  } sink;
  auto report = importMedia(source, sink);
  ASSERT_FALSE(report.has_value());
  EXPECT_EQ(report.error().code, ErrorCode::Io);
  EXPECT_EQ(report.error().message, "cannot restart");
}

// A Matroska file whose first sound packet is stamped seconds after the
// rest (as a user's camera file was: 3.6 s imported as 5.9 s): the stray
// time does not stretch the recording, nor make it look cut off.
TEST(Import, AStraySoundTimestampDoesNotStretchTheRecording) {
  for (const std::string& codecs : {std::string("-c:v mpeg4 -q:v 5 -ac 6 -c:a aac"),  // transcoded
                                    kX264 + " -c:a aac"}) {                          // remuxed
    TempDir dir;
    const auto clean = test::makeMedia(dir, "clean.mkv", codecs, 3.6);
    const auto stray = dir / "stray.mkv";
    test::ffmpeg(dir, "-i " + clean.string() +
                          " -c copy -bsf:a 'setts=pts=if(eq(N\\,0)\\,PTS+5900\\,PTS)' " + stray.string());
    const ImportedFile imported = importAndInspect(dir, stray);
    EXPECT_NEAR(static_cast<double>(imported.report.durationUs), 3.6 * kSecond, 0.15 * kSecond) << codecs;
    EXPECT_NEAR(static_cast<double>(imported.summary.durationUs), 3.6 * kSecond, 0.15 * kSecond) << codecs;
    EXPECT_FALSE(imported.report.isTruncated) << codecs;
    EXPECT_TRUE(imported.report.damaged.empty()) << codecs;
  }
}

// ---- Truncated and damaged sources --------------------------------------------

TEST(Import, AnMkvCutOffImportsWhatIsThereAndSaysSo) {
  TempDir dir;
  const auto whole = test::makeMedia(dir, "whole.mkv", kVp9 + " -c:a libopus", 4.0);
  const auto cut = test::cutFile(whole, 0.6, dir / "cut.mkv");
  const ImportedFile imported = importAndInspect(dir, cut);
  const ImportReport& report = imported.report;
  EXPECT_TRUE(report.isTruncated);
  // About 60% of 4 s are readable (the bit rate is not quite even).
  EXPECT_GT(report.readableUntilUs, 1'500'000);
  EXPECT_LT(report.readableUntilUs, 3'400'000);
  EXPECT_NEAR(static_cast<double>(imported.summary.durationUs), static_cast<double>(report.readableUntilUs), 200'000.0);
  EXPECT_EQ(imported.summary.videoCodec, "h264");
}

TEST(Import, AFaststartMp4CutOffImportsWhatIsThereAndSaysSo) {
  TempDir dir;
  const auto whole = test::makeMedia(dir, "whole.mp4", kX264 + " -c:a aac -movflags +faststart", 4.0);
  const auto cut = test::cutFile(whole, 0.6, dir / "cut.mp4");
  const ImportedFile imported = importAndInspect(dir, cut);
  const ImportReport& report = imported.report;
  EXPECT_EQ(report.mode, ImportMode::Remux);
  EXPECT_TRUE(report.isTruncated);
  EXPECT_EQ(report.source.durationUs, 4'000'000);  // what the header promised
  EXPECT_GT(report.readableUntilUs, 1'500'000);
  EXPECT_LT(report.readableUntilUs, 3'400'000);
  EXPECT_NEAR(static_cast<double>(imported.summary.durationUs), static_cast<double>(report.readableUntilUs), 200'000.0);
}

TEST(Import, AnMp4WithoutItsIndexIsIncomplete) {
  TempDir dir;
  // Without faststart the moov box comes last: a cut takes it away.
  const auto whole = test::makeRemuxable(dir, "whole.mp4");
  const auto cut = test::cutFile(whole, 0.6, dir / "cut.mp4");
  test::MemorySink sink;
  auto report = importMedia(cut, sink);
  ASSERT_FALSE(report.has_value());
  EXPECT_EQ(report.error().code, ErrorCode::CorruptData);
  EXPECT_EQ(report.error().message,
            tr("The file is incomplete: the index that makes it playable is missing, usually because the "
               "recording stopped unexpectedly (an empty battery, a full memory card). Use the original file "
               "from the camera if it still exists."));
  EXPECT_TRUE(sink.data.empty());
}

// Overwrites `count` bytes from the middle of a file with a pattern.
void damageMiddle(const std::filesystem::path& file, std::size_t count) {
  auto bytes = test::readBytes(file);
  const std::size_t start = bytes.size() / 2;
  for (std::size_t i = start; i < std::min(bytes.size(), start + count); ++i) {
    bytes[i] = static_cast<unsigned char>(i * 7 + 0x55);
  }
  test::writeBytes(file, bytes);
}

void expectPlayableWithDamageInTheMiddle(const TempDir& dir, const std::filesystem::path& source) {
  test::MemorySink sink;
  auto report = importMedia(source, sink);
  ASSERT_TRUE(report.has_value()) << report.error().message;
  EXPECT_FALSE(report->isTruncated);
  ASSERT_FALSE(report->damaged.empty());
  for (const DamagedRange& range : report->damaged) {
    EXPECT_LE(range.startUs, range.endUs);
    EXPECT_GT(range.startUs, 500'000);  // in the middle, not at the start...
    EXPECT_LT(range.endUs, 4'000'000);  // ...nor past the end
  }
  // The output plays from start to end without a decoding error.
  const auto output = dir / "out.mp4";
  test::writeBytes(output, sink.data);
  test::run("ffmpeg -v error -xerror -i " + output.string() + " -f null -", dir / "decode.log");
  EXPECT_EQ(std::filesystem::file_size(dir / "decode.log"), 0u);
  EXPECT_NEAR(static_cast<double>(report->durationUs), 4.0 * kSecond, 300'000.0);
}

TEST(Import, DamageInTheMiddleOfAnAviIsSkippedAndListed) {
  TempDir dir;
  const auto source = test::makeMedia(dir, "damaged.avi", "-c:v mpeg4 -q:v 3 -g 15 -c:a libmp3lame", 4.0);
  damageMiddle(source, 8000);
  expectPlayableWithDamageInTheMiddle(dir, source);
}

TEST(Import, DamageInTheMiddleOfAnMkvIsSkippedAndListed) {
  TempDir dir;
  const auto source = test::makeMedia(dir, "damaged.mkv", kVp9 + " -c:a libopus", 4.0);
  damageMiddle(source, 8000);
  expectPlayableWithDamageInTheMiddle(dir, source);
}

// Random blocks of garbage anywhere (headers included): never a crash or a
// leak (the sanitizer build runs this), never an internal error; what
// imports is a readable MP4.
TEST(Import, SurvivesRandomDamageAnywhere) {
  TempDir dir;
  const std::vector<std::filesystem::path> sources = {
      test::makeMedia(dir, "a.mp4", kX264 + " -c:a aac", 1.5),
      test::makeMedia(dir, "b.mkv", kVp9 + " -c:a libopus", 1.5),
      test::makeMedia(dir, "c.avi", "-c:v mpeg4 -g 10 -c:a libmp3lame", 1.5)};
  int imported = 0;
  std::uint32_t seed = 12345;
  const auto next = [&seed] {
    seed = seed * 1'664'525u + 1'013'904'223u;  // a fixed LCG: the same damage every run
    return seed >> 8;
  };
  for (const auto& source : sources) {
    const auto original = test::readBytes(source);
    for (int round = 0; round < 4; ++round) {
      auto bytes = original;
      for (int block = 0; block < 3; ++block) {
        const std::size_t at = next() % bytes.size();
        const std::size_t length = 1 + next() % 2000;
        for (std::size_t i = at; i < std::min(bytes.size(), at + length); ++i) {
          bytes[i] = static_cast<unsigned char>(next());
        }
      }
      const auto damaged = dir / ("damaged-" + std::to_string(round) + source.extension().string());
      test::writeBytes(damaged, bytes);
      SCOPED_TRACE(damaged.filename().string());
      test::MemorySink sink;
      auto report = importMedia(damaged, sink);
      if (!report) {
        EXPECT_NE(report.error().code, ErrorCode::Internal) << report.error().message;
        continue;
      }
      ++imported;
      const auto output = dir / "out.mp4";
      test::writeBytes(output, sink.data);
      auto probed = probe(output);
      ASSERT_TRUE(probed.has_value()) << probed.error().message;
      EXPECT_EQ(probed->video->codec, "h264");
      auto thumbnails = extractThumbnails(damaged, 500'000, 64);
      if (!thumbnails) {
        EXPECT_NE(thumbnails.error().code, ErrorCode::Internal) << thumbnails.error().message;
      }
    }
  }
  // Damage costs a stretch, rarely the recording (12 of 12 on this machine).
  EXPECT_GE(imported, 9);
}

// ---- inspect() ---------------------------------------------------------------

TEST(Inspect, RefusesAContainerThatHoldsNoMp4) {
  TempDir dir;
  test::VaultSink sink(dir / "text.vsc");
  const std::string text = "Dit is geen video.";
  ASSERT_TRUE(
      sink.write(std::span<const unsigned char>(reinterpret_cast<const unsigned char*>(text.data()), text.size()))
          .has_value());
  auto reader = sink.commitAndOpen();
  ASSERT_NE(reader, nullptr);
  auto summary = inspect(*reader);
  ASSERT_FALSE(summary.has_value());
  EXPECT_EQ(summary.error().code, ErrorCode::CorruptData);
}

TEST(Inspect, RefusesAnEmptyContainer) {
  TempDir dir;
  test::VaultSink sink(dir / "empty.vsc");
  auto reader = sink.commitAndOpen();
  ASSERT_NE(reader, nullptr);
  auto summary = inspect(*reader);
  ASSERT_FALSE(summary.has_value());
  EXPECT_EQ(summary.error().code, ErrorCode::CorruptData);
}

TEST(Inspect, ReportsADamagedChunkWithTheReadersError) {
  TempDir dir;
  const auto source = test::makeRemuxable(dir, "source.mp4", 3.0);
  test::VaultSink sink(dir / "imported.vsc");
  ASSERT_TRUE(importMedia(source, sink).has_value());
  ASSERT_NE(sink.commitAndOpen(), nullptr);
  auto bytes = test::readBytes(dir / "imported.vsc");
  bytes[kChunkedHeaderBytes + kDefaultChunkSize + 100] ^= 0x01;
  test::writeBytes(dir / "imported.vsc", bytes);
  auto reader = sink.reopen();
  ASSERT_NE(reader, nullptr);
  auto summary = inspect(*reader);
  ASSERT_FALSE(summary.has_value());
  EXPECT_EQ(summary.error().code, ErrorCode::CorruptData);
  std::vector<unsigned char> chunk(100);
  auto direct = reader->readAt(kDefaultChunkSize, chunk);
  ASSERT_FALSE(direct.has_value());
  EXPECT_EQ(summary.error().message, direct.error().message);
}

}  // namespace
}  // namespace vakspiegel::media
