// Import with consent; see import_service.h. The media work is media/'s
// (media/import.h); this file makes the containers, the withdrawal code and
// the one transaction that makes a recording exist.
#include "app/import_service.h"

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <system_error>

#include "app/internal/use_case.h"
#include "app/internal/vault_context.h"
#include "audit/audit_actions.h"
#include "consent/withdrawal_code.h"
#include "core/crash_point.h"
#include "core/i18n.h"
#include "core/ids.h"
#include "core/sync_directory.h"
#include "store/recording_store.h"
#include "store/user_store.h"
#include "vault/chunked_file.h"

namespace vakspiegel {
namespace fs = std::filesystem;
using detail::UseCase;

namespace {

// A fresh code collides with a stored one with odds of about n / 31^7; a few
// draws are plenty, more would mean a broken random source.
constexpr int kCodeDraws = 8;

// Joins scope names with commas, as the consents table stores them.
std::string joinScopes(const std::vector<consent::Scope>& scopes) {
  std::string joined;
  for (const consent::Scope scope : scopes) {
    if (!joined.empty()) joined += ',';
    joined += consent::scopeName(scope);
  }
  return joined;
}

// The file names of a recording's encrypted files in media/: the recording id
// and the kind, nothing about the content.
fs::path fileFor(const fs::path& mediaDir, const std::string& recordingId, const char* kind) {
  return mediaDir / recordingFileName(recordingId, kind);
}

// The media sink: encrypts into a ChunkedFileWriter as FFmpeg writes.
// restart() drops what was written and starts a new container.
class ContainerSink final : public media::OutputSink {
 public:
  // `binding`: what the file is (vault/chunked_file.h), recordingFileBinding().
  ContainerSink(fs::path path, const DataKey& key, std::string binding)
      : m_path(std::move(path)), m_key(key), m_binding(std::move(binding)) {}
  Status open() {
    m_writer = VS_TRY(ChunkedFileWriter::create(m_path, m_key, {}, m_binding));
    return {};
  }
  Status write(std::span<const unsigned char> bytes) override { return m_writer->write(bytes); }
  Status restart() override {
    m_writer.reset();  // abandons the temporary file
    return open();
  }
  ChunkedFileWriter& writer() { return *m_writer; }

 private:
  fs::path m_path;
  const DataKey& m_key;
  std::string m_binding;
  std::unique_ptr<ChunkedFileWriter> m_writer;
};

Status writeContainer(const fs::path& path, const DataKey& key, const std::string& binding,
                      std::span<const unsigned char> bytes) {
  auto writer = VS_TRY(ChunkedFileWriter::create(path, key, {}, binding));
  VS_TRY(writer->write(bytes));
  return writer->commit();
}

// Removes committed files again when the import fails after they were made.
class CommittedFiles {
 public:
  CommittedFiles() = default;
  CommittedFiles(const CommittedFiles&) = delete;
  CommittedFiles& operator=(const CommittedFiles&) = delete;
  ~CommittedFiles() {
    if (m_isKept || m_paths.empty()) return;
    std::error_code ec;
    for (const fs::path& path : m_paths) fs::remove(path, ec);
    syncDirectory(m_paths.front().parent_path());
  }
  void add(fs::path path) { m_paths.push_back(std::move(path)); }
  void keep() { m_isKept = true; }

