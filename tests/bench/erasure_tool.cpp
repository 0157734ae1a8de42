// Erasure figures, printed as run.sh's lines
// (figure<TAB>project<TAB>reference<TAB>ratio<TAB>unit):
// - the sweep of N expired recordings (default 1,000; each with a media
//   container of VS_ERASE_MEDIA_KIB, default 1024 KiB, and three small
//   derived files), total, against unlinking an identical copy of the same
//   files and syncing the directory (the physical floor of removing them);
// - one erasure at a time, median over 101 recordings, against unlinking
//   one recording's copied files + directory fsync;
// - withdrawal to unplayable (the PENDING commit) and to DONE for a recording
//   of VS_ERASE_BIG_MIB (default 1024 MiB), against the goals of 1 s and 60 s.
// Usage: erasure_tool WORKDIR
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <vector>

#include "app/account_service.h"
#include "app/erasure_service.h"
#include "app/vault.h"
#include "core/i18n.h"
#include "core/ids.h"
#include "core/sync_directory.h"
#include "store/recording_store.h"
#include "support/vault_internals.h"
#include "vault/chunked_file.h"

namespace vs = vakspiegel;
namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

namespace {

long envNumber(const char* name, long fallback) {
  const char* text = std::getenv(name);
  return text && std::atol(text) > 0 ? std::atol(text) : fallback;
}

double secondsSince(Clock::time_point start) {
  return std::chrono::duration<double>(Clock::now() - start).count();
}

void figure(const char* name, double project, double reference, const char* unit) {
  std::printf("%s\t%.3f\t%.3f\t%.3f\t%s\n", name, project, reference, project / reference, unit);
  std::fflush(stdout);
}

void die(const std::string& what) {
  std::fprintf(stderr, "erasure_tool: %s\n", what.c_str());
  std::exit(1);
}

template <class T>
T check(vs::Result<T> result, const char* what) {
  if (!result) die(std::string(what) + ": " + result.error().message);
  return std::move(*result);
}

struct Bench {
  fs::path dir;
  vs::ManualClock clock{vs::fromUnixSeconds(1'795'000'000)};
  std::unique_ptr<vs::Vault> vault;
  std::string ownerId;
  vs::Bytes ownerPublicKey;

  // A recording as an import leaves it: rows, the owner's sealed key, and
  // four encrypted files (media of `mediaBytes`, three derived of 4 KiB).
  std::string plant(std::int64_t recordedAt, std::int64_t retentionEnd, std::size_t mediaBytes) {
    const std::string id = vs::newUuid();
    const vs::DataKey key = vs::DataKey::generate();
    vs::RecordingStore store(vs::test::database(*vault));
    std::vector<vs::RecordingFileRow> files;
    std::vector<unsigned char> chunk(1 << 20, 0x5a);
    for (const char* kind : {"media", "thumbnails", "waveform", "speech"}) {
      const fs::path path = vs::Vault::mediaDir(dir) / (id + "." + kind + ".vsc");
      auto writer = check(vs::ChunkedFileWriter::create(path, key), "create");
      std::size_t left = std::string_view(kind) == "media" ? mediaBytes : 4096;
      while (left > 0) {
        const std::size_t n = std::min(left, chunk.size());
        if (!writer->write({chunk.data(), n})) die("write");
        left -= n;
      }
      if (!writer->commit()) die("commit");
      files.push_back({id, kind, path.filename().string(), static_cast<std::int64_t>(fs::file_size(path))});
    }
    const vs::Bytes sealed = vs::sealDataKey(key, ownerPublicKey);
    const auto stored = vs::test::database(*vault).transaction([&]() -> vs::Status {
      VS_TRY(store.insertRecording({id, ownerId, recordedAt, recordedAt, 60'000'000, 1280, 720, "remux"}));
      VS_TRY(store.insertConsent({id, "self_review", "verbal", recordedAt, recordedAt, ownerId, retentionEnd,
                                  "VS-" + id.substr(0, 8), "given", recordedAt}));
      VS_TRY(store.insertKey({id, ownerId, sealed, recordedAt}));
      for (const auto& file : files) VS_TRY(store.insertFile(file));
      return {};
    });
    if (!stored) die("plant: " + stored.error().message);
    return id;
  }

  // Copies a recording's files to `copies` (for the unlink reference).
  void copyFiles(const std::string& id, const fs::path& copies) {
    for (const auto& entry : fs::directory_iterator(vs::Vault::mediaDir(dir)))
      if (entry.path().filename().string().rfind(id, 0) == 0)
        fs::copy_file(entry.path(), copies / entry.path().filename());
  }
};

double unlinkAll(const fs::path& copies) {
  ::sync();
  const auto start = Clock::now();
  for (const auto& entry : fs::directory_iterator(copies)) ::unlink(entry.path().c_str());
  vs::syncDirectory(copies);
  return secondsSince(start);
}

double median(std::vector<double> values) {
  std::sort(values.begin(), values.end());
  return values[values.size() / 2];
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 2) die("usage: erasure_tool WORKDIR");
  vs::setLanguage(vs::Language::English);
  Bench b;
  b.dir = fs::path(argv[1]) / "vault";
  vs::VaultOptions options;
  options.passwordCost = vs::KdfParams::interactive();
  b.vault = check(vs::Vault::init(b.dir, "beheer", "beheer-wachtwoord", b.clock, options), "init");
  const vs::Session admin = check(b.vault->login("beheer", "beheer-wachtwoord"), "login");
  // The administrator's password is one-time; the user chooses their own.
  check(vs::AccountService(*b.vault).addUser(admin, "km.jansen", vs::Role::Klantmanager, "km.jansen-eenmalig"),
        "add user");
  vs::Session first = check(b.vault->login("km.jansen", "km.jansen-eenmalig"), "login");
  check(vs::AccountService(*b.vault).changePassword(first, "km.jansen-eenmalig", "km.jansen-wachtwoord"),
        "own password");
  const vs::Session owner = check(b.vault->login("km.jansen", "km.jansen-wachtwoord"), "login");
  b.ownerId = owner.userId();
  b.ownerPublicKey = owner.keys().publicKey();

  const long count = envNumber("VS_ERASE_COUNT", 1000);
  const std::size_t mediaBytes = static_cast<std::size_t>(envNumber("VS_ERASE_MEDIA_KIB", 1024)) * 1024;
  const std::int64_t now = vs::toUnixSeconds(b.clock.now());
  const fs::path copies = fs::path(argv[1]) / "copies";
  fs::create_directories(copies);

  // 1. The sweep of `count` expired recordings.
  std::fprintf(stderr, "erasure_tool: planting %ld recordings\n", count);
  for (long i = 0; i < count; ++i) b.copyFiles(b.plant(now - 86400 * 70, now - 60, mediaBytes), copies);
  const double reference = unlinkAll(copies);
  ::sync();
  auto start = Clock::now();
  const auto report = check(vs::ErasureService(*b.vault).sweep(), "sweep");
  const double sweepSeconds = secondsSince(start);
  if (report.completed != count) die("the sweep completed " + std::to_string(report.completed));
  char name[160];
  std::snprintf(name, sizeof name, "sweep of %ld expired recordings, total vs unlink+sync of their files", count);
  figure(name, sweepSeconds, reference, "s");
  std::snprintf(name, sizeof name, "sweep of %ld expired recordings, mean per recording vs unlink+sync", count);
  figure(name, sweepSeconds * 1000 / static_cast<double>(count), reference * 1000 / static_cast<double>(count), "ms");

  // 2. One erasure at a time.
  std::vector<double> ours, unlinks;
  for (int i = 0; i < 101; ++i) {
    const std::string id = b.plant(now - 3600, now + 86400 * 7, mediaBytes);
    b.copyFiles(id, copies);
    unlinks.push_back(unlinkAll(copies) * 1000);
    ::sync();
    start = Clock::now();
    check(vs::test::eraser(*b.vault).erase(id, vs::consent::ErasureReason::OwnerDeleted, {}), "erase");
    ours.push_back(secondsSince(start) * 1000);
  }
  figure("erase one recording (journal, 4 files), median vs unlink+fsync of its files", median(ours), median(unlinks),
         "ms");

  // 3. A withdrawal of a large recording: unplayable, then DONE.
  const long bigMib = envNumber("VS_ERASE_BIG_MIB", 1024);
  std::fprintf(stderr, "erasure_tool: planting a %ld MiB recording\n", bigMib);
  const std::string big = b.plant(now - 3600, now + 86400 * 7, static_cast<std::size_t>(bigMib) << 20);
  ::sync();
  auto eraser = vs::test::eraser(*b.vault);
  start = Clock::now();
  if (!eraser.request(big, vs::consent::ErasureReason::Withdrawn, {owner.userId(), "klantmanager"})) die("request");
  const double unplayableMs = secondsSince(start) * 1000;
  if (check(vs::test::recordingFacts(*b.vault, big), "facts").isUsable) die("still playable after the request");
  if (!eraser.complete({big})) die("complete");
  const double doneSeconds = secondsSince(start);
  std::snprintf(name, sizeof name, "withdrawal to unplayable (%ld MiB recording) vs 1 s goal", bigMib);
  figure(name, unplayableMs, 1000, "ms");
  std::snprintf(name, sizeof name, "withdrawal to DONE (%ld MiB recording) vs 60 s goal", bigMib);
  figure(name, doneSeconds, 60, "s");
  return 0;
}
