#include "change_entry.h"

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

}  // namespace flamingock::detail
