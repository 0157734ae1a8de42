// The schema's history. Append-only: a released migration is never edited or
// renumbered; a change is a new entry. tests/core/database_test.cpp creates a
// database at every historical version and migrates it to the latest.
#include "store/database.h"

namespace vakspiegel {

const std::vector<Migration>& migrations() {
  static const std::vector<Migration> list = {
      {1, "settings, users, audit log",
       R"sql(
CREATE TABLE settings (
  key   TEXT PRIMARY KEY NOT NULL,
  value TEXT NOT NULL
) STRICT;

CREATE TABLE users (
  id                  TEXT PRIMARY KEY NOT NULL,
  name                TEXT NOT NULL UNIQUE COLLATE NOCASE,
  role                TEXT NOT NULL
                      CHECK (role IN ('klantmanager', 'coach', 'privacy_officer', 'administrator')),
  public_key          BLOB NOT NULL,
  kdf_salt            BLOB NOT NULL,
  kdf_ops             INTEGER NOT NULL,
  kdf_mem             INTEGER NOT NULL,
  sk_nonce            BLOB NOT NULL,
  sk_wrapped          BLOB NOT NULL,
  failed_logins       INTEGER NOT NULL DEFAULT 0,
  locked_until        INTEGER,
  is_disabled         INTEGER NOT NULL DEFAULT 0,
  created_at          INTEGER NOT NULL,
  password_changed_at INTEGER NOT NULL
) STRICT;

-- Append-only, hash-chained (audit_log.h). Never content, never a citizen's identity.
CREATE TABLE audit_log (
  seq          INTEGER PRIMARY KEY NOT NULL,
  time         INTEGER NOT NULL,
  actor_id     TEXT NOT NULL,
  actor_role   TEXT NOT NULL,
  action       TEXT NOT NULL,
  object_type  TEXT NOT NULL,
  object_id    TEXT NOT NULL,
  result       TEXT NOT NULL CHECK (result IN ('ok', 'denied', 'error')),
  workstation  TEXT NOT NULL,
  reason       TEXT NOT NULL,
  app_version  TEXT NOT NULL,
  prev_hash    BLOB NOT NULL,
  hash         BLOB NOT NULL
) STRICT;

CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
)sql"},
      {2, "recordings and their sealed data keys",
       R"sql(
CREATE TABLE recordings (
  id          TEXT PRIMARY KEY NOT NULL,
  owner_id    TEXT NOT NULL REFERENCES users(id),
  created_at  INTEGER NOT NULL
) STRICT;

-- A recording's data key sealed to one user (crypto_box_seal): the owner, and
-- each coach it is shared with. Deleting every row of a recording is
-- crypto-shredding.
CREATE TABLE recording_keys (
  recording_id TEXT NOT NULL REFERENCES recordings(id) ON DELETE CASCADE,
  user_id      TEXT NOT NULL REFERENCES users(id),
  sealed_key   BLOB NOT NULL,
  granted_at   INTEGER NOT NULL,
  PRIMARY KEY (recording_id, user_id)
) STRICT;
CREATE INDEX recording_keys_by_user ON recording_keys(user_id);
)sql"},
  };
  return list;
}

int latestSchemaVersion() { return migrations().back().version; }

}  // namespace vakspiegel
