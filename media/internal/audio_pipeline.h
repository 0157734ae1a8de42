// The import's sound paths, both fed with decoded frames:
// - AudioEncoder (transcode): libswresample to AAC's planar float (mono
//   stays mono; stereo and more channels become stereo, multichannel by
//   swresample's standard downmix), FFmpeg's native AAC encoder.
// - AudioAnalyzer (every import): 16 kHz mono float into WaveformBuilder and
//   SpeechDetector.
// Both keep to the media timeline: a gap in the source (damage, a camera
// pausing its sound) is filled with silence, so sound stays in sync with
// the picture and the waveform with the timeline.
// Internal to media/ (FFmpeg types).
#pragma once

#include <cstdint>
#include <memory>
#include <vector>

#include "core/error.h"
#include "media/analysis.h"
#include "media/internal/ffmpeg_util.h"

namespace vakspiegel::media {

class AudioEncoder {
 public:
  // decoder: the opened decoder of the source's sound (rate, channels).
  // Errors: Unsupported (no AAC encoder), Internal.
  [[nodiscard]] static Result<std::unique_ptr<AudioEncoder>> create(const AVCodecContext& decoder);
  AudioEncoder(const AudioEncoder&) = delete;
  AudioEncoder& operator=(const AudioEncoder&) = delete;
  ~AudioEncoder();

  [[nodiscard]] const AVCodecContext& context() const { return *m_encoder; }
  // ptsUs: the frame's media time. Errors: Internal; the handler's.
  [[nodiscard]] Status encode(const AVFrame& frame, std::int64_t ptsUs, const PacketHandler& deliver);
  [[nodiscard]] Status finish(const PacketHandler& deliver);

 private:
  AudioEncoder() = default;
  Status configureResampler(const AVFrame& frame);
  Status convertInto(const std::uint8_t* const* data, int samples);
  Status sendFrames(bool isFinal, const PacketHandler& deliver);
  Status receivePackets(const PacketHandler& deliver);

  ff::CodecContext m_encoder;
  ff::Resampler m_resampler;
  ff::AudioFifo m_fifo;
  ff::Frame m_frame;
  ff::Packet m_packet;
  ff::ChannelLayout m_inputLayout;
  int m_inputRate = 0, m_inputFormat = -1;
  std::int64_t m_nextPts = 0;             // of the next encoded frame, in 1/sample rate
  std::int64_t m_expectedUs = INT64_MIN;  // where the next input frame should start
};

class AudioAnalyzer {
 public:
  static constexpr int kSampleRate = 16'000;
  AudioAnalyzer();
  // Errors: Internal.
  [[nodiscard]] Status add(const AVFrame& frame, std::int64_t ptsUs);
  void finish(WaveformPeaks& waveform, SpeechActivity& speech);
  [[nodiscard]] bool hasSamples() const { return m_position > 0; }

 private:
  Status configureResampler(const AVFrame& frame);
  void feed(std::span<const float> samples);
  void feedSilence(std::int64_t samples);

  WaveformBuilder m_waveform;
  SpeechDetector m_speech;
  ff::Resampler m_resampler;
  ff::ChannelLayout m_inputLayout;
  int m_inputRate = 0, m_inputFormat = -1;
  std::int64_t m_position = 0;  // samples fed so far, at kSampleRate
  std::vector<float> m_buffer;
};

}  // namespace vakspiegel::media
