#include "server/auth/authenticator.h"

#include <sys/stat.h>

#include <chrono>
#include <map>
#include <mutex>
#include <unordered_map>
#include <vector>

#include "common/diagnostic.h"
#include "server/auth/crypto.h"
#include "server/auth/tokens_file.h"
#include "server/auth/users_file.h"

namespace connql::auth {

namespace {

constexpr size_t kCacheCapacity = 1024;
constexpr auto kReloadInterval = std::chrono::seconds(1);

// What tells a changed file: an atomic replace changes the inode, an edit the size or mtime.
struct Stamp {
    bool exists = false;
    ino_t inode = 0;
    off_t size = 0;
    long long mtime_ns = 0;
    bool operator==(const Stamp& o) const {
        return exists == o.exists && inode == o.inode && size == o.size && mtime_ns == o.mtime_ns;
    }
    bool operator!=(const Stamp& o) const { return !(*this == o); }
};

Stamp stamp_of(const std::optional<std::filesystem::path>& file) {
    Stamp s;
    struct stat st {};
    if (!file || ::stat(file->c_str(), &st) != 0) return s;
    s.exists = true;
    s.inode = st.st_ino;
    s.size = st.st_size;
    s.mtime_ns = static_cast<long long>(st.st_mtim.tv_sec) * 1000000000LL + st.st_mtim.tv_nsec;
    return s;
}

// One consistent set of credentials; replaced whole on reload, never changed.
struct Credentials {
    std::map<std::string, UserEntry, std::less<>> users;
    std::vector<TokenEntry> tokens;
    Stamp users_stamp, tokens_stamp;
    unsigned long generation = 0;
};

std::string_view trim(std::string_view text) {
    size_t begin = text.find_first_not_of(" \t");
    if (begin == std::string_view::npos) return {};
    size_t end = text.find_last_not_of(" \t");
    return text.substr(begin, end - begin + 1);
}

bool equals_ignoring_case(std::string_view a, std::string_view b) {
    if (a.size() != b.size()) return false;
    for (size_t i = 0; i < a.size(); ++i) {
        char x = a[i], y = b[i];
        if (x >= 'A' && x <= 'Z') x = static_cast<char>(x - 'A' + 'a');
        if (y >= 'A' && y <= 'Z') y = static_cast<char>(y - 'A' + 'a');
        if (x != y) return false;
    }
    return true;
}

const AuthFailure kWrongCredentials{"unknown user or wrong password"};
const AuthFailure kMalformed{"malformed Authorization header"};

}  // namespace

struct Authenticator::State {
    std::optional<std::filesystem::path> users_file, tokens_file;
    // Hashed for an unknown user, so that "no such user" takes as long as "wrong password".
    std::string dummy_hash;
    std::string cache_key = detail::random_bytes(32);

    mutable std::mutex credentials_mutex;  // guards credentials, last_look, reload_error
    mutable std::shared_ptr<const Credentials> credentials;
    mutable std::chrono::steady_clock::time_point last_look;
    mutable std::optional<std::string> reload_error;

    mutable std::mutex cache_mutex;  // guards logins, cache_generation
    mutable std::unordered_map<std::string, Principal> logins;
    mutable unsigned long cache_generation = 0;

    std::shared_ptr<const Credentials> read(unsigned long generation) const {
        auto fresh = std::make_shared<Credentials>();
        // Stamps first: a change made while we read is then seen by the next look.
        fresh->users_stamp = stamp_of(users_file);
        fresh->tokens_stamp = stamp_of(tokens_file);
        if (users_file) {
            for (UserEntry& user : read_users_file(*users_file)) fresh->users.emplace(user.name, std::move(user));
        }
        if (tokens_file) fresh->tokens = read_tokens_file(*tokens_file);
        fresh->generation = generation;
        return fresh;
    }

    std::shared_ptr<const Credentials> current() const {
        std::lock_guard lock(credentials_mutex);
        return credentials;
    }

    bool look(bool force) const {
        std::lock_guard lock(credentials_mutex);
        auto now = std::chrono::steady_clock::now();
        if (!force && now - last_look < kReloadInterval) return false;
        last_look = now;
        Stamp users_now = stamp_of(users_file), tokens_now = stamp_of(tokens_file);
        if (users_now == credentials->users_stamp && tokens_now == credentials->tokens_stamp) return false;
        try {
            credentials = read(credentials->generation + 1);
            reload_error.reset();
        } catch (const std::exception& e) {
            // Keep the last good credentials; remember the stamps so that the broken file
            // is read again only once it changes again.
            auto kept = std::make_shared<Credentials>(*credentials);
            kept->users_stamp = users_now;
            kept->tokens_stamp = tokens_now;
            credentials = std::move(kept);
            reload_error = e.what();
            return false;
        }
        // A removed user or a changed password must not live on in the cache.
        std::lock_guard cache_lock(cache_mutex);
        logins.clear();
        cache_generation = credentials->generation;
        return true;
    }

