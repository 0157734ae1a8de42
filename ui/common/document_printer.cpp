// The document renderer; see document_printer.h.
#include "common/document_printer.h"

#include <QAbstractTextDocumentLayout>
#include <QCoreApplication>
#include <QDate>
#include <QFile>
#include <QLocale>
#include <QPainter>
#include <QPdfWriter>
#include <QPrintDialog>
#include <QPrinter>
#include <QTextDocument>

#include "common/qt_conversions.h"

namespace vakspiegel::ui {

namespace {

QString escaped(const std::string& text) {
  return toQString(text).toHtmlEscaped();
}

}  // namespace

QString receiptHtml(const consent::ReceiptDocument& receipt, const QString& municipality) {
  QString html = QStringLiteral("<html><body style='font-family: sans-serif; font-size: 11pt;'>");
  if (!municipality.isEmpty())
    html += QStringLiteral("<p style='font-size: 10pt; color: #333;'>%1</p>").arg(municipality.toHtmlEscaped());
  html += QStringLiteral("<h1 style='font-size: 18pt;'>%1</h1>").arg(escaped(receipt.title));
  for (const consent::ReceiptSection& section : receipt.sections) {
    if (!section.heading.empty())
      html += QStringLiteral("<h2 style='font-size: 13pt; margin-top: 12pt;'>%1</h2>").arg(escaped(section.heading));
    for (const std::string& paragraph : section.paragraphs)
      html += QStringLiteral("<p>%1</p>").arg(escaped(paragraph));
  }
  if (!receipt.withdrawalCode.empty())
    html += QStringLiteral(
                "<p style='margin-top: 18pt;'>%1</p>"
                "<p style='font-family: monospace; font-size: 26pt; font-weight: bold; letter-spacing: 3pt;'>%2</p>")
                .arg(QCoreApplication::translate("DocumentPrinter", "Your withdrawal code:").toHtmlEscaped(),
                     escaped(receipt.withdrawalCode));
  html += QStringLiteral("</body></html>");
  return html;
}

bool renderDocument(const QString& html, QPagedPaintDevice& device) {
  device.setPageSize(QPageSize(QPageSize::A4));
  device.setPageOrientation(QPageLayout::Portrait);
  device.setPageMargins(QMarginsF(20, 20, 20, 20), QPageLayout::Millimeter);
  QPainter painter(&device);
  if (!painter.isActive()) return false;  // the file or printer could not be opened
  const QRectF page = painter.viewport();  // the printable area, in device pixels
  const qreal footerHeight = page.height() * 0.05;
  QTextDocument document;
  document.documentLayout()->setPaintDevice(&device);
  document.setDefaultFont(QFont(QStringLiteral("sans-serif"), 11));
  document.setHtml(html);
  document.setPageSize(QSizeF(page.width(), page.height() - footerHeight));
  const int pages = document.pageCount();
  const QString printed = QLocale().toString(QDate::currentDate(), QLocale::LongFormat);
  for (int n = 0; n < pages; ++n) {
    if (n > 0) device.newPage();
    painter.save();
    painter.translate(0, -n * (page.height() - footerHeight));
    const QRectF clip(0, n * (page.height() - footerHeight), page.width(), page.height() - footerHeight);
    document.drawContents(&painter, clip);
    painter.restore();
    QFont footerFont(QStringLiteral("sans-serif"), 8);
    painter.setFont(footerFont);
    painter.drawText(QRectF(0, page.height() - footerHeight, page.width(), footerHeight),
                     Qt::AlignRight | Qt::AlignBottom,
                     QCoreApplication::translate("DocumentPrinter", "Page %1 of %2 · printed on %3")
                         .arg(n + 1)
                         .arg(pages)
                         .arg(printed));
  }
  return true;
}

Status writeReceiptPdf(const consent::ReceiptDocument& receipt, const QString& municipality,
                       const QString& pdfPath) {
  bool isRendered = false;
  {
    QPdfWriter writer(pdfPath);
    writer.setResolution(300);
    writer.setTitle(toQString(receipt.title));
    writer.setCreator(QStringLiteral("Vakspiegel"));
    isRendered = renderDocument(receiptHtml(receipt, municipality), writer);
  }
  if (!isRendered || QFile(pdfPath).size() == 0)
    return fail(ErrorCode::Io, QCoreApplication::translate("DocumentPrinter", "The receipt could not be saved as %1.")
                                   .arg(pdfPath)
                                   .toStdString());
  return {};
}

bool printReceipt(const consent::ReceiptDocument& receipt, const QString& municipality, QWidget* parent) {
  QPrinter printer(QPrinter::HighResolution);
  printer.setDocName(toQString(receipt.title));
  QPrintDialog dialog(&printer, parent);
  dialog.setWindowTitle(QCoreApplication::translate("DocumentPrinter", "Print the receipt"));
  if (dialog.exec() != QDialog::Accepted) return false;
  return renderDocument(receiptHtml(receipt, municipality), printer);
}

}  // namespace vakspiegel::ui
