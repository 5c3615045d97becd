#include "compiler/secrets.h"

#include <algorithm>
#include <cctype>
#include <optional>
#include <vector>

#include "common/text.h"

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

// scheme://user:password@host -> scheme://user:***@host, anywhere in the text.
std::optional<std::string> mask_url_user_info(std::string_view text, Found found) {
    std::optional<std::string> out;
    size_t done = 0;
    for (size_t scheme = text.find("://"); scheme != std::string_view::npos; scheme = text.find("://", scheme + 3)) {
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
    for (size_t next = 0; next < text.size(); ++next) {
        const char first = text[next];
        if (first != 'b' && first != 'B' && first != 'a' && first != 'A' && first != 'x' && first != 'X') continue;
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

std::string mask_embedded_credentials(std::string_view text) {
    std::optional<std::string> urls = mask_url_user_info(text, nullptr);
    std::string_view after_urls = urls ? std::string_view(*urls) : text;
    std::optional<std::string> parameters = mask_parameters(after_urls, nullptr);
    std::string_view after_parameters = parameters ? std::string_view(*parameters) : after_urls;
    std::optional<std::string> authorization = mask_authorization(after_parameters, nullptr);
    return authorization ? std::move(*authorization) : std::string(after_parameters);
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
