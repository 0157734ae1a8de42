// The chunked container's format (chunked_file_format.h): the cipher choice,
// the subkey, nonce and associated-data derivation, and the helpers the writer and the reader share.
#include "vault/chunked_file_format.h"

#include <unistd.h>

#include <cassert>
#include <system_error>

#include <sodium.h>

#include "core/le_bytes.h"

namespace vakspiegel {
namespace chunked_detail {
namespace {

static_assert(kChunkTagBytes == crypto_aead_aes256gcm_ABYTES);
static_assert(kChunkTagBytes == crypto_aead_xchacha20poly1305_ietf_ABYTES);
static_assert(kSubkeyBytes == crypto_aead_aes256gcm_KEYBYTES);
static_assert(kSubkeyBytes == crypto_aead_xchacha20poly1305_ietf_KEYBYTES);
static_assert(crypto_aead_aes256gcm_NPUBBYTES <= kNonceBufferBytes);
static_assert(crypto_aead_xchacha20poly1305_ietf_NPUBBYTES <= kNonceBufferBytes);

void fillNonceAndAd(std::uint64_t index, bool last, std::array<unsigned char, kNonceBufferBytes>& nonce,
                    std::array<unsigned char, kAdBytes>& ad) {
  storeLe64(nonce.data(), index);
  storeLe64(ad.data(), index);
  ad[8] = last ? 1 : 0;
}

crypto_aead_aes256gcm_state* aesState(const SecureBytes& block) {
  // The state lives in a sodium_malloc block of exactly its size and alignment.
  return reinterpret_cast<crypto_aead_aes256gcm_state*>(const_cast<unsigned char*>(block.data()));
}

}  // namespace

bool aesAvailable() {
  ensureSodium();
  return crypto_aead_aes256gcm_is_available() == 1;
}

ChunkAead::ChunkAead(ChunkCipher cipher, const DataKey& key, std::span<const unsigned char, kChunkedHeaderBytes> header,
                     std::uint16_t version, std::string_view binding)
    : m_cipher(cipher), m_subkey(kSubkeyBytes) {
  assert(key.bytes().size() == kDataKeyBytes);
  crypto_generichash_state state;
  crypto_generichash_init(&state, key.bytes().data(), key.bytes().size(), m_subkey.size());
  crypto_generichash_update(&state, header.data(), header.size());
  if (version >= kFormatVersion)
    crypto_generichash_update(&state, reinterpret_cast<const unsigned char*>(binding.data()), binding.size());
  crypto_generichash_final(&state, m_subkey.data(), m_subkey.size());
  sodium_memzero(&state, sizeof state);
  if (m_cipher == ChunkCipher::Aes256Gcm) {
    // sodium_malloc places the block at the end of a page; the state's size
    // is a multiple of 16, so the 16-byte alignment it needs holds.
    static_assert(sizeof(crypto_aead_aes256gcm_state) % 16 == 0);
    m_aesState = SecureBytes(sizeof(crypto_aead_aes256gcm_state));
    assert(reinterpret_cast<std::uintptr_t>(m_aesState.data()) % 16 == 0);
    crypto_aead_aes256gcm_beforenm(aesState(m_aesState), m_subkey.data());
  }
}

void ChunkAead::seal(std::uint64_t index, bool last, std::span<const unsigned char> plain, unsigned char* out) const {
  std::array<unsigned char, kNonceBufferBytes> nonce{};
  std::array<unsigned char, kAdBytes> ad{};
  fillNonceAndAd(index, last, nonce, ad);
  unsigned long long sealedBytes = 0;
  if (m_cipher == ChunkCipher::Aes256Gcm) {
    crypto_aead_aes256gcm_encrypt_afternm(out, &sealedBytes, plain.data(), plain.size(), ad.data(), ad.size(), nullptr,
                                          nonce.data(), aesState(m_aesState));
  } else {
    crypto_aead_xchacha20poly1305_ietf_encrypt(out, &sealedBytes, plain.data(), plain.size(), ad.data(), ad.size(),
                                               nullptr, nonce.data(), m_subkey.data());
  }
  assert(sealedBytes == plain.size() + kChunkTagBytes);
}

bool ChunkAead::open(std::uint64_t index, bool last, std::span<const unsigned char> sealed, unsigned char* out) const {
  if (sealed.size() < kChunkTagBytes) return false;
  std::array<unsigned char, kNonceBufferBytes> nonce{};
  std::array<unsigned char, kAdBytes> ad{};
  fillNonceAndAd(index, last, nonce, ad);
  unsigned long long plainBytes = 0;
  int rc = 0;
  if (m_cipher == ChunkCipher::Aes256Gcm) {
    rc = crypto_aead_aes256gcm_decrypt_afternm(out, &plainBytes, nullptr, sealed.data(), sealed.size(), ad.data(),
                                               ad.size(), nonce.data(), aesState(m_aesState));
  } else {
    rc = crypto_aead_xchacha20poly1305_ietf_decrypt(out, &plainBytes, nullptr, sealed.data(), sealed.size(), ad.data(),
                                                    ad.size(), nonce.data(), m_subkey.data());
  }
  return rc == 0 && plainBytes == sealed.size() - kChunkTagBytes;
}

std::string errnoText(int err) {
  return std::system_category().message(err);
}

void closeQuietly(int& fd) {
  if (fd >= 0) ::close(fd);
  fd = -1;
}

void wipe(std::vector<unsigned char>& bytes) {
  if (!bytes.empty()) sodium_memzero(bytes.data(), bytes.size());
}

}  // namespace chunked_detail

ChunkCipher preferredChunkCipher() {
  return chunked_detail::aesAvailable() ? ChunkCipher::Aes256Gcm : ChunkCipher::XChaCha20Poly1305;
}

}  // namespace vakspiegel
