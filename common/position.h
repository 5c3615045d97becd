#pragma once

namespace connql {

// A place in the user's text: 1-based line and column (0 means "unknown").
struct Position {
    int line = 0;
    int column = 0;
};

inline bool operator==(Position a, Position b) { return a.line == b.line && a.column == b.column; }
inline bool operator!=(Position a, Position b) { return !(a == b); }

}  // namespace connql
