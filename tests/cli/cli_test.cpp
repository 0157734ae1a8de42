// Acceptance tests: drive vakspiegel-cli as a user or a script would, with
// passwords on stdin, and check output, exit codes (sysexits) and that a
// failing command changes nothing.
#include <fcntl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <ctime>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <SQLiteCpp/Database.h>
#include <nlohmann/json.hpp>

#include "app/playback_service.h"
#include "app/vault.h"
#include "support/temp_dir.h"

namespace {

namespace fs = std::filesystem;
using vakspiegel::test::readFileBytes;
using vakspiegel::test::TempDir;
using vakspiegel::test::writeFileBytes;

struct CliRun {
  int exitCode = -1;
  std::string out;
  std::string err;
};

std::string slurp(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

class Cli : public ::testing::Test {
 protected:
  // Runs the CLI with `args` (after the global --vault, --password-stdin) and
  // `input` on stdin; the environment asks for Dutch.
  CliRun run(const std::vector<std::string>& args, const std::string& input = "", bool withVault = true) {
    const fs::path in = m_io / "stdin", out = m_io / "stdout", err = m_io / "stderr";
    std::ofstream(in, std::ios::binary) << input;
    std::vector<std::string> argv = {VS_CLI_PATH};
    if (withVault) argv.insert(argv.end(), {"--vault", vault().string()});
    argv.push_back("--password-stdin");
    argv.insert(argv.end(), args.begin(), args.end());

    const pid_t pid = spawn(argv, in, out, err);
    int status = 0;
    waitpid(pid, &status, 0);
    return {WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status), slurp(out), slurp(err)};
  }

  // Starts the CLI with stdin, stdout and stderr on these files, without a
  // controlling terminal (it must not fall back to /dev/tty), in Dutch.
  pid_t spawn(std::vector<std::string> argv, const fs::path& in, const fs::path& out, const fs::path& err) const {
    const pid_t pid = fork();
    if (pid != 0) return pid;
    const int fdIn = open(in.c_str(), O_RDONLY);
    const int fdOut = open(out.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
    const int fdErr = open(err.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
    dup2(fdIn, 0);
    dup2(fdOut, 1);
    dup2(fdErr, 2);
    setsid();
    setenv("LANGUAGE", "nl", 1);
    setenv("XDG_DATA_HOME", (m_home.path() / "data").c_str(), 1);
    unsetenv("VAKSPIEGEL_VAULT");
    setenv("VAKSPIEGEL_SYSTEM_VAULT", (m_home.path() / "no-system-vault" / "vault").c_str(), 1);
    unsetenv("VAKSPIEGEL_USER");
    std::vector<char*> cargs;
    for (std::string& a : argv) cargs.push_back(a.data());
    cargs.push_back(nullptr);
    execv(cargs[0], cargs.data());
    _exit(127);
  }

  fs::path vault() const { return m_home.path() / "kluis"; }
  fs::path dbFile() const { return vault() / "vault.db"; }

  void initVault() {
    const CliRun r = run({"init", "--admin", "beheer", "--password-cost", "interactive"}, "beheer-wachtwoord\n");
    ASSERT_EQ(r.exitCode, 0) << r.err;
  }
  CliRun as(const std::string& user, const std::string& password, std::vector<std::string> args,
         const std::string& moreInput = "") {
    args.insert(args.begin(), {"--user", user});
    return run(args, password + "\n" + moreInput);
  }
  // As it happens for real: the administrator gives a one-time password, the
  // user logs in with it and chooses `password`.
  void addUser(const std::string& name, const std::string& role, const std::string& password) {
    const std::string oneTime = "eenmalig-" + password;
    const CliRun r = as("beheer", "beheer-wachtwoord", {"user", "add", name, "--role", role}, oneTime + "\n");
    ASSERT_EQ(r.exitCode, 0) << r.err;
    const CliRun own = as(name, oneTime, {"user", "passwd"}, oneTime + "\n" + password + "\n");
    ASSERT_EQ(own.exitCode, 0) << own.err;
  }
  std::string auditCsv() {
    const CliRun r = as("fg", "fg-wachtwoord1", {"audit", "export", "--csv"});
    EXPECT_EQ(r.exitCode, 0) << r.err;
    return r.out;
  }

  TempDir m_home;
  TempDir m_ioDir;
  fs::path m_io = m_ioDir.path();
};

TEST_F(Cli, InitCreatesAVaultWhoseAdministratorCanLogIn) {
  initVault();
  EXPECT_TRUE(fs::exists(dbFile()));
  EXPECT_TRUE(fs::is_directory(vault() / "media"));
  EXPECT_EQ(fs::status(vault()).permissions() & fs::perms::all, fs::perms::owner_all);
  const CliRun r = as("beheer", "beheer-wachtwoord", {"login"});
  EXPECT_EQ(r.exitCode, 0) << r.err;
  EXPECT_NE(r.out.find("Wachtwoord juist"), std::string::npos) << r.out;
}

TEST_F(Cli, InitOnAnExistingVaultExits73AndChangesNothing) {
  initVault();
  const auto before = readFileBytes(dbFile());
  const CliRun r = run({"init", "--admin", "ander", "--password-cost", "interactive"}, "ander-wachtwoord\n");
  EXPECT_EQ(r.exitCode, 73);
  EXPECT_NE(r.err.find("Er is al een kluis"), std::string::npos) << r.err;
  EXPECT_EQ(readFileBytes(dbFile()), before);
}

TEST_F(Cli, InitWithATooShortPasswordLeavesNothingBehind) {
  const CliRun r = run({"init", "--admin", "beheer", "--password-cost", "interactive"}, "kort\n");
  EXPECT_EQ(r.exitCode, 65);
  EXPECT_NE(r.err.find("minstens 10 tekens"), std::string::npos) << r.err;
  EXPECT_FALSE(fs::exists(vault()));
}

TEST_F(Cli, AWrongPasswordExits77WithADutchMessage) {
  initVault();
  const CliRun r = as("beheer", "niet-het-wachtwoord", {"login"});
  EXPECT_EQ(r.exitCode, 77);
  EXPECT_NE(r.err.find("wachtwoord klopt niet"), std::string::npos) << r.err;
  EXPECT_EQ(r.out, "");
}

TEST_F(Cli, AnUnknownUserGetsTheSameAnswerAsAWrongPassword) {
  initVault();
  const CliRun unknown = as("niemand", "beheer-wachtwoord", {"login"});
  const CliRun wrong = as("beheer", "niet-het-wachtwoord", {"login"});
  EXPECT_EQ(unknown.exitCode, 77);
  EXPECT_EQ(unknown.err, wrong.err);
}

TEST_F(Cli, FiveWrongPasswordsLockTheAccountEvenForTheRightOne) {
  initVault();
  for (int i = 0; i < 4; ++i) EXPECT_EQ(as("beheer", "fout-wachtwoord", {"login"}).exitCode, 77);
  const CliRun fifth = as("beheer", "fout-wachtwoord", {"login"});
  EXPECT_EQ(fifth.exitCode, 75);  // this failure locks: the user is told so at once
  EXPECT_NE(fifth.err.find("15 minuten geblokkeerd"), std::string::npos) << fifth.err;
  const CliRun r = as("beheer", "beheer-wachtwoord", {"login"});
  EXPECT_EQ(r.exitCode, 75);  // EX_TEMPFAIL: try again later
  EXPECT_NE(r.err.find("geblokkeerd"), std::string::npos) << r.err;
}

TEST_F(Cli, AMissingVaultExits66AndCreatesNothing) {
  const CliRun r = as("beheer", "beheer-wachtwoord", {"login"});
  EXPECT_EQ(r.exitCode, 66);
  EXPECT_NE(r.err.find("Er is nog geen kluis"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("vakspiegel-cli --vault " + vault().string() + " init --admin NAAM"), std::string::npos) << r.err;
  EXPECT_FALSE(fs::exists(vault()));
}

TEST_F(Cli, AFileThatIsNotAVaultIsRefusedUntouched) {
  fs::create_directories(vault());
  const std::vector<unsigned char> garbage(8192, 0x5a);
  writeFileBytes(dbFile(), garbage);
  const CliRun r = as("beheer", "beheer-wachtwoord", {"login"});
  EXPECT_EQ(r.exitCode, 78);
  EXPECT_NE(r.err.find("geen Vakspiegel-kluis"), std::string::npos) << r.err;
  EXPECT_EQ(readFileBytes(dbFile()), garbage);
}

TEST_F(Cli, AVaultOfANewerVersionIsRefusedUntouched) {
  initVault();
  {
    SQLite::Database db(dbFile().string(), SQLite::OPEN_READWRITE);
    db.exec("PRAGMA user_version = 999");
    db.exec("PRAGMA journal_mode = DELETE");
  }
  const auto before = readFileBytes(dbFile());
  const CliRun r = as("beheer", "beheer-wachtwoord", {"login"});
  EXPECT_EQ(r.exitCode, 78);
  EXPECT_NE(r.err.find("nieuwere versie"), std::string::npos) << r.err;
  EXPECT_EQ(readFileBytes(dbFile()), before);
}

TEST_F(Cli, AnAdministratorManagesAccountsAndListsThemAsJson) {
  initVault();
  addUser("km.jansen", "klantmanager", "jansen-wachtwoord");
  addUser("coach.deboer", "coach", "deboer-wachtwoord");
  const CliRun list = as("beheer", "beheer-wachtwoord", {"--json", "user", "list"});
  ASSERT_EQ(list.exitCode, 0) << list.err;
  const auto users = nlohmann::json::parse(list.out);
  ASSERT_EQ(users.size(), 3u);
  std::vector<std::string> names;
  for (const auto& u : users) names.push_back(u["name"]);
  EXPECT_EQ(names, (std::vector<std::string>{"beheer", "coach.deboer", "km.jansen"}));
  EXPECT_EQ(users[2]["role"], "klantmanager");

  EXPECT_EQ(as("beheer", "beheer-wachtwoord", {"user", "disable", "km.jansen"}).exitCode, 0);
  const CliRun disabled = as("km.jansen", "jansen-wachtwoord", {"login"});
  EXPECT_EQ(disabled.exitCode, 77);
  EXPECT_NE(disabled.err.find("uitgeschakeld"), std::string::npos) << disabled.err;
  EXPECT_EQ(as("beheer", "beheer-wachtwoord", {"user", "enable", "km.jansen"}).exitCode, 0);
  EXPECT_EQ(as("km.jansen", "jansen-wachtwoord", {"login"}).exitCode, 0);
}

// A locked-out user needs no reset (which would cost every recording key):
// enabling the account lifts the lock, and the audit log says so.
TEST_F(Cli, EnableLiftsALockoutWithoutAReset) {
  initVault();
  addUser("km.jansen", "klantmanager", "jansen-wachtwoord");
  addUser("fg", "privacy_officer", "fg-wachtwoord1");
  for (int i = 0; i < 5; ++i) EXPECT_NE(as("km.jansen", "fout-wachtwoord", {"login"}).exitCode, 0);
  const CliRun locked = as("km.jansen", "jansen-wachtwoord", {"login"});
  EXPECT_NE(locked.exitCode, 0);
  EXPECT_NE(locked.err.find("geblokkeerd"), std::string::npos) << locked.err;

  EXPECT_EQ(as("beheer", "beheer-wachtwoord", {"user", "enable", "km.jansen"}).exitCode, 0);
  EXPECT_EQ(as("km.jansen", "jansen-wachtwoord", {"login"}).exitCode, 0);
  const std::string csv = auditCsv();
  const std::size_t enabled = csv.find(",user.enable,user,");
  ASSERT_NE(enabled, std::string::npos) << csv;
  const std::string line = csv.substr(enabled, csv.find('\n', enabled) - enabled);
  EXPECT_NE(line.find(",ok,"), std::string::npos) << line;
  EXPECT_NE(line.find(",lock_lifted,"), std::string::npos) << line;
}

TEST_F(Cli, ADuplicateNameExits73) {
  initVault();
  addUser("km.jansen", "klantmanager", "jansen-wachtwoord");
  const CliRun r = as("beheer", "beheer-wachtwoord", {"user", "add", "KM.Jansen", "--role", "coach"}, "ander-wachtwoord\n");
  EXPECT_EQ(r.exitCode, 73) << r.err;
}

TEST_F(Cli, TheLastAdministratorCannotBeDisabled) {
  initVault();
  addUser("beheer2", "administrator", "beheer2-wachtwoord");
  EXPECT_EQ(as("beheer", "beheer-wachtwoord", {"user", "disable", "beheer"}).exitCode, 65);  // not oneself
  EXPECT_EQ(as("beheer", "beheer-wachtwoord", {"user", "disable", "beheer2"}).exitCode, 0);
  const CliRun r = as("beheer2", "beheer2-wachtwoord", {"login"});
  EXPECT_EQ(r.exitCode, 77);
}

// Issue 15, item 2, across processes: 15 wrong and 1 right login started at
// once (as separate vakspiegel-cli processes) evaluate at most 5 wrong
// passwords, and the right one never gets in while the account is locked.
TEST_F(Cli, ParallelLoginProcessesCannotBeatTheLockout) {
  initVault();
  addUser("km.jansen", "klantmanager", "jansen-wachtwoord");
  constexpr int kProcesses = 16;
  std::vector<pid_t> children;
  for (int i = 0; i < kProcesses; ++i) {
    const fs::path in = m_io / ("stdin-" + std::to_string(i));
    std::ofstream(in) << (i == kProcesses / 2 ? "jansen-wachtwoord" : "fout-wachtwoord-" + std::to_string(i)) << "\n";
    children.push_back(spawn({VS_CLI_PATH, "--vault", vault().string(), "--password-stdin", "--user", "km.jansen",
                              "login"},
                             in, "/dev/null", "/dev/null"));
  }
  int rightExit = -1;
  for (int i = 0; i < kProcesses; ++i) {
    int status = 0;
    waitpid(children[static_cast<std::size_t>(i)], &status, 0);
    if (i == kProcesses / 2) rightExit = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  }
  SQLite::Database db(dbFile().string(), SQLite::OPEN_READONLY);
  const std::int64_t okSeq =
      db.execAndGet(
            "SELECT ifnull(min(seq), 0) FROM audit_log WHERE action = 'login' AND result = 'ok' AND reason = ''"
            " AND actor_role = 'klantmanager'")
          .getInt64();
  const std::int64_t lockSeq =
      db.execAndGet("SELECT ifnull(min(seq), 0) FROM audit_log WHERE action = 'account.lock'").getInt64();
  EXPECT_EQ(rightExit == 0, okSeq != 0);
  // A success starts a fresh count: at most 4 wrong passwords evaluated
  // before it (a fifth locks), at most 5 after it, 5 in all without it.
  const auto wrong = [&](const char* where) {
    return db
        .execAndGet(std::string("SELECT count(*) FROM audit_log WHERE action = 'login' AND reason = "
                                "'wrong_password' AND ") +
                    where)
        .getInt();
  };
  if (okSeq == 0) {
    EXPECT_LE(wrong("1"), 5);
  } else {
    EXPECT_LE(wrong(("seq < " + std::to_string(okSeq)).c_str()), 4);
    EXPECT_LE(wrong(("seq > " + std::to_string(okSeq)).c_str()), 5);
  }
  if (okSeq != 0 && lockSeq != 0) {
    EXPECT_LT(okSeq, lockSeq) << "the right password got in while the account was locked";
  }
  EXPECT_EQ(db.execAndGet("SELECT count(*) FROM login_claims").getInt(), 0);
}

TEST_F(Cli, AResetSaysFirstWhatItCostsAndGivesAOneTimePassword) {
  initVault();
  addUser("km.jansen", "klantmanager", "jansen-wachtwoord");
  // Without --yes: the warning, and nothing changed.
  const CliRun warned = as("beheer", "beheer-wachtwoord", {"user", "reset", "km.jansen"}, "nieuw-wachtwoord\n");
  EXPECT_EQ(warned.exitCode, 65);
  EXPECT_NE(warned.err.find("niet meer openen"), std::string::npos) << warned.err;
  EXPECT_NE(warned.err.find("--yes"), std::string::npos) << warned.err;
  EXPECT_EQ(as("km.jansen", "jansen-wachtwoord", {"login"}).exitCode, 0);

  const CliRun r = as("beheer", "beheer-wachtwoord", {"user", "reset", "km.jansen", "--yes"}, "nieuw-wachtwoord\n");
  ASSERT_EQ(r.exitCode, 0) << r.err;
  EXPECT_NE(r.out.find("eenmalig"), std::string::npos) << r.out;
  EXPECT_EQ(as("km.jansen", "jansen-wachtwoord", {"login"}).exitCode, 77);
  const CliRun once = as("km.jansen", "nieuw-wachtwoord", {"login"});
  EXPECT_EQ(once.exitCode, 0) << once.err;
  EXPECT_NE(once.out.find("user passwd"), std::string::npos) << once.out;
  // Nothing else until the user chose their own password.
  const CliRun refused = as("km.jansen", "nieuw-wachtwoord", {"recordings", "list"});
  EXPECT_EQ(refused.exitCode, 77);
  EXPECT_NE(refused.err.find("eigen wachtwoord"), std::string::npos) << refused.err;
  ASSERT_EQ(
      as("km.jansen", "nieuw-wachtwoord", {"user", "passwd"}, "nieuw-wachtwoord\nmijn-eigen-wachtwoord\n").exitCode, 0);
  EXPECT_EQ(as("km.jansen", "mijn-eigen-wachtwoord", {"recordings", "list"}).exitCode, 0);
}

TEST_F(Cli, AUserChangesTheirOwnPassword) {
  initVault();
  addUser("km.jansen", "klantmanager", "jansen-wachtwoord");
  const CliRun r = as("km.jansen", "jansen-wachtwoord", {"user", "passwd"}, "jansen-wachtwoord\nander-wachtwoord\n");
  ASSERT_EQ(r.exitCode, 0) << r.err;
  EXPECT_EQ(as("km.jansen", "jansen-wachtwoord", {"login"}).exitCode, 77);
  EXPECT_EQ(as("km.jansen", "ander-wachtwoord", {"login"}).exitCode, 0);
}

TEST_F(Cli, ADeniedActionExits77AndIsAudited) {
  initVault();
  addUser("km.jansen", "klantmanager", "jansen-wachtwoord");
  addUser("fg", "privacy_officer", "fg-wachtwoord1");
  const CliRun denied = as("km.jansen", "jansen-wachtwoord", {"user", "list"});
  EXPECT_EQ(denied.exitCode, 77);
  EXPECT_NE(denied.err.find("mag u dit niet"), std::string::npos) << denied.err;
  EXPECT_EQ(as("beheer", "beheer-wachtwoord", {"audit", "verify"}).exitCode, 77);  // administrators cannot read the log
  const std::string csv = auditCsv();
  EXPECT_NE(csv.find(",klantmanager,manage_users,user,-,denied,"), std::string::npos) << csv;
  EXPECT_NE(csv.find(",administrator,verify_audit,audit_log,-,denied,"), std::string::npos) << csv;
}

TEST_F(Cli, AuditVerifyPassesThenNamesTheFirstTamperedEntry) {
  initVault();
  addUser("fg", "privacy_officer", "fg-wachtwoord1");
  const CliRun ok = as("fg", "fg-wachtwoord1", {"--json", "audit", "verify"});
  ASSERT_EQ(ok.exitCode, 0) << ok.err;
  EXPECT_TRUE(nlohmann::json::parse(ok.out)["intact"].get<bool>());
  {
    SQLite::Database db(dbFile().string(), SQLite::OPEN_READWRITE);
    db.exec("DROP TRIGGER audit_log_no_update");
    db.exec("UPDATE audit_log SET actor_role = 'coach' WHERE seq = 2");
  }
  const CliRun bad = as("fg", "fg-wachtwoord1", {"--json", "audit", "verify"});
  EXPECT_EQ(bad.exitCode, 65);
  const auto j = nlohmann::json::parse(bad.out);
  EXPECT_FALSE(j["intact"].get<bool>());
  EXPECT_EQ(j["first_bad_seq"], 2);
}

TEST_F(Cli, AuditVerifyAgainstARecordedHeadDetectsACutOffTail) {
  initVault();
  addUser("fg", "privacy_officer", "fg-wachtwoord1");
  const CliRun head = as("fg", "fg-wachtwoord1", {"audit", "head"});
  ASSERT_EQ(head.exitCode, 0) << head.err;
  const std::string recorded = head.out.substr(0, head.out.find('\n'));
  EXPECT_EQ(as("fg", "fg-wachtwoord1", {"audit", "verify", "--head", recorded}).exitCode, 0);
  {
    SQLite::Database db(dbFile().string(), SQLite::OPEN_READWRITE);
    db.exec("DROP TRIGGER audit_log_no_delete");
    // Cut from the entry before the recorded head: what is appended later
    // cannot by chance equal the recorded entry (same fields, same second).
    const long recordedSeq = std::stol(recorded.substr(0, recorded.find(':')));
    db.exec("DELETE FROM audit_log WHERE seq >= " + std::to_string(recordedSeq - 1));
  }
  // Internally consistent, but the first verify signed a checkpoint and the
  // highest entry number ever written is kept: the cut shows without a head.
  EXPECT_EQ(as("fg", "fg-wachtwoord1", {"audit", "verify"}).exitCode, 65);
  EXPECT_EQ(as("fg", "fg-wachtwoord1", {"audit", "verify", "--head", recorded}).exitCode, 65);
  EXPECT_EQ(as("fg", "fg-wachtwoord1", {"audit", "verify", "--head", "niet-een-kop"}).exitCode, 65);
}

TEST_F(Cli, AuditExportWritesCsvToAFile) {
  initVault();
  addUser("fg", "privacy_officer", "fg-wachtwoord1");
  const fs::path out = m_home.path() / "audit.csv";
  const CliRun r = as("fg", "fg-wachtwoord1", {"audit", "export", "--csv", "--output", out.string()});
  ASSERT_EQ(r.exitCode, 0) << r.err;
  const std::string csv = slurp(out);
  EXPECT_EQ(csv.rfind("seq,time_utc,actor_id,", 0), 0u);
  EXPECT_NE(csv.find(",vault.init,vault,"), std::string::npos);
  EXPECT_NE(csv.find(",user.add,user,"), std::string::npos);
  EXPECT_EQ(csv.find("beheer-wachtwoord"), std::string::npos);
}

TEST_F(Cli, AnExportThatCannotBeWrittenExits74AndLeavesNoPartialFile) {
  initVault();
  addUser("fg", "privacy_officer", "fg-wachtwoord1");
  const fs::path out = m_home.path() / "bestaat-niet" / "audit.csv";
  const CliRun r = as("fg", "fg-wachtwoord1", {"audit", "export", "--csv", "--output", out.string()});
  EXPECT_EQ(r.exitCode, 74);
  EXPECT_NE(r.err.find("Kon"), std::string::npos) << r.err;
  EXPECT_FALSE(fs::exists(out.parent_path()));
}

TEST_F(Cli, PasswordsAreNeverCommandLineArguments) {
  initVault();
  const CliRun r = run({"--user", "beheer", "--password", "beheer-wachtwoord", "login"});
  EXPECT_EQ(r.exitCode, 64);
  EXPECT_NE(r.err.find("Onjuist gebruik"), std::string::npos) << r.err;
  // CLI11's sentence ends before the pointer to the help.
  EXPECT_NE(r.err.find(". Zie 'vakspiegel-cli --help'."), std::string::npos) << r.err;
}

TEST_F(Cli, MissingPasswordLinesOnStdinAreAnErrorNotAnEmptyPassword) {
  initVault();
  const CliRun r = run({"--user", "beheer", "user", "add", "km.x", "--role", "coach"}, "beheer-wachtwoord\n");
  EXPECT_EQ(r.exitCode, 65);
  EXPECT_NE(r.err.find("één regel per gevraagd wachtwoord"), std::string::npos) << r.err;
}

TEST_F(Cli, ErrorsComeAsJsonWithJson) {
  initVault();
  const CliRun r = as("beheer", "fout-wachtwoord", {"--json", "login"});
  EXPECT_EQ(r.exitCode, 77);
  const auto j = nlohmann::json::parse(r.out);
  EXPECT_EQ(j["error"]["code"], "wrong_password");
}

TEST_F(Cli, OnlyAnAdministratorSetsTheWorkstationsLockTimeWithinItsBounds) {
  initVault();
  addUser("km.jansen", "klantmanager", "jansen-wachtwoord");
  const CliRun set = as("beheer", "beheer-wachtwoord", {"--json", "policy", "lock-timeout", "15"});
  ASSERT_EQ(set.exitCode, 0) << set.err;
  EXPECT_EQ(nlohmann::json::parse(set.out)["lock_timeout_minutes"], 15);
  const CliRun tooLong = as("beheer", "beheer-wachtwoord", {"policy", "lock-timeout", "61"});
  EXPECT_EQ(tooLong.exitCode, 65);
  EXPECT_NE(tooLong.err.find("tussen 1 en 60 minuten"), std::string::npos) << tooLong.err;
  EXPECT_EQ(as("beheer", "beheer-wachtwoord", {"policy", "lock-timeout", "0"}).exitCode, 65);
  EXPECT_EQ(as("km.jansen", "jansen-wachtwoord", {"policy", "lock-timeout", "30"}).exitCode, 77)
      << "a klantmanager may not";
}

TEST_F(Cli, TheDemoCreatesItsVaultOnceAndShowsIt) {
  const fs::path demo = m_home.path() / "demo";
  const CliRun first = run({"--vault", demo.string(), "--json", "demo"}, "", false);
  ASSERT_EQ(first.exitCode, 0) << first.err;
  const auto j = nlohmann::json::parse(first.out);
  EXPECT_TRUE(j["created_now"].get<bool>());
  EXPECT_EQ(j["active_users"]["klantmanager"], 2);
  EXPECT_TRUE(j["audit_verification"]["intact"].get<bool>());
  const CliRun second = run({"--vault", demo.string(), "demo"}, "", false);
  ASSERT_EQ(second.exitCode, 0) << second.err;
  EXPECT_NE(second.out.find("bestaat al"), std::string::npos) << second.out;
}

// A 2-second H.264 + AAC recording, generated (never committed).
fs::path makeRecording(const fs::path& file) {
  const std::string command =
      "ffmpeg -nostdin -y -loglevel error -f lavfi -i testsrc2=size=320x240:rate=25 -f lavfi -i sine -t 2 "
      "-c:v libx264 -preset ultrafast -g 25 -pix_fmt yuv420p -c:a aac '" + file.string() + "'";
  EXPECT_EQ(std::system(command.c_str()), 0);
  return file;
}

TEST_F(Cli, ImportPrintsTheWithdrawalCodeAndReceiptAndTheRecordingIsListed) {
  initVault();
  addUser("km.jansen", "klantmanager", "jansen-wachtwoord");
  addUser("fg", "privacy_officer", "fg-wachtwoord1");
  addUser("coach.deboer", "coach", "deboer-wachtwoord");
  const fs::path source = makeRecording(m_home.path() / "gesprek.mp4");

  const CliRun text = as("km.jansen", "jansen-wachtwoord",
                         {"import", source.string(), "--scopes", "self_review,coach_review", "--method", "verbal",
                          "--recorded-at", "now"});
  ASSERT_EQ(text.exitCode, 0) << text.err;
  EXPECT_NE(text.out.find("Intrekcode: VS-"), std::string::npos) << text.out;
  EXPECT_NE(text.out.find("coach"), std::string::npos) << text.out;

  // Yesterday, in local time as a klantmanager types it.
  const std::time_t yesterday = std::time(nullptr) - 86'400;
  std::tm local{};
  localtime_r(&yesterday, &local);
  char when[32];
  std::strftime(when, sizeof when, "%Y-%m-%d %H:%M", &local);
  const CliRun imported = as("km.jansen", "jansen-wachtwoord",
                             {"--json", "import", source.string(), "--scopes", "self_review", "--method", "paper",
                              "--recorded-at", when, "--retention-weeks", "26"});
  ASSERT_EQ(imported.exitCode, 0) << imported.err;
  const auto j = nlohmann::json::parse(imported.out);
  const std::string code = j["withdrawal_code"];
  EXPECT_EQ(j["mode"], "remux");
  EXPECT_EQ(j["consent"]["method"], "paper");
  EXPECT_FALSE(j["receipt_text"].get<std::string>().empty());

  const CliRun list = as("km.jansen", "jansen-wachtwoord", {"--json", "recordings", "list"});
  ASSERT_EQ(list.exitCode, 0) << list.err;
  EXPECT_EQ(nlohmann::json::parse(list.out)["recordings"].size(), 2u);

  const CliRun shown = as("fg", "fg-wachtwoord1", {"--json", "consent", "show", code});
  ASSERT_EQ(shown.exitCode, 0) << shown.err;
  EXPECT_EQ(nlohmann::json::parse(shown.out)["recording_id"], j["recording_id"]);
  const CliRun coach = as("coach.deboer", "deboer-wachtwoord", {"consent", "show", code});
  EXPECT_EQ(coach.exitCode, 77) << coach.err;
}

TEST_F(Cli, ImportRefusesAnUnknownScopeAndAMissingFileAndKeepsNothing) {
  initVault();
  addUser("km.jansen", "klantmanager", "jansen-wachtwoord");
  const fs::path source = makeRecording(m_home.path() / "gesprek.mp4");
  const CliRun scope = as("km.jansen", "jansen-wachtwoord",
                          {"import", source.string(), "--scopes", "beoordeling", "--method", "verbal",
                           "--recorded-at", "now"});
  EXPECT_EQ(scope.exitCode, 65);
  EXPECT_NE(scope.err.find("beoordeling"), std::string::npos) << scope.err;
  const CliRun missing = run({"--user", "km.jansen", "import", (m_home.path() / "weg.mp4").string(), "--scopes",
                              "self_review", "--method", "verbal", "--recorded-at", "now"});
  EXPECT_EQ(missing.exitCode, 67) << missing.err;
  const CliRun when = run({"--user", "km.jansen", "import", source.string(), "--scopes", "self_review", "--method",
                           "verbal", "--recorded-at", "gisteren"});
  EXPECT_EQ(when.exitCode, 65) << when.err;
  EXPECT_TRUE(fs::is_empty(vault() / "media"));
}

TEST_F(Cli, AWithdrawalErasesTheRecordingAndTheSweepNeedsNoLogin) {
  initVault();
  addUser("km.jansen", "klantmanager", "jansen-wachtwoord");
  addUser("fg", "privacy_officer", "fg-wachtwoord1");
  const fs::path source = makeRecording(m_home.path() / "gesprek.mp4");
  const CliRun imported = as("km.jansen", "jansen-wachtwoord",
                             {"--json", "import", source.string(), "--scopes", "self_review", "--method", "verbal",
                              "--recorded-at", "now"});
  ASSERT_EQ(imported.exitCode, 0) << imported.err;
  const auto j = nlohmann::json::parse(imported.out);
  const std::string id = j["recording_id"];

  // The owner's delete asks for confirmation first.
  const CliRun unconfirmed = run({"--user", "km.jansen", "recordings", "delete", id});
  EXPECT_EQ(unconfirmed.exitCode, 65) << unconfirmed.err;
  EXPECT_NE(unconfirmed.err.find("--yes"), std::string::npos) << unconfirmed.err;

  const CliRun withdrawn = as("fg", "fg-wachtwoord1", {"consent", "withdraw", j["withdrawal_code"]});
  ASSERT_EQ(withdrawn.exitCode, 0) << withdrawn.err;
  EXPECT_NE(withdrawn.out.find("De intrekking is vastgelegd."), std::string::npos) << withdrawn.out;
  EXPECT_NE(withdrawn.out.find("Opname " + id + " is gewist."), std::string::npos) << withdrawn.out;
  EXPECT_TRUE(fs::is_empty(vault() / "media"));

  const CliRun list = as("km.jansen", "jansen-wachtwoord", {"--json", "recordings", "list"});
  ASSERT_EQ(list.exitCode, 0) << list.err;
  EXPECT_TRUE(nlohmann::json::parse(list.out)["recordings"].empty());

  // A dead import's leftovers; the sweep runs without a user, as the timer does.
  std::ofstream(vault() / "media" / "0b5e3c2a-9d4f-4c1e-8a7b-6f5d4c3b2a10.media.vsc") << "x";
  const CliRun swept = run({"--json", "sweep"});
  ASSERT_EQ(swept.exitCode, 0) << swept.err;
  EXPECT_EQ(nlohmann::json::parse(swept.out)["orphan_files_removed"], 1);
  EXPECT_TRUE(fs::is_empty(vault() / "media"));
}

// A vault with km.jansen, coach.deboer and fg, and one recording of
// km.jansen with coach_review consent; returns its id.
class CliSharing : public Cli {
 protected:
  std::string importShareable() {
    initVault();
    addUser("km.jansen", "klantmanager", "jansen-wachtwoord");
    addUser("coach.deboer", "coach", "deboer-wachtwoord");
    addUser("fg", "privacy_officer", "fg-wachtwoord1");
    const fs::path source = makeRecording(m_home.path() / "gesprek.mp4");
    const CliRun imported = as("km.jansen", "jansen-wachtwoord",
                               {"--json", "import", source.string(), "--scopes", "coach_review", "--method", "verbal",
                                "--recorded-at", "now"});
    EXPECT_EQ(imported.exitCode, 0) << imported.err;
    return imported.exitCode == 0 ? nlohmann::json::parse(imported.out)["recording_id"].get<std::string>() : "";
  }
  nlohmann::json accessLog(const std::string& id) {
    const CliRun r = as("km.jansen", "jansen-wachtwoord", {"--json", "recordings", "access", id});
    EXPECT_EQ(r.exitCode, 0) << r.err;
    return r.exitCode == 0 ? nlohmann::json::parse(r.out)["entries"] : nlohmann::json::array();
  }
  static bool hasEntry(const nlohmann::json& entries, const std::string& actor, const std::string& action,
                       const std::string& result) {
    for (const auto& e : entries)
      if (e["actor"] == actor && e["action"] == action && e["result"] == result) return true;
    return false;
  }
};

TEST_F(CliSharing, TheOwnerSharesWithACoachAndTheAccessLogShowsTheCoachsPlay) {
  const std::string id = importShareable();
  ASSERT_FALSE(id.empty());
  const CliRun shared = as("km.jansen", "jansen-wachtwoord", {"recordings", "share", id, "coach.deboer"});
  ASSERT_EQ(shared.exitCode, 0) << shared.err;
  EXPECT_NE(shared.out.find("gedeeld met coach.deboer"), std::string::npos) << shared.out;
  const CliRun again = as("km.jansen", "jansen-wachtwoord", {"recordings", "share", id, "coach.deboer"});
  EXPECT_EQ(again.exitCode, 65) << again.err;
  const CliRun onwards = as("coach.deboer", "deboer-wachtwoord", {"recordings", "share", id, "fg"});
  EXPECT_EQ(onwards.exitCode, 77) << onwards.err;
  const CliRun shares = as("km.jansen", "jansen-wachtwoord", {"--json", "recordings", "shares", id});
  ASSERT_EQ(shares.exitCode, 0) << shares.err;
  EXPECT_EQ(nlohmann::json::parse(shares.out)["shares"][0]["coach"], "coach.deboer");

  {  // The coach watches it (the workstation's play, here through the same use case).
    vakspiegel::SystemClock clock;
    auto opened = vakspiegel::Vault::open(vault(), clock);
    ASSERT_TRUE(opened) << opened.error().message;
    auto coach = (*opened)->login("coach.deboer", "deboer-wachtwoord");
    ASSERT_TRUE(coach) << coach.error().message;
    ASSERT_TRUE(vakspiegel::PlaybackService(**opened).openRecording(*coach, id));
  }
  const CliRun denied = as("fg", "fg-wachtwoord1", {"annotations", "list", id});
  EXPECT_EQ(denied.exitCode, 77) << denied.err;

  const nlohmann::json entries = accessLog(id);
  EXPECT_TRUE(hasEntry(entries, "coach.deboer", "recording.play", "ok")) << entries.dump(2);
  EXPECT_TRUE(hasEntry(entries, "km.jansen", "recording.share", "ok")) << entries.dump(2);
  EXPECT_TRUE(hasEntry(entries, "fg", "read_annotations", "denied")) << entries.dump(2);
  const CliRun table = as("km.jansen", "jansen-wachtwoord", {"recordings", "access", id});
  ASSERT_EQ(table.exitCode, 0) << table.err;
  EXPECT_NE(table.out.find("TIJD"), std::string::npos) << table.out;
  EXPECT_NE(table.out.find("geopend om te bekijken"), std::string::npos) << table.out;
  EXPECT_NE(table.out.find("GEWEIGERD"), std::string::npos) << table.out;
  const CliRun notOwner = as("coach.deboer", "deboer-wachtwoord", {"recordings", "access", id});
  EXPECT_EQ(notOwner.exitCode, 77) << notOwner.err;
}

TEST_F(CliSharing, AnnotationsAreAddedAndListedInOrderAndAnUnsharedCoachIsRefused) {
  const std::string id = importShareable();
  ASSERT_FALSE(id.empty());
  ASSERT_EQ(as("km.jansen", "jansen-wachtwoord", {"recordings", "share", id, "coach.deboer"}).exitCode, 0);
  const CliRun byOwner = as("km.jansen", "jansen-wachtwoord",
                            {"annotations", "add", id, "--at", "0:01.5", "--text", "Hier haakt de burger af."});
  ASSERT_EQ(byOwner.exitCode, 0) << byOwner.err;
  EXPECT_NE(byOwner.out.find("0:01"), std::string::npos) << byOwner.out;
  const CliRun byCoach = as("coach.deboer", "deboer-wachtwoord",
                            {"--json", "annotations", "add", id, "--at", "0.5", "--text", "Sterk: je vat samen."});
  ASSERT_EQ(byCoach.exitCode, 0) << byCoach.err;
  EXPECT_EQ(nlohmann::json::parse(byCoach.out)["position_s"], 0.5);

  const CliRun list = as("km.jansen", "jansen-wachtwoord", {"--json", "annotations", "list", id});
  ASSERT_EQ(list.exitCode, 0) << list.err;
  const auto annotations = nlohmann::json::parse(list.out)["annotations"];
  ASSERT_EQ(annotations.size(), 2u);
  EXPECT_EQ(annotations[0]["author"], "coach.deboer");
  EXPECT_EQ(annotations[0]["text"], "Sterk: je vat samen.");
  EXPECT_EQ(annotations[1]["author"], "km.jansen");
  EXPECT_EQ(annotations[1]["position_s"], 1.5);
  const CliRun text = as("coach.deboer", "deboer-wachtwoord", {"annotations", "list", id});
  ASSERT_EQ(text.exitCode, 0) << text.err;
  EXPECT_NE(text.out.find("0:01  km.jansen"), std::string::npos) << text.out;
  EXPECT_NE(text.out.find("  Hier haakt de burger af."), std::string::npos) << text.out;

  // A moment that cannot be read is refused before any password is asked.
  const CliRun badMoment = run({"--user", "km.jansen", "annotations", "add", id, "--at", "1:75", "--text", "x"});
  EXPECT_EQ(badMoment.exitCode, 65) << badMoment.err;
  EXPECT_NE(badMoment.err.find("1:75"), std::string::npos) << badMoment.err;
  const CliRun tooLate =
      as("km.jansen", "jansen-wachtwoord", {"annotations", "add", id, "--at", "9:00", "--text", "x"});
  EXPECT_EQ(tooLate.exitCode, 65) << tooLate.err;

  const CliRun unshared = as("km.jansen", "jansen-wachtwoord", {"recordings", "unshare", id, "coach.deboer"});
  ASSERT_EQ(unshared.exitCode, 0) << unshared.err;
  const CliRun refused = as("coach.deboer", "deboer-wachtwoord", {"annotations", "list", id});
  EXPECT_EQ(refused.exitCode, 77) << refused.err;
  EXPECT_EQ(refused.out, "");
  EXPECT_TRUE(hasEntry(accessLog(id), "coach.deboer", "read_annotations", "denied"));
  const CliRun shares = as("km.jansen", "jansen-wachtwoord", {"recordings", "shares", id});
  EXPECT_NE(shares.out.find("met niemand gedeeld"), std::string::npos) << shares.out;
  // The text is sealed: not in the database as plaintext.
  const auto db = readFileBytes(dbFile());
  EXPECT_EQ(std::string(db.begin(), db.end()).find("haakt de burger"), std::string::npos);
}

// Issue 18: ranges, categories, layers, prompt links; only the author edits
// or deletes; the list filtered by layer.
TEST_F(CliSharing, AnnotationsAreEditedAndDeletedByTheirAuthorAndListedByLayer) {
  const std::string id = importShareable();
  ASSERT_FALSE(id.empty());
  ASSERT_EQ(as("km.jansen", "jansen-wachtwoord", {"recordings", "share", id, "coach.deboer"}).exitCode, 0);
  const CliRun range = as("km.jansen", "jansen-wachtwoord",
                          {"--json", "annotations", "add", id, "--at", "0:00.5", "--to", "0:01.5", "--category",
                           "rm-afhaken", "--text", "Hier haakt de burger af."});
  ASSERT_EQ(range.exitCode, 0) << range.err;
  const auto added = nlohmann::json::parse(range.out);
  EXPECT_EQ(added["layer"], "own");
  EXPECT_EQ(added["end_us"], 1500000);
  EXPECT_EQ(added["category_id"], "rm-afhaken");
  EXPECT_EQ(added["category"], "Afhaken");
  EXPECT_TRUE(added["prompt_id"].is_null());
  const std::string ownId = added["id"];
  const CliRun answer = as("coach.deboer", "deboer-wachtwoord",
                           {"--json", "annotations", "add", id, "--at", "1", "--prompt", "prompt-burger", "--text",
                            "Sterk: je laat een stilte vallen."});
  ASSERT_EQ(answer.exitCode, 0) << answer.err;
  EXPECT_EQ(nlohmann::json::parse(answer.out)["layer"], "coach");
  EXPECT_EQ(nlohmann::json::parse(answer.out)["prompt_id"], "prompt-burger");
  const std::string coachId = nlohmann::json::parse(answer.out)["id"];

  // The citizen's layer needs the citizen's consent, which this recording lacks; a layer must be one.
  const CliRun citizen = as("km.jansen", "jansen-wachtwoord",
                            {"annotations", "add", id, "--at", "1", "--layer", "citizen", "--text", "De burger."});
  EXPECT_EQ(citizen.exitCode, 65) << citizen.err;
  EXPECT_NE(citizen.err.find("samen terugkijken"), std::string::npos) << citizen.err;
  const CliRun noLayer = run({"--user", "km.jansen", "annotations", "list", id, "--layer", "manager"});
  EXPECT_EQ(noLayer.exitCode, 65) << noLayer.err;
  EXPECT_NE(noLayer.err.find("geen laag"), std::string::npos) << noLayer.err;

  const auto listed = [&](const std::vector<std::string>& extra) {
    std::vector<std::string> args = {"--json", "annotations", "list", id};
    args.insert(args.end(), extra.begin(), extra.end());
    const CliRun r = as("km.jansen", "jansen-wachtwoord", args);
    EXPECT_EQ(r.exitCode, 0) << r.err;
    return r.exitCode == 0 ? nlohmann::json::parse(r.out)["annotations"] : nlohmann::json::array();
  };
  ASSERT_EQ(listed({"--layer", "coach"}).size(), 1u);
  EXPECT_EQ(listed({"--layer", "coach"})[0]["id"], coachId);
  ASSERT_EQ(listed({"--layer", "own"}).size(), 1u);
  EXPECT_EQ(listed({"--layer", "own"})[0]["id"], ownId);
  EXPECT_TRUE(listed({"--layer", "citizen"}).empty());
  const CliRun text = as("coach.deboer", "deboer-wachtwoord", {"annotations", "list", id});
  ASSERT_EQ(text.exitCode, 0) << text.err;
  EXPECT_NE(text.out.find("0:00\u20130:01  km.jansen"), std::string::npos) << text.out;
  EXPECT_NE(text.out.find("eigen laag, categorie: Afhaken"), std::string::npos) << text.out;
  EXPECT_NE(text.out.find("antwoord op \"Wat zag je bij de burger?\""), std::string::npos) << text.out;
  EXPECT_NE(text.out.find("id " + ownId), std::string::npos) << text.out;

  // The author edits: what is not given keeps its value.
  const CliRun edited = as("km.jansen", "jansen-wachtwoord",
                           {"--json", "annotations", "edit", id, ownId, "--text", "Hier haakt hij echt af."});
  ASSERT_EQ(edited.exitCode, 0) << edited.err;
  const auto after = nlohmann::json::parse(edited.out);
  EXPECT_EQ(after["text"], "Hier haakt hij echt af.");
  EXPECT_EQ(after["position_us"], 500000);
  EXPECT_EQ(after["end_us"], 1500000);
  EXPECT_EQ(after["category_id"], "rm-afhaken");
  const CliRun point =
      as("km.jansen", "jansen-wachtwoord", {"--json", "annotations", "edit", id, ownId, "--point", "--category", ""});
  ASSERT_EQ(point.exitCode, 0) << point.err;
  EXPECT_TRUE(nlohmann::json::parse(point.out)["end_us"].is_null());
  EXPECT_TRUE(nlohmann::json::parse(point.out)["category_id"].is_null());
  EXPECT_EQ(nlohmann::json::parse(point.out)["text"], "Hier haakt hij echt af.");
  const CliRun fromStdin = as("km.jansen", "jansen-wachtwoord", {"annotations", "edit", id, ownId, "--text-stdin"},
                              "Via standaardinvoer.\n");
  ASSERT_EQ(fromStdin.exitCode, 0) << fromStdin.err;
  EXPECT_EQ(listed({"--layer", "own"})[0]["text"], "Via standaardinvoer.");

  // Someone else's annotation: refused, in Dutch, and audited.
  const CliRun notMine = as("coach.deboer", "deboer-wachtwoord", {"annotations", "edit", id, ownId, "--text", "x"});
  EXPECT_EQ(notMine.exitCode, 77) << notMine.err;
  EXPECT_NE(notMine.err.find("Alleen wie een aantekening schreef"), std::string::npos) << notMine.err;
  const CliRun unconfirmed = as("km.jansen", "jansen-wachtwoord", {"annotations", "delete", id, coachId});
  EXPECT_EQ(unconfirmed.exitCode, 65) << unconfirmed.err;
  EXPECT_NE(unconfirmed.err.find("--yes"), std::string::npos) << unconfirmed.err;
  const CliRun notHers = as("km.jansen", "jansen-wachtwoord", {"annotations", "delete", id, coachId, "--yes"});
  EXPECT_EQ(notHers.exitCode, 77) << notHers.err;
  const CliRun deleted = as("coach.deboer", "deboer-wachtwoord", {"annotations", "delete", id, coachId, "--yes"});
  ASSERT_EQ(deleted.exitCode, 0) << deleted.err;
  EXPECT_NE(deleted.out.find("verwijderd"), std::string::npos) << deleted.out;
  EXPECT_EQ(listed({}).size(), 1u);
  const CliRun gone = as("coach.deboer", "deboer-wachtwoord", {"annotations", "delete", id, coachId, "--yes"});
  EXPECT_EQ(gone.exitCode, 67) << gone.err;  // NotFound

  const nlohmann::json entries = accessLog(id);
  EXPECT_TRUE(hasEntry(entries, "km.jansen", "annotation.edit", "ok")) << entries.dump(2);
  EXPECT_TRUE(hasEntry(entries, "coach.deboer", "annotation.edit", "error")) << entries.dump(2);
  EXPECT_TRUE(hasEntry(entries, "coach.deboer", "annotation.delete", "ok")) << entries.dump(2);
  const CliRun table = as("km.jansen", "jansen-wachtwoord", {"recordings", "access", id});
  EXPECT_NE(table.out.find("aantekening gewijzigd"), std::string::npos) << table.out;
  EXPECT_NE(table.out.find("aantekening verwijderd"), std::string::npos) << table.out;
  const std::string csv = auditCsv();
  EXPECT_EQ(csv.find("haakt"), std::string::npos);
  EXPECT_EQ(csv.find("rm-afhaken"), std::string::npos);
}

TEST_F(Cli, TheCodingSchemesAndRecallPromptsAreListedForAnyone) {
  initVault();
  addUser("km.jansen", "klantmanager", "jansen-wachtwoord");
  const CliRun schemes = as("km.jansen", "jansen-wachtwoord", {"schemes", "list"});
  ASSERT_EQ(schemes.exitCode, 0) << schemes.err;
  EXPECT_NE(schemes.out.find("Zoetermeer Kijkwijzer (kijkwijzer, het standaardschema)"), std::string::npos)
      << schemes.out;
  EXPECT_NE(schemes.out.find("  Raakmomenten\n    rm-frustratie"), std::string::npos) << schemes.out;
  EXPECT_NE(schemes.out.find("Vraag voor de coach"), std::string::npos) << schemes.out;
  const CliRun json = as("beheer", "beheer-wachtwoord", {"--json", "schemes", "list"});
  ASSERT_EQ(json.exitCode, 0) << json.err;
  const auto list = nlohmann::json::parse(json.out)["schemes"];
  ASSERT_EQ(list.size(), 1u);
  EXPECT_TRUE(list[0]["default"].get<bool>());
  ASSERT_EQ(list[0]["categories"].size(), 12u);
  EXPECT_EQ(list[0]["categories"][4]["group"], "Raakmomenten");

  const CliRun prompts = as("km.jansen", "jansen-wachtwoord", {"prompts", "list"});
  ASSERT_EQ(prompts.exitCode, 0) << prompts.err;
  EXPECT_NE(prompts.out.find("prompt-dacht"), std::string::npos) << prompts.out;
  EXPECT_NE(prompts.out.find("Wat zou je nu anders doen?"), std::string::npos) << prompts.out;
  const CliRun promptsJson = as("km.jansen", "jansen-wachtwoord", {"--json", "prompts", "list"});
  ASSERT_EQ(promptsJson.exitCode, 0) << promptsJson.err;
  EXPECT_EQ(nlohmann::json::parse(promptsJson.out)["prompts"].size(), 4u);
  const CliRun wrongPassword = as("km.jansen", "verkeerd-wachtwoord", {"schemes", "list"});
  EXPECT_EQ(wrongPassword.exitCode, 77) << wrongPassword.err;
}

TEST_F(Cli, APrivacyOfficerReadsTheRegistryScheduleAndReportAndAClientManagerMayNot) {
  initVault();
  addUser("km.jansen", "klantmanager", "jansen-wachtwoord");
  addUser("fg", "privacy_officer", "fg-wachtwoord1");
  const fs::path source = makeRecording(m_home.path() / "gesprek.mp4");
  const CliRun imported = as("km.jansen", "jansen-wachtwoord",
                             {"--json", "import", source.string(), "--scopes", "self_review,coach_review", "--method",
                              "verbal", "--recorded-at", "now"});
  ASSERT_EQ(imported.exitCode, 0) << imported.err;
  const std::string id = nlohmann::json::parse(imported.out)["recording_id"];

  const CliRun list = as("fg", "fg-wachtwoord1", {"--json", "registry", "list"});
  ASSERT_EQ(list.exitCode, 0) << list.err;
  const auto recordings = nlohmann::json::parse(list.out)["recordings"];
  ASSERT_EQ(recordings.size(), 1u);
  EXPECT_EQ(recordings[0]["recording_id"], id);
  EXPECT_EQ(recordings[0]["owner"], "km.jansen");
  EXPECT_EQ(recordings[0]["state"], "given");
  EXPECT_EQ(recordings[0]["scopes"], nlohmann::json({"self_review", "coach_review"}));
  EXPECT_TRUE(recordings[0]["erasure"].is_null());
  EXPECT_FALSE(recordings[0].contains("withdrawal_code"));  // the list is no list of codes
  const CliRun text = as("fg", "fg-wachtwoord1", {"registry", "list"});
  EXPECT_NE(text.out.find(id + "  van km.jansen"), std::string::npos) << text.out;
  const CliRun withdrawn = as("fg", "fg-wachtwoord1", {"registry", "list", "--state", "withdrawn"});
  EXPECT_EQ(withdrawn.exitCode, 0) << withdrawn.err;
  EXPECT_NE(withdrawn.out.find("geen opnames"), std::string::npos) << withdrawn.out;
  EXPECT_EQ(run({"--user", "fg", "registry", "list", "--state", "weg"}).exitCode, 65);

  const CliRun schedule = as("fg", "fg-wachtwoord1", {"--json", "registry", "schedule", "--days", "3"});
  ASSERT_EQ(schedule.exitCode, 0) << schedule.err;
  EXPECT_TRUE(nlohmann::json::parse(schedule.out)["overdue"].empty());
  EXPECT_TRUE(nlohmann::json::parse(schedule.out)["due_soon"].empty());
  EXPECT_EQ(schedule.err, "");

  const CliRun report = as("fg", "fg-wachtwoord1", {"report"});
  ASSERT_EQ(report.exitCode, 0) << report.err;
  EXPECT_NE(report.out.find("Privacyrapportage voor het verwerkingsregister"), std::string::npos) << report.out;
  EXPECT_NE(report.out.find("toestemming gegeven: 1"), std::string::npos) << report.out;
  EXPECT_NE(report.out.find("Controle:         intact"), std::string::npos) << report.out;
  EXPECT_EQ(report.out.find("LET OP"), std::string::npos) << report.out;
  const fs::path csvFile = m_home.path() / "rapportage.csv";
  const CliRun csv = as("fg", "fg-wachtwoord1", {"report", "--csv", csvFile.string()});
  ASSERT_EQ(csv.exitCode, 0) << csv.err;
  EXPECT_EQ(csv.out, "");
  EXPECT_EQ(slurp(csvFile).rfind("section,label,value\r\n", 0), 0u);
  EXPECT_NE(slurp(csvFile).find("Opnames per status van de toestemming,toestemming gegeven,1\r\n"), std::string::npos);
  const CliRun certificates = as("fg", "fg-wachtwoord1", {"certificates", "--csv"});
  ASSERT_EQ(certificates.exitCode, 0) << certificates.err;
  EXPECT_EQ(certificates.out.rfind("recording_id,reason,state,", 0), 0u) << certificates.out;

  for (const std::vector<std::string>& command : std::vector<std::vector<std::string>>{
           {"registry", "list"}, {"registry", "schedule"}, {"certificates"}, {"report"}}) {
    const CliRun refused = as("km.jansen", "jansen-wachtwoord", command);
    EXPECT_EQ(refused.exitCode, 77) << command[0];
    EXPECT_EQ(refused.out, "");
  }
  const std::string audit = auditCsv();
  EXPECT_NE(audit.find("privacy_officer,registry.list,registry"), std::string::npos);
  EXPECT_NE(audit.find("privacy_officer,report.print,report"), std::string::npos);
  EXPECT_NE(audit.find("klantmanager,read_registry,registry,-,denied"), std::string::npos) << audit;
}

TEST_F(Cli, AnOverdueRecordingMakesTheScheduleLoudAndExit65) {
  initVault();
  addUser("km.jansen", "klantmanager", "jansen-wachtwoord");
  addUser("fg", "privacy_officer", "fg-wachtwoord1");
  const fs::path source = makeRecording(m_home.path() / "gesprek.mp4");
  ASSERT_EQ(as("km.jansen", "jansen-wachtwoord",
               {"import", source.string(), "--scopes", "self_review", "--method", "verbal", "--recorded-at", "now"})
                .exitCode,
            0);
  {
    // As if the sweep had not run since the retention ended a minute ago.
    SQLite::Database db(dbFile().string(), SQLite::OPEN_READWRITE);
    db.exec("UPDATE consents SET retention_end = strftime('%s', 'now') - 60");
  }
  const CliRun schedule = as("fg", "fg-wachtwoord1", {"--json", "registry", "schedule"});
  EXPECT_EQ(schedule.exitCode, 65);
  EXPECT_EQ(nlohmann::json::parse(schedule.out)["overdue"].size(), 1u);  // stdout stays one JSON document
  EXPECT_NE(schedule.err.find("LET OP: 1 opname(s)"), std::string::npos) << schedule.err;
  EXPECT_NE(schedule.err.find("de opschoning draait niet"), std::string::npos) << schedule.err;
  const CliRun report = as("fg", "fg-wachtwoord1", {"report"});
  EXPECT_EQ(report.exitCode, 0) << report.err;
  EXPECT_NE(report.out.find("LET OP: 1 opname(s)"), std::string::npos) << report.out;
}

}  // namespace

// ---------------------------------------------------------------------------
// Issue 15, item 8, and the checkpoints of item 5 through the real binary.

TEST_F(CliSharing, AnAnnotationReadFromStandardInputIsNeverAnArgument) {
  const std::string id = importShareable();
  ASSERT_FALSE(id.empty());
  const std::string text = "Hier kijkt mevrouw weg.\nDaarna zegt ze niets meer.";
  const CliRun added = as("km.jansen", "jansen-wachtwoord", {"annotations", "add", id, "--at", "0:01"}, text + "\n");
  ASSERT_EQ(added.exitCode, 0) << added.err;
  const CliRun listed = as("km.jansen", "jansen-wachtwoord", {"--json", "annotations", "list", id});
  ASSERT_EQ(listed.exitCode, 0) << listed.err;
  EXPECT_EQ(nlohmann::json::parse(listed.out)["annotations"][0]["text"], text);
  const CliRun help = run({"annotations", "add", "--help"});
  EXPECT_NE(help.out.find("standaardinvoer"), std::string::npos) << help.out;
}

TEST_F(CliSharing, ImportingForAnotherOwnerIsRefusedAndAudited) {
  const std::string id = importShareable();
  addUser("km.bakker", "klantmanager", "bakker-wachtwoord");
  const fs::path source = m_home.path() / "gesprek.mp4";
  const CliRun r = as("km.bakker", "bakker-wachtwoord",
                      {"import", source.string(), "--owner", "km.jansen", "--scopes", "self_review", "--method",
                       "verbal", "--recorded-at", "now"});
  EXPECT_EQ(r.exitCode, 77);
  const std::string csv = auditCsv();
  const auto line = csv.find(",klantmanager,import,user,");
  ASSERT_NE(line, std::string::npos) << csv;
  const std::string entry = csv.substr(line, csv.find('\n', line) - line);
  EXPECT_NE(entry.find(",denied,"), std::string::npos) << entry;
  EXPECT_NE(entry.find(",not_owner,"), std::string::npos) << entry;
}

TEST_F(Cli, AFolderAPipeOrADeviceGivenToImportIsNamedForWhatItIs) {
  initVault();
  addUser("km.jansen", "klantmanager", "jansen-wachtwoord");
  const fs::path fifo = m_home.path() / "pijp";
  ASSERT_EQ(mkfifo(fifo.c_str(), 0600), 0);
  const std::vector<std::pair<std::string, std::string>> cases = {
      {m_home.path().string(), "map"}, {fifo.string(), "pijp"}, {"/dev/zero", "apparaat"}};
  for (const auto& [path, word] : cases) {
    const CliRun r = as("km.jansen", "jansen-wachtwoord",
                        {"import", path, "--scopes", "self_review", "--method", "verbal", "--recorded-at", "now"});
    EXPECT_EQ(r.exitCode, 65) << path;
    EXPECT_NE(r.err.find(word), std::string::npos) << path << ": " << r.err;
  }
  EXPECT_EQ(std::distance(fs::directory_iterator(vault() / "media"), fs::directory_iterator()), 0);
}

TEST_F(Cli, AHugeIdIsNotEchoedBackWhole) {
  initVault();
  addUser("km.jansen", "klantmanager", "jansen-wachtwoord");
  addUser("fg", "privacy_officer", "fg-wachtwoord1");
  const std::string huge(100'000, 'x');
  for (const std::vector<std::string>& args : {std::vector<std::string>{"recordings", "shares", huge},
                                               std::vector<std::string>{"recordings", "share", huge, "coach"}}) {
    const CliRun r = as("km.jansen", "jansen-wachtwoord", args);
    EXPECT_EQ(r.exitCode, 67);
    EXPECT_LT(r.err.size(), 400u) << r.err.substr(0, 200);
  }
  const CliRun r = as("beheer", "beheer-wachtwoord", {"user", "disable", huge});
  EXPECT_EQ(r.exitCode, 67);
  EXPECT_LT(r.err.size(), 400u);
  EXPECT_EQ(auditCsv().find(std::string(200, 'x')), std::string::npos) << "the audit log keeps no 100 KB id";
}

// A rewrite of the whole chain from an early entry on, with every hash
// recomputed and the highest-number mark kept right, verified as intact
// before issue 15. The privacy officer's earlier verify signed a checkpoint.
TEST_F(Cli, ARewrittenAndRechainedLogFailsAgainstThePrivacyOfficersSignature) {
  initVault();
  addUser("fg", "privacy_officer", "fg-wachtwoord1");
  addUser("km.jansen", "klantmanager", "jansen-wachtwoord");
  const CliRun first = as("fg", "fg-wachtwoord1", {"--json", "audit", "verify"});
  ASSERT_EQ(first.exitCode, 0) << first.err;
  EXPECT_GE(nlohmann::json::parse(first.out)["checkpoints_verified"].get<int>(), 0);
  const CliRun second = as("fg", "fg-wachtwoord1", {"--json", "audit", "verify"});
  ASSERT_EQ(second.exitCode, 0) << second.err;
  EXPECT_GE(nlohmann::json::parse(second.out)["checkpoints_verified"].get<int>(), 1);
  {
    SQLite::Database db(dbFile().string(), SQLite::OPEN_READWRITE);
    db.exec("DROP TRIGGER audit_log_no_update");
    db.exec("UPDATE audit_log SET actor_role = 'coach' WHERE seq = 2");
    // Recompute every hash from entry 2 on, as anyone can (no key).
    std::vector<unsigned char> prev;
    SQLite::Statement rows(db,
                           "SELECT seq, time, actor_id, actor_role, action, object_type, object_id, result,"
                           " workstation, reason, app_version, prev_hash, hash FROM audit_log ORDER BY seq");
    std::vector<vakspiegel::AuditRow> all;
    while (rows.executeStep()) {
      vakspiegel::AuditRow r;
      r.seq = rows.getColumn(0).getInt64();
      r.time = rows.getColumn(1).getInt64();
      r.actorId = rows.getColumn(2).getString();
      r.actorRole = rows.getColumn(3).getString();
      r.action = rows.getColumn(4).getString();
      r.objectType = rows.getColumn(5).getString();
      r.objectId = rows.getColumn(6).getString();
      r.result = rows.getColumn(7).getString();
      r.workstation = rows.getColumn(8).getString();
      r.reason = rows.getColumn(9).getString();
      r.appVersion = rows.getColumn(10).getString();
      all.push_back(r);
    }
    rows.reset();
    prev.assign(32, 0);
    for (vakspiegel::AuditRow& r : all) {
      r.prevHash = prev;
      r.hash = vakspiegel::AuditLog::chainHash(prev, r);
      SQLite::Statement q(db, "UPDATE audit_log SET prev_hash = ?, hash = ? WHERE seq = ?");
      q.bind(1, r.prevHash.data(), 32);
      q.bind(2, r.hash.data(), 32);
      q.bind(3, r.seq);
      q.exec();
      prev = r.hash;
    }
  }
  const CliRun bad = as("fg", "fg-wachtwoord1", {"--json", "audit", "verify"});
  EXPECT_EQ(bad.exitCode, 65);
  const auto j = nlohmann::json::parse(bad.out);
  EXPECT_FALSE(j["intact"].get<bool>());
}
