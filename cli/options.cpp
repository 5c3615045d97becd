#include "cli/options.h"

#include "compiler/durations.h"

namespace connql::cli {

void add_script_flags(CLI::App& command, ScriptFlags& flags) {
    CLI::Option_group* group = command.add_option_group("Statements", "How statements are read and shown");
    group->add_option("--dialect", flags.dialect, "Statement dialect: connql or ksqldb")
        ->check(CLI::IsMember({"connql", "ksqldb"}));
    // One value per -d: a vector option would otherwise swallow the FILE arguments after it.
    group->add_option("-d,--define", flags.defines, "Define a variable: name=value (repeatable)")
        ->allow_extra_args(false)
        ->type_name("NAME=VALUE");
    group->add_option("-o,--output", flags.output, "Output format: table or json")
        ->check(CLI::IsMember({"table", "json"}));
    group->add_flag("--show-secrets", flags.show_secrets,
                    "Print passwords and other secret values as they are (for whoever may see them)");
}

void add_registry_flag(CLI::App& command, ClusterFlags& flags) {
    command.add_option("--schema-registry-url", flags.schema_registry_url,
                       "Schema Registry URL for FORMAT AVRO | PROTOBUF | JSON_SR");
}

void add_cluster_flags(CLI::App& command, ClusterFlags& flags) {
    CLI::Option_group* group = command.add_option_group(
        "Cluster", "Which Kafka Connect cluster (default: CONNQL_CONNECT_URL, the config file's current cluster, then "
                   "the local cluster)");
    CLI::Option* url = group->add_option("--connect-url", flags.connect_url,
                                         "Kafka Connect worker URL(s) of one cluster, comma separated");
    CLI::Option* name = group->add_option("--cluster", flags.cluster,
                                          "A cluster named in the config file ($CONNQL_CONFIG or "
                                          "~/.config/connql/clusters.json)");
    url->excludes(name);
    group->add_option("--schema-registry-url", flags.schema_registry_url,
                      "Schema Registry URL for FORMAT AVRO | PROTOBUF | JSON_SR");
}

SessionOptions session_options(const ScriptFlags& script, const ClusterFlags& cluster) {
    SessionOptions options;
    parse_dialect(script.dialect, options.dialect);
    options.defines = script.defines;
    options.connect_url = cluster.connect_url;
    options.cluster = cluster.cluster;
    options.schema_registry_url = cluster.schema_registry_url;
    options.show_secrets = script.show_secrets;
    return options;
}

OutputFormat output_format(const ScriptFlags& script) {
    return script.output == "json" ? OutputFormat::Json : OutputFormat::Table;
}

void add_file_arguments(CLI::App& command, std::vector<std::string>& paths) {
    command.add_option("FILE", paths, "Script files or directories of .sql files; - reads standard input")->required();
}

long long duration_option(const std::string& text, const char* option) {
    std::optional<long long> ms = parse_duration_ms(text);
    if (!ms || *ms <= 0) {
        throw Error(ErrorKind::Usage, std::string(option) + " takes a duration, not '" + text + "'", {},
                    "write '60s', '5m' or a number of milliseconds");
    }
    return *ms;
}

}  // namespace connql::cli
