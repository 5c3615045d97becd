// A script ready to run: every input parsed, every CREATE compiled and every rule
// that can be checked without the cluster checked, before a single statement is
// sent, so that a script with any error changes nothing (exit code 2).
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include <nlohmann/json.hpp>

#include "compiler/compiler.h"
#include "parser/ast.h"
#include "parser/parser.h"

namespace connql {

class Session;

struct ScriptInput {
    std::string origin;  // file path, "<stdin>", "<request>"
    std::string text;
};

// What running a statement needs and does, decided once per statement kind.
struct StatementTraits {
    bool changes_cluster = false;  // CREATE, ALTER, DROP, PAUSE, RESUME, STOP, RESTART
    bool needs_connect = false;    // sends anything to Kafka Connect
    bool needs_kafka = false;      // reads from the brokers (SHOW TOPICS, PRINT, SHOW ERRORS)
};
StatementTraits traits_of(const ast::StatementNode& node);

struct PreparedStatement {
    ast::Statement statement;
    size_t input = 0;                           // index into PreparedScript::inputs
    std::optional<CompiledConnector> compiled;  // for CREATE, EXPLAIN CREATE and VALIDATE
    std::optional<nlohmann::json> offsets;      // the checked body of ALTER ... SET OFFSETS
    StatementTraits traits;
    std::vector<std::string> warnings;          // found while preparing (a property that does nothing)

    // The statement as it may be shown, masked as ksqlDB's QueryMask masks it:
    // every property value reads '[string]'. Worked out when asked.
    std::string masked_text() const;
};

struct PreparedScript {
    std::vector<ScriptInput> inputs;  // the given ones, then those that RUN SCRIPT read
    std::vector<PreparedStatement> statements;

    // "file:line" of a statement, for reports.
    std::string location(const PreparedStatement& statement) const;
};

// Reads the file RUN SCRIPT names; throws connql::Error when it cannot.
using FileReader = std::function<std::string(const std::string& path)>;
std::string read_file(const std::string& path);

struct PrepareOptions {
    FileReader reader = read_file;
    // Whether a statement that talks to the cluster needs one to be configured
    // (off for `connql explain`, which sends nothing).
    bool require_cluster = true;
    // WalkFirst for untrusted input (parser/parser.h).
    SyntaxCheck syntax_check = SyntaxCheck::OnFailure;
};

// Throws connql::Error with Diagnostic::origin set. The session's variables and
// dialect change only on success; its properties and cluster are not changed
// (the statements that change them do that when they run). On an error,
// `read_inputs` (if given) receives every input read, those of RUN SCRIPT too, so
// that the error can be quoted from the file it is in.
PreparedScript prepare(const std::vector<ScriptInput>& inputs, Session& session, const PrepareOptions& options = {},
                       std::vector<ScriptInput>* read_inputs = nullptr);

// The same, with the error returned instead of thrown (`connql serve` answers
// malformed statements at a rate where unwinding is most of the cost).
std::variant<PreparedScript, Error> prepare_or_error(const std::vector<ScriptInput>& inputs, Session& session,
                                                     const PrepareOptions& options = {},
                                                     std::vector<ScriptInput>* read_inputs = nullptr);

// The error rendered with its line quoted, found among the script's inputs.
std::string render_error(const Error& error, const std::vector<ScriptInput>& inputs);

}  // namespace connql
