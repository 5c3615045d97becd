// Connect's GET /connectors?expand=status&expand=info read into SHOW CONNECTORS' rows,
// without a JSON tree: on a large cluster that answer holds every connector's whole
// config (230 KB for 500 connectors) and the rows need four fields of each. A tree of it
// cost `connql serve` 3-4 ms a request, RapidJSON's SAX reader in place about half a
// millisecond (docs/benchmarks.md, "connql serve"). Pure: no cluster, no session.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "connect/http.h"
#include "engine/results.h"

namespace connql {

// An answer of GET /connectors?expand=status&expand=info and the rows read from it.
struct ConnectorListing {
    std::string answer;
    std::vector<ConnectorRow> rows;  // by name
};

// Takes the answer as it arrives and reads it into rows once it is whole, for every
// reader of a single-flight call at once. As a JSON object, a name given twice counts
// once, with its last value; a field missing or of another type reads as "" (a
// connector removed while the worker listed it comes without its status or info).
class ConnectorListReader : public connect::BodyConsumer {
public:
    // The listing (`last` itself for the same answer), or what is wrong with the answer
    // (for the error message).
    using Result = std::variant<std::shared_ptr<const ConnectorListing>, std::string>;

    // `last`: the listing an identical answer gives again without being read.
    explicit ConnectorListReader(std::shared_ptr<const ConnectorListing> last = nullptr);

    void restart() override;
    void consume(std::string_view bytes) override;
    void end() override;

    const Result& result() const { return result_; }  // after end()

private:
    std::shared_ptr<const ConnectorListing> last_;
    std::string answer_;  // as it arrived, until end()
    bool failed_ = false;
    Result result_ = std::string("no answer was read");
};

// One whole answer through a ConnectorListReader (tests, benchmarks, the fallback of
// engine/connector_listing.cpp).
ConnectorListReader::Result read_connector_listing(std::string_view json, std::shared_ptr<const ConnectorListing> last = nullptr);
std::variant<std::vector<ConnectorRow>, std::string> read_connector_rows(std::string_view json);

}  // namespace connql
