// connql: a SQL-driven manager for Kafka Connect.
#include <iostream>

#include <CLI/CLI.hpp>

#include "cli/command.h"

int main(int argc, char** argv) {
    CLI::App app{"connql: manage Kafka Connect connectors with SQL", "connql"};
    app.set_version_flag("--version", std::string("connql ") + CONNQL_VERSION);
    app.require_subcommand(0, 1);

    std::vector<std::unique_ptr<connql::cli::Command>> commands;
    commands.push_back(connql::cli::make_run_command());
    commands.push_back(connql::cli::make_explain_command());
    commands.push_back(connql::cli::make_repl_command());
    std::vector<CLI::App*> subcommands;
    for (auto& command : commands) subcommands.push_back(command->attach(app));

    try {
        app.parse(argc, argv);
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
