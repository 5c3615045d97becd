#include "migrations/lock_lease.h"

#include <time.h>

namespace connql::migrations {

LeaseClock::time_point LeaseClock::now() noexcept {
    timespec now{};
#ifdef CLOCK_BOOTTIME
    clock_gettime(CLOCK_BOOTTIME, &now);
#else
    clock_gettime(CLOCK_MONOTONIC, &now);
#endif
    return time_point(std::chrono::seconds(now.tv_sec) + std::chrono::nanoseconds(now.tv_nsec));
}

bool ExpiryWatch::observe(const std::optional<Holder>& holder, LeaseClock::time_point seen) {
    const bool same_claim = holder && holder_ && holder->claim == holder_->claim;
    const bool same_record = same_claim && holder->last == holder_->last;
    // A renewal restarts the count; so does a new holder. Unchanged, it goes on.
    if (!same_record) since_ = seen;
    holder_ = holder;
    return holder && !same_claim;
}

}  // namespace connql::migrations
