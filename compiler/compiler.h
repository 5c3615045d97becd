// AST -> the exact Kafka Connect config. Pure: no I/O, the same input always gives
// the same config, so `connql explain`, the executor and the tests share it.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "compiler/config.h"
#include "parser/ast.h"
#include "common/diagnostic.h"
#include "parser/variables.h"

namespace connql {

struct CompileContext {
    Dialect dialect = Dialect::Connql;
    // Used by FORMAT AVRO | PROTOBUF | JSON_SR when WITH does not name a registry.
    std::optional<std::string> schema_registry_url;
};

struct CompiledConnector {
    std::string name;
    ast::ConnectorKind kind = ast::ConnectorKind::Source;
    Config config;
    std::vector<Diagnostic> warnings;
};

// Throws connql::Error (kind Compile) naming the clause, key and position at fault.
CompiledConnector compile_create(const ast::CreateConnector& statement, const CompileContext& context);

// SET, UNSET, ADD TRANSFORM and DROP TRANSFORM: the live config changed as the
// statement says. Errors that depend on the live config (an unknown transform,
// unsetting a key that is not set) are of kind Runtime.
Config compile_alter(const Config& live, const ast::AlterConnector& statement, const CompileContext& context);
bool alter_changes_config(const ast::AlterAction& action);
// What can be checked without the live config: duplicate or immutable keys, the
// added transform's type and keys, the SET OFFSETS JSON. Throws like compile_create.
void check_alter(const ast::AlterConnector& statement);
// The body of PATCH /connectors/{name}/offsets, checked for the shape Connect takes.
nlohmann::json parse_offsets(const ast::AlterSetOffsets& statement);

// The alias that an inline WHEN form of transform `transform` generates.
std::string inline_predicate_alias(const std::string& transform, ast::When::Kind kind);

}  // namespace connql
