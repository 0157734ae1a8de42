// Rows of the coding schemes, their categories and the recall prompts
// (migration 6): vault settings in plaintext, the same for every recording.
// Which category an annotation carries is not here: that is sealed with the
// annotation (annotation_store.h).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/error.h"
#include "store/database.h"

namespace vakspiegel {

struct CodingSchemeRow {
  std::string id;
  std::string name;
  int position = 0;
  bool isDefault = false;
};

struct CodingCategoryRow {
  std::string id;
  std::string schemeId;
  int position = 0;
  std::string name;
  std::string groupName;
};

struct RecallPromptRow {
  std::string id;
  int position = 0;
  std::string text;
  bool isActive = true;
};

class CodingSchemeStore {
 public:
  explicit CodingSchemeStore(Database& db) : m_db(db) {}

  // Every scheme, the default first, then by position.
  [[nodiscard]] Result<std::vector<CodingSchemeRow>> schemes();
  // Every category of every scheme, by scheme and position.
  [[nodiscard]] Result<std::vector<CodingCategoryRow>> categories();
  [[nodiscard]] Result<std::optional<CodingCategoryRow>> findCategory(const std::string& id);
  // The active prompts by position.
  [[nodiscard]] Result<std::vector<RecallPromptRow>> activePrompts();
  // Any prompt, active or not.
  [[nodiscard]] Result<std::optional<RecallPromptRow>> findPrompt(const std::string& id);

 private:
  Database& m_db;
};

}  // namespace vakspiegel
