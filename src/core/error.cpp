// Names of error codes for logs and machine-readable output.
#include "core/error.h"

namespace vakspiegel {

const char* errorCodeName(ErrorCode code) {
  switch (code) {
    case ErrorCode::Unknown: return "unknown";
    case ErrorCode::InvalidArgument: return "invalid_argument";
    case ErrorCode::NotFound: return "not_found";
    case ErrorCode::AlreadyExists: return "already_exists";
    case ErrorCode::PermissionDenied: return "permission_denied";
    case ErrorCode::WrongPassword: return "wrong_password";
    case ErrorCode::AccountLocked: return "account_locked";
    case ErrorCode::AccountDisabled: return "account_disabled";
    case ErrorCode::VaultMissing: return "vault_missing";
    case ErrorCode::VaultExists: return "vault_exists";
    case ErrorCode::NotAVault: return "not_a_vault";
    case ErrorCode::VaultTooNew: return "vault_too_new";
    case ErrorCode::VaultBusy: return "vault_busy";
    case ErrorCode::Io: return "io";
    case ErrorCode::DiskFull: return "disk_full";
    case ErrorCode::CorruptData: return "corrupt_data";
    case ErrorCode::WrongKey: return "wrong_key";
    case ErrorCode::Unsupported: return "unsupported";
    case ErrorCode::Cancelled: return "cancelled";
    case ErrorCode::Internal: return "internal";
  }
  return "unknown";
}

}  // namespace vakspiegel
