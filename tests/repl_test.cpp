// The REPL's parts that need no terminal and no cluster: the history file,
// completion candidates, HELP and splitting typed text into statements.
#include <gtest/gtest.h>

#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <fstream>

#include "engine/catalog.h"
#include "repl/completer.h"
#include "repl/help.h"
#include "repl/history.h"
#include "repl/input.h"

namespace connql::testing {
namespace {

namespace fs = std::filesystem;

fs::path temporary_file(const std::string& name) {
    fs::path dir = fs::temp_directory_path() / ("connql_repl_test_" + std::to_string(::getpid()));
    fs::create_directories(dir);
    fs::path path = dir / name;
    fs::remove(path);
    return path;
}

std::string file_text(const fs::path& path) {
    std::ifstream in(path);
    return std::string(std::istreambuf_iterator<char>(in), {});
}

TEST(ReplHistory, OneEntryPerStatementDeduplicatedNewestLast) {
    HistoryFile history(temporary_file("dedupe"));
    EXPECT_TRUE(history.append("SHOW CONNECTORS;"));
    EXPECT_TRUE(history.append("SHOW TOPICS;\n"));
    EXPECT_TRUE(history.append("  SHOW CONNECTORS;  "));  // the same statement again moves to the end
    EXPECT_TRUE(history.append("   "));                   // nothing to keep
    EXPECT_EQ(history.load(), (std::vector<std::string>{"SHOW TOPICS;", "SHOW CONNECTORS;"}));
}

TEST(ReplHistory, MultiLineStatementsStayOneEntry) {
    HistoryFile history(temporary_file("multiline"));
    const std::string statement = "CREATE SOURCE CONNECTOR a\n  USING 'FileStreamSource'\n  WITH (file = 'C:\\tmp');";
    EXPECT_TRUE(history.append(statement));
    EXPECT_EQ(history.load(), std::vector<std::string>{statement});
    std::string text = file_text(history.path());
    EXPECT_EQ(std::count(text.begin(), text.end(), '\n'), 1) << text;
}

TEST(ReplHistory, BoundedToTheNewest) {
    HistoryFile history(temporary_file("bound"), 5);
    for (int i = 0; i < 12; ++i) history.append("DESCRIBE CONNECTOR c" + std::to_string(i) + ";");
    std::vector<std::string> entries = history.load();
    ASSERT_EQ(entries.size(), 5u);
    EXPECT_EQ(entries.front(), "DESCRIBE CONNECTOR c7;");
    EXPECT_EQ(entries.back(), "DESCRIBE CONNECTOR c11;");
}

TEST(ReplHistory, SecretsAreMaskedBeforeWriting) {
    HistoryFile history(temporary_file("secrets"));
    history.append("CREATE SINK CONNECTOR pg USING 'JdbcSink' WITH ('connection.password' = 'hunter2',\n"
                   "  'connection.url' = 'jdbc:postgresql://db/x?user=a&password=s3cr3tpw', topics = 'orders');");
    history.append("DEFINE db_password = 'tiger-lily';");
    history.append("CREATE SOURCE CONNECTOR m USING 'MirrorSource' WITH ('source.cluster.bootstrap.servers' = 'h:9092',\n"
                   "  uri = 'https://admin:opensesame@registry:8081');");
    std::string text = file_text(history.path());
    for (const char* secret : {"hunter2", "s3cr3tpw", "tiger-lily", "opensesame"}) {
        EXPECT_EQ(text.find(secret), std::string::npos) << secret << " in\n" << text;
    }
    // The statement is still there, its secret as a value that is refused if it is run again.
    EXPECT_NE(text.find("'connection.password' = '[hidden]',"), std::string::npos) << text;
    EXPECT_NE(text.find("password=***"), std::string::npos) << text;
    EXPECT_NE(text.find("topics = 'orders'"), std::string::npos) << text;
}

TEST(ReplHistory, FileIsPrivate) {
    HistoryFile history(temporary_file("mode"));
    history.append("SHOW CONNECTORS;");
    fs::perms perms = fs::status(history.path()).permissions();
    EXPECT_EQ(perms & (fs::perms::group_all | fs::perms::others_all), fs::perms::none);
}

// Two processes appending at once: with the lock, no entry is lost and no line torn.
TEST(ReplHistory, ConcurrentAppendsUnderTheLockLoseNothing) {
    HistoryFile history(temporary_file("concurrent"));
    const int per_process = 60;
    std::vector<pid_t> children;
    for (int p = 0; p < 2; ++p) {
        pid_t pid = fork();
        ASSERT_GE(pid, 0);
        if (pid == 0) {
            for (int i = 0; i < per_process; ++i) {
                history.append("DESCRIBE CONNECTOR p" + std::to_string(p) + "_" + std::to_string(i) + ";");
            }
            _exit(0);
        }
        children.push_back(pid);
    }
    for (pid_t pid : children) {
        int status = 0;
        waitpid(pid, &status, 0);
        EXPECT_EQ(WEXITSTATUS(status), 0);
    }
    std::vector<std::string> entries = history.load();
    EXPECT_EQ(entries.size(), static_cast<size_t>(2 * per_process));
    for (const std::string& entry : entries) EXPECT_EQ(entry.rfind("DESCRIBE CONNECTOR p", 0), 0u) << entry;
}

TEST(ReplHistory, DefaultPathFollowsXdgStateHome) {
    const char* saved_state = std::getenv("XDG_STATE_HOME");
    std::string saved = saved_state ? saved_state : "";
    setenv("XDG_STATE_HOME", "/var/tmp/state", 1);
    EXPECT_EQ(default_history_path(), fs::path("/var/tmp/state/connql/history"));
    unsetenv("XDG_STATE_HOME");
    setenv("HOME", std::getenv("HOME") ? std::getenv("HOME") : "/root", 1);
    EXPECT_EQ(default_history_path(), fs::path(std::getenv("HOME")) / ".connql_history");
    if (saved_state) setenv("XDG_STATE_HOME", saved.c_str(), 1);
}

TEST(ReplHistory, LineEncodingRoundTrips) {
    for (const std::string& entry : {std::string("a\\nb"), std::string("x\ny\\"), std::string("'\\d+'\r\n")}) {
        std::string line = encode_history_line(entry);
        EXPECT_EQ(line.find('\n'), std::string::npos);
        EXPECT_EQ(decode_history_line(line), entry);
    }
}

// A source with fixed names, counting the live reads.
class FakeSource : public CompletionSource {
public:
    std::vector<std::string> connector_names() override { return {"orders-sink", "orders_file", "payments", "with space"}; }
    std::vector<PluginRow> plugins() override {
        return {{"org.apache.kafka.connect.file.FileStreamSourceConnector", "source", "3.9.1"},
                {"org.apache.kafka.connect.transforms.Cast$Value", "transformation", "3.9.1"},
                {"org.apache.kafka.connect.transforms.predicates.HasHeaderKey", "predicate", "3.9.1"}};
    }
    std::vector<ConfigKeyInfo> config_keys(const std::string& class_name) override {
        asked_class = class_name;
        return {{"file", "STRING", std::string(""), false, ""},
                {"topic", "LIST", std::nullopt, true, ""},
                {"tasks.max", "INT", std::string("1"), false, ""}};
    }
    std::optional<std::string> connector_class(const std::string& connector) override {
        if (connector == "orders_file") return "org.apache.kafka.connect.file.FileStreamSourceConnector";
        return std::nullopt;
    }
    std::vector<std::string> variable_names() override { return {"env", "region"}; }
    std::vector<std::string> cluster_names() override { return {"prod", "staging"}; }

