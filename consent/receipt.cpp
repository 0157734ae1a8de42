// The citizen's receipt: the plain-language text (B1: short sentences,
// everyday words, "u") and its plain-text rendering; see receipt.h.
#include "consent/receipt.h"

#include <ctime>

#include "consent/text_layout.h"
#include "core/i18n.h"

namespace vakspiegel::consent {
using text_layout::columns;
using text_layout::wrap;

namespace {

constexpr std::size_t kTextWidth = 72;  // columns (code points) of renderText

std::string monthName(int month) {  // 0 = January, as in std::tm
  switch (month) {
    case 0: return tr("January");
    case 1: return tr("February");
    case 2: return tr("March");
    case 3: return tr("April");
    case 4: return tr("May");
    case 5: return tr("June");
    case 6: return tr("July");
    case 7: return tr("August");
    case 8: return tr("September");
    case 9: return tr("October");
    case 10: return tr("November");
    case 11: return tr("December");
    default: break;
  }
  return {};
}

std::string methodSentence(Method method) {
  switch (method) {
    case Method::VerbalOnCamera: return tr("You said yes to this out loud, at the start of the recording.");
    case Method::PaperForm: return tr("You said yes to this on a paper form.");
    case Method::Digital: return tr("You said yes to this digitally.");
  }
  return {};
}

// Who may watch, one sentence per scope, in the words of someone who has
// never heard of "scopes".
std::string scopeSentence(Scope scope) {
  switch (scope) {
    case Scope::SelfReview: return tr("Your client manager watches the recording again, to learn from it.");
    case Scope::CoachReview:
      return tr("A coach may watch the recording too. The coach helps your client manager learn.");
    case Scope::CitizenReview:
      return tr("You may watch parts of the recording together with your client manager. Only if you want to.");
    case Scope::Intervision:
      return tr(
          "Colleagues of your client manager may watch short parts in a learning group. We blur the faces "
          "first, so your face cannot be seen.");
  }
  return {};
}

}  // namespace

std::string localCalendarDate(WallTime time) {
  const auto seconds = static_cast<std::time_t>(toUnixSeconds(time));
  std::tm local{};
  if (localtime_r(&seconds, &local) == nullptr) return formatUtc(time).substr(0, 10);
  return fmt::format("{} {} {}", local.tm_mday, monthName(local.tm_mon), local.tm_year + 1900);
}

ReceiptDocument makeReceipt(const ConsentRecord& record, const ReceiptContext& context) {
  ReceiptDocument receipt;
  receipt.title = tr("Your consent for a video recording");
  receipt.withdrawalCode = record.withdrawalCode;

  receipt.sections.push_back(
      {tr("What was recorded?"),
       {trf("On {} you had a conversation with your client manager at {}. The conversation was recorded on video.",
            localCalendarDate(record.recordedAt), context.organisation),
        methodSentence(record.method),
        tr("The recording is only meant to learn from. It is about how the client manager leads the conversation. "
           "It is not about you. The recording is never used as evidence.")}});

  ReceiptSection watch{tr("Who may watch the recording?"), {}};
  for (const Scope scope : allScopes())
    if (record.hasScope(scope)) watch.paragraphs.push_back(scopeSentence(scope));
  watch.paragraphs.push_back(tr("Nobody else may watch the recording."));
  receipt.sections.push_back(std::move(watch));

  receipt.sections.push_back(
      {tr("How long do we keep the recording?"),
       {trf("We keep the recording until {}. On that day the recording is erased automatically. Everything that was "
            "written about it is erased too.",
            localCalendarDate(record.retentionEnd))}});

  ReceiptSection withdraw{tr("Do you no longer want this?"),
                          {tr("You may always withdraw your consent. You do not have to say why."),
                           tr("Withdrawing has no consequences for your benefit. Nor for the help you get."),
                           trf("Call or tell your client manager. Or call the privacy officer of {}. Give them "
                               "the code below.",
                               context.organisation)}};
  if (!context.contact.empty())
    withdraw.paragraphs.push_back(trf("You can reach the privacy officer via: {}", context.contact));
  withdraw.paragraphs.push_back(
      tr("From that moment on nobody watches the recording. We erase the recording and everything written about it."));
  receipt.sections.push_back(std::move(withdraw));

  receipt.sections.push_back(
      {tr("Your code"),
       {trf("Your code is: {}", record.withdrawalCode),
        tr("Keep this paper. You need the code to withdraw your consent. Your name is not stored with the "
           "recording. The code is how we find it.")}});
  return receipt;
}

std::string renderText(const ReceiptDocument& receipt) {
  std::string out;
  text_layout::appendUnderlined(out, receipt.title, '=', kTextWidth);
  for (const ReceiptSection& section : receipt.sections) {
    out += '\n';
    text_layout::appendUnderlined(out, section.heading, '-', kTextWidth);
    for (std::size_t i = 0; i < section.paragraphs.size(); ++i) {
      if (i > 0) out += '\n';
      for (const std::string& line : wrap(section.paragraphs[i], kTextWidth)) {
        out += line;
        out += '\n';
      }
    }
  }
  // The code once more, large enough to read out over the phone.
  if (!receipt.withdrawalCode.empty()) {
    // Built by append: GCC 12 warns falsely (-Wrestrict) on "+" + std::string.
    std::string border(columns(receipt.withdrawalCode) + 4, '-');
    border.front() = '+';
    border.back() = '+';
    out.append("\n    ").append(border).append("\n    | ").append(receipt.withdrawalCode);
    out.append(" |\n    ").append(border).append("\n");
  }
  return out;
}

}  // namespace vakspiegel::consent
