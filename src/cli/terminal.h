// Asking for passwords: from the terminal with echo off, or, with
// --password-stdin, one line of standard input per password asked, in order.
// Passwords are never command-line arguments (they would show in `ps` and
// the shell history), and neither need annotation texts be: readText()
// takes the rest of standard input. Standard input is read unbuffered, byte
// by byte, into buffers reserved up front and wiped when freed, so no copy of
// a secret is left behind in a stream's buffer or a grown string.
#pragma once

#include <string>

#include "core/error.h"
#include "vault/secure_bytes.h"

namespace vakspiegel::cli {

// The rest of standard input as text (an annotation: at most `maxBytes`;
// one more is an error). At a terminal it first prints `prompt` on stderr.
// Errors: InvalidArgument (too long), Io.
[[nodiscard]] Result<SecretString> readText(const std::string& prompt, std::size_t maxBytes);

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
