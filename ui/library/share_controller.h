// Sharing one recording with coaches, for its owner (R4: the recording's key
// is sealed to the coach; taking it back deletes that copy): the coaches it
// is shared with, share with one more by account name, take a share back.
// Runs SharingService on the use-case worker, never on the GUI thread.
#pragma once

#include <QObject>
#include <QStringList>

#include "common/use_case_runner.h"

namespace vakspiegel::ui {

class ShareController : public QObject {
  Q_OBJECT

 public:
  // `runner` must outlive the controller.
  ShareController(UseCaseRunner& runner, QString recordingId, QObject* parent = nullptr);

  void fetch();
  void share(const QString& coachName);
  void unshare(const QString& coachName);

 signals:
  // The coaches the recording is shared with now.
  void sharesFetched(const QStringList& coachNames);
  // A share or an unshare was done (what happened, in words), or refused.
  void changed(const QString& message);
  void problem(const QString& message);

 private:
  UseCaseRunner& m_runner;
  QString m_recordingId;
};

}  // namespace vakspiegel::ui
