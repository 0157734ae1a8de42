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
  [[nodiscard]] Status updateKeys(const UserRow& row);  // public key, wrapped secret, kdf, password_changed_at
  [[nodiscard]] Status setDisabled(const std::string& id, bool isDisabled);
  [[nodiscard]] Result<int> countActiveWithRole(const std::string& role);
  // Deletes every sealed recording key of the user; returns how many there were.
  [[nodiscard]] Result<int> dropRecordingKeys(const std::string& id);

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
