// The review screen as its users meet it: annotating by keyboard while the
// recording plays, ranges by I/O with a category, undo/redo, edit and delete,
// filter and jump, following playback, the recall question at a pause (and
// turned off), a coach in the coach layer, the citizen layer only with
// consent, zoom and scrub with mouse and keys, every key of the help doing
// what it says, a remapped key surviving a restart, a keyboard-only walk and
// the accessible timeline. Real vault, real use cases, real player.
#include <QAccessible>
#include <QAccessibleValueInterface>
#include <QCheckBox>
#include <QElapsedTimer>
#include <QComboBox>
#include <QKeySequenceEdit>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSettings>
#include <QTableView>
#include <QTableWidget>

#include "app/sharing_service.h"
#include "common/qt_conversions.h"
#include "player/player_page.h"
#include "review/annotation_editor.h"
#include "review/key_dialogs.h"
#include "review/prompt_card.h"
#include "review/review_page.h"
#include "review/timeline_layout.h"
#include "review/timeline_widget.h"
#include "ui/ui_fixture.h"

namespace vakspiegel::ui {
namespace {

using test::child;

class ReviewPageTest : public test::UiFixture {
 protected:
  void SetUp() override {
    test::UiFixture::SetUp();
    // Key maps and the prompt setting go to this test's own settings.
    QSettings::setPath(QSettings::NativeFormat, QSettings::UserScope,
                       QString::fromStdString((m_dir.path() / "settings").string()));
  }

  // A review page for `user`, shown and active.
  std::unique_ptr<ReviewPage> shownPage(const std::string& user = "km.jansen") {
    const LoggedInUser who = signIn(user);
    auto page = std::make_unique<ReviewPage>(runner(), PlayerController::AudioChoice::Never);
    page->setUser(who);
    page->resize(1366, 768);
    page->show();
    QApplication::setActiveWindow(page.get());
    EXPECT_TRUE(QTest::qWaitForWindowActive(page.get()));
    return page;
  }

  bool open(ReviewPage& page, const std::string& id, bool isOwner = true, bool citizenReview = false) {
    QSignalSpy opened(&page, &ReviewPage::opened);
    page.openRecording(QString::fromStdString(id), QStringLiteral("het gesprek"), isOwner, citizenReview);
    settle();
    if (opened.count() != 1) return false;
    page.timeline().setFocus();
    return true;
  }

  // Keys to whatever has the focus, as a user types them.
  static void press(int key, Qt::KeyboardModifiers modifiers = Qt::NoModifier) {
    QTest::keyClick(QApplication::focusWidget(), static_cast<Qt::Key>(key), modifiers);
  }
  static void type(const QString& text) { QTest::keyClicks(QApplication::focusWidget(), text); }

  // Writes a note at the position by keyboard: N, the text, Enter.
  void noteByKeys(ReviewPage& page, const QString& text) {
    page.timeline().setFocus();
    press(Qt::Key_N);
    type(text);
    press(Qt::Key_Return);
    settle();
  }

  static void seekTo(ReviewPage& page, qint64 ms) {
    QSignalSpy shown(&page.controller(), &PlayerController::frameShown);
    page.controller().seek(ms);
    test::nextShown(shown);
  }

  static const std::vector<Annotation>& notes(ReviewPage& page) { return page.annotations().annotations(); }

