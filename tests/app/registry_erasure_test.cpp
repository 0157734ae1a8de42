// The privacy officer's tools over real erasures (app/registry.cpp with
// consent/erasure.h): a withdrawal, an owner's deletion and a retention
// sweep each leave a certificate the privacy officer can list and print,
// the registry shows the tombstones, the schedule shows a recording past its
// end until the sweep ran, and the report counts it all.
#include "app/vault_fixture.h"

#include "app/erasure_service.h"
#include "app/privacy_service.h"
#include "consent/privacy_report.h"

namespace vakspiegel {
namespace {

using consent::ErasureReason;
using consent::ErasureState;
using test::VaultFixture;

class RegistryErasure : public VaultFixture {};

TEST_F(RegistryErasure, EveryErasureLeavesACertificateAndTheReportCountsThem) {
  const ImportOutcome withdrawn = importTiny();
  const ImportOutcome deleted = importTiny();
  const ImportOutcome expiring = importTiny(1);

  m_clock.advance(std::chrono::minutes(1));
  ASSERT_TRUE(ErasureService(*m_vault).withdrawByCode(*m_officer, withdrawn.consent.withdrawalCode));
  m_clock.advance(std::chrono::minutes(1));
  ASSERT_TRUE(ErasureService(*m_vault).deleteRecording(*m_owner, deleted.recordingId));

  // A week later the third one's retention has ended; no sweep has run yet.
  m_clock.advance(std::chrono::weeks(1));
  const auto before = PrivacyService(*m_vault).retentionSchedule(*m_officer);
  ASSERT_TRUE(before) << before.error().message;
  ASSERT_EQ(before->overdue.size(), 1u);
  EXPECT_EQ(before->overdue[0].recordingId, expiring.recordingId);
  EXPECT_EQ(PrivacyService(*m_vault).privacyReport(*m_officer)->figures.overdue, 1);

  const auto swept = ErasureService(*m_vault).sweep();
  ASSERT_TRUE(swept) << swept.error().message;
  EXPECT_EQ(swept->expired, 1);
  const auto after = PrivacyService(*m_vault).retentionSchedule(*m_officer);
  ASSERT_TRUE(after);
  EXPECT_TRUE(after->overdue.empty());

  const auto certificates = PrivacyService(*m_vault).certificates(*m_officer);
  ASSERT_TRUE(certificates) << certificates.error().message;
  ASSERT_EQ(certificates->size(), 3u);
  // Newest request first.
  EXPECT_EQ((*certificates)[0].recordingId, expiring.recordingId);
  EXPECT_EQ((*certificates)[0].reason, ErasureReason::RetentionEnded);
  EXPECT_EQ((*certificates)[1].recordingId, deleted.recordingId);
  EXPECT_EQ((*certificates)[1].reason, ErasureReason::OwnerDeleted);
  EXPECT_EQ((*certificates)[2].recordingId, withdrawn.recordingId);
  EXPECT_EQ((*certificates)[2].reason, ErasureReason::Withdrawn);
  for (const consent::DeletionCertificate& c : *certificates) {
    EXPECT_EQ(c.state, ErasureState::Done);
    EXPECT_TRUE(c.completedAt);
    EXPECT_GT(c.ciphertextBytes, 0);
    EXPECT_EQ(c.ciphertextHash.size(), 64u);
  }
  const std::string csv = consent::renderCertificatesCsv(*certificates);
  EXPECT_EQ(std::count(csv.begin(), csv.end(), '\n'), 4);
  EXPECT_NE(csv.find(withdrawn.recordingId + ",withdrawn,done,"), std::string::npos) << csv;
  EXPECT_EQ(csv.find(withdrawn.consent.withdrawalCode), std::string::npos);  // a certificate holds no code

  const auto registry = PrivacyService(*m_vault).registry(*m_officer);
  ASSERT_TRUE(registry);
  ASSERT_EQ(registry->size(), 3u);
  for (const RegistryEntry& entry : *registry) {
    EXPECT_EQ(entry.state, consent::State::Erased);
    EXPECT_EQ(entry.erasure, ErasureState::Done);
    EXPECT_EQ(entry.ownerName, "km.jansen");
  }

  const auto report = PrivacyService(*m_vault).privacyReport(*m_officer);
  ASSERT_TRUE(report) << report.error().message;
  const consent::PrivacyFigures& f = report->figures;
  EXPECT_EQ(f.recordingsByState, (std::map<consent::State, std::int64_t>{{consent::State::Erased, 3}}));
  EXPECT_EQ(f.erasuresByReason, (std::map<ErasureReason, std::int64_t>{{ErasureReason::Withdrawn, 1},
                                                                         {ErasureReason::RetentionEnded, 1},
                                                                         {ErasureReason::OwnerDeleted, 1}}));
  EXPECT_EQ(f.erasuresUnfinished, 0);
  EXPECT_EQ(f.overdue, 0);
  EXPECT_EQ(f.medianWithdrawalToErasureSeconds, 0);  // erased in the same second it was registered
  EXPECT_TRUE(f.isAuditIntact);
  EXPECT_NE(consent::renderText(*report).find("Mediaan:"), std::string::npos);

  EXPECT_EQ(count("audit_log", "action = 'certificates.list' AND reason = 'count=3'"), 1);
  EXPECT_EQ(count("audit_log", "action = 'report.print'"), 2);
}

TEST_F(RegistryErasure, TheOwnerMayNotPrintCertificatesOfTheirOwnRecordings) {
  const ImportOutcome imported = importTiny();
  ASSERT_TRUE(ErasureService(*m_vault).deleteRecording(*m_owner, imported.recordingId));
  EXPECT_EQ(PrivacyService(*m_vault).certificates(*m_owner).error().code, ErrorCode::PermissionDenied);
  EXPECT_EQ(count("audit_log", "action = 'print_certificates' AND result = 'denied'"), 1);
}

}  // namespace
}  // namespace vakspiegel
