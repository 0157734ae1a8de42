// The import's sound paths; see audio_pipeline.h.
#include "media/internal/audio_pipeline.h"

#include <algorithm>
#include <array>

#include "core/i18n.h"

namespace vakspiegel::media {
namespace {

// A jump in the source's sound timestamps above this is filled with silence
// (smaller ones are jitter); above kMaxFillUs the timestamps are nonsense
// and no hour of silence is made up.
constexpr std::int64_t kGapUs = 50'000;
constexpr std::int64_t kMaxFillUs = 60'000'000;
// AAC bit rate per channel: 128 kb/s for stereo speech is transparent.
constexpr std::int64_t kBitRatePerChannel = 64'000;

Error audioFailure(int averror) {
  return {ErrorCode::Internal,
          trf("Converting the sound failed (an internal error: {}). Please report it.", ff::errorText(averror))};
}

// Planar sample buffers from av_samples_alloc_array_and_samples.
class SampleBuffer {
 public:
  SampleBuffer() = default;
  SampleBuffer(const SampleBuffer&) = delete;
  SampleBuffer& operator=(const SampleBuffer&) = delete;
  ~SampleBuffer() {
    if (m_data != nullptr) av_freep(&m_data[0]);
    av_freep(&m_data);
  }
  bool allocate(int channels, int samples, AVSampleFormat format) {
    return av_samples_alloc_array_and_samples(&m_data, nullptr, channels, std::max(samples, 1), format, 0) >= 0;
  }
  [[nodiscard]] std::uint8_t** data() const { return m_data; }

