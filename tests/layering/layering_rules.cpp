// The include rules; see layering_rules.h.
#include "layering/layering_rules.h"

#include <algorithm>
#include <fstream>
#include <set>
#include <utility>

namespace vakspiegel::layering {
namespace fs = std::filesystem;

namespace {

bool startsWith(const std::string& text, const std::string& prefix) {
  return text.rfind(prefix, 0) == 0;
}

// Where a file sits in the layers.
enum class Layer {
  Test,         // tests/: anything
  Ui,           // ui/: Qt; reaches the core through the services only
  Cli,          // src/cli/: through the services only
  App,          // src/app/: the use-case services' public headers and code
  AppInternal,  // src/app/internal/: what the services share
  Consent,      // consent/: on the core only
  MediaPublic,  // media/*.h: the project's types only
  MediaCode,    // media/*.cpp, media/internal/: FFmpeg and OpenCV
  CoreBase,     // src/core/: ids, time, errors, i18n; nothing of the project below it
  CoreLibrary,  // src/store, vault, access, audit, accounts
  Store,        // src/store/: the only SQL
  Other,
};

Layer layerOf(const std::string& file) {
  if (startsWith(file, "tests/")) return Layer::Test;
  if (startsWith(file, "ui/")) return Layer::Ui;
  if (startsWith(file, "src/cli/")) return Layer::Cli;
  if (startsWith(file, "src/app/internal/")) return Layer::AppInternal;
  if (startsWith(file, "src/app/")) return Layer::App;
  if (startsWith(file, "consent/")) return Layer::Consent;
  if (startsWith(file, "media/internal/")) return Layer::MediaCode;
  if (startsWith(file, "media/")) return fs::path(file).extension() == ".h" ? Layer::MediaPublic : Layer::MediaCode;
  if (startsWith(file, "src/core/")) return Layer::CoreBase;
  if (startsWith(file, "src/store/")) return Layer::Store;
  for (const char* dir : {"src/vault/", "src/access/", "src/audit/", "src/accounts/"})
    if (startsWith(file, dir)) return Layer::CoreLibrary;
  return Layer::Other;
}

// The part of the project a quoted include names, by its first folder.
std::string areaOf(const std::string& include) {
  const std::size_t slash = include.find('/');
  if (slash == std::string::npos) return "local";
  const std::string first = include.substr(0, slash);
  if (first == "app") return startsWith(include, "app/internal/") ? "app/internal" : "app";
  if (first == "media") return startsWith(include, "media/internal/") ? "media/internal" : "media";
  static const std::set<std::string> kKnown = {"cli",    "consent", "core",     "store",   "vault",
                                               "access", "audit",   "accounts", "support", "layering"};
  return kKnown.count(first) ? first : "local";
}

bool isQt(const std::string& include) {
  return (include.size() > 1 && include[0] == 'Q' && std::isupper(static_cast<unsigned char>(include[1]))) ||
         startsWith(include, "Qt");
}

bool isFfmpegOrOpenCv(const std::string& include) {
  for (const char* prefix : {"libavcodec/", "libavformat/", "libavutil/", "libavfilter/", "libavdevice/", "libswscale/",
                             "libswresample/", "libpostproc/", "opencv2/"})
    if (startsWith(include, prefix)) return true;
  return false;
}

// The include of a line ("#  include <x>" or "#include \"x\""): the text
// between the delimiters and whether they were angle brackets. (Not
// std::regex: GCC 12 warns inside it under the sanitizers.)
std::optional<std::pair<std::string, bool>> includeOf(const std::string& line) {
  std::size_t i = line.find_first_not_of(" \t");
  if (i == std::string::npos || line[i] != '#') return std::nullopt;
  i = line.find_first_not_of(" \t", i + 1);
  if (i == std::string::npos || line.compare(i, 7, "include") != 0) return std::nullopt;
  i = line.find_first_not_of(" \t", i + 7);
  if (i == std::string::npos || (line[i] != '<' && line[i] != '"')) return std::nullopt;
  const bool isAngle = line[i] == '<';
  const std::size_t end = line.find(isAngle ? '>' : '"', i + 1);
  if (end == std::string::npos) return std::nullopt;
  return std::make_pair(line.substr(i + 1, end - i - 1), isAngle);
}

bool isSqlite(const std::string& include) {
  return include == "sqlite3.h" || startsWith(include, "SQLiteCpp/");
}

const std::set<std::string>& allowedAreas(Layer layer) {
  static const std::set<std::string> kCoreBase = {"core", "local"};
  static const std::set<std::string> kCoreLibrary = {"core", "store", "vault", "access", "audit", "accounts", "local"};
  static const std::set<std::string> kConsent = {"core",  "store",    "vault",   "access",
                                                 "audit", "accounts", "consent", "local"};
  static const std::set<std::string> kMediaPublic = {"core", "vault", "media", "local"};
  static const std::set<std::string> kMediaCode = {"core", "vault", "media", "media/internal", "local"};
  static const std::set<std::string> kApp = {"core",     "store",   "vault", "access", "audit",
                                             "accounts", "consent", "media", "app",    "local"};
  static const std::set<std::string> kAppInternal = {"core",    "store", "vault", "access",       "audit", "accounts",
                                                     "consent", "media", "app",   "app/internal", "local"};
  // The front ends: the services, the value types of core and consent, the
  // playback engine's public API; never the store, the keys or the policy.
  static const std::set<std::string> kCli = {"app", "core", "consent", "media", "cli"};
  static const std::set<std::string> kUi = {"app", "core", "consent", "media", "local"};
  static const std::set<std::string> kNone;
  switch (layer) {
    case Layer::CoreBase: return kCoreBase;
    case Layer::CoreLibrary:
    case Layer::Store: return kCoreLibrary;
    case Layer::Consent: return kConsent;
    case Layer::MediaPublic: return kMediaPublic;
    case Layer::MediaCode: return kMediaCode;
    case Layer::App: return kApp;
    case Layer::AppInternal: return kAppInternal;
    case Layer::Cli: return kCli;
    case Layer::Ui: return kUi;
    default: return kNone;
  }
}

}  // namespace

std::optional<std::string> violation(const std::string& file, const std::string& include, bool isAngle) {
  const Layer layer = layerOf(file);
  if (layer == Layer::Other) return std::nullopt;
  if (isAngle) {
    if (layer == Layer::Test) return std::nullopt;
    if (isQt(include) && layer != Layer::Ui) return "Qt belongs in ui/ only";
    if (isFfmpegOrOpenCv(include) && layer != Layer::MediaCode)
      return layer == Layer::MediaPublic ? "a public media header shows only the project's types (use media/internal/)"
                                         : "FFmpeg and OpenCV belong in media/ only";
    if (isSqlite(include) && layer != Layer::Store) return "SQLite belongs in src/store/ only";
    return std::nullopt;
  }
  const std::string area = areaOf(include);
  if (layer == Layer::Test) return std::nullopt;
  if (area == "support" || area == "layering") return "test-only headers stay in tests/";
  // Two vocabularies the front ends share with the core: secrets in memory
  // (passwords typed) and the audit actions' names and words for people.
  if ((layer == Layer::Ui || layer == Layer::Cli) &&
      (include == "vault/secure_bytes.h" || include == "audit/audit_actions.h"))
    return std::nullopt;
  if (allowedAreas(layer).count(area)) return std::nullopt;
  const bool isHeader = fs::path(file).extension() == ".h";
  if (area == "app/internal") {
    if (layer == Layer::App && !isHeader) return std::nullopt;
    if (layer == Layer::App) return "a service's public header does not show the shared context (app/internal/)";
  }
  if (area == "app" || area == "app/internal" || area == "cli") {
    if (layer == Layer::Ui || layer == Layer::Cli) return "the shared context is internal to src/app/";
    return "nothing below the use-case layer includes it";
  }
  if (area == "media/internal") return "media/internal/ carries FFmpeg types: for media/ only";
  if (layer == Layer::Ui || layer == Layer::Cli)
    return "ui/ and the CLI reach the core only through the services (src/app/)";
  return "against the layers (" + area + " is not below this folder)";
}

std::vector<Finding> scan(const fs::path& root) {
  std::vector<Finding> findings;
  for (const char* top : {"src", "ui", "media", "consent", "tests"}) {
    if (!fs::is_directory(root / top)) continue;
    for (const auto& entry : fs::recursive_directory_iterator(root / top)) {
      const std::string ext = entry.path().extension().string();
      if (!entry.is_regular_file() || (ext != ".h" && ext != ".cpp")) continue;
      const std::string file = fs::relative(entry.path(), root).generic_string();
      std::ifstream in(entry.path());
      std::string text;
      for (int line = 1; std::getline(in, text); ++line) {
        const auto include = includeOf(text);
        if (!include) continue;
        if (auto reason = violation(file, include->first, include->second))
          findings.push_back({file, line, include->first, *reason});
      }
    }
  }
  std::sort(findings.begin(), findings.end(),
            [](const Finding& a, const Finding& b) { return std::tie(a.file, a.line) < std::tie(b.file, b.line); });
  return findings;
}

}  // namespace vakspiegel::layering
