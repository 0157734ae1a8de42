// Opening a recording to watch it, and its library picture; see playback_service.h.
#include "app/playback_service.h"

#include "app/internal/use_case.h"
#include "app/internal/vault_context.h"
#include "audit/audit_actions.h"
#include "core/i18n.h"
#include "media/import.h"
#include "store/recording_store.h"
#include "vault/media_folder.h"

namespace vakspiegel {
using detail::unsealDataKey;
using detail::UseCase;

namespace {

// The audit reason for a content call that the policy allowed but that failed.
std::string failureReason(const Error& error) {
  return error.code == ErrorCode::PermissionDenied ? "no_sealed_key" : errorCodeName(error.code);
}

}  // namespace

PlaybackService::PlaybackService(Vault& vault) : m_ctx(vault.context()) {}

Result<OpenedRecording> PlaybackService::openRecording(const Session& actor, const std::string& recordingId) {
  UseCase uc(m_ctx, actor, audit_action::kRecordingPlay, "recording", recordingId);
  VS_TRY(uc.authorizeOnRecording(Action::Play));
  OpenedRecording opened = VS_TRY(openFiles(uc, recordingId, {}));
  if (!opened.media)
    return uc.failed({ErrorCode::CorruptData, trf("The vault holds no media file for recording {}.", recordingId)});
  VS_TRY(uc.succeeded());
  return opened;
}

Result<Bytes> PlaybackService::coverPicture(const Session& actor, const std::string& recordingId) {
  UseCase uc(m_ctx, actor, audit_action::kRecordingCover, "recording", recordingId);
  VS_TRY(uc.authorizeOnRecording(Action::Play));
  OpenedRecording opened = VS_TRY(openFiles(uc, recordingId, "thumbnails"));
  Bytes picture;
  if (opened.thumbnails) {
    Bytes strip(opened.thumbnails->size());
    const auto read = opened.thumbnails->readAt(0, strip);
    if (!read) return uc.failed(read.error());
    strip.resize(*read);
    auto parsed = media::parseThumbnailStrip(strip);
    if (!parsed) return uc.failed(parsed.error());
    if (!parsed->frames.empty()) picture = std::move(parsed->frames[parsed->frames.size() / 10].jpeg);
  }
  VS_TRY(uc.succeeded());
  return picture;
}

namespace {

Result<Bytes> readWhole(ChunkedFileReader& reader) {
  Bytes bytes(reader.size());
  const std::size_t read = VS_TRY(reader.readAt(0, bytes));
  bytes.resize(read);
  return bytes;
}

}  // namespace

Result<TimelineData> readTimeline(OpenedRecording& opened) {
  TimelineData data;
  if (opened.thumbnails) {
    const Bytes bytes = VS_TRY(readWhole(*opened.thumbnails));
    data.thumbnails = VS_TRY(media::parseThumbnailStrip(bytes));
  }
  if (opened.waveform) {
    const Bytes bytes = VS_TRY(readWhole(*opened.waveform));
    data.waveform = VS_TRY(media::parseWaveformPeaks(bytes));
  }
  if (opened.speech) {
    const Bytes bytes = VS_TRY(readWhole(*opened.speech));
    data.speech = VS_TRY(media::parseSpeechActivity(bytes));
  }
  return data;
}

Result<OpenedRecording> PlaybackService::openFiles(UseCase& uc, const std::string& recordingId,
                                                   std::string_view onlyKind) {
  const Session& actor = uc.actor();
  const auto auditFailure = [&](const Error& error, std::string reason = {}) {
    return uc.failed(error, reason.empty() ? failureReason(error) : std::move(reason));
  };
  auto key = unsealDataKey(*m_ctx.db, actor, recordingId);
  if (!key) return auditFailure(key.error());
  // The store refuses a manifest whose file names were changed outside
  // Vakspiegel: an integrity problem for the privacy officer to look into.
  auto files = RecordingStore(*m_ctx.db).files(recordingId);
  if (!files) return auditFailure(files.error(), files.error().code == ErrorCode::CorruptData ? "bad_file_name" : "");
  auto folder = MediaFolder::open(m_ctx.mediaDir());
  if (!folder) return auditFailure(folder.error());

  OpenedRecording opened{recordingId, std::move(*key), nullptr, nullptr, nullptr, nullptr};
  for (const RecordingFileRow& file : *files) {
    if (!onlyKind.empty() && file.kind != onlyKind) continue;
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
  return opened;
}

}  // namespace vakspiegel
