#include "migrations/migrator.h"

#include <chrono>
#include <filesystem>
#include <fstream>
#include <set>

#include "common/text.h"
#include "compiler/decompile.h"
#include "compiler/secrets.h"
#include "engine/live_state.h"
#include "engine/runner.h"
#include "render/table.h"

namespace connql::migrations {

namespace fs = std::filesystem;

namespace {

long long now_ms() {
    return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch())
        .count();
}

std::string timestamp(long long ms) { return ms <= 0 ? "" : format_utc(ms, "%Y-%m-%d %H:%M:%S"); }

// A statement that only reads cannot be part of a migration: it changes nothing,
// and a migration is replayed to know what the cluster should hold.
void check_migration_statement(const PreparedStatement& statement, const std::string& origin) {
    const StatementTraits& traits = statement.traits;
    bool query = !traits.changes_cluster && (traits.needs_connect || traits.needs_kafka);
    bool use_cluster = std::holds_alternative<ast::UseCluster>(statement.statement.node);
    if (!query && !use_cluster) return;
    std::string first_line = statement.statement.text.substr(0, statement.statement.text.find('\n'));
    Error error(ErrorKind::Compile,
                use_cluster ? "USE CLUSTER cannot be part of a migration: a history belongs to one cluster"
                            : "'" + first_line + "' cannot be part of a migration: it changes nothing",
                statement.statement.pos,
                use_cluster ? "choose the cluster with --cluster or --connect-url"
                            : "migrations hold statements that change connectors (CREATE, ALTER, DROP, PAUSE, ...); "
                              "run queries with connql run or the REPL");
    error.diagnostic().origin = origin;
    throw error;
}

// Records a version's progress in the history as its statements complete.
class ProgressSink : public ResultSink {
public:
    ProgressSink(Printer& printer, HistoryRow& row, std::function<void(const HistoryRow&)> write)
        : printer_(printer), row_(row), write_(std::move(write)) {}

    void on_outcome(const PreparedScript& script, const PreparedStatement& statement,
                    const StatementOutcome& outcome) override {
        printer_.on_outcome(script, statement, outcome);
        int index = static_cast<int>(&statement - script.statements.data());
        if (outcome.failed()) {
            row_.state = RowState::Failed;
            row_.error = outcome.error->diagnostic().message;
            if (outcome.error->flags().may_have_been_applied) row_.unknown_statement = index;
        } else {
            row_.completed_statements = std::max(row_.completed_statements, index + 1);
            row_.unknown_statement.reset();
        }
        write_(row_);
    }

private:
    Printer& printer_;
    HistoryRow& row_;
    std::function<void(const HistoryRow&)> write_;
};

}  // namespace

struct Migrator::Loaded {
    std::vector<MigrationFile> files;
    std::map<Version, HistoryRow> rows;
};

Migrator::Migrator(Session& session, MigrateOptions options, LockFactory lock, std::ostream& out, std::ostream& err)
    : session_(session), options_(std::move(options)), lock_factory_(std::move(lock)), out_(out), err_(err),
      base_state_(session.parse_state()) {}

std::optional<Version> Migrator::target() const {
    if (!options_.target) return std::nullopt;
    std::optional<Version> version = Version::parse(*options_.target);
    if (!version) {
        throw Error(ErrorKind::Usage, "--target '" + *options_.target + "' is not a version", {},
                    "versions are dotted numbers, as in the file names: 3, 3.1");
    }
    return version;
}

Migrator::Loaded Migrator::load(bool read_history) {
    Loaded loaded;
    loaded.files = read_migrations(options_.dir);
    if (!read_history) return loaded;
    if (!log_) {
        log_ = open_history_topic(session_, options_.history);
        log_->ensure_exists();
        lock_ = lock_factory_(*log_, options_);
    }
    loaded.rows = fold_history(lock_->counted(log_->read_all()));
    return loaded;
}

PreparedScript Migrator::prepare_file(const std::string& path, const std::string& text) {
    session_.parse_state() = base_state_;  // DEFINE in one file does not reach the next
    PreparedScript script = prepare({{path, text}}, session_);
    for (const PreparedStatement& statement : script.statements) check_migration_statement(statement, path);
    return script;
}

