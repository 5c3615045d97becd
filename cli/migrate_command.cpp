// `connql migrate <command>`: versioned migrations (docs/migrations.md).
#include <iostream>

#include "cli/command.h"
#include "cli/options.h"
#include "compiler/durations.h"
#include "migrations/lock_adapter.h"
#include "migrations/migrator.h"

namespace connql::cli {

namespace {

class MigrateCommand : public Command {
public:
    CLI::App* attach(CLI::App& app) override {
        CLI::App* command = app.add_subcommand("migrate", "Apply versioned migration files, with their history on the cluster");
        command->require_subcommand(1);
        // Every subcommand shares these; CLI11 lets them stand before or after the subcommand.
        command->fallthrough();
        CLI::Option_group* group = command->add_option_group("Migrations");
        group->add_option("--dir", options_.dir, "The migrations folder (default migrations/)");
        group->add_option("--history-topic", options_.history.topic, "The history topic (default _connql_migrations)");
        group->add_option("--history-topic-prefix", options_.history.prefix,
                          "Put before the history topic's name, for ACLs that grant topics by prefix (e.g. team-a.)");
        group->add_option("--history-replication-factor", options_.history.replication_factor,
                          "Replication factor of the history topic when it is created (default 1)");
        group->add_option("--bootstrap-servers", bootstrap_servers_,
                          "The cluster's Kafka brokers (default: CONNQL_BOOTSTRAP_SERVERS, the config file, the local cluster)");
        group->add_option("--lock-timeout", lock_timeout_, "How long a lock claim lasts without renewal (default 60s)");
        group->add_option("--lock-wait", lock_wait_, "How long to wait for another migrator's lock (default 5m)");
        command->add_option("--dialect", script_.dialect, "Statement dialect")->check(CLI::IsMember({"connql", "ksqldb"}));
        command->add_option("-d,--define", script_.defines, "Define a variable: name=value (repeatable)")
            ->allow_extra_args(false)
            ->type_name("NAME=VALUE");
        command->add_option("-o,--output", output_, "table, json or markdown")
            ->check(CLI::IsMember({"table", "json", "markdown"}));
        command->add_flag("--show-secrets", script_.show_secrets, "Print secrets as they are");
        add_cluster_flags(*command, cluster_);

        CLI::App* create = command->add_subcommand("new", "Write the next V<n>__<description>.sql");
        create->add_option("DESCRIPTION", description_, "What the migration does")->required();
        command->add_subcommand("info", "One line per version: its state, when and by whom it was applied");
        CLI::App* apply = command->add_subcommand("apply", "Apply the pending versions in order");
        apply->add_option("--target", target_, "Apply up to this version");
        apply->add_flag("--dry-run", options_.dry_run, "Change nothing: what apply would do (as plan)");
        apply->add_flag("--out-of-order", options_.out_of_order, "Also apply versions older than the newest applied");
        apply->add_option("-p,--parallel", options_.parallel, "CREATEs of a version sent at a time (default 8)")
            ->check(CLI::Range(1, 64));
        CLI::App* plan = command->add_subcommand("plan", "What apply would change on the cluster, per connector");
        plan->add_option("--target", target_, "Plan up to this version");
        plan->add_flag("--out-of-order", options_.out_of_order, "Also plan versions older than the newest applied");
        CLI::App* validate = command->add_subcommand("validate", "Checksums, missing and failed versions, and drift");
        validate->add_flag("--strict", options_.strict, "Connectors no migration created are an error");
        command->add_subcommand("repair", "Realign checksums, mark interrupted versions failed, release a dead lock");
        CLI::App* baseline = command->add_subcommand("baseline", "Adopt an existing cluster: write and record V<v>__baseline.sql");
        baseline->add_option("--version", baseline_version_, "The baseline's version (default 1)");
        CLI::App* undo = command->add_subcommand("undo", "Run the U files of applied versions, newest first");
        undo->add_option("--target", target_, "Undo the versions after this one (default: the newest only)");
        command_ = command;
        return command;
    }

    int run() override {
        OutputFormat format = output_ == "json" ? OutputFormat::Json : OutputFormat::Table;
        try {
            SessionOptions session_options = cli::session_options(script_, cluster_);
            session_options.bootstrap_servers = bootstrap_servers_;
            Session session = Session::open(session_options);
            options_.format = output_ == "json"       ? migrations::ReportFormat::Json
                              : output_ == "markdown" ? migrations::ReportFormat::Markdown
                                                      : migrations::ReportFormat::Table;
            options_.target = target_;
            options_.baseline_version = baseline_version_;
            if (!lock_timeout_.empty()) options_.lock_timeout_ms = duration_option(lock_timeout_, "--lock-timeout");
            if (!lock_wait_.empty()) options_.lock_wait_ms = duration_option(lock_wait_, "--lock-wait");
            migrations::Migrator migrator(session, options_, migrations::history_lock_factory(), std::cout, std::cerr);
            const std::string name = command_->get_subcommands().front()->get_name();
            if (name == "new") return migrator.create(description_);
            if (name == "info") return migrator.info();
            if (name == "apply") return migrator.apply();
            if (name == "plan") return migrator.plan();
            if (name == "validate") return migrator.validate();
            if (name == "repair") return migrator.repair();
            if (name == "baseline") return migrator.baseline();
            return migrator.undo();
        } catch (const Error& error) {
            return print_error(error, format, std::cout, std::cerr);
        }
    }

private:
    CLI::App* command_ = nullptr;
    ScriptFlags script_;
    ClusterFlags cluster_;
    migrations::MigrateOptions options_;
    std::optional<std::string> bootstrap_servers_, target_, baseline_version_;
    std::string lock_timeout_, lock_wait_, output_ = "table", description_;
};

}  // namespace

std::unique_ptr<Command> make_migrate_command() { return std::make_unique<MigrateCommand>(); }

}  // namespace connql::cli
