// The masking policy against the corpus of secret shapes (tests/secret_corpus.h),
// on every channel that needs no cluster: shown configs, the statement echo, the
// source line quoted under an error, SHOW CREATE's variables, Connect's messages,
// `connql explain` in both forms, a compile error, and `run`'s JSON error entity.
// The channels that need a cluster are in cluster_secrets_test.cpp.
#include <algorithm>
#include <fstream>

#include "compiler/decompile.h"
#include "compiler/secrets.h"
#include "helpers.h"
#include "secret_corpus.h"
#include "subprocess.h"

namespace connql::testing {
namespace {

Config corpus_config() {
    Config config;
    config.set("connector.class", "org.apache.kafka.connect.file.FileStreamSinkConnector");
    config.set("topics", "orders");
    for (const SecretShape& shape : secret_corpus()) config.set(shape.key, shape.value);
    return config;
}

// A CREATE statement that writes every shape in WITH.
std::string corpus_statement(const std::string& name = "leaky") {
    std::string text = "CREATE SINK CONNECTOR " + name + " USING 'FileStreamSink' WITH (\n  topics = 'orders'";
    for (const SecretShape& shape : secret_corpus()) text += ",\n  " + quote_string(shape.key) + " = " + quote_string(shape.value);
    return text + "\n)";
}


#define EXPECT_NO_LEAK(text) EXPECT_EQ(leaks(text), std::vector<std::string>{}) << (text)

TEST(SecretCorpus, HasAtLeastFortyShapesEachSecret) {
    EXPECT_GE(secret_corpus().size(), 40u);
    for (const SecretShape& shape : secret_corpus()) {
        EXPECT_TRUE(is_secret(shape.key, shape.value)) << shape.key;
        EXPECT_NE(shape.value.find(shape.secret), std::string::npos) << shape.key;
    }
}

TEST(SecretCorpus, ShownConfigs) {
    Config shown = masked(corpus_config());
    EXPECT_NO_LEAK(shown.to_json().dump());
    // Embedded credentials go, the rest of the value stays readable.
    EXPECT_EQ(*shown.find("connection.url"), "jdbc:postgresql://app:***@db.internal:5432/shop");
    EXPECT_EQ(*shown.find("http.headers"), "Authorization: Bearer ***");
    EXPECT_EQ(*shown.find("connection.password"), kMasked);
    EXPECT_EQ(*shown.find("topics"), "orders");
}

TEST(SecretCorpus, DeclaredPasswordKeysAndShowSecrets) {
    SecretPolicy declared;
    declared.password_keys = {"custom.field"};
    EXPECT_EQ(masked_value("custom.field", "declared-s99", declared), std::optional<std::string>(kMasked));
    EXPECT_FALSE(is_secret("custom.field", "declared-s99"));
    SecretPolicy show;
    show.show = true;
    EXPECT_EQ(masked(corpus_config(), show), corpus_config());
}

TEST(SecretCorpus, ProviderReferencesAreShownAsWritten) {
    for (const SecretShape& shape : provider_references()) {
        EXPECT_FALSE(is_secret(shape.key, shape.value)) << shape.key;
        Config config;
        config.set(shape.key, shape.value);
        EXPECT_EQ(*masked(config).find(shape.key), shape.value);
    }
}

TEST(SecretCorpus, StatementEchoIsMaskedAsKsqlDbMasksIt) {
    std::string echo = query_mask(corpus_statement());
    EXPECT_NO_LEAK(echo);
    EXPECT_NE(echo.find("USING 'FileStreamSink'"), std::string::npos) << echo;
    EXPECT_NE(echo.find("topics = '[string]'"), std::string::npos) << echo;
    EXPECT_EQ(query_mask("CREATE SOURCE CONNECTOR c WITH ('connector.class' = 'X', 'tasks.max' = 2);"),
              "CREATE SOURCE CONNECTOR c WITH ('connector.class' = 'X', 'tasks.max' = '[string]');");
    EXPECT_EQ(query_mask("DEFINE db_password = 'x'; SET 'connql.wait' = 'running';"),
              "DEFINE db_password = '[string]'; SET 'connql.wait' = 'running';");
}

TEST(SecretCorpus, QuotedSourceLinesKeepTheirColumns) {
    std::string text = corpus_statement() + " WTH;\n-- é ü ${x}\nDEFINE db_password = 'määh-s45';";
    std::string masked_text = mask_source(text);
    EXPECT_NO_LEAK(masked_text);
    EXPECT_EQ(masked_text.find("määh-s45"), std::string::npos);
    // Line by line, the same number of characters: a caret lands where it did.
    auto lines = [](const std::string& s) {
        std::vector<size_t> widths(1, 0);
        for (char c : s) {
            if (c == '\n') {
                widths.push_back(0);
            } else if ((static_cast<unsigned char>(c) & 0xC0) != 0x80) {
                ++widths.back();
            }
        }
        return widths;
    };
    EXPECT_EQ(lines(masked_text), lines(text));
    EXPECT_NE(masked_text.find("'jdbc:postgresql://app:*********@db.internal:5432/shop'"), std::string::npos);
}

TEST(SecretCorpus, ShowCreateNamesVariablesInsteadOfSecrets) {
    Config config = corpus_config();
    DecompileOptions options;
    options.secrets = SecretPolicy{};
    Decompiled out = decompile("leaky-sink", ast::ConnectorKind::Sink, config, options);
    EXPECT_NO_LEAK(out.statement);
    EXPECT_EQ(out.secret_variables.size(), secret_corpus().size());
    EXPECT_NE(out.statement.find("'${leaky_sink_connection_password}'"), std::string::npos) << out.statement;
    EXPECT_NE(out.statement.find("--   DEFINE leaky_sink_connection_password = '...';"), std::string::npos);
    // Without the variables, the statement is rejected before anything is sent...
    ParseState bare;
    EXPECT_THROW(parse_script(out.statement, bare), Error);
    // ...with them, it compiles back to the very config it came from.
    ParseState defined;
    for (const SecretShape& shape : secret_corpus()) {
        defined.variables.define(secret_variable_name("leaky-sink", shape.key), shape.value);
    }
    auto statements = parse_script(out.statement, defined);
    ASSERT_EQ(statements.size(), 1u);
    Config back = compile_create(std::get<ast::CreateConnector>(statements[0].node), {}).config;
    Config expected = config;
    expected.set("name", "leaky-sink");
    EXPECT_EQ(back, expected);
}

TEST(SecretCorpus, ShowCreateInTheKsqldbDialectQuotesNamesThatWouldChangeCase) {
    Config config;
    config.set("connector.class", "org.apache.kafka.connect.file.FileStreamSinkConnector");
    config.set("topics", "t");
    config.set("transforms", "route");
    config.set("transforms.route.type", "org.apache.kafka.connect.transforms.RegexRouter");
    config.set("transforms.route.regex", "(.*)");
    config.set("transforms.route.replacement", "$1-x");
    DecompileOptions options;
    options.dialect = Dialect::Ksqldb;
    Decompiled out = decompile("orders_sink", ast::ConnectorKind::Sink, config, options);
    EXPECT_NE(out.statement.find("CONNECTOR `orders_sink`"), std::string::npos) << out.statement;
    EXPECT_NE(out.statement.find("TRANSFORM `route`"), std::string::npos) << out.statement;
    ParseState state;
    state.dialect = Dialect::Ksqldb;
    auto statements = parse_script(out.statement, state);
    EXPECT_EQ(std::get<ast::CreateConnector>(statements[0].node).name.text, "orders_sink");
}

TEST(SecretCorpus, ConnectMessagesAreScrubbed) {
    std::string message = "Connector configuration is invalid:";
    for (const SecretShape& shape : secret_corpus()) message += " value '" + shape.value + "' of " + shape.key + ";";
    EXPECT_NO_LEAK(scrub(message, corpus_config()));
    EXPECT_NO_LEAK(mask_embedded_credentials("failed to connect to jdbc:postgresql://app:urlpw-s32@db/shop"));
    // Ordinary words after a marker are no credential.
    EXPECT_EQ(mask_embedded_credentials("authentication failed for the bearer token at http://h:1 (401)"),
              "authentication failed for the bearer token at http://h:1 (401)");
    EXPECT_EQ(mask_embedded_credentials("sent Bearer eyJhbGciOiJIUzI1NiJ9.x"), "sent Bearer ***");
}

TEST(SecretCorpus, MaskTextIsRefusedBeforeAnythingIsSent) {
    Result r = run("explain -", "CREATE SINK CONNECTOR c USING 'FileStreamSink' WITH (topics = 't', 'connection.password' = '[hidden]');");
    EXPECT_EQ(r.exit_code, 2);
    EXPECT_NE(r.out.find("the value of 'connection.password' is the mask connql prints in place of a secret"),
              std::string::npos)
        << r.out;
    Result url = run("explain -", "CREATE SINK CONNECTOR c USING 'FileStreamSink' WITH (topics = 't', "
                                  "'connection.url' = 'jdbc:postgresql://app:***@db/shop');");
    EXPECT_EQ(url.exit_code, 2) << url.out;
}

TEST(SecretCorpus, ExplainInBothFormsAndWithShowSecrets) {
    std::string script = corpus_statement() + ";\n";
    Result table = run("explain -", script);
    ASSERT_EQ(table.exit_code, 0) << table.out;
    EXPECT_NO_LEAK(table.out);
    Result json = run("explain -o json -", script);
    ASSERT_EQ(json.exit_code, 0) << json.out;
    EXPECT_NO_LEAK(json.out);
    Result shown = run("explain --show-secrets -o json -", script);
    EXPECT_EQ(leaks(shown.out).size(), secret_corpus().size()) << "--show-secrets shows every one";
}

TEST(SecretCorpus, CompileAndRunErrorsShowNoSecret) {
    // A syntax error right after the secrets: the quoted line and the message.
    Result syntax = run("explain -", corpus_statement() + " WTH;\n");
    EXPECT_EQ(syntax.exit_code, 2);
    EXPECT_NE(syntax.out.find("error: unexpected 'WTH'"), std::string::npos) << syntax.out;
    EXPECT_NO_LEAK(syntax.out);
    // A compile error on the line of a secret (a key given twice).
    Result twice = run("explain -", "CREATE SINK CONNECTOR c USING 'FileStreamSink' WITH ('database.password' = "
                                    "'pgpass-s02', 'database.password' = 'pgpass-s02');");
    EXPECT_EQ(twice.exit_code, 2);
    EXPECT_NO_LEAK(twice.out);
    EXPECT_NE(twice.out.find("'database.password' = '**********'"), std::string::npos) << twice.out;
    // A run whose cluster cannot be reached: the rendered error, the summary and the JSON entity.
    Result failed = run("run -o json --connect-url http://127.0.0.1:1 -", corpus_statement() + ";\n");
    EXPECT_EQ(failed.exit_code, 1) << failed.out;
    EXPECT_NE(failed.out.find("\"statementText\""), std::string::npos) << failed.out;
    EXPECT_NO_LEAK(failed.out);
    // Variables with secret names, in SHOW VARIABLES.
    Result variables = run("run --connect-url http://127.0.0.1:1 -", "DEFINE db_password = 'varpw-s46'; SHOW VARIABLES;");
    EXPECT_EQ(variables.exit_code, 0) << variables.out;
    EXPECT_EQ(variables.out.find("varpw-s46"), std::string::npos) << variables.out;
}

TEST(SecretCorpus, SessionPropertiesUrlsAndClustersFiles) {
    // A secret session property: neither the message nor the echo shows it.
    Result set = run("run -o json --connect-url http://127.0.0.1:1 -",
                     "SET 'ssl.keystore.password' = 'setpw-s47';\nSET 'sasl.jaas.config' = 'x required password=\"jaaspw-s48\";';");
    EXPECT_EQ(set.exit_code, 0) << set.out;
    EXPECT_EQ(set.out.find("setpw-s47"), std::string::npos) << set.out;
    EXPECT_EQ(set.out.find("jaaspw-s48"), std::string::npos) << set.out;
    EXPECT_NE(set.out.find("Set ssl.keystore.password to [hidden]"), std::string::npos) << set.out;
    // A worker URL with credentials, in errors and in SHOW CLUSTERS.
    Result url = run("run -o json --connect-url http://ops:urlpw-s49@127.0.0.1:1 -", "SHOW CONNECTORS;");
    EXPECT_EQ(url.exit_code, 1) << url.out;
    EXPECT_EQ(url.out.find("urlpw-s49"), std::string::npos) << url.out;
    EXPECT_NE(url.out.find("ops:***@127.0.0.1:1"), std::string::npos) << url.out;
    std::string config = ::testing::TempDir() + "connql-secret-clusters.json";
    std::ofstream(config) << R"({"clusters": {"prod": {"urls": ["https://ops:filepw-s50@connect:8083"]}}})";
    Result clusters = run_command("CONNQL_CONFIG=" + config + " " + CONNQL_BINARY + " run -o json -", "SHOW CLUSTERS;");
    EXPECT_EQ(clusters.exit_code, 0) << clusters.out;
    EXPECT_EQ(clusters.out.find("filepw-s50"), std::string::npos) << clusters.out;
    EXPECT_NE(clusters.out.find("\"current\": false"), std::string::npos) << clusters.out;
    std::remove(config.c_str());
}

}  // namespace
}  // namespace connql::testing
