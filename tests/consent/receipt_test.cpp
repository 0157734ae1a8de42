// Tests of the citizen's receipt (consent/receipt.h): it carries the code,
// the dates as local calendar dates, a sentence for each chosen scope and none
// for the others, the withdrawal rights; it is Dutch by default and its text
// rendering stays within 72 columns.
#include "consent/receipt.h"

#include <algorithm>
#include <cstdint>
#include <cstdlib>
#include <ctime>
#include <optional>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

#include <gtest/gtest.h>

#include "consent/withdrawal_code.h"
#include "core/i18n.h"

namespace vakspiegel::consent {
namespace {

using namespace std::chrono_literals;

// The scope sentences, as in receipt.cpp (English source strings).
const char* const kSelfReviewSentence = "Your client manager watches the recording again, to learn from it.";
const char* const kCoachSentence = "A coach may watch the recording too. The coach helps your client manager learn.";
const char* const kCitizenSentence =
    "You may watch parts of the recording together with your client manager. Only if you want to.";
const char* const kIntervisionSentence =
    "Colleagues of your client manager may watch short parts in a learning group. We blur the faces first, so your "
    "face cannot be seen.";

// Dates are local: pin the zone so the expected dates hold on any machine.
class Receipt : public ::testing::Test {
 protected:
  void SetUp() override { setTimeZone("Europe/Amsterdam"); }
  void TearDown() override {
    setLanguage(Language::Unknown);
    if (m_previousZone) {
      setenv("TZ", m_previousZone->c_str(), 1);
    } else {
      unsetenv("TZ");
    }
    tzset();
  }
  void setTimeZone(const char* zone) {
    if (!m_saved) {
      const char* previous = std::getenv("TZ");
      if (previous != nullptr) m_previousZone = previous;
      m_saved = true;
    }
    setenv("TZ", zone, 1);
    tzset();
  }

