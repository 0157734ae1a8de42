// Annotations on a recording (R4, R6): text sealed under the recording's
// data key, readable by the owner and the coaches it is shared with. The
// audit log never holds annotation text, only the annotation's id.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "accounts/accounts.h"
#include "app/vault.h"
#include "core/clock.h"
#include "core/error.h"
#include "vault/secure_bytes.h"

namespace vakspiegel {

// An annotation as its reader sees it (text decrypted). The text is content:
// every copy wipes it when it goes (vault/secure_bytes.h wipe()).
struct Annotation {
  std::string id;
  std::string recordingId;
  std::string authorName;
  std::int64_t positionUs = 0;
  WallTime createdAt;
  std::string text;

  Annotation() = default;
  Annotation(std::string id_, std::string recordingId_, std::string authorName_, std::int64_t positionUs_,
             WallTime createdAt_, std::string text_)
      : id(std::move(id_)),
        recordingId(std::move(recordingId_)),
        authorName(std::move(authorName_)),
        positionUs(positionUs_),
        createdAt(createdAt_),
        text(std::move(text_)) {}
  Annotation(const Annotation&) = default;
  Annotation(Annotation&&) = default;
  // The text an assignment replaces is wiped first.
  Annotation& operator=(const Annotation& other) {
    if (this != &other) {
      wipe(text);
      Annotation copy(other);
      *this = std::move(copy);
    }
    return *this;
  }
  Annotation& operator=(Annotation&& other) noexcept {
    if (this != &other) {
      wipe(text);
      id = std::move(other.id);
      recordingId = std::move(other.recordingId);
      authorName = std::move(other.authorName);
      positionUs = other.positionUs;
      createdAt = other.createdAt;
      text = std::move(other.text);
    }
    return *this;
  }
  ~Annotation() { wipe(text); }
};

class AnnotationService {
 public:
  explicit AnnotationService(Vault& vault);

  // Each call is decided on the recording (owner, or a coach it is shared
  // with; consent in force and retention not ended) and audited, allowed or
  // not. Errors: NotFound, PermissionDenied, InvalidArgument (empty, too
  // long, not UTF-8, outside the recording), CorruptData, the store's.
  [[nodiscard]] Result<Annotation> addAnnotation(const Session& actor, const std::string& recordingId,
                                                 std::int64_t positionUs, const std::string& text);
  [[nodiscard]] Result<std::vector<Annotation>> listAnnotations(const Session& actor, const std::string& recordingId);

 private:
  detail::VaultContext& m_ctx;
};

}  // namespace vakspiegel
