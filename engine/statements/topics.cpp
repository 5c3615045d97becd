// SHOW TOPICS and PRINT: the brokers, through librdkafka.
#include "engine/statement_context.h"
#include "kafka/topics.h"

namespace connql::detail {

namespace {

// prepare() checked that the cluster has brokers.
const std::string& bootstrap_servers(const StatementContext& context) {
    return context.session.cluster()->bootstrap_servers;
}

long timeout_ms(const StatementContext& context) {
    return static_cast<long>(context.session.duration_property("connql.timeout", 30000));
}

}  // namespace

ResultValue run(const ast::ShowTopics&, StatementContext& context) {
    return list_topics(bootstrap_servers(context), timeout_ms(context));
}

ResultValue run(const ast::PrintTopic& statement, StatementContext& context) {
    long idle_ms = static_cast<long>(context.session.duration_property("connql.print.idle", 3000));
    return print_topic(bootstrap_servers(context), statement.topic.text, statement.from_beginning, statement.limit,
                       idle_ms, timeout_ms(context), context.session.cancel_token());
}

}  // namespace connql::detail
