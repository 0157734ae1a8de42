// What the tests reach inside an open vault and no user-facing code may: its
// database connection, audit log, erasure journal and the access policy's
// facts about a recording. Test-only (the layering test keeps it out of
// src/, ui/ and media/).
#pragma once

#include <string>

#include "app/internal/vault_context.h"
#include "app/vault.h"

namespace vakspiegel::test {

[[nodiscard]] inline Database& database(Vault& vault) {
  return *vault.context().db;
}
[[nodiscard]] inline AuditLog& audit(Vault& vault) {
  return vault.context().audit;
}
[[nodiscard]] inline consent::Eraser eraser(Vault& vault) {
  return vault.context().eraser();
}
[[nodiscard]] inline Result<RecordingFacts> recordingFacts(Vault& vault, const std::string& recordingId) {
  return vault.context().recordingFacts(recordingId);
}

}  // namespace vakspiegel::test
