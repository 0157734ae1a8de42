// The workstation's entry point. A placeholder until the review UI lands:
// it shows which vault it would open and points to the CLI.
#include <QApplication>
#include <QLabel>
#include <QLocale>
#include <QTranslator>
#include <QVBoxLayout>
#include <QWidget>

int main(int argc, char** argv) {
  QApplication app(argc, argv);
  QTranslator translator;
  // Dutch unless the user's locale asks for English (the source text).
  if (!QLocale().name().startsWith(QLatin1String("en")) &&
      translator.load(QStringLiteral(":/i18n/vakspiegel_nl.qm")))
    QApplication::installTranslator(&translator);

  QWidget window;
  window.setWindowTitle(QStringLiteral("Vakspiegel"));
  auto* layout = new QVBoxLayout(&window);
  layout->addWidget(new QLabel(QCoreApplication::translate(
      "Placeholder", "The review workstation is being built. Until then, use vakspiegel-cli.")));
  window.show();
  return QApplication::exec();
}
