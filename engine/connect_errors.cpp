#include "engine/connect_errors.h"

#include "common/suggest.h"
#include "compiler/secrets.h"
#include "connect/endpoints.h"

namespace connql {

namespace {

std::string not_found_hint(connect::Client& client, const std::string& name) {
    connect::Response list = connect::endpoints::list_connectors(client);
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

}  // namespace

std::string scrub_message(std::string message, const Config* config) {
    if (config == nullptr) return mask_embedded_credentials(message);
    return connql::scrub(std::move(message), *config);
}

nlohmann::json scrub_status(nlohmann::json status, const Config* config) {
    auto scrub_trace = [&](nlohmann::json& entity) {
        if (entity.is_object() && entity.contains("trace") && entity["trace"].is_string()) {
            entity["trace"] = scrub_message(entity["trace"].get<std::string>(), config);
        }
    };
    if (status.is_object()) {
        if (status.contains("connector")) scrub_trace(status["connector"]);
        if (status.contains("tasks") && status["tasks"].is_array()) {
            for (auto& task : status["tasks"]) scrub_trace(task);
        }
    }
    return status;
}

void throw_connect_error(const connect::Response& response, const std::string& doing, const FailureContext& context) {
    std::string message = scrub_message(response.error_message(), context.config);
    std::string hint;
    if (response.status == 404 && !context.connector.empty() && context.client != nullptr) {
        hint = not_found_hint(*context.client, context.connector);
    }
    if (message.find("must be in the STOPPED state") != std::string::npos) {
        hint = "offsets can only change while the connector is stopped: STOP CONNECTOR " + context.connector +
               "; first, then RESUME CONNECTOR " + context.connector + "; after";
    }
    if (response.transient) hint = "the workers were rebalancing until connql's retry deadline passed: run it again";
    Error error(ErrorKind::Runtime,
                doing + ": Kafka Connect answered " + std::to_string(response.status) + ": " + message, {}, hint);
    error.diagnostic().connect_status = static_cast<int>(response.status);
    // Connect refused it before applying anything, and said "not now" rather than "no".
    error.diagnostic().flags.retriable = response.transient;
    throw error;
}

}  // namespace connql
