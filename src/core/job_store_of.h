// The job store of an audit store, for what cannot go on without one: a worker of background
// changes and the steering of their jobs.
#pragma once

#include "flamingock/audit_store.h"
#include "flamingock/error.h"
#include "flamingock/job_store.h"

namespace flamingock::detail {

// `store`'s job store. Throws ConfigurationError when it keeps none.
inline JobStore& jobStoreOf(AuditStore& store) {
  JobStore* jobs = store.jobStore();
  if (jobs == nullptr) {
    throw ConfigurationError(
        "the audit store keeps no background jobs (AuditStore::jobStore() is null): background "
        "changes and the steering of their jobs need one");
  }
  return *jobs;
}

}  // namespace flamingock::detail