 private:
  std::vector<fs::path> m_paths;
  bool m_isKept = false;
};

// Overwrites the source with zeros, syncs, and deletes it. On SSDs and
// copy-on-write file systems the old blocks may survive the overwrite (see
// README, known limits); the file's name and contents are gone for the OS.
Status wipeFile(const fs::path& path) {
  const int fd = ::open(path.c_str(), O_WRONLY | O_CLOEXEC);
  if (fd < 0) return fail(ErrorCode::Io, trf("Could not open {} to wipe it.", path.string()));
  std::error_code ec;
  const std::uintmax_t size = fs::file_size(path, ec);
  std::vector<unsigned char> zeros(1 << 20, 0);
  std::uintmax_t done = 0;
  bool ok = !ec;
  while (ok && done < size) {
    const std::size_t n = static_cast<std::size_t>(std::min<std::uintmax_t>(zeros.size(), size - done));
    const ssize_t written = ::pwrite(fd, zeros.data(), n, static_cast<off_t>(done));
    ok = written > 0;
    if (ok) done += static_cast<std::uintmax_t>(written);
  }
  ok = ok && ::fsync(fd) == 0;
  ::close(fd);
  if (!ok) return fail(ErrorCode::Io, trf("Could not overwrite {}; it was not deleted.", path.string()));
  fs::remove(path, ec);
  if (ec) return fail(ErrorCode::Io, trf("{} was overwritten but could not be deleted.", path.string()));
  syncDirectory(path.parent_path());
  return {};
}

// Reads the imported media back through the decrypting reader before the
// source is wiped: it must open and hold what the import said it wrote.
Status verifyImport(const fs::path& path, const DataKey& key, const std::string& binding,
                    const media::ImportReport& report) {
  auto reader = VS_TRY(ChunkedFileReader::open(path, key, binding));
  const media::MediaSummary summary = VS_TRY(media::inspect(*reader));
  const bool ok = summary.videoCodec == "h264" && summary.videoPackets > 0 &&
                  std::llabs(summary.durationUs - report.durationUs) <= 500'000;
  if (!ok) return fail(ErrorCode::CorruptData, tr("The imported recording does not read back as expected."));
  return {};
}

}  // namespace

ImportService::ImportService(Vault& vault) : m_ctx(vault.context()) {}

Result<ImportOutcome> ImportService::importRecording(const Session& actor, const ImportRequest& request,
                                                     const media::ProgressCallback& progress) {
  VS_TRY(m_ctx.authorize(actor.actor(), Action::ImportRecording, "recording", "-"));
  UserStore users(*m_ctx.db);
  RecordingStore recordings(*m_ctx.db);

  // Whose recording: klantmanagers import their own (the key is sealed to the owner).
  const UserInfo owner = request.ownerName.empty() ? VS_TRY(m_ctx.requireUser(actor.name()))
                                                   : VS_TRY(m_ctx.requireUser(request.ownerName));
  if (owner.id != actor.userId()) {
    // A denial like any other: audited, with whose recording it would have been.
    VS_TRY(UseCase(m_ctx, actor, actionName(Action::ImportRecording), "user", owner.id)
               .record(AuditResult::Denied, "not_owner"));
    return fail(ErrorCode::PermissionDenied,
                tr("Klantmanagers import their own recordings; log in as the owner to import this one. The attempt "
                   "was recorded in the audit log."));
  }
  const auto ownerRow = VS_TRY(users.findById(owner.id));
  if (!ownerRow) return fail(ErrorCode::NotFound, trf("There is no user named '{}'.", owner.name));

  // Consent first (R1): a refused consent costs no media work.
  ImportOutcome outcome;
  outcome.recordingId = newUuid();
  UseCase uc(m_ctx, actor, audit_action::kRecordingImport, "recording", outcome.recordingId);
  const consent::RetentionPolicy policy = VS_TRY(m_ctx.retentionPolicy());
  std::string code;
  for (int draw = 0; draw < kCodeDraws && code.empty(); ++draw) {
    std::string candidate = consent::generateWithdrawalCode();
    if (!VS_TRY(recordings.withdrawalCodeExists(candidate))) code = std::move(candidate);
  }
  if (code.empty()) return fail(ErrorCode::Internal, tr("Could not draw a free withdrawal code."));
  outcome.consent = VS_TRY(consent::makeConsentRecord(request.consent, policy, owner.role, m_ctx.clock.now(),
                                                      outcome.recordingId, actor.userId(), code));

  // Fail fast when another process holds the vault: the work below can take long.
  VS_TRY(m_ctx.db->transaction([] { return Status{}; }));

  const DataKey key = DataKey::generate();
  const fs::path media = m_ctx.mediaDir();
  const fs::path mediaFile = fileFor(media, outcome.recordingId, "media");
  // Held while the files exist without their rows: a concurrent sweep leaves
  // them alone, and removes them when this process dies before the commit.
  auto importLock = consent::ImportLock::acquire(media, outcome.recordingId);
  if (!importLock) return uc.failed(importLock.error());
  crashPoint("import.locked");
  CommittedFiles committed;
  ContainerSink sink(mediaFile, key, recordingFileBinding(outcome.recordingId, "media"));
  if (auto opened = sink.open(); !opened) return uc.failed(opened.error());
  auto imported = media::importMedia(request.source, sink, request.media, progress);
  if (!imported) return uc.failed(imported.error());
  outcome.report = std::move(*imported);
  if (auto done = sink.writer().commit(); !done) return uc.failed(done.error());
  committed.add(mediaFile);
  crashPoint("import.media_committed");

  // Derived data, each in its own container under the same key.
  struct Derived {
    const char* kind;
    media::Bytes bytes;
  };
  std::vector<Derived> derived;
  derived.push_back({"thumbnails", media::serialize(outcome.report.thumbnails)});
  if (!outcome.report.waveform.minimum.empty()) {
    derived.push_back({"waveform", media::serialize(outcome.report.waveform)});
    derived.push_back({"speech", media::serialize(outcome.report.speech)});
  }
  std::vector<RecordingFileRow> files;
  std::error_code ec;
  files.push_back({outcome.recordingId, "media", mediaFile.filename().string(),
                   static_cast<std::int64_t>(fs::file_size(mediaFile, ec))});
  for (const Derived& item : derived) {
    const fs::path file = fileFor(media, outcome.recordingId, item.kind);
    if (auto written = writeContainer(file, key, recordingFileBinding(outcome.recordingId, item.kind), item.bytes);
        !written)
      return uc.failed(written.error());
    committed.add(file);
    crashPoint("import.derived_committed");
    files.push_back(
        {outcome.recordingId, item.kind, file.filename().string(), static_cast<std::int64_t>(fs::file_size(file, ec))});
  }

  crashPoint("import.files_committed");
  // One transaction: recording, consent, the owner's sealed key, files, audit.
  const consent::ConsentRecord& record = outcome.consent;
  const Bytes sealed = sealDataKey(key, ownerRow->publicKey);
  if (sealed.empty()) return uc.failed({ErrorCode::CorruptData, tr("The owner's public key is damaged.")});
  const std::int64_t now = toUnixSeconds(m_ctx.clock.now());
  auto stored = uc.transaction([&]() -> Status {
    // The key is sealed to the owner's public key as read before the media
    // work: an administrator's reset since then replaced it with one the
    // administrator can unwrap, so nothing may be sealed to it.
    const auto latestOwner = VS_TRY(users.findById(owner.id));
    if (!latestOwner || latestOwner->mustChangePassword || latestOwner->publicKey != ownerRow->publicKey)
      return fail(ErrorCode::PermissionDenied,
                  tr("The administrator reset this account during the import; nothing was kept. Log in again, "
                     "choose your own password and import the recording once more."));
    VS_TRY(recordings.insertRecording({outcome.recordingId, owner.id, now, toUnixSeconds(record.recordedAt),
                                       outcome.report.durationUs, outcome.report.width, outcome.report.height,
                                       outcome.report.mode == media::ImportMode::Remux ? "remux" : "transcode"}));
    VS_TRY(recordings.insertConsent({outcome.recordingId, joinScopes(record.scopes),
                                     std::string(consent::methodName(record.method)), toUnixSeconds(record.recordedAt),
                                     toUnixSeconds(record.registeredAt), record.registeredBy,
                                     toUnixSeconds(record.retentionEnd), record.withdrawalCode,
                                     std::string(consent::stateName(record.state)), now}));
    VS_TRY(recordings.insertKey({outcome.recordingId, owner.id, sealed, now}));
    for (const RecordingFileRow& file : files) VS_TRY(recordings.insertFile(file));
    VS_TRY(uc.succeeded(outcome.report.mode == media::ImportMode::Remux ? "mode=remux" : "mode=transcode"));
    return UseCase(m_ctx, actor, audit_action::kConsentRegister, "recording", outcome.recordingId)
        .succeeded(joinScopes(record.scopes));
  });
  if (!stored) return uc.failed(stored.error());
  committed.keep();
  crashPoint("import.db_committed");
  importLock->release();

  outcome.receipt = consent::makeReceipt(record, consent::ReceiptContext{});
  if (request.wipeSource) {
    auto wiped =
        verifyImport(mediaFile, key, recordingFileBinding(outcome.recordingId, "media"), outcome.report).and_then([&] {
          return wipeFile(request.source);
        });
    outcome.isSourceWiped = wiped.has_value();
    if (!wiped) outcome.wipeProblem = wiped.error().message;
    (void)UseCase(m_ctx, actor, audit_action::kRecordingWipeSource, "recording", outcome.recordingId)
        .record(wiped ? AuditResult::Ok : AuditResult::Error, wiped ? "" : errorCodeName(wiped.error().code));
  }
  return outcome;
}

}  // namespace vakspiegel