  // Runs the event loop until `done` or 5 s passed; whether it came true.
  template <class Done>
  static bool waitUntil(Done done) {
    QElapsedTimer waited;
    waited.start();
    while (!done() && waited.elapsed() < 5000) QTest::qWait(10);
    return done();
  }
};

TEST_F(ReviewPageTest, ANoteByKeyboardWhilePlayingPausesWhileTypingAndPlaysOnAfterEnter) {
  const ImportOutcome imported = importTiny();
  auto page = shownPage();
  ASSERT_TRUE(open(*page, imported.recordingId));
  PlayerController& c = page->controller();
  press(Qt::Key_Space);
  ASSERT_EQ(c.state(), PlayerController::State::Playing);
  QTest::qWait(300);
  press(Qt::Key_N);
  auto* editor = child<AnnotationEditor>(*page, "annotationEditor");
  ASSERT_TRUE(editor->isVisible());
  EXPECT_EQ(QApplication::focusWidget(), editor->textEdit());
  EXPECT_EQ(c.state(), PlayerController::State::Playing);  // only typing pauses
  type(QStringLiteral("Hier luistert ze echt"));
  EXPECT_EQ(c.state(), PlayerController::State::Paused);
  const qint64 pausedAt = c.positionMs();
  // Single keys belong to the text: "k" and "j" did not play or jump.
  EXPECT_EQ(editor->textEdit()->toPlainText(), QStringLiteral("Hier luistert ze echt"));
  press(Qt::Key_Return);
  settle();
  ASSERT_EQ(notes(*page).size(), 1u);
  const Annotation& note = notes(*page).front();
  EXPECT_EQ(note.text, "Hier luistert ze echt");
  EXPECT_EQ(note.layer, AnnotationLayer::Own);
  EXPECT_FALSE(note.endUs);
  EXPECT_GT(note.positionUs, 0);
  EXPECT_LE(note.positionUs / 1000, pausedAt);
  EXPECT_FALSE(editor->isVisible());
  EXPECT_EQ(c.state(), PlayerController::State::Playing);  // resumed
  EXPECT_EQ(count("annotations", "recording_id = '" + imported.recordingId + "'"), 1);
  EXPECT_EQ(count("audit_log", "action = 'annotation.add' AND result = 'ok'"), 1);
  // Ctrl+Space plays and pauses even while typing; Esc cancels a note.
  press(Qt::Key_N);
  type(QStringLiteral("weg"));
  press(Qt::Key_Space, Qt::ControlModifier);
  EXPECT_EQ(c.state(), PlayerController::State::Playing);
  EXPECT_TRUE(editor->textEdit()->toPlainText().startsWith(QStringLiteral("weg")));
  press(Qt::Key_Escape);
  settle();
  EXPECT_FALSE(editor->isVisible());
  EXPECT_EQ(notes(*page).size(), 1u);
}

TEST_F(ReviewPageTest, SpaceOnAFocusedButtonPressesThatButtonAndOnPlayPlays) {
  const ImportOutcome imported = importTiny();
  auto page = shownPage();
  ASSERT_TRUE(open(*page, imported.recordingId));
  QSignalSpy shown(&page->controller(), &PlayerController::frameShown);
  seekTo(*page, 0);
  const qint64 first = page->controller().positionMs();
  auto* forward = child<QPushButton>(*page, "stepForwardButton");
  forward->setFocus();
  shown.clear();
  QTest::keyClick(forward, Qt::Key_Space);
  EXPECT_GT(test::nextShown(shown), first);
  EXPECT_EQ(page->controller().state(), PlayerController::State::Paused);
  child<QPushButton>(*page, "playButton")->setFocus();
  press(Qt::Key_Space);
  EXPECT_EQ(page->controller().state(), PlayerController::State::Playing);
  // Esc goes back to the library.
  QSignalSpy back(page.get(), &ReviewPage::backRequested);
  press(Qt::Key_Escape);
  EXPECT_EQ(back.count(), 1);
}

TEST_F(ReviewPageTest, ARangeByInAndOutWithACategory) {
  const ImportOutcome imported = importTiny();
  auto page = shownPage();
  ASSERT_TRUE(open(*page, imported.recordingId));
  seekTo(*page, 500);  // the picture of 480-520 ms (25 fps)
  press(Qt::Key_I);
  seekTo(*page, 1500);
  press(Qt::Key_O);
  EXPECT_EQ(page->controller().loopStartMs(), 480);
  EXPECT_FALSE(page->controller().isLoopEnabled());  // marking does not loop; R does
  press(Qt::Key_N);
  auto* categories = child<QComboBox>(*page, "categoryBox");
  const int leerpunt = categories->findData(QStringLiteral("eigen-leerpunt"));
  ASSERT_GT(leerpunt, 0);
  categories->setCurrentIndex(leerpunt);
  child<AnnotationEditor>(*page, "annotationEditor")->textEdit()->setFocus();
  type(QStringLiteral("Hier had ik moeten doorvragen"));
  press(Qt::Key_Return);
  settle();
  ASSERT_EQ(notes(*page).size(), 1u);
  const Annotation& range = notes(*page).front();
  EXPECT_EQ(range.positionUs, 480'000);  // from the start of the picture marked in
  ASSERT_TRUE(range.endUs);
  EXPECT_EQ(*range.endUs, 1'520'000);  // to the end of the picture marked out
  EXPECT_EQ(range.categoryId, "eigen-leerpunt");
  EXPECT_EQ(range.categoryName, "Leerpunt");
  // The timeline draws it as a range in the own lane.
  ASSERT_EQ(page->timeline().marks().size(), 1u);
  EXPECT_EQ(page->timeline().marks().front().lane, 0);
  EXPECT_EQ(page->timeline().marks().front().label, QStringLiteral("Leerpunt"));
  press(Qt::Key_R);
  EXPECT_TRUE(page->controller().isLoopEnabled());
  press(Qt::Key_X, Qt::ShiftModifier);
  EXPECT_FALSE(page->controller().loopStartMs());
}

TEST_F(ReviewPageTest, UndoAndRedoReachTheVault) {
  const ImportOutcome imported = importTiny();
  auto page = shownPage();
  ASSERT_TRUE(open(*page, imported.recordingId));
  seekTo(*page, 800);
  noteByKeys(*page, QStringLiteral("Eerste indruk"));
  ASSERT_EQ(notes(*page).size(), 1u);
  const std::string id = notes(*page).front().id;
  const std::string where = "recording_id = '" + imported.recordingId + "'";
  press(Qt::Key_Z, Qt::ControlModifier);
  settle();
  EXPECT_TRUE(notes(*page).empty());
  EXPECT_EQ(count("annotations", where), 0);
  press(Qt::Key_Y, Qt::ControlModifier);
  settle();
  ASSERT_EQ(notes(*page).size(), 1u);
  EXPECT_EQ(notes(*page).front().id, id);  // the same note back
  EXPECT_EQ(notes(*page).front().text, "Eerste indruk");
  EXPECT_EQ(count("annotations", where), 1);
  // The buttons do the same, for the mouse.
  child<QPushButton>(*page, "undoButton")->click();
  settle();
  EXPECT_EQ(count("annotations", where), 0);
  child<QPushButton>(*page, "redoButton")->click();
  settle();
  EXPECT_EQ(count("annotations", where), 1);
}

TEST_F(ReviewPageTest, EditAndDeleteThroughThePanelAndUndoTheDelete) {
  const ImportOutcome imported = importTiny();
  auto page = shownPage();
  ASSERT_TRUE(open(*page, imported.recordingId));
  noteByKeys(*page, QStringLiteral("Oud"));
  ASSERT_EQ(notes(*page).size(), 1u);
  const QString id = QString::fromStdString(notes(*page).front().id);
  auto* list = child<QTableView>(*page, "annotationList");
  list->setFocus();
  list->selectRow(0);
  child<QPushButton>(*page, "editNoteButton")->click();
  auto* editor = child<AnnotationEditor>(*page, "annotationEditor");
  ASSERT_TRUE(editor->isVisible());
  EXPECT_EQ(editor->textEdit()->toPlainText(), QStringLiteral("Oud"));
  editor->textEdit()->selectAll();
  type(QStringLiteral("Nieuw"));
  press(Qt::Key_Return);
  settle();
  ASSERT_EQ(notes(*page).size(), 1u);
  EXPECT_EQ(notes(*page).front().text, "Nieuw");
  EXPECT_EQ(count("audit_log", "action = 'annotation.edit' AND result = 'ok'"), 1);
  list->setFocus();
  list->selectRow(0);
  press(Qt::Key_Delete);
  settle();
  EXPECT_TRUE(notes(*page).empty());
  EXPECT_EQ(count("audit_log", "action = 'annotation.delete' AND result = 'ok'"), 1);
  page->trigger(ReviewAction::Undo);
  settle();
  ASSERT_EQ(notes(*page).size(), 1u);
  EXPECT_EQ(QString::fromStdString(notes(*page).front().id), id);
  EXPECT_EQ(notes(*page).front().text, "Nieuw");
}

TEST_F(ReviewPageTest, FilterByLayerCategoryAndWordsAndJumpWithEnter) {
  const ImportOutcome imported = importTiny(8, {"coach_review", "citizen_review"});
  auto page = shownPage();
  ASSERT_TRUE(open(*page, imported.recordingId, true, true));
  seekTo(*page, 300);
  noteByKeys(*page, QStringLiteral("Goed begin"));
  seekTo(*page, 1200);
  press(Qt::Key_N);
  auto* layers = child<QComboBox>(*page, "layerBox");
  ASSERT_EQ(layers->count(), 2);  // own and citizen
  layers->setCurrentIndex(layers->findData(static_cast<int>(AnnotationLayer::Citizen)));
  child<AnnotationEditor>(*page, "annotationEditor")->textEdit()->setFocus();
  type(QStringLiteral("Burger: hier voelde ik me gehoord"));
  press(Qt::Key_Return);
  settle();
  ASSERT_EQ(notes(*page).size(), 2u);
  EXPECT_EQ(notes(*page).back().layer, AnnotationLayer::Citizen);
  EXPECT_EQ(page->timeline().marks().back().lane, 2);

  auto* list = child<QTableView>(*page, "annotationList");
  auto* layerFilter = child<QComboBox>(*page, "layerFilter");
  layerFilter->setCurrentIndex(layerFilter->findData(static_cast<int>(AnnotationLayer::Citizen)));
  EXPECT_EQ(list->model()->rowCount(), 1);
  layerFilter->setCurrentIndex(0);
  child<QLineEdit>(*page, "noteSearch")->setText(QStringLiteral("begin"));
  ASSERT_EQ(list->model()->rowCount(), 1);
  child<QLineEdit>(*page, "noteSearch")->clear();
  EXPECT_EQ(list->model()->rowCount(), 2);
  // Enter on a row jumps there.
  list->setFocus();
  list->selectRow(1);
  press(Qt::Key_Return);
  settle();
  EXPECT_EQ(page->controller().positionMs(), notes(*page).back().positionUs / 1000);
  // Ctrl+Left/Right go to the previous and next note.
  page->timeline().setFocus();
  press(Qt::Key_Left, Qt::ControlModifier);
  settle();
  EXPECT_EQ(page->controller().positionMs(), notes(*page).front().positionUs / 1000);
  press(Qt::Key_Right, Qt::ControlModifier);
  settle();
  EXPECT_EQ(page->controller().positionMs(), notes(*page).back().positionUs / 1000);
}

TEST_F(ReviewPageTest, TheListFollowsPlaybackButNotAwayFromSomeoneUsingIt) {
  const ImportOutcome imported = importTiny();
  auto page = shownPage();
  ASSERT_TRUE(open(*page, imported.recordingId));
  seekTo(*page, 200);
  noteByKeys(*page, QStringLiteral("een"));
  seekTo(*page, 1600);
  noteByKeys(*page, QStringLiteral("twee"));
  seekTo(*page, 300);
  EXPECT_EQ(page->annotations().currentId(), QString::fromStdString(notes(*page).front().id));
  seekTo(*page, 1700);
  const QString second = QString::fromStdString(notes(*page).back().id);
  EXPECT_EQ(page->annotations().currentId(), second);
  const QModelIndex row = page->annotations().index(1, 0);
  EXPECT_TRUE(row.data(AnnotationTableModel::CurrentRole).toBool());
  EXPECT_TRUE(row.data(Qt::FontRole).value<QFont>().bold());
  // While playing, the timeline's marks follow too.
  auto* list = child<QTableView>(*page, "annotationList");
  list->setFocus();
  list->selectRow(0);
  seekTo(*page, 300);
  EXPECT_EQ(list->currentIndex().row(), 0);  // the user's place stays
}

TEST_F(ReviewPageTest, APauseAsksARecallQuestionWhoseAnswerIsANoteAtThatMoment) {
  const ImportOutcome imported = importTiny();
  auto page = shownPage();
  ASSERT_TRUE(open(*page, imported.recordingId));
  PlayerController& c = page->controller();
  press(Qt::Key_Space);
  QTest::qWait(400);
  press(Qt::Key_Space);
  auto* card = child<PromptCard>(*page, "promptCard");
  ASSERT_TRUE(card->isVisible());
  EXPECT_EQ(c.state(), PlayerController::State::Paused);
  const qint64 at = card->atMs();
  EXPECT_EQ(at, c.positionMs());
  EXPECT_EQ(QApplication::focusWidget(), card->answerField());
  EXPECT_TRUE(child<QLabel>(*page, "questionLabel")->text().startsWith(QStringLiteral("Wat dacht je hier?")));
  type(QStringLiteral("Ik wilde haar geruststellen"));
  press(Qt::Key_Return);
  settle();
  ASSERT_EQ(notes(*page).size(), 1u);
  EXPECT_EQ(notes(*page).front().promptId, "prompt-dacht");
  EXPECT_EQ(notes(*page).front().positionUs, at * 1000);
  EXPECT_EQ(notes(*page).front().text, "Ik wilde haar geruststellen");
  EXPECT_FALSE(card->isVisible());
  // V asks on request; the next question is another one.
  page->timeline().setFocus();
  press(Qt::Key_V);
  ASSERT_TRUE(card->isVisible());
  EXPECT_TRUE(child<QLabel>(*page, "questionLabel")->text().startsWith(QStringLiteral("Wat wilde je")));
  press(Qt::Key_Escape);
  EXPECT_FALSE(card->isVisible());
  // A pause with the mouse asks too.
  QTest::mouseClick(child<QPushButton>(*page, "playButton"), Qt::LeftButton);
  QTest::qWait(200);
  QTest::mouseClick(child<QPushButton>(*page, "playButton"), Qt::LeftButton);
  EXPECT_EQ(c.state(), PlayerController::State::Paused);
  EXPECT_TRUE(card->isVisible());
  press(Qt::Key_Escape);

  // Turned off: a pause asks nothing, also after a restart.
  page->timeline().setFocus();
  press(Qt::Key_V);
  child<QCheckBox>(*page, "promptsOnPauseBox")->click();
  press(Qt::Key_Escape);
  EXPECT_FALSE(page->promptsOnPause());
  page.reset();
  page = shownPage();
  ASSERT_TRUE(open(*page, imported.recordingId));
  EXPECT_FALSE(page->promptsOnPause());
  press(Qt::Key_Space);
  QTest::qWait(200);
  press(Qt::Key_Space);
  EXPECT_EQ(page->controller().state(), PlayerController::State::Paused);
  EXPECT_FALSE(child<PromptCard>(*page, "promptCard")->isVisible());
}

TEST_F(ReviewPageTest, ACoachWritesInTheCoachLayerAndCannotChangeTheOwnersNotes) {
  const ImportOutcome imported = importTiny();
  ASSERT_TRUE(AnnotationService(*m_vault).addAnnotation(*m_owner, imported.recordingId, 100'000, "Van de eigenaar"));
  ASSERT_TRUE(SharingService(*m_vault).shareRecording(*m_owner, imported.recordingId, "coach.deboer"));
  auto page = shownPage("coach.deboer");
  ASSERT_TRUE(open(*page, imported.recordingId, false));
  ASSERT_EQ(notes(*page).size(), 1u);
  seekTo(*page, 1000);
  press(Qt::Key_N);
  auto* layers = child<QComboBox>(*page, "layerBox");
  EXPECT_EQ(layers->count(), 1);
  EXPECT_FALSE(layers->isEnabled());
  type(QStringLiteral("Sterk: je laat de stilte vallen"));
  press(Qt::Key_Return);
  settle();
  ASSERT_EQ(notes(*page).size(), 2u);
  EXPECT_EQ(notes(*page).back().layer, AnnotationLayer::Coach);
  EXPECT_EQ(notes(*page).back().authorName, "coach.deboer");
  EXPECT_EQ(page->timeline().marks().back().lane, 1);
  // The owner's note: Edit and Delete stay off and say why.
  auto* list = child<QTableView>(*page, "annotationList");
  list->setFocus();
  list->selectRow(0);
  EXPECT_FALSE(child<QPushButton>(*page, "editNoteButton")->isEnabled());
  EXPECT_FALSE(child<QPushButton>(*page, "deleteNoteButton")->isEnabled());
  press(Qt::Key_Delete);
  settle();
  EXPECT_EQ(notes(*page).size(), 2u);
  // Nothing of the owner's (share, delete a recording) is on this screen.
  for (QPushButton* button : page->findChildren<QPushButton*>()) {
    EXPECT_FALSE(button->text().contains(QStringLiteral("Delen"))) << button->objectName().toStdString();
    EXPECT_FALSE(button->objectName().contains(QStringLiteral("share"))) << button->objectName().toStdString();
  }
  // Recall questions are the klantmanager's: none for the coach, not even on V.
  EXPECT_FALSE(child<QPushButton>(*page, "promptButton")->isVisible());
  page->timeline().setFocus();
  press(Qt::Key_V);
  EXPECT_FALSE(child<PromptCard>(*page, "promptCard")->isVisible());
  // Undo is the coach's own history: their note goes, the owner's stays.
  page->trigger(ReviewAction::Undo);
  settle();
  ASSERT_EQ(notes(*page).size(), 1u);
  EXPECT_EQ(notes(*page).front().text, "Van de eigenaar");
}

TEST_F(ReviewPageTest, TheCitizenLayerIsOfferedOnlyWithConsentAndRefusedWithout) {
  const ImportOutcome imported = importTiny();  // coach_review only
  auto page = shownPage();
  ASSERT_TRUE(open(*page, imported.recordingId, true, false));
  press(Qt::Key_N);
  auto* layers = child<QComboBox>(*page, "layerBox");
  EXPECT_EQ(layers->count(), 1);
  EXPECT_EQ(layers->findData(static_cast<int>(AnnotationLayer::Citizen)), -1);
  EXPECT_FALSE(layers->toolTip().isEmpty());
  press(Qt::Key_Escape);
  // Asked for anyway (as a changed client would): the vault refuses, with a message.
  AnnotationDraft citizen;
  citizen.positionUs = 100'000;
  citizen.layer = AnnotationLayer::Citizen;
  citizen.text = "Namens de burger";
  page->reviewController().add(citizen);
  settle();
  EXPECT_TRUE(notes(*page).empty());
  EXPECT_TRUE(child<QLabel>(*page, "problemLabel")->isVisible());
  EXPECT_FALSE(child<QLabel>(*page, "problemLabel")->text().isEmpty());
  EXPECT_EQ(count("annotations"), 0);
}

TEST_F(ReviewPageTest, ZoomAndScrubWithTheMouseAndTheKeys) {
  const ImportOutcome imported = importTiny();
  auto page = shownPage();
  ASSERT_TRUE(open(*page, imported.recordingId));
  TimelineWidget& timeline = page->timeline();
  const double whole = timeline.msPerPixel();
  EXPECT_NEAR(whole * (timeline.width() - timeline_layout::kHeaderWidth),
              static_cast<double>(page->controller().durationMs()), whole * 2);
  press(Qt::Key_Plus);
  const double zoomedIn = timeline.msPerPixel();
  EXPECT_NEAR(zoomedIn, std::max(whole / 2, timeline.minMsPerPixel()), 1e-9);
  press(Qt::Key_Minus);
  EXPECT_NEAR(timeline.msPerPixel(), std::min(zoomedIn * 2, whole), 1e-9);
  // Ctrl+wheel zooms in, down to single pictures (48 px each at most).
  const QPoint middle(timeline.width() / 2, timeline_layout::kWaveTop + 5);
  for (int i = 0; i < 30; ++i) {
    QWheelEvent wheel(middle, timeline.mapToGlobal(middle), {}, QPoint(0, 120), Qt::NoButton, Qt::ControlModifier,
                      Qt::NoScrollPhase, false);
    QApplication::sendEvent(&timeline, &wheel);
  }
  EXPECT_NEAR(timeline.msPerPixel(), timeline.minMsPerPixel(), 1e-9);
  EXPECT_NEAR(timeline.minMsPerPixel(), 40.0 / 48, 1e-9);
  press(Qt::Key_0);
  EXPECT_NEAR(timeline.msPerPixel(), whole, 1e-9);
  // "+" as a keyboard types it: with Shift.
  press(Qt::Key_Plus, Qt::ShiftModifier);
  EXPECT_LT(timeline.msPerPixel(), whole);
  press(Qt::Key_0);

  // Drag: keyframe pictures while moving, the exact one on release.
  QSignalSpy scrubbed(&timeline, &TimelineWidget::scrubbed);
  QSignalSpy seeks(&timeline, &TimelineWidget::seekRequested);
  const int y = timeline_layout::kWaveTop + 10;
  const int x0 = timeline.xForMs(200), x1 = timeline.xForMs(1300);
  QTest::mousePress(&timeline, Qt::LeftButton, {}, QPoint(x0, y));
  for (int x = x0; x <= x1; x += (x1 - x0) / 5) QTest::mouseMove(&timeline, QPoint(x, y));
  QTest::mouseRelease(&timeline, Qt::LeftButton, {}, QPoint(x1, y));
  settle();
  EXPECT_GE(scrubbed.count(), 5);
  ASSERT_EQ(seeks.count(), 1);
  const qint64 released = seeks.front().at(0).toLongLong();
  EXPECT_NEAR(static_cast<double>(released), 1300.0, whole + 1);
  EXPECT_EQ(page->controller().positionMs(), released);
  // A click seeks exactly there.
  QTest::mouseClick(&timeline, Qt::LeftButton, {}, QPoint(timeline.xForMs(700), y));
  settle();
  EXPECT_NEAR(static_cast<double>(page->controller().positionMs()), 700.0, whole + 1);
}

TEST_F(ReviewPageTest, EveryKeyOfTheHelpDoesWhatItSays) {
  const ImportOutcome imported = importTiny();
  auto page = shownPage();
  ASSERT_TRUE(open(*page, imported.recordingId));
  PlayerController& c = page->controller();
  const KeyMap& map = page->keyMap();
  // The help lists every binding with its keys.
  {
    KeyHelpDialog help(map, page.get());
    ASSERT_EQ(help.table()->rowCount(), static_cast<int>(map.bindings().size()));
    for (int row = 0; row < help.table()->rowCount(); ++row) {
      EXPECT_FALSE(help.table()->item(row, 0)->text().isEmpty());
      EXPECT_FALSE(help.table()->item(row, 1)->text().isEmpty());
    }
  }
  const auto pressFirst = [&](ReviewAction action) {
    page->timeline().setFocus();
    const QKeyCombination key = map.keys(action).front()[0];
    QTest::keyClick(QApplication::focusWidget(), key.key(), key.keyboardModifiers());
    settle();
  };
  const auto at = [&](qint64 ms) { seekTo(*page, ms); };
  int checked = 0;
  for (const KeyBinding& binding : map.bindings()) {
    SCOPED_TRACE(binding.id.toStdString());
    ++checked;
    switch (binding.action) {
      case ReviewAction::PlayPauseAnywhere:
      case ReviewAction::PlayPause:
        c.setLoopEnabled(false);
        at(0);
        pressFirst(binding.action);
        EXPECT_EQ(c.state(), PlayerController::State::Playing);
        c.pause();
        settle();
        child<PromptCard>(*page, "promptCard")->hide();
        break;
      case ReviewAction::Back10: at(1500); pressFirst(binding.action); EXPECT_EQ(c.positionMs(), 0); break;
      case ReviewAction::Forward10: at(100); pressFirst(binding.action); EXPECT_EQ(c.positionMs(), c.durationMs()); break;
      case ReviewAction::Back5: at(1500); pressFirst(binding.action); EXPECT_EQ(c.positionMs(), 0); break;
      case ReviewAction::Forward5: at(100); pressFirst(binding.action); EXPECT_EQ(c.positionMs(), c.durationMs()); break;
      case ReviewAction::Back1: at(1500); pressFirst(binding.action); EXPECT_EQ(c.positionMs(), 500); break;
      case ReviewAction::Forward1: at(500); pressFirst(binding.action); EXPECT_EQ(c.positionMs(), 1500); break;
      case ReviewAction::FrameBack:  // across the keyframe at 1 s: decoded again
        at(1020);
        pressFirst(binding.action);
        EXPECT_TRUE(waitUntil([&] { return c.positionMs() == 960; })) << c.positionMs();
        break;
      case ReviewAction::FrameForward:
        at(1020);
        pressFirst(binding.action);
        EXPECT_TRUE(waitUntil([&] { return c.positionMs() == 1040; })) << c.positionMs();
        break;
      case ReviewAction::Slower: c.setSpeed(1.0); pressFirst(binding.action); EXPECT_DOUBLE_EQ(c.speed(), 0.75); break;
      case ReviewAction::Faster: c.setSpeed(1.0); pressFirst(binding.action); EXPECT_DOUBLE_EQ(c.speed(), 1.25); break;
      case ReviewAction::MarkIn: at(400); pressFirst(binding.action); EXPECT_EQ(c.loopStartMs(), 400); break;
      case ReviewAction::MarkOut: at(800); pressFirst(binding.action); EXPECT_EQ(c.loopEndMs(), 840); break;
      case ReviewAction::ClearMarks: pressFirst(binding.action); EXPECT_FALSE(c.loopStartMs()); break;
      case ReviewAction::ToggleLoop: {
        const bool before = c.isLoopEnabled();
        pressFirst(binding.action);
        EXPECT_NE(c.isLoopEnabled(), before);
        c.setLoopEnabled(false);
        break;
      }
      case ReviewAction::Annotate:
        pressFirst(binding.action);
        EXPECT_TRUE(child<AnnotationEditor>(*page, "annotationEditor")->isVisible());
        press(Qt::Key_Escape);
        break;
      case ReviewAction::AskPrompt:
        pressFirst(binding.action);
        EXPECT_TRUE(child<PromptCard>(*page, "promptCard")->isVisible());
        press(Qt::Key_Escape);
        break;
      case ReviewAction::PreviousAnnotation:
      case ReviewAction::NextAnnotation: {
        if (notes(*page).empty()) {
          at(1000);
          noteByKeys(*page, QStringLiteral("Moment"));
        }
        const bool next = binding.action == ReviewAction::NextAnnotation;
        at(next ? 0 : 1900);
        pressFirst(binding.action);
        EXPECT_EQ(c.positionMs(), 1000);
        break;
      }
      case ReviewAction::Start: at(1000); pressFirst(binding.action); EXPECT_EQ(c.positionMs(), 0); break;
      case ReviewAction::End: at(100); pressFirst(binding.action); EXPECT_EQ(c.positionMs(), c.durationMs()); break;
      case ReviewAction::ZoomIn: {
        page->timeline().zoomAll();
        const double before = page->timeline().msPerPixel();
        pressFirst(binding.action);
        EXPECT_LT(page->timeline().msPerPixel(), before);
        break;
      }
      case ReviewAction::ZoomOut: {
        page->timeline().zoomIn();
        const double before = page->timeline().msPerPixel();
        pressFirst(binding.action);
        EXPECT_GT(page->timeline().msPerPixel(), before);
        break;
      }
      case ReviewAction::ZoomAll:
        page->timeline().zoomIn();
        pressFirst(binding.action);
        EXPECT_NEAR(page->timeline().msPerPixel(), page->timeline().maxMsPerPixel(), 1e-9);
        break;
      case ReviewAction::Fullscreen:
        pressFirst(binding.action);
        EXPECT_TRUE(page->isFullscreen());
        EXPECT_FALSE(child<QWidget>(*page, "annotationsPanel")->isVisible());
        press(Qt::Key_Escape);  // leaves full screen, not the screen
        EXPECT_FALSE(page->isFullscreen());
        EXPECT_TRUE(page->isVisible());
        break;
      case ReviewAction::Mute:
        // Without a sound device the key does nothing (the button says why).
        pressFirst(binding.action);
        EXPECT_FALSE(c.isMuted());
        break;
      case ReviewAction::Undo:
      case ReviewAction::Redo: {
        if (notes(*page).empty()) noteByKeys(*page, QStringLiteral("Moment"));
        const std::size_t before = notes(*page).size();
        if (binding.action == ReviewAction::Redo) {
          page->trigger(ReviewAction::Undo);
          settle();
        }
        pressFirst(binding.action);
        EXPECT_EQ(notes(*page).size(), binding.action == ReviewAction::Undo ? before - 1 : before);
        if (binding.action == ReviewAction::Undo) page->trigger(ReviewAction::Redo);
        settle();
        break;
      }
      case ReviewAction::Help: {
        // The help is modal: closed by the test once it is up.
        bool shown = false;
        QTimer::singleShot(100, [&shown] {
          auto* help = qobject_cast<KeyHelpDialog*>(QApplication::activeModalWidget());
          shown = help != nullptr;
          if (help) help->reject();
        });
        pressFirst(binding.action);
        EXPECT_TRUE(shown);
        break;
      }
    }
  }
  EXPECT_EQ(checked, static_cast<int>(map.bindings().size()));
}

TEST_F(ReviewPageTest, ARemappedKeyWorksAndSurvivesARestart) {
  const ImportOutcome imported = importTiny();
  auto page = shownPage();
  ASSERT_TRUE(open(*page, imported.recordingId));
  {
    KeySettingsDialog settings(page->keyMap(), page.get());
    QKeySequenceEdit* annotate = settings.editFor(ReviewAction::Annotate);
    ASSERT_NE(annotate, nullptr);
    annotate->setKeySequence(QKeySequence(Qt::Key_K));  // K already plays: refused
    EXPECT_FALSE(settings.findChild<QLabel*>(QStringLiteral("conflictLabel"))->text().isEmpty());
    annotate->setKeySequence(QKeySequence(Qt::Key_Q));
    EXPECT_TRUE(settings.findChild<QLabel*>(QStringLiteral("conflictLabel"))->text().isEmpty());
    settings.editFor(ReviewAction::Fullscreen)->clear();  // turned off
    page->keyMap() = settings.map();
  }
  // As the dialog's OK does, through the page.
  QTimer::singleShot(100, [] {
    if (auto* dialog = qobject_cast<KeySettingsDialog*>(QApplication::activeModalWidget())) {
      dialog->editFor(ReviewAction::Annotate)->setKeySequence(QKeySequence(Qt::Key_Q));
      dialog->editFor(ReviewAction::Fullscreen)->clear();
      dialog->accept();
    }
  });
  page->showKeySettings();
  page.reset();

  page = shownPage();
  ASSERT_TRUE(open(*page, imported.recordingId));
  EXPECT_EQ(page->keyMap().keys(ReviewAction::Annotate), QList<QKeySequence>{QKeySequence(Qt::Key_Q)});
  EXPECT_TRUE(page->keyMap().keys(ReviewAction::Fullscreen).isEmpty());
  auto* editor = child<AnnotationEditor>(*page, "annotationEditor");
  press(Qt::Key_N);
  EXPECT_FALSE(editor->isVisible());
  press(Qt::Key_F);
  EXPECT_FALSE(page->isFullscreen());
  press(Qt::Key_Q);
  EXPECT_TRUE(editor->isVisible());
}

TEST_F(ReviewPageTest, AKeyboardOnlyWalkReachesEveryPartWithItsName) {
  const ImportOutcome imported = importTiny();
  auto page = shownPage();
  ASSERT_TRUE(open(*page, imported.recordingId));
  page->focusTarget()->setFocus();
  QSet<QString> reached;
  for (int i = 0; i < 60; ++i) {
    QWidget* focused = QApplication::focusWidget();
    ASSERT_NE(focused, nullptr);
    reached.insert(focused->objectName());
    QAccessibleInterface* accessible = QAccessible::queryAccessibleInterface(focused);
    ASSERT_NE(accessible, nullptr);
    EXPECT_FALSE(accessible->text(QAccessible::Name).trimmed().isEmpty()) << focused->objectName().toStdString();
    press(Qt::Key_Tab);
  }
  for (const char* part : {"playButton", "positionSlider", "speedBox", "timeline", "layerFilter", "categoryFilter",
                           "noteSearch", "annotationList", "noteButton", "backButton", "keysButton"})
    EXPECT_TRUE(reached.contains(QString::fromLatin1(part))) << part;
  // Writing a note, and the recall question, are named too.
  page->trigger(ReviewAction::Annotate);
  auto [nameless, controls] = test::namelessControls(*page);
  EXPECT_GT(controls, 10);
  EXPECT_TRUE(nameless.isEmpty()) << nameless.join(QStringLiteral(", ")).toStdString();
}

TEST_F(ReviewPageTest, ScreenReadersSeeTheTimelineAsASliderWithTheNotesAsChildren) {
  const ImportOutcome imported = importTiny();
  auto page = shownPage();
  ASSERT_TRUE(open(*page, imported.recordingId));
  seekTo(*page, 1000);
  noteByKeys(*page, QStringLiteral("Hier haakt ze af"));
  seekTo(*page, 1000);
  QAccessibleInterface* timeline = QAccessible::queryAccessibleInterface(&page->timeline());
  ASSERT_NE(timeline, nullptr);
  EXPECT_EQ(timeline->role(), QAccessible::Slider);
  EXPECT_EQ(timeline->text(QAccessible::Name), QStringLiteral("Tijdlijn"));
  QAccessibleValueInterface* value = timeline->valueInterface();
  ASSERT_NE(value, nullptr);
  EXPECT_EQ(value->currentValue().toInt(), 1);
  EXPECT_EQ(value->maximumValue().toInt(), static_cast<int>(page->controller().durationMs() / 1000));
  EXPECT_TRUE(timeline->text(QAccessible::Value).contains(QStringLiteral("0:01")));
  ASSERT_EQ(timeline->childCount(), 1);
  QAccessibleInterface* note = timeline->child(0);
  ASSERT_NE(note, nullptr);
  EXPECT_TRUE(note->text(QAccessible::Name).contains(QStringLiteral("Hier haakt ze af")));
  EXPECT_TRUE(note->text(QAccessible::Name).contains(QStringLiteral("0:01")));
  EXPECT_EQ(timeline->indexOfChild(note), 0);
  value->setCurrentValue(0);  // a screen reader moves the slider
  settle();
  EXPECT_EQ(page->controller().positionMs(), 0);
}

}  // namespace
}  // namespace vakspiegel::ui
