#include "cli/explain_command.h"

#include <iostream>

#include "cli/inputs.h"
#include "render/table.h"
#include "engine/script.h"
#include "compiler/secrets.h"

namespace connql {

namespace {

std::string location(const PreparedScript& script, const PreparedStatement& statement) {
    return script.inputs[statement.input].origin + ":" + std::to_string(statement.statement.pos.line);
}

void print_warnings(const PreparedScript& script, const PreparedStatement& statement, const CompiledConnector& compiled) {
    for (const Diagnostic& warning : compiled.warnings) {
        std::cerr << script.inputs[statement.input].origin << ":" << warning.pos.line << ":" << warning.pos.column
                  << ": warning: " << warning.message << "\n";
    }
}

void print_table(const PreparedScript& script, const ExplainOptions& options) {
    bool first = true;
    for (const PreparedStatement& statement : script.statements) {
        if (!first) std::cout << "\n";
        if (statement.compiled && !std::holds_alternative<ast::Validate>(statement.statement.node)) {
            const CompiledConnector& compiled = *statement.compiled;
            first = false;
            print_warnings(script, statement, compiled);
            std::cout << "CREATE " << (compiled.kind == ast::ConnectorKind::Sink ? "SINK" : "SOURCE") << " CONNECTOR "
                      << compiled.name << "  (" << location(script, statement) << ")\n\n";
            std::vector<Row> rows;
            Config shown = options.show_secrets ? compiled.config : masked(compiled.config);
            for (const auto& [key, value] : shown.entries()) rows.push_back({key, value});
            std::cout << render_table({"Property", "Value"}, rows);
        } else if (auto* alter = std::get_if<ast::AlterConnector>(&statement.statement.node)) {
            first = false;
            std::cout << "ALTER CONNECTOR " << alter->name.text << "  (" << location(script, statement)
                      << "): changes the live config; run it against a cluster to see the result\n";
        }
    }
}

void print_json(const PreparedScript& script, const ExplainOptions& options) {
    nlohmann::ordered_json out = nlohmann::ordered_json::array();
    for (const PreparedStatement& statement : script.statements) {
        if (!statement.compiled || std::holds_alternative<ast::Validate>(statement.statement.node)) continue;
        const CompiledConnector& compiled = *statement.compiled;
        print_warnings(script, statement, compiled);
        out.push_back({{"name", compiled.name},
                       {"config", (options.show_secrets ? compiled.config : masked(compiled.config)).to_json()}});
    }
    std::cout << out.dump(2) << "\n";
}

}  // namespace

int run_explain(const ExplainOptions& options) {
    std::vector<ScriptInput> inputs;
    try {
        inputs = read_inputs(options.paths);
        ParseState state;
        state.dialect = state.default_dialect = options.dialect;
        apply_defines(options.defines, state);
        PrepareOptions prepare_options;
        prepare_options.compile.schema_registry_url = options.schema_registry_url;
        PreparedScript script = prepare(inputs, state, prepare_options);
        if (options.output == "json") {
            print_json(script, options);
        } else {
            print_table(script, options);
        }
        return 0;
    } catch (const Error& error) {
        std::cerr << render_error(error, inputs);
        return 2;
    }
}

}  // namespace connql
