#include "compiler/secrets.h"

#include <algorithm>
#include <cctype>
#include <cstring>
#include <optional>
#include <vector>

#include "common/text.h"

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace connql {

namespace {

// Compared on the key with '.', '_' and '-' removed and lower-cased, so that
// "api.key", "api_key", "apiKey" and "api-key" are one marker.
std::string folded(std::string_view key) {
    std::string out;
    for (char c : key) {
        if (c == '.' || c == '_' || c == '-') continue;
        out += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    }
    return out;
}

bool is_name_char(char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '.' || c == '-'; }

// Credential parameters in connection strings: ?password=x&, ;password=x; (SQL Server), password=x.
const std::vector<std::string>& credential_parameters() {
    static const std::vector<std::string> names = {"password", "passwd", "pwd",         "secret",
                                                   "token",    "apikey", "api_key",     "access_token",
                                                   "sig",      "accountkey", "sharedaccesskey", "client_secret"};
    return names;
}

// The credentials found, when the caller wants them (to scrub them from free text).
using Found = std::vector<std::string>*;

// Appends kMaskedPart in place of `part`, unless it is a provider reference.
void mask_span(std::string& out, std::string_view part, Found found) {
    if (part.empty() || is_config_provider_reference(part)) {
        out += part;
    } else {
        out += kMaskedPart;
        if (found != nullptr) found->emplace_back(part);
    }
}

// Each pass below returns nullopt when it masked nothing (most text has no
// credential: a copy per pass was most of the cost of masking a server's answer).

// The next "://" at or after `from`. string_view::find looks for the ':' and compares
// from there, and a JSON answer has a ':' in every member: a '/' is much rarer.
size_t find_scheme_end(std::string_view text, size_t from) {
    for (size_t slash = text.find('/', from + 1); slash != std::string_view::npos; slash = text.find('/', slash + 1)) {
        if (text[slash - 1] == ':' && slash + 1 < text.size() && text[slash + 1] == '/') return slash - 1;
    }
    return std::string_view::npos;
}

// scheme://user:password@host -> scheme://user:***@host, anywhere in the text.
std::optional<std::string> mask_url_user_info(std::string_view text, Found found) {
    std::optional<std::string> out;
    size_t done = 0;
    for (size_t scheme = find_scheme_end(text, 0); scheme != std::string_view::npos; scheme = find_scheme_end(text, scheme + 3)) {
        size_t authority = scheme + 3;
        size_t end = text.find_first_of("/?#\" \t\n,;", authority);
        if (end == std::string_view::npos) end = text.size();
        std::string_view host_part = text.substr(authority, end - authority);
        size_t at = host_part.rfind('@');
        size_t colon = host_part.find(':');
        if (at == std::string_view::npos || colon == std::string_view::npos || colon > at) continue;
        if (!out) out.emplace();
        *out += text.substr(done, authority + colon + 1 - done);
        mask_span(*out, host_part.substr(colon + 1, at - colon - 1), found);
        done = authority + at;
    }
    if (out) *out += text.substr(done);
    return out;
}

// name=value parameters whose name is a credential: the value up to & ; , space or quote.
std::optional<std::string> mask_parameters(std::string_view text, Found found) {
    std::optional<std::string> out;
    size_t done = 0;
    for (size_t i = text.find('=', 1); i != std::string_view::npos; i = text.find('=', i + 1)) {
        size_t start = i;
        while (start > 0 && is_name_char(text[start - 1])) --start;
        const std::string name = to_lower(text.substr(start, i - start));
        bool credential = std::find(credential_parameters().begin(), credential_parameters().end(), name) !=
                          credential_parameters().end();
        if (!credential) continue;
        size_t value_start = i + 1;
        size_t end;
        if (value_start < text.size() && (text[value_start] == '"' || text[value_start] == '\'')) {
            ++value_start;  // JAAS: password="x";
            end = text.find(text[i + 1], value_start);
        } else {
            end = text.find_first_of("&;, \t\n\"'", value_start);
        }
        if (end == std::string_view::npos) end = text.size();
        if (!out) out.emplace();
        *out += text.substr(done, value_start - done);
        mask_span(*out, text.substr(value_start, end - value_start), found);
        done = end;
        if (end == 0 || end >= text.size()) break;
        i = end - 1;
    }
    if (out) *out += text.substr(done);
    return out;
}

// Where one of mask_authorization's markers may start, at or after `from`: its first two
// letters, in any case (be, au, ap, x-). Sixteen bytes are looked at a time: every answer
// of `connql serve` is scanned, and a byte at a time was most of the cost.
size_t marker_start(std::string_view text, size_t from) {
    auto lower = [](char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; };
    auto starts_here = [&](size_t at) {
        const char first = lower(text[at]);
        const char second = lower(text[at + 1]);
        return (first == 'b' && second == 'e') || (first == 'a' && (second == 'u' || second == 'p')) ||
               (first == 'x' && second == '-');
    };
#if defined(__SSE2__)
    // 16 places at a time: the first letter of each, and the letter after it.
    auto equal = [](__m128i bytes, char c) { return _mm_cmpeq_epi8(bytes, _mm_set1_epi8(c)); };
    const __m128i lower_case = _mm_set1_epi8(0x20);  // ORed in, lower-cases letters
    while (from + 17 <= text.size()) {
        const auto* at = reinterpret_cast<const __m128i*>(text.data() + from);
        const __m128i first = _mm_or_si128(_mm_loadu_si128(at), lower_case);
        const __m128i second = _mm_or_si128(_mm_loadu_si128(reinterpret_cast<const __m128i*>(text.data() + from + 1)), lower_case);
        const __m128i hits = _mm_or_si128(
            _mm_or_si128(_mm_and_si128(equal(first, 'b'), equal(second, 'e')),
                         _mm_and_si128(equal(first, 'a'), _mm_or_si128(equal(second, 'u'), equal(second, 'p')))),
            _mm_and_si128(equal(first, 'x'), equal(second, '-')));
        // Other bytes that the OR lands on these letters ('\r' on -, say) are weeded out here.
        for (auto mask = static_cast<unsigned>(_mm_movemask_epi8(hits)); mask != 0; mask &= mask - 1) {
            const size_t place = from + static_cast<size_t>(__builtin_ctz(mask));
            if (starts_here(place)) return place;
        }
        from += 16;
    }
#endif
    for (; from + 1 < text.size(); ++from) {
        if (starts_here(from)) return from;
    }
    return std::string_view::npos;
}

// "Authorization: Bearer abc", "Authorization=Basic abc", "Bearer abc", "X-Api-Key: abc".
// Every answer of `connql serve` passes here: one scan that looks at the markers only
// where their first letter is, not six searches (or every marker at every byte,
// which once cost half a server's CPU on a large answer).
std::optional<std::string> mask_authorization(std::string_view text, Found found) {
    static constexpr std::string_view kMarkers[] = {"bearer ", "authorization:", "authorization=", "x-api-key:",
                                                    "api-key:", "apikey:"};
    static constexpr std::string_view kSchemes[] = {"bearer ", "basic ", "token "};
    // Compares case-insensitively; `lower` is in lower case.
    auto starts_with = [&](size_t at, std::string_view lower) {
        if (at + lower.size() > text.size()) return false;
        for (size_t k = 0; k < lower.size(); ++k) {
            char c = text[at + k];
            if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
            if (c != lower[k]) return false;
        }
        return true;
    };
    std::optional<std::string> out;
    size_t done = 0;
    for (size_t next = marker_start(text, 0); next != std::string_view::npos; next = marker_start(text, next + 1)) {
        for (std::string_view marker : kMarkers) {
            if (!starts_with(next, marker)) continue;
            size_t start = next + marker.size();
            while (start < text.size() && text[start] == ' ') ++start;
            // "Authorization: Bearer x": the scheme stays, the credential after it goes.
            bool authorization = marker[0] == 'a' && marker.size() == 14;
            for (std::string_view scheme : kSchemes) {
                if (authorization && starts_with(start, scheme)) start += scheme.size();
            }
            size_t end = text.find_first_of(" \t\n,;|\"'", start);
            if (end == std::string_view::npos) end = text.size();
            // In free text ("bearer token at ..."), only a word that looks like a credential.
            if (end <= start || start < done || (!authorization && end - start < 8)) continue;
            if (!out) out.emplace();
            *out += text.substr(done, start - done);
            mask_span(*out, text.substr(start, end - start), found);
            done = end;
            next = end - 1;  // the loop's ++next: go on after the credential
            break;
        }
    }
    if (out && done < text.size()) *out += text.substr(done);
    return out;
}

}  // namespace

bool is_secret_key(std::string_view key) {
    std::string f = folded(key);
    static const char* const kMarkers[] = {"password", "passwd",      "pwd",         "secret",     "token",
                                           "credential", "apikey",    "accesskey",   "accountkey", "privatekey",
                                           "jaasconfig", "userinfo",  "sessionkey",  "signature",  "sastoken",
                                           "connectionstring"};
    return std::any_of(std::begin(kMarkers), std::end(kMarkers),
                       [&](const char* marker) { return f.find(marker) != std::string::npos; });
}

bool is_config_provider_reference(std::string_view value) {
    if (value.size() < 5 || value.compare(0, 2, "${") != 0 || value.back() != '}') return false;
    std::string_view inside = value.substr(2, value.size() - 3);
    return inside.find(':') != std::string_view::npos && inside.find('}') == std::string_view::npos;
}

namespace {

// Every pass over `text`; nullopt when none masked anything.
std::optional<std::string> masked_credentials(std::string_view text) {
    std::optional<std::string> urls = mask_url_user_info(text, nullptr);
    std::string_view after_urls = urls ? std::string_view(*urls) : text;
    std::optional<std::string> parameters = mask_parameters(after_urls, nullptr);
    std::string_view after_parameters = parameters ? std::string_view(*parameters) : after_urls;
    std::optional<std::string> authorization = mask_authorization(after_parameters, nullptr);
    if (authorization) return authorization;
    if (parameters) return parameters;
    return urls;
}

}  // namespace

std::string mask_embedded_credentials(std::string_view text) {
    std::optional<std::string> masked = masked_credentials(text);
    return masked ? std::move(*masked) : std::string(text);
}

std::string mask_embedded_credentials(std::string&& text) {
    std::optional<std::string> masked = masked_credentials(text);
    return masked ? std::move(*masked) : std::move(text);
}

namespace {

// The credentials inside a value, as written.
std::vector<std::string> embedded_credentials(std::string_view value) {
    std::vector<std::string> found;
    mask_url_user_info(value, &found);
    mask_parameters(value, &found);
    mask_authorization(value, &found);
    return found;
}

void replace_all(std::string& text, const std::string& secret, const std::string& shown) {
    if (secret.size() < 3) return;  // too short to be told from ordinary text
    for (size_t at = text.find(secret); at != std::string::npos; at = text.find(secret, at + shown.size())) {
        text.replace(at, secret.size(), shown);
    }
}

}  // namespace

std::optional<std::string> masked_value(std::string_view key, std::string_view value, const SecretPolicy& policy) {
    if (policy.show || value.empty() || is_config_provider_reference(value)) return std::nullopt;
    if (is_secret_key(key) || policy.password_keys.count(std::string(key))) return std::string(kMasked);
    std::string partly = mask_embedded_credentials(value);
    if (partly != value) return partly;
    return std::nullopt;
}

bool is_secret(std::string_view key, std::string_view value, const SecretPolicy& policy) {
    return masked_value(key, value, policy).has_value();
}

Config masked(const Config& config, const SecretPolicy& policy) {
    Config out;
    for (const auto& [key, value] : config.entries()) {
        std::optional<std::string> shown = masked_value(key, value, policy);
        out.set(key, shown ? *shown : value);
    }
    return out;
}

std::string scrub(std::string text, const Config& config, const SecretPolicy& policy) {
    if (policy.show) return text;
    for (const auto& [key, value] : config.entries()) {
        std::optional<std::string> shown = masked_value(key, value, policy);
        if (!shown) continue;
        replace_all(text, value, *shown);
        // The credential alone too: a message may quote it in another form of the value.
        for (const std::string& credential : embedded_credentials(value)) replace_all(text, credential, kMaskedPart);
    }
    return mask_embedded_credentials(text);
}

bool is_mask_text(std::string_view value) {
    return value == kMasked || value.find(std::string(":") + kMaskedPart + "@") != std::string_view::npos ||
           value.find(std::string("=") + kMaskedPart) != std::string_view::npos;
}

}  // namespace connql
