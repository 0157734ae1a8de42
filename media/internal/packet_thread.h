// A thread that hands packets to a handler, in the order they were added,
// through a bounded queue of packet references (no copies). A remux uses two
// to decode for its derived data (keyframes for thumbnails, the sound for
// the waveform and speech activity) while its own thread only reads, copies
// and writes. Internal to media/ (FFmpeg types).
#pragma once

#include <condition_variable>
#include <cstddef>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <thread>

#include "core/error.h"
#include "media/internal/ffmpeg_util.h"

namespace vakspiegel::media {

class PacketThread {
 public:
  using Handler = std::function<Status(const AVPacket& packet)>;
  // handle runs on the new thread; what it touches belongs to that thread
  // until finish() returns. maxQueued: packets waiting before add() waits.
  [[nodiscard]] static std::unique_ptr<PacketThread> start(Handler handle, std::size_t maxQueued);
  PacketThread(const PacketThread&) = delete;
  PacketThread& operator=(const PacketThread&) = delete;
  // A thread that was not finished drops what is queued and stops.
  ~PacketThread();

  // Queues a reference to the packet; waits while the queue is full.
  // Errors: Internal (out of memory); the handler's first error (then the
  // thread stopped and dropped the rest).
  [[nodiscard]] Status add(const AVPacket& packet);
  // Handles what is still queued and stops the thread.
  // Errors: the handler's first error.
  [[nodiscard]] Status finish();

 private:
  PacketThread(Handler handle, std::size_t maxQueued) : m_handle(std::move(handle)), m_maxQueued(maxQueued) {}
  void run();
  void stop(bool dropQueued);

  Handler m_handle;
  std::size_t m_maxQueued;
  std::mutex m_mutex;
  std::condition_variable m_changed;
  std::deque<ff::Packet> m_queue;  // guarded by m_mutex
  bool m_noMoreInput = false;      // guarded by m_mutex
  bool m_dropQueued = false;       // guarded by m_mutex
  std::optional<Error> m_error;    // guarded by m_mutex
  std::thread m_thread;
};

}  // namespace vakspiegel::media
