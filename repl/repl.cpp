#include "repl/repl.h"

#include "engine/runner.h"
#include "parser/parser.h"
#include "repl/input.h"

namespace connql {

int run_repl(Session& session, const ReplOptions& options, std::istream& in, std::ostream& out, std::ostream& err) {
    if (options.interactive) return run_interactive(session, options);
    // Piped: no prompt, no escape codes; statements run as they are complete.
    Runner runner(session);
    bool failed = false, sent = false;
    auto run = [&](const std::string& text) {
        Printer printer(options.format, out, err, !options.show_secrets);
        RunReport report = runner.run({{"<stdin>", text}}, printer);
        printer.finish(report);
        failed = failed || report.failed();
        for (size_t i = 0; i < report.outcomes.size(); ++i) {
            const StatementTraits& traits = report.script.statements[i].traits;
            sent = sent || (report.outcomes[i].ran && (traits.needs_connect || traits.needs_kafka));
        }
    };
    std::string buffer, line;
    while (std::getline(in, line)) {
        if (buffer.empty() && (line == "exit" || line == "quit")) break;
        buffer += line + "\n";
        if (!ends_statement(buffer)) continue;
        run(buffer);
        buffer.clear();
    }
    if (!is_blank(buffer)) run(buffer);  // piped input may end without a ';'
    // Exit 2 means nothing was sent, for the whole session, as for `connql run`.
    if (!failed) return 0;
    return sent ? 1 : 2;
}

}  // namespace connql
