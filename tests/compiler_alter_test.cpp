// ALTER CONNECTOR: live config -> new config.
#include "helpers.h"

namespace connql::testing {
namespace {

Config live_config() {
    return compile("CREATE SINK CONNECTOR c USING 'FileStreamSink' WITH (topics = 'in', file = '/tmp/out')\n"
                   "  TRANSFORM a USING 'Filter' WHEN TOMBSTONE\n"
                   "  TRANSFORM b USING 'Cast$Value' WITH (spec = 'x:int32') WHEN p\n"
                   "  PREDICATE p USING 'TopicNameMatches' WITH (pattern = 'in');")
        .config;
}

Config alter(const Config& live, const std::string& text) {
    return compile_alter(live, parse_as<ast::AlterConnector>(text), {});
}

Diagnostic alter_error(const Config& live, const std::string& text) {
    return error_of([&] { alter(live, text); });
}

TEST(CompileAlter, SetAddsAndOverwrites) {
    Config after = alter(live_config(), "ALTER CONNECTOR c SET ('tasks.max' = 3, file = '/tmp/other');");
    EXPECT_EQ(value_of(after, "tasks.max"), "3");
    EXPECT_EQ(value_of(after, "file"), "/tmp/other");
    EXPECT_EQ(after.size(), live_config().size() + 1);
}

TEST(CompileAlter, SetRejectsRenameAndDuplicates) {
    EXPECT_DIAGNOSTIC(alter_error(live_config(), "ALTER CONNECTOR c SET (name = 'd');"), ErrorKind::Compile,
                      "a connector cannot be renamed", 1, 24);
    auto twice = alter_error(live_config(), "ALTER CONNECTOR c SET (a = '1', a = '2');");
    EXPECT_DIAGNOSTIC(twice, ErrorKind::Compile, "key 'a' appears twice in SET", 1, 33);
}

TEST(CompileAlter, Unset) {
    Config after = alter(live_config(), "ALTER CONNECTOR c UNSET (file);");
    EXPECT_FALSE(after.contains("file"));
    EXPECT_DIAGNOSTIC(alter_error(live_config(), "ALTER CONNECTOR c UNSET ('nope');"), ErrorKind::Runtime,
                      "connector 'c' has no config key 'nope'", 1, 26);
    EXPECT_DIAGNOSTIC(alter_error(live_config(), "ALTER CONNECTOR c UNSET ('connector.class');"), ErrorKind::Compile,
                      "cannot be unset", 1, 26);
}

TEST(CompileAlter, AddTransformPlacements) {
    EXPECT_EQ(value_of(alter(live_config(), "ALTER CONNECTOR c ADD TRANSFORM t USING 'Filter';"), "transforms"), "a,b,t");
    EXPECT_EQ(value_of(alter(live_config(), "ALTER CONNECTOR c ADD TRANSFORM t USING 'Filter' FIRST;"), "transforms"),
              "t,a,b");
    EXPECT_EQ(value_of(alter(live_config(), "ALTER CONNECTOR c ADD TRANSFORM t USING 'Filter' BEFORE b;"), "transforms"),
              "a,t,b");
    EXPECT_EQ(value_of(alter(live_config(), "ALTER CONNECTOR c ADD TRANSFORM t USING 'Filter' AFTER a;"), "transforms"),
              "a,t,b");
    Config none = compile("CREATE SINK CONNECTOR c USING 'X';").config;
    Config first = alter(none, "ALTER CONNECTOR c ADD TRANSFORM t USING 'RegexRouter' WITH (regex = 'a', replacement = 'b');");
    EXPECT_EQ(value_of(first, "transforms"), "t");
    EXPECT_EQ(value_of(first, "transforms.t.type"), "org.apache.kafka.connect.transforms.RegexRouter");
    EXPECT_EQ(value_of(first, "transforms.t.regex"), "a");
}

TEST(CompileAlter, AddTransformWithPredicates) {
    Config named = alter(live_config(), "ALTER CONNECTOR c ADD TRANSFORM t USING 'Filter' WHEN NOT p;");
    EXPECT_EQ(value_of(named, "transforms.t.predicate"), "p");
    EXPECT_EQ(value_of(named, "transforms.t.negate"), "true");
    Config inline_form = alter(live_config(), "ALTER CONNECTOR c ADD TRANSFORM t USING 'Filter' WHEN HEADER 'h' EXISTS;");
    EXPECT_EQ(value_of(inline_form, "predicates"), "p,a_is_tombstone,t_has_header");
    EXPECT_EQ(value_of(inline_form, "predicates.t_has_header.name"), "h");
    // The result is exactly what CREATE would have produced with the clause in place.
    Config created = compile("CREATE SINK CONNECTOR c USING 'FileStreamSink' WITH (topics = 'in', file = '/tmp/out')\n"
                             "  TRANSFORM a USING 'Filter' WHEN TOMBSTONE\n"
                             "  TRANSFORM b USING 'Cast$Value' WITH (spec = 'x:int32') WHEN p\n"
                             "  TRANSFORM t USING 'Filter' WHEN HEADER 'h' EXISTS\n"
                             "  PREDICATE p USING 'TopicNameMatches' WITH (pattern = 'in');")
                         .config;
    EXPECT_EQ(inline_form, created);
}

TEST(CompileAlter, AddTransformErrors) {
    EXPECT_DIAGNOSTIC(alter_error(live_config(), "ALTER CONNECTOR c ADD TRANSFORM a USING 'Filter';"), ErrorKind::Runtime,
                      "already has a transform 'a'", 1, 33);
    EXPECT_DIAGNOSTIC(alter_error(live_config(), "ALTER CONNECTOR c ADD TRANSFORM t USING 'Filter' AFTER zz;"),
                      ErrorKind::Runtime, "has no transform 'zz'", 1, 56);
    EXPECT_DIAGNOSTIC(alter_error(live_config(), "ALTER CONNECTOR c ADD TRANSFORM t USING 'Filter' WHEN q;"),
                      ErrorKind::Compile, "uses predicate 'q', which is not declared", 1, 55);
    EXPECT_DIAGNOSTIC(alter_error(live_config(), "ALTER CONNECTOR c ADD TRANSFORM t USING 'Nope';"), ErrorKind::Compile,
                      "unknown transform type 'Nope'", 1, 41);
}

TEST(CompileAlter, DropTransformRemovesItsKeysAndGeneratedPredicate) {
    Config after = alter(live_config(), "ALTER CONNECTOR c DROP TRANSFORM a;");
    EXPECT_EQ(value_of(after, "transforms"), "b");
    EXPECT_FALSE(after.contains("transforms.a.type"));
    EXPECT_FALSE(after.contains("transforms.a.predicate"));
    EXPECT_EQ(value_of(after, "predicates"), "p");
    EXPECT_FALSE(after.contains("predicates.a_is_tombstone.type"));
    // A declared predicate stays even when no transform uses it any more.
    Config both = alter(after, "ALTER CONNECTOR c DROP TRANSFORM b;");
    EXPECT_FALSE(both.contains("transforms"));
    EXPECT_EQ(value_of(both, "predicates"), "p");
    EXPECT_DIAGNOSTIC(alter_error(live_config(), "ALTER CONNECTOR c DROP TRANSFORM zz;"), ErrorKind::Runtime,
                      "has no transform 'zz'", 1, 34);
}

TEST(CompileAlter, OnlyConfigActionsChangeTheConfig) {
    EXPECT_TRUE(alter_changes_config(parse_as<ast::AlterConnector>("ALTER CONNECTOR c SET (a = 'b');").action));
    EXPECT_FALSE(alter_changes_config(parse_as<ast::AlterConnector>("ALTER CONNECTOR c RESET OFFSETS;").action));
    EXPECT_FALSE(alter_changes_config(parse_as<ast::AlterConnector>("ALTER CONNECTOR c RESET TOPICS;").action));
}

}  // namespace
}  // namespace connql::testing
