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
  std::string auditHeadHex;  // the chain head, to anchor outside the machine
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

[[nodiscard]] PrivacyReport makePrivacyReport(const PrivacyFigures& figures);
[[nodiscard]] std::string renderText(const PrivacyReport& report);
// One line per figure: section,label,value (RFC 4180 quoting).
[[nodiscard]] std::string renderCsv(const PrivacyReport& report);
// One line per certificate, with a header line.
[[nodiscard]] std::string renderCertificatesCsv(const std::vector<DeletionCertificate>& certificates);

}  // namespace vakspiegel::consent
