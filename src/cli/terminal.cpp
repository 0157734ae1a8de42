// Password input; see terminal.h.
#include "cli/terminal.h"

#include <fcntl.h>
#include <termios.h>
#include <unistd.h>

#include <sodium.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <csignal>
#include <iostream>
#include <optional>

#include "core/i18n.h"

namespace vakspiegel::cli {
namespace {

// Longer lines are cut there (a password is at most 1,024 bytes; the use case
// refuses what is longer than that).
constexpr std::size_t kMaxLineBytes = 4096;

// One line of standard input, read byte by byte (no stream buffer keeps a
// copy); nullopt when the input ended before any byte of it.
std::optional<SecretString> readStandardInputLine() {
  std::string line;
  line.reserve(kMaxLineBytes);
  char c = 0;
  bool isAny = false;
  while (true) {
    const ssize_t n = ::read(STDIN_FILENO, &c, 1);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) break;
    isAny = true;
    if (c == '\n') break;
    if (line.size() < kMaxLineBytes) line.push_back(c);
  }
  if (!isAny) return std::nullopt;
  if (!line.empty() && line.back() == '\r') line.pop_back();
  return SecretString(std::move(line));
}

// Echo is restored when the user interrupts a prompt (Ctrl-C), so the shell
// is not left without echo.
int g_ttyFd = -1;
termios g_savedTermios{};

extern "C" void restoreEchoAndExit(int signal) {
  if (g_ttyFd >= 0) tcsetattr(g_ttyFd, TCSAFLUSH, &g_savedTermios);
  std::signal(signal, SIG_DFL);
  std::raise(signal);
}

Result<SecretString> readFromTerminal(const std::string& prompt) {
  const int fd = ::open("/dev/tty", O_RDWR | O_CLOEXEC);
  if (fd < 0)
    return fail(ErrorCode::InvalidArgument,
                tr("There is no terminal to ask for the password. Use --password-stdin."));
  termios saved{};
  const bool hasTermios = tcgetattr(fd, &saved) == 0;
  if (hasTermios) {
    g_ttyFd = fd;
    g_savedTermios = saved;
    std::signal(SIGINT, restoreEchoAndExit);
    std::signal(SIGTERM, restoreEchoAndExit);
    termios quiet = saved;
    quiet.c_lflag &= ~static_cast<tcflag_t>(ECHO);
    quiet.c_lflag |= ECHONL;
    tcsetattr(fd, TCSAFLUSH, &quiet);
  }
  const std::string label = prompt + ": ";
  [[maybe_unused]] const auto written = ::write(fd, label.data(), label.size());

  std::string line;
  line.reserve(kMaxLineBytes);  // never reallocated: no unwiped copy of the password is freed
  char c = 0;
  bool isComplete = false;
  while (true) {
    const ssize_t n = ::read(fd, &c, 1);
    if (n <= 0) break;
    if (c == '\n') {
      isComplete = true;
      break;
    }
    if (line.size() < kMaxLineBytes) line.push_back(c);
  }
  if (hasTermios) {
    tcsetattr(fd, TCSAFLUSH, &saved);
    std::signal(SIGINT, SIG_DFL);
    std::signal(SIGTERM, SIG_DFL);
    g_ttyFd = -1;
  }
  ::close(fd);
  SecretString password(std::move(line));
  if (!isComplete) return fail(ErrorCode::Cancelled, tr("No password was entered."));
  return password;
}

}  // namespace

Result<SecretString> PasswordSource::ask(const std::string& prompt) {
  if (!m_fromStdin) return readFromTerminal(prompt);
  std::optional<SecretString> line = readStandardInputLine();
  if (!line)
    return fail(ErrorCode::InvalidArgument,
                trf("Standard input has no line for '{}'. Give one line per password asked.", prompt));
  return std::move(*line);
}

Result<SecretString> readText(const std::string& prompt, std::size_t maxBytes) {
  if (isatty(STDIN_FILENO) != 0) std::cerr << prompt << std::endl;
  std::string text;
  text.reserve(maxBytes + 1);  // never reallocated, wiped by SecretString
  std::array<char, 4096> buffer{};
  while (text.size() <= maxBytes) {
    const ssize_t n = ::read(STDIN_FILENO, buffer.data(), std::min(buffer.size(), maxBytes + 1 - text.size()));
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) {
      sodium_memzero(buffer.data(), buffer.size());
      wipe(text);
      return fail(ErrorCode::Io, tr("Could not read the text from standard input."));
    }
    if (n == 0) break;
    text.append(buffer.data(), static_cast<std::size_t>(n));
  }
  sodium_memzero(buffer.data(), buffer.size());
  if (text.size() > maxBytes) {
    wipe(text);
    return fail(ErrorCode::InvalidArgument, trf("The text is longer than {} bytes.", maxBytes));
  }
  while (!text.empty() && (text.back() == '\n' || text.back() == '\r')) text.pop_back();
  return SecretString(std::move(text));
}

Result<SecretString> PasswordSource::askNew(const std::string& prompt) {
  SecretString first = VS_TRY(ask(prompt));
  if (m_fromStdin) return first;
  const SecretString second = VS_TRY(ask(tr("Type it once more")));
  if (first.str() != second.str())
    return fail(ErrorCode::InvalidArgument, tr("The two passwords are not the same. Nothing was changed."));
  return first;
}

}  // namespace vakspiegel::cli
