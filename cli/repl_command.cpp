// `connql repl` (and `connql` with no command): statements from the terminal, or
// with -e / -f, one-shot statements for shell scripts (the Runner, as `run`).
#include <unistd.h>

#include <iostream>

#include "cli/command.h"
#include "cli/inputs.h"
#include "cli/options.h"
#include "engine/runner.h"
#include "repl/repl.h"

namespace connql::cli {

namespace {

class ReplCommand : public Command {
public:
    CLI::App* attach(CLI::App& app) override {
        CLI::App* command = app.add_subcommand("repl", "Read statements from the terminal (the default)");
        add_script_flags(*command, script_);
        add_cluster_flags(*command, cluster_);
        command->add_option("-e,--execute", execute_, "Run these statements and exit (as `connql run`)");
        command->add_option("-f,--file", files_, "Run this script file and exit (as `connql run`); repeatable")
            ->type_name("FILE");
        return command;
    }

    int run() override {
        OutputFormat format = output_format(script_);
        try {
            Session session = Session::open(session_options(script_, cluster_));
            if (execute_ || !files_.empty()) return run_once(session, format);
            ReplOptions options;
            options.format = format;
            options.interactive = isatty(STDIN_FILENO) != 0;
            options.show_secrets = script_.show_secrets;
            return run_repl(session, options, std::cin, std::cout, std::cerr);
        } catch (const Error& error) {
            return print_error(error, format, std::cout, std::cerr);
        }
    }

private:
    // The files in order, then the -e text: one script, prepared whole before anything is sent.
    int run_once(Session& session, OutputFormat format) {
        std::vector<ScriptInput> inputs = files_.empty() ? std::vector<ScriptInput>{} : read_inputs(files_);
        if (execute_) inputs.push_back({"<-e>", *execute_});
        Printer printer(format, std::cout, std::cerr, !script_.show_secrets);
        Runner runner(session);
        return printer.finish(runner.run(inputs, printer));
    }

    ScriptFlags script_;
    ClusterFlags cluster_;
    std::optional<std::string> execute_;
    std::vector<std::string> files_;
};

}  // namespace

std::unique_ptr<Command> make_repl_command() { return std::make_unique<ReplCommand>(); }

}  // namespace connql::cli
