// What an annotation of sealed format 2 seals (store/annotation_store.h):
// its text, the category it carries and the recall prompt it answers, in a
// small versioned binary payload, so that none of the three is a plaintext
// column (product.md R4). Internal to app/.
//
//   "VSA" 0x01, then three fields, each a 4-byte little-endian length and
//   that many bytes: text, category id, prompt id. Nothing after them.
#pragma once

#include <string>
#include <string_view>

#include "core/error.h"
#include "vault/secure_bytes.h"

namespace vakspiegel::detail {

struct AnnotationContent {
  std::string text;
  std::string categoryId;  // empty: none
  std::string promptId;    // empty: none

  AnnotationContent() = default;
  AnnotationContent(const AnnotationContent&) = default;
  AnnotationContent(AnnotationContent&&) = default;
  AnnotationContent& operator=(const AnnotationContent&) = default;
  AnnotationContent& operator=(AnnotationContent&&) = default;
  ~AnnotationContent() { wipe(text); }
};

// The longest id a payload may carry (the seeded ones are far shorter).
inline constexpr std::size_t kMaxAnnotationIdBytes = 128;
// The longest text a payload may carry: 4,000 characters of at most 4 bytes.
inline constexpr std::size_t kMaxAnnotationPayloadTextBytes = 16'000;

// The caller wipes the result (it holds the text) when done with it.
[[nodiscard]] std::string encodeAnnotationPayload(const AnnotationContent& content);
// Errors: CorruptData for anything encodeAnnotationPayload did not write:
// another header or version, a length past the end or above the limits,
// bytes after the last field.
[[nodiscard]] Result<AnnotationContent> decodeAnnotationPayload(std::string_view payload);

}  // namespace vakspiegel::detail
