// The REPL at a real pseudo-terminal against the real cluster (scripts/test.sh
// exports CONNECT_URLS and BOOTSTRAP_SERVERS): keys as a user types them, what
// the screen shows, and what the cluster then holds.
#include <filesystem>
#include <fstream>

#include "cluster_fixture.h"
#include "pty_session.h"

namespace connql::testing {
namespace {

namespace fs = std::filesystem;
using namespace std::chrono_literals;

class Repl : public Cluster {
protected:
    void SetUp() override {
        home_ = fs::temp_directory_path() / unique("connql-repl-home");
        fs::create_directories(home_);
    }
    void TearDown() override {
        std::error_code ignored;
        fs::remove_all(home_, ignored);
    }

    // A REPL with a home of its own (its history file in it) and the test cluster.
    std::unique_ptr<PtySession> start(std::vector<std::string> extra = {}, std::map<std::string, std::string> env = {},
                                      unsigned short rows = 40) {
        std::vector<std::string> arguments = {"--connect-url", urls()};
        arguments.insert(arguments.end(), extra.begin(), extra.end());
        env.emplace("HOME", home_.string());
        env.emplace("XDG_STATE_HOME", (home_ / "state").string());
        env.emplace("CONNQL_BOOTSTRAP_SERVERS", env_or_fail("BOOTSTRAP_SERVERS"));
        env.emplace("PAGER", "");
        auto session = std::make_unique<PtySession>(arguments, env, rows);
        EXPECT_TRUE(session->wait_for_prompt(0)) << session->screen();
        return session;
    }

    // Types `line` and Enter; waits for the prompt after it.
    static size_t type_line(PtySession& repl, const std::string& line) {
        size_t from = repl.mark();
        repl.send(line + keys::enter);
        EXPECT_TRUE(repl.wait_for_prompt(from)) << repl.since(from);
        return from;
    }

    fs::path history_file() const { return home_ / "state" / "connql" / "history"; }

