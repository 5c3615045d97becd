#include "engine/file_lock.h"

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <functional>

namespace connql {

FileLock::FileLock(const std::string& key) {
    const char* tmp = std::getenv("TMPDIR");
    std::filesystem::path dir = std::filesystem::path(tmp && *tmp ? tmp : "/tmp") / "connql-locks";
    std::error_code ignored;
    std::filesystem::create_directories(dir, ignored);
    char name[32];
    std::snprintf(name, sizeof name, "%016zx.lock", std::hash<std::string>{}(key));
    fd_ = ::open((dir / name).c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0666);
    // Without a lock file the statement still runs; the lock only narrows a race.
    if (fd_ >= 0) ::flock(fd_, LOCK_EX);
}

FileLock::~FileLock() {
    if (fd_ >= 0) {
        ::flock(fd_, LOCK_UN);
        ::close(fd_);
    }
}

}  // namespace connql
