// The few looks the screens share beyond the system palette (light, dark,
// high contrast): a problem in red that keeps WCAG 2.1 AA contrast on either
// palette, a message shown plainly or as a problem, a page heading, media
// icons that follow the palette, and a dark palette on request.
#pragma once

#include <QIcon>
#include <QStyle>

class QLabel;
class QString;
class QWidget;

namespace vakspiegel::ui {

// Whether the widget's palette is a dark one.
[[nodiscard]] bool isDarkPalette(const QWidget& widget);
// Red text readable on the label's background (dark red on light, light red on dark).
void setProblemStyle(QLabel& label);
// Shows `text` in `label`, as a problem (setProblemStyle) or plainly.
void showMessage(QLabel& label, const QString& text, bool isProblem);
// Larger and bold: a page's title.
void setHeadingStyle(QLabel& label, double scale = 1.4);
// A standard icon of the widget's style drawn in the colour of its button
// text, so it stays visible on a dark palette (the style's own media icons
// are black).
[[nodiscard]] QIcon paletteIcon(const QWidget& widget, QStyle::StandardPixmap which);
// The Fusion style with a dark palette, as a dark desktop theme gives it:
// for desktops whose theme Qt cannot read, and for the screenshots
// (VAKSPIEGEL_PALETTE=dark).
void useDarkPalette();

}  // namespace vakspiegel::ui
