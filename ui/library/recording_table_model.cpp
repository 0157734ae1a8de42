// The library's table model; see recording_table_model.h.
#include "library/recording_table_model.h"

#include <QColor>
#include <QFont>

#include "common/qt_conversions.h"

namespace vakspiegel::ui {

RecordingTableModel::RecordingTableModel(QObject* parent) : QAbstractTableModel(parent) {}

void RecordingTableModel::setRecordings(std::vector<RecordingInfo> recordings, WallTime now) {
  beginResetModel();
  m_recordings = std::move(recordings);
  m_now = now;
  QHash<QString, QStringList> shares;
  QHash<QString, QPixmap> pictures;
  for (const RecordingInfo& info : m_recordings) {
    const QString id = toQString(info.id);
    if (m_shares.contains(id)) shares.insert(id, m_shares.value(id));
    if (m_pictures.contains(id)) pictures.insert(id, m_pictures.value(id));
  }
  m_shares = std::move(shares);
  m_pictures = std::move(pictures);
  endResetModel();
}

void RecordingTableModel::setShares(const QString& recordingId, const QStringList& coachNames) {
  const int row = rowOf(recordingId);
  if (row < 0) return;
  m_shares.insert(recordingId, coachNames);
  emit dataChanged(index(row, SharedWith), index(row, SharedWith));
}

void RecordingTableModel::setPicture(const QString& recordingId, const QPixmap& picture) {
  const int row = rowOf(recordingId);
  if (row < 0) return;
  m_pictures.insert(recordingId, picture);
  emit dataChanged(index(row, Picture), index(row, Picture));
}

void RecordingTableModel::clear() {
  beginResetModel();
  m_recordings.clear();
  m_shares.clear();
  m_pictures.clear();
  endResetModel();
}

const RecordingInfo* RecordingTableModel::recording(const QString& recordingId) const {
  const int row = rowOf(recordingId);
  return row < 0 ? nullptr : &m_recordings[static_cast<std::size_t>(row)];
}

int RecordingTableModel::rowOf(const QString& recordingId) const {
  const std::string id = recordingId.toStdString();
  for (std::size_t row = 0; row < m_recordings.size(); ++row)
    if (m_recordings[row].id == id) return static_cast<int>(row);
  return -1;
}

int RecordingTableModel::rowCount(const QModelIndex& parent) const {
  return parent.isValid() ? 0 : static_cast<int>(m_recordings.size());
}

int RecordingTableModel::columnCount(const QModelIndex& parent) const {
  return parent.isValid() ? 0 : ColumnCount;
}

int RecordingTableModel::daysUntil(WallTime end, WallTime now) {
  const auto left = std::chrono::duration_cast<std::chrono::hours>(end - now).count();
  return left <= 0 ? 0 : static_cast<int>((left + 23) / 24);
}

QString RecordingTableModel::scopesText(const consent::ConsentRecord& consent) {
  QStringList words;
  for (const consent::Scope scope : consent.scopes) words << toQString(consent::scopeDisplayName(scope));
  return words.join(QStringLiteral(", "));
}

QString RecordingTableModel::describe(const RecordingInfo& info) {
  return tr("%1 (%2)").arg(formatLocalTime(info.consent.recordedAt), formatMediaLength(usToMs(info.durationUs)));
}

QVariant RecordingTableModel::display(const RecordingInfo& info, int column) const {
  switch (column) {
    case RecordedAt: return formatLocalTime(info.consent.recordedAt);
    case Length: return formatMediaLength(usToMs(info.durationUs));
    case Owner: return info.isOwn ? tr("you") : toQString(info.ownerName);
    case Consent: {
      // Self review is part of every yes: the column says what more there is.
      consent::ConsentRecord beyondSelf = info.consent;
      std::erase(beyondSelf.scopes, consent::Scope::SelfReview);
      return beyondSelf.scopes.empty() ? tr("only self review") : scopesText(beyondSelf);
    }
    case ErasedIn: {
      const int days = daysUntil(info.consent.retentionEnd, m_now);
      // Marked by a sign as well as by weight: colour is never the only cue.
      return days <= kSoonDays ? tr("⚠ %n day(s)", "", days) : tr("%n day(s)", "", days);
    }
    case SharedWith: {
      if (!info.isOwn) return QString();
      const QStringList names = m_shares.value(toQString(info.id));
      return names.isEmpty() ? tr("not shared") : names.join(QStringLiteral(", "));
    }
    default: return {};
  }
}

QVariant RecordingTableModel::sortValue(const RecordingInfo& info, int column) const {
  switch (column) {
    case Picture:
    case RecordedAt: return static_cast<qlonglong>(toUnixSeconds(info.consent.recordedAt));
    case Length: return static_cast<qlonglong>(info.durationUs);
    case ErasedIn: return static_cast<qlonglong>(toUnixSeconds(info.consent.retentionEnd));
    default: return display(info, column);
  }
}

QVariant RecordingTableModel::data(const QModelIndex& index, int role) const {
  if (!index.isValid() || index.row() >= rowCount()) return {};
  const RecordingInfo& info = m_recordings[static_cast<std::size_t>(index.row())];
  const int column = index.column();
  const bool isSoon = daysUntil(info.consent.retentionEnd, m_now) <= kSoonDays;
  switch (role) {
    case Qt::DisplayRole:
      return column == Picture ? QVariant() : display(info, column);
    case Qt::DecorationRole:
      if (column == Picture) {
        const QPixmap picture = m_pictures.value(toQString(info.id));
        return picture.isNull() ? QVariant() : QVariant(picture);
      }
      return {};
    case Qt::AccessibleTextRole:
      if (column == Picture) return tr("Picture from the recording");
      if (column == ErasedIn && isSoon) return tr("%1, soon erased").arg(display(info, column).toString());
      return display(info, column);
    case Qt::ToolTipRole:
      if (column == ErasedIn)
        return tr("Erased automatically on %1").arg(formatLocalDate(info.consent.retentionEnd));
      if (column == Consent) {
        const QString agreed = tr("The citizen agreed to: %1").arg(scopesText(info.consent));
        // The owner may look the withdrawal code up again (a citizen who lost the receipt).
        return info.consent.withdrawalCode.empty()
                   ? agreed
                   : agreed + QLatin1Char('\n') +
                         tr("Withdrawal code: %1").arg(toQString(info.consent.withdrawalCode));
      }
      return {};
    case Qt::FontRole:
      if (column == ErasedIn && isSoon) {
        QFont font;
        font.setBold(true);
        return font;
      }
      return {};
    case kSortRole: return sortValue(info, column);
    case kIdRole: return toQString(info.id);
    default: return {};
  }
}

QVariant RecordingTableModel::headerData(int section, Qt::Orientation orientation, int role) const {
  if (orientation != Qt::Horizontal || role != Qt::DisplayRole) return {};
  switch (section) {
    case Picture: return tr("Picture");
    case RecordedAt: return tr("Recorded at");
    case Length: return tr("Length");
    case Owner: return tr("Owner");
    case Consent: return tr("Consent for");
    case ErasedIn: return tr("Erased in");
    case SharedWith: return tr("Shared with");
    default: return {};
  }
}

}  // namespace vakspiegel::ui
