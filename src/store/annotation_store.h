// Rows of the annotations table: where an annotation sits on a recording's
// timeline (a point or a range), its layer, who wrote it and when
// (plaintext metadata), and its content sealed under the recording's data
// key (vault/keys.h sealField, bound to the row id): format 1 the text alone,
// format 2 a payload of text, category and prompt link. This file never sees
// plaintext content. Deleting every annotation of a recording is erasure and
// lives in erasure_store.h; remove() is one author deleting one annotation.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/error.h"
#include "store/database.h"

namespace vakspiegel {

// What sealed_text seals (migration 6).
inline constexpr int kSealedFormatText = 1;     // the text, as written before migration 6
inline constexpr int kSealedFormatPayload = 2;  // app/internal/annotation_payload.h

struct AnnotationRow {
  std::string id;
  std::string recordingId;
  std::string authorId;
  std::string authorName;     // filled by reads (users.name); ignored by insert
  std::string layer = "own";  // "own", "coach" or "citizen"
  std::int64_t positionUs = 0;
  std::optional<std::int64_t> endUs;  // NULL: a point
  std::int64_t createdAt = 0;         // UTC unix seconds
  std::optional<std::int64_t> updatedAt;
  int sealedFormat = kSealedFormatPayload;
  std::vector<unsigned char> sealedText;
};

class AnnotationStore {
 public:
  explicit AnnotationStore(Database& db) : m_db(db) {}

  // Errors: AlreadyExists when the id is taken, InvalidArgument when the
  // recording is being erased, and the store's errors.
  [[nodiscard]] Status insert(const AnnotationRow& row);
  // Replaces position, end, sealed text and its format and sets updated_at
  // of the row with row.id on row.recordingId (layer, author and creation
  // time stay). Returns whether there was such a row. Errors as insert.
  [[nodiscard]] Result<bool> update(const AnnotationRow& row);
  // Deletes one annotation (secure_delete zeroes it in the page). Returns
  // whether there was one with that id on that recording.
  [[nodiscard]] Result<bool> remove(const std::string& recordingId, const std::string& annotationId);
  // The annotation with that id on that recording, if any.
  [[nodiscard]] Result<std::optional<AnnotationRow>> find(const std::string& recordingId,
                                                          const std::string& annotationId);
  // Every annotation of the recording (only `layer` when given), whoever
  // wrote it, by position (then time written, then id, so the order is stable).
  [[nodiscard]] Result<std::vector<AnnotationRow>> forRecording(const std::string& recordingId,
                                                                const std::optional<std::string>& layer = std::nullopt);

 private:
  Database& m_db;
};

}  // namespace vakspiegel
