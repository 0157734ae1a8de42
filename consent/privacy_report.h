// The privacy officer's report for the register of processing (AVG art. 30)
// and the deletion certificates: document models with figures only (no
// content, no citizen identity), rendered to text and CSV here; the UI
// prints the same models to PDF later.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "consent/consent_record.h"
#include "consent/erasure.h"
#include "core/clock.h"

namespace vakspiegel::consent {

// The figures the report is made of (Vault::privacyReport gathers them).
struct PrivacyFigures {
  WallTime generatedAt;
  std::map<State, std::int64_t> recordingsByState;
  std::map<ErasureReason, std::int64_t> erasuresByReason;  // completed erasures
  std::int64_t erasuresUnfinished = 0;
  std::int64_t overdue = 0;  // retention ended, not erased: must be 0
  // Median seconds from a withdrawal's request to its completed erasure.
  std::optional<std::int64_t> medianWithdrawalToErasureSeconds;
  std::int64_t auditEntries = 0;
  // The chain head as "SEQ:HEX", the form 'vakspiegel-cli audit verify
  // --head' takes: kept outside the machine, it shows later that the log was
  // not cut off or rewritten.
  std::string auditHead;
  bool isAuditIntact = false;
  std::optional<std::int64_t> auditFirstBadSeq;
};

struct ReportRow {
  std::string label;
  std::string value;
};

struct ReportSection {
  std::string heading;
  std::vector<ReportRow> rows;
  std::vector<std::string> notes;  // e.g. a loud warning when something is overdue
};

struct PrivacyReport {
  std::string title;
  PrivacyFigures figures;
  std::vector<ReportSection> sections;
};

// The report in the user's language. Sections, in order: about the report
// (when it was made), recordings by consent state, erasures by reason (and
// unfinished ones), the median time from withdrawal to erasure, retention
// (a loud note when anything is overdue: the sweep is not running), the audit
// log (entries, chain head, verification; a loud note when it was altered).
[[nodiscard]] PrivacyReport makePrivacyReport(const PrivacyFigures& figures);
// A duration in words, its two largest units: "45 seconden", "3 minuten en
// 20 seconden", "2 dagen en 4 uur".
[[nodiscard]] std::string humanDuration(std::int64_t seconds);
// Plain text, wrapped at 72 columns, for the terminal and for tests.
[[nodiscard]] std::string renderText(const PrivacyReport& report);
// A header line (section,label,value), then one line per figure and one per
// note (label "note" in the user's language); RFC 4180: CRLF, quoted fields.
[[nodiscard]] std::string renderCsv(const PrivacyReport& report);
// A header line, then one line per certificate: recording_id, reason and
// state (as stored: "withdrawn", "done"), requested_at, requested_by,
// completed_at (ISO 8601 UTC; empty while unfinished), ciphertext_bytes and
// ciphertext_hash (empty until the keys were destroyed).
[[nodiscard]] std::string renderCertificatesCsv(const std::vector<DeletionCertificate>& certificates);

}  // namespace vakspiegel::consent
