// What the audit log says of a change whoever writes the entry: a run, or a person's decision
// (undo, baseline), and how user code's failures are caught.
#pragma once

#include <chrono>
#include <exception>
#include <optional>
#include <string>

#include "flamingock/audit_entry.h"
#include "pipeline.h"

namespace flamingock::detail {

// The entry's fields that come from the change (stage, id, author, origin, order, strategies,
// target, checksum); state kApplied's method. The writer fills execution, time and host.
AuditEntry describeChange(const ResolvedChange& change);

// Who writes an entry: a run, or a worker ending a background change's job.
struct EntryWriter {
  std::string execution_id;
  std::string host;
  std::string runner_id;
  Metadata metadata;  // the run's, within an item's size
};

// describeChange(change) in `state`, written by `writer` at `created_at`.
AuditEntry stampedEntry(const ResolvedChange& change, AuditState state, const EntryWriter& writer,
                        std::chrono::system_clock::time_point created_at);

// What user code threw: its type's name ("unknown" for a non-std exception) and message.
struct CaughtError {
  std::string type;
  std::string message;
};

// Runs user code; what it throws, std or not, becomes a CaughtError.
template <class Code>
std::optional<CaughtError> capture(Code&& code) {
  try {
    code();
    return std::nullopt;
  } catch (const std::exception& e) {
    return CaughtError{typeName(typeid(e)), e.what()};
  } catch (...) {
    return CaughtError{"unknown", "unknown exception"};
  }
}

}  // namespace flamingock::detail
