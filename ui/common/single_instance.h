// One workstation window per user session: the first start listens on a
// local socket named after the user (and the vault); a second start finds
// it, asks it to come to the front, and ends.
#pragma once

#include <QObject>
#include <QString>

class QLocalServer;

namespace vakspiegel::ui {

class SingleInstance : public QObject {
  Q_OBJECT

 public:
  // `key` tells instances apart (e.g. the vault directory); the user's id is
  // added, so two users of one machine each have their own.
  explicit SingleInstance(const QString& key, QObject* parent = nullptr);
  ~SingleInstance() override;

  // True when another instance answered: it was asked to come forward and
  // this one should end. Otherwise this one is the first and now listens.
  [[nodiscard]] bool raiseOther();

  [[nodiscard]] QString serverName() const { return m_name; }

 signals:
  // A second start asked this instance to come forward.
  void raiseRequested();

 private:
  QString m_name;
  QLocalServer* m_server = nullptr;
};

}  // namespace vakspiegel::ui
