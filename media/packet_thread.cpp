#include "media/internal/packet_thread.h"

#include <utility>

#include "core/i18n.h"

namespace vakspiegel::media {

std::unique_ptr<PacketThread> PacketThread::start(Handler handle, std::size_t maxQueued) {
  std::unique_ptr<PacketThread> thread(new PacketThread(std::move(handle), maxQueued));
  thread->m_thread = std::thread([self = thread.get()] { self->run(); });
  return thread;
}

PacketThread::~PacketThread() {
  stop(true);
}

void PacketThread::stop(bool dropQueued) {
  {
    const std::lock_guard lock(m_mutex);
    m_noMoreInput = true;
    m_dropQueued = m_dropQueued || dropQueued;
  }
  m_changed.notify_all();
  if (m_thread.joinable()) m_thread.join();
}

Status PacketThread::add(const AVPacket& packet) {
  ff::Packet reference(av_packet_alloc());
  if (!reference || av_packet_ref(reference.get(), &packet) < 0) {
    return fail(ErrorCode::Internal, tr("Out of memory."));
  }
  std::unique_lock lock(m_mutex);
  m_changed.wait(lock, [this] { return m_queue.size() < m_maxQueued || m_error; });
  if (m_error) return fail(*m_error);
  m_queue.push_back(std::move(reference));
  lock.unlock();
  m_changed.notify_all();
  return {};
}

Status PacketThread::finish() {
  stop(false);
  if (m_error) return fail(*m_error);
  return {};
}

void PacketThread::run() {
  while (true) {
    ff::Packet packet;
    {
      std::unique_lock lock(m_mutex);
      m_changed.wait(lock, [this] { return !m_queue.empty() || m_noMoreInput; });
      if (m_dropQueued || m_queue.empty()) return;
      packet = std::move(m_queue.front());
      m_queue.pop_front();
    }
    m_changed.notify_all();
    Status handled = m_handle(*packet);
    if (!handled) {
      {
        const std::lock_guard lock(m_mutex);
        m_error = handled.error();
        m_queue.clear();
      }
      m_changed.notify_all();
      return;
    }
  }
}

}  // namespace vakspiegel::media
