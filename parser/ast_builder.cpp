#include "parser/ast_builder.h"

#include "common/text.h"


namespace connql::detail {

using P = ConnQLParser;

Position position_of(antlr4::Token* token) {
    return {static_cast<int>(token->getLine()), static_cast<int>(token->getCharPositionInLine()) + 1};
}

namespace {

bool has_separator_outside_references(std::string_view text) {
    int depth = 0;
    for (size_t i = 0; i < text.size(); ++i) {
        if (text.compare(i, 2, "${") == 0) {
            ++depth;
            ++i;
        } else if (text[i] == '}' && depth > 0) {
            --depth;
        } else if (depth == 0 && (text[i] == '.' || text[i] == '-')) {
            return true;
        }
    }
    return false;
}

Position position_of(antlr4::ParserRuleContext* ctx) { return detail::position_of(ctx->getStart()); }

[[noreturn]] void duplicate_clause(const std::string& clause, Position second, Position first) {
    Diagnostic d{ErrorKind::Compile, clause + " is given twice", second, {{first, "first given here"}},
                 "keep one of them"};
    throw Error(std::move(d));
}

}  // namespace

ast::Statement AstBuilder::build(P::StatementContext* ctx) {
    ast::Statement statement;
    statement.pos = position_of(ctx);
    size_t start = ctx->getStart()->getStartIndex();
    statement.text = std::string(source_.substr(start, ctx->getStop()->getStopIndex() + 1 - start));
    statement.dialect = state_.dialect;
    statement.node = this->statement(ctx);
    return statement;
}

std::string AstBuilder::variable_value(const std::string& token_text, Position pos) {
    std::string name = token_text.substr(2, token_text.size() - 3);
    if (const std::string* value = state_.variables.find(name)) return *value;
    if (state_.dialect == Dialect::Ksqldb) return token_text;  // ksqlDB leaves it as written
    throw Error(ErrorKind::Compile, "undefined variable '" + name + "'", pos,
                "define it first: DEFINE " + name + " = '...'; or --define " + name + "=...");
}

ast::Name AstBuilder::name(P::NameContext* ctx) {
    antlr4::Token* token = ctx->getStart();
    Position pos = detail::position_of(token);
    std::string text = token->getText();
    switch (token->getType()) {
        case P::QUOTED_IDENTIFIER:
        case P::BACKQUOTED_IDENTIFIER:  // quoted: variables substituted, the case kept in both dialects
            return {unquote(text, pos, true, state_.variables, state_.dialect), pos};
        case P::DOTTED_NAME:  // a connql extension; ksqlDB has no such names to be compatible with
            return {text, pos};
        case P::VARIABLE: {
            std::string value = variable_value(text, pos);
            return {state_.dialect == Dialect::Ksqldb ? to_upper(value) : value, pos};
        }
        case P::TEMPLATE_NAME: {
            // In the ksqldb dialect an unquoted name is upper-cased, values included
            // (`src_${env}` reads as ksqlDB reads it), unless it has '.' or '-' outside
            // its references: such names are connql's, kept as written like `pg-orders`.
            std::string value = substitute_variables(text, pos, state_.variables, state_.dialect);
            bool upper = state_.dialect == Dialect::Ksqldb && !has_separator_outside_references(text);
            return {upper ? to_upper(value) : value, pos};
        }
        default:  // IDENTIFIER, DIGIT_IDENTIFIER, a keyword used as a name
            return {state_.dialect == Dialect::Ksqldb ? to_upper(text) : text, pos};
    }
}

ast::Name AstBuilder::variable_name(P::VariableNameContext* ctx) {
    return {ctx->getText(), position_of(ctx)};
}

ast::Value AstBuilder::string(antlr4::tree::TerminalNode* node) {
    antlr4::Token* token = node->getSymbol();
    Position pos = detail::position_of(token);
    return {ast::Value::Kind::String, unquote(token->getText(), pos, true, state_.variables, state_.dialect),
            pos};
}

ast::Name AstBuilder::name_from_string(antlr4::tree::TerminalNode* node) {
    ast::Value value = string(node);
    return {std::move(value.text), value.pos};
}

ast::Name AstBuilder::property_key(P::PropertyKeyContext* ctx) {
    if (ctx->STRING() != nullptr) return name_from_string(ctx->STRING());
    return name(ctx->name());
}

ast::Value AstBuilder::literal(P::LiteralContext* ctx) {
    Position pos = position_of(ctx);
    if (auto* s = dynamic_cast<P::StringLiteralContext*>(ctx)) return string(s->STRING());
    if (auto* n = dynamic_cast<P::NumberLiteralContext*>(ctx)) {
        // The digits as written: Connect receives "1.50", not a reformatted double.
        std::string text = n->MINUS() != nullptr ? "-" : "";
        text += n->getStop()->getText();
        return {ast::Value::Kind::Number, text, pos};
    }
    if (auto* b = dynamic_cast<P::BooleanLiteralContext*>(ctx)) {
        return {ast::Value::Kind::Boolean, b->TRUE() != nullptr ? "true" : "false", pos};
    }
    if (dynamic_cast<P::NullLiteralContext*>(ctx) != nullptr) {
        return {ast::Value::Kind::Null, "null", pos};  // as ksqlDB: the string "null"
    }
    auto* v = dynamic_cast<P::VariableLiteralContext*>(ctx);
    return {ast::Value::Kind::String, variable_value(v->VARIABLE()->getText(), pos), pos};
}

ast::Properties AstBuilder::properties(P::PropertiesContext* ctx) {
    ast::Properties out;
    out.reserve(ctx->property().size());
    for (P::PropertyContext* property : ctx->property()) {
        ast::Name key = property_key(property->propertyKey());
        out.push_back({std::move(key.text), key.pos, literal(property->literal())});
    }
    return out;
}

std::optional<std::string> AstBuilder::like(P::LikeClauseContext* ctx) {
    if (ctx == nullptr) return std::nullopt;
    return string(ctx->STRING()).text;
}

long long AstBuilder::whole_number(antlr4::tree::TerminalNode* node, long long max) {
    std::string text = node->getText();
    Position pos = detail::position_of(node->getSymbol());
    std::string digits = text;
    digits.erase(0, std::min(digits.find_first_not_of('0'), digits.size() - 1));
    if (digits.size() > 18 || std::stoll(digits) > max) {
        throw Error(ErrorKind::Compile, "number " + text + " is too large (at most " + std::to_string(max) + ")",
                    pos);
    }
    return std::stoll(digits);
}

ast::When AstBuilder::when(P::WhenClauseContext* ctx) {
    ast::When out;
    out.negate = ctx->NOT() != nullptr;
    out.pos = position_of(ctx);
    P::PredicateRefContext* ref = ctx->predicateRef();
    out.argument_pos = position_of(ref);
    if (dynamic_cast<P::WhenTombstoneContext*>(ref) != nullptr) {
        out.kind = ast::When::Kind::Tombstone;
    } else if (auto* topic = dynamic_cast<P::WhenTopicMatchesContext*>(ref)) {
        out.kind = ast::When::Kind::TopicMatches;
        ast::Value regex = string(topic->STRING());
        out.argument = std::move(regex.text);
        out.argument_pos = regex.pos;
    } else if (auto* header = dynamic_cast<P::WhenHeaderExistsContext*>(ref)) {
        out.kind = ast::When::Kind::HeaderExists;
        ast::Value header_name = string(header->STRING());
        out.argument = std::move(header_name.text);
        out.argument_pos = header_name.pos;
    } else {
        out.kind = ast::When::Kind::Named;
        out.argument = name(static_cast<P::WhenNamedContext*>(ref)->name()).text;
    }
    return out;
}

ast::TransformClause AstBuilder::transform(P::TransformClauseContext* ctx) {
    ast::TransformClause out;
    out.pos = position_of(ctx);
    out.alias = name(ctx->name());
    out.type = string(ctx->STRING());
    if (ctx->properties() != nullptr) out.properties = properties(ctx->properties());
    if (ctx->whenClause() != nullptr) out.when = when(ctx->whenClause());
    return out;
}

ast::OnErrorClause AstBuilder::on_error(P::ErrorActionContext* ctx, Position pos) {
    ast::OnErrorClause out;
    out.pos = pos;
    P::LogClauseContext* log = nullptr;
    if (dynamic_cast<P::ErrorFailContext*>(ctx) != nullptr) {
        out.action = ast::OnErrorClause::Action::Fail;
    } else if (auto* skip = dynamic_cast<P::ErrorSkipContext*>(ctx)) {
        out.action = ast::OnErrorClause::Action::Skip;
        log = skip->logClause();
    } else {
        auto* dlq = static_cast<P::ErrorDeadLetterContext*>(ctx);
        out.action = ast::OnErrorClause::Action::DeadLetter;
        out.topic = string(dlq->STRING());
        log = dlq->logClause();
        std::optional<Position> factor_pos;
        for (P::DlqOptionContext* option : dlq->dlqOption()) {
            Position at = position_of(option);
            if (dynamic_cast<P::DlqContextHeadersContext*>(option) != nullptr) {
                if (out.context_headers) duplicate_clause("WITH CONTEXT HEADERS", at, *out.context_headers);
                out.context_headers = at;
            } else {
                auto* factor = static_cast<P::DlqReplicationFactorContext*>(option);
                if (factor_pos) duplicate_clause("REPLICATION FACTOR", at, *factor_pos);
                factor_pos = at;
                long long n = whole_number(factor->INTEGER_VALUE(), 32767);  // a Kafka SHORT
                out.replication_factor = ast::Value{ast::Value::Kind::Number, std::to_string(n),
                                                    detail::position_of(factor->INTEGER_VALUE()->getSymbol())};
            }
        }
    }
    if (log != nullptr) {
        out.log = true;
        out.log_messages = log->MESSAGES() != nullptr;
    }
    return out;
}

ast::CreateConnector AstBuilder::create(P::CreateConnectorContext* ctx) {
    ast::CreateConnector out;
    out.pos = position_of(ctx);
    out.or_replace = ctx->REPLACE() != nullptr;
    out.if_not_exists = ctx->EXISTS() != nullptr;
    out.kind = ctx->kind->getType() == P::SINK ? ast::ConnectorKind::Sink : ast::ConnectorKind::Source;
    out.name = name(ctx->name());
    if (out.or_replace && out.if_not_exists) {
        throw Error(ErrorKind::Compile, "OR REPLACE and IF NOT EXISTS cannot be used together",
                    detail::position_of(ctx->IF()->getSymbol()),
                    "OR REPLACE updates an existing connector; IF NOT EXISTS leaves it alone: pick one");
    }

    std::optional<Position> format_at[3];
    for (P::CreateClauseContext* clause : ctx->createClause()) {
        Position at = position_of(clause);
        if (auto* c = dynamic_cast<P::UsingClauseContext*>(clause)) {
            if (out.using_class) duplicate_clause("USING", at, out.using_class->pos);
            out.using_class = string(c->STRING());
        } else if (auto* c = dynamic_cast<P::WithClauseContext*>(clause)) {
            if (out.with_pos) duplicate_clause("WITH", at, *out.with_pos);
            out.with_pos = at;
            out.with = properties(c->properties());
        } else if (auto* c = dynamic_cast<P::FormatClauseContext*>(clause)) {
            for (P::FormatSpecContext* spec : c->formatSpec()) {
                ast::FormatSpec format;
                format.pos = position_of(spec);
                format.target = spec->target->getType() == P::KEY     ? ast::FormatTarget::Key
                                : spec->target->getType() == P::VALUE ? ast::FormatTarget::Value
                                                                      : ast::FormatTarget::Header;
                format.format = to_upper(spec->formatName->getText());
                format.with_schemas = spec->SCHEMAS() != nullptr;
                auto& seen = format_at[static_cast<int>(format.target)];
                if (seen) duplicate_clause("FORMAT " + to_upper(spec->target->getText()), format.pos, *seen);
                seen = format.pos;
                out.formats.push_back(std::move(format));
            }
        } else if (auto* c = dynamic_cast<P::TransformClauseAltContext*>(clause)) {
            out.transforms.push_back(transform(c->transformClause()));
        } else if (auto* c = dynamic_cast<P::PredicateClauseContext*>(clause)) {
            ast::PredicateClause predicate;
            predicate.pos = at;
            predicate.alias = name(c->name());
            predicate.type = string(c->STRING());
            if (c->properties() != nullptr) predicate.properties = properties(c->properties());
            out.predicates.push_back(std::move(predicate));
        } else if (auto* c = dynamic_cast<P::OnErrorClauseContext*>(clause)) {
            if (out.on_error) duplicate_clause("ON ERROR", at, out.on_error->pos);
            out.on_error = on_error(c->errorAction(), at);
        } else if (auto* c = dynamic_cast<P::RetryClauseContext*>(clause)) {
            if (out.retry) duplicate_clause("RETRY ERRORS", at, out.retry->pos);
            ast::RetryClause retry;
            retry.pos = at;
            if (c->retryLimit()->literal() != nullptr) retry.timeout = literal(c->retryLimit()->literal());
            if (c->literal() != nullptr) retry.max_delay = literal(c->literal());
            out.retry = std::move(retry);
        }
    }
    return out;
}

ast::AlterConnector AstBuilder::alter(P::AlterConnectorContext* ctx) {
    ast::AlterConnector out;
    out.pos = position_of(ctx);
    out.name = name(ctx->name());
    P::AlterActionContext* action = ctx->alterAction();
    if (auto* a = dynamic_cast<P::AlterSetContext*>(action)) {
        out.action = ast::AlterSet{properties(a->properties())};
    } else if (auto* a = dynamic_cast<P::AlterUnsetContext*>(action)) {
        ast::AlterUnset unset;
        for (P::PropertyKeyContext* key : a->propertyKey()) unset.keys.push_back(property_key(key));
        out.action = std::move(unset);
    } else if (auto* a = dynamic_cast<P::AlterAddTransformContext*>(action)) {
        ast::AlterAddTransform add{transform(a->transformClause()), {}};
        if (P::TransformPositionContext* placement = a->transformPosition()) {
            if (placement->FIRST() != nullptr) {
                add.placement.kind = ast::TransformPlacement::Kind::First;
            } else {
                add.placement.kind = placement->BEFORE() != nullptr ? ast::TransformPlacement::Kind::Before
                                                                    : ast::TransformPlacement::Kind::After;
                add.placement.anchor = name(placement->name());
            }
        }
        out.action = std::move(add);
    } else if (auto* a = dynamic_cast<P::AlterDropTransformContext*>(action)) {
        out.action = ast::AlterDropTransform{name(a->name())};
    } else if (dynamic_cast<P::AlterResetOffsetsContext*>(action) != nullptr) {
        out.action = ast::AlterResetOffsets{};
    } else if (auto* a = dynamic_cast<P::AlterSetOffsetsContext*>(action)) {
        out.action = ast::AlterSetOffsets{string(a->STRING())};
    } else {
        out.action = ast::AlterResetTopics{};
    }
    return out;
}

ast::StatementNode AstBuilder::statement(P::StatementContext* ctx) {
    if (auto* s = dynamic_cast<P::CreateStatementContext*>(ctx)) return create(s->createConnector());
    if (auto* s = dynamic_cast<P::AlterStatementContext*>(ctx)) return alter(s->alterConnector());
    if (auto* s = dynamic_cast<P::DropConnectorContext*>(ctx)) {
        ast::DropConnector out;
        out.if_exists = s->EXISTS() != nullptr;
        for (P::NameContext* n : s->name()) out.names.push_back(name(n));
        return out;
    }
    if (auto* s = dynamic_cast<P::LifecycleConnectorContext*>(ctx)) {
        using Action = ast::LifecycleConnector::Action;
        Action action = s->action->getType() == P::PAUSE    ? Action::Pause
                        : s->action->getType() == P::RESUME ? Action::Resume
                                                            : Action::Stop;
        return ast::LifecycleConnector{action, name(s->name())};
    }
    if (auto* s = dynamic_cast<P::RestartTaskContext*>(ctx)) {
        return ast::RestartTask{name(s->name()), static_cast<int>(whole_number(s->INTEGER_VALUE(), 1 << 30))};
    }
    if (auto* s = dynamic_cast<P::RestartConnectorContext*>(ctx)) {
        return ast::RestartConnector{name(s->name()), s->TASKS() != nullptr, s->FAILED() != nullptr};
    }
    if (auto* s = dynamic_cast<P::ShowConnectorsContext*>(ctx)) {
        ast::ShowConnectors out;
        if (s->kind != nullptr) {
            out.kind = s->kind->getType() == P::SINK ? ast::ConnectorKind::Sink : ast::ConnectorKind::Source;
        }
        out.like = like(s->likeClause());
        return out;
    }
    if (auto* s = dynamic_cast<P::DescribeConnectorContext*>(ctx)) {
        return ast::DescribeConnector{name(s->name()), s->EXTENDED() != nullptr};
    }
    if (auto* s = dynamic_cast<P::ShowCreateConnectorContext*>(ctx)) return ast::ShowCreateConnector{name(s->name())};
    if (auto* s = dynamic_cast<P::ShowPluginsContext*>(ctx)) {
        return ast::ShowPlugins{s->scope->getType() == P::ALL, like(s->likeClause())};
    }
    if (auto* s = dynamic_cast<P::DescribePluginContext*>(ctx)) {
        return ast::DescribePlugin{s->STRING() != nullptr ? name_from_string(s->STRING()) : name(s->name())};
    }
    if (auto* s = dynamic_cast<P::ShowConnectorOffsetsContext*>(ctx)) return ast::ShowConnectorOffsets{name(s->name())};
    if (auto* s = dynamic_cast<P::ShowConnectorTopicsContext*>(ctx)) return ast::ShowConnectorTopics{name(s->name())};
    if (auto* s = dynamic_cast<P::ShowConnectorErrorsContext*>(ctx)) {
        ast::ShowConnectorErrors out;
        out.name = name(s->name());
        out.from_beginning = s->BEGINNING() != nullptr;
        if (s->INTEGER_VALUE() != nullptr) {
            out.limit = whole_number(s->INTEGER_VALUE(), 1LL << 40);
            // LIMIT 0 would show nothing, and without FROM BEGINNING 0 is no "last n".
            if (*out.limit == 0) {
                throw Error(ErrorKind::Compile, "LIMIT must be at least 1",
                            detail::position_of(s->INTEGER_VALUE()->getSymbol()),
                            "leave LIMIT out for the last 20 records, or every record FROM BEGINNING");
            }
        }
        return out;
    }
    if (auto* s = dynamic_cast<P::ShowTopicsContext*>(ctx)) return ast::ShowTopics{s->EXTENDED() != nullptr};
    if (auto* s = dynamic_cast<P::PrintTopicContext*>(ctx)) {
        ast::PrintTopic out;
        out.topic = s->STRING() != nullptr ? name_from_string(s->STRING()) : name(s->name());
        out.from_beginning = s->BEGINNING() != nullptr;
        if (s->INTEGER_VALUE() != nullptr) out.limit = whole_number(s->INTEGER_VALUE(), 1LL << 40);
        return out;
    }
    if (auto* s = dynamic_cast<P::ExplainStatementContext*>(ctx)) {
        if (s->createConnector() != nullptr) return ast::Explain{create(s->createConnector())};
        return ast::Explain{alter(s->alterConnector())};
    }
    if (auto* s = dynamic_cast<P::ValidateStatementContext*>(ctx)) return ast::Validate{create(s->createConnector())};
    if (auto* s = dynamic_cast<P::DefineVariableContext*>(ctx)) {
        ast::DefineVariable out{variable_name(s->variableName()), string(s->STRING())};
        state_.variables.define(out.name.text, out.value.text);
        return out;
    }
    if (auto* s = dynamic_cast<P::UndefineVariableContext*>(ctx)) {
        ast::UndefineVariable out{variable_name(s->variableName())};
        out.was_defined = state_.variables.undefine(out.name.text);
        return out;
    }
    if (dynamic_cast<P::ShowVariablesContext*>(ctx) != nullptr) return ast::ShowVariables{state_.variables.list()};
    if (dynamic_cast<P::ShowPropertiesContext*>(ctx) != nullptr) return ast::ShowProperties{};
    if (auto* s = dynamic_cast<P::ShowKsqlEntitiesContext*>(ctx)) {
        using Kind = ast::ShowKsqlEntities::Kind;
        return ast::ShowKsqlEntities{s->STREAMS() ? Kind::Streams : s->TABLES() ? Kind::Tables : Kind::Queries};
    }
    if (auto* s = dynamic_cast<P::SetPropertyContext*>(ctx)) {
        ast::SetProperty out{name_from_string(s->STRING(0)), string(s->STRING(1))};
        if (out.property.text == "connql.dialect" && !parse_dialect(out.value.text, state_.dialect)) {
            throw Error(ErrorKind::Compile, "unknown dialect '" + out.value.text + "'", out.value.pos,
                        "connql.dialect is 'connql' or 'ksqldb'");
        }
        return out;
    }
    if (auto* s = dynamic_cast<P::UnsetPropertyContext*>(ctx)) {
        ast::UnsetProperty out{name_from_string(s->STRING())};
        if (out.property.text == "connql.dialect") state_.dialect = state_.default_dialect;
        return out;
    }
    if (auto* s = dynamic_cast<P::UseClusterContext*>(ctx)) return ast::UseCluster{name(s->name())};
    if (dynamic_cast<P::ShowClustersContext*>(ctx) != nullptr) return ast::ShowClusters{};
    auto* s = static_cast<P::RunScriptContext*>(ctx);
    return ast::RunScript{string(s->STRING())};
}

}  // namespace connql::detail
