// SQL for users, settings and dropping a user's recording keys.
#include "store/user_store.h"

#include <sqlite3.h>

#include <SQLiteCpp/Statement.h>

#include "core/i18n.h"

namespace vakspiegel {
namespace {

constexpr const char* kColumns =
    "id, name, role, public_key, kdf_salt, kdf_ops, kdf_mem, sk_nonce, sk_wrapped, failed_logins, locked_until, "
    "is_disabled, created_at, password_changed_at, must_change_password, key_reset_at, own_password_since, "
    "sign_public_key";

void bindOptional(SQLite::Statement& q, int index, const std::optional<std::int64_t>& value) {
  if (value)
    q.bind(index, *value);
  else
    q.bind(index);
}

UserRow readRow(SQLite::Statement& q) {
  UserRow row;
  row.id = q.getColumn(0).getString();
  row.name = q.getColumn(1).getString();
  row.role = q.getColumn(2).getString();
  row.publicKey = columnBytes(q.getColumn(3));
  row.kdfSalt = columnBytes(q.getColumn(4));
  row.kdfOps = static_cast<std::uint64_t>(q.getColumn(5).getInt64());
  row.kdfMem = static_cast<std::uint64_t>(q.getColumn(6).getInt64());
  row.skNonce = columnBytes(q.getColumn(7));
  row.skWrapped = columnBytes(q.getColumn(8));
  row.failedLogins = q.getColumn(9).getInt();
  if (!q.getColumn(10).isNull()) row.lockedUntil = q.getColumn(10).getInt64();
  row.isDisabled = q.getColumn(11).getInt() != 0;
  row.createdAt = q.getColumn(12).getInt64();
  row.passwordChangedAt = q.getColumn(13).getInt64();
  row.mustChangePassword = q.getColumn(14).getInt() != 0;
  if (!q.getColumn(15).isNull()) row.keyResetAt = q.getColumn(15).getInt64();
  if (!q.getColumn(16).isNull()) row.ownPasswordSince = q.getColumn(16).getInt64();
  if (!q.getColumn(17).isNull()) row.signPublicKey = columnBytes(q.getColumn(17));
  return row;
}

}  // namespace

Status UserStore::insert(const UserRow& row) {
  try {
    SQLite::Statement q(m_db.sql(),
                        fmt::format("INSERT INTO users ({}) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)", kColumns));
    q.bind(1, row.id);
    q.bind(2, row.name);
    q.bind(3, row.role);
    bindBytes(q, 4, row.publicKey);
    bindBytes(q, 5, row.kdfSalt);
    q.bind(6, static_cast<std::int64_t>(row.kdfOps));
    q.bind(7, static_cast<std::int64_t>(row.kdfMem));
    bindBytes(q, 8, row.skNonce);
    bindBytes(q, 9, row.skWrapped);
    q.bind(10, row.failedLogins);
    if (row.lockedUntil) q.bind(11, *row.lockedUntil); else q.bind(11);
    q.bind(12, row.isDisabled ? 1 : 0);
    q.bind(13, row.createdAt);
    q.bind(14, row.passwordChangedAt);
    q.bind(15, row.mustChangePassword ? 1 : 0);
    bindOptional(q, 16, row.keyResetAt);
    bindOptional(q, 17, row.ownPasswordSince);
    if (row.signPublicKey.empty())
      q.bind(18);
    else
      bindBytes(q, 18, row.signPublicKey);
    q.exec();
    return {};
  } catch (const SQLite::Exception& e) {
    if (e.getExtendedErrorCode() == SQLITE_CONSTRAINT_UNIQUE || e.getExtendedErrorCode() == SQLITE_CONSTRAINT_PRIMARYKEY)
      return fail(ErrorCode::AlreadyExists, trf("There is already an account named '{}'.", row.name));
    return fail(sqliteError(e));
  }
}

Result<std::optional<UserRow>> UserStore::findByName(const std::string& name) {
  return m_db.guarded([&]() -> Result<std::optional<UserRow>> {
    SQLite::Statement q(m_db.sql(), fmt::format("SELECT {} FROM users WHERE name = ?", kColumns));
    q.bind(1, name);
    if (!q.executeStep()) return std::optional<UserRow>{};
    return std::optional<UserRow>{readRow(q)};
  });
}

Result<std::optional<UserRow>> UserStore::findById(const std::string& id) {
  return m_db.guarded([&]() -> Result<std::optional<UserRow>> {
    SQLite::Statement q(m_db.sql(), fmt::format("SELECT {} FROM users WHERE id = ?", kColumns));
    q.bind(1, id);
    if (!q.executeStep()) return std::optional<UserRow>{};
    return std::optional<UserRow>{readRow(q)};
  });
}

Result<std::vector<UserRow>> UserStore::all() {
  return m_db.guarded([&]() -> Result<std::vector<UserRow>> {
    SQLite::Statement q(m_db.sql(), fmt::format("SELECT {} FROM users ORDER BY name", kColumns));
    std::vector<UserRow> rows;
    while (q.executeStep()) rows.push_back(readRow(q));
    return rows;
  });
}

Status UserStore::updateLoginState(const std::string& id, int failedLogins, std::optional<std::int64_t> lockedUntil) {
  return m_db.guarded([&]() -> Status {
    SQLite::Statement q(m_db.sql(), "UPDATE users SET failed_logins = ?, locked_until = ? WHERE id = ?");
    q.bind(1, failedLogins);
    if (lockedUntil) q.bind(2, *lockedUntil); else q.bind(2);
    q.bind(3, id);
    q.exec();
    return {};
  });
}

Status UserStore::updateKeys(const UserRow& row) {
  return m_db.guarded([&]() -> Status {
    SQLite::Statement q(m_db.sql(),
                        "UPDATE users SET public_key = ?, kdf_salt = ?, kdf_ops = ?, kdf_mem = ?, sk_nonce = ?, "
                        "sk_wrapped = ?, password_changed_at = ?, sign_public_key = ? WHERE id = ?");
    bindBytes(q, 1, row.publicKey);
    bindBytes(q, 2, row.kdfSalt);
    q.bind(3, static_cast<std::int64_t>(row.kdfOps));
    q.bind(4, static_cast<std::int64_t>(row.kdfMem));
    bindBytes(q, 5, row.skNonce);
    bindBytes(q, 6, row.skWrapped);
    q.bind(7, row.passwordChangedAt);
    if (row.signPublicKey.empty())
      q.bind(8);
    else
      bindBytes(q, 8, row.signPublicKey);
    q.bind(9, row.id);
    q.exec();
    return {};
  });
}

Status UserStore::setDisabled(const std::string& id, bool isDisabled) {
  return m_db.guarded([&]() -> Status {
    SQLite::Statement q(m_db.sql(), "UPDATE users SET is_disabled = ? WHERE id = ?");
    q.bind(1, isDisabled ? 1 : 0);
    q.bind(2, id);
    q.exec();
    return {};
  });
}

Result<int> UserStore::countActiveWithRole(const std::string& role) {
  return m_db.guarded([&]() -> Result<int> {
    SQLite::Statement q(m_db.sql(), "SELECT count(*) FROM users WHERE role = ? AND is_disabled = 0");
    q.bind(1, role);
    q.executeStep();
    return q.getColumn(0).getInt();
  });
}

Result<int> UserStore::dropRecordingKeys(const std::string& id) {
  return m_db.guarded([&]() -> Result<int> {
    SQLite::Statement q(m_db.sql(), "DELETE FROM recording_keys WHERE user_id = ?");
    q.bind(1, id);
    return q.exec();
  });
}

Result<std::vector<HeldKey>> UserStore::heldKeys(const std::string& id) {
  return m_db.guarded([&]() -> Result<std::vector<HeldKey>> {
    SQLite::Statement q(m_db.sql(),
                        "SELECT k.recording_id, r.owner_id = ?1, EXISTS (SELECT 1 FROM recording_keys o"
                        " WHERE o.recording_id = k.recording_id AND o.user_id <> ?1)"
                        " FROM recording_keys k JOIN recordings r ON r.id = k.recording_id WHERE k.user_id = ?1"
                        " ORDER BY k.recording_id");
    q.bind(1, id);
    std::vector<HeldKey> keys;
    while (q.executeStep())
      keys.push_back({q.getColumn(0).getString(), q.getColumn(1).getInt() != 0, q.getColumn(2).getInt() != 0});
    return keys;
  });
}

namespace {

// Runs one statement; binds with `bind`.
template <class Bind>
Status execute(Database& db, const char* sql, Bind&& bind) {
  return db.guarded([&]() -> Status {
    SQLite::Statement q(db.sql(), sql);
    bind(q);
    q.exec();
    return {};
  });
}

}  // namespace

Status UserStore::markReset(const std::string& id, std::int64_t at) {
  return execute(m_db,
                 "UPDATE users SET must_change_password = 1, key_reset_at = ?2, own_password_since = NULL"
                 " WHERE id = ?1",
                 [&](SQLite::Statement& q) {
                   q.bind(1, id);
                   q.bind(2, at);
                 });
}

Status UserStore::markOwnPassword(const std::string& id, std::int64_t at) {
  return execute(m_db, "UPDATE users SET must_change_password = 0, own_password_since = ?2 WHERE id = ?1",
                 [&](SQLite::Statement& q) {
                   q.bind(1, id);
                   q.bind(2, at);
                 });
}

Status UserStore::setSigningKey(const std::string& id, const std::vector<unsigned char>& publicKey, std::int64_t at) {
  VS_TRY(execute(m_db, "UPDATE users SET sign_public_key = ?2 WHERE id = ?1", [&](SQLite::Statement& q) {
    q.bind(1, id);
    bindBytes(q, 2, publicKey);
  }));
  return execute(m_db, "INSERT OR IGNORE INTO signing_keys (user_id, public_key, created_at) VALUES (?, ?, ?)",
                 [&](SQLite::Statement& q) {
                   q.bind(1, id);
                   bindBytes(q, 2, publicKey);
                   q.bind(3, at);
                 });
}

Result<bool> UserStore::wasSigningKey(const std::string& id, const std::vector<unsigned char>& publicKey) {
  return m_db.guarded([&]() -> Result<bool> {
    SQLite::Statement q(m_db.sql(), "SELECT 1 FROM signing_keys WHERE user_id = ? AND public_key = ?");
    q.bind(1, id);
    bindBytes(q, 2, publicKey);
    return q.executeStep();
  });
}

Status UserStore::claimLogin(const std::string& claimId, const std::string& userId, std::int64_t at) {
  return execute(m_db, "INSERT INTO login_claims (id, user_id, claimed_at) VALUES (?, ?, ?)",
                 [&](SQLite::Statement& q) {
                   q.bind(1, claimId);
                   q.bind(2, userId);
                   q.bind(3, at);
                 });
}

Status UserStore::releaseLogin(const std::string& claimId) {
  return execute(m_db, "DELETE FROM login_claims WHERE id = ?", [&](SQLite::Statement& q) { q.bind(1, claimId); });
}

Result<int> UserStore::loginsInFlight(const std::string& userId) {
  return m_db.guarded([&]() -> Result<int> {
    SQLite::Statement q(m_db.sql(), "SELECT count(*) FROM login_claims WHERE user_id = ?");
    q.bind(1, userId);
    q.executeStep();
    return q.getColumn(0).getInt();
  });
}

Result<int> UserStore::takeStaleLogins(const std::string& userId, std::int64_t before) {
  return m_db.guarded([&]() -> Result<int> {
    SQLite::Statement q(m_db.sql(), "DELETE FROM login_claims WHERE user_id = ? AND claimed_at < ?");
    q.bind(1, userId);
    q.bind(2, before);
    return q.exec();
  });
}

Result<std::optional<std::string>> SettingsStore::get(const std::string& key) {
  return m_db.guarded([&]() -> Result<std::optional<std::string>> {
    SQLite::Statement q(m_db.sql(), "SELECT value FROM settings WHERE key = ?");
    q.bind(1, key);
    if (!q.executeStep()) return std::optional<std::string>{};
    return std::optional<std::string>{q.getColumn(0).getString()};
  });
}

Status SettingsStore::set(const std::string& key, const std::string& value) {
  return m_db.guarded([&]() -> Status {
    SQLite::Statement q(m_db.sql(),
                        "INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value");
    q.bind(1, key);
    q.bind(2, value);
    q.exec();
    return {};
  });
}

}  // namespace vakspiegel
