// The library's table: an item model over RecordingService's list (metadata
// only) with the owner's shares and the recordings' library pictures added
// as they arrive. Columns: picture, recorded at, length, owner, consent,
// days until erasure (marked from 7 days), shared with. Each cell has a
// sort value (kSortRole) beside its text, so the proxy sorts dates and
// lengths as numbers, not as text.
#pragma once

#include <QAbstractTableModel>
#include <QDateTime>
#include <QHash>
#include <QPixmap>
#include <QStringList>

#include <vector>

#include "app/recording_service.h"

namespace vakspiegel::ui {

class RecordingTableModel : public QAbstractTableModel {
  Q_OBJECT

 public:
  enum Column { Picture, RecordedAt, Length, Owner, Consent, ErasedIn, SharedWith, ColumnCount };
  static constexpr int kSortRole = Qt::UserRole + 1;
  static constexpr int kIdRole = Qt::UserRole + 2;
  // Days until erasure at or below which a row is marked.
  static constexpr int kSoonDays = 7;

  explicit RecordingTableModel(QObject* parent = nullptr);

  // A new list (the pictures and shares of recordings still in it are kept).
  // `now` is the moment "days until erasure" counts from.
  void setRecordings(std::vector<RecordingInfo> recordings, WallTime now);
  void setShares(const QString& recordingId, const QStringList& coachNames);
  void setPicture(const QString& recordingId, const QPixmap& picture);
  // Forgets everything (a lock or a logout: nothing of the user stays).
  void clear();

  [[nodiscard]] const RecordingInfo* recording(const QString& recordingId) const;
  [[nodiscard]] int rowOf(const QString& recordingId) const;

  [[nodiscard]] int rowCount(const QModelIndex& parent = {}) const override;
  [[nodiscard]] int columnCount(const QModelIndex& parent = {}) const override;
  [[nodiscard]] QVariant data(const QModelIndex& index, int role) const override;
  [[nodiscard]] QVariant headerData(int section, Qt::Orientation orientation, int role) const override;

  // Whole days from `now` until `end` (0 when it is past), as the table shows them.
  [[nodiscard]] static int daysUntil(WallTime end, WallTime now);
  // The consent's scopes in plain words, comma-separated.
  [[nodiscard]] static QString scopesText(const consent::ConsentRecord& consent);
  // What a row says in one line (the title of the player, the confirmations).
  [[nodiscard]] static QString describe(const RecordingInfo& info);

 private:
  [[nodiscard]] QVariant display(const RecordingInfo& info, int column) const;
  [[nodiscard]] QVariant sortValue(const RecordingInfo& info, int column) const;

  std::vector<RecordingInfo> m_recordings;
  QHash<QString, QStringList> m_shares;
  QHash<QString, QPixmap> m_pictures;
  WallTime m_now{};
};

}  // namespace vakspiegel::ui
