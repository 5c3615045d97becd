#include "common/diagnostic.h"

#include <algorithm>
#include <cstdint>
#include <vector>

namespace connql {

std::string_view line_at(std::string_view text, int line) {
    if (line < 1) return {};
    if (text.compare(0, 3, "\xEF\xBB\xBF") == 0) text.remove_prefix(3);  // a byte-order mark is not text
    size_t start = 0;
    for (int current = 1; current < line; ++current) {
        size_t newline = text.find('\n', start);
        if (newline == std::string_view::npos) return {};
        start = newline + 1;
    }
    size_t end = text.find('\n', start);
    std::string_view result = text.substr(start, end == std::string_view::npos ? text.size() - start : end - start);
    if (!result.empty() && result.back() == '\r') result.remove_suffix(1);
    return result;
}

namespace {

// ---------------------------------------------------------------- showing text safely
//
// The text quoted in a diagnostic is the user's input, which may be anything: a
// binary file, escape sequences that would drive the terminal, a 100 KB line of
// minified SQL. What is shown is valid UTF-8 without control characters, and at
// most a window of a long line.

// One character of a line as shown: a code point, or one byte that is not valid UTF-8.
struct Shown {
    size_t bytes;      // how much of the line it is
    std::string text;  // what is shown for it
    bool tab;
};

// Length of the valid UTF-8 sequence at `i` and its code point; 0 if invalid.
size_t utf8_sequence(std::string_view text, size_t i, uint32_t& code_point) {
    unsigned char c = static_cast<unsigned char>(text[i]);
    size_t length = c < 0x80 ? 1 : (c >> 5) == 0x6 ? 2 : (c >> 4) == 0xE ? 3 : (c >> 3) == 0x1E ? 4 : 0;
    if (length == 0 || i + length > text.size()) return 0;
    code_point = length == 1 ? c : c & (0xFF >> (length + 1));
    for (size_t k = 1; k < length; ++k) {
        unsigned char next = static_cast<unsigned char>(text[i + k]);
        if ((next & 0xC0) != 0x80) return 0;
        code_point = (code_point << 6) | (next & 0x3F);
    }
    static const uint32_t minimum[] = {0, 0, 0x80, 0x800, 0x10000};  // shorter forms are overlong
    bool surrogate = code_point >= 0xD800 && code_point <= 0xDFFF;
    return code_point >= minimum[length] && code_point <= 0x10FFFF && !surrogate ? length : 0;
}

// Code points a terminal acts on rather than shows: C0 and C1 controls, DEL, and
// the bidirectional overrides that make text read other than it is.
bool is_control(uint32_t c) {
    return c < 0x20 || (c >= 0x7F && c <= 0x9F) || (c >= 0x202A && c <= 0x202E) || (c >= 0x2066 && c <= 0x2069);
}

std::string hex(uint32_t value, int digits) {
    static const char* digit = "0123456789ABCDEF";
    std::string out;
    for (int shift = 4 * (digits - 1); shift >= 0; shift -= 4) out += digit[(value >> shift) & 0xF];
    return out;
}

Shown show_next(std::string_view text, size_t i) {
    uint32_t code_point = 0;
    size_t length = utf8_sequence(text, i, code_point);
    if (length == 0) return {1, "\\x" + hex(static_cast<unsigned char>(text[i]), 2), false};
    if (code_point == '\t') return {1, "\t", true};
    if (!is_control(code_point)) return {length, std::string(text.substr(i, length)), false};
    if (code_point < 0x80) return {1, "\\x" + hex(code_point, 2), false};
    return {length, "\\u{" + hex(code_point, 4) + "}", false};
}

// Message text: shown as is but for controls and invalid bytes; line breaks kept.
std::string printable(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    for (size_t i = 0; i < text.size();) {
        if (text[i] == '\n') {
            out += '\n';
            ++i;
            continue;
        }
        Shown shown = show_next(text, i);
        out += shown.text;
        i += shown.bytes;
    }
    return out;
}

// How much of a long line is quoted, in shown characters (an escape counts as its length).
constexpr size_t kWindow = 160;
constexpr size_t kBeforeCaret = 80;

// The line's characters are what positions count (code points), so the caret goes
// under character `column`; before it, a tab stays a tab and anything else becomes
// as many spaces as it is shown wide. A line longer than the window is cut around
// the caret, and "..." marks each cut side.
void quote_line(std::string& out, std::string_view line, int column, const std::string& gutter,
                const std::string& number) {
    std::vector<Shown> shown;
    for (size_t i = 0; i < line.size();) {
        shown.push_back(show_next(line, i));
        i += shown.back().bytes;
    }
    size_t caret = std::min(static_cast<size_t>(std::max(column, 1) - 1), shown.size());
    auto width = [&](size_t k) { return shown[k].tab ? size_t{1} : shown[k].text.size(); };

    size_t first = caret, last = caret, used = 0;
    while (first > 0 && used + width(first - 1) <= kBeforeCaret) used += width(--first);
    while (last < shown.size() && used + width(last) <= kWindow) used += width(last++);
    while (first > 0 && used + width(first - 1) <= kWindow) used += width(--first);  // the line ended early
    if (last == caret && last < shown.size()) ++last;  // the caret's own character, however wide

    std::string text = first > 0 ? "..." : "";
    std::string pad = first > 0 ? "   " : "";
    for (size_t k = first; k < last; ++k) text += shown[k].text;
    for (size_t k = first; k < caret; ++k) pad += shown[k].tab ? std::string("\t") : std::string(width(k), ' ');
    if (last < shown.size()) text += "...";
    out += " " + number + " | " + text + "\n";
    out += " " + gutter + " | " + pad + "^\n";
}

void quote(std::string& out, const Source& source, Position pos) {
    std::string_view line = line_at(source.text, pos.line);
    if (pos.line < 1 || (line.empty() && pos.column <= 1)) return;
    std::string number = std::to_string(pos.line);
    quote_line(out, line, pos.column, std::string(number.size(), ' '), number);
}

std::string where(const Source& source, Position pos) {
    std::string out = printable(source.origin);
    if (pos.line > 0) {
        out += (out.empty() ? "" : ":") + std::to_string(pos.line) + ":" + std::to_string(pos.column);
    }
    return out;
}

}  // namespace

std::string render(const Diagnostic& diagnostic, const Source& source) {
    std::string out;
    std::string location = where(source, diagnostic.pos);
    out += (location.empty() ? "" : location + ": ") + "error: " + printable(diagnostic.message) + "\n";
    quote(out, source, diagnostic.pos);
    for (const Note& note : diagnostic.notes) {
        std::string at = where(source, note.pos);
        out += (at.empty() ? "" : at + ": ") + "note: " + printable(note.message) + "\n";
        quote(out, source, note.pos);
    }
    if (!diagnostic.hint.empty()) out += "hint: " + printable(diagnostic.hint) + "\n";
    return out;
}

}  // namespace connql
