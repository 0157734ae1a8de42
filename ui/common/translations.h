// The workstation's language: one choice for Qt's text (ui/i18n/*.ts, built
// into the vakspiegel_ui library) and the core's (gettext, core/i18n.h):
// Dutch unless the environment asks for English, the source text.
#pragma once

namespace vakspiegel::ui {

// Installs the Dutch translators (the workstation's own and Qt's dialogs')
// on the running application and makes Dutch the default QLocale (dates,
// decimal commas) when the language is Dutch. Call once, after
// the Q*Application exists. False when a Dutch catalog could not be loaded.
bool installTranslations();

}  // namespace vakspiegel::ui
