#include "dynamodb/store/audit_item.h"

#include <chrono>
#include <string>

#include "dynamodb/store/store_schema.h"
#include "flamingock/error.h"
#include "flamingock/metadata.h"

namespace flamingock::dynamodb::detail {
namespace {

// Attribute names, exactly as Flamingock's DynamoDB store maps them.
constexpr char kExecutionId[] = "executionId";
constexpr char kStageId[] = "stageId";
constexpr char kChangeId[] = "changeId";
constexpr char kAuthor[] = "author";
constexpr char kCreatedAt[] = "createdAt";
constexpr char kState[] = "state";
constexpr char kType[] = "type";
constexpr char kInvokedClass[] = "invokedClass";
constexpr char kInvokedMethod[] = "invokedMethod";
constexpr char kSourceFile[] = "sourceFile";
constexpr char kMetadata[] = "metadata";
constexpr char kExecutionMillis[] = "executionMillis";
constexpr char kExecutionHostname[] = "executionHostname";
constexpr char kErrorTrace[] = "errorTrace";
constexpr char kSystemChange[] = "systemChange";
constexpr char kTransactionFlag[] = "transactionFlag";
constexpr char kTxStrategy[] = "txStrategy";
constexpr char kTargetSystemId[] = "targetSystemId";
constexpr char kChangeOrder[] = "changeOrder";
constexpr char kRecoveryStrategy[] = "recoveryStrategy";
constexpr char kChecksum[] = "checksum";
constexpr char kRunnerId[] = "runnerId";
constexpr char kLibraryVersion[] = "libraryVersion";

// Reads one item; errors name the item by its key.
class ItemReader {
 public:
  explicit ItemReader(const Item& item) : item_(item) {
    auto key = item.find(kPartitionKey);
    key_ = key != item.end() && key->second.isString() ? key->second.asString() : "(no key)";
  }

  const std::string& required(const char* name) const {
    auto found = item_.find(name);
    if (found == item_.end() || !found->second.isString()) {
      throw Error("audit item '" + key_ + "' has no string attribute '" + name + "'");
    }
    return found->second.asString();
  }

  std::string optional(const char* name) const {
    auto found = item_.find(name);
    return found != item_.end() && found->second.isString() ? found->second.asString() : "";
  }

  bool flag(const char* name) const {
    auto found = item_.find(name);
    return found != item_.end() && found->second.isBool() && found->second.asBool();
  }

  std::chrono::milliseconds millis(const char* name) const {
    auto found = item_.find(name);
    if (found == item_.end() || !found->second.isNumber()) return std::chrono::milliseconds(0);
    try {
      return std::chrono::milliseconds(found->second.asInt64());
    } catch (const Error&) {
      throw Error("audit item '" + key_ + "' has attribute '" + name +
                  "' that is not a whole number: " + found->second.asNumber());
    }
  }

  template <class Parsed>
  Parsed parsed(const char* name, Parsed (*parse)(std::string_view)) const {
    const std::string& text = required(name);
    try {
      return parse(text);
    } catch (const Error& e) {
      throw Error("audit item '" + key_ + "' has an unreadable '" + name + "': " + e.what());
    }
  }

  const std::string& key() const { return key_; }

