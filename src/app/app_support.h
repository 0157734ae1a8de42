// Small helpers shared by the use-case files of app/ (not a public API).
#pragma once

#include <charconv>
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>

#include "accounts/accounts.h"
#include "consent/consent_record.h"
#include "core/error.h"
#include "store/database.h"
#include "store/recording_store.h"
#include "vault/keys.h"

namespace vakspiegel::app_support {

[[nodiscard]] inline std::string auditActor(const Session& s) { return std::string(roleName(s.role())); }

[[nodiscard]] inline std::optional<std::uint64_t> parseUnsigned(const std::optional<std::string>& text) {
  if (!text) return std::nullopt;
  std::uint64_t value = 0;
  const auto [end, ec] = std::from_chars(text->data(), text->data() + text->size(), value);
  if (ec != std::errc() || end != text->data() + text->size()) return std::nullopt;
  return value;
}

// The consent record a consents row holds. Errors: CorruptData (an unknown
// scope, method or state name).
[[nodiscard]] Result<consent::ConsentRecord> consentFromRow(const ConsentRow& row);

// The session user's own sealed copy of a recording's data key, opened with
// their key pair (app/content.cpp). Asking the policy is not enough to decrypt:
// this copy must exist, and it exists only for the owner and the coaches the
// recording is shared with. Errors: PermissionDenied when the user holds no
// copy, CorruptData when it does not open with their key pair, the store's.
[[nodiscard]] Result<DataKey> unsealDataKey(Database& db, const Session& session, const std::string& recordingId);

}  // namespace vakspiegel::app_support
