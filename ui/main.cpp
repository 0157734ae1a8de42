// The workstation's entry point. A placeholder window until the review UI
// lands; what it already does is keep the vault's promises while it is open:
// the sweep runs at start and every minute (R2, R3).
#include <QApplication>
#include <QCommandLineParser>
#include <QLabel>
#include <QLocale>
#include <QTime>
#include <QTranslator>
#include <QVBoxLayout>
#include <QWidget>

#include "app/vault.h"
#include "sweep_service.h"

int main(int argc, char** argv) {
  QApplication app(argc, argv);
  QTranslator translator;
  // Dutch unless the user's locale asks for English (the source text).
  if (!QLocale().name().startsWith(QLatin1String("en")) &&
      translator.load(QStringLiteral(":/i18n/vakspiegel_nl.qm")))
    QApplication::installTranslator(&translator);

  QCommandLineParser parser;
  parser.addHelpOption();
  const QCommandLineOption vaultOption(QStringLiteral("vault"),
                                       QCoreApplication::translate("Main", "The vault directory."),
                                       QStringLiteral("dir"), qEnvironmentVariable("VAKSPIEGEL_VAULT"));
  parser.addOption(vaultOption);
  parser.process(app);
  const std::filesystem::path vaultDir = parser.value(vaultOption).toStdString();

  QWidget window;
  window.setWindowTitle(QStringLiteral("Vakspiegel"));
  auto* layout = new QVBoxLayout(&window);
  layout->addWidget(new QLabel(QCoreApplication::translate(
      "Placeholder", "The review workstation is being built. Until then, use vakspiegel-cli.")));
  auto* sweepStatus = new QLabel(&window);
  layout->addWidget(sweepStatus);

  std::unique_ptr<SweepService> sweep;
  if (!vaultDir.empty() && vakspiegel::Vault::exists(vaultDir)) {
    sweep = std::make_unique<SweepService>(vaultDir);
    QObject::connect(sweep.get(), &SweepService::swept, sweepStatus,
                     [sweepStatus](int completed, const QStringList& problems) {
                       const QString time = QTime::currentTime().toString(QStringLiteral("HH:mm"));
                       sweepStatus->setText(
                           problems.isEmpty()
                               ? QCoreApplication::translate("Main", "Sweep at %1: %n recording(s) erased.", "",
                                                             completed)
                                     .arg(time)
                               : QCoreApplication::translate("Main", "Sweep at %1 did not finish: %2")
                                     .arg(time, problems.join(QLatin1Char(' '))));
                     });
    sweep->start();
  }
  window.show();
  return QApplication::exec();
}
