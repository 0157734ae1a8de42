// Adding, editing, deleting and reading annotations; see annotation_service.h.
// Every call asks the policy on the recording first; what it seals or opens
// needs the user's own sealed copy of the recording's data key: only the
// owner and the coaches it is shared with hold one. Only the author edits or
// deletes. Allowed, refused or failed, each call is audited, with the
// annotation's id and never its content.
#include "app/annotation_service.h"

#include <map>

#include "app/internal/annotation_payload.h"
#include "app/internal/annotation_rules.h"
#include "app/internal/use_case.h"
#include "app/internal/vault_context.h"
#include "audit/audit_actions.h"
#include "core/i18n.h"
#include "core/ids.h"
#include "store/annotation_store.h"
#include "store/coding_scheme_store.h"
#include "store/recording_store.h"

namespace vakspiegel {
using detail::AnnotationContent;
using detail::unsealDataKey;
using detail::UseCase;

namespace {

// The audit reason for a content call that the policy allowed but that failed.
std::string failureReason(const Error& error) {
  return error.code == ErrorCode::PermissionDenied ? "no_sealed_key" : errorCodeName(error.code);
}

Error damaged(const std::string& annotationId) {
  return {ErrorCode::CorruptData,
          trf("An annotation of this recording is damaged and cannot be read ({}).", shortForMessage(annotationId))};
}

// What a row seals, opened: format 1 the text alone, format 2 the payload.
Result<AnnotationContent> openContent(const DataKey& key, const AnnotationRow& row) {
  auto opened = openField(key, row.id, row.sealedText);
  if (!opened) return fail(damaged(row.id));
  Result<AnnotationContent> content = fail(damaged(row.id));
  if (row.sealedFormat == kSealedFormatText) {
    content = AnnotationContent{};
    content->text = *opened;
  } else if (row.sealedFormat == kSealedFormatPayload) {
    content = detail::decodeAnnotationPayload(*opened);
    if (!content) content = fail(damaged(row.id));
  }
  wipe(*opened);
  return content;
}

// Sealed under the recording's key and bound to the row id: the content
// cannot be moved to another annotation.
Bytes sealContent(const DataKey& key, const std::string& annotationId, const AnnotationContent& content) {
  std::string payload = detail::encodeAnnotationPayload(content);
  Bytes sealed = sealField(key, annotationId, payload);
  wipe(payload);
  return sealed;
}

Annotation toAnnotation(const AnnotationRow& row, AnnotationLayer layer, AnnotationContent&& content,
                        std::string categoryName) {
  Annotation a;
  a.id = row.id;
  a.recordingId = row.recordingId;
  a.authorId = row.authorId;
  a.authorName = row.authorName;
  a.layer = layer;
  a.positionUs = row.positionUs;
  a.endUs = row.endUs;
  a.categoryId = std::move(content.categoryId);
  a.categoryName = std::move(categoryName);
  a.promptId = std::move(content.promptId);
  a.createdAt = fromUnixSeconds(row.createdAt);
  a.updatedAt = fromUnixSeconds(row.updatedAt.value_or(row.createdAt));
  a.text = std::move(content.text);
  return a;
}

// The name the category has in its coding scheme: empty for no category,
// nullopt when no scheme of the vault has it.
Result<std::optional<std::string>> categoryNameOf(Database& db, const std::string& categoryId) {
  if (categoryId.empty()) return std::optional<std::string>(std::string());
  const auto category = VS_TRY(CodingSchemeStore(db).findCategory(categoryId));
  if (!category) return std::optional<std::string>();
  return std::optional<std::string>(category->name);
}

Error unknownCategory(const std::string& categoryId) {
  return {ErrorCode::InvalidArgument,
          trf("There is no category '{}' in the coding schemes of this vault. See 'vakspiegel-cli schemes list' for "
              "the categories there are.",
              shortForMessage(categoryId))};
}

}  // namespace

std::string_view layerName(AnnotationLayer layer) {
  switch (layer) {
    case AnnotationLayer::Own: return "own";
    case AnnotationLayer::Coach: return "coach";
    case AnnotationLayer::Citizen: return "citizen";
  }
  return "own";
}

std::optional<AnnotationLayer> layerFromName(std::string_view name) {
  for (const AnnotationLayer layer : {AnnotationLayer::Own, AnnotationLayer::Coach, AnnotationLayer::Citizen})
    if (layerName(layer) == name) return layer;
  return std::nullopt;
}

AnnotationService::AnnotationService(Vault& vault) : m_ctx(vault.context()) {}

Result<Annotation> AnnotationService::addAnnotation(const Session& actor, const std::string& recordingId,
                                                    std::int64_t positionUs, const std::string& text) {
  AnnotationDraft draft;
  draft.positionUs = positionUs;
  draft.text = text;
  return addAnnotation(actor, recordingId, draft);
}

Result<Annotation> AnnotationService::addAnnotation(const Session& actor, const std::string& recordingId,
                                                    const AnnotationDraft& draft) {
  UseCase uc(m_ctx, actor, audit_action::kAnnotationAdd, "recording", recordingId);
  VS_TRY(uc.authorizeOnRecording(Action::Annotate));
  const auto refuse = [&](const Error& error, const std::string& reason = {}) {
    return uc.failed(error, reason.empty() ? failureReason(error) : reason);
  };
  RecordingStore recordings(*m_ctx.db);
  const auto recording = VS_TRY(recordings.find(recordingId));
  if (!recording) return fail(ErrorCode::NotFound, trf("There is no recording {}.", shortForMessage(recordingId)));
  if (auto valid = detail::validateAnnotationText(draft.text, !draft.categoryId.empty()); !valid)
    return refuse(valid.error());
  if (auto valid = detail::validateAnnotationRange(draft.positionUs, draft.endUs, recording->durationUs); !valid)
    return refuse(valid.error());

  // The layer follows the author: the policy let only the owner and a coach
  // it is shared with this far.
  const bool isOwner = recording->ownerId == actor.userId();
  const AnnotationLayer layer = draft.layer.value_or(isOwner ? AnnotationLayer::Own : AnnotationLayer::Coach);
  if (isOwner && layer == AnnotationLayer::Coach)
    return refuse({ErrorCode::InvalidArgument,
                   tr("Only a coach writes in the coach layer. Write in your own layer, or in the citizen's layer "
                      "when the citizen agreed to watching back together.")},
                  "layer_not_authors");
  if (!isOwner && layer != AnnotationLayer::Coach)
    return refuse({ErrorCode::InvalidArgument,
                   tr("As a coach you write in the coach layer only: the own and the citizen's layers are the "
                      "client manager's.")},
                  "layer_not_authors");
  if (layer == AnnotationLayer::Citizen) {
    const auto consentRow = VS_TRY(recordings.consentFor(recordingId));
    if (!consentRow) return fail(ErrorCode::NotFound, trf("There is no recording {}.", shortForMessage(recordingId)));
    const consent::ConsentRecord consent = VS_TRY(detail::consentFromRow(*consentRow));
    if (!consent.hasScope(consent::Scope::CitizenReview))
      return refuse({ErrorCode::InvalidArgument,
                     tr("The citizen did not agree to watching back together, so this recording has no citizen's "
                        "layer. Write the annotation in your own layer.")},
                    "no_citizen_review_consent");
  }
  // An id given (undoing a delete brings the annotation back under its own).
  if (!draft.id.empty() && !isUuid(draft.id))
    return refuse({ErrorCode::InvalidArgument, tr("An annotation's id must be a UUID.")}, "invalid_id");
  auto categoryName = VS_TRY(categoryNameOf(*m_ctx.db, draft.categoryId));
  if (!categoryName) return refuse(unknownCategory(draft.categoryId), "unknown_category");
  if (!draft.promptId.empty() && !VS_TRY(CodingSchemeStore(*m_ctx.db).findPrompt(draft.promptId)))
    return refuse({ErrorCode::InvalidArgument,
                   trf("There is no question '{}' among the recall prompts of this vault. See 'vakspiegel-cli "
                       "prompts list' for the questions there are.",
                       shortForMessage(draft.promptId))},
                  "unknown_prompt");

  auto key = unsealDataKey(*m_ctx.db, actor, recordingId);
  if (!key) return refuse(key.error());
  AnnotationRow row;
  row.id = draft.id.empty() ? newUuid() : draft.id;
  row.recordingId = recordingId;
  row.authorId = actor.userId();
  row.authorName = actor.name();
  row.layer = std::string(layerName(layer));
  row.positionUs = draft.positionUs;
  row.endUs = draft.endUs;
  row.createdAt = toUnixSeconds(m_ctx.clock.now());
  row.sealedFormat = kSealedFormatPayload;
  AnnotationContent content;
  content.text = draft.text;
  content.categoryId = draft.categoryId;
  content.promptId = draft.promptId;
  row.sealedText = sealContent(*key, row.id, content);
  AnnotationStore annotations(*m_ctx.db);
  auto stored = uc.transaction([&]() -> Status {
    VS_TRY(annotations.insert(row));
    return uc.succeeded(row.id);
  });
  if (!stored) return refuse(stored.error());
  return toAnnotation(row, layer, std::move(content), std::move(*categoryName));
}

Result<Annotation> AnnotationService::editAnnotation(const Session& actor, const std::string& recordingId,
                                                     const std::string& annotationId, const AnnotationDraft& draft) {
  UseCase uc(m_ctx, actor, audit_action::kAnnotationEdit, "recording", recordingId);
  VS_TRY(uc.authorizeOnRecording(Action::Annotate));
  const auto refuse = [&](const Error& error, const std::string& reason = {}) {
    return uc.failed(error, reason.empty() ? failureReason(error) : reason);
  };
  const auto recording = VS_TRY(RecordingStore(*m_ctx.db).find(recordingId));
  if (!recording) return fail(ErrorCode::NotFound, trf("There is no recording {}.", shortForMessage(recordingId)));
  AnnotationStore annotations(*m_ctx.db);
  auto found = annotations.find(recordingId, annotationId);
  if (!found) return refuse(found.error());
  if (!*found)
    return refuse({ErrorCode::NotFound, trf("This recording has no annotation {}.", shortForMessage(annotationId))},
                  "no_such_annotation");
  AnnotationRow row = std::move(**found);
  if (row.authorId != actor.userId())
    return refuse({ErrorCode::PermissionDenied,
                   tr("Only the author of an annotation may change or delete it. The attempt was recorded in the "
                      "audit log.")},
                  "not_author");
  const auto layer = layerFromName(row.layer);
  if (!layer) return refuse(damaged(row.id));
  if (auto valid = detail::validateAnnotationText(draft.text, !draft.categoryId.empty()); !valid)
    return refuse(valid.error());
  if (auto valid = detail::validateAnnotationRange(draft.positionUs, draft.endUs, recording->durationUs); !valid)
    return refuse(valid.error());
  auto categoryName = VS_TRY(categoryNameOf(*m_ctx.db, draft.categoryId));
  if (!categoryName) return refuse(unknownCategory(draft.categoryId), "unknown_category");

  auto key = unsealDataKey(*m_ctx.db, actor, recordingId);
  if (!key) return refuse(key.error());
  // The prompt link stays: it says which question the annotation answered.
  auto before = openContent(*key, row);
  if (!before) return refuse(before.error());
  AnnotationContent content;
  content.text = draft.text;
  content.categoryId = draft.categoryId;
  content.promptId = std::move(before->promptId);
  row.positionUs = draft.positionUs;
  row.endUs = draft.endUs;
  row.updatedAt = toUnixSeconds(m_ctx.clock.now());
  row.sealedFormat = kSealedFormatPayload;
  row.sealedText = sealContent(*key, row.id, content);
  auto stored = uc.transaction([&]() -> Status {
    if (!VS_TRY(annotations.update(row)))
      return fail(ErrorCode::NotFound, trf("This recording has no annotation {}.", shortForMessage(annotationId)));
    return uc.succeeded(row.id);
  });
  if (!stored) return refuse(stored.error());
  return toAnnotation(row, *layer, std::move(content), std::move(*categoryName));
}

Status AnnotationService::deleteAnnotation(const Session& actor, const std::string& recordingId,
                                           const std::string& annotationId) {
  UseCase uc(m_ctx, actor, audit_action::kAnnotationDelete, "recording", recordingId);
  VS_TRY(uc.authorizeOnRecording(Action::Annotate));
  const auto refuse = [&](const Error& error, const std::string& reason = {}) {
    return uc.failed(error, reason.empty() ? failureReason(error) : reason);
  };
  AnnotationStore annotations(*m_ctx.db);
  const Error notFound{ErrorCode::NotFound, trf("This recording has no annotation {}.", shortForMessage(annotationId))};
  auto found = annotations.find(recordingId, annotationId);
  if (!found) return refuse(found.error());
  if (!*found) return refuse(notFound, "no_such_annotation");
  if ((*found)->authorId != actor.userId())
    return refuse({ErrorCode::PermissionDenied,
                   tr("Only the author of an annotation may change or delete it. The attempt was recorded in the "
                      "audit log.")},
                  "not_author");
  // secure_delete zeroes the row in its page; the recording's erasure, when
  // it comes, checkpoints the write-ahead log as well.
  auto deleted = uc.transaction([&]() -> Status {
    if (!VS_TRY(annotations.remove(recordingId, annotationId))) return fail(notFound);
    return uc.succeeded(annotationId);
  });
  if (!deleted) return refuse(deleted.error());
  return {};
}

Result<std::vector<Annotation>> AnnotationService::listAnnotations(const Session& actor, const std::string& recordingId,
                                                                   std::optional<AnnotationLayer> layer) {
  UseCase uc(m_ctx, actor, audit_action::kAnnotationRead, "recording", recordingId);
  VS_TRY(uc.authorizeOnRecording(Action::ReadAnnotations));
  const auto auditFailure = [&](const Error& error) { return uc.failed(error, failureReason(error)); };
  auto key = unsealDataKey(*m_ctx.db, actor, recordingId);
  if (!key) return auditFailure(key.error());
  auto rows = AnnotationStore(*m_ctx.db).forRecording(
      recordingId, layer ? std::optional<std::string>(layerName(*layer)) : std::nullopt);
  if (!rows) return auditFailure(rows.error());
  auto categories = CodingSchemeStore(*m_ctx.db).categories();
  if (!categories) return auditFailure(categories.error());
  std::map<std::string, std::string> categoryNames;
  for (CodingCategoryRow& category : *categories) categoryNames.emplace(category.id, std::move(category.name));

  std::vector<Annotation> list;
  list.reserve(rows->size());
  for (const AnnotationRow& row : *rows) {
    const auto rowLayer = layerFromName(row.layer);
    if (!rowLayer) return auditFailure(damaged(row.id));
    auto content = openContent(*key, row);
    if (!content) return auditFailure(content.error());
    const auto name = categoryNames.find(content->categoryId);
    list.push_back(
        toAnnotation(row, *rowLayer, std::move(*content), name == categoryNames.end() ? std::string() : name->second));
  }
  VS_TRY(uc.succeeded());
  return list;
}

}  // namespace vakspiegel