 private:
  bool m_saved = false;
  std::optional<std::string> m_previousZone;
};

// 2026-09-28T12:00:00Z, noon; 8 weeks later is 2026-11-23.
const WallTime kRecordedAt = fromUnixSeconds(1'790'596'800);

ConsentRecord record(std::vector<std::string> scopes = {}, std::string method = "verbal") {
  return makeConsentRecord(ConsentRequest{std::move(scopes), std::move(method), kRecordedAt, std::nullopt},
                           RetentionPolicy{}, Role::Klantmanager, kRecordedAt + 2h, "rec-1", "user-7",
                           withdrawalCodeFromPayload("7K3MQ9P").value())
      .value();
}

std::string allParagraphs(const ReceiptDocument& receipt) {
  std::string text;
  for (const ReceiptSection& section : receipt.sections)
    for (const std::string& paragraph : section.paragraphs) text += paragraph + "\n";
  return text;
}

bool contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

std::size_t columnsOf(const std::string& line) {
  std::size_t count = 0;
  for (const char c : line)
    if ((static_cast<unsigned char>(c) & 0xC0) != 0x80) ++count;
  return count;
}

std::vector<std::string> linesOf(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream stream(text);
  for (std::string line; std::getline(stream, line);) lines.push_back(line);
  return lines;
}

// The rendered text with line breaks as spaces, to find wrapped sentences.
std::string unwrapped(const std::string& text) {
  std::string flat;
  for (const char c : text) flat += c == '\n' ? ' ' : c;
  return flat;
}

TEST_F(Receipt, DatesAreLocalCalendarDatesInDutch) {
  EXPECT_EQ(localCalendarDate(kRecordedAt), "28 september 2026");
  EXPECT_EQ(localCalendarDate(kRecordedAt + std::chrono::days(56)), "23 november 2026");
  // 23:30 UTC is already the next day in Amsterdam (UTC+1 in winter)...
  const WallTime lateEvening = fromUnixSeconds(1'795'390'200);  // 2026-11-22T23:30:00Z
  EXPECT_EQ(localCalendarDate(lateEvening), "23 november 2026");
  // ...but not in UTC.
  setTimeZone("UTC");
  EXPECT_EQ(localCalendarDate(lateEvening), "22 november 2026");
}

TEST_F(Receipt, EveryMonthHasItsDutchName) {
  const std::vector<std::string> months = {"januari", "februari", "maart",     "april",   "mei",      "juni",
                                           "juli",    "augustus", "september", "oktober", "november", "december"};
  // The 15th of each month of 2027, at noon UTC.
  const std::vector<std::int64_t> fifteenths = {1'800'014'400, 1'802'692'800, 1'805'112'000, 1'807'790'400,
                                                1'810'382'400, 1'813'060'800, 1'815'652'800, 1'818'331'200,
                                                1'821'009'600, 1'823'601'600, 1'826'280'000, 1'828'872'000};
  for (std::size_t i = 0; i < months.size(); ++i)
    EXPECT_EQ(localCalendarDate(fromUnixSeconds(fifteenths[i])), "15 " + months[i] + " 2027");
}

TEST_F(Receipt, CarriesTheCodeAndTheDates) {
  const ConsentRecord consent = record({"coach_review"});
  const ReceiptDocument receipt = makeReceipt(consent, {"Gemeente Zoetermeer", ""});
  EXPECT_EQ(receipt.withdrawalCode, consent.withdrawalCode);
  const std::string text = renderText(receipt);
  EXPECT_TRUE(contains(text, consent.withdrawalCode)) << text;
  EXPECT_TRUE(contains(allParagraphs(receipt), consent.withdrawalCode));
  EXPECT_TRUE(contains(unwrapped(text), "28 september 2026")) << text;     // recorded
  EXPECT_TRUE(contains(unwrapped(text), "tot 23 november 2026")) << text;  // kept until
  EXPECT_TRUE(contains(unwrapped(text), "Gemeente Zoetermeer")) << text;
}

TEST_F(Receipt, NamesWhoMayWatchForExactlyTheChosenScopes) {
  const std::vector<std::pair<std::string, const char*>> optional = {
      {"coach_review", kCoachSentence}, {"citizen_review", kCitizenSentence}, {"intervision", kIntervisionSentence}};
  // Every subset of the optional scopes.
  for (unsigned mask = 0; mask < 8; ++mask) {
    std::vector<std::string> chosen;
    for (std::size_t i = 0; i < optional.size(); ++i)
      if ((mask & (1u << i)) != 0) chosen.push_back(optional[i].first);
    const std::string paragraphs = allParagraphs(makeReceipt(record(chosen), {}));
    EXPECT_TRUE(contains(paragraphs, tr(kSelfReviewSentence))) << mask;
    EXPECT_TRUE(contains(paragraphs, tr("Nobody else may watch the recording."))) << mask;
    for (std::size_t i = 0; i < optional.size(); ++i)
      EXPECT_EQ(contains(paragraphs, tr(optional[i].second)), (mask & (1u << i)) != 0)
          << "mask " << mask << ", " << optional[i].first;
  }
}

TEST_F(Receipt, SaysHowConsentWasGiven) {
  EXPECT_TRUE(contains(allParagraphs(makeReceipt(record({}, "verbal"), {})),
                       "U hebt hier hardop ja tegen gezegd, aan het begin van de opname."));
  EXPECT_TRUE(
      contains(allParagraphs(makeReceipt(record({}, "paper"), {})), tr("You said yes to this on a paper form.")));
  EXPECT_TRUE(contains(allParagraphs(makeReceipt(record({}, "digital"), {})), tr("You said yes to this digitally.")));
}

TEST_F(Receipt, ExplainsThatWithdrawingIsAlwaysAllowedWithoutConsequences) {
  const std::string paragraphs = allParagraphs(makeReceipt(record(), {"Gemeente Zoetermeer", ""}));
  EXPECT_TRUE(contains(paragraphs, "U mag uw toestemming altijd intrekken. U hoeft niet te zeggen waarom."));
  EXPECT_TRUE(contains(paragraphs,
                       "Intrekken heeft geen gevolgen voor uw uitkering. Ook niet voor de hulp die u "
                       "krijgt."));
  EXPECT_TRUE(contains(paragraphs,
                       "Bel of vertel het aan uw klantmanager. Of bel de privacymedewerker van Gemeente "
                       "Zoetermeer. Noem dan de code hieronder."));
}

TEST_F(Receipt, GivesThePrivacyOfficersContactOnlyWhenKnown) {
  const std::string without = allParagraphs(makeReceipt(record(), {"Gemeente Zoetermeer", ""}));
  EXPECT_FALSE(contains(without, "U bereikt de privacymedewerker via"));
  const std::string with =
      allParagraphs(makeReceipt(record(), {"Gemeente Zoetermeer", "14 079 of privacy@example.nl"}));
  EXPECT_TRUE(contains(with, "U bereikt de privacymedewerker via: 14 079 of privacy@example.nl"));
}

TEST_F(Receipt, IsDutchByDefaultAndEnglishWhenAskedFor) {
  const ReceiptDocument dutch = makeReceipt(record(), {});
  EXPECT_EQ(dutch.title, "Uw toestemming voor een video-opname");
  ASSERT_EQ(dutch.sections.size(), 5u);
  EXPECT_EQ(dutch.sections[0].heading, "Wat is er opgenomen?");
  EXPECT_EQ(dutch.sections[1].heading, "Wie mag de opname zien?");
  EXPECT_EQ(dutch.sections[2].heading, "Hoe lang bewaren wij de opname?");
  EXPECT_EQ(dutch.sections[4].heading, "Uw code");
  setLanguage(Language::English);
  const ReceiptDocument english = makeReceipt(record(), {});
  EXPECT_EQ(english.title, "Your consent for a video recording");
  EXPECT_TRUE(contains(allParagraphs(english), "We keep the recording until 23 November 2026."));
}

TEST_F(Receipt, TextIsWrappedAtSeventyTwoColumnsWithoutLosingWords) {
  const std::string longContact = "https://www.example.nl/" + std::string(100, 'x') + " of bel 079 123 45 67";
  const ReceiptDocument receipt =
      makeReceipt(record({"coach_review", "citizen_review", "intervision"}),
                  {"Gemeente Súdwest-Fryslân, afdeling Werk en Inkomen, team Participatie", longContact});
  const std::string text = renderText(receipt);
  const std::vector<std::string> lines = linesOf(text);
  ASSERT_GT(lines.size(), 30u);
  std::size_t longest = 0;
  for (const std::string& line : lines) {
    EXPECT_LE(columnsOf(line), 72u) << "'" << line << "'";
    longest = std::max(longest, columnsOf(line));
  }
  EXPECT_GE(longest, 60u);  // wrapped at 72, not far shorter
  const std::string flat = unwrapped(text);
  for (const ReceiptSection& section : receipt.sections) {
    EXPECT_TRUE(contains(flat, section.heading)) << section.heading;
    for (const std::string& paragraph : section.paragraphs) {
      if (!contains(paragraph, "https://")) {
        EXPECT_TRUE(contains(flat, paragraph)) << paragraph;
      }
    }
  }
  // The over-long address is cut, not dropped.
  std::string joined;
  for (const std::string& line : lines) joined += line;
  EXPECT_TRUE(contains(joined, "https://www.example.nl/" + std::string(100, 'x')));
}

TEST_F(Receipt, RendersTheCodeOnItsOwnLine) {
  const ConsentRecord consent = record();
  const std::vector<std::string> lines = linesOf(renderText(makeReceipt(consent, {})));
  EXPECT_NE(std::find(lines.begin(), lines.end(), "    | " + consent.withdrawalCode + " |"), lines.end());
  EXPECT_EQ(lines.front(), "Uw toestemming voor een video-opname");
  EXPECT_EQ(lines.at(1), std::string(36, '='));
}

}  // namespace
}  // namespace vakspiegel::consent
