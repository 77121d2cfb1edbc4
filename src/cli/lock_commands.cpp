// `lock status` and `lock release --force`: the lock item of a key, for a person clearing the lock
// of a runner that died.
#include <memory>

#include "cli/commands.h"
#include "cli/console.h"
#include "flamingock/audit_entry.h"
#include "flamingock/dynamodb/lock_table.h"

namespace flamingock::cli::detail {
namespace {

dynamodb::LockTable lockTable(Context& context) {
  std::optional<dynamodb::LockTable> table = context.service.lockTable(context.settings);
  if (!table) throw Error("lock commands need a DynamoDB audit store");
  return *table;
}

nlohmann::json lockJson(const std::string& key, const std::optional<dynamodb::LockRecord>& lock) {
  nlohmann::json json = {{"key", key},
                         {"held", lock.has_value()},
                         {"owner", nullptr},
                         {"status", nullptr},
                         {"expiresAt", nullptr},
                         {"acquiredAt", nullptr},
                         {"leaseDurationMs", nullptr},
                         {"recordVersionNumber", nullptr}};
  if (lock) {
    json["owner"] = lock->owner;
    json["status"] = lock->status;
    json["expiresAt"] = formatCreatedAt(lock->expires_at);
    if (lock->acquired_at) json["acquiredAt"] = formatCreatedAt(*lock->acquired_at);
    if (lock->lease_duration) json["leaseDurationMs"] = lock->lease_duration->count();
    json["recordVersionNumber"] = lock->record_version_number;
  }
  return json;
}

int showStatus(Context& context, Console& console) {
  std::string key = context.settings.lockKey();
  std::optional<dynamodb::LockRecord> lock = lockTable(context).read(key);
  if (console.json()) {
    console.print(lockJson(key, lock));
  } else if (!lock) {
    console.line("Lock '" + key + "' is free.");
  } else {
    Table table{{"KEY", "OWNER", "STATUS", "EXPIRES AT (UTC, OWNER'S CLOCK)", "ACQUIRED AT (UTC)",
                 "VERSION"}};
    table.rows.push_back({key, lock->owner, lock->status, formatCreatedAt(lock->expires_at),
                          lock->acquired_at ? formatCreatedAt(*lock->acquired_at) : "",
                          lock->record_version_number});
    console.print(table);
  }
  return 0;
}

int forceRelease(Context& context, Console& console, bool force) {
  if (!force) {
    throw UsageError(
        "lock release: refusing without --force: a held lock belongs to a runner that may still "
        "be working; check `lock status`, then run `lock release --force`");
  }
  std::string key = context.settings.lockKey();
  dynamodb::LockTable table = lockTable(context);
  std::optional<dynamodb::LockRecord> lock = table.read(key);
  if (!lock) {
    if (console.json()) {
      console.print(nlohmann::json{{"key", key}, {"released", false}, {"owner", nullptr}});
    } else {
      console.line("Lock '" + key + "' is already free; nothing released.");
    }
    return 0;
  }
  if (!table.forceRelease(*lock)) {
    throw Error("lock '" + key + "' changed while releasing it (it was held by '" + lock->owner +
                "'); nothing released: check `lock status` again");
  }
  if (console.json()) {
    console.print(nlohmann::json{{"key", key}, {"released", true}, {"owner", lock->owner}});
  } else {
    console.line("Lock '" + key + "' released (it was held by '" + lock->owner + "').");
  }
  return 0;
}

}  // namespace

void addLockCommands(CLI::App& app, Context& context) {
  CLI::App* lock = app.add_subcommand("lock", "The distributed lock of the lock key");
  lock->require_subcommand(1);

  CLI::App* status = lock->add_subcommand(
      "status",
      "The lock item (owner, expiry, version) or free. JSON: an object with key, held, owner,\n"
      "status, expiresAt, acquiredAt, leaseDurationMs, recordVersionNumber (null when free).");
  status->callback([&context] {
    context.action = [&context](Console& console) { return showStatus(context, console); };
  });

  auto force = std::make_shared<bool>(false);
  CLI::App* release = lock->add_subcommand(
      "release",
      "Deletes the lock item exactly as read (same owner and version), for a runner that died;\n"
      "a lock that changed meanwhile is left alone. JSON: an object with key, released, owner.");
  release->add_flag("--force", *force, "required: you checked that its owner is gone");
  release->callback([&context, force] {
    context.action = [&context, force](Console& console) {
      return forceRelease(context, console, *force);
    };
  });
}

}  // namespace flamingock::cli::detail
