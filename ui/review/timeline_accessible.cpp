// The timeline's accessible interface; see timeline_accessible.h.
#include "review/timeline_accessible.h"

#include <QAccessible>
#include <QAccessibleValueInterface>
#include <QAccessibleWidget>
#include <QHash>
#include <QPointer>
#include <QWindow>

#include "common/qt_conversions.h"
#include "review/timeline_widget.h"

namespace vakspiegel::ui {

namespace {

class MarkAccessible : public QAccessibleInterface {
 public:
  MarkAccessible(TimelineWidget* timeline, int index) : m_timeline(timeline), m_index(index) {}
  MarkAccessible(const MarkAccessible&) = delete;
  MarkAccessible& operator=(const MarkAccessible&) = delete;
  ~MarkAccessible() override = default;

  [[nodiscard]] bool isValid() const override { return current() != nullptr; }
  [[nodiscard]] QObject* object() const override { return nullptr; }
  [[nodiscard]] QWindow* window() const override {
    return m_timeline ? m_timeline->window()->windowHandle() : nullptr;
  }
  [[nodiscard]] QAccessibleInterface* parent() const override {
    return QAccessible::queryAccessibleInterface(m_timeline.data());
  }
  [[nodiscard]] QAccessibleInterface* child(int) const override { return nullptr; }
  [[nodiscard]] int childCount() const override { return 0; }
  [[nodiscard]] int indexOfChild(const QAccessibleInterface*) const override { return -1; }
  [[nodiscard]] QAccessibleInterface* childAt(int, int) const override { return nullptr; }
  [[nodiscard]] QString text(QAccessible::Text t) const override {
    const TimelineMark* mark = current();
    return mark != nullptr && t == QAccessible::Name ? mark->accessible : QString();
  }
  void setText(QAccessible::Text, const QString&) override {}
  [[nodiscard]] QRect rect() const override {
    const TimelineMark* mark = current();
    if (mark == nullptr) return {};
    const QRect local = m_timeline->markRect(*mark);
    return {m_timeline->mapToGlobal(local.topLeft()), local.size()};
  }
  [[nodiscard]] QAccessible::Role role() const override { return QAccessible::ListItem; }
  [[nodiscard]] QAccessible::State state() const override {
    QAccessible::State s;
    s.selectable = true;
    return s;
  }

 private:
  [[nodiscard]] const TimelineMark* current() const {
    const TimelineWidget* timeline = m_timeline.data();
    return timeline != nullptr ? timeline->mark(m_index) : nullptr;
  }

  QPointer<TimelineWidget> m_timeline;
  int m_index;
};

class TimelineAccessible : public QAccessibleWidget, public QAccessibleValueInterface {
 public:
  explicit TimelineAccessible(TimelineWidget* timeline) : QAccessibleWidget(timeline, QAccessible::Slider) {}
  TimelineAccessible(const TimelineAccessible&) = delete;
  TimelineAccessible& operator=(const TimelineAccessible&) = delete;
  ~TimelineAccessible() override {
    for (const QAccessible::Id id : std::as_const(m_children)) QAccessible::deleteAccessibleInterface(id);
  }

  [[nodiscard]] TimelineWidget* timeline() const { return static_cast<TimelineWidget*>(widget()); }

  void* interface_cast(QAccessible::InterfaceType type) override {
    if (type == QAccessible::ValueInterface) return static_cast<QAccessibleValueInterface*>(this);
    return QAccessibleWidget::interface_cast(type);
  }

  [[nodiscard]] QString text(QAccessible::Text t) const override {
    if (t == QAccessible::Value)
      return TimelineWidget::tr("%1 of %2")
          .arg(formatMediaLength(timeline()->positionMs()), formatMediaLength(timeline()->durationMs()));
    return QAccessibleWidget::text(t);
  }

  [[nodiscard]] int childCount() const override { return static_cast<int>(timeline()->marks().size()); }
  [[nodiscard]] QAccessibleInterface* child(int index) const override {
    if (index < 0 || index >= childCount()) return nullptr;
    // Registered once per (timeline, index): Qt keeps and deletes them.
    const auto key = qMakePair(static_cast<const void*>(timeline()), index);
    auto it = m_children.find(key);
    if (it == m_children.end()) {
      auto* created = new MarkAccessible(timeline(), index);
      QAccessible::registerAccessibleInterface(created);
      it = m_children.insert(key, QAccessible::uniqueId(created));
    }
    return QAccessible::accessibleInterface(*it);
  }
  [[nodiscard]] int indexOfChild(const QAccessibleInterface* child) const override {
    for (auto it = m_children.begin(); it != m_children.end(); ++it)
      if (QAccessible::accessibleInterface(*it) == child) return it.key().second;
    return -1;
  }

  // Value: the position in whole seconds.
  [[nodiscard]] QVariant currentValue() const override { return static_cast<int>(timeline()->positionMs() / 1000); }
  void setCurrentValue(const QVariant& value) override { emit timeline()->seekRequested(value.toLongLong() * 1000); }
  [[nodiscard]] QVariant maximumValue() const override { return static_cast<int>(timeline()->durationMs() / 1000); }
  [[nodiscard]] QVariant minimumValue() const override { return 0; }
  [[nodiscard]] QVariant minimumStepSize() const override { return 1; }

 private:
  mutable QHash<QPair<const void*, int>, QAccessible::Id> m_children;
};

QAccessibleInterface* timelineFactory(const QString& className, QObject* object) {
  if (className == QLatin1String("vakspiegel::ui::TimelineWidget") && object && object->isWidgetType())
    return new TimelineAccessible(static_cast<TimelineWidget*>(object));
  return nullptr;
}

}  // namespace

void installTimelineAccessibility() {
  static bool isInstalled = false;
  if (isInstalled) return;
  isInstalled = true;
  QAccessible::installFactory(timelineFactory);
}

}  // namespace vakspiegel::ui
