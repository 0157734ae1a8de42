// Tests of the vault's key material (vault/keys.h): wrapping a user's secret
// key under Argon2id(password), sealing a recording's data key to a user, and
// sealing short texts bound to their record. Argon2id runs with libsodium's
// minimum cost (1 pass, 8 KiB) so the suite stays fast; the cost is stored
// beside each wrap, so the code paths are the same as with real parameters.
#include "vault/keys.h"

#include <algorithm>
#include <cstdint>
#include <string>

#include <gtest/gtest.h>
#include <sodium.h>

#include "support/temp_dir.h"

namespace vakspiegel {
namespace {

const KdfParams kCheap{crypto_pwhash_argon2id_OPSLIMIT_MIN, crypto_pwhash_argon2id_MEMLIMIT_MIN};
constexpr const char* kPassword = "correct horse battery staple";
constexpr const char* kUserId = "6f1c2f0e-8c1e-4a43-9d59-0d0b3f1f6a01";
constexpr const char* kOtherUserId = "0b5c9a77-3f0e-4e2a-8f4c-7a2d9e1b5c02";

Bytes toBytes(const SecureBytes& secret) {
  return {secret.data(), secret.data() + secret.size()};
}

WrappedSecretKey wrapOrDie(const UserKeyPair& keys, const KdfParams& params = kCheap) {
  auto wrapped = wrapSecretKey(keys, kPassword, params, kUserId);
  EXPECT_TRUE(wrapped) << wrapped.error().message;
  return *wrapped;
}

ErrorCode unwrapError(const WrappedSecretKey& wrapped, const Bytes& publicKey, const char* password = kPassword,
                      const char* userId = kUserId) {
  auto result = unwrapSecretKey(wrapped, publicKey, password, userId);
  return result ? ErrorCode::Unknown : result.error().code;
}

TEST(Keys, UnwrapsWithThePasswordItWasWrappedWith) {
  const UserKeyPair keys = UserKeyPair::generate();
  const WrappedSecretKey wrapped = wrapOrDie(keys);
  EXPECT_EQ(wrapped.params, kCheap);
  EXPECT_EQ(wrapped.salt.size(), crypto_pwhash_SALTBYTES);

  auto unwrapped = unwrapSecretKey(wrapped, keys.publicKey(), kPassword, kUserId);
  ASSERT_TRUE(unwrapped) << unwrapped.error().message;
  EXPECT_EQ(unwrapped->publicKey(), keys.publicKey());
  EXPECT_EQ(toBytes(unwrapped->secretKey()), toBytes(keys.secretKey()));
}

TEST(Keys, DoesNotStoreTheSecretKeyInTheClear) {
  const UserKeyPair keys = UserKeyPair::generate();
  const WrappedSecretKey wrapped = wrapOrDie(keys);
  const Bytes secret = toBytes(keys.secretKey());
  EXPECT_EQ(std::search(wrapped.ciphertext.begin(), wrapped.ciphertext.end(), secret.begin(), secret.end()),
            wrapped.ciphertext.end());
}

TEST(Keys, WrapsWithAFreshSaltAndNonceEachTime) {
  const UserKeyPair keys = UserKeyPair::generate();
  const WrappedSecretKey first = wrapOrDie(keys);
  const WrappedSecretKey second = wrapOrDie(keys);
  EXPECT_NE(first.salt, second.salt);
  EXPECT_NE(first.nonce, second.nonce);
  EXPECT_NE(first.ciphertext, second.ciphertext);
}

TEST(Keys, RefusesAWrongPassword) {
  const UserKeyPair keys = UserKeyPair::generate();
  const WrappedSecretKey wrapped = wrapOrDie(keys);
  EXPECT_EQ(unwrapError(wrapped, keys.publicKey(), "correct horse battery stapler"), ErrorCode::WrongPassword);
  EXPECT_EQ(unwrapError(wrapped, keys.publicKey(), ""), ErrorCode::WrongPassword);
}

TEST(Keys, RefusesAKeyWrappedForAnotherUser) {
  const UserKeyPair keys = UserKeyPair::generate();
  const WrappedSecretKey wrapped = wrapOrDie(keys);
  EXPECT_EQ(unwrapError(wrapped, keys.publicKey(), kPassword, kOtherUserId), ErrorCode::WrongPassword);
}

TEST(Keys, RefusesAnAlteredCiphertextNonceOrSalt) {
  const UserKeyPair keys = UserKeyPair::generate();
  const WrappedSecretKey wrapped = wrapOrDie(keys);
  for (std::size_t i : {std::size_t{0}, wrapped.ciphertext.size() / 2, wrapped.ciphertext.size() - 1}) {
    WrappedSecretKey altered = wrapped;
    altered.ciphertext[i] ^= 0x01;
    EXPECT_EQ(unwrapError(altered, keys.publicKey()), ErrorCode::WrongPassword) << "ciphertext byte " << i;
  }
  WrappedSecretKey alteredNonce = wrapped;
  alteredNonce.nonce[3] ^= 0x80;
  EXPECT_EQ(unwrapError(alteredNonce, keys.publicKey()), ErrorCode::WrongPassword);
  WrappedSecretKey alteredSalt = wrapped;
  alteredSalt.salt[0] ^= 0x01;
  EXPECT_EQ(unwrapError(alteredSalt, keys.publicKey()), ErrorCode::WrongPassword);
  WrappedSecretKey alteredCost = wrapped;
  alteredCost.params.opsLimit += 1;  // valid, but not the cost the key was wrapped with
  EXPECT_EQ(unwrapError(alteredCost, keys.publicKey()), ErrorCode::WrongPassword);
}

TEST(Keys, ReportsMalformedStoredParametersAsCorruptData) {
  const UserKeyPair keys = UserKeyPair::generate();
  const WrappedSecretKey wrapped = wrapOrDie(keys);
  auto expectCorrupt = [&](WrappedSecretKey altered, const char* what) {
    EXPECT_EQ(unwrapError(altered, keys.publicKey()), ErrorCode::CorruptData) << what;
  };
  WrappedSecretKey w = wrapped;
  w.salt.pop_back();
  expectCorrupt(w, "short salt");
  w = wrapped;
  w.salt.push_back(0);
  expectCorrupt(w, "long salt");
  w = wrapped;
  w.nonce.pop_back();
  expectCorrupt(w, "short nonce");
  w = wrapped;
  w.ciphertext.pop_back();
  expectCorrupt(w, "truncated ciphertext");
  w = wrapped;
  w.ciphertext.clear();
  expectCorrupt(w, "empty ciphertext");
  w = wrapped;
  w.params.opsLimit = 0;
  expectCorrupt(w, "no passes");
  w = wrapped;
  w.params.memLimitBytes = crypto_pwhash_argon2id_MEMLIMIT_MIN - 1;
  expectCorrupt(w, "too little memory");
  w = wrapped;
  w.params.opsLimit = std::uint64_t{crypto_pwhash_argon2id_OPSLIMIT_MAX} + 1;
  expectCorrupt(w, "more passes than Argon2id allows");
  w = wrapped;
  w.params.memLimitBytes = UINT64_MAX;
  expectCorrupt(w, "more memory than Argon2id allows");
}

TEST(Keys, RefusesASecretKeyThatDoesNotBelongToThePublicKey) {
  const UserKeyPair keys = UserKeyPair::generate();
  const UserKeyPair other = UserKeyPair::generate();
  const WrappedSecretKey wrapped = wrapOrDie(keys);
  EXPECT_EQ(unwrapError(wrapped, other.publicKey()), ErrorCode::CorruptData);
}

TEST(Keys, RefusesToWrapWithParametersArgon2idDoesNotAccept) {
  const UserKeyPair keys = UserKeyPair::generate();
  auto wrapped = wrapSecretKey(keys, kPassword, KdfParams{0, crypto_pwhash_argon2id_MEMLIMIT_MIN}, kUserId);
  ASSERT_FALSE(wrapped);
  EXPECT_EQ(wrapped.error().code, ErrorCode::InvalidArgument);
}

TEST(Keys, RebuildsAKeyPairOnlyFromPartsOfTheRightSize) {
  const UserKeyPair keys = UserKeyPair::generate();
  EXPECT_TRUE(UserKeyPair::fromParts(keys.publicKey(), keys.secretKey().clone()));
  Bytes shortPublic = keys.publicKey();
  shortPublic.pop_back();
  auto bad = UserKeyPair::fromParts(shortPublic, keys.secretKey().clone());
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error().code, ErrorCode::InvalidArgument);
  bad = UserKeyPair::fromParts(keys.publicKey(), SecureBytes(16));
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error().code, ErrorCode::InvalidArgument);
}

