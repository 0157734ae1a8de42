#include "common/sweep_service.h"

#include <QMetaObject>

#include "app/erasure_service.h"
#include "app/vault.h"
#include "core/clock.h"

SweepService::SweepService(std::filesystem::path vaultDir, std::chrono::milliseconds interval, QObject* parent)
    : QObject(parent), m_vaultDir(std::move(vaultDir)) {
  m_timer.setInterval(interval);
  connect(&m_timer, &QTimer::timeout, this, &SweepService::runOnce);
}

SweepService::~SweepService() {
  m_timer.stop();
  if (m_worker.joinable()) m_worker.join();
}

void SweepService::start() {
  runOnce();
  m_timer.start();
}

void SweepService::runOnce() {
  if (m_isRunning.exchange(true)) return;
  if (m_worker.joinable()) m_worker.join();  // the previous run has finished
  m_worker = std::thread([this] {
    static const vakspiegel::SystemClock clock;
    const auto sweep = [this]() -> vakspiegel::Result<vakspiegel::consent::SweepReport> {
      auto vault = VS_TRY(vakspiegel::Vault::open(m_vaultDir, clock));
      return vakspiegel::ErasureService(*vault).sweep();
    };
    const auto report = sweep();
    int completed = 0;
    QStringList problems;
    if (report) {
      completed = report->completed;
      for (const std::string& problem : report->problems) problems << QString::fromStdString(problem);
    } else {
      problems << QString::fromStdString(report.error().message);
    }
    m_isRunning = false;
    QMetaObject::invokeMethod(
        this, [this, completed, problems] { emit swept(completed, problems); }, Qt::QueuedConnection);
  });
}
