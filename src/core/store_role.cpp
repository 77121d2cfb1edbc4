#include "flamingock/store_role.h"

namespace flamingock {

std::optional<std::string> StoreRole::writesElsewhere() const {
  if (kind == Kind::kFollower) return home;
  return std::nullopt;
}

std::string StoreRole::describe() const {
  switch (kind) {
    case Kind::kHome:
      return "home Region " + home;
    case Kind::kFollower:
      return "follower of home Region " + home + " (this Region " + here + ")";
    case Kind::kAnywhere:
      return "any Region (strong consistency)";
    case Kind::kSingle:
      break;
  }
  return "single Region";
}

}  // namespace flamingock
