// Where the vault is when none is given, what the system vault's group
// folder does to the modes of the vault's files, and the message a
// workstation user outside the group gets instead of a permission error.
#include "app/vault_location.h"

#include <fcntl.h>
#include <grp.h>
#include <pwd.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include <array>
#include <cstdlib>
#include <optional>
#include <string>

#include "app/account_service.h"
#include "app/vault.h"
#include "core/clock.h"
#include "core/shared_files.h"
#include "support/temp_dir.h"

namespace vakspiegel {
namespace {

namespace fs = std::filesystem;
using test::TempDir;

mode_t modeOf(const fs::path& path) {
  struct stat st {};
  EXPECT_EQ(::stat(path.c_str(), &st), 0) << path;
  return st.st_mode & 07777;
}

// The mode of a file the vault makes as it does (open 0600, then shareNewFile).
mode_t modeOfNewFile(const fs::path& file) {
  const int fd = ::open(file.c_str(), O_WRONLY | O_CREAT | O_EXCL, 0600);
  EXPECT_GE(fd, 0) << file;
  shareNewFile(fd, file.parent_path());
  ::close(fd);
  return modeOf(file);
}

// Sets an environment variable for one test.
class ScopedEnv {
 public:
  ScopedEnv(const char* name, const std::string& value) : m_name(name) {
    if (const char* old = std::getenv(name)) m_old = old;
    ::setenv(name, value.c_str(), 1);
  }
  ScopedEnv(const ScopedEnv&) = delete;
  ScopedEnv& operator=(const ScopedEnv&) = delete;
  ~ScopedEnv() {
    if (m_old)
      ::setenv(m_name, m_old->c_str(), 1);
    else
      ::unsetenv(m_name);
  }

 private:
  const char* m_name;
  std::optional<std::string> m_old;
};

// A umask like the sweep's (UMask=0077) for one test.
class ScopedUmask {
 public:
  explicit ScopedUmask(mode_t mask) : m_old(::umask(mask)) {}
  ScopedUmask(const ScopedUmask&) = delete;
  ScopedUmask& operator=(const ScopedUmask&) = delete;
  ~ScopedUmask() { ::umask(m_old); }

