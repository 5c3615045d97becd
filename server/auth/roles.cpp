#include "server/auth/roles.h"

namespace connql::auth {

std::string_view role_name(Role role) { return role == Role::Read ? "read" : "write"; }

std::optional<Role> parse_role(std::string_view text) {
    if (text == "read") return Role::Read;
    if (text == "write") return Role::Write;
    return std::nullopt;
}

}  // namespace connql::auth
