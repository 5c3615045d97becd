// SHOW CONNECTORS on the server over a large cluster, without the network: reading
// Connect's GET /connectors?expand=status&expand=info answer, writing the /ksql
// entity, and masking it, each beside what it replaced (docs/benchmarks.md, "connql serve").
//   build/bench/connql_list_bench --benchmark_repetitions=5
#include <benchmark/benchmark.h>

#include <string>

#include <nlohmann/json.hpp>

#include "compiler/secrets.h"
#include "engine/connector_list_reader.h"
#include "render/entities.h"

namespace connql::bench {
namespace {

// An answer as a 3.9 worker writes it for FileStreamSource connectors with one task:
// 453 bytes a connector (the development cluster's 500 made 226,739).
std::string expanded_answer(int connectors) {
    std::string out = "{";
    for (int i = 0; i < connectors; ++i) {
        const std::string name = "bench-serve-" + std::to_string(i);
        if (i) out += ',';
        out += "\"" + name + "\":{\"status\":{\"name\":\"" + name +
               "\",\"connector\":{\"state\":\"RUNNING\",\"worker_id\":\"127.0.0.1:56955\"},\"tasks\":[{\"id\":0,"
               "\"state\":\"RUNNING\",\"worker_id\":\"127.0.0.1:48239\"}],\"type\":\"source\"},\"info\":{\"name\":\"" +
               name +
               "\",\"config\":{\"connector.class\":\"org.apache.kafka.connect.file.FileStreamSourceConnector\","
               "\"file\":\"/tmp/connql-bench-none\",\"tasks.max\":\"1\",\"name\":\"" +
               name + "\",\"topic\":\"bench\"},\"tasks\":[{\"connector\":\"" + name +
               "\",\"task\":0}],\"type\":\"source\"}}";
    }
    return out + "}";
}

void BM_ReadConnectorRows(benchmark::State& state) {
    const std::string answer = expanded_answer(static_cast<int>(state.range(0)));
    for (auto _ : state) {
        auto rows = read_connector_rows(answer);
        benchmark::DoNotOptimize(rows);
    }
    state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * answer.size()));
}
BENCHMARK(BM_ReadConnectorRows)->Arg(500)->Unit(benchmark::kMicrosecond);

// The same bytes as the last answer (a poll of an unchanged cluster): compared, not read.
void BM_ReadConnectorRowsUnchanged(benchmark::State& state) {
    const std::string answer = expanded_answer(static_cast<int>(state.range(0)));
    auto read_with = [&](std::shared_ptr<const ConnectorListing> last) {
        return std::get<std::shared_ptr<const ConnectorListing>>(read_connector_listing(answer, std::move(last)));
    };
    const std::shared_ptr<const ConnectorListing> last = read_with(nullptr);
    for (auto _ : state) {
        auto listing = read_with(last);
        if (listing != last) state.SkipWithError("read again");
    }
    state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * answer.size()));
}
BENCHMARK(BM_ReadConnectorRowsUnchanged)->Arg(500)->Unit(benchmark::kMicrosecond);

// What it replaced: the answer as a JSON tree (nlohmann), before any row is made.
void BM_ParseConnectorListAsTree(benchmark::State& state) {
    const std::string answer = expanded_answer(static_cast<int>(state.range(0)));
    for (auto _ : state) {
        auto tree = nlohmann::json::parse(answer);
        benchmark::DoNotOptimize(tree);
    }
    state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * answer.size()));
}
BENCHMARK(BM_ParseConnectorListAsTree)->Arg(500)->Unit(benchmark::kMicrosecond);

StatementResult listed(int connectors) {
    ConnectorList list;
    list.connectors = std::make_shared<const std::vector<ConnectorRow>>(
        std::get<std::vector<ConnectorRow>>(read_connector_rows(expanded_answer(connectors))));
    return StatementResult{"SHOW CONNECTORS;", list, {}};
}

// Rows read from a new answer: written out (the rows of each iteration are a copy, made
// outside the timing, so that the text of the last rows cannot be reused).
void BM_WriteConnectorListEntity(benchmark::State& state) {
    const StatementResult result = listed(static_cast<int>(state.range(0)));
    const auto& rows = std::get<ConnectorList>(result.value).connectors;
    for (auto _ : state) {
        state.PauseTiming();
        StatementResult fresh = result;
        std::get<ConnectorList>(fresh.value).connectors = std::make_shared<const std::vector<ConnectorRow>>(*rows);
        state.ResumeTiming();
        std::string text = render_entity_parts(fresh)->text();
        benchmark::DoNotOptimize(text);
    }
}
BENCHMARK(BM_WriteConnectorListEntity)->Arg(500)->Unit(benchmark::kMicrosecond);

// The rows of the last answer again (a poll of an unchanged cluster): their text is kept.
void BM_WriteConnectorListEntityAgain(benchmark::State& state) {
    const StatementResult result = listed(static_cast<int>(state.range(0)));
    for (auto _ : state) {
        std::string text = render_entity_parts(result)->text();
        benchmark::DoNotOptimize(text);
    }
}
BENCHMARK(BM_WriteConnectorListEntityAgain)->Arg(500)->Unit(benchmark::kMicrosecond);

// What it replaced: the entity built as a tree, a row at a time, as render/entities.cpp
// built it before (0484678), then dumped.
void BM_WriteConnectorListEntityAsTree(benchmark::State& state) {
    const StatementResult result = listed(static_cast<int>(state.range(0)));
    for (auto _ : state) {
        nlohmann::ordered_json e;
        e["@type"] = "connector_list";
        e["statementText"] = result.statement_text;
        e["connectors"] = nlohmann::ordered_json::array();
        for (const ConnectorRow& c : *std::get<ConnectorList>(result.value).connectors) {
            e["connectors"].push_back({{"name", c.name}, {"type", c.type}, {"className", c.class_name}, {"state", c.state},
                                       {"connectorState", c.connector_state}, {"tasksRunning", c.tasks_running},
                                       {"tasksTotal", c.tasks_total}, {"tasksFailed", c.tasks_failed}});
        }
        e["warnings"] = nlohmann::ordered_json::array();
        std::string text = e.dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace);
        benchmark::DoNotOptimize(text);
    }
}
BENCHMARK(BM_WriteConnectorListEntityAsTree)->Arg(500)->Unit(benchmark::kMicrosecond);

// The server's last pass over every answer: credentials embedded in free text.
void BM_MaskConnectorListAnswer(benchmark::State& state) {
    const std::string text = render_entity_parts(listed(static_cast<int>(state.range(0))))->text();
    for (auto _ : state) {
        std::string masked = mask_embedded_credentials(text);
        benchmark::DoNotOptimize(masked);
    }
    state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * text.size()));
}
BENCHMARK(BM_MaskConnectorListAnswer)->Arg(500)->Unit(benchmark::kMicrosecond);

}  // namespace
}  // namespace connql::bench

BENCHMARK_MAIN();
