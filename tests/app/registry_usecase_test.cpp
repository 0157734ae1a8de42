// The privacy officer's tools (app/registry.cpp): only the privacy officer
// reads the registry, the schedule, the certificates and the report, and each
// reading is audited; the schedule's boundaries (due soon, overdue) fall on
// the exact second; the report's figures (counts, median wait from withdrawal
// to erasure, audit head and verification) are what the journal holds.
// Recordings and erasure rows are written through the stores so that every
// state and time can be set exactly, without media.
#include <algorithm>

#include "app/privacy_service.h"
#include "app/vault_fixture.h"
#include "store/erasure_store.h"
#include "store/recording_store.h"
#include "support/vault_internals.h"

namespace vakspiegel {
namespace {

using namespace std::chrono_literals;

constexpr std::int64_t kNow = test::kFixtureNow;
constexpr std::int64_t kDay = 86'400;

struct AuditLine {
  std::string actorRole, action, result, reason;
};

class RegistryUseCase : public test::VaultFixture {
 protected:
  // A recording of km.jansen with its consent record, as an import leaves it.
  void addRecording(const std::string& id, std::int64_t retentionEnd, const std::string& state = "given",
                    const std::string& scopes = "self_review") {
    RecordingStore store(test::database(*m_vault));
    ASSERT_TRUE(store.insertRecording(
        {id, m_owner->userId(), kNow - 30 * kDay, kNow - 30 * kDay, 1'000'000, 320, 240, "remux"}));
    ConsentRow consent;
    consent.recordingId = id;
    consent.scopes = scopes;
    consent.method = "verbal";
    consent.recordedAt = kNow - 30 * kDay;
    consent.registeredAt = kNow - 30 * kDay + m_registered++;
    consent.registeredBy = m_owner->userId();
    consent.retentionEnd = retentionEnd;
    consent.withdrawalCode = "code-" + id;
    consent.state = state;
    consent.stateChangedAt = consent.registeredAt;
    ASSERT_TRUE(store.insertConsent(consent));
  }
  // An erasure row; with `completedAt`, driven to done through each step.
  void addErasure(const std::string& id, const std::string& reason, std::int64_t requestedAt,
                  std::optional<std::int64_t> completedAt = std::nullopt) {
    ErasureStore store(test::database(*m_vault));
    ErasureRow row;
    row.recordingId = id;
    row.reason = reason;
    row.state = "pending";
    row.requestedAt = requestedAt;
    row.requestedBy = "system";
    ASSERT_TRUE(store.insert(row));
    if (!completedAt) return;
    ASSERT_TRUE(store.markKeysDestroyed(id, requestedAt, 1000, std::vector<unsigned char>(32, 7)).value_or(false));
    ASSERT_TRUE(store.markFilesRemoved(id, requestedAt).value_or(false));
    ASSERT_TRUE(store.markDone(id, *completedAt).value_or(false));
  }

  std::vector<AuditLine> audit(const std::string& action) {
    std::vector<AuditLine> lines;
    SQLite::Statement q(test::database(*m_vault).sql(),
                        "SELECT actor_role, action, result, reason FROM audit_log WHERE action = ? ORDER BY seq");
    q.bind(1, action);
    while (q.executeStep())
      lines.push_back({q.getColumn(0).getString(), q.getColumn(1).getString(), q.getColumn(2).getString(),
                       q.getColumn(3).getString()});
    return lines;
  }

  static std::vector<std::string> idsOf(const std::vector<RegistryEntry>& entries) {
    std::vector<std::string> ids;
    for (const RegistryEntry& entry : entries) ids.push_back(entry.recordingId);
    return ids;
  }

