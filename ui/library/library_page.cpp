// The library screen; see library_page.h.
#include "library/library_page.h"

#include <QDragEnterEvent>
#include <QDropEvent>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QKeyEvent>
#include <QLabel>
#include <QLineEdit>
#include <QMimeData>
#include <QPushButton>
#include <QSortFilterProxyModel>
#include <QTableView>
#include <QVBoxLayout>

#include "common/style.h"
#include "library/recording_table_model.h"

namespace vakspiegel::ui {

namespace {

// Enter on the table opens the current row (the view's own Enter only edits).
class RecordingTable : public QTableView {
 public:
  using QTableView::QTableView;
  std::function<void()> onEnter;

 protected:
  void keyPressEvent(QKeyEvent* event) override {
    if ((event->key() == Qt::Key_Return || event->key() == Qt::Key_Enter) && onEnter) {
      onEnter();
      return;
    }
    QTableView::keyPressEvent(event);
  }
};

}  // namespace

LibraryPage::LibraryPage(RecordingTableModel& model, Role role, QWidget* parent)
    : QWidget(parent), m_model(model), m_role(role) {
  setObjectName(QStringLiteral("libraryPage"));
  const bool isOwner = role == Role::Klantmanager;
  setAcceptDrops(isOwner);

  m_title = new QLabel(isOwner ? tr("My recordings") : tr("Shared with me"), this);
  m_title->setObjectName(QStringLiteral("libraryTitle"));
  setHeadingStyle(*m_title);
  m_search = new QLineEdit(this);
  m_search->setObjectName(QStringLiteral("librarySearch"));
  m_search->setPlaceholderText(tr("Search by date, owner, consent…"));
  m_search->setAccessibleName(tr("Search the recordings"));
  m_search->setClearButtonEnabled(true);
  auto* searchLabel = new QLabel(tr("&Search:"), this);
  searchLabel->setBuddy(m_search);

  m_proxy = new QSortFilterProxyModel(this);
  m_proxy->setSourceModel(&m_model);
  m_proxy->setSortRole(RecordingTableModel::kSortRole);
  m_proxy->setFilterCaseSensitivity(Qt::CaseInsensitive);
  m_proxy->setFilterKeyColumn(-1);
  connect(m_search, &QLineEdit::textChanged, m_proxy, &QSortFilterProxyModel::setFilterFixedString);

  auto* table = new RecordingTable(this);
  table->onEnter = [this] { openCurrent(); };
  m_table = table;
  m_table->setObjectName(QStringLiteral("recordingTable"));
  m_table->setAccessibleName(isOwner ? tr("My recordings") : tr("Recordings shared with me"));
  m_table->setModel(m_proxy);
  m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
  m_table->setSelectionMode(QAbstractItemView::SingleSelection);
  m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
  m_table->setSortingEnabled(true);
  m_table->sortByColumn(RecordingTableModel::RecordedAt, Qt::DescendingOrder);
  m_table->setAlternatingRowColors(true);
  m_table->setTabKeyNavigation(false);
  m_table->setWordWrap(false);
  m_table->verticalHeader()->hide();
  m_table->setIconSize(QSize(96, 54));
  m_table->verticalHeader()->setDefaultSectionSize(62);
  m_table->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
  m_table->horizontalHeader()->setSectionResizeMode(RecordingTableModel::Consent, QHeaderView::Stretch);
  m_table->horizontalHeader()->setMinimumSectionSize(104);
  m_table->setColumnHidden(RecordingTableModel::Owner, isOwner);
  m_table->setColumnHidden(RecordingTableModel::SharedWith, !isOwner);
  connect(m_table, &QTableView::doubleClicked, this, [this] { openCurrent(); });
  searchLabel->setBuddy(m_search);

  m_notice = new QLabel(this);
  m_notice->setObjectName(QStringLiteral("libraryNotice"));
  m_notice->setWordWrap(true);
  m_notice->setTextInteractionFlags(Qt::TextSelectableByMouse);
  m_notice->hide();
  m_empty = new QLabel(this);
  m_empty->setObjectName(QStringLiteral("libraryEmpty"));
  m_empty->setWordWrap(true);
  m_empty->setAlignment(Qt::AlignCenter);
  m_empty->hide();

  m_openButton = new QPushButton(tr("&Watch"), this);
  m_openButton->setObjectName(QStringLiteral("openButton"));
  m_openButton->setToolTip(tr("Open the chosen recording (Enter)"));
  m_importButton = new QPushButton(tr("&Import a recording…"), this);
  m_importButton->setObjectName(QStringLiteral("importButton"));
  m_importButton->setToolTip(tr("Bring in a recording with the citizen's consent (Ctrl+I). You can also drop a "
                                "file on this list."));
  m_deleteButton = new QPushButton(tr("&Delete…"), this);
  m_deleteButton->setObjectName(QStringLiteral("deleteButton"));
  m_deleteButton->setToolTip(tr("Erase the chosen recording for good"));
  m_shareButton = new QPushButton(tr("S&hare…"), this);
  m_shareButton->setObjectName(QStringLiteral("shareButton"));
  m_shareButton->setToolTip(tr("Share the chosen recording with a coach, or take a share back"));
  m_withdrawButton = new QPushButton(tr("Register a &withdrawal…"), this);
  m_withdrawButton->setObjectName(QStringLiteral("withdrawButton"));
  m_withdrawButton->setToolTip(tr("A citizen withdrew their consent: erase their recording by its code"));
  for (QPushButton* ownerOnly : {m_importButton, m_shareButton, m_deleteButton, m_withdrawButton})
    ownerOnly->setVisible(isOwner);
  connect(m_openButton, &QPushButton::clicked, this, &LibraryPage::openCurrent);
  connect(m_importButton, &QPushButton::clicked, this, [this] { emit importRequested(QString()); });
  connect(m_deleteButton, &QPushButton::clicked, this, [this] {
    if (const QString id = currentRecordingId(); !id.isEmpty()) emit deleteRequested(id);
  });
  connect(m_shareButton, &QPushButton::clicked, this, [this] {
    if (const QString id = currentRecordingId(); !id.isEmpty()) emit shareRequested(id);
  });
  connect(m_withdrawButton, &QPushButton::clicked, this, &LibraryPage::withdrawalRequested);

  auto* searchRow = new QHBoxLayout;
  searchRow->addWidget(m_title);
  searchRow->addStretch(1);
  searchRow->addWidget(searchLabel);
  searchRow->addWidget(m_search);
  m_search->setMinimumWidth(260);
  auto* buttons = new QHBoxLayout;
  buttons->addWidget(m_openButton);
  buttons->addWidget(m_shareButton);
  buttons->addStretch(1);
  buttons->addWidget(m_importButton);
  buttons->addWidget(m_withdrawButton);
  buttons->addWidget(m_deleteButton);
  auto* layout = new QVBoxLayout(this);
  layout->addLayout(searchRow);
  layout->addWidget(m_notice);
  layout->addWidget(m_table, 1);
  layout->addWidget(m_empty, 1);
  layout->addLayout(buttons);

  setTabOrder(m_search, m_table);
  setTabOrder(m_table, m_openButton);
  setTabOrder(m_openButton, m_shareButton);
  setTabOrder(m_shareButton, m_importButton);
  setTabOrder(m_importButton, m_withdrawButton);
  setTabOrder(m_withdrawButton, m_deleteButton);

  connect(&m_model, &QAbstractItemModel::modelReset, this, &LibraryPage::updateState);
  connect(m_proxy, &QAbstractItemModel::rowsInserted, this, &LibraryPage::updateState);
  connect(m_proxy, &QAbstractItemModel::rowsRemoved, this, &LibraryPage::updateState);
  connect(m_proxy, &QAbstractItemModel::layoutChanged, this, &LibraryPage::updateState);
  connect(m_search, &QLineEdit::textChanged, this, &LibraryPage::updateState);
  updateState();
}

void LibraryPage::setLoading(bool isLoading) {
  m_isLoading = isLoading;
  updateState();
}

void LibraryPage::showNotice(const QString& text, bool isProblem) {
  showMessage(*m_notice, text, isProblem);
}

void LibraryPage::clearNotice() {
  m_notice->clear();
  m_notice->hide();
}

QString LibraryPage::currentRecordingId() const {
  const QModelIndex index = m_table->currentIndex();
  return index.isValid() ? index.data(RecordingTableModel::kIdRole).toString() : QString();
}

void LibraryPage::selectRecording(const QString& recordingId) {
  const int row = m_model.rowOf(recordingId);
  if (row < 0) return;
  const QModelIndex index = m_proxy->mapFromSource(m_model.index(row, RecordingTableModel::RecordedAt));
  m_table->setCurrentIndex(index);
  m_table->scrollTo(index);
}

void LibraryPage::openCurrent() {
  if (const QString id = currentRecordingId(); !id.isEmpty()) emit openRequested(id);
}

void LibraryPage::updateState() {
  const bool hasAny = m_model.rowCount() > 0;
  const bool hasShown = m_proxy->rowCount() > 0;
  const bool isOwner = m_role == Role::Klantmanager;
  QString empty;
  if (m_isLoading)
    empty = tr("Fetching your recordings…");
  else if (!hasAny && isOwner)
    empty = tr("You have no recordings yet.\nChoose “Import a recording…” (Ctrl+I) or drop a recording file here: "
               "the wizard asks for the citizen's consent first.");
  else if (!hasAny)
    empty = tr("Nobody has shared a recording with you yet.\nA klantmanager can share a recording with you when the "
               "citizen agreed to a review with a coach.");
  else if (!hasShown)
    empty = tr("No recording matches “%1”.").arg(m_search->text());
  m_empty->setText(empty);
  m_empty->setVisible(!empty.isEmpty());
  m_table->setVisible(empty.isEmpty());
  if (m_isListFocusWaiting && !m_isLoading) {
    const QWidget* focused = focusWidget();
    if (focused == nullptr || focused == m_importButton || focused == m_search || !focused->isVisible())
      focusList();
    m_isListFocusWaiting = false;
  }
  m_openButton->setEnabled(hasShown);
  m_deleteButton->setEnabled(hasShown);
  m_shareButton->setEnabled(hasShown);
  if (hasShown && !m_table->currentIndex().isValid()) m_table->setCurrentIndex(m_proxy->index(0, 1));
}

void LibraryPage::showEvent(QShowEvent* event) {
  QWidget::showEvent(event);
  focusList();
}

void LibraryPage::focusList() {
  if (m_table->isVisibleTo(this)) {
    m_isListFocusWaiting = false;
    m_table->setFocus(Qt::OtherFocusReason);
    return;
  }
  // Empty or still coming: the import button (the owner's next step), and
  // the list once it shows, unless the user went elsewhere meanwhile.
  m_isListFocusWaiting = m_isLoading;
  QWidget* next = m_importButton->isVisibleTo(this) ? static_cast<QWidget*>(m_importButton) : m_search;
  next->setFocus(Qt::OtherFocusReason);
}

void LibraryPage::dragEnterEvent(QDragEnterEvent* event) {
  if (event->mimeData()->hasUrls() && event->mimeData()->urls().size() == 1 &&
      event->mimeData()->urls().front().isLocalFile())
    event->acceptProposedAction();
}

void LibraryPage::dropEvent(QDropEvent* event) {
  const QList<QUrl> urls = event->mimeData()->urls();
  if (urls.size() != 1 || !urls.front().isLocalFile()) return;
  event->acceptProposedAction();
  emit importRequested(urls.front().toLocalFile());
}

}  // namespace vakspiegel::ui
