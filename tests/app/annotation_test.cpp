// The annotations of the review screen (annotation_service.h, issue 18):
// points and ranges with a category and a prompt link round-trip; drafts are
// checked before anything is stored; the layer follows the author (own and
// citizen for the owner, the citizen's only with citizen_review consent,
// coach for a shared coach); only the author edits or deletes; the privacy
// officer and the administrator are refused everything; every call is
// audited without content; annotations written before migration 6 (sealed
// format 1) still read; text, category and prompt link are sealed, in no
// column and in no byte of the vault as plaintext. The coding schemes and
// prompts (coding_scheme_service.h) are readable by anyone logged in.
#include <algorithm>
#include <memory>
#include <string>
#include <vector>

#include <SQLiteCpp/Database.h>
#include <gtest/gtest.h>

#include "app/account_service.h"
#include "app/annotation_service.h"
#include "app/coding_scheme_service.h"
#include "app/import_service.h"
#include "app/sharing_service.h"
#include "app/vault.h"
#include "app/copied_vault_test.h"
#include "app/vault_fixture.h"
#include "media/media_fixtures.h"
#include "store/annotation_store.h"
#include "store/recording_store.h"
#include "support/temp_dir.h"
#include "support/vault_internals.h"

namespace vakspiegel {
namespace {

namespace fs = std::filesystem;
using test::TempDir;

AnnotationDraft draft(std::int64_t positionUs, std::string text, std::optional<std::int64_t> endUs = std::nullopt,
                      std::string categoryId = {}, std::string promptId = {},
                      std::optional<AnnotationLayer> layer = std::nullopt) {
  AnnotationDraft d;
  d.positionUs = positionUs;
  d.endUs = endUs;
  d.text = std::move(text);
  d.categoryId = std::move(categoryId);
  d.promptId = std::move(promptId);
  d.layer = layer;
  return d;
}

// One vault for the suite: km.jansen's recording with coach_review and
// citizen_review consent, shared with coach.deboer, and one with
// coach_review only (also shared). Each test works on its own copy.
class AnnotationTest : public test::CopiedVaultTest<AnnotationTest> {
 public:
  static void fillTemplate(Vault& vault, const Session& admin) {
    for (const auto& [name, role] :
         {std::pair{"km.jansen", Role::Klantmanager}, std::pair{"km.bakker", Role::Klantmanager},
          std::pair{"coach.deboer", Role::Coach}, std::pair{"fg", Role::PrivacyOfficer}})
      test::addActiveUser(vault, admin, name, role, passwordOf(name));
    auto owner = vault.login("km.jansen", passwordOf("km.jansen"));
    ASSERT_TRUE(owner);
    const auto importShared = [&](const std::vector<std::string>& scopes) {
      const ImportOutcome outcome = importClip(scopes);
      EXPECT_TRUE(SharingService(vault).shareRecording(*owner, outcome.recordingId, "coach.deboer"));
      return outcome;
    };
    const ImportOutcome withCitizen = importShared({"coach_review", "citizen_review"});
    s_recording = withCitizen.recordingId;
    s_durationUs = withCitizen.report.durationUs;
    ASSERT_GE(s_durationUs, 1'900'000);
    s_noCitizen = importShared({"coach_review"}).recordingId;
  }

