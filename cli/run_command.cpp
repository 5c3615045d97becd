#include "cli/run_command.h"

#include <unistd.h>

#include <atomic>
#include <iostream>
#include <set>
#include <thread>

#include "cli/inputs.h"
#include "render/render.h"
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
        cluster_ = cluster;
        directory_ = directory;
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
        entities_ = nlohmann::ordered_json::array();
        int status = 0;
        const auto& statements = script.statements;
        for (size_t i = 0; i < statements.size() && status == 0;) {
            size_t end = batch_end(statements, i);
            std::vector<Outcome> outcomes = end - i > 1 ? execute_parallel(statements, i, end)
                                                        : std::vector<Outcome>{execute(*executor_, statements[i], session_)};
            for (size_t k = 0; k < outcomes.size() && status == 0; ++k) {
                status = report(outcomes[k], statements[i + k], script.inputs);
            }
            i = end;
        }
        if (options_.output == "json") std::cout << entities_.dump(2) << "\n";
        return status;
    }

private:
    struct Outcome {
        std::optional<StatementResult> result;
        std::optional<Error> error;
        bool ran = true;
    };

    static Outcome execute(Executor& executor, const PreparedStatement& statement, Session& session) {
        Outcome outcome;
        try {
            outcome.result = executor.execute(statement, session);
        } catch (const Error& error) {
            outcome.error = error;
        } catch (const std::exception& caught) {
            // An answer of a shape Connect should not send ends the statement, never the process.
            outcome.error = Error(ErrorKind::Runtime, std::string("unexpected answer from the cluster: ") + caught.what());
        }
        return outcome;
    }

    // The statements [i, end) that may run together: consecutive CREATEs of
    // distinct connectors (each names its own, so their order cannot matter).
    size_t batch_end(const std::vector<PreparedStatement>& statements, size_t i) const {
        if (options_.parallel <= 1) return i + 1;
        std::set<std::string> names;
        size_t end = i;
        while (end < statements.size()) {
            const auto* create = std::get_if<ast::CreateConnector>(&statements[end].statement.node);
            if (create == nullptr || !names.insert(create->name.text).second) break;
            ++end;
        }
        return std::max(end, i + 1);
    }

    std::vector<Outcome> execute_parallel(const std::vector<PreparedStatement>& statements, size_t begin, size_t end) {
        std::vector<Outcome> outcomes(end - begin);
        for (Outcome& outcome : outcomes) outcome.ran = false;
        std::atomic<size_t> next{begin};
        std::atomic<bool> failed{false};
        auto work = [&] {
            Executor executor(cluster_, directory_);  // a connection of its own
            Session session = session_;
            for (size_t k; !failed && (k = next++) < end;) {
                outcomes[k - begin] = execute(executor, statements[k], session);
                if (outcomes[k - begin].error) failed = true;
            }
        };
        std::vector<std::thread> workers;
        size_t count = std::min<size_t>(static_cast<size_t>(options_.parallel), end - begin);
        for (size_t w = 0; w < count; ++w) workers.emplace_back(work);
        for (std::thread& worker : workers) worker.join();
        return outcomes;
    }

    // Prints one statement's result or error; returns the exit status so far.
    int report(Outcome& outcome, const PreparedStatement& statement, const std::vector<ScriptInput>& inputs) {
        if (!outcome.ran) return 0;  // not started: an earlier statement of its batch failed
        if (outcome.error) {
            Diagnostic& d = outcome.error->diagnostic();
            d.origin = inputs[statement.input].origin;
            if (d.pos.line == 0) d.pos = statement.statement.pos;
            std::cerr << render_error(*outcome.error, inputs);
            if (options_.output == "json") {
                entities_.push_back(error_entity(d.kind == ErrorKind::Runtime ? 50000 : 40001, d.message,
                                                 statement.statement.text));
            }
            return exit_code(*outcome.error);
        }
        if (options_.output == "json") {
            if (auto entity = render_entity(*outcome.result)) entities_.push_back(*entity);
        } else if (std::string text = render_text(*outcome.result); !text.empty()) {
            std::cout << "\n" << text << std::flush;
        }
        return 0;
    }

    const RunOptions& options_;
    Session session_;
    PrepareOptions prepare_;
    std::unique_ptr<Executor> executor_;
    std::optional<ClusterConfig> cluster_;
    ClusterDirectory directory_;
    nlohmann::ordered_json entities_;
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
