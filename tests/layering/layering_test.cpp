// The layers hold: every #include in the project's sources follows the rules
// of layering_rules.h (Qt only in ui/, FFmpeg and OpenCV only in media/,
// SQLite only in the store, nothing below the use-case layer includes it, the
// CLI and the window reach the core only through the services). A failure
// names the file, the line and the rule.
#include "layering/layering_rules.h"

#include <fstream>

#include <gtest/gtest.h>

#include "support/temp_dir.h"

namespace vakspiegel::layering {
namespace {

namespace fs = std::filesystem;

TEST(Layering, EveryIncludeInTheProjectFollowsTheLayers) {
  const std::vector<Finding> findings = scan(VS_SOURCE_DIR);
  std::string report;
  for (const Finding& f : findings)
    report += f.file + ":" + std::to_string(f.line) + ": #include " + f.include + ": " + f.reason + "\n";
  EXPECT_TRUE(findings.empty()) << report;
}

TEST(Layering, TheScanReadsTheWholeTree) {
  // A scan that reads nothing would pass: it must see the project's own files.
  EXPECT_TRUE(violation("ui/player_window.cpp", "store/database.h", false).has_value());
  EXPECT_TRUE(fs::exists(fs::path(VS_SOURCE_DIR) / "src/app/vault.h"));
}

struct Case {
  const char* file;
  const char* include;
  bool isAngle;
  bool isAllowed;
};

TEST(Layering, EachRuleRefusesWhatItShould) {
  const Case cases[] = {
      // Qt only in ui/.
      {"ui/shell/main_window.cpp", "QMainWindow", true, true},
      {"src/app/vault.cpp", "QString", true, false},
      {"media/player.cpp", "QtCore/QObject", true, false},
      // FFmpeg and OpenCV in media/'s code and internal headers only.
      {"media/player.cpp", "libavcodec/avcodec.h", true, true},
      {"media/internal/ffmpeg_util.h", "libavformat/avformat.h", true, true},
      {"media/player.h", "libavutil/frame.h", true, false},
      {"media/player.h", "media/internal/ffmpeg_util.h", false, false},
      {"src/app/import_service.cpp", "opencv2/core.hpp", true, false},
      {"ui/player/player_controller.cpp", "libavutil/frame.h", true, false},
      // SQLite in the store only.
      {"src/store/database.cpp", "sqlite3.h", true, true},
      {"src/store/database.h", "SQLiteCpp/Database.h", true, true},
      {"src/cli/commands.cpp", "sqlite3.h", true, false},
      {"consent/erasure.cpp", "SQLiteCpp/Statement.h", true, false},
      // Nothing below the use-case layer includes it.
      {"consent/erasure.cpp", "app/vault.h", false, false},
      {"media/import.cpp", "app/import_service.h", false, false},
      {"src/accounts/accounts.cpp", "app/vault.h", false, false},
      {"src/core/ids.cpp", "store/database.h", false, false},
      {"media/import.cpp", "consent/consent_record.h", false, false},
      // The front ends reach the core through the services only.
      {"ui/player_window.cpp", "app/playback_service.h", false, true},
      {"ui/player_window.cpp", "store/recording_store.h", false, false},
      {"ui/login_dialog.cpp", "accounts/accounts.h", false, false},
      {"src/cli/commands.cpp", "audit/audit_log.h", false, false},
      {"src/cli/commands.cpp", "app/internal/vault_context.h", false, false},
      {"ui/main.cpp", "vault/chunked_file.h", false, false},
      {"ui/login_dialog.cpp", "vault/secure_bytes.h", false, true},
      {"src/cli/main.cpp", "cli/commands.h", false, true},
      {"ui/main.cpp", "cli/commands.h", false, false},
      // The services' shared context stays inside src/app/.
      {"src/app/sharing_service.cpp", "app/internal/use_case.h", false, true},
      {"src/app/sharing_service.h", "app/internal/vault_context.h", false, false},
      // Test-only headers stay in tests/.
      {"src/app/vault.cpp", "support/vault_internals.h", false, false},
      {"tests/app/erasure_test.cpp", "support/vault_internals.h", false, true},
      {"tests/app/erasure_test.cpp", "store/database.h", false, true},
  };
  for (const Case& c : cases)
    EXPECT_EQ(!violation(c.file, c.include, c.isAngle).has_value(), c.isAllowed)
        << c.file << " including " << c.include;
}

TEST(Layering, APlantedWrongIncludeIsReportedWithItsFileAndLine) {
  test::TempDir dir;
  fs::create_directories(dir.path() / "ui/library");
  std::ofstream(dir.path() / "ui/library/library_view.cpp") << "// A view.\n#include <QWidget>\n\n"
                                                               "#include \"store/recording_store.h\"\n";
  const std::vector<Finding> findings = scan(dir.path());
  ASSERT_EQ(findings.size(), 1u);
  EXPECT_EQ(findings[0].file, "ui/library/library_view.cpp");
  EXPECT_EQ(findings[0].line, 4);
  EXPECT_EQ(findings[0].include, "store/recording_store.h");
}

}  // namespace
}  // namespace vakspiegel::layering
