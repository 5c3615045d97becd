// A script ready to run: every input parsed and every CREATE compiled before a
// single statement is sent, so that a script with any error changes nothing.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "compiler/compiler.h"
#include "parser/ast.h"
#include "parser/parser.h"

namespace connql {

struct ScriptInput {
    std::string origin;  // file path, "<stdin>", "<request>"
    std::string text;
};

struct PreparedStatement {
    ast::Statement statement;
    size_t input = 0;                          // index into PreparedScript::inputs
    std::optional<CompiledConnector> compiled;  // for CREATE, EXPLAIN CREATE and VALIDATE
};

struct PreparedScript {
    std::vector<ScriptInput> inputs;  // the given ones, then those that RUN SCRIPT read
    std::vector<PreparedStatement> statements;
};

// Reads the file RUN SCRIPT names; throws connql::Error when it cannot.
using FileReader = std::function<std::string(const std::string& path)>;
std::string read_file(const std::string& path);

struct PrepareOptions {
    CompileContext compile;
    FileReader reader = read_file;
};

// Throws connql::Error with Diagnostic::origin set; `state` changes only on success.
PreparedScript prepare(const std::vector<ScriptInput>& inputs, ParseState& state, const PrepareOptions& options);

// The error rendered with its line quoted, found among the script's inputs.
std::string render_error(const Error& error, const std::vector<ScriptInput>& inputs);

}  // namespace connql
