// The small pieces: Config, LIST values, durations, tables, secrets, suggestions, name quoting.
#include "render/table.h"
#include "compiler/durations.h"
#include "compiler/secrets.h"
#include "helpers.h"
#include "parser/keywords.h"
#include "common/suggest.h"

namespace connql::testing {
namespace {

TEST(ConfigTest, KeepsInsertionOrderAndComparesAsAMap) {
    Config a;
    a.set("b", "1");
    a.set("a", "2");
    a.set("b", "3");  // overwrite keeps the position
    EXPECT_EQ(a.entries().front(), (Config::Entry{"b", "3"}));
    Config b;
    b.set("a", "2");
    b.set("b", "3");
    EXPECT_EQ(a, b);
    b.set("c", "");
    EXPECT_NE(a, b);
    EXPECT_TRUE(b.erase("a"));
    EXPECT_FALSE(b.erase("a"));
    EXPECT_EQ(*b.find("c"), "");
    EXPECT_EQ(b.entries().front().first, "b");
}

TEST(ConfigTest, WithoutPrefixAndList) {
    Config c;
    c.set("transforms", " a , b,c ");
    c.set("transforms.a.type", "x");
    c.set("transforms.ab.type", "y");
    Config rest = c.without_prefix("transforms.a.");
    EXPECT_FALSE(rest.contains("transforms.a.type"));
    EXPECT_TRUE(rest.contains("transforms.ab.type"));
    EXPECT_EQ(c.list("transforms"), (std::vector<std::string>{"a", "b", "c"}));
    EXPECT_TRUE(c.list("missing").empty());
    EXPECT_TRUE(split_list("  ").empty());
    EXPECT_EQ(split_list("a,,b"), (std::vector<std::string>{"a", "", "b"}));
}

TEST(ConfigTest, FromJson) {
    Config c = Config::from_json(nlohmann::json::parse(R"({"a":"1","b":"x"})"));
    EXPECT_EQ(c.size(), 2u);
    EXPECT_THROW(Config::from_json(nlohmann::json::parse(R"({"a":1})")), std::invalid_argument);
    EXPECT_THROW(Config::from_json(nlohmann::json::parse(R"([1])")), std::invalid_argument);
    EXPECT_EQ(c.to_json().dump(), R"({"a":"1","b":"x"})");
}

TEST(Durations, ParseAndFormat) {
    EXPECT_EQ(parse_duration_ms("500ms"), 500);
    EXPECT_EQ(parse_duration_ms("30s"), 30000);
    EXPECT_EQ(parse_duration_ms("10m"), 600000);
    EXPECT_EQ(parse_duration_ms("1h"), 3600000);
    EXPECT_EQ(parse_duration_ms("2d"), 172800000);
    EXPECT_EQ(parse_duration_ms("250"), 250);
    for (const char* bad : {"", "s", "1.5s", "-1", "10 m", "10min", "99999999999999999999", "9223372036854776s"}) {
        EXPECT_FALSE(parse_duration_ms(bad)) << bad;
    }
    EXPECT_EQ(format_duration(600000), "10m");
    EXPECT_EQ(format_duration(1500), "1500ms");
    EXPECT_EQ(format_duration(0), "0ms");
    EXPECT_EQ(format_duration(86400000), "1d");
    for (long long ms : {0LL, 1LL, 999LL, 1000LL, 61000LL, 3600000LL, 90061001LL}) {
        EXPECT_EQ(parse_duration_ms(format_duration(ms)), ms);
    }
}

TEST(Table, KsqldbLayout) {
    EXPECT_EQ(render_table({"Connector Name", "Type", "Class", "Status"},
                           {{"foo", "SOURCE", "clazz", "STATUS"}, {"bar", "UNKNOWN", "", ""}}),
              " Connector Name | Type    | Class | Status \n"
              "-------------------------------------------\n"
              " foo            | SOURCE  | clazz | STATUS \n"
              " bar            | UNKNOWN |       |        \n"
              "-------------------------------------------\n");
}

TEST(Table, MultiLineAndWideCells) {
    EXPECT_EQ(render_table({"K", "V"}, {{"a", "one\ntwo"}, {"\xc3\xa9", "x"}}),
              " K | V   \n"
              "---------\n"
              " a | one \n"
              "   | two \n"
              " \xc3\xa9 | x   \n"
              "---------\n");
}

TEST(Secrets, MasksSecretLookingKeysButNotProviderReferences) {
    for (const char* key : {"connection.password", "database.password", "aws.secret.access.key", "sasl.jaas.config",
                            "ssl.key.password", "basic.auth.user.info", "api.token", "CONNECTION.PASSWORD",
                            "value.converter.basic.auth.user.info"}) {
        EXPECT_TRUE(is_secret_key(key)) << key;
    }
    for (const char* key : {"key.converter", "topics", "connection.url", "key.ignore", "tasks.max", "topic.prefix"}) {
        EXPECT_FALSE(is_secret_key(key)) << key;
    }
    Config c;
    c.set("database.password", "hunter2");
    c.set("connection.password", "${file:/s.properties:pw}");
    c.set("topics", "a");
    Config m = masked(c);
    EXPECT_EQ(*m.find("database.password"), kMasked);
    EXPECT_EQ(*m.find("connection.password"), "${file:/s.properties:pw}");
    EXPECT_EQ(*m.find("topics"), "a");
}

TEST(Suggest, ClosestWithinReach) {
    EXPECT_EQ(closest("WTH", {"WITH", "WHEN", "USING"}), std::optional<std::string>("WITH"));
    EXPECT_EQ(closest("regexroutr", {"RegexRouter", "Filter"}), std::optional<std::string>("RegexRouter"));
    EXPECT_FALSE(closest("completely", {"WITH", "USING"}));
    EXPECT_EQ(edit_distance("kitten", "sitting"), 3u);
}

TEST(Keywords, QuoteName) {
    EXPECT_EQ(quote_name("orders"), "orders");
    EXPECT_EQ(quote_name("with"), "`with`");
    EXPECT_EQ(quote_name("my-conn"), "`my-conn`");
    EXPECT_EQ(quote_name("a`b"), "`a``b`");
    EXPECT_EQ(quote_name(""), "``");
    EXPECT_TRUE(is_keyword("create"));
    EXPECT_TRUE(is_keyword("Skip"));
    EXPECT_FALSE(is_keyword("orders"));
}

}  // namespace
}  // namespace connql::testing
