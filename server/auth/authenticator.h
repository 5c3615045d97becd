// Who sent a request to `connql serve`: Basic auth against the users file, bearer tokens
// against the tokens file (docs/security.md, "Server authentication").
#pragma once

#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <variant>

#include "server/auth/roles.h"

namespace connql::auth {

// Why a request was refused, fit to send back with a 401. It never says whether the user
// exists or the password was wrong, and never quotes a credential.
struct AuthFailure {
    std::string message;
};

class Authenticator {
public:
    // Disabled: every request is Principal{"anonymous", Role::Write}. (A moved-from
    // Authenticator refuses every request instead.)
    Authenticator();
    // Reads the files now; throws connql::Error (Usage) naming file:line when one does not
    // load. With neither file given, the authenticator is disabled.
    static Authenticator load(std::optional<std::filesystem::path> users_file,
                              std::optional<std::filesystem::path> tokens_file);
    ~Authenticator();
    Authenticator(Authenticator&&) noexcept;
    Authenticator& operator=(Authenticator&&) noexcept;

    bool enabled() const;

    // The principal of a request, from its Authorization header (nullopt: no header):
    // "Basic base64(user:password)" or "Bearer <token>", schemes in any case. Thread-safe.
    // A password check is yescrypt, tens of milliseconds by design; successful ones are
    // remembered (keyed by an HMAC of user and password under a per-process random key,
    // at most 1024 of them) so that a client's keep-alive requests stay fast. An unknown
    // user costs the same hash as a wrong password. At most once a second, a check first
    // looks whether a file changed (inode, size, mtime) and reloads it; a file that no
    // longer loads leaves the last good credentials in force (see last_reload_error).
    std::variant<Principal, AuthFailure> check(std::optional<std::string_view> authorization_header) const;

    // Reloads the files now if they changed; true when new credentials are in force.
    bool reload() const;
    // Why the last reload failed, or nullopt when the files in force are the current ones.
    std::optional<std::string> last_reload_error() const;

private:
    struct State;
    std::unique_ptr<State> state_;
};

}  // namespace connql::auth
