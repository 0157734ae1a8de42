// Text and JSON forms that more than one command group prints; see format.h.
#include "cli/format.h"

#include <ctime>

#include "core/clock.h"
#include "core/i18n.h"

namespace vakspiegel::cli {
using nlohmann::json;

std::string formatLocal(WallTime t) {
  const std::time_t seconds = static_cast<std::time_t>(toUnixSeconds(t));
  std::tm local{};
  localtime_r(&seconds, &local);
  char text[32];
  std::strftime(text, sizeof text, "%Y-%m-%d %H:%M:%S", &local);
  return text;
}

json verificationJson(const AuditVerification& v) {
  json j = {{"intact", v.isIntact},
            {"entries_checked", v.entriesChecked},
            {"head", v.head.toString()},
            {"checkpoints_verified", v.checkpointsVerified}};
  j["own_checkpoints_verified"] = v.ownCheckpointsVerified;
  if (v.newestOwnCheckpoint)
    j["newest_own_checkpoint"] = {{"seq", v.newestOwnCheckpoint->seq},
                                  {"signed_at", formatUtc(v.newestOwnCheckpoint->signedAt)}};
  if (v.newestCheckpoint)
    j["newest_checkpoint"] = {{"seq", v.newestCheckpoint->seq},
                              {"signer_id", v.newestCheckpoint->signerId},
                              {"signed_at", formatUtc(v.newestCheckpoint->signedAt)}};
  j["first_bad_seq"] = v.firstBadSeq ? json(*v.firstBadSeq) : json(nullptr);
  if (!v.isIntact) j["problem"] = v.problem;
  return j;
}

std::string verificationText(const AuditVerification& v) {
  if (v.isIntact) {
    std::string text =
        trf("The audit log is intact: {} entries checked.\nChain head: {}", v.entriesChecked, v.head.toString());
    if (v.newestCheckpoint)
      text += std::string("\n") +
              trf("{} signed checkpoint(s) verified; the newest covers entry {} and was signed on {}.",
                  v.checkpointsVerified, v.newestCheckpoint->seq, formatUtc(v.newestCheckpoint->signedAt));
    // The officer's own: checked with the key their password opened. One who
    // verified before and sees none here knows their checkpoints were removed.
    text += std::string("\n") +
            (v.newestOwnCheckpoint
                 ? trf("Your own newest checkpoint (checked with your own key): entry {}, signed on {}.",
                       v.newestOwnCheckpoint->seq, formatUtc(v.newestOwnCheckpoint->signedAt))
                 : tr("You have no checkpoint of your own in this log yet; this verification signs one."));
    return text;
  }
  return trf(
      "THE AUDIT LOG HAS BEEN ALTERED. First bad entry: {}.\n{}\nReport this to the privacy officer "
      "(FG) and keep a copy of the vault as it is.",
      v.firstBadSeq.value_or(0), v.problem);
}

json certificateJson(const consent::DeletionCertificate& c) {
  return {{"recording_id", c.recordingId},
          {"reason", consent::erasureReasonName(c.reason)},
          {"state", consent::erasureStateName(c.state)},
          {"requested_at", formatUtc(c.requestedAt)},
          {"requested_by", c.requestedBy},
          {"completed_at", c.completedAt ? json(formatUtc(*c.completedAt)) : json(nullptr)},
          {"ciphertext_bytes", c.ciphertextBytes},
          {"ciphertext_blake2b", c.ciphertextHash}};
}

}  // namespace vakspiegel::cli
