// Which config values are secrets, so that no output, log or error shows them.
#pragma once

#include <string>
#include <string_view>

#include "compiler/config.h"

namespace connql {

constexpr const char* kMasked = "[hidden]";

// A key that names a password, secret, token, credential, private key or JAAS config.
bool is_secret_key(std::string_view key);
// ${provider:path:key} references are resolved by the worker: they are safe to show.
bool is_config_provider_reference(std::string_view value);
bool should_mask(std::string_view key, std::string_view value);

Config masked(const Config& config);

}  // namespace connql
