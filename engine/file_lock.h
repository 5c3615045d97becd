// An advisory lock (flock) held for a scope: serializes connql processes on one host.
#pragma once

#include <string>

namespace connql {

class FileLock {
public:
    // Blocks until the lock on `key` is held; keys map to files in $TMPDIR/connql-locks.
    explicit FileLock(const std::string& key);
    ~FileLock();
    FileLock(const FileLock&) = delete;
    FileLock& operator=(const FileLock&) = delete;

private:
    int fd_ = -1;
};

}  // namespace connql
