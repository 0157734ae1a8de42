// Tests of PacketThread (media/packet_thread.h), the queue a remux hands
// keyframes and sound to: order, back-pressure, errors reaching the caller,
// and stopping with a full queue without waiting for it.
#include "media/internal/packet_thread.h"

#include <atomic>
#include <chrono>
#include <cstdint>
#include <mutex>
#include <thread>
#include <vector>

#include <gtest/gtest.h>

namespace vakspiegel::media {
namespace {

// A packet with a payload, so a reference shares a buffer as the demuxer's do.
ff::Packet makePacket(std::int64_t pts) {
  ff::Packet packet(av_packet_alloc());
  EXPECT_EQ(av_new_packet(packet.get(), 64), 0);
  packet->pts = pts;
  packet->data[0] = static_cast<std::uint8_t>(pts);
  return packet;
}

TEST(PacketThread, HandsEveryPacketOverInOrderWithItsData) {
  std::vector<std::int64_t> seen;
  bool dataMatches = true;
  auto thread = PacketThread::start(
      [&](const AVPacket& packet) {
        seen.push_back(packet.pts);
        dataMatches = dataMatches && packet.data[0] == static_cast<std::uint8_t>(packet.pts);
        return Status{};
      },
      4);
  for (std::int64_t pts = 0; pts < 1000; ++pts) {
    ff::Packet packet = makePacket(pts);
    ASSERT_TRUE(thread->add(*packet).has_value());
    av_packet_unref(packet.get());  // the thread holds its own reference
  }
  ASSERT_TRUE(thread->finish().has_value());
  ASSERT_EQ(seen.size(), 1000u);
  for (std::size_t i = 0; i < seen.size(); ++i) ASSERT_EQ(seen[i], static_cast<std::int64_t>(i));
  EXPECT_TRUE(dataMatches);
}

TEST(PacketThread, AFullQueueMakesTheCallerWait) {
  std::mutex gate;
  std::unique_lock closed(gate);
  std::atomic<int> handled = 0;
  auto thread = PacketThread::start(
      [&](const AVPacket&) {
        const std::lock_guard passing(gate);
        ++handled;
        return Status{};
      },
      2);
  std::atomic<int> added = 0;
  std::thread producer([&] {
    for (int i = 0; i < 10; ++i) {
      ff::Packet packet = makePacket(i);
      if (!thread->add(*packet)) return;
      ++added;
    }
  });
  // One packet in the handler, two queued: the fourth add waits.
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(5);
  while (added.load() < 3 && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
  std::this_thread::sleep_for(std::chrono::milliseconds(100));  // time for a fourth that must not come
  EXPECT_EQ(added.load(), 3);
  EXPECT_EQ(handled.load(), 0);
  closed.unlock();
  producer.join();
  EXPECT_EQ(added.load(), 10);
  ASSERT_TRUE(thread->finish().has_value());
  EXPECT_EQ(handled.load(), 10);
}

TEST(PacketThread, TheHandlersErrorReachesAddAndFinishAndStopsTheThread) {
  std::atomic<int> handled = 0;
  auto thread = PacketThread::start(
      [&](const AVPacket& packet) -> Status {
        ++handled;
        if (packet.pts == 3) return fail(ErrorCode::Internal, "the encoder failed");
        return {};
      },
      1000);
  Status added;
  for (std::int64_t pts = 0; pts < 100'000 && added; ++pts) {
    ff::Packet packet = makePacket(pts);
    added = thread->add(*packet);
  }
  ASSERT_FALSE(added.has_value());
  EXPECT_EQ(added.error().message, "the encoder failed");
  const Status finished = thread->finish();
  ASSERT_FALSE(finished.has_value());
  EXPECT_EQ(finished.error().code, ErrorCode::Internal);
  EXPECT_EQ(handled.load(), 4);  // nothing after the failing packet
}

TEST(PacketThread, DestroyedUnfinishedItDropsWhatIsQueued) {
  std::atomic<int> handled = 0;
  const auto started = std::chrono::steady_clock::now();
  {
    auto thread = PacketThread::start(
        [&](const AVPacket&) {
          ++handled;
          std::this_thread::sleep_for(std::chrono::milliseconds(50));
          return Status{};
        },
        100);
    for (int i = 0; i < 100; ++i) {
      ff::Packet packet = makePacket(i);
      ASSERT_TRUE(thread->add(*packet).has_value());
    }
  }  // an import that failed or was cancelled
  // At most the packet in hand was finished, not the 5 s of queued work.
  EXPECT_LE(handled.load(), 2);
  EXPECT_LT(std::chrono::steady_clock::now() - started, std::chrono::seconds(2));
}

}  // namespace
}  // namespace vakspiegel::media
