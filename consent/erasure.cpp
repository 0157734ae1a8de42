// The erasure journal, the ledger, the sweep. See erasure.h.
#include "consent/erasure.h"

#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/i18n.h"

namespace vakspiegel::consent {
namespace fs = std::filesystem;

Result<ImportLock> ImportLock::acquire(const fs::path& mediaDir, const std::string& recordingId) {
  const fs::path path = mediaDir / (recordingId + ".lock");
  // A sweep that finds the file unlocked (its importer died, or it was just
  // created and not locked yet) removes it while holding the lock; so after
  // locking, a lock file that is no longer linked is made again.
  for (int attempt = 0; attempt < 8; ++attempt) {
    const int fd = ::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0600);
    if (fd < 0) break;
    struct stat st {};
    if (::flock(fd, LOCK_EX) == 0 && ::fstat(fd, &st) == 0 && st.st_nlink > 0) return ImportLock(path, fd);
    ::close(fd);
  }
  return fail(ErrorCode::Io, trf("Could not create {}.", path.string()));
}

ImportLock::ImportLock(ImportLock&& other) noexcept
    : m_path(std::move(other.m_path)), m_fd(std::exchange(other.m_fd, -1)) {}

ImportLock::~ImportLock() { release(); }

void ImportLock::release() {
  if (m_fd < 0) return;
  ::unlink(m_path.c_str());  // while still locked, so a sweep never sees it unlocked and linked
  ::close(m_fd);
  m_fd = -1;
}

}  // namespace vakspiegel::consent

namespace vakspiegel::consent {
// Contract placeholders, replaced by the journal in the next commit.
Eraser::Eraser(Database& db, AuditLog& audit, const Clock& clock, std::filesystem::path vaultDir)
    : m_db(db), m_audit(audit), m_clock(clock), m_dir(std::move(vaultDir)) {}
}  // namespace vakspiegel::consent
