#include "cli/run_command.h"

#include <unistd.h>

#include <iostream>

#include "cli/inputs.h"
#include "cli/render.h"
#include "engine/executor.h"

namespace connql {

namespace {

int exit_code(const Error& error) { return error.diagnostic().kind == ErrorKind::Runtime ? 1 : 2; }

// One connql session: the cluster, the executor and the parse state that carries
// variables and dialect from one input to the next.
class Runner {
public:
    explicit Runner(const RunOptions& options) : options_(options) {
        session_.parse.dialect = session_.parse.default_dialect = options.dialect;
        apply_defines(options.defines, session_.parse);
        ClusterDirectory directory = ClusterDirectory::load();
        std::optional<ClusterConfig> cluster = choose_cluster(options.connect_url, directory, session_.cluster_name);
        prepare_.compile.schema_registry_url = options.schema_registry_url;
        if (!prepare_.compile.schema_registry_url && cluster && !cluster->schema_registry_url.empty()) {
            prepare_.compile.schema_registry_url = cluster->schema_registry_url;
        }
        executor_ = std::make_unique<Executor>(std::move(cluster), std::move(directory));
    }

    // Returns the exit code; prints results as they come, errors to stderr.
    int run(const std::vector<ScriptInput>& inputs) {
        PreparedScript script;
        try {
            script = prepare(inputs, session_.parse, prepare_);
        } catch (const Error& error) {
            std::cerr << render_error(error, inputs);
            return exit_code(error);
        }
        nlohmann::ordered_json entities = nlohmann::ordered_json::array();
        int status = 0;
        for (const PreparedStatement& statement : script.statements) {
            try {
                StatementResult result = executor_->execute(statement, session_);
                if (options_.output == "json") {
                    if (auto entity = render_entity(result)) entities.push_back(*entity);
                } else if (std::string text = render_text(result); !text.empty()) {
                    std::cout << "\n" << text << std::flush;
                }
            } catch (const std::exception& caught) {
                // A connql::Error says what failed; anything else (an answer of a shape
                // Connect should not send) still ends this statement, never the process.
                const auto* known = dynamic_cast<const Error*>(&caught);
                Error error = known ? *known
                                    : Error(ErrorKind::Runtime, std::string("unexpected answer from the cluster: ") + caught.what());
                Diagnostic& d = error.diagnostic();
                d.origin = script.inputs[statement.input].origin;
                if (d.pos.line == 0) d.pos = statement.statement.pos;
                std::cerr << render_error(error, script.inputs);
                if (options_.output == "json") {
                    entities.push_back(error_entity(error.diagnostic().kind == ErrorKind::Runtime ? 50000 : 40001,
                                                    d.message, statement.statement.text));
                }
                status = exit_code(error);
                break;
            }
        }
        if (options_.output == "json") std::cout << entities.dump(2) << "\n";
        return status;
    }

private:
    const RunOptions& options_;
    Session session_;
    PrepareOptions prepare_;
    std::unique_ptr<Executor> executor_;
};

}  // namespace

int run_scripts(const RunOptions& options) {
    try {
        Runner runner(options);
        return runner.run(read_inputs(options.paths));
    } catch (const Error& error) {
        std::cerr << render(error.diagnostic(), Source{error.diagnostic().origin, {}});
        return exit_code(error);
    }
}

int run_repl(const RunOptions& options) {
    try {
        Runner runner(options);
        const bool interactive = isatty(STDIN_FILENO) != 0;
        std::string buffer, line;
        int last = 0;
        if (interactive) std::cout << "connql: statements end with ';'. Ctrl-D to leave.\n";
        while (true) {
            if (interactive) std::cout << (buffer.empty() ? "connql> " : "     > ") << std::flush;
            if (!std::getline(std::cin, line)) break;
            if (buffer.empty() && (line == "exit" || line == "quit")) break;
            buffer += line + "\n";
            if (!ends_statement(buffer)) continue;
            last = runner.run({{"<stdin>", buffer}});
            buffer.clear();
        }
        if (buffer.find_first_not_of(" \t\r\n") != std::string::npos) last = runner.run({{"<stdin>", buffer}});
        return interactive ? 0 : last;
    } catch (const Error& error) {
        std::cerr << render(error.diagnostic(), Source{error.diagnostic().origin, {}});
        return exit_code(error);
    }
}

}  // namespace connql
