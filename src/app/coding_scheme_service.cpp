// Coding schemes and recall prompts; see coding_scheme_service.h. Vault
// settings without content: any logged-in account reads them, without an
// audit entry; only a session that must first choose its own password is
// refused, as everywhere.
#include "app/coding_scheme_service.h"

#include "app/internal/vault_context.h"
#include "core/i18n.h"
#include "store/coding_scheme_store.h"

namespace vakspiegel {

namespace {

Status requireSession(const Session& actor) {
  if (actor.userId().empty() || actor.role() == Role::Unknown)
    return fail(ErrorCode::PermissionDenied, tr("Log in first."));
  if (actor.mustChangePassword())
    return fail(ErrorCode::PermissionDenied,
                tr("Your password was set by the administrator and works only until you choose your own. Choose it "
                   "first (in the workstation, or with 'vakspiegel-cli user passwd'); until then you can do "
                   "nothing else."));
  return {};
}

}  // namespace

CodingSchemeService::CodingSchemeService(Vault& vault) : m_ctx(vault.context()) {}

Result<std::vector<CodingScheme>> CodingSchemeService::listSchemes(const Session& actor) {
  VS_TRY(requireSession(actor));
  CodingSchemeStore store(*m_ctx.db);
  std::vector<CodingScheme> schemes;
  std::vector<CodingSchemeRow> schemeRows;
  std::vector<CodingCategoryRow> categoryRows;
  // One snapshot: a scheme and its categories as they were together.
  VS_TRY(m_ctx.db->readTransaction([&]() -> Status {
    schemeRows = VS_TRY(store.schemes());
    categoryRows = VS_TRY(store.categories());
    return {};
  }));
  for (CodingSchemeRow& row : schemeRows) {
    CodingScheme scheme;
    scheme.id = std::move(row.id);
    scheme.name = std::move(row.name);
    scheme.isDefault = row.isDefault;
    for (const CodingCategoryRow& category : categoryRows)
      if (category.schemeId == scheme.id) scheme.categories.push_back({category.id, category.name, category.groupName});
    schemes.push_back(std::move(scheme));
  }
  return schemes;
}

Result<std::vector<RecallPrompt>> CodingSchemeService::listPrompts(const Session& actor) {
  VS_TRY(requireSession(actor));
  std::vector<RecallPrompt> prompts;
  for (RecallPromptRow& row : VS_TRY(CodingSchemeStore(*m_ctx.db).activePrompts()))
    prompts.push_back({std::move(row.id), std::move(row.text)});
  return prompts;
}

}  // namespace vakspiegel
