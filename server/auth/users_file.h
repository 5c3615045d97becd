// The users file of `connql serve --users FILE` (docs/security.md, "Server authentication").
//
// One user a line:   name:role:hash
//   name  any characters but ':', blanks and control characters
//   role  read | write
//   hash  a crypt(3) hash with its salt: yescrypt ($y$...) as `connql serve passwd` writes
//         it; SHA-512 crypt ($6$...) and bcrypt ($2b$...) are accepted too. Legacy methods
//         (DES, MD5) are refused: they are fast enough to brute-force.
// Blank lines and lines whose first non-blank character is '#' are comments.
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "server/auth/roles.h"

namespace connql::auth {

struct UserEntry {
    std::string name;
    Role role = Role::Write;
    std::string hash;
};

// Every user of the file. Throws connql::Error (Usage) naming file:line on a malformed
// line, an unknown role, an unusable hash or a user listed twice. No message quotes a
// hash or any other part of a line but the user name.
std::vector<UserEntry> read_users_file(const std::filesystem::path& users_file);

// yescrypt of `password` with a fresh random salt (libcrypt's default cost). Slow by design.
std::string hash_password(std::string_view password);
// Whether `password` matches a crypt hash; false for a hash libcrypt cannot use.
bool verify_password(std::string_view password, const std::string& hash);

// Creates or updates `user`'s line: the new hash, and `role` when given (nullopt keeps an
// existing user's role; a new user then gets write). Every other line, comments included,
// is kept as it was. The file is replaced atomically and ends with mode 0600. Two
// concurrent runs on the same file may lose one of the two changes (no lock is taken).
// Throws connql::Error on an invalid name, an empty password, a password holding a NUL
// or newline, or an existing file that does not parse.
void set_password(const std::filesystem::path& users_file, const std::string& user, const std::string& password,
                  std::optional<Role> role = std::nullopt);

// A valid user name: not empty, no ':', blank or control character.
bool is_valid_user_name(std::string_view name);

}  // namespace connql::auth
