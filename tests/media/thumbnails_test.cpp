// Tests of the thumbnail strip (media/import.h): extractThumbnails() from a
// file and from a vault container (one keyframe per interval, upright,
// matching what the import made), and the strip's storage format, whose
// parser rejects every truncation and malformation.
#include "media/import.h"

#include <algorithm>
#include <cstdlib>
#include <string>

#include <gtest/gtest.h>

#include "core/i18n.h"
#include "media/media_fixtures.h"

namespace vakspiegel::media {
namespace {

using test::TempDir;

constexpr std::int64_t kSecond = 1'000'000;

std::vector<std::int64_t> timesOf(const ThumbnailStrip& strip) {
  std::vector<std::int64_t> times;
  for (const Thumbnail& frame : strip.frames) times.push_back(frame.ptsUs);
  return times;
}

void expectTimes(const ThumbnailStrip& strip, const std::vector<std::int64_t>& expected) {
  const auto times = timesOf(strip);
  ASSERT_EQ(times.size(), expected.size()) << ::testing::PrintToString(times);
  for (std::size_t i = 0; i < times.size(); ++i) {
    EXPECT_LE(std::abs(times[i] - expected[i]), 40'000) << i << ": " << times[i];
  }
}

TEST(ExtractThumbnails, TakesTheKeyframeAtEachInterval) {
  TempDir dir;
  const auto source = test::makeRemuxable(dir, "source.mp4", 4.0);  // a keyframe every second
  auto everySecond = extractThumbnails(source, kSecond, 160);
  ASSERT_TRUE(everySecond.has_value()) << everySecond.error().message;
  expectTimes(*everySecond, {0, kSecond, 2 * kSecond, 3 * kSecond});
  EXPECT_EQ(everySecond->width, 160);
  EXPECT_EQ(everySecond->height, 120);
  EXPECT_EQ(everySecond->intervalUs, kSecond);
  for (const Thumbnail& frame : everySecond->frames) {
    ASSERT_GT(frame.jpeg.size(), 500u);
    EXPECT_EQ(frame.jpeg[0], 0xFF);
    EXPECT_EQ(frame.jpeg[1], 0xD8);
  }
  // The pictures differ (the test picture moves): each is its own frame.
  EXPECT_NE(everySecond->frames[0].jpeg, everySecond->frames[1].jpeg);

  auto everyTwo = extractThumbnails(source, 2 * kSecond, 96);
  ASSERT_TRUE(everyTwo.has_value()) << everyTwo.error().message;
  expectTimes(*everyTwo, {0, 2 * kSecond});
  EXPECT_EQ(everyTwo->width, 96);
  EXPECT_EQ(everyTwo->height, 72);
}

TEST(ExtractThumbnails, GivesOneThumbnailPerKeyframeWhenKeyframesAreSparser) {
  TempDir dir;
  // Keyframes every 2 s; asking for one a second cannot do better.
  const auto source = test::makeMedia(
      dir, "sparse.mkv", "-c:v libx264 -preset ultrafast -g 60 -keyint_min 60 -sc_threshold 0 -an", 5.0, false);
  auto strip = extractThumbnails(source, kSecond, 160);
  ASSERT_TRUE(strip.has_value()) << strip.error().message;
  expectTimes(*strip, {0, 2 * kSecond, 4 * kSecond});
}

TEST(ExtractThumbnails, FromTheVaultContainerMatchesTheImport) {
  TempDir dir;
  const auto source = test::makeMedia(
      dir, "source.webm", "-c:v libvpx-vp9 -deadline realtime -cpu-used 8 -b:v 300k -g 30 -c:a libopus", 4.0);
  test::VaultSink sink(dir / "imported.vsc");
  ImportOptions options;
  options.thumbnailIntervalUs = kSecond;
  auto report = importMedia(source, sink, options);
  ASSERT_TRUE(report.has_value()) << report.error().message;
  auto reader = sink.commitAndOpen();
  ASSERT_NE(reader, nullptr);

  auto strip = extractThumbnails(*reader, kSecond, 160);
  ASSERT_TRUE(strip.has_value()) << strip.error().message;
  expectTimes(*strip, timesOf(report->thumbnails));
  EXPECT_EQ(strip->width, report->thumbnails.width);
  EXPECT_EQ(strip->height, report->thumbnails.height);

  // The container can be read again from the start (the reader's cursor
  // is not assumed to be at 0).
  auto again = extractThumbnails(*reader, 2 * kSecond, 160);
  ASSERT_TRUE(again.has_value()) << again.error().message;
  const auto times = timesOf(report->thumbnails);
  ASSERT_EQ(times.size(), 4u);
  expectTimes(*again, {times[0], times[2]});
}

TEST(ExtractThumbnails, AreUprightForARotatedSource) {
  TempDir dir;
  const auto plain = test::makeRemuxable(dir, "plain.mp4", 1.0);
  const auto rotated = dir / "rotated.mp4";
  test::ffmpeg(dir, "-i " + plain.string() + " -c copy -metadata:s:v:0 rotate=90 " + rotated.string());
  auto strip = extractThumbnails(rotated, kSecond, 120);
  ASSERT_TRUE(strip.has_value()) << strip.error().message;
  EXPECT_EQ(strip->width, 120);
  EXPECT_EQ(strip->height, 160);
}

TEST(ExtractThumbnails, RefusesAnIntervalOrWidthThatMakesNoSense) {
  TempDir dir;
  const auto source = test::makeRemuxable(dir, "source.mp4", 1.0);
  EXPECT_EQ(extractThumbnails(source, 0, 160).error().code, ErrorCode::InvalidArgument);
  EXPECT_EQ(extractThumbnails(source, kSecond, 0).error().code, ErrorCode::InvalidArgument);
}

TEST(ExtractThumbnails, ReportsADamagedContainerWithTheReadersError) {
  TempDir dir;
  const auto source = test::makeRemuxable(dir, "source.mp4", 3.0);
  test::VaultSink sink(dir / "imported.vsc");
  ASSERT_TRUE(importMedia(source, sink).has_value());
  ASSERT_NE(sink.commitAndOpen(), nullptr);
  // A flipped byte in a chunk in the middle: opening still works (only the
  // last chunk is checked then); reading that chunk fails.
  auto bytes = test::readBytes(dir / "imported.vsc");
  bytes[kChunkedHeaderBytes + kDefaultChunkSize + 100] ^= 0x40;
  test::writeBytes(dir / "imported.vsc", bytes);
  auto reader = sink.reopen();
  ASSERT_NE(reader, nullptr);
  auto strip = extractThumbnails(*reader, kSecond, 160);
  ASSERT_FALSE(strip.has_value());
  EXPECT_EQ(strip.error().code, ErrorCode::CorruptData);
  std::vector<unsigned char> chunk(100);
  auto direct = reader->readAt(kDefaultChunkSize, chunk);
  ASSERT_FALSE(direct.has_value());
  EXPECT_EQ(strip.error().message, direct.error().message);  // the reader's own words
}

// ---- The storage format -------------------------------------------------------

ThumbnailStrip sampleStrip() {
  ThumbnailStrip strip;
  strip.width = 160;
  strip.height = 90;
  strip.intervalUs = 2 * kSecond;
  strip.frames.push_back({0, {0xFF, 0xD8, 1, 2, 3, 0xFF, 0xD9}});
  strip.frames.push_back({2 * kSecond + 33'000, {0xFF, 0xD8, 4, 0xFF, 0xD9}});
  strip.frames.push_back({4 * kSecond, {0xFF, 0xD8, 5, 6, 0xFF, 0xD9}});
  return strip;
}

void expectEqual(const ThumbnailStrip& a, const ThumbnailStrip& b) {
  EXPECT_EQ(a.width, b.width);
  EXPECT_EQ(a.height, b.height);
  EXPECT_EQ(a.intervalUs, b.intervalUs);
  ASSERT_EQ(a.frames.size(), b.frames.size());
  for (std::size_t i = 0; i < a.frames.size(); ++i) {
    EXPECT_EQ(a.frames[i].ptsUs, b.frames[i].ptsUs);
    EXPECT_EQ(a.frames[i].jpeg, b.frames[i].jpeg);
  }
}

TEST(ThumbnailStripFormat, RoundTrips) {
  const ThumbnailStrip strip = sampleStrip();
  auto parsed = parseThumbnailStrip(serialize(strip));
  ASSERT_TRUE(parsed.has_value()) << parsed.error().message;
  expectEqual(*parsed, strip);

  auto empty = parseThumbnailStrip(serialize(ThumbnailStrip{}));
  ASSERT_TRUE(empty.has_value()) << empty.error().message;
  EXPECT_TRUE(empty->frames.empty());
}

TEST(ThumbnailStripFormat, StartsWithItsMagicAndVersionLittleEndian) {
  const Bytes bytes = serialize(sampleStrip());
  ASSERT_GE(bytes.size(), 32u);
  EXPECT_EQ(std::string(bytes.begin(), bytes.begin() + 8), std::string("VSTHUMB\0", 8));
  EXPECT_EQ(bytes[8], 1);  // version 1, little-endian
  EXPECT_EQ(bytes[9], 0);
  EXPECT_EQ(bytes[12], 160);  // width
  EXPECT_EQ(bytes[28], 3);    // count
}

TEST(ThumbnailStripFormat, RejectsEveryTruncation) {
  const Bytes bytes = serialize(sampleStrip());
  for (std::size_t length = 0; length < bytes.size(); ++length) {
    auto parsed = parseThumbnailStrip(std::span<const unsigned char>(bytes.data(), length));
    ASSERT_FALSE(parsed.has_value()) << length;
    EXPECT_EQ(parsed.error().code, ErrorCode::CorruptData) << length;
  }
}

TEST(ThumbnailStripFormat, RejectsTrailingBytes) {
  Bytes bytes = serialize(sampleStrip());
  bytes.push_back(0);
  EXPECT_EQ(parseThumbnailStrip(bytes).error().code, ErrorCode::CorruptData);
}

TEST(ThumbnailStripFormat, RejectsAWrongMagicAndAnUnknownVersion) {
  Bytes wrongMagic = serialize(sampleStrip());
  wrongMagic[0] = 'X';
  EXPECT_EQ(parseThumbnailStrip(wrongMagic).error().code, ErrorCode::CorruptData);

  Bytes newer = serialize(sampleStrip());
  newer[8] = 2;
  auto parsed = parseThumbnailStrip(newer);
  ASSERT_FALSE(parsed.has_value());
  EXPECT_EQ(parsed.error().code, ErrorCode::Unsupported);
  EXPECT_EQ(parsed.error().message,
            tr("The thumbnails were stored by a newer version of Vakspiegel. Update Vakspiegel to show them."));

  Bytes zero = serialize(sampleStrip());
  zero[8] = 0;
  EXPECT_EQ(parseThumbnailStrip(zero).error().code, ErrorCode::CorruptData);
}

TEST(ThumbnailStripFormat, RejectsLengthsThatDoNotFit) {
  const Bytes good = serialize(sampleStrip());
  // The count: one more or one less than there are.
  for (int count : {2, 4, 255}) {
    Bytes bytes = good;
    bytes[28] = static_cast<unsigned char>(count);
    EXPECT_EQ(parseThumbnailStrip(bytes).error().code, ErrorCode::CorruptData) << count;
  }
  // The first JPEG's length: zero, one more, huge.
  for (int length : {0, 8, 255}) {
    Bytes bytes = good;
    bytes[32 + 8] = static_cast<unsigned char>(length);
    EXPECT_EQ(parseThumbnailStrip(bytes).error().code, ErrorCode::CorruptData) << length;
  }
  Bytes hugeCount = good;
  hugeCount[31] = 0xFF;
  EXPECT_EQ(parseThumbnailStrip(hugeCount).error().code, ErrorCode::CorruptData);
  Bytes hugeWidth = good;
  hugeWidth[15] = 0x7F;
  EXPECT_EQ(parseThumbnailStrip(hugeWidth).error().code, ErrorCode::CorruptData);
  Bytes reserved = good;
  reserved[10] = 1;
  EXPECT_EQ(parseThumbnailStrip(reserved).error().code, ErrorCode::CorruptData);
}

}  // namespace
}  // namespace vakspiegel::media
