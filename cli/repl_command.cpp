// `connql repl` (and `connql` with no command): statements from the terminal.
#include <unistd.h>

#include <iostream>

#include "cli/command.h"
#include "cli/options.h"
#include "repl/repl.h"

namespace connql::cli {

namespace {

class ReplCommand : public Command {
public:
    CLI::App* attach(CLI::App& app) override {
        CLI::App* command = app.add_subcommand("repl", "Read statements from the terminal (the default)");
        add_script_flags(*command, script_);
        add_cluster_flags(*command, cluster_);
        return command;
    }

    int run() override {
        OutputFormat format = output_format(script_);
        try {
            Session session = Session::open(session_options(script_, cluster_));
            ReplOptions options{format, isatty(STDIN_FILENO) != 0, script_.show_secrets};
            return run_repl(session, options, std::cin, std::cout, std::cerr);
        } catch (const Error& error) {
            return print_error(error, format, std::cout, std::cerr);
        }
    }

private:
    ScriptFlags script_;
    ClusterFlags cluster_;
};

}  // namespace

std::unique_ptr<Command> make_repl_command() { return std::make_unique<ReplCommand>(); }

}  // namespace connql::cli
