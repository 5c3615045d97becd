#include "engine/runner.h"

#include <algorithm>
#include <atomic>
#include <set>
#include <thread>

namespace connql {

bool RunReport::failed() const { return prepare_error.has_value() || first_failure().has_value(); }

int RunReport::exit_code() const {
    if (prepare_error) return 2;
    return first_failure() ? 1 : 0;
}

std::optional<size_t> RunReport::first_failure() const {
    for (size_t i = 0; i < outcomes.size(); ++i) {
        if (outcomes[i].failed()) return i;
    }
    return std::nullopt;
}

namespace {

// Errors are rendered against the script: say where the statement is.
void locate(StatementOutcome& outcome, const PreparedScript& script, const PreparedStatement& statement) {
    if (!outcome.error) return;
    Diagnostic& d = outcome.error->diagnostic();
    if (d.origin.empty()) d.origin = script.inputs[statement.input].origin;
    if (d.pos.line == 0) d.pos = statement.statement.pos;
}

}  // namespace

RunReport Runner::run(const std::vector<ScriptInput>& inputs, ResultSink& sink) {
    RunReport report;
    report.inputs = inputs;
    try {
        report.script = prepare(inputs, session_, options_.prepare, &report.inputs);
    } catch (const Error& error) {
        report.prepare_error = error;
        return report;
    }
    return run_prepared(std::move(report.script), sink);
}

RunReport Runner::run_prepared(PreparedScript script, ResultSink& sink, size_t first) {
    RunReport report;
    report.script = std::move(script);
    report.inputs = report.script.inputs;
    const std::vector<PreparedStatement>& statements = report.script.statements;
    report.outcomes.resize(statements.size());
    bool failed = false;
    for (size_t i = first; i < statements.size() && !failed;) {
        if (options_.before_each) {
            try {
                options_.before_each(statements[i]);
            } catch (const Error& error) {
                StatementOutcome stopped;
                stopped.ran = true;
                stopped.error = error;
                locate(stopped, report.script, statements[i]);
                sink.on_outcome(report.script, statements[i], stopped);
                report.outcomes[i] = std::move(stopped);
                break;
            }
        }
        size_t end = batch_end(statements, i);
        std::vector<StatementOutcome> outcomes;
        if (end - i > 1) {
            outcomes = execute_parallel(statements, i, end);
        } else {
            outcomes.push_back(execute(statements[i], session_));
        }
        for (size_t k = 0; k < outcomes.size(); ++k) {
            StatementOutcome& outcome = outcomes[k];
            if (!outcome.ran) continue;  // not started: another statement of its batch failed first
            locate(outcome, report.script, statements[i + k]);
            sink.on_outcome(report.script, statements[i + k], outcome);
            failed = failed || outcome.failed();
            report.outcomes[i + k] = std::move(outcome);
        }
        i = end;
    }
    return report;
}

// The statements [begin, end) that may run together: consecutive CREATEs of
// distinct connectors (each names its own, so their order cannot matter).
size_t Runner::batch_end(const std::vector<PreparedStatement>& statements, size_t begin) const {
    if (options_.parallel <= 1) return begin + 1;
    std::set<std::string> names;
    size_t end = begin;
    while (end < statements.size()) {
        const auto* create = std::get_if<ast::CreateConnector>(&statements[end].statement.node);
        if (create == nullptr || !names.insert(create->name.text).second) break;
        ++end;
    }
    return std::max(end, begin + 1);
}

// Every statement of the batch that was started is finished and reported, even
// after another failed: a create in flight is applied or not, and the report says which.
std::vector<StatementOutcome> Runner::execute_parallel(const std::vector<PreparedStatement>& statements, size_t begin,
                                                       size_t end) {
    std::vector<StatementOutcome> outcomes(end - begin);
    std::atomic<size_t> next{begin};
    std::atomic<bool> failed{false};
    auto work = [&] {
        std::unique_ptr<connect::Client> connection;
        for (size_t k; !failed && (k = next++) < end;) {
            StatementOutcome& outcome = outcomes[k - begin];
            try {
                if (!connection) connection = session_.new_client();
                outcome = execute(statements[k], session_, connection.get());
            } catch (const Error& error) {  // the connection could not be made
                outcome.ran = true;
                outcome.error = error;
            }
            if (outcome.failed()) failed = true;
        }
    };
    std::vector<std::thread> workers;
    size_t count = std::min<size_t>(static_cast<size_t>(options_.parallel), end - begin);
    for (size_t w = 0; w < count; ++w) workers.emplace_back(work);
    for (std::thread& worker : workers) worker.join();
    return outcomes;
}

}  // namespace connql
