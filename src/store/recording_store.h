// Rows of the recordings, consents, recording_files and recording_keys
// tables: plaintext metadata and sealed keys, never content.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.h"
#include "store/database.h"

namespace vakspiegel {

struct RecordingRow {
  std::string id;
  std::string ownerId;
  std::int64_t createdAt = 0;   // imported, UTC unix seconds
  std::int64_t recordedAt = 0;
  std::int64_t durationUs = 0;
  int width = 0, height = 0;    // displayed size
  std::string importMode;       // "remux" or "transcode"
};

struct ConsentRow {
  std::string recordingId;
  std::string scopes;  // comma-separated scope names
  std::string method;
  std::int64_t recordedAt = 0;
  std::int64_t registeredAt = 0;
  std::string registeredBy;
  std::int64_t retentionEnd = 0;
  std::string withdrawalCode;
  std::string state;
  std::int64_t stateChangedAt = 0;
};

// The kinds of file a recording has in media/, in manifest (alphabetical) order.
inline constexpr std::array<std::string_view, 4> kRecordingFileKinds = {"media", "speech", "thumbnails", "waveform"};

// The one name a recording's file of `kind` has in media/: "<id>.<kind>.vsc".
// Empty when the id is not a lower-case UUID or the kind is not one of
// kRecordingFileKinds. Names are generated, never taken from elsewhere.
[[nodiscard]] std::string recordingFileName(std::string_view recordingId, std::string_view kind);
// What a recording's file of `kind` is bound to in its container
// (vault/chunked_file.h): "<id>/<kind>". A file opens only as what it was
// written as, so the thumbnails cannot stand in for the media, nor one
// recording's file for another's.
[[nodiscard]] std::string recordingFileBinding(std::string_view recordingId, std::string_view kind);

struct RecordingFileRow {
  std::string recordingId;
  std::string kind;      // one of kRecordingFileKinds
  std::string fileName;  // recordingFileName(recordingId, kind), inside the vault's media/ folder
  std::int64_t sizeBytes = 0;
};

struct SealedKeyRow {
  std::string recordingId;
  std::string userId;
  std::vector<unsigned char> sealedKey;
  std::int64_t grantedAt = 0;
};

// A recording as a list shows it.
struct RecordingListing {
  RecordingRow recording;
  ConsentRow consent;
  std::string ownerName;
};

// For other stores that join the consents table (as alias `c`): its columns
// in the order readConsentRow reads them from column `first` on.
[[nodiscard]] const char* consentColumns();
[[nodiscard]] ConsentRow readConsentRow(SQLite::Statement& q, int first);

class RecordingStore {
 public:
  explicit RecordingStore(Database& db) : m_db(db) {}

  // Errors: AlreadyExists when the id is taken (or, for a consent, the
  // withdrawal code), and the store's errors.
  [[nodiscard]] Status insertRecording(const RecordingRow& row);
  [[nodiscard]] Status insertConsent(const ConsentRow& row);
  [[nodiscard]] Status insertFile(const RecordingFileRow& row);
  [[nodiscard]] Status insertKey(const SealedKeyRow& row);

  [[nodiscard]] Result<bool> withdrawalCodeExists(const std::string& code);
  [[nodiscard]] Result<std::optional<ConsentRow>> consentByCode(const std::string& code);
  [[nodiscard]] Result<std::optional<ConsentRow>> consentFor(const std::string& recordingId);
  [[nodiscard]] Result<std::optional<RecordingRow>> find(const std::string& recordingId);
  // Recordings the user owns or holds a sealed key of, newest recording first;
  // not those whose erasure was requested (hidden from that moment).
  [[nodiscard]] Result<std::vector<RecordingListing>> visibleTo(const std::string& userId);
  // The manifest, in kind order. Every row is checked: a file name that is not
  // the one recordingFileName() gives (a path, "../x", another recording's
  // file) fails with CorruptData, so no caller ever opens or removes it.
  [[nodiscard]] Result<std::vector<RecordingFileRow>> files(const std::string& recordingId);
  [[nodiscard]] Result<std::optional<std::vector<unsigned char>>> sealedKey(const std::string& recordingId,
                                                                            const std::string& userId);
  [[nodiscard]] Result<std::vector<std::string>> keyHolders(const std::string& recordingId);
  [[nodiscard]] Result<std::int64_t> count();

 private:
  Database& m_db;
};

}  // namespace vakspiegel
