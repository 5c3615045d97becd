#include "connect/endpoints.h"

namespace connql::connect::endpoints {

namespace {

std::string connector_path(const std::string& name, const std::string& rest = "") {
    return "/connectors/" + encode_segment(name) + rest;
}

Response get(Client& client, std::string path) {
    return client.send({Method::Get, std::move(path), std::nullopt, Safety::Idempotent, false});
}

// Creates, replaces, validations and offset changes can take a worker many
// seconds (it forwards to the leader and waits for the config topic): `slow`.
Response send(Client& client, Method method, std::string path, const nlohmann::json* body, Safety safety,
              bool slow) {
    Call call{method, std::move(path), std::nullopt, safety, slow};
    if (body != nullptr) call.body = body->dump();
    return client.send(call);
}

}  // namespace

Response server_info(Client& client) { return get(client, "/"); }

Response list_connectors(Client& client) { return get(client, "/connectors"); }

Response list_connectors_expanded(Client& client, std::shared_ptr<BodyConsumer> consumer) {
    return client.send({Method::Get, "/connectors?expand=status&expand=info", std::nullopt, Safety::Idempotent, false,
                        std::move(consumer)});
}

Response list_connectors_with_info(Client& client) { return get(client, "/connectors?expand=info"); }

Response get_connector(Client& client, const std::string& name) { return get(client, connector_path(name)); }

Response get_config(Client& client, const std::string& name) { return get(client, connector_path(name, "/config")); }

Response get_status(Client& client, const std::string& name) { return get(client, connector_path(name, "/status")); }

Response create_connector(Client& client, const std::string& name, const nlohmann::json& config) {
    nlohmann::json body = {{"name", name}, {"config", config}};
    return send(client, Method::Post, "/connectors", &body, Safety::Once, true);
}

Response put_config(Client& client, const std::string& name, const nlohmann::json& config) {
    return send(client, Method::Put, connector_path(name, "/config"), &config, Safety::Idempotent, true);
}

Response delete_connector(Client& client, const std::string& name) {
    return send(client, Method::Delete, connector_path(name), nullptr, Safety::Idempotent, false);
}

Response pause_connector(Client& client, const std::string& name) {
    return send(client, Method::Put, connector_path(name, "/pause"), nullptr, Safety::Idempotent, false);
}

Response resume_connector(Client& client, const std::string& name) {
    return send(client, Method::Put, connector_path(name, "/resume"), nullptr, Safety::Idempotent, false);
}

Response stop_connector(Client& client, const std::string& name) {
    return send(client, Method::Put, connector_path(name, "/stop"), nullptr, Safety::Idempotent, false);
}

Response restart_connector(Client& client, const std::string& name, bool include_tasks, bool only_failed) {
    std::string query = std::string("?includeTasks=") + (include_tasks ? "true" : "false") +
                        "&onlyFailed=" + (only_failed ? "true" : "false");
    return send(client, Method::Post, connector_path(name, "/restart" + query), nullptr, Safety::Once, false);
}

Response restart_task(Client& client, const std::string& name, int task) {
    return send(client, Method::Post, connector_path(name, "/tasks/" + std::to_string(task) + "/restart"), nullptr,
                Safety::Once, false);
}

Response get_topics(Client& client, const std::string& name) { return get(client, connector_path(name, "/topics")); }

Response reset_topics(Client& client, const std::string& name) {
    return send(client, Method::Put, connector_path(name, "/topics/reset"), nullptr, Safety::Idempotent, false);
}

Response get_offsets(Client& client, const std::string& name) { return get(client, connector_path(name, "/offsets")); }

Response alter_offsets(Client& client, const std::string& name, const nlohmann::json& offsets) {
    return send(client, Method::Patch, connector_path(name, "/offsets"), &offsets, Safety::Idempotent, true);
}

Response reset_offsets(Client& client, const std::string& name) {
    return send(client, Method::Delete, connector_path(name, "/offsets"), nullptr, Safety::Idempotent, true);
}

Response list_plugins(Client& client, bool connectors_only) {
    return get(client, connectors_only ? "/connector-plugins" : "/connector-plugins?connectorsOnly=false");
}

Response plugin_config(Client& client, const std::string& class_name) {
    return get(client, "/connector-plugins/" + encode_segment(class_name) + "/config");
}

Response validate_config(Client& client, const std::string& class_name, const nlohmann::json& config) {
    return send(client, Method::Put, "/connector-plugins/" + encode_segment(class_name) + "/config/validate", &config,
                Safety::Idempotent, true);
}

std::string create_request_line() { return "POST /connectors"; }
std::string put_config_request_line(const std::string& name) { return "PUT " + connector_path(name, "/config"); }
std::string get_config_request_line(const std::string& name) { return "GET " + connector_path(name, "/config"); }
std::string alter_offsets_request_line(const std::string& name) { return "PATCH " + connector_path(name, "/offsets"); }
std::string reset_offsets_request_line(const std::string& name) { return "DELETE " + connector_path(name, "/offsets"); }
std::string reset_topics_request_line(const std::string& name) { return "PUT " + connector_path(name, "/topics/reset"); }

}  // namespace connql::connect::endpoints