 private:
  std::uint8_t** m_data = nullptr;
};

bool sameInput(const AVFrame& frame, int rate, int format, const ff::ChannelLayout& layout) {
  ff::ChannelLayout usable;
  usable.assignUsable(frame.ch_layout);
  return frame.sample_rate == rate && frame.format == format &&
         av_channel_layout_compare(usable.get(), layout.get()) == 0;
}

const std::uint8_t** constData(const AVFrame& frame) {
  return const_cast<const std::uint8_t**>(frame.extended_data);
}

}  // namespace

// ---- AudioEncoder -----------------------------------------------------------

AudioEncoder::~AudioEncoder() = default;

Result<std::unique_ptr<AudioEncoder>> AudioEncoder::create(const AVCodecContext& decoder) {
  const AVCodec* codec = avcodec_find_encoder_by_name("aac");
  if (codec == nullptr) {
    return fail(ErrorCode::Unsupported, tr("This installation of FFmpeg has no AAC encoder, so the sound cannot be "
                                           "converted. Ask your administrator to install FFmpeg."));
  }
  std::unique_ptr<AudioEncoder> encoder(new AudioEncoder());
  encoder->m_encoder.reset(avcodec_alloc_context3(codec));
  encoder->m_frame.reset(av_frame_alloc());
  encoder->m_packet.reset(av_packet_alloc());
  if (!encoder->m_encoder || !encoder->m_frame || !encoder->m_packet) {
    return fail(ErrorCode::Internal, tr("Out of memory."));
  }
  AVCodecContext& context = *encoder->m_encoder;
  const int channels = decoder.ch_layout.nb_channels == 1 ? 1 : 2;
  // The source's rate when AAC has it (it has all the usual ones), else 48 kHz.
  int rate = 48'000;
  if (codec->supported_samplerates != nullptr) {
    for (const int* supported = codec->supported_samplerates; *supported != 0; ++supported) {
      if (*supported == decoder.sample_rate) rate = decoder.sample_rate;
    }
  }
  av_channel_layout_default(&context.ch_layout, channels);
  context.sample_fmt = AV_SAMPLE_FMT_FLTP;
  context.sample_rate = rate;
  context.bit_rate = kBitRatePerChannel * channels;
  context.time_base = AVRational{1, rate};
  context.flags |= AV_CODEC_FLAG_GLOBAL_HEADER;  // MP4 keeps the AAC config in esds
  const int opened = avcodec_open2(&context, codec, nullptr);
  if (opened < 0) return fail(audioFailure(opened));
  encoder->m_fifo.reset(av_audio_fifo_alloc(AV_SAMPLE_FMT_FLTP, channels, std::max(context.frame_size, 1024) * 4));
  if (!encoder->m_fifo) return fail(ErrorCode::Internal, tr("Out of memory."));
  return encoder;
}

Status AudioEncoder::configureResampler(const AVFrame& frame) {
  if (m_resampler) {
    if (sameInput(frame, m_inputRate, m_inputFormat, m_inputLayout)) return {};
    VS_TRY(convertInto(nullptr, 0));  // what the old one still holds
  }
  m_inputLayout.assignUsable(frame.ch_layout);
  m_resampler = ff::makeResampler(m_encoder->ch_layout, m_encoder->sample_fmt, m_encoder->sample_rate,
                                  *m_inputLayout.get(), static_cast<AVSampleFormat>(frame.format), frame.sample_rate);
  if (!m_resampler) return fail(audioFailure(AVERROR(EINVAL)));
  m_inputRate = frame.sample_rate;
  m_inputFormat = frame.format;
  return {};
}

Status AudioEncoder::convertInto(const std::uint8_t* const* data, int samples) {
  const int capacity = swr_get_out_samples(m_resampler.get(), samples);
  if (capacity < 0) return fail(audioFailure(capacity));
  if (capacity == 0) return {};
  SampleBuffer buffer;
  if (!buffer.allocate(m_encoder->ch_layout.nb_channels, capacity, m_encoder->sample_fmt)) {
    return fail(ErrorCode::Internal, tr("Out of memory."));
  }
  const int converted =
      swr_convert(m_resampler.get(), buffer.data(), capacity, const_cast<const std::uint8_t**>(data), samples);
  if (converted < 0) return fail(audioFailure(converted));
  if (converted > 0 &&
      av_audio_fifo_write(m_fifo.get(), reinterpret_cast<void**>(buffer.data()), converted) < converted) {
    return fail(ErrorCode::Internal, tr("Out of memory."));
  }
  return {};
}

Status AudioEncoder::encode(const AVFrame& frame, std::int64_t ptsUs, const PacketHandler& deliver) {
  if (frame.nb_samples <= 0 || frame.sample_rate <= 0) return {};
  VS_TRY(configureResampler(frame));
  if (ptsUs == AV_NOPTS_VALUE) ptsUs = m_expectedUs == INT64_MIN ? 0 : m_expectedUs;
  if (m_expectedUs == INT64_MIN) {
    // The first sound: the encoded timeline starts where it does (sound
    // that starts before media time 0 is cut).
    m_nextPts = av_rescale(std::max<std::int64_t>(0, ptsUs), m_encoder->sample_rate, 1'000'000);
    if (ptsUs < 0)
      swr_drop_output(m_resampler.get(), static_cast<int>(av_rescale(-ptsUs, m_encoder->sample_rate, 1'000'000)));
  } else if (ptsUs - m_expectedUs > kGapUs && ptsUs - m_expectedUs < kMaxFillUs) {
    swr_inject_silence(m_resampler.get(),
                       static_cast<int>(av_rescale(ptsUs - m_expectedUs, frame.sample_rate, 1'000'000)));
  }
  m_expectedUs = ptsUs + av_rescale(frame.nb_samples, 1'000'000, frame.sample_rate);
  VS_TRY(convertInto(constData(frame), frame.nb_samples));
  return sendFrames(false, deliver);
}

Status AudioEncoder::sendFrames(bool isFinal, const PacketHandler& deliver) {
  const int frameSize = m_encoder->frame_size > 0 ? m_encoder->frame_size : 1024;
  while (av_audio_fifo_size(m_fifo.get()) >= frameSize || (isFinal && av_audio_fifo_size(m_fifo.get()) > 0)) {
    const int samples = std::min(frameSize, av_audio_fifo_size(m_fifo.get()));
    av_frame_unref(m_frame.get());
    m_frame->nb_samples = samples;
    m_frame->format = m_encoder->sample_fmt;
    m_frame->sample_rate = m_encoder->sample_rate;
    if (av_channel_layout_copy(&m_frame->ch_layout, &m_encoder->ch_layout) < 0 ||
        av_frame_get_buffer(m_frame.get(), 0) < 0) {
      return fail(ErrorCode::Internal, tr("Out of memory."));
    }
    if (av_audio_fifo_read(m_fifo.get(), reinterpret_cast<void**>(m_frame->data), samples) < samples) {
      return fail(ErrorCode::Internal, tr("Out of memory."));
    }
    m_frame->pts = m_nextPts;
    m_nextPts += samples;
    const int sent = avcodec_send_frame(m_encoder.get(), m_frame.get());
    if (sent < 0) return fail(audioFailure(sent));
    VS_TRY(receivePackets(deliver));
  }
  return {};
}

Status AudioEncoder::receivePackets(const PacketHandler& deliver) {
  while (true) {
    const int received = avcodec_receive_packet(m_encoder.get(), m_packet.get());
    if (received == AVERROR(EAGAIN) || received == AVERROR_EOF) return {};
    if (received < 0) return fail(audioFailure(received));
    Status delivered = deliver(*m_packet);
    av_packet_unref(m_packet.get());
    VS_TRY(delivered);
  }
}

Status AudioEncoder::finish(const PacketHandler& deliver) {
  if (m_resampler) VS_TRY(convertInto(nullptr, 0));
  VS_TRY(sendFrames(true, deliver));
  const int sent = avcodec_send_frame(m_encoder.get(), nullptr);
  if (sent < 0 && sent != AVERROR_EOF) return fail(audioFailure(sent));
  return receivePackets(deliver);
}

// ---- AudioAnalyzer ----------------------------------------------------------

AudioAnalyzer::AudioAnalyzer() : m_waveform(kSampleRate), m_speech(kSampleRate) {}

Status AudioAnalyzer::configureResampler(const AVFrame& frame) {
  if (m_resampler && sameInput(frame, m_inputRate, m_inputFormat, m_inputLayout)) return {};
  m_inputLayout.assignUsable(frame.ch_layout);
  const ff::ChannelLayout mono(1);
  m_resampler = ff::makeResampler(*mono.get(), AV_SAMPLE_FMT_FLT, kSampleRate, *m_inputLayout.get(),
                                  static_cast<AVSampleFormat>(frame.format), frame.sample_rate);
  if (!m_resampler) return fail(audioFailure(AVERROR(EINVAL)));
  m_inputRate = frame.sample_rate;
  m_inputFormat = frame.format;
  return {};
}

void AudioAnalyzer::feed(std::span<const float> samples) {
  m_waveform.add(samples);
  m_speech.add(samples);
  m_position += static_cast<std::int64_t>(samples.size());
}

void AudioAnalyzer::feedSilence(std::int64_t samples) {
  static const std::array<float, 4096> kSilence{};
  while (samples > 0) {
    const auto count = static_cast<std::size_t>(std::min<std::int64_t>(samples, kSilence.size()));
    feed(std::span<const float>(kSilence.data(), count));
    samples -= static_cast<std::int64_t>(count);
  }
}

Status AudioAnalyzer::add(const AVFrame& frame, std::int64_t ptsUs) {
  if (frame.nb_samples <= 0 || frame.sample_rate <= 0) return {};
  VS_TRY(configureResampler(frame));
  if (ptsUs != AV_NOPTS_VALUE) {
    // Keep the analysis on the media timeline: silence for a gap (or for
    // sound that starts after the picture), drop what overlaps.
    const std::int64_t target = av_rescale(ptsUs, kSampleRate, 1'000'000);
    const std::int64_t gapSamples = av_rescale(kGapUs, kSampleRate, 1'000'000);
    const std::int64_t maxFill = av_rescale(kMaxFillUs, kSampleRate, 1'000'000);
    if (target - m_position > gapSamples && target - m_position < maxFill) {
      feedSilence(target - m_position);
    } else if (m_position - target > gapSamples && m_position - target < maxFill) {
      swr_drop_output(m_resampler.get(), static_cast<int>(m_position - target));
    }
  }
  const int capacity = swr_get_out_samples(m_resampler.get(), frame.nb_samples);
  if (capacity <= 0) return {};
  m_buffer.resize(static_cast<std::size_t>(capacity));
  auto* output = reinterpret_cast<std::uint8_t*>(m_buffer.data());
  const int converted = swr_convert(m_resampler.get(), &output, capacity, constData(frame), frame.nb_samples);
  if (converted < 0) return fail(audioFailure(converted));
  feed(std::span<const float>(m_buffer.data(), static_cast<std::size_t>(converted)));
  return {};
}

void AudioAnalyzer::finish(WaveformPeaks& waveform, SpeechActivity& speech) {
  if (m_resampler) {
    const int capacity = swr_get_out_samples(m_resampler.get(), 0);
    if (capacity > 0) {
      m_buffer.resize(static_cast<std::size_t>(capacity));
      auto* output = reinterpret_cast<std::uint8_t*>(m_buffer.data());
      const int converted = swr_convert(m_resampler.get(), &output, capacity, nullptr, 0);
      if (converted > 0) feed(std::span<const float>(m_buffer.data(), static_cast<std::size_t>(converted)));
    }
  }
  waveform = m_waveform.finish();
  speech = m_speech.finish();
}

}  // namespace vakspiegel::media
