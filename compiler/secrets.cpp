#include "compiler/secrets.h"

#include <algorithm>
#include <cctype>
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

// scheme://user:password@host -> scheme://user:***@host, anywhere in the text.
std::string mask_url_user_info(std::string_view text, Found found) {
    std::string out;
    size_t done = 0;
    for (size_t scheme = text.find("://"); scheme != std::string_view::npos; scheme = text.find("://", scheme + 3)) {
        size_t authority = scheme + 3;
        size_t end = text.find_first_of("/?#\" \t\n,;", authority);
        if (end == std::string_view::npos) end = text.size();
        std::string_view host_part = text.substr(authority, end - authority);
        size_t at = host_part.rfind('@');
        size_t colon = host_part.find(':');
        if (at == std::string_view::npos || colon == std::string_view::npos || colon > at) continue;
        out += text.substr(done, authority + colon + 1 - done);
        mask_span(out, host_part.substr(colon + 1, at - colon - 1), found);
        done = authority + at;
    }
    out += text.substr(done);
    return out;
}

// name=value parameters whose name is a credential: the value up to & ; , space or quote.
std::string mask_parameters(std::string_view text, Found found) {
    std::string lower = to_lower(text);
    std::string out;
    size_t done = 0;
    for (size_t i = 0; i < text.size(); ++i) {
        if (text[i] != '=' || i == 0) continue;
        size_t start = i;
        while (start > 0 && is_name_char(text[start - 1])) --start;
        std::string name = lower.substr(start, i - start);
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
        out += text.substr(done, value_start - done);
        mask_span(out, text.substr(value_start, end - value_start), found);
        done = end;
        i = end == 0 ? 0 : end - 1;
    }
    out += text.substr(done);
    return out;
}

// "Authorization: Bearer abc", "Authorization=Basic abc", "Bearer abc", "X-Api-Key: abc".
// Every answer of `connql serve` passes here: the markers are found with find (a
// fast scan), not tried at every byte, which cost half a server's CPU on a large answer.
std::string mask_authorization(std::string_view text, Found found) {
    const std::string lower = to_lower(text);
    static constexpr std::string_view kMarkers[] = {"bearer ", "authorization:", "authorization=", "x-api-key:",
                                                    "api-key:", "apikey:"};
    static constexpr std::string_view kSchemes[] = {"bearer ", "basic ", "token "};
    std::string out;
    size_t done = 0;
    size_t i = 0;
    while (i < text.size()) {
        size_t next = std::string::npos;
        for (std::string_view marker : kMarkers) next = std::min(next, lower.find(marker, i));
        if (next == std::string::npos) break;
        bool masked = false;
        for (std::string_view marker : kMarkers) {
            if (lower.compare(next, marker.size(), marker) != 0) continue;
            size_t start = next + marker.size();
            while (start < text.size() && text[start] == ' ') ++start;
            // "Authorization: Bearer x": the scheme stays, the credential after it goes.
            bool authorization = lower.compare(next, 13, "authorization") == 0;
            for (std::string_view scheme : kSchemes) {
                if (authorization && lower.compare(start, scheme.size(), scheme) == 0) start += scheme.size();
            }
            size_t end = text.find_first_of(" \t\n,;|\"'", start);
            if (end == std::string_view::npos) end = text.size();
            // In free text ("bearer token at ..."), only a word that looks like a credential.
            if (end <= start || start < done || (!authorization && end - start < 8)) continue;
            out += text.substr(done, start - done);
            mask_span(out, text.substr(start, end - start), found);
            done = end;
            i = end;
            masked = true;
            break;
        }
        if (!masked) i = next + 1;
    }
    if (done < text.size()) out += text.substr(done);
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
    return mask_authorization(mask_parameters(mask_url_user_info(text, nullptr), nullptr), nullptr);
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
