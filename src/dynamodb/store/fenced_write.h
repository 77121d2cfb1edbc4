// Every audit write of the DynamoDB store: one TransactWriteItems holding the change's own writes
// (for a transactional commit), an optional check that another audit entry is absent, the audit
// Put, and, last, the fence's lock check. Resolves lost answers by reading the audit item back.
//
//   FencedWrite write(client, options, entry, fence);
//   write.send({}, token, "audit entry 'x'");                       // append
//   bool written = write.send({}, token, subject, applied_key);      // FAILED over no APPLIED
//   bool committed = write.send(writes, token, subject, failed_key);  // a commit over no FAILED
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "flamingock/audit_entry.h"
#include "flamingock/dynamodb/audit_store.h"
#include "flamingock/lock.h"

namespace flamingock::dynamodb::detail {

class FencedWrite {
 public:
  FencedWrite(const Client& client, const AuditStoreOptions& options, const AuditEntry& entry,
              const Fence& fence)
      : client_(client), options_(options), entry_(entry), fence_(fence) {}

  // Writes `actions` and the entry together. Returns false, having written nothing, when
  // `absent_key` names an audit item that exists. Throws LockLostError when the fence failed,
  // OutcomeUnknownError when the answer was lost and reading back failed too, Error (naming
  // `subject`) when nothing was written for any other reason.
  bool send(std::vector<TransactWriteItem> actions, std::string token, const std::string& subject,
            const std::optional<std::string>& absent_key = std::nullopt);

 private:
  // Whether the audit item is there, written by this runner. Throws OutcomeUnknownError,
  // naming `subject` and `lost` (why the answer was lost), when it cannot be read.
  bool alreadyWritten(const std::string& subject, const std::string& lost) const;

  const Client& client_;
  const AuditStoreOptions& options_;
  const AuditEntry& entry_;
  const Fence& fence_;
};

}  // namespace flamingock::dynamodb::detail
