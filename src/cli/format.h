// Text and JSON forms that more than one command group prints (internal to
// src/cli/): local times, an audit verification and a deletion certificate.
#pragma once

#include <string>

#include <nlohmann/json.hpp>

#include "app/privacy_service.h"  // AuditVerification
#include "consent/erasure.h"
#include "core/clock.h"

namespace vakspiegel::cli {

// Local wall time for people reading a table (JSON keeps UTC).
[[nodiscard]] std::string formatLocal(WallTime t);

// `audit verify`, and the demo's summary.
[[nodiscard]] nlohmann::json verificationJson(const AuditVerification& v);
[[nodiscard]] std::string verificationText(const AuditVerification& v);
// A withdrawal, a delete, and each entry of `registry certificates`.
[[nodiscard]] nlohmann::json certificateJson(const consent::DeletionCertificate& c);

}  // namespace vakspiegel::cli
