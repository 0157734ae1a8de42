// The workstation's entry point: one instance per user and vault (a second
// start raises the first), opens the vault (the system vault when installed;
// the demo vault with --demo, made on first start through the real use
// cases) and hands it to the use-case worker, then the workstation's window
// and its login. While it is
// open it keeps the vault's promises: the sweep runs at start and every
// minute on a connection of its own (R2, R3); the status bar says what it
// did, and a recording that is open is checked after every sweep.
#include <QApplication>
#include <QCommandLineParser>
#include <QEventLoop>
#include <QIcon>
#include <QMessageBox>
#include <QProgressDialog>
#include <QThread>
#include <QTime>

#include <memory>

#include "app/demo_service.h"
#include "app/vault.h"
#include "app/vault_location.h"
#include "common/qt_conversions.h"
#include "common/single_instance.h"
#include "common/style.h"
#include "common/sweep_service.h"
#include "common/translations.h"
#include "core/clock.h"
#include "shell/main_window.h"
#include "shell/workstation.h"

namespace {

QString sweepText(int completed, const QStringList& problems) {
  const QString time = QTime::currentTime().toString(QStringLiteral("HH:mm"));
  return problems.isEmpty()
             ? QCoreApplication::translate("Main", "Sweep at %1: %n recording(s) erased.", "", completed).arg(time)
             : QCoreApplication::translate("Main", "Sweep at %1 did not finish: %2")
                   .arg(time, problems.join(QLatin1Char(' ')));
}

// Makes the demo vault (once) off the GUI thread, while a dialog says so.
vakspiegel::Status prepareDemo(const std::filesystem::path& dir, const vakspiegel::Clock& clock,
                               const std::optional<std::filesystem::path>& recording) {
  vakspiegel::Status status;
  QProgressDialog progress(QCoreApplication::translate("Main", "Preparing the demo vault…"), QString(), 0, 0);
  progress.setWindowTitle(QStringLiteral("Vakspiegel"));
  progress.setMinimumDuration(300);
  QEventLoop loop;
  QThread* worker =
      QThread::create([&] { status = vakspiegel::prepareDemoVault(dir, clock, recording).map([](auto&&) {}); });
  QObject::connect(worker, &QThread::finished, &loop, &QEventLoop::quit);
  worker->start();
  loop.exec();
  worker->wait();
  delete worker;
  return status;
}

// Why the workstation cannot start (no vault yet, no access to it), in a box
// whose text can be selected: it often holds the command that helps.
void showStartProblem(const std::string& message) {
  QMessageBox box(QMessageBox::Critical, QStringLiteral("Vakspiegel"), vakspiegel::ui::toQString(message),
                  QMessageBox::Close);
  box.setTextInteractionFlags(Qt::TextSelectableByMouse | Qt::TextSelectableByKeyboard);
  box.exec();
}

}  // namespace

int main(int argc, char** argv) {
  QApplication app(argc, argv);
  QApplication::setApplicationName(QStringLiteral("Vakspiegel"));
  // Settings in ~/.config/Vakspiegel/; the desktop entry and icon the package installs.
  QApplication::setOrganizationName(QStringLiteral("Vakspiegel"));
  QGuiApplication::setDesktopFileName(QStringLiteral("nl.vakspiegel.Vakspiegel"));
  QApplication::setWindowIcon(QIcon::fromTheme(QStringLiteral("nl.vakspiegel.Vakspiegel")));
  vakspiegel::ui::installTranslations();
  if (qEnvironmentVariable("VAKSPIEGEL_PALETTE") == QLatin1String("dark")) vakspiegel::ui::useDarkPalette();

  QCommandLineParser parser;
  parser.setApplicationDescription(
      QCoreApplication::translate("Main", "Vakspiegel: watch recorded conversations to learn from them."));
  parser.addHelpOption();
  const QCommandLineOption vaultOption(
      QStringLiteral("vault"),
      QCoreApplication::translate("Main",
                                  "The vault directory (default: $VAKSPIEGEL_VAULT, else the system vault "
                                  "/var/lib/vakspiegel/vault when installed, else the XDG data folder)."),
      QStringLiteral("dir"));
  parser.addOption(vaultOption);
  const QCommandLineOption demoOption(
      QStringLiteral("demo"),
      QCoreApplication::translate("Main", "Open the demo vault (made on first start, with demo accounts)."));
  parser.addOption(demoOption);
  const QCommandLineOption demoRecordingOption(
      QStringLiteral("demo-recording"),
      QCoreApplication::translate("Main", "A generated demo recording the demo vault imports (once)."),
      QStringLiteral("file"));
  parser.addOption(demoRecordingOption);
  const QCommandLineOption silentOption(
      QStringLiteral("no-sound"),
      QCoreApplication::translate("Main", "Play without sound, even with an audio device."));
  parser.addOption(silentOption);
  parser.process(app);

  const bool isDemo = parser.isSet(demoOption);
  const std::filesystem::path vaultDir = parser.isSet(vaultOption)
                                             ? std::filesystem::path(parser.value(vaultOption).toStdString())
                                         : isDemo ? vakspiegel::defaultDemoVaultDir()
                                                  : vakspiegel::defaultVaultDir();

  // One window per user and vault: a second start brings the first forward.
  vakspiegel::ui::SingleInstance instance(QString::fromStdString(std::filesystem::absolute(vaultDir).string()));
  if (instance.raiseOther()) return 0;

  static const vakspiegel::SystemClock clock;
  if (isDemo) {
    const std::optional<std::filesystem::path> recording =
        parser.isSet(demoRecordingOption)
            ? std::optional<std::filesystem::path>(parser.value(demoRecordingOption).toStdString())
            : std::nullopt;
    if (const vakspiegel::Status made = prepareDemo(vaultDir, clock, recording); !made) {
      showStartProblem(made.error().message);
      return 1;
    }
  }
  auto vault = vakspiegel::Vault::open(vaultDir, clock);
  if (!vault) {
    showStartProblem(vault.error().message);
    return 1;
  }
  const bool isDemoVault = vakspiegel::isDemoVault(**vault).value_or(false);

  // The sweep runs from the start, also while nobody is logged in yet.
  SweepService sweep(vaultDir);
  vakspiegel::ui::UseCaseRunner runner(std::move(*vault));
  vakspiegel::ui::Workstation workstation(runner,
                                          parser.isSet(silentOption)
                                              ? vakspiegel::ui::PlayerController::AudioChoice::Never
                                              : vakspiegel::ui::PlayerController::AudioChoice::IfDeviceExists,
                                          QString::fromStdString(vaultDir.string()));
  if (isDemoVault) {
    QStringList lines;
    for (const vakspiegel::DemoAccount& account : vakspiegel::demoAccounts())
      lines << QStringLiteral("  %1 (%2)")
                   .arg(vakspiegel::ui::toQString(std::string(account.name)),
                        vakspiegel::ui::toQString(vakspiegel::roleDisplayName(account.role)));
    workstation.setDemoAccounts(lines, vakspiegel::ui::toQString(std::string(vakspiegel::kDemoPassword)));
  }
  QObject::connect(&instance, &vakspiegel::ui::SingleInstance::raiseRequested, &workstation,
                   &vakspiegel::ui::Workstation::raise);
  QObject::connect(&sweep, &SweepService::swept, &workstation.window(),
                   [&workstation](int completed, const QStringList& problems) {
                     workstation.window().setSweepStatus(sweepText(completed, problems));
                     workstation.window().checkOpenRecording();
                   });
  sweep.start();
  workstation.start();
  return QApplication::exec();
}
