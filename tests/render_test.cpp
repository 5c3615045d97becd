// The renderers shared by every front end: error codes and entities as ksqlDB's
// /ksql has them, and the summary of a failed run.
#include "engine/prepare.h"
#include "engine/runner.h"
#include "helpers.h"
#include "render/entities.h"
#include "render/errors.h"
#include "render/report.h"
#include "render/text.h"

namespace connql::testing {
namespace {

Error runtime_error(int connect_status, ErrorFlags flags = {}) {
    Error error(ErrorKind::Runtime, "it failed", {3, 7}, "do this");
    error.diagnostic().connect_status = connect_status;
    error.diagnostic().flags = flags;
    error.diagnostic().origin = "a.sql";
    return error;
}

TEST(RenderErrors, CodesFollowKsqlDb) {
    EXPECT_EQ(error_code_of(Error(ErrorKind::Syntax, "x")).error_code, 40001);
    EXPECT_EQ(error_code_of(Error(ErrorKind::Compile, "x")).http_status, 400);
    EXPECT_EQ(error_code_of(Error(ErrorKind::Usage, "x")).error_code, 40000);
    EXPECT_EQ(error_code_of(runtime_error(409)).error_code, 40900);
    EXPECT_EQ(error_code_of(runtime_error(404)).http_status, 404);
    EXPECT_EQ(error_code_of(runtime_error(500)).error_code, 50000);
    EXPECT_EQ(error_code_of(runtime_error(0, {true, false})).error_code, 50000);  // no worker answered
}

TEST(RenderErrors, EntityCarriesPositionHintFlagsAndWhatSucceeded) {
    nlohmann::ordered_json succeeded = nlohmann::ordered_json::array({{{"@type", "connector_list"}}});
    nlohmann::ordered_json e = error_entity(runtime_error(0, {false, true}), "CREATE ...", succeeded);
    EXPECT_EQ(e["@type"], "statement_error");
    EXPECT_EQ(e["message"], "it failed");
    EXPECT_EQ(e["statementText"], "CREATE ...");
    EXPECT_EQ(e["entities"], succeeded);
    EXPECT_EQ(e["hint"], "do this");
    EXPECT_EQ(e["origin"], "a.sql");
    EXPECT_EQ(e["line"], 3);
    EXPECT_EQ(e["column"], 7);
    EXPECT_EQ(e["retriable"], false);
    EXPECT_EQ(e["mayHaveBeenApplied"], true);
}

// A report as the Runner leaves it: statement 2 failed, 1 was applied, 3 did not run.
RunReport report_with(StatementOutcome failed) {
    RunReport report;
    report.script.inputs = {{"s.sql", "x"}};
    const char* texts[] = {"CREATE SOURCE CONNECTOR a USING 'X'", "CREATE SOURCE CONNECTOR b USING 'X'",
                           "DROP CONNECTOR c", "SHOW CONNECTORS"};
    for (int i = 0; i < 4; ++i) {
        PreparedStatement statement;
        statement.statement.pos = {i + 1, 1};
        statement.statement.text = texts[i];
        statement.traits.changes_cluster = i < 3;
        report.script.statements.push_back(statement);
    }
    report.outcomes.resize(4);
    report.outcomes[0].ran = true;
    report.outcomes[0].result = StatementResult{texts[0], MessageResult{"ok"}, {}};
    report.outcomes[1] = std::move(failed);
    return report;
}

TEST(RenderReport, SaysWhatWasAppliedFailedAndNotRun) {
    StatementOutcome failed;
    failed.ran = true;
    failed.error = runtime_error(400);
    RunReport report = report_with(failed);
    EXPECT_EQ(report.exit_code(), 1);
    std::string text = render_run_summary(report);
    EXPECT_NE(text.find("connql: the run stopped at s.sql:2: 1 statement applied, 1 statement not run."),
              std::string::npos)
        << text;
    EXPECT_NE(text.find(" s.sql:1   | applied             | CREATE SOURCE CONNECTOR a USING 'X' "), std::string::npos) << text;
    EXPECT_NE(text.find(" s.sql:2   | FAILED, not applied | CREATE SOURCE CONNECTOR b USING 'X' "), std::string::npos) << text;
    EXPECT_NE(text.find(" s.sql:3   | not run             | DROP CONNECTOR c "), std::string::npos) << text;
    EXPECT_EQ(text.find("SHOW CONNECTORS"), std::string::npos) << "a query neither applies nor fails to: " << text;
    EXPECT_EQ(text.find("may have been applied"), std::string::npos) << text;
}

TEST(RenderReport, UnknownOutcomeComesFromTheFlagNotTheText) {
    StatementOutcome failed;
    failed.ran = true;
    failed.error = runtime_error(0, {false, true});  // the message says nothing about it
    std::string text = render_run_summary(report_with(failed));
    EXPECT_NE(text.find("| FAILED, may have been applied |"), std::string::npos) << text;
    EXPECT_NE(text.find("The failed statement may have been applied: check the cluster"), std::string::npos) << text;
}

TEST(RenderReport, NothingForASuccessfulRun) {
    RunReport report;
    EXPECT_EQ(render_run_summary(report), "");
    EXPECT_EQ(report.exit_code(), 0);
}

TEST(RenderText, DropReportsEachName) {
    ConnectorsDropped dropped;
    dropped.outcomes = {{"a", DropOutcome::Status::Dropped, ""},
                        {"b", DropOutcome::Status::Missing, "Connector b not found"},
                        {"c", DropOutcome::Status::Failed, "boom"}};
    std::string text = render_text(StatementResult{"DROP CONNECTOR a, b, c", dropped, {}});
    EXPECT_NE(text.find(" Dropped connector \"a\" "), std::string::npos) << text;
    EXPECT_NE(text.find(" Connector \"b\" does not exist "), std::string::npos) << text;
    EXPECT_NE(text.find(" Could not drop connector \"c\": boom "), std::string::npos) << text;
    auto entity = render_entity(StatementResult{"DROP CONNECTOR a, b, c", dropped, {}});
    ASSERT_TRUE(entity.has_value());
    EXPECT_EQ((*entity)["connectorName"], "a");
    EXPECT_EQ((*entity)["results"][2]["status"], "failed");
}

}  // namespace
}  // namespace connql::testing
