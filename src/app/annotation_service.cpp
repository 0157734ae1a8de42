// Adding and reading annotations; see annotation_service.h. Every call asks
// the policy on the recording first and then needs the user's own sealed
// copy of the recording's data key: only the owner and the coaches it is
// shared with hold one. Allowed, refused or failed, each call is audited.
#include "app/annotation_service.h"

#include <algorithm>
#include <optional>
#include <string_view>

#include "app/internal/use_case.h"
#include "app/internal/vault_context.h"
#include "audit/audit_actions.h"
#include "core/i18n.h"
#include "core/ids.h"
#include "store/annotation_store.h"
#include "store/recording_store.h"

namespace vakspiegel {
using detail::unsealDataKey;
using detail::UseCase;

namespace {

// Long enough for a paragraph about a moment, short enough to read at a pause.
constexpr std::size_t kMaxAnnotationCharacters = 4000;

// The number of characters (code points) in UTF-8 text; nullopt when the
// bytes are not valid UTF-8 (no overlong forms, surrogates or code points
// past U+10FFFF), which could not be shown or exported as JSON later.
std::optional<std::size_t> utf8Characters(std::string_view text) {
  static constexpr char32_t kSmallest[] = {0, 0, 0x80, 0x800, 0x10000};
  std::size_t count = 0;
  for (std::size_t i = 0; i < text.size(); ++count) {
    const auto lead = static_cast<unsigned char>(text[i]);
    const std::size_t length = lead < 0x80           ? 1
                               : (lead >> 5) == 0x6  ? 2
                               : (lead >> 4) == 0xE  ? 3
                               : (lead >> 3) == 0x1E ? 4
                                                     : 0;
    if (length == 0 || i + length > text.size()) return std::nullopt;
    char32_t codePoint = length == 1 ? lead : lead & (0x7Fu >> length);
    for (std::size_t k = 1; k < length; ++k) {
      const auto next = static_cast<unsigned char>(text[i + k]);
      if ((next & 0xC0) != 0x80) return std::nullopt;
      codePoint = (codePoint << 6) | (next & 0x3Fu);
    }
    if (codePoint < kSmallest[length] || codePoint > 0x10FFFF || (codePoint >= 0xD800 && codePoint <= 0xDFFF))
      return std::nullopt;
    i += length;
  }
  return count;
}

bool isBlank(std::string_view text) {
  return std::all_of(text.begin(), text.end(), [](char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; });
}

// A position as the player shows it: m:ss (h:mm:ss from an hour on).
std::string formatPosition(std::int64_t us) {
  const std::string sign = us < 0 ? "-" : "";
  const std::int64_t s = us < 0 ? -(us / 1'000'000) : us / 1'000'000;  // no overflow at the minimum
  if (s >= 3600) return fmt::format("{}{}:{:02}:{:02}", sign, s / 3600, s / 60 % 60, s % 60);
  return fmt::format("{}{}:{:02}", sign, s / 60, s % 60);
}

Status validateAnnotation(std::int64_t positionUs, std::int64_t durationUs, const std::string& text) {
  if (isBlank(text))
    return fail(ErrorCode::InvalidArgument, tr("The annotation is empty. Write what you noticed at this moment."));
  const std::optional<std::size_t> characters = utf8Characters(text);
  if (!characters)
    return fail(ErrorCode::InvalidArgument,
                tr("The annotation contains characters that cannot be read (no valid UTF-8)."));
  if (*characters > kMaxAnnotationCharacters)
    return fail(ErrorCode::InvalidArgument,
                trf("An annotation can be at most {} characters long; this one has {}. Make it shorter or split it.",
                    kMaxAnnotationCharacters, *characters));
  if (positionUs < 0 || positionUs > durationUs)
    return fail(ErrorCode::InvalidArgument,
                trf("The moment {} is not in the recording. Choose a moment from 0:00 to {}.",
                    formatPosition(positionUs), formatPosition(durationUs)));
  return {};
}

// The audit reason for a content call that the policy allowed but that failed.
std::string failureReason(const Error& error) {
  return error.code == ErrorCode::PermissionDenied ? "no_sealed_key" : errorCodeName(error.code);
}

}  // namespace

AnnotationService::AnnotationService(Vault& vault) : m_ctx(vault.context()) {}

Result<Annotation> AnnotationService::addAnnotation(const Session& actor, const std::string& recordingId,
                                                    std::int64_t positionUs, const std::string& text) {
  UseCase uc(m_ctx, actor, audit_action::kAnnotationAdd, "recording", recordingId);
  VS_TRY(uc.authorizeOnRecording(Action::Annotate));
  const auto recording = VS_TRY(RecordingStore(*m_ctx.db).find(recordingId));
  if (!recording) return fail(ErrorCode::NotFound, trf("There is no recording {}.", shortForMessage(recordingId)));
  VS_TRY(validateAnnotation(positionUs, recording->durationUs, text));

  const auto auditFailure = [&](const Error& error) { return uc.failed(error, failureReason(error)); };
  auto key = unsealDataKey(*m_ctx.db, actor, recordingId);
  if (!key) return auditFailure(key.error());

  AnnotationRow row;
  row.id = newUuid();
  row.recordingId = recordingId;
  row.authorId = actor.userId();
  row.positionUs = positionUs;
  row.createdAt = toUnixSeconds(m_ctx.clock.now());
  // Bound to the row id: sealed text cannot be moved to another annotation.
  row.sealedText = sealField(*key, row.id, text);
  AnnotationStore annotations(*m_ctx.db);
  auto stored = uc.transaction([&]() -> Status {
    VS_TRY(annotations.insert(row));
    return uc.succeeded(row.id);
  });
  if (!stored) return auditFailure(stored.error());
  return Annotation{row.id, recordingId, actor.name(), positionUs, fromUnixSeconds(row.createdAt), text};
}

Result<std::vector<Annotation>> AnnotationService::listAnnotations(const Session& actor,
                                                                   const std::string& recordingId) {
  UseCase uc(m_ctx, actor, audit_action::kAnnotationRead, "recording", recordingId);
  VS_TRY(uc.authorizeOnRecording(Action::ReadAnnotations));
  const auto auditFailure = [&](const Error& error) { return uc.failed(error, failureReason(error)); };
  auto key = unsealDataKey(*m_ctx.db, actor, recordingId);
  if (!key) return auditFailure(key.error());
  auto rows = AnnotationStore(*m_ctx.db).forRecording(recordingId);
  if (!rows) return auditFailure(rows.error());

  std::vector<Annotation> list;
  list.reserve(rows->size());
  for (AnnotationRow& row : *rows) {
    auto text = openField(*key, row.id, row.sealedText);
    if (!text)
      return auditFailure(
          {ErrorCode::CorruptData, trf("An annotation of this recording is damaged and cannot be read ({}).", row.id)});
    list.push_back(Annotation{std::move(row.id), recordingId, std::move(row.authorName), row.positionUs,
                              fromUnixSeconds(row.createdAt), std::move(*text)});
  }
  VS_TRY(uc.succeeded());
  return list;
}

}  // namespace vakspiegel
