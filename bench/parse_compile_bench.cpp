// Parse + compile of generated migrations (docs/benchmarks.md).
//   build/bench/connql_bench --benchmark_repetitions=5
#include <benchmark/benchmark.h>

#include "ConnQLLexer.h"
#include "bench/generated_script.h"
#include "compiler/compiler.h"
#include "engine/prepare.h"
#include "engine/session.h"
#include "parser/fast_lexer.h"
#include "parser/parser.h"

namespace connql::bench {
namespace {

// The whole pipeline that `connql explain` and `connql run` go through before
// sending anything: parse every statement, compile every CREATE.
void BM_ParseAndCompile(benchmark::State& state) {
    const int statements = static_cast<int>(state.range(0));
    const std::vector<ScriptInput> inputs{{"bench.sql", generated_script(statements)}};
    Session session = Session::open({});  // once per process, as in `connql explain`
    PrepareOptions options;
    options.require_cluster = false;
    for (auto _ : state) {
        PreparedScript script = prepare(inputs, session, options);
        benchmark::DoNotOptimize(script.statements.data());
        if (script.statements.size() != static_cast<size_t>(statements)) state.SkipWithError("lost statements");
    }
    state.counters["statements/s"] =
        benchmark::Counter(static_cast<double>(statements) * static_cast<double>(state.iterations()),
                           benchmark::Counter::kIsRate);
    state.SetBytesProcessed(static_cast<int64_t>(inputs[0].text.size()) * state.iterations());
}
BENCHMARK(BM_ParseAndCompile)->Arg(1000)->Arg(10000)->Unit(benchmark::kMillisecond)->UseRealTime();

void BM_ParseOnly(benchmark::State& state) {
    const std::string text = generated_script(static_cast<int>(state.range(0)));
    for (auto _ : state) {
        ParseState parse_state;
        auto statements = parse_script(text, parse_state);
        benchmark::DoNotOptimize(statements.data());
    }
    state.counters["statements/s"] = benchmark::Counter(
        static_cast<double>(state.range(0)) * static_cast<double>(state.iterations()), benchmark::Counter::kIsRate);
}
BENCHMARK(BM_ParseOnly)->Arg(10000)->Unit(benchmark::kMillisecond)->UseRealTime();

void BM_CompileOnly(benchmark::State& state) {
    ParseState parse_state;
    const auto statements = parse_script(generated_script(static_cast<int>(state.range(0))), parse_state);
    for (auto _ : state) {
        for (const ast::Statement& statement : statements) {
            CompiledConnector compiled = compile_create(std::get<ast::CreateConnector>(statement.node), {});
            benchmark::DoNotOptimize(compiled.config.size());
        }
    }
    state.counters["statements/s"] = benchmark::Counter(
        static_cast<double>(state.range(0)) * static_cast<double>(state.iterations()), benchmark::Counter::kIsRate);
}
BENCHMARK(BM_CompileOnly)->Arg(10000)->Unit(benchmark::kMillisecond)->UseRealTime();

// Why parser/fast_lexer.cpp exists: the same script through the lexer ANTLR
// generates from the grammar and through the hand-written one, side by side.
template <typename MakeLexer>
void lex_all(benchmark::State& state, MakeLexer make_lexer) {
    const std::string text = generated_script(static_cast<int>(state.range(0)));
    size_t tokens = 0;
    for (auto _ : state) {
        auto lexer = make_lexer(text);
        tokens = 0;
        while (lexer->source().nextToken()->getType() != antlr4::Token::EOF) ++tokens;
    }
    state.counters["tokens"] = static_cast<double>(tokens);
    state.SetBytesProcessed(static_cast<int64_t>(text.size()) * state.iterations());
}

struct GeneratedLexer {
    explicit GeneratedLexer(const std::string& text) : input(text), lexer(&input) {}
    antlr4::TokenSource& source() { return lexer; }
    antlr4::ANTLRInputStream input;
    ConnQLLexer lexer;
};
struct HandWrittenLexer {
    explicit HandWrittenLexer(const std::string& text) : lexer(text) {}
    antlr4::TokenSource& source() { return lexer; }
    detail::FastLexer lexer;
};

void BM_LexGenerated(benchmark::State& state) {
    lex_all(state, [](const std::string& text) { return std::make_unique<GeneratedLexer>(text); });
}
void BM_LexHandWritten(benchmark::State& state) {
    lex_all(state, [](const std::string& text) { return std::make_unique<HandWrittenLexer>(text); });
}
BENCHMARK(BM_LexGenerated)->Arg(10000)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK(BM_LexHandWritten)->Arg(10000)->Unit(benchmark::kMillisecond)->UseRealTime();

}  // namespace
}  // namespace connql::bench

BENCHMARK_MAIN();
