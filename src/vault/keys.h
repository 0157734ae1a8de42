// Key material of the vault (architecture.md, "The vault"):
// - DataKey: a recording's 32-byte data key (DEK); everything about the
//   recording's content is encrypted under it.
// - UserKeyPair: a user's X25519 key pair; the secret key is stored wrapped
//   under a key derived from the password with Argon2id.
// - sealDataKey/openSealedDataKey: a DEK sealed to one user (crypto_box_seal).
// - sealField/openField: short texts (annotation, goal) under a DEK with the
//   record id bound as associated data, so a text cannot be moved to another record.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.h"
#include "vault/secure_bytes.h"

namespace vakspiegel {

using Bytes = std::vector<unsigned char>;

inline constexpr std::size_t kDataKeyBytes = 32;

class DataKey {
 public:
  [[nodiscard]] static DataKey generate();
  // Errors: InvalidArgument when `bytes` is not 32 bytes long.
  [[nodiscard]] static Result<DataKey> fromBytes(std::span<const unsigned char> bytes);
  [[nodiscard]] const SecureBytes& bytes() const { return m_bytes; }
  [[nodiscard]] DataKey clone() const { return DataKey(m_bytes.clone()); }

 private:
  explicit DataKey(SecureBytes bytes) : m_bytes(std::move(bytes)) {}
  SecureBytes m_bytes;
};

// Argon2id cost. Stored beside every wrapped key, so raising the vault's
// policy later can be detected per user and the key re-wrapped at next login.
struct KdfParams {
  std::uint64_t opsLimit = 0;
  std::uint64_t memLimitBytes = 0;

  [[nodiscard]] static KdfParams interactive();  // libsodium INTERACTIVE: 2 passes, 64 MiB
  [[nodiscard]] static KdfParams moderate();     // libsodium MODERATE: 3 passes, 256 MiB (default)
  [[nodiscard]] static KdfParams sensitive();    // libsodium SENSITIVE: 4 passes, 1 GiB
  // True when `other` costs more in passes or memory than this.
  [[nodiscard]] bool isWeakerThan(const KdfParams& other) const {
    return opsLimit < other.opsLimit || memLimitBytes < other.memLimitBytes;
  }
  bool operator==(const KdfParams&) const = default;
};

struct WrappedSecretKey {
  Bytes salt;        // crypto_pwhash_SALTBYTES
  KdfParams params;
  Bytes nonce;       // XChaCha20-Poly1305 nonce
  Bytes ciphertext;  // secret key + tag
};

class UserKeyPair {
 public:
  [[nodiscard]] static UserKeyPair generate();
  // Errors: InvalidArgument when the sizes are not those of X25519 keys.
  [[nodiscard]] static Result<UserKeyPair> fromParts(Bytes publicKey, SecureBytes secretKey);
  [[nodiscard]] const Bytes& publicKey() const { return m_publicKey; }
  [[nodiscard]] const SecureBytes& secretKey() const { return m_secretKey; }

 private:
  UserKeyPair(Bytes pk, SecureBytes sk) : m_publicKey(std::move(pk)), m_secretKey(std::move(sk)) {}
  Bytes m_publicKey;
  SecureBytes m_secretKey;
};

// Wraps the secret key under Argon2id(password). `userId` is bound as associated
// data so a wrapped key cannot be swapped between accounts.
// Errors: InvalidArgument when `params` are outside what Argon2id accepts;
// Internal when Argon2id cannot get its memory.
[[nodiscard]] Result<WrappedSecretKey> wrapSecretKey(const UserKeyPair& keys, std::string_view password,
                                                     const KdfParams& params, std::string_view userId);

// Errors: WrongPassword when the password (or the user id) does not open the key;
// CorruptData when the stored parameters are malformed; Internal on allocation failure.
[[nodiscard]] Result<UserKeyPair> unwrapSecretKey(const WrappedSecretKey& wrapped, const Bytes& publicKey,
                                                  std::string_view password, std::string_view userId);

// Empty when `recipientPublicKey` is not 32 bytes (a damaged users row): the
// caller must treat an empty sealed key as an error (openSealedDataKey refuses it).
[[nodiscard]] Bytes sealDataKey(const DataKey& key, const Bytes& recipientPublicKey);
// Errors: WrongKey when the sealed copy is not for this key pair or was altered.
[[nodiscard]] Result<DataKey> openSealedDataKey(const Bytes& sealed, const UserKeyPair& keys);

// An Ed25519 key pair for signing audit checkpoints (audit/audit_log.h). Its
// seed is BLAKE2b-256 keyed with the user's X25519 secret key over a fixed
// label, so it needs no storage of its own and is reachable only with the
// password, like the box key it comes from; a new box key pair (a reset)
// gives a new signing key.
class SigningKeyPair {
 public:
  [[nodiscard]] static SigningKeyPair derive(const UserKeyPair& keys);
  [[nodiscard]] const Bytes& publicKey() const { return m_publicKey; }
  // A detached signature (64 bytes) over `message`.
  [[nodiscard]] Bytes sign(std::span<const unsigned char> message) const;

 private:
  SigningKeyPair(Bytes pk, SecureBytes sk) : m_publicKey(std::move(pk)), m_secretKey(std::move(sk)) {}
  Bytes m_publicKey;
  SecureBytes m_secretKey;
};

// Whether `signature` is `publicKey`'s signature over `message`; false for
// keys or signatures of the wrong size.
[[nodiscard]] bool verifySignature(const Bytes& publicKey, std::span<const unsigned char> message,
                                   const Bytes& signature);

[[nodiscard]] Bytes sealField(const DataKey& key, std::string_view recordId, std::string_view plaintext);
// Errors: CorruptData when the text was altered, belongs to another record or key.
[[nodiscard]] Result<std::string> openField(const DataKey& key, std::string_view recordId, const Bytes& sealed);

}  // namespace vakspiegel
