// Tests of the withdrawal code (consent/withdrawal_code.h): its format and
// alphabet, that drawn codes spread over the whole code space, that the check
// character rejects every single-character substitution and every swap of
// neighbours (exhaustively), and that what a person types is read back with a
// message that says what is wrong.
#include "consent/withdrawal_code.h"

#include <array>
#include <cctype>
#include <map>
#include <string>
#include <unordered_set>
#include <utility>

#include <gtest/gtest.h>
#include <rapidcheck.h>
#include <rapidcheck/gtest.h>

#include "core/i18n.h"

namespace vakspiegel::consent {
namespace {

constexpr std::size_t kCodeCharacters = 8;  // 7 random + the check character

const char* const kCheckFailed =
    "This withdrawal code is not right: a character was probably copied or heard wrong. Please compare the code with "
    "the receipt, character by character.";

// "VS-ABCD-EFGH" -> "ABCDEFGH".
std::string compact(const std::string& canonical) {
  EXPECT_EQ(canonical.size(), 12u) << canonical;
  return canonical.substr(3, 4) + canonical.substr(8, 4);
}

bool isAccepted(const std::string& compactCode) {
  return normalizeWithdrawalCode(compactCode).has_value();
}

// A valid code (compact) made from `background` (7 alphabet characters) with
// the characters in `wanted` at their positions (0..7; 7 is the check
// character). When the check character is wanted, the first free random
// position is tried with every character until the code is valid.
std::string validCodeWith(std::string background, const std::map<std::size_t, char>& wanted) {
  for (const auto& [position, character] : wanted)
    if (position < kWithdrawalCodeRandomLength) background[position] = character;
  const auto check = wanted.find(kWithdrawalCodeRandomLength);
  if (check == wanted.end()) return compact(withdrawalCodeFromPayload(background).value());
  std::size_t free = 0;
  while (wanted.contains(free)) ++free;
  for (const char candidate : kWithdrawalCodeAlphabet) {
    background[free] = candidate;
    const std::string code = compact(withdrawalCodeFromPayload(background).value());
    if (code[kWithdrawalCodeRandomLength] == check->second) return code;
  }
  ADD_FAILURE() << "no character at position " << free << " gives check character " << check->second;
  return {};
}

// Backgrounds for the exhaustive tests: the all-zero value, a mixed one, the
// all-maximum value. The weighted sum makes the effect of a change independent
// of the other characters; several backgrounds show that too.
constexpr std::array kBackgrounds = {"2222222", "7K3MQ9P", "ZZZZZZZ", "A5VX8NE"};

TEST(WithdrawalCode, AlphabetIsThirtyOneUnambiguousCharacters) {
  EXPECT_EQ(kWithdrawalCodeAlphabet, "23456789ABCDEFGHJKMNPQRSTUVWXYZ");
  EXPECT_EQ(kWithdrawalCodeAlphabet.size(), 31u);
  for (const char ambiguous : std::string_view("0O1IL"))
    EXPECT_EQ(kWithdrawalCodeAlphabet.find(ambiguous), std::string_view::npos) << ambiguous;
  EXPECT_EQ(std::unordered_set<char>(kWithdrawalCodeAlphabet.begin(), kWithdrawalCodeAlphabet.end()).size(), 31u);
}

TEST(WithdrawalCode, GeneratedCodesHaveTheCanonicalForm) {
  for (int i = 0; i < 1000; ++i) {
    const std::string code = generateWithdrawalCode();
    ASSERT_EQ(code.size(), 12u) << code;
    EXPECT_EQ(code.substr(0, 3), "VS-") << code;
    EXPECT_EQ(code[7], '-') << code;
    for (const char c : compact(code)) EXPECT_NE(kWithdrawalCodeAlphabet.find(c), std::string_view::npos) << code;
    const auto normalized = normalizeWithdrawalCode(code);
    ASSERT_TRUE(normalized) << code << ": " << normalized.error().message;
    EXPECT_EQ(*normalized, code);
  }
}

TEST(WithdrawalCode, DrawsSpreadOverTheWholeCodeSpace) {
  // 31^7 (2.75e10) codes: among 100,000 draws about 0.18 pairs collide on
  // average (the store's UNIQUE column makes the caller draw again), so
  // "all distinct" would fail one run in six. More than 5 collisions (odds
  // about 1e-7) means the generator is broken.
  constexpr int kDraws = 100'000;
  std::unordered_set<std::string> seen;
  std::array<std::array<int, 31>, kWithdrawalCodeRandomLength> counts{};
  for (int i = 0; i < kDraws; ++i) {
    const std::string code = compact(generateWithdrawalCode());
    seen.insert(code);
    for (std::size_t position = 0; position < kWithdrawalCodeRandomLength; ++position)
      ++counts[position][kWithdrawalCodeAlphabet.find(code[position])];
  }
  EXPECT_GE(seen.size(), static_cast<std::size_t>(kDraws - 5));
  // Each character about 3226 times at each random position (sd about 56).
  for (std::size_t position = 0; position < kWithdrawalCodeRandomLength; ++position) {
    for (std::size_t value = 0; value < 31; ++value) {
      EXPECT_GT(counts[position][value], 2800) << "position " << position << " " << kWithdrawalCodeAlphabet[value];
      EXPECT_LT(counts[position][value], 3700) << "position " << position << " " << kWithdrawalCodeAlphabet[value];
    }
  }
}

TEST(WithdrawalCode, EveryPositionHasExactlyOneValidCharacter) {
  // With the other 7 fixed, exactly one of the 31 characters makes a valid
  // code: so no single substitution turns one valid code into another.
  for (const std::string background : kBackgrounds) {
    const std::string code = compact(withdrawalCodeFromPayload(background).value());
    for (std::size_t position = 0; position < kCodeCharacters; ++position) {
      int valid = 0;
      for (const char c : kWithdrawalCodeAlphabet) {
        std::string changed = code;
        changed[position] = c;
        if (isAccepted(changed)) ++valid;
      }
      EXPECT_EQ(valid, 1) << background << " position " << position;
    }
  }
}

TEST(WithdrawalCode, RejectsEverySingleCharacterSubstitution) {
  // Every position x every original character x every other character.
  int rejected = 0;
  for (const std::string background : kBackgrounds) {
    for (std::size_t position = 0; position < kCodeCharacters; ++position) {
      for (const char original : kWithdrawalCodeAlphabet) {
        const std::string code = validCodeWith(background, {{position, original}});
        ASSERT_EQ(code[position], original);
        ASSERT_TRUE(isAccepted(code)) << code;
        for (const char typo : kWithdrawalCodeAlphabet) {
          if (typo == original) continue;
          std::string mistyped = code;
          mistyped[position] = typo;
          const auto result = normalizeWithdrawalCode(mistyped);
          ASSERT_FALSE(result) << code << " -> " << mistyped;
          EXPECT_EQ(result.error().message, tr(kCheckFailed));
          ++rejected;
        }
      }
    }
  }
  EXPECT_EQ(rejected, static_cast<int>(kBackgrounds.size()) * 8 * 31 * 30);
}

TEST(WithdrawalCode, RejectsEverySwapOfNeighbouringCharacters) {
  // Every pair of neighbours (the last pair includes the check character) x
  // every ordered pair of different characters.
  int rejected = 0;
  for (const std::string background : kBackgrounds) {
    for (std::size_t position = 0; position + 1 < kCodeCharacters; ++position) {
      for (const char first : kWithdrawalCodeAlphabet) {
        for (const char second : kWithdrawalCodeAlphabet) {
          if (first == second) continue;
          const std::string code = validCodeWith(background, {{position, first}, {position + 1, second}});
          ASSERT_EQ(code.substr(position, 2), std::string({first, second}));
          ASSERT_TRUE(isAccepted(code)) << code;
          std::string swapped = code;
          std::swap(swapped[position], swapped[position + 1]);
          const auto result = normalizeWithdrawalCode(swapped);
          ASSERT_FALSE(result) << code << " -> " << swapped;
          EXPECT_EQ(result.error().message, tr(kCheckFailed));
          ++rejected;
        }
      }
    }
  }
  EXPECT_EQ(rejected, static_cast<int>(kBackgrounds.size()) * 7 * 31 * 30);
}

TEST(WithdrawalCode, ReadsBackWhatAPersonTypes) {
  const std::string code = withdrawalCodeFromPayload("7K3MQ9P").value();
  const std::string bare = compact(code);
  const std::string lower = "vs-" + std::string(1, static_cast<char>(std::tolower(bare[0]))) + "k3m-q9p" +
                            std::string(1, static_cast<char>(std::tolower(bare[7])));
  for (const std::string& typed :
       {code, bare, lower, "VS " + bare.substr(0, 4) + " " + bare.substr(4),
        " v s - " + bare.substr(0, 2) + " " + bare.substr(2, 2) + "--" + bare.substr(4) + "\t", "VS" + bare,
        bare.substr(0, 4) + "-" + bare.substr(4)}) {
    const auto normalized = normalizeWithdrawalCode(typed);
    ASSERT_TRUE(normalized) << "'" << typed << "': " << normalized.error().message;
    EXPECT_EQ(*normalized, code) << typed;
  }
}

TEST(WithdrawalCode, TheExampleInTheMessagesIsAValidCode) {
  EXPECT_EQ(normalizeWithdrawalCode("VS-7K3M-Q9P5").value(), "VS-7K3M-Q9P5");
}

TEST(WithdrawalCode, ACodeStartingWithVsIsNotMistakenForThePrefix) {
  // "V" and "S" are code characters: the 8 characters "VS..." are a code.
  const std::string code = withdrawalCodeFromPayload("VSABCDE").value();
  const std::string bare = compact(code);
  ASSERT_EQ(bare.substr(0, 2), "VS");
  EXPECT_EQ(normalizeWithdrawalCode(bare).value(), code);
  EXPECT_EQ(normalizeWithdrawalCode("VS" + bare).value(), code);
  EXPECT_EQ(normalizeWithdrawalCode(code).value(), code);
}

TEST(WithdrawalCode, NamesACharacterThatLooksLikeAnother) {
  const std::string bare = compact(withdrawalCodeFromPayload("7K3MQ9P").value());
  for (const char lookalike : std::string_view("0O1ILoil")) {
    std::string typed = bare;
    typed[3] = lookalike;
    const auto result = normalizeWithdrawalCode(typed);
    ASSERT_FALSE(result) << typed;
    EXPECT_EQ(result.error().code, ErrorCode::InvalidArgument);
    EXPECT_EQ(result.error().message,
              trf("A withdrawal code never contains \"{}\". Codes have no 0, O, 1, I or L, because these are easily "
                  "mixed up. Please look at the code on the receipt again.",
                  std::string(1, lookalike)));
  }
  // In Dutch by default, naming the character as typed.
  EXPECT_EQ(normalizeWithdrawalCode("VS-7K3M-Q0PX").error().message,
            "Een intrekcode bevat nooit \"0\". In een code staan geen 0, O, 1, I of L, omdat die op elkaar lijken. "
            "Kijk nog eens goed naar de code op het bewijs.");
}

TEST(WithdrawalCode, NamesAnyOtherCharacterThatNeverOccurs) {
  const auto exclamation = normalizeWithdrawalCode("VS-7K3M-Q9P!");
  ASSERT_FALSE(exclamation);
  EXPECT_EQ(exclamation.error().message,
            trf("A withdrawal code never contains \"{}\". A code has only the digits 2 to 9 and letters.", "!"));
  const auto accented = normalizeWithdrawalCode("VS-7K3M-Q9\xC3\xA9X");  // é, UTF-8
  ASSERT_FALSE(accented);
  EXPECT_EQ(accented.error().message,
            trf("A withdrawal code never contains \"{}\". A code has only the digits 2 to 9 and letters.", "\xC3\xA9"));
  const auto slash = normalizeWithdrawalCode("VS/7K3M/Q9PX");
  ASSERT_FALSE(slash);
  EXPECT_NE(slash.error().message.find("\"/\""), std::string::npos) << slash.error().message;
}

TEST(WithdrawalCode, InvalidUtf8GetsAMessageWithoutTheBrokenBytes) {
  const auto result = normalizeWithdrawalCode("VS-7K3M-Q9\xFFX");
  ASSERT_FALSE(result);
  EXPECT_EQ(result.error().message, tr("The withdrawal code contains a character that never occurs in a code. A code "
                                       "has only the digits 2 to 9 and letters."));
  EXPECT_EQ(result.error().message.find('\xFF'), std::string::npos);
}

TEST(WithdrawalCode, SaysHowManyCharactersWhenTheLengthIsWrong) {
  const std::string bare = compact(withdrawalCodeFromPayload("7K3MQ9P").value());
  const char* const kWrongLength =
      "A withdrawal code has {} characters after \"VS\", for example VS-7K3M-Q9P5. This code has {}.";
  EXPECT_EQ(normalizeWithdrawalCode("VS-" + bare.substr(0, 7)).error().message, trf(kWrongLength, 8, 7));
  EXPECT_EQ(normalizeWithdrawalCode(bare.substr(0, 7)).error().message, trf(kWrongLength, 8, 7));
  EXPECT_EQ(normalizeWithdrawalCode("VS-" + bare + "2").error().message, trf(kWrongLength, 8, 9));
  EXPECT_EQ(normalizeWithdrawalCode("VS").error().message, trf(kWrongLength, 8, 0));
  EXPECT_EQ(normalizeWithdrawalCode("VS-" + bare + "2").error().code, ErrorCode::InvalidArgument);
}

TEST(WithdrawalCode, AsksForTheCodeWhenNothingWasTyped) {
  for (const std::string typed : {"", "   ", " - -\t"}) {
    const auto result = normalizeWithdrawalCode(typed);
    ASSERT_FALSE(result) << "'" << typed << "'";
    EXPECT_EQ(result.error().message,
              tr("Please enter the withdrawal code from the receipt, for example VS-7K3M-Q9P5."));
  }
}

TEST(WithdrawalCode, AFailedCheckSaysTheCodeWasProbablyMistyped) {
  const std::string bare = compact(withdrawalCodeFromPayload("7K3MQ9P").value());
  std::string mistyped = bare;
  mistyped[2] = mistyped[2] == 'A' ? 'B' : 'A';
  const auto result = normalizeWithdrawalCode(mistyped);
  ASSERT_FALSE(result);
  EXPECT_EQ(result.error().code, ErrorCode::InvalidArgument);
  EXPECT_NE(result.error().message.find("Waarschijnlijk is er een teken verkeerd overgenomen"), std::string::npos)
      << result.error().message;
}

TEST(WithdrawalCode, BuildingFromAPayloadRefusesWhatIsNotSevenAlphabetCharacters) {
  EXPECT_TRUE(withdrawalCodeFromPayload("2345678"));
  EXPECT_EQ(withdrawalCodeFromPayload("234567").error().code, ErrorCode::InvalidArgument);
  EXPECT_EQ(withdrawalCodeFromPayload("23456789").error().code, ErrorCode::InvalidArgument);
  EXPECT_EQ(withdrawalCodeFromPayload("234567a").error().code, ErrorCode::InvalidArgument);
  EXPECT_EQ(withdrawalCodeFromPayload("2345670").error().code, ErrorCode::InvalidArgument);
  EXPECT_EQ(withdrawalCodeFromPayload("2345-67").error().code, ErrorCode::InvalidArgument);
}

// What a person might type for `code`: any case, separators anywhere, with or
// without the prefix.
rc::Gen<std::string> typedVariantOf(const std::string& code) {
  const std::string bare = compact(code);
  return rc::gen::exec([bare] {
    const bool withPrefix = *rc::gen::arbitrary<bool>();
    const std::string characters = withPrefix ? "VS" + bare : bare;
    std::string typed = *rc::gen::element<std::string>("", " ", "-", "  ", " - ", "\t");
    for (const char c : characters) {
      const bool lower = *rc::gen::arbitrary<bool>();
      typed += lower ? static_cast<char>(std::tolower(static_cast<unsigned char>(c))) : c;
      typed += *rc::gen::element<std::string>("", "", "", " ", "-", "--", " -");
    }
    return typed;
  });
}

RC_GTEST_PROP(WithdrawalCode, EveryCodeReadsBackAsItselfHoweverItIsTyped, ()) {
  const std::string payload =
      *rc::gen::container<std::string>(kWithdrawalCodeRandomLength, rc::gen::elementOf(kWithdrawalCodeAlphabet));
  const std::string code = withdrawalCodeFromPayload(payload).value();
  const auto canonical = normalizeWithdrawalCode(code);
  RC_ASSERT(canonical.has_value());
  RC_ASSERT(*canonical == code);
  const std::string typed = *typedVariantOf(code);
  const auto normalized = normalizeWithdrawalCode(typed);
  RC_ASSERT(normalized.has_value());
  RC_ASSERT(*normalized == code);
}

RC_GTEST_PROP(WithdrawalCode, EveryDrawnCodeReadsBackAsItself, ()) {
  // The codes generateWithdrawalCode() draws, not only codes built from a
  // payload (RapidCheck cannot shrink these; the assertion shows the code).
  const std::string code = generateWithdrawalCode();
  const auto normalized = normalizeWithdrawalCode(*typedVariantOf(code));
  RC_ASSERT(normalized.has_value());
  RC_ASSERT(*normalized == code);
}

}  // namespace
}  // namespace vakspiegel::consent
