#include "validation.h"

#include <algorithm>
#include <map>
#include <set>

#include "flamingock/error.h"
#include "profiles.h"

namespace flamingock::detail {
namespace {

// An audit entry's key holds the change id next to a UUID and a state: well within DynamoDB's
// 2048-byte partition key.
constexpr std::size_t kMaxChangeIdBytes = 1024;
// How much of an overlong id a message quotes.
constexpr std::size_t kQuotedIdBytes = 64;

std::string quotedList(const std::vector<std::shared_ptr<TargetSystem>>& targets) {
  std::string list;
  for (const auto& target : targets) {
    if (!target) continue;
    list += (list.empty() ? "'" : ", '") + target->id() + "'";
  }
  return list.empty() ? "none" : list;
}

std::string inMs(std::chrono::milliseconds duration) {
  return std::to_string(duration.count()) + " ms";
}

class Validator {
 public:
  explicit Validator(Pipeline& pipeline) : pipeline_(pipeline) {}

  std::vector<std::string> run() {
    if (!pipeline_.store) problems_.push_back("no audit store: call setAuditStore");
    for (std::string& problem : lockOptionsProblems(pipeline_.lock)) {
      problems_.push_back(std::move(problem));
    }
    checkTargets();
    std::set<std::string> stage_names;
    for (Stage& stage : pipeline_.stages) {
      if (!stage_names.insert(stage.name).second) {
        problems_.push_back("stage name '" + stage.name + "' is used by more than one stage");
      }
      checkStage(stage);
    }
    checkBackground();
    for (const auto& [id, count] : id_counts_) {
      if (count > 1) {
        problems_.push_back("change id '" + id + "' is used by " + std::to_string(count) +
                            " changes");
      }
    }
    return std::move(problems_);
  }

 private:
  void checkTargets() {
    std::set<std::string> ids;
    for (const auto& target : pipeline_.targets) {
      if (!target) {
        problems_.push_back("a null target system was registered");
      } else if (!ids.insert(target->id()).second) {
        problems_.push_back("target system id '" + target->id() + "' is registered twice");
      } else if (target->id().empty()) {
        problems_.push_back("a target system has an empty id");
      }
    }
  }

  void checkStage(Stage& stage) {
    if (stage.name.empty()) problems_.push_back("a stage has an empty name");
    std::map<std::string, std::vector<std::string>> ids_by_order;
    stage.resolved.clear();
    for (std::size_t i = 0; i < stage.changes.size(); ++i) {
      Change* change = stage.changes[i].get();
      if (change == nullptr) {
        problems_.push_back("change #" + std::to_string(i + 1) + " of stage '" + stage.name +
                            "' is null");
        continue;
      }
      ResolvedChange resolved{change,           change->info(), change->checksum(),
                              change->origin(), nullptr,        stage.name};
      std::string name = describe(resolved, i, stage.name);
      if (resolved.info.id.empty()) {
        problems_.push_back(name + " has an empty id");
      } else if (resolved.info.id.size() > kMaxChangeIdBytes) {
        problems_.push_back("change id '" + resolved.info.id.substr(0, kQuotedIdBytes) +
                            "...' is " + std::to_string(resolved.info.id.size()) +
                            " bytes long, more than " + std::to_string(kMaxChangeIdBytes) +
                            " (it is part of audit keys)");
      } else {
        ++id_counts_[resolved.info.id];
      }
      if (resolved.info.order.empty())
        problems_.push_back(name + " has no order");
      else
        ids_by_order[resolved.info.order].push_back(name);
      for (const std::string& expression : resolved.info.profiles) {
        if (auto problem = profileExpressionProblem(expression)) {
          problems_.push_back(name + ": " + *problem);
        }
      }
      resolved.target = resolveTarget(resolved.info, name);
      checkTransactional(resolved, name);
      stage.resolved.push_back(std::move(resolved));
    }
    for (const auto& [order, names] : ids_by_order) {
      if (names.size() < 2) continue;
      std::string list;
      for (const std::string& name : names) list += (list.empty() ? "" : " and ") + name;
      problems_.push_back("order '" + order + "' is used by " + list + " in stage '" + stage.name +
                          "'");
    }
    std::stable_sort(stage.resolved.begin(), stage.resolved.end(),
                     [](const ResolvedChange& a, const ResolvedChange& b) {
                       return a.info.order < b.info.order;
                     });
  }

  static std::string describe(const ResolvedChange& change, std::size_t index,
                              const std::string& stage) {
    if (!change.info.id.empty()) return "change '" + change.info.id + "'";
    return "change #" + std::to_string(index + 1) + " of stage '" + stage + "' (" +
           typeName(typeid(*change.change)) + ")";
  }

