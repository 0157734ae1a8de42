// The annotations' item model and filter; see annotation_table_model.h.
#include "review/annotation_table_model.h"

#include <QFont>

#include <algorithm>

#include "common/qt_conversions.h"

namespace vakspiegel::ui {

namespace {

constexpr qint64 kPointLingersMs = 2000;

qint64 startMs(const Annotation& a) {
  return a.positionUs / 1000;
}

bool byMoment(const Annotation& a, const Annotation& b) {
  if (a.positionUs != b.positionUs) return a.positionUs < b.positionUs;
  return a.createdAt < b.createdAt;
}

}  // namespace

AnnotationTableModel::AnnotationTableModel(QObject* parent) : QAbstractTableModel(parent) {}

void AnnotationTableModel::setAnnotations(std::vector<Annotation> annotations) {
  beginResetModel();
  m_rows = std::move(annotations);
  std::stable_sort(m_rows.begin(), m_rows.end(), byMoment);
  m_currentId.clear();
  endResetModel();
}

void AnnotationTableModel::upsert(const Annotation& annotation) {
  const int existing = rowOf(QString::fromStdString(annotation.id));
  if (existing >= 0) {
    beginRemoveRows({}, existing, existing);
    m_rows.erase(m_rows.begin() + existing);
    endRemoveRows();
  }
  const auto at = std::upper_bound(m_rows.begin(), m_rows.end(), annotation, byMoment);
  const int row = static_cast<int>(at - m_rows.begin());
  beginInsertRows({}, row, row);
  m_rows.insert(at, annotation);
  endInsertRows();
}

void AnnotationTableModel::remove(const QString& id) {
  const int row = rowOf(id);
  if (row < 0) return;
  beginRemoveRows({}, row, row);
  m_rows.erase(m_rows.begin() + row);
  endRemoveRows();
  if (m_currentId == id) m_currentId.clear();
}

void AnnotationTableModel::clear() {
  setAnnotations({});
}

void AnnotationTableModel::setPositionMs(qint64 ms) {
  QString current;
  for (const Annotation& a : m_rows) {
    if (startMs(a) > ms) break;
    const qint64 end = a.endUs ? *a.endUs / 1000 : startMs(a) + kPointLingersMs;
    if (ms < end) current = QString::fromStdString(a.id);
  }
  if (current == m_currentId) return;
  const int oldRow = rowOf(m_currentId);
  m_currentId = current;
  const int newRow = rowOf(m_currentId);
  for (const int row : {oldRow, newRow})
    if (row >= 0) emit dataChanged(index(row, 0), index(row, ColumnCount - 1));
  emit currentChanged(m_currentId);
}

const Annotation* AnnotationTableModel::find(const QString& id) const {
  const int row = rowOf(id);
  return row < 0 ? nullptr : &m_rows[static_cast<std::size_t>(row)];
}

int AnnotationTableModel::rowOf(const QString& id) const {
  if (id.isEmpty()) return -1;
  const std::string key = id.toStdString();
  for (std::size_t i = 0; i < m_rows.size(); ++i)
    if (m_rows[i].id == key) return static_cast<int>(i);
  return -1;
}

QString AnnotationTableModel::layerText(AnnotationLayer layer) {
  switch (layer) {
    case AnnotationLayer::Own: return tr("Client manager");
    case AnnotationLayer::Coach: return tr("Coach");
    case AnnotationLayer::Citizen: return tr("Citizen");
  }
  return {};
}

void AnnotationTableModel::setPromptTexts(QHash<QString, QString> texts) {
  beginResetModel();
  m_promptTexts = std::move(texts);
  endResetModel();
}

QString AnnotationTableModel::noteText(const Annotation& a) const {
  QString text = toQString(a.text);
  if (!a.promptId.empty()) {
    const QString question = m_promptTexts.value(toQString(a.promptId));
    text = question.isEmpty() ? tr("(answer) %1").arg(text) : tr("%1 → %2").arg(question, text);
  }
  return text;
}

QString AnnotationTableModel::describe(const Annotation& a) const {
  QString moment = formatMediaLength(startMs(a));
  if (a.endUs) moment = tr("%1 to %2").arg(moment, formatMediaLength(*a.endUs / 1000));
  QString text = tr("Note at %1, layer %2, by %3").arg(moment, layerText(a.layer), toQString(a.authorName));
  if (!a.categoryName.empty()) text += tr(", category %1").arg(toQString(a.categoryName));
  text += QStringLiteral(": ") + noteText(a);
  return text;
}

int AnnotationTableModel::rowCount(const QModelIndex& parent) const {
  return parent.isValid() ? 0 : static_cast<int>(m_rows.size());
}

int AnnotationTableModel::columnCount(const QModelIndex& parent) const {
  return parent.isValid() ? 0 : ColumnCount;
}

QVariant AnnotationTableModel::data(const QModelIndex& index, int role) const {
  if (!index.isValid() || index.row() >= rowCount()) return {};
  const Annotation& a = m_rows[static_cast<std::size_t>(index.row())];
  const bool isCurrent = QString::fromStdString(a.id) == m_currentId;
  switch (role) {
    case IdRole: return QString::fromStdString(a.id);
    case StartMsRole: return startMs(a);
    case LayerRole: return static_cast<int>(a.layer);
    case CategoryIdRole: return toQString(a.categoryId);
    case CurrentRole: return isCurrent;
    case Qt::FontRole: {
      if (!isCurrent) return {};
      QFont bold;
      bold.setBold(true);
      return bold;
    }
    case Qt::AccessibleTextRole:
    case Qt::ToolTipRole:
      return describe(a);
    case Qt::DisplayRole:
      switch (index.column()) {
        case TimeColumn: {
          QString text = formatMediaLength(startMs(a));
          if (a.endUs) text += QStringLiteral("–") + formatMediaLength(*a.endUs / 1000);
          return isCurrent ? QStringLiteral("▶ ") + text : text;
        }
        case LayerColumn: return a.layer == AnnotationLayer::Own ? tr("CM", "short for client manager") : layerText(a.layer);
        case CategoryColumn: return toQString(a.categoryName);
        case TextColumn: {
          QString text = noteText(a);
          text.replace(QLatin1Char('\n'), QLatin1Char(' '));
          if (a.categoryName.empty()) return text;
          return text.isEmpty() ? toQString(a.categoryName) : tr("%1: %2").arg(toQString(a.categoryName), text);
        }
        case AuthorColumn: return toQString(a.authorName);
        default: return {};
      }
    default: return {};
  }
}

QVariant AnnotationTableModel::headerData(int section, Qt::Orientation orientation, int role) const {
  if (orientation != Qt::Horizontal || role != Qt::DisplayRole) return {};
  switch (section) {
    case TimeColumn: return tr("Moment");
    case LayerColumn: return tr("Layer");
    case CategoryColumn: return tr("Category");
    case TextColumn: return tr("Note");
    case AuthorColumn: return tr("By");
    default: return {};
  }
}

AnnotationFilterModel::AnnotationFilterModel(QObject* parent) : QSortFilterProxyModel(parent) {}

void AnnotationFilterModel::setLayer(std::optional<AnnotationLayer> layer) {
  m_layer = layer;
  invalidateFilter();
}

void AnnotationFilterModel::setCategory(const QString& categoryId) {
  m_category = categoryId;
  invalidateFilter();
}

void AnnotationFilterModel::setWords(const QString& words) {
  m_words = words.trimmed();
  invalidateFilter();
}

bool AnnotationFilterModel::filterAcceptsRow(int sourceRow, const QModelIndex& sourceParent) const {
  const QAbstractItemModel* source = sourceModel();
  const QModelIndex index = source->index(sourceRow, 0, sourceParent);
  if (m_layer && index.data(AnnotationTableModel::LayerRole).toInt() != static_cast<int>(*m_layer)) return false;
  if (!m_category.isEmpty() && index.data(AnnotationTableModel::CategoryIdRole).toString() != m_category)
    return false;
  if (m_words.isEmpty()) return true;
  for (const int column : {AnnotationTableModel::TextColumn, AnnotationTableModel::CategoryColumn,
                           AnnotationTableModel::AuthorColumn})
    if (source->index(sourceRow, column, sourceParent).data().toString().contains(m_words, Qt::CaseInsensitive))
      return true;
  return false;
}

}  // namespace vakspiegel::ui