std::vector<InfoRow> Migrator::states(const Loaded& loaded) const {
    std::optional<Version> newest;
    for (const auto& [version, row] : loaded.rows) {
        if (row.success()) newest = version;
    }
    std::vector<InfoRow> out;
    std::set<Version> seen;
    for (const MigrationFile& file : loaded.files) {
        seen.insert(file.version);
        InfoRow info{file.version, file.description, "pending", std::nullopt};
        auto it = loaded.rows.find(file.version);
        if (it == loaded.rows.end()) {
            if (newest && file.version < *newest && !options_.out_of_order) info.state = "ignored";
        } else {
            info.row = it->second;
            info.state = state_name(it->second.state);
            // An edited applied file, or an edited failed one (resuming it would skip
            // statements of another text): repair accepts the edit first.
            bool edited = it->second.checksum != file.checksum;
            if (edited && (it->second.success() || it->second.state == RowState::Failed)) info.state = "changed";
        }
        out.push_back(std::move(info));
    }
    for (const auto& [version, row] : loaded.rows) {
        if (seen.count(version)) continue;
        InfoRow info{version, row.description, row.state == RowState::Undone ? "undone" : "missing", row};
        out.push_back(std::move(info));
    }
    std::sort(out.begin(), out.end(), [](const InfoRow& a, const InfoRow& b) { return a.version < b.version; });
    return out;
}

std::vector<std::string> Migrator::problems(const Loaded&, const std::vector<InfoRow>& rows) const {
    std::vector<std::string> out;
    for (const InfoRow& info : rows) {
        const std::string v = "version " + info.version.text();
        if (info.state == "changed") {
            out.push_back(v + ": " + info.row->script + " changed since it was applied (checksum " + info.row->checksum +
                          "); if the edit was intended, run connql migrate repair");
        } else if (info.state == "missing") {
            out.push_back(v + " was applied but its file " + info.row->script + " is gone");
        } else if (info.state == "ignored") {
            out.push_back(v + " is older than the newest applied version and was never applied: apply --out-of-order "
                              "applies it");
        } else if (info.state == "failed") {
            out.push_back(v + " failed at statement " + std::to_string(info.row->completed_statements + 1) + ": " +
                          info.row->error + " (fix it, run repair if you edited the file, then apply)");
        } else if (info.state == "running") {
            out.push_back(v + " is marked running: a migrator is at work, or one died (repair marks it failed)");
        }
    }
    return out;
}

void Migrator::write_row(HistoryRow row) {
    row.fence = lock_->fence();
    log_->append(row.key(), row.to_json().dump());
}

void Migrator::print_table(const std::vector<std::string>& headers, const std::vector<std::vector<std::string>>& rows) {
    std::vector<Row> table(rows.begin(), rows.end());
    out_ << render_table(headers, table);
}

int Migrator::create(const std::string& description) {
    std::error_code code;
    fs::create_directories(options_.dir, code);
    std::vector<MigrationFile> files = read_migrations(options_.dir);
    std::string name = next_file_name(files, description);
    fs::path path = fs::path(options_.dir) / name;
    std::ofstream file(path);
    file << "-- " << name << ": " << description << "\n"
         << "-- Applied in order by `connql migrate apply`; undone by a U file of the same version, if any.\n"
         << "-- Statements end with ';'. DEFINE and --define variables work as in `connql run`.\n\n";
    if (!file) throw Error(ErrorKind::Usage, "cannot write '" + path.string() + "'");
    out_ << path.string() << "\n";
    return 0;
}

