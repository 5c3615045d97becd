// The options several subcommands share, as CLI11 option groups, and what they
// become: the session to open and the output format.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>

#include "engine/session.h"
#include "render/printer.h"

namespace connql::cli {

struct ScriptFlags {
    std::string dialect = "connql";
    std::vector<std::string> defines;
    std::string output = "table";
    bool show_secrets = false;
};

struct ClusterFlags {
    std::optional<std::string> connect_url;
    std::optional<std::string> cluster;
    std::optional<std::string> schema_registry_url;
};

// --dialect, -d/--define (one name=value each; never takes the FILE arguments
// after it), -o/--output, --show-secrets.
void add_script_flags(CLI::App& command, ScriptFlags& flags);
// --connect-url, --cluster, --schema-registry-url.
void add_cluster_flags(CLI::App& command, ClusterFlags& flags);
// --schema-registry-url alone, for commands that talk to no cluster.
void add_registry_flag(CLI::App& command, ClusterFlags& flags);

SessionOptions session_options(const ScriptFlags& script, const ClusterFlags& cluster);
// A duration option's value in milliseconds ("60s", "5m", "1500"); throws
// connql::Error (Usage) naming the option otherwise.
long long duration_option(const std::string& text, const char* option);
OutputFormat output_format(const ScriptFlags& script);

// Script files, directories of .sql files, or "-".
void add_file_arguments(CLI::App& command, std::vector<std::string>& paths);

}  // namespace connql::cli
