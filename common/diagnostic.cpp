#include "common/diagnostic.h"

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

// Columns count code points (as ANTLR does); the caret is placed after that many
// characters of the quoted line, tabs kept so the alignment survives them.
std::string caret_line(std::string_view line, int column) {
    std::string pad;
    int seen = 1;
    for (size_t i = 0; i < line.size() && seen < column; ++i) {
        unsigned char c = static_cast<unsigned char>(line[i]);
        if ((c & 0xC0) == 0x80) continue;  // UTF-8 continuation byte
        pad += (c == '\t') ? '\t' : ' ';
        ++seen;
    }
    return pad + "^";
}

void quote(std::string& out, const Source& source, Position pos) {
    std::string_view line = line_at(source.text, pos.line);
    if (pos.line < 1 || (line.empty() && pos.column <= 1)) return;
    std::string number = std::to_string(pos.line);
    std::string gutter(number.size(), ' ');
    out += " " + number + " | " + std::string(line) + "\n";
    out += " " + gutter + " | " + caret_line(line, pos.column) + "\n";
}

std::string where(const Source& source, Position pos) {
    std::string out = source.origin;
    if (pos.line > 0) {
        out += (out.empty() ? "" : ":") + std::to_string(pos.line) + ":" + std::to_string(pos.column);
    }
    return out;
}

}  // namespace

std::string render(const Diagnostic& diagnostic, const Source& source) {
    std::string out;
    std::string location = where(source, diagnostic.pos);
    out += (location.empty() ? "" : location + ": ") + "error: " + diagnostic.message + "\n";
    quote(out, source, diagnostic.pos);
    for (const Note& note : diagnostic.notes) {
        std::string at = where(source, note.pos);
        out += (at.empty() ? "" : at + ": ") + "note: " + note.message + "\n";
        quote(out, source, note.pos);
    }
    if (!diagnostic.hint.empty()) out += "hint: " + diagnostic.hint + "\n";
    return out;
}

}  // namespace connql
