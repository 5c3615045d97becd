#include "repl/history.h"

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <fstream>
#include <sstream>

#include "compiler/secrets.h"

namespace connql {

namespace fs = std::filesystem;

namespace {

// Holds an exclusive flock on a file for its lifetime.
class ExclusiveLock {
public:
    explicit ExclusiveLock(const fs::path& path) : fd_(::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0600)) {
        if (fd_ >= 0 && ::flock(fd_, LOCK_EX) != 0) {
            ::close(fd_);
            fd_ = -1;
        }
    }
    ~ExclusiveLock() {
        if (fd_ >= 0) ::close(fd_);  // closing releases the lock
    }
    ExclusiveLock(const ExclusiveLock&) = delete;
    ExclusiveLock& operator=(const ExclusiveLock&) = delete;
    bool held() const { return fd_ >= 0; }

private:
    int fd_;
};

std::string trimmed(std::string_view text) {
    size_t begin = text.find_first_not_of(" \t\r\n");
    if (begin == std::string_view::npos) return "";
    size_t end = text.find_last_not_of(" \t\r\n");
    return std::string(text.substr(begin, end + 1 - begin));
}

std::vector<std::string> read_entries(const fs::path& path) {
    std::vector<std::string> entries;
    std::ifstream file(path);
    std::string line;
    while (std::getline(file, line)) {
        if (!line.empty()) entries.push_back(decode_history_line(line));
    }
    return entries;
}

}  // namespace

std::optional<fs::path> default_history_path() {
    const char* state = std::getenv("XDG_STATE_HOME");
    if (state != nullptr && *state == '/') return fs::path(state) / "connql" / "history";
    const char* home = std::getenv("HOME");
    if (home != nullptr && *home != '\0') return fs::path(home) / ".connql_history";
    return std::nullopt;
}

namespace {

bool continuation_byte(char c) { return (static_cast<unsigned char>(c) & 0xC0) == 0x80; }

// mask_source() writes one '*' per character of a secret, which is right under an
// error caret but would be sent as the new password if the entry were run again.
// Here a whole masked value becomes kMasked and a masked part kMaskedPart: both
// are refused as values (is_mask_text), so a recalled statement cannot write them.
std::string reusable_masking(std::string_view original, std::string_view starred) {
    std::string out;
    size_t i = 0, j = 0;
    while (i < original.size() && j < starred.size()) {
        if (starred[j] != '*' || original[i] == '*') {
            out += original[i++];
            ++j;
            continue;
        }
        size_t begin = i;
        while (i < original.size() && j < starred.size() && starred[j] == '*' && original[i] != '\'') {
            ++i;  // one character of the secret, all its UTF-8 bytes
            while (i < original.size() && continuation_byte(original[i])) ++i;
            ++j;
        }
        bool whole = begin > 0 && original[begin - 1] == '\'' && i < original.size() && original[i] == '\'';
        out += whole ? kMasked : kMaskedPart;
    }
    out.append(original.substr(std::min(i, original.size())));
    return out;
}

}  // namespace

std::string history_entry(std::string_view statement) {
    // Never --show-secrets here: the file outlives the session and its terminal.
    std::string text = trimmed(statement);
    return mask_embedded_credentials(reusable_masking(text, mask_source(text, SecretPolicy{})));
}

std::string encode_history_line(std::string_view entry) {
    std::string out;
    for (char c : entry) {
        if (c == '\\') {
            out += "\\\\";
        } else if (c == '\n') {
            out += "\\n";
        } else if (c == '\r') {
            out += "\\r";
        } else {
            out += c;
        }
    }
    return out;
}

std::string decode_history_line(std::string_view line) {
    std::string out;
    for (size_t i = 0; i < line.size(); ++i) {
        if (line[i] != '\\' || i + 1 == line.size()) {
            out += line[i];
            continue;
        }
        char next = line[++i];
        out += next == 'n' ? '\n' : next == 'r' ? '\r' : next;
    }
    return out;
}

std::vector<std::string> HistoryFile::load() const {
    std::vector<std::string> entries = read_entries(path_);
    if (entries.size() > max_entries_) entries.erase(entries.begin(), entries.end() - static_cast<long>(max_entries_));
    return entries;
}

bool HistoryFile::append(std::string_view statement) const {
    std::string entry = history_entry(statement);
    if (entry.empty()) return true;
    std::error_code ignored;
    if (path_.has_parent_path()) fs::create_directories(path_.parent_path(), ignored);
    fs::path lock_path = path_;
    lock_path += ".lock";
    ExclusiveLock lock(lock_path);
    if (!lock.held()) return false;

    std::vector<std::string> entries = read_entries(path_);
    entries.erase(std::remove(entries.begin(), entries.end(), entry), entries.end());
    entries.push_back(entry);
    if (entries.size() > max_entries_) entries.erase(entries.begin(), entries.end() - static_cast<long>(max_entries_));

    fs::path temporary = path_;
    temporary += ".tmp";
    {
        // Created private: a statement may name hosts and users even when its secrets are masked.
        int fd = ::open(temporary.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
        if (fd < 0) return false;
        std::string text;
        for (const std::string& e : entries) text += encode_history_line(e) + "\n";
        const char* data = text.data();
        size_t left = text.size();
        while (left > 0) {
            ssize_t written = ::write(fd, data, left);
            if (written <= 0) {
                ::close(fd);
                fs::remove(temporary, ignored);
                return false;
            }
            data += written;
            left -= static_cast<size_t>(written);
        }
        ::close(fd);
    }
    fs::rename(temporary, path_, ignored);
    return !ignored;
}

}  // namespace connql