 protected:
  AnnotationService service() { return AnnotationService(*m_vault); }
  Annotation add(const Session& who, const AnnotationDraft& d, const std::string& recording = s_recording) {
    auto added = service().addAnnotation(who, recording, d);
    EXPECT_TRUE(added) << added.error().message;
    return added ? std::move(*added) : Annotation{};
  }
  std::vector<Annotation> list(const Session& who, std::optional<AnnotationLayer> layer = std::nullopt) {
    auto listed = service().listAnnotations(who, s_recording, layer);
    EXPECT_TRUE(listed) << listed.error().message;
    return listed ? std::move(*listed) : std::vector<Annotation>{};
  }
  std::int64_t auditCount(const std::string& actorId, const std::string& action, const std::string& result,
                          const std::string& reason, const std::string& recording = s_recording) {
    return CopiedVaultTest::auditCount(actorId, action, result, reason, recording);
  }
  std::int64_t annotationRows() {
    return test::database(*m_vault).sql().execAndGet("SELECT count(*) FROM annotations").getInt64();
  }
  static std::size_t occurrences(const std::string& haystack, const std::string& needle) {
    std::size_t n = 0;
    for (std::size_t at = haystack.find(needle); at != std::string::npos; at = haystack.find(needle, at + 1)) ++n;
    return n;
  }
  DataKey ownerKey() {
    const auto sealed = RecordingStore(test::database(*m_vault)).sealedKey(s_recording, m_owner->userId());
    EXPECT_TRUE(sealed && *sealed);
    auto key = openSealedDataKey(**sealed, m_owner->keys());
    EXPECT_TRUE(key);
    return std::move(*key);
  }

