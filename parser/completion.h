// What may be typed at a cursor, for REPL Tab completion. No ANTLR type here.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace connql {

struct ExpectedAtCursor {
    // What the word being typed (or a new one) would be, where the grammar tells:
    // a REPL offers the live connector names, the installed plugins, the defined
    // variables... for it.
    enum class Slot {
        None,
        ConnectorName,    // DROP/DESCRIBE/ALTER/PAUSE ... CONNECTOR |, CREATE ... CONNECTOR |
        PluginClass,      // CREATE ... USING '|, DESCRIBE PLUGIN |
        TransformType,    // TRANSFORM t USING '|
        PredicateType,    // PREDICATE p USING '|
        ConfigKey,        // a key inside CREATE's WITH ( or ALTER's SET ( / UNSET (
        VariableName,     // DEFINE |, UNDEFINE |, ${| in a string or a name
        ClusterName,      // USE CLUSTER |
        TopicName,        // PRINT |, SEND TO DEAD LETTER TOPIC '|
        FormatName,       // FORMAT VALUE |
        SessionProperty,  // SET '|, UNSET '|
    };

    // Upper-case keywords that may come next, sorted. Not filtered by `partial`.
    // Where a name may come, only the keywords that mean something there are
    // listed (IF after CREATE SOURCE CONNECTOR), not every keyword a name can be.
    std::vector<std::string> keywords;
    bool name = false;      // a name, or a bare word of the user's choosing (see `slot`)
    bool string = false;    // a '...' string
    bool number = false;
    bool variable = false;  // a ${variable}: as a value, as a name or inside one
    std::vector<std::string> punctuation;  // of "(", ")", ",", "=", "-", ";" (";": the statement may end)
    // The text being completed, which a chosen completion replaces: the word
    // before the cursor, a quoted literal from its opening quote, or the part of a
    // ${reference after "${". Empty when the cursor follows a space or symbol.
    std::string partial;
    Slot slot = Slot::None;
};

// `text` is the input up to, and maybe past, the byte offset `cursor`; only the
// statement the cursor is in counts (what follows the last ';' before it). Nothing
// is expected inside a comment, or after a prefix that is already wrong.
ExpectedAtCursor expected_at(std::string_view text, size_t cursor);

// Every keyword of the language, sorted.
const std::vector<std::string>& keywords();

}  // namespace connql
