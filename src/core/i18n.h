// Translation of user-facing text outside Qt (core, consent, media, CLI).
// Source strings are English; the Dutch catalog is src/i18n/nl.po, compiled by
// msgfmt at build time and embedded. Dutch is the default language; English is
// used when LANGUAGE/LC_ALL/LC_MESSAGES/LANG asks for it ("en...").
#pragma once

#include <cstddef>
#include <span>
#include <string>
#include <string_view>
#include <utility>

#include <fmt/format.h>

namespace vakspiegel {

enum class Language { Unknown = 0, Dutch, English };

// The language chosen from the environment (Dutch unless English is asked for).
[[nodiscard]] Language languageFromEnvironment();
void setLanguage(Language language);
[[nodiscard]] Language currentLanguage();

// The translation of an English source string in the current language; the
// source string itself when there is no translation.
[[nodiscard]] const char* tr(const char* english);

// Replaces the Dutch catalog with a GNU .mo image (as msgfmt writes it; the
// bytes are copied); an empty image restores the embedded catalog. For tests
// of the lookup and fallback rules only: not safe while other threads call tr().
void setDutchCatalogForTesting(std::span<const unsigned char> moImage);

// tr() followed by fmt-style formatting ("{}" placeholders). A translation
// whose placeholders do not fit the arguments falls back to the English text.
template <class... Args>
[[nodiscard]] std::string trf(const char* english, Args&&... args) {
  try {
    return fmt::format(fmt::runtime(tr(english)), args...);
  } catch (const fmt::format_error&) {
    try {
      return fmt::format(fmt::runtime(english), args...);
    } catch (const fmt::format_error&) {
      return english;
    }
  }
}

// Text a user typed (an id, a name), cut to at most `maxBytes` bytes at a
// character boundary with "..." added, for echoing it in a message: an
// argument of 100 KB must not come back whole.
[[nodiscard]] std::string shortForMessage(std::string_view text, std::size_t maxBytes = 64);

}  // namespace vakspiegel
