// Coding schemes and recall prompts (product.md, the learning loop): the
// categories an annotation may carry (never grades or scores) and the
// neutral questions the review screen offers at a pause. Both are vault
// settings, stored in plaintext (they are the same for every recording, no
// content); the default scheme is the Zoetermeer Kijkwijzer and the default
// prompt set the four questions of product.md, seeded by the schema.
#pragma once

#include <string>
#include <vector>

#include "accounts/accounts.h"
#include "app/vault.h"
#include "core/error.h"

namespace vakspiegel {

struct CodingCategory {
  std::string id;     // stable, e.g. "kw-echt-contact"
  std::string name;   // as the user sees it, e.g. "Echt contact"
  std::string group;  // e.g. "Kijkwijzer", "Raakmomenten", "Eigen leerpunten"
};

struct CodingScheme {
  std::string id;  // e.g. "kijkwijzer"
  std::string name;
  bool isDefault = false;
  std::vector<CodingCategory> categories;  // in the scheme's order
};

struct RecallPrompt {
  std::string id;  // stable, e.g. "prompt-dacht"
  std::string text;
};

class CodingSchemeService {
 public:
  explicit CodingSchemeService(Vault& vault);

  // Every scheme (the default first) and every active prompt, in order, for
  // any logged-in account (they hold no content; not audited).
  // Errors: PermissionDenied (not logged in, or must change the password
  // first), the store's.
  [[nodiscard]] Result<std::vector<CodingScheme>> listSchemes(const Session& actor);
  [[nodiscard]] Result<std::vector<RecallPrompt>> listPrompts(const Session& actor);

 private:
  detail::VaultContext& m_ctx;
};

}  // namespace vakspiegel
