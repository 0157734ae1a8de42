// The window's worker thread for use cases; see use_case_runner.h.
#include "common/use_case_runner.h"

#include <QCoreApplication>

namespace vakspiegel::ui {

Result<Session*> UseCaseRunner::Context::who() const {
  if (!session)
    return fail(
        ErrorCode::PermissionDenied,
        QCoreApplication::translate("UseCaseRunner", "You are logged out. Log in again to go on.").toStdString());
  return &*session;
}

UseCaseRunner::UseCaseRunner(std::unique_ptr<Vault> vault, QObject* parent)
    : QObject(parent), m_vault(std::move(vault)), m_worker([this] { serve(); }) {}

UseCaseRunner::~UseCaseRunner() {
  {
    std::lock_guard lock(m_mutex);
    m_isStopping = true;
    m_queue.clear();
  }
  m_wake.notify_all();
  m_worker.join();
  // The worker is gone: the session and the vault are this thread's now.
  m_session.reset();
  m_vault.reset();
}

void UseCaseRunner::post(std::function<void(Context&)> task) {
  {
    std::lock_guard lock(m_mutex);
    if (m_isStopping) return;
    m_queue.push_back(std::move(task));
  }
  m_wake.notify_one();
}

void UseCaseRunner::logOut() {
  post([](Context& context) { context.session.reset(); });
}

void UseCaseRunner::waitUntilIdle() {
  std::unique_lock lock(m_mutex);
  m_idle.wait(lock, [this] { return m_queue.empty() && !m_isBusy; });
}

void UseCaseRunner::serve() {
  Context context{*m_vault, m_session};
  for (;;) {
    std::function<void(Context&)> task;
    {
      std::unique_lock lock(m_mutex);
      m_wake.wait(lock, [this] { return m_isStopping || !m_queue.empty(); });
      if (m_isStopping) break;
      task = std::move(m_queue.front());
      m_queue.pop_front();
      m_isBusy = true;
    }
    task(context);
    {
      std::lock_guard lock(m_mutex);
      m_isBusy = false;
    }
    m_idle.notify_all();
  }
  m_idle.notify_all();
}

}  // namespace vakspiegel::ui
