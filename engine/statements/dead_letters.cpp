// SHOW ERRORS FOR CONNECTOR: the connector's config from Connect names its dead
// letter topic; the records come from the brokers (kafka/topics.h, PRINT's consumer).
#include <algorithm>

#include "common/text.h"
#include "compiler/secrets.h"
#include "connect/endpoints.h"
#include "engine/connect_errors.h"
#include "engine/statement_context.h"
#include "kafka/topics.h"

namespace connql::detail {

namespace api = connect::endpoints;

namespace {

// Without FROM BEGINNING: the last records, as `tail` would show them.
constexpr long long kDefaultLimit = 20;
constexpr const char* kContextPrefix = "__connect.errors.";

// Record contents as they may be shown: valid UTF-8, with any secret of the
// connector's config and any embedded credential masked (an exception message can
// quote a JDBC URL with its password).
class Shown {
public:
    Shown(const Config& config, SecretPolicy policy) : config_(config), policy_(std::move(policy)) {}
    std::string operator()(std::string_view bytes) const { return scrub(valid_utf8(bytes), config_, policy_); }

private:
    const Config& config_;
    SecretPolicy policy_;
};

DeadLetterRecord dead_letter(const PrintedRecord& record, const Shown& shown) {
    DeadLetterRecord out;
    out.partition = record.partition;
    out.offset = record.offset;
    out.timestamp = record.timestamp;
    out.key = shown(record.key);
    out.value = shown(record.value);
    for (const RecordHeader& header : record.headers) {
        std::string value = header.value ? shown(*header.value) : std::string();
        if (!starts_with(header.name, kContextPrefix)) {
            out.headers.emplace_back(valid_utf8(header.name), header.value ? value : "null");
            continue;
        }
        out.has_context = true;
        std::string_view field = std::string_view(header.name).substr(std::string_view(kContextPrefix).size());
        if (field == "topic") out.original_topic = value;
        else if (field == "partition") out.original_partition = value;
        else if (field == "offset") out.original_offset = value;
        else if (field == "task.id") out.task_id = value;
        else if (field == "stage") out.stage = value;
        else if (field == "class.name") out.class_name = value;
        else if (field == "exception.class.name") out.exception_class = value;
        else if (field == "exception.message") out.exception_message = value;
        else if (field == "exception.stacktrace") out.stacktrace = value;
        // connector.name is the connector asked about; nothing to add.
    }
    return out;
}

}  // namespace

ResultValue run(const ast::ShowConnectorErrors& statement, StatementContext& context) {
    const std::string& name = statement.name.text;
    connect::Client& client = context.client();
    connect::Response response = api::get_config(client, name);
    if (!response.ok()) throw_connect_error(response, "reading the config of connector '" + name + "'", {&client, name});
    Config config = Config::from_json(response.body);
    const std::string* topic = config.find("errors.deadletterqueue.topic.name");
    if (topic == nullptr || topic->empty()) {
        throw Error(ErrorKind::Runtime, "connector '" + name + "' has no dead letter topic", statement.name.pos,
                    "a sink connector sends failed records to one with ALTER CONNECTOR " + name +
                        " SET ('errors.tolerance' = 'all', 'errors.deadletterqueue.topic.name' = '...', "
                        "'errors.deadletterqueue.context.headers.enable' = 'true'), or created with ON ERROR SEND TO "
                        "DEAD LETTER TOPIC '...' WITH CONTEXT HEADERS (source connectors have none)");
    }
    const std::string* class_name = config.find("connector.class");
    Shown shown(config, context.session.secret_policy(client, class_name != nullptr ? *class_name : ""));

    ConnectorErrors out;
    out.connector = name;
    out.topic = *topic;
    out.from_beginning = statement.from_beginning;
    out.limit = statement.from_beginning ? statement.limit.value_or(0) : statement.limit.value_or(kDefaultLimit);
    const long timeout_ms = static_cast<long>(context.session.duration_property("connql.timeout", 30000));
    // The tail reads the last n of every partition and keeps the newest n of them.
    std::optional<long long> last = statement.from_beginning ? std::nullopt : std::optional<long long>(out.limit);
    std::optional<long long> limit = statement.from_beginning ? statement.limit : std::nullopt;
    std::vector<PrintedRecord> records = read_topic_to_end(context.session.cluster()->bootstrap_servers, *topic, last,
                                                           limit, timeout_ms, context.session.cancel_token());
    if (last) {
        std::stable_sort(records.begin(), records.end(), [](const PrintedRecord& a, const PrintedRecord& b) {
            return a.timestamp < b.timestamp;
        });
        if (static_cast<long long>(records.size()) > *last) records.erase(records.begin(), records.end() - *last);
    }
    for (const PrintedRecord& record : records) out.records.push_back(dead_letter(record, shown));
    return out;
}

}  // namespace connql::detail
