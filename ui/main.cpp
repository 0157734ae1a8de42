// The workstation's entry point: opens the vault and hands it to the
// use-case worker (common/use_case_runner.h), asks who is there (login
// dialog), then shows the recordings that user may watch and plays the one
// chosen (a minimal window until the workstation's shell lands). While it is
// open it keeps the vault's promises: the sweep runs at start and every
// minute on a connection of its own (R2, R3), and the status bar says what
// it did.
#include <QApplication>
#include <QCommandLineParser>
#include <QMessageBox>
#include <QTime>

#include <memory>

#include "app/vault.h"
#include "common/qt_conversions.h"
#include "common/sweep_service.h"
#include "common/translations.h"
#include "core/clock.h"
#include "login/login_dialog.h"
#include "shell/player_window.h"

namespace {

QString sweepText(int completed, const QStringList& problems) {
  const QString time = QTime::currentTime().toString(QStringLiteral("HH:mm"));
  return problems.isEmpty()
             ? QCoreApplication::translate("Main", "Sweep at %1: %n recording(s) erased.", "", completed).arg(time)
             : QCoreApplication::translate("Main", "Sweep at %1 did not finish: %2")
                   .arg(time, problems.join(QLatin1Char(' ')));
}

}  // namespace

int main(int argc, char** argv) {
  QApplication app(argc, argv);
  QApplication::setApplicationName(QStringLiteral("Vakspiegel"));
  vakspiegel::ui::installTranslations();

  QCommandLineParser parser;
  parser.setApplicationDescription(
      QCoreApplication::translate("Main", "Vakspiegel: watch recorded conversations to learn from them."));
  parser.addHelpOption();
  const QCommandLineOption vaultOption(QStringLiteral("vault"),
                                       QCoreApplication::translate("Main", "The vault directory."),
                                       QStringLiteral("dir"), qEnvironmentVariable("VAKSPIEGEL_VAULT"));
  parser.addOption(vaultOption);
  const QCommandLineOption silentOption(
      QStringLiteral("no-sound"),
      QCoreApplication::translate("Main", "Play without sound, even with an audio device."));
  parser.addOption(silentOption);
  parser.process(app);
  const std::filesystem::path vaultDir = parser.value(vaultOption).toStdString();

  if (vaultDir.empty()) {
    QMessageBox::critical(
        nullptr, QStringLiteral("Vakspiegel"),
        QCoreApplication::translate(
            "Main", "No vault was given. Start Vakspiegel with --vault DIR (or set VAKSPIEGEL_VAULT)."));
    return 2;
  }
  static const vakspiegel::SystemClock clock;
  auto vault = vakspiegel::Vault::open(vaultDir, clock);
  if (!vault) {
    QMessageBox::critical(nullptr, QStringLiteral("Vakspiegel"), vakspiegel::ui::toQString(vault.error().message));
    return 1;
  }

  // The sweep runs from the start, also while nobody is logged in yet.
  SweepService sweep(vaultDir);
  QString lastSweep;
  QObject::connect(&sweep, &SweepService::swept, &app, [&lastSweep](int completed, const QStringList& problems) {
    lastSweep = sweepText(completed, problems);
  });
  sweep.start();

  vakspiegel::ui::UseCaseRunner runner(std::move(*vault));
  vakspiegel::ui::LoginDialog login(runner);
  if (login.exec() != QDialog::Accepted) return 0;
  std::optional<vakspiegel::ui::LoggedInUser> user = login.loggedIn();
  if (!user) return 0;

  vakspiegel::ui::PlayerWindow window(runner, std::move(*user),
                                      parser.isSet(silentOption)
                                          ? vakspiegel::ui::PlayerController::AudioChoice::Never
                                          : vakspiegel::ui::PlayerController::AudioChoice::IfDeviceExists);
  window.setSweepStatus(lastSweep);
  QObject::connect(&sweep, &SweepService::swept, &window, [&window](int completed, const QStringList& problems) {
    window.setSweepStatus(sweepText(completed, problems));
  });
  window.show();
  return QApplication::exec();
}
