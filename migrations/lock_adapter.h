// The migrator's HistoryLock over the migration lock of lock.h: acquire with a
// keeper that renews the lease in the background, and fencing of history records.
#pragma once

#include "migrations/migrator.h"

namespace connql::migrations {

LockFactory history_lock_factory();

}  // namespace connql::migrations
