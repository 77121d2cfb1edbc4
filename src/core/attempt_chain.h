// Which attempts of a change a progress record (a migration's checkpoint) belongs to
// (docs/exactly-once.md#data-migrations-which-checkpoint-is-resumed): a chain of attempts starts at
// the first STARTED entry after the change's last entry that ended an attempt (APPLIED, FAILED,
// ROLLED_BACK, ROLLBACK_FAILED, a manual mark) and goes on while no such entry follows. A
// record is resumed only by an attempt of its own chain.
//
//   AttemptChain chain = attemptChainOf(store.readHistory(), "backfill");
//   if (chain.open && stored.attempt_chain == chain.id) resume(stored);
#pragma once

#include <string>
#include <vector>

#include "flamingock/audit_entry.h"

namespace flamingock::detail {

struct AttemptChain {
  // The execution id of the chain's first STARTED entry; empty when the change has none.
  std::string id;
  // True: no entry ended the chain yet, its progress may be resumed. False: `id` names the chain
  // the change's last attempt-ending entry closed (what its progress records last recorded).
  bool open = false;
};

// The latest chain of attempts of `change_id` in `entries` (a whole audit log, any order). An
// unreadable entry of the change counts as one that ended an attempt: its state is unknown.
AttemptChain attemptChainOf(const std::vector<AuditEntry>& entries, const std::string& change_id);

}  // namespace flamingock::detail
