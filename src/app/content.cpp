// Watching and annotating (R4, R6; see vault.h). Every call asks the policy
// on the recording first and then needs the user's own sealed copy of the
// recording's data key: only the owner and the coaches it is shared with
// hold one. Allowed, refused or failed, each call is audited; the audit log
// never holds annotation text, only the annotation's id.
#include "app/vault.h"

#include <algorithm>
#include <optional>
#include <string_view>

#include "app/app_support.h"
#include "core/i18n.h"
#include "core/ids.h"
#include "store/annotation_store.h"
#include "store/recording_store.h"
#include "vault/media_folder.h"

namespace vakspiegel {
namespace fs = std::filesystem;
using app_support::auditActor;
using app_support::unsealDataKey;

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

Result<DataKey> app_support::unsealDataKey(Database& db, const Session& session, const std::string& recordingId) {
  const auto sealed = VS_TRY(RecordingStore(db).sealedKey(recordingId, session.userId()));
  if (!sealed)
    return fail(ErrorCode::PermissionDenied,
                tr("You hold no key for this recording, so it cannot be opened. The attempt was recorded in the "
                   "audit log."));
  auto key = openSealedDataKey(*sealed, session.keys());
  if (!key)
    return fail(ErrorCode::CorruptData,
                tr("Your copy of this recording's key does not open with your key pair. Ask the owner to share the "
                   "recording again."));
  return key;
}

Result<OpenedRecording> Vault::openRecording(const Session& actor, const std::string& recordingId) {
  VS_TRY(authorizeOn(actor, Action::Play, recordingId));
  const auto auditFailure = [&](const Error& error, std::string reason = {}) {
    (void)m_audit.append({actor.userId(), auditActor(actor), "recording.play", "recording", recordingId,
                          AuditResult::Error, reason.empty() ? failureReason(error) : std::move(reason)});
    return fail(error);
  };
  auto key = unsealDataKey(*m_db, actor, recordingId);
  if (!key) return auditFailure(key.error());
  // The store refuses a manifest whose file names were changed outside
  // Vakspiegel: an integrity problem for the privacy officer to look into.
  auto files = RecordingStore(*m_db).files(recordingId);
  if (!files) return auditFailure(files.error(), files.error().code == ErrorCode::CorruptData ? "bad_file_name" : "");
  auto folder = MediaFolder::open(mediaDir(m_dir));
  if (!folder) return auditFailure(folder.error());

  OpenedRecording opened{recordingId, std::move(*key), nullptr, nullptr, nullptr, nullptr};
  for (const RecordingFileRow& file : *files) {
    // Relative to the media folder, not following links, and only as the
    // kind of file it is: no name or swapped file reaches anything else.
    auto fd = folder->openForReading(file.fileName);
    if (!fd) return auditFailure(fd.error());
    auto reader = ChunkedFileReader::adopt(*fd, folder->display(file.fileName), opened.key,
                                           recordingFileBinding(recordingId, file.kind));
    if (!reader) return auditFailure(reader.error());
    if (file.kind == "media") opened.media = std::move(*reader);
    if (file.kind == "thumbnails") opened.thumbnails = std::move(*reader);
    if (file.kind == "waveform") opened.waveform = std::move(*reader);
    if (file.kind == "speech") opened.speech = std::move(*reader);
  }
  if (!opened.media)
    return auditFailure({ErrorCode::CorruptData, trf("The vault holds no media file for recording {}.", recordingId)});

  VS_TRY(m_audit.append(
      {actor.userId(), auditActor(actor), "recording.play", "recording", recordingId, AuditResult::Ok, ""}));
  return opened;
}

Result<Annotation> Vault::addAnnotation(const Session& actor, const std::string& recordingId, std::int64_t positionUs,
                                        const std::string& text) {
  VS_TRY(authorizeOn(actor, Action::Annotate, recordingId));
  const auto recording = VS_TRY(RecordingStore(*m_db).find(recordingId));
  if (!recording) return fail(ErrorCode::NotFound, trf("There is no recording {}.", shortForMessage(recordingId)));
  VS_TRY(validateAnnotation(positionUs, recording->durationUs, text));

  const auto auditFailure = [&](const Error& error) {
    (void)m_audit.append({actor.userId(), auditActor(actor), "annotation.add", "recording", recordingId,
                          AuditResult::Error, failureReason(error)});
    return fail(error);
  };
  auto key = unsealDataKey(*m_db, actor, recordingId);
  if (!key) return auditFailure(key.error());

  AnnotationRow row;
  row.id = newUuid();
  row.recordingId = recordingId;
  row.authorId = actor.userId();
  row.positionUs = positionUs;
  row.createdAt = toUnixSeconds(m_clock.now());
  // Bound to the row id: sealed text cannot be moved to another annotation.
  row.sealedText = sealField(*key, row.id, text);
  AnnotationStore annotations(*m_db);
  auto stored = m_db->transaction([&]() -> Status {
    VS_TRY(annotations.insert(row));
    return m_audit.append(
        {actor.userId(), auditActor(actor), "annotation.add", "recording", recordingId, AuditResult::Ok, row.id});
  });
  if (!stored) return auditFailure(stored.error());
  return Annotation{row.id, recordingId, actor.name(), positionUs, fromUnixSeconds(row.createdAt), text};
}

Result<std::vector<Annotation>> Vault::listAnnotations(const Session& actor, const std::string& recordingId) {
  VS_TRY(authorizeOn(actor, Action::ReadAnnotations, recordingId));
  const auto auditFailure = [&](const Error& error) {
    (void)m_audit.append({actor.userId(), auditActor(actor), "annotation.read", "recording", recordingId,
                          AuditResult::Error, failureReason(error)});
    return fail(error);
  };
  auto key = unsealDataKey(*m_db, actor, recordingId);
  if (!key) return auditFailure(key.error());
  auto rows = AnnotationStore(*m_db).forRecording(recordingId);
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
  VS_TRY(m_audit.append(
      {actor.userId(), auditActor(actor), "annotation.read", "recording", recordingId, AuditResult::Ok, ""}));
  return list;
}

}  // namespace vakspiegel
