// The REPL's history file: one entry per statement, oldest first, without
// duplicates (an entry typed again moves to the end), at most `max_entries`, with
// every secret masked before it is written (the policy of compiler/secrets.h: a
// password typed in a CREATE never reaches the disk). Two sessions may append at
// once: each change is made under an exclusive flock of "<file>.lock" and
// written to a temporary file renamed over the old one, so a reader sees the
// whole old file or the whole new one.
#pragma once

#include <cstddef>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace connql {

// $XDG_STATE_HOME/connql/history, or ~/.connql_history when XDG_STATE_HOME is not
// set; nullopt when neither can be found (then there is no history file).
std::optional<std::filesystem::path> default_history_path();

// The statement as it may be kept: trimmed, with secret values masked.
std::string history_entry(std::string_view statement);

class HistoryFile {
public:
    static constexpr size_t kDefaultMaxEntries = 2000;

    explicit HistoryFile(std::filesystem::path path, size_t max_entries = kDefaultMaxEntries)
        : path_(std::move(path)), max_entries_(max_entries) {}

    // The entries, oldest first; none when the file does not exist or cannot be read.
    std::vector<std::string> load() const;
    // Adds the masked `statement` (history_entry) as the newest entry. Returns false
    // when the file could not be written (the session goes on without it).
    bool append(std::string_view statement) const;

    const std::filesystem::path& path() const { return path_; }

private:
    std::filesystem::path path_;
    size_t max_entries_;
};

// The file's format, one entry per line with '\' and line breaks escaped ("\\", "\n").
std::string encode_history_line(std::string_view entry);
std::string decode_history_line(std::string_view line);

}  // namespace connql