 private:
  mode_t m_old;
};

VaultOptions cheap() {
  VaultOptions options;
  options.passwordCost = KdfParams::interactive();
  return options;
}

TEST(VaultLocation, TheVaultVariableComesFirstThenTheSystemVaultWhenInstalledThenTheUsersOwn) {
  TempDir dir;
  const ScopedEnv xdg("XDG_DATA_HOME", (dir / "data").string());
  const ScopedEnv system("VAKSPIEGEL_SYSTEM_VAULT", (dir / "var-lib-vakspiegel" / "vault").string());
  ::unsetenv("VAKSPIEGEL_VAULT");
  // Not installed: the user's own, in the XDG data folder.
  EXPECT_EQ(defaultVaultDir(), dir / "data" / "vakspiegel" / "vault");
  // Installed (the package made the folder): the system vault, even before it is initialised.
  fs::create_directories(dir / "var-lib-vakspiegel");
  EXPECT_EQ(defaultVaultDir(), dir / "var-lib-vakspiegel" / "vault");
  {
    const ScopedEnv chosen("VAKSPIEGEL_VAULT", (dir / "elders").string());
    EXPECT_EQ(defaultVaultDir(), dir / "elders");
  }
  // The demo never uses the system vault.
  EXPECT_EQ(defaultDemoVaultDir(), dir / "data" / "vakspiegel" / "demo-vault");
}

TEST(VaultLocation, InTheSystemVaultsGroupFolderEveryFileIsTheGroupsAndElsewhereTheOwnersAlone) {
  const ScopedUmask umask(0077);
  TempDir dir;
  const SystemClock clock;
  // /var/lib/vakspiegel as tmpfiles.d makes it: setgid, group-writable.
  const fs::path shared = dir / "shared";
  fs::create_directories(shared);
  ASSERT_EQ(::chmod(shared.c_str(), 02770), 0);
  ASSERT_TRUE(isGroupShared(shared));
  {
    auto vault = Vault::init(shared / "vault", "beheer", "beheer-wachtwoord", clock, cheap());
    ASSERT_TRUE(vault) << vault.error().message;
    ASSERT_TRUE((*vault)->login("beheer", "beheer-wachtwoord"));  // a write: the WAL and its index exist
    EXPECT_EQ(modeOf(shared / "vault"), 02770u);
    EXPECT_EQ(modeOf(shared / "vault" / "media"), 02770u);
    for (const char* name : {"vault.db", "vault.db-wal", "vault.db-shm"})
      EXPECT_EQ(modeOf(shared / "vault" / name), 0660u) << name;
  }
  // A file made in a shared folder (a recording, a lock, the ledger).
  EXPECT_EQ(modeOfNewFile(shared / "vault" / "media" / "opname"), 0660u);

  // Anywhere else: the owner's alone.
  auto own = Vault::init(dir / "eigen", "beheer", "beheer-wachtwoord", clock, cheap());
  ASSERT_TRUE(own) << own.error().message;
  ASSERT_TRUE((*own)->login("beheer", "beheer-wachtwoord"));
  EXPECT_EQ(modeOf(dir / "eigen"), 0700u);
  EXPECT_EQ(modeOf(dir / "eigen" / "media"), 0700u);
  EXPECT_EQ(modeOf(dir / "eigen" / "vault.db") & 0077u, 0u);
  EXPECT_EQ(modeOf(dir / "eigen" / "vault.db-wal") & 0077u, 0u);
  EXPECT_EQ(modeOfNewFile(dir / "eigen" / "media" / "opname"), 0600u);
}

TEST(VaultLocation, AMissingVaultSaysWhichCommandCreatesIt) {
  TempDir dir;
  const SystemClock clock;
  auto vault = Vault::open(dir / "vault", clock);
  ASSERT_FALSE(vault);
  EXPECT_EQ(vault.error().code, ErrorCode::VaultMissing);
  EXPECT_NE(vault.error().message.find("vakspiegel-cli --vault " + (dir / "vault").string() + " init --admin"),
            std::string::npos)
      << vault.error().message;
  // The system vault's: made as its system user, so that no personal account owns it.
  const ScopedEnv system("VAKSPIEGEL_SYSTEM_VAULT", (dir / "systeem" / "vault").string());
  auto missing = Vault::open(systemVaultDir(), clock);
  ASSERT_FALSE(missing);
  EXPECT_NE(missing.error().message.find("sudo runuser -u vakspiegel -- vakspiegel-cli init --admin"),
            std::string::npos)
      << missing.error().message;
}

// A workstation user outside the vault's group: as root the test becomes
// "nobody" in a child (root is never refused); otherwise the folder's
// permissions keep the test's own user out.
TEST(VaultLocation, AUserOutsideTheVaultsGroupIsToldWhatTheItDepartmentRuns) {
  TempDir dir;
  const fs::path folder = dir / "var-lib-vakspiegel";
  fs::create_directories(folder);
  const bool isRoot = ::geteuid() == 0;
  const passwd* nobody = ::getpwnam("nobody");
  if (isRoot && !nobody) GTEST_SKIP() << "no user nobody to become";
  if (isRoot) {
    // root:root 2770: nobody is not in the group root. The temporary folder
    // itself must let nobody through.
    ASSERT_EQ(::chown(folder.c_str(), 0, 0), 0);
    ASSERT_EQ(::chmod(folder.c_str(), 02770), 0);
    ASSERT_EQ(::chmod(dir.path().c_str(), 0711), 0);
  } else {
    ASSERT_EQ(::chmod(folder.c_str(), 0), 0);
  }
  const fs::path vaultDir = folder / "vault";

  std::array<int, 2> pipe{};
  ASSERT_EQ(::pipe(pipe.data()), 0);
  const pid_t pid = ::fork();
  if (pid == 0) {
    ::close(pipe[0]);
    if (isRoot && (::setgroups(0, nullptr) != 0 || ::setgid(nobody->pw_gid) != 0 || ::setuid(nobody->pw_uid) != 0))
      ::_exit(2);
    const SystemClock clock;
    auto vault = Vault::open(vaultDir, clock);
    const std::string message = vault ? "" : vault.error().message;
    (void)!::write(pipe[1], message.data(), message.size());
    ::_exit(vault ? 1 : (vault.error().code == ErrorCode::PermissionDenied ? 0 : 3));
  }
  ::close(pipe[1]);
  std::string message;
  std::array<char, 512> buffer{};
  for (ssize_t n; (n = ::read(pipe[0], buffer.data(), buffer.size())) > 0;)
    message.append(buffer.data(), static_cast<std::size_t>(n));
  ::close(pipe[0]);
  int status = 0;
  ASSERT_EQ(::waitpid(pid, &status, 0), pid);
  ::chmod(folder.c_str(), 0700);  // so that TempDir can remove it
  ASSERT_TRUE(WIFEXITED(status));
  EXPECT_EQ(WEXITSTATUS(status), 0) << message;
  if (isRoot) {
    EXPECT_NE(message.find("sudo adduser nobody root"), std::string::npos) << message;
    EXPECT_NE(message.find("IT-afdeling"), std::string::npos) << message;
  } else {
    EXPECT_NE(message.find(folder.string()), std::string::npos) << message;
  }
}

}  // namespace
}  // namespace vakspiegel
