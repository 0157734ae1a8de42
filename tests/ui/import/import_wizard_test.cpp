// Import with consent as a klantmanager does it in the wizard: file, scopes,
// how and when, retention, summary, the import on the worker with progress,
// the withdrawal code and the receipt as a one-page PDF; Cancel during the
// import keeps nothing; a damaged file, a file that is no recording, sound
// only, a full disk or a vault in use gets its Dutch message in the wizard
// and nothing is kept.
#include <sys/syscall.h>
#include <unistd.h>

#include <QAbstractButton>
#include <QCheckBox>
#include <QFile>
#include <QLabel>
#include <QLineEdit>
#include <QMessageBox>
#include <QProgressBar>
#include <QRadioButton>
#include <QSpinBox>

#include <atomic>
#include <cerrno>

#include "common/document_printer.h"
#include "common/qt_conversions.h"
#include "import/import_controller.h"
#include "import/import_wizard.h"
#include "support/temp_dir.h"
#include "ui/ui_fixture.h"

// A full disk is injected by interposing pwrite() in this test binary, as
// in tests/app/import_usecase_test.cpp: the container writer calls it.
namespace {
std::atomic<int> g_pwriteErrno{0};
}  // namespace

extern "C" ssize_t pwrite(int fd, const void* buffer, size_t size, off_t offset) {
  if (const int err = g_pwriteErrno.load(); err != 0) {
    errno = err;
    return -1;
  }
  return static_cast<ssize_t>(syscall(SYS_pwrite64, fd, buffer, size, offset));
}

namespace vakspiegel::ui {
namespace {

using test::child;

// 40 s of MPEG-4 Part 2 video in Matroska: not H.264, so the import
// transcodes it, which takes long enough to cancel midway.
const std::filesystem::path& slowRecording() {
  static vakspiegel::test::TempDir dir;
  static const std::filesystem::path file = [] {
    const std::filesystem::path path = dir / "lang-gesprek.mkv";
    const std::string command =
        "ffmpeg -nostdin -y -loglevel error -f lavfi -i testsrc2=size=640x360:rate=25 -f lavfi -i "
        "sine=frequency=300:sample_rate=48000 -t 40 -c:v mpeg4 -q:v 5 -c:a aac -b:a 64k '" +
        path.string() + "'";
    EXPECT_EQ(std::system(command.c_str()), 0) << command;
    return path;
  }();
  return file;
}

class ImportWizardTest : public test::UiFixture {
 protected:
  void SetUp() override {
    UiFixture::SetUp();
    clockToNow();  // the wizard offers the real date as "recorded at"
    signIn("km.jansen");
  }

  std::unique_ptr<ImportWizard> wizardFor(const std::filesystem::path& file) {
    auto wizard = std::make_unique<ImportWizard>(runner(), toQString(file.string()));
    wizard->show();
    EXPECT_TRUE(QTest::qWaitForWindowExposed(wizard.get()));
    settle();  // the retention bounds came in
    return wizard;
  }

  static void next(ImportWizard& wizard) {
    QAbstractButton* button = wizard.button(QWizard::NextButton);
    ASSERT_TRUE(button->isEnabled()) << wizard.currentPage()->objectName().toStdString();
    QTest::mouseClick(button, Qt::LeftButton);
  }

