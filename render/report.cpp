#include "render/report.h"

#include "render/table.h"

namespace connql {

namespace {

// The statement's first line, whitespace folded, cut to fit a terminal row.
std::string label(const PreparedStatement& statement) {
    std::string out;
    bool space = false;
    for (char c : statement.masked_text()) {
        if (c == '\n' || c == '\r' || c == '\t' || c == ' ') {
            space = !out.empty();
            continue;
        }
        if (space) out += ' ';
        space = false;
        out += c;
    }
    constexpr size_t kWidth = 70;
    if (out.size() > kWidth) {
        size_t cut = kWidth - 3;
        while (cut > 0 && (static_cast<unsigned char>(out[cut]) & 0xC0) == 0x80) --cut;  // not inside a character
        out = out.substr(0, cut) + "...";
    }
    return out;
}

std::string failure_state(const StatementOutcome& outcome) {
    const ErrorFlags& flags = outcome.error->flags();
    if (outcome.partly_applied) return "FAILED, partly applied";
    if (flags.may_have_been_applied) return "FAILED, may have been applied";
    return "FAILED, not applied";
}

}  // namespace

std::string render_run_summary(const RunReport& report) {
    std::optional<size_t> failure = report.first_failure();
    if (!failure) return "";
    const std::vector<PreparedStatement>& statements = report.script.statements;
    std::vector<Row> rows;
    size_t applied = 0, not_run = 0;
    for (size_t i = 0; i < statements.size(); ++i) {
        const StatementOutcome& outcome = report.outcomes[i];
        const PreparedStatement& statement = statements[i];
        std::string state;
        if (outcome.failed()) {
            state = failure_state(outcome);
        } else if (!statement.traits.changes_cluster) {
            continue;  // a query or a session statement: nothing to undo or redo
        } else if (outcome.ran) {
            state = "applied";
            ++applied;
        } else {
            state = "not run";
            ++not_run;
        }
        rows.push_back({report.script.location(statement), state, label(statement)});
    }
    const StatementOutcome& failed = report.outcomes[*failure];
    auto count = [](size_t n) { return std::to_string(n) + (n == 1 ? " statement" : " statements"); };
    std::string out = "connql: the run stopped at " + report.script.location(statements[*failure]) + ": ";
    out += applied == 0 ? "nothing before it changed the cluster" : count(applied) + " applied";
    if (not_run > 0) out += ", " + count(not_run) + " not run";
    out += ".\n";
    out += render_table({"Statement", "Outcome", "Text"}, rows);
    size_t unknown = 0;
    for (const StatementOutcome& outcome : report.outcomes) unknown += outcome.failed() && outcome.error->flags().may_have_been_applied;
    if (unknown > 0) {
        out += std::string(unknown == 1 ? "The failed statement" : "The failed statements") +
               " may have been applied: check the cluster (SHOW CONNECTORS, DESCRIBE CONNECTOR) before running " +
               (unknown == 1 ? "it" : "them") + " again.\n";
    }
    (void)failed;
    return out;
}

}  // namespace connql
