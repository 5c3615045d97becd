// DEFINE / UNDEFINE, --define, ${name}, $${name} and ${provider:...}.
#include "helpers.h"

namespace connql::testing {
namespace {

TEST(Variables, DefineSubstitutesInLaterStrings) {
    ParseState state;
    auto statements = parse_script(
        "DEFINE topic = 'orders'; DEFINE Prefix = 'pg-${topic}';\n"
        "CREATE SOURCE CONNECTOR s WITH ('kafka.topic' = '${TOPIC}', 'p' = 'x ${prefix} y');",
        state);
    const auto& create = std::get<ast::CreateConnector>(statements[2].node);
    EXPECT_EQ(create.with[0].value.text, "orders");  // names are case-insensitive
    EXPECT_EQ(create.with[1].value.text, "x pg-orders y");
    ASSERT_NE(state.variables.find("prefix"), nullptr);
    EXPECT_EQ(*state.variables.find("PREFIX"), "pg-orders");
}

TEST(Variables, UndefineRemoves) {
    ParseState state;
    parse_script("DEFINE a = '1'; UNDEFINE A;", state);
    EXPECT_EQ(state.variables.find("a"), nullptr);
}

TEST(Variables, InNameAndValuePositions) {
    ParseState state;
    state.variables.define("conn", "orders-sink");
    state.variables.define("n", "3");
    auto c = std::get<ast::CreateConnector>(
        parse_statement("CREATE SINK CONNECTOR ${conn} WITH ('tasks.max' = ${n});", state).node);
    EXPECT_EQ(c.name.text, "orders-sink");  // the connql dialect takes the value as it is
    EXPECT_EQ(c.with[0].value.text, "3");

    state.dialect = Dialect::Ksqldb;
    auto k = std::get<ast::CreateConnector>(parse_statement("CREATE SINK CONNECTOR ${conn};", state).node);
    EXPECT_EQ(k.name.text, "ORDERS-SINK");  // ksqlDB upper-cases a variable in identifier position
}

TEST(Variables, EscapedAndProviderReferencesPassThrough) {
    ParseState state;
    auto c = std::get<ast::CreateConnector>(parse_statement(
        "CREATE SINK CONNECTOR s WITH ('topic.format' = '$${topic}-$${timestamp}', "
        "'pw' = '${file:/secrets.properties:pw}', 'e' = '${env:PG_PASSWORD}', 'lone' = 'a $ b ${ c', "
        "'braces' = '${not a name}');",
        state).node);
    EXPECT_EQ(c.with[0].value.text, "${topic}-${timestamp}");
    EXPECT_EQ(c.with[1].value.text, "${file:/secrets.properties:pw}");
    EXPECT_EQ(c.with[2].value.text, "${env:PG_PASSWORD}");
    EXPECT_EQ(c.with[3].value.text, "a $ b ${ c");
    EXPECT_EQ(c.with[4].value.text, "${not a name}");
}

TEST(Variables, UndefinedIsAnErrorAtItsPosition) {
    Diagnostic d = parse_error("SHOW CONNECTORS;\nCREATE SOURCE CONNECTOR s WITH ('topic.format' = 'x-${topic}');");
    EXPECT_DIAGNOSTIC(d, ErrorKind::Compile, "undefined variable 'topic'", 2, 53);
    EXPECT_NE(d.hint.find("$${topic}"), std::string::npos);
}

TEST(Variables, UndefinedPositionAfterLineBreaksAndQuotes) {
    Diagnostic d = parse_error("CREATE SOURCE CONNECTOR s WITH ('k' = 'it''s\n  a ${missing}');");
    EXPECT_DIAGNOSTIC(d, ErrorKind::Compile, "undefined variable 'missing'", 2, 5);
}

TEST(Variables, UndefinedInIdentifierPosition) {
    Diagnostic d = parse_error("DROP CONNECTOR ${nope};");
    EXPECT_DIAGNOSTIC(d, ErrorKind::Compile, "undefined variable 'nope'", 1, 16);
}

TEST(Variables, KsqldbLeavesUndefinedAsWritten) {
    ParseState state;
    state.dialect = Dialect::Ksqldb;
    auto c = std::get<ast::CreateConnector>(
        parse_statement("CREATE SOURCE CONNECTOR s WITH ('t' = '${topic}');", state).node);
    EXPECT_EQ(c.with[0].value.text, "${topic}");
}

TEST(Variables, FailedScriptLeavesStateUnchanged) {
    ParseState state;
    state.variables.define("keep", "1");
    EXPECT_THROW(parse_script("DEFINE added = 'x'; UNDEFINE keep; SHOW BOGUS;", state), Error);
    EXPECT_EQ(state.variables.find("added"), nullptr);
    EXPECT_NE(state.variables.find("keep"), nullptr);
}

TEST(Variables, ListIsSortedAndKeepsWrittenCase) {
    Variables variables;
    variables.define("Zeta", "1");
    variables.define("alpha", "2");
    variables.define("ZETA", "3");  // the same variable
    auto list = variables.list();
    ASSERT_EQ(list.size(), 2u);
    EXPECT_EQ(list[0].first, "alpha");
    EXPECT_EQ(list[1].first, "ZETA");
    EXPECT_EQ(list[1].second, "3");
}

TEST(Variables, QuoteStringIsTheInverseOfUnquote) {
    for (std::string value : {"plain", "it's", "${topic}", "$${x}", "$", "a$", "${a:b}", "'", "''", "x${y}z${",
                              "$$${", "multi\nline", "\xc3\xa9t\xc3\xa9"}) {
        std::string quoted = quote_string(value);
        EXPECT_EQ(unquote(quoted, {1, 1}, true, Variables{}, Dialect::Connql), value) << quoted;
    }
}

}  // namespace
}  // namespace connql::testing
