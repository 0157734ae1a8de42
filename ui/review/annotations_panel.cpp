// The annotations panel; see annotations_panel.h.
#include "review/annotations_panel.h"

#include <QComboBox>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QKeyEvent>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QStandardItemModel>
#include <QTableView>
#include <QVBoxLayout>

#include "common/qt_conversions.h"
#include "review/annotation_table_model.h"

namespace vakspiegel::ui {

AnnotationsPanel::AnnotationsPanel(AnnotationTableModel& model, QWidget* parent)
    : QWidget(parent), m_model(model), m_filter(new AnnotationFilterModel(this)) {
  setObjectName(QStringLiteral("annotationsPanel"));
  m_filter->setSourceModel(&m_model);

  m_layerBox = new QComboBox(this);
  m_layerBox->setObjectName(QStringLiteral("layerFilter"));
  m_layerBox->addItem(tr("All layers"), -1);
  for (const AnnotationLayer layer : {AnnotationLayer::Own, AnnotationLayer::Coach, AnnotationLayer::Citizen})
    m_layerBox->addItem(AnnotationTableModel::layerText(layer), static_cast<int>(layer));
  connect(m_layerBox, &QComboBox::currentIndexChanged, this, [this] {
    const int layer = m_layerBox->currentData().toInt();
    m_filter->setLayer(layer < 0 ? std::nullopt : std::optional(static_cast<AnnotationLayer>(layer)));
    updateCount();
  });
  m_categoryBox = new QComboBox(this);
  m_categoryBox->setObjectName(QStringLiteral("categoryFilter"));
  connect(m_categoryBox, &QComboBox::currentIndexChanged, this, [this] {
    m_filter->setCategory(m_categoryBox->currentData().toString());
    updateCount();
  });
  m_search = new QLineEdit(this);
  m_search->setObjectName(QStringLiteral("noteSearch"));
  m_search->setPlaceholderText(tr("Search the notes"));
  m_search->setClearButtonEnabled(true);
  connect(m_search, &QLineEdit::textChanged, this, [this](const QString& words) {
    m_filter->setWords(words);
    updateCount();
  });

  m_view = new QTableView(this);
  m_view->setObjectName(QStringLiteral("annotationList"));
  m_view->setAccessibleName(tr("Notes on this recording"));
  m_view->setModel(m_filter);
  m_view->setSelectionBehavior(QAbstractItemView::SelectRows);
  m_view->setSelectionMode(QAbstractItemView::SingleSelection);
  m_view->setEditTriggers(QAbstractItemView::NoEditTriggers);
  m_view->setWordWrap(false);
  m_view->setAlternatingRowColors(true);
  m_view->verticalHeader()->hide();
  m_view->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
  m_view->horizontalHeader()->setSectionResizeMode(AnnotationTableModel::TextColumn, QHeaderView::Stretch);
  // The category leads the note's text (one column less to scroll to).
  m_view->setColumnHidden(AnnotationTableModel::CategoryColumn, true);
  m_view->setColumnHidden(AnnotationTableModel::AuthorColumn, true);
  m_view->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
  m_view->setTextElideMode(Qt::ElideRight);
  m_view->installEventFilter(this);
  connect(m_view, &QTableView::clicked, this, [this](const QModelIndex& index) {
    emit jumpRequested(index.data(AnnotationTableModel::IdRole).toString());
  });
  connect(m_view->selectionModel(), &QItemSelectionModel::selectionChanged, this, [this] {
    updateButtons();
    updateDetail();
  });
  connect(&m_model, &AnnotationTableModel::currentChanged, this, &AnnotationsPanel::followCurrent);
  connect(&m_model, &QAbstractItemModel::modelReset, this, &AnnotationsPanel::updateCount);
  connect(&m_model, &QAbstractItemModel::rowsInserted, this, &AnnotationsPanel::updateCount);
  connect(&m_model, &QAbstractItemModel::rowsRemoved, this, &AnnotationsPanel::updateCount);

  m_countLabel = new QLabel(this);
  m_countLabel->setObjectName(QStringLiteral("noteCount"));
  // The whole note (the list shows one line of it): the selected one, else
  // the one playback is in.
  m_detailLabel = new QLabel(this);
  m_detailLabel->setObjectName(QStringLiteral("noteDetail"));
  m_detailLabel->setWordWrap(true);
  m_detailLabel->setTextInteractionFlags(Qt::TextSelectableByMouse);
  m_detailLabel->setAlignment(Qt::AlignTop | Qt::AlignLeft);
  m_detailLabel->setSizePolicy(QSizePolicy::Preferred, QSizePolicy::Preferred);
  connect(&m_model, &AnnotationTableModel::currentChanged, this, &AnnotationsPanel::updateDetail);
  connect(&m_model, &QAbstractItemModel::dataChanged, this, &AnnotationsPanel::updateDetail);
  m_editButton = new QPushButton(tr("&Edit"), this);
  m_editButton->setObjectName(QStringLiteral("editNoteButton"));
  m_editButton->setToolTip(tr("Change the selected note (only your own)"));
  m_deleteButton = new QPushButton(tr("De&lete"), this);
  m_deleteButton->setObjectName(QStringLiteral("deleteNoteButton"));
  m_deleteButton->setToolTip(tr("Delete the selected note (only your own; Ctrl+Z brings it back)"));
  connect(m_editButton, &QPushButton::clicked, this, [this] { emit editRequested(selectedId()); });
  connect(m_deleteButton, &QPushButton::clicked, this, [this] { emit deleteRequested(selectedId()); });

  auto* heading = new QLabel(tr("Notes"), this);
  QFont bold = heading->font();
  bold.setBold(true);
  heading->setFont(bold);
  auto* filters = new QFormLayout;
  auto* layerLabel = new QLabel(tr("La&yer:"), this);
  layerLabel->setBuddy(m_layerBox);
  auto* categoryLabel = new QLabel(tr("Categ&ory:"), this);
  categoryLabel->setBuddy(m_categoryBox);
  auto* searchLabel = new QLabel(tr("Searc&h:"), this);
  searchLabel->setBuddy(m_search);
  filters->addRow(layerLabel, m_layerBox);
  filters->addRow(categoryLabel, m_categoryBox);
  filters->addRow(searchLabel, m_search);
  auto* buttons = new QHBoxLayout;
  buttons->addStretch(1);
  buttons->addWidget(m_editButton);
  buttons->addWidget(m_deleteButton);
  auto* headingRow = new QHBoxLayout;
  headingRow->addWidget(heading);
  headingRow->addWidget(m_countLabel, 1, Qt::AlignRight);
  auto* layout = new QVBoxLayout(this);
  layout->setContentsMargins(0, 0, 0, 0);
  layout->addLayout(headingRow);
  layout->addLayout(filters);
  layout->addWidget(m_view, 3);
  layout->addLayout(buttons);
  layout->addWidget(m_detailLabel, 1);
  setSchemes({});
  updateButtons();
}

void AnnotationsPanel::setSchemes(const std::vector<CodingScheme>& schemes) {
  const QSignalBlocker blocker(m_categoryBox);
  m_categoryBox->clear();
  m_categoryBox->addItem(tr("All categories"), QString());
  for (const CodingScheme& scheme : schemes)
    for (const CodingCategory& category : scheme.categories)
      m_categoryBox->addItem(toQString(category.name), toQString(category.id));
  m_filter->setCategory(QString());
}

void AnnotationsPanel::setAuthorName(const QString& name) {
  m_authorName = name;
  updateButtons();
}

void AnnotationsPanel::select(const QString& id) {
  const int row = m_model.rowOf(id);
  if (row < 0) return;
  const QModelIndex index = m_filter->mapFromSource(m_model.index(row, 0));
  if (!index.isValid()) return;
  m_view->selectionModel()->setCurrentIndex(index,
                                            QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
  m_view->scrollTo(index);
}

QString AnnotationsPanel::selectedId() const {
  const QModelIndexList rows = m_view->selectionModel()->selectedRows();
  return rows.isEmpty() ? QString() : rows.front().data(AnnotationTableModel::IdRole).toString();
}

void AnnotationsPanel::followCurrent(const QString& id) {
  // Someone working in the list keeps their place.
  if (m_view->hasFocus() || id.isEmpty()) return;
  const int row = m_model.rowOf(id);
  if (row < 0) return;
  const QModelIndex index = m_filter->mapFromSource(m_model.index(row, 0));
  if (index.isValid()) m_view->scrollTo(index);
}

void AnnotationsPanel::updateButtons() {
  const Annotation* selected = m_model.find(selectedId());
  const bool isOwn = selected && toQString(selected->authorName) == m_authorName;
  m_editButton->setEnabled(isOwn);
  m_deleteButton->setEnabled(isOwn);
  const QString why = selected && !isOwn ? tr("Only the author can change or delete a note.") : QString();
  m_editButton->setToolTip(why.isEmpty() ? tr("Change the selected note (only your own)") : why);
  m_deleteButton->setToolTip(why.isEmpty() ? tr("Delete the selected note (only your own; Ctrl+Z brings it back)")
                                           : why);
}

void AnnotationsPanel::updateDetail() {
  const Annotation* note = m_model.find(selectedId());
  if (note == nullptr) note = m_model.find(m_model.currentId());
  m_detailLabel->setText(note != nullptr ? m_model.describe(*note) : QString());
}

void AnnotationsPanel::updateCount() {
  const int shown = m_filter->rowCount();
  const int all = m_model.rowCount();
  m_countLabel->setText(all == 0       ? tr("No notes yet. Press N to write one.")
                        : shown == all ? tr("%n note(s)", nullptr, all)
                                       : tr("%1 of %2 notes").arg(shown).arg(all));
  updateButtons();
  updateDetail();
}

bool AnnotationsPanel::eventFilter(QObject* watched, QEvent* event) {
  if (watched == m_view && event->type() == QEvent::KeyPress) {
    auto* key = static_cast<QKeyEvent*>(event);
    const QString id = selectedId();
    if ((key->key() == Qt::Key_Return || key->key() == Qt::Key_Enter) && !id.isEmpty()) {
      emit jumpRequested(id);
      return true;
    }
    if (key->key() == Qt::Key_Delete && !id.isEmpty() && m_deleteButton->isEnabled()) {
      emit deleteRequested(id);
      return true;
    }
  }
  return QWidget::eventFilter(watched, event);
}

}  // namespace vakspiegel::ui
