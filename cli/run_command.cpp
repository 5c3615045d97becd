// `connql run`: scripts against a Kafka Connect cluster, through the engine's Runner.
#include <iostream>

#include "cli/command.h"
#include "cli/inputs.h"
#include "cli/options.h"
#include "engine/runner.h"

namespace connql::cli {

namespace {

class RunCommand : public Command {
public:
    CLI::App* attach(CLI::App& app) override {
        CLI::App* command = app.add_subcommand("run", "Run scripts against a Kafka Connect cluster");
        add_script_flags(*command, script_);
        add_cluster_flags(*command, cluster_);
        command->add_option("-p,--parallel", parallel_, "Send up to N consecutive CREATEs of distinct connectors at a time")
            ->check(CLI::Range(1, 64));
        add_file_arguments(*command, paths_);
        return command;
    }

    int run() override {
        OutputFormat format = output_format(script_);
        try {
            Session session = Session::open(session_options(script_, cluster_));
            Printer printer(format, std::cout, std::cerr, !script_.show_secrets);
            RunnerOptions options;
            options.parallel = parallel_;
            Runner runner(session, options);
            return printer.finish(runner.run(read_inputs(paths_), printer));
        } catch (const Error& error) {  // a bad option or an unreadable file: nothing ran
            return print_error(error, format, std::cout, std::cerr);
        }
    }

private:
    ScriptFlags script_;
    ClusterFlags cluster_;
    int parallel_ = 1;
    std::vector<std::string> paths_;
};

}  // namespace

std::unique_ptr<Command> make_run_command() { return std::make_unique<RunCommand>(); }

}  // namespace connql::cli
