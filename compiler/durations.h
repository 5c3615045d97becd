// Durations in RETRY ERRORS: '500ms', '30s', '10m', '1h', '1d', or a bare number of ms.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace connql {

// Milliseconds, or nullopt if the text is not a duration (or does not fit a Java long).
std::optional<long long> parse_duration_ms(std::string_view text);

// The shortest text that parses back to `ms`: 30000 -> "30s", 1500 -> "1500ms".
std::string format_duration(long long ms);

}  // namespace connql
