#include "parser/expected_tokens.h"

#include <algorithm>
#include <cstdint>
#include <map>
#include <tuple>
#include <unordered_map>

#include "ConnQLParser.h"
#include "parser/fast_lexer.h"
#include "parser/vocabulary.h"

namespace connql::detail {

namespace {

using P = ConnQLParser;
static_assert(P::UNRECOGNIZED < kTokenTypeLimit, "raise kTokenTypeLimit");

// The generated ATN, flattened once into plain values: the simulation then needs
// no virtual calls, no dynamic_cast and no IntervalSet.
struct Edge {
    enum class Kind : uint8_t { Epsilon, Call, Match };
    Kind kind;
    int target;
    int follow = -1;  // Call: the state the called rule returns to
    TokenSet label;   // Match: the token types it takes
};

struct State {
    size_t rule = 0;
    bool rule_stop = false;  // its own transitions only link to every caller: not followed
    bool matches = false;    // has a Match edge
    std::vector<Edge> edges;
};

struct Grammar {
    std::vector<State> states;
    int statement_start = -1;
};

TokenSet token_set(const antlr4::misc::IntervalSet& set) {
    TokenSet out;
    for (const antlr4::misc::Interval& interval : set.getIntervals()) {
        for (ssize_t type = std::max<ssize_t>(interval.a, 1); type <= interval.b; ++type) {
            if (static_cast<size_t>(type) < kTokenTypeLimit) out.set(static_cast<size_t>(type));
        }
    }
    return out;
}

Grammar flatten(const antlr4::atn::ATN& atn) {
    using antlr4::atn::Transition;
    TokenSet every;
    for (size_t type = 1; type <= atn.maxTokenType && type < kTokenTypeLimit; ++type) every.set(type);

    Grammar grammar;
    grammar.states.resize(atn.states.size());
    for (antlr4::atn::ATNState* source : atn.states) {
        if (source == nullptr) continue;
        State& state = grammar.states[source->stateNumber];
        state.rule = source->ruleIndex;
        state.rule_stop = source->getStateType() == antlr4::atn::ATNState::RULE_STOP;
        if (state.rule_stop) continue;
        for (const Transition* transition : source->transitions) {
            int target = static_cast<int>(transition->target->stateNumber);
            switch (transition->getSerializationType()) {
                case Transition::RULE: {
                    auto* call = static_cast<const antlr4::atn::RuleTransition*>(transition);
                    int follow = static_cast<int>(call->followState->stateNumber);
                    state.edges.push_back({Edge::Kind::Call, target, follow, {}});
                    break;
                }
                case Transition::EPSILON:
                case Transition::PREDICATE:  // none in this grammar; taken as always true
                case Transition::ACTION:
                case Transition::PRECEDENCE:
                    state.edges.push_back({Edge::Kind::Epsilon, target, -1, {}});
                    break;
                case Transition::NOT_SET:
                    state.edges.push_back({Edge::Kind::Match, target, -1, every & ~token_set(transition->label())});
                    break;
                case Transition::WILDCARD:
                    state.edges.push_back({Edge::Kind::Match, target, -1, every});
                    break;
                default:  // ATOM, RANGE, SET
                    state.edges.push_back({Edge::Kind::Match, target, -1, token_set(transition->label())});
                    break;
            }
            if (state.edges.back().kind == Edge::Kind::Match) state.matches = true;
        }
    }
    grammar.statement_start = static_cast<int>(atn.ruleToStartState[P::RuleStatement]->stateNumber);
    return grammar;
}

const Grammar& grammar() {
    static const Grammar flat = [] {
        // The ATN is a static of the generated class; a parser instance is the
        // only way to reach it.
        FastLexer lexer("");
        antlr4::CommonTokenStream tokens(&lexer);
        ConnQLParser parser(&tokens);
        return flatten(parser.getATN());
    }();
    return flat;
}

// A call stack, shared between configurations: frames are interned, so a stack
// is one int and two configurations with the same callers compare equal cheaply.
struct Frame {
    int parent;          // kEmptyStack at the bottom
    int follow;          // where the call returns to
    size_t caller_start; // the calling rule's start, restored on return
};
constexpr int kEmptyStack = -1;

struct Configuration {
    int state;
    int stack;
    size_t start;  // the index of the token the innermost rule began at
};

// The configurations one closure has visited: cleared at every closure, so an
// open-addressing table whose "clear" is a new generation number, kept between
// closures, instead of a node per insert in std::unordered_set.
class VisitedSet {
public:
    void clear() {
        if (++generation_ == 0) {  // wrapped: forget every old mark for real
            std::fill(marks_.begin(), marks_.end(), 0);
            generation_ = 1;
        }
        size_ = 0;
    }
    // True if `key` was not in the set (and is now).
    bool insert(uint64_t key) {
        if ((size_ + 1) * 2 > marks_.size()) grow();
        size_t mask = marks_.size() - 1;
        for (size_t i = hash(key) & mask;; i = (i + 1) & mask) {
            if (marks_[i] != generation_) {
                marks_[i] = generation_;
                keys_[i] = key;
                ++size_;
                return true;
            }
            if (keys_[i] == key) return false;
        }
    }

private:
    static size_t hash(uint64_t key) { return static_cast<size_t>((key * 0x9E3779B97F4A7C15ull) >> 32); }
    void grow() {
        std::vector<uint64_t> old_keys = std::move(keys_);
        std::vector<uint32_t> old_marks = std::move(marks_);
        const uint32_t old_generation = generation_;
        keys_.assign(std::max<size_t>(64, old_keys.size() * 2), 0);
        marks_.assign(keys_.size(), 0);
        generation_ = 1;
        size_ = 0;
        for (size_t i = 0; i < old_keys.size(); ++i) {
            if (old_marks[i] == old_generation) insert(old_keys[i]);
        }
    }

