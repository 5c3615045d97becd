// Every syntax error names the line and column, quotes the offending token and
// says what was expected; a script with any error yields nothing.
#include <random>
#include <sstream>

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
                      "unexpected 'CONECTORS'; expected one of: ALL, CLUSTERS, CONNECTOR, CONNECTORS, CREATE, "
                      "ERRORS, PROPERTIES, QUERIES, SINK, SOURCE, STREAMS, TABLES, TOPICS, VARIABLES",
                      1, 6);
    EXPECT_EQ(d.hint, "did you mean CONNECTORS?");
}

TEST(SyntaxErrors, AfterListAndDescribe) {
    Diagnostic list = parse_error("SHOW CONNECTORS;\nLIST CLUSTER;");
    EXPECT_DIAGNOSTIC(list, ErrorKind::Syntax,
                      "unexpected 'CLUSTER'; expected one of: ALL, CLUSTERS, CONNECTOR, CONNECTORS, PROPERTIES, "
                      "QUERIES, SINK, SOURCE, STREAMS, TABLES, TOPICS, VARIABLES",
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

// ---------------------------------------------------------------- rendering any input safely

// Valid UTF-8 with no control character but line breaks and tabs: safe to print.
bool is_terminal_safe(const std::string& text) {
    for (size_t i = 0; i < text.size();) {
        unsigned char c = static_cast<unsigned char>(text[i]);
        if (c < 0x80) {
            if ((c < 0x20 && c != '\n' && c != '\t') || c == 0x7F) return false;
            ++i;
            continue;
        }
        size_t length = (c >> 5) == 0x6 ? 2 : (c >> 4) == 0xE ? 3 : (c >> 3) == 0x1E ? 4 : 0;
        if (length == 0 || i + length > text.size()) return false;
        for (size_t k = 1; k < length; ++k) {
            if ((static_cast<unsigned char>(text[i + k]) & 0xC0) != 0x80) return false;
        }
        if (c == 0xC2 && static_cast<unsigned char>(text[i + 1]) < 0xA0) return false;  // a C1 control
        i += length;
    }
    return true;
}

// The rest of the quoted line from the column the caret points at (for lines that
// are ASCII before the caret, where one shown column is one byte).
std::string under_caret(const std::string& rendered) {
    size_t quoted = rendered.find(" | ");
    size_t quoted_end = rendered.find('\n', quoted);
    size_t caret_line = quoted_end + 1;
    size_t caret = rendered.find('^', caret_line);
    size_t caret_text = rendered.find(" | ", caret_line) + 3;
    return rendered.substr(quoted + 3 + (caret - caret_text), quoted_end - quoted - 3 - (caret - caret_text));
}

std::vector<std::string> lines_of(const std::string& text) {
    std::vector<std::string> out;
    std::stringstream in(text);
    for (std::string line; std::getline(in, line);) out.push_back(line);
    return out;
}

TEST(Render, AVeryLongLineIsQuotedAroundTheColumn) {
    std::string text;
    while (text.size() < 50000) text += "SHOW CONNECTORS; ";
    const int column = static_cast<int>(text.size()) + 1;
    text += "SHOW CONECTORS; ";
    while (text.size() < 100000) text += "LIST TOPICS; ";
    Diagnostic d = parse_error(text);
    EXPECT_DIAGNOSTIC(d, ErrorKind::Syntax, "unexpected 'CONECTORS'", 1, column + 5);
    std::string rendered = render(d, Source{"min.sql", text});
    std::vector<std::string> lines = lines_of(rendered);
    ASSERT_GE(lines.size(), 3u);
    for (const std::string& line : lines) EXPECT_LE(line.size(), 220u) << line.substr(0, 300);
    EXPECT_EQ(lines[1].rfind(" 1 | ...", 0), 0u) << lines[1];
    EXPECT_EQ(lines[1].substr(lines[1].size() - 3), "...");
    EXPECT_EQ(under_caret(rendered).rfind("CONECTORS; LIST TOPICS;", 0), 0u) << rendered;
}

TEST(Render, ALongLineIsCutOnlyWhereItGoesOn) {
    std::string text = "SHOW CONECTORS;";
    while (text.size() < 5000) text += " LIST TOPICS;";
    std::string start = render(parse_error(text), Source{"", text});
    EXPECT_NE(start.find(" 1 | SHOW CONECTORS; LIST"), std::string::npos) << start;  // not cut before
    EXPECT_EQ(under_caret(start).rfind("CONECTORS", 0), 0u);
    EXPECT_NE(start.find("...\n"), std::string::npos);

    std::string tail(3000, ' ');
    tail += "SHOW CONNECTORS LIKE;";
    std::string end = render(parse_error(tail), Source{"", tail});
    EXPECT_NE(end.find("SHOW CONNECTORS LIKE;\n"), std::string::npos) << end;  // not cut after
    EXPECT_EQ(under_caret(end), ";");
}

TEST(Render, ControlCharactersAndInvalidUtf8AreEscaped) {
    const std::string text = "SHOW CONNECTORS;\nDROP CONNECTOR a\x1B[2Jb\xFF\x01\tc X \xC2\x9B\xE2\x80\xAE;";
    Diagnostic d{
        ErrorKind::Syntax, "unexpected '\x1B' in \xFF", {2, 27}, {{{2, 17}, "first \x07 here"}}, "hint \x1B[0m"};
    std::string rendered = render(d, Source{"in\x1B.sql", text});
    EXPECT_TRUE(is_terminal_safe(rendered)) << rendered;
    EXPECT_NE(rendered.find(" 2 | DROP CONNECTOR a\\x1B[2Jb\\xFF\\x01\tc X \\u{009B}\\u{202E};\n"), std::string::npos)
        << rendered;
    EXPECT_NE(rendered.find("error: unexpected '\\x1B' in \\xFF"), std::string::npos) << rendered;
    EXPECT_EQ(under_caret(rendered).rfind("X ", 0), 0u) << rendered;  // the caret counts the escapes' width
    EXPECT_NE(rendered.find("note: first \\x07 here\n 2 | "), std::string::npos) << rendered;
}

TEST(Render, UnexpectedControlCharacterIsNamedEscaped) {
    const std::string text = "SHOW \x1B[31mX;";
    Diagnostic d = parse_error(text);
    EXPECT_DIAGNOSTIC(d, ErrorKind::Syntax, "unexpected '\\x1B'", 1, 6);
    EXPECT_TRUE(is_terminal_safe(render(d, Source{"t.sql", text})));
}

TEST(Render, BinaryInputGetsAClearMessage) {
    const std::string text("SHOW CONNECTORS;\nSHOW\0CONNECTORS;", 33);
    Diagnostic d = parse_error(text);
    EXPECT_DIAGNOSTIC(d, ErrorKind::Syntax, "the input looks binary: a NUL byte at line 2, column 5", 2, 5);
    std::string rendered = render(d, Source{"a.out", text});
    EXPECT_TRUE(is_terminal_safe(rendered)) << rendered;
    EXPECT_NE(rendered.find(" 2 | SHOW\\x00CONNECTORS;\n   |     ^"), std::string::npos) << rendered;
    // Even inside a string a NUL byte is not text.
    EXPECT_NE(parse_error(std::string("DEFINE a = '\0';", 16)).message.find("NUL byte"), std::string::npos);
}

TEST(Render, RandomBytesNeverReachTheTerminal) {
    std::mt19937 random(7);
    for (int i = 0; i < 400; ++i) {
        std::string text;
        size_t size = std::uniform_int_distribution<size_t>(1, 300)(random);
        // Half the inputs are ASCII (syntax errors about control characters), half any bytes.
        int top = i % 2 == 0 ? 0x7F : 0xFF;
        for (size_t k = 0; k < size; ++k) {
            text += static_cast<char>(std::uniform_int_distribution<int>(1, top)(random));
        }
        Diagnostic d = parse_error(text);
        std::string rendered = render(d, Source{"random", text});
        ASSERT_TRUE(is_terminal_safe(rendered)) << rendered;
    }
}

// The server walks each statement with the grammar walker before ANTLR parses it
// (SyntaxCheck::WalkFirst). On every variant of real statements with a word
// dropped, doubled or misspelt, both ways must agree: the same statements, or the
// same error.
TEST(SyntaxErrors, WalkingFirstAgreesWithParsingFirstOnEveryMutation) {
    const std::vector<std::string> statements = {
        "CREATE SOURCE CONNECTOR s USING 'FileStreamSource' WITH (file = '/tmp/in', topic = 't') "
        "FORMAT KEY STRING VALUE JSON WITHOUT SCHEMAS TRANSFORM stamp USING 'InsertField$Value' "
        "WITH ('timestamp.field' = 'ts') WHEN NOT TOMBSTONE",
        "CREATE SINK CONNECTOR IF NOT EXISTS k USING 'FileStreamSink' WITH (topics = 'a', file = '/tmp/o') "
        "ON ERROR SEND TO DEAD LETTER TOPIC 'dlq' WITH CONTEXT HEADERS RETRY ERRORS FOR '10m'",
        "ALTER CONNECTOR s SET ('tasks.max' = 2)",
        "DROP CONNECTOR IF EXISTS a, b",
        "RESTART CONNECTOR s WITH TASKS ONLY FAILED",
        "SHOW CONNECTORS LIKE 'o%'",
        "DESCRIBE CONNECTOR s EXTENDED",
        "DEFINE host = 'db'",
        "SET 'connql.wait' = 'running'",
        "PRINT 'orders' FROM BEGINNING LIMIT 3",
        "SHOW ERRORS FOR CONNECTOR k LIMIT 5 FROM BEGINNING",
    };
    auto words_of = [](const std::string& text) {
        std::vector<std::string> words;
        std::istringstream in(text);
        for (std::string word; in >> word;) words.push_back(word);
        return words;
    };
    auto join = [](const std::vector<std::string>& words) {
        std::string out;
        for (const std::string& word : words) out += (out.empty() ? "" : " ") + word;
        return out;
    };
    int errors = 0, accepted = 0;
    for (const std::string& statement : statements) {
        const std::vector<std::string> words = words_of(statement);
        std::vector<std::string> variants = {statement};
        for (size_t i = 0; i < words.size(); ++i) {
            std::vector<std::string> dropped = words, doubled = words, misspelt = words;
            dropped.erase(dropped.begin() + static_cast<long>(i));
            doubled.insert(doubled.begin() + static_cast<long>(i), words[i]);
            misspelt[i] = "WTH";
            variants.push_back(join(dropped));
            variants.push_back(join(doubled));
            variants.push_back(join(misspelt));
        }
        for (const std::string& body : variants) {
            const std::string text = "SHOW CONNECTORS;\n" + body + ";\nSHOW TOPICS;";
            ParseState parsed_state, walked_state;
            auto parsed = parse_script_or_error(text, parsed_state, SyntaxCheck::OnFailure);
            auto walked = parse_script_or_error(text, walked_state, SyntaxCheck::WalkFirst);
            ASSERT_EQ(parsed.index(), walked.index()) << text;
            if (const Error* error = std::get_if<Error>(&parsed)) {
                const Diagnostic& a = error->diagnostic();
                const Diagnostic& b = std::get<Error>(walked).diagnostic();
                EXPECT_EQ(a.message, b.message) << text;
                EXPECT_EQ(a.pos.line, b.pos.line) << text;
                EXPECT_EQ(a.pos.column, b.pos.column) << text;
                EXPECT_EQ(a.hint, b.hint) << text;
                ++errors;
            } else {
                EXPECT_EQ(std::get<0>(parsed).size(), std::get<0>(walked).size()) << text;
                ++accepted;
            }
        }
    }
    EXPECT_GT(errors, 200);  // the mutations do reach the error paths...
    EXPECT_GT(accepted, 20);  // ...and not only them
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
