// The vault's media/ folder, held open as a directory descriptor
// (O_DIRECTORY | O_NOFOLLOW). Recording files are opened and removed
// relative to it (openat / unlinkat, O_NOFOLLOW), so a file name read from
// the database can never reach outside the folder: not through a separator
// or "..", not through a symbolic link planted as the file, and not by
// replacing media/ itself with a link. Names must be plain file names;
// anything else is refused as CorruptData and nothing is touched.
#pragma once

#include <filesystem>
#include <string>
#include <string_view>

#include "core/error.h"

namespace vakspiegel {

// A plain file name: not empty, no '/', no NUL, not "." or "..".
[[nodiscard]] bool isPlainFileName(std::string_view name);

class MediaFolder {
 public:
  // Errors: NotFound (no such folder), CorruptData (a link or not a folder), Io.
  [[nodiscard]] static Result<MediaFolder> open(const std::filesystem::path& path);
  MediaFolder(MediaFolder&& other) noexcept;
  MediaFolder& operator=(MediaFolder&& other) noexcept;
  MediaFolder(const MediaFolder&) = delete;
  MediaFolder& operator=(const MediaFolder&) = delete;
  ~MediaFolder();

  // A read-only descriptor of the file (O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC);
  // the caller owns and closes it. Errors: NotFound, CorruptData (a bad name,
  // a symbolic link), Io.
  [[nodiscard]] Result<int> openForReading(std::string_view name) const;
  // Whether the file exists (a link counts: it is removed like a file).
  [[nodiscard]] bool contains(std::string_view name) const;
  // Removes the file (a link itself, never its target); a missing file is no
  // error. Errors: CorruptData (a bad name), Io (with the system's reason).
  [[nodiscard]] Status remove(std::string_view name) const;
  // fsync of the folder, so removals survive a power cut. Best effort.
  void sync() const;

  [[nodiscard]] const std::filesystem::path& path() const { return m_path; }
  // For messages: the folder's path joined with `name`.
  [[nodiscard]] std::string display(std::string_view name) const;

 private:
  MediaFolder(int fd, std::filesystem::path path) : m_fd(fd), m_path(std::move(path)) {}
  int m_fd = -1;
  std::filesystem::path m_path;
};

}  // namespace vakspiegel
