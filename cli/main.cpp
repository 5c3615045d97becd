// connql: a SQL-driven manager for Kafka Connect.
#include <iostream>

#include <CLI/CLI.hpp>

#include "cli/explain_command.h"
#include "parser/parser.h"

int main(int argc, char** argv) {
    CLI::App app{"connql: manage Kafka Connect connectors with SQL", "connql"};
    app.set_version_flag("--version", std::string("connql ") + CONNQL_VERSION);
    app.require_subcommand(0, 1);

    connql::ExplainOptions explain;
    std::string dialect = "connql";
    CLI::App* explain_command =
        app.add_subcommand("explain", "Compile scripts without a cluster and print the config each CREATE would send");
    explain_command->add_option("--dialect", dialect, "Statement dialect")->check(CLI::IsMember({"connql", "ksqldb"}));
    explain_command->add_option("-d,--define", explain.defines, "Define a variable: name=value (repeatable)");
    explain_command->add_option("-o,--output", explain.output, "Output format")->check(CLI::IsMember({"table", "json"}));
    explain_command->add_option("--schema-registry-url", explain.schema_registry_url,
                                "Schema Registry URL for FORMAT AVRO | PROTOBUF | JSON_SR");
    explain_command->add_flag("--show-secrets", explain.show_secrets, "Print password and secret values unmasked");
    explain_command->add_option("FILE", explain.paths, "Script files or directories of .sql files; - reads stdin")
        ->required();

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

    if (explain_command->parsed()) {
        connql::parse_dialect(dialect, explain.dialect);
        return connql::run_explain(explain);
    }
    std::cout << app.help();
    return 0;
}