int Migrator::info() {
    Loaded loaded = load();
    std::vector<InfoRow> rows = states(loaded);
    if (options_.format == ReportFormat::Json) {
        nlohmann::ordered_json array = nlohmann::ordered_json::array();
        for (const InfoRow& info : rows) {
            nlohmann::ordered_json item = {{"version", info.version.text()}, {"description", info.description},
                                           {"state", info.state}};
            if (info.row) {
                item["installedOn"] = timestamp(info.row->installed_on_ms);
                item["installedBy"] = info.row->installed_by;
                item["executionTimeMs"] = info.row->execution_time_ms;
            }
            array.push_back(item);
        }
        out_ << array.dump(2) << "\n";
        return 0;
    }
    std::vector<std::vector<std::string>> table;
    for (const InfoRow& info : rows) {
        table.push_back({info.version.text(), info.description, info.state,
                         info.row ? timestamp(info.row->installed_on_ms) : "", info.row ? info.row->installed_by : "",
                         info.row ? std::to_string(info.row->execution_time_ms) + " ms" : ""});
    }
    print_table({"Version", "Description", "State", "Installed On", "Installed By", "Execution Time"}, table);
    return 0;
}

std::future<std::map<std::string, Config>> Migrator::fetch_live_configs() {
    // Only the Connect client is used on that thread; the history read uses Kafka.
    return std::async(std::launch::async, [this] { return live_configs(session_); });
}

std::vector<std::string> Migrator::drift(const Loaded& loaded, std::map<std::string, Config> live) {
    // What the applied versions produced, replayed through the compiler.
    std::map<std::string, Config> desired;
    std::map<std::string, std::string> origin;  // connector -> the version that last shaped it
    for (const MigrationFile& file : loaded.files) {
        auto it = loaded.rows.find(file.version);
        if (it == loaded.rows.end() || !it->second.success()) continue;
        if (it->second.state == RowState::Baseline) {
            // Adopted as they were: their secrets are variables, so the file is not replayed.
            for (const std::string& name : it->second.connectors) {
                if (live.count(name)) desired[name] = live[name];
                origin[name] = file.version.text();
            }
            continue;
        }
        PreparedScript script = prepare_file(file.path, file.text);
        for (const PreparedStatement& statement : script.statements) {
            connql::replay(statement, desired, session_.compile_context());
            if (const auto* create = std::get_if<ast::CreateConnector>(&statement.statement.node)) {
                origin[statement.compiled->name] = file.version.text();
                (void)create;
            }
        }
    }
    std::vector<std::string> out;
    for (const auto& [name, config] : desired) {
        auto it = live.find(name);
        if (it == live.end()) {
            out.push_back("connector '" + name + "' (version " + origin[name] + ") is not on the cluster");
            continue;
        }
        std::set<std::string> keys;
        for (const auto& entry : config.entries()) keys.insert(entry.first);
        for (const auto& entry : it->second.entries()) keys.insert(entry.first);
        for (const std::string& key : keys) {
            if (key == "name") continue;  // Connect adds it
            const std::string* want = config.find(key);
            const std::string* have = it->second.find(key);
            if (want != nullptr && have != nullptr && *want == *have) continue;
            auto shown = [&](const std::string* value) {
                if (value == nullptr) return std::string("(unset)");
                std::optional<std::string> masked_text = masked_value(key, *value, session_.local_secret_policy());
                return "'" + (masked_text ? *masked_text : *value) + "'";
            };
            out.push_back("connector '" + name + "': " + key + " is " + shown(have) + " on the cluster, " + shown(want) +
                          " in the migrations");
        }
    }
    for (const auto& [name, config] : live) {
        if (desired.count(name)) continue;
        std::string message = "connector '" + name + "' is on the cluster, and no migration created it";
        if (options_.strict) {
            out.push_back(message);
        } else {
            err_ << "connql: note: " << message << "\n";
        }
    }
    return out;
}

int Migrator::validate() {
    std::future<std::map<std::string, Config>> live = fetch_live_configs();
    Loaded loaded = load();
    std::vector<std::string> found = problems(loaded, states(loaded));
    for (std::string& drifted : drift(loaded, live.get())) found.push_back("drift: " + drifted);
    if (options_.format == ReportFormat::Json) {
        out_ << nlohmann::json{{"valid", found.empty()}, {"problems", found}}.dump(2) << "\n";
    } else if (found.empty()) {
        out_ << "Valid: " << loaded.files.size() << " migration file(s), the history and the cluster agree.\n";
    } else {
        for (const std::string& problem : found) err_ << "connql: " << problem << "\n";
    }
    return found.empty() ? 0 : 1;
}

