#include "server/auth/users_file.h"

#include <crypt.h>

#include <cstdlib>
#include <memory>
#include <set>

#include "common/diagnostic.h"
#include "server/auth/crypto.h"
#include "server/auth/file_io.h"

namespace connql::auth {

namespace {

constexpr std::string_view kWhat = "users file";

struct FreeDeleter {
    void operator()(void* p) const { std::free(p); }
};

// name:role:hash, or nullopt when the line does not have that shape.
struct Fields {
    std::string_view name, role, hash;
};
std::optional<Fields> split(std::string_view line) {
    size_t first = line.find(':');
    if (first == std::string_view::npos) return std::nullopt;
    size_t second = line.find(':', first + 1);
    if (second == std::string_view::npos) return std::nullopt;
    return Fields{line.substr(0, first), line.substr(first + 1, second - first - 1), line.substr(second + 1)};
}

void check_password_text(std::string_view password) {
    if (password.empty()) throw Error(ErrorKind::Usage, "the password is empty");
    // crypt() takes a C string: a NUL would silently cut the password short.
    if (password.find('\0') != std::string_view::npos || password.find('\n') != std::string_view::npos) {
        throw Error(ErrorKind::Usage, "the password holds a NUL or newline character");
    }
}

UserEntry parse_line(std::string_view line, const std::filesystem::path& file, size_t number) {
    std::optional<Fields> fields = split(line);
    if (!fields) throw Error(ErrorKind::Usage, detail::where(kWhat, file, number) + "expected name:role:hash");
    if (!is_valid_user_name(fields->name)) {
        throw Error(ErrorKind::Usage, detail::where(kWhat, file, number) + "invalid user name");
    }
    std::optional<Role> role = parse_role(fields->role);
    if (!role) {
        throw Error(ErrorKind::Usage, detail::where(kWhat, file, number) + "unknown role for user '" +
                                          std::string(fields->name) + "' (expected read or write)");
    }
    std::string hash(fields->hash);
    int check = hash.empty() || hash[0] != '$' ? CRYPT_SALT_INVALID : crypt_checksalt(hash.c_str());
    if (check == CRYPT_SALT_METHOD_LEGACY) {
        throw Error(ErrorKind::Usage, detail::where(kWhat, file, number) + "the hash of user '" +
                                          std::string(fields->name) +
                                          "' uses a legacy method; set the password again with `connql serve passwd`");
    }
    if (check != CRYPT_SALT_OK) {
        throw Error(ErrorKind::Usage, detail::where(kWhat, file, number) + "the hash of user '" +
                                          std::string(fields->name) + "' is not a crypt hash libcrypt supports");
    }
    return UserEntry{std::string(fields->name), *role, std::move(hash)};
}

}  // namespace

bool is_valid_user_name(std::string_view name) {
    if (name.empty()) return false;
    for (char c : name) {
        auto u = static_cast<unsigned char>(c);
        if (c == ':' || c == ' ' || c == '\t' || u < 0x20 || u == 0x7f) return false;
    }
    return name[0] != '#';
}

std::vector<UserEntry> read_users_file(const std::filesystem::path& users_file) {
    std::vector<std::string> lines = detail::read_lines(users_file, kWhat);
    std::vector<UserEntry> users;
    std::set<std::string> seen;
    for (size_t i = 0; i < lines.size(); ++i) {
        if (detail::is_blank_or_comment(lines[i])) continue;
        UserEntry entry = parse_line(lines[i], users_file, i + 1);
        if (!seen.insert(entry.name).second) {
            throw Error(ErrorKind::Usage, detail::where(kWhat, users_file, i + 1) + "user '" + entry.name + "' is listed twice");
        }
        users.push_back(std::move(entry));
    }
    return users;
}

std::string hash_password(std::string_view password) {
    check_password_text(password);
    // A null random source and count 0: libcrypt draws the salt from the OS and picks
    // yescrypt's default cost.
    std::unique_ptr<char, FreeDeleter> setting(crypt_gensalt_ra("$y$", 0, nullptr, 0));
    if (!setting) throw Error(ErrorKind::Runtime, "libcrypt cannot make a yescrypt salt");
    void* data = nullptr;
    int size = 0;
    std::string text(password);
    const char* hashed = crypt_ra(text.c_str(), setting.get(), &data, &size);
    std::unique_ptr<void, FreeDeleter> owner(data);
    if (hashed == nullptr || hashed[0] == '*') throw Error(ErrorKind::Runtime, "libcrypt cannot hash with yescrypt");
    return hashed;
}

bool verify_password(std::string_view password, const std::string& hash) {
    if (password.find('\0') != std::string_view::npos) return false;
    void* data = nullptr;
    int size = 0;
    std::string text(password);
    const char* hashed = crypt_ra(text.c_str(), hash.c_str(), &data, &size);
    std::unique_ptr<void, FreeDeleter> owner(data);
    // A failure reads "*0" or "*1" (or null): never equal to a stored hash, which starts with '$'.
    if (hashed == nullptr || hashed[0] == '*') return false;
    return detail::constant_time_equal(hashed, hash);
}

void set_password(const std::filesystem::path& users_file, const std::string& user, const std::string& password,
                  std::optional<Role> role) {
    if (!is_valid_user_name(user)) {
        throw Error(ErrorKind::Usage, "invalid user name '" + user + "': it must not be empty, start with '#', or hold ':', blanks or control characters");
    }
    check_password_text(password);
    std::vector<std::string> lines;
    std::error_code ignored;
    if (std::filesystem::exists(users_file, ignored)) lines = detail::read_lines(users_file, kWhat);

    // A file we could not read back is not rewritten: the line we do not understand
    // might be the one that should have changed.
    std::optional<size_t> found;
    for (size_t i = 0; i < lines.size(); ++i) {
        if (detail::is_blank_or_comment(lines[i])) continue;
        UserEntry entry = parse_line(lines[i], users_file, i + 1);
        if (entry.name != user) continue;
        if (found) {
            throw Error(ErrorKind::Usage, detail::where(kWhat, users_file, i + 1) + "user '" + user + "' is listed twice");
        }
        found = i;
        if (!role) role = entry.role;
    }
    std::string line = user + ":" + std::string(role_name(role.value_or(Role::Write))) + ":" + hash_password(password);
    if (found) {
        lines[*found] = std::move(line);
    } else {
        lines.push_back(std::move(line));
    }
    std::string content;
    for (const std::string& l : lines) content += l + "\n";
    detail::write_file_atomically(users_file, content);
}

}  // namespace connql::auth
