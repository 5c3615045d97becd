#include "repl/repl.h"

#include "engine/runner.h"

namespace connql {

namespace {

bool blank(const std::string& text) { return text.find_first_not_of(" \t\r\n") == std::string::npos; }

}  // namespace

int run_repl(Session& session, const ReplOptions& options, std::istream& in, std::ostream& out, std::ostream& err) {
    Runner runner(session);
    int status = 0;
    auto run = [&](const std::string& text) {
        Printer printer(options.format, out, err);
        int code = printer.finish(runner.run({{"<stdin>", text}}, printer));
        // The worst outcome of the session decides: a runtime failure (1) over a rejected statement (2).
        if (code == 1 || (code == 2 && status == 0)) status = code;
    };
    std::string buffer, line;
    if (options.interactive) out << "connql: statements end with ';'. Ctrl-D to leave.\n";
    while (true) {
        if (options.interactive) out << (buffer.empty() ? "connql> " : "     > ") << std::flush;
        if (!std::getline(in, line)) break;
        if (buffer.empty() && (line == "exit" || line == "quit")) break;
        buffer += line + "\n";
        if (!ends_statement(buffer)) continue;
        run(buffer);
        buffer.clear();
    }
    if (!blank(buffer)) run(buffer);  // piped input may end without a ';'
    return options.interactive ? 0 : status;
}

}  // namespace connql
