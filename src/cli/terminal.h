// Asking for passwords: from the terminal with echo off, or, with
// --password-stdin, one line of standard input per password asked, in order.
// Passwords are never command-line arguments (they would show in `ps` and
// the shell history).
#pragma once

#include <string>

#include "core/error.h"
#include "vault/secure_bytes.h"

namespace vakspiegel::cli {

class PasswordSource {
 public:
  explicit PasswordSource(bool fromStdin) : m_fromStdin(fromStdin) {}

  // A password for `prompt`. Errors: InvalidArgument when stdin has no line
  // left or there is no terminal to ask on.
  [[nodiscard]] Result<SecretString> ask(const std::string& prompt);
  // A new password: asked twice at a terminal (must match), once from stdin.
  [[nodiscard]] Result<SecretString> askNew(const std::string& prompt);

 private:
  bool m_fromStdin;
};

}  // namespace vakspiegel::cli
