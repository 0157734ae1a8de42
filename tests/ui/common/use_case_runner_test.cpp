// The window's use-case worker (ui/common/use_case_runner.h): use cases run
// off the GUI thread, one after another in the order asked, and their
// results come back on the GUI thread, only to a receiver that still exists;
// a log-out drops the session, and closing with work still queued neither
// hangs nor runs it.
#include "common/use_case_runner.h"

#include <QCoreApplication>
#include <QTest>

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <thread>
#include <vector>

#include "app/recording_service.h"
#include "app/vault_fixture.h"

namespace vakspiegel::ui {
namespace {

class UseCaseRunnerTest : public test::VaultFixture {
 protected:
  std::unique_ptr<UseCaseRunner> makeRunner() {
    auto vault = Vault::open(vaultDir(), m_clock);
    EXPECT_TRUE(vault) << vault.error().message;
    return std::make_unique<UseCaseRunner>(std::move(*vault));
  }
  static void settle(UseCaseRunner& runner) {
    runner.waitUntilIdle();
    QCoreApplication::processEvents();
  }
};

TEST_F(UseCaseRunnerTest, WorkRunsOffTheGuiThreadAndItsResultComesBackOnIt) {
  auto runner = makeRunner();
  QObject receiver;
  std::thread::id workThread, doneThread;
  int result = 0;
  runner->run(
      &receiver,
      [&workThread](UseCaseRunner::Context&) {
        workThread = std::this_thread::get_id();
        return 42;
      },
      [&](int value) {
        doneThread = std::this_thread::get_id();
        result = value;
      });
  settle(*runner);
  EXPECT_EQ(result, 42);
  EXPECT_NE(workThread, std::this_thread::get_id());
  EXPECT_EQ(doneThread, std::this_thread::get_id());
}

TEST_F(UseCaseRunnerTest, CallsRunInTheOrderTheyWereAsked) {
  auto runner = makeRunner();
  QObject receiver;
  std::vector<int> worked, done;
  for (int i = 0; i < 20; ++i)
    runner->run(
        &receiver,
        [&worked, i](UseCaseRunner::Context&) {
          worked.push_back(i);
          return i;
        },
        [&done](int value) { done.push_back(value); });
  settle(*runner);
  std::vector<int> expected(20);
  for (int i = 0; i < 20; ++i) expected[static_cast<std::size_t>(i)] = i;
  EXPECT_EQ(worked, expected);
  EXPECT_EQ(done, expected);
}

TEST_F(UseCaseRunnerTest, AResultForAReceiverThatIsGoneIsDropped) {
  auto runner = makeRunner();
  bool isDelivered = false;
  {
    QObject receiver;
    runner->run(
        &receiver, [](UseCaseRunner::Context&) { return 1; }, [&isDelivered](int) { isDelivered = true; });
    runner->waitUntilIdle();
  }  // gone before the GUI thread picked the result up
  QCoreApplication::processEvents();
  EXPECT_FALSE(isDelivered);
}

TEST_F(UseCaseRunnerTest, ASessionLivesOnTheWorkerUntilLogOut) {
  auto runner = makeRunner();
  importTiny();
  QObject receiver;
  const auto list = [&] {
    std::optional<Result<std::vector<RecordingInfo>>> outcome;
    runner->run(
        &receiver,
        [](UseCaseRunner::Context& context) -> Result<std::vector<RecordingInfo>> {
          const Session* session = VS_TRY(context.who());
          return RecordingService(context.vault).listRecordings(*session);
        },
        [&outcome](Result<std::vector<RecordingInfo>> value) { outcome.emplace(std::move(value)); });
    settle(*runner);
    return std::move(*outcome);
  };
  EXPECT_EQ(list().error().code, ErrorCode::PermissionDenied) << "nobody logged in yet";
  runner->run(
      &receiver,
      [](UseCaseRunner::Context& context) -> Status {
        context.session = VS_TRY(context.vault.login("km.jansen", "km.jansen-wachtwoord"));
        return {};
      },
      [](const Status&) {});
  auto listed = list();
  ASSERT_TRUE(listed) << listed.error().message;
  EXPECT_EQ(listed->size(), 1u);
  runner->logOut();
  const auto afterLogOut = list();
  ASSERT_FALSE(afterLogOut) << "logged out";
  EXPECT_EQ(afterLogOut.error().code, ErrorCode::PermissionDenied);
  EXPECT_EQ(afterLogOut.error().message, "U bent afgemeld. Meld u opnieuw aan om verder te gaan.");
}

TEST_F(UseCaseRunnerTest, ClosingWithWorkQueuedDoesNotRunIt) {
  auto runner = makeRunner();
  QObject receiver;
  std::atomic<int> ran{0};
  std::atomic<bool> isStarted{false}, isReleased{false};
  runner->run(
      &receiver,
      [&](UseCaseRunner::Context&) {
        isStarted = true;
        while (!isReleased) std::this_thread::yield();  // busy while the rest is queued
        return ++ran;
      },
      [](int) {});
  for (int i = 0; i < 10; ++i)
    runner->run(
        &receiver, [&ran](UseCaseRunner::Context&) { return ++ran; }, [](int) {});
  while (!isStarted) std::this_thread::yield();
  std::thread release([&] {
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
    isReleased = true;
  });
  runner.reset();  // waits for the running call only
  release.join();
  EXPECT_EQ(ran, 1);
}

}  // namespace
}  // namespace vakspiegel::ui
