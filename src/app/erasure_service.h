// Erasure as users ask for it and as the rules demand it (R2, R3): a
// citizen's withdrawal by code, the owner's delete, and the sweep. The work
// is consent::Eraser's (consent/erasure.h, the only code that erases); this
// service decides who may ask.
#pragma once

#include <string>

#include "accounts/accounts.h"
#include "app/vault.h"
#include "consent/erasure.h"
#include "core/error.h"

namespace vakspiegel {

class ErasureService {
 public:
  explicit ErasureService(Vault& vault);

  // A citizen's withdrawal by code (R2), registered by the privacy officer or
  // the owner: the recording is unplayable when the request is committed and
  // erased (keys, annotations, files) before this returns.
  // Errors: InvalidArgument (malformed code), NotFound, PermissionDenied, the store's.
  [[nodiscard]] Result<consent::DeletionCertificate> withdrawByCode(const Session& actor, const std::string& code);
  // The owner deletes a recording. Errors: NotFound, PermissionDenied, the store's.
  [[nodiscard]] Result<consent::DeletionCertificate> deleteRecording(const Session& actor,
                                                                     const std::string& recordingId);
  // Resumes unfinished erasures, erases what is past its retention end,
  // removes orphans and wipes deleted key material still in the database
  // files. Needs no login: it never decrypts, it only erases what the rules
  // say (the systemd timer runs it as a system user).
  [[nodiscard]] Result<consent::SweepReport> sweep();

 private:
  detail::VaultContext& m_ctx;
};

}  // namespace vakspiegel
