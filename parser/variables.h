// Session variables and ${name} substitution.
#pragma once

#include <map>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "common/position.h"

namespace connql {

enum class Dialect { Connql, Ksqldb };

// Names are case-insensitive (as in ksqlDB); SHOW VARIABLES lists them as first written.
class Variables {
public:
    void define(const std::string& name, std::string value);
    bool undefine(const std::string& name);  // false if it was not defined
    const std::string* find(std::string_view name) const;
    std::vector<std::pair<std::string, std::string>> list() const;  // (name, value), sorted
    bool empty() const { return values_.empty(); }

private:
    std::map<std::string, std::pair<std::string, std::string>> values_;  // lower-case key
};

bool is_variable_name(std::string_view text);

// Turns the text of a quoted token (with its quotes, e.g. 'a''b ${x}') into its
// value: the doubled quote character is un-doubled and, if `substitute` is set,
// variables are substituted:
//   ${name}            the variable's value; undefined is an error in the connql
//                      dialect and left as written in the ksqldb dialect
//   $${anything}       a literal ${anything}
//   ${provider:path}   a config-provider reference, passed through for the worker
// `start` is the position of the opening quote; errors point at the '$'.
std::string unquote(std::string_view token, Position start, bool substitute,
                    const Variables& variables, Dialect dialect);

// The ${name} references of an unquoted name (pg-${env}) substituted as unquote
// does; `start` is the position of its first character.
std::string substitute_variables(std::string_view text, Position start, const Variables& variables,
                                 Dialect dialect);

// The inverse for the decompiler: a value that reads back as `value` in a connql
// string literal with substitution on (every "${" becomes "$${", quotes doubled).
std::string quote_string(std::string_view value);

}  // namespace connql
