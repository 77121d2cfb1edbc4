// `lock status` and `lock release --force`: the lock of a key as its store holds it, for a person
// clearing the lock of a runner that died.
#include <chrono>
#include <memory>
#include <optional>
#include <string>

#include "cli/commands.h"
#include "cli/console.h"
#include "cli/store_role_view.h"
#include "flamingock/administration.h"
#include "flamingock/audit_entry.h"

namespace flamingock::cli::detail {
namespace {

Administration administration(Context& context) {
  return Administration(context.service.auditStore(context.settings));
}

std::string timeText(const std::optional<std::chrono::system_clock::time_point>& time) {
  return time ? formatCreatedAt(*time) : "";
}

nlohmann::json lockJson(const std::string& key, const std::optional<LockDescription>& lock) {
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
    if (lock->expires_at) json["expiresAt"] = formatCreatedAt(*lock->expires_at);
    if (lock->acquired_at) json["acquiredAt"] = formatCreatedAt(*lock->acquired_at);
    if (lock->lease_duration) json["leaseDurationMs"] = lock->lease_duration->count();
    if (!lock->version.empty()) json["recordVersionNumber"] = lock->version;
  }
  return json;
}

int showStatus(Context& context, Console& console) {
  std::string key = context.settings.lockKey();
  std::optional<LockDescription> lock = administration(context).lockStatus(key);
  StoreRole role = context.service.auditStore(context.settings)->role();
  if (console.json()) {
    nlohmann::json json = lockJson(key, lock);
    json["storeRole"] = storeRoleJson(role);
    console.print(json);
    return 0;
  }
  if (std::string line = storeRoleLine(role); !line.empty()) console.line(line);
  if (!lock) {
    console.line("Lock '" + key + "' is free.");
  } else {
    Table table{{"KEY", "OWNER", "STATUS", "EXPIRES AT (UTC, OWNER'S CLOCK)", "ACQUIRED AT (UTC)",
                 "VERSION"}};
    table.rows.push_back({key, lock->owner, lock->status, timeText(lock->expires_at),
                          timeText(lock->acquired_at), lock->version});
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
  Administration admin = administration(context);
  std::optional<LockDescription> lock = admin.lockStatus(key);
  if (!lock) {
    if (console.json()) {
      console.print(nlohmann::json{{"key", key}, {"released", false}, {"owner", nullptr}});
    } else {
      console.line("Lock '" + key + "' is already free; nothing released.");
    }
    return 0;
  }
  if (!admin.forceReleaseLock(*lock)) {
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
      "status, expiresAt, acquiredAt, leaseDurationMs, recordVersionNumber (null when free or\n"
      "when the store keeps none: the in-memory store's lock has no lease and no version), and\n"
      "storeRole (kind: single, home, follower or any; region; homeRegion).");
  setAction(*status, context,
            [&context](Console& console) { return showStatus(context, console); });

  auto force = std::make_shared<bool>(false);
  CLI::App* release = lock->add_subcommand(
      "release",
      "Deletes the lock item exactly as read (same owner and version), for a runner that died;\n"
      "a lock that changed meanwhile is left alone. JSON: an object with key, released, owner.");
  release->add_flag("--force", *force, "required: you checked that its owner is gone");
  setAction(*release, context,
            [&context, force](Console& console) { return forceRelease(context, console, *force); });
}

}  // namespace flamingock::cli::detail
