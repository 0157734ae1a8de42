// Annotations on a recording (R4, R6): text sealed under the recording's
// data key, readable by the owner and the coaches it is shared with. The
// audit log never holds annotation text, only the annotation's id.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "accounts/accounts.h"
#include "app/vault.h"
#include "core/clock.h"
#include "core/error.h"
#include "vault/secure_bytes.h"

namespace vakspiegel {

// The layer an annotation is in follows its author (product.md, step 3 and
// 4): the klantmanager's own, the coach's, and the citizen's (written by the
// klantmanager on the citizen's behalf, only with the citizen_review scope).
enum class AnnotationLayer { Own, Coach, Citizen };
// Stable names, as stored and in the CLI: "own", "coach", "citizen".
[[nodiscard]] std::string_view layerName(AnnotationLayer layer);
[[nodiscard]] std::optional<AnnotationLayer> layerFromName(std::string_view name);

// What a user writes: a point (endUs unset) or a range [positionUs, endUs],
// optionally a category of a coding scheme (coding_scheme_service.h) and a
// link to the recall prompt it answers (both in coding_scheme_service.h).
struct AnnotationDraft {
  // addAnnotation only: the id to give it (a UUID not in use; empty: a new
  // one). Undoing a delete brings the annotation back under its own id.
  std::string id;
  std::int64_t positionUs = 0;
  std::optional<std::int64_t> endUs;
  // Unset: the author's own layer (Own for the owner, Coach for a coach).
  std::optional<AnnotationLayer> layer;
  std::string categoryId;  // empty: no category
  std::string promptId;    // empty: not an answer to a prompt
  std::string text;

  ~AnnotationDraft() { wipe(text); }
  AnnotationDraft() = default;
  AnnotationDraft(const AnnotationDraft&) = default;
  AnnotationDraft(AnnotationDraft&&) = default;
  AnnotationDraft& operator=(const AnnotationDraft&) = default;
  AnnotationDraft& operator=(AnnotationDraft&&) = default;
};

// An annotation as its reader sees it (text, category and prompt link
// decrypted). The text is content: every copy wipes it when it goes
// (vault/secure_bytes.h wipe()).
struct Annotation {
  std::string id;
  std::string recordingId;
  std::string authorId;
  std::string authorName;
  AnnotationLayer layer = AnnotationLayer::Own;
  std::int64_t positionUs = 0;
  std::optional<std::int64_t> endUs;  // set for a range
  std::string categoryId;             // empty: none
  std::string categoryName;           // the category's name in its scheme (empty: none or no longer in a scheme)
  std::string promptId;               // empty: not an answer to a prompt
  WallTime createdAt;
  WallTime updatedAt;  // createdAt until it is edited
  std::string text;

  Annotation() = default;
  Annotation(const Annotation&) = default;
  Annotation(Annotation&&) = default;
  // The text an assignment replaces is wiped first.
  Annotation& operator=(const Annotation& other) {
    if (this != &other) {
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
      authorId = std::move(other.authorId);
      authorName = std::move(other.authorName);
      layer = other.layer;
      positionUs = other.positionUs;
      endUs = other.endUs;
      categoryId = std::move(other.categoryId);
      categoryName = std::move(other.categoryName);
      promptId = std::move(other.promptId);
      createdAt = other.createdAt;
      updatedAt = other.updatedAt;
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
  // long, not UTF-8, outside the recording, a range that ends before it
  // starts, an unknown category or prompt, a layer not the author's, the
  // citizen layer without the citizen_review scope), CorruptData, the store's.
  [[nodiscard]] Result<Annotation> addAnnotation(const Session& actor, const std::string& recordingId,
                                                 const AnnotationDraft& draft);
  // A point in the author's own layer, no category.
  [[nodiscard]] Result<Annotation> addAnnotation(const Session& actor, const std::string& recordingId,
                                                 std::int64_t positionUs, const std::string& text);
  // Only the author changes or deletes an annotation. Edit replaces moment,
  // end, category and text; the layer and the prompt link stay (the draft's
  // are ignored). Errors also NotFound (no such annotation on the recording),
  // PermissionDenied ("not_author").
  [[nodiscard]] Result<Annotation> editAnnotation(const Session& actor, const std::string& recordingId,
                                                  const std::string& annotationId, const AnnotationDraft& draft);
  [[nodiscard]] Status deleteAnnotation(const Session& actor, const std::string& recordingId,
                                        const std::string& annotationId);
  // By position; only `layer` when given.
  [[nodiscard]] Result<std::vector<Annotation>> listAnnotations(const Session& actor, const std::string& recordingId,
                                                                std::optional<AnnotationLayer> layer = std::nullopt);

 private:
  detail::VaultContext& m_ctx;
};

}  // namespace vakspiegel
