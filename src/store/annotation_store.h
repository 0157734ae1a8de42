// Rows of the annotations table: where an annotation sits on a recording's
// timeline, who wrote it and when (plaintext metadata), and its text sealed
// under the recording's data key (vault/keys.h sealField, bound to the row
// id). This file never sees plaintext text. Deleting annotations is erasure
// and lives in erasure_store.h.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "core/error.h"
#include "store/database.h"

namespace vakspiegel {

struct AnnotationRow {
  std::string id;
  std::string recordingId;
  std::string authorId;
  std::string authorName;  // filled by reads (users.name); ignored by insert
  std::int64_t positionUs = 0;
  std::int64_t createdAt = 0;  // UTC unix seconds
  std::vector<unsigned char> sealedText;
};

class AnnotationStore {
 public:
  explicit AnnotationStore(Database& db) : m_db(db) {}

  // Errors: AlreadyExists when the id is taken, and the store's errors.
  [[nodiscard]] Status insert(const AnnotationRow& row);
  // Every annotation of the recording, whoever wrote it, by position (then
  // time written, then id, so the order is stable).
  [[nodiscard]] Result<std::vector<AnnotationRow>> forRecording(const std::string& recordingId);

 private:
  Database& m_db;
};

}  // namespace vakspiegel
