// The sealed payload of an annotation (format 2); see annotation_payload.h.
#include "app/internal/annotation_payload.h"

#include <cstdint>
#include <optional>

#include "core/i18n.h"

namespace vakspiegel::detail {

namespace {

constexpr std::string_view kHeader("VSA\x01", 4);

void appendField(std::string& out, std::string_view field) {
  const auto size = static_cast<std::uint32_t>(field.size());
  for (int shift = 0; shift < 32; shift += 8) out.push_back(static_cast<char>((size >> shift) & 0xFF));
  out.append(field);
}

// The next field of `rest` (consumed), or nullopt when it is malformed.
std::optional<std::string_view> takeField(std::string_view& rest, std::size_t maxBytes) {
  if (rest.size() < 4) return std::nullopt;
  std::uint32_t size = 0;
  for (int k = 3; k >= 0; --k) size = (size << 8) | static_cast<unsigned char>(rest[static_cast<std::size_t>(k)]);
  rest.remove_prefix(4);
  if (size > maxBytes || size > rest.size()) return std::nullopt;
  const std::string_view field = rest.substr(0, size);
  rest.remove_prefix(size);
  return field;
}

}  // namespace

std::string encodeAnnotationPayload(const AnnotationContent& content) {
  std::string out;
  out.reserve(kHeader.size() + 12 + content.text.size() + content.categoryId.size() + content.promptId.size());
  out.append(kHeader);
  appendField(out, content.text);
  appendField(out, content.categoryId);
  appendField(out, content.promptId);
  return out;
}

Result<AnnotationContent> decodeAnnotationPayload(std::string_view payload) {
  const Error damaged{ErrorCode::CorruptData, tr("The content of an annotation is damaged and cannot be read.")};
  if (payload.substr(0, kHeader.size()) != kHeader) return fail(damaged);
  std::string_view rest = payload.substr(kHeader.size());
  const auto text = takeField(rest, kMaxAnnotationPayloadTextBytes);
  const auto categoryId = text ? takeField(rest, kMaxAnnotationIdBytes) : std::nullopt;
  const auto promptId = categoryId ? takeField(rest, kMaxAnnotationIdBytes) : std::nullopt;
  if (!promptId || !rest.empty()) return fail(damaged);
  AnnotationContent content;
  content.text.assign(*text);
  content.categoryId.assign(*categoryId);
  content.promptId.assign(*promptId);
  return content;
}

}  // namespace vakspiegel::detail
