// connql: a SQL-driven manager for Kafka Connect.
#include <iostream>

#include <CLI/CLI.hpp>

#include "cli/explain_command.h"
#include "cli/run_command.h"
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

    connql::RunOptions run;
    std::string run_dialect = "connql";
    auto add_run_options = [&](CLI::App* command) {
        command->add_option("--connect-url", run.connect_url,
                            "Kafka Connect URL(s), comma separated (default: CONNQL_CONNECT_URL, the config file's "
                            "current cluster, then the local cluster)");
        command->add_option("--dialect", run_dialect, "Statement dialect")->check(CLI::IsMember({"connql", "ksqldb"}));
        command->add_option("-d,--define", run.defines, "Define a variable: name=value (repeatable)");
        command->add_option("-o,--output", run.output, "Output format")->check(CLI::IsMember({"table", "json"}));
        command->add_option("--schema-registry-url", run.schema_registry_url,
                            "Schema Registry URL for FORMAT AVRO | PROTOBUF | JSON_SR");
    };
    CLI::App* run_command = app.add_subcommand("run", "Run scripts against a Kafka Connect cluster");
    add_run_options(run_command);
    run_command->add_option("-p,--parallel", run.parallel,
                            "Send up to N consecutive CREATEs of distinct connectors at a time")
        ->check(CLI::Range(1, 64));
    run_command->add_option("FILE", run.paths, "Script files or directories of .sql files; - reads stdin")->required();
    CLI::App* repl_command = app.add_subcommand("repl", "Read statements from the terminal (the default)");
    add_run_options(repl_command);

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
    connql::parse_dialect(run_dialect, run.dialect);
    if (run_command->parsed()) return connql::run_scripts(run);
    return connql::run_repl(run);
}
