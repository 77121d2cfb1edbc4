#include "flamingock/builder.h"

#include <cstdlib>

#include "flamingock/error.h"
#include "pipeline.h"
#include "profiles.h"
#include "validation.h"

namespace flamingock {
namespace {

// Clock::system() lives for the whole program; the pointer shares nothing and frees nothing.
std::shared_ptr<Clock> systemClock() {
  return std::shared_ptr<Clock>(std::shared_ptr<Clock>(), &Clock::system());
}

}  // namespace

FlamingockBuilder::FlamingockBuilder() : pipeline_(std::make_unique<detail::Pipeline>()) {
  pipeline_->clock = systemClock();
  pipeline_->logger = stderrLogger();
}
FlamingockBuilder::FlamingockBuilder(FlamingockBuilder&&) noexcept = default;
FlamingockBuilder& FlamingockBuilder::operator=(FlamingockBuilder&&) noexcept = default;
FlamingockBuilder::~FlamingockBuilder() = default;

FlamingockBuilder& FlamingockBuilder::setAuditStore(std::shared_ptr<AuditStore> store) {
  pipeline_->store = std::move(store);
  return *this;
}

FlamingockBuilder& FlamingockBuilder::addTargetSystems(
    std::initializer_list<std::shared_ptr<TargetSystem>> targets) {
  pipeline_->targets.insert(pipeline_->targets.end(), targets.begin(), targets.end());
  return *this;
}

FlamingockBuilder& FlamingockBuilder::addStage(std::string name) {
  pipeline_->stages.push_back({std::move(name), {}, {}});
  return *this;
}

FlamingockBuilder& FlamingockBuilder::addChange(std::unique_ptr<Change> change) {
  if (pipeline_->stages.empty()) addStage(detail::kDefaultStageName);
  pipeline_->stages.back().changes.push_back(std::move(change));
  return *this;
}

FlamingockBuilder& FlamingockBuilder::addChanges(std::vector<std::unique_ptr<Change>> changes) {
  for (auto& change : changes) addChange(std::move(change));
  return *this;
}

FlamingockBuilder& FlamingockBuilder::withMetadata(Metadata metadata) {
  pipeline_->metadata = std::move(metadata);
  return *this;
}

FlamingockBuilder& FlamingockBuilder::addMetadata(std::string key, std::string value) {
  pipeline_->metadata[std::move(key)] = std::move(value);
  return *this;
}

FlamingockBuilder& FlamingockBuilder::setEnabled(bool enabled) {
  enabled_ = enabled;
  return *this;
}

FlamingockBuilder& FlamingockBuilder::setDryRun(bool dry_run) {
  pipeline_->dry_run = dry_run;
  return *this;
}

FlamingockBuilder& FlamingockBuilder::setDriftAllowed(bool allowed) {
  pipeline_->drift_allowed = allowed;
  return *this;
}

FlamingockBuilder& FlamingockBuilder::setBackgroundWorkers(bool enabled) {
  pipeline_->background_workers = enabled;
  return *this;
}

FlamingockBuilder& FlamingockBuilder::setValidationOnly(bool validation_only) {
  pipeline_->validation_only = validation_only;
  return *this;
}

FlamingockBuilder& FlamingockBuilder::setActiveProfiles(std::vector<std::string> profiles) {
  for (const std::string& name : profiles) {
    if (auto problem = detail::profileNameProblem(name)) {
      throw OptionError("setActiveProfiles: " + *problem);
    }
  }
  pipeline_->active_profiles = std::move(profiles);
  profiles_set_ = true;
  return *this;
}

FlamingockBuilder& FlamingockBuilder::setLockOptions(LockOptions options) {
  pipeline_->lock = std::move(options);
  return *this;
}

const LockOptions& FlamingockBuilder::lockOptions() const { return pipeline_->lock; }

const std::shared_ptr<AuditStore>& FlamingockBuilder::auditStore() const {
  return pipeline_->store;
}

FlamingockBuilder& FlamingockBuilder::addListener(std::shared_ptr<Listener> listener) {
  if (listener) pipeline_->listeners.push_back(std::move(listener));
  return *this;
}

FlamingockBuilder& FlamingockBuilder::setClock(std::shared_ptr<Clock> clock) {
  pipeline_->clock = clock ? std::move(clock) : systemClock();
  return *this;
}

FlamingockBuilder& FlamingockBuilder::setLogger(std::shared_ptr<Logger> logger) {
  pipeline_->logger = std::move(logger);
  logger_chosen_ = true;
  return *this;
}

Runner FlamingockBuilder::build() {
  bool enabled = enabled_;
  if (enabled && !profiles_set_) {
    const char* variable = std::getenv(detail::kActiveProfilesVariable);
    try {
      pipeline_->active_profiles = parseProfileList(variable ? variable : "");
    } catch (const OptionError& e) {
      throw OptionError(std::string(detail::kActiveProfilesVariable) + ": " + e.what());
    }
  }
  std::unique_ptr<detail::Pipeline> pipeline = std::move(pipeline_);
  *this = FlamingockBuilder();
  if (!enabled) return Runner(nullptr);
  detail::validateAndResolve(*pipeline);
  return Runner(std::move(pipeline));
}

}  // namespace flamingock
