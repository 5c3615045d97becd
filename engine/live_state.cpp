#include "engine/live_state.h"

#include "connect/endpoints.h"
#include "engine/connect_errors.h"
#include "engine/prepare.h"

namespace connql {

std::map<std::string, LiveConnector> live_connectors(Session& session) {
    connect::Response response = connect::endpoints::list_connectors_with_info(session.client());
    if (!response.ok()) throw_connect_error(response, "listing connectors");
    std::map<std::string, LiveConnector> out;
    for (auto it = response.body.begin(); it != response.body.end(); ++it) {
        const nlohmann::json info = (*it).value("info", nlohmann::json::object());
        LiveConnector& connector = out[it.key()];
        connector.config = Config::from_json(info.value("config", nlohmann::json::object()));
        connector.kind = info.value("type", "") == "sink" ? ast::ConnectorKind::Sink : ast::ConnectorKind::Source;
    }
    return out;
}

std::map<std::string, Config> live_configs(Session& session) {
    std::map<std::string, Config> out;
    for (auto& [name, connector] : live_connectors(session)) out[name] = std::move(connector.config);
    return out;
}

void replay(const PreparedStatement& prepared, std::map<std::string, Config>& state, const CompileContext& context) {
    const ast::StatementNode& node = prepared.statement.node;
    if (const auto* create = std::get_if<ast::CreateConnector>(&node)) {
        const CompiledConnector& compiled = *prepared.compiled;
        if (create->if_not_exists && state.count(compiled.name)) return;
        state[compiled.name] = compiled.config;
    } else if (const auto* alter = std::get_if<ast::AlterConnector>(&node)) {
        if (!alter_changes_config(alter->action)) return;
        auto it = state.find(alter->name.text);
        if (it == state.end()) {
            throw Error(ErrorKind::Runtime, "ALTER of connector '" + alter->name.text + "', which does not exist there",
                        alter->name.pos);
        }
        CompileContext in_dialect = context;
        in_dialect.dialect = prepared.statement.dialect;
        it->second = compile_alter(it->second, *alter, in_dialect);
    } else if (const auto* drop = std::get_if<ast::DropConnector>(&node)) {
        for (const ast::Name& name : drop->names) state.erase(name.text);
    }
}

}  // namespace connql
