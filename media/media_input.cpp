// Opening sources for demuxing; see media_input.h. A vault container is read
// through a custom AVIOContext whose callbacks call ChunkedFileReader, so the
// plaintext only ever exists in memory.
#include "media/internal/media_input.h"

#include "media/import.h"

#include <cerrno>
#include <fstream>
#include <span>
#include <string>
#include <string_view>
#include <system_error>
#include <utility>
#include <vector>

#include "core/i18n.h"
#include "vault/chunked_file.h"

namespace vakspiegel::media {

// The read AVIOContext over a ChunkedFileReader. The reader's own error
// (CorruptData naming a chunk, Io) is kept, because FFmpeg only passes an
// AVERROR on.
class ReaderIo {
 public:
  static Result<std::unique_ptr<ReaderIo>> create(ChunkedFileReader& reader) {
    std::unique_ptr<ReaderIo> io(new ReaderIo(reader));
    auto* buffer = static_cast<unsigned char*>(av_malloc(kBufferBytes));
    if (buffer == nullptr) return fail(ErrorCode::Internal, tr("Out of memory."));
    AVIOContext* context = avio_alloc_context(buffer, static_cast<int>(kBufferBytes), 0, io.get(),
                                              &ReaderIo::readPacket, nullptr, &ReaderIo::seek);
    if (context == nullptr) {
      av_free(buffer);
      return fail(ErrorCode::Internal, tr("Out of memory."));
    }
    io->m_avio.reset(context);
    return io;
  }

  [[nodiscard]] AVIOContext* context() const { return m_avio.get(); }
  [[nodiscard]] const std::optional<Error>& error() const { return m_error; }
  [[nodiscard]] std::uint64_t size() const { return m_reader.size(); }

 private:
  // The vault's chunk size.
  static constexpr std::size_t kBufferBytes = 64 * 1024;

  explicit ReaderIo(ChunkedFileReader& reader) : m_reader(reader) {}

  static int readPacket(void* opaque, std::uint8_t* buffer, int size) {
    auto* self = static_cast<ReaderIo*>(opaque);
    if (size <= 0) return 0;
    // Up to the end of the chunk under the cursor: after a seek (the MP4
    // demuxer visits every fragment's header when it opens a file) a read
    // decrypts one chunk, not the two a full buffer would straddle.
    const std::uint64_t chunk = self->m_reader.chunkSize();
    const std::uint64_t left = chunk - self->m_reader.tell() % chunk;
    const auto wanted = static_cast<std::size_t>(std::min<std::uint64_t>(static_cast<std::uint64_t>(size), left));
    auto count = self->m_reader.read(std::span<unsigned char>(buffer, wanted));
    if (!count) {
      if (!self->m_error) self->m_error = count.error();
      return AVERROR(EIO);
    }
    if (*count == 0) return AVERROR_EOF;
    return static_cast<int>(*count);
  }

  static std::int64_t seek(void* opaque, std::int64_t offset, int whence) {
    auto* self = static_cast<ReaderIo*>(opaque);
    if ((whence & AVSEEK_SIZE) != 0) return static_cast<std::int64_t>(self->m_reader.size());
    auto position = self->m_reader.seek(offset, whence & ~AVSEEK_FORCE);
    if (!position) return AVERROR(EINVAL);  // a bad seek is FFmpeg's to handle, not fatal
    return static_cast<std::int64_t>(*position);
  }