    std::vector<uint64_t> keys_;
    std::vector<uint32_t> marks_;  // == generation_: the slot holds a key of this closure
    uint32_t generation_ = 1;
    size_t size_ = 0;
};

class Simulation {
public:
    explicit Simulation(const Grammar& g) : grammar_(g) {}

    // The configurations reachable from `seeds` without consuming a token, those
    // that can take one kept in `current_`; `index` is the next token's index.
    //
    // Depth first, in the grammar's order, so that `current_` lists configurations
    // in the parser's order of preference: where a prefix reads two ways
    // (TRANSFORM t USING 'X' WITH ( is the transform's WITH or the connector's),
    // ANTLR takes a decision's lowest alternative, whose configurations come first.
    void close(const std::vector<Configuration>& seeds, size_t index) {
        current_.clear();
        visited_.clear();
        can_end_ = false;
        std::vector<Configuration> work(seeds.rbegin(), seeds.rend());  // a stack: the first seed on top
        while (!work.empty()) {
            Configuration c = work.back();
            work.pop_back();
            // The token a rule began at only matters for describing the result,
            // so configurations differing in it alone are one.
            uint64_t key = (static_cast<uint64_t>(c.state) << 32) | static_cast<uint32_t>(c.stack);
            if (!visited_.insert(key)) continue;
            const State& state = grammar_.states[c.state];
            if (state.rule_stop) {
                if (c.stack == kEmptyStack) {
                    can_end_ = true;  // `statement` itself is complete
                } else {
                    const Frame& frame = frames_[c.stack];
                    work.push_back({frame.follow, frame.parent, frame.caller_start});
                }
                continue;
            }
            if (state.matches) current_.push_back(c);
            for (auto edge = state.edges.rbegin(); edge != state.edges.rend(); ++edge) {  // the first on top
                if (edge->kind == Edge::Kind::Epsilon) {
                    work.push_back({edge->target, c.stack, c.start});
                } else if (edge->kind == Edge::Kind::Call) {
                    work.push_back({edge->target, push(c.stack, edge->follow, c.start), index});
                }
            }
        }
    }

    // Takes token `type`; false (and nothing changed) if no configuration accepts it.
    bool step(size_t type, size_t index) {
        if (type >= kTokenTypeLimit) return false;
        std::vector<Configuration> next;
        for (const Configuration& c : current_) {
            for (const Edge& edge : grammar_.states[c.state].edges) {
                if (edge.kind == Edge::Kind::Match && edge.label.test(type)) {
                    next.push_back({edge.target, c.stack, c.start});
                }
            }
        }
        if (next.empty()) return false;
        close(next, index + 1);
        return true;
    }

