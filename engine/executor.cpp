// Connector statements: CREATE, ALTER, DROP, lifecycle, queries.
#include "engine/executor.h"

#include <chrono>
#include <thread>

#include "compiler/aliases.h"
#include "compiler/decompile.h"
#include "compiler/durations.h"
#include "engine/file_lock.h"
#include "compiler/secrets.h"
#include "common/suggest.h"

namespace connql {

using connect::Method;
using connect::Safety;

namespace {

std::string path_of(const std::string& name, const std::string& rest = "") {
    return "/connectors/" + connect::encode_segment(name) + rest;
}

std::string kind_name(ast::ConnectorKind kind) { return kind == ast::ConnectorKind::Sink ? "sink" : "source"; }

std::string json_string(const nlohmann::json& object, const char* key) {
    if (!object.is_object()) return "";
    auto it = object.find(key);
    return it != object.end() && it->is_string() ? it->get<std::string>() : "";
}

// Connect repeats submitted values in some errors; never show a secret from the config.
std::string scrub(std::string message, const Config* config) {
    if (config == nullptr) return message;
    for (const auto& [key, value] : config->entries()) {
        if (!should_mask(key, value) || value.size() < 3) continue;
        for (size_t at = message.find(value); at != std::string::npos; at = message.find(value, at)) {
            message.replace(at, value.size(), kMasked);
            at += std::string(kMasked).size();
        }
    }
    return message;
}

}  // namespace

bool like(const std::string& text, const std::string& pattern) {
    // Iterative matcher with backtracking to the last %.
    size_t t = 0, p = 0, star = std::string::npos, mark = 0;
    while (t < text.size()) {
        if (p < pattern.size() && (pattern[p] == '_' || pattern[p] == text[t])) {
            ++t;
            ++p;
        } else if (p < pattern.size() && pattern[p] == '%') {
            star = p++;
            mark = t;
        } else if (star != std::string::npos) {
            p = star + 1;
            t = ++mark;
        } else {
            return false;
        }
    }
    while (p < pattern.size() && pattern[p] == '%') ++p;
    return p == pattern.size();
}

std::string summarize_state(const nlohmann::json& status) {
    std::string state = json_string(status.value("connector", nlohmann::json::object()), "state");
    if (state != "RUNNING") return state;
    const nlohmann::json tasks = status.value("tasks", nlohmann::json::array());
    size_t running = 0;
    for (const auto& task : tasks) running += json_string(task, "state") == "RUNNING";
    std::string counts = "/" + std::to_string(tasks.size()) + " tasks RUNNING)";
    if (!tasks.empty() && running == 0) return "WARNING (0" + counts;
    return "RUNNING (" + std::to_string(running) + counts;
}

Executor::Executor(std::optional<ClusterConfig> cluster, ClusterDirectory directory)
    : cluster_(std::move(cluster)), directory_(std::move(directory)) {}

Executor::~Executor() = default;

connect::Client& Executor::client() {
    if (!client_) {
        if (!cluster_) {
            throw Error(ErrorKind::Usage, "no Kafka Connect cluster is configured", {},
                        "give --connect-url URL, set CONNQL_CONNECT_URL, add a cluster to ~/.config/connql/clusters.json, "
                        "or start a local one with scripts/cluster up");
        }
        client_ = std::make_unique<connect::Client>(cluster_->endpoint);
    }
    return *client_;
}

connect::Response Executor::send(Method method, const std::string& path, const nlohmann::json* body, Safety safety,
                                 bool slow) {
    connect::Call call{method, path, std::nullopt, safety, slow};
    if (body != nullptr) call.body = body->dump();
    return client().send(call);
}

std::string Executor::not_found_hint(const std::string& name) {
    connect::Response list = send(Method::Get, "/connectors", nullptr, Safety::Idempotent);
    if (list.ok() && list.body.is_array()) {
        std::vector<std::string> names;
        for (const auto& item : list.body) {
            if (!item.is_string()) continue;
            std::string other = item.get<std::string>();
            if (other == name) {
                return "connector '" + name + "' exists but its status is not known yet (it was just created, or the "
                       "workers are rebalancing): try again in a moment, or SET 'connql.wait' = 'running' before creating it";
            }
            if (edit_distance(other, name) == 0) {
                return "names are case-sensitive: did you mean `" + other + "`? (quote it to keep its case)";
            }
            names.push_back(other);
        }
        if (auto guess = closest(name, names)) return "did you mean `" + *guess + "`?";
    }
    return "SHOW CONNECTORS lists the connectors of this cluster";
}

void Executor::fail(const connect::Response& response, const std::string& doing, const std::string& connector,
                    const Config* config) {
    std::string message = scrub(response.error_message(), config);
    std::string hint;
    if (response.status == 404 && !connector.empty()) hint = not_found_hint(connector);
    if (message.find("must be in the STOPPED state") != std::string::npos) {
        hint = "offsets can only change while the connector is stopped: STOP CONNECTOR " + connector +
               "; first, then RESUME CONNECTOR " + connector + "; after";
    }
    throw Error(ErrorKind::Runtime,
                doing + ": Kafka Connect answered " + std::to_string(response.status) + ": " + message, {}, hint);
}

const std::vector<PluginRow>& Executor::connector_plugins() {
    if (!plugins_) {
        connect::Response response = send(Method::Get, "/connector-plugins", nullptr, Safety::Idempotent);
        if (!response.ok()) fail(response, "listing the installed connector plugins");
        std::vector<PluginRow> rows;
        for (const auto& plugin : response.body) {
            rows.push_back({json_string(plugin, "class"), json_string(plugin, "type"), json_string(plugin, "version")});
        }
        plugins_ = std::move(rows);
    }
    return *plugins_;
}

// Connect accepts the class, its simple name, or the simple name without "Connector".
void Executor::check_plugin(const CompiledConnector& compiled, Position pos) {
    const std::string* class_name = compiled.config.find("connector.class");
    if (class_name == nullptr) return;
    std::vector<std::string> simple_names;  // parallel to the plugins, for the suggestion
    for (const PluginRow& plugin : connector_plugins()) {
        std::string simple = plugin.class_name.substr(plugin.class_name.rfind('.') + 1);
        simple_names.push_back(simple);
        std::string shorter = simple.size() > 9 && simple.compare(simple.size() - 9, 9, "Connector") == 0
                                  ? simple.substr(0, simple.size() - 9)
                                  : simple;
        if (*class_name == plugin.class_name || *class_name == simple || *class_name == shorter) {
            if (plugin.type != kind_name(compiled.kind)) {
                throw Error(ErrorKind::Runtime,
                            "'" + *class_name + "' is a " + plugin.type + " connector, but the statement creates a " +
                                kind_name(compiled.kind) + " connector",
                            pos, "write CREATE " + std::string(plugin.type == "sink" ? "SINK" : "SOURCE") + " CONNECTOR");
            }
            return;
        }
    }
    std::string hint = "SHOW CONNECTOR PLUGINS lists what is installed";
    if (auto guess = closest(class_name->substr(class_name->rfind('.') + 1), simple_names)) {
        size_t at = static_cast<size_t>(std::find(simple_names.begin(), simple_names.end(), *guess) - simple_names.begin());
        hint = "did you mean '" + connector_plugins()[at].class_name + "'? " + hint;
    }
    throw Error(ErrorKind::Runtime, "connector class '" + *class_name + "' is not installed on this cluster", pos,
                hint + " (install the plugin on every worker's plugin.path)");
}

void Executor::wait_until_running(const std::string& name, const Session& session) {
    auto wait = session.properties.find("connql.wait");
    if (wait == session.properties.end() || wait->second != "running") return;
    long long timeout_ms = 60000;
    auto timeout = session.properties.find("connql.wait.timeout");
    if (timeout != session.properties.end()) {
        if (auto ms = parse_duration_ms(timeout->second)) timeout_ms = *ms;
    }
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(timeout_ms);
    std::string last = "no status yet";
    while (true) {
        connect::Response response = send(Method::Get, path_of(name, "/status"), nullptr, Safety::Idempotent);
        if (response.ok()) {
            const nlohmann::json& status = response.body;
            std::string state = json_string(status.value("connector", nlohmann::json::object()), "state");
            std::string traces;
            bool all_running = state == "RUNNING";
            if (state == "FAILED") traces += "\nconnector: " + json_string(status["connector"], "trace");
            const nlohmann::json tasks = status.value("tasks", nlohmann::json::array());
            for (const auto& task : tasks) {
                std::string task_state = json_string(task, "state");
                all_running = all_running && task_state == "RUNNING";
                if (task_state == "FAILED") {
                    traces += "\ntask " + std::to_string(task.value("id", 0)) + ": " + json_string(task, "trace");
                }
            }
            if (!traces.empty()) {
                throw Error(ErrorKind::Runtime, "connector '" + name + "' failed:" + traces, {},
                            "fix the config (ALTER CONNECTOR " + name + " SET ...) and RESTART CONNECTOR " + name +
                                " WITH TASKS");
            }
            if (all_running && !tasks.empty()) return;
            last = summarize_state(status) + (tasks.empty() ? " (no tasks yet)" : "");
        }
        if (std::chrono::steady_clock::now() >= deadline) {
            throw Error(ErrorKind::Runtime,
                        "connector '" + name + "' was not RUNNING after " + format_duration(timeout_ms) + ": " + last,
                        {}, "raise SET 'connql.wait.timeout', or look at DESCRIBE CONNECTOR " + name);
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(200));
    }
}

ResultValue Executor::create(const ast::CreateConnector& statement, const CompiledConnector& compiled,
                             Session& session, std::vector<std::string>& warnings) {
    check_plugin(compiled, statement.using_class ? statement.using_class->pos : statement.pos);
    connect::Response response;
    const nlohmann::json config = compiled.config.to_json();
    if (statement.or_replace) {
        response = send(Method::Put, path_of(compiled.name, "/config"), &config, Safety::Idempotent, true);
    } else {
        // Two POSTs of one name that reach the leader in the same herder tick both
        // succeed (it checks existence against a config snapshot refreshed between
        // ticks). Creates of one connector from this host go one at a time, so the
        // second sees Connect's own 409 "already exists".
        std::string lock_key;
        for (const std::string& url : client().endpoint().urls) lock_key += url + ",";
        FileLock lock(lock_key + "/connectors/" + compiled.name);
        nlohmann::json body = {{"name", compiled.name}, {"config", config}};
        response = send(Method::Post, "/connectors", &body, Safety::Once, true);
        if (response.status == 409 && response.error_message().find("already exists") != std::string::npos) {
            if (statement.if_not_exists) {
                return WarningResult{"Connector " + compiled.name + " already exists"};
            }
            throw Error(ErrorKind::Runtime, "connector '" + compiled.name + "' already exists", statement.name.pos,
                        "CREATE OR REPLACE updates it in place (offsets are kept); IF NOT EXISTS leaves it alone");
        }
    }
    if (!response.ok()) fail(response, "creating connector '" + compiled.name + "'", "", &compiled.config);
    for (const Diagnostic& warning : compiled.warnings) warnings.push_back(warning.message);
    wait_until_running(compiled.name, session);

    ConnectorCreated created;
    created.name = compiled.name;
    created.type = json_string(response.body, "type");
    if (created.type.empty()) created.type = kind_name(compiled.kind);
    created.config = masked(compiled.config);
    for (const auto& task : response.body.value("tasks", nlohmann::json::array())) created.tasks.push_back(task.value("task", 0));
    created.replaced = statement.or_replace && response.status == 200;
    return created;
}

ResultValue Executor::alter(const ast::AlterConnector& statement, Session& session, bool dry_run) {
    const std::string& name = statement.name.text;
    const std::string doing = "altering connector '" + name + "'";
    if (const auto* offsets = std::get_if<ast::AlterSetOffsets>(&statement.action)) {
        nlohmann::json body = nlohmann::json::parse(offsets->offsets_json.text, nullptr, false);
        if (body.is_discarded()) {
            throw Error(ErrorKind::Compile, "SET OFFSETS takes JSON", offsets->offsets_json.pos,
                        "write it as PATCH /connectors/{name}/offsets takes it: '{\"offsets\": [...]}'");
        }
        if (dry_run) return ExplainResult{name, {}, {"PATCH " + path_of(name, "/offsets") + " " + body.dump()}};
        connect::Response response = send(Method::Patch, path_of(name, "/offsets"), &body, Safety::Idempotent, true);
        if (!response.ok()) fail(response, doing, name);
        return MessageResult{json_string(response.body, "message")};
    }
    if (std::holds_alternative<ast::AlterResetOffsets>(statement.action)) {
        if (dry_run) return ExplainResult{name, {}, {"DELETE " + path_of(name, "/offsets")}};
        connect::Response response = send(Method::Delete, path_of(name, "/offsets"), nullptr, Safety::Idempotent, true);
        if (!response.ok()) fail(response, doing, name);
        return MessageResult{json_string(response.body, "message")};
    }
    if (std::holds_alternative<ast::AlterResetTopics>(statement.action)) {
        if (dry_run) return ExplainResult{name, {}, {"PUT " + path_of(name, "/topics/reset")}};
        connect::Response response = send(Method::Put, path_of(name, "/topics/reset"), nullptr, Safety::Idempotent);
        if (!response.ok()) fail(response, doing, name);
        return MessageResult{"Reset the active topics of connector " + name};
    }
    connect::Response live = send(Method::Get, path_of(name, "/config"), nullptr, Safety::Idempotent);
    if (!live.ok()) fail(live, doing, name);
    Config current = Config::from_json(live.body);
    CompileContext context;
    context.dialect = session.parse.dialect;
    Config changed = compile_alter(current, statement, context);
    nlohmann::json body = changed.to_json();
    if (dry_run) return ExplainResult{name, masked(changed), {"GET " + path_of(name, "/config"), "PUT " + path_of(name, "/config")}};
    connect::Response response = send(Method::Put, path_of(name, "/config"), &body, Safety::Idempotent, true);
    if (!response.ok()) fail(response, doing, name, &changed);
    wait_until_running(name, session);
    return MessageResult{"Altered connector " + name};
}

ResultValue Executor::drop(const ast::DropConnector& statement, std::vector<std::string>& warnings) {
    ConnectorsDropped dropped;
    for (const ast::Name& name : statement.names) {
        connect::Response response = send(Method::Delete, path_of(name.text), nullptr, Safety::Idempotent);
        if (response.status == 404) {
            if (statement.if_exists) {
                warnings.push_back("Connector '" + name.text + "' does not exist.");
                continue;
            }
            fail(response, "dropping connector '" + name.text + "'", name.text);
        }
        if (!response.ok()) fail(response, "dropping connector '" + name.text + "'", name.text);
        dropped.names.push_back(name.text);
    }
    if (dropped.names.empty()) return WarningResult{warnings.empty() ? "Nothing was dropped" : warnings.front()};
    return dropped;
}

ResultValue Executor::lifecycle(const ast::LifecycleConnector& statement, const Session& session) {
    using Action = ast::LifecycleConnector::Action;
    const std::string& name = statement.name.text;
    const char* verb = statement.action == Action::Pause ? "pause" : statement.action == Action::Resume ? "resume" : "stop";
    connect::Response response = send(Method::Put, path_of(name, std::string("/") + verb), nullptr, Safety::Idempotent);
    if (!response.ok()) fail(response, std::string(verb) + " connector '" + name + "'", name);
    if (statement.action == Action::Resume) wait_until_running(name, session);
    const char* done = statement.action == Action::Pause ? "Paused" : statement.action == Action::Resume ? "Resumed" : "Stopped";
    return MessageResult{std::string(done) + " connector " + name};
}

ResultValue Executor::restart(const ast::RestartConnector& statement, const Session& session) {
    const std::string& name = statement.name.text;
    std::string query = std::string("?includeTasks=") + (statement.include_tasks ? "true" : "false") +
                        "&onlyFailed=" + (statement.only_failed ? "true" : "false");
    connect::Response response = send(Method::Post, path_of(name, "/restart" + query), nullptr, Safety::Once);
    if (!response.ok()) fail(response, "restarting connector '" + name + "'", name);
    wait_until_running(name, session);
    return MessageResult{"Restarted connector " + name + (statement.include_tasks ? " and its tasks" : "")};
}

ResultValue Executor::restart_task(const ast::RestartTask& statement) {
    const std::string& name = statement.name.text;
    connect::Response response = send(Method::Post, path_of(name, "/tasks/" + std::to_string(statement.task) + "/restart"),
                                      nullptr, Safety::Once);
    if (!response.ok()) fail(response, "restarting task " + std::to_string(statement.task) + " of '" + name + "'", name);
    return MessageResult{"Restarted task " + std::to_string(statement.task) + " of connector " + name};
}

ResultValue Executor::show_connectors(const ast::ShowConnectors& statement) {
    // One request for every connector, where ksqlDB makes 1 + 2N.
    connect::Response response = send(Method::Get, "/connectors?expand=status&expand=info", nullptr, Safety::Idempotent);
    if (!response.ok()) fail(response, "listing connectors");
    ConnectorList list;
    for (auto it = response.body.begin(); it != response.body.end(); ++it) {
        const nlohmann::json& info = (*it).value("info", nlohmann::json::object());
        const nlohmann::json& status = (*it).value("status", nlohmann::json::object());
        ConnectorRow row{it.key(), json_string(info, "type"), json_string(info.value("config", nlohmann::json::object()), "connector.class"),
                         summarize_state(status)};
        if (row.type.empty()) row.type = json_string(status, "type");
        if (statement.kind && row.type != kind_name(*statement.kind)) continue;
        if (statement.like && !like(row.name, *statement.like)) continue;
        list.connectors.push_back(std::move(row));
    }
    std::sort(list.connectors.begin(), list.connectors.end(),
              [](const ConnectorRow& a, const ConnectorRow& b) { return a.name < b.name; });
    return list;
}

ResultValue Executor::describe(const ast::DescribeConnector& statement) {
    const std::string& name = statement.name.text;
    connect::Response info = send(Method::Get, path_of(name), nullptr, Safety::Idempotent);
    if (!info.ok()) fail(info, "describing connector '" + name + "'", name);
    // Right after a create the config exists before any worker has reported a
    // status (ksqlDB fails here with "No value present", issue #8379): wait a little.
    connect::Response status = send(Method::Get, path_of(name, "/status"), nullptr, Safety::Idempotent);
    for (int attempt = 0; status.status == 404 && attempt < 50; ++attempt) {
        std::this_thread::sleep_for(std::chrono::milliseconds(100));
        status = send(Method::Get, path_of(name, "/status"), nullptr, Safety::Idempotent);
    }
    if (!status.ok()) fail(status, "describing connector '" + name + "'", name);
    connect::Response topics = send(Method::Get, path_of(name, "/topics"), nullptr, Safety::Idempotent);

    ConnectorDescription d;
    d.name = name;
    const nlohmann::json config = info.body.value("config", nlohmann::json::object());
    d.class_name = json_string(config, "connector.class");
    d.type = json_string(status.body, "type");
    const nlohmann::json connector = status.body.value("connector", nlohmann::json::object());
    d.state = json_string(connector, "state");
    d.worker = json_string(connector, "worker_id");
    d.trace = json_string(connector, "trace");
    for (const auto& task : status.body.value("tasks", nlohmann::json::array())) {
        d.tasks.push_back({task.value("id", 0), json_string(task, "state"), json_string(task, "worker_id"),
                           json_string(task, "trace")});
    }
    if (topics.ok()) {
        for (const auto& topic : topics.body.value(name, nlohmann::json::object()).value("topics", nlohmann::json::array())) {
            if (topic.is_string()) d.topics.push_back(topic.get<std::string>());
        }
    }
    if (statement.extended) d.config = masked(Config::from_json(config));
    d.status = status.body;
    return d;
}

ResultValue Executor::show_create(const ast::ShowCreateConnector& statement) {
    const std::string& name = statement.name.text;
    connect::Response info = send(Method::Get, path_of(name), nullptr, Safety::Idempotent);
    if (!info.ok()) fail(info, "reading connector '" + name + "'", name);
    ast::ConnectorKind kind = json_string(info.body, "type") == "sink" ? ast::ConnectorKind::Sink : ast::ConnectorKind::Source;
    Config config = masked(Config::from_json(info.body.value("config", nlohmann::json::object())));
    return StatementText{name, decompile(name, kind, config).statement};
}

ResultValue Executor::show_plugins(const ast::ShowPlugins& statement) {
    connect::Response response = send(Method::Get, statement.all ? "/connector-plugins?connectorsOnly=false" : "/connector-plugins",
                                      nullptr, Safety::Idempotent);
    if (!response.ok()) fail(response, "listing plugins");
    PluginList list;
    for (const auto& plugin : response.body) {
        PluginRow row{json_string(plugin, "class"), json_string(plugin, "type"), json_string(plugin, "version")};
        if (statement.like && !like(row.class_name, *statement.like)) continue;
        list.plugins.push_back(std::move(row));
    }
    return list;
}

ResultValue Executor::describe_plugin(const ast::DescribePlugin& statement) {
    std::string plugin = expand_connector_class(statement.plugin.text);
    connect::Response response = send(Method::Get, "/connector-plugins/" + connect::encode_segment(plugin) + "/config",
                                      nullptr, Safety::Idempotent);
    if (!response.ok()) fail(response, "describing plugin '" + plugin + "'");
    return PluginDescription{plugin, response.body};
}

ResultValue Executor::connector_json(const std::string& name, const std::string& what) {
    connect::Response response = send(Method::Get, path_of(name, "/" + what), nullptr, Safety::Idempotent);
    if (!response.ok()) fail(response, "reading the " + what + " of connector '" + name + "'", name);
    return JsonResult{what, response.body};
}

ResultValue Executor::validate(const CompiledConnector& compiled) {
    const std::string* class_name = compiled.config.find("connector.class");
    nlohmann::json body = compiled.config.to_json();
    connect::Response response = send(Method::Put, "/connector-plugins/" + connect::encode_segment(*class_name) + "/config/validate",
                                      &body, Safety::Idempotent, true);
    if (!response.ok()) fail(response, "validating connector '" + compiled.name + "'", "", &compiled.config);
    ValidationResult result;
    result.class_name = json_string(response.body, "name");
    result.error_count = response.body.value("error_count", 0);
    for (const auto& entry : response.body.value("configs", nlohmann::json::array())) {
        const nlohmann::json value = entry.value("value", nlohmann::json::object());
        std::vector<std::string> errors;
        for (const auto& e : value.value("errors", nlohmann::json::array())) {
            if (e.is_string()) errors.push_back(scrub(e.get<std::string>(), &compiled.config));
        }
        if (!errors.empty()) result.errors.emplace_back(json_string(value, "name"), std::move(errors));
    }
    return result;
}

ResultValue Executor::explain(const ast::Explain& statement, const std::optional<CompiledConnector>& compiled,
                              Session& session) {
    if (const auto* alter_statement = std::get_if<ast::AlterConnector>(&statement.target)) {
        return alter(*alter_statement, session, true);
    }
    const auto& create_statement = std::get<ast::CreateConnector>(statement.target);
    std::string request = create_statement.or_replace ? "PUT " + path_of(compiled->name, "/config") : "POST /connectors";
    return ExplainResult{compiled->name, masked(compiled->config), {request}};
}

StatementResult Executor::execute(const PreparedStatement& prepared, Session& session) {
    StatementResult result;
    const ast::Statement& statement = prepared.statement;
    result.statement_text = statement.text;
    if (prepared.compiled) {  // the echo must not carry the secrets the statement was written with
        result.statement_text = decompile(prepared.compiled->name, prepared.compiled->kind,
                                          masked(prepared.compiled->config)).statement;
    }
    const ast::StatementNode& node = statement.node;
    if (const auto* s = std::get_if<ast::CreateConnector>(&node)) {
        result.value = create(*s, *prepared.compiled, session, result.warnings);
    } else if (const auto* s = std::get_if<ast::AlterConnector>(&node)) {
        result.statement_text = "ALTER CONNECTOR " + s->name.text;
        result.value = alter(*s, session, false);
    } else if (const auto* s = std::get_if<ast::DropConnector>(&node)) {
        result.value = drop(*s, result.warnings);
    } else if (const auto* s = std::get_if<ast::LifecycleConnector>(&node)) {
        result.value = lifecycle(*s, session);
    } else if (const auto* s = std::get_if<ast::RestartConnector>(&node)) {
        result.value = restart(*s, session);
    } else if (const auto* s = std::get_if<ast::RestartTask>(&node)) {
        result.value = restart_task(*s);
    } else if (const auto* s = std::get_if<ast::ShowConnectors>(&node)) {
        result.value = show_connectors(*s);
    } else if (const auto* s = std::get_if<ast::DescribeConnector>(&node)) {
        result.value = describe(*s);
    } else if (const auto* s = std::get_if<ast::ShowCreateConnector>(&node)) {
        result.value = show_create(*s);
    } else if (const auto* s = std::get_if<ast::ShowPlugins>(&node)) {
        result.value = show_plugins(*s);
    } else if (const auto* s = std::get_if<ast::DescribePlugin>(&node)) {
        result.value = describe_plugin(*s);
    } else if (const auto* s = std::get_if<ast::ShowConnectorOffsets>(&node)) {
        result.value = connector_json(s->name.text, "offsets");
    } else if (const auto* s = std::get_if<ast::ShowConnectorTopics>(&node)) {
        result.value = connector_json(s->name.text, "topics");
    } else if (const auto* s = std::get_if<ast::Explain>(&node)) {
        result.value = explain(*s, prepared.compiled, session);
    } else if (std::holds_alternative<ast::Validate>(node)) {
        result.value = validate(*prepared.compiled);
    } else {
        result.value = session_statement(statement, session);
    }
    return result;
}

}  // namespace connql