TEST(Keys, AcceptsDataKeysOfExactly32Bytes) {
  const Bytes raw = test::randomBytes(kDataKeyBytes);
  auto key = DataKey::fromBytes(raw);
  ASSERT_TRUE(key);
  EXPECT_EQ(toBytes(key->bytes()), raw);
  for (const Bytes& wrongSize : {Bytes{}, test::randomBytes(31), test::randomBytes(33)}) {
    auto bad = DataKey::fromBytes(wrongSize);
    ASSERT_FALSE(bad) << wrongSize.size();
    EXPECT_EQ(bad.error().code, ErrorCode::InvalidArgument);
  }
  EXPECT_NE(toBytes(DataKey::generate().bytes()), toBytes(DataKey::generate().bytes()));
}

TEST(Keys, OpensADataKeySealedToTheUser) {
  const UserKeyPair keys = UserKeyPair::generate();
  const DataKey key = DataKey::generate();
  const Bytes sealed = sealDataKey(key, keys.publicKey());
  auto opened = openSealedDataKey(sealed, keys);
  ASSERT_TRUE(opened) << opened.error().message;
  EXPECT_EQ(toBytes(opened->bytes()), toBytes(key.bytes()));
}

TEST(Keys, RefusesADataKeySealedToSomeoneElse) {
  const UserKeyPair owner = UserKeyPair::generate();
  const UserKeyPair administrator = UserKeyPair::generate();
  const Bytes sealed = sealDataKey(DataKey::generate(), owner.publicKey());
  auto opened = openSealedDataKey(sealed, administrator);
  ASSERT_FALSE(opened);
  EXPECT_EQ(opened.error().code, ErrorCode::WrongKey);
}

