#include "cli/store_role_view.h"

namespace flamingock::cli::detail {
namespace {

const char* kindName(StoreRole::Kind kind) {
  switch (kind) {
    case StoreRole::Kind::kHome:
      return "home";
    case StoreRole::Kind::kFollower:
      return "follower";
    case StoreRole::Kind::kAnywhere:
      return "any";
    case StoreRole::Kind::kSingle:
      break;
  }
  return "single";
}

}  // namespace

nlohmann::json storeRoleJson(const StoreRole& role) {
  return {{"kind", kindName(role.kind)},
          {"region", role.here},
          {"homeRegion", role.home.empty() ? nlohmann::json() : nlohmann::json(role.home)}};
}

std::string storeRoleLine(const StoreRole& role) {
  switch (role.kind) {
    case StoreRole::Kind::kSingle:
      return "";
    case StoreRole::Kind::kFollower:
      return "This Region: " + role.describe() +
             "; runs here write nothing and wait for its changes.";
    case StoreRole::Kind::kHome:
    case StoreRole::Kind::kAnywhere:
      break;
  }
  return "This Region: " + role.describe() + "; runs here apply changes.";
}

}  // namespace flamingock::cli::detail
