// The schema's history. Append-only: a released migration is never edited or
// renumbered; a change is a new entry. tests/store/database_test.cpp creates a
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
      {3, "imported recordings: metadata, consent records, encrypted files",
       R"sql(
-- Plaintext metadata only (architecture.md): what the sweep, the registry and
-- a list need. Never a file name of the source, never a citizen's identity.
ALTER TABLE recordings ADD COLUMN recorded_at INTEGER NOT NULL DEFAULT 0;
ALTER TABLE recordings ADD COLUMN duration_us INTEGER NOT NULL DEFAULT 0;
ALTER TABLE recordings ADD COLUMN width INTEGER NOT NULL DEFAULT 0;
ALTER TABLE recordings ADD COLUMN height INTEGER NOT NULL DEFAULT 0;
ALTER TABLE recordings ADD COLUMN import_mode TEXT NOT NULL DEFAULT 'remux'
  CHECK (import_mode IN ('remux', 'transcode'));
CREATE INDEX recordings_by_owner ON recordings(owner_id);

-- One consent record per recording (product.md R1). Kept after erasure, with
-- state 'erased', as part of the content-free tombstone.
CREATE TABLE consents (
  recording_id     TEXT PRIMARY KEY NOT NULL REFERENCES recordings(id),
  scopes           TEXT NOT NULL,  -- scope names, comma-separated, e.g. 'self_review,coach_review'
  method           TEXT NOT NULL CHECK (method IN ('verbal', 'paper', 'digital')),
  recorded_at      INTEGER NOT NULL,
  registered_at    INTEGER NOT NULL,
  registered_by    TEXT NOT NULL REFERENCES users(id),
  retention_end    INTEGER NOT NULL,
  withdrawal_code  TEXT NOT NULL UNIQUE,
  state            TEXT NOT NULL CHECK (state IN ('given', 'withdrawn', 'expired', 'erased')),
  state_changed_at INTEGER NOT NULL
) STRICT;
CREATE INDEX consents_by_retention_end ON consents(retention_end);

-- The encrypted files of a recording in media/ (chunked AEAD containers under
-- the recording's data key).
CREATE TABLE recording_files (
  recording_id TEXT NOT NULL REFERENCES recordings(id) ON DELETE CASCADE,
  kind         TEXT NOT NULL CHECK (kind IN ('media', 'thumbnails', 'waveform', 'speech')),
  file_name    TEXT NOT NULL UNIQUE,
  size_bytes   INTEGER NOT NULL,
  PRIMARY KEY (recording_id, kind)
) STRICT;
)sql"},
      {4, "annotations, the erasure journal",
       R"sql(
-- Annotation text of a recording (what a klantmanager or coach noted at a
-- moment): sealed under the recording's data key, bound to the row id
-- (vault/keys.h sealField). Erased with the recording.
CREATE TABLE annotations (
  id           TEXT PRIMARY KEY NOT NULL,
  recording_id TEXT NOT NULL REFERENCES recordings(id),
  author_id    TEXT NOT NULL REFERENCES users(id),
  position_us  INTEGER NOT NULL,
  created_at   INTEGER NOT NULL,
  sealed_text  BLOB NOT NULL
) STRICT;
CREATE INDEX annotations_by_recording ON annotations(recording_id, position_us);

-- The erasure journal (consent/erasure.h): one row per recording whose
-- erasure was requested. Each step moves `state` forward in its own
-- transaction; once 'done' the row is the content-free tombstone and the
-- deletion certificate (no content, no citizen identity).
CREATE TABLE erasures (
  recording_id      TEXT PRIMARY KEY NOT NULL REFERENCES recordings(id),
  reason            TEXT NOT NULL
                    CHECK (reason IN ('withdrawn', 'retention_ended', 'owner_deleted', 'key_lost')),
  state             TEXT NOT NULL CHECK (state IN ('pending', 'keys_destroyed', 'files_removed', 'done')),
  requested_at      INTEGER NOT NULL,
  requested_by      TEXT NOT NULL,  -- a user id, or 'system' for the sweep
  keys_destroyed_at INTEGER,
  files_removed_at  INTEGER,
  completed_at      INTEGER,
  ciphertext_bytes  INTEGER,        -- of every file of the recording, hashed before removal
  ciphertext_hash   BLOB
) STRICT;
CREATE INDEX erasures_by_state ON erasures(state);
)sql"},
      {5, "the vault attack's fixes: WAL scrubs, login claims, one-time passwords, signed audit checkpoints",
       R"sql(
-- Key material deleted or replaced whose old page versions may still be in
-- the database file or the write-ahead log (a share taken back, a password
-- changed, an account reset): cleared by a checkpoint that really completed
-- (store/scrub_store.h). Erasures keep their own state in `erasures`.
CREATE TABLE wal_scrubs (
  id           INTEGER PRIMARY KEY AUTOINCREMENT,  -- never reused: a clear covers only what it saw
  reason       TEXT NOT NULL,
  object_id    TEXT NOT NULL,
  requested_at INTEGER NOT NULL
) STRICT;

-- A vault from before this migration may have erasures and revoked shares
-- whose checkpoint was blocked unnoticed: the first sweep checkpoints again.
INSERT INTO wal_scrubs (reason, object_id, requested_at)
  SELECT 'upgrade', '-', 0 WHERE EXISTS (SELECT 1 FROM erasures) OR EXISTS (SELECT 1 FROM recording_keys);

-- Nothing new is sealed to or written about a recording once its erasure was
-- requested: a share or an annotation authorized just before cannot commit
-- after the erasure deleted the keys and survive it.
CREATE TRIGGER recording_keys_not_while_erasing BEFORE INSERT ON recording_keys
WHEN EXISTS (SELECT 1 FROM erasures WHERE recording_id = NEW.recording_id)
BEGIN SELECT RAISE(ABORT, 'the recording is being erased'); END;
CREATE TRIGGER annotations_not_while_erasing BEFORE INSERT ON annotations
WHEN EXISTS (SELECT 1 FROM erasures WHERE recording_id = NEW.recording_id)
BEGIN SELECT RAISE(ABORT, 'the recording is being erased'); END;

-- Login attempts being evaluated (accounts/accounts.h): claimed in a write
-- transaction before the Argon2id work, released after it, so parallel
-- logins cannot evaluate more wrong passwords than the lockout allows. A
-- claim left by a killed process counts as a failure once it is stale.
CREATE TABLE login_claims (
  id         TEXT PRIMARY KEY NOT NULL,
  user_id    TEXT NOT NULL REFERENCES users(id),
  claimed_at INTEGER NOT NULL
) STRICT;
CREATE INDEX login_claims_by_user ON login_claims(user_id);

-- An administrator's reset sets a one-time password: the account must choose
-- its own (which also makes a new key pair) before it may do anything else,
-- and no recording key is sealed to it until then.
ALTER TABLE users ADD COLUMN must_change_password INTEGER NOT NULL DEFAULT 0;
ALTER TABLE users ADD COLUMN key_reset_at INTEGER;        -- the last administrator's reset
ALTER TABLE users ADD COLUMN own_password_since INTEGER;  -- the user's own password after that reset
-- Accounts from before this migration whose last password an administrator
-- set (added or reset, and not changed by the account since) have a password
-- the administrator knows: they too choose their own first. The vault's first
-- administrator, added by the system at init, typed their own.
UPDATE users SET must_change_password = 1 WHERE EXISTS (
  SELECT 1 FROM audit_log a
  WHERE a.object_type = 'user' AND a.object_id = users.id AND a.result = 'ok'
    AND a.action IN ('user.add', 'user.reset') AND a.actor_id <> 'system'
    AND NOT EXISTS (SELECT 1 FROM audit_log b
                    WHERE b.object_type = 'user' AND b.object_id = users.id AND b.result = 'ok'
                      AND b.action = 'account.password' AND b.seq > a.seq));
-- Ed25519 key for signing audit checkpoints, derived from the user's box
-- secret key (vault/keys.h); NULL until the account's next login.
ALTER TABLE users ADD COLUMN sign_public_key BLOB;

-- Every signing key an account ever had, so checkpoints signed before a reset
-- still verify. Append-only.
CREATE TABLE signing_keys (
  user_id    TEXT NOT NULL REFERENCES users(id),
  public_key BLOB NOT NULL,
  created_at INTEGER NOT NULL,
  PRIMARY KEY (user_id, public_key)
) STRICT;
CREATE TRIGGER signing_keys_no_update BEFORE UPDATE ON signing_keys
BEGIN SELECT RAISE(ABORT, 'signing keys are append-only'); END;
CREATE TRIGGER signing_keys_no_delete BEFORE DELETE ON signing_keys
BEGIN SELECT RAISE(ABORT, 'signing keys are append-only'); END;

-- A privacy officer's signature over a chain head (audit/audit_log.h):
-- rewriting or cutting the log below a checkpoint no longer verifies.
CREATE TABLE audit_checkpoints (
  seq        INTEGER NOT NULL,
  hash       BLOB NOT NULL,
  signer_id  TEXT NOT NULL REFERENCES users(id),
  public_key BLOB NOT NULL,
  signed_at  INTEGER NOT NULL,
  signature  BLOB NOT NULL,
  PRIMARY KEY (seq, signer_id)
) STRICT;
CREATE TRIGGER audit_checkpoints_no_update BEFORE UPDATE ON audit_checkpoints
BEGIN SELECT RAISE(ABORT, 'audit checkpoints are append-only'); END;
CREATE TRIGGER audit_checkpoints_no_delete BEFORE DELETE ON audit_checkpoints
BEGIN SELECT RAISE(ABORT, 'audit checkpoints are append-only'); END;

-- (The settings row 'audit_last_seq', written with every audit entry from
-- now on, keeps the highest sequence number the log ever had.)
)sql"},
      {6, "annotations of the review screen: layers, ranges, edits, sealed categories and prompt links; coding "
          "schemes and recall prompts",
       R"sql(
-- The layer an annotation is in follows its author: the klantmanager's own,
-- the coach's, and the citizen's view (written by the owner, only with the
-- citizen_review scope). A range ends at end_us (NULL: a point); updated_at
-- is NULL until the author edits it. sealed_format says what sealed_text
-- seals: 1 the plain text (annotations from before this migration), 2 a
-- versioned payload of text, category id and prompt id (app/internal/
-- annotation_payload.h): which category an annotation carries and which
-- prompt it answers is content too, never a plaintext column.
ALTER TABLE annotations ADD COLUMN layer TEXT NOT NULL DEFAULT 'own' CHECK (layer IN ('own', 'coach', 'citizen'));
ALTER TABLE annotations ADD COLUMN end_us INTEGER;
ALTER TABLE annotations ADD COLUMN updated_at INTEGER;
ALTER TABLE annotations ADD COLUMN sealed_format INTEGER NOT NULL DEFAULT 1;
-- Before this migration every annotation was in its author's own layer: a
-- coach's notes are the coach layer. (Before the trigger below exists, so
-- annotations of a recording being erased are moved too.)
UPDATE annotations SET layer = 'coach' WHERE author_id IN (SELECT id FROM users WHERE role = 'coach');

-- An edit, like an insert, cannot commit once the recording's erasure was
-- requested.
CREATE TRIGGER annotations_no_update_while_erasing BEFORE UPDATE ON annotations
WHEN EXISTS (SELECT 1 FROM erasures WHERE recording_id IN (OLD.recording_id, NEW.recording_id))
BEGIN SELECT RAISE(ABORT, 'the recording is being erased'); END;

-- Coding schemes (categories, never grades) and the neutral recall prompts:
-- vault settings, the same for every recording, no content.
CREATE TABLE coding_schemes (
  id         TEXT PRIMARY KEY NOT NULL,
  name       TEXT NOT NULL,
  position   INTEGER NOT NULL,
  is_default INTEGER NOT NULL DEFAULT 0
) STRICT;
CREATE TABLE coding_categories (
  id         TEXT PRIMARY KEY NOT NULL,
  scheme_id  TEXT NOT NULL REFERENCES coding_schemes(id),
  position   INTEGER NOT NULL,
  name       TEXT NOT NULL,
  group_name TEXT NOT NULL
) STRICT;
CREATE INDEX coding_categories_by_scheme ON coding_categories(scheme_id, position);
CREATE TABLE recall_prompts (
  id        TEXT PRIMARY KEY NOT NULL,
  position  INTEGER NOT NULL,
  text      TEXT NOT NULL,
  is_active INTEGER NOT NULL DEFAULT 1
) STRICT;

-- The default: gemeente Zoetermeer's Kijkwijzer with the raakmomenten and
-- the klantmanager's own learning points, and the prompts of product.md.
INSERT INTO coding_schemes (id, name, position, is_default) VALUES ('kijkwijzer', 'Zoetermeer Kijkwijzer', 1, 1);
INSERT INTO coding_categories (id, scheme_id, position, name, group_name) VALUES
  ('kw-echt-contact', 'kijkwijzer', 1, 'Echt contact', 'Kijkwijzer'),
  ('kw-sociaal-wenselijk', 'kijkwijzer', 2, 'Sociaal wenselijk', 'Kijkwijzer'),
  ('kw-gezamenlijk-doel', 'kijkwijzer', 3, 'Gezamenlijk doel', 'Kijkwijzer'),
  ('kw-beeld-burger', 'kijkwijzer', 4, 'Aansluiten bij het beeld van de burger', 'Kijkwijzer'),
  ('rm-frustratie', 'kijkwijzer', 5, 'Frustratie', 'Raakmomenten'),
  ('rm-weerstand', 'kijkwijzer', 6, 'Weerstand', 'Raakmomenten'),
  ('rm-afhaken', 'kijkwijzer', 7, 'Afhaken', 'Raakmomenten'),
  ('rm-vastlopen', 'kijkwijzer', 8, 'Vastlopen', 'Raakmomenten'),
  ('rm-flow', 'kijkwijzer', 9, 'Flow', 'Raakmomenten'),
  ('eigen-op-mijn-best', 'kijkwijzer', 10, 'Op mijn best', 'Eigen leerpunten'),
  ('eigen-leerpunt', 'kijkwijzer', 11, 'Leerpunt', 'Eigen leerpunten'),
  ('eigen-vraag-coach', 'kijkwijzer', 12, 'Vraag voor de coach', 'Eigen leerpunten');
INSERT INTO recall_prompts (id, position, text) VALUES
  ('prompt-dacht', 1, 'Wat dacht je hier?'),
  ('prompt-bereiken', 2, 'Wat wilde je op dit moment bereiken?'),
  ('prompt-burger', 3, 'Wat zag je bij de burger?'),
  ('prompt-anders', 4, 'Wat zou je nu anders doen?');
)sql"},
  };
  return list;
}

int latestSchemaVersion() { return migrations().back().version; }

}  // namespace vakspiegel