    Expected result(size_t accepted) const {
        Expected out;
        out.accepted = accepted;
        out.can_end = can_end_;
        // One site per rule invocation: the ~90 keyword alternatives of nonReserved
        // become one site with ~90 tokens.
        std::map<std::tuple<size_t, int, size_t>, size_t> site_of;
        for (const Configuration& c : current_) {
            const State& state = grammar_.states[c.state];
            auto [it, added] = site_of.emplace(std::make_tuple(state.rule, c.stack, c.start), out.sites.size());
            if (added) {
                ExpectedSite site;
                site.rules.push_back({state.rule, c.start});
                for (int s = c.stack; s != kEmptyStack; s = frames_[s].parent) {
                    site.rules.push_back({grammar_.states[frames_[s].follow].rule, frames_[s].caller_start});
                }
                out.sites.push_back(std::move(site));
            }
            for (const Edge& edge : state.edges) {
                if (edge.kind == Edge::Kind::Match) out.sites[it->second].tokens |= edge.label;
            }
        }
        return out;
    }

private:
    int push(int parent, int follow, size_t caller_start) {
        FrameKey key{parent, follow, caller_start};
        auto [it, added] = frame_ids_.emplace(key, static_cast<int>(frames_.size()));
        if (added) frames_.push_back({parent, follow, caller_start});
        return it->second;
    }

    struct FrameKey {
        int parent;
        int follow;
        size_t caller_start;
        bool operator==(const FrameKey& o) const {
            return parent == o.parent && follow == o.follow && caller_start == o.caller_start;
        }
    };
    struct FrameKeyHash {
        size_t operator()(const FrameKey& k) const {
            return std::hash<uint64_t>()((static_cast<uint64_t>(static_cast<uint32_t>(k.parent)) << 32) ^
                                         (static_cast<uint64_t>(k.follow) << 48) ^ k.caller_start);
        }
    };

    const Grammar& grammar_;
    std::vector<Frame> frames_;
    std::unordered_map<FrameKey, int, FrameKeyHash> frame_ids_;
    std::vector<Configuration> current_;
    VisitedSet visited_;
    bool can_end_ = false;
};

}  // namespace

TokenSet Expected::tokens() const {
    TokenSet out;
    for (const ExpectedSite& site : sites) out |= site.tokens;
    return out;
}

Expected expected_after(const std::vector<size_t>& types) {
    // Every statement starts from the same closure: computed once, copied after.
    static const Simulation start = [] {
        const Grammar& g = grammar();
        Simulation simulation(g);
        simulation.close({{g.statement_start, kEmptyStack, 0}}, 0);
        return simulation;
    }();
    Simulation simulation = start;
    for (size_t i = 0; i < types.size(); ++i) {
        if (!simulation.step(types[i], i)) return simulation.result(i);
    }
    return simulation.result(types.size());
}

ExpectedKinds classify(const Expected& expected) {
    ExpectedKinds out;
    out.can_end = expected.can_end;
    TokenSet keywords;
    for (const ExpectedSite& site : expected.sites) {
        size_t rule = site.rules.front().rule;
        size_t caller = site.rules.size() > 1 ? site.rules[1].rule : rule;
        bool in_name = rule == P::RuleName || (rule == P::RuleNonReserved && caller == P::RuleName);
        bool in_variable_name =
            rule == P::RuleVariableName || (rule == P::RuleNonReserved && caller == P::RuleVariableName);
        if (in_name) {
            out.name = true;
        } else if (in_variable_name) {
            out.variable_name = true;
        } else if (rule == P::RuleFormatSpec && site.tokens.test(P::IDENTIFIER)) {
            out.format_name = true;
        } else {
            for (size_t type = 1; type < kTokenTypeLimit; ++type) {
                if (!site.tokens.test(type)) continue;
                if (is_keyword_type(type)) {
                    keywords.set(type);
                } else {
                    out.others.set(type);
                }
            }
        }
    }
    for (size_t type = 1; type < kTokenTypeLimit; ++type) {
        if (keywords.test(type)) out.keywords.push_back(type);
    }
    std::sort(out.keywords.begin(), out.keywords.end(),
              [](size_t a, size_t b) { return keyword_spelling(a) < keyword_spelling(b); });
    return out;
}

}  // namespace connql::detail