int Migrator::plan() {
    std::optional<Version> up_to = target();
    std::future<std::map<std::string, Config>> fetched = fetch_live_configs();
    Loaded loaded = load();
    std::map<std::string, Config> live = fetched.get();
    std::map<std::string, Config> desired = live;
    std::set<std::string> touched;
    std::vector<std::string> versions;
    for (const InfoRow& info : states(loaded)) {
        bool runs = info.state == "pending" || info.state == "failed" || info.state == "undone";
        if (!runs || (up_to && *up_to < info.version)) continue;
        const MigrationFile& file = *std::find_if(loaded.files.begin(), loaded.files.end(),
                                                  [&](const MigrationFile& f) { return f.version == info.version; });
        versions.push_back(file.version.text());
        PreparedScript script = prepare_file(file.path, file.text);
        size_t first = info.row && info.state == "failed" ? static_cast<size_t>(info.row->completed_statements) : 0;
        for (size_t i = first; i < script.statements.size(); ++i) {
            const PreparedStatement& statement = script.statements[i];
            connql::replay(statement, desired, session_.compile_context());
            if (statement.compiled) touched.insert(statement.compiled->name);
            if (const auto* alter = std::get_if<ast::AlterConnector>(&statement.statement.node)) touched.insert(alter->name.text);
            if (const auto* drop = std::get_if<ast::DropConnector>(&statement.statement.node)) {
                for (const ast::Name& name : drop->names) touched.insert(name.text);
            }
        }
    }
    struct Change {
        std::string connector, action;
        std::vector<std::string> keys;
    };
    std::vector<Change> changes;
    SecretPolicy policy = session_.local_secret_policy();
    auto shown = [&](const std::string& key, const std::string* value) {
        if (value == nullptr) return std::string("(unset)");
        std::optional<std::string> masked_text = masked_value(key, *value, policy);
        return "'" + (masked_text ? *masked_text : *value) + "'";
    };
    for (const std::string& name : touched) {
        auto before = live.find(name);
        auto after = desired.find(name);
        Change change{name, "unchanged", {}};
        if (before == live.end() && after != desired.end()) {
            change.action = "create";
        } else if (before != live.end() && after == desired.end()) {
            change.action = "drop";
        } else if (before != live.end()) {
            std::set<std::string> keys;
            for (const auto& entry : before->second.entries()) keys.insert(entry.first);
            for (const auto& entry : after->second.entries()) keys.insert(entry.first);
            for (const std::string& key : keys) {
                if (key == "name") continue;
                const std::string* old_value = before->second.find(key);
                const std::string* new_value = after->second.find(key);
                if (old_value && new_value && *old_value == *new_value) continue;
                change.keys.push_back(key + ": " + shown(key, old_value) + " -> " + shown(key, new_value));
            }
            if (!change.keys.empty()) change.action = "update";
        } else {
            continue;  // created and dropped within the plan
        }
        changes.push_back(std::move(change));
    }
    if (options_.format == ReportFormat::Json) {
        nlohmann::ordered_json array = nlohmann::ordered_json::array();
        for (const Change& c : changes) array.push_back({{"connector", c.connector}, {"action", c.action}, {"changes", c.keys}});
        out_ << nlohmann::ordered_json{{"versions", versions}, {"connectors", array}}.dump(2) << "\n";
    } else if (options_.format == ReportFormat::Markdown) {
        out_ << "### connql migrate plan\n\n";
        if (versions.empty()) {
            out_ << "Nothing to apply.\n";
        } else {
            out_ << "Versions to apply: " << [&] {
                std::string list;
                for (const std::string& v : versions) list += (list.empty() ? "" : ", ") + v;
                return list;
            }() << "\n\n| Connector | Action | Changes |\n|---|---|---|\n";
            for (const Change& c : changes) {
                std::string keys;
                for (const std::string& k : c.keys) keys += (keys.empty() ? "" : "<br>") + k;
                out_ << "| `" << c.connector << "` | " << c.action << " | " << keys << " |\n";
            }
        }
    } else {
        if (versions.empty()) {
            out_ << "Nothing to apply: every migration file is applied.\n";
            return 0;
        }
        std::vector<std::vector<std::string>> table;
        for (const Change& c : changes) {
            std::string keys;
            for (const std::string& k : c.keys) keys += (keys.empty() ? "" : "\n") + k;
            table.push_back({c.connector, c.action, keys});
        }
        print_table({"Connector", "Action", "Changes"}, table);
    }
    return 0;
}

