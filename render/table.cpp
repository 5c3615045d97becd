#include "render/table.h"

#include <algorithm>

namespace connql {

namespace {

size_t display_width(const std::string& text) {
    return static_cast<size_t>(std::count_if(text.begin(), text.end(),
                                             [](char c) { return (static_cast<unsigned char>(c) & 0xC0) != 0x80; }));
}

std::vector<std::string> lines_of(const std::string& cell) {
    std::vector<std::string> lines;
    size_t start = 0;
    while (true) {
        size_t newline = cell.find('\n', start);
        lines.push_back(cell.substr(start, newline == std::string::npos ? std::string::npos : newline - start));
        if (newline == std::string::npos) break;
        start = newline + 1;
    }
    return lines;
}

void append_row(std::string& out, const Row& row, const std::vector<size_t>& widths) {
    std::vector<std::vector<std::string>> cells;
    size_t height = 1;
    for (size_t i = 0; i < widths.size(); ++i) {
        cells.push_back(lines_of(i < row.size() ? row[i] : ""));
        height = std::max(height, cells.back().size());
    }
    for (size_t line = 0; line < height; ++line) {
        out += ' ';
        for (size_t i = 0; i < widths.size(); ++i) {
            std::string text = line < cells[i].size() ? cells[i][line] : "";
            if (i) out += " | ";
            out += text + std::string(widths[i] - display_width(text), ' ');
        }
        out += " \n";
    }
}

}  // namespace

std::string render_table(const Row& headers, const std::vector<Row>& rows) {
    std::vector<size_t> widths(headers.size(), 0);
    auto measure = [&](const Row& row) {
        for (size_t i = 0; i < widths.size() && i < row.size(); ++i) {
            for (const std::string& line : lines_of(row[i])) widths[i] = std::max(widths[i], display_width(line));
        }
    };
    measure(headers);
    for (const Row& row : rows) measure(row);
    size_t rule_width = 0;
    for (size_t width : widths) rule_width += width + 3;
    std::string rule(rule_width > 0 ? rule_width - 1 : 0, '-');

    std::string out;
    append_row(out, headers, widths);
    out += rule + "\n";
    for (const Row& row : rows) append_row(out, row, widths);
    if (!rows.empty()) out += rule + "\n";
    return out;
}

}  // namespace connql
