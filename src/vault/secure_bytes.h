// Owner of secret bytes (keys, unwrapped secret keys): allocated with
// sodium_malloc (guard pages, not swapped out where the OS allows) and wiped
// when freed. Move-only.
#pragma once

#include <cstddef>
#include <span>
#include <string>
#include <utility>

namespace vakspiegel {

// Initialises libsodium once; safe to call from any thread, any number of times.
void ensureSodium();

class SecureBytes {
 public:
  SecureBytes() = default;
  explicit SecureBytes(std::size_t size);
  SecureBytes(const SecureBytes&) = delete;
  SecureBytes& operator=(const SecureBytes&) = delete;
  SecureBytes(SecureBytes&& other) noexcept;
  SecureBytes& operator=(SecureBytes&& other) noexcept;
  ~SecureBytes();

  [[nodiscard]] unsigned char* data() { return m_data; }
  [[nodiscard]] const unsigned char* data() const { return m_data; }
  [[nodiscard]] std::size_t size() const { return m_size; }
  [[nodiscard]] bool empty() const { return m_size == 0; }
  [[nodiscard]] std::span<const unsigned char> span() const { return {m_data, m_size}; }

  [[nodiscard]] SecureBytes clone() const;

 private:
  void release();
  unsigned char* m_data = nullptr;
  std::size_t m_size = 0;
};

// Overwrites a string that held a secret (a typed password) and empties it.
void wipe(std::string& secret);

// A password typed by a user: wiped when it goes out of scope. Move-only.
class SecretString {
 public:
  SecretString() = default;
  explicit SecretString(std::string text) : m_text(std::move(text)) {}
  SecretString(const SecretString&) = delete;
  SecretString& operator=(const SecretString&) = delete;
  SecretString(SecretString&& other) noexcept : m_text(std::move(other.m_text)) { wipe(other.m_text); }
  SecretString& operator=(SecretString&& other) noexcept {
    wipe(m_text);
    m_text = std::move(other.m_text);
    wipe(other.m_text);
    return *this;
  }
  ~SecretString() { wipe(m_text); }
  [[nodiscard]] const std::string& str() const { return m_text; }

 private:
  std::string m_text;
};

}  // namespace vakspiegel
