// Masking applied to statement text rather than to configs: the statement echo
// and the source lines quoted under an error's caret (compiler/secrets.h).
#include "compiler/secrets.h"
#include "parser/literals.h"

#include <utility>
#include <vector>

namespace connql {

namespace {

bool is_continuation_byte(char c) { return (static_cast<unsigned char>(c) & 0xC0) == 0x80; }

}  // namespace

std::string query_mask(std::string_view statement_text) {
    std::string out;
    size_t done = 0;
    for (const PropertyLiteral& literal : property_literals(statement_text)) {
        if (literal.key == "connector.class") continue;
        // SET 'connql.wait' = 'running' is shown; SET 'ssl.keystore.password' = '...' is not.
        if (literal.session_property && !is_secret(literal.key, literal.value)) continue;
        out += statement_text.substr(done, literal.begin - done);
        out += "'[string]'";
        done = literal.end;
    }
    out += statement_text.substr(done);
    return out;
}

std::string mask_source(std::string_view text, const SecretPolicy& policy) {
    if (policy.show) return std::string(text);
    std::vector<std::pair<size_t, size_t>> hidden;  // byte ranges whose characters become '*'
    for (const PropertyLiteral& literal : property_literals(text)) {
        // A DEFINE's value is judged by the variable's own name (DEFINE db_password = '...').
        std::optional<std::string> shown = masked_value(literal.key, literal.value, policy);
        if (!shown) continue;
        size_t begin = literal.begin + (literal.quoted ? 1 : 0), end = literal.end - (literal.quoted ? 1 : 0);
        if (*shown != kMasked) {
            // Only the embedded credential: the part between what the masked form keeps at each end.
            std::string_view value = text.substr(begin, end - begin);
            std::string kept = mask_embedded_credentials(value);
            size_t prefix = 0, suffix = 0;
            while (prefix < value.size() && prefix < kept.size() && value[prefix] == kept[prefix]) ++prefix;
            while (suffix < value.size() - prefix && suffix < kept.size() - prefix &&
                   value[value.size() - 1 - suffix] == kept[kept.size() - 1 - suffix]) {
                ++suffix;
            }
            begin += prefix;
            end -= suffix;
        }
        hidden.emplace_back(begin, end);
    }
    // One '*' per character (not per byte), so that every column stays where it was.
    std::string out;
    out.reserve(text.size());
    size_t range = 0;
    for (size_t i = 0; i < text.size(); ++i) {
        while (range < hidden.size() && hidden[range].second <= i) ++range;
        bool inside = range < hidden.size() && hidden[range].first <= i;
        if (!inside) {
            out += text[i];
        } else if (!is_continuation_byte(text[i])) {
            out += '*';
        }
    }
    return out;
}

}  // namespace connql
