// The part this place plays when an audit store's log is replicated between places (cloud
// Regions): which runs may write, and which only wait for what is written elsewhere.
//
//   StoreRole role = store.role();
//   if (auto home = role.writesElsewhere()) { /* a read-only replica: the writes are made at *home
//   */ } logger.log({LogLevel::kInfo, "this Region: " + role.describe()});
//
// For DynamoDB global tables see docs/operations.md#several-regions. Background work that writes
// (SPEC §13's job workers) asks the same: it runs only where `writesElsewhere()` is none.
#pragma once

#include <optional>
#include <string>

namespace flamingock {

struct StoreRole {
  enum class Kind {
    kSingle,    // the log is not replicated: runs are as usual
    kHome,      // replicated, and the writes are made here: runs are as usual
    kFollower,  // replicated, and the writes are made at `home`: runs here write nothing
    kAnywhere,  // replicated with strong consistency: conditional writes hold everywhere
  };
  Kind kind = Kind::kSingle;
  std::string here;  // this store's place ("eu-west-1"); may be empty for kSingle
  std::string home;  // where the writes are made; set for kHome and kFollower

  // `home` for a follower; none where runs may write.
  std::optional<std::string> writesElsewhere() const;
  // For reports: "single Region", "home Region us-east-1", "follower of home Region us-east-1
  // (this Region eu-west-1)", "any Region (strong consistency)".
  std::string describe() const;

  friend bool operator==(const StoreRole&, const StoreRole&) = default;
};

}  // namespace flamingock
