// Parse tree -> AST for one statement (internal to parser/). Resolves names and
// values as it goes, with the variables and dialect in force at that statement,
// and applies DEFINE / UNDEFINE / SET 'connql.dialect' to the state so that the
// statements after them see the change.
#pragma once

#include "ConnQLParser.h"
#include "parser/ast.h"
#include "parser/parser.h"

namespace connql::detail {

class AstBuilder {
public:
    // `source` is the text the tokens were read from (their indexes are byte offsets into it).
    AstBuilder(ParseState& state, std::string_view source) : state_(state), source_(source) {}

    ast::Statement build(ConnQLParser::StatementContext* ctx);

private:
    ast::StatementNode statement(ConnQLParser::StatementContext* ctx);
    ast::CreateConnector create(ConnQLParser::CreateConnectorContext* ctx);
    ast::AlterConnector alter(ConnQLParser::AlterConnectorContext* ctx);
    ast::TransformClause transform(ConnQLParser::TransformClauseContext* ctx);
    ast::When when(ConnQLParser::WhenClauseContext* ctx);
    ast::OnErrorClause on_error(ConnQLParser::ErrorActionContext* ctx, Position pos);
    ast::Properties properties(ConnQLParser::PropertiesContext* ctx);
    ast::Name property_key(ConnQLParser::PropertyKeyContext* ctx);
    ast::Value literal(ConnQLParser::LiteralContext* ctx);
    ast::Name name(ConnQLParser::NameContext* ctx);
    ast::Name variable_name(ConnQLParser::VariableNameContext* ctx);
    ast::Value string(antlr4::tree::TerminalNode* node);
    ast::Name name_from_string(antlr4::tree::TerminalNode* node);
    std::optional<std::string> like(ConnQLParser::LikeClauseContext* ctx);
    long long whole_number(antlr4::tree::TerminalNode* node, long long max);
    std::string variable_value(const std::string& token_text, Position pos);

    ParseState& state_;
    std::string_view source_;
};

Position position_of(antlr4::Token* token);

}  // namespace connql::detail
