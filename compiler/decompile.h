// Config -> the connql CREATE statement that recreates it (SHOW CREATE CONNECTOR),
// with transforms, predicates, converters and error handling lifted back into
// clauses. Whatever cannot be lifted exactly stays a raw key in WITH, so that
// compiling the statement always gives back the config it came from.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "compiler/config.h"
#include "compiler/secrets.h"
#include "parser/ast.h"

namespace connql {

struct Decompiled {
    std::string statement;             // ends with ';'
    std::vector<std::string> lifted;   // clauses used: USING, FORMAT, TRANSFORM, PREDICATE, WHEN, ON ERROR, RETRY ERRORS
    // The variables the statement refers to in place of its secrets, in order; a
    // comment above the statement names them (see DecompileOptions).
    std::vector<std::string> secret_variables;
};

struct DecompileOptions {
    // In the ksqldb dialect, names that would read back in another case are quoted.
    Dialect dialect = Dialect::Connql;
    // A secret value (by this policy) is written as a variable reference,
    // '${<connector>_<key>}', under a comment that says to DEFINE it: running the
    // statement without it fails before anything is sent, instead of writing a
    // placeholder into the live config. With policy.show, secrets are written as they are.
    std::optional<SecretPolicy> secrets;
};

// `kind` is what Connect reports; for a class connql knows, the class decides.
// Holds for every config whose 'name' is absent or equal to `name` (and, with
// secrets as variables, with those variables defined as the secrets):
//   compile(parse(decompile(name, kind, config).statement)).config == config + {name}
Decompiled decompile(const std::string& name, ast::ConnectorKind kind, const Config& config,
                     const DecompileOptions& options = {});

// The variable a secret of `key` of connector `name` becomes: pg-cdc, database.password
// -> pg_cdc_database_password.
std::string secret_variable_name(const std::string& name, const std::string& key);

}  // namespace connql
