// The sweep: what is past its retention end or has lost its keys, and the
// orphans; and the import lock that keeps it off an import's files. See erasure.h.
#include "consent/erasure.h"

#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <map>
#include <set>
#include <system_error>

#include "audit/audit_actions.h"
#include "core/crash_point.h"
#include "core/i18n.h"
#include "core/shared_files.h"
#include "store/erasure_store.h"
#include "store/recording_store.h"
#include "vault/media_folder.h"

namespace vakspiegel::consent {
namespace fs = std::filesystem;

namespace {

constexpr std::size_t kRecordingIdLength = 36;  // a UUID in text

// The files in media/ that belong to a recording: "<id>.<anything>".
std::map<std::string, std::vector<fs::path>> filesByRecording(const fs::path& mediaDir) {
  std::map<std::string, std::vector<fs::path>> groups;
  std::error_code ec;
  for (const fs::directory_entry& entry : fs::directory_iterator(mediaDir, ec)) {
    const std::string name = entry.path().filename().string();
    if (name.size() <= kRecordingIdLength || name[kRecordingIdLength] != '.') continue;
    groups[name.substr(0, kRecordingIdLength)].push_back(entry.path());
  }
  return groups;
}

}  // namespace

Result<ImportLock> ImportLock::acquire(const fs::path& mediaDir, const std::string& recordingId) {
  const fs::path path = mediaDir / (recordingId + ".lock");
  // A sweep that finds the file unlocked (its importer died, or it was just
  // created and not locked yet) removes it while holding the lock; so after
  // locking, a lock file that is no longer linked is made again.
  for (int attempt = 0; attempt < 8; ++attempt) {
    const int fd = ::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0600);
    if (fd < 0) break;
    shareNewFile(fd, mediaDir);
    struct stat st {};
    if (::flock(fd, LOCK_EX) == 0 && ::fstat(fd, &st) == 0 && st.st_nlink > 0) return ImportLock(path, fd);
    ::close(fd);
  }
  return fail(ErrorCode::Io, trf("Could not create {}.", path.string()));
}

ImportLock::ImportLock(ImportLock&& other) noexcept
    : m_path(std::move(other.m_path)), m_fd(std::exchange(other.m_fd, -1)) {}

ImportLock::~ImportLock() {
  release();
}

void ImportLock::release() {
  if (m_fd < 0) return;
  ::unlink(m_path.c_str());  // while still locked, so a sweep never sees it unlocked and linked
  ::close(m_fd);
  m_fd = -1;
}

Result<SweepReport> Eraser::sweep() {
  const std::vector<std::string> ledgerProblems = VS_TRY(repairLedger());
  SweepReport report = VS_TRY(recover());
  report.problems.insert(report.problems.begin(), ledgerProblems.begin(), ledgerProblems.end());
  ErasureStore store(m_db);
  std::vector<std::string> started;
  const std::vector<std::string> expired = VS_TRY(store.expiredWithoutErasure(toUnixSeconds(m_clock.now())));
  VS_TRY(requestAll(expired, ErasureReason::RetentionEnded, {}));
  const std::vector<std::string> keyless = VS_TRY(store.keylessWithoutErasure());
  VS_TRY(requestAll(keyless, ErasureReason::KeyLost, {}));
  report.expired = static_cast<int>(expired.size());
  report.keysLost = static_cast<int>(keyless.size());
  started.insert(started.end(), expired.begin(), expired.end());
  started.insert(started.end(), keyless.begin(), keyless.end());
  if (!started.empty()) {
    if (auto done = complete(started); !done) report.problems.push_back(done.error().message);
    for (const std::string& id : started) {
      const auto row = VS_TRY(store.find(id));
      if (row && row->state == "done") ++report.completed;
    }
  }
  VS_TRY(removeOrphans(report));
  return report;
}

Status Eraser::removeOrphans(SweepReport& report) {
  ErasureStore store(m_db);
  VS_TRY(m_db.transaction([&]() -> Status {
    report.orphanKeysRemoved = VS_TRY(store.removeKeysWithoutRecording());
    if (report.orphanKeysRemoved == 0) return {};
    return m_audit.append({"system", "system", audit_action::kSweepOrphanKeys, "vault", "-", AuditResult::Ok,
                           fmt::format("count={}", report.orphanKeysRemoved)});
  }));

  const MediaFolder folder = VS_TRY(MediaFolder::open(mediaDir()));
  std::map<std::string, bool> recordings;  // id -> has an unfinished erasure
  for (auto& [id, isErasing] : VS_TRY(store.recordingIds())) recordings.emplace(std::move(id), isErasing);
  RecordingStore recordingStore(m_db);
  for (const auto& [id, paths] : filesByRecording(mediaDir())) {
    const auto known = recordings.find(id);
    if (known != recordings.end() && known->second) continue;  // the erasure journal owns these
    std::set<std::string> manifest;
    if (known != recordings.end()) {
      auto files = recordingStore.files(id);
      if (!files && files.error().code == ErrorCode::CorruptData) {
        // A manifest changed outside Vakspiegel: which files are the live
        // recording's cannot be told, so none is touched.
        report.problems.push_back(files.error().message);
        VS_TRY(m_audit.append({"system", "system", audit_action::kRecordingIntegrity, "recording", id,
                               AuditResult::Error, "bad_file_name"}));
        continue;
      }
      for (const RecordingFileRow& file : VS_TRY(std::move(files))) manifest.insert(file.fileName);
    }
    std::vector<std::string> strays;
    for (const fs::path& path : paths)
      if (!manifest.contains(path.filename().string())) strays.push_back(path.filename().string());
    if (strays.empty()) continue;

    // An import still running holds its lock: leave its files alone. A lock
    // we can take belongs to a dead process (or to an import that has not
    // written anything yet, which re-creates its lock after we removed it).
    const std::string lockName = id + ".lock";
    const fs::path lockPath = mediaDir() / lockName;
    const int lockFd = ::open(lockPath.c_str(), O_RDWR | O_CLOEXEC | O_NOFOLLOW);
    if (lockFd >= 0 && ::flock(lockFd, LOCK_EX | LOCK_NB) != 0) {
      ::close(lockFd);
      continue;
    }
    int removed = 0;
    for (const std::string& name : strays) {
      if (name == lockName) continue;
      const bool existed = folder.contains(name);
      if (auto gone = folder.remove(name); !gone) {
        report.problems.push_back(gone.error().message);
      } else if (existed) {
        ++removed;
        crashPoint("sweep.orphan_removed");
      }
    }
    if (lockFd >= 0) {
      (void)folder.remove(lockName);  // still holding it
      ::close(lockFd);
      ++removed;
    }
    folder.sync();
    report.orphanFilesRemoved += removed;
    VS_TRY(m_audit.append({"system", "system", audit_action::kSweepOrphanFiles, "recording", id, AuditResult::Ok,
                           fmt::format("count={}", removed)}));
  }
  return {};
}

}  // namespace vakspiegel::consent
