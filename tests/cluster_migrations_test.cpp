// `connql migrate` against the real cluster and its Kafka (issue 8): apply and
// re-apply, a changed file, a failure half way and its resumption, --target,
// --out-of-order, baseline, undo, drift, a second working copy, four migrators at
// once, and a migrator killed while it holds the lock.
#include <signal.h>

#include <filesystem>
#include <future>

#include "cluster_fixture.h"

namespace connql::testing {
namespace {

namespace fs = std::filesystem;

class Migrations : public Cluster {
protected:
    void SetUp() override {
        prefix_ = unique("mig");
        topic_ = "_connql_migrations_" + prefix_;
        dir_ = fs::temp_directory_path() / prefix_;
        fs::create_directories(dir_);
    }
    void TearDown() override { fs::remove_all(dir_); }

    void file(const std::string& name, const std::string& text, const fs::path& dir = {}) {
        std::ofstream((dir.empty() ? dir_ : dir) / name) << text;
    }
    // A FileStreamSource named <prefix>-<suffix>; ${p} is the prefix, given with -d.
    static std::string source(const std::string& suffix, const std::string& extra = "") {
        return "CREATE SOURCE CONNECTOR ${p}-" + suffix + " USING 'FileStreamSource' WITH (topic = 'mig', file = '/tmp/mig-" +
               suffix + ".txt'" + extra + ");\n";
    }
    Result migrate(const std::string& arguments, const fs::path& dir = {}, const std::string& env = "") {
        return run_command(env + std::string(CONNQL_BINARY) + " migrate " + arguments + " --dir " +
                           (dir.empty() ? dir_ : dir).string() + " --history-topic " + topic_ + " --connect-url '" +
                           urls() + "' --bootstrap-servers " + env_or_fail("BOOTSTRAP_SERVERS") + " -d p=" + prefix_);
    }
    nlohmann::json info(const fs::path& dir = {}) {
        Result r = migrate("info -o json", dir);
        EXPECT_EQ(r.exit_code, 0) << r.out;
        size_t start = r.out.find('[');
        return start == std::string::npos ? nlohmann::json::array() : nlohmann::json::parse(r.out.substr(start));
    }
    static std::string state_of(const nlohmann::json& rows, const std::string& version) {
        for (const auto& row : rows) {
            if (row["version"] == version) return row["state"];
        }
        return "(absent)";
    }
    void drop_all() {
        std::string names;
        // Held in a variable: a range-for over json(...)[0][...] would walk a destroyed temporary.
        const nlohmann::json listed = json("SHOW CONNECTORS LIKE '" + prefix_ + "-%';");
        for (const auto& c : listed[0]["connectors"]) {
            names += (names.empty() ? "`" : ", `") + c["name"].get<std::string>() + "`";
        }
        if (!names.empty()) drop(names);
    }

