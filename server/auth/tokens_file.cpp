#include "server/auth/tokens_file.h"

#include <set>
#include <sstream>

#include "common/diagnostic.h"
#include "common/text.h"
#include "server/auth/crypto.h"
#include "server/auth/file_io.h"
#include "server/auth/users_file.h"

namespace connql::auth {

namespace {

constexpr std::string_view kWhat = "tokens file";

bool is_sha256_hex(std::string_view text) {
    if (text.size() != 64) return false;
    for (char c : text) {
        if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'))) return false;
    }
    return true;
}

}  // namespace

std::string token_hash(std::string_view token) { return detail::sha256_hex(token); }

std::vector<TokenEntry> read_tokens_file(const std::filesystem::path& tokens_file) {
    std::vector<std::string> lines = detail::read_lines(tokens_file, kWhat);
    std::vector<TokenEntry> tokens;
    std::set<std::string> seen;
    for (size_t i = 0; i < lines.size(); ++i) {
        if (detail::is_blank_or_comment(lines[i])) continue;
        std::istringstream fields(lines[i]);
        std::string hash, role_text, name, extra;
        fields >> hash >> role_text >> name >> extra;
        std::string at = detail::where(kWhat, tokens_file, i + 1);
        if (role_text.empty() || !extra.empty()) throw Error(ErrorKind::Usage, at + "expected: sha256hex role [name]");
        if (!is_sha256_hex(hash)) {
            throw Error(ErrorKind::Usage, at + "the first field must be the SHA-256 of the token (64 hex digits), "
                                               "never the token itself (docs/security.md says how to hash one)");
        }
        std::optional<Role> role = parse_role(role_text);
        if (!role) throw Error(ErrorKind::Usage, at + "unknown role (expected read or write)");
        if (!name.empty() && !is_valid_user_name(name)) throw Error(ErrorKind::Usage, at + "invalid name");
        hash = to_lower(hash);
        if (!seen.insert(hash).second) throw Error(ErrorKind::Usage, at + "the same token is listed twice");
        if (name.empty()) name = "token:" + hash.substr(0, 8);
        tokens.push_back(TokenEntry{std::move(hash), *role, std::move(name)});
    }
    return tokens;
}

std::string add_token(const std::filesystem::path& tokens_file, Role role, std::string_view name) {
    if (!name.empty() && !is_valid_user_name(name)) {
        throw Error(ErrorKind::Usage, "invalid token name '" + std::string(name) + "'");
    }
    std::string content;
    std::error_code ignored;
    if (std::filesystem::exists(tokens_file, ignored)) {
        read_tokens_file(tokens_file);  // refuse to append to a file that would not load
        for (const std::string& line : detail::read_lines(tokens_file, kWhat)) content += line + "\n";
    }
    std::string token = detail::base64url(detail::random_bytes(32));
    content += token_hash(token) + " " + std::string(role_name(role));
    if (!name.empty()) content += " " + std::string(name);
    content += "\n";
    detail::write_file_atomically(tokens_file, content);
    return token;
}

}  // namespace connql::auth
