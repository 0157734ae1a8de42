// The review screen's parts and their wiring; the keyboard and the note and
// question flows are in review_actions.cpp. See review_page.h.
#include "review/review_page.h"

#include <QAbstractButton>
#include <QApplication>
#include <QHBoxLayout>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSettings>
#include <QSplitter>
#include <QVBoxLayout>
#include <QVideoWidget>

#include "common/qt_conversions.h"
#include "player/player_page.h"
#include "player/transport_bar.h"
#include "review/annotation_editor.h"
#include "review/annotations_panel.h"
#include "review/prompt_card.h"
#include "review/timeline_accessible.h"
#include "review/timeline_widget.h"

namespace vakspiegel::ui {

ReviewPage::ReviewPage(UseCaseRunner& runner, PlayerController::AudioChoice audio, QWidget* parent)
    : QWidget(parent), m_runner(runner), m_review(runner, m_model) {
  setObjectName(QStringLiteral("reviewPage"));
  installTimelineAccessibility();
  m_player = new PlayerPage(runner, audio, this);
  m_timeline = new TimelineWidget(this);
  m_panel = new AnnotationsPanel(m_model, this);
  m_editor = new AnnotationEditor(this);
  m_editor->hide();
  m_prompt = new PromptCard(this);
  m_prompt->hide();

  const auto headerButton = [this](const char* name, const QString& text, const QString& tip) {
    auto* button = new QPushButton(text, this);
    button->setObjectName(QString::fromLatin1(name));
    button->setToolTip(tip);
    button->setFocusPolicy(Qt::TabFocus);
    m_player->addHeaderWidget(button);
    return button;
  };
  m_noteButton = headerButton("noteButton", tr("Note"), tr("Write a note at this moment (N)"));
  m_promptButton = headerButton("promptButton", tr("Recall question"), tr("Show a recall question (V)"));
  m_undoButton = headerButton("undoButton", tr("Undo"), tr("Undo the last change to a note (Ctrl+Z)"));
  m_redoButton = headerButton("redoButton", tr("Redo"), tr("Redo (Ctrl+Y)"));
  m_keysButton = headerButton("keysButton", tr("Keys"), tr("Every key of this screen, and changing them (?)"));

  auto* left = new QWidget(this);
  auto* leftLayout = new QVBoxLayout(left);
  leftLayout->setContentsMargins(0, 0, 0, 0);
  leftLayout->addWidget(m_player, 1);
  leftLayout->addWidget(m_editor);
  leftLayout->addWidget(m_prompt);
  m_splitter = new QSplitter(Qt::Horizontal, this);
  m_splitter->setObjectName(QStringLiteral("reviewSplitter"));
  m_splitter->addWidget(left);
  m_splitter->addWidget(m_panel);
  m_splitter->setStretchFactor(0, 3);
  m_splitter->setStretchFactor(1, 2);
  m_splitter->setChildrenCollapsible(false);
  m_panel->setMinimumWidth(m_panel->fontMetrics().averageCharWidth() * 44);
  auto* layout = new QVBoxLayout(this);
  layout->addWidget(m_splitter, 1);
  layout->addWidget(m_timeline);

  // Tab: the header's buttons, the transport, the timeline, the notes panel.
  setTabOrder(m_player->transportBar(), m_timeline);
  setTabOrder(m_timeline, m_panel);
  wire();
  qApp->installEventFilter(this);
}

ReviewPage::~ReviewPage() {
  qApp->removeEventFilter(this);
  // The player goes with the children after this; nothing of it may reach
  // the parts that are gone by then.
  disconnect(&m_player->controller(), nullptr, this, nullptr);
  m_player->closeRecording();
}

PlayerController& ReviewPage::controller() {
  return m_player->controller();
}

QString ReviewPage::recordingId() const {
  return m_player->recordingId();
}

QWidget* ReviewPage::focusTarget() const {
  return m_player->focusTarget();
}

void ReviewPage::wire() {
  PlayerController& c = m_player->controller();
  connect(m_player, &PlayerPage::backRequested, this, &ReviewPage::backRequested);
  connect(m_player, &PlayerPage::recordingGone, this, [this](const QString& message) {
    closeRecording();
    emit recordingGone(message);
  });
  connect(m_player, &PlayerPage::opened, this, [this, &c](const QString& id) {
    m_timeline->setDuration(c.durationMs(), c.frameDurationMs());
    emit opened(id);
  });
  connect(m_player, &PlayerPage::timelineRead, this,
          [this](const QString& id, std::shared_ptr<const TimelineImages> images, bool) {
            if (id != recordingId()) return;
            m_timeline->setThumbnails(images->thumbnails);
            m_timeline->setWaveform(images->waveform);
            m_timeline->setSpeech(images->speech);
          });
  connect(&c, &PlayerController::positionChanged, this, [this](qint64 ms) {
    m_timeline->setPosition(ms);
    m_model.setPositionMs(ms);
  });
  connect(&c, &PlayerController::stateChanged, this, &ReviewPage::onStateChanged);
  // A pause by the mouse is the user's too (pressed comes before the click pauses).
  auto* playButton = qobject_cast<QAbstractButton*>(m_player->transportBar()->playControl());
  connect(playButton, &QAbstractButton::pressed, this, [this, &c] {
    m_isUserPause = c.state() == PlayerController::State::Playing;
  });
  connect(&c, &PlayerController::loopChanged, this,
          [this, &c] { m_timeline->setRange(c.loopStartMs(), c.loopEndMs(), c.isLoopEnabled()); });

  connect(m_timeline, &TimelineWidget::scrubbed, &c, &PlayerController::seekKeyframe);
  connect(m_timeline, &TimelineWidget::seekRequested, &c, &PlayerController::seek);
  connect(m_timeline, &TimelineWidget::markActivated, this, &ReviewPage::jumpTo);

  connect(m_panel, &AnnotationsPanel::jumpRequested, this, &ReviewPage::jumpTo);
  connect(m_panel, &AnnotationsPanel::editRequested, this, &ReviewPage::editNote);
  connect(m_panel, &AnnotationsPanel::deleteRequested, this, &ReviewPage::deleteNote);
  connect(&m_model, &AnnotationTableModel::currentChanged, m_timeline, &TimelineWidget::setSelectedMark);
  connect(&m_model, &QAbstractItemModel::modelReset, this, &ReviewPage::updateTimelineMarks);
  connect(&m_model, &QAbstractItemModel::rowsInserted, this, &ReviewPage::updateTimelineMarks);
  connect(&m_model, &QAbstractItemModel::rowsRemoved, this, &ReviewPage::updateTimelineMarks);

  connect(&m_review, &ReviewController::loaded, this, [this] {
    m_editor->setSchemes(m_review.schemes());
    m_panel->setSchemes(m_review.schemes());
    m_prompt->setPrompts(m_review.prompts());
    QHash<QString, QString> questions;
    for (const RecallPrompt& prompt : m_review.prompts()) questions.insert(toQString(prompt.id), toQString(prompt.text));
    m_model.setPromptTexts(std::move(questions));
    m_promptButton->setEnabled(m_prompt->hasPrompts());
  });
  connect(&m_review, &ReviewController::problem, m_player, [this](const QString& message) {
    m_player->showProblem(message);
  });
  connect(&m_review.undoStack(), &QUndoStack::canUndoChanged, m_undoButton, &QPushButton::setEnabled);
  connect(&m_review.undoStack(), &QUndoStack::canRedoChanged, m_redoButton, &QPushButton::setEnabled);
  connect(&m_review.undoStack(), &QUndoStack::undoTextChanged, m_undoButton, [this](const QString& text) {
    m_undoButton->setToolTip(text.isEmpty() ? tr("Nothing to undo") : tr("Undo: %1 (Ctrl+Z)").arg(text));
  });
  connect(&m_review.undoStack(), &QUndoStack::redoTextChanged, m_redoButton, [this](const QString& text) {
    m_redoButton->setToolTip(text.isEmpty() ? tr("Nothing to redo") : tr("Redo: %1 (Ctrl+Y)").arg(text));
  });
  m_undoButton->setEnabled(false);
  m_redoButton->setEnabled(false);

  connect(m_noteButton, &QPushButton::clicked, this, [this] { trigger(ReviewAction::Annotate); });
  connect(m_promptButton, &QPushButton::clicked, this, [this] { trigger(ReviewAction::AskPrompt); });
  connect(m_undoButton, &QPushButton::clicked, this, [this] { trigger(ReviewAction::Undo); });
  connect(m_redoButton, &QPushButton::clicked, this, [this] { trigger(ReviewAction::Redo); });
  connect(m_keysButton, &QPushButton::clicked, this, &ReviewPage::showKeyHelp);

  connect(m_editor, &AnnotationEditor::typingStarted, this, [this, &c] {
    if (c.state() != PlayerController::State::Playing) return;
    m_resumeAfterNote = true;
    c.pause();
  });
  connect(m_editor, &AnnotationEditor::saveRequested, this, &ReviewPage::saveNote);
  connect(m_editor, &AnnotationEditor::cancelRequested, this, &ReviewPage::closeEditor);
  connect(m_prompt, &PromptCard::answered, this, &ReviewPage::answerPrompt);
  connect(m_prompt, &PromptCard::closed, this, &ReviewPage::closePrompt);
  connect(m_prompt, &PromptCard::promptsOnPauseChanged, this, [this](bool isOn) {
    m_promptsOnPause = isOn;
    saveSettings();
  });
}

void ReviewPage::setUser(const LoggedInUser& user) {
  m_user = user;
  m_panel->setAuthorName(toQString(user.name));
  loadSettings();
}

void ReviewPage::openRecording(const QString& recordingId, const QString& title, bool isOwner, bool citizenReview) {
  closeRecording();
  m_isOwner = isOwner;
  m_citizenReview = citizenReview;
  m_editor->setAuthor(isOwner, isOwner && citizenReview);
  m_promptButton->setVisible(isOwner);
  m_player->controller().setLoopEnabled(false);  // a marked range is for a note; R repeats it
  m_player->openRecording(recordingId, title);
  m_review.load(recordingId);
}

void ReviewPage::closeRecording() {
  if (m_isFullscreen) setFullscreen(false);
  m_player->closeRecording();
  m_review.clear();
  m_timeline->clear();
  m_editor->hide();
  m_editor->textEdit()->clear();
  m_prompt->hide();
  m_resumeAfterNote = false;
  m_isUserPause = false;
}

void ReviewPage::checkStillWatchable() {
  m_player->checkStillWatchable();
}

void ReviewPage::updateTimelineMarks() {
  std::vector<TimelineMark> marks;
  marks.reserve(m_model.annotations().size());
  for (const Annotation& a : m_model.annotations()) {
    TimelineMark mark;
    mark.id = QString::fromStdString(a.id);
    mark.lane = static_cast<int>(a.layer);
    mark.startMs = a.positionUs / 1000;
    if (a.endUs) mark.endMs = *a.endUs / 1000;
    mark.label = a.categoryName.empty() ? toQString(a.text).section(QLatin1Char('\n'), 0, 0)
                                        : toQString(a.categoryName);
    mark.accessible = m_model.describe(a);
    marks.push_back(std::move(mark));
  }
  m_timeline->setMarks(std::move(marks));
}

void ReviewPage::loadSettings() {
  if (!m_user) return;
  QSettings settings;
  settings.beginGroup(QStringLiteral("user-") + toQString(m_user->name));
  m_keys.load(settings);
  m_promptsOnPause = settings.value(QStringLiteral("prompts-on-pause"), true).toBool();
  settings.endGroup();
  m_prompt->setPromptsOnPause(m_promptsOnPause);
}

void ReviewPage::saveSettings() {
  if (!m_user) return;
  QSettings settings;
  settings.beginGroup(QStringLiteral("user-") + toQString(m_user->name));
  m_keys.save(settings);
  settings.setValue(QStringLiteral("prompts-on-pause"), m_promptsOnPause);
  settings.endGroup();
  settings.sync();
}

}  // namespace vakspiegel::ui
