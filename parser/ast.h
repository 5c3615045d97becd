// The typed AST: the single input of everything after the parser.
//
// Every name and value here is already resolved: variables substituted, quotes
// removed, and unquoted identifiers case-normalised for the dialect in force.
// Positions are kept so that later stages (compiler, executor) can report errors
// at the exact place in the user's text.
#pragma once

#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "common/position.h"
#include "parser/variables.h"

namespace connql::ast {

struct Name {
    std::string text;
    Position pos;
};

// A literal value. Connect takes every config value as a string, so the text is
// what will be sent: numbers keep the digits the user wrote, TRUE becomes "true".
struct Value {
    enum class Kind { String, Number, Boolean, Null };
    Kind kind = Kind::String;
    std::string text;
    Position pos;
};

struct Property {
    std::string key;
    Position key_pos;
    Value value;
};
using Properties = std::vector<Property>;

enum class ConnectorKind { Source, Sink };

// ---------------------------------------------------------------- CREATE clauses

enum class FormatTarget { Key, Value, Header };

struct FormatSpec {
    FormatTarget target = FormatTarget::Value;
    std::string format;  // upper-cased: STRING, JSON, BYTES, AVRO, PROTOBUF, JSON_SR
    bool with_schemas = false;
    Position pos;
};

struct When {
    enum class Kind { Named, Tombstone, TopicMatches, HeaderExists };
    Kind kind = Kind::Named;
    bool negate = false;
    std::string argument;  // predicate alias, regex or header name
    Position pos;
    Position argument_pos;
};

struct TransformClause {
    Name alias;
    Value type;
    Properties properties;
    std::optional<When> when;
    Position pos;
};

struct PredicateClause {
    Name alias;
    Value type;
    Properties properties;
    Position pos;
};

struct OnErrorClause {
    enum class Action { Fail, Skip, DeadLetter };
    Action action = Action::Fail;
    bool log = false;
    bool log_messages = false;
    std::optional<Value> topic;               // DeadLetter only
    std::optional<Position> context_headers;  // where WITH CONTEXT HEADERS was written
    std::optional<Value> replication_factor;
    Position pos;
};

struct RetryClause {
    std::optional<Value> timeout;  // empty means FOREVER
    std::optional<Value> max_delay;
    Position pos;
};

struct CreateConnector {
    bool or_replace = false;
    bool if_not_exists = false;
    ConnectorKind kind = ConnectorKind::Source;
    Name name;
    std::optional<Value> using_class;
    Properties with;
    std::optional<Position> with_pos;
    std::vector<FormatSpec> formats;
    std::vector<TransformClause> transforms;
    std::vector<PredicateClause> predicates;
    std::optional<OnErrorClause> on_error;
    std::optional<RetryClause> retry;
    Position pos;
};

// ---------------------------------------------------------------- ALTER

struct AlterSet { Properties properties; };
struct AlterUnset { std::vector<Name> keys; };
struct TransformPlacement {
    enum class Kind { Last, First, Before, After };
    Kind kind = Kind::Last;
    std::optional<Name> anchor;
};
struct AlterAddTransform { TransformClause transform; TransformPlacement placement; };
struct AlterDropTransform { Name alias; };
struct AlterResetOffsets {};
struct AlterSetOffsets { Value offsets_json; };
struct AlterResetTopics {};

using AlterAction = std::variant<AlterSet, AlterUnset, AlterAddTransform, AlterDropTransform,
                                 AlterResetOffsets, AlterSetOffsets, AlterResetTopics>;

struct AlterConnector {
    Name name;
    AlterAction action;
    Position pos;
};

// ---------------------------------------------------------------- other statements

struct DropConnector {
    bool if_exists = false;
    std::vector<Name> names;
};

struct LifecycleConnector {
    enum class Action { Pause, Resume, Stop };
    Action action = Action::Pause;
    Name name;
};

struct RestartConnector {
    Name name;
    bool include_tasks = false;
    bool only_failed = false;
};

struct RestartTask {
    Name name;
    int task = 0;
};

struct ShowConnectors {
    std::optional<ConnectorKind> kind;
    std::optional<std::string> like;
};

struct DescribeConnector {
    Name name;
    bool extended = false;
};

struct ShowCreateConnector { Name name; };

struct ShowPlugins {
    bool all = false;  // ALL PLUGINS: also transforms, converters, predicates
    std::optional<std::string> like;
};

struct DescribePlugin { Name plugin; };
struct ShowConnectorOffsets { Name name; };
struct ShowConnectorTopics { Name name; };
struct ShowTopics { bool extended = false; };
// SHOW ERRORS FOR CONNECTOR: the records of the connector's dead letter topic.
struct ShowConnectorErrors {
    Name name;
    std::optional<long long> limit;
    bool from_beginning = false;
};

struct PrintTopic {
    Name topic;
    bool from_beginning = false;
    std::optional<long long> limit;
};

struct Explain { std::variant<CreateConnector, AlterConnector> target; };
struct Validate { CreateConnector target; };

struct DefineVariable { Name name; Value value; };
struct UndefineVariable {
    Name name;
    bool was_defined = true;  // ksqlDB warns when it was not
};
struct ShowVariables {
    // The variables defined at this point of the script: DEFINE and UNDEFINE take
    // effect as the script is read, so the session's set is that of the script's end.
    std::vector<std::pair<std::string, std::string>> variables;
};
// The SET properties in effect, and every connql.* property's default.
struct ShowProperties {};
// ksqlDB's streams, tables and queries: connql has none, and answers with empty
// lists so that ksqlDB clients testing a connection (cube.js, ksql-python) work.
struct ShowKsqlEntities {
    enum class Kind { Streams, Tables, Queries };
    Kind kind = Kind::Streams;
};
struct SetProperty { Name property; Value value; };
struct UnsetProperty { Name property; };
struct UseCluster { Name cluster; };
struct ShowClusters {};
struct RunScript { Value path; };

using StatementNode =
    std::variant<CreateConnector, AlterConnector, DropConnector, LifecycleConnector,
                 RestartConnector, RestartTask, ShowConnectors, DescribeConnector,
                 ShowCreateConnector, ShowPlugins, DescribePlugin, ShowConnectorOffsets,
                 ShowConnectorTopics, ShowConnectorErrors, ShowTopics, PrintTopic, Explain, Validate, DefineVariable,
                 UndefineVariable, ShowVariables, ShowProperties, ShowKsqlEntities, SetProperty,
                 UnsetProperty, UseCluster, ShowClusters, RunScript>;

struct Statement {
    StatementNode node;
    Position pos;      // where the statement starts
    std::string text;  // the statement as written, without the final ';'
    Dialect dialect = Dialect::Connql;  // the dialect it was read in
};

}  // namespace connql::ast
