// Accounts, as the administrator manages them and as each user changes their
// own password (R4: an administrator gets no content by any path, so every
// password an administrator sets is a one-time password).
#pragma once

#include <string>
#include <vector>

#include "accounts/accounts.h"
#include "app/vault.h"
#include "core/error.h"

namespace vakspiegel {

// What an administrator's reset of an account would cost, said (and
// audited) before it is done: the confirmation names these numbers.
struct ResetPreview {
  UserInfo user;
  int recordingKeysLost = 0;  // recordings this user can no longer open
  int recordingsErased = 0;   // of those, recordings nobody else can open: the sweep erases them (key_lost)
  int sharesLost = 0;         // recordings of others shared with this user
};

struct ResetOutcome {
  UserInfo user;
  int recordingKeysLost = 0;  // recordings this user can no longer open
  int recordingsErased = 0;   // erased by the next sweep (key_lost)
  int sharesLost = 0;
  bool isOldKeyWiped = false;  // as in PasswordChange
};

struct PasswordChange {
  bool isOldKeyWiped = false;  // see AccountService::changePassword
};

class AccountService {
 public:
  explicit AccountService(Vault& vault);

  // Account management (administrator). Errors: PermissionDenied, NotFound,
  // AlreadyExists, InvalidArgument, and the store's errors. The last active
  // administrator cannot be disabled; nobody disables themself.
  [[nodiscard]] Result<UserInfo> addUser(const Session& actor, const std::string& name, Role role,
                                         const std::string& password);
  [[nodiscard]] Result<std::vector<UserInfo>> listUsers(const Session& actor);
  [[nodiscard]] Status setUserDisabled(const Session& actor, const std::string& name, bool isDisabled);
  // A reset gives the account a new key pair and a one-time password (the
  // user must choose their own before anything else, which makes another new
  // key pair); every recording key sealed to the old key pair is lost.
  // previewReset says what that costs and audits the warning; resetUser
  // needs `confirmedErasures`, the number of recordings the preview said
  // would be erased, and refuses (InvalidArgument) when that changed.
  [[nodiscard]] Result<ResetPreview> previewReset(const Session& actor, const std::string& name);
  [[nodiscard]] Result<ResetOutcome> resetUser(const Session& actor, const std::string& name,
                                               const std::string& newPassword, int confirmedErasures);

  // Any user, for themself; also the one thing a session with a one-time
  // password may do. Errors: WrongPassword, InvalidArgument.
  // isOldKeyWiped is false while another program holds an older snapshot of
  // the vault: the old wrapped key is then still in the database file until
  // the next sweep or open wipes it (which matters when the old password leaked).
  [[nodiscard]] Result<PasswordChange> changePassword(Session& session, const std::string& oldPassword,
                                                      const std::string& newPassword);

 private:
  detail::VaultContext& m_ctx;
};

}  // namespace vakspiegel