 private:
  const Item& item_;
  std::string key_;
};

AttributeValue text(std::string value) { return AttributeValue::string(std::move(value)); }
AttributeValue text(std::string_view value) { return text(std::string(value)); }

// What planning reads (AuditStore::readHistoryForPlanning): the current state's inputs (changeId,
// state, createdAt, txStrategy), drift's (checksum) and a blocked change's report
// (executionHostname, errorTrace); the key names an unreadable item in errors.
constexpr const char* kPlanningAttributes[] = {kPartitionKey,      kChangeId,   kState,
                                               kCreatedAt,         kTxStrategy, kChecksum,
                                               kExecutionHostname, kErrorTrace};

AuditEntry planningFields(const ItemReader& reader) {
  AuditEntry entry;
  entry.change_id = reader.required(kChangeId);
  const std::string& state = reader.required(kState);
  auto parsed_state = parseAuditState(state);
  if (!parsed_state) {
    throw Error("audit item '" + reader.key() + "' has an unknown state '" + state + "'");
  }
  entry.state = *parsed_state;
  entry.created_at = reader.parsed(kCreatedAt, &parseCreatedAt);
  entry.tx_strategy = parseTxStrategy(reader.optional(kTxStrategy)).value_or(TxStrategy::kNonTx);
  entry.checksum = reader.optional(kChecksum);
  entry.execution_hostname = reader.optional(kExecutionHostname);
  entry.error_trace = reader.optional(kErrorTrace);
  return entry;
}

// The change id inside a key `<executionId>#<changeId>#<state>` (a change id may hold '#'); empty
// when the key is not of that form.
std::string changeIdOfKey(std::string_view key) {
  size_t first = key.find('#');
  size_t last = key.rfind('#');
  if (first == std::string_view::npos || last <= first + 1) return "";
  return std::string(key.substr(first + 1, last - first - 1));
}

// An item that cannot be read blocks only its own change: it becomes an entry saying so. Its
// change is named by its changeId, or else by its key. An item that names its change in neither
// cannot be set aside, and stops the read.
template <class Read>
AuditEntry readOrMarkUnreadable(const Item& item, Read read) {
  ItemReader reader(item);
  try {
    return read(reader);
  } catch (const Error& e) {
    AuditEntry entry;
    entry.change_id = reader.optional(kChangeId);
    if (entry.change_id.empty()) entry.change_id = changeIdOfKey(reader.key());
    if (entry.change_id.empty()) throw;
    entry.unreadable_key = reader.key();
    entry.unreadable_reason = e.what();
    return entry;
  }
}

}  // namespace

Item toAuditItem(const AuditEntry& entry) {
  Item item{
      {kPartitionKey, text(entry.partitionKey())},
      {kExecutionId, text(entry.execution_id)},
      {kStageId, text(entry.stage_id)},
      {kChangeId, text(entry.change_id)},
      {kAuthor, text(entry.author)},
      {kCreatedAt, text(formatCreatedAt(entry.created_at))},
      {kState, text(toString(entry.state))},
      {kType, text(toString(entry.type))},
      {kInvokedClass, text(entry.invoked_class)},
      {kInvokedMethod, text(entry.invoked_method)},
      {kMetadata, text(metadataToJson(entry.metadata))},
      {kExecutionMillis, AttributeValue::number(entry.execution_millis.count())},
      {kExecutionHostname, text(entry.execution_hostname)},
      {kErrorTrace, text(entry.error_trace)},
      {kSystemChange, AttributeValue::boolean(entry.system_change)},
      {kTransactionFlag, AttributeValue::boolean(entry.transaction_flag)},
      {kTxStrategy, text(toString(entry.tx_strategy))},
      {kTargetSystemId, text(entry.target_system_id)},
      {kChangeOrder, text(entry.change_order)},
      {kRecoveryStrategy, text(toString(entry.recovery_strategy))},
      {kRunnerId, text(entry.runner_id)},
      {kLibraryVersion, text(entry.library_version)},
  };
  if (!entry.source_file.empty()) item.emplace(kSourceFile, text(entry.source_file));
  if (!entry.checksum.empty()) item.emplace(kChecksum, text(entry.checksum));
  return item;
}

void projectForPlanning(ScanRequest& scan) {
  // Names go through placeholders: `state` is one of DynamoDB's reserved words.
  std::string expression;
  for (const char* name : kPlanningAttributes) {
    std::string placeholder = "#" + std::to_string(scan.expression_attribute_names.size());
    if (!expression.empty()) expression += ", ";
    expression += placeholder;
    scan.expression_attribute_names.emplace(std::move(placeholder), name);
  }
  scan.projection_expression = std::move(expression);
}

AuditEntry fromPlanningItem(const Item& item) {
  return readOrMarkUnreadable(item, &planningFields);
}

AuditEntry fromAuditItem(const Item& item) {
  return readOrMarkUnreadable(item, [](const ItemReader& reader) {
    AuditEntry entry = planningFields(reader);
    entry.execution_id = reader.required(kExecutionId);
    entry.stage_id = reader.optional(kStageId);
    entry.author = reader.optional(kAuthor);
    entry.type = parseChangeType(reader.optional(kType)).value_or(ChangeType::kStandardCode);
    entry.invoked_class = reader.optional(kInvokedClass);
    entry.invoked_method = reader.optional(kInvokedMethod);
    entry.source_file = reader.optional(kSourceFile);
    if (std::string metadata = reader.optional(kMetadata); !metadata.empty()) {
      entry.metadata = reader.parsed(kMetadata, &parseMetadata);
    }
    entry.execution_millis = reader.millis(kExecutionMillis);
    entry.system_change = reader.flag(kSystemChange);
    entry.transaction_flag = reader.flag(kTransactionFlag);
    entry.target_system_id = reader.optional(kTargetSystemId);
    entry.change_order = reader.optional(kChangeOrder);
    entry.recovery_strategy = parseRecoveryStrategy(reader.optional(kRecoveryStrategy))
                                  .value_or(RecoveryStrategy::kManualIntervention);
    entry.runner_id = reader.optional(kRunnerId);
    entry.library_version = reader.optional(kLibraryVersion);
    return entry;
  });
}

}  // namespace flamingock::dynamodb::detail
