// The idle timer; see idle_watcher.h.
#include "common/idle_watcher.h"

#include <QCoreApplication>
#include <QEvent>

namespace vakspiegel::ui {

IdleWatcher::IdleWatcher(QObject* parent) : QObject(parent) {
  m_timer.setSingleShot(true);
  connect(&m_timer, &QTimer::timeout, this, &IdleWatcher::idle);
  QCoreApplication::instance()->installEventFilter(this);
}

IdleWatcher::~IdleWatcher() {
  if (QCoreApplication* app = QCoreApplication::instance()) app->removeEventFilter(this);
}

void IdleWatcher::setTimeout(std::chrono::milliseconds timeout) {
  m_timer.setInterval(timeout);
  if (m_timer.isActive()) m_timer.start();
}

void IdleWatcher::start() {
  m_timer.start();
}

void IdleWatcher::stop() {
  m_timer.stop();
}

bool IdleWatcher::eventFilter(QObject* watched, QEvent* event) {
  switch (event->type()) {
    case QEvent::KeyPress:
    case QEvent::MouseButtonPress:
    case QEvent::MouseMove:
    case QEvent::Wheel:
    case QEvent::TouchBegin:
      if (m_timer.isActive()) m_timer.start();
      break;
    default: break;
  }
  return QObject::eventFilter(watched, event);
}

}  // namespace vakspiegel::ui
