// Prints consent/'s documents on paper or to PDF: one renderer for the
// citizen's receipt (QTextDocument on A4, Dutch, the municipality's name,
// the date printed, page numbers), to a PDF file (QPdfWriter) or to a
// printer the user chose (QPrintDialog).
#pragma once

#include <QString>

#include "consent/receipt.h"
#include "core/error.h"

class QPagedPaintDevice;
class QWidget;

namespace vakspiegel::ui {

// The receipt as HTML for QTextDocument (the withdrawal code large and
// spaced, so it reads well on paper).
[[nodiscard]] QString receiptHtml(const consent::ReceiptDocument& receipt, const QString& municipality);
// Renders `html` on `device`, A4 portrait with 20 mm margins, with a footer
// "page n of m · printed on <date>". False when the device could not be
// opened for painting (a file that cannot be written, a printer gone).
[[nodiscard]] bool renderDocument(const QString& html, QPagedPaintDevice& device);
// Writes the receipt to `pdfPath`. Errors: Io (with a Dutch message) when it
// cannot be written.
[[nodiscard]] Status writeReceiptPdf(const consent::ReceiptDocument& receipt, const QString& municipality,
                                     const QString& pdfPath);
// Asks for a printer (QPrintDialog over `parent`) and prints there. Returns
// false when the user cancelled or the printer could not be opened.
bool printReceipt(const consent::ReceiptDocument& receipt, const QString& municipality, QWidget* parent);

}  // namespace vakspiegel::ui
