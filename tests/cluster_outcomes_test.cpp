// Honest outcomes once something ran (issue 6): what was applied and what was not
// after a failure, in tables and in JSON, for --parallel, a DROP of several names,
// and a script that stops half way; one session state across executors.
#include "cluster_fixture.h"

namespace connql::testing {
namespace {

TEST_F(Cluster, ScriptThatStopsHalfWaySaysWhatWasApplied) {
    std::string a = unique("half-a"), b = unique("half-b");
    Result r = connql(source(a, "t") + "DESCRIBE CONNECTOR `missing-" + a + "`;\n" + source(b, "t"));
    EXPECT_EQ(r.exit_code, 1) << r.out;
    EXPECT_NE(r.out.find("connql: the run stopped at <stdin>:2: 1 statement applied, 1 statement not run."),
              std::string::npos)
        << r.out;
    std::string first = summary_row(r.out, "<stdin>:1"), failed = summary_row(r.out, "<stdin>:2"),
                after = summary_row(r.out, "<stdin>:3");
    EXPECT_NE(first.find("| applied "), std::string::npos) << r.out;
    EXPECT_NE(first.find("CREATE SOURCE CONNECTOR `" + a + "`"), std::string::npos) << r.out;
    EXPECT_NE(failed.find("| FAILED, not applied |"), std::string::npos) << r.out;
    EXPECT_NE(failed.find("DESCRIBE CONNECTOR `missing-" + a + "`"), std::string::npos) << r.out;
    EXPECT_NE(after.find("| not run "), std::string::npos) << r.out;
    EXPECT_NE(after.find("CREATE SOURCE CONNECTOR `" + b + "`"), std::string::npos) << r.out;
    std::set<std::string> existing = existing_after_barrier("%");
    EXPECT_EQ(existing.count(a), 1u);
    EXPECT_EQ(existing.count(b), 0u);
    drop("`" + a + "`");
}

TEST_F(Cluster, ParallelFailureReportsEveryStatementInFlight) {
    // The fourth of eight CREATEs names a connector that exists: with --parallel 4
    // the others of its batch are already on their way. Each must be reported as
    // applied or not run, and the cluster must hold exactly the applied ones.
    std::string prefix = unique("inflight");
    ASSERT_EQ(connql(source(prefix + "-3", "t")).exit_code, 0);
    count_eventually(prefix + "-3", 1);
    std::string script;
    for (int i = 0; i < 8; ++i) script += source(prefix + "-" + std::to_string(i), "t");
    Result r = connql(script, "--parallel 4 --output json");
    EXPECT_EQ(r.exit_code, 1) << r.out;
    nlohmann::json entities = entities_of(r);
    ASSERT_FALSE(entities.empty()) << r.out;
    const nlohmann::json& error = entities.back();
    EXPECT_EQ(error["@type"], "statement_error");
    EXPECT_EQ(error["error_code"], 40900) << error.dump(2);  // Connect's 409, as ksqlDB reports it
    EXPECT_EQ(error["line"], 4);
    EXPECT_EQ(error["mayHaveBeenApplied"], false);
    // The succeeded entities come first, in statement order, and again inside the error.
    std::set<std::string> reported;
    for (size_t i = 0; i + 1 < entities.size(); ++i) {
        EXPECT_EQ(entities[i]["@type"], "connector_info");
        reported.insert(entities[i]["info"]["name"].get<std::string>());
    }
    EXPECT_EQ(error["entities"].size(), entities.size() - 1);
    EXPECT_GE(reported.size(), 3u) << "the three CREATEs sent beside the failed one finish and are reported: " << r.out;
    EXPECT_EQ(reported.count(prefix + "-3"), 0u);
    // The summary on stderr agrees with the JSON.
    for (int i = 0; i < 8; ++i) {
        std::string name = prefix + "-" + std::to_string(i);
        std::string row = summary_row(r.out, "<stdin>:" + std::to_string(i + 1));
        if (i == 3) {
            EXPECT_NE(row.find("| FAILED, not applied |"), std::string::npos) << r.out;
        } else if (reported.count(name)) {
            EXPECT_NE(row.find("| applied "), std::string::npos) << name << "\n" << r.out;
        } else {
            EXPECT_NE(row.find("| not run "), std::string::npos) << name << "\n" << r.out;
        }
    }
    // And the cluster holds exactly what was reported applied (plus the one made first).
    std::set<std::string> expected = reported;
    expected.insert(prefix + "-3");
    EXPECT_EQ(existing_after_barrier(prefix + "-%"), expected);
    std::string names;
    for (const std::string& name : expected) names += (names.empty() ? "`" : ", `") + name + "`";
    drop(names);
}

TEST_F(Cluster, DropOfSeveralNamesReportsEachName) {
    std::string a = unique("multi-a"), b = unique("multi-b"), c = unique("multi-c");
    ASSERT_EQ(connql(source(a, "t") + source(c, "t")).exit_code, 0);
    count_eventually(a, 1);
    count_eventually(c, 1);
    Result table = connql("DROP CONNECTOR `" + a + "`, `" + b + "`, `" + c + "`;");
    EXPECT_EQ(table.exit_code, 1) << table.out;
    EXPECT_NE(table.out.find("Dropped connector \"" + a + "\""), std::string::npos) << table.out;
    EXPECT_NE(table.out.find("Connector \"" + b + "\" does not exist"), std::string::npos) << table.out;
    EXPECT_NE(table.out.find("Dropped connector \"" + c + "\""), std::string::npos) << table.out;
    EXPECT_NE(table.out.find("(2 of 3 connectors dropped, 1 not)"), std::string::npos) << table.out;
    EXPECT_NE(table.out.find("| FAILED, partly applied |"), std::string::npos) << table.out;
    std::set<std::string> existing = existing_after_barrier("%");
    EXPECT_EQ(existing.count(a) + existing.count(c), 0u);

    // In JSON, one result per name; IF EXISTS makes a missing name a warning, not a failure.
    ASSERT_EQ(connql(source(a, "t")).exit_code, 0);
    count_eventually(a, 1);
    Result json_run = connql("DROP CONNECTOR IF EXISTS `" + a + "`, `" + b + "`;", "--output json");
    EXPECT_EQ(json_run.exit_code, 0) << json_run.out;
    nlohmann::json e = entities_of(json_run);
    ASSERT_EQ(e.size(), 1u) << json_run.out;
    EXPECT_EQ(e[0]["@type"], "drop_connector");
    EXPECT_EQ(e[0]["connectorNames"], nlohmann::json::array({a}));
    ASSERT_EQ(e[0]["results"].size(), 2u);
    EXPECT_EQ(e[0]["results"][0]["status"], "dropped");
    EXPECT_EQ(e[0]["results"][1]["status"], "missing");
    EXPECT_EQ(e[0]["warnings"][0]["message"], "Connector '" + b + "' does not exist.");
}

TEST_F(Cluster, CreateWhoseWaitFailsIsReportedAsPartlyApplied) {
    // The sink's task fails on start (its file's folder does not exist): the create
    // went through, the wait for RUNNING did not, and the report must say both.
    std::string name = unique("waitfail");
    Result r = connql("SET 'connql.wait' = 'running';\nCREATE SINK CONNECTOR `" + name +
                          "` USING 'FileStreamSink' WITH (topics = 'wf', file = '/nonexistent/dir/out.txt');",
                      "--output json");
    EXPECT_EQ(r.exit_code, 1) << r.out;
    nlohmann::json e = entities_of(r);
    ASSERT_EQ(e.size(), 3u) << r.out;  // SET, the created connector, the error
    EXPECT_EQ(e[1]["@type"], "connector_info");
    EXPECT_EQ(e[2]["@type"], "statement_error");
    EXPECT_NE(e[2]["message"].get<std::string>().find("connector '" + name + "' failed"), std::string::npos) << e[2];
    EXPECT_NE(summary_row(r.out, "<stdin>:2").find("| FAILED, partly applied |"), std::string::npos) << r.out;
    EXPECT_EQ(count_eventually(name, 1), 1u);
    drop("`" + name + "`");
}

TEST_F(Cluster, WaitAfterAlterIgnoresTheFailureFromBeforeTheChange) {
    // A sink that fails on a bad file path, altered to a good one: the FAILED status
    // left from before the ALTER is not the answer, the RUNNING that follows is.
    std::string name = unique("fixme");
    std::string create = "CREATE SINK CONNECTOR `" + name + "` USING 'FileStreamSink' WITH (topics = 'fx', file = '/nonexistent/a/out.txt');";
    ASSERT_EQ(connql(create).exit_code, 0);
    json_eventually("DESCRIBE CONNECTOR `" + name + "`;", [](const nlohmann::json& e) {
        return !e[0]["status"]["tasks"].empty() && e[0]["status"]["tasks"][0]["state"] == "FAILED";
    });
    Result fixed = connql("SET 'connql.wait' = 'running';\nALTER CONNECTOR `" + name + "` SET (file = '/tmp/" + name + ".txt');");
    EXPECT_EQ(fixed.exit_code, 0) << fixed.out;
    nlohmann::json now = json("DESCRIBE CONNECTOR `" + name + "`;");
    EXPECT_EQ(now[0]["status"]["tasks"][0]["state"], "RUNNING") << now.dump(2);

    // Altered to another bad path, the new failure is the answer, at once (its trace differs).
    auto started = std::chrono::steady_clock::now();
    Result broken = connql("SET 'connql.wait' = 'running';\nALTER CONNECTOR `" + name + "` SET (file = '/nonexistent/b/out.txt');");
    EXPECT_EQ(broken.exit_code, 1) << broken.out;
    EXPECT_NE(broken.out.find("connector '" + name + "' failed:"), std::string::npos) << broken.out;
    EXPECT_NE(broken.out.find("/nonexistent/b/out.txt"), std::string::npos) << broken.out;
    EXPECT_NE(summary_row(broken.out, "<stdin>:2").find("FAILED, partly applied"), std::string::npos) << broken.out;
    EXPECT_LT(std::chrono::duration_cast<std::chrono::seconds>(std::chrono::steady_clock::now() - started).count(), 8);

    // A RESTART that changes nothing: the same failure, once it outlasts the settle time.
    Result same = connql("SET 'connql.wait' = 'running'; SET 'connql.wait.settle' = '2s';\nRESTART CONNECTOR `" + name +
                         "` WITH TASKS;");
    EXPECT_EQ(same.exit_code, 1) << same.out;
    EXPECT_TRUE(same.out.find("is still FAILED as it was before the change, 2s after it") != std::string::npos ||
                same.out.find("connector '" + name + "' failed:") != std::string::npos)
        << same.out;

    // STOP waits until the connector reports STOPPED.
    Result stopped = connql("SET 'connql.wait' = 'running';\nSTOP CONNECTOR `" + name + "`;");
    EXPECT_EQ(stopped.exit_code, 0) << stopped.out;
    EXPECT_EQ(json("DESCRIBE CONNECTOR `" + name + "`;")[0]["status"]["connector"]["state"], "STOPPED");
    drop("`" + name + "`");
}

TEST_F(Cluster, RestartOfATaskThatDoesNotExistSaysHowManyThereAre) {
    std::string name = unique("tasks");
    ASSERT_EQ(connql("SET 'connql.wait' = 'running';" + source(name, name)).exit_code, 0);
    Result r = connql("RESTART CONNECTOR `" + name + "` TASK 5;");
    EXPECT_EQ(r.exit_code, 1);
    EXPECT_NE(r.out.find("connector '" + name + "' has no task 5: it has 1 task"), std::string::npos) << r.out;
    EXPECT_NE(r.out.find("hint: tasks are numbered 0 to 0"), std::string::npos) << r.out;
    drop("`" + name + "`");
}

TEST_F(Cluster, UseClusterReachesParallelExecutors) {
    // The session starts on a cluster that refuses connections; USE CLUSTER moves
    // it to the real one, and the --parallel executors must follow it.
    std::string config = "/tmp/connql-clusters-parallel-" + std::to_string(::getpid()) + ".json";
    nlohmann::json real = nlohmann::json::array();
    real.push_back(urls().substr(0, urls().find(',')));
    std::ofstream(config) << nlohmann::json{{"clusters", {{"real", {{"urls", real}}}, {"dead", {{"urls", {"http://127.0.0.1:1"}}}}}}}.dump();
    std::string prefix = unique("follow");
    std::string script = "USE CLUSTER real;\n";
    for (int i = 0; i < 4; ++i) script += source(prefix + "-" + std::to_string(i), "t");
    Result r = run_command("CONNQL_CONFIG=" + config + " " + CONNQL_BINARY + " run --cluster dead --parallel 4 -", script);
    EXPECT_EQ(r.exit_code, 0) << r.out;
    EXPECT_EQ(count_eventually(prefix + "-%", 4), 4u);
    // SET reaches them too: a wait every executor honours.
    drop("`" + prefix + "-0`, `" + prefix + "-1`, `" + prefix + "-2`, `" + prefix + "-3`");
    std::remove(config.c_str());
}

TEST_F(Cluster, PipedReplExitsNonZeroWhenAStatementFailed) {
    // The last statement succeeds; the failure before it still decides the exit code.
    Result r = run_command(std::string(CONNQL_BINARY) + " repl --connect-url '" + urls() + "'",
                           "DESCRIBE CONNECTOR `no-such-connector`;\nSHOW CONNECTORS;\n");
    EXPECT_EQ(r.exit_code, 1) << r.out;
    EXPECT_NE(r.out.find("Connector Name"), std::string::npos) << "the session went on after the error: " << r.out;
    Result ok = run_command(std::string(CONNQL_BINARY) + " repl --connect-url '" + urls() + "'", "SHOW CONNECTORS;\n");
    EXPECT_EQ(ok.exit_code, 0) << ok.out;
}

}  // namespace
}  // namespace connql::testing
