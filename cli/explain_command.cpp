// `connql explain`: compile scripts without a cluster and print, for each CREATE,
// the config it would send. The same `prepare` as `run`, so it rejects what
// `run` would reject before sending anything.
#include <iostream>

#include "cli/command.h"
#include "cli/inputs.h"
#include "cli/options.h"
#include "compiler/secrets.h"
#include "engine/prepare.h"
#include "render/table.h"

namespace connql::cli {

namespace {

class ExplainCommand : public Command {
public:
    CLI::App* attach(CLI::App& app) override {
        CLI::App* command =
            app.add_subcommand("explain", "Compile scripts without a cluster and print the config each CREATE would send");
        add_script_flags(*command, script_);
        add_registry_flag(*command, cluster_);
        add_file_arguments(*command, paths_);
        return command;
    }

    int run() override {
        OutputFormat format = output_format(script_);
        std::vector<ScriptInput> inputs;
        try {
            Session session = Session::open(session_options(script_, cluster_));
            policy_ = session.local_secret_policy();
            inputs = read_inputs(paths_);
            PrepareOptions options;
            options.require_cluster = false;  // explain sends nothing
            PreparedScript script = prepare(inputs, session, options, &inputs);
            if (format == OutputFormat::Json) {
                print_json(script);
            } else {
                print_table(script);
            }
            return 0;
        } catch (const Error& error) {
            std::cerr << mask_embedded_credentials(render_error(error, inputs));
            if (format == OutputFormat::Json) print_error_entity(error, std::cout);
            return 2;
        }
    }

private:
    Config shown(const CompiledConnector& compiled) const {
        return masked(compiled.config, policy_);
    }

    static void print_warnings(const PreparedScript& script, const PreparedStatement& statement) {
        for (const Diagnostic& warning : statement.compiled->warnings) {
            std::cerr << script.inputs[statement.input].origin << ":" << warning.pos.line << ":" << warning.pos.column
                      << ": warning: " << warning.message << "\n";
        }
    }

    static bool shows_config(const PreparedStatement& statement) {
        return statement.compiled && !std::holds_alternative<ast::Validate>(statement.statement.node);
    }

    void print_table(const PreparedScript& script) const {
        bool first = true;
        for (const PreparedStatement& statement : script.statements) {
            if (shows_config(statement)) {
                if (!first) std::cout << "\n";
                first = false;
                const CompiledConnector& compiled = *statement.compiled;
                print_warnings(script, statement);
                std::cout << "CREATE " << (compiled.kind == ast::ConnectorKind::Sink ? "SINK" : "SOURCE")
                          << " CONNECTOR " << compiled.name << "  (" << script.location(statement) << ")\n\n";
                std::vector<Row> rows;
                const Config config = shown(compiled);  // kept alive: entries() refers into it
                for (const auto& [key, value] : config.entries()) rows.push_back({key, value});
                std::cout << render_table({"Property", "Value"}, rows);
            } else if (auto* alter = std::get_if<ast::AlterConnector>(&statement.statement.node)) {
                if (!first) std::cout << "\n";
                first = false;
                std::cout << "ALTER CONNECTOR " << alter->name.text << "  (" << script.location(statement)
                          << "): changes the live config; run it against a cluster to see the result\n";
            }
        }
    }

    void print_json(const PreparedScript& script) const {
        nlohmann::ordered_json out = nlohmann::ordered_json::array();
        for (const PreparedStatement& statement : script.statements) {
            if (!shows_config(statement)) continue;
            print_warnings(script, statement);
            out.push_back({{"name", statement.compiled->name}, {"config", shown(*statement.compiled).to_json()}});
        }
        std::cout << out.dump(2) << "\n";
    }

    ScriptFlags script_;
    ClusterFlags cluster_;
    SecretPolicy policy_;
    std::vector<std::string> paths_;
};

}  // namespace

std::unique_ptr<Command> make_explain_command() { return std::make_unique<ExplainCommand>(); }

}  // namespace connql::cli
