// libsodium-backed key handling; see keys.h for the design.
#include "vault/keys.h"

#include <cstring>

#include <sodium.h>

#include "core/i18n.h"

namespace vakspiegel {
namespace {

constexpr std::string_view kWrapDomain = "vakspiegel/user-secret-key/v1:";
constexpr std::string_view kFieldDomain = "vakspiegel/field/v1:";

Bytes associatedData(std::string_view domain, std::string_view id) {
  Bytes ad(domain.begin(), domain.end());
  ad.insert(ad.end(), id.begin(), id.end());
  return ad;
}

}  // namespace

DataKey DataKey::generate() {
  ensureSodium();
  SecureBytes bytes(kDataKeyBytes);
  randombytes_buf(bytes.data(), bytes.size());
  return DataKey(std::move(bytes));
}

Result<DataKey> DataKey::fromBytes(std::span<const unsigned char> bytes) {
  if (bytes.size() != kDataKeyBytes) return fail(ErrorCode::InvalidArgument, tr("A data key has the wrong length."));
  SecureBytes copy(kDataKeyBytes);
  std::memcpy(copy.data(), bytes.data(), kDataKeyBytes);
  return DataKey(std::move(copy));
}

KdfParams KdfParams::interactive() {
  return {crypto_pwhash_argon2id_OPSLIMIT_INTERACTIVE, crypto_pwhash_argon2id_MEMLIMIT_INTERACTIVE};
}
KdfParams KdfParams::moderate() {
  return {crypto_pwhash_argon2id_OPSLIMIT_MODERATE, crypto_pwhash_argon2id_MEMLIMIT_MODERATE};
}
KdfParams KdfParams::sensitive() {
  return {crypto_pwhash_argon2id_OPSLIMIT_SENSITIVE, crypto_pwhash_argon2id_MEMLIMIT_SENSITIVE};
}

UserKeyPair UserKeyPair::generate() {
  ensureSodium();
  Bytes pk(crypto_box_PUBLICKEYBYTES);
  SecureBytes sk(crypto_box_SECRETKEYBYTES);
  crypto_box_keypair(pk.data(), sk.data());
  return UserKeyPair(std::move(pk), std::move(sk));
}

Result<UserKeyPair> UserKeyPair::fromParts(Bytes publicKey, SecureBytes secretKey) {
  if (publicKey.size() != crypto_box_PUBLICKEYBYTES || secretKey.size() != crypto_box_SECRETKEYBYTES)
    return fail(ErrorCode::InvalidArgument, tr("A user key has the wrong length."));
  return UserKeyPair(std::move(publicKey), std::move(secretKey));
}

namespace {

// Whether crypto_pwhash accepts the cost at all (outside it, it fails with
// EINVAL, which is not a memory problem).
bool isAcceptedByArgon2id(const KdfParams& params) {
  return params.opsLimit >= crypto_pwhash_argon2id_OPSLIMIT_MIN &&
         params.opsLimit <= crypto_pwhash_argon2id_OPSLIMIT_MAX &&
         params.memLimitBytes >= crypto_pwhash_argon2id_MEMLIMIT_MIN &&
         params.memLimitBytes <= crypto_pwhash_argon2id_MEMLIMIT_MAX;
}

Result<SecureBytes> deriveWrappingKey(std::string_view password, const Bytes& salt, const KdfParams& params) {
  if (salt.size() != crypto_pwhash_SALTBYTES || !isAcceptedByArgon2id(params))
    return fail(ErrorCode::CorruptData, tr("The stored key parameters of this account are damaged."));
  SecureBytes key(crypto_aead_xchacha20poly1305_ietf_KEYBYTES);
  if (crypto_pwhash(key.data(), key.size(), password.data(), password.size(), salt.data(),
                    params.opsLimit, static_cast<std::size_t>(params.memLimitBytes),
                    crypto_pwhash_ALG_ARGON2ID13) != 0)
    return fail(ErrorCode::Internal, tr("Not enough memory to check the password. Close other programs and try again."));
  return key;
}

}  // namespace

Result<WrappedSecretKey> wrapSecretKey(const UserKeyPair& keys, std::string_view password,
                                       const KdfParams& params, std::string_view userId) {
  ensureSodium();
  if (!isAcceptedByArgon2id(params))
    return fail(ErrorCode::InvalidArgument, tr("The password cost settings are outside what Argon2id accepts."));
  WrappedSecretKey wrapped;
  wrapped.params = params;
  wrapped.salt.resize(crypto_pwhash_SALTBYTES);
  randombytes_buf(wrapped.salt.data(), wrapped.salt.size());
  const SecureBytes wrappingKey = VS_TRY(deriveWrappingKey(password, wrapped.salt, params));
  wrapped.nonce.resize(crypto_aead_xchacha20poly1305_ietf_NPUBBYTES);
  randombytes_buf(wrapped.nonce.data(), wrapped.nonce.size());
  const Bytes ad = associatedData(kWrapDomain, userId);
  wrapped.ciphertext.resize(keys.secretKey().size() + crypto_aead_xchacha20poly1305_ietf_ABYTES);
  unsigned long long length = 0;
  crypto_aead_xchacha20poly1305_ietf_encrypt(wrapped.ciphertext.data(), &length, keys.secretKey().data(),
                                             keys.secretKey().size(), ad.data(), ad.size(), nullptr,
                                             wrapped.nonce.data(), wrappingKey.data());
  wrapped.ciphertext.resize(static_cast<std::size_t>(length));
  return wrapped;
}

Result<UserKeyPair> unwrapSecretKey(const WrappedSecretKey& wrapped, const Bytes& publicKey,
                                    std::string_view password, std::string_view userId) {
  ensureSodium();
  if (wrapped.nonce.size() != crypto_aead_xchacha20poly1305_ietf_NPUBBYTES ||
      wrapped.ciphertext.size() != crypto_box_SECRETKEYBYTES + crypto_aead_xchacha20poly1305_ietf_ABYTES)
    return fail(ErrorCode::CorruptData, tr("The stored key of this account is damaged."));
  const SecureBytes wrappingKey = VS_TRY(deriveWrappingKey(password, wrapped.salt, wrapped.params));
  const Bytes ad = associatedData(kWrapDomain, userId);
  SecureBytes sk(crypto_box_SECRETKEYBYTES);
  unsigned long long length = 0;
  if (crypto_aead_xchacha20poly1305_ietf_decrypt(sk.data(), &length, nullptr, wrapped.ciphertext.data(),
                                                 wrapped.ciphertext.size(), ad.data(), ad.size(),
                                                 wrapped.nonce.data(), wrappingKey.data()) != 0)
    return fail(ErrorCode::WrongPassword, tr("The user name or password is not correct."));
  // The public key is stored apart from the wrapped secret; check they belong together.
  Bytes derived(crypto_box_PUBLICKEYBYTES);
  crypto_scalarmult_base(derived.data(), sk.data());
  if (derived != publicKey) return fail(ErrorCode::CorruptData, tr("The stored key of this account is damaged."));
  return UserKeyPair::fromParts(publicKey, std::move(sk));
}

Bytes sealDataKey(const DataKey& key, const Bytes& recipientPublicKey) {
  ensureSodium();
  if (recipientPublicKey.size() != crypto_box_PUBLICKEYBYTES) return {};  // crypto_box_seal would read past it
  Bytes sealed(crypto_box_SEALBYTES + kDataKeyBytes);
  crypto_box_seal(sealed.data(), key.bytes().data(), key.bytes().size(), recipientPublicKey.data());
  return sealed;
}

Result<DataKey> openSealedDataKey(const Bytes& sealed, const UserKeyPair& keys) {
  ensureSodium();
  if (sealed.size() != crypto_box_SEALBYTES + kDataKeyBytes)
    return fail(ErrorCode::WrongKey, tr("The recording key cannot be opened with your key."));
  SecureBytes plain(kDataKeyBytes);
  if (crypto_box_seal_open(plain.data(), sealed.data(), sealed.size(), keys.publicKey().data(),
                           keys.secretKey().data()) != 0)
    return fail(ErrorCode::WrongKey, tr("The recording key cannot be opened with your key."));
  return DataKey::fromBytes(plain.span());
}

SigningKeyPair SigningKeyPair::derive(const UserKeyPair& keys) {
  ensureSodium();
  static constexpr std::string_view kLabel = "vakspiegel/audit-signing-key/v1";
  SecureBytes seed(crypto_sign_SEEDBYTES);
  crypto_generichash(seed.data(), seed.size(), reinterpret_cast<const unsigned char*>(kLabel.data()), kLabel.size(),
                     keys.secretKey().data(), keys.secretKey().size());
  Bytes pk(crypto_sign_PUBLICKEYBYTES);
  SecureBytes sk(crypto_sign_SECRETKEYBYTES);
  crypto_sign_seed_keypair(pk.data(), sk.data(), seed.data());
  return SigningKeyPair(std::move(pk), std::move(sk));
}

Bytes SigningKeyPair::sign(std::span<const unsigned char> message) const {
  Bytes signature(crypto_sign_BYTES);
  crypto_sign_detached(signature.data(), nullptr, message.data(), message.size(), m_secretKey.data());
  return signature;
}

bool verifySignature(const Bytes& publicKey, std::span<const unsigned char> message, const Bytes& signature) {
  ensureSodium();
  if (publicKey.size() != crypto_sign_PUBLICKEYBYTES || signature.size() != crypto_sign_BYTES) return false;
  return crypto_sign_verify_detached(signature.data(), message.data(), message.size(), publicKey.data()) == 0;
}

Bytes sealField(const DataKey& key, std::string_view recordId, std::string_view plaintext) {
  ensureSodium();
  const Bytes ad = associatedData(kFieldDomain, recordId);
  Bytes out(crypto_aead_xchacha20poly1305_ietf_NPUBBYTES + plaintext.size() +
            crypto_aead_xchacha20poly1305_ietf_ABYTES);
  randombytes_buf(out.data(), crypto_aead_xchacha20poly1305_ietf_NPUBBYTES);
  unsigned long long length = 0;
  crypto_aead_xchacha20poly1305_ietf_encrypt(
      out.data() + crypto_aead_xchacha20poly1305_ietf_NPUBBYTES, &length,
      reinterpret_cast<const unsigned char*>(plaintext.data()), plaintext.size(), ad.data(), ad.size(), nullptr,
      out.data(), key.bytes().data());
  return out;
}

Result<std::string> openField(const DataKey& key, std::string_view recordId, const Bytes& sealed) {
  ensureSodium();
  constexpr std::size_t overhead = crypto_aead_xchacha20poly1305_ietf_NPUBBYTES + crypto_aead_xchacha20poly1305_ietf_ABYTES;
  if (sealed.size() < overhead) return fail(ErrorCode::CorruptData, tr("An encrypted text is damaged."));
  const Bytes ad = associatedData(kFieldDomain, recordId);
  std::string plain(sealed.size() - overhead, '\0');
  unsigned long long length = 0;
  if (crypto_aead_xchacha20poly1305_ietf_decrypt(
          reinterpret_cast<unsigned char*>(plain.data()), &length, nullptr,
          sealed.data() + crypto_aead_xchacha20poly1305_ietf_NPUBBYTES,
          sealed.size() - crypto_aead_xchacha20poly1305_ietf_NPUBBYTES, ad.data(), ad.size(), sealed.data(),
          key.bytes().data()) != 0)
    return fail(ErrorCode::CorruptData, tr("An encrypted text is damaged or belongs to another record."));
  return plain;
}

}  // namespace vakspiegel
