// Sharing a recording on the worker; see share_controller.h.
#include "library/share_controller.h"

#include "app/sharing_service.h"
#include "common/qt_conversions.h"

namespace vakspiegel::ui {

ShareController::ShareController(UseCaseRunner& runner, QString recordingId, QObject* parent)
    : QObject(parent), m_runner(runner), m_recordingId(std::move(recordingId)) {}

void ShareController::fetch() {
  m_runner.run(
      this,
      [id = m_recordingId.toStdString()](UseCaseRunner::Context& context) -> Result<std::vector<ShareInfo>> {
        const Session* session = VS_TRY(context.who());
        return SharingService(context.vault).shares(*session, id);
      },
      [this](const Result<std::vector<ShareInfo>>& shares) {
        if (!shares) {
          emit problem(toQString(shares.error().message));
          return;
        }
        QStringList names;
        for (const ShareInfo& share : *shares) names << toQString(share.coachName);
        emit sharesFetched(names);
      });
}

void ShareController::share(const QString& coachName) {
  m_runner.run(
      this,
      [id = m_recordingId.toStdString(), coach = coachName.toStdString()](
          UseCaseRunner::Context& context) -> Result<ShareInfo> {
        const Session* session = VS_TRY(context.who());
        return SharingService(context.vault).shareRecording(*session, id, coach);
      },
      [this, coachName](const Result<ShareInfo>& shared) {
        if (!shared) {
          emit problem(toQString(shared.error().message));
          return;
        }
        emit changed(tr("%1 can now watch this recording and write comments.").arg(coachName));
        fetch();
      });
}

void ShareController::unshare(const QString& coachName) {
  m_runner.run(
      this,
      [id = m_recordingId.toStdString(), coach = coachName.toStdString()](
          UseCaseRunner::Context& context) -> Result<RevokeOutcome> {
        const Session* session = VS_TRY(context.who());
        return SharingService(context.vault).revokeShare(*session, id, coach);
      },
      [this, coachName](const Result<RevokeOutcome>& revoked) {
        if (!revoked) {
          emit problem(toQString(revoked.error().message));
          return;
        }
        emit changed(revoked->isKeyWiped
                         ? tr("%1 can no longer watch this recording.").arg(coachName)
                         : tr("%1 can no longer watch this recording. Its key is wiped from the vault as soon as "
                              "another program that has the vault open lets go of it.")
                               .arg(coachName));
        fetch();
      });
}

}  // namespace vakspiegel::ui
