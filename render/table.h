// Tables in ksqlDB's CLI layout: one leading space, cells joined by " | ",
// a dashed rule after the header and after the last row.
#pragma once

#include <string>
#include <vector>

namespace connql {

using Row = std::vector<std::string>;

// Cells may hold several lines; a column is as wide as its longest line.
std::string render_table(const Row& headers, const std::vector<Row>& rows);

}  // namespace connql
