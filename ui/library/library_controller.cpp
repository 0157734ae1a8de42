// The library's controller; see library_controller.h.
#include "library/library_controller.h"

#include <QPixmap>

#include "app/erasure_service.h"
#include "app/playback_service.h"
#include "app/sharing_service.h"
#include "common/qt_conversions.h"
#include "library/recording_table_model.h"

namespace vakspiegel::ui {

namespace {

struct Listing {
  std::vector<RecordingInfo> recordings;
  WallTime now;
};

}  // namespace

LibraryController::LibraryController(UseCaseRunner& runner, RecordingTableModel& model, QObject* parent)
    : QObject(parent), m_runner(runner), m_model(model) {}

void LibraryController::refresh() {
  emit loading();
  const int generation = ++m_generation;
  m_runner.run(
      this,
      [](UseCaseRunner::Context& context) -> Result<Listing> {
        const Session* session = VS_TRY(context.who());
        return Listing{VS_TRY(RecordingService(context.vault).listRecordings(*session)), context.vault.clock().now()};
      },
      [this, generation](Result<Listing> listing) {
        if (generation != m_generation) return;
        if (!listing) {
          emit problem(toQString(listing.error().message));
          emit refreshed(0);
          return;
        }
        const int count = static_cast<int>(listing->recordings.size());
        m_model.setRecordings(std::move(listing->recordings), listing->now);
        emit refreshed(count);
        fetchDetails();
      });
}

void LibraryController::fetchDetails() {
  const int generation = m_generation;
  for (int row = 0; row < m_model.rowCount(); ++row) {
    const QString id = m_model.index(row, 0).data(RecordingTableModel::kIdRole).toString();
    const RecordingInfo* info = m_model.recording(id);
    if (info && info->isOwn) {
      m_runner.run(
          this,
          [id = id.toStdString()](UseCaseRunner::Context& context) -> Result<std::vector<ShareInfo>> {
            const Session* session = VS_TRY(context.who());
            return SharingService(context.vault).shares(*session, id);
          },
          [this, generation, id](const Result<std::vector<ShareInfo>>& shares) {
            if (generation != m_generation || !shares) return;
            QStringList names;
            for (const ShareInfo& share : *shares) names << toQString(share.coachName);
            m_model.setShares(id, names);
          });
    }
    if (!m_model.index(row, RecordingTableModel::Picture).data(Qt::DecorationRole).isNull()) continue;
    // Decoded here, off the GUI thread; a QImage may cross threads, a QPixmap not.
    m_runner.run(
        this,
        [id = id.toStdString()](UseCaseRunner::Context& context) -> Result<QImage> {
          const Session* session = VS_TRY(context.who());
          const Bytes jpeg = VS_TRY(PlaybackService(context.vault).coverPicture(*session, id));
          QImage image;
          if (!jpeg.empty()) image.loadFromData(jpeg.data(), static_cast<int>(jpeg.size()), "JPEG");
          return image.isNull() ? image : image.scaled(96, 54, Qt::KeepAspectRatio, Qt::SmoothTransformation);
        },
        [this, generation, id](const Result<QImage>& image) {
          if (generation != m_generation || !image || image->isNull()) return;
          m_model.setPicture(id, QPixmap::fromImage(*image));
        });
  }
}

void LibraryController::deleteRecording(const QString& recordingId) {
  m_runner.run(
      this,
      [id = recordingId.toStdString()](UseCaseRunner::Context& context) -> Result<consent::DeletionCertificate> {
        const Session* session = VS_TRY(context.who());
        return ErasureService(context.vault).deleteRecording(*session, id);
      },
      [this](const Result<consent::DeletionCertificate>& certificate) { finishErasure(certificate); });
}

void LibraryController::lookUpCode(const QString& code) {
  m_runner.run(
      this,
      [code = code.toStdString()](UseCaseRunner::Context& context) -> Result<ConsentInfo> {
        const Session* session = VS_TRY(context.who());
        return RecordingService(context.vault).consentByCode(*session, code);
      },
      [this, code](const Result<ConsentInfo>& info) {
        if (!info)
          emit codeProblem(toQString(info.error().message));
        else
          emit codeFound(code, *info);
      });
}

void LibraryController::withdrawByCode(const QString& code) {
  m_runner.run(
      this,
      [code = code.toStdString()](UseCaseRunner::Context& context) -> Result<consent::DeletionCertificate> {
        const Session* session = VS_TRY(context.who());
        return ErasureService(context.vault).withdrawByCode(*session, code);
      },
      [this](const Result<consent::DeletionCertificate>& certificate) { finishErasure(certificate); });
}

void LibraryController::finishErasure(const Result<consent::DeletionCertificate>& certificate) {
  if (!certificate) {
    emit problem(toQString(certificate.error().message));
  } else if (certificate->state == consent::ErasureState::Done) {
    emit erased(tr("The recording was erased: its keys, annotations and files are gone. Deletion certificate: %1 "
                   "(%2 bytes destroyed, fingerprint %3…).")
                    .arg(toQString(certificate->recordingId))
                    .arg(certificate->ciphertextBytes)
                    .arg(toQString(certificate->ciphertextHash.substr(0, 16))));
  } else {
    emit erased(tr("The recording can no longer be watched. It is erased completely as soon as another program "
                   "that has the vault open closes it. Deletion certificate: %1.")
                    .arg(toQString(certificate->recordingId)));
  }
  refresh();
}

}  // namespace vakspiegel::ui
