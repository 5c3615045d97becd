// Small ASCII text helpers shared by parser/, engine/ and cli/.
#pragma once

#include <algorithm>
#include <cctype>
#include <string>
#include <string_view>

namespace connql {

inline std::string to_upper(std::string_view text) {
    std::string out(text);
    std::transform(out.begin(), out.end(), out.begin(),
                   [](unsigned char c) { return static_cast<char>(std::toupper(c)); });
    return out;
}

inline std::string to_lower(std::string_view text) {
    std::string out(text);
    std::transform(out.begin(), out.end(), out.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return out;
}

inline bool starts_with(std::string_view text, std::string_view prefix) {
    return text.compare(0, prefix.size(), prefix) == 0;
}

// A URL as it may be printed: the password of its user info masked
// (http://user:pw@host -> http://user:***@host). Any other text is returned as is.
inline std::string mask_url_credentials(std::string_view url) {
    size_t scheme = url.find("://");
    if (scheme == std::string_view::npos) return std::string(url);
    size_t authority = scheme + 3;
    size_t end = url.find_first_of("/?#", authority);
    std::string_view host_part = url.substr(authority, end == std::string_view::npos ? std::string_view::npos : end - authority);
    size_t at = host_part.rfind('@');
    if (at == std::string_view::npos) return std::string(url);
    size_t colon = host_part.find(':');
    if (colon == std::string_view::npos || colon > at) return std::string(url);  // a user, no password
    std::string out(url.substr(0, authority + colon + 1));
    out += "***";
    out += url.substr(authority + at);
    return out;
}

}  // namespace connql
