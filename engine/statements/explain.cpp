// EXPLAIN: what a CREATE or ALTER would send, without sending anything that changes the cluster.
#include "compiler/secrets.h"
#include "connect/endpoints.h"
#include "engine/statement_context.h"

namespace connql::detail {

namespace api = connect::endpoints;

ResultValue run(const ast::Explain& statement, StatementContext& context) {
    if (const auto* alter_statement = std::get_if<ast::AlterConnector>(&statement.target)) {
        return alter(*alter_statement, context, true);
    }
    const auto& create = std::get<ast::CreateConnector>(statement.target);
    const CompiledConnector& compiled = *context.prepared.compiled;
    std::string request = create.or_replace ? api::put_config_request_line(compiled.name) : api::create_request_line();
    return ExplainResult{compiled.name, masked(compiled.config, context.session.local_secret_policy()), {request}};
}

}  // namespace connql::detail