  TargetSystem* resolveTarget(const ChangeInfo& info, const std::string& name) {
    const auto& targets = pipeline_.targets;
    if (info.target_system_id.empty()) {
      if (targets.size() == 1) return targets.front().get();
      if (targets.size() > 1) {
        problems_.push_back(name + " names no target system and several are registered (" +
                            quotedList(targets) + "): set target_system_id");
      }
      return nullptr;
    }
    auto found = std::find_if(targets.begin(), targets.end(), [&](const auto& target) {
      return target && target->id() == info.target_system_id;
    });
    if (found == targets.end()) {
      problems_.push_back(name + " targets '" + info.target_system_id +
                          "', which is not registered (registered: " + quotedList(targets) + ")");
      return nullptr;
    }
    return found->get();
  }

  void checkTransactional(const ResolvedChange& change, const std::string& name) {
    if (!change.info.transactional) return;
    if (change.target == nullptr) {
      if (change.info.target_system_id.empty() && pipeline_.targets.empty()) {
        problems_.push_back(name + " is transactional but no target system is registered");
      }
    } else if (!change.target->supportsTransactions()) {
      problems_.push_back(name + " is transactional but target system '" + change.target->id() +
                          "' does not support transactions");
    } else if (pipeline_.store && !pipeline_.store->canCommitTransactionsOf(*change.target)) {
      problems_.push_back(name +
                          " is transactional but the audit store cannot commit "
                          "transactions of target system '" +
                          change.target->id() + "'");
    }
  }

  // A background change is one job the store keeps; a change may need only background changes
  // that come before it, in the order changes run.
  void checkBackground() {
    std::set<std::string> earlier_background;
    for (const Stage& stage : pipeline_.stages) {
      for (const ResolvedChange& change : stage.resolved) {
        std::string name = "change '" + change.info.id + "'";
        for (const std::string& needed : change.info.needs) {
          if (!earlier_background.contains(needed)) {
            problems_.push_back(name + " requires '" + needed +
                                "', which is not an earlier background change");
          }
        }
        if (!change.info.background) continue;
        earlier_background.insert(change.info.id);
        if (change.info.transactional) {
          problems_.push_back(name +
                              " is background and transactional: its job writes outside "
                              "any transaction; declare it non-transactional");
        }
        if (pipeline_.store && pipeline_.store->jobStore() == nullptr) {
          problems_.push_back(name + " is background, but the audit store keeps no jobs");
        }
      }
    }
  }

  Pipeline& pipeline_;
  std::vector<std::string> problems_;
  std::map<std::string, int> id_counts_;
};

}  // namespace

void validateAndResolve(Pipeline& pipeline) {
  std::vector<std::string> problems = Validator(pipeline).run();
  if (!problems.empty()) throw ValidationError(std::move(problems));
}

std::vector<std::string> lockOptionsProblems(const LockOptions& options) {
  std::vector<std::string> problems;
  if (options.key.empty()) problems.push_back("LockOptions::key is empty: name the lock");
  if (options.lease_duration.count() <= 0) {
    problems.push_back("LockOptions::lease_duration must be positive, not " +
                       inMs(options.lease_duration));
  }
  if (options.heartbeat_interval.count() <= 0) {
    problems.push_back("LockOptions::heartbeat_interval must be positive, not " +
                       inMs(options.heartbeat_interval));
  } else if (options.heartbeat_interval >= options.lease_duration &&
             options.lease_duration.count() > 0) {
    problems.push_back("LockOptions::heartbeat_interval (" + inMs(options.heartbeat_interval) +
                       ") must be shorter than lease_duration (" + inMs(options.lease_duration) +
                       "): a heartbeat must renew the lease well before it runs out");
  }
  if (options.acquire_timeout.count() < 0) {
    problems.push_back("LockOptions::acquire_timeout must not be negative, not " +
                       inMs(options.acquire_timeout));
  }
  if (options.retry_interval.count() <= 0) {
    problems.push_back("LockOptions::retry_interval must be positive, not " +
                       inMs(options.retry_interval));
  }
  return problems;
}

void validateLockOptions(const LockOptions& options) {
  std::vector<std::string> problems = lockOptionsProblems(options);
  if (problems.empty()) return;
  std::string message = "invalid lock options: " + problems.front();
  for (std::size_t i = 1; i < problems.size(); ++i) message += "; " + problems[i];
  throw ConfigurationError(message);
}

}  // namespace flamingock::detail
