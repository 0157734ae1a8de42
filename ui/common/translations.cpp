#include "common/translations.h"

#include <QCoreApplication>
#include <QLibraryInfo>
#include <QLocale>
#include <QTranslator>

#include "core/i18n.h"

namespace vakspiegel::ui {

bool installTranslations() {
  if (currentLanguage() != Language::Dutch) return true;
  // Dates, times and decimal commas as in the Netherlands, whatever LANG says.
  QLocale::setDefault(QLocale(QLocale::Dutch, QLocale::Netherlands));
  // Owned by the application: they live as long as it does.
  auto* own = new QTranslator(QCoreApplication::instance());
  const bool isOwnLoaded = own->load(QStringLiteral(":/i18n/vakspiegel_nl.qm"));
  if (isOwnLoaded) QCoreApplication::installTranslator(own);
  auto* qt = new QTranslator(QCoreApplication::instance());
  if (qt->load(QLocale(QLocale::Dutch), QStringLiteral("qtbase"), QStringLiteral("_"),
               QLibraryInfo::path(QLibraryInfo::TranslationsPath)))
    QCoreApplication::installTranslator(qt);
  return isOwnLoaded;
}

}  // namespace vakspiegel::ui