int Migrator::run_version(const MigrationFile& file, std::optional<HistoryRow> previous) {
    PreparedScript script = prepare_file(file.path, file.text);
    HistoryRow row;
    row.version = file.version;
    row.description = file.description;
    row.script = file.script;
    row.checksum = file.checksum;
    row.installed_by = installed_by();
    row.installed_on_ms = now_ms();
    row.total_statements = static_cast<int>(script.statements.size());
    row.connql_version = CONNQL_VERSION_TEXT;
    size_t first = 0;
    if (previous && previous->state == RowState::Failed) {
        first = static_cast<size_t>(std::min<int>(previous->completed_statements, row.total_statements));
        row.completed_statements = static_cast<int>(first);
        // Statements whose outcome is unknown: the one a timeout left, or, after a
        // migrator died, those it may have had in flight (CREATEs go in parallel
        // batches). A CREATE counts as done when the cluster holds the connector
        // exactly as it describes.
        bool interrupted = previous->error == "interrupted";
        if (previous->unknown_statement && static_cast<size_t>(*previous->unknown_statement) == first) {
            std::map<std::string, Config> live = live_configs(session_);
            while (first < script.statements.size() && script.statements[first].compiled) {
                const CompiledConnector& compiled = *script.statements[first].compiled;
                auto it = live.find(compiled.name);
                Config expected = compiled.config;
                expected.set("name", compiled.name);
                if (it == live.end() || it->second != expected) break;
                err_ << "connql: version " << file.version.text() << ": statement " << first + 1
                     << " (its outcome was unknown) was applied: the cluster has connector '" << compiled.name
                     << "' as it describes\n";
                row.completed_statements = static_cast<int>(++first);
                if (!interrupted) break;  // a timeout leaves one statement in doubt
            }
        }
        if (first > 0) {
            err_ << "connql: version " << file.version.text() << " resumes at statement " << first + 1 << " of "
                 << script.statements.size() << " (the first " << first << " completed before)\n";
        }
    }
    // The session statements before the resumption point (SET, UNSET) run again,
    // quietly: the statements after them were written expecting their effect.
    for (size_t i = 0; i < first; ++i) {
        const StatementTraits& traits = script.statements[i].traits;
        if (!traits.changes_cluster && !traits.needs_connect && !traits.needs_kafka) execute(script.statements[i], session_);
    }
    write_row(row);
    const auto started = std::chrono::steady_clock::now();
    Printer printer(options_.format == ReportFormat::Json ? OutputFormat::Json : OutputFormat::Table, out_, err_);
    ProgressSink sink(printer, row, [this](const HistoryRow& progress) { write_row(progress); });
    RunnerOptions runner_options;
    runner_options.parallel = options_.parallel;
    runner_options.before_each = [this](const PreparedStatement&) { lock_->check_live(); };
    Runner runner(session_, runner_options);
    RunReport report = runner.run_prepared(std::move(script), sink, first);
    printer.finish(report);
    if (report.failed()) {
        err_ << "connql: version " << file.version.text() << " failed: " << row.completed_statements << " of "
             << row.total_statements << " statements completed; fix it (and run repair if you edit the file), then "
             << "apply again to resume\n";
        return 1;
    }
    row.state = RowState::Applied;
    row.error.clear();
    row.execution_time_ms = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - started).count();
    write_row(row);
    return 0;
}