  std::int64_t m_registered = 0;
};

TEST_F(RegistryUseCase, OnlyThePrivacyOfficerMayAndEveryRefusalIsAudited) {
  addRecording("rec-1", kNow + 10 * kDay);
  const Session coach = login("coach.deboer");
  for (const Session* who : std::initializer_list<const Session*>{&*m_owner, &coach, &*m_admin}) {
    const auto list = PrivacyService(*m_vault).registry(*who);
    ASSERT_FALSE(list);
    EXPECT_EQ(list.error().code, ErrorCode::PermissionDenied);
    EXPECT_EQ(PrivacyService(*m_vault).retentionSchedule(*who).error().code, ErrorCode::PermissionDenied);
    EXPECT_EQ(PrivacyService(*m_vault).certificates(*who).error().code, ErrorCode::PermissionDenied);
    EXPECT_EQ(PrivacyService(*m_vault).privacyReport(*who).error().code, ErrorCode::PermissionDenied);
  }
  const std::string readRegistry(actionName(Action::ReadRegistry));
  const std::string printCertificates(actionName(Action::PrintCertificates));
  ASSERT_EQ(audit(readRegistry).size(), 6u);  // list and schedule, three roles
  ASSERT_EQ(audit(printCertificates).size(), 6u);
  for (const AuditLine& line : audit(readRegistry)) EXPECT_EQ(line.result, "denied");
  EXPECT_EQ(audit(readRegistry)[0].actorRole, "klantmanager");
  EXPECT_EQ(audit(readRegistry)[2].actorRole, "coach");
  EXPECT_EQ(audit(readRegistry)[4].actorRole, "administrator");
  // Nothing was read for them.
  EXPECT_TRUE(audit("registry.list").empty());
  EXPECT_TRUE(audit("registry.schedule").empty());
  EXPECT_TRUE(audit("certificates.list").empty());
  EXPECT_TRUE(audit("report.print").empty());
}

TEST_F(RegistryUseCase, TheRegistryListsEveryRecordingWithItsOwnerAndErasure) {
  addRecording("rec-given", kNow + 10 * kDay, "given", "self_review,coach_review");
  addRecording("rec-withdrawn", kNow + 20 * kDay, "withdrawn");
  addRecording("rec-erased", kNow - kDay, "erased");
  addErasure("rec-withdrawn", "withdrawn", kNow - 60);
  addErasure("rec-erased", "retention_ended", kNow - kDay, kNow - kDay + 5);

  const auto all = PrivacyService(*m_vault).registry(*m_officer);
  ASSERT_TRUE(all) << all.error().message;
  // Newest registration first; erased recordings stay as their tombstone.
  EXPECT_EQ(idsOf(*all), (std::vector<std::string>{"rec-erased", "rec-withdrawn", "rec-given"}));
  const RegistryEntry& given = (*all)[2];
  EXPECT_EQ(given.ownerName, "km.jansen");
  EXPECT_EQ(given.state, consent::State::Given);
  EXPECT_EQ(given.scopes, (std::vector<consent::Scope>{consent::Scope::SelfReview, consent::Scope::CoachReview}));
  EXPECT_EQ(given.recordedAt, fromUnixSeconds(kNow - 30 * kDay));
  EXPECT_EQ(given.registeredAt, fromUnixSeconds(kNow - 30 * kDay));
  EXPECT_EQ(given.retentionEnd, fromUnixSeconds(kNow + 10 * kDay));
  EXPECT_FALSE(given.erasure);
  EXPECT_FALSE(given.erasureReason);
  EXPECT_EQ((*all)[1].erasure, consent::ErasureState::Pending);
  EXPECT_EQ((*all)[1].erasureReason, consent::ErasureReason::Withdrawn);
  EXPECT_EQ((*all)[0].erasure, consent::ErasureState::Done);
  EXPECT_EQ((*all)[0].erasureReason, consent::ErasureReason::RetentionEnded);

  const auto withdrawn = PrivacyService(*m_vault).registry(*m_officer, consent::State::Withdrawn);
  ASSERT_TRUE(withdrawn);
  EXPECT_EQ(idsOf(*withdrawn), std::vector<std::string>{"rec-withdrawn"});
  EXPECT_TRUE(PrivacyService(*m_vault).registry(*m_officer, consent::State::Expired)->empty());

  const auto lines = audit("registry.list");
  ASSERT_EQ(lines.size(), 3u);
  EXPECT_EQ(lines[0].actorRole, "privacy_officer");
  EXPECT_EQ(lines[0].result, "ok");
  EXPECT_EQ(lines[0].reason, "");
  EXPECT_EQ(lines[1].reason, "state=withdrawn");
  EXPECT_EQ(lines[2].reason, "state=expired");
}

TEST_F(RegistryUseCase, TheScheduleFallsOnTheExactSecond) {
  addRecording("ended-a-second-ago", kNow - 1);
  addRecording("ends-now", kNow);                        // retention ended at this instant: overdue
  addRecording("ends-in-a-second", kNow + 1);            // due soon
  addRecording("ends-at-the-horizon", kNow + 7 * kDay);  // due soon, the last second in
  addRecording("ends-after-the-horizon", kNow + 7 * kDay + 1);
  addRecording("erased-in-time", kNow - 100, "erased");
  addErasure("erased-in-time", "retention_ended", kNow - 100, kNow - 99);
  addRecording("stuck-erasure", kNow - 50, "expired");  // erasure began but never finished: overdue
  addErasure("stuck-erasure", "retention_ended", kNow - 50);
  addRecording("withdrawn-early", kNow + 3 * kDay, "withdrawn");  // erased by withdrawal, not by retention
  addErasure("withdrawn-early", "withdrawn", kNow - 10);

  const auto schedule = PrivacyService(*m_vault).retentionSchedule(*m_officer, 7);
  ASSERT_TRUE(schedule) << schedule.error().message;
  EXPECT_EQ(schedule->now, fromUnixSeconds(kNow));
  EXPECT_EQ(schedule->horizon, fromUnixSeconds(kNow + 7 * kDay));
  EXPECT_EQ(idsOf(schedule->dueSoon), (std::vector<std::string>{"ends-in-a-second", "ends-at-the-horizon"}));
  EXPECT_EQ(idsOf(schedule->overdue),
            (std::vector<std::string>{"stuck-erasure", "ended-a-second-ago", "ends-now"}));  // earliest end first
  EXPECT_EQ(schedule->overdue[0].erasure, consent::ErasureState::Pending);

  // A second later the recording that was due in a second is overdue too.
  m_clock.advance(1s);
  const auto later = PrivacyService(*m_vault).retentionSchedule(*m_officer, 0);
  ASSERT_TRUE(later);
  EXPECT_TRUE(later->dueSoon.empty());
  EXPECT_EQ(later->overdue.size(), 4u);

  const auto lines = audit("registry.schedule");
  ASSERT_EQ(lines.size(), 2u);
  EXPECT_EQ(lines[0].reason, "days=7 overdue=3");
  EXPECT_EQ(lines[1].reason, "days=0 overdue=4");
}

TEST_F(RegistryUseCase, TheScheduleLooksAheadAtMostAYear) {
  EXPECT_EQ(PrivacyService(*m_vault).retentionSchedule(*m_officer, -1).error().code, ErrorCode::InvalidArgument);
  EXPECT_EQ(PrivacyService(*m_vault).retentionSchedule(*m_officer, 367).error().code, ErrorCode::InvalidArgument);
  EXPECT_TRUE(PrivacyService(*m_vault).retentionSchedule(*m_officer, 366));
}

TEST_F(RegistryUseCase, TheReportHoldsTheJournalsFigures) {
  addRecording("a", kNow + 10 * kDay);
  addRecording("b", kNow + 10 * kDay);
  addRecording("overdue", kNow - kDay);
  // Withdrawals that took 10, 30 and 20 seconds; an owner's deletion of 500
  // seconds does not count towards the withdrawal median.
  for (const auto& [id, seconds] : {std::pair{"w1", 10}, {"w2", 30}, {"w3", 20}}) {
    addRecording(id, kNow + 10 * kDay, "erased");
    addErasure(id, "withdrawn", kNow - 1000, kNow - 1000 + seconds);
  }
  addRecording("deleted", kNow + 10 * kDay, "erased");
  addErasure("deleted", "owner_deleted", kNow - 1000, kNow - 500);
  addRecording("pending", kNow + 10 * kDay, "withdrawn");
  addErasure("pending", "withdrawn", kNow - 5);

  const auto headBefore = test::audit(*m_vault).head();
  ASSERT_TRUE(headBefore);
  const auto report = PrivacyService(*m_vault).privacyReport(*m_officer);
  ASSERT_TRUE(report) << report.error().message;
  const consent::PrivacyFigures& f = report->figures;
  EXPECT_EQ(f.generatedAt, fromUnixSeconds(kNow));
  EXPECT_EQ(f.recordingsByState,
            (std::map<consent::State, std::int64_t>{
                {consent::State::Given, 3}, {consent::State::Withdrawn, 1}, {consent::State::Erased, 4}}));
  EXPECT_EQ(f.erasuresByReason,
            (std::map<consent::ErasureReason, std::int64_t>{{consent::ErasureReason::Withdrawn, 3},
                                                            {consent::ErasureReason::OwnerDeleted, 1}}));
  EXPECT_EQ(f.erasuresUnfinished, 1);
  EXPECT_EQ(f.overdue, 1);
  EXPECT_EQ(f.medianWithdrawalToErasureSeconds, 20);
  // The chain as it was before the report's own entry, verified.
  EXPECT_EQ(f.auditEntries, headBefore->seq);
  EXPECT_EQ(f.auditHead, headBefore->toString());
  EXPECT_TRUE(f.isAuditIntact);
  EXPECT_FALSE(f.auditFirstBadSeq);
  ASSERT_FALSE(report->sections.empty());

  const auto lines = audit("report.print");
  ASSERT_EQ(lines.size(), 1u);
  EXPECT_EQ(lines[0].result, "ok");
  EXPECT_EQ(lines[0].reason, "overdue=1");
  // The privacy officer signed the head the report prints (a checkpoint and
  // its entry), then the report's own entry.
  EXPECT_EQ(test::audit(*m_vault).head()->seq, headBefore->seq + 2);
  ASSERT_EQ(audit("audit.checkpoint").size(), 1u);
  EXPECT_EQ(audit("audit.checkpoint")[0].reason, "seq=" + std::to_string(headBefore->seq));

  // An even number of withdrawals: the mean of the middle two, rounded down.
  addRecording("w4", kNow + 10 * kDay, "erased");
  addErasure("w4", "withdrawn", kNow - 1000, kNow - 1000 + 41);
  EXPECT_EQ(PrivacyService(*m_vault).privacyReport(*m_officer)->figures.medianWithdrawalToErasureSeconds, 25);
}

TEST_F(RegistryUseCase, AnEmptyVaultReportsZerosAndNoMedian) {
  const auto report = PrivacyService(*m_vault).privacyReport(*m_officer);
  ASSERT_TRUE(report) << report.error().message;
  EXPECT_TRUE(report->figures.recordingsByState.empty());
  EXPECT_TRUE(report->figures.erasuresByReason.empty());
  EXPECT_EQ(report->figures.overdue, 0);
  EXPECT_FALSE(report->figures.medianWithdrawalToErasureSeconds);
  EXPECT_TRUE(report->figures.isAuditIntact);
}

TEST_F(RegistryUseCase, TheReportSaysWhenTheAuditLogWasAltered) {
  test::database(*m_vault).sql().exec("DROP TRIGGER audit_log_no_update");
  test::database(*m_vault).sql().exec("UPDATE audit_log SET actor_role = 'coach' WHERE seq = 2");
  const auto report = PrivacyService(*m_vault).privacyReport(*m_officer);
  ASSERT_TRUE(report) << report.error().message;
  EXPECT_FALSE(report->figures.isAuditIntact);
  EXPECT_EQ(report->figures.auditFirstBadSeq, 2);
  const auto lines = audit("report.print");
  ASSERT_EQ(lines.size(), 1u);
  EXPECT_EQ(lines[0].result, "error");
  EXPECT_EQ(lines[0].reason, "overdue=0 first_bad_seq=2");
}

}  // namespace
}  // namespace vakspiegel