  // Runs the import the wizard was filled in for, which must fail: its
  // error is shown in the wizard and nothing of it is kept.
  Error failedImport(ImportWizard& wizard) {
    QSignalSpy finished(&wizard.controller(), &ImportController::finished);
    next(wizard);
    EXPECT_TRUE(finished.wait(30'000));
    settle();
    const std::optional<Result<ImportOutcome>>& outcome = wizard.controller().outcome();
    const bool hasFailed = outcome && !*outcome;
    EXPECT_TRUE(hasFailed) << "the import did not fail";
    EXPECT_EQ(wizard.currentId(), ImportWizard::Progress);
    EXPECT_FALSE(wizard.outcome());
    EXPECT_TRUE(child<QLabel>(wizard, "importProblem")->isVisible());
    EXPECT_EQ(count("recordings"), 0);
    EXPECT_TRUE(mediaFiles().empty());
    return hasFailed ? outcome->error() : Error{};
  }

  // File → scopes (coach review too) → verbal → `weeks` → the summary.
  void fillIn(ImportWizard& wizard, int weeks) {
    ASSERT_EQ(wizard.currentId(), ImportWizard::File);
    next(wizard);
    ASSERT_EQ(wizard.currentId(), ImportWizard::Consent);
    QCheckBox* self = child<QCheckBox>(wizard, "scope_self_review");
    EXPECT_TRUE(self->isChecked());
    EXPECT_FALSE(self->isEnabled()) << "self review is part of every yes";
    child<QCheckBox>(wizard, "scope_coach_review")->click();
    next(wizard);
    ASSERT_EQ(wizard.currentId(), ImportWizard::How);
    EXPECT_FALSE(wizard.button(QWizard::NextButton)->isEnabled()) << "how consent was given must be chosen";
    child<QRadioButton>(wizard, "method_verbal")->click();
    next(wizard);
    ASSERT_EQ(wizard.currentId(), ImportWizard::Retention);
    QSpinBox* retention = child<QSpinBox>(wizard, "retentionWeeks");
    EXPECT_EQ(retention->value(), 8) << "the vault's default";
    EXPECT_EQ(retention->maximum(), 26) << "the vault's maximum";
    retention->setValue(weeks);
    next(wizard);
    ASSERT_EQ(wizard.currentId(), ImportWizard::Summary);
  }
};

TEST_F(ImportWizardTest, ImportsWithConsentShowsTheCodeAndWritesTheReceipt) {
  auto wizard = wizardFor(vakspiegel::test::tinyRecording());
  fillIn(*wizard, 4);
  const QString summary = child<QLabel>(*wizard, "importSummary")->text();
  EXPECT_TRUE(summary.contains(QStringLiteral("gesprek.mp4"))) << summary.toStdString();
  EXPECT_TRUE(summary.contains(QStringLiteral("4 weken"))) << summary.toStdString();

  QSignalSpy imported(wizard.get(), &ImportWizard::imported);
  QSignalSpy progressed(&wizard->controller(), &ImportController::progressed);
  next(*wizard);
  ASSERT_TRUE(imported.wait(30'000));
  settle();
  EXPECT_GE(progressed.count(), 1);
  ASSERT_EQ(wizard->currentId(), ImportWizard::Done);
  ASSERT_TRUE(wizard->outcome());
  const ImportOutcome& outcome = *wizard->outcome();
  EXPECT_EQ(imported.first().at(0).toString().toStdString(), outcome.recordingId);
  EXPECT_EQ(child<QLabel>(*wizard, "withdrawalCode")->text().toStdString(), outcome.consent.withdrawalCode);
  EXPECT_EQ(count("recordings", "id = '" + outcome.recordingId + "'"), 1);
  const auto scopes = outcome.consent.scopes;
  EXPECT_EQ(scopes, (std::vector<consent::Scope>{consent::Scope::SelfReview, consent::Scope::CoachReview}));
  EXPECT_EQ(outcome.consent.method, consent::Method::VerbalOnCamera);
  EXPECT_EQ(outcome.consent.retentionEnd - outcome.consent.recordedAt, std::chrono::hours(24 * 7 * 4));

  // It is in the owner's list with its real length.
  const auto listed = listOnWorker();
  ASSERT_TRUE(listed);
  ASSERT_EQ(listed->size(), 1u);
  EXPECT_NEAR(static_cast<double>(listed->front().durationUs), 2e6, 0.1e6);

  // Done without the receipt printed or saved asks first; "no" stays.
  QString question;
  test::answerNextMessageBox(QMessageBox::RejectRole, &question);
  QTest::mouseClick(wizard->button(QWizard::FinishButton), Qt::LeftButton);
  EXPECT_TRUE(question.contains(QString::fromStdString(outcome.consent.withdrawalCode))) << question.toStdString();
  EXPECT_TRUE(wizard->isVisible());
  test::answerNextMessageBox(QMessageBox::AcceptRole);
  QTest::mouseClick(wizard->button(QWizard::FinishButton), Qt::LeftButton);
  EXPECT_FALSE(wizard->isVisible());

  // The receipt: a one-page PDF that names the code.
  vakspiegel::test::TempDir out;
  const QString pdf = toQString((out / "ontvangstbewijs.pdf").string());
  ASSERT_TRUE(writeReceiptPdf(outcome.receipt, QString(), pdf));
  QFile file(pdf);
  ASSERT_TRUE(file.open(QIODevice::ReadOnly));
  const QByteArray bytes = file.readAll();
  EXPECT_TRUE(bytes.startsWith("%PDF-"));
  EXPECT_EQ(bytes.count("/Type /Page\n") + bytes.count("/Type /Page "), 1) << "one A4 page";
  // A folder that cannot be written gets a Dutch message.
  const Status refused = writeReceiptPdf(outcome.receipt, QString(), QStringLiteral("/proc/geen-map/bewijs.pdf"));
  ASSERT_FALSE(refused);
  EXPECT_FALSE(refused.error().message.empty());
}

TEST_F(ImportWizardTest, CancelDuringTheImportKeepsNothing) {
  auto wizard = wizardFor(slowRecording());
  fillIn(*wizard, 8);
  QSignalSpy progressed(&wizard->controller(), &ImportController::progressed);
  QSignalSpy finished(&wizard->controller(), &ImportController::finished);
  QSignalSpy rejected(wizard.get(), &QDialog::rejected);
  next(*wizard);
  ASSERT_EQ(wizard->currentId(), ImportWizard::Progress);
  ASSERT_TRUE(progressed.wait(30'000));
  ASSERT_TRUE(wizard->controller().isRunning()) << "the import ended before it could be cancelled";
  QTest::mouseClick(wizard->button(QWizard::CancelButton), Qt::LeftButton);
  ASSERT_TRUE(finished.wait(30'000));
  settle();
  EXPECT_EQ(rejected.count(), 1) << "the wizard closes once the import cleaned up";
  ASSERT_TRUE(wizard->controller().outcome());
  EXPECT_FALSE(*wizard->controller().outcome());
  EXPECT_EQ(count("recordings"), 0);
  EXPECT_EQ(count("consents"), 0);
  EXPECT_TRUE(mediaFiles().empty()) << "no temporary file is left";
}

TEST_F(ImportWizardTest, ADamagedFileGetsTheMediaLayersMessageAndNothingIsKept) {
  vakspiegel::test::TempDir dir;
  // The first half of a real recording: truncated, as a full phone leaves it.
  const std::filesystem::path truncated = dir / "afgebroken.mp4";
  std::vector<unsigned char> bytes = vakspiegel::test::readFileBytes(vakspiegel::test::tinyRecording());
  bytes.resize(bytes.size() / 2);
  vakspiegel::test::writeFileBytes(truncated, bytes);
  auto wizard = wizardFor(truncated);
  fillIn(*wizard, 8);
  failedImport(*wizard);
  QLabel* problem = child<QLabel>(*wizard, "importProblem");
  EXPECT_TRUE(problem->text().contains(QStringLiteral("niets van bewaard"))) << problem->text().toStdString();
  EXPECT_TRUE(wizard->button(QWizard::BackButton)->isEnabled()) << "back to choose another file";

  // Minutes of a meeting named like a video: the media layer's message
  // when the import reads it (the first page only looks at what kind of
  // file it is: reading happens off the GUI thread).
  const std::filesystem::path notes = dir / "notulen.mp4";
  vakspiegel::test::writeFileBytes(notes, {'N', 'o', 't', 'u', 'l', 'e', 'n', '\n'});
  auto text = wizardFor(notes);
  fillIn(*text, 8);
  failedImport(*text);
  EXPECT_TRUE(child<QLabel>(*text, "importProblem")->text().contains(QStringLiteral("niets van bewaard")));

  // Sound only (a dictaphone's file): not a recording Vakspiegel takes.
  const std::filesystem::path sound = dir / "alleen-geluid.m4a";
  ASSERT_EQ(std::system(("ffmpeg -nostdin -y -loglevel error -f lavfi -i sine=frequency=300 -t 2 -c:a aac '" +
                         sound.string() + "'")
                            .c_str()),
            0);
  auto soundOnly = wizardFor(sound);
  fillIn(*soundOnly, 8);
  EXPECT_EQ(failedImport(*soundOnly).code, ErrorCode::Unsupported);
  EXPECT_TRUE(child<QLabel>(*soundOnly, "importProblem")->text().contains(QStringLiteral("alleen geluid")))
      << child<QLabel>(*soundOnly, "importProblem")->text().toStdString();

  // A folder is refused on the first page already.
  auto second = wizardFor(dir.path());
  QTest::mouseClick(second->button(QWizard::NextButton), Qt::LeftButton);
  EXPECT_EQ(second->currentId(), ImportWizard::File);
  EXPECT_TRUE(child<QLabel>(*second, "fileProblem")->isVisible());
}

TEST_F(ImportWizardTest, AFullDiskGetsItsMessageInTheWizardAndNothingIsKept) {
  auto wizard = wizardFor(vakspiegel::test::tinyRecording());
  fillIn(*wizard, 8);
  g_pwriteErrno = ENOSPC;
  const Error error = failedImport(*wizard);
  g_pwriteErrno = 0;
  EXPECT_EQ(error.code, ErrorCode::DiskFull);
  const QString problem = child<QLabel>(*wizard, "importProblem")->text();
  EXPECT_TRUE(problem.contains(QStringLiteral("schijf"))) << problem.toStdString();
}

// Another program (a backup, the CLI) holds the vault's write lock for the
// whole import: the wizard says the vault is in use, and nothing is kept.
TEST_F(ImportWizardTest, AVaultInUseByAnotherProgramGetsItsMessageAndNothingIsKept) {
  auto wizard = wizardFor(vakspiegel::test::tinyRecording());
  fillIn(*wizard, 8);
  const Error error = [&] {
    const vakspiegel::test::OtherProgramHoldingTheWriteLock other(vaultDir());
    return failedImport(*wizard);
  }();
  EXPECT_EQ(error.code, ErrorCode::VaultBusy);
}

}  // namespace
}  // namespace vakspiegel::ui
