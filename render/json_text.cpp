#include "render/json_text.h"

#include <algorithm>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace connql {

namespace {

std::string dumped(const nlohmann::ordered_json& value) {
    return value.dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace);
}

// How many bytes at the start of `text` are written as they are: ASCII, not a control
// character, not " or \\. Sixteen at a time where SSE2 is (every x86-64).
size_t plain_run(std::string_view text) {
    size_t at = 0;
#if defined(__SSE2__)
    const __m128i space = _mm_set1_epi8(0x20);
    const __m128i quote = _mm_set1_epi8('"');
    const __m128i backslash = _mm_set1_epi8('\\');
    for (; at + 16 <= text.size(); at += 16) {
        const __m128i bytes = _mm_loadu_si128(reinterpret_cast<const __m128i*>(text.data() + at));
        // Signed, bytes of 0x80 and above are below 0x20 too.
        const __m128i special = _mm_or_si128(_mm_cmplt_epi8(bytes, space),
                                             _mm_or_si128(_mm_cmpeq_epi8(bytes, quote), _mm_cmpeq_epi8(bytes, backslash)));
        if (const int mask = _mm_movemask_epi8(special); mask != 0) return at + static_cast<size_t>(__builtin_ctz(static_cast<unsigned>(mask)));
    }
#endif
    for (; at < text.size(); ++at) {
        const auto u = static_cast<unsigned char>(text[at]);
        if (u < 0x20 || u >= 0x80 || u == '"' || u == '\\') return at;
    }
    return at;
}

}  // namespace

// Text that is not ASCII goes through nlohmann itself, which checks the UTF-8.
void append_json_string(std::string& out, std::string_view text) {
    static const char* const hex = "0123456789abcdef";
    const size_t start = out.size();
    const std::string_view whole = text;
    out += '"';
    // Runs that need no escape are appended whole (most text is one run).
    while (!text.empty()) {
        const size_t run = plain_run(text);
        out.append(text.data(), run);
        if (run == text.size()) break;
        const char c = text[run];
        if (static_cast<unsigned char>(c) >= 0x80) {
            out.resize(start);
            out += dumped(nlohmann::ordered_json(std::string(whole)));
            return;
        }
        text.remove_prefix(run + 1);
        switch (c) {
            case '"': out += "\\\""; break;
            case '\\': out += "\\\\"; break;
            case '\b': out += "\\b"; break;
            case '\f': out += "\\f"; break;
            case '\n': out += "\\n"; break;
            case '\r': out += "\\r"; break;
            case '\t': out += "\\t"; break;
            default:
                out += "\\u00";
                out += hex[(c >> 4) & 0xF];
                out += hex[c & 0xF];
        }
    }
    out += '"';
}

std::string dump_with_member_text(const nlohmann::ordered_json& object, std::string_view key, std::string_view value_text) {
    std::string out;
    out.reserve(value_text.size() + 512);
    out += '{';
    bool first = true;
    for (auto it = object.begin(); it != object.end(); ++it) {
        if (!first) out += ',';
        first = false;
        append_json_string(out, it.key());
        out += ':';
        if (it.key() == key) {
            out += value_text;
        } else {
            out += dumped(it.value());
        }
    }
    out += '}';
    return out;
}

}  // namespace connql
