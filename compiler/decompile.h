// Config -> the connql CREATE statement that recreates it (SHOW CREATE CONNECTOR),
// with transforms, predicates, converters and error handling lifted back into
// clauses. Whatever cannot be lifted exactly stays a raw key in WITH, so that
// compiling the statement always gives back the config it came from.
#pragma once

#include <string>
#include <vector>

#include "compiler/config.h"
#include "parser/ast.h"

namespace connql {

struct Decompiled {
    std::string statement;             // ends with ';'
    std::vector<std::string> lifted;   // clauses used: USING, FORMAT, TRANSFORM, PREDICATE, WHEN, ON ERROR, RETRY ERRORS
};

// `kind` is what Connect reports; for a class connql knows, the class decides.
// Holds for every config whose 'name' is absent or equal to `name`:
//   compile(parse(decompile(name, kind, config).statement)).config == config + {name}
Decompiled decompile(const std::string& name, ast::ConnectorKind kind, const Config& config);

}  // namespace connql
