// "Did you mean": the closest candidate by edit distance, when it is close enough
// to be a likely typo.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace connql {

size_t edit_distance(std::string_view a, std::string_view b);  // case-insensitive

std::optional<std::string> closest(std::string_view word, const std::vector<std::string>& candidates);

}  // namespace connql
