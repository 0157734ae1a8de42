// The names of the erasure reasons and states: as stored, and as shown to the
// user. See erasure.h.
#include "consent/erasure.h"

#include "core/i18n.h"

namespace vakspiegel::consent {

std::string_view erasureReasonName(ErasureReason reason) {
  switch (reason) {
    case ErasureReason::Withdrawn: return "withdrawn";
    case ErasureReason::RetentionEnded: return "retention_ended";
    case ErasureReason::OwnerDeleted: return "owner_deleted";
    case ErasureReason::KeyLost: return "key_lost";
  }
  return "withdrawn";
}

std::optional<ErasureReason> erasureReasonFromName(std::string_view name) {
  for (const ErasureReason r :
       {ErasureReason::Withdrawn, ErasureReason::RetentionEnded, ErasureReason::OwnerDeleted, ErasureReason::KeyLost})
    if (erasureReasonName(r) == name) return r;
  return std::nullopt;
}

std::string erasureReasonDisplayName(ErasureReason reason) {
  switch (reason) {
    case ErasureReason::Withdrawn: return tr("consent withdrawn");
    case ErasureReason::RetentionEnded: return tr("retention period ended");
    case ErasureReason::OwnerDeleted: return tr("deleted by the owner");
    case ErasureReason::KeyLost: return tr("key lost");
  }
  return {};
}

std::string_view erasureStateName(ErasureState state) {
  switch (state) {
    case ErasureState::Pending: return "pending";
    case ErasureState::KeysDestroyed: return "keys_destroyed";
    case ErasureState::FilesRemoved: return "files_removed";
    case ErasureState::Done: return "done";
  }
  return "pending";
}

std::optional<ErasureState> erasureStateFromName(std::string_view name) {
  for (const ErasureState s :
       {ErasureState::Pending, ErasureState::KeysDestroyed, ErasureState::FilesRemoved, ErasureState::Done})
    if (erasureStateName(s) == name) return s;
  return std::nullopt;
}

}  // namespace vakspiegel::consent
