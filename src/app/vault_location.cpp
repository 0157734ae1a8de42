// The default vault and the reachability check (vault_location.h).
#include "app/vault_location.h"

#include <grp.h>
#include <pwd.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <string>
#include <vector>

#include "core/i18n.h"

#ifndef VAKSPIEGEL_SYSTEM_VAULT_DIR
#define VAKSPIEGEL_SYSTEM_VAULT_DIR "/var/lib/vakspiegel/vault"
#endif

namespace vakspiegel {
namespace fs = std::filesystem;

namespace {

fs::path dataHome() {
  if (const char* xdg = std::getenv("XDG_DATA_HOME"); xdg && *xdg) return fs::path(xdg) / "vakspiegel";
  if (const char* home = std::getenv("HOME"); home && *home) return fs::path(home) / ".local/share/vakspiegel";
  return fs::current_path() / "vakspiegel-data";
}

std::string userName() {
  if (const passwd* pw = ::getpwuid(::geteuid())) return pw->pw_name;
  return std::to_string(::geteuid());
}

std::string groupName(gid_t gid) {
  if (const group* gr = ::getgrgid(gid)) return gr->gr_name;
  return std::to_string(gid);
}

// Whether this process has gid among its groups now.
bool isInGroupNow(gid_t gid) {
  if (::getegid() == gid) return true;
  std::vector<gid_t> groups(static_cast<std::size_t>(std::max(::getgroups(0, nullptr), 0)));
  const int count = ::getgroups(static_cast<int>(groups.size()), groups.data());
  return count > 0 && std::find(groups.begin(), groups.begin() + count, gid) != groups.begin() + count;
}

// Whether the user's account is in gid by the group database (it may have
// been added after this session began).
bool isInGroupByAccount(gid_t gid) {
  const passwd* pw = ::getpwuid(::geteuid());
  if (!pw) return false;
  const std::string name = pw->pw_name;
  int count = 64;
  std::vector<gid_t> groups(static_cast<std::size_t>(count));
  if (::getgrouplist(name.c_str(), pw->pw_gid, groups.data(), &count) < 0) {
    groups.resize(static_cast<std::size_t>(count));
    if (::getgrouplist(name.c_str(), pw->pw_gid, groups.data(), &count) < 0) return false;
  }
  return std::find(groups.begin(), groups.begin() + count, gid) != groups.begin() + count;
}

Error closedFolder(const fs::path& dir, const fs::path& folder) {
  struct stat st {};
  if (::stat(folder.c_str(), &st) != 0)
    return {ErrorCode::PermissionDenied, trf("You have no access to the vault in {}.", dir.string())};
  const std::string user = userName();
  const std::string group = groupName(st.st_gid);
  if (!isInGroupNow(st.st_gid) && isInGroupByAccount(st.st_gid))
    return {ErrorCode::PermissionDenied,
            trf("Your account {} was added to the group '{}' after you logged in. Log out and in again to "
                "open the vault in {}.",
                user, group, dir.string())};
  if (!isInGroupNow(st.st_gid))
    return {ErrorCode::PermissionDenied,
            trf("You have no access to the vault in {}: your account {} is not in the group '{}'. Ask the IT "
                "department to add it with: sudo adduser {} {} (then log out and in again).",
                dir.string(), user, group, user, group)};
  return {ErrorCode::PermissionDenied,
          trf("You have no access to the vault in {}: the permissions of {} keep you out. Ask the IT "
              "department to check them.",
              dir.string(), folder.string())};
}

}  // namespace

fs::path systemVaultDir() {
  if (const char* dir = std::getenv("VAKSPIEGEL_SYSTEM_VAULT"); dir && *dir) return dir;
  return VAKSPIEGEL_SYSTEM_VAULT_DIR;
}

fs::path defaultVaultDir() {
  if (const char* dir = std::getenv("VAKSPIEGEL_VAULT"); dir && *dir) return dir;
  const fs::path system = systemVaultDir();
  std::error_code ec;
  if (fs::is_directory(system.parent_path(), ec)) return system;
  return dataHome() / "vault";
}

fs::path defaultDemoVaultDir() {
  return dataHome() / "demo-vault";
}

Status checkVaultReachable(const fs::path& dir) {
  std::error_code ec;
  const fs::path absolute = fs::absolute(dir, ec);
  if (ec) return {};
  // Every folder from the root down must let this user in; the vault's own
  // folder and its database must also let them write.
  fs::path prefix;
  for (const fs::path& part : absolute) {
    prefix /= part;
    const bool isVault = prefix == absolute;
    if (::access(prefix.c_str(), isVault ? (R_OK | W_OK | X_OK) : X_OK) == 0) continue;
    if (errno == EACCES) return fail(closedFolder(dir, prefix));
    return {};  // missing (or not a folder): the caller says so in its own words
  }
  const fs::path database = absolute / "vault.db";
  if (::access(database.c_str(), R_OK | W_OK) != 0 && errno == EACCES) return fail(closedFolder(dir, database));
  return {};
}

}  // namespace vakspiegel
