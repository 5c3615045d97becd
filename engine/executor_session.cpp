// Statements that change or show the session: variables, properties, clusters,
// and the topic statements that go to the brokers rather than to Connect.
#include "compiler/durations.h"
#include "engine/executor.h"
#include "kafka/topics.h"

namespace connql {

namespace {

void check_property(const ast::SetProperty& set) {
    const std::string& key = set.property.text;
    const std::string& value = set.value.text;
    if (key == "connql.wait" && value != "running" && value != "none") {
        throw Error(ErrorKind::Compile, "connql.wait is 'running' or 'none', not '" + value + "'", set.value.pos);
    }
    if ((key == "connql.wait.timeout" || key == "connql.timeout") && !parse_duration_ms(value)) {
        throw Error(ErrorKind::Compile, "'" + value + "' is not a duration for " + key, set.value.pos,
                    "write '30s', '2m', '500ms' or a number of milliseconds");
    }
}

long long property_ms(const Session& session, const char* key, long long fallback) {
    auto it = session.properties.find(key);
    if (it == session.properties.end()) return fallback;
    return parse_duration_ms(it->second).value_or(fallback);
}

}  // namespace

ResultValue Executor::session_statement(const ast::Statement& statement, Session& session) {
    const ast::StatementNode& node = statement.node;
    if (std::holds_alternative<ast::DefineVariable>(node)) return NoOutput{};  // applied when it was parsed
    if (const auto* s = std::get_if<ast::UndefineVariable>(&node)) {
        if (!s->was_defined) return WarningResult{"Cannot undefine variable '" + s->name.text + "' which was never defined"};
        return NoOutput{};
    }
    if (std::holds_alternative<ast::ShowVariables>(node)) {
        TableResult table{"variables", {"Variable Name", "Value"}, {}};
        for (const auto& [name, value] : session.parse.variables.list()) table.rows.push_back({name, value});
        return table;
    }
    if (const auto* s = std::get_if<ast::SetProperty>(&node)) {
        check_property(*s);
        session.properties[s->property.text] = s->value.text;
        if (s->property.text == "connql.timeout" && cluster_) {
            // Every request from the next one on, creates and validations included.
            long ms = static_cast<long>(*parse_duration_ms(s->value.text));
            cluster_->endpoint.timeout_ms = ms;
            cluster_->endpoint.slow_timeout_ms = ms;
            cluster_->endpoint.retry_deadline_ms = std::min(cluster_->endpoint.retry_deadline_ms, 2 * ms);
            client_.reset();
        }
        return MessageResult{"Set " + s->property.text + " to " + s->value.text};
    }
    if (const auto* s = std::get_if<ast::UnsetProperty>(&node)) {
        session.properties.erase(s->property.text);
        return MessageResult{"Unset " + s->property.text};
    }
    if (const auto* s = std::get_if<ast::UseCluster>(&node)) {
        const ClusterConfig* config = directory_.find(s->cluster.text);
        if (config == nullptr) {
            std::string names;
            for (const auto& entry : directory_.clusters()) names += (names.empty() ? "" : ", ") + entry.first;
            throw Error(ErrorKind::Runtime, "no cluster named '" + s->cluster.text + "' in the config file", s->cluster.pos,
                        names.empty() ? "define clusters in ~/.config/connql/clusters.json (or $CONNQL_CONFIG)"
                                      : "the config file defines: " + names);
        }
        cluster_ = *config;
        session.cluster_name = s->cluster.text;
        client_.reset();
        plugins_.reset();
        return MessageResult{"Using cluster " + s->cluster.text};
    }
    if (std::holds_alternative<ast::ShowClusters>(node)) {
        TableResult table{"clusters", {"Cluster", "Connect URLs", "Current"}, {}};
        for (const auto& [name, config] : directory_.clusters()) {
            std::string urls;
            for (const std::string& url : config.endpoint.urls) urls += (urls.empty() ? "" : ",") + url;
            table.rows.push_back({name, urls, name == session.cluster_name ? "*" : ""});
        }
        return table;
    }
    const long timeout_ms = static_cast<long>(property_ms(session, "connql.timeout", 30000));
    if (std::holds_alternative<ast::ShowTopics>(node)) {
        return list_topics(cluster_ ? cluster_->bootstrap_servers : "", timeout_ms);
    }
    if (const auto* s = std::get_if<ast::PrintTopic>(&node)) {
        long idle_ms = static_cast<long>(property_ms(session, "connql.print.idle", 3000));
        return print_topic(cluster_ ? cluster_->bootstrap_servers : "", s->topic.text, s->from_beginning, s->limit,
                           idle_ms, timeout_ms);
    }
    throw Error(ErrorKind::Runtime, "this statement cannot run here: " + statement.text, statement.pos);
}

}  // namespace connql
