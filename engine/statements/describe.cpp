// What the cluster says about connectors: SHOW CONNECTORS, DESCRIBE, SHOW CREATE,
// offsets and topics.
#include <algorithm>
#include <chrono>
#include <thread>

#include "compiler/decompile.h"
#include "compiler/secrets.h"
#include "connect/endpoints.h"
#include "engine/connect_errors.h"
#include "engine/connect_reading.h"
#include "engine/connector_listing.h"
#include "engine/statement_context.h"

namespace connql::detail {

namespace api = connect::endpoints;

ResultValue run(const ast::ShowConnectors& statement, StatementContext& context) {
    // One request for every connector, where ksqlDB makes 1 + 2N. The rows come sorted
    // by name, and are shared as they are when nothing is filtered out.
    ConnectorList list;
    list.connectors = list_connector_rows(context.session, context.client());
    if (!statement.kind && !statement.like) return list;
    auto shown = std::make_shared<std::vector<ConnectorRow>>();
    for (const ConnectorRow& row : *list.connectors) {
        if (statement.kind && row.type != kind_name(*statement.kind)) continue;
        if (statement.like && !like(row.name, *statement.like)) continue;
        shown->push_back(row);
    }
    list.connectors = std::move(shown);
    return list;
}

ResultValue run(const ast::DescribeConnector& statement, StatementContext& context) {
    const std::string& name = statement.name.text;
    connect::Client& client = context.client();
    const std::string doing = "describing connector '" + name + "'";
    connect::Response info = api::get_connector(client, name);
    if (!info.ok()) throw_connect_error(info, doing, {&client, name});
    // Right after a create the config exists before any worker has reported a
    // status (ksqlDB fails here with "No value present", issue #8379): wait a little.
    connect::Response status = api::get_status(client, name);
    for (int attempt = 0; status.status == 404 && attempt < 50; ++attempt) {
        std::this_thread::sleep_for(std::chrono::milliseconds(100));
        context.session.cancel_token().throw_if_cancelled(doing);
        status = api::get_status(client, name);
    }
    if (!status.ok()) throw_connect_error(status, doing, {&client, name});
    connect::Response topics = api::get_topics(client, name);

    ConnectorDescription d;
    d.name = name;
    const nlohmann::json config = info.body.value("config", nlohmann::json::object());
    const Config live = Config::from_json(config);
    if (!context.session.show_secrets()) status.body = scrub_status(status.body, &live);
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
    if (statement.extended) d.config = masked(live, context.session.secret_policy(client, d.class_name));
    d.status = status.body;
    return d;
}

ResultValue run(const ast::ShowCreateConnector& statement, StatementContext& context) {
    const std::string& name = statement.name.text;
    connect::Client& client = context.client();
    connect::Response info = api::get_connector(client, name);
    if (!info.ok()) throw_connect_error(info, "reading connector '" + name + "'", {&client, name});
    ast::ConnectorKind kind =
        json_string(info.body, "type") == "sink" ? ast::ConnectorKind::Sink : ast::ConnectorKind::Source;
    Config config = Config::from_json(info.body.value("config", nlohmann::json::object()));
    // Secrets become variables to DEFINE: the statement can be run again without
    // ever writing a placeholder into the live config.
    DecompileOptions options;
    options.dialect = context.prepared.statement.dialect;  // the dialect in force at this statement
    const std::string* class_name = config.find("connector.class");
    options.secrets = context.session.secret_policy(client, class_name ? *class_name : "");
    return StatementText{name, decompile(name, kind, config, options).statement};
}

namespace {

ResultValue connector_json(const std::string& name, const std::string& what, connect::Response response,
                           connect::Client& client) {
    if (!response.ok()) throw_connect_error(response, "reading the " + what + " of connector '" + name + "'", {&client, name});
    return JsonResult{what, response.body};
}

}  // namespace

ResultValue run(const ast::ShowConnectorOffsets& statement, StatementContext& context) {
    connect::Client& client = context.client();
    return connector_json(statement.name.text, "offsets", api::get_offsets(client, statement.name.text), client);
}

ResultValue run(const ast::ShowConnectorTopics& statement, StatementContext& context) {
    connect::Client& client = context.client();
    return connector_json(statement.name.text, "topics", api::get_topics(client, statement.name.text), client);
}

}  // namespace connql::detail
