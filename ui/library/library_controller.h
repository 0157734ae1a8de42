// The library's controller: fetches what the library shows (the list, the
// owner's shares, the pictures) and runs its actions (delete, a citizen's
// withdrawal by code) through the services on the use-case worker, never on
// the GUI thread, and fills RecordingTableModel with the answers.
#pragma once

#include <QObject>
#include <QString>

#include "app/recording_service.h"
#include "common/use_case_runner.h"
#include "consent/erasure.h"

namespace vakspiegel::ui {

class RecordingTableModel;

class LibraryController : public QObject {
  Q_OBJECT

 public:
  // `runner` and `model` must outlive the controller.
  LibraryController(UseCaseRunner& runner, RecordingTableModel& model, QObject* parent = nullptr);

  // Lists the recordings again; then the shares and the pictures come in.
  void refresh();
  // The owner erases a recording (after the view's confirmation).
  void deleteRecording(const QString& recordingId);
  // Looks up what a withdrawal code would erase (metadata only).
  void lookUpCode(const QString& code);
  // Erases the recording a citizen withdrew, by its code.
  void withdrawByCode(const QString& code);

 signals:
  void loading();
  void refreshed(int recordings);
  void problem(const QString& message);
  void codeFound(const QString& code, const vakspiegel::ConsentInfo& info);
  void codeProblem(const QString& message);
  // An erasure ran: what was erased and its certificate, in words.
  void erased(const QString& message);

 private:
  void fetchDetails();
  void finishErasure(const Result<consent::DeletionCertificate>& certificate);

  UseCaseRunner& m_runner;
  RecordingTableModel& m_model;
  int m_generation = 0;  // answers for an older list are dropped
};

}  // namespace vakspiegel::ui
