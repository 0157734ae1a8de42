// sodium_malloc-backed secret storage.
#include "vault/secure_bytes.h"

#include <cstdlib>
#include <cstring>
#include <new>

#include <sodium.h>

namespace vakspiegel {

void ensureSodium() {
  static const bool initialised = [] {
    if (sodium_init() < 0) std::abort();  // no CSPRNG: nothing secure can be done
    return true;
  }();
  (void)initialised;
}

SecureBytes::SecureBytes(std::size_t size) {
  ensureSodium();
  if (size == 0) return;
  m_data = static_cast<unsigned char*>(sodium_malloc(size));
  if (m_data == nullptr) throw std::bad_alloc();
  m_size = size;
  sodium_memzero(m_data, m_size);
}

SecureBytes::SecureBytes(SecureBytes&& other) noexcept : m_data(other.m_data), m_size(other.m_size) {
  other.m_data = nullptr;
  other.m_size = 0;
}

SecureBytes& SecureBytes::operator=(SecureBytes&& other) noexcept {
  if (this != &other) {
    release();
    m_data = other.m_data;
    m_size = other.m_size;
    other.m_data = nullptr;
    other.m_size = 0;
  }
  return *this;
}

SecureBytes::~SecureBytes() { release(); }

SecureBytes SecureBytes::clone() const {
  SecureBytes copy(m_size);
  if (m_size != 0) std::memcpy(copy.m_data, m_data, m_size);
  return copy;
}

void SecureBytes::release() {
  if (m_data != nullptr) sodium_free(m_data);  // wipes before freeing
  m_data = nullptr;
  m_size = 0;
}

void wipe(std::string& secret) {
  // The whole buffer, not just size(): a moved-from short string keeps its
  // old characters in the inline buffer with size() == 0.
  sodium_memzero(secret.data(), secret.capacity());
  secret.clear();
}

}  // namespace vakspiegel
