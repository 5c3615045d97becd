// connql: a SQL-driven manager for Kafka Connect.
#include <algorithm>
#include <iostream>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>

#include "cli/command.h"

int main(int argc, char** argv) {
    CLI::App app{"connql: manage Kafka Connect connectors with SQL", "connql"};
    app.set_version_flag("--version", std::string("connql ") + CONNQL_VERSION);
    app.require_subcommand(0, 1);

    std::vector<std::unique_ptr<connql::cli::Command>> commands;
    commands.push_back(connql::cli::make_run_command());
    commands.push_back(connql::cli::make_explain_command());
    commands.push_back(connql::cli::make_migrate_command());
    commands.push_back(connql::cli::make_serve_command());
    commands.push_back(connql::cli::make_repl_command());
    std::vector<CLI::App*> subcommands;
    for (auto& command : commands) subcommands.push_back(command->attach(app));

    // `connql --connect-url URL` is the REPL with that option: options before any
    // command belong to `repl` (the default command).
    std::vector<std::string> arguments(argv + 1, argv + argc);
    if (!arguments.empty() && arguments[0].size() > 1 && arguments[0][0] == '-' && arguments[0] != "-h" &&
        arguments[0] != "--help" && arguments[0] != "--version") {
        arguments.insert(arguments.begin(), "repl");
    }
    std::reverse(arguments.begin(), arguments.end());  // CLI11 takes them last first
    try {
        app.parse(arguments);
    } catch (const CLI::CallForHelp& e) {
        return app.exit(e);
    } catch (const CLI::CallForAllHelp& e) {
        return app.exit(e);
    } catch (const CLI::CallForVersion& e) {
        return app.exit(e);
    } catch (const CLI::ParseError& e) {
        std::cerr << "connql: " << e.what() << "\n" << "Run 'connql --help' for usage.\n";
        return 2;
    }

    for (size_t i = 0; i < commands.size(); ++i) {
        if (subcommands[i]->parsed()) return commands[i]->run();
    }
    return commands.back()->run();  // no command: the REPL, with its defaults
}
