// The recordings a user may see, and a consent record looked up by the
// citizen's withdrawal code: metadata only, never content.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "accounts/accounts.h"
#include "app/vault.h"
#include "consent/consent_record.h"
#include "core/error.h"

namespace vakspiegel {

// A recording as its owner or a coach sees it in a list: metadata only.
struct RecordingInfo {
  std::string id;
  std::string ownerName;
  bool isOwn = false;
  WallTime importedAt;
  std::int64_t durationUs = 0;
  int width = 0, height = 0;
  std::string importMode;
  consent::ConsentRecord consent;  // withdrawalCode empty unless isOwn
};

// A consent record as the privacy officer or the owner looks it up by code.
struct ConsentInfo {
  consent::ConsentRecord consent;
  std::string ownerName;
  std::int64_t durationUs = 0;
};

class RecordingService {
 public:
  explicit RecordingService(Vault& vault);

  // What this user may see: own recordings, and those shared with them.
  [[nodiscard]] Result<std::vector<RecordingInfo>> listRecordings(const Session& actor);
  // By withdrawal code (any spelling normalizeWithdrawalCode accepts): the
  // privacy officer, or the owner. Audited. Errors: InvalidArgument (a
  // malformed code), NotFound, PermissionDenied.
  [[nodiscard]] Result<ConsentInfo> consentByCode(const Session& actor, const std::string& code);
  // Whether `actor` may still watch the recording now: it exists, its
  // consent is in force (not withdrawn, not past retention, not being
  // erased) and they are its owner or a coach it is shared with. A window
  // asks this while a recording is open, so it stops showing one that was
  // withdrawn, deleted or expired by any program. Not audited (it reads no
  // content and reveals nothing about recordings the actor cannot see).
  [[nodiscard]] Result<bool> isWatchable(const Session& actor, const std::string& recordingId);

 private:
  detail::VaultContext& m_ctx;
};

}  // namespace vakspiegel
