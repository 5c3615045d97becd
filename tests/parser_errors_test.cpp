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
    // LIKE could also have followed SHOW CONNECTORS.
    EXPECT_DIAGNOSTIC(d, ErrorKind::Syntax, "unexpected 'SHOW'; expected LIKE or ';'", 2, 1);
    EXPECT_EQ(d.hint, "end the statement before it with ';'");
}

// ---------------------------------------------------------------- at the token that does not fit

TEST(SyntaxErrors, AfterShowListsWhatMayFollowShow) {
    Diagnostic d = parse_error("SHOW CONECTORS;");
    EXPECT_DIAGNOSTIC(d, ErrorKind::Syntax,
                      "unexpected 'CONECTORS'; expected one of: ALL, CLUSTERS, CONNECTOR, CONNECTORS, CREATE, SINK, "
                      "SOURCE, TOPICS, VARIABLES",
                      1, 6);
    EXPECT_EQ(d.hint, "did you mean CONNECTORS?");
}

TEST(SyntaxErrors, AfterListAndDescribe) {
    Diagnostic list = parse_error("SHOW CONNECTORS;\nLIST CLUSTER;");
    EXPECT_DIAGNOSTIC(list, ErrorKind::Syntax,
                      "unexpected 'CLUSTER'; expected one of: ALL, CLUSTERS, CONNECTOR, CONNECTORS, SINK, SOURCE, "
                      "TOPICS, VARIABLES",
                      2, 6);
    EXPECT_EQ(list.hint, "did you mean CLUSTERS?");
    Diagnostic describe = parse_error("DESCRIBE CONECTOR x;");
    EXPECT_DIAGNOSTIC(describe, ErrorKind::Syntax, "unexpected 'CONECTOR'; expected CONNECTOR or PLUGIN", 1, 10);
    EXPECT_EQ(describe.hint, "did you mean CONNECTOR?");
}

TEST(SyntaxErrors, DeepInsideAStatement) {
    // Several tokens past the start of the decision ANTLR failed in.
    Diagnostic d = parse_error("SHOW CONNECTOR TOPICS x;\nSHOW CONNECTOR OFSETS x;");
    EXPECT_DIAGNOSTIC(d, ErrorKind::Syntax, "unexpected 'OFSETS'; expected one of: OFFSETS, PLUGINS, TOPICS", 2, 16);
    EXPECT_EQ(d.hint, "did you mean OFFSETS?");
    Diagnostic when = parse_error("CREATE SINK CONNECTOR s TRANSFORM t USING 'Filter' WHEN;");
    EXPECT_DIAGNOSTIC(when, ErrorKind::Syntax, "unexpected ';'; expected one of: a name, HEADER, NOT, TOMBSTONE, TOPIC",
                      1, 56);
    Diagnostic task = parse_error("RESTART CONNECTOR a TASK x;");
    EXPECT_DIAGNOSTIC(task, ErrorKind::Syntax, "unexpected 'x'; expected a whole number", 1, 26);
}

TEST(SyntaxErrors, WhereANameMayStandOnlyMeaningfulKeywordsAreListed) {
    Diagnostic d = parse_error("DROP CONNECTOR");
    EXPECT_DIAGNOSTIC(d, ErrorKind::Syntax, "unexpected end of input; expected a name or IF", 1, 15);
    EXPECT_EQ(d.hint, "the statement is incomplete");
    Diagnostic quoted = parse_error("DROP CONNECTOR 'x';");
    EXPECT_DIAGNOSTIC(quoted, ErrorKind::Syntax, "unexpected ''x''; expected a name or IF", 1, 16);
    EXPECT_NE(quoted.hint.find("\"...\" or `...`"), std::string::npos) << quoted.hint;
}

TEST(SyntaxErrors, BareWordValuesAreToldToQuote) {
    struct Case {
        const char* text;
        const char* word;
        int column;
    };
    for (const Case& c : {
             Case{"CREATE SOURCE CONNECTOR s WITH (mode = bulk);", "bulk", 40},
             Case{"CREATE SOURCE CONNECTOR s WITH (topic = orders-v2);", "orders-v2", 41},
             Case{"CREATE SOURCE CONNECTOR s WITH (host = db.internal.example);", "db.internal.example", 40},
             Case{"CREATE SOURCE CONNECTOR s WITH (time = 10s);", "10s", 40},
             Case{"CREATE SOURCE CONNECTOR s WITH (mode = source);", "source", 40},  // a keyword
             Case{"CREATE SOURCE CONNECTOR s USING FileStreamSource;", "FileStreamSource", 33},
         }) {
        Diagnostic d = parse_error(c.text);
        EXPECT_DIAGNOSTIC(d, ErrorKind::Syntax, "unexpected '" + std::string(c.word) + "'", 1, c.column);
        EXPECT_EQ(d.hint, "quote it: '" + std::string(c.word) + "'") << c.text;
        EXPECT_EQ(d.message.find("a name"), std::string::npos) << d.message;  // a name does not fit there
    }
    Diagnostic close = parse_error("CREATE SOURCE CONNECTOR s WITH (flag = tru);");
    EXPECT_EQ(close.hint, "quote it: 'tru', or did you mean TRUE?");
}

TEST(SyntaxErrors, UnterminatedComment) {
    Diagnostic d = parse_error("SHOW CONNECTORS;\n  /* the rest is\nSHOW TOPICS;");
    EXPECT_DIAGNOSTIC(d, ErrorKind::Syntax, "unterminated comment: this /* is never closed", 2, 3);
    EXPECT_EQ(d.hint, "close it with */");
    Diagnostic after = parse_error("SHOW CONNECTORS /* x");
    EXPECT_DIAGNOSTIC(after, ErrorKind::Syntax, "unterminated comment", 1, 17);
    // A '/' on its own is only an unexpected character.
    EXPECT_DIAGNOSTIC(parse_error("SHOW CONNECTORS / *;"), ErrorKind::Syntax, "unexpected '/'", 1, 17);
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
