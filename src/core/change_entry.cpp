#include "change_entry.h"

#include "flamingock/version.h"

namespace flamingock::detail {

AuditEntry describeChange(const ResolvedChange& change) {
  const ChangeInfo& info = change.info;
  AuditEntry entry;
  entry.stage_id = change.stage_id;
  entry.change_id = info.id;
  entry.author = info.author;
  entry.type = change.origin.type;
  entry.invoked_class = change.origin.invoked_class.empty() ? typeName(typeid(*change.change))
                                                            : change.origin.invoked_class;
  entry.invoked_method = change.origin.apply_method;
  entry.source_file = change.origin.source_file;
  entry.transaction_flag = info.transactional;
  entry.tx_strategy = info.transactional ? TxStrategy::kTxShared : TxStrategy::kNonTx;
  entry.target_system_id = change.target != nullptr ? change.target->id() : "";
  entry.change_order = info.order;
  entry.recovery_strategy = info.recovery;
  entry.checksum = change.checksum;
  return entry;
}

AuditEntry stampedEntry(const ResolvedChange& change, AuditState state, const EntryWriter& writer,
                        std::chrono::system_clock::time_point created_at) {
  AuditEntry entry = describeChange(change);
  entry.execution_id = writer.execution_id;
  entry.created_at = created_at;
  entry.state = state;
  entry.metadata = writer.metadata;
  entry.execution_hostname = writer.host;
  entry.runner_id = writer.runner_id;
  entry.library_version = std::string(libraryVersion());
  return entry;
}

}  // namespace flamingock::detail
