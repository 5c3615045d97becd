// Every syntax error names the line and column, quotes the offending token and
// says what was expected; a script with any error yields nothing.
#include "helpers.h"

namespace connql::testing {
namespace {

TEST(SyntaxErrors, MisspeltClauseListsTheClausesAndSuggests) {
    Diagnostic d = parse_error("SHOW CONNECTORS;\nCREATE SOURCE CONNECTOR x WTH ('a' = 'b');");
    EXPECT_DIAGNOSTIC(d, ErrorKind::Syntax, "unexpected 'WTH'", 2, 27);
    for (const char* clause : {"USING", "WITH", "FORMAT", "TRANSFORM", "PREDICATE", "ON", "RETRY", "';'"}) {
        EXPECT_NE(d.message.find(clause), std::string::npos) << clause << " missing from: " << d.message;
    }
    EXPECT_EQ(d.hint, "did you mean WITH?");
}

TEST(SyntaxErrors, MisspeltStatementKeyword) {
    Diagnostic d = parse_error("CRATE SOURCE CONNECTOR x;");
    EXPECT_DIAGNOSTIC(d, ErrorKind::Syntax, "unexpected 'CRATE'; expected one of: ALTER, CREATE", 1, 1);
    EXPECT_EQ(d.hint, "did you mean CREATE?");
}

TEST(SyntaxErrors, IncompleteStatement) {
    Diagnostic d = parse_error("CREATE SOURCE CONNECTOR");
    EXPECT_DIAGNOSTIC(d, ErrorKind::Syntax, "unexpected end of input; expected a name", 1, 24);
}

TEST(SyntaxErrors, MissingSemicolonBetweenStatements) {
    Diagnostic d = parse_error("SHOW CONNECTORS\nSHOW TOPICS;");
    EXPECT_DIAGNOSTIC(d, ErrorKind::Syntax, "unexpected 'SHOW'; expected ';'", 2, 1);
}

TEST(SyntaxErrors, UnterminatedString) {
    Diagnostic d = parse_error("CREATE SOURCE CONNECTOR s WITH ('topic' = 'abc);");
    EXPECT_DIAGNOSTIC(d, ErrorKind::Syntax, "unterminated string", 1, 43);
    EXPECT_NE(d.hint.find("''"), std::string::npos);
}

TEST(SyntaxErrors, UnterminatedQuotedName) {
    Diagnostic d = parse_error("DROP CONNECTOR `abc;");
    EXPECT_DIAGNOSTIC(d, ErrorKind::Syntax, "unterminated quoted name", 1, 16);
}

TEST(SyntaxErrors, UnexpectedCharacter) {
    Diagnostic d = parse_error("SHOW CONNECTORS #;");
    EXPECT_DIAGNOSTIC(d, ErrorKind::Syntax, "unexpected '#'", 1, 17);
}

TEST(SyntaxErrors, DollarOutsideString) {
    Diagnostic d = parse_error("DROP CONNECTOR $${x};");
    EXPECT_DIAGNOSTIC(d, ErrorKind::Syntax, "unexpected '$'", 1, 16);
}

TEST(SyntaxErrors, BadPropertyValue) {
    Diagnostic d = parse_error("CREATE SOURCE CONNECTOR s WITH (a = b);");
    EXPECT_DIAGNOSTIC(d, ErrorKind::Syntax, "unexpected 'b'", 1, 37);
    EXPECT_NE(d.message.find("a string"), std::string::npos) << d.message;
}

TEST(SyntaxErrors, TrailingCommaInWith) {
    Diagnostic d = parse_error("CREATE SOURCE CONNECTOR s WITH (a = 'b',);");
    EXPECT_DIAGNOSTIC(d, ErrorKind::Syntax, "unexpected ')'", 1, 41);
}

TEST(SyntaxErrors, InvalidUtf8) {
    Diagnostic d = parse_error("SHOW CONNECTORS;\nDROP CONNECTOR a\xff;");
    EXPECT_DIAGNOSTIC(d, ErrorKind::Syntax, "not valid UTF-8", 2, 17);
}

TEST(SyntaxErrors, ByteOrderMarkIsNotText) {
    const std::string text = "\xEF\xBB\xBFSHOW CONNECTORS WHERE;";
    Diagnostic d = parse_error(text);
    EXPECT_DIAGNOSTIC(d, ErrorKind::Syntax, "unexpected 'WHERE'", 1, 17);
    EXPECT_NE(render(d, Source{"f.sql", text}).find(" 1 | SHOW CONNECTORS WHERE;\n   |                 ^"), std::string::npos);
}

TEST(SyntaxErrors, PositionsCountCharactersNotBytes) {
    Diagnostic d = parse_error("CREATE SOURCE CONNECTOR s WITH ('\xc3\xa9t\xc3\xa9' = 'x') BOGUS;");
    EXPECT_DIAGNOSTIC(d, ErrorKind::Syntax, "unexpected 'BOGUS'", 1, 46);
}

TEST(SyntaxErrors, FifthStatementWrongRejectsTheWholeScript) {
    ParseState state;
    const char* script =
        "DEFINE t = 'x';\nSHOW CONNECTORS;\nCREATE SOURCE CONNECTOR a USING 'X';\nDROP CONNECTOR a;\n"
        "CREATE SOURCE CONNECTOR b USING 'X' WITH ('a' = );\nSHOW CONNECTORS;";
    Diagnostic d = error_of([&] { parse_script(script, state); });
    EXPECT_DIAGNOSTIC(d, ErrorKind::Syntax, "unexpected ')'", 5, 49);
    EXPECT_EQ(state.variables.find("t"), nullptr);  // not even the DEFINE took effect
}

TEST(SyntaxErrors, RenderQuotesTheLineWithACaret) {
    const std::string text = "SHOW CONNECTORS;\nCREATE SOURCE CONNECTOR x WTH ('a' = 'b');";
    Diagnostic d = parse_error(text);
    std::string rendered = render(d, Source{"orders.sql", text});
    EXPECT_EQ(rendered,
              "orders.sql:2:27: error: unexpected 'WTH'; expected one of: FORMAT, ON, PREDICATE, RETRY, TRANSFORM, "
              "USING, WITH, ';'\n"
              " 2 | CREATE SOURCE CONNECTOR x WTH ('a' = 'b');\n"
              "   |                           ^\n"
              "hint: did you mean WITH?\n");
}

TEST(ClauseErrors, RepeatedClausesNameBothPositions) {
    struct Case {
        const char* text;
        const char* message;
        int column;
        int first_column;
    };
    for (const Case& c : {
             Case{"CREATE SOURCE CONNECTOR s USING 'A' USING 'B';", "USING is given twice", 37, 33},
             Case{"CREATE SOURCE CONNECTOR s WITH (a='1') WITH (b='2');", "WITH is given twice", 40, 27},
             Case{"CREATE SOURCE CONNECTOR s ON ERROR FAIL ON ERROR SKIP;", "ON ERROR is given twice", 41, 27},
             Case{"CREATE SOURCE CONNECTOR s RETRY ERRORS FOREVER RETRY ERRORS FOREVER;", "RETRY ERRORS is given twice",
                  48, 27},
             Case{"CREATE SOURCE CONNECTOR s FORMAT VALUE JSON FORMAT VALUE STRING;", "FORMAT VALUE is given twice",
                  52, 34},
             Case{"CREATE SINK CONNECTOR s ON ERROR SEND TO DEAD LETTER TOPIC 'd' WITH CONTEXT HEADERS WITH CONTEXT "
                  "HEADERS;",
                  "WITH CONTEXT HEADERS is given twice", 85, 64},
         }) {
        Diagnostic d = parse_error(c.text);
        EXPECT_DIAGNOSTIC(d, ErrorKind::Compile, c.message, 1, c.column);
        ASSERT_EQ(d.notes.size(), 1u) << c.text;
        EXPECT_EQ(d.notes[0].pos.column, c.first_column) << c.text;
    }
}

TEST(ClauseErrors, OrReplaceWithIfNotExists) {
    Diagnostic d = parse_error("CREATE OR REPLACE SOURCE CONNECTOR IF NOT EXISTS s USING 'X';");
    EXPECT_DIAGNOSTIC(d, ErrorKind::Compile, "OR REPLACE and IF NOT EXISTS cannot be used together", 1, 36);
}

TEST(ClauseErrors, BadDialect) {
    Diagnostic d = parse_error("SET 'connql.dialect' = 'mysql';");
    EXPECT_DIAGNOSTIC(d, ErrorKind::Compile, "unknown dialect 'mysql'", 1, 24);
}

TEST(ClauseErrors, NumberTooLarge) {
    Diagnostic d = parse_error("RESTART CONNECTOR a TASK 99999999999999999999;");
    EXPECT_DIAGNOSTIC(d, ErrorKind::Compile, "too large", 1, 26);
}

}  // namespace
}  // namespace connql::testing
