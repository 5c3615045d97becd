// Kafka Connect's REST endpoints that connql uses, one function each, with the
// retry safety that endpoint has (connect-rest-api.md). Callers never build a path
// or choose a Safety themselves, so a new call cannot be retried by mistake.
#pragma once

#include <string>

#include <nlohmann/json.hpp>

#include "connect/client.h"

namespace connql::connect::endpoints {

// GET /: the worker's version, commit and Kafka cluster id.
Response server_info(Client& client);
// GET /connectors
Response list_connectors(Client& client);
// GET /connectors?expand=status&expand=info: every connector's config and status in one answer,
// read as it arrives by `consumer` (engine/connector_list_reader.h reads it into rows).
Response list_connectors_expanded(Client& client, std::shared_ptr<BodyConsumer> consumer);
// GET /connectors?expand=info: every connector's config and type, without asking each
// one's status (which costs the worker as much again on a large cluster).
Response list_connectors_with_info(Client& client);
// GET /connectors/{name}: name, config, tasks, type.
Response get_connector(Client& client, const std::string& name);
// GET /connectors/{name}/config
Response get_config(Client& client, const std::string& name);
// GET /connectors/{name}/status
Response get_status(Client& client, const std::string& name);
// POST /connectors: sent once; a timeout leaves the outcome unknown.
Response create_connector(Client& client, const std::string& name, const nlohmann::json& config);
// PUT /connectors/{name}/config: creates or replaces; idempotent.
Response put_config(Client& client, const std::string& name, const nlohmann::json& config);
// DELETE /connectors/{name}
Response delete_connector(Client& client, const std::string& name);
// PUT /connectors/{name}/pause | resume | stop
Response pause_connector(Client& client, const std::string& name);
Response resume_connector(Client& client, const std::string& name);
Response stop_connector(Client& client, const std::string& name);
// POST /connectors/{name}/restart?includeTasks=..&onlyFailed=..: sent once.
Response restart_connector(Client& client, const std::string& name, bool include_tasks, bool only_failed);
// POST /connectors/{name}/tasks/{task}/restart: sent once.
Response restart_task(Client& client, const std::string& name, int task);
// GET /connectors/{name}/topics, PUT /connectors/{name}/topics/reset
Response get_topics(Client& client, const std::string& name);
Response reset_topics(Client& client, const std::string& name);
// GET | PATCH | DELETE /connectors/{name}/offsets (Connect 3.6+; the connector must be STOPPED to change them)
Response get_offsets(Client& client, const std::string& name);
Response alter_offsets(Client& client, const std::string& name, const nlohmann::json& offsets);
Response reset_offsets(Client& client, const std::string& name);
// GET /connector-plugins[?connectorsOnly=false]
Response list_plugins(Client& client, bool connectors_only);
// GET /connector-plugins/{class}/config: the plugin's config definitions.
Response plugin_config(Client& client, const std::string& class_name);
// PUT /connector-plugins/{class}/config/validate
Response validate_config(Client& client, const std::string& class_name, const nlohmann::json& config);

// The request lines EXPLAIN shows for the statements that would change something.
std::string create_request_line();
std::string put_config_request_line(const std::string& name);
std::string get_config_request_line(const std::string& name);
std::string alter_offsets_request_line(const std::string& name);
std::string reset_offsets_request_line(const std::string& name);
std::string reset_topics_request_line(const std::string& name);

}  // namespace connql::connect::endpoints
