#include "server/auth/file_io.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <fstream>

#include "common/diagnostic.h"

namespace connql::auth::detail {

namespace {

// Closes and, unless released, removes the temporary file on every way out.
class TempFile {
public:
    explicit TempFile(const std::filesystem::path& target) : path_(target.string() + ".tmp.XXXXXX") {
        fd_ = mkstemp(path_.data());
        if (fd_ < 0) fail("cannot create a temporary file beside " + target.string());
    }
    ~TempFile() {
        if (fd_ >= 0) close(fd_);
        if (!released_) unlink(path_.c_str());
    }
    TempFile(const TempFile&) = delete;
    TempFile& operator=(const TempFile&) = delete;

    void write_all(std::string_view content) {
        while (!content.empty()) {
            ssize_t n = ::write(fd_, content.data(), content.size());
            if (n < 0 && errno == EINTR) continue;
            if (n < 0) fail("cannot write " + path_);
            content.remove_prefix(static_cast<size_t>(n));
        }
    }
    void commit(const std::filesystem::path& target) {
        if (fchmod(fd_, 0600) != 0) fail("cannot set mode 0600 on " + path_);
        // The replaced file's owner keeps it: root running `connql serve passwd` on the
        // service user's file must not leave a file the server can no longer read.
        struct stat old {};
        if (::stat(target.c_str(), &old) == 0 && fchown(fd_, old.st_uid, old.st_gid) != 0 && errno != EPERM) {
            fail("cannot give " + path_ + " the owner of " + target.string());
        }
        if (fsync(fd_) != 0) fail("cannot sync " + path_);
        if (close(fd_) != 0) {
            fd_ = -1;
            fail("cannot close " + path_);
        }
        fd_ = -1;
        if (rename(path_.c_str(), target.c_str()) != 0) fail("cannot rename " + path_ + " to " + target.string());
        released_ = true;
    }

private:
    [[noreturn]] static void fail(const std::string& message) {
        throw Error(ErrorKind::Runtime, message + ": " + std::strerror(errno));
    }
    std::string path_;
    int fd_ = -1;
    bool released_ = false;
};

}  // namespace

std::vector<std::string> read_lines(const std::filesystem::path& file, std::string_view what) {
    std::ifstream in(file, std::ios::binary);
    if (!in) throw Error(ErrorKind::Usage, "cannot read " + std::string(what) + " " + file.string() + ": " + std::strerror(errno));
    std::vector<std::string> lines;
    std::string line;
    while (std::getline(in, line)) {
        if (!line.empty() && line.back() == '\r') line.pop_back();
        lines.push_back(std::move(line));
    }
    if (in.bad()) throw Error(ErrorKind::Usage, "cannot read " + std::string(what) + " " + file.string());
    return lines;
}

void write_file_atomically(const std::filesystem::path& file, std::string_view content) {
    TempFile temp(file);
    temp.write_all(content);
    temp.commit(file);
}

std::string where(std::string_view what, const std::filesystem::path& file, size_t line) {
    return std::string(what) + " " + file.string() + ":" + std::to_string(line) + ": ";
}

bool is_blank_or_comment(std::string_view line) {
    size_t first = line.find_first_not_of(" \t");
    return first == std::string_view::npos || line[first] == '#';
}

}  // namespace connql::auth::detail
