// Password input; see terminal.h.
#include "cli/terminal.h"

#include <fcntl.h>
#include <termios.h>
#include <unistd.h>

#include <csignal>
#include <iostream>

#include "core/i18n.h"

namespace vakspiegel::cli {
namespace {

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
  char c = 0;
  bool isComplete = false;
  while (true) {
    const ssize_t n = ::read(fd, &c, 1);
    if (n <= 0) break;
    if (c == '\n') {
      isComplete = true;
      break;
    }
    line.push_back(c);
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
  std::string line;
  if (!std::getline(std::cin, line)) {
    wipe(line);
    return fail(ErrorCode::InvalidArgument,
                trf("Standard input has no line for '{}'. Give one line per password asked.", prompt));
  }
  if (!line.empty() && line.back() == '\r') line.pop_back();
  return SecretString(std::move(line));
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
