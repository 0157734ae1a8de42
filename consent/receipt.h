// The citizen's receipt: a document model in plain Dutch at B1 level (what
// was recorded, who may watch, until when, how to withdraw, the code).
// consent/ renders it to text; the UI prints the same model to PDF later.
#pragma once

#include <string>
#include <vector>

#include "consent/consent_record.h"

namespace vakspiegel::consent {

struct ReceiptSection {
  std::string heading;
  std::vector<std::string> paragraphs;
};

struct ReceiptDocument {
  std::string title;
  std::vector<ReceiptSection> sections;
  std::string withdrawalCode;  // also shown large on its own by renderers
};

struct ReceiptContext {
  // Who holds the recording, as it reads after "van": "de gemeente" (the
  // default), or a name such as "Gemeente Zoetermeer".
  std::string organisation = "de gemeente";
  std::string contact;                    // how to reach the privacy officer; may be empty
};

// A local calendar date in the user's language, e.g. "23 november 2026"
// (the local time zone, as localtime_r sees it). The receipt's dates use it.
[[nodiscard]] std::string localCalendarDate(WallTime time);

// Dates are rendered as local calendar dates ("23 november 2026").
[[nodiscard]] ReceiptDocument makeReceipt(const ConsentRecord& record, const ReceiptContext& context);
// Plain text, wrapped at 72 columns, for the terminal and for tests.
[[nodiscard]] std::string renderText(const ReceiptDocument& receipt);

}  // namespace vakspiegel::consent