    fs::path home_;
};

TEST_F(Repl, BannerAndPromptShowTheClusterAndHowToGetHelp) {
    auto repl = start();
    EXPECT_NE(repl->screen().find("connql 0."), std::string::npos) << repl->screen();
    EXPECT_NE(repl->screen().find("Kafka Connect"), std::string::npos);
    EXPECT_NE(repl->screen().find("HELP;"), std::string::npos);
    repl->send(keys::ctrl_d);
    EXPECT_EQ(repl->wait_exit(), 0);
}

TEST_F(Repl, ThePromptNamesTheClusterAndUseClusterChangesIt) {
    // Two names for the test cluster in a config file of this test's own.
    nlohmann::json urls_json = nlohmann::json::array();
    for (size_t start = 0; start < urls().size();) {
        size_t comma = urls().find(',', start);
        urls_json.push_back(urls().substr(start, comma == std::string::npos ? std::string::npos : comma - start));
        start = comma == std::string::npos ? urls().size() : comma + 1;
    }
    nlohmann::json config = {{"current", "prod"},
                             {"clusters", {{"prod", {{"urls", urls_json}}}, {"staging", {{"urls", urls_json}}}}}};
    fs::path config_file = home_ / "clusters.json";
    std::ofstream(config_file) << config.dump();
    std::map<std::string, std::string> env = {{"CONNQL_CONFIG", config_file.string()},
                                              {"HOME", home_.string()},
                                              {"XDG_STATE_HOME", (home_ / "state").string()},
                                              {"PAGER", ""}};
    PtySession repl({"--cluster", "prod"}, env);
    ASSERT_TRUE(repl.wait_for_prompt(0, "connql:prod> ")) << repl.screen();
    size_t from = repl.mark();
    repl.send("USE CLUSTER st" + keys::tab + ";" + keys::enter);  // the cluster's name completed
    ASSERT_TRUE(repl.wait_for_prompt(from, "connql:staging> ")) << repl.since(from);
    repl.send(keys::ctrl_d);
    EXPECT_EQ(repl.wait_exit(), 0);
}

TEST_F(Repl, ArrowsEditTheLineAndRecallHistory) {
    auto repl = start();
    // Left twice, a letter in the middle, End, then the end of the statement.
    size_t start = repl->mark();
    repl->send("DEFINE arrowed = 'ac'" + keys::left + keys::left + "b" + keys::end + ";" + keys::enter);
    ASSERT_TRUE(repl->wait_for_prompt(start));
    size_t from = type_line(*repl, "SHOW VARIABLES;");
    EXPECT_NE(repl->since(from).find("abc"), std::string::npos) << repl->since(from);
    type_line(*repl, "DEFINE later = 'zz9';");
    // Up twice: SHOW VARIABLES again, which now lists `later`.
    from = repl->mark();
    repl->send(keys::up + keys::up + keys::enter);
    ASSERT_TRUE(repl->wait_for("zz9 ", from)) << repl->since(from);
    EXPECT_TRUE(repl->wait_for_prompt(from));
}

TEST_F(Repl, CtrlRSearchesHistory) {
    auto repl = start();
    type_line(*repl, "DEFINE searched = 'first-value';");
    type_line(*repl, "UNDEFINE searched;");
    type_line(*repl, "SHOW CLUSTERS;");
    size_t from = repl->mark();
    // Ctrl-R, part of an earlier statement, Enter: that statement runs again.
    repl->send(keys::ctrl_r + "first-val" + keys::enter);
    ASSERT_TRUE(repl->wait_for_prompt(from)) << repl->since(from);
    from = type_line(*repl, "SHOW VARIABLES;");
    EXPECT_NE(repl->since(from).find("first-value"), std::string::npos) << repl->since(from);
}

TEST_F(Repl, TabCompletesKeywordsConnectorNamesPluginAliasesAndConfigKeys) {
    std::string name = unique("repl-tab-target");
    ASSERT_EQ(connql(source(name, name)).exit_code, 0);
    count_eventually(name, 1);
    auto repl = start();

    // The screen shows a completion through cursor moves: what ran proves what Tab wrote.
    // A keyword, then a connector name (its unique prefix becomes the whole name).
    size_t from = repl->mark();
    repl->send("descr" + keys::tab + "connector " + name.substr(0, name.size() - 3) + keys::tab + ";" + keys::enter);
    ASSERT_TRUE(repl->wait_for_prompt(from));
    EXPECT_NE(repl->since(from).find("FileStreamSourceConnector"), std::string::npos) << repl->since(from);
    EXPECT_EQ(repl->since(from).find("error"), std::string::npos) << repl->since(from);

    // A plugin alias after USING, then a config key of that plugin inside WITH (.
    from = repl->mark();
    repl->send("EXPLAIN CREATE SOURCE CONNECTOR tabbed USING 'FileStreamSo" + keys::tab + "WITH (fi" + keys::tab +
               "= '/tmp/tabbed.txt', topic = 'tabbed');" + keys::enter);
    ASSERT_TRUE(repl->wait_for_prompt(from));
    EXPECT_NE(repl->since(from).find("org.apache.kafka.connect.file.FileStreamSourceConnector"), std::string::npos)
        << repl->since(from);
    EXPECT_NE(repl->since(from).find(" file            | /tmp/tabbed.txt"), std::string::npos) << repl->since(from);
    EXPECT_EQ(repl->since(from).find("error"), std::string::npos) << repl->since(from);

    // A choice of keys is listed with their type and default.
    from = repl->mark();
    repl->send("EXPLAIN CREATE SOURCE CONNECTOR t2 USING 'FileStreamSource' WITH (tasks" + keys::tab + keys::tab);
    EXPECT_TRUE(repl->wait_for("tasks.max.enforce", from)) << repl->since(from);
    EXPECT_TRUE(repl->wait_for("INT  default: 1", from)) << repl->since(from);
    repl->send(keys::ctrl_c);
    drop("`" + name + "`");
}

TEST_F(Repl, MultiLineStatementsAndSeveralOnOneLine) {
    auto repl = start();
    size_t from = repl->mark();
    repl->send("DEFINE multi" + keys::enter);
    ASSERT_TRUE(repl->wait_for_prompt(from, "     -> ")) << repl->since(from);  // the continuation prompt
    repl->send("  = 'line-two'" + keys::enter);
    repl->send(";" + keys::enter);
    ASSERT_TRUE(repl->wait_for_prompt(from));
    from = type_line(*repl, "DEFINE one = 'x1'; DEFINE two = 'x2'; SHOW VARIABLES;");
    std::string shown = repl->since(from);
    EXPECT_NE(shown.find("line-two"), std::string::npos) << shown;
    EXPECT_NE(shown.find("x1"), std::string::npos) << shown;
    EXPECT_NE(shown.find("x2"), std::string::npos) << shown;

    // Pasted text (bracketed paste) is text: its Tab completes nothing, its line break
    // runs nothing until Enter.
    from = repl->mark();
    repl->send("\033[200~DEFINE pasted = 'p1';\tDEFINE pasted2 = 'p2';\rSHOW VARIABLES;\033[201~" + keys::enter);
    ASSERT_TRUE(repl->wait_for_prompt(from));
    shown = repl->since(from);
    EXPECT_NE(shown.find(" pasted2 "), std::string::npos) << shown;
    EXPECT_NE(shown.find(" p2 "), std::string::npos) << shown;
    EXPECT_EQ(shown.find("UNDEFINE"), std::string::npos) << shown;  // a typed Tab there lists the statements
}

TEST_F(Repl, CtrlCAtThePromptClearsTheLineAndNeverExits) {
    std::string name = unique("repl-ctrl-c");
    ASSERT_EQ(connql(source(name, name)).exit_code, 0);
    count_eventually(name, 1);
    auto repl = start();
    size_t from = repl->mark();
    repl->send("DROP CONNECTOR `" + name + "`");
    ASSERT_TRUE(repl->wait_for(name, from));
    repl->send(keys::ctrl_c);
    ASSERT_TRUE(repl->wait_for_prompt(from)) << repl->since(from);
    // The cleared line is gone: ';' alone runs nothing.
    type_line(*repl, ";");
    EXPECT_TRUE(repl->alive());
    EXPECT_EQ(existing_after_barrier(name).count(name), 1u) << "the cleared DROP ran";
    repl->send(keys::ctrl_d);
    EXPECT_EQ(repl->wait_exit(), 0);
    drop("`" + name + "`");
}

TEST_F(Repl, CtrlCStopsARunningPrintAndReturnsToThePrompt) {
    auto repl = start();
    type_line(*repl, "SET 'connql.print.idle' = '120s';");
    size_t from = repl->mark();
    auto started = std::chrono::steady_clock::now();
    // The workers' status topic (scripts/cluster): from its end, it waits for new records.
    repl->send("PRINT 'connql-local-status';" + keys::enter);
    // Ctrl-C until the PRINT says it was cancelled (the first may come before it runs).
    bool cancelled = false;
    while (!cancelled && std::chrono::steady_clock::now() - started < 60s) {
        repl->send(keys::ctrl_c);
        cancelled = repl->wait_for("cancelled", from, 300ms);
    }
    ASSERT_TRUE(cancelled) << repl->since(from);
    EXPECT_TRUE(repl->wait_for_prompt(from));
    EXPECT_LT(std::chrono::steady_clock::now() - started, 60s);  // far less than connql.print.idle
    EXPECT_TRUE(repl->alive());
    from = type_line(*repl, "SHOW CLUSTERS;");  // the session goes on
    EXPECT_TRUE(repl->alive());
}

TEST_F(Repl, CtrlDOnAnUnfinishedStatementDiscardsItUnrun) {
    std::string name = unique("repl-ctrl-d");
    auto repl = start();
    size_t from = repl->mark();
    repl->send("CREATE SOURCE CONNECTOR `" + name + "` USING 'FileStreamSource'" + keys::enter);
    ASSERT_TRUE(repl->wait_for_prompt(from, "     -> "));
    from = repl->mark();
    repl->send("WITH (file = '/tmp/" + name + "', topic = '" + name + "')" + keys::enter);
    ASSERT_TRUE(repl->wait_for_prompt(from, "     -> "));
    from = repl->mark();
    repl->send(keys::ctrl_d);
    ASSERT_TRUE(repl->wait_for("discarded the unfinished statement", from)) << repl->since(from);
    ASSERT_TRUE(repl->wait_for_prompt(from));
    EXPECT_TRUE(repl->alive());
    EXPECT_EQ(existing_after_barrier(name).count(name), 0u) << "the discarded CREATE ran";
    repl->send(keys::ctrl_d);  // on an empty line: leave
    EXPECT_EQ(repl->wait_exit(), 0);
}

TEST_F(Repl, HistoryFileKeepsStatementsButNoSecret) {
    std::string name = unique("repl-secret");
    {
        auto repl = start();
        size_t from = type_line(*repl, "CREATE SOURCE CONNECTOR `" + name + "` USING 'FileStreamSource' WITH (file = '/tmp/" +
                                            name + "', topic = '" + name + "', 'connection.password' = 'hunter2');");
        // What connql printed (after the line editor let go of the terminal), not the echo of the typing.
        std::string printed = repl->since(from);
        printed = printed.substr(std::min(printed.find("\033[?2004l"), printed.size()));
        EXPECT_NE(printed.find("Created"), std::string::npos) << printed;
        EXPECT_EQ(printed.find("hunter2"), std::string::npos) << printed;
        type_line(*repl, "SHOW CONNECTORS;");
        repl->send(keys::ctrl_d);
        EXPECT_EQ(repl->wait_exit(), 0);
    }
    std::ifstream in(history_file());
    std::string text((std::istreambuf_iterator<char>(in)), {});
    EXPECT_NE(text.find("CREATE SOURCE CONNECTOR `" + name + "`"), std::string::npos) << text;
    EXPECT_EQ(text.find("hunter2"), std::string::npos) << text;
    EXPECT_NE(text.find("'connection.password' = '[hidden]'"), std::string::npos) << text;
    EXPECT_NE(text.find("SHOW CONNECTORS;"), std::string::npos);
    // The next session recalls it (masked) with Up.
    auto repl = start();
    size_t from = repl->mark();
    repl->send(keys::up + keys::up);
    EXPECT_TRUE(repl->wait_for(name, from)) << repl->since(from);
    repl->send(keys::ctrl_c);
    drop("`" + name + "`");
}

TEST_F(Repl, HelpAndOutputFormat) {
    auto repl = start();
    size_t from = type_line(*repl, "HELP;");
    EXPECT_NE(repl->since(from).find("DESCRIBE CONNECTOR name [EXTENDED];"), std::string::npos) << repl->since(from);
    from = type_line(*repl, "help create;");
    EXPECT_NE(repl->since(from).find("Example:"), std::string::npos) << repl->since(from);
    from = type_line(*repl, "\\?");
    EXPECT_NE(repl->since(from).find("Statements"), std::string::npos);
    from = type_line(*repl, "SET 'connql.output' = 'json'; SHOW CLUSTERS;");
    EXPECT_NE(repl->since(from).find("\"@type\""), std::string::npos) << repl->since(from);
    // The SET itself still answers in JSON; the statement after it in a table.
    from = type_line(*repl, "SET 'connql.output' = 'table'; SHOW CLUSTERS;");
    EXPECT_NE(repl->since(from).find("\"message\": \"Set connql.output to table\""), std::string::npos);
    EXPECT_EQ(repl->since(from).find("\"@type\": \"clusters\""), std::string::npos) << repl->since(from);
    EXPECT_NE(repl->since(from).find(" Cluster | Connect URLs"), std::string::npos) << repl->since(from);
}

TEST_F(Repl, LongOutputGoesThroughThePager) {
    auto repl = start({}, {{"PAGER", "sed s/^/PAGED:/"}}, 24);
    size_t from = type_line(*repl, "HELP;");  // taller than the 24-row terminal
    EXPECT_NE(repl->since(from).find("PAGED:Statements"), std::string::npos) << repl->since(from);
    from = type_line(*repl, "SHOW CLUSTERS;");  // short: no pager
    EXPECT_EQ(repl->since(from).find("PAGED:"), std::string::npos) << repl->since(from);
}

TEST_F(Repl, AClusterThatIsDownNeverBlocksThePrompt) {
    std::map<std::string, std::string> env = {{"HOME", home_.string()}, {"PAGER", ""}};
    PtySession repl({"--connect-url", "http://127.0.0.1:1"}, env);
    ASSERT_TRUE(repl.wait_for_prompt(0, "connql> ", 5s)) << repl.screen();
    EXPECT_NE(repl.screen().find("no answer yet"), std::string::npos) << repl.screen();
    size_t from = repl.mark();
    auto started = std::chrono::steady_clock::now();
    // Tab asks the cluster (and finds nothing), then the statement fails; the session goes on.
    repl.send("DESCRIBE CONNECTOR " + keys::tab + "x;" + keys::enter);
    ASSERT_TRUE(repl.wait_for_prompt(from, "connql> ", 20s)) << repl.since(from);
    EXPECT_NE(repl.since(from).find("cannot connect"), std::string::npos) << repl.since(from);
    EXPECT_LT(std::chrono::steady_clock::now() - started, 10s);
    repl.send(keys::ctrl_d);
    EXPECT_EQ(repl.wait_exit(), 0);
}

TEST_F(Repl, PipedInputHasNoPromptAndTheExitCodesOfRun) {
    std::string base = std::string(CONNQL_BINARY) + " --connect-url '" + urls() + "'";
    Result ok = run_command(base, "SHOW CONNECTORS;\nSHOW CLUSTERS;\n");
    EXPECT_EQ(ok.exit_code, 0) << ok.out;
    EXPECT_EQ(ok.out.find("connql>"), std::string::npos) << ok.out;
    EXPECT_EQ(ok.out.find('\033'), std::string::npos) << ok.out;
    Result failed = run_command(base, "SHOW CONNECTORS;\nDESCRIBE CONNECTOR `" + unique("missing") + "`;\n");
    EXPECT_EQ(failed.exit_code, 1) << failed.out;
    Result rejected = run_command(base, "SHOW CONNECTRS;\n");
    EXPECT_EQ(rejected.exit_code, 2) << rejected.out;
}

TEST_F(Repl, OneShotExecuteAndFile) {
    std::string base = std::string(CONNQL_BINARY) + " --connect-url '" + urls() + "'";
    Result execute = run_command(base + " -e 'SHOW CLUSTERS; SHOW CONNECTORS;'");
    EXPECT_EQ(execute.exit_code, 0) << execute.out;
    EXPECT_EQ(run_command(base + " -e 'DESCRIBE CONNECTOR `" + unique("missing") + "`;'").exit_code, 1);
    EXPECT_EQ(run_command(base + " -e 'SHOW CONECTORS;'").exit_code, 2);
    fs::path script = home_ / "script.sql";
    std::ofstream(script) << "SHOW CONNECTORS;\n";
    Result file = run_command(base + " --output json -f " + script.string());
    EXPECT_EQ(file.exit_code, 0) << file.out;
    EXPECT_NE(file.out.find("\"@type\""), std::string::npos) << file.out;
}

}  // namespace
}  // namespace connql::testing
