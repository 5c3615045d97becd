#include "compiler/properties.h"

#include "common/diagnostic.h"
#include "common/suggest.h"
#include "common/text.h"
#include "compiler/durations.h"

namespace connql {

const std::vector<PropertyInfo>& connql_properties() {
    static const std::vector<PropertyInfo> properties = {
        {"connql.wait", "'running' or 'none'",
         "'running': CREATE, ALTER, RESUME and RESTART wait until the connector and its tasks run"},
        {"connql.wait.timeout", "a duration", "how long connql.wait waits (default 60s)"},
        {"connql.wait.settle", "a duration",
         "how long a status unchanged since before a change must last to be the answer (default 5s)"},
        {"connql.timeout", "a duration", "the time allowed for each request to Kafka Connect (default 30s)"},
        {"connql.print.idle", "a duration", "how long PRINT waits for a further record (default 3s)"},
        {"connql.dialect", "'connql' or 'ksqldb'", "how unquoted names are read from the next statement on"},
        {"connql.schema.registry.url", "a URL", "the registry of FORMAT AVRO | PROTOBUF | JSON_SR"},
        {"connql.output", "'table' or 'json'", "the REPL's output format from the next statement on (default: -o)"},
    };
    return properties;
}

namespace {

bool is_duration_property(std::string_view name) {
    return name == "connql.wait.timeout" || name == "connql.wait.settle" || name == "connql.timeout" ||
           name == "connql.print.idle";
}

}  // namespace

std::optional<std::string> check_property(const std::string& name, const std::string& value, Position name_pos,
                                          Position value_pos) {
    if (!starts_with(name, "connql.")) {
        return "property '" + name + "' is kept for the session but changes nothing in connql (ksqlDB query "
               "properties have no meaning for connectors)";
    }
    const std::vector<PropertyInfo>& known = connql_properties();
    const PropertyInfo* info = nullptr;
    for (const PropertyInfo& property : known) {
        if (name == property.name) info = &property;
    }
    if (info == nullptr) {
        std::vector<std::string> names;
        for (const PropertyInfo& property : known) names.emplace_back(property.name);
        auto guess = closest(name, names);
        std::string all;
        for (const std::string& n : names) all += (all.empty() ? "" : ", ") + n;
        throw Error(ErrorKind::Compile, "unknown property '" + name + "'", name_pos,
                    guess ? "did you mean '" + *guess + "'?" : "connql's properties are: " + all);
    }
    auto reject = [&](const std::string& hint) {
        throw Error(ErrorKind::Compile, "'" + value + "' is not a valid value for " + name + " (it takes " +
                                            info->accepts + ")",
                    value_pos, hint);
    };
    if (name == "connql.wait" && value != "running" && value != "none") reject("write 'running' or 'none'");
    if (name == "connql.output" && value != "table" && value != "json") reject("write 'table' or 'json'");
    if (is_duration_property(name)) {
        std::optional<long long> ms = parse_duration_ms(value);
        if (!ms || *ms <= 0) reject("write '30s', '2m', '500ms' or a number of milliseconds");
    }
    if (name == "connql.schema.registry.url" && value.find("://") == std::string::npos) {
        reject("write the registry's URL, e.g. 'http://schema-registry:8081'");
    }
    // connql.dialect is checked by the parser, which applies it to the statements after it.
    return std::nullopt;
}

}  // namespace connql
