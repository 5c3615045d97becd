// SHOW PLUGINS, DESCRIBE PLUGIN and VALIDATE.
#include "compiler/aliases.h"
#include "connect/endpoints.h"
#include "engine/connect_errors.h"
#include "engine/connect_reading.h"
#include "engine/statement_context.h"

namespace connql::detail {

namespace api = connect::endpoints;

ResultValue run(const ast::ShowPlugins& statement, StatementContext& context) {
    connect::Response response = api::list_plugins(context.client(), !statement.all);
    if (!response.ok()) throw_connect_error(response, "listing plugins");
    PluginList list;
    for (PluginRow& row : plugin_rows(response.body)) {
        if (statement.like && !like(row.class_name, *statement.like)) continue;
        list.plugins.push_back(std::move(row));
    }
    return list;
}

ResultValue run(const ast::DescribePlugin& statement, StatementContext& context) {
    std::string plugin = expand_connector_class(statement.plugin.text);
    connect::Response response = api::plugin_config(context.client(), plugin);
    if (!response.ok()) throw_connect_error(response, "describing plugin '" + plugin + "'");
    return PluginDescription{plugin, response.body};
}

ResultValue run(const ast::Validate&, StatementContext& context) {
    const CompiledConnector& compiled = *context.prepared.compiled;
    const std::string& class_name = *compiled.config.find("connector.class");  // prepare checked it is there
    connect::Response response = api::validate_config(context.client(), class_name, compiled.config.to_json());
    if (!response.ok()) {
        throw_connect_error(response, "validating connector '" + compiled.name + "'", {nullptr, "", &compiled.config});
    }
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

}  // namespace connql::detail
