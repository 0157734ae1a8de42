// Opening a recording to watch it (R4, R6): the access policy decides on the
// recording, then the user's own sealed copy of its data key opens the
// decrypting readers of its media and derived data. Plaintext never touches
// the disk.
#pragma once

#include <memory>
#include <string>

#include "accounts/accounts.h"
#include "app/vault.h"
#include "core/error.h"
#include "media/analysis.h"
#include "media/import.h"
#include "vault/chunked_file.h"
#include "vault/keys.h"

namespace vakspiegel {

namespace detail {
class UseCase;
}

// A recording opened for watching: its data key and the decrypting readers
// of its media and derived data (plaintext never touches the disk), each
// opened as the kind it is (a file of another kind does not open).
struct OpenedRecording {
  std::string recordingId;
  DataKey key;
  std::unique_ptr<ChunkedFileReader> media;
  std::unique_ptr<ChunkedFileReader> thumbnails, waveform, speech;  // null when the recording has none
};

// What the review screen's timeline draws, decrypted and parsed; each part
// empty when the recording has none.
struct TimelineData {
  media::ThumbnailStrip thumbnails;
  media::WaveformPeaks waveform;
  media::SpeechActivity speech;
};

// Reads the derived files of a recording opened by openRecording (opening
// was the access check and is the audit entry). Errors: CorruptData, Io,
// Unsupported (a newer format).
[[nodiscard]] Result<TimelineData> readTimeline(OpenedRecording& opened);

class PlaybackService {
 public:
  explicit PlaybackService(Vault& vault);

  // The owner, or a coach it is shared with; consent in force and retention
  // not ended, even when no sweep ran yet. Audited, allowed or not.
  // Errors: NotFound, PermissionDenied, CorruptData, the store's.
  [[nodiscard]] Result<OpenedRecording> openRecording(const Session& actor, const std::string& recordingId);
  // The picture a library shows for a recording: the thumbnail about a tenth
  // into it (JPEG; empty when the recording has none). Whoever may watch the
  // recording may see it; audited as recording.cover, allowed or not.
  // Errors: those of openRecording.
  [[nodiscard]] Result<Bytes> coverPicture(const Session& actor, const std::string& recordingId);

 private:
  // The decrypting readers of the recording's files, all of them or only
  // those of `onlyKind`; failures are audited on `useCase`.
  [[nodiscard]] Result<OpenedRecording> openFiles(detail::UseCase& useCase, const std::string& recordingId,
                                                  std::string_view onlyKind);

  detail::VaultContext& m_ctx;
};

}  // namespace vakspiegel
