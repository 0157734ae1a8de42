// SQL of the coding schemes, categories and recall prompts. See coding_scheme_store.h.
#include "store/coding_scheme_store.h"

#include <SQLiteCpp/Statement.h>
#include <fmt/format.h>

namespace vakspiegel {

namespace {

constexpr const char* kCategoryColumns = "id, scheme_id, position, name, group_name";
constexpr const char* kPromptColumns = "id, position, text, is_active";

CodingCategoryRow readCategory(SQLite::Statement& q) {
  return {q.getColumn(0).getString(), q.getColumn(1).getString(), q.getColumn(2).getInt(), q.getColumn(3).getString(),
          q.getColumn(4).getString()};
}

RecallPromptRow readPrompt(SQLite::Statement& q) {
  return {q.getColumn(0).getString(), q.getColumn(1).getInt(), q.getColumn(2).getString(),
          q.getColumn(3).getInt() != 0};
}

}  // namespace

Result<std::vector<CodingSchemeRow>> CodingSchemeStore::schemes() {
  return m_db.guarded([&]() -> Result<std::vector<CodingSchemeRow>> {
    SQLite::Statement q(m_db.sql(),
                        "SELECT id, name, position, is_default FROM coding_schemes"
                        " ORDER BY is_default DESC, position, id");
    std::vector<CodingSchemeRow> rows;
    while (q.executeStep())
      rows.push_back({q.getColumn(0).getString(), q.getColumn(1).getString(), q.getColumn(2).getInt(),
                      q.getColumn(3).getInt() != 0});
    return rows;
  });
}

Result<std::vector<CodingCategoryRow>> CodingSchemeStore::categories() {
  return m_db.guarded([&]() -> Result<std::vector<CodingCategoryRow>> {
    SQLite::Statement q(
        m_db.sql(), fmt::format("SELECT {} FROM coding_categories ORDER BY scheme_id, position, id", kCategoryColumns));
    std::vector<CodingCategoryRow> rows;
    while (q.executeStep()) rows.push_back(readCategory(q));
    return rows;
  });
}

Result<std::optional<CodingCategoryRow>> CodingSchemeStore::findCategory(const std::string& id) {
  return m_db.guarded([&]() -> Result<std::optional<CodingCategoryRow>> {
    SQLite::Statement q(m_db.sql(), fmt::format("SELECT {} FROM coding_categories WHERE id = ?", kCategoryColumns));
    q.bind(1, id);
    if (!q.executeStep()) return std::nullopt;
    return readCategory(q);
  });
}

Result<std::vector<RecallPromptRow>> CodingSchemeStore::activePrompts() {
  return m_db.guarded([&]() -> Result<std::vector<RecallPromptRow>> {
    SQLite::Statement q(m_db.sql(), fmt::format("SELECT {} FROM recall_prompts WHERE is_active <> 0"
                                                " ORDER BY position, id",
                                                kPromptColumns));
    std::vector<RecallPromptRow> rows;
    while (q.executeStep()) rows.push_back(readPrompt(q));
    return rows;
  });
}

Result<std::optional<RecallPromptRow>> CodingSchemeStore::findPrompt(const std::string& id) {
  return m_db.guarded([&]() -> Result<std::optional<RecallPromptRow>> {
    SQLite::Statement q(m_db.sql(), fmt::format("SELECT {} FROM recall_prompts WHERE id = ?", kPromptColumns));
    q.bind(1, id);
    if (!q.executeStep()) return std::nullopt;
    return readPrompt(q);
  });
}

}  // namespace vakspiegel
