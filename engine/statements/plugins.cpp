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

namespace {

// The closest installed plugin of any kind (connectors, transforms, predicates,
// converters), by simple class name, as "did you mean '<class>'?".
std::string closest_plugin_hint(connect::Client& client, const std::string& wanted) {
    std::string hint = "SHOW ALL PLUGINS lists what is installed";
    connect::Response all = api::list_plugins(client, false);
    if (!all.ok()) return hint;
    if (auto guess = closest_plugin_class(plugin_rows(all.body), wanted)) hint = "did you mean '" + *guess + "'? " + hint;
    return hint;
}

}  // namespace

ResultValue run(const ast::DescribePlugin& statement, StatementContext& context) {
    // The names USING, TRANSFORM ... USING and PREDICATE ... USING accept work here too.
    std::string plugin = expand_plugin_name(statement.plugin.text);
    connect::Client& client = context.client();
    connect::Response response = api::plugin_config(client, plugin);
    if (response.status == 404) {
        throw Error(ErrorKind::Runtime, "plugin '" + statement.plugin.text + "' is not installed on this cluster",
                    statement.plugin.pos, closest_plugin_hint(client, plugin));
    }
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
            if (e.is_string()) errors.push_back(scrub_message(e.get<std::string>(), &compiled.config));
        }
        if (!errors.empty()) result.errors.emplace_back(json_string(value, "name"), std::move(errors));
    }
    if (result.error_count > 0) {
        // A gate for CI: the per-key table still shows, and the run fails (exit 1).
        context.partial = result;
        std::string keys;
        for (const auto& entry : result.errors) keys += (keys.empty() ? "" : ", ") + entry.first;
        throw Error(ErrorKind::Runtime,
                    "connector '" + compiled.name + "' is not valid: Kafka Connect reports " +
                        std::to_string(result.error_count) + (result.error_count == 1 ? " error" : " errors") +
                        (keys.empty() ? "" : " (" + keys + ")"),
                    {}, "fix the keys listed with their errors, then VALIDATE again");
    }
    return result;
}

}  // namespace connql::detail
