// What the commands share (commands.h, command_support.h): exit codes, where the vault is, printing,
// opening the vault and logging in; and `version`. The commands themselves are in commands_*.cpp.
#include "cli/commands.h"

#include <iostream>
#include <utility>

#include "cli/command_support.h"
#include "core/i18n.h"
#include "media/media_info.h"

namespace vakspiegel::cli {
namespace fs = std::filesystem;
using nlohmann::json;

int exitCodeFor(ErrorCode code) {
  switch (code) {
    case ErrorCode::InvalidArgument:
    case ErrorCode::CorruptData: return kExitDataError;
    case ErrorCode::VaultMissing: return kExitNoInput;
    case ErrorCode::NotFound: return kExitNoUser;
    case ErrorCode::Unsupported: return kExitUnavailable;
    case ErrorCode::AlreadyExists:
    case ErrorCode::VaultExists: return kExitCantCreate;
    case ErrorCode::Io:
    case ErrorCode::DiskFull: return kExitIoError;
    case ErrorCode::VaultBusy:
    case ErrorCode::AccountLocked: return kExitTempFail;
    case ErrorCode::PermissionDenied:
    case ErrorCode::WrongPassword:
    case ErrorCode::AccountDisabled:
    case ErrorCode::WrongKey: return kExitNoPerm;
    case ErrorCode::NotAVault:
    case ErrorCode::VaultTooNew: return kExitConfig;
    case ErrorCode::Cancelled: return 1;
    case ErrorCode::Internal:
    case ErrorCode::Unknown: break;
  }
  return kExitSoftware;
}

void Context::print(const json& j, const std::string& text) const {
  if (m_options.isJson) {
    std::cout << j.dump(2) << '\n';
  } else {
    std::cout << text;
    if (text.empty() || text.back() != '\n') std::cout << '\n';
  }
  std::cout.flush();
}

Result<std::unique_ptr<Vault>> openVault(Context& ctx) {
  return Vault::open(ctx.options().vaultDir, ctx.clock());
}

// Opens the vault and logs in the user named by --user (asking the password).
Result<Acting> actAs(Context& ctx) {
  if (ctx.options().userName.empty())
    return fail(ErrorCode::InvalidArgument, tr("Say who you are with --user NAME (or VAKSPIEGEL_USER)."));
  auto vault = VS_TRY(openVault(ctx));
  const SecretString password = VS_TRY(ctx.passwords().ask(trf("Password for {}", ctx.options().userName)));
  Session session = VS_TRY(vault->login(ctx.options().userName, password.str()));
  return Acting{std::move(vault), std::move(session)};
}

Status runVersion(Context& ctx) {
  json libs = json::object();
  std::string text = fmt::format("vakspiegel-cli {}\n", VAKSPIEGEL_VERSION);
  for (const StorageLibrary& lib : storageLibraries()) {
    libs[lib.name] = lib.version;
    text += fmt::format("  {} {}\n", lib.name == "sqlite" ? "SQLite" : lib.name, lib.version);
  }
  for (const media::LibraryVersion& lib : media::ffmpegLibraries()) {
    libs[lib.name] = lib.version;
    text += fmt::format("  {} {}\n", lib.name, lib.version);
  }
  text += trf("  FFmpeg license: {}\n", media::ffmpegLicense());
  ctx.print({{"version", VAKSPIEGEL_VERSION}, {"libraries", libs}}, text);
  return {};
}

}  // namespace vakspiegel::cli
