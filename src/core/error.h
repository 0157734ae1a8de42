// Result and Error: how everything that can fail for reasons outside the
// program reports it. An Error carries a code (for exit codes and tests) and a
// message fit to show a user (Dutch, through tr()), never content or secrets.
#pragma once

#include <string>
#include <type_traits>
#include <utility>

#include <tl/expected.hpp>

namespace vakspiegel {

enum class ErrorCode {
  Unknown = 0,
  InvalidArgument,   // the caller asked for something malformed
  NotFound,          // a named user, recording or file does not exist
  AlreadyExists,     // a name or id is taken
  PermissionDenied,  // the access policy said no
  WrongPassword,     // login or unlock failed
  AccountLocked,     // too many failed logins; try later
  AccountDisabled,   // an administrator disabled the account
  VaultMissing,      // no vault at the given place
  VaultExists,       // init on a place that already holds a vault
  NotAVault,         // a file that is not a Vakspiegel database
  VaultTooNew,       // written by a newer Vakspiegel
  VaultBusy,         // locked by another process
  Io,                // read/write failed
  DiskFull,          // no space left
  CorruptData,       // authentication failed, truncated or malformed data
  WrongKey,          // the key does not open this data
  Unsupported,       // a format or codec we cannot handle
  Cancelled,         // the user stopped it
  Internal,          // a bug; the message says so
};

struct Error {
  ErrorCode code = ErrorCode::Unknown;
  std::string message;
};

template <class T>
using Result = tl::expected<T, Error>;
using Status = tl::expected<void, Error>;

[[nodiscard]] inline tl::unexpected<Error> fail(ErrorCode code, std::string message) {
  return tl::unexpected<Error>(Error{code, std::move(message)});
}

[[nodiscard]] inline tl::unexpected<Error> fail(Error error) {
  return tl::unexpected<Error>(std::move(error));
}

// Short English name of a code, for logs and JSON output (not for users).
[[nodiscard]] const char* errorCodeName(ErrorCode code);

namespace detail {
// The value of a successful Result, or nothing for a Status (VS_TRY's tail).
template <class T>
decltype(auto) tryValue(tl::expected<T, Error>&& result) {
  if constexpr (!std::is_void_v<T>) return std::move(result).value();
}
}  // namespace detail

}  // namespace vakspiegel

// Propagates the error of a Result/Status expression, else yields its value.
// Keeps use-case code linear without exceptions (a GCC/Clang statement
// expression; __extension__ keeps -Wpedantic quiet about it).
#define VS_TRY(expr) VS_TRY_IMPL_(expr, VS_CONCAT_(vsTryResult_, __COUNTER__))
#define VS_CONCAT_(a, b) VS_CONCAT_IMPL_(a, b)
#define VS_CONCAT_IMPL_(a, b) a##b
// A unique name per expansion, so nested VS_TRY (inside a transaction lambda)
// does not shadow.
#define VS_TRY_IMPL_(expr, name)                               \
  __extension__({                                              \
    auto&& name = (expr);                                      \
    if (!name) return ::tl::unexpected(name.error());          \
    ::vakspiegel::detail::tryValue(std::move(name));           \
  })
