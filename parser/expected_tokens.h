// What the grammar allows after a statement prefix (internal to parser/): used for
// syntax errors (where the input stops fitting, and what would have fitted) and
// for completion (what may be typed at the cursor).
//
// ANTLR's own answer (Parser::getExpectedTokens) describes the state its error
// recovery happens to be in: after an LL decision fails, that is the start of the
// decision, several tokens before the one that does not fit. This simulates the
// generated parser's ATN instead, every path at once: a configuration is an ATN
// state and the stack of rules it was called from; epsilon and rule transitions
// are followed, token transitions taken when they match, and a rule's stop state
// returns to the caller. The grammar has no predicates or left recursion, so the
// simulation is exact: the first token no configuration accepts is where the
// prefix stops being a statement.
#pragma once

#include <bitset>
#include <cstddef>
#include <vector>

namespace connql::detail {

constexpr size_t kTokenTypeLimit = 128;  // every token type of the grammar is below it
using TokenSet = std::bitset<kTokenTypeLimit>;

// A rule being parsed, and the index of the prefix token it began at (the index
// of the next token if it has consumed none yet).
struct RuleFrame {
    size_t rule;
    size_t start;
};

// One place in the grammar the next token may come from.
struct ExpectedSite {
    std::vector<RuleFrame> rules;  // innermost first; the last is `statement`
    TokenSet tokens;               // the token types it accepts
};

struct Expected {
    // How many tokens were accepted: all of them, or the index of the first one
    // that no path of the grammar accepts.
    size_t accepted = 0;
    // What may come after the accepted tokens. Where the prefix can be read more
    // than one way, the sites of the reading the parser prefers come first.
    std::vector<ExpectedSite> sites;
    bool can_end = false;  // the statement may end there (';' or the end of input)

    TokenSet tokens() const;  // the union over the sites
};

// Simulates the `statement` rule over `types` (the token types of a statement,
// without the ';' or end of input that closes it).
Expected expected_after(const std::vector<size_t>& types);

// The expected tokens sorted into the kinds a user knows, by the rule each is
// expected in: every keyword can also be a name, so a keyword counts as a keyword
// only where it is expected outside the name rules.
struct ExpectedKinds {
    std::vector<size_t> keywords;  // keyword token types expected for their own sake, sorted
    bool name = false;             // a name (connector, alias, key, cluster, topic)
    bool variable_name = false;    // DEFINE / UNDEFINE's bare variable name
    bool format_name = false;      // FORMAT VALUE <word>
    TokenSet others;               // strings, numbers, a ${variable} as a value, punctuation
    bool can_end = false;
};

ExpectedKinds classify(const Expected& expected);

}  // namespace connql::detail
