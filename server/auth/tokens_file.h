// The bearer tokens of `connql serve --tokens FILE` (docs/security.md, "Server authentication").
//
// One token a line:   sha256hex role [name]
//   sha256hex  the SHA-256 of the token, 64 hex digits: the file never holds a token itself
//   role       read | write
//   name       optional, shown as the user in the access log (default "token:<8 hex digits>")
// Blank lines and lines whose first non-blank character is '#' are comments. A line that
// holds a plain token instead of its hash is refused: `add_token` is the way to make one.
//
// Why a fast hash here and yescrypt for passwords: a token is 32 random bytes made by
// `add_token`, so nobody can guess it, however fast the guesses; SHA-256 is enough to
// keep a stolen file from being a list of working tokens, and it keeps each request's
// check a map lookup. Passwords are chosen by people and need the slow, salted hash.
#pragma once

#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "server/auth/roles.h"

namespace connql::auth {

struct TokenEntry {
    std::string sha256_hex;  // lowercase
    Role role = Role::Write;
    std::string name;
};

// Every token of the file. Throws connql::Error (Usage) naming file:line on a malformed
// line; messages never quote a line's hash.
std::vector<TokenEntry> read_tokens_file(const std::filesystem::path& tokens_file);

// A new token: 32 bytes of OpenSSL's CSPRNG, base64url (43 characters). Its hash and
// role (and `name`, when given) are appended to the file, which is created if missing
// and replaced atomically with mode 0600. The token is returned once, to be shown to the
// operator; it cannot be recovered from the file.
std::string add_token(const std::filesystem::path& tokens_file, Role role, std::string_view name = {});

// The hash a token is stored under.
std::string token_hash(std::string_view token);

}  // namespace connql::auth
