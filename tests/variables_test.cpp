// DEFINE / UNDEFINE, --define, ${name}, $${name} and ${provider:...}.
#include "helpers.h"
#include "parser/keywords.h"

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

// ---------------------------------------------------------------- variables inside names

ParseState state_with_variables(Dialect dialect = Dialect::Connql) {
    ParseState state;
    state.dialect = state.default_dialect = dialect;
    state.variables.define("env", "prod");
    state.variables.define("topic", "orders");
    state.variables.define("x", "mid");
    return state;
}

TEST(VariablesInNames, UnquotedInEveryNamePosition) {
    ParseState state = state_with_variables();
    auto statements = parse_script(
        "CREATE SOURCE CONNECTOR pg-${env} USING 'X' WITH (${topic}.prefix = 'p')\n"
        "  TRANSFORM route_${env} USING 'RegexRouter' WHEN is_${x}\n"
        "  PREDICATE is_${x} USING 'TopicNameMatches';\n"
        "DROP CONNECTOR ${env}-pg, a.${x}.b, orders_${env}, ${env}${topic}, ${env};\n"
        "USE CLUSTER ${env}-east;\n"
        "PRINT ${topic}-v2;\n"
        "ALTER CONNECTOR c UNSET (${topic}.prefix);",
        state);
    ASSERT_EQ(statements.size(), 5u);
    const auto& create = std::get<ast::CreateConnector>(statements[0].node);
    EXPECT_EQ(create.name.text, "pg-prod");
    EXPECT_EQ(create.with[0].key, "orders.prefix");
    EXPECT_EQ(create.transforms[0].alias.text, "route_prod");
    EXPECT_EQ(create.transforms[0].when->argument, "is_mid");
    EXPECT_EQ(create.predicates[0].alias.text, "is_mid");
    const auto& drop = std::get<ast::DropConnector>(statements[1].node);
    std::vector<std::string> names;
    for (const ast::Name& name : drop.names) names.push_back(name.text);
    EXPECT_EQ(names, (std::vector<std::string>{"prod-pg", "a.mid.b", "orders_prod", "prodorders", "prod"}));
    EXPECT_EQ(drop.names[1].pos.column, 27);  // the name's own position, not a variable's
    EXPECT_EQ(std::get<ast::UseCluster>(statements[2].node).cluster.text, "prod-east");
    EXPECT_EQ(std::get<ast::PrintTopic>(statements[3].node).topic.text, "orders-v2");
    EXPECT_EQ(std::get<ast::AlterUnset>(std::get<ast::AlterConnector>(statements[4].node).action).keys[0].text,
              "orders.prefix");
}

TEST(VariablesInNames, QuotedNamesSubstituteToo) {
    ParseState state = state_with_variables();
    auto drop = std::get<ast::DropConnector>(
        parse_statement("DROP CONNECTOR \"orders_${env}\", `src-${topic}`, \"Mixed ${ENV}\";", state).node);
    EXPECT_EQ(drop.names[0].text, "orders_prod");
    EXPECT_EQ(drop.names[1].text, "src-orders");
    EXPECT_EQ(drop.names[2].text, "Mixed prod");  // variable names are case-insensitive
    auto create = std::get<ast::CreateConnector>(
        parse_statement("CREATE SINK CONNECTOR s WITH (\"${topic}.x\" = 'v');", state).node);
    EXPECT_EQ(create.with[0].key, "orders.x");
}

TEST(VariablesInNames, EscapeAndProviderReferencesPassThrough) {
    ParseState state = state_with_variables();
    auto drop = std::get<ast::DropConnector>(
        parse_statement("DROP CONNECTOR `a-$${env}`, \"${file:/etc/names:n}\", `$$`, `${ not a ref}`;", state).node);
    EXPECT_EQ(drop.names[0].text, "a-${env}");
    EXPECT_EQ(drop.names[1].text, "${file:/etc/names:n}");
    EXPECT_EQ(drop.names[2].text, "$$");
    EXPECT_EQ(drop.names[3].text, "${ not a ref}");
}

TEST(VariablesInNames, KsqldbUpperCasesUnquotedOnly) {
    ParseState state = state_with_variables(Dialect::Ksqldb);
    auto drop = std::get<ast::DropConnector>(
        parse_statement("DROP CONNECTOR pg-${env}, `pg-${env}`, \"Pg_${env}\", pg-${nope}, `pg-${nope}`, src_${env};", state)
            .node);
    // A name with '-' or '.' is connql's, kept as written like `pg-orders`; a plain
    // one is upper-cased with its values, as ksqlDB reads `src_${env}`.
    EXPECT_EQ(drop.names[0].text, "pg-prod");
    EXPECT_EQ(drop.names[1].text, "pg-prod");
    EXPECT_EQ(drop.names[2].text, "Pg_prod");
    EXPECT_EQ(drop.names[3].text, "pg-${nope}");  // undefined: left as written
    EXPECT_EQ(drop.names[4].text, "pg-${nope}");
    EXPECT_EQ(drop.names[5].text, "SRC_PROD");
}

TEST(VariablesInNames, UndefinedPointsAtTheDollar) {
    EXPECT_DIAGNOSTIC(parse_error("DROP CONNECTOR pg-${nope};"), ErrorKind::Compile, "undefined variable 'nope'", 1,
                      19);
    EXPECT_DIAGNOSTIC(parse_error("DROP CONNECTOR `src-${nope}`;"), ErrorKind::Compile, "undefined variable 'nope'",
                      1, 21);
    EXPECT_DIAGNOSTIC(parse_error("DEFINE x = '1'; DESCRIBE CONNECTOR a.${x}.${nope};"), ErrorKind::Compile,
                      "undefined variable 'nope'", 1, 43);
    EXPECT_DIAGNOSTIC(parse_error("SHOW CONNECTORS;\nUSE CLUSTER \"\n  ${nope}\";"), ErrorKind::Compile,
                      "undefined variable 'nope'", 3, 3);
}

TEST(VariablesInNames, DollarDollarIsNotPartOfAnUnquotedName) {
    // A literal ${ in a name needs quotes: unquoted, $${x} is a stray '$'.
    EXPECT_DIAGNOSTIC(parse_error("DROP CONNECTOR a-$${x};"), ErrorKind::Syntax, "unexpected", 1, 17);
}

TEST(VariablesInNames, QuoteNameEscapesALiteralReference) {
    // What SHOW CREATE CONNECTOR writes must read back as the same name.
    for (std::string name : {"a${x}", "${x}", "$${y}", "plain", "a`${b}`"}) {
        std::string written = quote_name(name);
        ParseState state;
        auto drop = std::get<ast::DropConnector>(parse_statement("DROP CONNECTOR " + written + ";", state).node);
        EXPECT_EQ(drop.names[0].text, name) << written;
    }
    EXPECT_EQ(quote_name("a${x}"), "`a$${x}`");
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
