// `undo`: rolling back applied changes, newest first, under the lock
// (docs/exactly-once.md#an-undo).
#pragma once

#include <vector>

#include "flamingock/audit_history.h"
#include "flamingock/lifecycle.h"
#include "pipeline.h"

namespace flamingock::detail {

// Throws OptionError naming the bad value: more than one of to / count / all, a count
// below 1, a `to` that is no change of `stages`.
void checkUndoOptions(const UndoOptions& options, const std::vector<Stage>& stages);

// The current entries of the changes `options` selects, newest first: of the applied ones
// (APPLIED, MANUAL_MARKED_AS_APPLIED), down to `to` included, the newest `count` (1 by
// default) or all. Throws OptionError when `to` is not applied.
std::vector<const AuditEntry*> selectForUndo(const AuditHistory& history,
                                             const UndoOptions& options);

// Checks, selects and refuses (Error naming every selected change without a rollback, before
// anything is touched); then, unless a dry run, under the lock (checked held before each
// rollback): each rollback with its ROLLED_BACK entry (a transactional change's writes commit
// with it), or ROLLBACK_FAILED and ChangeFailedError. A non-transactional rollback is preceded by
// a STARTED entry (invokedMethod: the rollback's), and its context's progress is the undo's, so
// that its data migrations checkpoint under the lock as a run's do.
UndoSummary undoChanges(Pipeline& pipeline, const UndoOptions& options);

}  // namespace flamingock::detail