    std::string prefix_, topic_;
    fs::path dir_;
};

TEST_F(Migrations, ApplyThenNothingToDo) {
    file("V1__first.sql", source("a"));
    file("V2__second.sql", source("b") + "PAUSE CONNECTOR ${p}-b;\n");
    Result applied = migrate("apply");
    ASSERT_EQ(applied.exit_code, 0) << applied.out;
    EXPECT_NE(applied.out.find("Applied 2 versions: 1, 2"), std::string::npos) << applied.out;
    EXPECT_EQ(count_eventually(prefix_ + "-%", 2), 2u);
    nlohmann::json rows = info();
    EXPECT_EQ(state_of(rows, "1"), "applied");
    EXPECT_EQ(state_of(rows, "2"), "applied");
    Result again = migrate("apply");
    EXPECT_EQ(again.exit_code, 0) << again.out;
    EXPECT_NE(again.out.find("Nothing to apply"), std::string::npos) << again.out;
    EXPECT_EQ(migrate("validate").exit_code, 0);
    // A second working copy (another CI runner) sees the same history.
    fs::path other = dir_ / "copy";
    fs::create_directories(other);
    fs::copy_file(dir_ / "V1__first.sql", other / "V1__first.sql");
    fs::copy_file(dir_ / "V2__second.sql", other / "V2__second.sql");
    EXPECT_EQ(state_of(info(other), "2"), "applied");
    EXPECT_NE(migrate("apply", other).out.find("Nothing to apply"), std::string::npos);
    drop_all();
}

TEST_F(Migrations, TheHistoryTopicTakesAPrefix) {
    // Clusters whose ACLs grant topics by prefix: the history topic is <prefix><name>.
    file("V1__first.sql", source("a"));
    const std::string prefix = "team-" + prefix_ + ".";
    Result applied = migrate("apply --history-topic-prefix " + prefix);
    ASSERT_EQ(applied.exit_code, 0) << applied.out;
    std::string names = "\n";
    const nlohmann::json topics = json("SHOW TOPICS;");
    for (const auto& topic : topics[0]["topics"]) names += topic["name"].get<std::string>() + "\n";
    EXPECT_NE(names.find("\n" + prefix + topic_ + "\n"), std::string::npos) << names;
    Result with_prefix = migrate("info -o json --history-topic-prefix " + prefix);
    EXPECT_NE(with_prefix.out.find("\"applied\""), std::string::npos) << with_prefix.out;
    // Without the prefix it is another (empty) history: version 1 is pending there.
    EXPECT_EQ(state_of(info(), "1"), "pending");
    drop_all();
}

TEST_F(Migrations, AChangedFileIsRefusedUntilRepaired) {
    file("V1__first.sql", source("a"));
    ASSERT_EQ(migrate("apply").exit_code, 0);
    file("V1__first.sql", source("a") + "-- an edit\n");
    Result validate = migrate("validate");
    EXPECT_EQ(validate.exit_code, 1);
    EXPECT_NE(validate.out.find("changed since it was applied"), std::string::npos) << validate.out;
    file("V2__second.sql", source("b"));
    Result refused = migrate("apply");
    EXPECT_EQ(refused.exit_code, 1);
    EXPECT_NE(refused.out.find("nothing was applied"), std::string::npos) << refused.out;
    EXPECT_EQ(count_eventually(prefix_ + "-%", 1), 1u);
    Result repaired = migrate("repair");
    EXPECT_EQ(repaired.exit_code, 0) << repaired.out;
    EXPECT_NE(repaired.out.find("Version 1: checksum realigned"), std::string::npos) << repaired.out;
    Result valid = migrate("validate");
    EXPECT_EQ(valid.exit_code, 0) << valid.out;  // V2 is pending: not a problem
    // Line endings alone are no change (an editor on another system).
    file("V1__first.sql", std::string("CREATE SOURCE CONNECTOR ${p}-a USING 'FileStreamSource' WITH (topic = 'mig', file = "
                                      "'/tmp/mig-a.txt');\r\n-- an edit\r\n"));
    EXPECT_EQ(migrate("validate").exit_code, 0);
    Result applied = migrate("apply");
    EXPECT_EQ(applied.exit_code, 0) << applied.out;
    EXPECT_EQ(count_eventually(prefix_ + "-%", 2), 2u);
    drop_all();
}

TEST_F(Migrations, AFailureHalfWayResumesAfterTheFix) {
    file("V1__three.sql", source("a") + "DESCRIBE CONNECTOR ${p}-a;\n" + source("c"));
    Result rejected = migrate("apply");
    EXPECT_EQ(rejected.exit_code, 2) << "a query cannot be part of a migration: " << rejected.out;
    EXPECT_NE(rejected.out.find("cannot be part of a migration"), std::string::npos) << rejected.out;
    file("V1__three.sql", source("a") + "ALTER CONNECTOR ${p}-nope SET (a = '1');\n" + source("c"));
    Result failed = migrate("apply");
    EXPECT_EQ(failed.exit_code, 1) << failed.out;
    EXPECT_NE(failed.out.find("1 of 3 statements completed"), std::string::npos) << failed.out;
    EXPECT_EQ(state_of(info(), "1"), "failed");
    // The fix: the second statement alters the connector the first made.
    file("V1__three.sql", source("a") + "ALTER CONNECTOR ${p}-a SET ('tasks.max' = '1');\n" + source("c"));
    EXPECT_EQ(migrate("apply").exit_code, 1);  // changed: repair first
    ASSERT_EQ(migrate("repair").exit_code, 0);
    Result resumed = migrate("apply");
    EXPECT_EQ(resumed.exit_code, 0) << resumed.out;
    EXPECT_NE(resumed.out.find("resumes at statement 2 of 3"), std::string::npos) << resumed.out;
    EXPECT_EQ(resumed.out.find("Created connector " + prefix_ + "-a"), std::string::npos) << "statement 1 ran again";
    EXPECT_EQ(state_of(info(), "1"), "applied");
    EXPECT_EQ(count_eventually(prefix_ + "-%", 2), 2u);
    drop_all();
}

TEST_F(Migrations, TargetOutOfOrderAndUndo) {
    file("V1__a.sql", source("a"));
    file("V3__c.sql", source("c"));
    file("U3__c.sql", "DROP CONNECTOR ${p}-c;\n");
    ASSERT_EQ(migrate("apply --target 1").exit_code, 0);
    EXPECT_EQ(state_of(info(), "3"), "pending");
    ASSERT_EQ(migrate("apply").exit_code, 0);
    file("V2__b.sql", source("b"));
    EXPECT_EQ(state_of(info(), "2"), "ignored");
    Result ignored = migrate("apply");
    EXPECT_NE(ignored.out.find("apply --out-of-order applies it"), std::string::npos) << ignored.out;
    Result out_of_order = migrate("apply --out-of-order");
    EXPECT_EQ(out_of_order.exit_code, 0) << out_of_order.out;
    EXPECT_EQ(count_eventually(prefix_ + "-%", 3), 3u);
    Result undone = migrate("undo");
    EXPECT_EQ(undone.exit_code, 0) << undone.out;
    EXPECT_EQ(state_of(info(), "3"), "undone");
    EXPECT_EQ(count_eventually(prefix_ + "-%", 2), 2u);
    Result no_undo = migrate("undo --target 0.5");
    EXPECT_EQ(no_undo.exit_code, 1);
    EXPECT_NE(no_undo.out.find("version 2 has no undo file"), std::string::npos) << no_undo.out;
    drop_all();
}

TEST_F(Migrations, PlanAndDriftAgainstTheLiveCluster) {
    file("V1__a.sql", source("a"));
    ASSERT_EQ(migrate("apply").exit_code, 0);
    file("V2__alter.sql", "ALTER CONNECTOR ${p}-a SET (topic = 'mig2', 'connection.password' = 'plan-secret');\n" + source("b"));
    Result plan = migrate("plan");
    EXPECT_EQ(plan.exit_code, 0) << plan.out;
    EXPECT_NE(plan.out.find("| update |"), std::string::npos) << plan.out;
    EXPECT_NE(plan.out.find("topic: 'mig' -> 'mig2'"), std::string::npos) << plan.out;
    EXPECT_NE(plan.out.find("| create |"), std::string::npos) << plan.out;
    EXPECT_EQ(plan.out.find("plan-secret"), std::string::npos) << plan.out;
    Result markdown = migrate("plan -o markdown");
    EXPECT_NE(markdown.out.find("| `" + prefix_ + "-a` | update |"), std::string::npos) << markdown.out;
    EXPECT_EQ(count_eventually(prefix_ + "-%", 1), 1u);  // plan changed nothing
    // Drift: an out-of-band change with curl.
    std::string worker = urls().substr(0, urls().find(','));
    Result curl = run_command("curl -sf -X PUT -H 'Content-Type: application/json' " + worker + "/connectors/" + prefix_ +
                              "-a/config -d '{\"connector.class\": \"FileStreamSource\", \"topic\": \"elsewhere\", "
                              "\"file\": \"/tmp/mig-a.txt\"}'");
    ASSERT_EQ(curl.exit_code, 0) << curl.out;
    Result drift = migrate("validate");
    EXPECT_EQ(drift.exit_code, 1);
    EXPECT_NE(drift.out.find("drift: connector '" + prefix_ + "-a': topic is 'elsewhere' on the cluster, 'mig' in the "
                             "migrations"),
              std::string::npos)
        << drift.out;
    drop_all();
}

TEST_F(Migrations, BaselineAdoptsExistingConnectors) {
    ASSERT_EQ(connql("CREATE SOURCE CONNECTOR `" + prefix_ + "-old` USING 'FileStreamSource' WITH (topic = 'old', "
                     "'connection.password' = 'base-secret');")
                  .exit_code,
              0);
    count_eventually(prefix_ + "-old", 1);
    Result baseline = migrate("baseline");
    ASSERT_EQ(baseline.exit_code, 0) << baseline.out;
    std::ifstream written(dir_ / "V1__baseline.sql");
    std::string text((std::istreambuf_iterator<char>(written)), std::istreambuf_iterator<char>());
    EXPECT_NE(text.find(prefix_ + "-old"), std::string::npos) << text;
    EXPECT_EQ(text.find("base-secret"), std::string::npos) << text;
    EXPECT_EQ(state_of(info(), "1"), "baseline");
    file("V2__new.sql", source("new"));
    Result applied = migrate("apply");
    EXPECT_EQ(applied.exit_code, 0) << applied.out;
    EXPECT_NE(applied.out.find("Applied 1 version: 2"), std::string::npos) << applied.out;
    drop_all();
}

TEST_F(Migrations, FourMigratorsAtOnceApplyEachVersionOnce) {
    for (int v = 1; v <= 4; ++v) file("V" + std::to_string(v) + "__v.sql", source("c" + std::to_string(v)));
    std::vector<std::future<Result>> runs;
    for (int i = 0; i < 4; ++i) runs.push_back(std::async(std::launch::async, [&] { return migrate("apply"); }));
    std::string all;
    for (auto& run : runs) {
        Result r = run.get();
        EXPECT_EQ(r.exit_code, 0) << r.out;
        all += r.out;
    }
    for (int v = 1; v <= 4; ++v) {
        std::string created = "Created connector " + prefix_ + "-c" + std::to_string(v);
        size_t first = all.find(created);
        EXPECT_NE(first, std::string::npos) << all;
        EXPECT_EQ(all.find(created, first + 1), std::string::npos) << "version " << v << " ran twice:\n" << all;
    }
    nlohmann::json rows = info();
    for (int v = 1; v <= 4; ++v) EXPECT_EQ(state_of(rows, std::to_string(v)), "applied");
    EXPECT_EQ(migrate("validate").exit_code, 0);
    drop_all();
}

TEST_F(Migrations, AMigratorKilledWithTheLockIsOutlastedAndResumed) {
    std::string slow = "SET 'connql.wait' = 'running';\n";
    for (int i = 0; i < 4; ++i) slow += source("k" + std::to_string(i));
    file("V1__slow.sql", slow);
    std::string command = std::string(CONNQL_BINARY) + " migrate apply --lock-timeout 4s --dir " + dir_.string() +
                          " --history-topic " + topic_ + " --connect-url '" + urls() + "' --bootstrap-servers " +
                          env_or_fail("BOOTSTRAP_SERVERS") + " -d p=" + prefix_;
    pid_t child = fork();
    if (child == 0) {
        execl("/bin/sh", "sh", "-c", ("exec " + command + " > /dev/null 2>&1").c_str(), nullptr);
        _exit(127);
    }
    // Kill it once it has begun the version (it holds the lock then).
    bool running = false;
    for (int i = 0; i < 100 && !running; ++i) {
        running = state_of(info(), "1") == "running";
        if (!running) std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    ASSERT_TRUE(running);
    ::kill(child, SIGKILL);
    int status = 0;
    waitpid(child, &status, 0);
    auto started = std::chrono::steady_clock::now();
    Result next = migrate("apply --lock-timeout 4s");
    auto waited = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - started).count();
    EXPECT_EQ(next.exit_code, 0) << next.out;
    EXPECT_NE(next.out.find("waiting for the migration lock"), std::string::npos) << next.out;
    EXPECT_GE(waited, 3000) << "the dead migrator's lease counts until it runs out";
    EXPECT_EQ(state_of(info(), "1"), "applied");
    EXPECT_EQ(count_eventually(prefix_ + "-%", 4), 4u);
    drop_all();
}

}  // namespace
}  // namespace connql::testing
