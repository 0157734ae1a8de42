// File modes in a group-shared vault folder (shared_files.h).
#include "core/shared_files.h"

#include <sys/stat.h>

namespace vakspiegel {

bool isGroupShared(const std::filesystem::path& dir) {
  struct stat st {};
  if (::stat(dir.c_str(), &st) != 0) return false;
  return S_ISDIR(st.st_mode) && (st.st_mode & S_ISGID) != 0 && (st.st_mode & S_IWGRP) != 0;
}

void shareNewFile(int fd, const std::filesystem::path& dir) {
  if (fd >= 0 && isGroupShared(dir)) (void)::fchmod(fd, S_IRUSR | S_IWUSR | S_IRGRP | S_IWGRP);
}

void restrictNewFolder(const std::filesystem::path& folder, const std::filesystem::path& parent) {
  const mode_t mode = isGroupShared(parent) ? (S_ISGID | S_IRWXU | S_IRWXG) : S_IRWXU;
  // Already right (setgid inherited, the umask let the group in): no chmod,
  // which the sweep's sandbox (RestrictSUIDSGID) refuses when it sets setgid.
  struct stat st {};
  if (::stat(folder.c_str(), &st) == 0 && (st.st_mode & 07777) == mode) return;
  (void)::chmod(folder.c_str(), mode);
}

}  // namespace vakspiegel
