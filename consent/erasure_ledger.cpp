// The tombstone ledger, vault.tombstones: its lines, appending, reading and
// repairing it, and re-applying it at every open. See erasure.h.
#include "consent/erasure.h"

#include <fcntl.h>
#include <unistd.h>

#include <sodium.h>

#include <array>
#include <cerrno>
#include <charconv>
#include <set>
#include <system_error>

#include "audit/audit_actions.h"
#include "consent/erasure_internal.h"
#include "core/hex.h"
#include "core/i18n.h"
#include "core/shared_files.h"
#include "core/sync_directory.h"
#include "store/erasure_store.h"
#include "store/recording_store.h"

namespace vakspiegel::consent {
namespace fs = std::filesystem;
using erasure_detail::appendLedger;
using erasure_detail::LedgerEntry;

namespace {

constexpr const char* kLedgerMagic = "VST1";
constexpr std::size_t kLedgerChecksumBytes = 16;

std::string ledgerChecksum(const std::string& body) {
  std::array<unsigned char, kLedgerChecksumBytes> sum{};
  crypto_generichash(sum.data(), sum.size(), reinterpret_cast<const unsigned char*>(body.data()), body.size(), nullptr,
                     0);
  return toHex(sum);
}

// "VST1 <id> <reason> <requested_at> <requested_by> <checksum>\n": one line
// per tombstone, checked per line so a torn or edited line is recognised.
std::string ledgerLine(const LedgerEntry& entry) {
  const std::string body = fmt::format("{} {} {} {} {}", kLedgerMagic, entry.recordingId,
                                       erasureReasonName(entry.reason), entry.requestedAt, entry.requestedBy);
  return body + " " + ledgerChecksum(body) + "\n";
}

std::optional<LedgerEntry> parseLedgerLine(std::string_view line) {
  const std::size_t lastSpace = line.rfind(' ');
  if (lastSpace == std::string_view::npos) return std::nullopt;
  const std::string body(line.substr(0, lastSpace));
  if (line.substr(lastSpace + 1) != ledgerChecksum(body)) return std::nullopt;
  std::vector<std::string_view> fields;
  std::string_view rest = body;
  while (!rest.empty()) {
    const std::size_t space = rest.find(' ');
    fields.push_back(rest.substr(0, space));
    rest = space == std::string_view::npos ? std::string_view{} : rest.substr(space + 1);
  }
  if (fields.size() != 5 || fields[0] != kLedgerMagic) return std::nullopt;
  const auto reason = erasureReasonFromName(fields[2]);
  LedgerEntry entry;
  const auto [end, ec] = std::from_chars(fields[3].data(), fields[3].data() + fields[3].size(), entry.requestedAt);
  if (!reason || ec != std::errc() || end != fields[3].data() + fields[3].size()) return std::nullopt;
  entry.recordingId = std::string(fields[1]);
  entry.reason = *reason;
  entry.requestedBy = std::string(fields[4]);
  return entry;
}

// The ledger's complete lines; a torn last line (a crash while appending) is
// ignored, any other unreadable line is reported.
struct LedgerContents {
  std::vector<LedgerEntry> entries;
  std::vector<int> damagedLines;
};

Result<LedgerContents> readLedger(const fs::path& file) {
  LedgerContents contents;
  const int fd = ::open(file.c_str(), O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
  if (fd < 0) {
    if (errno == ENOENT) return contents;
    return fail(ErrorCode::Io, trf("Could not read the erasure ledger {}.", file.string()));
  }
  std::string text;
  std::array<char, 65536> buffer{};
  ssize_t n = 0;
  while ((n = ::read(fd, buffer.data(), buffer.size())) > 0) text.append(buffer.data(), static_cast<std::size_t>(n));
  ::close(fd);
  if (n < 0) return fail(ErrorCode::Io, trf("Could not read the erasure ledger {}.", file.string()));
  std::size_t start = 0;
  int lineNumber = 0;
  while (start < text.size()) {
    const std::size_t newline = text.find('\n', start);
    if (newline == std::string::npos) break;  // torn tail
    ++lineNumber;
    if (auto entry = parseLedgerLine(std::string_view(text).substr(start, newline - start)))
      contents.entries.push_back(std::move(*entry));
    else
      contents.damagedLines.push_back(lineNumber);
    start = newline + 1;
  }
  return contents;
}

}  // namespace

namespace erasure_detail {

Status appendLedger(const fs::path& file, const std::vector<LedgerEntry>& entries) {
  std::error_code ec;
  const bool isNew = !fs::exists(file, ec);
  const int fd = ::open(file.c_str(), O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0600);
  if (fd < 0) return fail(ErrorCode::Io, trf("Could not write the erasure ledger {}.", file.string()));
  if (isNew) shareNewFile(fd, file.parent_path());
  std::string line;
  for (const LedgerEntry& entry : entries) line += ledgerLine(entry);
  const bool ok = ::write(fd, line.data(), line.size()) == static_cast<ssize_t>(line.size()) && ::fdatasync(fd) == 0;
  const int error = errno;
  ::close(fd);
  if (!ok) {
    if (error == ENOSPC) return fail(ErrorCode::DiskFull, tr("The disk is full; the erasure was not registered."));
    return fail(ErrorCode::Io, trf("Could not write the erasure ledger {}.", file.string()));
  }
  if (isNew) syncDirectory(file.parent_path());
  return {};
}

}  // namespace erasure_detail

fs::path Eraser::ledgerFile(const fs::path& vaultDir) {
  return vaultDir / "vault.tombstones";
}

Result<std::vector<std::string>> Eraser::repairLedger() {
  const fs::path ledger = ledgerFile(m_dir);
  const LedgerContents contents = VS_TRY(readLedger(ledger));
  std::vector<std::string> problems;
  if (!contents.damagedLines.empty()) {
    // Kept aside as evidence; a fresh ledger is written from the readable
    // lines and the database below, so the problem is reported once, not at
    // every sweep.
    const fs::path aside = ledger.string() + ".damaged-" + std::to_string(toUnixSeconds(m_clock.now()));
    std::error_code ec;
    fs::rename(ledger, aside, ec);
    if (ec) return fail(ErrorCode::Io, trf("Could not move the damaged erasure ledger {} aside.", ledger.string()));
    VS_TRY(appendLedger(ledger, contents.entries));
    for (const int line : contents.damagedLines)
      problems.push_back(
          trf("Line {} of the erasure ledger was damaged and was skipped; the ledger as it was "
              "is kept as {}.",
              line, aside.string()));
    VS_TRY(m_audit.append({"system", "system", audit_action::kLedgerDamaged, "vault", "-", AuditResult::Error,
                           fmt::format("lines={}", contents.damagedLines.size())}));
  }
  return problems;
}

Result<SweepReport> Eraser::recover() {
  SweepReport report;
  ErasureStore store(m_db);
  const fs::path ledger = ledgerFile(m_dir);
  const LedgerContents contents = VS_TRY(readLedger(ledger));
  std::set<std::string> inLedger;
  for (const LedgerEntry& entry : contents.entries) {
    inLedger.insert(entry.recordingId);
    // A recording the database does not know (a copy older than its import)
    // has no rows to erase; its files are orphans for the sweep.
    if (!VS_TRY(RecordingStore(m_db).find(entry.recordingId))) continue;
    if (VS_TRY(commitRequest(entry.recordingId, entry.reason, entry.requestedAt, {entry.requestedBy, "system"})))
      ++report.ledgerReapplied;
  }
  // And the other way round: a request the ledger lost (a ledger restored
  // from a backup) is written again.
  for (const ErasureRow& row : VS_TRY(store.all())) {
    if (inLedger.contains(row.recordingId)) continue;
    const auto reason = erasureReasonFromName(row.reason).value_or(ErasureReason::Withdrawn);
    VS_TRY(appendLedger(ledger, {{row.recordingId, reason, row.requestedAt, row.requestedBy}}));
  }
  const std::vector<std::string> unfinished = VS_TRY(store.unfinished());
  report.resumed = static_cast<int>(unfinished.size()) - report.ledgerReapplied;
  if (!unfinished.empty()) {
    if (auto done = complete(unfinished); !done) report.problems.push_back(done.error().message);
    report.completed = static_cast<int>(unfinished.size() - VS_TRY(store.unfinished()).size());
  }
  return report;
}

}  // namespace vakspiegel::consent
