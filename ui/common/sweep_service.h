// Runs the vault's sweep (consent/erasure.h) when the workstation starts and
// every minute while it is open (product.md R2, R3), on a worker thread with
// its own connection, so the window never waits for an erasure.
#pragma once

#include <QObject>
#include <QStringList>
#include <QTimer>

#include <atomic>
#include <chrono>
#include <filesystem>
#include <thread>

class SweepService : public QObject {
  Q_OBJECT

 public:
  explicit SweepService(std::filesystem::path vaultDir, std::chrono::milliseconds interval = std::chrono::minutes(1),
                        QObject* parent = nullptr);
  ~SweepService() override;  // waits for a sweep in progress
  SweepService(const SweepService&) = delete;
  SweepService& operator=(const SweepService&) = delete;

  // Sweeps now, then every interval. A sweep still running when the next is
  // due is not doubled: that turn is skipped.
  void start();

 signals:
  // After each sweep: erasures completed, and problems in the user's language
  // (an error that stopped the sweep is one problem).
  void swept(int completed, const QStringList& problems);

 private:
  void runOnce();

  std::filesystem::path m_vaultDir;
  QTimer m_timer;
  std::thread m_worker;
  std::atomic<bool> m_isRunning{false};
};
