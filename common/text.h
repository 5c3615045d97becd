// Small text helpers shared by parser/, engine/ and cli/.
#pragma once

#include <algorithm>
#include <cctype>
#include <ctime>
#include <string>
#include <string_view>

namespace connql {

// Milliseconds since the epoch as UTC text, in strftime's `format` (the migration
// history's dates, the lock's holder, PRINT's rowtime).
inline std::string format_utc(long long epoch_ms, const char* format) {
    std::time_t seconds = static_cast<std::time_t>(epoch_ms / 1000);
    std::tm utc{};
    gmtime_r(&seconds, &utc);
    char text[64];
    std::strftime(text, sizeof text, format, &utc);
    return text;
}

inline std::string to_upper(std::string_view text) {
    std::string out(text);
    std::transform(out.begin(), out.end(), out.begin(),
                   [](unsigned char c) { return static_cast<char>(std::toupper(c)); });
    return out;
}

// ASCII only, without the C locale's per-character call: every answer of the
// server is lower-cased once for the credential masking.
inline std::string to_lower(std::string_view text) {
    std::string out(text);
    for (char& c : out) {
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    }
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

// Bytes as UTF-8 text: every byte that does not start a well-formed sequence
// (a stray continuation, a truncated or overlong form, a surrogate) becomes U+FFFD,
// so that record contents can go into a table or a JSON string unchanged.
inline std::string valid_utf8(std::string_view bytes) {
    std::string out;
    out.reserve(bytes.size());
    const auto byte = [&](size_t i) { return static_cast<unsigned char>(bytes[i]); };
    for (size_t i = 0; i < bytes.size();) {
        unsigned char c = byte(i);
        size_t length = c < 0x80 ? 1 : (c >> 5) == 0x6 ? 2 : (c >> 4) == 0xE ? 3 : (c >> 3) == 0x1E ? 4 : 0;
        bool ok = length != 0 && i + length <= bytes.size();
        for (size_t k = 1; ok && k < length; ++k) ok = (byte(i + k) & 0xC0) == 0x80;
        if (ok && length > 1) {
            // The smallest code point each length may hold, and no surrogates or values past U+10FFFF.
            unsigned long code = c & (0x7F >> length);
            for (size_t k = 1; k < length; ++k) code = (code << 6) | (byte(i + k) & 0x3F);
            static constexpr unsigned long kMin[] = {0, 0, 0x80, 0x800, 0x10000};
            ok = code >= kMin[length] && code <= 0x10FFFF && (code < 0xD800 || code > 0xDFFF);
        }
        if (ok) {
            out.append(bytes.substr(i, length));
            i += length;
        } else {
            out += "\xEF\xBF\xBD";  // U+FFFD
            ++i;
        }
    }
    return out;
}

}  // namespace connql
