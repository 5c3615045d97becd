#include "compiler/durations.h"

#include <cctype>
#include <limits>

namespace connql {

namespace {
struct Unit {
    const char* suffix;
    long long ms;
};
// Longest suffix first so that "ms" is not read as "m" followed by junk.
constexpr Unit kUnits[] = {{"ms", 1}, {"d", 86'400'000}, {"h", 3'600'000}, {"m", 60'000}, {"s", 1000}};
}  // namespace

std::optional<long long> parse_duration_ms(std::string_view text) {
    size_t digits = 0;
    while (digits < text.size() && std::isdigit(static_cast<unsigned char>(text[digits]))) ++digits;
    if (digits == 0 || digits > 18) return std::nullopt;
    long long number = std::stoll(std::string(text.substr(0, digits)));
    std::string_view suffix = text.substr(digits);
    if (suffix.empty()) return number;
    for (const Unit& unit : kUnits) {
        if (suffix == unit.suffix) {
            if (number > std::numeric_limits<long long>::max() / unit.ms) return std::nullopt;
            return number * unit.ms;
        }
    }
    return std::nullopt;
}

std::string format_duration(long long ms) {
    if (ms > 0) {
        for (const Unit& unit : {kUnits[1], kUnits[2], kUnits[3], kUnits[4]}) {
            if (ms % unit.ms == 0) return std::to_string(ms / unit.ms) + unit.suffix;
        }
    }
    return std::to_string(ms) + "ms";
}

}  // namespace connql