  static inline std::string s_recording, s_noCitizen;
  static inline std::int64_t s_durationUs = 0;
};

TEST_F(AnnotationTest, RangesCategoriesAndPromptLinksRoundTrip) {
  const Annotation range = add(*m_owner, draft(500'000, "Hier haakt de burger af.", 1'500'000, "rm-afhaken"));
  EXPECT_EQ(range.layer, AnnotationLayer::Own);
  EXPECT_EQ(range.endUs, 1'500'000);
  EXPECT_EQ(range.categoryName, "Afhaken");
  EXPECT_EQ(range.authorId, m_owner->userId());
  const Annotation answer =
      add(*m_owner, draft(1'000'000, "Ik wilde de brief uitleggen.", std::nullopt, "", "prompt-bereiken"));
  const Annotation byCoach = add(*m_coach, draft(0, "Sterk: je begroet rustig.", s_durationUs, "kw-echt-contact"));
  EXPECT_EQ(byCoach.layer, AnnotationLayer::Coach);

  for (const Session* reader : {&*m_owner, &*m_coach}) {
    const std::vector<Annotation> all = list(*reader);
    ASSERT_EQ(all.size(), 3u);
    EXPECT_EQ(all[0].id, byCoach.id);  // by position
    EXPECT_EQ(all[0].layer, AnnotationLayer::Coach);
    EXPECT_EQ(all[0].authorName, "coach.deboer");
    EXPECT_EQ(all[0].endUs, s_durationUs);
    EXPECT_EQ(all[0].categoryId, "kw-echt-contact");
    EXPECT_EQ(all[0].categoryName, "Echt contact");
    EXPECT_EQ(all[1].id, range.id);
    EXPECT_EQ(all[1].positionUs, 500'000);
    EXPECT_EQ(all[1].endUs, 1'500'000);
    EXPECT_EQ(all[1].categoryId, "rm-afhaken");
    EXPECT_EQ(all[1].categoryName, "Afhaken");
    EXPECT_EQ(all[1].text, "Hier haakt de burger af.");
    EXPECT_TRUE(all[1].promptId.empty());
    EXPECT_EQ(all[2].id, answer.id);
    EXPECT_FALSE(all[2].endUs);
    EXPECT_EQ(all[2].promptId, "prompt-bereiken");
    EXPECT_TRUE(all[2].categoryId.empty());
    EXPECT_TRUE(all[2].categoryName.empty());
    EXPECT_EQ(all[2].createdAt, m_clock.now());
    EXPECT_EQ(all[2].updatedAt, all[2].createdAt) << "never edited";
  }
  // The four-argument overload: a point in the author's own layer.
  auto point = service().addAnnotation(*m_coach, s_recording, 250'000, "Kort moment.");
  ASSERT_TRUE(point) << point.error().message;
  EXPECT_EQ(point->layer, AnnotationLayer::Coach);
  EXPECT_FALSE(point->endUs);
}

TEST_F(AnnotationTest, DraftsAreCheckedBeforeTheyAreStored) {
  const auto expectRefused = [&](const AnnotationDraft& d, const std::string& reason, const std::string& inMessage) {
    SCOPED_TRACE(reason + ": " + inMessage);
    const std::int64_t audited = auditCount(m_owner->userId(), "annotation.add", "error", reason);
    auto added = service().addAnnotation(*m_owner, s_recording, d);
    ASSERT_FALSE(added);
    EXPECT_EQ(added.error().code, ErrorCode::InvalidArgument);
    EXPECT_NE(added.error().message.find(inMessage), std::string::npos) << added.error().message;
    EXPECT_EQ(auditCount(m_owner->userId(), "annotation.add", "error", reason), audited + 1);
  };
  expectRefused(draft(1'000'000, "Terug in de tijd.", 500'000), "invalid_argument", "eindigen na het begin");
  expectRefused(draft(1'000'000, "Niets lang.", 1'000'000), "invalid_argument", "eindigen na het begin");
  expectRefused(draft(0, "Voorbij het einde.", s_durationUs + 1), "invalid_argument", "einde van de opname");
  expectRefused(draft(-1, "Voor het begin.", 500'000), "invalid_argument", "0:00");
  expectRefused(draft(0, "Geen categorie.", std::nullopt, "kw-bestaat-niet"), "unknown_category", "kw-bestaat-niet");
  expectRefused(draft(0, "Geen vraag.", std::nullopt, "", "prompt-bestaat-niet"), "unknown_prompt",
                "prompt-bestaat-niet");
  expectRefused(draft(0, "  "), "invalid_argument", "leeg");
  EXPECT_EQ(annotationRows(), 0);

  // A marked moment needs no words: a category alone is enough.
  const Annotation marked = add(*m_owner, draft(0, "", 1'000'000, "rm-frustratie"));
  EXPECT_EQ(marked.text, "");
  EXPECT_EQ(annotationRows(), 1);
}

TEST_F(AnnotationTest, TheOwnerWritesOwnAndCitizenTheCoachOnlyCoach) {
  const Annotation own = add(*m_owner, draft(0, "Eigen blik."));
  EXPECT_EQ(own.layer, AnnotationLayer::Own);
  const Annotation citizen =
      add(*m_owner, draft(0, "De burger: ik voelde me gehoord.", std::nullopt, "", "", AnnotationLayer::Citizen));
  EXPECT_EQ(citizen.layer, AnnotationLayer::Citizen);
  const Annotation coach = add(*m_coach, draft(0, "Coach: mooi.", std::nullopt, "", "", AnnotationLayer::Coach));
  EXPECT_EQ(coach.layer, AnnotationLayer::Coach);

  const auto expectRefused = [&](const Session& who, AnnotationLayer layer) {
    SCOPED_TRACE(std::string(layerName(layer)) + " by " + who.name());
    auto added = service().addAnnotation(who, s_recording, draft(0, "Niet mijn laag.", std::nullopt, "", "", layer));
    ASSERT_FALSE(added);
    EXPECT_EQ(added.error().code, ErrorCode::InvalidArgument);
    EXPECT_NE(added.error().message.find("laag"), std::string::npos) << added.error().message;
  };
  expectRefused(*m_owner, AnnotationLayer::Coach);
  expectRefused(*m_coach, AnnotationLayer::Own);
  expectRefused(*m_coach, AnnotationLayer::Citizen);
  EXPECT_EQ(auditCount(m_owner->userId(), "annotation.add", "error", "layer_not_authors"), 1);
  EXPECT_EQ(auditCount(m_coach->userId(), "annotation.add", "error", "layer_not_authors"), 2);
  EXPECT_EQ(annotationRows(), 3);
}

TEST_F(AnnotationTest, TheCitizensLayerNeedsTheCitizenReviewConsent) {
  auto refused = service().addAnnotation(
      *m_owner, s_noCitizen, draft(0, "De burger zegt iets.", std::nullopt, "", "", AnnotationLayer::Citizen));
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().code, ErrorCode::InvalidArgument);
  EXPECT_NE(refused.error().message.find("samen terugkijken"), std::string::npos) << refused.error().message;
  EXPECT_EQ(auditCount(m_owner->userId(), "annotation.add", "error", "no_citizen_review_consent", s_noCitizen), 1);
  EXPECT_EQ(annotationRows(), 0);
  // Without a layer the owner writes in their own layer there, as always.
  EXPECT_EQ(add(*m_owner, draft(0, "Eigen blik."), s_noCitizen).layer, AnnotationLayer::Own);
  // With the scope it is allowed.
  EXPECT_EQ(add(*m_owner, draft(0, "De burger zegt iets.", std::nullopt, "", "", AnnotationLayer::Citizen)).layer,
            AnnotationLayer::Citizen);
}

TEST_F(AnnotationTest, TheAuthorEditsAndDeletes) {
  const Annotation answer =
      add(*m_owner, draft(500'000, "Eerste gedachte.", std::nullopt, "", "prompt-dacht", AnnotationLayer::Citizen));
  const WallTime created = m_clock.now();
  m_clock.advance(std::chrono::minutes(5));
  // Layer and prompt link stay whatever the draft says.
  auto edited = service().editAnnotation(
      *m_owner, s_recording, answer.id,
      draft(250'000, "Tweede gedachte.", 1'250'000, "eigen-leerpunt", "prompt-anders", AnnotationLayer::Own));
  ASSERT_TRUE(edited) << edited.error().message;
  EXPECT_EQ(edited->id, answer.id);
  EXPECT_EQ(edited->text, "Tweede gedachte.");
  EXPECT_EQ(edited->layer, AnnotationLayer::Citizen);
  EXPECT_EQ(edited->promptId, "prompt-dacht");
  EXPECT_EQ(edited->categoryName, "Leerpunt");
  EXPECT_EQ(auditCount(m_owner->userId(), "annotation.edit", "ok", answer.id), 1);

  std::vector<Annotation> all = list(*m_owner);
  ASSERT_EQ(all.size(), 1u);
  EXPECT_EQ(all[0].positionUs, 250'000);
  EXPECT_EQ(all[0].endUs, 1'250'000);
  EXPECT_EQ(all[0].categoryId, "eigen-leerpunt");
  EXPECT_EQ(all[0].promptId, "prompt-dacht");
  EXPECT_EQ(all[0].layer, AnnotationLayer::Citizen);
  EXPECT_EQ(all[0].text, "Tweede gedachte.");
  EXPECT_EQ(all[0].createdAt, created);
  EXPECT_EQ(all[0].updatedAt, m_clock.now());

  // An edit is checked as an add is.
  auto backwards = service().editAnnotation(*m_owner, s_recording, answer.id, draft(1'000'000, "x", 10));
  ASSERT_FALSE(backwards);
  EXPECT_EQ(backwards.error().code, ErrorCode::InvalidArgument);
  auto unknown = service().editAnnotation(*m_owner, s_recording, answer.id, draft(0, "x", std::nullopt, "geen"));
  ASSERT_FALSE(unknown);
  EXPECT_EQ(auditCount(m_owner->userId(), "annotation.edit", "error", "unknown_category"), 1);
  // A range becomes a point again.
  auto point = service().editAnnotation(*m_owner, s_recording, answer.id, draft(250'000, "Tweede gedachte."));
  ASSERT_TRUE(point) << point.error().message;
  EXPECT_FALSE(list(*m_owner).at(0).endUs);

  ASSERT_TRUE(service().deleteAnnotation(*m_owner, s_recording, answer.id));
  EXPECT_TRUE(list(*m_owner).empty());
  EXPECT_EQ(annotationRows(), 0);
  EXPECT_EQ(auditCount(m_owner->userId(), "annotation.delete", "ok", answer.id), 1);
  const auto again = service().deleteAnnotation(*m_owner, s_recording, answer.id);
  ASSERT_FALSE(again);
  EXPECT_EQ(again.error().code, ErrorCode::NotFound);
  EXPECT_EQ(auditCount(m_owner->userId(), "annotation.delete", "error", "no_such_annotation"), 1);
  const auto gone = service().editAnnotation(*m_owner, s_recording, answer.id, draft(0, "x"));
  ASSERT_FALSE(gone);
  EXPECT_EQ(gone.error().code, ErrorCode::NotFound);

  // Undoing the delete brings it back under its own id; an id in use or not
  // a UUID is refused.
  AnnotationDraft restore = draft(250'000, "Tweede gedachte.", std::nullopt, "", "prompt-dacht", AnnotationLayer::Citizen);
  restore.id = answer.id;
  const Annotation restored = add(*m_owner, restore);
  EXPECT_EQ(restored.id, answer.id);
  EXPECT_EQ(list(*m_owner).at(0).id, answer.id);
  auto taken = service().addAnnotation(*m_owner, s_recording, restore);
  ASSERT_FALSE(taken);
  EXPECT_EQ(taken.error().code, ErrorCode::AlreadyExists);
  restore.id = "geen-uuid";
  auto badId = service().addAnnotation(*m_owner, s_recording, restore);
  ASSERT_FALSE(badId);
  EXPECT_EQ(badId.error().code, ErrorCode::InvalidArgument);
  EXPECT_EQ(auditCount(m_owner->userId(), "annotation.add", "error", "invalid_id"), 1);
  ASSERT_TRUE(service().deleteAnnotation(*m_owner, s_recording, answer.id));

  // The coach edits and deletes their own.
  const Annotation byCoach = add(*m_coach, draft(0, "Coach: eerste versie."));
  auto coachEdit = service().editAnnotation(*m_coach, s_recording, byCoach.id, draft(0, "Coach: tweede versie."));
  ASSERT_TRUE(coachEdit) << coachEdit.error().message;
  EXPECT_EQ(coachEdit->layer, AnnotationLayer::Coach);
  EXPECT_TRUE(service().deleteAnnotation(*m_coach, s_recording, byCoach.id));
  EXPECT_EQ(annotationRows(), 0);
}

TEST_F(AnnotationTest, OnlyTheAuthorEditsOrDeletesAndEveryAttemptIsAudited) {
  const Annotation byOwner = add(*m_owner, draft(0, "Van de klantmanager."));
  const Annotation byCoach = add(*m_coach, draft(0, "Van de coach."));
  for (const auto& [who, target] : {std::pair{&*m_coach, byOwner}, std::pair{&*m_owner, byCoach}}) {
    SCOPED_TRACE(who->name());
    auto edited = service().editAnnotation(*who, s_recording, target.id, draft(0, "Overschreven."));
    ASSERT_FALSE(edited);
    EXPECT_EQ(edited.error().code, ErrorCode::PermissionDenied);
    EXPECT_NE(edited.error().message.find("auditlog"), std::string::npos) << edited.error().message;
    const auto deleted = service().deleteAnnotation(*who, s_recording, target.id);
    ASSERT_FALSE(deleted);
    EXPECT_EQ(deleted.error().code, ErrorCode::PermissionDenied);
    EXPECT_EQ(auditCount(who->userId(), "annotation.edit", "error", "not_author"), 1);
    EXPECT_EQ(auditCount(who->userId(), "annotation.delete", "error", "not_author"), 1);
  }
  const std::vector<Annotation> all = list(*m_owner);
  ASSERT_EQ(all.size(), 2u);
  for (const Annotation& a : all) EXPECT_NE(a.text, "Overschreven.");
}

TEST_F(AnnotationTest, ThePrivacyOfficerAndTheAdministratorAreRefusedEverything) {
  const Annotation byOwner = add(*m_owner, draft(0, "Van de klantmanager."));
  for (const char* name : {"fg", "beheer", "km.bakker"}) {
    const Session who = login(name);
    SCOPED_TRACE(name);
    auto added = service().addAnnotation(who, s_recording, draft(0, "Poging."));
    ASSERT_FALSE(added);
    EXPECT_EQ(added.error().code, ErrorCode::PermissionDenied);
    auto edited = service().editAnnotation(who, s_recording, byOwner.id, draft(0, "Poging."));
    ASSERT_FALSE(edited);
    EXPECT_EQ(edited.error().code, ErrorCode::PermissionDenied);
    const auto deleted = service().deleteAnnotation(who, s_recording, byOwner.id);
    ASSERT_FALSE(deleted);
    EXPECT_EQ(deleted.error().code, ErrorCode::PermissionDenied);
    auto read = service().listAnnotations(who, s_recording);
    ASSERT_FALSE(read);
    EXPECT_EQ(read.error().code, ErrorCode::PermissionDenied);
    EXPECT_EQ(auditCount(who.userId(), "annotate", "denied", "not_owner"), 3);
    EXPECT_EQ(auditCount(who.userId(), "read_annotations", "denied", "not_owner"), 1);
    // They read the vault's schemes and prompts: settings, no content.
    EXPECT_TRUE(CodingSchemeService(*m_vault).listSchemes(who));
  }
  EXPECT_EQ(list(*m_owner).size(), 1u);
}

TEST_F(AnnotationTest, TheListIsFilteredByLayer) {
  const Annotation own = add(*m_owner, draft(0, "Eigen."));
  const Annotation citizen = add(*m_owner, draft(0, "Burger.", std::nullopt, "", "", AnnotationLayer::Citizen));
  const Annotation coach = add(*m_coach, draft(0, "Coach."));
  const auto ids = [&](std::optional<AnnotationLayer> layer) {
    std::vector<std::string> found;
    for (const Annotation& a : list(*m_coach, layer)) found.push_back(a.id);
    return found;
  };
  EXPECT_EQ(ids(AnnotationLayer::Own), std::vector<std::string>{own.id});
  EXPECT_EQ(ids(AnnotationLayer::Citizen), std::vector<std::string>{citizen.id});
  EXPECT_EQ(ids(AnnotationLayer::Coach), std::vector<std::string>{coach.id});
  EXPECT_EQ(ids(std::nullopt).size(), 3u);
}

TEST_F(AnnotationTest, EveryCallIsAuditedWithTheIdAndNeverTheContent) {
  const Annotation a = add(*m_owner, draft(0, "VSMARKER-AUDIT-1 eerste", 1'000'000, "rm-weerstand", "prompt-burger"));
  ASSERT_TRUE(service().editAnnotation(*m_owner, s_recording, a.id, draft(0, "VSMARKER-AUDIT-2 tweede")));
  list(*m_owner);
  ASSERT_TRUE(service().deleteAnnotation(*m_owner, s_recording, a.id));
  EXPECT_EQ(auditCount(m_owner->userId(), "annotation.add", "ok", a.id), 1);
  EXPECT_EQ(auditCount(m_owner->userId(), "annotation.edit", "ok", a.id), 1);
  EXPECT_EQ(auditCount(m_owner->userId(), "annotation.read", "ok", ""), 1);
  EXPECT_EQ(auditCount(m_owner->userId(), "annotation.delete", "ok", a.id), 1);
  auto csv = test::audit(*m_vault).exportCsv();
  ASSERT_TRUE(csv);
  for (const char* content : {"VSMARKER-AUDIT", "eerste", "tweede", "rm-weerstand", "prompt-burger", "Weerstand"})
    EXPECT_EQ(csv->find(content), std::string::npos) << content;
  EXPECT_NE(csv->find("annotation.edit"), std::string::npos);
  EXPECT_NE(csv->find("annotation.delete"), std::string::npos);
}

// A vault migrated from schema 5 holds annotations whose sealed text is the
// plain text (format 1): they read, and an edit writes them as format 2.
TEST_F(AnnotationTest, AnnotationsWrittenBeforeMigration6StillRead) {
  const std::string id = "0f1e2d3c-4b5a-4c6d-8e7f-9a0b1c2d3e4f";
  const DataKey key = ownerKey();
  // As migration 6 found it: no layer, end, edit time or format written.
  SQLite::Statement insert(test::database(*m_vault).sql(),
                           "INSERT INTO annotations (id, recording_id, author_id, position_us, created_at, sealed_text)"
                           " VALUES (?, ?, ?, 750000, ?, ?)");
  insert.bind(1, id);
  insert.bind(2, s_recording);
  insert.bind(3, m_owner->userId());
  insert.bind(4, kNow);
  bindBytes(insert, 5, sealField(key, id, "Oude aantekening van voor de review."));
  ASSERT_EQ(insert.exec(), 1);

  std::vector<Annotation> all = list(*m_owner);
  ASSERT_EQ(all.size(), 1u);
  EXPECT_EQ(all[0].text, "Oude aantekening van voor de review.");
  EXPECT_EQ(all[0].positionUs, 750'000);
  EXPECT_FALSE(all[0].endUs);
  EXPECT_TRUE(all[0].categoryId.empty());
  EXPECT_TRUE(all[0].promptId.empty());
  EXPECT_EQ(all[0].updatedAt, fromUnixSeconds(kNow));

  ASSERT_TRUE(service().editAnnotation(*m_owner, s_recording, id,
                                       draft(750'000, "Oude aantekening, bijgewerkt.", std::nullopt, "rm-flow")));
  EXPECT_EQ(test::database(*m_vault).sql().execAndGet("SELECT sealed_format FROM annotations").getInt(),
            kSealedFormatPayload);
  all = list(*m_owner);
  ASSERT_EQ(all.size(), 1u);
  EXPECT_EQ(all[0].text, "Oude aantekening, bijgewerkt.");
  EXPECT_EQ(all[0].categoryName, "Flow");

  // A payload under format 1, or a format the code does not know, is damage.
  test::database(*m_vault).sql().exec("UPDATE annotations SET sealed_format = 3");
  auto unknownFormat = service().listAnnotations(*m_owner, s_recording);
  ASSERT_FALSE(unknownFormat);
  EXPECT_EQ(unknownFormat.error().code, ErrorCode::CorruptData);
}

TEST_F(AnnotationTest, TextCategoryAndPromptLinkAreInNoColumnAndNoVaultByteAsPlaintext) {
  // The annotations table has no column for a category or a prompt.
  std::vector<std::string> columns;
  SQLite::Statement info(test::database(*m_vault).sql(), "PRAGMA table_info(annotations)");
  while (info.executeStep()) columns.push_back(info.getColumn(1).getString());
  EXPECT_EQ(columns, (std::vector<std::string>{"id", "recording_id", "author_id", "position_us", "created_at",
                                               "sealed_text", "layer", "end_us", "updated_at", "sealed_format"}));

  // The ids are in the vault once each, in the schemes' own tables; an
  // annotation that uses them adds no plaintext copy.
  ASSERT_TRUE(*test::database(*m_vault).checkpointTruncate());
  const std::string before = vaultBytes();
  const std::size_t categoryCopies = occurrences(before, "rm-vastlopen");
  const std::size_t promptCopies = occurrences(before, "prompt-burger");
  ASSERT_GE(categoryCopies, 1u);
  ASSERT_GE(promptCopies, 1u);
  const std::string marker = "VSMARKER-9b2e41 de burger zweeg en keek weg";
  const Annotation a = add(*m_owner, draft(0, marker, 1'000'000, "rm-vastlopen", "prompt-burger"));
  ASSERT_TRUE(service().editAnnotation(*m_owner, s_recording, a.id,
                                       draft(0, "VSMARKER-4c7d09 nieuwe tekst", 1'500'000, "rm-vastlopen")));
  for (int pass = 0; pass < 2; ++pass) {
    SCOPED_TRACE(pass == 0 ? "in the write-ahead log" : "after a checkpoint");
    const std::string bytes = vaultBytes();
    EXPECT_EQ(bytes.find("VSMARKER-9b2e41"), std::string::npos);
    EXPECT_EQ(bytes.find("keek weg"), std::string::npos);
    EXPECT_EQ(bytes.find("VSMARKER-4c7d09"), std::string::npos);
    if (pass == 1) {
      EXPECT_EQ(occurrences(bytes, "rm-vastlopen"), categoryCopies);
      EXPECT_EQ(occurrences(bytes, "prompt-burger"), promptCopies);
    }
    ASSERT_TRUE(*test::database(*m_vault).checkpointTruncate());
  }
  // Sealed to its row: moved to another row, it no longer opens.
  test::database(*m_vault).sql().exec("UPDATE annotations SET id = 'ander-id'");
  auto moved = service().listAnnotations(*m_owner, s_recording);
  ASSERT_FALSE(moved);
  EXPECT_EQ(moved.error().code, ErrorCode::CorruptData);
}

TEST_F(AnnotationTest, TheSchemesAndPromptsAreTheSeededDefaults) {
  auto schemes = CodingSchemeService(*m_vault).listSchemes(*m_coach);
  ASSERT_TRUE(schemes) << schemes.error().message;
  ASSERT_EQ(schemes->size(), 1u);
  const CodingScheme& kijkwijzer = schemes->front();
  EXPECT_EQ(kijkwijzer.id, "kijkwijzer");
  EXPECT_EQ(kijkwijzer.name, "Zoetermeer Kijkwijzer");
  EXPECT_TRUE(kijkwijzer.isDefault);
  std::vector<std::string> ids, groups;
  for (const CodingCategory& c : kijkwijzer.categories) {
    ids.push_back(c.id);
    if (groups.empty() || groups.back() != c.group) groups.push_back(c.group);
  }
  EXPECT_EQ(ids,
            (std::vector<std::string>{"kw-echt-contact", "kw-sociaal-wenselijk", "kw-gezamenlijk-doel",
                                      "kw-beeld-burger", "rm-frustratie", "rm-weerstand", "rm-afhaken", "rm-vastlopen",
                                      "rm-flow", "eigen-op-mijn-best", "eigen-leerpunt", "eigen-vraag-coach"}));
  EXPECT_EQ(groups, (std::vector<std::string>{"Kijkwijzer", "Raakmomenten", "Eigen leerpunten"}));
  EXPECT_EQ(kijkwijzer.categories[3].name, "Aansluiten bij het beeld van de burger");

  auto prompts = CodingSchemeService(*m_vault).listPrompts(*m_owner);
  ASSERT_TRUE(prompts) << prompts.error().message;
  std::vector<std::string> texts;
  for (const RecallPrompt& p : *prompts) texts.push_back(p.id + ": " + p.text);
  EXPECT_EQ(texts, (std::vector<std::string>{
                       "prompt-dacht: Wat dacht je hier?", "prompt-bereiken: Wat wilde je op dit moment bereiken?",
                       "prompt-burger: Wat zag je bij de burger?", "prompt-anders: Wat zou je nu anders doen?"}));
  // Not audited: no content.
  EXPECT_EQ(test::database(*m_vault)
                .sql()
                .execAndGet("SELECT count(*) FROM audit_log WHERE action LIKE '%scheme%' OR action LIKE '%prompt%'")
                .getInt(),
            0);
}

TEST_F(AnnotationTest, ASessionThatMustChooseItsPasswordReadsNoSchemes) {
  const Session admin = login("beheer");
  const auto preview = AccountService(*m_vault).previewReset(admin, "km.bakker");
  ASSERT_TRUE(preview) << preview.error().message;
  ASSERT_TRUE(AccountService(*m_vault).resetUser(admin, "km.bakker", "eenmalig-wachtwoord", preview->recordingsErased));
  auto oneTime = m_vault->login("km.bakker", "eenmalig-wachtwoord");
  ASSERT_TRUE(oneTime) << oneTime.error().message;
  EXPECT_EQ(CodingSchemeService(*m_vault).listSchemes(*oneTime).error().code, ErrorCode::PermissionDenied);
  EXPECT_EQ(CodingSchemeService(*m_vault).listPrompts(*oneTime).error().code, ErrorCode::PermissionDenied);
}

}  // namespace
}  // namespace vakspiegel