    std::variant<Principal, AuthFailure> basic(const Credentials& creds, std::string_view encoded) const {
        if (!users_file) return AuthFailure{"Basic authentication is not enabled on this server"};
        std::optional<std::string> decoded = detail::base64_decode(encoded);
        if (!decoded) return kMalformed;
        size_t colon = decoded->find(':');
        if (colon == std::string::npos) return kMalformed;
        std::string_view user = std::string_view(*decoded).substr(0, colon);
        std::string_view password = std::string_view(*decoded).substr(colon + 1);

        std::string key = detail::hmac_sha256(cache_key, std::string(user) + '\0' + std::string(password));
        {
            std::lock_guard lock(cache_mutex);
            if (cache_generation == creds.generation) {
                auto hit = logins.find(key);
                if (hit != logins.end()) return hit->second;
            }
        }
        auto entry = creds.users.find(user);
        if (entry == creds.users.end()) {
            verify_password(password, dummy_hash);
            return kWrongCredentials;
        }
        if (!verify_password(password, entry->second.hash)) return kWrongCredentials;
        Principal principal{entry->second.name, entry->second.role};
        std::lock_guard lock(cache_mutex);
        // A reload since we took `creds` may have removed this user: remember only
        // what the credentials in force say.
        if (cache_generation == creds.generation) {
            if (logins.size() >= kCacheCapacity) logins.erase(logins.begin());
            logins.emplace(std::move(key), principal);
        }
        return principal;
    }

    std::variant<Principal, AuthFailure> bearer(const Credentials& creds, std::string_view token) const {
        if (!tokens_file) return AuthFailure{"bearer tokens are not enabled on this server"};
        std::string hash = token_hash(token);
        // Every entry is compared, in constant time each: the time says nothing of which
        // stored hash shares a prefix with the one sent.
        const TokenEntry* match = nullptr;
        for (const TokenEntry& entry : creds.tokens) {
            if (detail::constant_time_equal(hash, entry.sha256_hex)) match = &entry;
        }
        if (match == nullptr) return AuthFailure{"unknown token"};
        return Principal{match->name, match->role};
    }
};

// A disabled authenticator still has a State (with no files): only a moved-from one has
// none, and it refuses every request rather than let everyone in.
Authenticator::Authenticator() : state_(std::make_unique<State>()) {}
Authenticator::~Authenticator() = default;
Authenticator::Authenticator(Authenticator&&) noexcept = default;
Authenticator& Authenticator::operator=(Authenticator&&) noexcept = default;

Authenticator Authenticator::load(std::optional<std::filesystem::path> users_file,
                                  std::optional<std::filesystem::path> tokens_file) {
    Authenticator authenticator;
    if (!users_file && !tokens_file) return authenticator;
    auto& state = authenticator.state_;
    state->users_file = std::move(users_file);
    state->tokens_file = std::move(tokens_file);
    state->credentials = state->read(0);
    state->last_look = std::chrono::steady_clock::now();
    if (state->users_file) state->dummy_hash = hash_password(detail::base64url(detail::random_bytes(16)));
    return authenticator;
}

bool Authenticator::enabled() const { return !state_ || state_->users_file || state_->tokens_file; }

std::variant<Principal, AuthFailure> Authenticator::check(std::optional<std::string_view> authorization_header) const {
    if (!state_) return AuthFailure{"the server's authenticator is not set up"};
    if (!enabled()) return Principal{"anonymous", Role::Write};
    state_->look(false);
    std::string_view header = trim(authorization_header.value_or(std::string_view{}));
    if (header.empty()) return AuthFailure{"no credentials"};
    size_t space = header.find_first_of(" \t");
    if (space == std::string_view::npos) return kMalformed;
    std::string_view scheme = header.substr(0, space);
    std::string_view credentials = trim(header.substr(space));
    if (credentials.empty() || credentials.find_first_of(" \t") != std::string_view::npos) return kMalformed;
    std::shared_ptr<const Credentials> creds = state_->current();
    if (equals_ignoring_case(scheme, "Basic")) return state_->basic(*creds, credentials);
    if (equals_ignoring_case(scheme, "Bearer")) return state_->bearer(*creds, credentials);
    return AuthFailure{"unsupported authorization scheme (use Basic or Bearer)"};
}

bool Authenticator::reload() const { return state_ && enabled() && state_->look(true); }

std::optional<std::string> Authenticator::last_reload_error() const {
    if (!state_) return std::nullopt;
    std::lock_guard lock(state_->credentials_mutex);
    return state_->reload_error;
}

}  // namespace connql::auth
