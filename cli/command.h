// A connql subcommand: attaches its options to the command line, then runs.
// One file per subcommand (explain, run, repl), as kcctl has one per command.
#pragma once

#include <memory>

#include <CLI/CLI.hpp>

namespace connql::cli {

class Command {
public:
    virtual ~Command() = default;
    // Adds the subcommand and its options to `app`; returns it.
    virtual CLI::App* attach(CLI::App& app) = 0;
    // Runs after a successful parse; returns the exit code.
    virtual int run() = 0;
};

std::unique_ptr<Command> make_explain_command();
std::unique_ptr<Command> make_run_command();
std::unique_ptr<Command> make_repl_command();
std::unique_ptr<Command> make_migrate_command();
std::unique_ptr<Command> make_serve_command();

}  // namespace connql::cli
