// Notices when nobody has used the workstation for a while: watches every
// keyboard, mouse and touch event the application gets and says idle() once
// `timeout` passed without one. The shell locks the screen then.
#pragma once

#include <QObject>
#include <QTimer>

#include <chrono>

namespace vakspiegel::ui {

class IdleWatcher : public QObject {
  Q_OBJECT

 public:
  explicit IdleWatcher(QObject* parent = nullptr);
  ~IdleWatcher() override;

  void setTimeout(std::chrono::milliseconds timeout);
  [[nodiscard]] std::chrono::milliseconds timeout() const { return m_timer.intervalAsDuration(); }
  [[nodiscard]] bool isWatching() const { return m_timer.isActive(); }
  // Counts from now; stop() until the next start().
  void start();
  void stop();

 signals:
  void idle();

 protected:
  bool eventFilter(QObject* watched, QEvent* event) override;

 private:
  QTimer m_timer;
};

}  // namespace vakspiegel::ui
