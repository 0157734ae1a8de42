// The privacy officer's report and the certificates' CSV: the words around
// the figures, and their text and CSV renderings. See privacy_report.h.
#include "consent/privacy_report.h"

#include <algorithm>
#include <array>

#include "consent/text_layout.h"
#include "core/csv.h"
#include "core/i18n.h"

namespace vakspiegel::consent {
namespace {

using text_layout::columns;
using text_layout::wrap;

constexpr std::size_t kTextWidth = 72;  // columns (code points) of renderText
// Labels longer than this do not set the column where values start.
constexpr std::size_t kLabelColumnMax = 40;

constexpr std::array kStates = {State::Given, State::Withdrawn, State::Expired, State::Erased};
constexpr std::array kReasons = {ErasureReason::Withdrawn, ErasureReason::RetentionEnded,
                                 ErasureReason::OwnerDeleted, ErasureReason::KeyLost};

template <class Key>
std::int64_t countOf(const std::map<Key, std::int64_t>& counts, Key key) {
  const auto found = counts.find(key);
  return found == counts.end() ? 0 : found->second;
}

// One unit in words: "1 minuut", "3 minuten". Units: 0 days, 1 hours, 2
// minutes, 3 seconds. Each string literally inside tr(), so the catalog sees it.
std::string unitText(std::int64_t n, int unit) {
  switch (unit) {
    case 0: return n == 1 ? std::string(tr("1 day")) : trf("{} days", n);
    case 1: return n == 1 ? std::string(tr("1 hour")) : trf("{} hours", n);
    case 2: return n == 1 ? std::string(tr("1 minute")) : trf("{} minutes", n);
    default: break;
  }
  return n == 1 ? std::string(tr("1 second")) : trf("{} seconds", n);
}

ReportSection aboutSection(const PrivacyFigures& figures) {
  return {tr("About this report"),
          {{tr("Made at (UTC)"), formatUtc(figures.generatedAt)}},
          {tr("This report holds figures only: no content of recordings and no names of citizens.")}};
}

ReportSection recordingsSection(const PrivacyFigures& figures) {
  ReportSection section{tr("Recordings by consent state"), {}, {}};
  std::int64_t total = 0;
  for (const State state : kStates) {
    const std::int64_t n = countOf(figures.recordingsByState, state);
    section.rows.push_back({stateDisplayName(state), std::to_string(n)});
    total += n;
  }
  // A state the store could not read is shown, never hidden in the total.
  if (const std::int64_t unknown = countOf(figures.recordingsByState, State::Unknown); unknown > 0) {
    section.rows.push_back({stateDisplayName(State::Unknown), std::to_string(unknown)});
    total += unknown;
  }
  section.rows.push_back({tr("Total"), std::to_string(total)});
  return section;
}

ReportSection erasuresSection(const PrivacyFigures& figures) {
  ReportSection section{tr("Completed erasures by reason"), {}, {}};
  std::int64_t total = 0;
  for (const ErasureReason reason : kReasons) {
    const std::int64_t n = countOf(figures.erasuresByReason, reason);
    section.rows.push_back({erasureReasonDisplayName(reason), std::to_string(n)});
    total += n;
  }
  section.rows.push_back({tr("Total completed"), std::to_string(total)});
  section.rows.push_back({tr("Not finished yet"), std::to_string(figures.erasuresUnfinished)});
  if (figures.erasuresUnfinished > 0)
    section.notes.push_back(
        tr("An unfinished erasure is already unplayable; the next sweep finishes it. If this number stays above "
           "zero, look at the problems the sweep reports."));
  return section;
}

ReportSection withdrawalSection(const PrivacyFigures& figures) {
  const auto& median = figures.medianWithdrawalToErasureSeconds;
  return {tr("Time from withdrawal to erasure"),
          {{tr("Median"), median ? humanDuration(*median) : std::string(tr("no completed withdrawals yet"))}},
          {tr("Measured from the moment a withdrawal was registered to the moment its erasure was complete.")}};
}

ReportSection retentionSection(const PrivacyFigures& figures) {
  ReportSection section{tr("Retention"), {{tr("Past the end of retention, not erased"), std::to_string(figures.overdue)}},
                        {}};
  if (figures.overdue > 0)
    section.notes.push_back(
        trf("WARNING: {} recording(s) are past the end of their retention period and have not been erased: the "
            "clean-up is not running. Check the timer vakspiegel-sweep.timer and run 'vakspiegel-cli sweep'.",
            figures.overdue));
  return section;
}

ReportSection auditSection(const PrivacyFigures& figures) {
  ReportSection section{tr("Audit log"),
                        {{tr("Entries"), std::to_string(figures.auditEntries)},
                         {tr("Chain head"), figures.auditHead},
                         {tr("Verification"), figures.isAuditIntact
                                                  ? std::string(tr("intact"))
                                                  : trf("ALTERED, first bad entry: {}",
                                                        figures.auditFirstBadSeq.value_or(0))}},
                        {}};
  if (!figures.isAuditIntact)
    section.notes.push_back(
        tr("WARNING: the audit log has been altered. Keep a copy of the vault as it is and report this as a "
           "security incident."));
  section.notes.push_back(
      tr("Keep the chain head outside this machine. With 'vakspiegel-cli audit verify --head' you can check later "
         "that nothing was removed from the log or rewritten."));
  return section;
}

void appendRow(std::string& out, const ReportRow& row, std::size_t labelColumns) {
  std::string line = row.label;
  line += ':';
  line.append(labelColumns - std::min(labelColumns, columns(row.label)) + 1, ' ');
  line += row.value;
  if (columns(line) <= kTextWidth) {
    out.append(line).append("\n");
    return;
  }
  // Too long for one line (a chain head): the value goes below, indented.
  for (const std::string& part : wrap(row.label + ":", kTextWidth)) out.append(part).append("\n");
  for (const std::string& part : wrap(row.value, kTextWidth - 2)) out.append("  ").append(part).append("\n");
}

}  // namespace

std::string humanDuration(std::int64_t seconds) {
  seconds = std::max<std::int64_t>(seconds, 0);
  constexpr std::array<std::int64_t, 4> kUnitSeconds = {86'400, 3'600, 60, 1};
  int unit = 0;
  while (unit < 3 && seconds < kUnitSeconds[static_cast<std::size_t>(unit)]) ++unit;
  const std::int64_t big = seconds / kUnitSeconds[static_cast<std::size_t>(unit)];
  if (unit == 3) return unitText(big, unit);
  const std::int64_t small =
      seconds % kUnitSeconds[static_cast<std::size_t>(unit)] / kUnitSeconds[static_cast<std::size_t>(unit + 1)];
  if (small == 0) return unitText(big, unit);
  return trf("{} and {}", unitText(big, unit), unitText(small, unit + 1));
}

PrivacyReport makePrivacyReport(const PrivacyFigures& figures) {
  PrivacyReport report;
  report.title = tr("Privacy report for the register of processing");
  report.figures = figures;
  report.sections = {aboutSection(figures),     recordingsSection(figures), erasuresSection(figures),
                     withdrawalSection(figures), retentionSection(figures),  auditSection(figures)};
  return report;
}

std::string renderText(const PrivacyReport& report) {
  std::string out;
  text_layout::appendUnderlined(out, report.title, '=', kTextWidth);
  for (const ReportSection& section : report.sections) {
    out += '\n';
    text_layout::appendUnderlined(out, section.heading, '-', kTextWidth);
    std::size_t labelColumns = 0;
    for (const ReportRow& row : section.rows)
      if (columns(row.label) <= kLabelColumnMax) labelColumns = std::max(labelColumns, columns(row.label));
    for (const ReportRow& row : section.rows) appendRow(out, row, labelColumns);
    for (const std::string& note : section.notes) {
      out += '\n';
      for (const std::string& line : wrap(note, kTextWidth)) out.append(line).append("\n");
    }
  }
  return out;
}

std::string renderCsv(const PrivacyReport& report) {
  std::string csv = "section,label,value";
  csv += kCsvEol;
  const std::string noteLabel = tr("note");
  for (const ReportSection& section : report.sections) {
    for (const ReportRow& row : section.rows)
      csv.append(csvField(section.heading)).append(",").append(csvField(row.label)).append(",")
          .append(csvField(row.value)).append(kCsvEol);
    for (const std::string& note : section.notes)
      csv.append(csvField(section.heading)).append(",").append(csvField(noteLabel)).append(",")
          .append(csvField(note)).append(kCsvEol);
  }
  return csv;
}

std::string renderCertificatesCsv(const std::vector<DeletionCertificate>& certificates) {
  std::string csv =
      "recording_id,reason,state,requested_at,requested_by,completed_at,ciphertext_bytes,ciphertext_hash";
  csv += kCsvEol;
  for (const DeletionCertificate& c : certificates) {
    const bool isHashed = !c.ciphertextHash.empty();
    csv += fmt::format("{},{},{},{},{},{},{},{}", csvField(c.recordingId), erasureReasonName(c.reason),
                       erasureStateName(c.state), formatUtc(c.requestedAt), csvField(c.requestedBy),
                       c.completedAt ? formatUtc(*c.completedAt) : std::string(),
                       isHashed ? std::to_string(c.ciphertextBytes) : std::string(), csvField(c.ciphertextHash));
    csv += kCsvEol;
  }
  return csv;
}

}  // namespace vakspiegel::consent
