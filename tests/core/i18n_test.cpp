// Tests of the translation layer: the language chosen from the environment,
// tr()'s lookup and fallback to the English source, trf()'s formatting and its
// fallback when a translation's placeholders do not fit. The Dutch catalog is
// still being written, so lookups are tested against small .mo images built
// here and installed with setDutchCatalogForTesting().
#include "core/i18n.h"

#include <algorithm>
#include <array>
#include <cstdint>
#include <cstdlib>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include <gtest/gtest.h>

namespace vakspiegel {
namespace {

constexpr std::array<const char*, 4> kLanguageVariables = {"LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"};

// A GNU .mo image (gettext manual, "The Format of GNU MO Files") holding
// `entries` (original, translation), sorted as msgfmt sorts them.
std::vector<unsigned char> moImage(std::vector<std::pair<std::string, std::string>> entries, bool isBigEndian = false) {
  std::sort(entries.begin(), entries.end());
  const auto count = static_cast<std::uint32_t>(entries.size());
  const std::uint32_t originalsOffset = 28;
  const std::uint32_t translationsOffset = originalsOffset + 8 * count;
  std::uint32_t stringOffset = translationsOffset + 8 * count;
  std::vector<std::uint32_t> words = {0x950412deu, 0, count, originalsOffset, translationsOffset, 0, 0};
  std::vector<std::uint32_t> translationWords;
  std::string strings;
  for (const auto& [original, translation] : entries) {
    words.push_back(static_cast<std::uint32_t>(original.size()));
    words.push_back(stringOffset + static_cast<std::uint32_t>(strings.size()));
    strings += original;
    strings += '\0';
  }
  for (const auto& [original, translation] : entries) {
    translationWords.push_back(static_cast<std::uint32_t>(translation.size()));
    translationWords.push_back(stringOffset + static_cast<std::uint32_t>(strings.size()));
    strings += translation;
    strings += '\0';
  }
  words.insert(words.end(), translationWords.begin(), translationWords.end());
  std::vector<unsigned char> image;
  for (std::uint32_t word : words) {
    for (int i = 0; i < 4; ++i) {
      const int shift = isBigEndian ? 8 * (3 - i) : 8 * i;
      image.push_back(static_cast<unsigned char>(word >> shift));
    }
  }
  image.insert(image.end(), strings.begin(), strings.end());
  return image;
}

const std::vector<std::pair<std::string, std::string>> kSample = {
    {"", "Project-Id-Version: vakspiegel\nLanguage: nl\n"},
    {"Open the recording.", "Open de opname."},
    {"Try again in {} minutes.", "Probeer het over {} minuten opnieuw."},
    {"Entry {} of {}.", "Regel {1} van {0}."},
    {"Entry {} is missing.", "Regel {2} ontbreekt."},               // placeholder index out of range
    {"The account {} is locked.", "Account {:d} is vergrendeld."},  // wrong type for a string
};

// Saves and restores the language variables and the chosen language, and
// restores the embedded catalog after each test.
class I18n : public ::testing::Test {
 protected:
  void SetUp() override {
    for (const char* name : kLanguageVariables) {
      const char* value = std::getenv(name);
      m_saved.emplace_back(name, value ? std::optional<std::string>(value) : std::nullopt);
    }
  }
  void TearDown() override {
    for (const auto& [name, value] : m_saved) {
      if (value) {
        setenv(name, value->c_str(), 1);
      } else {
        unsetenv(name);
      }
    }
    setLanguage(Language::Unknown);
    setDutchCatalogForTesting({});
  }
  static void clearEnvironment() {
    for (const char* name : kLanguageVariables) unsetenv(name);
  }

