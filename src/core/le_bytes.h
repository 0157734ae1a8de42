// Little-endian byte helpers: fixed-width stores and loads at a pointer (the vault's container header, nonces),
// and an appending writer and a bounds-checked reader for derived data (thumbnail strips, waveforms, speech).
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <optional>
#include <span>
#include <type_traits>
#include <utility>
#include <vector>

namespace vakspiegel {

// Fixed-width fields at `out` / `in`; the caller guarantees the room.
inline void storeLe16(unsigned char* out, std::uint16_t value) {
  out[0] = static_cast<unsigned char>(value & 0xffu);
  out[1] = static_cast<unsigned char>(value >> 8);
}

inline void storeLe32(unsigned char* out, std::uint32_t value) {
  for (std::size_t i = 0; i < 4; ++i) out[i] = static_cast<unsigned char>((value >> (8 * i)) & 0xffu);
}

inline void storeLe64(unsigned char* out, std::uint64_t value) {
  for (std::size_t i = 0; i < 8; ++i) out[i] = static_cast<unsigned char>((value >> (8 * i)) & 0xffu);
}

inline std::uint16_t loadLe16(const unsigned char* in) {
  return static_cast<std::uint16_t>(in[0] | (static_cast<unsigned>(in[1]) << 8));
}

inline std::uint32_t loadLe32(const unsigned char* in) {
  std::uint32_t value = 0;
  for (std::size_t i = 0; i < 4; ++i) value |= static_cast<std::uint32_t>(in[i]) << (8 * i);
  return value;
}

// Appends fields to a growing buffer.
class LeWriter {
 public:
  void bytes(std::span<const unsigned char> data) { m_out.insert(m_out.end(), data.begin(), data.end()); }
  void unsignedLe(std::uint64_t value, std::size_t size) {
    for (std::size_t i = 0; i < size; ++i) m_out.push_back(static_cast<unsigned char>((value >> (8 * i)) & 0xffu));
  }
  void u8(unsigned value) { unsignedLe(value, 1); }
  void u16(std::uint16_t value) { unsignedLe(value, 2); }
  void u32(std::uint32_t value) { unsignedLe(value, 4); }
  void i16(std::int16_t value) { unsignedLe(static_cast<std::uint16_t>(value), 2); }
  void i64(std::int64_t value) { unsignedLe(static_cast<std::uint64_t>(value), 8); }
  std::vector<unsigned char> take() { return std::move(m_out); }

 private:
  std::vector<unsigned char> m_out;
};

// Reads fields in order; every read checks the remaining length first and
// returns false (or nothing) past the end.
class LeReader {
 public:
  explicit LeReader(std::span<const unsigned char> data) : m_data(data) {}
  [[nodiscard]] std::size_t remaining() const { return m_data.size(); }
  [[nodiscard]] bool magic(std::span<const unsigned char> expected) {
    if (m_data.size() < expected.size() || std::memcmp(m_data.data(), expected.data(), expected.size()) != 0)
      return false;
    m_data = m_data.subspan(expected.size());
    return true;
  }
  [[nodiscard]] bool unsignedLe(std::uint64_t& value, std::size_t size) {
    if (m_data.size() < size) return false;
    value = 0;
    for (std::size_t i = 0; i < size; ++i) value |= std::uint64_t{m_data[i]} << (8 * i);
    m_data = m_data.subspan(size);
    return true;
  }
  template <class T>
  [[nodiscard]] bool read(T& value) {
    std::uint64_t raw = 0;
    if (!unsignedLe(raw, sizeof(T))) return false;
    // Two's complement for the signed fields (defined since C++20).
    value = static_cast<T>(static_cast<std::make_unsigned_t<T>>(raw));
    return true;
  }
  [[nodiscard]] std::optional<std::span<const unsigned char>> take(std::size_t count) {
    if (m_data.size() < count) return std::nullopt;
    const auto part = m_data.first(count);
    m_data = m_data.subspan(count);
    return part;
  }

 private:
  std::span<const unsigned char> m_data;
};

}  // namespace vakspiegel
