// The renderers shared by every front end: error codes and entities as ksqlDB's
// /ksql has them, and the summary of a failed run.
#include "common/text.h"
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

DeadLetterRecord failed_conversion() {
    DeadLetterRecord r;
    r.partition = 0;
    r.offset = 4;
    r.timestamp = 1700000000123;
    r.has_context = true;
    r.original_topic = "orders";
    r.original_partition = "0";
    r.original_offset = "17";
    r.task_id = "0";
    r.stage = "VALUE_CONVERTER";
    r.class_name = "org.apache.kafka.connect.json.JsonConverter";
    r.exception_class = "org.apache.kafka.connect.errors.DataException";
    r.exception_message = "Converting byte[] to Kafka Connect data failed due to serialization error:\n"
                          "Unrecognized token 'hello': was expecting JSON";
    r.stacktrace = "org.apache.kafka.connect.errors.DataException: ...\n\tat ...";
    r.key = "null";
    r.value = "hello world, this is a rather long line of plain text";
    return r;
}

TEST(RenderText, ConnectorErrorsWithContextHeaders) {
    ConnectorErrors errors{"snk", "dlq-snk", false, 20, {failed_conversion()}};
    std::string text = render_text(StatementResult{"SHOW ERRORS FOR CONNECTOR snk", errors, {}});
    for (const char* column : {" Time ", " Topic/Partition@Offset ", " Stage ", " Class ", " Exception ", " Message ", " Key ", " Value "}) {
        EXPECT_NE(text.find(column), std::string::npos) << column << "\n" << text;
    }
    EXPECT_NE(text.find(" 2023/11/14 22:13:20.123 Z "), std::string::npos) << text;
    EXPECT_NE(text.find(" orders/0@17 "), std::string::npos) << text;
    EXPECT_NE(text.find(" VALUE_CONVERTER "), std::string::npos) << text;
    EXPECT_NE(text.find(" JsonConverter "), std::string::npos) << text;  // the simple name in the table
    EXPECT_NE(text.find(" DataException "), std::string::npos) << text;
    // Shortened, on one line.
    EXPECT_NE(text.find(" Converting byte[] to Kafka Connect data failed due to serial... "), std::string::npos) << text;
    EXPECT_EQ(text.find("Unrecognized token"), std::string::npos) << text;
    EXPECT_NE(text.find(" hello world, this is a rather ... "), std::string::npos) << text;
    EXPECT_NE(text.find("1 record(s) of dead letter topic 'dlq-snk' of connector snk (the last 20)"), std::string::npos)
        << text;
    EXPECT_EQ(text.find("no __connect.errors.* headers"), std::string::npos) << text;

    auto entity = render_entity(StatementResult{"SHOW ERRORS FOR CONNECTOR snk", errors, {}});
    ASSERT_TRUE(entity.has_value());
    EXPECT_EQ((*entity)["@type"], "connector_errors");
    EXPECT_EQ((*entity)["topic"], "dlq-snk");
    EXPECT_EQ((*entity)["limit"], 20);
    const auto& record = (*entity)["records"][0];
    EXPECT_EQ(record["offset"], 4);
    EXPECT_EQ(record["hasContext"], true);
    EXPECT_EQ(record["context"]["className"], "org.apache.kafka.connect.json.JsonConverter");
    EXPECT_EQ(record["context"]["offset"], "17");
    EXPECT_EQ(record["context"]["exceptionMessage"], failed_conversion().exception_message);  // in full
    EXPECT_EQ(record["value"], failed_conversion().value);
}

TEST(RenderText, ConnectorErrorsWithoutContextHeaders) {
    DeadLetterRecord bare;
    bare.offset = 9;
    bare.timestamp = 1700000000000;
    bare.key = "k1";
    bare.value = "caf\xC3\xA9 plain text";  // UTF-8 cut at a character boundary, never inside one
    bare.headers = {{"trace-id", "abc"}};
    ConnectorErrors errors{"snk", "dlq", true, 0, {bare}};
    std::string text = render_text(StatementResult{"SHOW ERRORS FOR CONNECTOR snk FROM BEGINNING", errors, {}});
    EXPECT_NE(text.find(" k1 "), std::string::npos) << text;
    EXPECT_NE(text.find(" caf\xC3\xA9 plain text "), std::string::npos) << text;
    EXPECT_NE(text.find("(from the beginning)"), std::string::npos) << text;
    EXPECT_NE(text.find("1 record(s) have no __connect.errors.* headers"), std::string::npos) << text;
    auto entity = render_entity(StatementResult{"SHOW ERRORS FOR CONNECTOR snk FROM BEGINNING", errors, {}});
    ASSERT_TRUE(entity.has_value());
    const auto& record = (*entity)["records"][0];
    EXPECT_EQ(record["hasContext"], false);
    EXPECT_FALSE(record.contains("context"));
    EXPECT_FALSE((*entity).contains("limit"));
    EXPECT_EQ(record["headers"][0]["name"], "trace-id");
    EXPECT_EQ(record["headers"][0]["value"], "abc");

    ConnectorErrors none{"snk", "dlq", false, 5, {}};
    EXPECT_EQ(render_text(StatementResult{"", none, {}}), "0 record(s) of dead letter topic 'dlq' of connector snk (the last 5)\n");
}

TEST(Text, ValidUtf8ReplacesInvalidBytesOnly) {
    EXPECT_EQ(valid_utf8("plain \xC3\xA9 \xF0\x9F\x98\x80"), "plain \xC3\xA9 \xF0\x9F\x98\x80");
    EXPECT_EQ(valid_utf8("a\xFF" "b"), "a\xEF\xBF\xBD" "b");
    EXPECT_EQ(valid_utf8("\xC3"), "\xEF\xBF\xBD");                  // truncated
    EXPECT_EQ(valid_utf8("\xC0\xAF"), "\xEF\xBF\xBD\xEF\xBF\xBD");  // overlong '/'
    EXPECT_EQ(valid_utf8("\xED\xA0\x80"), "\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD");  // a surrogate
    EXPECT_EQ(valid_utf8(std::string("a\0b", 3)), std::string("a\0b", 3));
}

}  // namespace
}  // namespace connql::testing
