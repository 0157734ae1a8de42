// One instance per user session; see single_instance.h.
#include "common/single_instance.h"

#include <QCryptographicHash>
#include <QLocalServer>
#include <QLocalSocket>

#include <unistd.h>

namespace vakspiegel::ui {

namespace {
constexpr char kRaise[] = "raise\n";
constexpr int kAnswerMs = 1000;
}  // namespace

SingleInstance::SingleInstance(const QString& key, QObject* parent) : QObject(parent) {
  const QByteArray hash = QCryptographicHash::hash(key.toUtf8(), QCryptographicHash::Sha256).toHex().left(16);
  m_name = QStringLiteral("vakspiegel-%1-%2").arg(::getuid()).arg(QString::fromLatin1(hash));
}

SingleInstance::~SingleInstance() = default;

bool SingleInstance::raiseOther() {
  QLocalSocket socket;
  socket.connectToServer(m_name);
  if (socket.waitForConnected(kAnswerMs)) {
    socket.write(kRaise);
    socket.waitForBytesWritten(kAnswerMs);
    socket.disconnectFromServer();
    return true;
  }
  // Nobody answered: a socket file left by a killed instance is stale.
  QLocalServer::removeServer(m_name);
  m_server = new QLocalServer(this);
  m_server->setSocketOptions(QLocalServer::UserAccessOption);
  if (!m_server->listen(m_name)) return false;  // still start: one window is better than none
  connect(m_server, &QLocalServer::newConnection, this, [this] {
    while (QLocalSocket* peer = m_server->nextPendingConnection()) {
      connect(peer, &QLocalSocket::readyRead, this, [this, peer] {
        if (peer->readAll().contains("raise")) emit raiseRequested();
        peer->deleteLater();
      });
      connect(peer, &QLocalSocket::disconnected, peer, &QObject::deleteLater);
    }
  });
  return false;
}

}  // namespace vakspiegel::ui
