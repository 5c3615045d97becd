// A request to stop what runs now (Ctrl-C in the REPL), shared by the one who asks
// and the loops that may be stopped: the engine's waits and PRINT's consumer check
// it between polls and stop with an Error flagged `cancelled`.
#pragma once

#include <atomic>
#include <memory>
#include <string>

#include "common/diagnostic.h"

namespace connql {

class CancelToken {
public:
    // Copies share one flag: the REPL keeps one, the session another.
    CancelToken() : flag_(std::make_shared<std::atomic<bool>>(false)) {}

    // Async-signal-safe: a lock-free atomic store (static_assert below).
    void cancel() const { flag_->store(true, std::memory_order_relaxed); }
    void reset() const { flag_->store(false, std::memory_order_relaxed); }
    bool cancelled() const { return flag_->load(std::memory_order_relaxed); }

    // The flag itself, for a signal handler that must not touch a shared_ptr.
    std::atomic<bool>* flag() const { return flag_.get(); }

    // Throws the "cancelled" error when cancel() was called; `what` says what stopped.
    void throw_if_cancelled(const std::string& what) const {
        if (!cancelled()) return;
        Error error(ErrorKind::Runtime, what + " cancelled (Ctrl-C)");
        error.diagnostic().flags.cancelled = true;
        throw error;
    }

private:
    static_assert(std::atomic<bool>::is_always_lock_free, "a signal handler sets the flag");
    std::shared_ptr<std::atomic<bool>> flag_;
};

}  // namespace connql
