// Benchmarks of the vault's crypto (not tests): the chunked container's
// throughput per chunk size and cipher, its random-read latency, and the
// Argon2id cost of a login. run.sh compares the file-level figures with cp.
//
// Seal/open "in memory" is measured twice: the bare AEAD calls per chunk as
// the container makes them (libsodium only, no I/O), and the container
// itself writing to and reading from a file on /dev/shm (tmpfs), which adds
// the kernel's page copies but no disk.
#include <benchmark/benchmark.h>

#include <array>
#include <cstdlib>
#include <filesystem>
#include <memory>
#include <random>
#include <string>
#include <vector>

#include <sodium.h>

#include "vault/chunked_file.h"
#include "vault/keys.h"

namespace vs = vakspiegel;

namespace {

constexpr std::size_t kStreamBytes = std::size_t{64} << 20;  // per iteration of the container benchmarks

const char* cipherName(vs::ChunkCipher cipher) {
  return cipher == vs::ChunkCipher::Aes256Gcm ? "aes256gcm" : "xchacha20poly1305";
}

vs::ChunkCipher cipherArg(std::int64_t value) {
  return static_cast<vs::ChunkCipher>(value);
}

bool cipherUsable(benchmark::State& state, vs::ChunkCipher cipher) {
  vs::ensureSodium();  // crypto_aead_aes256gcm_is_available() says 0 before sodium_init()
  if (cipher == vs::ChunkCipher::Aes256Gcm && crypto_aead_aes256gcm_is_available() != 1) {
    state.SkipWithError("AES-256-GCM is not available on this CPU");
    return false;
  }
  return true;
}

// A directory for benchmark files: $VS_BENCH_DIR, else the current directory
// (run.sh runs from the build tree, which is on disk, not tmpfs).
std::filesystem::path benchDirectory(bool inMemory) {
  if (inMemory && std::filesystem::is_directory("/dev/shm")) return "/dev/shm";
  if (const char* dir = std::getenv("VS_BENCH_DIR")) return dir;
  return std::filesystem::current_path();
}

std::filesystem::path uniquePath(const std::filesystem::path& directory, const std::string& stem) {
  std::array<unsigned char, 8> random{};
  randombytes_buf(random.data(), random.size());
  std::array<char, 17> hex{};
  sodium_bin2hex(hex.data(), hex.size(), random.data(), random.size());
  return directory / (stem + "-" + hex.data());
}

// The bare AEAD work of one chunk, as ChunkedFileWriter does it.
void BM_AeadSealChunk(benchmark::State& state) {
  const auto chunkSize = static_cast<std::size_t>(state.range(0));
  const vs::ChunkCipher cipher = cipherArg(state.range(1));
  if (!cipherUsable(state, cipher)) return;
  state.SetLabel(cipherName(cipher));
  std::vector<unsigned char> key(32), plain(chunkSize), sealed(chunkSize + vs::kChunkTagBytes);
  randombytes_buf(key.data(), key.size());
  randombytes_buf(plain.data(), plain.size());
  alignas(16) crypto_aead_aes256gcm_state aes;
  crypto_aead_aes256gcm_beforenm(&aes, key.data());
  std::array<unsigned char, 24> nonce{};
  std::array<unsigned char, 9> ad{};
  std::uint64_t index = 0;
  for (auto _ : state) {
    nonce[0] = static_cast<unsigned char>(index);
    ad[0] = nonce[0];
    unsigned long long sealedBytes = 0;
    if (cipher == vs::ChunkCipher::Aes256Gcm) {
      crypto_aead_aes256gcm_encrypt_afternm(sealed.data(), &sealedBytes, plain.data(), plain.size(), ad.data(),
                                            ad.size(), nullptr, nonce.data(), &aes);
    } else {
      crypto_aead_xchacha20poly1305_ietf_encrypt(sealed.data(), &sealedBytes, plain.data(), plain.size(), ad.data(),
                                                 ad.size(), nullptr, nonce.data(), key.data());
    }
    benchmark::DoNotOptimize(sealed.data());
    ++index;
  }
  state.SetBytesProcessed(state.iterations() * static_cast<std::int64_t>(chunkSize));
}

void BM_AeadOpenChunk(benchmark::State& state) {
  const auto chunkSize = static_cast<std::size_t>(state.range(0));
  const vs::ChunkCipher cipher = cipherArg(state.range(1));
  if (!cipherUsable(state, cipher)) return;
  state.SetLabel(cipherName(cipher));
  std::vector<unsigned char> key(32), plain(chunkSize), sealed(chunkSize + vs::kChunkTagBytes);
  randombytes_buf(key.data(), key.size());
  randombytes_buf(plain.data(), plain.size());
  alignas(16) crypto_aead_aes256gcm_state aes;
  crypto_aead_aes256gcm_beforenm(&aes, key.data());
  const std::array<unsigned char, 24> nonce{};
  const std::array<unsigned char, 9> ad{};
  unsigned long long bytes = 0;
  if (cipher == vs::ChunkCipher::Aes256Gcm) {
    crypto_aead_aes256gcm_encrypt_afternm(sealed.data(), &bytes, plain.data(), plain.size(), ad.data(), ad.size(),
                                          nullptr, nonce.data(), &aes);
  } else {
    crypto_aead_xchacha20poly1305_ietf_encrypt(sealed.data(), &bytes, plain.data(), plain.size(), ad.data(), ad.size(),
                                               nullptr, nonce.data(), key.data());
  }
  for (auto _ : state) {
    int rc = 0;
    if (cipher == vs::ChunkCipher::Aes256Gcm) {
      rc = crypto_aead_aes256gcm_decrypt_afternm(plain.data(), &bytes, nullptr, sealed.data(), sealed.size(), ad.data(),
                                                 ad.size(), nonce.data(), &aes);
    } else {
      rc = crypto_aead_xchacha20poly1305_ietf_decrypt(plain.data(), &bytes, nullptr, sealed.data(), sealed.size(),
                                                      ad.data(), ad.size(), nonce.data(), key.data());
    }
    if (rc != 0) state.SkipWithError("authentication failed");
    benchmark::DoNotOptimize(plain.data());
  }
  state.SetBytesProcessed(state.iterations() * static_cast<std::int64_t>(chunkSize));
}

// The container writer on tmpfs: 64 MiB per iteration, written in 32 KiB
// pieces as FFmpeg's AVIO would, committed (fsync on tmpfs is nearly free).
void BM_ContainerWriteTmpfs(benchmark::State& state) {
  const auto chunkSize = static_cast<std::uint32_t>(state.range(0));
  const vs::ChunkCipher cipher = cipherArg(state.range(1));
  if (!cipherUsable(state, cipher)) return;
  state.SetLabel(cipherName(cipher));
  const vs::DataKey key = vs::DataKey::generate();
  std::vector<unsigned char> piece(32 * 1024);
  randombytes_buf(piece.data(), piece.size());
  const std::filesystem::path directory = benchDirectory(true);
  for (auto _ : state) {
    const std::filesystem::path path = uniquePath(directory, "vs-bench-write");
    auto writer = vs::ChunkedFileWriter::create(path, key, {chunkSize, cipher, true});
    if (!writer) {
      state.SkipWithError(writer.error().message.c_str());
      return;
    }
    for (std::size_t done = 0; done < kStreamBytes; done += piece.size()) {
      if (!(*writer)->write(piece)) {
        state.SkipWithError("write failed");
        return;
      }
    }
    if (!(*writer)->commit()) state.SkipWithError("commit failed");
    state.PauseTiming();
    std::filesystem::remove(path);
    state.ResumeTiming();
  }
  state.SetBytesProcessed(state.iterations() * static_cast<std::int64_t>(kStreamBytes));
}

// The container reader on tmpfs: open + sequential read of 64 MiB in 32 KiB pieces.
void BM_ContainerReadTmpfs(benchmark::State& state) {
  const auto chunkSize = static_cast<std::uint32_t>(state.range(0));
  const vs::ChunkCipher cipher = cipherArg(state.range(1));
  if (!cipherUsable(state, cipher)) return;
  state.SetLabel(cipherName(cipher));
  const vs::DataKey key = vs::DataKey::generate();
  const std::filesystem::path path = uniquePath(benchDirectory(true), "vs-bench-read");
  {
    std::vector<unsigned char> plain(kStreamBytes);
    randombytes_buf(plain.data(), plain.size());
    auto writer = vs::ChunkedFileWriter::create(path, key, {chunkSize, cipher, true});
    if (!writer || !(*writer)->write(plain) || !(*writer)->commit()) {
      state.SkipWithError("could not write the test file");
      return;
    }
  }
  std::vector<unsigned char> piece(32 * 1024);
  for (auto _ : state) {
    auto reader = vs::ChunkedFileReader::open(path, key);
    if (!reader) {
      state.SkipWithError(reader.error().message.c_str());
      break;
    }
    for (;;) {
      auto got = (*reader)->read(piece);
      if (!got) {
        state.SkipWithError(got.error().message.c_str());
        break;
      }
      if (*got == 0) break;
    }
  }
  std::filesystem::remove(path);
  state.SetBytesProcessed(state.iterations() * static_cast<std::int64_t>(kStreamBytes));
}

// Latency of one 64 KiB readAt at a random offset in a 256 MiB container on
// disk (page cache warm: the file was just written). Usually spans two chunks
// with 64 KiB chunks, and the reader's one-chunk cache rarely helps.
void BM_ContainerRandomRead64KiB(benchmark::State& state) {
  const auto chunkSize = static_cast<std::uint32_t>(state.range(0));
  const vs::ChunkCipher cipher = vs::preferredChunkCipher();
  if (!cipherUsable(state, cipher)) return;
  state.SetLabel(cipherName(cipher));
  constexpr std::size_t kFileBytes = std::size_t{256} << 20;
  constexpr std::size_t kReadBytes = 64 * 1024;
  const vs::DataKey key = vs::DataKey::generate();
  const std::filesystem::path path = uniquePath(benchDirectory(false), "vs-bench-random");
  {
    std::vector<unsigned char> plain(kFileBytes);
    randombytes_buf(plain.data(), plain.size());
    auto writer = vs::ChunkedFileWriter::create(path, key, {chunkSize, cipher, true});
    if (!writer || !(*writer)->write(plain) || !(*writer)->commit()) {
      state.SkipWithError("could not write the test file");
      return;
    }
  }
  auto reader = vs::ChunkedFileReader::open(path, key);
  if (!reader) {
    state.SkipWithError(reader.error().message.c_str());
    std::filesystem::remove(path);
    return;
  }
  std::mt19937_64 random(42);
  std::uniform_int_distribution<std::uint64_t> offsets(0, kFileBytes - kReadBytes);
  std::vector<unsigned char> out(kReadBytes);
  for (auto _ : state) {
    auto got = (*reader)->readAt(offsets(random), out);
    if (!got || *got != kReadBytes) {
      state.SkipWithError("read failed");
      break;
    }
    benchmark::DoNotOptimize(out.data());
  }
  reader->reset();
  std::filesystem::remove(path);
}

// A login: unwrapping the user's secret key costs one Argon2id derivation.
void unwrapAt(benchmark::State& state, const vs::KdfParams& params) {
  const vs::UserKeyPair keys = vs::UserKeyPair::generate();
  auto wrapped = vs::wrapSecretKey(keys, "correct horse battery staple", params, "user-1");
  if (!wrapped) {
    state.SkipWithError(wrapped.error().message.c_str());
    return;
  }
  for (auto _ : state) {
    auto unwrapped = vs::unwrapSecretKey(*wrapped, keys.publicKey(), "correct horse battery staple", "user-1");
    if (!unwrapped) {
      state.SkipWithError(unwrapped.error().message.c_str());
      break;
    }
    benchmark::DoNotOptimize(unwrapped->secretKey().data());
  }
}

void BM_Argon2idUnwrapModerate(benchmark::State& state) {
  unwrapAt(state, vs::KdfParams::moderate());
}
void BM_Argon2idUnwrapInteractive(benchmark::State& state) {
  unwrapAt(state, vs::KdfParams::interactive());
}

void chunkSizesAndCiphers(benchmark::internal::Benchmark* bench) {
  for (const auto cipher : {vs::ChunkCipher::Aes256Gcm, vs::ChunkCipher::XChaCha20Poly1305})
    for (const std::int64_t size : {4 << 10, 16 << 10, 64 << 10, 256 << 10, 1 << 20, 4 << 20})
      bench->Args({size, static_cast<std::int64_t>(cipher)});
  bench->ArgNames({"chunk", "cipher"});
}

void chunkSizesAndCiphersForFiles(benchmark::internal::Benchmark* bench) {
  for (const auto cipher : {vs::ChunkCipher::Aes256Gcm, vs::ChunkCipher::XChaCha20Poly1305})
    for (const std::int64_t size : {16 << 10, 64 << 10, 256 << 10, 1 << 20})
      bench->Args({size, static_cast<std::int64_t>(cipher)});
  bench->ArgNames({"chunk", "cipher"});
}

}  // namespace

BENCHMARK(BM_AeadSealChunk)->Apply(chunkSizesAndCiphers);
BENCHMARK(BM_AeadOpenChunk)->Apply(chunkSizesAndCiphers);
BENCHMARK(BM_ContainerWriteTmpfs)->Apply(chunkSizesAndCiphersForFiles)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK(BM_ContainerReadTmpfs)->Apply(chunkSizesAndCiphersForFiles)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK(BM_ContainerRandomRead64KiB)
    ->ArgName("chunk")
    ->Arg(16 << 10)
    ->Arg(64 << 10)
    ->Arg(256 << 10)
    ->Arg(1 << 20)
    ->Unit(benchmark::kMicrosecond)
    ->UseRealTime();
BENCHMARK(BM_Argon2idUnwrapModerate)->Unit(benchmark::kMillisecond)->Iterations(3)->UseRealTime();
BENCHMARK(BM_Argon2idUnwrapInteractive)->Unit(benchmark::kMillisecond)->Iterations(5)->UseRealTime();

BENCHMARK_MAIN();
