// The annotations of the open recording as an item model (one row each, by
// moment), with the filter the panel offers (layer, category, words) as a
// proxy. The current annotation (the one playback is in) is marked for the
// view through CurrentRole and a bold font. Text is content: the model drops
// it on clear() and when the page closes the recording.
#pragma once

#include <QAbstractTableModel>
#include <QHash>
#include <QSortFilterProxyModel>

#include <optional>
#include <vector>

#include "app/annotation_service.h"

namespace vakspiegel::ui {

class AnnotationTableModel : public QAbstractTableModel {
  Q_OBJECT

 public:
  enum Column { TimeColumn, LayerColumn, CategoryColumn, TextColumn, AuthorColumn, ColumnCount };
  enum Role { IdRole = Qt::UserRole + 1, StartMsRole, LayerRole, CategoryIdRole, CurrentRole };

  explicit AnnotationTableModel(QObject* parent = nullptr);

  void setAnnotations(std::vector<Annotation> annotations);
  // The recall prompts' questions by id: an answer shows the question it answers.
  void setPromptTexts(QHash<QString, QString> texts);
  // Adds or replaces (by id), keeping the order by moment.
  void upsert(const Annotation& annotation);
  void remove(const QString& id);
  void clear();
  // The annotation playback is in: the last that starts at or before `ms`
  // (a range while it lasts, a point for two seconds).
  void setPositionMs(qint64 ms);

  [[nodiscard]] const std::vector<Annotation>& annotations() const { return m_rows; }
  [[nodiscard]] const Annotation* find(const QString& id) const;
  [[nodiscard]] int rowOf(const QString& id) const;
  [[nodiscard]] QString currentId() const { return m_currentId; }
  // In the user's language.
  [[nodiscard]] static QString layerText(AnnotationLayer layer);
  // Everything about a note in one sentence (the tooltip, screen readers, the
  // panel's detail line).
  [[nodiscard]] QString describe(const Annotation& annotation) const;

  [[nodiscard]] int rowCount(const QModelIndex& parent = {}) const override;
  [[nodiscard]] int columnCount(const QModelIndex& parent = {}) const override;
  [[nodiscard]] QVariant data(const QModelIndex& index, int role) const override;
  [[nodiscard]] QVariant headerData(int section, Qt::Orientation orientation, int role) const override;

 signals:
  void currentChanged(const QString& id);

 private:
  [[nodiscard]] QString noteText(const Annotation& annotation) const;

  std::vector<Annotation> m_rows;
  QString m_currentId;
  QHash<QString, QString> m_promptTexts;
};

class AnnotationFilterModel : public QSortFilterProxyModel {
  Q_OBJECT

 public:
  explicit AnnotationFilterModel(QObject* parent = nullptr);
  void setLayer(std::optional<AnnotationLayer> layer);
  void setCategory(const QString& categoryId);  // empty: every category
  void setWords(const QString& words);

 protected:
  [[nodiscard]] bool filterAcceptsRow(int sourceRow, const QModelIndex& sourceParent) const override;

 private:
  std::optional<AnnotationLayer> m_layer;
  QString m_category;
  QString m_words;
};

}  // namespace vakspiegel::ui