TEST(Keys, RefusesAnAlteredOrTruncatedSealedDataKey) {
  const UserKeyPair keys = UserKeyPair::generate();
  const Bytes sealed = sealDataKey(DataKey::generate(), keys.publicKey());
  for (std::size_t i = 0; i < sealed.size(); i += 7) {
    Bytes altered = sealed;
    altered[i] ^= 0x01;
    auto opened = openSealedDataKey(altered, keys);
    ASSERT_FALSE(opened) << "byte " << i;
    EXPECT_EQ(opened.error().code, ErrorCode::WrongKey);
  }
  Bytes truncated = sealed;
  truncated.pop_back();
  auto opened = openSealedDataKey(truncated, keys);
  ASSERT_FALSE(opened);
  EXPECT_EQ(opened.error().code, ErrorCode::WrongKey);
  opened = openSealedDataKey(Bytes{}, keys);
  ASSERT_FALSE(opened);
  EXPECT_EQ(opened.error().code, ErrorCode::WrongKey);
}

TEST(Keys, SealsNothingToAPublicKeyOfTheWrongSize) {
  const UserKeyPair keys = UserKeyPair::generate();
  Bytes damaged = keys.publicKey();
  damaged.resize(8);
  EXPECT_TRUE(sealDataKey(DataKey::generate(), damaged).empty());
  EXPECT_TRUE(sealDataKey(DataKey::generate(), Bytes{}).empty());
}

