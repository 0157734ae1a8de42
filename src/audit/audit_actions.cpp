// The Dutch words for the audit actions; see audit_actions.h.
#include "audit/audit_actions.h"

#include "core/i18n.h"

namespace vakspiegel::audit_action {

std::string displayName(std::string_view action) {
  if (action == kRecordingImport) return tr("imported");
  if (action == kConsentRegister) return tr("consent registered");
  if (action == kConsentShow) return tr("consent looked up");
  if (action == kRecordingPlay) return tr("opened to watch");
  if (action == kRecordingCover) return tr("picture shown in the library");
  if (action == kAnnotationAdd) return tr("annotation added");
  if (action == kAnnotationRead) return tr("annotations read");
  if (action == kAnnotationEdit) return tr("annotation changed");
  if (action == kAnnotationDelete) return tr("annotation deleted");
  if (action == kRecordingShare) return tr("shared with a coach");
  if (action == kRecordingRevokeShare) return tr("sharing taken back");
  if (action == kRecordingAccessLog) return tr("access log viewed");
  // What the access policy refused is stored under the policy's action name.
  if (action == "play") return tr("open to watch");
  if (action == "annotate") return tr("add an annotation");
  if (action == "read_annotations") return tr("read annotations");
  if (action == "share") return tr("share");
  if (action == "revoke_share") return tr("take sharing back");
  if (action == "read_access_log") return tr("view the access log");
  if (action == "erase") return tr("delete");
  return std::string(action);
}

}  // namespace vakspiegel::audit_action