int Migrator::apply() {
    if (options_.dry_run) return plan();
    std::optional<Version> up_to = target();
    Loaded loaded = load();
    // Every file that will run is checked before the lock is taken: a bad one changes
    // nothing. (Applied and baseline files are not run again; a baseline names its
    // secrets as variables nobody defines.)
    for (const InfoRow& info : states(loaded)) {
        bool runs = info.state == "pending" || info.state == "failed" || info.state == "undone" ||
                    (info.state == "ignored" && options_.out_of_order);
        if (!runs) continue;
        for (const MigrationFile& file : loaded.files) {
            if (file.version == info.version) prepare_file(file.path, file.text);
        }
    }
    lock_->acquire([this](const std::string& holder) {
        err_ << "connql: waiting for the migration lock, held by " << holder << "\n" << std::flush;
    });
    int status = 0;
    try {
        loaded.rows = fold_history(lock_->counted(log_->read_all()));  // what others did while we waited
        // We hold the lock: a version still marked running was left by a migrator
        // that is gone. It resumes like a failed one.
        for (auto& [version, row] : loaded.rows) {
            if (row.state == RowState::Running) {
                err_ << "connql: version " << version.text() << " was left running by a migrator that is gone ("
                     << row.installed_by << "); it resumes\n";
                row.state = RowState::Failed;
                row.error = "interrupted";
                // It may have died after its next statement took effect and before it
                // recorded it: that statement's outcome is unknown.
                row.unknown_statement = row.completed_statements;
            }
        }
        std::vector<InfoRow> rows = states(loaded);
        std::vector<std::string> blocking;
        for (const InfoRow& info : rows) {
            if (info.state == "changed" || info.state == "missing") {
                for (const std::string& p : problems(loaded, {info})) blocking.push_back(p);
            }
        }
        if (!blocking.empty()) {
            for (const std::string& problem : blocking) err_ << "connql: " << problem << "\n";
            err_ << "connql: nothing was applied (the history and the files disagree)\n";
            lock_->release();
            return 1;
        }
        std::vector<std::string> applied;
        for (const InfoRow& info : rows) {
            bool runs = info.state == "pending" || info.state == "failed" || info.state == "undone";
            if (!runs || (up_to && *up_to < info.version)) continue;
            const MigrationFile& file = *std::find_if(loaded.files.begin(), loaded.files.end(),
                                                      [&](const MigrationFile& f) { return f.version == info.version; });
            status = run_version(file, info.row);
            if (status != 0) break;
            applied.push_back(info.version.text());
        }
        for (const InfoRow& info : rows) {
            if (info.state == "ignored") {
                err_ << "connql: version " << info.version.text()
                     << " was not applied: it is older than the newest applied version (apply --out-of-order applies it)\n";
            }
        }
        if (status == 0) {
            if (applied.empty()) {
                out_ << "Nothing to apply: every migration file is applied.\n";
            } else {
                // A long list is a range: a first apply of a big history fills no screens.
                std::string list;
                if (applied.size() > 10) {
                    list = applied.front() + ", " + applied[1] + ", ... " + applied.back();
                } else {
                    for (const std::string& v : applied) list += (list.empty() ? "" : ", ") + v;
                }
                out_ << "Applied " << applied.size() << (applied.size() == 1 ? " version: " : " versions: ") << list << "\n";
            }
        }
    } catch (...) {
        lock_->release();
        throw;
    }
    lock_->release();
    return status;
}

int Migrator::repair() {
    Loaded loaded = load();
    if (lock_->force_release()) err_ << "connql: released a lock left by a migrator that is gone\n";
    lock_->acquire([this](const std::string& holder) { err_ << "connql: waiting for the migration lock, held by " << holder << "\n"; });
    loaded.rows = fold_history(lock_->counted(log_->read_all()));
    int repaired = 0;
    for (const MigrationFile& file : loaded.files) {
        auto it = loaded.rows.find(file.version);
        if (it == loaded.rows.end()) continue;
        HistoryRow row = it->second;
        bool changed = row.checksum != file.checksum && row.state != RowState::Undone;
        bool interrupted = row.state == RowState::Running;
        if (!changed && !interrupted) continue;
        if (changed) {
            out_ << "Version " << file.version.text() << ": checksum realigned to the file as it is now\n";
            row.checksum = file.checksum;
            row.description = file.description;
        }
        if (interrupted) {
            out_ << "Version " << file.version.text() << ": marked failed (its migrator stopped at statement "
                 << row.completed_statements + 1 << "); apply resumes it\n";
            row.state = RowState::Failed;
            row.error = "interrupted";
        }
        write_row(row);
        ++repaired;
    }
    lock_->release();
    if (repaired == 0) out_ << "Nothing to repair.\n";
    return 0;
}

