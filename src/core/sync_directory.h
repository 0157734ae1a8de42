// fsync on a directory, so that a rename, link or unlink in it survives a
// power cut. Best effort: callers that must report a failure (the container
// writer's commit) do their own.
#pragma once

#include <filesystem>

namespace vakspiegel {

void syncDirectory(const std::filesystem::path& dir);

}  // namespace vakspiegel
