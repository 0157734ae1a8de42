// Shared looks; see style.h.
#include "common/style.h"

#include <QApplication>
#include <QLabel>
#include <QPainter>
#include <QPalette>
#include <QStyleFactory>

namespace vakspiegel::ui {

bool isDarkPalette(const QWidget& widget) {
  return widget.palette().color(QPalette::Window).lightness() < 128;
}

void setProblemStyle(QLabel& label) {
  label.setStyleSheet(isDarkPalette(label) ? QStringLiteral("color: #ff9e9e;") : QStringLiteral("color: #a00000;"));
}

void showMessage(QLabel& label, const QString& text, bool isProblem) {
  label.setText(text);
  if (isProblem)
    setProblemStyle(label);
  else
    label.setStyleSheet(QString());
  label.show();
}

void setHeadingStyle(QLabel& label, double scale) {
  QFont font = label.font();
  font.setBold(true);
  font.setPointSizeF(font.pointSizeF() * scale);
  label.setFont(font);
}

QIcon paletteIcon(const QWidget& widget, QStyle::StandardPixmap which) {
  const QIcon source = widget.style()->standardIcon(which, nullptr, &widget);
  if (!isDarkPalette(widget)) return source;
  QIcon tinted;
  for (const QPalette::ColorGroup group : {QPalette::Active, QPalette::Disabled}) {
    const QColor colour = widget.palette().color(group, QPalette::ButtonText);
    for (const int size : {16, 24, 32}) {
      QPixmap pixmap = source.pixmap(QSize(size, size));
      QPainter painter(&pixmap);
      painter.setCompositionMode(QPainter::CompositionMode_SourceIn);
      painter.fillRect(pixmap.rect(), colour);
      painter.end();
      tinted.addPixmap(pixmap, group == QPalette::Disabled ? QIcon::Disabled : QIcon::Normal);
    }
  }
  return tinted;
}

void useDarkPalette() {
  QApplication::setStyle(QStyleFactory::create(QStringLiteral("Fusion")));
  QPalette dark;
  // Fields darker than the window and buttons lighter, as Qt's own dark
  // Fusion palette has them, so their edges show.
  const QColor window(0x35, 0x35, 0x35), base(0x1f, 0x1f, 0x1f), text(0xee, 0xee, 0xee), accent(0x3d, 0x8e, 0xe6);
  dark.setColor(QPalette::Window, window);
  dark.setColor(QPalette::WindowText, text);
  dark.setColor(QPalette::Base, base);
  dark.setColor(QPalette::AlternateBase, QColor(0x2a, 0x2a, 0x2a));
  dark.setColor(QPalette::ToolTipBase, base);
  dark.setColor(QPalette::ToolTipText, text);
  dark.setColor(QPalette::PlaceholderText, QColor(0xa0, 0xa0, 0xa0));
  dark.setColor(QPalette::Text, text);
  dark.setColor(QPalette::Button, QColor(0x45, 0x45, 0x45));
  dark.setColor(QPalette::ButtonText, text);
  dark.setColor(QPalette::BrightText, Qt::white);
  dark.setColor(QPalette::Link, QColor(0x8a, 0xb8, 0xff));
  dark.setColor(QPalette::Highlight, accent);
  dark.setColor(QPalette::HighlightedText, Qt::black);
  dark.setColor(QPalette::Light, QColor(0x50, 0x50, 0x50));
  dark.setColor(QPalette::Midlight, QColor(0x42, 0x42, 0x42));
  dark.setColor(QPalette::Mid, QColor(0x30, 0x30, 0x30));
  dark.setColor(QPalette::Dark, QColor(0x18, 0x18, 0x18));
  dark.setColor(QPalette::Shadow, Qt::black);
  for (const auto role : {QPalette::WindowText, QPalette::Text, QPalette::ButtonText})
    dark.setColor(QPalette::Disabled, role, QColor(0x8c, 0x8c, 0x8c));
  QApplication::setPalette(dark);
}

}  // namespace vakspiegel::ui
