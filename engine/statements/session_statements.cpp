// Statements that change or show the session: variables, properties, clusters.
#include "common/text.h"
#include "compiler/secrets.h"
#include "compiler/properties.h"
#include "engine/statement_context.h"

namespace connql::detail {

ResultValue run(const ast::DefineVariable&, StatementContext&) {
    return NoOutput{};  // applied when it was parsed, for the statements after it
}

ResultValue run(const ast::UndefineVariable& statement, StatementContext&) {
    if (!statement.was_defined) {
        return WarningResult{"Cannot undefine variable '" + statement.name.text + "' which was never defined"};
    }
    return NoOutput{};
}

ResultValue run(const ast::ShowVariables& statement, StatementContext& context) {
    TableResult table{"variables", {"Variable Name", "Value"}, {}};
    SecretPolicy policy = context.session.local_secret_policy();
    for (const auto& [name, value] : statement.variables) {
        std::optional<std::string> shown = masked_value(name, value, policy);  // DEFINE db_password = '...'
        table.rows.push_back({name, shown ? *shown : value});
        table.items.push_back({{"name", name}, {"value", shown ? *shown : value}});  // ksqlDB's shape
    }
    return table;
}

ResultValue run(const ast::SetProperty& statement, StatementContext& context) {
    context.session.set_property(statement.property.text, statement.value.text);  // prepare checked the value
    std::optional<std::string> shown =
        masked_value(statement.property.text, statement.value.text, context.session.local_secret_policy());
    return MessageResult{"Set " + statement.property.text + " to " + (shown ? *shown : statement.value.text)};
}

ResultValue run(const ast::UnsetProperty& statement, StatementContext& context) {
    context.session.unset_property(statement.property.text);
    return MessageResult{"Unset " + statement.property.text};
}

ResultValue run(const ast::UseCluster& statement, StatementContext& context) {
    context.session.use_cluster(statement.cluster.text);
    return MessageResult{"Using cluster " + statement.cluster.text};
}

ResultValue run(const ast::ShowClusters&, StatementContext& context) {
    TableResult table{"clusters", {"Cluster", "Connect URLs", "Current"}, {}};
    for (const auto& [name, config] : context.session.directory().clusters()) {
        std::string urls;
        for (const std::string& url : config.endpoint.urls) urls += (urls.empty() ? "" : ",") + mask_url_credentials(url);
        bool current = name == context.session.cluster_name();
        table.rows.push_back({name, urls, current ? "*" : ""});
        table.items.push_back({{"name", name}, {"urls", urls}, {"current", current}});
    }
    return table;
}

ResultValue run(const ast::ShowProperties&, StatementContext& context) {
    // ksqlDB's shape: {name, scope, value}; SESSION for what SET changed, DEFAULT otherwise.
    TableResult table{"properties", {"Property", "Scope", "Value"}, {}};
    const SecretPolicy policy = context.session.local_secret_policy();
    auto add = [&](const std::string& name, const std::string& scope, const std::string& value) {
        std::optional<std::string> masked = masked_value(name, value, policy);
        const std::string& shown = masked ? *masked : value;
        table.rows.push_back({name, scope, shown});
        table.items.push_back({{"name", name}, {"scope", scope}, {"value", shown}});
    };
    const auto& set = context.session.properties();
    for (const auto& [name, value] : set) add(name, "SESSION", value);
    for (const PropertyInfo& property : connql_properties()) {
        if (!set.count(property.name)) add(property.name, "DEFAULT", "");
    }
    return table;
}

ResultValue run(const ast::ShowKsqlEntities& statement, StatementContext&) {
    using Kind = ast::ShowKsqlEntities::Kind;
    switch (statement.kind) {
        case Kind::Streams: return TableResult{"streams", {"Stream Name", "Kafka Topic", "Key Format", "Value Format"}, {}};
        case Kind::Tables: return TableResult{"tables", {"Table Name", "Kafka Topic", "Key Format", "Value Format"}, {}};
        case Kind::Queries: break;
    }
    return TableResult{"queries", {"Query ID", "Query Type", "Status", "Sink Name"}, {}};
}

ResultValue run(const ast::RunScript& statement, StatementContext&) {
    // prepare() puts the script's statements in its place; reaching here is a bug.
    throw Error(ErrorKind::Runtime, "RUN SCRIPT '" + statement.path.text + "' was not expanded before running",
                statement.path.pos, "please report this as a connql bug");
}

}  // namespace connql::detail
