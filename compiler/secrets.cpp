#include "compiler/secrets.h"

#include "common/text.h"

#include <algorithm>
#include <cctype>

namespace connql {

bool is_secret_key(std::string_view key) {
    std::string lower = to_lower(key);
    static const char* const kMarkers[] = {"password", "passwd", "secret", "token", "credential", "apikey",
                                           "api.key", "api_key", "private.key", "privatekey", "jaas.config",
                                           "user.info", "session.key", "signature"};
    return std::any_of(std::begin(kMarkers), std::end(kMarkers),
                       [&](const char* marker) { return lower.find(marker) != std::string::npos; });
}

bool is_config_provider_reference(std::string_view value) {
    if (value.size() < 5 || value.compare(0, 2, "${") != 0 || value.back() != '}') return false;
    std::string_view inside = value.substr(2, value.size() - 3);
    return inside.find(':') != std::string_view::npos && inside.find('}') == std::string_view::npos;
}

bool should_mask(std::string_view key, std::string_view value) {
    return is_secret_key(key) && !value.empty() && !is_config_provider_reference(value);
}

Config masked(const Config& config) {
    Config out;
    for (const auto& [key, value] : config.entries()) out.set(key, should_mask(key, value) ? kMasked : value);
    return out;
}

}  // namespace connql
