// Withdrawal codes: drawing, the check character and reading back what a
// person typed; see withdrawal_code.h.
#include "consent/withdrawal_code.h"

#include <cstdint>
#include <optional>

#include <sodium.h>

#include "core/i18n.h"
#include "vault/secure_bytes.h"

namespace vakspiegel::consent {
namespace {

constexpr std::size_t kCodeLength = kWithdrawalCodeRandomLength + 1;  // with the check character
constexpr std::string_view kPrefix = "VS";
constexpr std::uint32_t kAlphabetSize = 31;
static_assert(kWithdrawalCodeAlphabet.size() == kAlphabetSize);

// The value 0..30 of an alphabet character, or nothing.
std::optional<std::uint32_t> valueOf(char c) {
  const std::size_t index = kWithdrawalCodeAlphabet.find(c);
  if (index == std::string_view::npos) return std::nullopt;
  return static_cast<std::uint32_t>(index);
}

// The weight of position 0..7 is 8..1: all distinct and nonzero mod 31, and
// neighbours differ by 1, so a substitution changes the sum by w*(b-a) and an
// adjacent swap by (a-b) (both nonzero mod the prime 31). The check character
// has weight 1, so it is the value that makes the whole sum 0 mod 31.
std::uint32_t weightOf(std::size_t position) {
  return static_cast<std::uint32_t>(kCodeLength - position);
}

// Weighted sum mod 31 of alphabet characters (all of them must be valid).
std::uint32_t weightedSum(std::string_view characters) {
  std::uint32_t sum = 0;
  for (std::size_t i = 0; i < characters.size(); ++i)
    sum = (sum + weightOf(i) * valueOf(characters[i]).value_or(0)) % kAlphabetSize;
  return sum;
}

char checkCharacterFor(std::string_view payload) {
  const std::uint32_t sum = weightedSum(payload);
  return kWithdrawalCodeAlphabet[(kAlphabetSize - sum) % kAlphabetSize];
}

std::string canonical(std::string_view eight) {
  std::string code(kPrefix);
  code += '-';
  code += eight.substr(0, 4);
  code += '-';
  code += eight.substr(4, 4);
  return code;
}

bool isSeparator(char c) {
  return c == ' ' || c == '-' || c == '\t' || c == '\n' || c == '\r';
}

char toUpperAscii(char c) {
  return c >= 'a' && c <= 'z' ? static_cast<char>(c - 'a' + 'A') : c;
}

// The whole UTF-8 sequence starting at `index`, so that a message names "é"
// rather than half of it; empty when the bytes are not valid UTF-8.
std::string_view characterAt(std::string_view text, std::size_t index) {
  const auto lead = static_cast<unsigned char>(text[index]);
  std::size_t length = 1;
  if (lead >= 0x80) {
    if (lead >= 0xC2 && lead <= 0xDF) {
      length = 2;
    } else if (lead >= 0xE0 && lead <= 0xEF) {
      length = 3;
    } else if (lead >= 0xF0 && lead <= 0xF4) {
      length = 4;
    } else {
      return {};
    }
    if (index + length > text.size()) return {};
    for (std::size_t i = 1; i < length; ++i) {
      const auto continuation = static_cast<unsigned char>(text[index + i]);
      if (continuation < 0x80 || continuation > 0xBF) return {};
    }
  }
  return text.substr(index, length);
}

Error unexpectedCharacter(std::string_view text, std::size_t index) {
  const std::string_view character = characterAt(text, index);
  if (character.empty())
    return Error{ErrorCode::InvalidArgument,
                 tr("The withdrawal code contains a character that never occurs in a code. A code has only the "
                    "digits 2 to 9 and letters.")};
  // The characters left out of the alphabet because they look or sound alike.
  if (character.size() == 1 && std::string_view("0Oo1IiLl").find(character[0]) != std::string_view::npos)
    return Error{ErrorCode::InvalidArgument,
                 trf("A withdrawal code never contains \"{}\". Codes have no 0, O, 1, I or L, because these are "
                     "easily mixed up. Please look at the code on the receipt again.",
                     character)};
  return Error{
      ErrorCode::InvalidArgument,
      trf("A withdrawal code never contains \"{}\". A code has only the digits 2 to 9 and letters.", character)};
}

}  // namespace

std::string generateWithdrawalCode() {
  ensureSodium();
  std::string payload;
  payload.reserve(kWithdrawalCodeRandomLength);
  for (std::size_t i = 0; i < kWithdrawalCodeRandomLength; ++i)
    payload += kWithdrawalCodeAlphabet[randombytes_uniform(kAlphabetSize)];  // uniform, no modulo bias
  return canonical(payload + checkCharacterFor(payload));
}

Result<std::string> withdrawalCodeFromPayload(std::string_view payload) {
  for (std::size_t i = 0; i < payload.size(); ++i)
    if (!valueOf(payload[i])) return fail(unexpectedCharacter(payload, i));
  if (payload.size() != kWithdrawalCodeRandomLength)
    return fail(ErrorCode::InvalidArgument, trf("A withdrawal code is made from {} characters, not {}.",
                                                kWithdrawalCodeRandomLength, payload.size()));
  return canonical(std::string(payload) + checkCharacterFor(payload));
}

Result<std::string> normalizeWithdrawalCode(std::string_view typed) {
  std::string cleaned;
  cleaned.reserve(typed.size());
  for (std::size_t i = 0; i < typed.size(); ++i) {
    if (isSeparator(typed[i])) continue;
    const char upper = toUpperAscii(typed[i]);
    if (!valueOf(upper)) return fail(unexpectedCharacter(typed, i));
    cleaned += upper;
  }
  if (cleaned.empty())
    return fail(ErrorCode::InvalidArgument,
                tr("Please enter the withdrawal code from the receipt, for example VS-7K3M-Q9P5."));
  // "V" and "S" are code characters too: an 8-character code is a code
  // without prefix even when it starts with "VS".
  if (cleaned.size() != kCodeLength && cleaned.starts_with(kPrefix)) cleaned.erase(0, kPrefix.size());
  if (cleaned.size() != kCodeLength)
    return fail(ErrorCode::InvalidArgument,
                trf("A withdrawal code has {} characters after \"VS\", for example VS-7K3M-Q9P5. This code has {}.",
                    kCodeLength, cleaned.size()));
  if (weightedSum(cleaned) != 0)
    return fail(ErrorCode::InvalidArgument,
                tr("This withdrawal code is not right: a character was probably copied or heard wrong. Please "
                   "compare the code with the receipt, character by character."));
  return canonical(cleaned);
}

}  // namespace vakspiegel::consent
