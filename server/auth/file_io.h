// Reading and atomically replacing the small credential files of server/auth. Internal.
#pragma once

#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

namespace connql::auth::detail {

// The file's lines, without their "\n" or "\r\n". Throws connql::Error naming the file.
std::vector<std::string> read_lines(const std::filesystem::path& file, std::string_view what);

// Replaces `file` with `content` so that a reader sees the old file or the new one,
// never half of one: a temporary file beside it (mode 0600, made so by mkstemp before
// anything is written), fsync, rename. The result has mode 0600 whatever the old one had,
// and the old one's owner and group when we may give them (as root). A symbolic link at
// `file` is replaced by the file, not followed.
void write_file_atomically(const std::filesystem::path& file, std::string_view content);

// "users file /etc/connql/users:3: " — where a message about a line of a file points.
std::string where(std::string_view what, const std::filesystem::path& file, size_t line);

// Lines that carry nothing: blank, or a comment (first non-blank character '#').
bool is_blank_or_comment(std::string_view line);

}  // namespace connql::auth::detail
