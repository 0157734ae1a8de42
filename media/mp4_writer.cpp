// The fragmented MP4 writer over an OutputSink; see mp4_writer.h.
#include "media/internal/mp4_writer.h"

#include <algorithm>
#include <array>
#include <cstring>
#include <optional>
#include <span>
#include <vector>

#include "core/i18n.h"

namespace vakspiegel::media {
namespace {

// The sink receives the muxer's output in pieces of this size.
constexpr int kBufferBytes = 256 * 1024;

// Fragments start at a video keyframe once the last one is 4 s long: a
// player's demuxer (FFmpeg's mov) visits every fragment when it opens a
// file, so the count matters: a 120 s file opened and sought to 90 s with
// 41 reads at 4 s against 122 at 1 s, 18 at 10 s; the muxer holds one
// fragment in memory. The moov up front holds no samples
// because the sink cannot seek back to fill it; default-base-moof is what
// the ISO format for streaming (CMAF/DASH) and every player expects.
// delay_moov writes that moov with the first fragment, once the first
// timestamps are known, so it carries edit lists: the output keeps the
// source's timeline exactly (B-frame delay, AAC priming) instead of the
// muxer shifting every stream to make the first decode time zero, which
// would move the picture against the thumbnails and the waveform.
// The mov muxer appends an mfra box (a fragment random-access index) at the
// end by itself. (FFmpeg 5.1's demuxer only reads it when asked with
// use_mfra_for, and then misplaces AAC fragments by the priming delay, so
// readers here index the fragments themselves, as the demuxer does by
// default.)
constexpr const char* kMovFlags = "frag_keyframe+empty_moov+default_base_moof+delay_moov";
constexpr const char* kMinFragmentUs = "4000000";

// The AudioSpecificConfig (ISO 14496-3) that MP4 needs for AAC, from the
// parameters FFmpeg found; ADTS carries the same fields in every frame
// header. Nothing for unusual layouts (a program config element).
std::optional<std::vector<std::uint8_t>> aacConfig(const AVCodecParameters& parameters) {
  static constexpr std::array<int, 13> kRates = {96000, 88200, 64000, 48000, 44100, 32000, 24000,
                                                 22050, 16000, 12000, 11025, 8000,  7350};
  // ADTS can only say Main, LC, SSR or LTP; HE-AAC in it is LC with
  // implicit SBR, at half the rate FFmpeg reports.
  int objectType = 2;
  int rate = parameters.sample_rate;
  if (parameters.profile >= FF_PROFILE_AAC_MAIN && parameters.profile <= FF_PROFILE_AAC_LTP) {
    objectType = parameters.profile + 1;
  } else if (parameters.profile == FF_PROFILE_AAC_HE || parameters.profile == FF_PROFILE_AAC_HE_V2) {
    rate /= 2;
  }
  const auto rateIndex = std::find(kRates.begin(), kRates.end(), rate);
  const int channels = parameters.ch_layout.nb_channels;
  if (rateIndex == kRates.end() || channels < 1 || channels > 8 || channels == 7) return std::nullopt;
  const int channelConfig = channels == 8 ? 7 : channels;
  const auto index = static_cast<int>(rateIndex - kRates.begin());
  const int bits = (objectType << 11) | (index << 7) | (channelConfig << 3);
  return std::vector<std::uint8_t>{static_cast<std::uint8_t>(bits >> 8), static_cast<std::uint8_t>(bits & 0xFF)};
}

bool needsAacConfig(const AVCodecParameters& parameters) {
  return parameters.codec_id == AV_CODEC_ID_AAC && parameters.extradata_size == 0;
}

}  // namespace

bool Mp4Writer::canCopy(const AVCodecParameters& parameters) {
  return !needsAacConfig(parameters) || aacConfig(parameters).has_value();
}

Result<std::unique_ptr<Mp4Writer>> Mp4Writer::create(OutputSink& sink) {
  std::unique_ptr<Mp4Writer> writer(new Mp4Writer(sink));
  auto* buffer = static_cast<unsigned char*>(av_malloc(kBufferBytes));
  if (buffer == nullptr) return fail(ErrorCode::Internal, tr("Out of memory."));
  // Write-only, no seek callback: the muxer sees an unseekable stream.
  AVIOContext* avio =
      avio_alloc_context(buffer, kBufferBytes, 1, writer.get(), nullptr, &Mp4Writer::writeBytes, nullptr);
  if (avio == nullptr) {
    av_free(buffer);
    return fail(ErrorCode::Internal, tr("Out of memory."));
  }
  writer->m_avio.reset(avio);
  AVFormatContext* format = nullptr;
  if (avformat_alloc_output_context2(&format, nullptr, "mp4", nullptr) < 0 || format == nullptr) {
    return fail(ErrorCode::Internal, tr("Out of memory."));
  }
  writer->m_format.reset(format);
  format->pb = avio;
  writer->m_filtered.reset(av_packet_alloc());
  if (!writer->m_filtered) return fail(ErrorCode::Internal, tr("Out of memory."));
  return writer;
}

Mp4Writer::~Mp4Writer() = default;

int Mp4Writer::writeBytes(void* opaque, std::uint8_t* data, int size) {
  auto* self = static_cast<Mp4Writer*>(opaque);
  if (self->m_sinkError) return AVERROR(EIO);
  if (size <= 0) return 0;
  Status written = self->m_sink.write(std::span<const unsigned char>(data, static_cast<std::size_t>(size)));
  if (!written) {
    self->m_sinkError = written.error();
    return AVERROR(EIO);
  }
  self->m_bytesWritten += static_cast<std::uint64_t>(size);
  return size;
}

Error Mp4Writer::failure(int averror) const {
  if (m_sinkError) return *m_sinkError;
  return {ErrorCode::Internal,
          trf("Writing the imported video failed (an internal error: {}). Please report it.", ff::errorText(averror))};
}

Result<int> Mp4Writer::addCopiedStream(const AVStream& source) {
  AVStream* stream = avformat_new_stream(m_format.get(), nullptr);
  if (stream == nullptr) return fail(ErrorCode::Internal, tr("Out of memory."));
  const int copied = avcodec_parameters_copy(stream->codecpar, source.codecpar);
  if (copied < 0) return fail(failure(copied));
  // The source container's tag (e.g. AVI's "H264") means nothing in MP4.
  stream->codecpar->codec_tag = 0;
  stream->time_base = source.time_base;
  stream->sample_aspect_ratio = source.sample_aspect_ratio;
  stream->avg_frame_rate = source.avg_frame_rate;
  if (const std::int32_t* matrix = ff::displayMatrix(&source)) {
    constexpr std::size_t kMatrixBytes = 9 * sizeof(std::int32_t);
    std::uint8_t* copy = av_stream_new_side_data(stream, AV_PKT_DATA_DISPLAYMATRIX, kMatrixBytes);
    if (copy == nullptr) return fail(ErrorCode::Internal, tr("Out of memory."));
    std::memcpy(copy, matrix, kMatrixBytes);
  }
  m_filters.resize(static_cast<std::size_t>(stream->index) + 1);
  m_timing.resize(m_filters.size());
  if (needsAacConfig(*source.codecpar)) {
    // AAC in ADTS frames (MPEG-TS, .aac): MP4 wants the configuration up
    // front and the raw frames without their headers.
    const auto config = aacConfig(*source.codecpar);
    if (!config) return fail(ErrorCode::Unsupported, "AAC without a usual configuration");
    auto* extradata = static_cast<std::uint8_t*>(av_mallocz(config->size() + AV_INPUT_BUFFER_PADDING_SIZE));
    if (extradata == nullptr) return fail(ErrorCode::Internal, tr("Out of memory."));
    std::memcpy(extradata, config->data(), config->size());
    stream->codecpar->extradata = extradata;
    stream->codecpar->extradata_size = static_cast<int>(config->size());
    AVBSFContext* filter = nullptr;
    const AVBitStreamFilter* adtsToAsc = av_bsf_get_by_name("aac_adtstoasc");
    if (adtsToAsc == nullptr || av_bsf_alloc(adtsToAsc, &filter) < 0) {
      return fail(ErrorCode::Internal, tr("Out of memory."));
    }
    m_filters.back().reset(filter);
    if (avcodec_parameters_copy(filter->par_in, stream->codecpar) < 0) {
      return fail(ErrorCode::Internal, tr("Out of memory."));
    }
    filter->time_base_in = source.time_base;
    const int initialised = av_bsf_init(filter);
    if (initialised < 0) return fail(failure(initialised));
  }
  return stream->index;
}

Result<int> Mp4Writer::addEncodedStream(const AVCodecContext& encoder) {
  AVStream* stream = avformat_new_stream(m_format.get(), nullptr);
  if (stream == nullptr) return fail(ErrorCode::Internal, tr("Out of memory."));
  const int copied = avcodec_parameters_from_context(stream->codecpar, &encoder);
  if (copied < 0) return fail(failure(copied));
  stream->time_base = encoder.time_base;
  stream->sample_aspect_ratio = encoder.sample_aspect_ratio;
  stream->avg_frame_rate = encoder.framerate;
  m_filters.resize(static_cast<std::size_t>(stream->index) + 1);
  m_timing.resize(m_filters.size());
  return stream->index;
}

Status Mp4Writer::writeHeader() {
  ff::Dictionary options;
  options.set("movflags", kMovFlags);
  options.set("min_frag_duration", kMinFragmentUs);
  const int written = avformat_write_header(m_format.get(), options.get());
  if (written < 0) return fail(failure(written));
  // What the muxer did not take, it does not know: a bug here, not a file.
  if (!options.isEmpty()) return fail(failure(AVERROR_OPTION_NOT_FOUND));
  if (m_sinkError) return fail(*m_sinkError);
  return {};
}

Status Mp4Writer::write(AVPacket& packet, AVRational timeBase, int streamIndex) {
  AVBSFContext* filter = m_filters[static_cast<std::size_t>(streamIndex)].get();
  if (filter == nullptr) return writeDirect(packet, timeBase, streamIndex);
  int filtered = av_bsf_send_packet(filter, &packet);
  if (filtered < 0) {
    av_packet_unref(&packet);
    return fail(failure(filtered));
  }
  while ((filtered = av_bsf_receive_packet(filter, m_filtered.get())) >= 0) {
    VS_TRY(writeDirect(*m_filtered, timeBase, streamIndex));
  }
  if (filtered != AVERROR(EAGAIN) && filtered != AVERROR_EOF) return fail(failure(filtered));
  return {};
}

Status Mp4Writer::writeDirect(AVPacket& packet, AVRational timeBase, int streamIndex) {
  AVStream* stream = m_format->streams[streamIndex];
  packet.stream_index = streamIndex;
  packet.pos = -1;
  av_packet_rescale_ts(&packet, timeBase, stream->time_base);
  const std::int64_t timestamp = packet.pts != AV_NOPTS_VALUE ? packet.pts : packet.dts;
  if (timestamp != AV_NOPTS_VALUE) {
    const std::int64_t atUs = ff::toMicroseconds(timestamp, stream->time_base);
    // Encoders leave durations out; the muxer then gives a sample the
    // step to the next one, and so does this estimate.
    StreamTiming& timing = m_timing[static_cast<std::size_t>(streamIndex)];
    std::int64_t durationUs = ff::toMicroseconds(packet.duration, stream->time_base);
    if (packet.dts != AV_NOPTS_VALUE) {
      const std::int64_t decodeUs = ff::toMicroseconds(packet.dts, stream->time_base);
      if (timing.lastDecodeUs != AV_NOPTS_VALUE && decodeUs > timing.lastDecodeUs) {
        timing.stepUs = decodeUs - timing.lastDecodeUs;
      }
      timing.lastDecodeUs = decodeUs;
    }
    if (durationUs <= 0) durationUs = timing.stepUs;
    m_firstUs = std::min(m_firstUs, atUs);
    m_endUs = std::max(m_endUs, atUs + durationUs);
  }
  const int written = av_interleaved_write_frame(m_format.get(), &packet);
  if (written < 0 || m_sinkError) return fail(failure(written));
  return {};
}

Status Mp4Writer::finish() {
  const int written = av_write_trailer(m_format.get());
  if (written < 0) return fail(failure(written));
  avio_flush(m_format->pb);
  if (m_sinkError) return fail(*m_sinkError);
  if (m_format->pb->error < 0) return fail(failure(m_format->pb->error));
  return {};
}

std::int64_t Mp4Writer::durationUs() const {
  return m_endUs > m_firstUs ? m_endUs - m_firstUs : 0;
}

}  // namespace vakspiegel::media