    std::string asked_class;
};

std::vector<std::string> texts(const Completions& completions) {
    std::vector<std::string> out;
    for (const Candidate& candidate : completions.candidates) out.push_back(candidate.text);
    return out;
}

Completions at_end(const std::string& line, CompletionSource& source) { return complete_at(line, line.size(), source); }

bool has(const std::vector<std::string>& words, const std::string& word) {
    return std::find(words.begin(), words.end(), word) != words.end();
}

TEST(ReplCompletion, KeywordsMatchThePartialWordInItsCase) {
    FakeSource source;
    EXPECT_EQ(texts(at_end("SHOW CONN", source)), (std::vector<std::string>{"CONNECTOR", "CONNECTORS"}));
    EXPECT_EQ(texts(at_end("desc", source)), (std::vector<std::string>{"describe"}));
    TabAnswer answer = tab_answer(at_end("desc", source));
    EXPECT_EQ(answer.replace, 4u);
    EXPECT_EQ(answer.insert, "describe ");
}

TEST(ReplCompletion, ConnectorNamesQuotedWhenTheyMustBe) {
    FakeSource source;
    std::vector<std::string> all = texts(at_end("DESCRIBE CONNECTOR ", source));
    EXPECT_TRUE(has(all, "orders-sink"));
    EXPECT_TRUE(has(all, "`with space`"));
    EXPECT_EQ(texts(at_end("DROP CONNECTOR pay", source)), (std::vector<std::string>{"payments"}));
    EXPECT_EQ(tab_answer(at_end("PAUSE CONNECTOR pay", source)).insert, "payments ");
    // Two candidates sharing a prefix: the prefix first, then the listing.
    EXPECT_EQ(tab_answer(at_end("RESUME CONNECTOR ord", source)).insert, "orders");
    TabAnswer choice = tab_answer(at_end("RESUME CONNECTOR orders", source));
    EXPECT_EQ(choice.insert, "");
    EXPECT_EQ(choice.listing, (std::vector<std::string>{"orders-sink", "orders_file"}));
}

TEST(ReplCompletion, PluginAliasesAndClassesAfterUsing) {
    FakeSource source;
    std::vector<std::string> all = texts(at_end("CREATE SOURCE CONNECTOR x USING ", source));
    EXPECT_TRUE(has(all, "'FileStreamSource'"));
    EXPECT_TRUE(has(all, "'org.apache.kafka.connect.file.FileStreamSourceConnector'"));
    EXPECT_FALSE(has(all, "'org.apache.kafka.connect.transforms.Cast$Value'"));  // not a connector
    EXPECT_EQ(tab_answer(at_end("CREATE SOURCE CONNECTOR x USING 'FileStreamSo", source)).insert, "'FileStreamSource' ");
}

TEST(ReplCompletion, TransformAndPredicateTypes) {
    FakeSource source;
    std::vector<std::string> transforms = texts(at_end("CREATE SINK CONNECTOR x TRANSFORM t USING 'Ca", source));
    EXPECT_TRUE(has(transforms, "'Cast$Value'"));
    EXPECT_TRUE(has(transforms, "'Cast$Key'"));
    std::vector<std::string> predicates = texts(at_end("CREATE SINK CONNECTOR x PREDICATE p USING ", source));
    EXPECT_TRUE(has(predicates, "'TopicNameMatches'"));
    EXPECT_TRUE(has(predicates, "'org.apache.kafka.connect.transforms.predicates.HasHeaderKey'"));
}

TEST(ReplCompletion, ConfigKeysOfThePluginWithTypeAndDefault) {
    FakeSource source;
    Completions keys = at_end("CREATE SOURCE CONNECTOR x USING 'FileStreamSource' WITH (", source);
    EXPECT_EQ(source.asked_class, "org.apache.kafka.connect.file.FileStreamSourceConnector");
    EXPECT_EQ(texts(keys), (std::vector<std::string>{"file", "tasks.max", "topic"}));
    TabAnswer listing = tab_answer(keys);
    ASSERT_EQ(listing.listing.size(), 3u);
    EXPECT_NE(listing.listing[1].find("INT"), std::string::npos) << listing.listing[1];
    EXPECT_NE(listing.listing[1].find("default: 1"), std::string::npos) << listing.listing[1];
    EXPECT_NE(listing.listing[2].find("required"), std::string::npos) << listing.listing[2];
    EXPECT_EQ(tab_answer(at_end("CREATE SOURCE CONNECTOR x USING 'FileStreamSource' WITH (file = 'a', ta", source)).insert,
              "tasks.max ");
    // A quote typed first: the key stays a string.
    EXPECT_EQ(texts(at_end("CREATE SOURCE CONNECTOR x USING 'FileStreamSource' WITH ('to", source)),
              (std::vector<std::string>{"'topic'"}));
    // ALTER: the live connector's class.
    source.asked_class.clear();
    EXPECT_EQ(texts(at_end("ALTER CONNECTOR orders_file SET (tas", source)), (std::vector<std::string>{"tasks.max"}));
    EXPECT_EQ(source.asked_class, "org.apache.kafka.connect.file.FileStreamSourceConnector");
    // No class known: no keys, and no error.
    EXPECT_TRUE(at_end("ALTER CONNECTOR unknown SET (", source).candidates.empty());
}

TEST(ReplCompletion, ClassForConfigKeysIgnoresTransformUsing) {
    FakeSource source;
    EXPECT_EQ(class_for_config_keys("CREATE SINK CONNECTOR x TRANSFORM t USING 'Cast$Value' USING 'JdbcSink' WITH (",
                                    source),
              "io.confluent.connect.jdbc.JdbcSinkConnector");
    EXPECT_EQ(class_for_config_keys("CREATE SINK CONNECTOR x WITH ('connector.class' = 'FileStreamSink', ", source),
              "org.apache.kafka.connect.file.FileStreamSinkConnector");
    EXPECT_EQ(class_for_config_keys("CREATE SINK CONNECTOR x WITH (", source), "");
}

TEST(ReplCompletion, VariablesClustersAndProperties) {
    FakeSource source;
    EXPECT_EQ(tab_answer(at_end("DESCRIBE CONNECTOR pg-${e", source)).insert, "env}");
    EXPECT_EQ(texts(at_end("USE CLUSTER ", source)), (std::vector<std::string>{"prod", "staging"}));
    EXPECT_TRUE(has(texts(at_end("SET 'connql.ou", source)), "'connql.output'"));
}

TEST(ReplCompletion, OnlyTheStatementAtTheCursorCounts) {
    FakeSource source;
    std::string line = "SHOW TOPICS; DROP CONNECTOR pay";
    EXPECT_EQ(texts(complete_at(line, line.size(), source)), (std::vector<std::string>{"payments"}));
    EXPECT_TRUE(at_end("SELECT nonsense ", source).candidates.empty());
}

TEST(ReplCompletion, LongListsAreCut) {
    Completions many;
    for (char c = 'a'; c <= 'z'; ++c) many.candidates.push_back({std::string(1, c) + "_name", "", true});
    TabAnswer answer = tab_answer(many, 10);
    ASSERT_EQ(answer.listing.size(), 11u);
    EXPECT_EQ(answer.listing.back(), "... 16 more: type a few letters");
}

// A cluster that is down: no names, quickly, and the failure is kept for the expiry
// so that the next Tab does not try again.
TEST(ReplCatalog, AClusterThatIsDownGivesNoNamesAndNoWait) {
    SessionOptions options;
    options.connect_url = "http://127.0.0.1:1";  // nothing listens on port 1
    Session session = Session::open(options);
    LiveCatalog catalog(session, LiveCatalog::Options{std::chrono::milliseconds(5000), 300});
    auto started = std::chrono::steady_clock::now();
    EXPECT_TRUE(catalog.connector_names().empty());
    EXPECT_TRUE(catalog.plugins().empty());
    EXPECT_TRUE(catalog.config_keys("org.apache.kafka.connect.file.FileStreamSourceConnector").empty());
    EXPECT_EQ(catalog.connector_class("x"), std::nullopt);
    EXPECT_LT(std::chrono::steady_clock::now() - started, std::chrono::milliseconds(1500));
    started = std::chrono::steady_clock::now();
    for (int i = 0; i < 100; ++i) EXPECT_TRUE(catalog.connector_names().empty());
    EXPECT_LT(std::chrono::steady_clock::now() - started, std::chrono::milliseconds(50));
}

TEST(ReplHelp, EveryStatementHasAnEntryAndTopicsMatch) {
    std::string overview = help_overview();
    for (const char* statement : {"CREATE", "ALTER CONNECTOR", "DROP CONNECTOR", "PAUSE", "RESUME", "STOP", "RESTART",
                                  "SHOW | LIST [SOURCE | SINK] CONNECTORS", "DESCRIBE CONNECTOR", "SHOW CREATE CONNECTOR",
                                  "PLUGINS", "DESCRIBE PLUGIN", "SHOW CONNECTOR OFFSETS", "SHOW CONNECTOR TOPICS",
                                  "TOPICS", "PRINT", "SHOW ERRORS FOR CONNECTOR", "EXPLAIN", "VALIDATE", "DEFINE", "UNDEFINE", "VARIABLES", "SET",
                                  "UNSET", "USE CLUSTER", "CLUSTERS", "RUN SCRIPT"}) {
        EXPECT_NE(overview.find(statement), std::string::npos) << statement;
    }
    std::string create = help_topic("create");
    EXPECT_NE(create.find("[RETRY ERRORS"), std::string::npos);
    EXPECT_NE(create.find("Example:"), std::string::npos);
    std::string show = help_topic("LIST");
    EXPECT_NE(show.find("SHOW CONNECTORS"), std::string::npos);
    EXPECT_NE(show.find("SHOW TOPICS"), std::string::npos);
    EXPECT_NE(help_topic("frobnicate").find("no help for 'frobnicate'"), std::string::npos);
}

TEST(ReplHelp, Requests) {
    EXPECT_EQ(help_request("HELP;"), std::string());
    EXPECT_EQ(help_request("  help create ;"), std::string("create"));
    EXPECT_EQ(help_request("\\?"), std::string());
    EXPECT_EQ(help_request("HELPER;"), std::nullopt);
    EXPECT_EQ(help_request("SHOW CONNECTORS;"), std::nullopt);
}

TEST(ReplInput, StatementsEndAtSemicolonsOutsideStringsAndComments) {
    SplitInput two = split_input("SHOW CONNECTORS; SHOW TOPICS; DESCRIBE CONNECTOR x\n");
    EXPECT_EQ(two.statements, (std::vector<std::string>{"SHOW CONNECTORS;", " SHOW TOPICS;"}));
    EXPECT_EQ(two.rest, " DESCRIBE CONNECTOR x\n");
    SplitInput quoted = split_input("CREATE SOURCE CONNECTOR x WITH (a = 'b;c\n");
    EXPECT_TRUE(quoted.statements.empty());
    SplitInput commented = split_input("SHOW TOPICS -- not here;\n;\n");
    ASSERT_EQ(commented.statements.size(), 1u);
    EXPECT_EQ(commented.rest, "");
}

}  // namespace
}  // namespace connql::testing
