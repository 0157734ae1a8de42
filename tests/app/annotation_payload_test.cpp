// The sealed payload of an annotation (app/internal/annotation_payload.h):
// text, category and prompt link round-trip, and anything the encoder did
// not write (another header, a truncation, a length past the end or over the
// limits, trailing bytes) is refused as CorruptData, never read as content.
#include "app/internal/annotation_payload.h"

#include <string>

#include <gtest/gtest.h>
#include <rapidcheck.h>
#include <rapidcheck/gtest.h>

namespace vakspiegel::detail {
namespace {

using namespace std::string_literals;

AnnotationContent content(std::string text, std::string categoryId, std::string promptId) {
  AnnotationContent c;
  c.text = std::move(text);
  c.categoryId = std::move(categoryId);
  c.promptId = std::move(promptId);
  return c;
}

// A 4-byte little-endian length.
std::string length(std::uint32_t n) {
  std::string out;
  for (int shift = 0; shift < 32; shift += 8) out.push_back(static_cast<char>((n >> shift) & 0xFF));
  return out;
}

void expectCorrupt(const std::string& payload, const char* what) {
  SCOPED_TRACE(what);
  const auto decoded = decodeAnnotationPayload(payload);
  ASSERT_FALSE(decoded);
  EXPECT_EQ(decoded.error().code, ErrorCode::CorruptData);
}

TEST(AnnotationPayload, TextCategoryAndPromptRoundTrip) {
  for (const AnnotationContent& c :
       {content("Hier haakt de burger af.", "rm-afhaken", ""), content("Ik wilde rust brengen.", "", "prompt-bereiken"),
        content("", "kw-echt-contact", ""), content("Één\nmoment \0 met nul"s, "eigen-leerpunt", "prompt-anders"),
        content("", "", "")}) {
    const std::string payload = encodeAnnotationPayload(c);
    const auto decoded = decodeAnnotationPayload(payload);
    ASSERT_TRUE(decoded) << decoded.error().message;
    EXPECT_EQ(decoded->text, c.text);
    EXPECT_EQ(decoded->categoryId, c.categoryId);
    EXPECT_EQ(decoded->promptId, c.promptId);
  }
}

TEST(AnnotationPayload, TheLayoutIsHeaderThenThreeLengthPrefixedFields) {
  const std::string payload = encodeAnnotationPayload(content("ab", "c", ""));
  EXPECT_EQ(payload, std::string("VSA\x01", 4) + length(2) + "ab" + length(1) + "c" + length(0));
}

TEST(AnnotationPayload, MalformedPayloadsAreRefused) {
  const std::string header("VSA\x01", 4);
  const std::string good = encodeAnnotationPayload(content("tekst", "rm-flow", "prompt-dacht"));
  expectCorrupt("", "empty");
  expectCorrupt("Hier haakt de burger af.", "a format-1 text is no payload");
  expectCorrupt(std::string("VSA\x02", 4) + good.substr(4), "an unknown version");
  expectCorrupt(std::string("XSA\x01", 4) + good.substr(4), "another header");
  expectCorrupt(header, "no fields");
  expectCorrupt(good + "x", "a byte after the last field");
  for (std::size_t cut = 0; cut < good.size(); ++cut) expectCorrupt(good.substr(0, cut), "truncated");
  expectCorrupt(header + length(100) + "kort" + length(0) + length(0), "a length past the end");
  expectCorrupt(header + length(0xFFFFFFFF) + "x", "a huge length");
  expectCorrupt(header + length(0) + length(static_cast<std::uint32_t>(kMaxAnnotationIdBytes + 1)) +
                    std::string(kMaxAnnotationIdBytes + 1, 'c') + length(0),
                "a category id over the limit");
  expectCorrupt(header + length(static_cast<std::uint32_t>(kMaxAnnotationPayloadTextBytes + 1)) +
                    std::string(kMaxAnnotationPayloadTextBytes + 1, 't') + length(0) + length(0),
                "a text over the limit");
}

RC_GTEST_PROP(AnnotationPayload, AnyContentRoundTripsAndAnyChangeOfLengthIsRefused,
              (const std::string& text, const std::string& categoryId, const std::string& promptId)) {
  RC_PRE(text.size() <= kMaxAnnotationPayloadTextBytes && categoryId.size() <= kMaxAnnotationIdBytes &&
         promptId.size() <= kMaxAnnotationIdBytes);
  const std::string payload = encodeAnnotationPayload(content(text, categoryId, promptId));
  const auto decoded = decodeAnnotationPayload(payload);
  RC_ASSERT(decoded.has_value());
  RC_ASSERT(decoded->text == text);
  RC_ASSERT(decoded->categoryId == categoryId);
  RC_ASSERT(decoded->promptId == promptId);
  // Cut anywhere, or with anything appended, it is no payload.
  const auto cut = *rc::gen::inRange<std::size_t>(0, payload.size());
  RC_ASSERT(!decodeAnnotationPayload(payload.substr(0, cut)).has_value());
  RC_ASSERT(!decodeAnnotationPayload(payload + *rc::gen::nonEmpty<std::string>()).has_value());
}

}  // namespace
}  // namespace vakspiegel::detail
