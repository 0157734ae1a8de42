// Tests of probe() and of the bad inputs every entry point refuses the same
// way (media/import.h): a missing or empty file, a text file named .mp4, a
// photo, sound without picture, subtitles alone, a codec FFmpeg cannot
// decode, an MP4 cut off before its index. Each gives a clear Dutch message,
// from probe() and from importMedia() alike, and the sink gets nothing.
#include "media/import.h"

#include <functional>
#include <string>

#include <gtest/gtest.h>

#include "core/i18n.h"
#include "media/media_fixtures.h"

namespace vakspiegel::media {
namespace {

using test::TempDir;

TEST(Probe, DescribesAnH264AndAacMp4) {
  TempDir dir;
  const auto source = test::makeRemuxable(dir);
  auto info = probe(source);
  ASSERT_TRUE(info.has_value()) << info.error().message;
  EXPECT_NE(info->container.find("mp4"), std::string::npos) << info->container;
  EXPECT_NEAR(static_cast<double>(info->durationUs), 3'000'000.0, 50'000.0);
  ASSERT_TRUE(info->video.has_value());
  EXPECT_EQ(info->video->codec, "h264");
  EXPECT_EQ(info->video->width, 320);
  EXPECT_EQ(info->video->height, 240);
  EXPECT_EQ(info->video->rotationDegrees, 0);
  ASSERT_TRUE(info->audio.has_value());
  EXPECT_EQ(info->audio->codec, "aac");
  EXPECT_EQ(info->audio->sampleRate, 44100);
  EXPECT_EQ(info->audio->channels, 1);  // espeak speaks mono
}

TEST(Probe, DescribesSurroundSoundAndAnotherContainer) {
  TempDir dir;
  const auto source = test::makeMedia(
      dir, "surround.mkv",
      "-c:v libx264 -preset ultrafast -af 'pan=5.1|FL=c0|FR=c0|FC=c0|LFE=c0|BL=c0|BR=c0' -c:a ac3 -ar 48000", 1.0);
  auto info = probe(source);
  ASSERT_TRUE(info.has_value()) << info.error().message;
  EXPECT_EQ(info->container, "matroska,webm");
  EXPECT_EQ(info->audio->codec, "ac3");
  EXPECT_EQ(info->audio->channels, 6);
  EXPECT_EQ(info->audio->sampleRate, 48000);
}

TEST(Probe, ReadsAFileWhoseNameHasAColon) {
  TempDir dir;
  // Given relatively, FFmpeg would take "gesprek:" for a protocol.
  std::filesystem::rename(test::makeRemuxable(dir, "gesprek.mp4", 1.0), dir / "gesprek:10.30.mp4");
  const auto previous = std::filesystem::current_path();
  std::filesystem::current_path(dir.path());
  auto info = probe("gesprek:10.30.mp4");
  std::filesystem::current_path(previous);
  ASSERT_TRUE(info.has_value()) << info.error().message;
  EXPECT_EQ(info->video->codec, "h264");
}

TEST(Probe, PicksTheVideoOverCoverArt) {
  TempDir dir;
  const auto cover = dir / "cover.png";
  test::ffmpeg(dir, "-f lavfi -i color=c=red:s=64x64 -frames:v 1 " + cover.string());
  const auto plain = test::makeRemuxable(dir, "plain.mp4", 1.0);
  const auto source = dir / "with-cover.mp4";
  test::ffmpeg(dir, "-i " + plain.string() + " -i " + cover.string() +
                        " -map 0 -map 1 -c copy -disposition:v:1 attached_pic " + source.string());
  auto info = probe(source);
  ASSERT_TRUE(info.has_value()) << info.error().message;
  EXPECT_EQ(info->video->codec, "h264");
  EXPECT_EQ(info->video->width, 320);
}

// ---- Bad inputs -------------------------------------------------------------

struct BadInput {
  std::string name;
  // Makes the file in the directory; returns its path.
  std::function<std::filesystem::path(const TempDir&)> make;
  ErrorCode code;
  std::string message;          // the whole message (the English text, translated), or...
  std::string messageContains;  // ...a part of it
  std::string argument = {};    // for a "{}" in message
};

std::ostream& operator<<(std::ostream& out, const BadInput& input) {
  return out << input.name;
}

std::filesystem::path textFile(const TempDir& dir) {
  const auto path = dir / "notes.mp4";
  test::writeBytes(path, std::vector<unsigned char>{'G', 'e', 's', 'p', 'r', 'e', 'k', ' ', 'm', 'e',
                                                    't', ' ', 'm', 'e', 'v', 'r', 'o', 'u', 'w', '\n'});
  return path;
}

const std::string kNotMedia =
    "This is not a video file that Vakspiegel can read. Choose the recording as the camera or "
    "phone saved it.";

const std::vector<BadInput>& badInputs() {
  static const std::vector<BadInput> inputs = {
      {"missing_file", [](const TempDir& dir) { return dir / "gone.mp4"; }, ErrorCode::NotFound,
       "The file cannot be found. Check that it is still there and choose it again.", ""},
      {"empty_file",
       [](const TempDir& dir) {
         test::writeBytes(dir / "empty.mp4", {});
         return dir / "empty.mp4";
       },
       ErrorCode::CorruptData, "The file is empty: it holds no recording. Copy it from the camera or phone again.", ""},
      {"folder",
       [](const TempDir& dir) {
         std::filesystem::create_directory(dir / "folder.mp4");
         return dir / "folder.mp4";
       },
       ErrorCode::InvalidArgument, "This is a folder, not a video file. Choose the recording itself.", ""},
      {"text_named_mp4", textFile, ErrorCode::Unsupported, kNotMedia, ""},
      {"random_bytes",
       [](const TempDir& dir) {
         test::writeBytes(dir / "noise.mov", vakspiegel::test::randomBytes(100'000));
         return dir / "noise.mov";
       },
       ErrorCode::Unsupported, kNotMedia, ""},
      {"photo",
       [](const TempDir& dir) {
         test::ffmpeg(dir, "-f lavfi -i testsrc2=s=320x240 -frames:v 1 " + (dir / "photo.jpg").string());
         return dir / "photo.jpg";
       },
       ErrorCode::Unsupported, kNotMedia, ""},
      {"playlist",
       [](const TempDir& dir) {
         // A playlist would make FFmpeg read other files into the recording.
         const auto segment = test::makeRemuxable(dir, "segment.mp4", 1.0);
         const std::string text =
             "#EXTM3U\n#EXT-X-TARGETDURATION:1\n#EXTINF:1,\n" + segment.string() + "\n#EXT-X-ENDLIST\n";
         test::writeBytes(dir / "list.m3u8", std::vector<unsigned char>(text.begin(), text.end()));
         return dir / "list.m3u8";
       },
       ErrorCode::Unsupported, kNotMedia, ""},
      {"sound_only",
       [](const TempDir& dir) {
         test::ffmpeg(dir, "-i " + test::speech(dir, 1.0).string() + " -c:a aac " + (dir / "sound.mp4").string());
         return dir / "sound.mp4";
       },
       ErrorCode::Unsupported,
       "This file holds only sound, no picture. Vakspiegel imports video recordings; choose the video file of the "
       "conversation.",
       ""},
      {"subtitles_only",
       [](const TempDir& dir) {
         test::writeBytes(dir / "subs.srt", {'1', '\n', '0', '0', ':', '0',  '0', ':', '0', '0',  ',', '0', '0',
                                             '0', ' ',  '-', '-', '>', ' ',  '0', '0', ':', '0',  '0', ':', '0',
                                             '1', ',',  '0', '0', '0', '\n', 'H', 'o', 'i', '\n', '\n'});
         test::ffmpeg(dir, "-i " + (dir / "subs.srt").string() + " -c:s srt " + (dir / "subs.mkv").string());
         return dir / "subs.mkv";
       },
       ErrorCode::Unsupported, "", "subrip"},
      {"codec_without_decoder",
       [](const TempDir& dir) {
         // An H.266/VVC track (FFmpeg 5.1 has no decoder): an H.264 file
         // whose sample entry says vvc1.
         auto bytes = test::readBytes(test::makeRemuxable(dir, "h264.mp4", 1.0));
         const std::string from = "avc1";
         for (std::size_t i = 0; i + 4 <= bytes.size(); ++i) {
           if (std::equal(from.begin(), from.end(), bytes.begin() + static_cast<std::ptrdiff_t>(i))) {
             bytes[i] = 'v';
             bytes[i + 1] = 'v';
           }
         }
         test::writeBytes(dir / "vvc.mp4", bytes);
         return dir / "vvc.mp4";
       },
       ErrorCode::Unsupported,
       "The video in this file is stored in a format Vakspiegel cannot read ({}). Convert the file to MP4 (H.264 "
       "and AAC) and import it again.",
       "", "vvc1"},
      {"mp4_without_index",
       [](const TempDir& dir) {
         return test::cutFile(test::makeRemuxable(dir, "whole.mp4", 2.0), 0.6, dir / "cut.mp4");
       },
       ErrorCode::CorruptData,
       "The file is incomplete: the index that makes it playable is missing, usually because the recording stopped "
       "unexpectedly (an empty battery, a full memory card). Use the original file from the camera if it still "
       "exists.",
       ""},
  };
  return inputs;
}

class BadInputTest : public ::testing::TestWithParam<BadInput> {
 protected:
  void expectRefused(const Error& error) const {
    const BadInput& input = GetParam();
    EXPECT_EQ(error.code, input.code) << errorCodeName(error.code) << ": " << error.message;
    if (!input.message.empty()) {
      const std::string english =
          input.argument.empty() ? input.message : fmt::format(fmt::runtime(input.message), input.argument);
      EXPECT_EQ(error.message, input.argument.empty() ? std::string(tr(input.message.c_str()))
                                                      : trf(input.message.c_str(), input.argument));
      EXPECT_NE(error.message, english) << "no Dutch translation";
    } else {
      EXPECT_NE(error.message.find(input.messageContains), std::string::npos) << error.message;
    }
  }
};

TEST_P(BadInputTest, IsRefusedWithAClearMessageByProbeAndImport) {
  TempDir dir;
  const auto path = GetParam().make(dir);
  ASSERT_FALSE(::testing::Test::HasFailure());

  auto probed = probe(path);
  ASSERT_FALSE(probed.has_value());
  expectRefused(probed.error());

  test::MemorySink sink;
  auto imported = importMedia(path, sink);
  ASSERT_FALSE(imported.has_value());
  expectRefused(imported.error());
  EXPECT_TRUE(sink.data.empty());

  auto thumbnails = extractThumbnails(path, 1'000'000, 160);
  ASSERT_FALSE(thumbnails.has_value());
  expectRefused(thumbnails.error());
}

INSTANTIATE_TEST_SUITE_P(Inputs, BadInputTest, ::testing::ValuesIn(badInputs()),
                         [](const ::testing::TestParamInfo<BadInput>& input) { return input.param.name; });

}  // namespace
}  // namespace vakspiegel::media
