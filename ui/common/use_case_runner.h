// Runs the window's use cases off the GUI thread. One worker thread owns the
// window's Vault (app/vault.h: a vault belongs to one thread at a time) and
// the session of whoever logged in, and runs the calls one after another in
// the order they were asked; each result comes back on the GUI thread to the
// receiver that asked, and is dropped when that receiver is gone. Nothing
// that touches the vault runs on the GUI thread.
#pragma once

#include <QObject>
#include <QPointer>

#include <condition_variable>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <thread>
#include <type_traits>

#include "app/vault.h"

namespace vakspiegel::ui {

// Who is logged in, as the window shows it: no keys (those stay in the
// runner's session).
struct LoggedInUser {
  std::string name;
  Role role = Role::Unknown;
  bool mustChangePassword = false;

  [[nodiscard]] static LoggedInUser of(const Session& session) {
    return {session.name(), session.role(), session.mustChangePassword()};
  }
};

class UseCaseRunner : public QObject {
  Q_OBJECT

 public:
  // What a call works with, on the worker thread only: the vault and the
  // session (empty until a login succeeded, and again after logOut).
  struct Context {
    Vault& vault;
    std::optional<Session>& session;

    // The logged-in user's session. Errors: PermissionDenied when nobody
    // is (before a login, after logOut).
    [[nodiscard]] Result<Session*> who() const;
  };

  explicit UseCaseRunner(std::unique_ptr<Vault> vault, QObject* parent = nullptr);
  // Lets the call that is running finish, drops those still waiting, and
  // closes the session and the vault.
  ~UseCaseRunner() override;
  UseCaseRunner(const UseCaseRunner&) = delete;
  UseCaseRunner& operator=(const UseCaseRunner&) = delete;

  // `work(Context&)` runs on the worker thread; `done(result)` runs on the
  // GUI thread afterwards, if `receiver` still exists. Both are copied, so
  // they capture values, not references to what may be gone by then.
  template <class Work, class Done>
  void run(QObject* receiver, Work work, Done done) {
    using Outcome = std::invoke_result_t<Work&, Context&>;
    QPointer<QObject> target(receiver);
    post([this, target, work = std::move(work), done = std::move(done)](Context& context) mutable {
      auto outcome = std::make_shared<Outcome>(work(context));
      QMetaObject::invokeMethod(
          this,
          [target, done, outcome]() mutable {
            if (target) done(std::move(*outcome));
          },
          Qt::QueuedConnection);
    });
  }

  // Forgets the session (its key pair is wiped) after the calls asked
  // before have run.
  void logOut();

  // Blocks until every call asked before has run (tests, shutdown); their
  // results are then waiting in the GUI thread's event queue.
  void waitUntilIdle();

 private:
  void post(std::function<void(Context&)> task);
  void serve();

  std::unique_ptr<Vault> m_vault;
  std::optional<Session> m_session;  // the worker's, like the vault
  std::mutex m_mutex;
  std::condition_variable m_wake;
  std::condition_variable m_idle;
  std::deque<std::function<void(Context&)>> m_queue;
  bool m_isBusy = false;
  bool m_isStopping = false;
  std::thread m_worker;  // last: starts when everything above exists
};

}  // namespace vakspiegel::ui