  ChunkedFileReader& m_reader;
  std::optional<Error> m_error;
  ff::Avio m_avio;
};

namespace {

Error notMediaError() {
  return {ErrorCode::Unsupported,
          tr("This is not a video file that Vakspiegel can read. Choose the recording as the camera or phone "
             "saved it.")};
}

Error damagedError() {
  return {ErrorCode::CorruptData,
          tr("The file is damaged so badly that nothing in it can be played. Use the original recording from "
             "the camera or phone, if it still exists.")};
}

// The containers cameras, phones and screen recorders write (and sound-only
// ones, so that such a file is named for what it is). Nothing else is
// opened: not a photo or text that FFmpeg would read as one-frame
// "video", and above all no playlist (HLS, concat) whose entries make
// FFmpeg read other files or URLs into the recording.
constexpr const char* kAllowedFormats = "mov,matroska,avi,mpegts,mpeg,flv,asf,dv,mxf,ogg,wav,mp3,aac,flac";

bool isAllowedFormat(const AVInputFormat* format) {
  return av_match_list(format->name, kAllowedFormats, ',') > 0;
}

// Options for every avformat_open_input: the allowed demuxers and, for
// files, the file protocol alone.
void setOpenOptions(ff::Dictionary& options, bool isFile) {
  options.set("format_whitelist", kAllowedFormats);
  if (isFile) options.set("protocol_whitelist", "file");
}

// The demuxer FFmpeg would pick from the first bytes alone (the name, and so
// the extension, left out), or null when the content is not recognised.
const AVInputFormat* recogniseContent(const std::filesystem::path& path) {
  constexpr std::size_t kSniffBytes = 64 * 1024;
  std::ifstream in(path, std::ios::binary);
  if (!in) return nullptr;
  std::vector<unsigned char> buffer(kSniffBytes + AVPROBE_PADDING_SIZE, 0);
  in.read(reinterpret_cast<char*>(buffer.data()), static_cast<std::streamsize>(kSniffBytes));
  const std::streamsize count = in.gcount();
  if (count <= 0) return nullptr;
  AVProbeData probe{};
  probe.filename = "";
  probe.buf = buffer.data();
  probe.buf_size = static_cast<int>(count);
  int score = 0;
  const AVInputFormat* format = av_probe_input_format3(&probe, 1, &score);
  return score > AVPROBE_SCORE_RETRY ? format : nullptr;
}

Error openFailure(int code, const std::filesystem::path& path) {
  if (code == AVERROR(ENOENT)) {
    return {ErrorCode::NotFound, tr("The file cannot be found. Check that it is still there and choose it again.")};
  }
  if (code == AVERROR(EACCES) || code == AVERROR(EPERM)) {
    return {ErrorCode::Io, tr("The file cannot be read: you have no permission to open it.")};
  }
  if (code == AVERROR(EIO)) return {ErrorCode::Io, tr("The file cannot be read: the disk reported an error.")};
  const AVInputFormat* recognised = recogniseContent(path);
  if (recognised == nullptr || !isAllowedFormat(recognised)) return notMediaError();
  if (std::string_view(recognised->name).find("mp4") != std::string_view::npos) {
    // An MP4/MOV is only playable with its index (the moov box), which most
    // cameras write last: a recording that was cut off never got one.
    return {ErrorCode::CorruptData,
            tr("The file is incomplete: the index that makes it playable is missing, usually because the "
               "recording stopped unexpectedly (an empty battery, a full memory card). Use the original file "
               "from the camera if it still exists.")};
  }
  return damagedError();
}

}  // namespace

MediaInput::MediaInput(std::unique_ptr<ReaderIo> io, ff::InputFormat format)
    : m_io(std::move(io)), m_format(std::move(format)) {}
MediaInput::MediaInput(MediaInput&&) noexcept = default;
MediaInput& MediaInput::operator=(MediaInput&&) noexcept = default;
MediaInput::~MediaInput() = default;

Status checkSource(const std::filesystem::path& path) {
  namespace fs = std::filesystem;
  std::error_code error;
  const auto status = fs::status(path, error);
  if (status.type() == fs::file_type::not_found)
    return fail(ErrorCode::NotFound, tr("The file cannot be found. Check that it is still there and choose it again."));
  if (error) return fail(ErrorCode::Io, tr("The file cannot be read: you have no permission to open it."));
  switch (status.type()) {
    case fs::file_type::regular: break;
    case fs::file_type::directory:
      return fail(ErrorCode::InvalidArgument, tr("This is a folder, not a video file. Choose the recording itself."));
    case fs::file_type::fifo:
      return fail(ErrorCode::InvalidArgument,
                  tr("This is a pipe (FIFO), not a video file. Choose the recording file itself."));
    case fs::file_type::character:
    case fs::file_type::block:
      return fail(ErrorCode::InvalidArgument,
                  tr("This is a device (such as /dev/zero or a disk), not a video file. Choose the recording file "
                     "itself."));
    case fs::file_type::socket:
      return fail(ErrorCode::InvalidArgument,
                  tr("This is a socket, not a video file. Choose the recording file itself."));
    default:
      return fail(ErrorCode::InvalidArgument,
                  tr("This is not an ordinary file, so it cannot be a recording. Choose the recording file itself."));
  }
  const auto size = fs::file_size(path, error);
  if (!error && size == 0)
    return fail(ErrorCode::CorruptData,
                tr("The file is empty: it holds no recording. Copy it from the camera or phone again."));
  return {};
}

Result<MediaInput> MediaInput::openFile(const std::filesystem::path& path) {
  ff::configureLogging();
  VS_TRY(checkSource(path));
  AVFormatContext* raw = nullptr;
  ff::Dictionary options;
  setOpenOptions(options, true);
  // "file:" so that a name with a colon is not taken for a protocol.
  const std::string url = "file:" + path.string();
  const int opened = avformat_open_input(&raw, url.c_str(), nullptr, options.get());
  if (opened < 0) return fail(openFailure(opened, path));
  ff::InputFormat format(raw);
  if (avformat_find_stream_info(format.get(), nullptr) < 0) return fail(damagedError());
  return MediaInput(nullptr, std::move(format));
}

Result<MediaInput> MediaInput::openContainer(ChunkedFileReader& reader, const char* formatName) {
  ff::configureLogging();
  if (reader.size() == 0) {
    return fail(ErrorCode::CorruptData, tr("The stored recording is empty."));
  }
  if (!reader.seek(0, SEEK_SET)) return fail(ErrorCode::Internal, "seek to 0 failed");
  std::unique_ptr<ReaderIo> io = VS_TRY(ReaderIo::create(reader));
  AVFormatContext* raw = avformat_alloc_context();
  if (raw == nullptr) return fail(ErrorCode::Internal, tr("Out of memory."));
  raw->pb = io->context();
  raw->flags |= AVFMT_FLAG_CUSTOM_IO;
  const AVInputFormat* forced = formatName != nullptr ? av_find_input_format(formatName) : nullptr;
  ff::Dictionary options;
  setOpenOptions(options, false);
  // On failure avformat_open_input frees the context (not our AVIO).
  if (avformat_open_input(&raw, nullptr, forced, options.get()) < 0) {
    if (io->error()) return fail(*io->error());
    return fail(ErrorCode::CorruptData, tr("The stored recording cannot be read: it is not a complete video file."));
  }
  ff::InputFormat format(raw);
  if (avformat_find_stream_info(format.get(), nullptr) < 0) {
    if (io->error()) return fail(*io->error());
    return fail(ErrorCode::CorruptData, tr("The stored recording cannot be read: it is not a complete video file."));
  }
  return MediaInput(std::move(io), std::move(format));
}

std::optional<Error> MediaInput::readerError() const {
  if (m_io) return m_io->error();
  return std::nullopt;
}

std::int64_t MediaInput::startUs() const {
  return m_format->start_time != AV_NOPTS_VALUE ? m_format->start_time : 0;
}

std::int64_t MediaInput::durationUs() const {
  return m_format->duration != AV_NOPTS_VALUE && m_format->duration > 0 ? m_format->duration : 0;
}

std::int64_t MediaInput::sizeBytes() const {
  if (m_format->pb == nullptr) return 0;
  const std::int64_t size = avio_size(m_format->pb);
  return size > 0 ? size : 0;
}

std::int64_t MediaInput::positionBytes() const {
  return m_format->pb != nullptr ? avio_tell(m_format->pb) : 0;
}

bool MediaInput::isAtEnd() const {
  return m_format->pb != nullptr && avio_feof(m_format->pb) != 0;
}

Result<StreamChoice> chooseStreams(const AVFormatContext* format) {
  StreamChoice choice;
  std::int64_t bestVideo = -1;
  std::int64_t bestAudio = -1;
  std::string subtitleCodec;
  for (unsigned i = 0; i < format->nb_streams; ++i) {
    const AVStream* stream = format->streams[i];
    const AVCodecParameters* parameters = stream->codecpar;
    const bool decodable = ff::findDecoder(parameters->codec_id) != nullptr;
    if (parameters->codec_type == AVMEDIA_TYPE_VIDEO && (stream->disposition & AV_DISPOSITION_ATTACHED_PIC) == 0) {
      // A decodable stream first, then the largest picture.
      const std::int64_t score =
          (decodable ? std::int64_t{1} << 40 : 0) + std::int64_t{parameters->width} * std::int64_t{parameters->height};
      if (score > bestVideo) {
        bestVideo = score;
        choice.video = static_cast<int>(i);
      }
    } else if (parameters->codec_type == AVMEDIA_TYPE_AUDIO) {
      const std::int64_t score = (decodable ? 1 << 20 : 0) +
                                 ((stream->disposition & AV_DISPOSITION_DEFAULT) != 0 ? 1 << 10 : 0) +
                                 parameters->ch_layout.nb_channels;
      if (score > bestAudio) {
        bestAudio = score;
        choice.audio = static_cast<int>(i);
      }
    } else if (parameters->codec_type == AVMEDIA_TYPE_SUBTITLE && subtitleCodec.empty()) {
      subtitleCodec = ff::codecName(parameters);
    }
  }
  if (choice.video < 0) {
    if (format->probe_score <= AVPROBE_SCORE_RETRY) return fail(notMediaError());
    if (choice.audio >= 0) {
      return fail(ErrorCode::Unsupported,
                  tr("This file holds only sound, no picture. Vakspiegel imports video recordings; choose the "
                     "video file of the conversation."));
    }
    if (!subtitleCodec.empty()) {
      return fail(ErrorCode::Unsupported,
                  trf("This file holds no video, only subtitles ({}). Vakspiegel imports video recordings; "
                      "choose the video file of the conversation.",
                      subtitleCodec));
    }
    return fail(ErrorCode::Unsupported,
                tr("This file holds no video. Vakspiegel imports video recordings; choose the video file of the "
                   "conversation."));
  }
  // A chosen stream without a decoder: openDecoder() names the codec.
  for (int index : {choice.video, choice.audio}) {
    if (index < 0) continue;
    const AVStream* stream = format->streams[index];
    if (ff::findDecoder(stream->codecpar->codec_id) == nullptr) {
      auto decoder = ff::openDecoder(stream, ff::DecodeFrames::All);
      if (!decoder) return fail(decoder.error());
    }
  }
  return choice;
}

DisplaySize displayedSize(const AVStream* video) {
  const int rotation = ff::rotationDegrees(video);
  if (rotation == 90 || rotation == 270) return {video->codecpar->height, video->codecpar->width};
  return {video->codecpar->width, video->codecpar->height};
}

}  // namespace vakspiegel::media
