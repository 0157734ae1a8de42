// What a screen reader sees of the timeline (EN 301 549 / WCAG 2.1 AA): a
// slider whose value is the position in seconds, named with the position and
// the length, and the annotations as its children, each named with its
// moment, layer and text. Installed once with installTimelineAccessibility().
#pragma once

class QAccessibleInterface;
class QObject;
class QString;

namespace vakspiegel::ui {

void installTimelineAccessibility();

}  // namespace vakspiegel::ui
