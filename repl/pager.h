// Long output at a terminal goes through $PAGER (less -FRX when it is not set;
// an empty PAGER turns paging off), as psql and git do.
#pragma once

#include <string>

namespace connql {

// Writes `text` to standard output, through the pager when it is longer than the
// terminal is high. For a terminal only: the caller checked.
void show_paged(const std::string& text);

}  // namespace connql
