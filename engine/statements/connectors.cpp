// CREATE, ALTER and DROP CONNECTOR.
#include "compiler/secrets.h"
#include "connect/endpoints.h"
#include "engine/connect_errors.h"
#include "engine/connect_reading.h"
#include "engine/file_lock.h"
#include "engine/statement_context.h"


namespace connql::detail {

namespace api = connect::endpoints;

namespace {

// Connect accepts the class, its simple name, or the simple name without "Connector".
void check_plugin(const CompiledConnector& compiled, Position pos, StatementContext& context) {
    const std::string* class_name = compiled.config.find("connector.class");
    if (class_name == nullptr) return;
    std::vector<PluginRow> plugins = context.session.connector_plugins(context.client());
    for (const PluginRow& plugin : plugins) {
        std::string simple = plugin.class_name.substr(plugin.class_name.rfind('.') + 1);
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
    if (auto guess = closest_plugin_class(plugins, *class_name)) hint = "did you mean '" + *guess + "'? " + hint;
    throw Error(ErrorKind::Runtime, "connector class '" + *class_name + "' is not installed on this cluster", pos,
                hint + " (install the plugin on every worker's plugin.path)");
}

std::string lock_key(const connect::Client& client, const std::string& name) {
    std::string key;
    for (const std::string& url : client.endpoint().urls) key += url + ",";
    return key + "/connectors/" + name;
}

}  // namespace

ResultValue run(const ast::CreateConnector& statement, StatementContext& context) {
    const CompiledConnector& compiled = *context.prepared.compiled;
    check_plugin(compiled, statement.using_class ? statement.using_class->pos : statement.pos, context);
    connect::Client& client = context.client();
    connect::Response response;
    const nlohmann::json config = compiled.config.to_json();
    StatusBefore before;
    if (statement.or_replace) {
        before = status_before_change(compiled.name, context);
        response = api::put_config(client, compiled.name, config);
    } else {
        // Two POSTs of one name that reach the leader in the same herder tick both
        // succeed (it checks existence against a config snapshot refreshed between
        // ticks). Creates of one connector from this host go one at a time, so the
        // second sees Connect's own 409 "already exists".
        FileLock lock(lock_key(client, compiled.name));
        response = api::create_connector(client, compiled.name, config);
        if (response.status == 409 && response.error_message().find("already exists") != std::string::npos) {
            if (statement.if_not_exists) return WarningResult{"Connector " + compiled.name + " already exists"};
            Error error(ErrorKind::Runtime, "connector '" + compiled.name + "' already exists", statement.name.pos,
                        "CREATE OR REPLACE updates it in place (offsets are kept); IF NOT EXISTS leaves it alone");
            error.diagnostic().connect_status = 409;  // Connect's own answer, as ksqlDB reports it
            throw error;
        }
    }
    if (!response.ok()) throw_connect_error(response, "creating connector '" + compiled.name + "'", {&client, "", &compiled.config});
    for (const Diagnostic& warning : compiled.warnings) context.warnings.push_back(warning.message);

    ConnectorCreated created;
    created.name = compiled.name;
    created.type = json_string(response.body, "type");
    if (created.type.empty()) created.type = kind_name(compiled.kind);
    const std::string* class_name = compiled.config.find("connector.class");
    created.config = masked(compiled.config, context.session.secret_policy(client, class_name ? *class_name : ""));
    for (const auto& task : response.body.value("tasks", nlohmann::json::array())) created.tasks.push_back(task.value("task", 0));
    created.replaced = statement.or_replace && response.status == 200;
    wait_after_change(compiled.name, created, context, before);
    return created;
}

ResultValue alter(const ast::AlterConnector& statement, StatementContext& context, bool dry_run) {
    const std::string& name = statement.name.text;
    const std::string doing = "altering connector '" + name + "'";
    connect::Client& client = context.client();
    if (std::holds_alternative<ast::AlterSetOffsets>(statement.action)) {
        const nlohmann::json& body = *context.prepared.offsets;
        if (dry_run) return ExplainResult{name, {}, {api::alter_offsets_request_line(name) + " " + body.dump()}};
        connect::Response response = api::alter_offsets(client, name, body);
        if (!response.ok()) throw_connect_error(response, doing, {&client, name});
        return MessageResult{json_string(response.body, "message")};
    }
    if (std::holds_alternative<ast::AlterResetOffsets>(statement.action)) {
        if (dry_run) return ExplainResult{name, {}, {api::reset_offsets_request_line(name)}};
        connect::Response response = api::reset_offsets(client, name);
        if (!response.ok()) throw_connect_error(response, doing, {&client, name});
        return MessageResult{json_string(response.body, "message")};
    }
    if (std::holds_alternative<ast::AlterResetTopics>(statement.action)) {
        if (dry_run) return ExplainResult{name, {}, {api::reset_topics_request_line(name)}};
        connect::Response response = api::reset_topics(client, name);
        if (!response.ok()) throw_connect_error(response, doing, {&client, name});
        return MessageResult{"Reset the active topics of connector " + name};
    }
    connect::Response live = api::get_config(client, name);
    if (!live.ok()) throw_connect_error(live, doing, {&client, name});
    Config changed = compile_alter(Config::from_json(live.body), statement, context.session.compile_context());
    if (dry_run) {
        const std::string* class_name = changed.find("connector.class");
        SecretPolicy policy = context.session.secret_policy(client, class_name ? *class_name : "");
        return ExplainResult{name, masked(changed, policy), {api::get_config_request_line(name), api::put_config_request_line(name)}};
    }
    StatusBefore before = status_before_change(name, context);
    connect::Response response = api::put_config(client, name, changed.to_json());
    if (!response.ok()) throw_connect_error(response, doing, {&client, name, &changed});
    MessageResult altered{"Altered connector " + name};
    wait_after_change(name, altered, context, before);
    return altered;
}

ResultValue run(const ast::AlterConnector& statement, StatementContext& context) {
    return alter(statement, context, false);
}

// Every name is tried, as `rm a b c` does, and each gets its own line in the
// result; the statement fails if any name could not be dropped.
ResultValue run(const ast::DropConnector& statement, StatementContext& context) {
    connect::Client& client = context.client();
    ConnectorsDropped dropped;
    size_t failures = 0;
    std::optional<Error> first_error;
    for (const ast::Name& name : statement.names) {
        connect::Response response = api::delete_connector(client, name.text);
        DropOutcome outcome{name.text, DropOutcome::Status::Dropped, ""};
        if (!response.ok()) {
            outcome.status = response.status == 404 ? DropOutcome::Status::Missing : DropOutcome::Status::Failed;
            outcome.message = response.error_message();
            if (outcome.status == DropOutcome::Status::Failed || !statement.if_exists) {
                ++failures;
                if (!first_error) {
                    try {
                        throw_connect_error(response, "dropping connector '" + name.text + "'", {&client, name.text});
                    } catch (Error& error) {
                        error.diagnostic().pos = name.pos;
                        first_error = error;
                    }
                }
            } else {
                context.warnings.push_back("Connector '" + name.text + "' does not exist.");
            }
        }
        dropped.outcomes.push_back(std::move(outcome));
    }
    if (first_error) {
        if (statement.names.size() > 1) {
            size_t done = dropped.dropped_names().size();
            first_error->diagnostic().message += " (" + std::to_string(done) + " of " +
                                                 std::to_string(statement.names.size()) + " connectors dropped, " +
                                                 std::to_string(failures) + " not)";
        }
        context.partial = dropped;
        context.partly_applied = !dropped.dropped_names().empty();
        throw *first_error;
    }
    if (dropped.dropped_names().empty()) {  // IF EXISTS, and none existed: one warning says it
        std::string message = context.warnings.empty() ? "Nothing was dropped" : context.warnings.front();
        if (!context.warnings.empty()) context.warnings.erase(context.warnings.begin());
        return WarningResult{message};
    }
    return dropped;
}

}  // namespace connql::detail
