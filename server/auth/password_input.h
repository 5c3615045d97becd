// The password of `connql serve passwd`, read from standard input.
#pragma once

#include <iosfwd>
#include <string>

namespace connql::auth {

// One line from `fd`, without its line end. On a terminal the prompt goes to `prompt_out`
// and echo is off while the line is typed (restored on every way out); from a pipe or a
// file nothing is prompted and the first line is read as it is, so that
// `echo "$PW" | connql serve passwd FILE USER` works. Throws connql::Error when the input
// ends before any character (an empty password is refused later, by set_password).
std::string read_password(int fd, std::ostream& prompt_out, const std::string& prompt = "Password: ");
// The same from standard input, prompting on standard error.
std::string read_password();

}  // namespace connql::auth
