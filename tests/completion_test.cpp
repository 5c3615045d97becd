// expected_at: what may be typed at a cursor, for the REPL's Tab completion.
#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>

#include "parser/completion.h"
#include "parser/parser.h"

namespace connql::testing {
namespace {

using Slot = ExpectedAtCursor::Slot;
using Words = std::vector<std::string>;

// The cursor is where `|` is, or at the end.
ExpectedAtCursor at_cursor(std::string text) {
    size_t cursor = text.find('|');
    if (cursor == std::string::npos) {
        cursor = text.size();
    } else {
        text.erase(cursor, 1);
    }
    return expected_at(text, cursor);
}

bool has(const Words& words, const std::string& word) {
    return std::find(words.begin(), words.end(), word) != words.end();
}

const Words kStatementStarts = {"ALTER", "CREATE",  "DEFINE", "DESCRIBE", "DROP",     "EXPLAIN", "LIST",
                                "PAUSE", "PRINT",   "RESTART", "RESUME",  "RUN",      "SET",     "SHOW",
                                "STOP",  "UNDEFINE", "UNSET", "USE",      "VALIDATE"};
const Words kAfterShow = {"ALL",     "CLUSTERS", "CONNECTOR", "CONNECTORS", "CREATE", "ERRORS", "PROPERTIES",
                          "QUERIES", "SINK",     "SOURCE",    "STREAMS",    "TABLES", "TOPICS", "VARIABLES"};
const Words kCreateClauses = {"FORMAT", "ON", "PREDICATE", "RETRY", "TRANSFORM", "USING", "WITH"};

TEST(Completion, StatementStart) {
    for (const char* text :
         {"", "  ", "-- a comment\n", "SHOW CONNECTORS; ", "SHOW CONNECTORS;", "SHOW TOPICS;\n;; "}) {
        ExpectedAtCursor e = at_cursor(text);
        EXPECT_EQ(e.keywords, kStatementStarts) << "[" << text << "]";
        EXPECT_FALSE(e.name);
        EXPECT_FALSE(e.string);
        EXPECT_TRUE(e.punctuation.empty());
        EXPECT_EQ(e.partial, "");
    }
}

TEST(Completion, AfterShowListAndDescribe) {
    EXPECT_EQ(at_cursor("SHOW ").keywords, kAfterShow);
    Words after_list = kAfterShow;
    after_list.erase(std::find(after_list.begin(), after_list.end(), "CREATE"));  // no LIST CREATE CONNECTOR
    after_list.erase(std::find(after_list.begin(), after_list.end(), "ERRORS"));  // nor LIST ERRORS
    EXPECT_EQ(at_cursor("list ").keywords, after_list);
    EXPECT_EQ(at_cursor("DESCRIBE ").keywords, (Words{"CONNECTOR", "PLUGIN"}));
    ExpectedAtCursor connector = at_cursor("SHOW CONNECTOR ");
    EXPECT_EQ(connector.keywords, (Words{"OFFSETS", "PLUGINS", "TOPICS"}));
    EXPECT_FALSE(connector.name);
}

TEST(Completion, MidWord) {
    ExpectedAtCursor e = at_cursor("SHOW CONN|ECTORS");
    EXPECT_EQ(e.partial, "CONN");
    EXPECT_EQ(e.keywords, kAfterShow);  // not filtered: the REPL matches them against `partial`
    ExpectedAtCursor first = at_cursor("cr|");
    EXPECT_EQ(first.partial, "cr");
    EXPECT_EQ(first.keywords, kStatementStarts);
    ExpectedAtCursor name = at_cursor("DROP CONNECTOR pg-ord|ers; SHOW TOPICS;");
    EXPECT_EQ(name.partial, "pg-ord");
    EXPECT_TRUE(name.name);
    EXPECT_EQ(name.slot, Slot::ConnectorName);
}

TEST(Completion, ConnectorNames) {
    for (const char* text :
         {"DESCRIBE CONNECTOR ", "DROP CONNECTOR ", "DROP CONNECTOR IF EXISTS a, ", "ALTER CONNECTOR ",
          "PAUSE CONNECTOR ", "resume connector ", "STOP CONNECTOR ", "RESTART CONNECTOR ", "SHOW CREATE CONNECTOR ",
          "SHOW CONNECTOR OFFSETS ", "SHOW CONNECTOR TOPICS ", "EXPLAIN ALTER CONNECTOR ",
          "SHOW ERRORS FOR CONNECTOR "}) {
        ExpectedAtCursor e = at_cursor(text);
        EXPECT_TRUE(e.name) << text;
        EXPECT_TRUE(e.variable) << text;  // ${name} stands wherever a name does
        EXPECT_EQ(e.slot, Slot::ConnectorName) << text;
        EXPECT_LE(e.keywords.size(), 1u) << text;  // not the ~90 keywords that are also names
    }
    EXPECT_EQ(at_cursor("DROP CONNECTOR ").keywords, Words{"IF"});
    EXPECT_TRUE(at_cursor("DESCRIBE CONNECTOR ").keywords.empty());
}

TEST(Completion, AfterCreateConnectorName) {
    ExpectedAtCursor creating = at_cursor("CREATE SOURCE CONNECTOR ");
    EXPECT_EQ(creating.keywords, Words{"IF"});
    EXPECT_TRUE(creating.name);
    EXPECT_EQ(creating.slot, Slot::ConnectorName);

    ExpectedAtCursor clauses = at_cursor("CREATE SINK CONNECTOR x ");
    EXPECT_EQ(clauses.keywords, kCreateClauses);
    EXPECT_FALSE(clauses.name);
    EXPECT_EQ(clauses.punctuation, Words{";"});  // it may end there
    EXPECT_EQ(clauses.slot, Slot::None);
}

TEST(Completion, InsideWith) {
    ExpectedAtCursor key = at_cursor("CREATE SOURCE CONNECTOR x WITH (");
    EXPECT_TRUE(key.name);
    EXPECT_TRUE(key.string);
    EXPECT_TRUE(key.keywords.empty());
    EXPECT_EQ(key.punctuation, Words{")"});
    EXPECT_EQ(key.slot, Slot::ConfigKey);
    EXPECT_EQ(at_cursor("CREATE SOURCE CONNECTOR x WITH (a = 'b', ").slot, Slot::ConfigKey);
    EXPECT_EQ(at_cursor("CREATE SOURCE CONNECTOR x WITH (a = 'b', 'tasks.|").slot, Slot::ConfigKey);
    EXPECT_EQ(at_cursor("ALTER CONNECTOR x SET (").slot, Slot::ConfigKey);
    EXPECT_EQ(at_cursor("ALTER CONNECTOR x UNSET (a, ").slot, Slot::ConfigKey);
    // A transform's or predicate's own keys are not connector config keys.
    ExpectedAtCursor transform = at_cursor("CREATE SOURCE CONNECTOR x TRANSFORM t USING 'Cast$Value' WITH (");
    EXPECT_TRUE(transform.name);
    EXPECT_EQ(transform.slot, Slot::None);

    ExpectedAtCursor equals = at_cursor("CREATE SOURCE CONNECTOR x WITH (a ");
    EXPECT_EQ(equals.punctuation, Words{"="});
    EXPECT_FALSE(equals.name);

    ExpectedAtCursor value = at_cursor("CREATE SOURCE CONNECTOR x WITH (a = ");
    EXPECT_EQ(value.keywords, (Words{"FALSE", "NULL", "TRUE"}));
    EXPECT_TRUE(value.string);
    EXPECT_TRUE(value.number);
    EXPECT_TRUE(value.variable);
    EXPECT_FALSE(value.name);  // a bare word is not a value

    ExpectedAtCursor next = at_cursor("CREATE SOURCE CONNECTOR x WITH (a = 1 ");
    EXPECT_EQ(next.punctuation, (Words{")", ","}));
}

TEST(Completion, PluginTransformAndPredicateTypes) {
    EXPECT_EQ(at_cursor("CREATE SOURCE CONNECTOR x USING ").slot, Slot::PluginClass);
    ExpectedAtCursor typing = at_cursor("CREATE SOURCE CONNECTOR x USING 'FileSt");
    EXPECT_EQ(typing.slot, Slot::PluginClass);
    EXPECT_TRUE(typing.string);
    EXPECT_EQ(typing.partial, "'FileSt");
    EXPECT_EQ(at_cursor("DESCRIBE PLUGIN ").slot, Slot::PluginClass);

    ExpectedAtCursor transform = at_cursor("CREATE SINK CONNECTOR x TRANSFORM t USING ");
    EXPECT_TRUE(transform.string);
    EXPECT_FALSE(transform.name);
    EXPECT_EQ(transform.slot, Slot::TransformType);
    EXPECT_EQ(at_cursor("ALTER CONNECTOR c ADD TRANSFORM t USING 'Ca").slot, Slot::TransformType);
    EXPECT_EQ(at_cursor("CREATE SINK CONNECTOR x PREDICATE p USING ").slot, Slot::PredicateType);
    // The alias itself is the user's to invent.
    ExpectedAtCursor alias = at_cursor("CREATE SINK CONNECTOR x TRANSFORM ");
    EXPECT_TRUE(alias.name);
    EXPECT_EQ(alias.slot, Slot::None);
}

TEST(Completion, ClustersTopicsFormatsAndSessionProperties) {
    ExpectedAtCursor cluster = at_cursor("USE CLUSTER ");
    EXPECT_TRUE(cluster.name);
    EXPECT_EQ(cluster.slot, Slot::ClusterName);
    ExpectedAtCursor print = at_cursor("PRINT ");
    EXPECT_TRUE(print.name);
    EXPECT_TRUE(print.string);
    EXPECT_EQ(print.slot, Slot::TopicName);
    EXPECT_EQ(at_cursor("CREATE SINK CONNECTOR x ON ERROR SEND TO DEAD LETTER TOPIC ").slot, Slot::TopicName);
    EXPECT_EQ(at_cursor("CREATE SINK CONNECTOR x FORMAT VALUE ").slot, Slot::FormatName);
    EXPECT_EQ(at_cursor("SET ").slot, Slot::SessionProperty);
    EXPECT_EQ(at_cursor("UNSET 'connql.").slot, Slot::SessionProperty);
    EXPECT_EQ(at_cursor("SET 'connql.dialect' = ").slot, Slot::None);
}

TEST(Completion, Variables) {
    ExpectedAtCursor define = at_cursor("DEFINE ");
    EXPECT_TRUE(define.name);
    EXPECT_EQ(define.slot, Slot::VariableName);
    EXPECT_EQ(at_cursor("UNDEFINE to|").slot, Slot::VariableName);

    ExpectedAtCursor in_string = at_cursor("CREATE SOURCE CONNECTOR x WITH ('topic' = 'orders-${en");
    EXPECT_TRUE(in_string.variable);
    EXPECT_EQ(in_string.slot, Slot::VariableName);
    EXPECT_EQ(in_string.partial, "en");
    EXPECT_EQ(at_cursor("DROP CONNECTOR pg-${e").partial, "e");
    EXPECT_EQ(at_cursor("DROP CONNECTOR pg-${e").slot, Slot::VariableName);
    EXPECT_EQ(at_cursor("DROP CONNECTOR `src-${").slot, Slot::VariableName);
    EXPECT_EQ(at_cursor("CREATE SOURCE CONNECTOR x WITH (a = ${").slot, Slot::VariableName);
    // A closed reference, an escaped one and a provider reference are not variable names being typed.
    EXPECT_EQ(at_cursor("CREATE SOURCE CONNECTOR x WITH ('a' = '${x} y").slot, Slot::None);
    EXPECT_EQ(at_cursor("CREATE SOURCE CONNECTOR x WITH ('a' = '$${x").slot, Slot::None);
    EXPECT_EQ(at_cursor("CREATE SOURCE CONNECTOR x WITH ('a' = '${file:/x").slot, Slot::None);
    // Where neither a name nor a value may stand, ${ offers nothing.
    EXPECT_FALSE(at_cursor("SHOW ${").variable);
}

TEST(Completion, InsideStringsAndQuotedNames) {
    ExpectedAtCursor doubled = at_cursor("CREATE SOURCE CONNECTOR x USING 'it''s");
    EXPECT_EQ(doubled.partial, "'it''s");  // from the literal's first quote
    EXPECT_EQ(doubled.slot, Slot::PluginClass);
    ExpectedAtCursor quoted = at_cursor("DROP CONNECTOR \"my conn");
    EXPECT_TRUE(quoted.name);
    EXPECT_FALSE(quoted.string);
    EXPECT_TRUE(quoted.keywords.empty());
    EXPECT_EQ(quoted.slot, Slot::ConnectorName);
    // A ';' inside an open string does not end the statement.
    EXPECT_EQ(at_cursor("CREATE SOURCE CONNECTOR x USING 'a;b").slot, Slot::PluginClass);
    // Where no string fits, an open one offers nothing.
    ExpectedAtCursor misplaced = at_cursor("SHOW 'x");
    EXPECT_FALSE(misplaced.string);
    EXPECT_EQ(misplaced.partial, "'x");
}

TEST(Completion, NothingInsideCommentsOrAfterAnError) {
    for (const char* text : {"SHOW -- what next", "SHOW /* what", "SHOW BOGUS ", "SHOW CONNECTORS CONNECTORS ",
                             "DROP CONNECTOR a b "}) {
        ExpectedAtCursor e = at_cursor(text);
        EXPECT_TRUE(e.keywords.empty()) << text;
        EXPECT_FALSE(e.name || e.string || e.number || e.variable) << text;
        EXPECT_TRUE(e.punctuation.empty()) << text;
    }
    EXPECT_EQ(at_cursor("SHOW -- note\n").keywords, kAfterShow);
    EXPECT_EQ(at_cursor("SHOW /* note */ ").keywords, kAfterShow);
}

TEST(Completion, OnlyTheTextBeforeTheCursorCounts) {
    const std::string text = "DROP CONNECTOR x; SHOW CONNECTORS;";
    EXPECT_EQ(expected_at(text, 15).slot, Slot::ConnectorName);
    EXPECT_EQ(expected_at(text, 18).keywords, kStatementStarts);
    EXPECT_EQ(expected_at(text, 10000).keywords, kStatementStarts);  // past the end: the end
}

TEST(Completion, WhenClause) {
    ExpectedAtCursor e = at_cursor("CREATE SINK CONNECTOR s TRANSFORM t USING 'Filter' WHEN ");
    EXPECT_EQ(e.keywords, (Words{"HEADER", "NOT", "TOMBSTONE", "TOPIC"}));
    EXPECT_TRUE(e.name);  // a predicate declared with PREDICATE
}

// At every token of valid statements, what is there must be among what was expected.
TEST(Completion, EveryTokenOfValidStatementsWasExpected) {
    const char* statements[] = {
        "CREATE OR REPLACE SINK CONNECTOR `my-sink` USING 'FileStreamSink' WITH ('topics' = 'a', "
        "tasks.max = 2, \"file\" = '/tmp/out', x = TRUE, y = NULL, z = -1.50, v = ${v}) FORMAT KEY STRING VALUE JSON "
        "WITH SCHEMAS TRANSFORM cast USING 'Cast$Value' WITH (spec = 'id:int32') WHEN NOT isFoo PREDICATE isFoo USING "
        "'TopicNameMatches' ON ERROR SEND TO DEAD LETTER TOPIC 'dlq' WITH CONTEXT HEADERS REPLICATION FACTOR 3 AND LOG "
        "MESSAGES RETRY ERRORS FOR '10m' MAX DELAY '30s';",
        "ALTER CONNECTOR pg-${env} ADD TRANSFORM t USING 'Filter' WHEN TOPIC MATCHES 'x.*' BEFORE other;",
        "ALTER CONNECTOR c UNSET ('a', b.c);",
        "DROP CONNECTOR IF EXISTS a, `b-c`, d;",
        "RESTART CONNECTOR a TASK 3;",
        "PRINT 'orders' FROM BEGINNING LIMIT 10;",
        "SHOW SINK CONNECTORS LIKE 'jdbc-%';",
        "SET 'connql.wait' = 'running';",
        "DEFINE topic = 'orders';",
        "EXPLAIN CREATE SOURCE CONNECTOR IF NOT EXISTS source USING 'X';",
    };
    for (const std::string statement : statements) {
        ParseState state;
        state.variables.define("v", "1");
        state.variables.define("env", "prod");
        ASSERT_NO_THROW(parse_statement(statement, state)) << statement;
        for (size_t i = 1; i < statement.size(); ++i) {
            if (statement[i - 1] != ' ' && statement[i - 1] != '(') continue;  // a cursor where a token starts
            char c = statement[i];
            ExpectedAtCursor e = expected_at(statement, i);
            std::string word = statement.substr(i, statement.find_first_of(" ,);", i) - i);
            bool fits;
            if (c == '\'') {
                fits = e.string;
            } else if (c == '"' || c == '`') {
                fits = e.name;
            } else if (c == '$') {
                fits = e.variable;
            } else if ((c >= '0' && c <= '9') || c == '-') {
                fits = e.number || has(e.punctuation, "-");
            } else if (c == '(' || c == ')' || c == '=' || c == ',') {
                fits = has(e.punctuation, std::string(1, c));
            } else {
                std::string upper = word;
                std::transform(upper.begin(), upper.end(), upper.begin(), ::toupper);
                fits = e.name || has(e.keywords, upper);
            }
            EXPECT_TRUE(fits) << "at " << i << " ('" << word << "') in: " << statement;
        }
        std::string complete = statement.substr(0, statement.size() - 1) + " ";  // the ';' replaced by a space
        EXPECT_TRUE(has(expected_at(complete, complete.size()).punctuation, ";")) << statement;
    }
}

TEST(Completion, KeywordsAreEveryKeywordSorted) {
    const Words& all = keywords();
    EXPECT_GT(all.size(), 80u);
    EXPECT_TRUE(std::is_sorted(all.begin(), all.end()));
    EXPECT_EQ(std::adjacent_find(all.begin(), all.end()), all.end());
    for (const char* keyword : {"CREATE", "SKIP", "NULL", "TOMBSTONE", "WITH", "ADD"}) {
        EXPECT_TRUE(has(all, keyword)) << keyword;
    }
    EXPECT_FALSE(has(all, "SKIP_"));
}

TEST(Completion, IsFastEnoughToRunOnEveryKeystroke) {
    const std::string statement =
        "CREATE SOURCE CONNECTOR pg-orders-01 USING 'PostgresConnector' WITH ('database.hostname' = 'db', "
        "'database.port' = 5432, 'database.user' = 'app', topic.prefix = 'pg', 'table.include.list' = "
        "'public.orders') TRANSFORM unwrap USING 'ExtractNewRecordState' WITH (drop.tombstones = false) WHEN NOT "
        "TOMBSTONE ON ERROR SKIP AND LOG RETRY ERRORS FOR '10m' ";
    ASSERT_GT(statement.size(), 300u);
    const int calls = 3000;
    size_t seen = 0;
    auto start = std::chrono::steady_clock::now();
    for (int i = 0; i < calls; ++i) seen += expected_at(statement, statement.size()).keywords.size();
    double per_call_ms =
        std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count() / calls;
    EXPECT_EQ(seen, static_cast<size_t>(calls) * at_cursor(statement).keywords.size());
    EXPECT_LT(per_call_ms, 1.0);  // measured: ~0.05 ms in a release build
    RecordProperty("expected_at_ms", std::to_string(per_call_ms));
}

}  // namespace
}  // namespace connql::testing
