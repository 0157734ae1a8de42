// Tests of the privacy officer's report (consent/privacy_report.h): every
// figure lands in its section, the overdue warning is there exactly when
// something is overdue, an altered audit log is loud, durations read as
// words, the text stays within 72 columns, the CSV quotes as RFC 4180 says,
// and every word around the figures has a Dutch translation.
#include "consent/privacy_report.h"

#include <sstream>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "core/i18n.h"

namespace vakspiegel::consent {
namespace {

// 2026-11-23T09:30:00Z
const WallTime kNow = fromUnixSeconds(1'795'426'200);
const std::string kHead = "42:" + std::string(64, 'a');

PrivacyFigures figures() {
  PrivacyFigures f;
  f.generatedAt = kNow;
  f.recordingsByState = {{State::Given, 3}, {State::Withdrawn, 1}, {State::Erased, 2}};
  f.erasuresByReason = {{ErasureReason::Withdrawn, 2}, {ErasureReason::RetentionEnded, 5}};
  f.erasuresUnfinished = 1;
  f.overdue = 0;
  f.medianWithdrawalToErasureSeconds = 200;
  f.auditEntries = 42;
  f.auditHead = kHead;
  f.isAuditIntact = true;
  return f;
}

class PrivacyReportTest : public ::testing::Test {
 protected:
  void SetUp() override { setLanguage(Language::Dutch); }
  void TearDown() override { setLanguage(Language::Unknown); }
};

bool contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

const ReportSection& section(const PrivacyReport& report, const std::string& heading) {
  for (const ReportSection& s : report.sections)
    if (s.heading == heading) return s;
  ADD_FAILURE() << "no section " << heading;
  static const ReportSection kNone;
  return kNone;
}

std::string valueOf(const ReportSection& s, const std::string& label) {
  for (const ReportRow& row : s.rows)
    if (row.label == label) return row.value;
  ADD_FAILURE() << "no row " << label << " in " << s.heading;
  return {};
}

std::string allNotes(const PrivacyReport& report) {
  std::string notes;
  for (const ReportSection& s : report.sections)
    for (const std::string& note : s.notes) notes += note + "\n";
  return notes;
}

std::vector<std::string> linesOf(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream stream(text);
  for (std::string line; std::getline(stream, line);) lines.push_back(line);
  return lines;
}

std::size_t columnsOf(const std::string& line) {
  std::size_t count = 0;
  for (const char c : line)
    if ((static_cast<unsigned char>(c) & 0xC0) != 0x80) ++count;
  return count;
}

// An RFC 4180 reader: records of fields; quoted fields may hold commas,
// doubled quotes and line breaks. Fails the test on a malformed document.
std::vector<std::vector<std::string>> parseCsv(const std::string& csv) {
  std::vector<std::vector<std::string>> records;
  std::vector<std::string> record;
  std::string field;
  bool isQuoted = false;
  for (std::size_t i = 0; i < csv.size(); ++i) {
    const char c = csv[i];
    if (isQuoted) {
      if (c == '"' && i + 1 < csv.size() && csv[i + 1] == '"') {
        field += '"';
        ++i;
      } else if (c == '"') {
        isQuoted = false;
      } else {
        field += c;
      }
    } else if (c == '"') {
      EXPECT_TRUE(field.empty()) << "a quote inside an unquoted field at " << i;
      isQuoted = true;
    } else if (c == ',') {
      record.push_back(std::move(field));
      field.clear();
    } else if (c == '\r') {
      EXPECT_TRUE(i + 1 < csv.size() && csv[i + 1] == '\n') << "a CR without LF at " << i;
      record.push_back(std::move(field));
      field.clear();
      records.push_back(std::move(record));
      record.clear();
      ++i;
    } else {
      EXPECT_NE(c, '\n') << "a bare LF at " << i;
      field += c;
    }
  }
  EXPECT_FALSE(isQuoted) << "an unterminated quote";
  EXPECT_TRUE(record.empty() && field.empty()) << "the last line has no CRLF";
  return records;
}

TEST_F(PrivacyReportTest, EveryFigureAppearsInItsSection) {
  const PrivacyReport report = makePrivacyReport(figures());
  EXPECT_EQ(report.title, "Privacyrapportage voor het verwerkingsregister");

  EXPECT_EQ(valueOf(section(report, "Over deze rapportage"), "Gemaakt op (UTC)"), "2026-11-23T09:30:00Z");

  const ReportSection& recordings = section(report, "Opnames per status van de toestemming");
  EXPECT_EQ(valueOf(recordings, stateDisplayName(State::Given)), "3");
  EXPECT_EQ(valueOf(recordings, stateDisplayName(State::Withdrawn)), "1");
  EXPECT_EQ(valueOf(recordings, stateDisplayName(State::Expired)), "0");
  EXPECT_EQ(valueOf(recordings, stateDisplayName(State::Erased)), "2");
  EXPECT_EQ(valueOf(recordings, "Totaal"), "6");
  EXPECT_EQ(recordings.rows.size(), 5u);  // no row for an unknown state when there is none

  const ReportSection& erasures = section(report, "Gewiste opnames per reden");
  EXPECT_EQ(valueOf(erasures, erasureReasonDisplayName(ErasureReason::Withdrawn)), "2");
  EXPECT_EQ(valueOf(erasures, erasureReasonDisplayName(ErasureReason::RetentionEnded)), "5");
  EXPECT_EQ(valueOf(erasures, erasureReasonDisplayName(ErasureReason::OwnerDeleted)), "0");
  EXPECT_EQ(valueOf(erasures, erasureReasonDisplayName(ErasureReason::KeyLost)), "0");
  EXPECT_EQ(valueOf(erasures, "Totaal gewist"), "7");
  EXPECT_EQ(valueOf(erasures, "Nog niet klaar"), "1");

  EXPECT_EQ(valueOf(section(report, "Tijd van intrekking tot wissen"), "Mediaan"), "3 minuten en 20 seconden");
  EXPECT_EQ(valueOf(section(report, "Bewaartermijn"), "Over de bewaartermijn, niet gewist"), "0");

  const ReportSection& audit = section(report, "Auditlog");
  EXPECT_EQ(valueOf(audit, "Regels"), "42");
  EXPECT_EQ(valueOf(audit, "Kop van de keten"), kHead);
  EXPECT_EQ(valueOf(audit, "Controle"), "intact");

  const std::string text = renderText(report);
  for (const char* part : {"2026-11-23T09:30:00Z", "3 minuten en 20 seconden", kHead.c_str(), "Auditlog"})
    EXPECT_TRUE(contains(text, part)) << part << "\n" << text;
}

TEST_F(PrivacyReportTest, AnUnreadableStateIsCountedNotHidden) {
  PrivacyFigures f = figures();
  f.recordingsByState[State::Unknown] = 4;
  const PrivacyReport report = makePrivacyReport(f);
  const ReportSection& recordings = section(report, "Opnames per status van de toestemming");
  EXPECT_EQ(valueOf(recordings, stateDisplayName(State::Unknown)), "4");
  EXPECT_EQ(valueOf(recordings, "Totaal"), "10");
}

TEST_F(PrivacyReportTest, WithoutCompletedWithdrawalsTheMedianSaysSo) {
  PrivacyFigures f = figures();
  f.medianWithdrawalToErasureSeconds.reset();
  const PrivacyReport report = makePrivacyReport(f);
  EXPECT_EQ(valueOf(section(report, "Tijd van intrekking tot wissen"), "Mediaan"),
            "nog geen afgeronde intrekkingen");
}

TEST_F(PrivacyReportTest, TheOverdueWarningIsThereExactlyWhenSomethingIsOverdue) {
  const PrivacyReport calm = makePrivacyReport(figures());
  EXPECT_FALSE(contains(renderText(calm), "LET OP")) << renderText(calm);
  EXPECT_TRUE(section(calm, "Bewaartermijn").notes.empty());

  PrivacyFigures f = figures();
  f.overdue = 2;
  const PrivacyReport loud = makePrivacyReport(f);
  const ReportSection& retention = section(loud, "Bewaartermijn");
  EXPECT_EQ(valueOf(retention, "Over de bewaartermijn, niet gewist"), "2");
  ASSERT_EQ(retention.notes.size(), 1u);
  EXPECT_TRUE(retention.notes[0].starts_with("LET OP: 2 opname(s)")) << retention.notes[0];
  EXPECT_TRUE(contains(retention.notes[0], "de opschoning draait niet")) << retention.notes[0];
  EXPECT_TRUE(contains(retention.notes[0], "vakspiegel-sweep.timer")) << retention.notes[0];
  EXPECT_TRUE(contains(renderText(loud), "LET OP: 2 opname(s)"));
  EXPECT_TRUE(contains(renderCsv(loud), "LET OP: 2 opname(s)"));
}

TEST_F(PrivacyReportTest, AnAlteredAuditLogIsLoud) {
  PrivacyFigures f = figures();
  f.isAuditIntact = false;
  f.auditFirstBadSeq = 17;
  const PrivacyReport report = makePrivacyReport(f);
  const ReportSection& audit = section(report, "Auditlog");
  EXPECT_EQ(valueOf(audit, "Controle"), "GEWIJZIGD, eerste foute regel: 17");
  ASSERT_FALSE(audit.notes.empty());
  EXPECT_TRUE(audit.notes[0].starts_with("LET OP: het auditlog is gewijzigd")) << audit.notes[0];
  // Intact: no warning anywhere.
  EXPECT_FALSE(contains(allNotes(makePrivacyReport(figures())), "LET OP"));
}

TEST_F(PrivacyReportTest, DurationsReadAsWordsInTheTwoLargestUnits) {
  EXPECT_EQ(humanDuration(0), "0 seconden");
  EXPECT_EQ(humanDuration(1), "1 seconde");
  EXPECT_EQ(humanDuration(59), "59 seconden");
  EXPECT_EQ(humanDuration(60), "1 minuut");
  EXPECT_EQ(humanDuration(61), "1 minuut en 1 seconde");
  EXPECT_EQ(humanDuration(3'599), "59 minuten en 59 seconden");
  EXPECT_EQ(humanDuration(3'600), "1 uur");
  EXPECT_EQ(humanDuration(7'260), "2 uur en 1 minuut");
  EXPECT_EQ(humanDuration(86'399), "23 uur en 59 minuten");
  EXPECT_EQ(humanDuration(86'400), "1 dag");
  EXPECT_EQ(humanDuration(2 * 86'400 + 4 * 3'600 + 59), "2 dagen en 4 uur");
  EXPECT_EQ(humanDuration(-5), "0 seconden");  // a clock that went back is no negative wait
  setLanguage(Language::English);
  EXPECT_EQ(humanDuration(3 * 86'400 + 3'600), "3 days and 1 hour");
}

TEST_F(PrivacyReportTest, TheTextStaysWithin72ColumnsAndKeepsTheHeadWhole) {
  PrivacyFigures f = figures();
  f.overdue = 3;
  f.isAuditIntact = false;
  f.auditFirstBadSeq = 9;
  const std::string text = renderText(makePrivacyReport(f));
  for (const std::string& line : linesOf(text)) EXPECT_LE(columnsOf(line), 72u) << line;
  // The head is too long to stand beside its label: it goes whole on the next line.
  EXPECT_TRUE(contains(text, "Kop van de keten:\n  " + kHead + "\n")) << text;
  // Values of one section start in one column.
  EXPECT_TRUE(contains(text, "Regels:" + std::string(11, ' ') + "42\n")) << text;
  EXPECT_TRUE(contains(text, "Controle:" + std::string(9, ' ') + "GEWIJZIGD, eerste foute regel: 9\n")) << text;
}

TEST_F(PrivacyReportTest, CsvQuotesCommasQuotesAndLineBreaks) {
  PrivacyReport report;
  report.sections = {{"Plain", {{"a, b", "say \"hi\""}, {"two\nlines", "x"}}, {"note, with comma"}}};
  EXPECT_EQ(renderCsv(report),
            "section,label,value\r\n"
            "Plain,\"a, b\",\"say \"\"hi\"\"\"\r\n"
            "Plain,\"two\nlines\",x\r\n"
            "Plain,opmerking,\"note, with comma\"\r\n");
}

TEST_F(PrivacyReportTest, TheCsvHasOneRecordPerFigureAndNote) {
  PrivacyFigures f = figures();
  f.overdue = 1;
  const PrivacyReport report = makePrivacyReport(f);
  const auto records = parseCsv(renderCsv(report));
  std::size_t expected = 1;
  for (const ReportSection& s : report.sections) expected += s.rows.size() + s.notes.size();
  ASSERT_EQ(records.size(), expected);
  EXPECT_EQ(records[0], (std::vector<std::string>{"section", "label", "value"}));
  for (const auto& record : records) EXPECT_EQ(record.size(), 3u);
  EXPECT_EQ(records[1], (std::vector<std::string>{"Over deze rapportage", "Gemaakt op (UTC)", "2026-11-23T09:30:00Z"}));
  bool isHeadFound = false;
  for (const auto& record : records) isHeadFound |= record[0] == "Auditlog" && record[2] == kHead;
  EXPECT_TRUE(isHeadFound);
}

TEST_F(PrivacyReportTest, CertificatesCsvHasAHeaderAndOneRowEach) {
  DeletionCertificate done;
  done.recordingId = "rec-1";
  done.reason = ErasureReason::Withdrawn;
  done.state = ErasureState::Done;
  done.requestedAt = kNow;
  done.requestedBy = "user, \"7\"";
  done.completedAt = kNow + std::chrono::seconds(3);
  done.ciphertextBytes = 123'456;
  done.ciphertextHash = std::string(64, 'f');
  DeletionCertificate pending;
  pending.recordingId = "rec-2";
  pending.reason = ErasureReason::RetentionEnded;
  pending.state = ErasureState::Pending;
  pending.requestedAt = kNow;
  pending.requestedBy = "system";
  EXPECT_EQ(renderCertificatesCsv({done, pending}),
            "recording_id,reason,state,requested_at,requested_by,completed_at,ciphertext_bytes,ciphertext_hash\r\n"
            "rec-1,withdrawn,done,2026-11-23T09:30:00Z,\"user, \"\"7\"\"\",2026-11-23T09:30:03Z,123456," +
                std::string(64, 'f') +
                "\r\n"
                "rec-2,retention_ended,pending,2026-11-23T09:30:00Z,system,,,\r\n");
  EXPECT_EQ(renderCertificatesCsv({}),
            "recording_id,reason,state,requested_at,requested_by,completed_at,ciphertext_bytes,ciphertext_hash\r\n");
}

// "No empty msgstr": every heading, label and note reads differently in
// Dutch than in the English source, so none of them fell back to English.
TEST_F(PrivacyReportTest, EveryWordAroundTheFiguresIsTranslated) {
  PrivacyFigures f = figures();
  f.overdue = 1;
  f.erasuresUnfinished = 1;
  f.isAuditIntact = false;
  f.recordingsByState[State::Unknown] = 1;
  setLanguage(Language::English);
  const PrivacyReport english = makePrivacyReport(f);
  setLanguage(Language::Dutch);
  const PrivacyReport dutch = makePrivacyReport(f);
  EXPECT_NE(dutch.title, english.title);
  ASSERT_EQ(dutch.sections.size(), english.sections.size());
  for (std::size_t i = 0; i < dutch.sections.size(); ++i) {
    const ReportSection& nl = dutch.sections[i];
    const ReportSection& en = english.sections[i];
    EXPECT_NE(nl.heading, en.heading);
    ASSERT_EQ(nl.rows.size(), en.rows.size());
    for (std::size_t r = 0; r < nl.rows.size(); ++r) EXPECT_NE(nl.rows[r].label, en.rows[r].label) << en.rows[r].label;
    ASSERT_EQ(nl.notes.size(), en.notes.size());
    for (std::size_t n = 0; n < nl.notes.size(); ++n) EXPECT_NE(nl.notes[n], en.notes[n]) << en.notes[n];
  }
  const std::vector<std::int64_t> durations = {1, 2, 60, 120, 3'600, 7'200, 86'400, 172'800, 90'000};
  std::vector<std::string> dutchDurations, englishDurations;
  for (const std::int64_t seconds : durations) dutchDurations.push_back(humanDuration(seconds));
  setLanguage(Language::English);
  for (const std::int64_t seconds : durations) englishDurations.push_back(humanDuration(seconds));
  for (std::size_t i = 0; i < durations.size(); ++i)
    EXPECT_NE(dutchDurations[i], englishDurations[i]) << englishDurations[i];
}

}  // namespace
}  // namespace vakspiegel::consent
