#include "dynamodb/store/fenced_write.h"

#include "dynamodb/store/audit_item.h"
#include "dynamodb/store/lock_item.h"
#include "dynamodb/store/store_schema.h"
#include "flamingock/error.h"

namespace flamingock::dynamodb::detail {
namespace {

constexpr char kNotWrittenYet[] = "attribute_not_exists(partitionKey)";
constexpr char kConditionalCheckFailed[] = "ConditionalCheckFailed";

// "action 2: ConditionalCheckFailed (...)" for each action that was refused.
std::string describeReasons(const std::vector<CancellationReason>& reasons) {
  std::string text;
  for (std::size_t i = 0; i < reasons.size(); ++i) {
    if (reasons[i].code == "None") continue;
    if (!text.empty()) text += "; ";
    text += "action " + std::to_string(i + 1) + ": " + reasons[i].code;
    if (!reasons[i].message.empty()) text += " (" + reasons[i].message + ")";
  }
  return text.empty() ? "no reason given" : text;
}

bool refused(const std::vector<CancellationReason>& reasons, std::size_t index) {
  return reasons.size() > index && reasons[index].code == kConditionalCheckFailed;
}

}  // namespace

bool FencedWrite::send(std::vector<TransactWriteItem> actions, std::string token,
                       const std::string& subject, const std::optional<std::string>& absent_key) {
  std::optional<std::size_t> absent_index;
  if (absent_key) {
    absent_index = actions.size();
    actions.push_back(ConditionCheck{.table_name = options_.audit_table_name,
                                     .key = {{kPartitionKey, AttributeValue::string(*absent_key)}},
                                     .condition_expression = kNotWrittenYet});
  }
  std::size_t audit_index = actions.size();
  actions.push_back(Put{.table_name = options_.audit_table_name,
                        .item = toAuditItem(entry_),
                        .condition_expression = kNotWrittenYet});
  std::size_t lock_index = actions.size();
  actions.push_back(fenceCheck(options_.lock_table_name, fence_));
  try {
    client_.transactWriteItems(
        {.transact_items = std::move(actions), .client_request_token = std::move(token)});
    return true;
  } catch (const DynamoDBError& e) {
    if (e.code() != ErrorCode::kTransactionCanceled) {
      // The error may follow an attempt whose answer was lost.
      if (alreadyWritten(subject, e.what())) return true;
      throw Error("could not write " + subject + ": " + e.what());
    }
    // A cancelled transaction wrote nothing; only an earlier attempt of it may have.
    const auto& reasons = e.cancellationReasons();
    if (refused(reasons, audit_index) && alreadyWritten(subject, e.what())) return true;
    if (absent_index && refused(reasons, *absent_index)) return false;
    // Only a full list of reasons tells which action was the lock check.
    if (reasons.size() == lock_index + 1 && refused(reasons, lock_index)) {
      throw LockLostError("lock '" + fence_.lock_key + "' in table '" + options_.lock_table_name +
                          "' is no longer held by '" + fence_.owner + "': refused to write " +
                          subject);
    }
    // An earlier attempt may have landed before this one met a conflict.
    if (!refused(reasons, audit_index) && alreadyWritten(subject, e.what())) return true;
    throw Error("could not write " + subject +
                ": transaction cancelled: " + describeReasons(reasons));
  } catch (const NetworkError& e) {
    if (alreadyWritten(subject, e.what())) return true;
    throw;
  }
}

bool FencedWrite::alreadyWritten(const std::string& subject, const std::string& lost) const {
  GetItemResult got;
  try {
    got = client_.getItem({.table_name = options_.audit_table_name,
                           .key = {{kPartitionKey, AttributeValue::string(entry_.partitionKey())}},
                           .consistent_read = true});
  } catch (const std::exception& e) {
    throw OutcomeUnknownError("the outcome of writing " + subject + " is unknown: " + lost +
                              "; reading '" + entry_.partitionKey() +
                              "' back failed too: " + e.what());
  }
  if (!got.item) return false;
  auto runner = got.item->find("runnerId");
  return runner != got.item->end() && runner->second.isString() &&
         runner->second.asString() == entry_.runner_id;
}

}  // namespace flamingock::dynamodb::detail
