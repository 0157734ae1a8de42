// File modes in a vault a group shares (the Debian package's system vault
// under /var/lib/vakspiegel, a setgid folder of group vakspiegel, mode 2770):
// what is made in a setgid, group-writable folder is made for the group too,
// so every workstation user of the group and the sweep's system user can use
// it. Anywhere else, what the vault makes stays its owner's alone.
#pragma once

#include <filesystem>

namespace vakspiegel {

// Whether what is made in dir is for its group: dir is setgid and group-writable.
[[nodiscard]] bool isGroupShared(const std::filesystem::path& dir);

// After a file was created in dir (open() with 0600): 0660 when dir is
// shared. fchmod, because the umask cuts open()'s mode (the sweep runs with
// UMask=0077). Best effort, like the umask it corrects.
void shareNewFile(int fd, const std::filesystem::path& dir);

// A folder just made inside parent: 0700, or 2770 when parent is shared
// (its group then comes from parent's setgid bit). No chmod when it already
// has that mode.
void restrictNewFolder(const std::filesystem::path& folder, const std::filesystem::path& parent);

}  // namespace vakspiegel
