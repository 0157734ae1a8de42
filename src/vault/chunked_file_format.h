// Internal to the chunked container (layout and guarantees in chunked_file.h):
// the header fields, the format versions, the per-chunk AEAD and what the writer and the reader share.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "vault/chunked_file.h"
#include "vault/keys.h"
#include "vault/secure_bytes.h"

namespace vakspiegel::chunked_detail {

inline constexpr std::array<unsigned char, 8> kMagic = {'V', 'S', 'C', 'H', 'U', 'N', 'K', '\0'};
inline constexpr std::uint16_t kFormatVersion = 2;         // what writers make: the subkey binds the file's binding
inline constexpr std::uint16_t kUnboundFormatVersion = 1;  // read only: the subkey of the header alone
inline constexpr std::size_t kSubkeyBytes = 32;
inline constexpr std::size_t kFileIdBytes = 16;
inline constexpr std::size_t kSaltBytes = 32;
inline constexpr std::size_t kNonceBufferBytes = 24;  // the larger of the two ciphers' nonces
inline constexpr std::size_t kAdBytes = 9;            // LE64(index) || last
// Header field offsets.
inline constexpr std::size_t kVersionOffset = 8;
inline constexpr std::size_t kCipherOffset = 10;
inline constexpr std::size_t kReservedOffset = 11;
inline constexpr std::size_t kChunkSizeOffset = 12;
inline constexpr std::size_t kFileIdOffset = 16;
inline constexpr std::size_t kSaltOffset = kFileIdOffset + kFileIdBytes;
static_assert(kSaltOffset + kSaltBytes == kChunkedHeaderBytes);

// Whether this CPU runs libsodium's AES-256-GCM (AES-NI and PCLMUL).
[[nodiscard]] bool aesAvailable();

// Seals and opens single chunks under one file's subkey.
class ChunkAead {
 public:
  ChunkAead() = default;

  // Derives the subkey from the data key, the 64 header bytes and, from
  // version 2 on, the binding. The caller has checked that AES-GCM is
  // available when `cipher` asks for it.
  ChunkAead(ChunkCipher cipher, const DataKey& key, std::span<const unsigned char, kChunkedHeaderBytes> header,
            std::uint16_t version, std::string_view binding);

  // Writes plain.size() + kChunkTagBytes bytes to `out`.
  void seal(std::uint64_t index, bool last, std::span<const unsigned char> plain, unsigned char* out) const;

  // Writes sealed.size() - kChunkTagBytes bytes to `out`; false when the
  // chunk does not authenticate as chunk `index` with this `last` flag.
  [[nodiscard]] bool open(std::uint64_t index, bool last, std::span<const unsigned char> sealed,
                          unsigned char* out) const;

 private:
  ChunkCipher m_cipher = ChunkCipher::Unknown;
  SecureBytes m_subkey;
  SecureBytes m_aesState;  // AES-256-GCM only: the expanded key (crypto_aead_aes256gcm_state)
};

// Shared by the writer and the reader.
[[nodiscard]] std::string errnoText(int err);
// Closes `fd` if open, ignoring errors, and sets it to -1.
void closeQuietly(int& fd);
// Wipes plaintext held in a std::vector before it goes back to the heap.
void wipe(std::vector<unsigned char>& bytes);

}  // namespace vakspiegel::chunked_detail
