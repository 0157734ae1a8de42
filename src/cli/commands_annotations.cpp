// The annotation commands (add, edit, delete, list), the coding schemes and
// recall prompts they refer to, and parsePosition for their moments.
#include "cli/commands.h"

#include <map>

#include "app/annotation_service.h"
#include "app/coding_scheme_service.h"
#include "cli/command_support.h"
#include "cli/format.h"
#include "core/i18n.h"

namespace vakspiegel::cli {
using nlohmann::json;

namespace {

// An annotation holds at most 4,000 characters of at most 4 bytes each.
constexpr std::size_t kMaxAnnotationTextBytes = 16'000;

// A moment in a recording as the player shows it: m:ss, h:mm:ss from an hour on.
std::string formatPosition(std::int64_t us) {
  const std::int64_t s = us / 1'000'000;
  if (s >= 3600) return fmt::format("{}:{:02}:{:02}", s / 3600, s / 60 % 60, s % 60);
  return fmt::format("{}:{:02}", s / 60, s % 60);
}

// "1:15" for a point, "1:15–1:30" for a range.
std::string formatRange(const Annotation& a) {
  if (!a.endUs) return formatPosition(a.positionUs);
  return formatPosition(a.positionUs) + "\u2013" + formatPosition(*a.endUs);
}

std::string layerDisplayName(AnnotationLayer layer) {
  switch (layer) {
    case AnnotationLayer::Own: return tr("own layer");
    case AnnotationLayer::Coach: return tr("coach layer");
    case AnnotationLayer::Citizen: return tr("citizen's layer");
  }
  return {};
}

// A layer's name as typed, checked before any password is asked.
Result<std::optional<AnnotationLayer>> parseLayer(const std::optional<std::string>& name) {
  if (!name) return std::optional<AnnotationLayer>();
  const auto layer = layerFromName(*name);
  if (!layer)
    return fail(ErrorCode::InvalidArgument,
                trf("'{}' is not a layer. Choose own, coach or citizen.", shortForMessage(*name)));
  return std::optional<AnnotationLayer>(layer);
}

Result<std::optional<std::int64_t>> parseOptionalPosition(const std::optional<std::string>& text) {
  if (!text) return std::optional<std::int64_t>();
  return std::optional<std::int64_t>(VS_TRY(parsePosition(*text)));
}

json annotationJson(const Annotation& a) {
  return {{"id", a.id},
          {"recording_id", a.recordingId},
          {"author", a.authorName},
          {"layer", std::string(layerName(a.layer))},
          {"position_s", static_cast<double>(a.positionUs) / 1e6},
          {"position_us", a.positionUs},
          {"end_us", a.endUs ? json(*a.endUs) : json(nullptr)},
          {"category_id", a.categoryId.empty() ? json(nullptr) : json(a.categoryId)},
          {"category", a.categoryName.empty() ? json(nullptr) : json(a.categoryName)},
          {"prompt_id", a.promptId.empty() ? json(nullptr) : json(a.promptId)},
          {"created_at", formatUtc(a.createdAt)},
          {"updated_at", formatUtc(a.updatedAt)},
          {"text", a.text}};
}

// The heading of an annotation in a list: moment or range, author, when,
// layer, category, the question it answers, and its id (for edit and delete).
std::string annotationHeading(const Annotation& a, const std::map<std::string, std::string>& prompts) {
  std::string text =
      fmt::format("{}  {} ({}), {}", formatRange(a), a.authorName, formatLocal(a.createdAt), layerDisplayName(a.layer));
  if (!a.categoryId.empty()) text += ", " + trf("category: {}", a.categoryName.empty() ? a.categoryId : a.categoryName);
  if (!a.promptId.empty()) {
    const auto prompt = prompts.find(a.promptId);
    text += ", " + trf("answer to \"{}\"", prompt == prompts.end() ? a.promptId : prompt->second);
  }
  if (a.updatedAt != a.createdAt) text += ", " + trf("changed {}", formatLocal(a.updatedAt));
  return text + ", " + trf("id {}", a.id) + "\n";
}

// Every line of a text indented, so a multi-line annotation stays under its heading.
std::string indented(const std::string& text) {
  std::string out = "  ";
  for (const char c : text) {
    out += c;
    if (c == '\n') out += "  ";
  }
  return out + "\n";
}

}  // namespace

Result<std::int64_t> parsePosition(const std::string& text) {
  const Error invalid{ErrorCode::InvalidArgument,
                      trf("'{}' is not a moment I understand. Write seconds (\"75\"), minutes and seconds (\"1:15\") "
                          "or hours, minutes and seconds (\"1:02:03\").",
                          text)};
  // Up to three whole-number fields separated by ':', the last with an optional fraction.
  std::int64_t fields[3] = {0, 0, 0};
  int count = 0;
  std::int64_t fractionUs = 0;
  std::size_t i = 0;
  while (true) {
    if (count == 3 || i >= text.size() || text[i] < '0' || text[i] > '9') return fail(invalid);
    std::int64_t value = 0;
    for (int digits = 0; i < text.size() && text[i] >= '0' && text[i] <= '9'; ++i, ++digits) {
      if (digits == 9) return fail(invalid);
      value = value * 10 + (text[i] - '0');
    }
    fields[count++] = value;
    if (i == text.size()) break;
    if (text[i] == ':') {
      ++i;
      continue;
    }
    if (text[i] != '.' || ++i == text.size()) return fail(invalid);
    for (std::int64_t scale = 100'000; i < text.size(); ++i, scale /= 10) {
      if (text[i] < '0' || text[i] > '9') return fail(invalid);
      fractionUs += (text[i] - '0') * scale;
    }
    break;
  }
  // In m:ss and h:mm:ss, minutes and seconds after a colon stay below 60.
  for (int k = 1; k < count; ++k)
    if (fields[k] > 59) return fail(invalid);
  std::int64_t seconds = 0;
  for (int k = 0; k < count; ++k) seconds = seconds * 60 + fields[k];
  return seconds * 1'000'000 + fractionUs;
}

Status runAnnotationAdd(Context& ctx, const std::string& recordingId, const AnnotationArguments& args) {
  // A typo costs no password.
  AnnotationDraft draft;
  draft.positionUs = VS_TRY(parsePosition(args.at.value_or("")));
  draft.endUs = VS_TRY(parseOptionalPosition(args.to));
  draft.layer = VS_TRY(parseLayer(args.layer));
  draft.categoryId = args.category.value_or("");
  draft.promptId = args.prompt.value_or("");
  Acting acting = VS_TRY(actAs(ctx));
  // Without --text the text comes from standard input (after the password
  // lines), so it shows neither in `ps` nor in the shell's history.
  SecretString text =
      args.text
          ? SecretString(*args.text)
          : VS_TRY(readText(tr("Type the annotation; end with Ctrl-D on an empty line."), kMaxAnnotationTextBytes));
  draft.text = text.str();
  const Annotation a = VS_TRY(AnnotationService(*acting.vault).addAnnotation(acting.session, recordingId, draft));
  ctx.print(annotationJson(a), trf("The annotation at {} was saved (id {}).", formatRange(a), a.id));
  return {};
}

Status runAnnotationEdit(Context& ctx, const std::string& recordingId, const std::string& annotationId,
                         const AnnotationArguments& args) {
  const auto at = VS_TRY(parseOptionalPosition(args.at));
  const auto to = VS_TRY(parseOptionalPosition(args.to));
  if (args.isPoint && to)
    return fail(ErrorCode::InvalidArgument, tr("Give either --to (a fragment) or --point (a moment), not both."));
  if (args.text && args.isTextFromStdin)
    return fail(ErrorCode::InvalidArgument, tr("Give the new text either with --text or on standard input, not both."));
  Acting acting = VS_TRY(actAs(ctx));
  std::optional<SecretString> newText;
  if (args.text) newText.emplace(*args.text);
  if (args.isTextFromStdin)
    newText.emplace(
        VS_TRY(readText(tr("Type the annotation; end with Ctrl-D on an empty line."), kMaxAnnotationTextBytes)));

  // What is not given keeps its value: read the annotation as it is now.
  AnnotationService annotations(*acting.vault);
  const std::vector<Annotation> list = VS_TRY(annotations.listAnnotations(acting.session, recordingId));
  const auto current =
      std::find_if(list.begin(), list.end(), [&](const Annotation& a) { return a.id == annotationId; });
  if (current == list.end())
    return fail(ErrorCode::NotFound, trf("This recording has no annotation {}.", shortForMessage(annotationId)));
  AnnotationDraft draft;
  draft.positionUs = at.value_or(current->positionUs);
  draft.endUs = args.isPoint ? std::nullopt : to ? to : current->endUs;
  draft.categoryId = args.category.value_or(current->categoryId);
  draft.text = newText ? newText->str() : current->text;
  const Annotation a = VS_TRY(annotations.editAnnotation(acting.session, recordingId, annotationId, draft));
  ctx.print(annotationJson(a), trf("The annotation at {} was changed (id {}).", formatRange(a), a.id));
  return {};
}

Status runAnnotationDelete(Context& ctx, const std::string& recordingId, const std::string& annotationId,
                           bool isConfirmed) {
  if (!isConfirmed)
    return fail(ErrorCode::InvalidArgument,
                trf("Deleting removes annotation {} for good. Add --yes to confirm.", shortForMessage(annotationId)));
  Acting acting = VS_TRY(actAs(ctx));
  VS_TRY(AnnotationService(*acting.vault).deleteAnnotation(acting.session, recordingId, annotationId));
  ctx.print({{"recording_id", recordingId}, {"id", annotationId}, {"deleted", true}},
            trf("The annotation {} was deleted.", annotationId));
  return {};
}

Status runAnnotationList(Context& ctx, const std::string& recordingId, const std::optional<std::string>& layerName) {
  const std::optional<AnnotationLayer> layer = VS_TRY(parseLayer(layerName));
  Acting acting = VS_TRY(actAs(ctx));
  const std::vector<Annotation> list =
      VS_TRY(AnnotationService(*acting.vault).listAnnotations(acting.session, recordingId, layer));
  // The questions, to show what a prompt answer answered (vault settings, no content).
  std::map<std::string, std::string> prompts;
  for (RecallPrompt& prompt : VS_TRY(CodingSchemeService(*acting.vault).listPrompts(acting.session)))
    prompts.emplace(std::move(prompt.id), std::move(prompt.text));
  json items = json::array();
  std::string text = list.empty()
                         ? (layer ? trf("This recording has no annotations in the {} yet.", layerDisplayName(*layer))
                                  : tr("This recording has no annotations yet."))
                         : "";
  for (const Annotation& a : list) {
    items.push_back(annotationJson(a));
    text += annotationHeading(a, prompts);
    if (!a.text.empty()) text += indented(a.text);  // a marked moment may have no words
  }
  ctx.print({{"recording_id", recordingId}, {"annotations", items}}, text);
  wipe(text);  // the annotations' own copies wipe themselves
  return {};
}

Status runSchemesList(Context& ctx) {
  Acting acting = VS_TRY(actAs(ctx));
  const std::vector<CodingScheme> schemes = VS_TRY(CodingSchemeService(*acting.vault).listSchemes(acting.session));
  json items = json::array();
  std::string text = schemes.empty() ? tr("This vault has no coding schemes.") : "";
  for (const CodingScheme& scheme : schemes) {
    json categories = json::array();
    text += scheme.isDefault ? trf("{} ({}, the default)\n", scheme.name, scheme.id)
                             : fmt::format("{} ({})\n", scheme.name, scheme.id);
    std::string group;
    for (const CodingCategory& category : scheme.categories) {
      categories.push_back({{"id", category.id}, {"name", category.name}, {"group", category.group}});
      if (category.group != group) {
        group = category.group;
        text += fmt::format("  {}\n", group);
      }
      text += fmt::format("    {:<22} {}\n", category.id, category.name);
    }
    items.push_back(
        {{"id", scheme.id}, {"name", scheme.name}, {"default", scheme.isDefault}, {"categories", categories}});
  }
  ctx.print({{"schemes", items}}, text);
  return {};
}

Status runPromptsList(Context& ctx) {
  Acting acting = VS_TRY(actAs(ctx));
  const std::vector<RecallPrompt> prompts = VS_TRY(CodingSchemeService(*acting.vault).listPrompts(acting.session));
  json items = json::array();
  std::string text = prompts.empty() ? tr("This vault has no recall prompts.") : "";
  for (const RecallPrompt& prompt : prompts) {
    items.push_back({{"id", prompt.id}, {"text", prompt.text}});
    text += fmt::format("{:<18} {}\n", prompt.id, prompt.text);
  }
  ctx.print({{"prompts", items}}, text);
  return {};
}

}  // namespace vakspiegel::cli
