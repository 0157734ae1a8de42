// Rows of the users and settings tables, and the recording-key rows an
// account reset must drop.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/error.h"
#include "store/database.h"

namespace vakspiegel {

struct UserRow {
  std::string id;
  std::string name;
  std::string role;
  std::vector<unsigned char> publicKey;
  std::vector<unsigned char> kdfSalt;
  std::uint64_t kdfOps = 0;
  std::uint64_t kdfMem = 0;
  std::vector<unsigned char> skNonce;
  std::vector<unsigned char> skWrapped;
  int failedLogins = 0;
  std::optional<std::int64_t> lockedUntil;  // UTC unix seconds
  bool isDisabled = false;
  std::int64_t createdAt = 0;
  std::int64_t passwordChangedAt = 0;
  // Set by an administrator's reset until the user chose their own password.
  bool mustChangePassword = false;
  std::optional<std::int64_t> keyResetAt;        // the last reset by an administrator
  std::optional<std::int64_t> ownPasswordSince;  // the user's own password after that reset
  std::vector<unsigned char> signPublicKey;      // Ed25519 (vault/keys.h); empty until the next login
};

// A recording key a user holds, and what losing it would mean.
struct HeldKey {
  std::string recordingId;
  bool isOwner = false;         // the user owns the recording
  bool hasOtherHolder = false;  // somebody else (owner or coach) still holds a key
};

class UserStore {
 public:
  explicit UserStore(Database& db) : m_db(db) {}
  // Errors: AlreadyExists when the name is taken (names are case-insensitive).
  [[nodiscard]] Status insert(const UserRow& row);
  [[nodiscard]] Result<std::optional<UserRow>> findByName(const std::string& name);
  [[nodiscard]] Result<std::optional<UserRow>> findById(const std::string& id);
  [[nodiscard]] Result<std::vector<UserRow>> all();
  [[nodiscard]] Status updateLoginState(const std::string& id, int failedLogins, std::optional<std::int64_t> lockedUntil);
  // Public key, wrapped secret, kdf, password_changed_at, sign_public_key.
  [[nodiscard]] Status updateKeys(const UserRow& row);
  [[nodiscard]] Status setDisabled(const std::string& id, bool isDisabled);
  [[nodiscard]] Result<int> countActiveWithRole(const std::string& role);
  // Deletes every sealed recording key of the user; returns how many there were.
  [[nodiscard]] Result<int> dropRecordingKeys(const std::string& id);
  [[nodiscard]] Result<std::vector<HeldKey>> heldKeys(const std::string& id);

  // The one-time password of an administrator's reset, and its end.
  [[nodiscard]] Status markReset(const std::string& id, std::int64_t at);
  [[nodiscard]] Status markOwnPassword(const std::string& id, std::int64_t at);
  // The account's signing key now, also kept in the append-only history.
  [[nodiscard]] Status setSigningKey(const std::string& id, const std::vector<unsigned char>& publicKey,
                                     std::int64_t at);
  // Whether `publicKey` is, or ever was, the account's signing key.
  [[nodiscard]] Result<bool> wasSigningKey(const std::string& id, const std::vector<unsigned char>& publicKey);

  // Login attempts being evaluated (accounts.h). A claim is taken in a write
  // transaction before the Argon2id work and released after it.
  [[nodiscard]] Status claimLogin(const std::string& claimId, const std::string& userId, std::int64_t at);
  [[nodiscard]] Status releaseLogin(const std::string& claimId);
  [[nodiscard]] Result<int> loginsInFlight(const std::string& userId);
  // Removes the user's claims taken before `before` (left by a killed
  // process); returns how many, to be counted as failures.
  [[nodiscard]] Result<int> takeStaleLogins(const std::string& userId, std::int64_t before);

 private:
  Database& m_db;
};

class SettingsStore {
 public:
  explicit SettingsStore(Database& db) : m_db(db) {}
  [[nodiscard]] Result<std::optional<std::string>> get(const std::string& key);
  [[nodiscard]] Status set(const std::string& key, const std::string& value);

 private:
  Database& m_db;
};

}  // namespace vakspiegel