int Migrator::baseline() {
    Version version = *Version::parse(options_.baseline_version.value_or("1"));
    Loaded loaded = load();
    if (!loaded.rows.empty()) {
        throw Error(ErrorKind::Usage, "the history already has versions: baseline adopts a cluster only once", {},
                    "connql migrate info shows them");
    }
    lock_->acquire([this](const std::string& holder) { err_ << "connql: waiting for the migration lock, held by " << holder << "\n"; });
    std::string name = "V" + version.text() + "__baseline.sql";
    fs::path path = fs::path(options_.dir) / name;
    std::string text = "-- " + name + ": the connectors on the cluster when migrations began (connql migrate baseline).\n"
                       "-- Recorded as applied, never run.\n";
    std::map<std::string, LiveConnector> live = live_connectors(session_);
    for (const auto& [connector, state] : live) {
        const std::string* class_name = state.config.find("connector.class");
        DecompileOptions decompile_options;
        decompile_options.secrets = session_.secret_policy(session_.client(), class_name ? *class_name : "");
        text += "\n" + decompile(connector, state.kind, state.config, decompile_options).statement + "\n";
    }
    std::error_code code;
    fs::create_directories(options_.dir, code);
    if (fs::exists(path)) throw Error(ErrorKind::Usage, "'" + path.string() + "' exists already");
    std::ofstream(path) << text;
    HistoryRow row;
    row.version = version;
    row.description = "baseline";
    row.type = "BASELINE";
    row.script = name;
    row.checksum = checksum(text);
    row.state = RowState::Baseline;
    for (const auto& entry : live) row.connectors.push_back(entry.first);
    row.installed_by = installed_by();
    row.installed_on_ms = now_ms();
    row.connql_version = CONNQL_VERSION_TEXT;
    write_row(row);
    lock_->release();
    out_ << "Wrote " << path.string() << " with " << live.size() << " connector(s), recorded as version "
         << version.text() << " (baseline)\n";
    return 0;
}

int Migrator::undo() {
    Loaded loaded = load();
    std::optional<Version> down_to = target();
    lock_->acquire([this](const std::string& holder) { err_ << "connql: waiting for the migration lock, held by " << holder << "\n"; });
    loaded.rows = fold_history(lock_->counted(log_->read_all()));
    std::vector<const MigrationFile*> todo;
    for (auto it = loaded.files.rbegin(); it != loaded.files.rend(); ++it) {
        auto row = loaded.rows.find(it->version);
        if (row == loaded.rows.end() || row->second.state != RowState::Applied) continue;
        if (down_to && !(*down_to < it->version)) break;
        todo.push_back(&*it);
        if (!down_to) break;  // without a target: the newest applied version only
    }
    int status = 0;
    for (const MigrationFile* file : todo) {
        if (!file->undo_text) {
            err_ << "connql: version " << file->version.text() << " has no undo file (U" << file->version.text() << "__"
                 << "...sql): the undo stops here, and the versions after it stay undone\n";
            status = 1;
            break;
        }
        PreparedScript script = prepare_file(*file->undo_path, *file->undo_text);
        Printer printer(OutputFormat::Table, out_, err_);
        RunnerOptions runner_options;
        runner_options.before_each = [this](const PreparedStatement&) { lock_->check_live(); };
        Runner runner(session_, runner_options);
        RunReport report = runner.run_prepared(std::move(script), printer);
        printer.finish(report);
        if (report.failed()) {
            status = 1;
            break;
        }
        HistoryRow row = loaded.rows[file->version];
        row.state = RowState::Undone;
        row.installed_on_ms = now_ms();
        row.installed_by = installed_by();
        write_row(row);
        out_ << "Undone version " << file->version.text() << "\n";
    }
    lock_->release();
    if (todo.empty()) out_ << "Nothing to undo.\n";
    return status;
}

}  // namespace connql::migrations