 private:
  std::vector<std::pair<const char*, std::optional<std::string>>> m_saved;
};

TEST_F(I18n, IsDutchWhenTheEnvironmentNamesNoLanguage) {
  clearEnvironment();
  EXPECT_EQ(languageFromEnvironment(), Language::Dutch);
}

TEST_F(I18n, IsDutchForLanguagesOtherThanEnglish) {
  clearEnvironment();
  for (const char* value : {"nl_NL.UTF-8", "de_DE.UTF-8", "C", "POSIX", "fr"}) {
    setenv("LANG", value, 1);
    EXPECT_EQ(languageFromEnvironment(), Language::Dutch) << "LANG=" << value;
  }
}

TEST_F(I18n, IsEnglishWhenAnyLanguageVariableAsksForEnglish) {
  for (const char* name : kLanguageVariables) {
    clearEnvironment();
    setenv(name, "en_GB.UTF-8", 1);
    EXPECT_EQ(languageFromEnvironment(), Language::English) << name;
  }
  clearEnvironment();
  setenv("LANGUAGE", "en:nl", 1);
  EXPECT_EQ(languageFromEnvironment(), Language::English);
}

TEST_F(I18n, FollowsTheFirstSetVariableInGettextOrder) {
  clearEnvironment();
  setenv("LANGUAGE", "nl", 1);
  setenv("LANG", "en_US.UTF-8", 1);
  EXPECT_EQ(languageFromEnvironment(), Language::Dutch);

  clearEnvironment();
  setenv("LC_ALL", "en_US.UTF-8", 1);
  setenv("LANG", "nl_NL.UTF-8", 1);
  EXPECT_EQ(languageFromEnvironment(), Language::English);
}

TEST_F(I18n, SkipsEmptyVariables) {
  clearEnvironment();
  setenv("LANGUAGE", "", 1);
  setenv("LC_MESSAGES", "en_US.UTF-8", 1);
  setenv("LANG", "nl_NL.UTF-8", 1);
  EXPECT_EQ(languageFromEnvironment(), Language::English);
}

TEST_F(I18n, CurrentLanguageComesFromTheEnvironmentUntilSet) {
  clearEnvironment();
  setenv("LANGUAGE", "en", 1);
  setLanguage(Language::Unknown);
  EXPECT_EQ(currentLanguage(), Language::English);

  setLanguage(Language::Dutch);
  EXPECT_EQ(currentLanguage(), Language::Dutch);
}

TEST_F(I18n, TranslatesIntoDutchFromTheCatalog) {
  setDutchCatalogForTesting(moImage(kSample));
  setLanguage(Language::Dutch);
  EXPECT_STREQ(tr("Open the recording."), "Open de opname.");
  EXPECT_EQ(trf("Try again in {} minutes.", 15), "Probeer het over 15 minuten opnieuw.");
}

TEST_F(I18n, ReadsBigEndianCatalogs) {
  setDutchCatalogForTesting(moImage(kSample, true));
  setLanguage(Language::Dutch);
  EXPECT_STREQ(tr("Open the recording."), "Open de opname.");
}

TEST_F(I18n, TranslationsMayReorderPlaceholders) {
  setDutchCatalogForTesting(moImage(kSample));
  setLanguage(Language::Dutch);
  EXPECT_EQ(trf("Entry {} of {}.", 3, 7), "Regel 7 van 3.");
}

TEST_F(I18n, ShowsTheEnglishSourceWhenEnglishIsChosen) {
  setDutchCatalogForTesting(moImage(kSample));
  setLanguage(Language::English);
  const char* source = "Open the recording.";
  EXPECT_EQ(tr(source), source);
  EXPECT_EQ(trf("Try again in {} minutes.", 15), "Try again in 15 minutes.");
}

TEST_F(I18n, ReturnsTheSourceOfAStringWithoutTranslation) {
  setDutchCatalogForTesting(moImage(kSample));
  setLanguage(Language::Dutch);
  const char* source = "A sentence nobody translated.";
  EXPECT_EQ(tr(source), source);  // the very same pointer, not a copy
  EXPECT_STREQ(tr(""), "");       // the catalog header is not a translation of ""
}

TEST_F(I18n, TheEmbeddedCatalogSpeaksDutch) {
  setLanguage(Language::Dutch);
  EXPECT_STREQ(tr("The user name or password is not correct."), "De accountnaam of het wachtwoord klopt niet.");
  EXPECT_EQ(trf("There is no user named '{}'.", "km.jansen"), "Er is geen gebruiker met de naam 'km.jansen'.");
  setLanguage(Language::English);
  EXPECT_STREQ(tr("The user name or password is not correct."), "The user name or password is not correct.");
}

TEST_F(I18n, EmbeddedCatalogReturnsTheSourceOfAStringWithoutTranslation) {
  setLanguage(Language::Dutch);
  const char* source = "A sentence nobody translated, nor ever will.";
  EXPECT_EQ(tr(source), source);
}

TEST_F(I18n, FallsBackToEnglishWhenATranslationNamesAMissingArgument) {
  setDutchCatalogForTesting(moImage(kSample));
  setLanguage(Language::Dutch);
  EXPECT_EQ(trf("Entry {} is missing.", 4), "Entry 4 is missing.");
}

TEST_F(I18n, FallsBackToEnglishWhenATranslationFormatsAnArgumentAsTheWrongType) {
  setDutchCatalogForTesting(moImage(kSample));
  setLanguage(Language::Dutch);
  EXPECT_EQ(trf("The account {} is locked.", std::string("anna")), "The account anna is locked.");
}

TEST_F(I18n, ReturnsTheSourceUnformattedWhenTheSourceItselfDoesNotFit) {
  setLanguage(Language::English);
  EXPECT_EQ(trf("{} of {}", 1), "{} of {}");
}

TEST_F(I18n, IgnoresADamagedCatalog) {
  std::vector<unsigned char> image = moImage(kSample);
  image.resize(image.size() - 10);  // the last string (of the last entry) loses its end
  setDutchCatalogForTesting(image);
  setLanguage(Language::Dutch);
  const char* source = "Try again in {} minutes.";
  EXPECT_EQ(tr(source), source);
  EXPECT_STREQ(tr("Open the recording."), "Open de opname.");  // the entries before it still count

  setDutchCatalogForTesting(std::vector<unsigned char>{'n', 'o', 't', ' ', 'a', ' ', 'c', 'a', 't', 'a',
                                                       'l', 'o', 'g', ' ', 'a', 't', ' ', 'a', 'l', 'l',
                                                       ' ', '.', '.', '.', '.', '.', '.', '.'});
  EXPECT_EQ(tr(source), source);
}

}  // namespace
}  // namespace vakspiegel
