// Who a request is, and what its role lets it do (docs/security.md, "Server authentication").
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace connql::auth {

// read: statements that only look (SHOW, LIST, DESCRIBE, EXPLAIN, VALIDATE, PRINT).
// write: everything; the default role of a new user.
enum class Role { Read, Write };

struct Principal {
    std::string name;  // the user name, or "token:<8 hex digits of its hash>" for a bearer token
    Role role = Role::Write;
};

// "read" / "write", as written in the users and tokens files.
std::string_view role_name(Role role);
std::optional<Role> parse_role(std::string_view text);

// Whether `role` may run a statement. The caller decides whether the statement changes
// the cluster (the engine's statement traits); the rule itself is this one line, kept
// here so that every front end applies the same one.
constexpr bool allows(Role role, bool statement_changes_cluster) {
    return role == Role::Write || !statement_changes_cluster;
}

}  // namespace connql::auth
