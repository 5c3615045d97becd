// Faults on the real cluster: a frozen worker, a killed worker, two processes
// racing. A ctest test of its own that runs after the others (it kills a worker).
#include "cluster_fixture.h"

namespace connql::testing {
namespace {

// ---------------------------------------------------------------- faults (last: they kill a worker)

TEST_F(Cluster, FaultTwoProcessesCreateTheSameConnector) {
    std::string name = unique("race");
    std::string statement = source(name, name);
    auto create = [&] { return connql(statement); };
    for (int round = 0; round < 3; ++round) {
        auto a = std::async(std::launch::async, create);
        auto b = std::async(std::launch::async, create);
        Result ra = a.get(), rb = b.get();
        EXPECT_EQ((ra.exit_code == 0) + (rb.exit_code == 0), 1) << ra.out << "\n---\n" << rb.out;
        const Result& loser = ra.exit_code == 0 ? rb : ra;
        EXPECT_NE(loser.out.find("already exists"), std::string::npos) << loser.out;
        drop("`" + name + "`");
    }
}

TEST_F(Cluster, FaultCreateThatTimesOutIsNotSentAgain) {
    // A frozen worker (SIGSTOP) accepts connections and never answers: the real
    // cluster's own way to time a request out. The REPL is fed through a pipe so
    // that the worker freezes after the first CREATE (which loads the plugin list)
    // and before the second.
    int pid = worker_pid(2);
    ASSERT_GT(pid, 0);
    std::string worker2 = urls().substr(urls().find(',') + 1);
    std::string first = unique("before"), name = unique("timeout");
    std::string out_file = "/tmp/connql-timeout-" + std::to_string(::getpid()) + ".out";
    FILE* repl = popen(("CONNQL_TRACE=1 " + std::string(CONNQL_BINARY) + " repl --connect-url " + worker2 + " > " +
                        out_file + " 2>&1").c_str(), "w");
    ASSERT_NE(repl, nullptr);
    std::string warm = "SET 'connql.timeout' = '2s';\n" + source(first, first);
    fwrite(warm.data(), 1, warm.size(), repl);
    fflush(repl);
    for (int i = 0; i < 100 && json("SHOW CONNECTORS LIKE '" + first + "';")[0]["connectors"].empty(); ++i) {
        std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    ASSERT_EQ(::kill(pid, SIGSTOP), 0);
    std::string timed = source(name, name);
    fwrite(timed.data(), 1, timed.size(), repl);
    int status = pclose(repl);
    ::kill(pid, SIGCONT);
    std::ifstream in(out_file);
    std::string out((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    std::remove(out_file.c_str());

    EXPECT_EQ(WEXITSTATUS(status), 1) << out;
    EXPECT_NE(out.find("POST " + worker2 + "/connectors timed out"), std::string::npos) << out;
    EXPECT_NE(out.find("the cluster may still have applied it"), std::string::npos) << out;
    // The summary says so from the error's flag: the outcome of a timed-out POST is unknown.
    EXPECT_NE(out.find("| FAILED, may have been applied |"), std::string::npos) << out;
    size_t posts = 0;
    for (size_t at = out.find("connql: POST "); at != std::string::npos; at = out.find("connql: POST ", at + 1)) ++posts;
    EXPECT_EQ(posts, 2u) << "one POST per CREATE, the timed-out one never sent again:\n" << out;
    // Reads are retried after a timeout; the worker answers again now.
    Result read = run("run --connect-url " + worker2 + " -", "SHOW CONNECTORS;");
    EXPECT_EQ(read.exit_code, 0) << read.out;
    drop("`" + first + "`, `" + name + "`");
}

TEST_F(Cluster, FaultWorkerKilledMidScriptThenRerunConverges) {
    int pid = worker_pid(1);
    ASSERT_GT(pid, 0) << "no worker1.pid";

    std::string prefix = unique("survive");
    std::string script;
    for (int i = 0; i < 12; ++i) script += "CREATE OR REPLACE " + source(prefix + "-" + std::to_string(i), "s").substr(7);
    auto first = std::async(std::launch::async, [&] { return connql(script); });
    std::this_thread::sleep_for(std::chrono::milliseconds(300));
    ASSERT_EQ(::kill(pid, SIGKILL), 0);
    Result during = first.get();
    // Either every statement got through the other worker, or the run stopped at a
    // statement with a clear error; nothing in between goes unreported.
    if (during.exit_code != 0) {
        EXPECT_EQ(during.exit_code, 1) << during.out;
        EXPECT_NE(during.out.find("error:"), std::string::npos) << during.out;
    }
    // The rerun goes through the surviving worker, across the rebalance that follows.
    Result rerun = connql(script);
    EXPECT_EQ(rerun.exit_code, 0) << rerun.out;
    EXPECT_EQ(count_eventually(prefix + "-%", 12), 12u);
    std::string names;
    for (int i = 0; i < 12; ++i) names += std::string(i ? ", " : "") + "`" + prefix + "-" + std::to_string(i) + "`";
    Result dropped = connql("DROP CONNECTOR " + names + ";");
    EXPECT_EQ(dropped.exit_code, 0) << dropped.out;
}

}  // namespace
}  // namespace connql::testing
