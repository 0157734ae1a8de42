// Import with consent (R1): what a klantmanager brings in, a camera file and
// the citizen's consent, encrypted into the vault as it is read.
#pragma once

#include <filesystem>
#include <string>

#include "accounts/accounts.h"
#include "app/vault.h"
#include "consent/consent_record.h"
#include "consent/receipt.h"
#include "core/error.h"
#include "media/import.h"

namespace vakspiegel {

struct ImportRequest {
  std::filesystem::path source;
  std::string ownerName;  // empty: the importing user; klantmanagers import their own recordings
  consent::ConsentRequest consent;
  bool wipeSource = false;  // overwrite and delete the source after a verified import
  media::ImportOptions media;
};

struct ImportOutcome {
  std::string recordingId;
  consent::ConsentRecord consent;
  consent::ReceiptDocument receipt;
  media::ImportReport report;
  bool isSourceWiped = false;
  std::string wipeProblem;  // why the source was not wiped although asked, in the user's language
};

class ImportService {
 public:
  explicit ImportService(Vault& vault);

  // Import (klantmanager, own recordings; R1): validates the consent first,
  // then encrypts the media and its derived data into the vault as they are
  // made (plaintext never touches the disk), then commits recording, consent,
  // sealed key, files and audit entries in one transaction. A failed or
  // cancelled import leaves nothing behind: no file, no row, no key.
  // `progress` is called on the calling thread; returning false cancels.
  // Errors: PermissionDenied, InvalidArgument (consent), VaultBusy (checked
  // before the work starts and at commit), media's errors (NotFound,
  // Unsupported, CorruptData, Cancelled), DiskFull, Io.
  [[nodiscard]] Result<ImportOutcome> importRecording(const Session& actor, const ImportRequest& request,
                                                      const media::ProgressCallback& progress = {});

 private:
  detail::VaultContext& m_ctx;
};

}  // namespace vakspiegel
