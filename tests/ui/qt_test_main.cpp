// The main of the Qt widget tests: a QApplication must exist before the
// tests run, headless unless told otherwise (also when ctest lists them),
// with the user's Dutch translations installed.
#include <QApplication>

#include <gtest/gtest.h>

#include "common/translations.h"

int main(int argc, char** argv) {
  if (!qEnvironmentVariableIsSet("QT_QPA_PLATFORM")) qputenv("QT_QPA_PLATFORM", "offscreen");
  QApplication app(argc, argv);
  vakspiegel::ui::installTranslations();
  ::testing::InitGoogleTest(&argc, argv);
  return RUN_ALL_TESTS();
}
