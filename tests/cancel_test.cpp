// The session's cancel token stops a running wait (the REPL's Ctrl-C), against a
// loopback worker whose connector never gets a task: the wait would last its timeout.
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <sstream>

#include "engine/runner.h"
#include "loopback_server.h"
#include "render/printer.h"

namespace connql::testing {
namespace {

TEST(Cancel, TheTokenStopsAWaitForRunning) {
    SessionOptions options;
    CancelToken shared;  // set once the wait is seen polling
    std::atomic<int> status_reads{0};
    LoopbackServer worker([&](const std::string& request) {
        if (request.find("/status") != std::string::npos) {
            // Running, without a task: never the answer connql.wait waits for.
            if (++status_reads == 4) shared.cancel();
            return LoopbackServer::answer(
                200, "application/json",
                R"({"name":"x","connector":{"state":"RUNNING","worker_id":"w:8083"},"tasks":[],"type":"source"})");
        }
        return LoopbackServer::answer(202, "application/json", "");
    });
    options.connect_url = worker.url();
    Session session = Session::open(options);
    // The test's token and the session's share nothing: forward one to the other.
    std::thread forward([&] {
        while (!shared.cancelled()) std::this_thread::sleep_for(std::chrono::milliseconds(10));
        session.cancel_token().cancel();
    });
    std::ostringstream out, err;
    Printer printer(OutputFormat::Table, out, err);
    Runner runner(session);
    auto started = std::chrono::steady_clock::now();
    RunReport report = runner.run(
        {{"<test>", "SET 'connql.wait' = 'running'; SET 'connql.wait.timeout' = '60s'; RESUME CONNECTOR x;"}}, printer);
    forward.join();
    ASSERT_EQ(report.outcomes.size(), 3u);
    const StatementOutcome& resume = report.outcomes[2];
    ASSERT_TRUE(resume.failed());
    EXPECT_TRUE(resume.error->flags().cancelled);
    EXPECT_NE(std::string(resume.error->what()).find("cancelled (Ctrl-C)"), std::string::npos) << resume.error->what();
    EXPECT_TRUE(resume.partly_applied);  // the RESUME itself was sent
    EXPECT_LT(std::chrono::steady_clock::now() - started, std::chrono::seconds(10));
}

}  // namespace
}  // namespace connql::testing