TEST(Keys, OpensAFieldSealedForTheSameRecord) {
  const DataKey key = DataKey::generate();
  for (const std::string& text : {std::string("Hier viel de burger stil."), std::string(), std::string(5000, 'x')}) {
    const Bytes sealed = sealField(key, "annotation-1", text);
    auto opened = openField(key, "annotation-1", sealed);
    ASSERT_TRUE(opened) << opened.error().message;
    EXPECT_EQ(*opened, text);
  }
}

TEST(Keys, DoesNotStoreAFieldInTheClear) {
  const DataKey key = DataKey::generate();
  const std::string text = "Wat dacht je hier?";
  const Bytes sealed = sealField(key, "annotation-1", text);
  EXPECT_EQ(std::search(sealed.begin(), sealed.end(), text.begin(), text.end()), sealed.end());
  EXPECT_NE(sealField(key, "annotation-1", text), sealed);  // a fresh nonce each time
}

TEST(Keys, RefusesAFieldMovedToAnotherRecord) {
  const DataKey key = DataKey::generate();
  const Bytes sealed = sealField(key, "annotation-1", "Wat wilde je bereiken?");
  auto opened = openField(key, "annotation-2", sealed);
  ASSERT_FALSE(opened);
  EXPECT_EQ(opened.error().code, ErrorCode::CorruptData);
}

TEST(Keys, RefusesAFieldUnderAnotherRecordingsKey) {
  const Bytes sealed = sealField(DataKey::generate(), "annotation-1", "Wat zag je bij de burger?");
  auto opened = openField(DataKey::generate(), "annotation-1", sealed);
  ASSERT_FALSE(opened);
  EXPECT_EQ(opened.error().code, ErrorCode::CorruptData);
}

TEST(Keys, RefusesAnAlteredOrTruncatedField) {
  const DataKey key = DataKey::generate();
  const Bytes sealed = sealField(key, "annotation-1", "raakmoment");
  for (std::size_t i = 0; i < sealed.size(); ++i) {
    Bytes altered = sealed;
    altered[i] ^= 0x40;
    auto opened = openField(key, "annotation-1", altered);
    ASSERT_FALSE(opened) << "byte " << i;
    EXPECT_EQ(opened.error().code, ErrorCode::CorruptData);
  }
  for (std::size_t size : {std::size_t{0}, std::size_t{10}, sealed.size() - 1}) {
    auto opened = openField(key, "annotation-1", Bytes(sealed.begin(), sealed.begin() + static_cast<long>(size)));
    ASSERT_FALSE(opened) << size;
    EXPECT_EQ(opened.error().code, ErrorCode::CorruptData);
  }
}

TEST(KdfParams, IsWeakerWhenEitherPassesOrMemoryAreLower) {
  const KdfParams base{3, 64u << 20};
  EXPECT_TRUE(base.isWeakerThan({4, 64u << 20}));
  EXPECT_TRUE(base.isWeakerThan({3, 128u << 20}));
  EXPECT_TRUE(base.isWeakerThan({2, 128u << 20}));  // more memory, fewer passes: still weaker in memory
  EXPECT_FALSE(base.isWeakerThan(base));
  EXPECT_FALSE(base.isWeakerThan({2, 64u << 20}));
  EXPECT_FALSE(base.isWeakerThan({3, 32u << 20}));
}

TEST(KdfParams, PresetsGrowInCost) {
  EXPECT_TRUE(KdfParams::interactive().isWeakerThan(KdfParams::moderate()));
  EXPECT_TRUE(KdfParams::moderate().isWeakerThan(KdfParams::sensitive()));
  EXPECT_FALSE(KdfParams::sensitive().isWeakerThan(KdfParams::interactive()));
  EXPECT_EQ(KdfParams::interactive().memLimitBytes, 64u << 20);
  EXPECT_EQ(KdfParams::moderate().memLimitBytes, 256u << 20);
}

}  // namespace
}  // namespace vakspiegel
