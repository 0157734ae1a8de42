// The home of a privacy officer or an administrator until their consoles
// land: what they can do, and the vakspiegel-cli commands that do it. Never
// a player, a picture or any content (R4).
#pragma once

#include <QWidget>

#include "app/account_service.h"

namespace vakspiegel::ui {

class RoleHomePage : public QWidget {
  Q_OBJECT

 public:
  RoleHomePage(Role role, const QString& vaultDir, QWidget* parent = nullptr);
};

}  // namespace vakspiegel::ui
