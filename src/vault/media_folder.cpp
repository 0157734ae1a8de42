// The media folder's descriptor-relative file access. See media_folder.h.
#include "vault/media_folder.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <system_error>
#include <utility>

#include "core/i18n.h"

namespace vakspiegel {

bool isPlainFileName(std::string_view name) {
  return !name.empty() && name != "." && name != ".." && name.find('/') == std::string_view::npos &&
         name.find('\0') == std::string_view::npos;
}

namespace {

Error badName(const std::string& shown) {
  return {ErrorCode::CorruptData,
          trf("The vault's database names a file that is not in its media folder ({}). It was changed outside "
              "Vakspiegel; nothing was opened or removed.",
              shown)};
}

std::string errnoText(int err) {
  return std::system_category().message(err);
}

}  // namespace

Result<MediaFolder> MediaFolder::open(const std::filesystem::path& path) {
  const int fd = ::open(path.c_str(), O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
  if (fd < 0) {
    const int err = errno;
    if (err == ENOENT) return fail(ErrorCode::NotFound, trf("The vault has no media folder {}.", path.string()));
    if (err == ELOOP || err == ENOTDIR)
      return fail(ErrorCode::CorruptData,
                  trf("The media folder {} of the vault is not a folder (it may have been replaced by a link). "
                      "Nothing was opened or removed.",
                      path.string()));
    return fail(ErrorCode::Io, trf("Could not open the media folder {} ({}).", path.string(), errnoText(err)));
  }
  return MediaFolder(fd, path);
}

MediaFolder::MediaFolder(MediaFolder&& other) noexcept
    : m_fd(std::exchange(other.m_fd, -1)), m_path(std::move(other.m_path)) {}

MediaFolder& MediaFolder::operator=(MediaFolder&& other) noexcept {
  if (this != &other) {
    if (m_fd >= 0) ::close(m_fd);
    m_fd = std::exchange(other.m_fd, -1);
    m_path = std::move(other.m_path);
  }
  return *this;
}

MediaFolder::~MediaFolder() {
  if (m_fd >= 0) ::close(m_fd);
}

std::string MediaFolder::display(std::string_view name) const {
  return (m_path / std::string(name)).string();
}

Result<int> MediaFolder::openForReading(std::string_view name) const {
  if (!isPlainFileName(name)) return fail(badName(std::string(name.substr(0, 80))));
  const std::string file(name);
  // O_NONBLOCK: a FIFO planted under the name must not hang the open.
  const int fd = ::openat(m_fd, file.c_str(), O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC);
  if (fd >= 0) return fd;
  const int err = errno;
  if (err == ENOENT) return fail(ErrorCode::NotFound, trf("The encrypted file {} does not exist.", display(name)));
  if (err == ELOOP)
    return fail(ErrorCode::CorruptData,
                trf("The file {} is a link, not a file of the vault; it was not opened.", display(name)));
  return fail(ErrorCode::Io, trf("Could not read the encrypted file {} ({}).", display(name), errnoText(err)));
}

bool MediaFolder::contains(std::string_view name) const {
  if (!isPlainFileName(name)) return false;
  struct stat info {};
  return ::fstatat(m_fd, std::string(name).c_str(), &info, AT_SYMLINK_NOFOLLOW) == 0;
}

Status MediaFolder::remove(std::string_view name) const {
  if (!isPlainFileName(name)) return fail(badName(std::string(name.substr(0, 80))));
  if (::unlinkat(m_fd, std::string(name).c_str(), 0) == 0 || errno == ENOENT) return {};
  const int err = errno;
  return fail(ErrorCode::Io, trf("Could not remove {}: {}.", display(name), errnoText(err)));
}

void MediaFolder::sync() const {
  if (m_fd >= 0) (void)::fsync(m_fd);
}

}  // namespace vakspiegel
